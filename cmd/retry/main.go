// Retry runs a command, and runs it again each time it fails, waiting
// longer after each failure, until it succeeds or its retry policy gives
// up. It is a thin shell around the Attempts loop of package
// github.com/stamina-go/retry, and the quickest way to watch it work.
//
// Usage:
//
//	retry [flags] [--] command [argument ...]
//
// For example, to fetch a page with up to five attempts:
//
//	retry -attempts 5 -- curl -fsS https://example.test
//
// The command's standard input, output and error are the retry command's
// own, untouched. Each scheduled retry is logged to standard error as one
// line, through log/slog, in text or JSON. SIGINT and SIGTERM are passed
// on to the running command and stop any further attempt.
//
// Retry exits with the last attempt's exit status, or with a status of its
// own: 2 for bad usage, 124 when the -timeout budget runs out, 126 when
// the command cannot be run and 127 when it is not found. A command killed
// by signal n exits 128+n, as in a shell. Run retry -h for every flag.
package main

// BUG(retry): Ctrl-C at a terminal sends SIGINT to retry and to the command
// alike, as both are in the terminal's foreground process group; retry
// passes it on, so the command receives it twice. Programs that take a
// second SIGINT as a demand to quit at once will do so. Retry cannot tell
// a signal from the terminal from one sent to it alone.

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/stamina-go/retry"
)

func main() {
	// The command logs retries through a hook of its own policy, in the
	// format that -log asks for; the default global hook would log each of
	// them a second time.
	retry.SetHooks()

	signals := make(chan os.Signal, 4)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr, signals))
}

// run parses args, runs the command they name with retries, and returns
// the status to exit with. The first signal received on signals stops the
// retries and is passed on to the running command, as are the ones after
// it. Retries are logged to stderr; the command's streams are stdin,
// stdout and stderr.
//
// run expects the global hooks to be off (see [retry.SetHooks]), or each
// retry is logged twice.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer,
	signals <-chan os.Signal) int {
	cfg, err := parseArgs(args)
	switch {
	case err == errHelp:
		printUsage(stdout)
		return 0
	case err != nil:
		io.WriteString(stderr, "retry: "+err.Error()+"\n")
		printUsage(stderr)
		return statusUsage
	}

	r := &runner{cfg: cfg, stdin: stdin, stdout: stdout, stderr: stderr}
	return r.run(ctx, signals)
}

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
)

// statusUsage is the exit status for bad usage.
const statusUsage = 2

// errHelp is returned by parseArgs for -h and -help.
var errHelp = flag.ErrHelp

// defaultKillAfter is how long a command has to exit after SIGTERM before
// it is killed, unless -kill-after says otherwise.
const defaultKillAfter = 10 * time.Second

// A config is what the command line asks for.
type config struct {
	attempts       int           // retry.Policy.Attempts
	timeout        time.Duration // retry.Policy.Timeout
	timeoutSet     bool          // -timeout was given
	attemptTimeout time.Duration // retry.Policy.AttemptTimeout
	backoff        backoff.Exponential
	codes          codes  // the exit statuses worth another attempt
	name           string // retry.Policy.Name
	log            string // "text" or "json"
	quiet          bool
	killAfter      time.Duration // from SIGTERM to SIGKILL; 0: never
	argv           []string      // the command and its arguments
}

// newConfig returns the config of a command line with no flags.
func newConfig() *config {
	return &config{
		attempts:  retry.DefaultAttempts,
		timeout:   retry.DefaultTimeout,
		backoff:   backoff.Default,
		log:       "text",
		killAfter: defaultKillAfter,
	}
}

// flagSet returns the flags of the command, bound to c's fields.
func (c *config) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("retry", flag.ContinueOnError)
	fs.Var(&countValue{&c.attempts}, "attempts",
		"the most attempts to make, the first included; 0 means 10, and\n"+
			"`n` may be unlimited (or -1) to retry until -timeout")
	fs.Var(&durationValue{&c.timeout, true}, "timeout",
		"the time budget of the whole run, a `duration`: no retry starts\n"+
			"after it, and an attempt still running then is stopped (exit\n"+
			"status 124); unlimited (or -1) means none. Without this flag\n"+
			"the budget is 45s, and a running attempt is never stopped")
	fs.Var(&durationValue{&c.attemptTimeout, false}, "attempt-timeout",
		"stop an attempt that runs longer than this `duration` (SIGTERM,\n"+
			"then SIGKILL after -kill-after); such an attempt is retried\n"+
			"whatever -on says; 0 means no limit")
	fs.Var(&durationValue{&c.killAfter, false}, "kill-after",
		"the `duration` a command has to exit once asked to stop (by a\n"+
			"timeout, or a signal passed on), before it is killed; 0 means\n"+
			"it is never killed")
	fs.Var(&durationValue{&c.backoff.Initial, false}, "initial",
		"the `duration` to wait after the first failure, before jitter")
	fs.Var(&durationValue{&c.backoff.Max, false}, "max",
		"the longest `duration` to wait, jitter included")
	fs.Var(&durationValue{&c.backoff.Jitter, false}, "jitter",
		"the most random `duration` added to each wait; 0 for none")
	fs.Float64Var(&c.backoff.Base, "base", c.backoff.Base,
		"the `factor` by which the wait grows after each failure")
	fs.Var(&c.codes, "on",
		"the exit statuses worth another attempt, as a comma-separated\n"+
			"`list` of statuses and ranges, such as 1,75 or 1-125;\n"+
			"any (the default) means every non-zero status")
	fs.Var(&c.codes, "codes", "the same as -on, a `list`")
	fs.StringVar(&c.name, "name", "",
		"the `name` of the policy in the logs (default: the command's base name)")
	fs.StringVar(&c.log, "log", c.log, "the `format` of the retry logs: text or json")
	fs.BoolVar(&c.quiet, "q", false, "quiet: log no retries")
	return fs
}

// oneLine escapes line breaks.
var oneLine = strings.NewReplacer("\n", `\n`, "\r", `\r`)

// parseArgs parses the command line (without the program's name) into a
// config, or returns a one-line error that says what is wrong, or errHelp.
func parseArgs(args []string) (*config, error) {
	c := newConfig()
	fs := c.flagSet()
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if err == errHelp {
			return nil, err
		}
		// The error quotes flag names as given, line breaks and all.
		return nil, errors.New(oneLine.Replace(err.Error()))
	}

	fs.Visit(func(f *flag.Flag) { c.timeoutSet = c.timeoutSet || f.Name == "timeout" })
	c.argv = fs.Args()
	if len(c.argv) == 0 {
		return nil, errors.New("no command to run; name one after the flags")
	}
	if c.name == "" {
		c.name = filepath.Base(c.argv[0])
	}
	if c.log != "text" && c.log != "json" {
		return nil, fmt.Errorf("-log is %q; use text or json", c.log)
	}
	if c.killAfter < 0 {
		return nil, fmt.Errorf("-kill-after is %v; use a positive duration, or 0 for never",
			c.killAfter)
	}
	if err := c.backoff.Validate(); err != nil {
		return nil, fmt.Errorf("invalid backoff (-initial, -max, -jitter, -base): %w", err)
	}
	if err := c.policy(retry.OnAny).Validate(); err != nil {
		msg := strings.TrimPrefix(err.Error(), retry.ErrInvalidPolicy.Error()+": ")
		return nil, fmt.Errorf("invalid policy (-attempts, -timeout, -attempt-timeout): %s", msg)
	}
	return c, nil
}

// policy returns the policy that c asks for, retrying the errors that on
// accepts, with no hooks.
func (c *config) policy(on func(error) bool) retry.Policy {
	return retry.Policy{
		On:             on,
		Attempts:       c.attempts,
		Timeout:        c.timeout,
		Backoff:        c.backoff,
		AttemptTimeout: c.attemptTimeout,
		Name:           c.name,
	}
}

// total returns the time after which a running attempt is stopped, or 0
// for none: the -timeout budget, when it is given. The default budget
// only keeps retries from starting, as in the library, so that a long
// command is not killed by a limit nobody asked for.
func (c *config) total() time.Duration {
	if !c.timeoutSet {
		return 0
	}
	switch c.timeout {
	case 0:
		return retry.DefaultTimeout
	case retry.Unlimited:
		return 0
	}
	return c.timeout
}

// unlimited is how the command line spells retry.Unlimited.
const unlimited = "unlimited"

// countValue is a flag.Value for an attempt count that may be unlimited.
type countValue struct{ n *int }

func (v *countValue) String() string {
	switch {
	case v.n == nil:
		return ""
	case *v.n == retry.Unlimited:
		return unlimited
	}
	return strconv.Itoa(*v.n)
}

func (v *countValue) Set(s string) error {
	if s == unlimited {
		*v.n = retry.Unlimited
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return errors.New("not a whole number; use a count such as 5, or unlimited")
	}
	*v.n = n
	return nil
}

// durationValue is a flag.Value for a duration, which may be unlimited
// if the flag allows it.
type durationValue struct {
	d         *time.Duration
	unlimited bool // "unlimited" and "-1" mean retry.Unlimited
}

func (v *durationValue) String() string {
	switch {
	case v.d == nil:
		return "0s" // the zero value, which the usage does not show
	case v.unlimited && *v.d == retry.Unlimited:
		return unlimited
	}
	return v.d.String()
}

func (v *durationValue) Set(s string) error {
	if v.unlimited && (s == unlimited || s == "-1") {
		*v.d = retry.Unlimited
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		if v.unlimited {
			return errors.New("not a duration; use a number with a unit, such as 500ms or 2m, or unlimited")
		}
		return errors.New("not a duration; use a number with a unit, such as 500ms or 2m")
	}
	*v.d = d
	return nil
}

const usageHead = `Usage: retry [flags] [--] command [argument ...]

Retry runs command, and runs it again each time it fails, waiting longer
after each failure, until it succeeds or the policy below gives up. The
wait before retry n is min(max, initial * base^(n-1) + random[0, jitter]).
The command's standard input, output and error are retry's own. Each
retry is logged as one line on standard error. SIGINT and SIGTERM are
passed on to the running command and stop any further attempt.

Examples:
  retry -attempts 5 -- curl -fsS https://example.test
  retry -on 75 -timeout 10m -max 1m -- rsync -a src/ backup:src/
  retry -attempts unlimited -timeout 2m -attempt-timeout 5s -q -- pg_isready

Flags:
`

const usageTail = `
Exit status:
  0        the command succeeded
  n        the last attempt exited with status n
  128+n    the last attempt was killed by signal n (143: SIGTERM, after
           -attempt-timeout; 137: SIGKILL, after -kill-after), or retry was
           stopped by signal n while it waited to retry
  124      the -timeout budget ran out before the command succeeded
  126      the command cannot be run (permission denied, say)
  127      the command was not found
  2        bad usage
Statuses of retry's own can also be the command's.
`

// printUsage writes the usage, with examples and exit statuses, to w.
func printUsage(w io.Writer) {
	fs := newConfig().flagSet()
	io.WriteString(w, usageHead)
	fs.SetOutput(w)
	fs.PrintDefaults()
	io.WriteString(w, usageTail)
}

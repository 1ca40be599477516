//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// binary is the path of the command under test, built by TestMain.
var binary string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

// buildAndRun builds the command once, as users build it, into a
// temporary directory, and runs the tests against it.
func buildAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "retry-cmd-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)

	binary = filepath.Join(dir, "retry")
	args := []string{"build", "-o", binary}
	if raceEnabled {
		args = append(args, "-race")
		// By default a program built with -race sleeps 1s before it exits.
		os.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	}
	build := exec.Command("go", append(args, ".")...)
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the retry command:", err)
		return 1
	}
	return m.Run()
}

// fast are flags that keep the waits between attempts short.
var fast = []string{"-initial", "1ms", "-max", "5ms", "-jitter", "0"}

// A result is how a run of the command ended.
type result struct {
	status         int
	stdout, stderr string
}

// retries returns the number of retries logged in r.stderr.
func (r result) retries() int { return strings.Count(r.stderr, `msg="retry scheduled"`) }

// runRetry runs the command with args and stdin, and returns its result.
func runRetry(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("running retry %q: %v", args, err)
	}
	return result{cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()}
}

// flaky returns the command line of a shell command that, the first fails
// times it runs, runs fail (such as "exit 3"), and that succeeds after.
// It counts its runs in the file counter.
func flaky(counter string, fails int, fail string) []string {
	script := `n=$(($(cat "$1" 2>/dev/null || echo 0) + 1)); echo $n >"$1"; ` +
		fmt.Sprintf(`if [ $n -le %d ]; then %s; fi`, fails, fail)
	return []string{"sh", "-c", script, "sh", counter}
}

// runs returns the number of runs counted in counter, 0 if it was never
// written.
func runs(t *testing.T, counter string) int {
	t.Helper()
	b, err := os.ReadFile(counter)
	if errors.Is(err, os.ErrNotExist) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("counter %q: %v", b, err)
	}
	return n
}

func args(flags []string, command ...string) []string {
	return append(append(append([]string(nil), flags...), "--"), command...)
}

func TestStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		flags   []string
		fails   int
		fail    string
		want    int // exit status
		runs    int
		retries int
		reason  string
	}{
		{name: "success", fails: 0, fail: "exit 3", want: 0, runs: 1},
		{name: "fails twice then succeeds", fails: 2, fail: "exit 3", want: 0, runs: 3, retries: 2},
		{name: "attempts run out", flags: []string{"-attempts", "3"}, fails: 99, fail: "exit 1",
			want: 1, runs: 3, retries: 2},
		{name: "last status", flags: []string{"-attempts", "2"}, fails: 99, fail: "exit 7",
			want: 7, runs: 2, retries: 1},
		{name: "default attempts", fails: 99, fail: "exit 1", want: 1, runs: 10, retries: 9,
			reason: "-attempts defaults to the library's 10"},
		{name: "zero attempts", flags: []string{"-attempts", "0"}, fails: 99, fail: "exit 1",
			want: 1, runs: 10, retries: 9, reason: "0 means the default"},
		{name: "unlimited attempts", flags: []string{"-attempts", "unlimited"}, fails: 11,
			fail: "exit 1", want: 0, runs: 12, retries: 11},
		{name: "-1 attempts", flags: []string{"-attempts", "-1"}, fails: 11,
			fail: "exit 1", want: 0, runs: 12, retries: 11},
		{name: "status not in -on", flags: []string{"-on", "1,75"}, fails: 2, fail: "exit 3",
			want: 3, runs: 1, reason: "only the statuses listed are retried"},
		{name: "status in -on", flags: []string{"-on", "1,75"}, fails: 2, fail: "exit 75",
			want: 0, runs: 3, retries: 2},
		{name: "status in a range of -on", flags: []string{"-on", "70-80"}, fails: 1, fail: "exit 75",
			want: 0, runs: 2, retries: 1},
		{name: "-codes", flags: []string{"-codes", "75"}, fails: 1, fail: "exit 75",
			want: 0, runs: 2, retries: 1},
		{name: "-codes rejects", flags: []string{"-codes", "75"}, fails: 1, fail: "exit 1",
			want: 1, runs: 1},
		{name: "quiet", flags: []string{"-q"}, fails: 2, fail: "exit 3", want: 0, runs: 3},
		{name: "killed by a signal", flags: []string{"-attempts", "2"}, fails: 99,
			fail: "kill -KILL $$", want: 128 + 9, runs: 2, retries: 1,
			reason: "a command killed by signal n exits 128+n, as in a shell"},
		{name: "signal status in -on", flags: []string{"-on", "137"}, fails: 1,
			fail: "kill -KILL $$", want: 0, runs: 2, retries: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			counter := filepath.Join(t.TempDir(), "count")
			flags := append(append([]string(nil), fast...), tt.flags...)
			r := runRetry(t, "", args(flags, flaky(counter, tt.fails, tt.fail)...)...)

			if r.status != tt.want {
				t.Errorf("retry exited %d; want %d (%s)\nstderr:\n%s", r.status, tt.want, tt.reason, r.stderr)
			}
			if got := runs(t, counter); got != tt.runs {
				t.Errorf("the command ran %d times; want %d (%s)", got, tt.runs, tt.reason)
			}
			if got := r.retries(); got != tt.retries {
				t.Errorf("retry logged %d retries; want %d\nstderr:\n%s", got, tt.retries, r.stderr)
			}
			if lines := strings.Count(r.stderr, "\n"); lines != tt.retries {
				t.Errorf("stderr has %d lines; want one per retry, %d:\n%s", lines, tt.retries, r.stderr)
			}
		})
	}
}

func TestLogText(t *testing.T) {
	t.Parallel()
	counter := filepath.Join(t.TempDir(), "count")
	r := runRetry(t, "", args(append(fast, "-name", "fetch"), flaky(counter, 2, "exit 3")...)...)

	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("retry logged %d lines; want 2:\n%s", len(lines), r.stderr)
	}
	for i, line := range lines {
		for _, want := range []string{
			"level=WARN", `msg="retry scheduled"`, "name=fetch",
			fmt.Sprintf("retry=%d", i+1), fmt.Sprintf("wait=%dms", 1<<i), `error="exit status 3"`,
		} {
			if !strings.Contains(line, want) {
				t.Errorf("log line %d = %q; want it to contain %q", i+1, line, want)
			}
		}
	}
}

func TestLogJSON(t *testing.T) {
	t.Parallel()
	counter := filepath.Join(t.TempDir(), "count")
	r := runRetry(t, "", args(append(fast, "-log", "json"), flaky(counter, 2, "exit 3")...)...)

	type record struct {
		Level  string
		Msg    string
		Name   string
		Retry  int
		Wait   time.Duration
		Waited time.Duration
		Error  string
	}
	var got []record
	dec := json.NewDecoder(strings.NewReader(r.stderr))
	for {
		var rec record
		err := dec.Decode(&rec)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("stderr is not JSON lines: %v\n%s", err, r.stderr)
		}
		got = append(got, rec)
	}
	want := []record{
		{"WARN", "retry scheduled", "sh", 1, time.Millisecond, 0, "exit status 3"},
		{"WARN", "retry scheduled", "sh", 2, 2 * time.Millisecond, time.Millisecond, "exit status 3"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("logged records:\n%+v\nwant:\n%+v", got, want)
	}
}

func TestStreams(t *testing.T) {
	t.Parallel()
	r := runRetry(t, "hello\n", "--", "sh", "-c", "cat; echo oops >&2")
	if r.status != 0 || r.stdout != "hello\n" || r.stderr != "oops\n" {
		t.Errorf("retry sh -c 'cat; echo oops >&2' <<<hello = %d, %q, %q; want 0, %q, %q",
			r.status, r.stdout, r.stderr, "hello\n", "oops\n")
	}
}

func TestStartFailure(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	notExec := filepath.Join(dir, "script")
	if err := os.WriteFile(notExec, []byte("#!/bin/sh\nexit 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		command string
		want    int
	}{
		{"not in PATH", "no-such-command-for-retry", 127},
		{"no such file", filepath.Join(dir, "missing"), 127},
		{"not executable", notExec, 126},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runRetry(t, "", args(fast, tt.command)...)
			if r.status != tt.want {
				t.Errorf("retry %s exited %d; want %d", tt.command, r.status, tt.want)
			}
			if !strings.HasPrefix(r.stderr, "retry: ") || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("stderr = %q; want one line that says why, and no retries", r.stderr)
			}
		})
	}
}

func TestAttemptTimeout(t *testing.T) {
	t.Parallel()
	hang := "exec sleep 20"
	tests := []struct {
		name    string
		flags   []string
		fails   int
		fail    string
		want    int
		runs    int
		retries int
		reason  string
	}{
		{name: "hangs once", fails: 1, fail: hang, want: 0, runs: 2, retries: 1},
		{name: "hangs every time", flags: []string{"-attempts", "2"}, fails: 99, fail: hang,
			want: 128 + 15, runs: 2, retries: 1, reason: "stopped with SIGTERM"},
		{name: "retried whatever -on says", flags: []string{"-on", "1"}, fails: 1, fail: hang,
			want: 0, runs: 2, retries: 1},
		{name: "ignores SIGTERM", flags: []string{"-attempts", "1", "-kill-after", "50ms"}, fails: 99,
			fail: "trap '' TERM; " + hang, want: 128 + 9, runs: 1,
			reason: "killed with SIGKILL after -kill-after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			counter := filepath.Join(t.TempDir(), "count")
			flags := append(append([]string{"-attempt-timeout", "500ms"}, fast...), tt.flags...)
			r := runRetry(t, "", args(flags, flaky(counter, tt.fails, tt.fail)...)...)

			if r.status != tt.want {
				t.Errorf("retry exited %d; want %d (%s)\nstderr:\n%s", r.status, tt.want, tt.reason, r.stderr)
			}
			if got := runs(t, counter); got != tt.runs {
				t.Errorf("the command ran %d times; want %d", got, tt.runs)
			}
			if got := r.retries(); got != tt.retries {
				t.Errorf("retry logged %d retries; want %d\nstderr:\n%s", got, tt.retries, r.stderr)
			}
			if tt.retries > 0 && !strings.Contains(r.stderr, "-attempt-timeout 500ms") {
				t.Errorf("stderr = %q; want the retry's error to name the attempt timeout", r.stderr)
			}
		})
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		flags  []string
		fail   string
		runs   int
		reason string
	}{
		{name: "stops the running command", flags: []string{"-timeout", "100ms"},
			fail: "exec sleep 20", runs: 1},
		{name: "no wait past the budget", flags: []string{"-timeout", "10s", "-initial", "1h", "-max", "1h"},
			fail: "exit 1", runs: 1, reason: "the loop gives up rather than wait past -timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			counter := filepath.Join(t.TempDir(), "count")
			flags := append(append([]string(nil), fast...), tt.flags...)
			r := runRetry(t, "", args(flags, flaky(counter, 99, tt.fail)...)...)

			if r.status != 124 {
				t.Errorf("retry exited %d; want 124 (%s)\nstderr:\n%s", r.status, tt.reason, r.stderr)
			}
			if got := runs(t, counter); got != tt.runs {
				t.Errorf("the command ran %d times; want %d", got, tt.runs)
			}
			if r.stderr != "" {
				t.Errorf("stderr = %q; want nothing", r.stderr)
			}
		})
	}
}

// startRetry starts the command with args, and returns it with readers of
// its stdout and stderr, which fail after a minute rather than wait for
// ever for a command that a failing test leaves behind.
func startRetry(t *testing.T, args ...string) (*exec.Cmd, *bufio.Reader, *bufio.Reader) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	deadline, _ := ctx.Deadline()
	cmd := exec.CommandContext(ctx, binary, args...)

	var readers [2]*bufio.Reader
	for i, w := range []*io.Writer{&cmd.Stdout, &cmd.Stderr} {
		r, pw, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		defer pw.Close() // the command has its own copy once started
		if err := r.SetReadDeadline(deadline); err != nil {
			t.Fatal(err)
		}
		*w, readers[i] = pw, bufio.NewReader(r)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, readers[0], readers[1]
}

// readLine reads a line from r and fails the test unless it is want.
func readLine(t *testing.T, r *bufio.Reader, want string) {
	t.Helper()
	line, err := r.ReadString('\n')
	if line != want+"\n" {
		t.Fatalf("read %q, %v; want %q", line, err, want+"\n")
	}
}

// wait waits for cmd to exit and returns its status, with what remains of
// its output.
func wait(t *testing.T, cmd *exec.Cmd, stdout, stderr io.Reader) (status int, rest string) {
	t.Helper()
	if err := cmd.Wait(); err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatal(err)
		}
	}
	out, _ := io.ReadAll(stdout)
	errOut, _ := io.ReadAll(stderr)
	return cmd.ProcessState.ExitCode(), string(out) + string(errOut)
}

func TestSignalForwarded(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sig  syscall.Signal
		name string // as trap knows it
		want int    // the exit status the trap chooses
	}{
		{syscall.SIGTERM, "TERM", 3},
		{syscall.SIGINT, "INT", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			counter, marker := filepath.Join(dir, "count"), filepath.Join(dir, "marker")
			script := `echo $(($(cat "$1" 2>/dev/null || echo 0) + 1)) >"$1"
trap 'kill $!; echo ` + tt.name + ` >"$2"; exit ` + strconv.Itoa(tt.want) + `' ` + tt.name + `
echo ready
sleep 20 </dev/null >/dev/null 2>&1 &
wait $!`
			cmd, stdout, stderr := startRetry(t, args(fast, "sh", "-c", script, "sh", counter, marker)...)
			readLine(t, stdout, "ready")
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			status, rest := wait(t, cmd, stdout, stderr)

			if status != tt.want {
				t.Errorf("retry exited %d after %v; want the command's status, %d\noutput:\n%s",
					status, tt.sig, tt.want, rest)
			}
			if b, err := os.ReadFile(marker); string(b) != tt.name+"\n" {
				t.Errorf("marker = %q, %v; want %q: the command did not receive %v",
					b, err, tt.name+"\n", tt.sig)
			}
			if n := runs(t, counter); n != 1 {
				t.Errorf("the command ran %d times; want 1: a signal stops the retries", n)
			}
		})
	}
}

func TestSignalForwardedTwice(t *testing.T) {
	t.Parallel()
	script := `n=0
trap 'n=$((n + 1)); echo "got $n"; if [ $n -ge 2 ]; then kill $!; exit 5; fi' TERM
echo ready
i=0
while [ $i -lt 20 ]; do i=$((i + 1)); sleep 1 </dev/null >/dev/null 2>&1 & wait $!; done
exit 9`
	cmd, stdout, stderr := startRetry(t, args(append(fast, "-kill-after", "1m"), "sh", "-c", script)...)
	readLine(t, stdout, "ready")
	for i := 1; i <= 2; i++ {
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		readLine(t, stdout, fmt.Sprintf("got %d", i))
	}
	if status, rest := wait(t, cmd, stdout, stderr); status != 5 {
		t.Errorf("retry exited %d; want 5, after the command got a second SIGTERM\noutput:\n%s",
			status, rest)
	}
}

func TestSignalWhileWaiting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sig  syscall.Signal
		want int
	}{
		{syscall.SIGTERM, 128 + 15},
		{syscall.SIGINT, 128 + 2},
	}
	for _, tt := range tests {
		t.Run(tt.sig.String(), func(t *testing.T) {
			t.Parallel()
			counter := filepath.Join(t.TempDir(), "count")
			flags := []string{"-timeout", "unlimited", "-initial", "1h", "-max", "1h", "-jitter", "0"}
			cmd, stdout, stderr := startRetry(t, args(flags, flaky(counter, 99, "exit 1")...)...)

			// The log line comes just before the wait.
			line, err := stderr.ReadString('\n')
			if !strings.Contains(line, `msg="retry scheduled"`) {
				t.Fatalf("read %q, %v from stderr; want a retry log line", line, err)
			}
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			status, rest := wait(t, cmd, stdout, stderr)

			if status != tt.want {
				t.Errorf("retry exited %d after %v during a wait; want %d\noutput:\n%s",
					status, tt.sig, tt.want, rest)
			}
			if n := runs(t, counter); n != 1 {
				t.Errorf("the command ran %d times; want 1", n)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string // in the first line of stderr
	}{
		{"no command", nil, "no command to run"},
		{"only flags", []string{"-attempts", "3", "--"}, "no command to run"},
		{"unknown flag", []string{"-bogus", "--", "true"}, "flag provided but not defined: -bogus"},
		{"missing value", []string{"-timeout"}, "flag needs an argument: -timeout"},
		{"bad duration", []string{"-timeout", "soon", "--", "true"}, `invalid value "soon" for flag -timeout`},
		{"duration without unit", []string{"-initial", "5", "--", "true"}, `invalid value "5" for flag -initial`},
		{"bad count", []string{"-attempts", "many", "--", "true"}, `invalid value "many" for flag -attempts`},
		{"bad status", []string{"-on", "abc", "--", "true"}, `invalid value "abc" for flag -on`},
		{"status 0", []string{"-on", "0", "--", "true"}, "success, which is never retried"},
		{"bad log format", []string{"-log", "xml", "--", "true"}, `-log is "xml"`},
		{"negative attempts", []string{"-attempts", "-3", "--", "true"}, "invalid policy"},
		{"negative timeout", []string{"-timeout", "-2s", "--", "true"}, "invalid policy"},
		{"negative attempt timeout", []string{"-attempt-timeout", "-1s", "--", "true"}, "invalid policy"},
		{"hot loop", []string{"-attempts", "unlimited", "-initial", "0", "-jitter", "0", "--", "true"},
			"hot loop"},
		{"max below initial", []string{"-initial", "1s", "-max", "1ms", "--", "true"}, "invalid backoff"},
		{"base below 1", []string{"-base", "0.5", "--", "true"}, "invalid backoff"},
		{"negative kill-after", []string{"-kill-after", "-1s", "--", "true"}, "-kill-after is -1s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runRetry(t, "", tt.args...)
			if r.status != 2 {
				t.Errorf("retry %q exited %d; want 2", tt.args, r.status)
			}
			first, rest, _ := strings.Cut(r.stderr, "\n")
			if !strings.HasPrefix(first, "retry: ") || !strings.Contains(first, tt.want) {
				t.Errorf("retry %q: first line of stderr = %q; want retry: and %q", tt.args, first, tt.want)
			}
			if !strings.HasPrefix(rest, "Usage: retry") {
				t.Errorf("retry %q: stderr after the reason = %q...; want the usage", tt.args,
					rest[:min(len(rest), 40)])
			}
			if r.stdout != "" {
				t.Errorf("retry %q: stdout = %q; want nothing", tt.args, r.stdout)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	for _, flag := range []string{"-h", "-help", "--help"} {
		r := runRetry(t, "", flag)
		if r.status != 0 || r.stderr != "" {
			t.Errorf("retry %s = %d, stderr %q; want 0 and no stderr", flag, r.status, r.stderr)
		}
		for _, want := range []string{"Usage: retry", "Examples:", "-attempts n", "Exit status:"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("retry %s printed no %q", flag, want)
			}
		}
	}
}

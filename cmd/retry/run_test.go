//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stamina-go/retry"
)

// TestRun runs the command's logic in the test's process, where the race
// detector sees it, with a signal delivered through the channel.
func TestRun(t *testing.T) {
	defer retry.SetHooks()()

	counter := filepath.Join(t.TempDir(), "count")
	var stdout, stderr bytes.Buffer
	status := run(t.Context(), args(fast, flaky(counter, 2, "echo failing; exit 3")...),
		strings.NewReader(""), &stdout, &stderr, make(chan os.Signal))
	if status != 0 || stdout.String() != "failing\nfailing\n" || strings.Count(stderr.String(), "\n") != 2 {
		t.Errorf("run(flaky) = %d, stdout %q, stderr %q; want 0, two lines of the command's "+
			"output, two retry logs", status, stdout.String(), stderr.String())
	}

	// A signal that arrives before the first attempt: it runs, stopped at
	// once, and is not retried.
	signals := make(chan os.Signal, 1)
	signals <- syscall.SIGTERM
	counter = filepath.Join(t.TempDir(), "count")
	stderr.Reset()
	status = run(t.Context(), args(fast, flaky(counter, 99, "exec sleep 20")...),
		strings.NewReader(""), &stdout, &stderr, signals)
	if n := runs(t, counter); status != 128+15 || n > 1 || stderr.Len() != 0 {
		t.Errorf("run(hang) with SIGTERM = %d after %d runs, stderr %q; want 143, at most one run, "+
			"no retry", status, n, stderr.String())
	}
}

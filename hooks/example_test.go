package hooks_test

import (
	"context"
	"errors"
	"log/slog"
	"os"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
	"github.com/stamina-go/retry/hooks"
)

func ExampleSlog() {
	// A logger whose output does not change from run to run: no time.
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))

	// Log scheduled retries at Warn, as the default hook does, but to
	// logger, and log the loops that give up at Error.
	defer retry.SetHooks(hooks.Slog{Logger: logger, GaveUpLevel: slog.LevelError})()

	errBusy := errors.New("busy")
	p := retry.Policy{
		On:       retry.OnErrors(errBusy),
		Attempts: 3,
		Backoff:  backoff.Constant(0), // no waits, to keep the example quick
		Name:     "fetch",
	}
	err := retry.Do(context.Background(), p, func(context.Context) error {
		return errBusy
	})
	logger.Info("done", "error", err)
	// Output:
	// level=WARN msg="retry scheduled" name=fetch retry=1 wait=0s waited=0s error=busy
	// level=WARN msg="retry scheduled" name=fetch retry=2 wait=0s waited=0s error=busy
	// level=ERROR msg="retry gave up" name=fetch attempts=3 waited=0s reason="attempts exhausted" error=busy
	// level=INFO msg=done error=busy
}

func ExampleSlog_levelVar() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelInfo,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))

	// Retries are logged at Debug, which the handler discards, until the
	// level is raised while the program runs.
	var level slog.LevelVar
	level.Set(slog.LevelDebug)
	defer retry.SetHooks(hooks.Slog{Logger: logger, Level: &level})()

	errBusy := errors.New("busy")
	p := retry.Policy{On: retry.OnErrors(errBusy), Attempts: 2, Backoff: backoff.Constant(0)}
	fail := func(context.Context) error { return errBusy }

	_ = retry.Do(context.Background(), p, fail) // logs nothing
	level.Set(slog.LevelInfo)
	_ = retry.Do(context.Background(), p, fail)
	// Output:
	// level=INFO msg="retry scheduled" retry=1 wait=0s waited=0s error=busy
}

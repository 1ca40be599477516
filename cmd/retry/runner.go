package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"sync"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/internal/logging"
)

// Exit statuses of retry's own, besides statusUsage. They follow
// timeout(1) and the shells.
const (
	statusTimeout    = 124 // the -timeout budget ran out
	statusCannotRun  = 126 // the command exists but cannot be run
	statusNotFound   = 127 // the command does not exist
	statusSignalBase = 128 // plus the number of the signal that ended it
)

// errTimeout is the cause of the run's context ending when the -timeout
// budget runs out.
var errTimeout = errors.New("retry: -timeout ran out")

// A signalError is the cause of the run's context ending when retry
// receives a signal.
type signalError struct{ sig os.Signal }

func (e *signalError) Error() string { return "retry: received " + e.sig.String() }

// A runner runs the command of one command line with retries.
type runner struct {
	cfg            *config
	stdin          io.Reader
	stdout, stderr io.Writer

	mu    sync.Mutex
	child *os.Process // the running command, or nil
}

// run runs the command with retries until the policy or a signal stops
// it, and returns the status to exit with.
func (r *runner) run(ctx context.Context, signals <-chan os.Signal) int {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if t := r.cfg.total(); t > 0 {
		var stop context.CancelFunc
		ctx, stop = context.WithTimeoutCause(ctx, t, errTimeout)
		defer stop()
	}
	defer r.forward(signals, cancel)()

	var reason retry.Reason // why the loop gave up, if it did
	p := r.cfg.policy(r.retryable)
	p.Hooks = []retry.Hook{retry.HookFunc(func(_ context.Context, e retry.Event) {
		if e.Kind == retry.GaveUp {
			reason = e.Reason
		}
	})}
	if !r.cfg.quiet {
		p.Hooks = append(p.Hooks, logHook(r.logger()))
	}

	var o outcome
	for a := range retry.Attempts(ctx, p) {
		o = r.attempt(ctx, a.Context())
		a.Done(o.err)
	}
	return r.status(ctx, o, reason)
}

// status returns the exit status of a run whose context is ctx, whose last
// attempt ended with o, and whose loop gave up for reason (0 if it did not
// give up).
func (r *runner) status(ctx context.Context, o outcome, reason retry.Reason) int {
	switch {
	case o.err == nil:
		return 0
	case o.startErr:
		return o.status
	case errors.Is(context.Cause(ctx), errTimeout) || reason == retry.Timeout:
		return statusTimeout
	case ctx.Err() != nil && !o.stopped:
		// Retry was stopped while it waited for the next attempt, with no
		// command to report a status: exit as the signal would have.
		return signalStatus(stopSignal(ctx))
	}
	return o.status
}

// retryable reports whether an attempt that ended with err, which is
// never nil, is worth another.
func (r *runner) retryable(err error) bool {
	var e *exitError
	if !errors.As(err, &e) {
		return false // the command cannot run, or the run was stopped
	}
	return e.timeout > 0 || r.cfg.codes.match(e.status)
}

// logger returns the logger of the retry logs, as -log asks for.
func (r *runner) logger() *slog.Logger {
	if r.cfg.log == "json" {
		return slog.New(slog.NewJSONHandler(r.stderr, nil))
	}
	return slog.New(slog.NewTextHandler(r.stderr, nil))
}

// logHook returns a hook that logs each scheduled retry to l, with the
// message and attributes of the library's default hook.
func logHook(l *slog.Logger) retry.Hook {
	return retry.HookFunc(func(ctx context.Context, e retry.Event) {
		if e.Kind == retry.Scheduled {
			logging.Retry(ctx, l, slog.LevelWarn, e.Name, e.Retry(), e.Wait, e.Waited, e.Err)
		}
	})
}

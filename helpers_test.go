package retry_test

import (
	"context"
	"errors"
	"time"

	"github.com/stamina-go/retry/internal/clock"
	"github.com/stamina-go/retry/internal/scope"
)

// t0 is the time at which fake clocks in these tests start.
var t0 = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

// withFakeClock returns a context whose retry loops read the time from, and
// wait on, a new fake clock, which it also returns.
func withFakeClock(ctx context.Context) (context.Context, *clock.Fake) {
	c := clock.NewFake(t0)
	return scope.With(ctx, &scope.Settings{Clock: c}), c
}

var (
	errTransient = errors.New("transient")
	errFatal     = errors.New("fatal")
)

// hintError is an error that asks for a wait of its own.
type hintError struct{ wait time.Duration }

func (e hintError) Error() string             { return "busy, retry after " + e.wait.String() }
func (e hintError) RetryAfter() time.Duration { return e.wait }

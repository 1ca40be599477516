package retrytest_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
	"github.com/stamina-go/retry/internal/scope"
	"github.com/stamina-go/retry/retrytest"
)

// calls runs a loop under ctx whose every attempt fails, with a policy of
// the given budget and an hour's wait between attempts, and returns the
// number of attempts it made and the waits it scheduled. A loop that waits
// is cut short after a minute, so that a switch that does not take effect
// makes a test fail rather than hang.
func calls(ctx context.Context, budget int) (int, []time.Duration) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var rec retrytest.Recorder
	p := retry.Policy{
		On:       retry.OnAny,
		Attempts: budget,
		Timeout:  retry.Unlimited,
		Backoff:  backoff.Constant(time.Hour),
		Hooks:    []retry.Hook{&rec},
	}
	fn, n := failing(1000) // ends a loop that ignores its budget
	retry.Do(ctx, p, fn)
	return *n, rec.Waits()
}

func TestSwitches(t *testing.T) {
	t.Parallel()
	capped := retrytest.Cap()
	tests := []struct {
		name   string
		ctx    func(context.Context) context.Context
		budget int // the policy's
		want   int // attempts
		reason string
	}{{
		name:   "off",
		ctx:    retrytest.Off,
		budget: 5,
		want:   1,
	}, {
		name:   "testing",
		ctx:    func(ctx context.Context) context.Context { return retrytest.Testing(ctx, 3) },
		budget: 5,
		want:   3,
	}, {
		name:   "testing beyond the policy",
		ctx:    func(ctx context.Context) context.Context { return retrytest.Testing(ctx, 7) },
		budget: 2,
		want:   7,
		reason: "without Cap the testing count replaces the policy's",
	}, {
		name:   "testing capped by the policy",
		ctx:    func(ctx context.Context) context.Context { return retrytest.Testing(ctx, 7, capped) },
		budget: 2,
		want:   2,
	}, {
		name:   "testing capped below the policy",
		ctx:    func(ctx context.Context) context.Context { return retrytest.Testing(ctx, 3, capped) },
		budget: 5,
		want:   3,
	}, {
		name:   "testing capped at an unlimited policy",
		ctx:    func(ctx context.Context) context.Context { return retrytest.Testing(ctx, 4, capped) },
		budget: retry.Unlimited,
		want:   4,
	}, {
		name:   "testing after off",
		ctx:    func(ctx context.Context) context.Context { return retrytest.Testing(retrytest.Off(ctx), 3) },
		budget: 5,
		want:   3,
		reason: "the later switch replaces the earlier",
	}, {
		name:   "off after testing",
		ctx:    func(ctx context.Context) context.Context { return retrytest.Off(retrytest.Testing(ctx, 3)) },
		budget: 5,
		want:   1,
		reason: "the later switch replaces the earlier",
	}, {
		name: "cap does not outlive its switch",
		ctx: func(ctx context.Context) context.Context {
			return retrytest.Testing(retrytest.Testing(ctx, 2, capped), 4)
		},
		budget: 2,
		want:   4,
	}, {
		name: "clock keeps the switch",
		ctx: func(ctx context.Context) context.Context {
			return retrytest.NewClock(t).Context(retrytest.Testing(ctx, 3))
		},
		budget: 5,
		want:   3,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// In a bubble, a loop that waits despite its switch is cut
			// short at once.
			synctest.Test(t, func(t *testing.T) {
				got, waits := calls(tt.ctx(t.Context()), tt.budget)
				if got != tt.want {
					t.Errorf("Do(...) made %d attempts; want %d (%s)", got, tt.want, tt.reason)
				}
				// Hooks hear of no retry when retrying is off, and of waits
				// of zero in testing mode.
				if want := make([]time.Duration, got-1); !slices.Equal(waits, want) {
					t.Errorf("scheduled waits = %v; want %v", waits, want)
				}
			})
		})
	}
}

func TestSwitchesKeepClock(t *testing.T) {
	t.Parallel()
	clk := retrytest.NewClock(t)
	tests := []struct {
		name string
		ctx  context.Context
	}{
		{"off", retrytest.Off(clk.Context(t.Context()))},
		{"testing", retrytest.Testing(clk.Context(t.Context()), 2)},
	}
	for _, tt := range tests {
		s := scope.From(tt.ctx)
		if s == nil || s.Clock == nil {
			t.Errorf("%s: the context lost the Clock: settings %+v", tt.name, s)
		}
	}
}

func TestSwitchesLeaveParentAlone(t *testing.T) {
	t.Parallel()
	parent := retrytest.Testing(t.Context(), 3)
	_ = retrytest.Off(parent)
	_ = retrytest.NewClock(t).Context(parent)

	if got, _ := calls(parent, 5); got != 3 {
		t.Errorf("Do(parent, ...) made %d attempts after deriving children; want 3", got)
	}
	if s := scope.From(parent); s.Clock != nil {
		t.Errorf("the parent context has the child's Clock: settings %+v", s)
	}
}

// TestSwitchesOverrideProcess changes the process-wide switches, so it
// must not run in parallel with the other tests.
func TestSwitchesOverrideProcess(t *testing.T) {
	defer retry.SetActive(true)
	retry.SetActive(false)
	if got, _ := calls(retrytest.Testing(t.Context(), 3), 5); got != 3 {
		t.Errorf("Do(...) under Testing(ctx, 3), retrying off for the process, "+
			"made %d attempts; want 3", got)
	}

	retry.SetActive(true)
	defer retry.SetTesting(true, retry.TestingAttempts(2))()
	if got, _ := calls(retrytest.Off(t.Context()), 5); got != 1 {
		t.Errorf("Do(...) under Off(ctx) with testing mode for the process made %d attempts; want 1", got)
	}
	if got, _ := calls(t.Context(), 5); got != 2 {
		t.Errorf("Do(...) with no switch of its own made %d attempts; want the process's 2", got)
	}
}

func TestSwitchPanics(t *testing.T) {
	t.Parallel()
	var nilCtx context.Context
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{
			"Testing(ctx, 0)", func() { retrytest.Testing(t.Context(), 0) },
			"retry: retrytest.Testing needs at least 1 attempt",
		}, {
			"Off(nil)", func() { retrytest.Off(nilCtx) },
			"retry: retrytest.Off with a nil Context",
		}, {
			"Testing(nil, 1)", func() { retrytest.Testing(nilCtx, 1) },
			"retry: retrytest.Testing with a nil Context",
		}, {
			"Clock.Context(nil)", func() { retrytest.NewClock(t).Context(nilCtx) },
			"retry: retrytest.Clock.Context with a nil Context",
		},
	}
	for _, tt := range tests {
		func() {
			defer func() {
				if msg, _ := recover().(string); !strings.HasPrefix(msg, tt.want) {
					t.Errorf("%s panicked with %q; want a message starting %q", tt.name, msg, tt.want)
				}
			}()
			tt.f()
		}()
	}
}

// TestOnOverridesProcess changes the process-wide switches, so it must
// not run in parallel with the other tests.
func TestOnOverridesProcess(t *testing.T) {
	defer retry.SetTesting(true, retry.TestingAttempts(2))()
	synctest.Test(t, func(t *testing.T) {
		p := retry.Policy{On: retry.OnAny, Attempts: 4, Backoff: backoff.Constant(time.Second)}
		start := time.Now()
		n := 0
		_ = retry.Do(retrytest.On(t.Context()), p, func(context.Context) error {
			n++
			return errTransient
		})
		if n != 4 {
			t.Errorf("Do(...) under On(ctx), testing mode for the process, made %d attempts; "+
				"want the policy's 4", n)
		}
		if took := time.Since(start); took != 3*time.Second {
			t.Errorf("Do(...) under On(ctx) took %v; want the policy's 3 waits of 1s", took)
		}

		retry.SetActive(false)
		defer retry.SetActive(true)
		n = 0
		_ = retry.Do(retrytest.On(retrytest.Off(t.Context())), p, func(context.Context) error {
			n++
			return errTransient
		})
		if n != 4 {
			t.Errorf("Do(...) under On(Off(ctx)), retrying off for the process, made %d attempts; "+
				"want the policy's 4", n)
		}
	})
}

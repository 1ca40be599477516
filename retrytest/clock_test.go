package retrytest_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
	"github.com/stamina-go/retry/retrytest"
)

var errTransient = errors.New("transient")

// failing returns a function for retry.Do that fails with errTransient
// the first n times it is called, then succeeds, and a pointer to the
// number of calls. Read the count only after Do has returned.
func failing(n int) (func(context.Context) error, *int) {
	calls := new(int)
	return func(context.Context) error {
		*calls++
		if *calls <= n {
			return errTransient
		}
		return nil
	}, calls
}

// start runs retry.Do in a goroutine of its own and returns the channel on
// which its error arrives.
func start(ctx context.Context, p retry.Policy, fn func(context.Context) error) <-chan error {
	errc := make(chan error, 1)
	go func() { errc <- retry.Do(ctx, p, fn) }()
	return errc
}

// result returns the error that arrives on errc, or fails the test if
// none arrives within a minute: a loop that goes on waiting when it should
// have ended would otherwise hang the test. In a synctest bubble the
// minute passes as soon as everything in the bubble is blocked.
func result(t testing.TB, errc <-chan error) error {
	t.Helper()
	select {
	case err := <-errc:
		return err
	case <-time.After(time.Minute):
		t.Fatal("Do(...) has not returned after a minute; it should have ended")
		return nil
	}
}

func TestClockDrivesLoopWithExactWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clk := retrytest.NewClock(t)
		var rec retrytest.Recorder
		p := retry.Policy{
			On:       retry.OnAny,
			Attempts: 4,
			Backoff:  backoff.Exponential{Initial: 100 * time.Millisecond, Max: time.Second, Base: 2},
			Hooks:    []retry.Hook{&rec},
		}
		fn, calls := failing(10)
		t0 := clk.Now()
		errc := start(clk.Context(t.Context()), p, fn)

		want := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond}
		for i, w := range want {
			clk.BlockUntil(1)
			clk.Advance(w - time.Nanosecond)
			if got := clk.Pending(); got != 1 {
				t.Fatalf("retry %d: Pending() = %d %v into a wait of %v; want 1", i+1, got, w-time.Nanosecond, w)
			}
			clk.Advance(time.Nanosecond)
		}

		if err := result(t, errc); err != errTransient {
			t.Errorf("Do(...) = %v; want %v", err, errTransient)
		}
		if *calls != 4 {
			t.Errorf("Do(...) made %d calls; want 4", *calls)
		}
		if diff := cmp.Diff(want, rec.Waits()); diff != "" {
			t.Errorf("Recorder.Waits() (-want +got):\n%s", diff)
		}
		if got, want := clk.Now().Sub(t0), 700*time.Millisecond; got != want {
			t.Errorf("fake time passed = %v; want %v", got, want)
		}
		if got := clk.Pending(); got != 0 {
			t.Errorf("Pending() after the loop = %d; want 0", got)
		}
	})
}

func TestClockAdvanceToNextFollowsJitter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clk := retrytest.NewClock(t)
		var rec retrytest.Recorder
		// The default backoff, with jitter.
		p := retry.Policy{On: retry.OnAny, Attempts: 6, Hooks: []retry.Hook{&rec}}
		fn, calls := failing(5)
		t0 := clk.Now()
		errc := start(clk.Context(t.Context()), p, fn)

		var got []time.Duration
		for range 5 {
			clk.BlockUntil(1)
			got = append(got, clk.AdvanceToNext())
		}

		if err := result(t, errc); err != nil {
			t.Errorf("Do(...) = %v; want nil", err)
		}
		if *calls != 6 {
			t.Errorf("Do(...) made %d calls; want 6", *calls)
		}
		if diff := cmp.Diff(rec.Waits(), got); diff != "" {
			t.Errorf("AdvanceToNext() results differ from the scheduled waits (-want +got):\n%s", diff)
		}
		var total time.Duration
		for _, d := range got {
			total += d
		}
		if passed := clk.Now().Sub(t0); passed != total {
			t.Errorf("fake time passed = %v; want the sum of the waits, %v", passed, total)
		}
	})
}

func TestClockTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clk := retrytest.NewClock(t)
		var rec retrytest.Recorder
		p := retry.Policy{
			On:       retry.OnAny,
			Attempts: retry.Unlimited,
			Timeout:  250 * time.Millisecond,
			Backoff:  backoff.Constant(100 * time.Millisecond),
			Hooks:    []retry.Hook{&rec},
		}
		fn, calls := failing(100)
		errc := start(clk.Context(t.Context()), p, fn)

		// Attempts at 0, 100ms and 200ms; the next wait would end at 300ms,
		// past the timeout.
		for range 2 {
			clk.BlockUntil(1)
			clk.AdvanceToNext()
		}

		if err := result(t, errc); err != errTransient {
			t.Errorf("Do(...) = %v; want %v", err, errTransient)
		}
		if *calls != 3 {
			t.Errorf("Do(...) made %d calls; want 3", *calls)
		}
		if r, ok := rec.GaveUp(); r != retry.Timeout {
			t.Errorf("Recorder.GaveUp() = %v, %v; want %v, true", r, ok, retry.Timeout)
		}
	})
}

func TestClockIgnoresContextDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clk := retrytest.NewClock(t)
		ctx, cancel := context.WithTimeout(t.Context(), time.Hour)
		defer cancel()
		p := retry.Policy{
			On:       retry.OnAny,
			Attempts: 2,
			Timeout:  retry.Unlimited,
			Backoff:  backoff.Constant(2 * time.Hour),
		}
		fn, _ := failing(1)
		errc := start(clk.Context(ctx), p, fn)

		// On the real clock the wait would end past the context's deadline and
		// the loop would give up at once; fake time has nothing to do with it.
		clk.BlockUntil(1)
		if got, want := clk.AdvanceToNext(), 2*time.Hour; got != want {
			t.Errorf("AdvanceToNext() = %v; want %v", got, want)
		}
		if err := result(t, errc); err != nil {
			t.Errorf("Do(...) = %v; want nil", err)
		}
	})
}

func TestClockCancelDuringWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clk := retrytest.NewClock(t)
		ctx, cancel := context.WithCancel(t.Context())
		var rec retrytest.Recorder
		p := retry.Policy{On: retry.OnAny, Hooks: []retry.Hook{&rec}}
		fn, calls := failing(100)
		errc := start(clk.Context(ctx), p, fn)

		clk.BlockUntil(1)
		cancel()
		err := result(t, errc)

		if !errors.Is(err, context.Canceled) || !errors.Is(err, errTransient) {
			t.Errorf("Do(...) = %v; want an error matching %v and %v", err, context.Canceled, errTransient)
		}
		if *calls != 1 {
			t.Errorf("Do(...) made %d calls; want 1", *calls)
		}
		if got := clk.Pending(); got != 0 {
			t.Errorf("Pending() after cancel = %d; want 0: the loop left its timer running", got)
		}
		if r, ok := rec.GaveUp(); r != retry.Canceled {
			t.Errorf("Recorder.GaveUp() = %v, %v; want %v, true", r, ok, retry.Canceled)
		}
	})
}

func TestClockBlockUntilSeveralLoops(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clk := retrytest.NewClock(t)
		ctx := clk.Context(t.Context())
		short := retry.Policy{On: retry.OnAny, Attempts: 2, Backoff: backoff.Constant(time.Second)}
		long := short
		long.Backoff = backoff.Constant(3 * time.Second)
		fa, _ := failing(1)
		fb, _ := failing(1)
		errA, errB := start(ctx, short, fa), start(ctx, long, fb)

		clk.BlockUntil(2)
		if got, want := clk.AdvanceToNext(), time.Second; got != want {
			t.Errorf("first AdvanceToNext() = %v; want %v", got, want)
		}
		if err := result(t, errA); err != nil {
			t.Errorf("Do(short) = %v; want nil", err)
		}
		if got, want := clk.AdvanceToNext(), 2*time.Second; got != want {
			t.Errorf("second AdvanceToNext() = %v; want %v", got, want)
		}
		if err := result(t, errB); err != nil {
			t.Errorf("Do(long) = %v; want nil", err)
		}
	})
}

func TestClockFailsInsteadOfHanging(t *testing.T) {
	tests := []struct {
		name     string
		cancel   bool          // end the fake test's context first
		want     string        // in the failure message
		wantWait time.Duration // before the failure
		reason   string
	}{{
		name:     "no timer",
		want:     "Clock.BlockUntil(1): 0 timers pending after 1m0s of real time",
		wantWait: time.Minute,
		reason:   "the code under test never waits on the clock",
	}, {
		name:   "test ended",
		cancel: true,
		want:   "Clock.BlockUntil(1): 0 timers pending when the test ended: context canceled",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// In a bubble, BlockUntil's minute of patience passes as soon as
			// everything in the bubble is blocked.
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(t.Context())
				if tt.cancel {
					cancel()
				}
				defer cancel()
				ftb := newFakeTB(ctx)
				clk := retrytest.NewClock(ftb)

				t0 := time.Now()
				run(func() { clk.BlockUntil(1) })

				failed, msg := ftb.result()
				if !failed || !strings.Contains(msg, tt.want) {
					t.Errorf("BlockUntil(1) failed = %v with %q; want a failure with %q (%s)",
						failed, msg, tt.want, tt.reason)
				}
				if waited := time.Since(t0); waited != tt.wantWait {
					t.Errorf("BlockUntil(1) failed after %v; want %v", waited, tt.wantWait)
				}
			})
		})
	}
}

func TestClockAdvanceToNextWithoutTimer(t *testing.T) {
	ftb := newFakeTB(t.Context())
	clk := retrytest.NewClock(ftb)

	// A loop that waited, and stopped its timer when its context ended,
	// leaves nothing to advance to.
	ctx, cancel := context.WithCancel(t.Context())
	p := retry.Policy{On: retry.OnAny, Timeout: retry.Unlimited, Backoff: backoff.Constant(time.Hour)}
	fn, _ := failing(1)
	errc := start(clk.Context(ctx), p, fn)
	run(func() { clk.BlockUntil(1) })
	if failed, msg := ftb.result(); failed {
		t.Fatalf("BlockUntil(1) with a loop waiting failed: %s", msg)
	}
	cancel()
	if err := result(t, errc); !errors.Is(err, context.Canceled) {
		t.Fatalf("Do(...) = %v; want an error matching %v", err, context.Canceled)
	}
	clk.Advance(time.Second)

	var got time.Duration
	run(func() { got = clk.AdvanceToNext() })

	failed, msg := ftb.result()
	const want = "Clock.AdvanceToNext: no timer pending, 1s after the start; call BlockUntil first"
	if !failed || !strings.Contains(msg, want) {
		t.Errorf("AdvanceToNext() failed = %v with %q; want a failure with %q", failed, msg, want)
	}
	if got != 0 || clk.Now().Sub(clockStart) != time.Second {
		t.Errorf("AdvanceToNext() moved the clock by %v; want no move", clk.Now().Sub(clockStart)-time.Second)
	}
}

// clockStart is the time at which every Clock starts.
var clockStart = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func TestClockBlockUntilSucceeds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ftb := newFakeTB(t.Context())
		clk := retrytest.NewClock(ftb)
		p := retry.Policy{On: retry.OnAny, Attempts: 2, Backoff: backoff.Constant(time.Second)}
		fn, _ := failing(1)
		errc := start(clk.Context(t.Context()), p, fn)

		run(func() { clk.BlockUntil(1) })
		if failed, msg := ftb.result(); failed {
			t.Fatalf("BlockUntil(1) with a loop waiting failed: %s", msg)
		}
		clk.Advance(time.Second)
		if err := result(t, errc); err != nil {
			t.Errorf("Do(...) = %v; want nil", err)
		}
	})
}

func TestNewClockNilPanics(t *testing.T) {
	defer func() {
		if msg, _ := recover().(string); !strings.HasPrefix(msg, "retry: retrytest.NewClock") {
			const want = "retry: retrytest.NewClock"
			t.Errorf("NewClock(nil) panicked with %q; want a message starting %q", msg, want)
		}
	}()
	retrytest.NewClock(nil)
}

func TestClockAutoAdvance(t *testing.T) {
	tests := []struct {
		name       string
		p          retry.Policy
		wantCalls  int
		wantWaited time.Duration
		wantReason retry.Reason
		reason     string
	}{{
		name:       "budget",
		p:          retry.Policy{Attempts: 4, Backoff: backoff.Constant(time.Second)},
		wantCalls:  4,
		wantWaited: 3 * time.Second,
		wantReason: retry.Exhausted,
	}, {
		name:       "timeout",
		p:          retry.Policy{Attempts: retry.Unlimited, Backoff: backoff.Constant(10 * time.Second)},
		wantCalls:  5,
		wantWaited: 40 * time.Second,
		wantReason: retry.Timeout,
		reason:     "after the attempt at 40s, a wait would end at 50s, past the default 45s",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				clk := retrytest.NewClock(t)
				clk.SetAutoAdvance(true)
				var rec retrytest.Recorder
				tt.p.On, tt.p.Hooks = retry.OnAny, []retry.Hook{&rec}
				fn, calls := failing(1000)

				t0 := clk.Now()
				err := retry.Do(clk.Context(t.Context()), tt.p, fn)

				if err != errTransient || *calls != tt.wantCalls {
					t.Errorf("Do(...) = %v after %d calls; want %v after %d (%s)",
						err, *calls, errTransient, tt.wantCalls, tt.reason)
				}
				if got := clk.Now().Sub(t0); got != tt.wantWaited {
					t.Errorf("fake time passed = %v; want %v", got, tt.wantWaited)
				}
				if r, _ := rec.GaveUp(); r != tt.wantReason {
					t.Errorf("Recorder.GaveUp() = %v; want %v", r, tt.wantReason)
				}
				if got := clk.Pending(); got != 0 {
					t.Errorf("Pending() = %d; want 0", got)
				}
			})
		})
	}
}

func TestClockAutoAdvanceThenStep(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		clk := retrytest.NewClock(t)
		p := retry.Policy{On: retry.OnAny, Attempts: 3, Backoff: backoff.Constant(time.Second)}

		clk.SetAutoAdvance(true)
		fn, _ := failing(1)
		if err := retry.Do(clk.Context(t.Context()), p, fn); err != nil {
			t.Fatalf("Do(...) with auto-advance = %v; want nil", err)
		}

		// The timer that auto-advance fired must not be taken for a
		// pending one.
		clk.SetAutoAdvance(false)
		p.Backoff = backoff.Constant(3 * time.Second)
		fn, _ = failing(1)
		errc := start(clk.Context(t.Context()), p, fn)
		clk.BlockUntil(1)
		if got := clk.AdvanceToNext(); got != 3*time.Second {
			t.Errorf("AdvanceToNext() = %v; want 3s", got)
		}
		if err := result(t, errc); err != nil {
			t.Errorf("Do(...) stepped = %v; want nil", err)
		}
	})
}

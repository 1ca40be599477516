package retry_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
)

// These tests run loops on the real clock inside testing/synctest bubbles,
// where time is virtual: the way users can test their own loops without
// injecting anything.

// realLoop runs a loop that fails with err until success and records when
// each attempt started, measured from the loop's start.
func realLoop(ctx context.Context, p retry.Policy, success int, err error) (starts []time.Duration, last error) {
	start := time.Now()
	for a := range retry.Attempts(ctx, p) {
		starts = append(starts, time.Since(start))
		last = nil
		if a.Num() < success {
			last = err
		}
		a.Done(last)
	}
	return starts, last
}

func TestSynctestWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := retry.Policy{On: retry.OnAny, Backoff: backoff.Exponential{Initial: time.Second, Max: 3 * time.Second, Base: 2}}
		starts, err := realLoop(t.Context(), p, 4, errTransient)
		if err != nil {
			t.Errorf("loop ended with %v; want success", err)
		}
		want := seconds(0, 1, 3, 6)
		if len(starts) != len(want) {
			t.Fatalf("attempts started at %v; want %v", starts, want)
		}
		for i := range want {
			if starts[i] != want[i] {
				t.Errorf("attempt %d started at %v; want %v", i+1, starts[i], want[i])
			}
		}
	})
}

func TestSynctestContextDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 2500*time.Millisecond)
		defer cancel()
		p := retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(time.Second), Timeout: time.Hour}

		start := time.Now()
		starts, err := realLoop(ctx, p, 100, errTransient)
		if err != errTransient {
			t.Errorf("loop ended with %v; want %v", err, errTransient)
		}
		if len(starts) != 3 {
			t.Errorf("attempts started at %v; want 3 attempts, at 0s, 1s and 2s", starts)
		}
		if took := time.Since(start); took != 2*time.Second {
			t.Errorf("loop took %v; want 2s: it must not sleep past the context's deadline", took)
		}
	})
}

func TestSynctestCancelDuringWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		p := retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(time.Hour), Timeout: retry.Unlimited}

		var took time.Duration
		go func() {
			start := time.Now()
			_ = retry.Do(ctx, p, func(context.Context) error { return errTransient })
			took = time.Since(start)
		}()
		time.Sleep(time.Minute) // virtual: the loop is waiting its hour
		cancel()
		synctest.Wait()
		if took != time.Minute {
			t.Errorf("Do returned after %v; want 1m, the moment its context was cancelled", took)
		}
	})
}

func TestSynctestAttemptTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := retry.Policy{On: retry.OnErrors(context.DeadlineExceeded), Attempts: 3,
			Backoff: backoff.Constant(time.Second), AttemptTimeout: 10 * time.Second}
		start := time.Now()
		err := retry.Do(t.Context(), p, func(ctx context.Context) error {
			<-ctx.Done() // a call that hangs until its own deadline
			return ctx.Err()
		})
		if err != context.DeadlineExceeded {
			t.Errorf("Do(...) = %v; want %v", err, context.DeadlineExceeded)
		}
		if took, want := time.Since(start), 32*time.Second; took != want {
			t.Errorf("Do took %v; want %v: three 10s attempts and two 1s waits", took, want)
		}
	})
}

func TestSynctestTimeoutCountsFromStart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(time.Second), Timeout: 10 * time.Second,
			Attempts: retry.Unlimited}
		start := time.Now()
		n := 0
		for a := range retry.Attempts(t.Context(), p) {
			n++
			time.Sleep(2 * time.Second) // the attempt's own work
			a.Done(errTransient)
		}
		// Attempts at 0s, 3s and 6s end at 2s, 5s and 8s; a 1s wait after
		// the third would end at 9s, before the deadline, so a fourth runs
		// from 9s to 11s, and the loop then gives up at once.
		if n != 4 {
			t.Errorf("attempts = %d; want 4", n)
		}
		if took := time.Since(start); took != 11*time.Second {
			t.Errorf("loop took %v; want 11s", took)
		}
	})
}

// A loop outside a bubble may reuse the timer of an earlier loop. Timers
// must not cross into or out of bubbles: a bubbled loop would wait on real
// time, and an outside loop resetting a bubble's timer aborts the process.
func TestSynctestTimersStayInTheirBubble(t *testing.T) {
	outside := func() {
		p := retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(1), Attempts: 3}
		for range 3 {
			if _, err := realLoop(t.Context(), p, 3, errTransient); err != nil {
				t.Fatalf("loop outside a bubble ended with %v; want success", err)
			}
		}
	}
	outside()
	synctest.Test(t, func(t *testing.T) {
		p := retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(time.Hour), Attempts: 3, Timeout: retry.Unlimited}
		starts, err := realLoop(t.Context(), p, 3, errTransient)
		if err != nil || len(starts) != 3 || starts[2] != 2*time.Hour {
			t.Errorf("loop in a bubble started attempts at %v and ended with %v; want 0s, 1h, 2h and success",
				starts, err)
		}
	})
	outside()
}

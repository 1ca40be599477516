package retry_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
	"github.com/stamina-go/retry/internal/clock"
)

// run is the outcome of a loop run by runLoop.
type run struct {
	Starts  []time.Duration // the fake time since t0 at which each attempt started
	Decided []bool          // what Done returned in each attempt
	Err     error           // the error of the last attempt
	GaveUp  retry.Reason    // 0 if the loop did not give up
}

// runLoop runs a loop on an auto-advancing fake clock, so that time passes
// only through the loop's waits and the body's own calls to c.Advance.
// The body returns the attempt's outcome; runLoop passes it to Done.
func runLoop(ctx context.Context, p retry.Policy, body func(c *clock.Fake, a *retry.Attempt) error) run {
	ctx, c := withFakeClock(ctx)
	c.SetAutoAdvance(true)

	var r run
	p.Hooks = append(p.Hooks, retry.HookFunc(func(_ context.Context, e retry.Event) {
		if e.Kind == retry.GaveUp {
			r.GaveUp = e.Reason
		}
	}))
	for a := range retry.Attempts(ctx, p) {
		r.Starts = append(r.Starts, c.Now().Sub(t0))
		r.Err = body(c, a)
		r.Decided = append(r.Decided, a.Done(r.Err))
	}
	return r
}

// failN returns a body that fails with err n times, then succeeds.
func failN(n int, err error) func(*clock.Fake, *retry.Attempt) error {
	return func(_ *clock.Fake, a *retry.Attempt) error {
		if a.Num() <= n {
			return err
		}
		return nil
	}
}

// seconds returns durations of whole seconds.
func seconds(s ...int) []time.Duration {
	d := make([]time.Duration, len(s))
	for i, n := range s {
		d[i] = time.Duration(n) * time.Second
	}
	return d
}

// canceled returns a context that is already done.
func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func TestAttemptsRules(t *testing.T) {
	onTransient := retry.OnErrors(errTransient)
	constant := backoff.Constant(time.Second)

	tests := []struct {
		name   string
		ctx    context.Context
		policy retry.Policy
		body   func(*clock.Fake, *retry.Attempt) error
		want   run
		reason string
	}{{
		name:   "first attempt succeeds",
		policy: retry.Policy{On: retry.OnAny},
		body:   failN(0, errTransient),
		want:   run{Starts: seconds(0), Decided: []bool{false}},
	}, {
		name:   "retried until success",
		policy: retry.Policy{On: onTransient, Backoff: constant},
		body:   failN(2, errTransient),
		want:   run{Starts: seconds(0, 1, 2), Decided: []bool{true, true, false}},
	}, {
		name:   "not retryable",
		policy: retry.Policy{On: onTransient, Backoff: constant},
		body:   failN(5, errFatal),
		want:   run{Starts: seconds(0), Decided: []bool{false}, Err: errFatal, GaveUp: retry.NotRetryable},
	}, {
		name:   "wrapped error matched with errors.Is",
		policy: retry.Policy{On: onTransient, Backoff: constant},
		body:   failN(1, fmt.Errorf("dial: %w", errTransient)),
		want:   run{Starts: seconds(0, 1), Decided: []bool{true, false}},
	}, {
		name:   "attempts exhausted",
		policy: retry.Policy{On: onTransient, Backoff: constant, Attempts: 3},
		body:   failN(5, errTransient),
		want: run{Starts: seconds(0, 1, 2), Decided: []bool{true, true, false},
			Err: errTransient, GaveUp: retry.Exhausted},
	}, {
		name:   "default of 10 attempts",
		policy: retry.Policy{On: onTransient, Backoff: backoff.Constant(time.Millisecond)},
		body:   failN(100, errTransient),
		want: run{
			Starts:  []time.Duration{0, 1e6, 2e6, 3e6, 4e6, 5e6, 6e6, 7e6, 8e6, 9e6},
			Decided: []bool{true, true, true, true, true, true, true, true, true, false},
			Err:     errTransient, GaveUp: retry.Exhausted},
	}, {
		name:   "one attempt",
		policy: retry.Policy{On: onTransient, Attempts: 1},
		body:   failN(5, errTransient),
		want:   run{Starts: seconds(0), Decided: []bool{false}, Err: errTransient, GaveUp: retry.Exhausted},
	}, {
		name:   "unlimited attempts end at the timeout",
		policy: retry.Policy{On: onTransient, Backoff: constant, Attempts: retry.Unlimited, Timeout: 5 * time.Second},
		body:   failN(100, errTransient),
		want: run{Starts: seconds(0, 1, 2, 3, 4), Decided: []bool{true, true, true, true, false},
			Err: errTransient, GaveUp: retry.Timeout},
		reason: "the wait after the 5th attempt would end at the deadline, so the loop gives up",
	}, {
		name:   "exponential backoff without jitter",
		policy: retry.Policy{On: onTransient, Backoff: backoff.Exponential{Initial: time.Second, Max: 5 * time.Second, Base: 2}},
		body:   failN(4, errTransient),
		want:   run{Starts: seconds(0, 1, 3, 7, 12), Decided: []bool{true, true, true, true, false}},
		reason: "waits 1s, 2s, 4s, then 5s capped",
	}, {
		name:   "the error's RetryAfter hint replaces the backoff",
		policy: retry.Policy{On: retry.OnAny, Backoff: constant},
		body:   failN(1, fmt.Errorf("wrapped: %w", hintError{7 * time.Second})),
		want:   run{Starts: seconds(0, 7), Decided: []bool{true, false}},
	}, {
		name:   "a hint in a joined error counts",
		policy: retry.Policy{On: retry.OnAny, Backoff: constant},
		body:   failN(1, errors.Join(errTransient, hintError{3 * time.Second})),
		want:   run{Starts: seconds(0, 3), Decided: []bool{true, false}},
	}, {
		name:   "a negative hint defers to the backoff",
		policy: retry.Policy{On: retry.OnAny, Backoff: constant},
		body:   failN(1, hintError{-time.Hour}),
		want:   run{Starts: seconds(0, 1), Decided: []bool{true, false}},
	}, {
		name:   "a zero hint waits nothing",
		policy: retry.Policy{On: retry.OnAny, Backoff: constant},
		body:   failN(1, hintError{0}),
		want:   run{Starts: seconds(0, 0), Decided: []bool{true, false}},
	}, {
		name:   "a hint past the timeout gives up at once",
		policy: retry.Policy{On: retry.OnAny, Timeout: time.Minute},
		body:   failN(1, hintError{time.Hour}),
		want:   run{Starts: seconds(0), Decided: []bool{false}, Err: hintError{time.Hour}, GaveUp: retry.Timeout},
	}, {
		name:   "a wait ending exactly at the deadline is not started",
		policy: retry.Policy{On: retry.OnAny, Backoff: constant, Timeout: 3 * time.Second},
		body: func(c *clock.Fake, a *retry.Attempt) error {
			c.Advance(time.Second)
			return errTransient
		},
		want:   run{Starts: seconds(0, 2), Decided: []bool{true, false}, Err: errTransient, GaveUp: retry.Timeout},
		reason: "the second attempt ends at 3s; a 1s wait would end at 4s, past the 3s budget",
	}, {
		name:   "the timeout counts the attempts' own time",
		policy: retry.Policy{On: retry.OnAny, Backoff: constant, Timeout: 10 * time.Second},
		body: func(c *clock.Fake, a *retry.Attempt) error {
			c.Advance(4 * time.Second)
			return errTransient
		},
		want: run{Starts: seconds(0, 5), Decided: []bool{true, false}, Err: errTransient, GaveUp: retry.Timeout},
	}, {
		name:   "unlimited timeout",
		policy: retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(time.Hour), Timeout: retry.Unlimited, Attempts: 3},
		body:   failN(5, errTransient),
		want: run{Starts: []time.Duration{0, time.Hour, 2 * time.Hour}, Decided: []bool{true, true, false},
			Err: errTransient, GaveUp: retry.Exhausted},
	}, {
		name:   "a done context ends the loop after the first attempt",
		ctx:    canceled(),
		policy: retry.Policy{On: retry.OnAny},
		body:   failN(5, errTransient),
		want:   run{Starts: seconds(0), Decided: []bool{false}, Err: errTransient, GaveUp: retry.Canceled},
		reason: "the body runs once even when the context is done before the loop starts",
	}, {
		name:   "a done context does not undo success",
		ctx:    canceled(),
		policy: retry.Policy{On: retry.OnAny},
		body:   failN(0, errTransient),
		want:   run{Starts: seconds(0), Decided: []bool{false}},
	}, {
		name:   "On is asked before the context",
		ctx:    canceled(),
		policy: retry.Policy{On: onTransient},
		body:   failN(5, errFatal),
		want:   run{Starts: seconds(0), Decided: []bool{false}, Err: errFatal, GaveUp: retry.NotRetryable},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := tt.ctx
			if ctx == nil {
				ctx = t.Context()
			}
			got := runLoop(ctx, tt.policy, tt.body)
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(sameError)); diff != "" {
				t.Errorf("loop mismatch (-want +got):\n%s\n%s", diff, tt.reason)
			}
		})
	}
}

// sameError compares errors by identity, and errors of the same comparable
// type by value.
func sameError(a, b error) bool {
	return a == b || (a != nil && b != nil && a.Error() == b.Error() && fmt.Sprintf("%T", a) == fmt.Sprintf("%T", b))
}

func TestAttemptsNoDoneIsSuccess(t *testing.T) {
	n := 0
	for range retry.Attempts(t.Context(), retry.Policy{On: retry.OnAny}) {
		n++
	}
	if n != 1 {
		t.Errorf("attempts = %d; want 1", n)
	}
}

func TestAttemptsBackoffArguments(t *testing.T) {
	type call struct {
		Retry int
		Prev  time.Duration
	}
	var calls []call
	strategy := strategyFunc(func(retry int, prev time.Duration) time.Duration {
		calls = append(calls, call{retry, prev})
		return time.Duration(retry) * time.Second
	})
	runLoop(t.Context(), retry.Policy{On: retry.OnAny, Backoff: strategy, Attempts: 4}, failN(10, errTransient))

	want := []call{{1, 0}, {2, time.Second}, {3, 2 * time.Second}}
	if diff := cmp.Diff(want, calls); diff != "" {
		t.Errorf("Delay calls mismatch (-want +got):\n%s", diff)
	}
}

func TestAttemptsNegativeStrategyWaitsNothing(t *testing.T) {
	strategy := strategyFunc(func(int, time.Duration) time.Duration { return -time.Hour })
	got := runLoop(t.Context(), retry.Policy{On: retry.OnAny, Backoff: strategy}, failN(2, errTransient))
	if diff := cmp.Diff(seconds(0, 0, 0), got.Starts); diff != "" {
		t.Errorf("attempt starts mismatch (-want +got):\n%s", diff)
	}
}

type strategyFunc func(retry int, prev time.Duration) time.Duration

func (f strategyFunc) Delay(retry int, prev time.Duration) time.Duration { return f(retry, prev) }

func TestAttemptsOneTimerForAllWaits(t *testing.T) {
	ctx, c := withFakeClock(t.Context())
	c.SetAutoAdvance(true)
	var err error
	for a := range retry.Attempts(ctx, retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(time.Second)}) {
		err = errTransient
		a.Done(err)
	}
	if got := c.Created(); got != 1 {
		t.Errorf("timers created = %d; want 1 for 9 waits", got)
	}
	if got := c.Pending(); got != 0 {
		t.Errorf("timers pending after the loop = %d; want 0", got)
	}
}

func TestAttemptsCancelDuringWait(t *testing.T) {
	ctx, cancel := context.WithCancelCause(t.Context())
	ctx, c := withFakeClock(ctx)
	stop := errors.New("shutting down")

	var reason retry.Reason
	p := retry.Policy{
		On:      retry.OnAny,
		Backoff: backoff.Constant(time.Hour),
		Timeout: retry.Unlimited,
		Hooks: []retry.Hook{retry.HookFunc(func(_ context.Context, e retry.Event) {
			if e.Kind == retry.GaveUp {
				reason = e.Reason
			}
		})},
	}
	done := make(chan int, 1)
	loopEnded, endLoop := context.WithCancel(t.Context())
	go func() {
		defer endLoop()
		n := 0
		for a := range retry.Attempts(ctx, p) {
			n++
			a.Done(errTransient)
		}
		done <- n
	}()

	if err := c.BlockUntil(loopEnded, 1); err != nil {
		t.Fatal("the loop ended before it waited")
	}
	cancel(stop)
	if n := <-done; n != 1 {
		t.Errorf("attempts = %d; want 1", n)
	}
	if reason != retry.Canceled {
		t.Errorf("gave up for %v; want %v", reason, retry.Canceled)
	}
	if got := c.Pending(); got != 0 {
		t.Errorf("timers pending after the loop = %d; want 0", got)
	}
	if got := c.Now(); !got.Equal(t0) {
		t.Errorf("clock moved to %v; the loop should not need time to end", got)
	}
}

func TestAttemptsBreak(t *testing.T) {
	ctx, c := withFakeClock(t.Context())
	c.SetAutoAdvance(true)
	p := retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(time.Second), AttemptTimeout: time.Minute}

	n := 0
	var attemptCtx context.Context
	for a := range retry.Attempts(ctx, p) {
		n++
		attemptCtx = a.Context()
		if a.Num() == 2 {
			break
		}
		a.Done(errTransient)
	}
	if n != 2 {
		t.Errorf("attempts = %d; want 2", n)
	}
	if attemptCtx.Err() == nil {
		t.Error("the attempt's context is not cancelled after break")
	}
	if got := c.Pending(); got != 0 {
		t.Errorf("timers pending after break = %d; want 0", got)
	}
}

func TestAttemptsBreakAfterDone(t *testing.T) {
	n := 0
	for a := range retry.Attempts(t.Context(), retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(0)}) {
		n++
		if a.Done(errTransient) {
			break
		}
	}
	if n != 1 {
		t.Errorf("attempts = %d; want 1: break after a Done that decided to retry ends the loop", n)
	}
}

func TestAttemptsReturnFromBody(t *testing.T) {
	find := func() int {
		for a := range retry.Attempts(t.Context(), retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(0)}) {
			if a.Num() == 3 {
				return a.Num()
			}
			a.Done(errTransient)
		}
		return -1
	}
	if got := find(); got != 3 {
		t.Errorf("find() = %d; want 3", got)
	}
}

func TestAttemptsPanicPropagates(t *testing.T) {
	type boom struct{ n int }
	p := retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(0), AttemptTimeout: time.Minute}
	var attemptCtx context.Context
	defer func() {
		got := recover()
		if got != (boom{2}) {
			t.Errorf("recovered %v; want %v", got, boom{2})
		}
		if attemptCtx.Err() == nil {
			t.Error("the attempt's context is not cancelled after a panic")
		}
	}()
	for a := range retry.Attempts(t.Context(), p) {
		attemptCtx = a.Context()
		if a.Num() == 2 {
			panic(boom{2})
		}
		a.Done(errTransient)
	}
}

func TestAttemptDoneMisuse(t *testing.T) {
	tests := []struct {
		name string
		loop func()
	}{{
		name: "Done twice",
		loop: func() {
			for a := range retry.Attempts(context.Background(), retry.Policy{On: retry.OnAny}) {
				a.Done(errTransient)
				a.Done(nil)
			}
		},
	}, {
		name: "Done after the loop",
		loop: func() {
			var saved *retry.Attempt
			for a := range retry.Attempts(context.Background(), retry.Policy{On: retry.OnAny}) {
				saved = a
			}
			saved.Done(nil)
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := panicMessage(tt.loop)
			if !strings.HasPrefix(msg, "retry: Attempt.Done") {
				t.Errorf("panic = %q; want a message starting %q", msg, "retry: Attempt.Done")
			}
		})
	}
}

// panicMessage returns the message of the panic f raises, or "" if none.
func panicMessage(f func()) (msg string) {
	defer func() {
		switch r := recover().(type) {
		case nil:
		case error:
			msg = r.Error()
		default:
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

func TestAttemptsInvalidPolicyPanics(t *testing.T) {
	tests := []struct {
		name string
		ctx  context.Context
		p    retry.Policy
		want string
	}{
		{"nil On", context.Background(), retry.Policy{}, "retry: invalid policy: On is nil"},
		{"nil context", nil, retry.Policy{On: retry.OnAny}, "retry: nil Context"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ran := false
			msg := panicMessage(func() {
				for range retry.Attempts(tt.ctx, tt.p) {
					ran = true
				}
			})
			if !strings.HasPrefix(msg, tt.want) {
				t.Errorf("panic = %q; want a message starting %q", msg, tt.want)
			}
			if ran {
				t.Error("the body ran despite the panic")
			}
		})
	}
}

func TestAttemptsSequenceIsReusable(t *testing.T) {
	seq := retry.Attempts(t.Context(), retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(0), Attempts: 2})
	for range 2 {
		n := 0
		for a := range seq {
			n++
			a.Done(errTransient)
		}
		if n != 2 {
			t.Errorf("attempts = %d; want 2 on each range", n)
		}
	}
}

func TestNextWait(t *testing.T) {
	p := retry.Policy{On: retry.OnAny, Attempts: 4} // backoff.Default, with jitter
	ctx, c := withFakeClock(t.Context())
	c.SetAutoAdvance(true)

	var planned, after []time.Duration
	var starts []time.Time
	for a := range retry.Attempts(ctx, p) {
		starts = append(starts, c.Now())
		planned = append(planned, a.NextWait())
		if a.NextWait() != planned[len(planned)-1] {
			t.Error("NextWait changed between two calls in one attempt")
		}
		var err error = errTransient
		if a.Num() == 2 {
			err = hintError{42 * time.Second}
		}
		a.Done(err)
		after = append(after, a.NextWait())
	}

	if planned[3] != 0 || after[3] != 0 {
		t.Errorf("NextWait on the last attempt = %v before Done, %v after; want 0, 0", planned[3], after[3])
	}
	if after[1] != 42*time.Second {
		t.Errorf("NextWait after Done with a hint = %v; want 42s", after[1])
	}
	for i := range 3 {
		waited := starts[i+1].Sub(starts[i])
		if waited != after[i] {
			t.Errorf("attempt %d: waited %v; NextWait after Done said %v", i+1, waited, after[i])
		}
		if i != 1 && planned[i] != after[i] {
			t.Errorf("attempt %d: NextWait = %v before Done, %v after; want the same", i+1, planned[i], after[i])
		}
	}
	// Default: 100ms, 200ms, 400ms, each plus up to 1s of jitter.
	for i, base := range []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond} {
		if w := planned[i]; w < base || w > base+time.Second {
			t.Errorf("NextWait before retry %d = %v; want in [%v, %v]", i+1, w, base, base+time.Second)
		}
	}
}

func TestNextWaitAfterSuccessOrGivingUp(t *testing.T) {
	for _, err := range []error{nil, errFatal} {
		for a := range retry.Attempts(t.Context(), retry.Policy{On: retry.OnErrors(errTransient)}) {
			a.Done(err)
			if got := a.NextWait(); got != 0 {
				t.Errorf("NextWait after Done(%v) = %v; want 0", err, got)
			}
		}
	}
}

func TestAttemptContext(t *testing.T) {
	type key struct{}
	parent := context.WithValue(t.Context(), key{}, "v")
	ctx, c := withFakeClock(parent)
	c.SetAutoAdvance(true)

	t.Run("without AttemptTimeout", func(t *testing.T) {
		for a := range retry.Attempts(ctx, retry.Policy{On: retry.OnAny, Attempts: 2, Backoff: backoff.Constant(0)}) {
			got := a.Context()
			if a.Num() == 1 && got != ctx {
				t.Error("first attempt's Context() is not the loop's context")
			}
			if _, ok := got.Deadline(); ok {
				t.Errorf("attempt %d: Context() has a deadline; want none", a.Num())
			}
			if got.Value(key{}) != "v" {
				t.Errorf("attempt %d: Context() lost the parent's values", a.Num())
			}
			a.Done(errTransient)
		}
	})

	t.Run("with AttemptTimeout", func(t *testing.T) {
		var ctxs []context.Context
		p := retry.Policy{On: retry.OnAny, Attempts: 2, Backoff: backoff.Constant(0), AttemptTimeout: time.Hour}
		for a := range retry.Attempts(ctx, p) {
			got := a.Context()
			if a.Context() != got {
				t.Error("Context() returned different contexts within one attempt")
			}
			d, ok := got.Deadline()
			if !ok || time.Until(d) > time.Hour || time.Until(d) < 59*time.Minute {
				t.Errorf("attempt %d: deadline in %v (ok %v); want about 1h", a.Num(), time.Until(d), ok)
			}
			if got.Err() != nil {
				t.Errorf("attempt %d: Context() is done during the attempt: %v", a.Num(), got.Err())
			}
			ctxs = append(ctxs, got)
			a.Done(errTransient)
		}
		for i, c := range ctxs {
			if c.Err() == nil {
				t.Errorf("attempt %d's context is not cancelled after the attempt", i+1)
			}
		}
	})
}

func TestWaitCountsFromTheDecision(t *testing.T) {
	tests := []struct {
		name      string
		hookTakes time.Duration // how long the Scheduled hook takes
		wait      time.Duration
		want      time.Duration // when the second attempt starts
		timers    int           // timers the loop makes
		reason    string
	}{
		{"quick hooks", 0, time.Second, time.Second, 1, ""},
		{"slow hooks", 400 * time.Millisecond, time.Second, time.Second, 1,
			"the hook's 400ms count toward the 1s wait"},
		{"hooks outlast the wait", 3 * time.Second, time.Second, 3 * time.Second, 0,
			"a wait already over needs no timer"},
		{"huge wait", 0, time.Duration(1<<63 - 1), time.Duration(1<<63 - 1), 1,
			"a wait that saturates the clock's arithmetic is still waited in full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, c := withFakeClock(t.Context())
			c.SetAutoAdvance(true)
			slow := retry.HookFunc(func(_ context.Context, e retry.Event) {
				if e.Kind == retry.Scheduled {
					c.Advance(tt.hookTakes)
				}
			})
			p := retry.Policy{On: retry.OnAny, Attempts: 2, Timeout: retry.Unlimited,
				Backoff: backoff.Constant(tt.wait), Hooks: []retry.Hook{slow}}
			var starts []time.Duration
			for a := range retry.Attempts(ctx, p) {
				starts = append(starts, c.Now().Sub(t0))
				a.Done(errTransient)
			}
			if len(starts) != 2 || starts[1] != tt.want {
				t.Errorf("attempts started at %v; want 0s and %v %s", starts, tt.want, tt.reason)
			}
			if got := c.Created(); got != tt.timers {
				t.Errorf("timers made = %d; want %d %s", got, tt.timers, tt.reason)
			}
		})
	}
}

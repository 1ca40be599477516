package retry_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
)

func TestDoReturnsLastErrorUnchanged(t *testing.T) {
	lastErr := &codeError{503}
	tests := []struct {
		name   string
		p      retry.Policy
		fail   int // calls that fail before one succeeds
		err    error
		want   error
		calls  int
		reason string
	}{
		{name: "success", p: retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(0)},
			fail: 2, err: lastErr, want: nil, calls: 3},
		{name: "not retryable", p: retry.Policy{On: retry.OnErrors(errTransient)},
			fail: 5, err: lastErr, want: lastErr, calls: 1},
		{name: "attempts exhausted", p: retry.Policy{On: retry.OnAny, Attempts: 3, Backoff: backoff.Constant(0)},
			fail: 5, err: lastErr, want: lastErr, calls: 3},
		{name: "timeout", p: retry.Policy{On: retry.OnAny, Timeout: time.Second, Backoff: backoff.Constant(time.Hour)},
			fail: 5, err: lastErr, want: lastErr, calls: 1,
			reason: "the first wait would pass the timeout, so Do gives up with the error as it is"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, c := withFakeClock(t.Context())
			c.SetAutoAdvance(true)
			calls := 0
			err := retry.Do(ctx, tt.p, func(context.Context) error {
				calls++
				if calls <= tt.fail {
					return tt.err
				}
				return nil
			})
			if err != tt.want {
				t.Errorf("Do(...) = %v; want %v (the same value) %s", err, tt.want, tt.reason)
			}
			if calls != tt.calls {
				t.Errorf("Do(...) called fn %d times; want %d", calls, tt.calls)
			}
		})
	}
}

func TestDoContextEndsDuringWait(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	ctx, c := withFakeClock(ctx)
	lastErr := &codeError{503}
	p := retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(time.Hour), Timeout: retry.Unlimited}

	done := make(chan error, 1)
	loopEnded, endLoop := context.WithCancel(t.Context())
	go func() {
		defer endLoop()
		done <- retry.Do(ctx, p, func(context.Context) error { return lastErr })
	}()
	if err := c.BlockUntil(loopEnded, 1); err != nil {
		t.Fatal("Do returned before it waited")
	}
	cancel()

	err := <-done
	if !errors.Is(err, context.Canceled) || !errors.Is(err, lastErr) {
		t.Errorf("Do(...) = %v; want an error matching both context.Canceled and the last error", err)
	}
	var ce *codeError
	if !errors.As(err, &ce) || ce != lastErr {
		t.Errorf("errors.As(Do(...), *codeError) found %v; want the last error", ce)
	}
	if !strings.HasPrefix(err.Error(), "retry: ") || !strings.Contains(err.Error(), lastErr.Error()) {
		t.Errorf("Do(...) = %q; want a retry: message naming the last error", err)
	}
}

func TestDoContextCause(t *testing.T) {
	shutdown := errors.New("shutting down")
	ctx, cancel := context.WithCancelCause(t.Context())
	ctx, c := withFakeClock(ctx)
	p := retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(time.Hour), Timeout: retry.Unlimited}

	done := make(chan error, 1)
	go func() { done <- retry.Do(ctx, p, func(context.Context) error { return errTransient }) }()
	if err := c.BlockUntil(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	cancel(shutdown)

	err := <-done
	for _, target := range []error{context.Canceled, shutdown, errTransient} {
		if !errors.Is(err, target) {
			t.Errorf("Do(...) = %v; want it to match %v", err, target)
		}
	}
	if !strings.Contains(err.Error(), "shutting down") {
		t.Errorf("Do(...) = %q; want the cause in the message", err)
	}
}

func TestDoContextDoneBeforeStart(t *testing.T) {
	calls := 0
	err := retry.Do(canceled(), retry.Policy{On: retry.OnAny}, func(context.Context) error {
		calls++
		return errTransient
	})
	if calls != 1 {
		t.Errorf("fn called %d times; want 1", calls)
	}
	if !errors.Is(err, context.Canceled) || !errors.Is(err, errTransient) {
		t.Errorf("Do(...) = %v; want it to match context.Canceled and the last error", err)
	}

	// An error that already says the context ended is returned as it is.
	err = retry.Do(canceled(), retry.Policy{On: retry.OnAny}, func(ctx context.Context) error { return ctx.Err() })
	if err != context.Canceled {
		t.Errorf("Do(...) = %v; want context.Canceled itself", err)
	}
}

func TestDoInvalidPolicy(t *testing.T) {
	called := false
	err := retry.Do(t.Context(), retry.Policy{}, func(context.Context) error {
		called = true
		return nil
	})
	if !errors.Is(err, retry.ErrInvalidPolicy) {
		t.Errorf("Do(invalid) = %v; want ErrInvalidPolicy", err)
	}
	if called {
		t.Error("Do called fn with an invalid policy")
	}

	v, err := retry.DoValue(t.Context(), retry.Policy{Attempts: -3, On: retry.OnAny},
		func(context.Context) (int, error) { called = true; return 1, nil })
	if !errors.Is(err, retry.ErrInvalidPolicy) || v != 0 || called {
		t.Errorf("DoValue(invalid) = %v, %v (called %v); want 0, ErrInvalidPolicy, not called", v, err, called)
	}
}

func TestDoValue(t *testing.T) {
	calls := 0
	v, err := retry.DoValue(t.Context(), retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(0)},
		func(context.Context) (string, error) {
			calls++
			if calls < 3 {
				return "partial", errTransient
			}
			return "whole", nil
		})
	if v != "whole" || err != nil || calls != 3 {
		t.Errorf("DoValue(...) = %q, %v after %d calls; want %q, nil after 3", v, err, calls, "whole")
	}

	v, err = retry.DoValue(t.Context(), retry.Policy{On: retry.OnAny, Attempts: 2, Backoff: backoff.Constant(0)},
		func(context.Context) (string, error) { return "last", errTransient })
	if v != "last" || err != errTransient {
		t.Errorf("DoValue(...) = %q, %v; want the last call's %q, %v", v, err, "last", errTransient)
	}
}

func TestDoPassesAttemptContext(t *testing.T) {
	p := retry.Policy{On: retry.OnAny, AttemptTimeout: time.Hour, Attempts: 2, Backoff: backoff.Constant(0)}
	var ctxs []context.Context
	_ = retry.Do(t.Context(), p, func(ctx context.Context) error {
		if _, ok := ctx.Deadline(); !ok {
			t.Error("fn's context has no deadline; want Policy.AttemptTimeout's")
		}
		ctxs = append(ctxs, ctx)
		return errTransient
	})
	for i, ctx := range ctxs {
		if ctx.Err() == nil {
			t.Errorf("attempt %d's context is not cancelled after Do", i+1)
		}
	}
}

func TestDoPanicPropagates(t *testing.T) {
	msg := panicMessage(func() {
		_ = retry.Do(t.Context(), retry.Policy{On: retry.OnAny}, func(context.Context) error { panic("boom") })
	})
	if msg != "boom" {
		t.Errorf("panic = %q; want %q", msg, "boom")
	}
}

func TestWrap(t *testing.T) {
	calls := 0
	fetch := retry.Wrap(retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(0)}, func(context.Context) error {
		calls++
		if calls < 2 {
			return errTransient
		}
		return nil
	})
	if err := fetch(t.Context()); err != nil || calls != 2 {
		t.Errorf("wrapped fn = %v after %d calls; want nil after 2", err, calls)
	}

	count := retry.WrapValue(retry.Policy{On: retry.OnAny}, func(context.Context) (int, error) { return 7, nil })
	if v, err := count(t.Context()); v != 7 || err != nil {
		t.Errorf("wrapped fn = %v, %v; want 7, nil", v, err)
	}

	msg := panicMessage(func() { retry.Wrap(retry.Policy{}, func(context.Context) error { return nil }) })
	if !strings.HasPrefix(msg, "retry: invalid policy: On is nil") {
		t.Errorf("Wrap(invalid) panic = %q; want a retry: invalid policy message", msg)
	}
	msg = panicMessage(func() {
		retry.WrapValue(retry.Policy{}, func(context.Context) (int, error) { return 0, nil })
	})
	if !strings.HasPrefix(msg, "retry: invalid policy: On is nil") {
		t.Errorf("WrapValue(invalid) panic = %q; want a retry: invalid policy message", msg)
	}
}

func TestPolicyConcurrentUse(t *testing.T) {
	p := retry.Policy{On: retry.OnAny, Attempts: 3, Backoff: backoff.Constant(0),
		Hooks: []retry.Hook{retry.HookFunc(func(context.Context, retry.Event) {})}}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			errs <- retry.Do(t.Context(), p, func(context.Context) error { return errTransient })
		}()
	}
	for range 8 {
		if err := <-errs; err != errTransient {
			t.Errorf("Do(...) = %v; want %v", err, errTransient)
		}
	}
}

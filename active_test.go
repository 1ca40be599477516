package retry_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
	"github.com/stamina-go/retry/internal/clock"
)

// These tests change process-wide switches, so none of them is parallel.

func TestSetActive(t *testing.T) {
	if !retry.IsActive() {
		t.Fatal("IsActive() = false at the start; want true")
	}
	retry.SetActive(false)
	defer retry.SetActive(true)
	if retry.IsActive() {
		t.Fatal("IsActive() = true after SetActive(false)")
	}

	hooked := 0
	p := retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(time.Second),
		Hooks: []retry.Hook{retry.HookFunc(func(context.Context, retry.Event) { hooked++ })}}
	got := runLoop(t.Context(), p, func(c *clock.Fake, a *retry.Attempt) error {
		if w := a.NextWait(); w != 0 {
			t.Errorf("NextWait() = %v with retrying off; want 0", w)
		}
		return errTransient
	})
	want := run{Starts: seconds(0), Decided: []bool{false}, Err: errTransient}
	if diff := cmp.Diff(want, got, cmp.Comparer(sameError)); diff != "" {
		t.Errorf("loop mismatch (-want +got):\n%s", diff)
	}
	if hooked != 0 {
		t.Errorf("hooks called %d times with retrying off; want 0", hooked)
	}

	if err := retry.Do(t.Context(), p, func(context.Context) error { return errTransient }); err != errTransient {
		t.Errorf("Do(...) = %v; want %v unchanged", err, errTransient)
	}
}

func TestSetTesting(t *testing.T) {
	tests := []struct {
		name     string
		opts     []retry.TestingOption
		attempts int // Policy.Attempts
		want     int // attempts made
	}{
		{name: "one attempt by default", want: 1},
		{name: "fixed attempts", opts: []retry.TestingOption{retry.TestingAttempts(4)}, attempts: 2, want: 4},
		{name: "fixed attempts with unlimited policy", opts: []retry.TestingOption{retry.TestingAttempts(3)},
			attempts: retry.Unlimited, want: 3},
		{name: "capped by the policy", opts: []retry.TestingOption{retry.TestingAttempts(4), retry.TestingCap()},
			attempts: 2, want: 2},
		{name: "cap below the policy", opts: []retry.TestingOption{retry.TestingCap(), retry.TestingAttempts(3)},
			attempts: 5, want: 3},
		{name: "cap with unlimited policy", opts: []retry.TestingOption{retry.TestingAttempts(3), retry.TestingCap()},
			attempts: retry.Unlimited, want: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			restore := retry.SetTesting(true, tt.opts...)
			defer restore()
			if !retry.IsTesting() {
				t.Fatal("IsTesting() = false after SetTesting(true)")
			}

			events := 0
			p := retry.Policy{On: retry.OnAny, Attempts: tt.attempts, Backoff: backoff.Constant(time.Hour),
				Hooks: []retry.Hook{retry.HookFunc(func(context.Context, retry.Event) { events++ })}}
			got := runLoop(t.Context(), p, func(_ *clock.Fake, a *retry.Attempt) error {
				if w := a.NextWait(); w != 0 {
					t.Errorf("NextWait() = %v in testing mode; want 0", w)
				}
				return hintError{time.Minute}
			})
			if len(got.Starts) != tt.want {
				t.Errorf("attempts = %d; want %d", len(got.Starts), tt.want)
			}
			for i, s := range got.Starts {
				if s != 0 {
					t.Errorf("attempt %d started at %v; want 0: testing mode never waits", i+1, s)
				}
			}
			// Scheduled and WaitEnded per retry, then GaveUp.
			if want := 2*(tt.want-1) + 1; events != want {
				t.Errorf("hook events = %d; want %d: hooks run in testing mode", events, want)
			}
		})
	}
	if retry.IsTesting() {
		t.Error("IsTesting() = true after restore")
	}
}

func TestSetTestingRestoresPrevious(t *testing.T) {
	restoreOuter := retry.SetTesting(true, retry.TestingAttempts(2))
	restoreInner := retry.SetTesting(false)
	if retry.IsTesting() {
		t.Error("IsTesting() = true after SetTesting(false)")
	}
	restoreInner()
	n := 0
	for a := range retry.Attempts(t.Context(), retry.Policy{On: retry.OnAny}) {
		n++
		a.Done(errTransient)
	}
	if n != 2 {
		t.Errorf("attempts after restoring TestingAttempts(2) = %d; want 2", n)
	}
	restoreOuter()
	if retry.IsTesting() {
		t.Error("IsTesting() = true after restoring the original state")
	}
}

func TestTestingAttemptsPanics(t *testing.T) {
	msg := panicMessage(func() { retry.TestingAttempts(0) })
	if !strings.HasPrefix(msg, "retry: TestingAttempts") {
		t.Errorf("TestingAttempts(0) panic = %q; want a retry: message", msg)
	}
}

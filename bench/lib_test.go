package bench

import (
	"context"
	"errors"
	"math"
	"testing"
	"testing/synctest"
	"time"
)

// These tests check the harness, not the libraries: that each Lib
// function makes the calls its job says, so that the benchmarks compare
// the same work. They run in synctest bubbles, where waits take no time.

func TestCalls(t *testing.T) {
	tests := []struct {
		name    string
		job     string // "FirstTry" or "ThirdTry"
		fails   int
		want    int
		wantErr error
		reason  string
	}{
		{"FirstTry/succeeds", "FirstTry", 0, 1, nil, ""},
		{"FirstTry/gives up", "FirstTry", math.MaxInt, 10, ErrTransient,
			"the policy allows 10 attempts, and its waits add up to less than 45s"},
		{"ThirdTry/succeeds", "ThirdTry", 2, 3, nil, ""},
		{"ThirdTry/gives up", "ThirdTry", math.MaxInt, 10, ErrTransient,
			"the policy allows 10 attempts"},
	}
	for _, l := range Libs {
		for _, tt := range tests {
			t.Run(l.Name+"/"+tt.name, func(t *testing.T) {
				job, want := l.ThirdTry, tt.want
				if tt.job == "FirstTry" {
					job = l.FirstTry
					if l.Name == "plain" {
						want = 1 // a bare call, which never retries
					}
				}
				synctest.Test(t, func(t *testing.T) {
					op := NewOp(tt.fails, nil)
					err := job(t.Context(), op)
					if err != tt.wantErr {
						t.Errorf("%s(...) = %v; want %v", tt.job, err, tt.wantErr)
					}
					if got := op.Calls(); got != want {
						t.Errorf("%s(...) made %d calls; want %d. %s", tt.job, got, want, tt.reason)
					}
				})
			})
		}
	}
}

func TestCancel(t *testing.T) {
	for _, l := range Libs {
		if l.Cancel == nil {
			continue
		}
		t.Run(l.Name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(t.Context())
				op := NewOp(math.MaxInt, nil)
				done := make(chan error)
				start := time.Now()
				go func() { done <- l.Cancel(ctx, op) }()

				synctest.Wait()
				if got := op.Calls(); got != 1 {
					t.Fatalf("Cancel(...) made %d calls before its first wait; want 1", got)
				}
				time.Sleep(time.Minute)
				synctest.Wait()
				if got := op.Calls(); got != 1 {
					t.Fatalf("Cancel(...) made %d calls in its first minute; want 1, "+
						"as its first wait is an hour", got)
				}

				cancel()
				err := <-done
				if err == nil {
					t.Errorf("Cancel(...) = nil after cancel; want an error")
				}
				if got, want := time.Since(start), time.Minute; got != want {
					t.Errorf("Cancel(...) returned after %v; want %v, when ctx was cancelled", got, want)
				}
				if got := op.Calls(); got != 1 {
					t.Errorf("Cancel(...) made %d calls; want 1", got)
				}
			})
		})
	}
}

func TestOp(t *testing.T) {
	called := make(chan struct{}, 1)
	op := NewOp(2, called)
	for i, want := range []error{ErrTransient, ErrTransient, nil, nil} {
		if got := op.NoCtx(); got != want {
			t.Errorf("call %d = %v; want %v", i+1, got, want)
		}
	}
	select {
	case <-called:
	default:
		t.Errorf("NewOp(2, called): no value sent on called")
	}
	op.Reset()
	if got := op.Calls(); got != 0 {
		t.Errorf("Calls() after Reset = %d; want 0", got)
	}
	if _, err := op.Value(); err != ErrTransient {
		t.Errorf("Value() after Reset = %v; want %v", err, ErrTransient)
	}
	if err := op.Marked(context.Background()); !errors.Is(err, ErrTransient) || err == ErrTransient {
		t.Errorf("Marked(...) = %v; want %v wrapped as retryable", err, ErrTransient)
	}
}

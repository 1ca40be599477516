package retry_test

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
)

func TestPolicyValidate(t *testing.T) {
	tests := []struct {
		name string
		p    retry.Policy
		want []string // parts of the message; none: valid
	}{
		{name: "defaults", p: retry.Policy{On: retry.OnAny}},
		{name: "unlimited", p: retry.Policy{On: retry.OnAny, Attempts: retry.Unlimited, Timeout: retry.Unlimited}},
		{name: "every field set", p: retry.Policy{On: retry.OnAny, Attempts: 3, Timeout: time.Second,
			Backoff: backoff.Constant(time.Millisecond), AttemptTimeout: time.Second, Name: "x",
			Hooks: []retry.Hook{retry.HookFunc(nil)}}},
		{name: "nil On", p: retry.Policy{}, want: []string{"On is nil", "retry.OnErrors", "retry.OnAny"}},
		{name: "negative attempts", p: retry.Policy{On: retry.OnAny, Attempts: -2},
			want: []string{"Attempts is -2", "retry.Unlimited"}},
		{name: "negative timeout", p: retry.Policy{On: retry.OnAny, Timeout: -time.Second},
			want: []string{"Timeout is -1s", "positive duration"}},
		{name: "negative attempt timeout", p: retry.Policy{On: retry.OnAny, AttemptTimeout: -1},
			want: []string{"AttemptTimeout is -1ns"}},
		{name: "NaN base", p: retry.Policy{On: retry.OnAny, Backoff: backoff.Exponential{Base: math.NaN()}},
			want: []string{"Backoff: Exponential.Base is NaN"}},
		{name: "infinite base", p: retry.Policy{On: retry.OnAny, Backoff: backoff.Exponential{Base: math.Inf(1)}},
			want: []string{"Backoff: Exponential.Base is +Inf"}},
		{name: "max below initial", p: retry.Policy{On: retry.OnAny,
			Backoff: backoff.Exponential{Initial: time.Second, Max: time.Millisecond, Base: 2}},
			want: []string{"Exponential.Max (1ms) is below Exponential.Initial (1s)"}},
		{name: "negative constant", p: retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(-1)},
			want: []string{"Backoff: Constant is -1ns"}},
		{name: "hot loop", p: retry.Policy{On: retry.OnAny, Attempts: retry.Unlimited, Backoff: backoff.Constant(0)},
			want: []string{"never waits", "hot"}},
		{name: "hot loop with zero exponential", p: retry.Policy{On: retry.OnAny, Attempts: retry.Unlimited,
			Backoff: backoff.Exponential{Max: time.Second}}, want: []string{"never waits"}},
		{name: "hot loop with capped-out exponential", p: retry.Policy{On: retry.OnAny, Attempts: retry.Unlimited,
			Backoff: backoff.Exponential{Jitter: time.Second}}, want: []string{"never waits"}},
		{name: "hot loop with linear", p: retry.Policy{On: retry.OnAny, Attempts: retry.Unlimited,
			Backoff: backoff.Linear{Max: time.Second}}, want: []string{"never waits"}},
		{name: "hot loop with full jitter", p: retry.Policy{On: retry.OnAny, Attempts: retry.Unlimited,
			Backoff: backoff.FullJitter{Max: time.Second}}, want: []string{"never waits"}},
		{name: "hot loop with equal jitter", p: retry.Policy{On: retry.OnAny, Attempts: retry.Unlimited,
			Backoff: backoff.EqualJitter{Max: time.Second}}, want: []string{"never waits"}},
		{name: "hot loop with decorrelated jitter", p: retry.Policy{On: retry.OnAny, Attempts: retry.Unlimited,
			Backoff: backoff.DecorrelatedJitter{}}, want: []string{"never waits"}},
		{name: "unlimited with a waiting linear", p: retry.Policy{On: retry.OnAny, Attempts: retry.Unlimited,
			Backoff: backoff.Linear{Step: time.Second, Max: time.Minute}}},
		{name: "nil hook", p: retry.Policy{On: retry.OnAny, Hooks: []retry.Hook{nil}},
			want: []string{"Hooks[0] is nil"}},
		{name: "every problem at once", p: retry.Policy{Attempts: -5, Timeout: -5},
			want: []string{"On is nil", "Attempts is -5", "Timeout is -5ns"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			if len(tt.want) == 0 {
				if err != nil {
					t.Errorf("Validate() = %v; want nil", err)
				}
				return
			}
			if !errors.Is(err, retry.ErrInvalidPolicy) {
				t.Fatalf("Validate() = %v; want an error matching ErrInvalidPolicy", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "retry: invalid policy: ") {
				t.Errorf("Validate() = %q; want it to start with %q", msg, "retry: invalid policy: ")
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("Validate() = %q; want it to mention %q", msg, w)
				}
			}
		})
	}
}

func FuzzPolicyValidate(f *testing.F) {
	f.Add(0, int64(0), int64(0), int64(0), int64(0), int64(0), 0.0, true)
	f.Add(-1, int64(-1), int64(1), int64(1), int64(1), int64(1), 2.0, true)
	f.Add(-2, int64(-2), int64(-1), int64(-1), int64(-1), int64(-1), math.NaN(), false)
	f.Add(1, int64(math.MaxInt64), int64(math.MaxInt64), int64(math.MaxInt64), int64(0), int64(math.MaxInt64), math.Inf(1), true)
	f.Fuzz(func(t *testing.T, attempts int, timeout, attemptTimeout, initial, maxWait, jitter int64, base float64, hasOn bool) {
		exp := backoff.Exponential{Initial: time.Duration(initial), Max: time.Duration(maxWait),
			Jitter: time.Duration(jitter), Base: base}
		p := retry.Policy{Attempts: attempts, Timeout: time.Duration(timeout),
			AttemptTimeout: time.Duration(attemptTimeout), Backoff: exp}
		if hasOn {
			p.On = retry.OnAny
		}
		err := p.Validate()
		if err != nil {
			if !errors.Is(err, retry.ErrInvalidPolicy) || !strings.HasPrefix(err.Error(), "retry: invalid policy: ") {
				t.Fatalf("Validate() = %v; want an ErrInvalidPolicy with the usual prefix", err)
			}
			return
		}

		// A valid policy is sane: a loop that always fails makes at least
		// one attempt, never more than the budget, and never waits a
		// negative or capped-out duration.
		if p.On == nil || p.Attempts < retry.Unlimited || p.Timeout < retry.Unlimited || p.AttemptTimeout < 0 {
			t.Fatalf("Validate() = nil for invalid %+v", p)
		}
		if exp.Validate() != nil {
			t.Fatalf("Validate() = nil with an invalid backoff %+v", exp)
		}
		if p.Attempts == retry.Unlimited && (exp.Max == 0 || exp.Initial == 0 && exp.Jitter == 0) {
			t.Fatalf("Validate() = nil for a hot loop: %+v", p)
		}
		p.Attempts = min(max(p.Attempts, 0), 5) // keep the run short
		if p.Attempts == 0 {
			p.Attempts = 5
		}
		got := runLoop(t.Context(), p, failN(100, errTransient))
		if len(got.Starts) < 1 || len(got.Starts) > p.Attempts {
			t.Fatalf("made %d attempts; want 1 to %d", len(got.Starts), p.Attempts)
		}
		for i := 1; i < len(got.Starts); i++ {
			if w := got.Starts[i] - got.Starts[i-1]; w < 0 || w > exp.Max {
				t.Fatalf("waited %v before attempt %d; want 0 to %v", w, i+1, exp.Max)
			}
		}
	})
}

type codeError struct{ code int }

func (e *codeError) Error() string { return fmt.Sprintf("code %d", e.code) }

func TestOnHelpers(t *testing.T) {
	tests := []struct {
		name string
		on   func(error) bool
		err  error
		want bool
	}{
		{"OnErrors matches", retry.OnErrors(errTransient, os.ErrDeadlineExceeded), errTransient, true},
		{"OnErrors matches a wrapped target", retry.OnErrors(errTransient), fmt.Errorf("a: %w", errTransient), true},
		{"OnErrors matches in a join", retry.OnErrors(errTransient), errors.Join(errFatal, errTransient), true},
		{"OnErrors rejects others", retry.OnErrors(errTransient), errFatal, false},
		{"OnErrors with no targets", retry.OnErrors(), errTransient, false},
		{"OnType matches", retry.OnType[*codeError](), &codeError{503}, true},
		{"OnType matches wrapped", retry.OnType[*codeError](), fmt.Errorf("b: %w", &codeError{1}), true},
		{"OnType rejects others", retry.OnType[*codeError](), errTransient, false},
		{"OnType with a stdlib type", retry.OnType[*fs.PathError](), &fs.PathError{Op: "open", Err: fs.ErrNotExist}, true},
		{"OnAny", retry.OnAny, errFatal, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.on(tt.err); got != tt.want {
				t.Errorf("On(%v) = %v; want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestOnErrorsCopiesTargets(t *testing.T) {
	targets := []error{errTransient}
	on := retry.OnErrors(targets...)
	targets[0] = errFatal
	if !on(errTransient) {
		t.Error("OnErrors kept the caller's slice: changing it changed the predicate")
	}
}

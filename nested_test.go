package retry_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
	"github.com/stamina-go/retry/retrytest"
)

// nestedPolicy retries every error n times over, without waiting.
func nestedPolicy(n int) retry.Policy {
	return retry.Policy{On: retry.OnAny, Attempts: n, Backoff: backoff.Constant(0)}
}

// retryNested returns p with RetryNested set.
func retryNested(p retry.Policy) retry.Policy {
	p.RetryNested = true
	return p
}

func TestNestedAttemptsAddUp(t *testing.T) {
	t.Parallel()
	const outerN, innerN = 3, 4
	tests := []struct {
		name   string
		inner  retry.Policy
		ctx    func(attempt context.Context) context.Context // of the inner loop
		want   int                                           // inner calls
		reason string
	}{{
		name:   "default",
		inner:  nestedPolicy(innerN),
		ctx:    func(ctx context.Context) context.Context { return ctx },
		want:   innerN + outerN - 1,
		reason: "the inner loop retries in the outer's first attempt only",
	}, {
		name:   "RetryNested",
		inner:  retryNested(nestedPolicy(innerN)),
		ctx:    func(ctx context.Context) context.Context { return ctx },
		want:   innerN * outerN,
		reason: "RetryNested lets the inner loop retry in every outer attempt",
	}, {
		name:   "unrelated context",
		inner:  nestedPolicy(innerN),
		ctx:    func(context.Context) context.Context { return context.Background() },
		want:   innerN * outerN,
		reason: "a context that does not come from the attempt carries no mark",
	}, {
		name:   "derived context",
		inner:  nestedPolicy(innerN),
		ctx:    func(ctx context.Context) context.Context { return retrytest.Testing(ctx, innerN) },
		want:   innerN + outerN - 1,
		reason: "the mark survives contexts derived from the attempt's",
	}}
	for _, tt := range tests {
		for _, form := range []string{"Attempts", "Do"} {
			t.Run(tt.name+"/"+form, func(t *testing.T) {
				t.Parallel()
				var inner, outer int
				body := func(ctx context.Context) error {
					outer++
					return retry.Do(tt.ctx(ctx), tt.inner, func(context.Context) error {
						inner++
						return errTransient
					})
				}

				var err error
				switch form {
				case "Attempts":
					for a := range retry.Attempts(t.Context(), nestedPolicy(outerN)) {
						err = body(a.Context())
						a.Done(err)
					}
				case "Do":
					err = retry.Do(t.Context(), nestedPolicy(outerN), body)
				}

				if err != errTransient {
					t.Errorf("outer loop's error = %v; want %v", err, errTransient)
				}
				if outer != outerN || inner != tt.want {
					t.Errorf("nested loops made %d outer and %d inner calls; want %d and %d (%s)",
						outer, inner, outerN, tt.want, tt.reason)
				}
			})
		}
	}
}

func TestNestedThreeLevels(t *testing.T) {
	t.Parallel()
	const outerN, middleN, innerN = 3, 4, 5
	var calls int
	err := retry.Do(t.Context(), nestedPolicy(outerN), func(ctx context.Context) error {
		return retry.Do(ctx, nestedPolicy(middleN), func(ctx context.Context) error {
			return retry.Do(ctx, nestedPolicy(innerN), func(context.Context) error {
				calls++
				return errTransient
			})
		})
	})

	// The innermost loop retries fully once; every other attempt of either
	// loop above it adds one call.
	want := innerN + (middleN - 1) + (outerN - 1)
	if err != errTransient || calls != want {
		t.Errorf("three nested loops = %v after %d innermost calls; want %v after %d",
			err, calls, errTransient, want)
	}
}

func TestNestedWithAttemptTimeout(t *testing.T) {
	t.Parallel()
	const outerN, innerN = 3, 4
	outerP := nestedPolicy(outerN)
	outerP.AttemptTimeout = time.Hour // each attempt gets a context of its own
	var calls int
	retry.Do(t.Context(), outerP, func(ctx context.Context) error {
		return retry.Do(ctx, nestedPolicy(innerN), func(context.Context) error {
			calls++
			return errTransient
		})
	})
	if want := innerN + outerN - 1; calls != want {
		t.Errorf("nested loops under AttemptTimeout made %d inner calls; want %d", calls, want)
	}
}

func TestNestedInnerGivesUpExhausted(t *testing.T) {
	t.Parallel()
	var recs []*retrytest.Recorder
	retry.Do(t.Context(), nestedPolicy(2), func(ctx context.Context) error {
		rec := new(retrytest.Recorder)
		recs = append(recs, rec)
		p := nestedPolicy(3)
		p.Hooks = []retry.Hook{rec}
		return retry.Do(ctx, p, func(context.Context) error { return errTransient })
	})

	if len(recs) != 2 {
		t.Fatalf("outer loop made %d attempts; want 2", len(recs))
	}
	for i, want := range []int{2, 0} {
		if got := len(recs[i].Waits()); got != want {
			t.Errorf("inner loop in outer attempt %d scheduled %d retries; want %d", i+1, got, want)
		}
		if r, ok := recs[i].GaveUp(); r != retry.Exhausted {
			t.Errorf("inner loop in outer attempt %d: GaveUp() = %v, %v; want %v, true",
				i+1, r, ok, retry.Exhausted)
		}
	}
}

// TestNestedInnerRetriesWhatOuterDoesNot checks that an inner loop leaves
// to the outer loop only the errors the outer loop retries. Here the outer
// loop retries only its own step's error; in its second attempt the inner
// loop fails once with an error the outer loop would not retry, so the
// inner loop retries it itself, and the call succeeds.
func TestNestedInnerRetriesWhatOuterDoesNot(t *testing.T) {
	t.Parallel()
	errStep := errors.New("step failed")
	errInner := errors.New("inner failed")
	outerP := retry.Policy{On: retry.OnErrors(errStep), Attempts: 3, Backoff: backoff.Constant(0)}
	innerP := retry.Policy{On: retry.OnErrors(errInner), Attempts: 3, Backoff: backoff.Constant(0)}
	steps, inner := 0, 0

	err := retry.Do(t.Context(), outerP, func(ctx context.Context) error {
		if steps++; steps == 1 {
			return errStep
		}
		return retry.Do(ctx, innerP, func(context.Context) error {
			if inner++; inner == 1 {
				return errInner
			}
			return nil
		})
	})

	if err != nil || inner != 2 {
		t.Errorf("Do(...) = %v after %d inner calls; want nil after 2: the outer loop does not retry "+
			"errInner, so the inner loop must", err, inner)
	}

	// With RetryNested the inner loop recovers.
	innerP.RetryNested = true
	steps, inner = 0, 0
	err = retry.Do(t.Context(), outerP, func(ctx context.Context) error {
		if steps++; steps == 1 {
			return errStep
		}
		return retry.Do(ctx, innerP, func(context.Context) error {
			if inner++; inner == 1 {
				return errInner
			}
			return nil
		})
	})
	if err != nil || inner != 2 {
		t.Errorf("Do(...) with RetryNested = %v after %d inner calls; want nil after 2", err, inner)
	}
}

package retry_test

import (
	"context"
	"testing"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
)

// The loops under measure are in functions of their own: b.Loop keeps
// the calls in its body from being inlined, and the iterator must be
// measured as users compile it, inlined at the range statement.

var benchPolicy = retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(1)}

//go:noinline
func succeed(context.Context) error { return nil }

// failTwice fails the first two of every three calls.
type failTwice struct{ calls int }

//go:noinline
func (f *failTwice) call(context.Context) error {
	f.calls++
	if f.calls%3 != 0 {
		return errTransient
	}
	return nil
}

func plainCall(ctx context.Context) error { return succeed(ctx) }

func attemptsLoop(ctx context.Context, fn func(context.Context) error) error {
	var err error
	for a := range retry.Attempts(ctx, benchPolicy) {
		err = fn(a.Context())
		a.Done(err)
	}
	return err
}

func doCall(ctx context.Context, fn func(context.Context) error) error {
	return retry.Do(ctx, benchPolicy, fn)
}

func BenchmarkFirstTry(b *testing.B) {
	ctx := context.Background()
	b.Run("impl=plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = plainCall(ctx)
		}
	})
	b.Run("impl=attempts", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = attemptsLoop(ctx, succeed)
		}
	})
	b.Run("impl=do", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = doCall(ctx, succeed)
		}
	})
}

// BenchmarkThirdTry measures the loop's own cost when it retries: two
// failures, 1ns waits, and no hooks.
func BenchmarkThirdTry(b *testing.B) {
	defer retry.SetHooks()()
	ctx := context.Background()
	b.Run("impl=attempts", func(b *testing.B) {
		b.ReportAllocs()
		f := &failTwice{}
		for b.Loop() {
			if err := attemptsLoop(ctx, f.call); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=do", func(b *testing.B) {
		b.ReportAllocs()
		f := &failTwice{}
		for b.Loop() {
			if err := doCall(ctx, f.call); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestFirstTryAllocatesNothing(t *testing.T) {
	ctx := context.Background()
	if n := testing.AllocsPerRun(100, func() { _ = attemptsLoop(ctx, succeed) }); n != 0 {
		t.Errorf("a loop that succeeds at once allocates %v times; want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = doCall(ctx, succeed) }); n != 0 {
		t.Errorf("Do that succeeds at once allocates %v times; want 0", n)
	}
}

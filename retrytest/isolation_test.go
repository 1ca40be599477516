package retrytest_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
	"github.com/stamina-go/retry/retrytest"
)

// The TestIsolation tests run in parallel, each with its own switch and
// clock, and check that none sees another's. Run them many times with
//
//	go test -race -count=20 -run TestIsolation ./retrytest/

func TestIsolationOff(t *testing.T) {
	t.Parallel()
	clk := retrytest.NewClock(t)
	ctx := retrytest.Off(clk.Context(t.Context()))
	for range 50 {
		if got, waits := calls(ctx, 5); got != 1 || waits != nil {
			t.Fatalf("Do(...) under Off made %d attempts, waits %v; want 1, none", got, waits)
		}
		clk.Advance(time.Hour)
	}
}

func TestIsolationTesting(t *testing.T) {
	t.Parallel()
	clk := retrytest.NewClock(t)
	ctx := retrytest.Testing(clk.Context(t.Context()), 3)
	for range 50 {
		got, waits := calls(ctx, 5)
		if want := []time.Duration{0, 0}; got != 3 || !slices.Equal(waits, want) {
			t.Fatalf("Do(...) under Testing(ctx, 3) made %d attempts, waits %v; want 3, %v", got, waits, want)
		}
		clk.Advance(time.Minute)
	}
	if got := clk.Pending(); got != 0 {
		t.Errorf("Pending() = %d; want 0: testing mode waits on no timer", got)
	}
}

func TestIsolationClock(t *testing.T) {
	t.Parallel()
	clk := retrytest.NewClock(t)
	ctx := clk.Context(t.Context())
	p := retry.Policy{On: retry.OnAny, Attempts: 3, Backoff: backoff.Constant(time.Second)}
	t0 := clk.Now()
	for i := range 50 {
		fn, n := failing(2)
		errc := start(ctx, p, fn)
		for range 2 {
			clk.BlockUntil(1)
			if got := clk.AdvanceToNext(); got != time.Second {
				t.Fatalf("loop %d: AdvanceToNext() = %v; want 1s", i, got)
			}
		}
		if err := result(t, errc); err != nil || *n != 3 {
			t.Fatalf("loop %d: Do(...) = %v after %d attempts; want nil after 3", i, err, *n)
		}
	}
	if got, want := clk.Now().Sub(t0), 100*time.Second; got != want {
		t.Errorf("fake time passed = %v; want %v", got, want)
	}
}

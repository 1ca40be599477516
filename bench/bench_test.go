package bench

import (
	"context"
	"testing"

	"github.com/stamina-go/retry"
)

// The benchmarks are named Benchmark<Job>/lib=<Name>, so that benchstat
// -col /lib puts the libraries side by side. Each calls one Lib function
// per iteration: b.Loop keeps that call from being inlined, and the
// function's own body is compiled as in a user's program.
//
// Package retry's global hooks are off (SetHooks()) in the comparisons,
// since no other library logs unless told to; BenchmarkThirdTryHooks
// measures what its default hook, which logs each scheduled retry, adds.

// BenchmarkFirstTry measures a call whose first attempt succeeds.
func BenchmarkFirstTry(b *testing.B) {
	defer retry.SetHooks()()
	for _, l := range Libs {
		b.Run("lib="+l.Name, func(b *testing.B) {
			benchJob(b, l.FirstTry, 0, 1)
		})
	}
}

// BenchmarkThirdTry measures a call that fails twice, waiting 1ns after
// each failure, and succeeds on its third attempt.
func BenchmarkThirdTry(b *testing.B) {
	defer retry.SetHooks()()
	for _, l := range Libs {
		b.Run("lib="+l.Name, func(b *testing.B) {
			benchJob(b, l.ThirdTry, 2, 3)
		})
	}
}

// BenchmarkFirstTryParallel measures BenchmarkFirstTry's call made from
// GOMAXPROCS goroutines at once, each with its own Op.
func BenchmarkFirstTryParallel(b *testing.B) {
	defer retry.SetHooks()()
	for _, l := range Libs {
		b.Run("lib="+l.Name, func(b *testing.B) {
			ctx := context.Background()
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				op := NewOp(0, nil)
				for pb.Next() {
					op.Reset()
					if err := l.FirstTry(ctx, op); err != nil {
						b.Errorf("FirstTry(...) = %v; want nil", err)
						return
					}
				}
			})
		})
	}
}

// BenchmarkThirdTryHooks measures package retry's BenchmarkThirdTry with
// its default hook, which logs both retries through slog.Default (a text
// handler writing to io.Discard; see TestMain), and with hooks off.
func BenchmarkThirdTryHooks(b *testing.B) {
	hooks := []struct {
		name  string
		hooks []retry.Hook
	}{
		{"default", retry.DefaultHooks()},
		{"off", nil},
	}
	for _, h := range hooks {
		b.Run("hooks="+h.name, func(b *testing.B) {
			defer retry.SetHooks(h.hooks...)()
			for _, l := range Libs[:2] {
				b.Run("lib="+l.Name, func(b *testing.B) {
					benchJob(b, l.ThirdTry, 2, 3)
				})
			}
		})
	}
}

// benchJob runs job on an Op that fails fails times, and checks that each
// run succeeds after calls calls.
func benchJob(b *testing.B, job func(context.Context, *Op) error, fails, calls int) {
	ctx := context.Background()
	op := NewOp(fails, nil)
	b.ReportAllocs()
	for b.Loop() {
		op.Reset()
		if err := job(ctx, op); err != nil {
			b.Fatalf("job(...) = %v; want nil", err)
		}
	}
	if got := op.Calls(); got != calls {
		b.Fatalf("job(...) made %d calls; want %d", got, calls)
	}
}

package retry_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
)

// succeedAtOnce runs a loop whose first attempt succeeds.
func succeedAtOnce(ctx context.Context) {
	for a := range retry.Attempts(ctx, retry.Policy{On: retry.OnAny}) {
		a.Done(nil)
	}
}

// noWait retries with no wait, so that benchmarks do not sleep.
var noWait = retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(0), Name: "bench"}

// retryTwice runs a loop that fails twice, then succeeds.
func retryTwice(ctx context.Context) {
	for a := range retry.Attempts(ctx, noWait) {
		if a.Num() < 3 {
			a.Done(errTransient)
		}
	}
}

// BenchmarkHooks measures what hooks cost a loop: nothing at all when the
// first attempt succeeds, and nothing for logging when the default hook's
// level is disabled.
func BenchmarkHooks(b *testing.B) {
	ctx := context.Background()
	defer retry.ResetHooks()
	defer slog.SetDefault(slog.Default())
	logTo := func(level slog.Level) {
		h := slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: level})
		slog.SetDefault(slog.New(h))
	}

	b.Run("success", func(b *testing.B) {
		calls := 0
		retry.SetHooks(retry.HookFunc(func(context.Context, retry.Event) { calls++ }))
		b.ReportAllocs()
		for b.Loop() {
			succeedAtOnce(ctx)
		}
		if calls != 0 {
			b.Fatalf("a loop that succeeds at once called its hook %d times; want 0", calls)
		}
	})
	b.Run("retry/no-hooks", func(b *testing.B) {
		retry.SetHooks()
		b.ReportAllocs()
		for b.Loop() {
			retryTwice(ctx)
		}
	})
	b.Run("retry/default-warn-disabled", func(b *testing.B) {
		retry.ResetHooks()
		logTo(slog.LevelError)
		b.ReportAllocs()
		for b.Loop() {
			retryTwice(ctx)
		}
	})
	b.Run("retry/default-logging", func(b *testing.B) {
		retry.ResetHooks()
		logTo(slog.LevelInfo)
		b.ReportAllocs()
		for b.Loop() {
			retryTwice(ctx)
		}
	})
}

package bench

import (
	"context"
	"time"

	avast "github.com/avast/retry-go/v5"
)

// avast/retry-go's Retrier is built once and reused, as its documentation
// recommends for frequent calls. Its context is part of the Retrier, so the
// benchmarks, whose context is always context.Background, use Retriers
// built without one; Cancel, whose context is new at each call, has to
// build a Retrier each time. LastErrorOnly makes Do return the last error,
// as the other libraries do, rather than a list of every error.
var (
	// avastFirst waits 100ms doubling to 5s, plus up to 1s of jitter: the
	// library's default delay type, with package retry's numbers.
	avastFirst = avast.New(
		avast.Attempts(10),
		avast.Delay(100*time.Millisecond),
		avast.MaxDelay(5*time.Second),
		avast.MaxJitter(time.Second),
		avast.LastErrorOnly(true),
	)

	avastThird = avast.New(
		avast.Attempts(10),
		avast.Delay(1),
		avast.DelayType(avast.FixedDelay),
		avast.LastErrorOnly(true),
	)
)

//go:noinline
func avastFirstTry(_ context.Context, op *Op) error {
	return avastFirst.Do(op.NoCtx)
}

//go:noinline
func avastThirdTry(_ context.Context, op *Op) error {
	return avastThird.Do(op.NoCtx)
}

//go:noinline
func avastCancel(ctx context.Context, op *Op) error {
	return avast.New(
		avast.Context(ctx),
		avast.Attempts(10),
		avast.Delay(time.Hour),
		avast.DelayType(avast.FixedDelay),
		avast.LastErrorOnly(true),
	).Do(op.NoCtx)
}

// The avast-ctx functions build a Retrier at each call, as a caller must
// whose context is new at each call, such as a server's request context.

//go:noinline
func avastCtxFirstTry(ctx context.Context, op *Op) error {
	return avast.New(
		avast.Context(ctx),
		avast.Attempts(10),
		avast.Delay(100*time.Millisecond),
		avast.MaxDelay(5*time.Second),
		avast.MaxJitter(time.Second),
		avast.LastErrorOnly(true),
	).Do(op.NoCtx)
}

//go:noinline
func avastCtxThirdTry(ctx context.Context, op *Op) error {
	return avast.New(
		avast.Context(ctx),
		avast.Attempts(10),
		avast.Delay(1),
		avast.DelayType(avast.FixedDelay),
		avast.LastErrorOnly(true),
	).Do(op.NoCtx)
}

package bench

import (
	"context"
	"time"

	"github.com/failsafe-go/failsafe-go"
	"github.com/failsafe-go/failsafe-go/retrypolicy"
)

// failsafe-go's RetryPolicy and Executor are safe for concurrent use, so
// they are built once. Its context belongs to the Executor, so Cancel,
// whose context is new at each call, derives an Executor with WithContext
// each time. ReturnLastFailure makes a run that gives up return the last
// error, as the other libraries do; WithMaxDuration matches package retry's
// default budget of 45s.
var (
	// failsafeFirst waits 100ms doubling to 5s, varied by up to 50%.
	failsafeFirst = failsafe.With(retrypolicy.NewBuilder[any]().
			WithMaxAttempts(10).
			WithBackoff(100*time.Millisecond, 5*time.Second).
			WithJitterFactor(0.5).
			WithMaxDuration(45 * time.Second).
			ReturnLastFailure().
			Build())

	failsafeThird = failsafe.With(retrypolicy.NewBuilder[any]().
			WithMaxAttempts(10).
			WithDelay(1).
			WithMaxDuration(45 * time.Second).
			ReturnLastFailure().
			Build())

	failsafeHour = failsafe.With(retrypolicy.NewBuilder[any]().
			WithMaxAttempts(10).
			WithDelay(time.Hour).
			ReturnLastFailure().
			Build())
)

//go:noinline
func failsafeFirstTry(_ context.Context, op *Op) error {
	return failsafeFirst.Run(op.NoCtx)
}

//go:noinline
func failsafeThirdTry(_ context.Context, op *Op) error {
	return failsafeThird.Run(op.NoCtx)
}

//go:noinline
func failsafeCancel(ctx context.Context, op *Op) error {
	return failsafeHour.WithContext(ctx).Run(op.NoCtx)
}

// The failsafe-ctx functions derive an Executor with the call's context,
// as a caller must whose context is new at each call, such as a server's
// request context.

//go:noinline
func failsafeCtxFirstTry(ctx context.Context, op *Op) error {
	return failsafeFirst.WithContext(ctx).Run(op.NoCtx)
}

//go:noinline
func failsafeCtxThirdTry(ctx context.Context, op *Op) error {
	return failsafeThird.WithContext(ctx).Run(op.NoCtx)
}

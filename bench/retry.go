package bench

import (
	"context"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
)

// Package retry's policies are plain values, built once and shared.
var (
	// retryFirstPolicy is the default policy: 10 attempts, a 45s budget,
	// and backoff.Default (100ms doubling to 5s, plus up to 1s of jitter).
	retryFirstPolicy = retry.Policy{On: retry.OnAny}

	retryThirdPolicy = retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(1)}

	retryCancelPolicy = retry.Policy{
		On:      retry.OnAny,
		Backoff: backoff.Constant(time.Hour),
		Timeout: retry.Unlimited,
	}
)

// The loops below are written as the package documentation shows them,
// each in a function of its own: the noinline directive keeps them out of
// benchmark loops, and leaves the compiler free to inline the iterator
// into them, as it does in users' code.

//go:noinline
func retryFirstTry(ctx context.Context, op *Op) error {
	var err error
	for a := range retry.Attempts(ctx, retryFirstPolicy) {
		err = op.Ctx(a.Context())
		a.Done(err)
	}
	return err
}

//go:noinline
func retryThirdTry(ctx context.Context, op *Op) error {
	var err error
	for a := range retry.Attempts(ctx, retryThirdPolicy) {
		err = op.Ctx(a.Context())
		a.Done(err)
	}
	return err
}

//go:noinline
func retryCancel(ctx context.Context, op *Op) error {
	var err error
	for a := range retry.Attempts(ctx, retryCancelPolicy) {
		err = op.Ctx(a.Context())
		a.Done(err)
	}
	return err
}

//go:noinline
func retryDoFirstTry(ctx context.Context, op *Op) error {
	return retry.Do(ctx, retryFirstPolicy, op.Ctx)
}

//go:noinline
func retryDoThirdTry(ctx context.Context, op *Op) error {
	return retry.Do(ctx, retryThirdPolicy, op.Ctx)
}

//go:noinline
func retryDoCancel(ctx context.Context, op *Op) error {
	return retry.Do(ctx, retryCancelPolicy, op.Ctx)
}

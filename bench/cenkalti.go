package bench

import (
	"context"
	"time"

	cenkalti "github.com/cenkalti/backoff/v5"
)

// cenkalti/backoff's ExponentialBackOff is stateful and not safe for
// concurrent use, so each call builds its own, as the package's examples
// do. ConstantBackOff holds no state, so one value serves every call.
// MaxElapsedTime, on by default (15 minutes), is set to package retry's
// default budget of 45s.
var (
	cenkaltiOneNanosecond = &cenkalti.ConstantBackOff{Interval: 1}
	cenkaltiOneHour       = &cenkalti.ConstantBackOff{Interval: time.Hour}
)

//go:noinline
func cenkaltiFirstTry(ctx context.Context, op *Op) error {
	_, err := cenkalti.Retry(ctx, op.Value,
		cenkalti.WithBackOff(&cenkalti.ExponentialBackOff{
			InitialInterval:     100 * time.Millisecond,
			RandomizationFactor: cenkalti.DefaultRandomizationFactor,
			Multiplier:          2,
			MaxInterval:         5 * time.Second,
		}),
		cenkalti.WithMaxTries(10),
		cenkalti.WithMaxElapsedTime(45*time.Second),
	)
	return err
}

//go:noinline
func cenkaltiThirdTry(ctx context.Context, op *Op) error {
	_, err := cenkalti.Retry(ctx, op.Value,
		cenkalti.WithBackOff(cenkaltiOneNanosecond),
		cenkalti.WithMaxTries(10),
		cenkalti.WithMaxElapsedTime(45*time.Second),
	)
	return err
}

//go:noinline
func cenkaltiCancel(ctx context.Context, op *Op) error {
	_, err := cenkalti.Retry(ctx, op.Value,
		cenkalti.WithBackOff(cenkaltiOneHour),
		cenkalti.WithMaxTries(10),
		cenkalti.WithMaxElapsedTime(0), // no limit
	)
	return err
}

package bench

import (
	"context"
	"time"

	sethvargo "github.com/sethvargo/go-retry"
)

// sethvargo/go-retry's backoffs are stateful, so each call builds its own
// chain, as the package's documentation says. WithMaxRetries(9) allows
// 10 attempts. The Op's errors come marked retryable (Op.Marked).

//go:noinline
func sethvargoFirstTry(ctx context.Context, op *Op) error {
	b := sethvargo.NewExponential(100 * time.Millisecond)
	b = sethvargo.WithJitterPercent(50, b)
	b = sethvargo.WithCappedDuration(5*time.Second, b)
	b = sethvargo.WithMaxRetries(9, b)
	return sethvargo.Do(ctx, b, op.Marked)
}

//go:noinline
func sethvargoThirdTry(ctx context.Context, op *Op) error {
	b := sethvargo.WithMaxRetries(9, sethvargo.NewConstant(1))
	return sethvargo.Do(ctx, b, op.Marked)
}

//go:noinline
func sethvargoCancel(ctx context.Context, op *Op) error {
	b := sethvargo.WithMaxRetries(9, sethvargo.NewConstant(time.Hour))
	return sethvargo.Do(ctx, b, op.Marked)
}

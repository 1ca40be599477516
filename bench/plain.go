package bench

import (
	"context"
	"time"
)

// The plain functions are the floor that no library can beat: the work
// alone, a loop with no wait and no policy, and a bare wait on a timer or
// ctx.

//go:noinline
func plainFirstTry(ctx context.Context, op *Op) error {
	return op.Ctx(ctx)
}

//go:noinline
func plainThirdTry(ctx context.Context, op *Op) error {
	var err error
	for range 10 {
		if err = op.Ctx(ctx); err == nil {
			break
		}
	}
	return err
}

//go:noinline
func plainCancel(ctx context.Context, op *Op) error {
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	var err error
	for range 10 {
		if err = op.Ctx(ctx); err == nil {
			return nil
		}
		t.Reset(time.Hour)
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return err
}

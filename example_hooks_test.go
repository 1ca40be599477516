package retry_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
)

func ExampleSetHooks() {
	// Replace the default hook, which logs each retry, with one that
	// prints every event; restore the previous hooks when done.
	restore := retry.SetHooks(retry.HookFunc(func(_ context.Context, e retry.Event) {
		switch e.Kind {
		case retry.Scheduled:
			fmt.Printf("%s: retry %d in %v: %v\n", e.Name, e.Retry(), e.Wait, e.Err)
		case retry.WaitEnded:
			fmt.Printf("%s: waited %v in all\n", e.Name, e.Waited)
		case retry.GaveUp:
			fmt.Printf("%s: gave up after %d attempts (%v): %v\n", e.Name, e.Attempts, e.Reason, e.Err)
		}
	}))
	defer restore()

	errBusy := errors.New("busy")
	p := retry.Policy{
		On:       retry.OnErrors(errBusy),
		Attempts: 3,
		Backoff:  backoff.Constant(0), // no waits, to keep the example quick
		Name:     "fetch",
	}
	err := retry.Do(context.Background(), p, func(context.Context) error {
		return errBusy
	})
	fmt.Println("Do:", err)
	// Output:
	// fetch: retry 1 in 0s: busy
	// fetch: waited 0s in all
	// fetch: retry 2 in 0s: busy
	// fetch: waited 0s in all
	// fetch: gave up after 3 attempts (attempts exhausted): busy
	// Do: busy
}

func ExampleHookFunc() {
	// A hook of one policy, which runs after the global hooks, counts its
	// loops' give-ups by reason.
	gaveUp := map[retry.Reason]int{}
	errBusy := errors.New("busy")
	p := retry.Policy{
		On:       retry.OnErrors(errBusy),
		Attempts: 1,
		Hooks: []retry.Hook{retry.HookFunc(func(_ context.Context, e retry.Event) {
			if e.Kind == retry.GaveUp {
				gaveUp[e.Reason]++
			}
		})},
	}

	ctx := context.Background()
	_ = retry.Do(ctx, p, func(context.Context) error { return errBusy })
	_ = retry.Do(ctx, p, func(context.Context) error { return errors.New("not found") })
	_ = retry.Do(ctx, p, func(context.Context) error { return nil })

	fmt.Println(retry.Exhausted, gaveUp[retry.Exhausted])
	fmt.Println(retry.NotRetryable, gaveUp[retry.NotRetryable])
	// Output:
	// attempts exhausted 1
	// not retryable 1
}

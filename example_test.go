package retry_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
)

var errUnavailable = errors.New("service unavailable")

// flaky returns a function that fails with errUnavailable n times, then
// returns "ok".
func flaky(n int) func(context.Context) (string, error) {
	calls := 0
	return func(context.Context) (string, error) {
		calls++
		if calls <= n {
			return "", errUnavailable
		}
		return "ok", nil
	}
}

// The examples wait nothing between attempts so that they run at once;
// real code keeps the default backoff.
var instant = backoff.Constant(0)

func ExampleAttempts() {
	ctx := context.Background()
	fetch := flaky(2)

	var body string
	var err error
	for a := range retry.Attempts(ctx, retry.Policy{On: retry.OnErrors(errUnavailable), Backoff: instant}) {
		body, err = fetch(a.Context())
		fmt.Printf("attempt %d: %v\n", a.Num(), err)
		a.Done(err)
	}
	if err != nil {
		fmt.Println("failed:", err)
		return
	}
	fmt.Println("got", body)
	// Output:
	// attempt 1: service unavailable
	// attempt 2: service unavailable
	// attempt 3: <nil>
	// got ok
}

// Done reports whether another attempt follows, so the body can release
// what it will not return.
func ExampleAttempt_Done() {
	ctx := context.Background()
	for a := range retry.Attempts(ctx, retry.Policy{On: retry.OnAny, Attempts: 2, Backoff: instant}) {
		err := errUnavailable
		if a.Done(err) {
			fmt.Println("attempt", a.Num(), "failed; another follows")
		} else {
			fmt.Println("attempt", a.Num(), "failed; giving up")
		}
	}
	// Output:
	// attempt 1 failed; another follows
	// attempt 2 failed; giving up
}

func ExampleDo() {
	ctx := context.Background()
	calls := 0
	err := retry.Do(ctx, retry.Policy{On: retry.OnErrors(errUnavailable), Backoff: instant},
		func(ctx context.Context) error {
			calls++
			if calls < 3 {
				return errUnavailable
			}
			return nil
		})
	fmt.Println(calls, "calls, error:", err)
	// Output: 3 calls, error: <nil>
}

// Errors that On rejects are returned at once, unchanged.
func ExampleDo_notRetryable() {
	errNotFound := errors.New("not found")
	calls := 0
	err := retry.Do(context.Background(), retry.Policy{On: retry.OnErrors(errUnavailable)},
		func(ctx context.Context) error {
			calls++
			return errNotFound
		})
	fmt.Println(calls, "call, error is errNotFound:", err == errNotFound)
	// Output: 1 call, error is errNotFound: true
}

func ExampleDoValue() {
	body, err := retry.DoValue(context.Background(),
		retry.Policy{On: retry.OnErrors(errUnavailable), Backoff: instant}, flaky(1))
	fmt.Println(body, err)
	// Output: ok <nil>
}

func ExampleWrapValue() {
	// fetch keeps the signature of the function it wraps.
	fetch := retry.WrapValue(retry.Policy{On: retry.OnErrors(errUnavailable), Backoff: instant}, flaky(2))
	fmt.Println(fetch(context.Background()))
	// Output: ok <nil>
}

func ExampleSetTesting() {
	// In a test: defer retry.SetTesting(true, retry.TestingAttempts(2))()
	restore := retry.SetTesting(true, retry.TestingAttempts(2))
	defer restore()

	// The policy's hour-long waits and 10 attempts give way to testing
	// mode: two attempts, no waiting.
	p := retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(time.Hour)}
	calls := 0
	err := retry.Do(context.Background(), p, func(context.Context) error {
		calls++
		return errUnavailable
	})
	fmt.Println(calls, "calls:", err)
	// Output: 2 calls: service unavailable
}

func ExampleOnType() {
	on := retry.OnType[*net.OpError]()
	opErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	fmt.Println(on(fmt.Errorf("fetch: %w", opErr)), on(errUnavailable))
	// Output: true false
}

func ExamplePolicy_Validate() {
	p := retry.Policy{Attempts: -2}
	fmt.Println(p.Validate())
	// Output: retry: invalid policy: On is nil; say which errors to retry, e.g. On: retry.OnErrors(ErrBusy), or On: retry.OnAny to retry every error; Attempts is -2; use a positive count, 0 for the default (10), or retry.Unlimited
}

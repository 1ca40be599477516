package retry

import (
	"context"
	"errors"
)

// Do calls fn until it succeeds or the policy says to stop, and returns
// its last error.
//
// The error is the last call's, unchanged (so == comparisons hold), when
// it is not retryable, when the attempts run out, and when the timeout is
// reached. When ctx ends while Do waits to retry, the error matches both
// ctx's error and the last call's with [errors.Is]. Do returns an error
// matching [ErrInvalidPolicy] without calling fn if p is invalid.
//
// fn receives each attempt's context ([Attempt.Context]).
func Do(ctx context.Context, p Policy, fn func(context.Context) error) error {
	_, err := DoValue(ctx, p, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, fn(ctx)
	})
	return err
}

// DoValue calls fn until it succeeds or the policy says to stop, and
// returns the value and error of its last call, the error as [Do] does.
func DoValue[T any](ctx context.Context, p Policy, fn func(context.Context) (T, error)) (T, error) {
	if err := p.validate(); err != nil {
		var zero T
		return zero, err
	}
	var a Attempt
	a.init(ctx, &p)
	defer a.stop()
	for {
		v, err := fn(a.Context())
		a.Done(err)
		if !a.next() {
			return v, a.result(err)
		}
	}
}

// result returns the error of a loop that ended with err.
func (a *Attempt) result(err error) error {
	if err != nil && a.reason == Canceled {
		if ctxErr := a.parent.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
			return newCanceledError(a.parent, err)
		}
	}
	return err
}

// Wrap returns fn with retries: a function of the same signature that
// calls fn through [Do] with policy p. It panics if p is invalid.
func Wrap(p Policy, fn func(context.Context) error) func(context.Context) error {
	if err := p.validate(); err != nil {
		panic(err)
	}
	return func(ctx context.Context) error { return Do(ctx, p, fn) }
}

// WrapValue is [Wrap] for functions that return a value.
func WrapValue[T any](p Policy, fn func(context.Context) (T, error)) func(context.Context) (T, error) {
	if err := p.validate(); err != nil {
		panic(err)
	}
	return func(ctx context.Context) (T, error) { return DoValue(ctx, p, fn) }
}

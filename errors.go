package retry

import (
	"context"
	"errors"
	"time"
)

// ErrInvalidPolicy is matched, with [errors.Is], by the errors of
// [Policy.Validate], and so by those [Do] and [DoValue] return for a policy
// they cannot use.
var ErrInvalidPolicy = errors.New("retry: invalid policy")

// canceledError is returned by Do and DoValue when the context ends while
// they wait for the next attempt. It matches both the context's error (and
// its cause) and the last attempt's error.
type canceledError struct {
	ctxErr error // ctx.Err()
	cause  error // context.Cause(ctx), if it differs from ctxErr
	last   error
}

func newCanceledError(ctx context.Context, last error) error {
	e := &canceledError{ctxErr: ctx.Err(), last: last}
	if c := context.Cause(ctx); c != e.ctxErr {
		e.cause = c
	}
	return e
}

func (e *canceledError) Error() string {
	why := e.ctxErr
	if e.cause != nil {
		why = e.cause
	}
	return "retry: " + why.Error() + " while waiting to retry: " + e.last.Error()
}

func (e *canceledError) Unwrap() []error {
	if e.cause != nil {
		return []error{e.ctxErr, e.cause, e.last}
	}
	return []error{e.ctxErr, e.last}
}

// retryAfter returns the wait that err asks for through a RetryAfter method
// on it or on an error in its chain, searched as [errors.As] would.
// It allocates nothing.
func retryAfter(err error) (time.Duration, bool) {
	for err != nil {
		if h, ok := err.(interface{ RetryAfter() time.Duration }); ok {
			return h.RetryAfter(), true
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if d, ok := retryAfter(e); ok {
					return d, true
				}
			}
			return 0, false
		default:
			return 0, false
		}
	}
	return 0, false
}

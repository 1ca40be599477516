package bench

import (
	"context"
	"errors"

	sethvargo "github.com/sethvargo/go-retry"
)

// ErrTransient is the error an [Op] fails with.
var ErrTransient = errors.New("bench: transient failure")

// errMarked is ErrTransient marked retryable for sethvargo/go-retry, built
// once: that library retries only errors wrapped this way.
var errMarked = sethvargo.RetryableError(ErrTransient)

// An Op is the work that the libraries retry. It fails its first calls
// with [ErrTransient], as many as NewOp was told, and succeeds after them.
//
// An Op offers itself in the shape each library takes, as func fields built
// once by NewOp, so that handing it to a library allocates nothing. An Op
// is not safe for concurrent use: each goroutine needs its own.
type Op struct {
	fails  int
	calls  int
	called chan<- struct{}

	// Ctx is the Op as a func(context.Context) error.
	Ctx func(context.Context) error

	// NoCtx is the Op as a func() error.
	NoCtx func() error

	// Value is the Op as a func() (struct{}, error).
	Value func() (struct{}, error)

	// Marked is Ctx with its error marked by sethvargo/go-retry's
	// RetryableError.
	Marked func(context.Context) error
}

// NewOp returns an Op that fails its first fails calls. If called is not
// nil, each call also sends on it, without blocking, so that another
// goroutine can learn that the Op ran.
func NewOp(fails int, called chan<- struct{}) *Op {
	o := &Op{fails: fails, called: called}
	o.Ctx = func(context.Context) error { return o.call() }
	o.NoCtx = o.call
	o.Value = func() (struct{}, error) { return struct{}{}, o.call() }
	o.Marked = func(context.Context) error {
		if o.call() != nil {
			return errMarked
		}
		return nil
	}
	return o
}

func (o *Op) call() error {
	o.calls++
	if o.called != nil {
		select {
		case o.called <- struct{}{}:
		default:
		}
	}
	if o.calls <= o.fails {
		return ErrTransient
	}
	return nil
}

// Calls returns the number of calls since the Op was made or last reset.
func (o *Op) Calls() int { return o.calls }

// Reset makes the Op fail its next calls again, as a new one would.
func (o *Op) Reset() { o.calls = 0 }

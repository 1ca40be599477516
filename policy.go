package retry

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/stamina-go/retry/backoff"
)

// A Policy says which errors a loop retries, how often, for how long, and
// how long it waits between attempts.
//
// The zero value of every field but On is a sensible default, the same as
// Python's stamina: 10 attempts, a 45s budget, and [backoff.Default].
// A Policy is a plain value: copy it freely and use it from any number of
// goroutines at once.
type Policy struct {
	// On reports whether an error is worth another attempt. It is
	// required: a loop retries only the errors it is told to. Build it with
	// [OnErrors], [OnType] or [OnAny], or write it by hand.
	On func(error) bool

	// Attempts is the most attempts the loop makes, the first included.
	// Zero means 10; Unlimited means no limit other than the timeout.
	Attempts int

	// Timeout is the budget for the whole loop, counted from its start.
	// The loop never starts a wait that would end past it, nor past the
	// context's deadline. Zero means 45s; Unlimited means no budget other
	// than the context's.
	Timeout time.Duration

	// Backoff computes the wait before each retry. Nil means
	// [backoff.Default].
	Backoff backoff.Strategy

	// AttemptTimeout, if positive, gives each attempt's context
	// ([Attempt.Context]) a deadline of its own, that many after the
	// attempt starts. Zero means none.
	AttemptTimeout time.Duration

	// Name names the call site in logs and metrics.
	Name string

	// Hooks observe this loop, after the global hooks (see [SetHooks]).
	Hooks []Hook

	// RetryNested lets the loop retry every error on its own even when its
	// context comes from a retried attempt of an outer loop. By default
	// such a loop gives up after one attempt on the errors the outer loop
	// retries, and leaves those to it; see "Nested loops" in the package
	// documentation.
	RetryNested bool
}

// Unlimited, as Policy.Attempts or Policy.Timeout, removes that limit.
const Unlimited = -1

// Defaults, used where a Policy field is zero.
const (
	DefaultAttempts = 10
	DefaultTimeout  = 45 * time.Second
)

// Validate reports whether p can be used, and if not, returns an error
// that names each wrong field and how to fix it. The error matches
// [ErrInvalidPolicy] with [errors.Is].
func (p Policy) Validate() error {
	return p.validate()
}

// validator is implemented by the strategies of package backoff.
type validator interface{ Validate() error }

// validate is Validate without the copy. Attempts calls it on every loop,
// so it decides a valid policy with no allocation, and leaves building
// the message to problems.
func (p *Policy) validate() error {
	if p.On == nil || p.Attempts < Unlimited || p.Timeout < Unlimited || p.AttemptTimeout < 0 {
		return p.problems()
	}
	if bv, ok := p.Backoff.(validator); ok &&
		(bv.Validate() != nil || p.Attempts == Unlimited && neverWaits(p.Backoff)) {
		return p.problems()
	}
	for _, h := range p.Hooks {
		if h == nil {
			return p.problems()
		}
	}
	return nil
}

// problems returns the error that names every problem of p, or nil.
func (p *Policy) problems() error {
	var msgs []string
	add := func(format string, args ...any) {
		msgs = append(msgs, fmt.Sprintf(format, args...))
	}

	if p.On == nil {
		add("On is nil; say which errors to retry, e.g. On: retry.OnErrors(ErrBusy), " +
			"or On: retry.OnAny to retry every error")
	}
	if p.Attempts < Unlimited {
		add("Attempts is %d; use a positive count, 0 for the default (%d), or retry.Unlimited",
			p.Attempts, DefaultAttempts)
	}
	if p.Timeout < Unlimited {
		add("Timeout is %v; use a positive duration, 0 for the default (%v), or retry.Unlimited",
			p.Timeout, DefaultTimeout)
	}
	if p.AttemptTimeout < 0 {
		add("AttemptTimeout is %v; use a positive duration, or 0 for none", p.AttemptTimeout)
	}
	if bv, ok := p.Backoff.(validator); ok {
		if err := bv.Validate(); err != nil {
			add("Backoff: %v", err)
		} else if p.Attempts == Unlimited && neverWaits(p.Backoff) {
			add("Backoff never waits and Attempts is Unlimited, which would retry in a hot " +
				"loop; give the backoff a positive wait, or limit Attempts")
		}
	}
	for i, h := range p.Hooks {
		if h == nil {
			add("Hooks[%d] is nil; remove it", i)
		}
	}

	if msgs == nil {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrInvalidPolicy, strings.Join(msgs, "; "))
}

// neverWaits reports whether s is a strategy of package backoff that waits
// zero before every retry.
func neverWaits(s backoff.Strategy) bool {
	switch s := s.(type) {
	case backoff.Constant:
		return s <= 0
	case backoff.Exponential:
		return s.Max <= 0 || (s.Initial <= 0 && s.Jitter <= 0)
	case backoff.Linear:
		return s.Max <= 0 || (s.Initial <= 0 && s.Step <= 0)
	case backoff.FullJitter:
		return s.Max <= 0 || s.Initial <= 0
	case backoff.EqualJitter:
		return s.Max <= 0 || s.Initial <= 0
	case backoff.DecorrelatedJitter:
		return s.Max <= 0 || s.Initial <= 0
	}
	return false
}

// attempts returns the attempt budget, or Unlimited.
func (p *Policy) attempts() int {
	if p.Attempts == 0 {
		return DefaultAttempts
	}
	return p.Attempts
}

// timeout returns the loop's budget, or Unlimited.
func (p *Policy) timeout() time.Duration {
	if p.Timeout == 0 {
		return DefaultTimeout
	}
	return p.Timeout
}

// delay returns the strategy's wait before the given retry, never negative.
func (p *Policy) delay(retry int, prev time.Duration) time.Duration {
	var d time.Duration
	if p.Backoff == nil {
		d = backoff.Default.Delay(retry, prev)
	} else {
		d = p.Backoff.Delay(retry, prev)
	}
	return max(d, 0)
}

// OnErrors returns a predicate for [Policy.On] that retries an error when
// it matches one of targets with [errors.Is].
func OnErrors(targets ...error) func(error) bool {
	targets = append([]error(nil), targets...)
	return func(err error) bool {
		for _, t := range targets {
			if errors.Is(err, t) {
				return true
			}
		}
		return false
	}
}

// OnType returns a predicate for [Policy.On] that retries an error when
// one in its chain is of type E, as [errors.As] finds it.
//
//	On: retry.OnType[*net.OpError]()
func OnType[E error]() func(error) bool {
	return func(err error) bool {
		var target E
		return errors.As(err, &target)
	}
}

// OnAny is a predicate for [Policy.On] that retries every error.
// Prefer naming the errors worth retrying: a bug retried ten times is
// still a bug, only slower.
func OnAny(error) bool { return true }

package backoff

import "time"

// FullJitter waits a random time between zero and a ceiling that grows
// as [Exponential]'s does:
//
//	U[0, min(Max, Initial*Base^(retry-1))]
//
// Where Exponential adds a bounded jitter to a growing wait, FullJitter
// draws the whole wait at random. Many clients that failed together, as
// when a shared server restarts, then spread over the whole interval
// instead of arriving in a burst at its end: pick it to ease contention
// among many callers. Its waits are shorter on average (half the ceiling)
// and unpredictable, including some close to zero; pick [EqualJitter] to
// keep a floor, or Exponential to keep stamina's behaviour.
//
// The zero value never waits. A zero Base means 2.
type FullJitter struct {
	Initial time.Duration // the ceiling of the first wait
	Max     time.Duration // the longest wait
	Base    float64       // the growth factor of the ceiling; 0 means 2
}

// Delay returns a random wait before the given retry. It ignores prev.
// A retry below 1 counts as 1.
func (f FullJitter) Delay(retry int, prev time.Duration) time.Duration {
	c := ceiling(f.Initial, f.Base, f.Max, retry)
	if c == 0 {
		return 0
	}
	return jitter(c)
}

// Validate reports whether f can produce sensible waits, and if not, which
// field is wrong and how to fix it.
func (f FullJitter) Validate() error {
	return validateCeiling("FullJitter", f.Initial, f.Base, f.Max)
}

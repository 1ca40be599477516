package backoff

import "time"

// EqualJitter waits half of a growing ceiling, plus a random time up to
// the other half:
//
//	c = min(Max, Initial*Base^(retry-1))
//	c/2 + U[0, c/2]
//
// It sits between [Exponential] and [FullJitter]: like FullJitter, the
// randomness scales with the wait, so loops that failed together spread
// out even when the waits are long; like Exponential, every wait is at
// least half the ceiling, so no retry comes back almost at once. Pick it
// when spreading clients matters but a floor under each wait does too.
//
// The zero value never waits. A zero Base means 2.
type EqualJitter struct {
	Initial time.Duration // the ceiling of the first wait
	Max     time.Duration // the longest wait
	Base    float64       // the growth factor of the ceiling; 0 means 2
}

// Delay returns a random wait before the given retry. It ignores prev.
// A retry below 1 counts as 1.
func (e EqualJitter) Delay(retry int, prev time.Duration) time.Duration {
	c := ceiling(e.Initial, e.Base, e.Max, retry)
	half := c / 2
	if half == 0 {
		return c
	}
	// c-half is the larger half when c is odd, so the sum never exceeds c.
	return c - half + jitter(half)
}

// Validate reports whether e can produce sensible waits, and if not, which
// field is wrong and how to fix it.
func (e EqualJitter) Validate() error {
	return validateCeiling("EqualJitter", e.Initial, e.Base, e.Max)
}

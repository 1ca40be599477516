package backoff

import (
	"fmt"
	"math"
	"time"
)

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

// ceiling returns min(limit, initial*base^(retry-1)), reading a zero base
// as 2, negative durations as zero, and a retry below 1 as 1.
func ceiling(initial time.Duration, base float64, limit time.Duration, retry int) time.Duration {
	if base == 0 {
		base = 2
	}
	f := math.Pow(base, float64(max(retry, 1)-1))
	return scale(nonNegative(initial), f, nonNegative(limit))
}

// validateCeiling checks the fields of a strategy whose waits are drawn
// under a growing ceiling; name is the strategy's type name.
func validateCeiling(name string, initial time.Duration, base float64, limit time.Duration) error {
	switch {
	case initial < 0:
		return fmt.Errorf("%s.Initial is %v; set a wait of zero or more", name, initial)
	case limit < 0:
		return fmt.Errorf("%s.Max is %v; set a wait of zero or more", name, limit)
	case !finite(base):
		return fmt.Errorf("%s.Base is %v; set a finite factor of 1 or more, such as 2", name, base)
	case base != 0 && base < 1:
		return fmt.Errorf("%s.Base is %v, which would shrink the waits; set 1 or more, such as 2", name, base)
	case limit < initial:
		return fmt.Errorf("%s.Max (%v) is below %s.Initial (%v); raise Max or lower Initial",
			name, limit, name, initial)
	}
	return nil
}

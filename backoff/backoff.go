// Package backoff provides the strategies that decide how long a retry loop
// waits between attempts.
//
// A [Strategy] maps the retry number (1 after the first failure) and the
// previous wait to the next wait. The strategies here are plain values:
// they hold no state between calls, so one value may be shared by any
// number of loops and goroutines.
//
// Every strategy in this package is safe for any input: no retry number or
// field value makes it return a negative wait, overflow, or panic. Fields
// that make no sense (a negative duration, a NaN factor) are reported by
// the strategy's Validate method, which retry.Policy.Validate calls.
package backoff

import (
	"fmt"
	"math"
	"time"
)

// A Strategy computes the wait before a retry.
//
// Delay is called with retry set to 1 after the first failure, 2 after the
// second, and so on, and with prev set to the wait that preceded the
// previous attempt (0 before the first retry). It must be safe for
// concurrent use and should return a wait that is not negative; retry
// loops treat a negative wait as zero.
type Strategy interface {
	Delay(retry int, prev time.Duration) time.Duration
}

// Default is the strategy retry loops use when their policy names none:
// 100ms doubled after each failure, plus up to 1s of random jitter,
// capped at 5s.
var Default = Exponential{
	Initial: 100 * time.Millisecond,
	Max:     5 * time.Second,
	Jitter:  time.Second,
	Base:    2,
}

// scale returns d*f as a duration, or limit if the product is at or above
// limit or is not a number. It never returns a negative duration.
func scale(d time.Duration, f float64, limit time.Duration) time.Duration {
	p := float64(d) * f
	switch {
	case p != p || p >= float64(limit): // NaN, +Inf, or too large
		return limit
	case p <= 0:
		return 0
	}
	return time.Duration(p)
}

// addCapped returns min(d+j, limit) for non-negative d, j and limit,
// without overflowing.
func addCapped(d, j, limit time.Duration) time.Duration {
	if d >= limit || j >= limit-d {
		return limit
	}
	return d + j
}

// nonNegative returns d, or 0 if d is negative.
func nonNegative(d time.Duration) time.Duration { return max(d, 0) }

// finite reports whether f is neither NaN nor infinite.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// ceiling returns min(limit, initial*base^(retry-1)), reading a zero base
// as 2, negative durations as zero, and a retry below 1 as 1.
func ceiling(initial time.Duration, base float64, limit time.Duration, retry int) time.Duration {
	if base == 0 {
		base = 2
	}
	f := math.Pow(base, float64(max(retry, 1)-1))
	return scale(nonNegative(initial), f, nonNegative(limit))
}

// validateCeiling checks the fields of a strategy whose waits grow to a
// ceiling; name is the strategy's type name.
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

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

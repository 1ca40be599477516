package backoff

import (
	"fmt"
	"math"
	"time"
)

// DecorrelatedJitter draws each wait at random between Initial and three
// times the previous wait, and never waits longer than Max:
//
//	min(Max, U[Initial, 3*max(prev, Initial)])
//
// Unlike the other strategies, it grows from the wait the loop actually
// took before (prev) rather than from the retry number, so each loop
// follows a random walk of its own and loops that failed together drift
// apart quickly. Pick it, as [FullJitter], to spread many callers out,
// when a floor of Initial under every wait is wanted too. Its waits are
// not monotonic: a long wait may follow a short one and the reverse.
// Because it reads prev, a wait set by an error's own RetryAfter hint
// also raises the next one.
//
// The zero value never waits. With a zero Initial the waits stay zero
// until a positive prev, such as a wait taken at an error's request,
// seeds them. Negative fields count as zero.
type DecorrelatedJitter struct {
	Initial time.Duration // the shortest wait
	Max     time.Duration // the longest wait
}

// Delay returns a random wait before the next retry, drawn from prev.
// It ignores retry.
func (d DecorrelatedJitter) Delay(retry int, prev time.Duration) time.Duration {
	limit := nonNegative(d.Max)
	lo := nonNegative(d.Initial)
	if lo >= limit {
		return limit
	}
	hi := max(prev, lo)
	if hi > math.MaxInt64/3 {
		hi = math.MaxInt64
	} else {
		hi *= 3
	}
	if hi == lo {
		return lo
	}
	// lo + U[0, hi-lo] stays within [lo, hi], so nothing overflows.
	return min(limit, lo+jitter(hi-lo))
}

// Validate reports whether d can produce sensible waits, and if not, which
// field is wrong and how to fix it.
func (d DecorrelatedJitter) Validate() error {
	switch {
	case d.Initial < 0:
		return fmt.Errorf("DecorrelatedJitter.Initial is %v; set a wait of zero or more", d.Initial)
	case d.Max < 0:
		return fmt.Errorf("DecorrelatedJitter.Max is %v; set a wait of zero or more", d.Max)
	case d.Max < d.Initial:
		return fmt.Errorf("DecorrelatedJitter.Max (%v) is below DecorrelatedJitter.Initial (%v); "+
			"raise Max or lower Initial", d.Max, d.Initial)
	}
	return nil
}

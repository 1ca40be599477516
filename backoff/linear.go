package backoff

import (
	"fmt"
	"time"
)

// Linear waits Initial, then Step longer after each failure, and never
// longer than Max:
//
//	min(Max, Initial + Step*(retry-1))
//
// Pick Linear over [Exponential] when each retry costs the other side
// about the same and a steady, predictable slowdown is wanted, such as
// polling for a job to finish: the waits grow, but far more slowly than
// doubling. Linear adds no jitter, so loops that failed together retry
// together; to spread many clients out, prefer a jittered strategy.
//
// The zero value never waits. As in Exponential, Max caps every wait, a
// zero Max included. Negative fields count as zero.
type Linear struct {
	Initial time.Duration // the first wait
	Step    time.Duration // added to the wait after each failure
	Max     time.Duration // the longest wait
}

// Delay returns the wait before the given retry. It ignores prev.
// A retry below 1 counts as 1.
func (l Linear) Delay(retry int, prev time.Duration) time.Duration {
	limit := nonNegative(l.Max)
	d := nonNegative(l.Initial)
	step := nonNegative(l.Step)
	if d >= limit {
		return limit
	}
	n := time.Duration(max(retry, 1) - 1)
	if n == 0 || step == 0 {
		return d
	}
	// step*n > limit-d, without computing a product that may overflow.
	if step > (limit-d)/n {
		return limit
	}
	return d + step*n
}

// Validate reports whether l can produce sensible waits, and if not, which
// field is wrong and how to fix it.
func (l Linear) Validate() error {
	switch {
	case l.Initial < 0:
		return fmt.Errorf("Linear.Initial is %v; set a wait of zero or more", l.Initial)
	case l.Step < 0:
		return fmt.Errorf("Linear.Step is %v, which would shrink the waits; set zero or more", l.Step)
	case l.Max < 0:
		return fmt.Errorf("Linear.Max is %v; set a wait of zero or more", l.Max)
	case l.Max < l.Initial:
		return fmt.Errorf("Linear.Max (%v) is below Linear.Initial (%v); raise Max or lower Initial", l.Max, l.Initial)
	case l.Max == 0 && l.Step > 0:
		return fmt.Errorf("Linear.Max is 0, which caps every wait at zero despite Step %v; set the longest wait", l.Step)
	}
	return nil
}

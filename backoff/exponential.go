package backoff

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Exponential waits Initial, then Base times longer after each failure,
// plus a random jitter, and never longer than Max:
//
//	min(Max, Initial*Base^(retry-1) + U[0, Jitter])
//
// The jitter is drawn uniformly from [0, Jitter] and added before the cap,
// so that loops which failed together spread out, and no wait exceeds Max.
// This is the formula of Python's stamina; [Default] is an Exponential.
//
// The zero value never waits. A zero Base means 2.
type Exponential struct {
	Initial time.Duration // the first wait, before jitter
	Max     time.Duration // the longest wait, jitter included
	Jitter  time.Duration // the most random time added to a wait
	Base    float64       // the growth factor; 0 means 2
}

// Delay returns the wait before the given retry. It ignores prev.
// A retry below 1 counts as 1.
func (e Exponential) Delay(retry int, prev time.Duration) time.Duration {
	d := ceiling(e.Initial, e.Base, e.Max, retry)
	limit := nonNegative(e.Max)
	if e.Jitter <= 0 || d == limit {
		return d
	}
	return addCapped(d, jitter(e.Jitter), limit)
}

// Validate reports whether e can produce sensible waits, and if not, which
// field is wrong and how to fix it.
func (e Exponential) Validate() error {
	if e.Jitter < 0 {
		return fmt.Errorf("Exponential.Jitter is %v; set zero for no jitter, "+
			"or a positive duration", e.Jitter)
	}
	return validateCeiling("Exponential", e.Initial, e.Base, e.Max)
}

// jitter returns a uniformly random duration in [0, j] for j > 0.
func jitter(j time.Duration) time.Duration {
	return time.Duration(rand.Uint64N(uint64(j) + 1))
}

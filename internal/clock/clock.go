// Package clock is the seam through which retry loops read time and make
// timers.
//
// The loops use [Real] unless a test hands them a [Fake]. Code inside a
// testing/synctest bubble needs no fake at all: [Real] uses package time,
// whose clock is virtual inside a bubble.
package clock

import "time"

// A Clock tells the time and makes timers.
// Implementations are safe for concurrent use.
type Clock interface {
	// Now returns the current time.
	Now() time.Time

	// NewTimer returns a running timer that fires once after d.
	NewTimer(d time.Duration) Timer
}

// A Timer fires once on its channel after its duration has passed.
// Its methods behave as those of [time.Timer] do under Go 1.23 and later:
// after Stop or Reset returns, no value from before the call is received.
type Timer interface {
	// C returns the channel on which the timer delivers the time it fired.
	C() <-chan time.Time

	// Reset makes the timer fire after d and reports whether it was
	// running.
	Reset(d time.Duration) bool

	// Stop keeps the timer from firing and reports whether it was running.
	Stop() bool
}

// Real is the clock of package time.
type Real struct{}

// Now returns [time.Now].
func (Real) Now() time.Time { return time.Now() }

// NewTimer returns a [time.Timer].
func (Real) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

// Wrap returns t as a Timer.
func (Real) Wrap(t *time.Timer) Timer { return realTimer{t} }

// realTimer is a single pointer, so storing it in a Timer does not allocate.
type realTimer struct{ t *time.Timer }

func (r realTimer) C() <-chan time.Time        { return r.t.C }
func (r realTimer) Reset(d time.Duration) bool { return r.t.Reset(d) }
func (r realTimer) Stop() bool                 { return r.t.Stop() }

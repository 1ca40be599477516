package retrytest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stamina-go/retry/internal/clock"
	"github.com/stamina-go/retry/internal/scope"
)

// start is the time at which every Clock starts: midnight UTC on
// 1 January 2000, as in a testing/synctest bubble.
var start = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// patience is how long BlockUntil waits before it fails the test.
const patience = time.Minute

// BUG(retry): A Clock does not drive retry.Policy.AttemptTimeout: each
// attempt's context gets its deadline from package context, on the real
// clock. Test per-attempt timeouts inside a testing/synctest bubble, where
// the real clock is virtual; letting the Clock drive them would need a
// context whose deadline it fires itself.

// A Clock is a fake clock for the retry loops of one test. It moves only
// when the test advances it, so a test can check every wait of a loop
// without waiting for it.
//
// Loops use a Clock when their context comes from [Clock.Context]: they
// read the time from it, wait on its timers, and measure their
// [retry.Policy.Timeout] on it. They ignore the context's own deadline,
// which is measured on the real clock and means nothing in fake time;
// cancelling the context still ends them at once.
//
// The usual test starts the code under test in a goroutine, then in turn
// waits for it to block on the clock and lets the wait pass:
//
//	clk := retrytest.NewClock(t)
//	go func() { errc <- fetch(clk.Context(t.Context())) }()
//	clk.BlockUntil(1)   // the first attempt failed; the loop waits
//	clk.AdvanceToNext() // the wait is over; the second attempt runs
//
// A test that only needs the waits to pass, not to watch each one, can
// turn on [Clock.SetAutoAdvance] and call the code under test directly.
//
// A Clock is safe for concurrent use, but [Clock.BlockUntil] and
// [Clock.AdvanceToNext] may fail the test, and so, like [testing.T.Fatal],
// must be called from the goroutine running the test.
type Clock struct {
	t testing.TB
	f *clock.Fake

	// mu keeps Advance from running between a timer's reading of the time
	// and its start, so that the deadlines in timers match the fake's.
	mu     sync.Mutex
	timers []*timer // pending, and perhaps some that have fired or stopped
}

// NewClock returns a fake clock for the test t. It reads midnight UTC on
// 1 January 2000, as the clock in a testing/synctest bubble starts, until
// advanced. It panics if t is nil.
func NewClock(t testing.TB) *Clock {
	if t == nil {
		panic("retry: retrytest.NewClock with a nil testing.TB; pass the test's t")
	}
	return &Clock{t: t, f: clock.NewFake(start)}
}

// Context returns a copy of ctx under which retry loops use c as their
// clock. It keeps the other settings ctx carries, such as those of [Off]
// or [Testing], and replaces an earlier Clock.
func (c *Clock) Context(ctx context.Context) context.Context {
	return derive(ctx, "Clock.Context", func(s *scope.Settings) {
		s.Clock = (*source)(c)
	})
}

// Now returns the fake time.
func (c *Clock) Now() time.Time { return c.f.Now() }

// Advance moves the clock forward by d and fires, in order of their
// deadlines, the timers that are then due. It panics if d is negative.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.f.Advance(d)
}

// AdvanceToNext moves the clock forward to the earliest deadline among its
// pending timers, fires the timers then due, and returns how far it moved
// the clock: the rest of the wait of the loop that set the timer. With
// it a test can let a wait pass without knowing how long it is, as when
// the backoff has jitter.
//
// AdvanceToNext fails the test if no timer is pending. Call
// [Clock.BlockUntil] first: the code under test starts its timer only
// after its attempt has failed.
func (c *Clock) AdvanceToNext() time.Duration {
	c.t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()

	now := c.f.Now()
	c.prune(now)
	if len(c.timers) == 0 {
		c.t.Fatalf("Clock.AdvanceToNext: no timer pending, %v after the start; "+
			"call BlockUntil first, to wait until the code under test waits", now.Sub(start))
		return 0
	}
	next := c.timers[0].when
	for _, t := range c.timers[1:] {
		if t.when.Before(next) {
			next = t.when
		}
	}
	d := next.Sub(now)
	c.f.Advance(d)
	return d
}

// SetAutoAdvance sets whether c moves itself. With auto-advance on, a
// loop that starts a wait moves the clock to the wait's end at once and
// carries on: the code under test runs through its waits and its timeout
// in a single call, with no goroutine to advance the clock, and the time
// c has moved tells how long it waited. With it off, the default, c moves
// only through [Clock.Advance] and [Clock.AdvanceToNext].
func (c *Clock) SetAutoAdvance(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.f.SetAutoAdvance(on)
}

// Pending returns the number of timers that are running: the number of
// loops that are waiting on c.
func (c *Clock) Pending() int { return c.f.Pending() }

// BlockUntil waits until at least n timers are running, that is until n
// loops wait on c. It waits without polling, as long as the code under
// test needs to get there, but not forever: if n timers are not running
// within a minute, it fails the test with a message that says so, rather
// than hang. Inside a testing/synctest bubble that minute is virtual: it
// passes as soon as everything in the bubble is blocked.
func (c *Clock) BlockUntil(n int) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.t.Context(), patience)
	defer cancel()

	err := c.f.BlockUntil(ctx, n)
	switch {
	case err == nil:
	case errors.Is(err, context.DeadlineExceeded):
		c.t.Fatalf("Clock.BlockUntil(%d): %d timers pending after %v of real time; "+
			"is the code under test waiting on this clock? A loop waits on it only "+
			"under a context from Clock.Context, not under Off or Testing, "+
			"and only after a failed attempt with a retry left", n, c.f.Pending(), patience)
	default:
		c.t.Fatalf("Clock.BlockUntil(%d): %d timers pending when the test ended: %v",
			n, c.f.Pending(), err)
	}
}

// prune drops from c.timers those that have fired or stopped, so that it
// holds the pending timers only. The caller holds c.mu.
func (c *Clock) prune(now time.Time) {
	live := c.timers[:0]
	for _, t := range c.timers {
		if t.stopped || !t.when.After(now) {
			t.listed = false
			continue
		}
		live = append(live, t)
	}
	clear(c.timers[len(live):])
	c.timers = live
}

// source is the clock.Clock that the loops see: c's fake, through timers
// whose deadlines c keeps for AdvanceToNext.
type source Clock

func (s *source) Now() time.Time { return s.f.Now() }

func (s *source) NewTimer(d time.Duration) clock.Timer {
	c := (*Clock)(s)
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.f.Now()
	c.prune(now) // keeps c.timers as short as the list of pending timers
	t := &timer{c: c}
	when := now.Add(d)
	t.t = c.f.NewTimer(d)
	t.track(when)
	return t
}

// timer is a timer of the fake, with the deadline that it last started
// for.
type timer struct {
	c *Clock
	t clock.Timer

	// Guarded by c.mu.
	when    time.Time
	stopped bool
	listed  bool // in c.timers
}

func (t *timer) C() <-chan time.Time { return t.t.C() }

func (t *timer) Reset(d time.Duration) bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	when := t.c.f.Now().Add(d)
	running := t.t.Reset(d)
	t.track(when)
	return running
}

func (t *timer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	t.stopped = true
	return t.t.Stop()
}

// track records that t has just started, to fire at when. The caller
// holds t.c.mu, and read when before it started t: with auto-advance,
// starting t moves the clock.
func (t *timer) track(when time.Time) {
	t.when, t.stopped = when, false
	if !t.listed {
		t.listed = true
		t.c.timers = append(t.c.timers, t)
	}
}

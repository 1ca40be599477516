package clock

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Fake is a clock that moves only when told to. Tests advance it by hand
// and wait, without polling, until the code under test is blocked on one
// of its timers.
//
// A Fake is safe for concurrent use. Its zero value is not usable: make one
// with [NewFake].
type Fake struct {
	mu      sync.Mutex
	now     time.Time
	timers  []*fakeTimer  // pending, in no particular order
	changed chan struct{} // closed and replaced when timers change
	auto    bool          // timers advance the clock to their deadline
	created int           // timers made by NewTimer
}

// NewFake returns a fake clock that reads start until advanced.
func NewFake(start time.Time) *Fake {
	return &Fake{now: start, changed: make(chan struct{})}
}

// Now returns the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// NewTimer returns a timer that fires once the clock has been advanced by d.
// A timer whose duration is zero or negative fires at once.
func (f *Fake) NewTimer(d time.Duration) Timer {
	f.mu.Lock()
	f.created++
	f.mu.Unlock()
	t := &fakeTimer{f: f, c: make(chan time.Time, 1)}
	t.Reset(d)
	return t
}

// SetAutoAdvance sets whether starting a timer moves the clock to the
// timer's deadline at once, firing it. With auto-advance, code that waits
// on the clock runs without a second goroutine to advance it, and time
// passes only through its waits and calls to Advance.
func (f *Fake) SetAutoAdvance(on bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.auto = on
}

// Created returns the number of timers made by NewTimer.
func (f *Fake) Created() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.created
}

// Advance moves the clock forward by d and fires, in order of their
// deadlines, the timers that are then due.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if d < 0 {
		panic("retry: clock.Fake.Advance with a negative duration; time only moves forward")
	}
	f.advanceLocked(d)
}

func (f *Fake) advanceLocked(d time.Duration) {
	f.now = f.now.Add(d)

	slices.SortFunc(f.timers, func(a, b *fakeTimer) int { return a.when.Compare(b.when) })
	n := 0
	for n < len(f.timers) && !f.timers[n].when.After(f.now) {
		f.timers[n].fire(f.now)
		n++
	}
	if n > 0 {
		f.timers = slices.Delete(f.timers, 0, n)
		f.notifyLocked()
	}
}

// Pending returns the number of timers that are running.
func (f *Fake) Pending() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.timers)
}

// BlockUntil waits until at least n timers are running, or ctx is done,
// in which case it returns the context's error.
func (f *Fake) BlockUntil(ctx context.Context, n int) error {
	for {
		f.mu.Lock()
		pending, changed := len(f.timers), f.changed
		f.mu.Unlock()
		if pending >= n {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
}

func (f *Fake) notifyLocked() {
	close(f.changed)
	f.changed = make(chan struct{})
}

// removeLocked takes t off the pending list and reports whether it was there.
func (f *Fake) removeLocked(t *fakeTimer) bool {
	i := slices.Index(f.timers, t)
	if i < 0 {
		return false
	}
	f.timers = slices.Delete(f.timers, i, i+1)
	f.notifyLocked()
	return true
}

type fakeTimer struct {
	f    *Fake
	c    chan time.Time
	when time.Time // guarded by f.mu
}

func (t *fakeTimer) C() <-chan time.Time { return t.c }

func (t *fakeTimer) Reset(d time.Duration) bool {
	t.f.mu.Lock()
	defer t.f.mu.Unlock()
	running := t.f.removeLocked(t)
	t.drain()
	t.when = t.f.now.Add(d)
	if d <= 0 {
		t.fire(t.f.now)
		return running
	}
	t.f.timers = append(t.f.timers, t)
	t.f.notifyLocked()
	if t.f.auto {
		t.f.advanceLocked(d)
	}
	return running
}

func (t *fakeTimer) Stop() bool {
	t.f.mu.Lock()
	defer t.f.mu.Unlock()
	running := t.f.removeLocked(t)
	t.drain()
	return running
}

// fire delivers now without blocking; the buffer of one is empty because
// Reset and Stop drain it and a timer fires once per Reset.
func (t *fakeTimer) fire(now time.Time) {
	select {
	case t.c <- now:
	default:
	}
}

func (t *fakeTimer) drain() {
	select {
	case <-t.c:
	default:
	}
}

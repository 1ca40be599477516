package retry

import (
	"context"
	"math"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stamina-go/retry/internal/clock"
	"github.com/stamina-go/retry/internal/scope"
)

// An Attempt is one run of a retry loop's body; see [Attempts].
//
// The loop may hand the same *Attempt to every iteration: it is valid only
// inside the iteration that received it, and its methods must be called
// from the goroutine running the loop.
type Attempt struct {
	// Set once per loop.
	p        Policy
	parent   context.Context
	settings *scope.Settings // nil: process-wide switches, real clock
	start    time.Duration   // since epoch; unset when the policy has no timeout

	// Set at the first failure (see resolve).
	resolved    bool
	id          uint64 // Event.Loop
	sw          switches
	budget      int              // attempts allowed, or Unlimited
	outerOn     func(error) bool // the On of the loop this one is nested in
	deadline    time.Duration    // since epoch, when hasDeadline
	hasDeadline bool

	// Carried from attempt to attempt.
	marked   context.Context // parent, marked as inside a retried attempt
	timer    clock.Timer
	pooled   *time.Timer   // the real timer behind timer, from timerPool
	waited   time.Duration // total of the waits so far
	prevWait time.Duration

	// This attempt's own.
	num      int
	phase    phase
	done     bool // Done was called
	err      error
	planned  bool          // plan holds the strategy's wait
	plan     time.Duration // for NextWait before Done
	retry    bool          // Done decided that another attempt follows
	reason   Reason        // why not, when err != nil
	wait     time.Duration // the wait before the next attempt, when retry
	waitFrom time.Duration // when the wait was decided, since epoch
	actx     context.Context
	cancel   context.CancelFunc
}

type phase uint8

const (
	inBody phase = iota
	between
	ended
)

// loops numbers the loops that fail at least once, for Event.Loop.
var loops atomic.Uint64

// nestKey marks a context as coming from a retried attempt; see
// Policy.RetryNested. Its value is the loop's On: a loop nested in the
// attempt leaves to the outer loop the errors that the outer loop retries.
type nestKey struct{}

// Num returns the attempt's number: 1 for the first attempt.
func (a *Attempt) Num() int { return a.num }

// Done records the attempt's outcome and reports whether another attempt
// will follow. A nil err means success and ends the loop; so does an
// attempt whose body never calls Done.
//
// A non-nil err is retried when [Policy.On] accepts it, the context is not
// done, retrying is on, the attempt budget allows another attempt, and the
// wait before it (the error's own RetryAfter hint, if it has one, else the
// policy's backoff) would end before the deadline. When Done returns false
// the loop ends after this iteration, so the body can, for instance, close
// a response it would otherwise discard.
//
// Done panics if called twice in one attempt or after the iteration that
// received the Attempt has ended.
func (a *Attempt) Done(err error) bool {
	if a.phase != inBody || a.done {
		a.misuse()
	}
	a.done = true
	if err == nil {
		return false
	}
	a.err = err
	return a.decide()
}

// NextWait returns the wait that follows this attempt if it fails: the
// policy's backoff, jitter included, exactly as the loop will wait it, or
// zero when no further attempt would follow (the budget is spent, retrying
// is off) or in testing mode. An error's RetryAfter hint replaces the
// backoff; after Done, NextWait returns the wait the loop will really take,
// or zero if the loop ends.
func (a *Attempt) NextWait() time.Duration {
	if a.done || a.phase != inBody {
		if a.retry {
			return a.wait
		}
		return 0
	}
	a.resolve()
	if a.sw.off || a.last() {
		return 0
	}
	return a.plannedWait()
}

// Context returns the context for this attempt's work: the loop's context,
// with a deadline of [Policy.AttemptTimeout] if the policy sets one, which
// is cancelled when the attempt ends. From the second attempt on, it also
// carries a mark by which loops nested in the attempt know they are nested
// (see [Policy.RetryNested]).
func (a *Attempt) Context() context.Context {
	if a.num == 1 && a.p.AttemptTimeout <= 0 {
		return a.parent
	}
	return a.context()
}

func (a *Attempt) context() context.Context {
	if a.actx != nil {
		return a.actx
	}
	ctx := a.parent
	if a.num > 1 {
		if a.marked == nil {
			a.marked = context.WithValue(a.parent, nestKey{}, a.p.On)
		}
		ctx = a.marked
	}
	if a.p.AttemptTimeout > 0 && a.phase == inBody {
		a.actx, a.cancel = context.WithTimeout(ctx, a.p.AttemptTimeout)
		return a.actx
	}
	return ctx
}

func (a *Attempt) misuse() {
	if a.phase != inBody {
		panic("retry: Attempt.Done called after its iteration ended; " +
			"use an Attempt only inside the loop body that received it")
	}
	panic("retry: Attempt.Done called twice in attempt " + strconv.Itoa(a.num) +
		"; call it once, with the attempt's outcome")
}

// begin starts the loop, or panics if p is invalid or ctx is nil.
func (a *Attempt) begin(ctx context.Context, p *Policy) {
	if err := p.validate(); err != nil {
		panic(err)
	}
	a.init(ctx, p)
}

// init starts the loop with a policy known to be valid.
func (a *Attempt) init(ctx context.Context, p *Policy) {
	if ctx == nil {
		panic("retry: nil Context; use context.Background() or context.TODO()")
	}
	a.p, a.parent, a.num = *p, ctx, 1
	a.settings = scope.From(ctx)
	if p.Timeout != Unlimited {
		a.start = a.now()
	}
}

// next ends the iteration that has just returned normally and reports
// whether another attempt follows. Its first test is the whole work of a
// successful loop, so it inlines; the rest is out of line.
func (a *Attempt) next() bool {
	if a.err == nil && a.cancel == nil {
		a.phase = ended
		return false
	}
	return a.advance()
}

func (a *Attempt) advance() bool {
	a.endAttempt()
	if a.err == nil {
		a.phase = ended
		return false
	}
	if !a.retry {
		a.phase = ended
		if !a.sw.off {
			a.emit(GaveUp)
		}
		return false
	}

	a.phase = between
	a.emit(Scheduled)
	slept, ok := a.sleep()
	a.waited += slept
	a.emit(WaitEnded)
	if !ok {
		a.phase, a.reason = ended, Canceled
		a.emit(GaveUp)
		return false
	}

	a.prevWait = a.wait
	a.num++
	a.phase, a.done, a.err = inBody, false, nil
	a.planned, a.retry, a.reason, a.wait = false, false, 0, 0
	return true
}

// stop ends the loop, whichever way it ended; after a panic in the body
// it runs only if the loop has a deferred call to it.
func (a *Attempt) stop() {
	if a.cancel != nil || a.pooled != nil {
		a.release()
	}
	a.phase = ended
}

// release cancels the attempt's context and gives back the loop's timer.
func (a *Attempt) release() {
	a.endAttempt()
	if a.pooled != nil {
		a.releaseTimer()
	}
}

func (a *Attempt) endAttempt() {
	if a.cancel != nil {
		a.cancel()
		a.actx, a.cancel = nil, nil
	}
}

// decide applies the loop's rules to the failed attempt's error a.err.
func (a *Attempt) decide() bool {
	a.resolve()
	a.retry = false
	switch {
	case !a.p.On(a.err):
		a.reason = NotRetryable
	case a.parent.Err() != nil:
		a.reason = Canceled
	case a.sw.off, a.last(), a.outerOn != nil && a.outerOn(a.err):
		a.reason = Exhausted
	default:
		wait := a.plannedWait()
		if d, ok := retryAfter(a.err); ok && d >= 0 && !a.sw.testing {
			wait = d
		}
		now := a.now()
		if a.hasDeadline && addSat(now, wait) >= a.deadline {
			a.reason = Timeout
			break
		}
		a.wait, a.retry, a.waitFrom = wait, true, now
	}
	return a.retry
}

// last reports whether this attempt is the last the budget allows.
func (a *Attempt) last() bool {
	return a.budget != Unlimited && a.num >= a.budget
}

// resolve works out, at the loop's first failure, what a successful loop
// never needs: the switches, the attempt budget and the deadline.
func (a *Attempt) resolve() {
	if a.resolved {
		return
	}
	a.resolved = true
	a.id = loops.Add(1)
	a.sw = currentSwitches(a.settings)

	a.budget = a.p.attempts()
	if a.sw.testing {
		n := a.sw.attempts
		if a.sw.cap && a.budget != Unlimited {
			n = min(n, a.budget)
		}
		a.budget = n
	}
	if !a.p.RetryNested {
		a.outerOn, _ = a.parent.Value(nestKey{}).(func(error) bool)
	}

	if t := a.p.timeout(); t != Unlimited {
		a.deadline, a.hasDeadline = addSat(a.start, t), true
	}
	// A fake clock's time has nothing to do with the context's deadline.
	if d, ok := a.parent.Deadline(); ok && a.clock() == nil {
		if d := d.Sub(epoch); !a.hasDeadline || d < a.deadline {
			a.deadline, a.hasDeadline = d, true
		}
	}
}

func (a *Attempt) plannedWait() time.Duration {
	if !a.planned {
		a.planned = true
		a.plan = 0
		if !a.sw.off && !a.sw.testing {
			a.plan = a.p.delay(a.num, a.prevWait)
		}
	}
	return a.plan
}

// sleep waits until a.wait has passed since the retry was decided, on the
// loop's one timer, and reports how long it waited and false if the
// context ended first.
//
// The wait counts from the decision, not from the end of the hooks that
// followed it: the deadline was checked against its end as decided, and a
// wait that slow hooks have already outlasted needs no timer at all.
func (a *Attempt) sleep() (time.Duration, bool) {
	if a.wait <= 0 {
		return 0, a.parent.Err() == nil
	}
	left := addSat(a.wait, a.waitFrom-a.now()) // the difference is small
	if left <= 0 {
		return a.wait, a.parent.Err() == nil
	}
	if a.timer == nil {
		a.timer = a.newTimer(left)
	} else {
		a.timer.Reset(left)
	}
	select {
	case <-a.timer.C():
		return a.wait, true
	case <-a.parent.Done():
		a.timer.Stop()
		return min(max(a.now()-a.waitFrom, 0), a.wait), false
	}
}

// timerPool holds stopped real timers of loops that have ended, so that a
// loop that retries need not make one.
//
// A timer made inside a testing/synctest bubble belongs to that bubble:
// using it from anywhere else makes the runtime abort the process. So a
// loop in a bubble neither takes timers from the pool nor gives any back.
var timerPool sync.Pool

// newTimer returns a running timer for the loop's waits.
func (a *Attempt) newTimer(d time.Duration) clock.Timer {
	if c := a.clock(); c != nil {
		return c.NewTimer(d)
	}
	if inBubble() {
		return clock.Real{}.NewTimer(d)
	}
	if t, ok := timerPool.Get().(*time.Timer); ok {
		t.Reset(d)
		a.pooled = t
	} else {
		a.pooled = time.NewTimer(d)
	}
	return clock.Real{}.Wrap(a.pooled)
}

func (a *Attempt) releaseTimer() {
	a.pooled.Stop()
	timerPool.Put(a.pooled)
	a.pooled, a.timer = nil, nil
}

// inBubble reports whether the calling goroutine is in a testing/synctest
// bubble, where time.Now carries no monotonic reading.
func inBubble() bool {
	now := time.Now()
	return now == now.Round(0)
}

// clock returns the fake clock the loop's context carries, or nil.
func (a *Attempt) clock() clock.Clock {
	if a.settings != nil {
		return a.settings.Clock
	}
	return nil
}

// epoch anchors the loops' readings of the clock, which are durations
// since it: time.Since(epoch) reads one clock where time.Now reads two,
// and a loop that succeeds at once reads nothing else.
var epoch = time.Now()

// now returns the time since epoch.
func (a *Attempt) now() time.Duration {
	if c := a.clock(); c != nil {
		return c.Now().Sub(epoch)
	}
	return time.Since(epoch)
}

// addSat returns a+b, saturated at the bounds of time.Duration.
func addSat(a, b time.Duration) time.Duration {
	s := a + b
	switch {
	case b > 0 && s < a:
		return math.MaxInt64
	case b < 0 && s > a:
		return math.MinInt64
	}
	return s
}

// emit tells the global hooks, then the policy's, then those the context
// carries, of an event.
func (a *Attempt) emit(k EventKind) {
	e := Event{
		Kind:     k,
		Loop:     a.id,
		Name:     a.p.Name,
		Attempts: a.num,
		Err:      a.err,
		Waited:   a.waited,
	}
	switch k {
	case Scheduled, WaitEnded:
		e.Wait = a.wait
	case GaveUp:
		e.Reason = a.reason
	}
	for _, h := range currentHooks() {
		h.Observe(a.parent, e)
	}
	for _, h := range a.p.Hooks {
		h.Observe(a.parent, e)
	}
	if a.settings != nil {
		for _, h := range a.settings.Hooks {
			h.(Hook).Observe(a.parent, e)
		}
	}
}

package retry

import (
	"context"
	"iter"
)

// Attempts returns a sequence of attempts at some work, to be ranged over
// with the work as the loop body:
//
//	for a := range retry.Attempts(ctx, policy) {
//		err = doSomething(a.Context())
//		a.Done(err)
//	}
//
// After each iteration the loop decides, in this order:
//
//  1. The outcome is the error passed to [Attempt.Done]; an iteration that
//     does not call Done succeeded.
//  2. Success ends the loop.
//  3. An error that [Policy.On] rejects ends the loop, and so does a done
//     ctx.
//  4. With retrying switched off ([SetActive]), the first attempt is the
//     last.
//  5. So is the last attempt that the budget ([Policy.Attempts], or the
//     count of testing mode) allows.
//  6. The wait before the next attempt is the one the error asks for, if
//     an error in its chain has a method RetryAfter() time.Duration (the
//     first such; a negative value asks for nothing); else
//     [Policy.Backoff]'s. In testing mode it is zero.
//  7. If the wait would end at or after the deadline, the earlier of ctx's
//     deadline and the loop's start plus [Policy.Timeout], the loop ends
//     at once rather than sleep for nothing.
//  8. Otherwise the hooks hear of the scheduled retry, and the loop waits
//     for the wait to pass or ctx to end, which ends the loop at once.
//
// The body always runs at least once, even if ctx is already done, so the
// variables it sets are always set. A break or return in the body ends the
// loop without another attempt, and a panic propagates unchanged; neither
// leaves a timer behind. Each range over the sequence runs a new loop.
//
// The loop panics before its first attempt if p is invalid (see
// [Policy.Validate]) or ctx is nil.
func Attempts(ctx context.Context, p Policy) iter.Seq[*Attempt] {
	return func(yield func(*Attempt) bool) {
		if p.AttemptTimeout > 0 {
			attemptsGuarded(ctx, p, yield)
			return
		}
		var a Attempt
		a.begin(ctx, &p)
		for yield(&a) && a.next() {
		}
		a.stop()
	}
}

// attemptsGuarded runs a loop whose attempts have contexts to cancel even
// when the body panics. A defer keeps a function from being inlined, so
// the plain loop above goes without.
func attemptsGuarded(ctx context.Context, p Policy, yield func(*Attempt) bool) {
	var a Attempt
	a.begin(ctx, &p)
	defer a.stop()
	for yield(&a) && a.next() {
	}
}

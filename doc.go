// Package retry retries code with exponential backoff and jitter.
//
// It follows Python's stamina: waits that grow and spread out, a total
// timeout, retries only of the errors you name, a log line for every
// retry, and one switch to turn retrying off in tests. Its loop is a
// range-over-func iterator, so the code it retries stays in place:
//
//	var resp *http.Response
//	var err error
//	for a := range retry.Attempts(ctx, retry.Policy{On: isTransient}) {
//		resp, err = client.Do(req.WithContext(a.Context()))
//		a.Done(err)
//	}
//	if err != nil {
//		return err
//	}
//
// For a single call there are [Do] and [DoValue], and [Wrap] and
// [WrapValue] to give a function retries and keep its signature:
//
//	user, err := retry.DoValue(ctx, policy, func(ctx context.Context) (User, error) {
//		return store.User(ctx, id)
//	})
//
// # Attempts
//
// [Attempts] yields an [Attempt] for each try at the work. The body reports
// the outcome with [Attempt.Done]; a body that does not call Done
// succeeded. After each attempt the loop ends on success, on an error that
// is not to be retried, when the context is done, when the attempts run
// out, or when the next wait would end past the deadline; otherwise it
// waits and yields again. Done returns that decision, so the body can
// clean up what it will not return:
//
//	for a := range retry.Attempts(ctx, policy) {
//		resp, err = client.Do(req.WithContext(a.Context()))
//		if err == nil && resp.StatusCode >= 500 {
//			err = fmt.Errorf("server error: %s", resp.Status)
//		}
//		if a.Done(err) && resp != nil {
//			resp.Body.Close() // another attempt follows
//		}
//	}
//
// The body runs at least once, so the variables it sets are always set.
// A break or return in the body ends the loop at once; a panic passes
// through. [Attempt.Context] is the context to do the work with: the
// loop's own, with [Policy.AttemptTimeout] applied if set.
//
// A loop whose first attempt succeeds allocates nothing and calls no hook.
//
// # Policies
//
// A [Policy] is a plain struct; its zero fields take stamina's defaults:
// 10 attempts, a 45s budget for the whole loop, and [backoff.Default].
// Only On is required: it names the errors worth another attempt. Build it
// from sentinels, from a type, or, if you mean it, from every error:
//
//	retry.Policy{On: retry.OnErrors(ErrBusy, io.ErrUnexpectedEOF)}
//	retry.Policy{On: retry.OnType[*net.OpError]()}
//	retry.Policy{On: retry.OnAny}
//
// Other fields set the budget ([Unlimited] lifts a limit), the backoff, a
// timeout for each attempt, a name for logs and metrics, and hooks.
// A policy that makes no sense is a programmer error: [Policy.Validate]
// says what is wrong and how to fix it, ranging over Attempts with such a
// policy panics with that message, and Do returns it, matching
// [ErrInvalidPolicy].
//
// # Backoff
//
// The wait before each retry comes from [Policy.Backoff], a
// [backoff.Strategy]. The default, [backoff.Default], waits 100ms, doubled
// after each failure, plus up to 1s of jitter, never more than 5s. An
// error can ask for its own wait with a method
//
//	RetryAfter() time.Duration
//
// anywhere in its chain, as an HTTP 429 with a Retry-After header might;
// that wait replaces the backoff's, unless it is negative, which an error
// type can return to say it has no wait to ask for. [Attempt.NextWait] tells the wait that
// follows the current attempt. The loop never starts a wait that would end
// past its deadline, the earlier of the context's deadline and its start
// plus [Policy.Timeout]: it gives up at once instead.
//
// # Errors
//
// The loop leaves the errors to the body's variables. [Do] and [DoValue]
// return the last attempt's error unchanged when it is not retryable, when
// the attempts run out and when the time is up, so == and [errors.Is]
// work as they would without retries. When the context ends while they
// wait, the error they return matches both the context's error (and its
// cause) and the last attempt's.
//
// # Hooks
//
// Every scheduled retry is logged through [log/slog.Default] at Warn:
//
//	level=WARN msg="retry scheduled" name=fetch retry=1 wait=612ms waited=0s error="connection refused"
//
// A [Hook] observes the loops' [Event]s: each retry scheduled, the end of
// each wait, and the loop giving up, with the [Reason]. [SetHooks]
// replaces the global hooks, which observe every loop; [Policy.Hooks] add
// hooks for one policy. Package hooks has a configurable slog hook, and
// the module hooks/promhook counts retries in Prometheus.
//
// # Testing
//
// Tests should not wait for backoffs, and should not be flaky. There are
// three ways to test code that retries, and each works with the code's
// own policies.
//
// Testing mode keeps the retries and drops the waits: loops make a fixed
// number of attempts, 1 unless told otherwise, and wait for nothing.
// [SetTesting] turns it on for the whole process, in TestMain for
// instance, and returns a function that restores the previous mode:
//
//	defer retry.SetTesting(true, retry.TestingAttempts(3))()
//
// [SetActive](false) turns retrying off altogether: one attempt each, no
// hooks. Both switches are process-wide, so a test that sets them must not
// run in parallel with others. Package retrytest scopes the same switches
// to a context instead, for one test among parallel ones:
//
//	ctx := retrytest.Testing(t.Context(), 3) // or retrytest.Off(t.Context())
//	err := client.Fetch(ctx)
//
// A fake clock checks the waits themselves. A retrytest.Clock drives the
// loops under a context from its Context method: they read the time from
// it and wait on its timers, and time moves only when the test says so.
// The test runs the code in a goroutine and lets each wait pass as soon
// as it starts, or turns on auto-advance and calls the code directly:
//
//	clk := retrytest.NewClock(t)
//	go func() { done <- client.Fetch(clk.Context(t.Context())) }()
//	clk.BlockUntil(1)           // an attempt failed; Fetch waits
//	wait := clk.AdvanceToNext() // the wait passes; Fetch tries again
//
// Inside a testing/synctest bubble, loops need nothing at all: the real
// clock is virtual there, and moves on whenever every goroutine in the
// bubble is blocked, so waits pass at once and deadlines work as they do
// in production. This reaches code that builds its own contexts, which
// the other ways cannot:
//
//	synctest.Test(t, func(t *testing.T) {
//		start := time.Now()
//		err := client.Fetch(t.Context())
//		t.Log(time.Since(start)) // the sum of the waits, in virtual time
//	})
//
// To check what the loops did, a retrytest.Recorder in [Policy.Hooks]
// keeps their events: the waits, and why they gave up.
//
// # Nested loops
//
// A loop in another loop's attempt would multiply their attempts: ten
// outer attempts of ten inner ones make a hundred calls. So from an outer
// loop's second attempt on, [Attempt.Context] carries a mark, and a loop
// started under it, or under a context derived from it, leaves to the
// outer loop the errors that the outer loop's [Policy.On] retries: it
// gives up on them after a single attempt. Errors the outer loop would not
// retry, it retries itself. The outer loop's first attempt is unmarked, so
// that a loop whose first attempt succeeds allocates nothing; an inner loop
// there retries as usual. Attempts thus add up rather than multiply: an
// inner loop of 4 attempts in an outer loop of 3 makes at most 4 + 3 - 1 =
// 6 calls, not 12. Set [Policy.RetryNested] on the inner loop's policy to
// let it retry everything on its own.
package retry

// Package retrytest helps test code that retries with package retry,
// without waiting for its retries and without one test's settings leaking
// into another's.
//
// Its switches and clock travel in a context: they apply to the loops
// started under the context they return, or under one derived from it,
// and to no other. Tests that run in parallel can therefore each have
// their own, and nothing needs undoing: a test's settings go when its
// context goes. Code under test that does not pass its context on to its
// loops is out of their reach; test it with the process-wide switches
// retry.SetActive and retry.SetTesting, or in a testing/synctest bubble.
//
// # Switches
//
// [Off] makes each loop a single attempt: the code under test sees its
// first error, as it would with no retries at all. [Testing] keeps the
// retries but drops the waits, and fixes the number of attempts:
//
//	ctx := retrytest.Testing(t.Context(), 3)
//	err := client.Fetch(ctx, "/items") // up to 3 attempts, no waits
//
// [On] restores the policy's own retries, for a test that needs them when
// the process-wide switches, set in TestMain say, turn them off.
//
// # Clock
//
// A [Clock] is a fake clock for the loops under a context from
// [Clock.Context]. Time moves only when the test moves it, so a test can
// check each wait a loop takes, and its timeout, in no time at all.
// [Clock.BlockUntil] waits until the code under test is waiting on the
// clock, and fails the test with a clear message if that never happens,
// rather than hang. With [Clock.SetAutoAdvance], the clock moves itself
// to the end of each wait, and the code under test runs through its
// retries in one call.
//
// # Recorder
//
// A [Recorder] is a hook that keeps the events of the loops it observes:
// the retries they scheduled and their waits, and why they gave up. It
// observes the loops whose policy lists it in [retry.Policy.Hooks], and
// those started under a context from [Recorder.Context].
//
// # Without injection
//
// Inside a testing/synctest bubble the real clock is virtual: loops wait
// only as long as the rest of the bubble is blocked, and read the time
// the waits add up to. Code under test that takes no context from the
// test, or builds its own, can be tested there as it is:
//
//	synctest.Test(t, func(t *testing.T) {
//		start := time.Now()
//		err := client.Fetch(t.Context(), "/items")
//		t.Log(time.Since(start)) // the total of the waits, in virtual time
//	})
//
// A [Clock] works inside a bubble too, and so do the switches.
package retrytest

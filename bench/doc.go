// Package bench compares the cost of retrying with package retry against
// the other Go retry libraries, and against a plain function call.
//
// Each library gets the same three jobs, as [Lib] functions: an operation
// that succeeds at once ([Lib.FirstTry]), one that fails twice and succeeds
// on its third call with waits of 1ns ([Lib.ThirdTry]), and one that always
// fails, waiting an hour between calls, until its context is cancelled
// ([Lib.Cancel]). Every policy allows up to 10 attempts; the first-try one
// backs off exponentially, from 100ms doubling to 5s, with jitter where the
// library offers it. Each library is used as its own documentation
// recommends: stateful backoffs are built anew for each call, and reusable
// retriers are built once.
//
// The benchmarks live in this package's tests, the cancellation latency
// measurement in cmd/cancel; run.sh runs both. The functions here are
// ordinary functions, kept out of line, so that a benchmark measures each
// library's loop as a user's program compiles it.
package bench

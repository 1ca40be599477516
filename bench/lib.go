package bench

import "context"

// A Lib is one way of retrying an [Op], in the three jobs the benchmarks
// give it. Each function returns the error the library reports.
type Lib struct {
	// Name identifies the library in benchmark names, as lib=Name.
	Name string

	// FirstTry retries op with up to 10 attempts and exponential backoff,
	// from 100ms doubling to 5s, with jitter where the library has it.
	FirstTry func(ctx context.Context, op *Op) error

	// ThirdTry retries op with up to 10 attempts and a constant wait of
	// 1ns, without jitter: the cost of the loop itself, not of sleeping.
	ThirdTry func(ctx context.Context, op *Op) error

	// Cancel retries op with up to 10 attempts and a constant wait of an
	// hour, with no other time limit, so that only ctx ends the wait.
	// It is nil where it would repeat another Lib's.
	Cancel func(ctx context.Context, op *Op) error
}

// Libs lists the libraries compared, package retry first: its iterator,
// then its Do. avast and failsafe reuse a retrier built once, which holds
// its context; avast-ctx and failsafe-ctx pay for one that holds the
// call's context, as request-scoped code must. "plain" is the floor: a
// direct call, a bare loop with no wait, and a bare select on a timer and
// ctx.
var Libs = []Lib{
	{"retry", retryFirstTry, retryThirdTry, retryCancel},
	{"retry-do", retryDoFirstTry, retryDoThirdTry, retryDoCancel},
	{"cenkalti", cenkaltiFirstTry, cenkaltiThirdTry, cenkaltiCancel},
	{"avast", avastFirstTry, avastThirdTry, avastCancel},
	{"avast-ctx", avastCtxFirstTry, avastCtxThirdTry, nil},
	{"sethvargo", sethvargoFirstTry, sethvargoThirdTry, sethvargoCancel},
	{"failsafe", failsafeFirstTry, failsafeThirdTry, failsafeCancel},
	{"failsafe-ctx", failsafeCtxFirstTry, failsafeCtxThirdTry, nil},
	{"plain", plainFirstTry, plainThirdTry, plainCancel},
}

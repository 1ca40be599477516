package retrytest

import (
	"context"

	"github.com/stamina-go/retry/internal/scope"
)

// Off returns a copy of ctx under which retrying is switched off: every
// loop started under it makes exactly one attempt, waits for nothing and
// calls no hook, whatever the process-wide switches say.
//
// It is the per-context form of retry.SetActive(false): it affects only
// the loops that receive the returned context or one derived from it, so
// tests that run in parallel do not see each other's switches. Off keeps
// the other settings ctx carries, such as a [Clock], and replaces an
// earlier [Off] or [Testing].
func Off(ctx context.Context) context.Context {
	return derive(ctx, "Off", func(s *scope.Settings) {
		s.Mode, s.Attempts, s.Cap = scope.Off, 0, false
	})
}

// On returns a copy of ctx under which loops retry as their policy says,
// with its attempts and waits, whatever the process-wide switches say:
// a test can opt back into real retries when TestMain has called
// retry.SetTesting or retry.SetActive(false). On keeps the other settings
// ctx carries, such as a [Clock], and replaces an earlier [Off] or
// [Testing].
func On(ctx context.Context) context.Context {
	return derive(ctx, "On", func(s *scope.Settings) {
		s.Mode, s.Attempts, s.Cap = scope.Active, 0, false
	})
}

// Testing returns a copy of ctx under which loops run in testing mode:
// they wait for nothing between attempts, and stop after the given number
// of attempts whatever their policy allows (with [Cap], no later than it
// allows). Everything else, hooks included, works as usual.
//
// It is the per-context form of retry.SetTesting: it affects only the
// loops that receive the returned context or one derived from it, so tests
// that run in parallel do not see each other's switches. Testing keeps the
// other settings ctx carries, such as a [Clock], and replaces an earlier
// [Off] or [Testing].
//
// Testing panics if attempts is less than 1.
func Testing(ctx context.Context, attempts int, opts ...Option) context.Context {
	if attempts < 1 {
		panic("retry: retrytest.Testing needs at least 1 attempt; " +
			"use retrytest.Off for a single attempt without hooks")
	}
	capped := false
	for _, o := range opts {
		capped = capped || o.cap
	}
	return derive(ctx, "Testing", func(s *scope.Settings) {
		s.Mode, s.Attempts, s.Cap = scope.Testing, attempts, capped
	})
}

// An Option adjusts [Testing].
type Option struct {
	cap bool
}

// Cap keeps loops in testing mode from making more attempts than their
// policy allows: a loop whose policy allows 2 attempts makes 2 under
// Testing(ctx, 5, Cap()). With a large count such as math.MaxInt, Cap
// runs every loop with its own policy's budget and no waits, which for a
// policy of unlimited attempts means retrying without pause until its
// timeout.
func Cap() Option { return Option{cap: true} }

// derive returns a copy of ctx whose settings are those of ctx, changed
// by change. The settings of ctx are copied, never modified, because
// other contexts may share them.
func derive(ctx context.Context, fn string, change func(*scope.Settings)) context.Context {
	if ctx == nil {
		panic("retry: retrytest." + fn + " with a nil Context; " +
			"use t.Context() or context.Background()")
	}
	var s scope.Settings
	if p := scope.From(ctx); p != nil {
		s = *p
	}
	change(&s)
	return scope.With(ctx, &s)
}

package retry

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/stamina-go/retry/internal/logging"
)

// A Hook observes retry loops: the retries they schedule, the ends of
// their waits, and their giving up.
//
// Observe is called synchronously by the goroutine that runs the loop,
// with the loop's parent context, so it should return quickly. A hook
// used by loops in several goroutines must be safe for concurrent use.
// If Observe panics, the panic propagates out of the loop, as one in the
// loop body would; the loop leaves no timer running.
type Hook interface {
	Observe(ctx context.Context, e Event)
}

// HookFunc adapts a function to a [Hook].
type HookFunc func(ctx context.Context, e Event)

// Observe calls f(ctx, e).
func (f HookFunc) Observe(ctx context.Context, e Event) { f(ctx, e) }

// An EventKind says what happened in a loop.
type EventKind uint8

const (
	// Scheduled: an attempt failed with a retryable error and the loop is
	// about to wait Event.Wait before the next one.
	Scheduled EventKind = iota + 1

	// WaitEnded: the wait announced by the previous Scheduled event is
	// over, because it ran its course or because the context ended.
	// A tracing hook can cover the wait with a span from one to the other.
	WaitEnded

	// GaveUp: the loop ended on a failed attempt; Event.Reason says why.
	GaveUp
)

// String returns the kind in words, such as "scheduled".
func (k EventKind) String() string {
	switch k {
	case Scheduled:
		return "scheduled"
	case WaitEnded:
		return "wait ended"
	case GaveUp:
		return "gave up"
	}
	return "EventKind(" + strconv.Itoa(int(k)) + ")"
}

// A Reason says why a loop gave up.
type Reason uint8

const (
	// NotRetryable: Policy.On rejected the error.
	NotRetryable Reason = iota + 1

	// Exhausted: the attempt budget is spent, or, in a loop nested in a
	// retried attempt of another, the outer loop will retry the error
	// (see Policy.RetryNested).
	Exhausted

	// Timeout: the next wait would end past the deadline.
	Timeout

	// Canceled: the loop's context ended.
	Canceled
)

// String returns the reason in words, such as "attempts exhausted".
func (r Reason) String() string {
	switch r {
	case NotRetryable:
		return "not retryable"
	case Exhausted:
		return "attempts exhausted"
	case Timeout:
		return "timeout"
	case Canceled:
		return "canceled"
	}
	return "Reason(" + strconv.Itoa(int(r)) + ")"
}

// An Event describes what happened in a loop. Hooks receive it by value.
type Event struct {
	Kind EventKind

	// Loop identifies the loop: it is the same in every event of one loop
	// and differs between loops, so that a hook observing loops in several
	// goroutines can pair each WaitEnded with its Scheduled.
	Loop uint64

	Name string // Policy.Name

	// Attempts is the number of attempts made so far. In Scheduled and
	// WaitEnded events it is also the retry number: 1 after the first
	// failure.
	Attempts int

	// Wait is the wait before the next attempt (Scheduled, WaitEnded).
	Wait time.Duration

	// Waited is the total waited before this wait (Scheduled), or in all
	// (WaitEnded, GaveUp). A wait cut short by the context counts for the
	// time it lasted.
	Waited time.Duration

	// Err is the error of the last attempt.
	Err error

	// Reason says why the loop gave up (GaveUp only).
	Reason Reason
}

// Retry returns the retry number of a Scheduled or WaitEnded event:
// 1 after the first failure.
func (e Event) Retry() int { return e.Attempts }

// globalHooks holds the hooks set by SetHooks; nil means [DefaultHooks].
var globalHooks atomic.Pointer[[]Hook]

// SetHooks replaces the global hooks, which observe every loop before the
// hooks of its own policy, and returns a function that restores the
// previous ones. SetHooks() with no hooks silences all loops but for their
// policies' hooks. SetHooks is safe for concurrent use; it copies hooks.
// It panics if a hook is nil.
func SetHooks(hooks ...Hook) (restore func()) {
	for _, h := range hooks {
		if h == nil {
			panic("retry: SetHooks with a nil Hook; pass only non-nil hooks")
		}
	}
	hs := slices.Clone(hooks)
	if hs == nil {
		hs = []Hook{}
	}
	prev := globalHooks.Swap(&hs)
	return func() { globalHooks.Store(prev) }
}

// Hooks returns a copy of the global hooks.
func Hooks() []Hook { return slices.Clone(currentHooks()) }

// ResetHooks restores the default global hooks, [DefaultHooks].
func ResetHooks() { globalHooks.Store(nil) }

// DefaultHooks returns the global hooks in force until [SetHooks] is
// called: a single hook that logs every scheduled retry through
// [slog.Default] at [slog.LevelWarn].
//
// The record's message is "retry scheduled", with the attributes name
// (the policy's name, when it has one), retry (1 after the first failure),
// wait, waited (the total waited before this wait) and error. The logger
// is looked up at each record, so [slog.SetDefault] takes effect at once.
func DefaultHooks() []Hook { return []Hook{defaultLogHook{}} }

var defaultHooks = DefaultHooks()

func currentHooks() []Hook {
	if p := globalHooks.Load(); p != nil {
		return *p
	}
	return defaultHooks
}

type defaultLogHook struct{}

func (defaultLogHook) Observe(ctx context.Context, e Event) {
	if e.Kind == Scheduled {
		logging.Retry(ctx, slog.Default(), slog.LevelWarn,
			e.Name, e.Attempts, e.Wait, e.Waited, e.Err)
	}
}

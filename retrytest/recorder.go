package retrytest

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/internal/scope"
)

// A Recorder is a [retry.Hook] that keeps the events it observes, for a
// test to check. Put it in the hooks of the policy under test:
//
//	var rec retrytest.Recorder
//	p.Hooks = append(p.Hooks, &rec)
//
// or, when the test cannot reach the policy, in the context the code under
// test runs with (see [Recorder.Context]):
//
//	err := client.Fetch(rec.Context(t.Context()))
//
// A Recorder observes every loop whose hooks it is in, and tells them
// apart only by [retry.Event.Loop]; give each loop its own for simple
// checks. As a global hook (see [retry.SetHooks]) it observes every loop
// in the process, those of parallel tests included.
//
// The zero value is an empty Recorder, ready for use. A Recorder is safe
// for concurrent use; it must not be copied after first use.
type Recorder struct {
	mu     sync.Mutex
	events []retry.Event
}

// Context returns a copy of ctx under which every loop reports its events
// to r, after its policy's hooks, as if r were in its policy's hooks.
// Only loops started under the returned context, or one derived from it,
// report to r, so tests that run in parallel do not see each other's
// loops. Context keeps the other settings ctx carries, such as a [Clock]
// or a switch.
func (r *Recorder) Context(ctx context.Context) context.Context {
	return derive(ctx, "Recorder.Context", func(s *scope.Settings) {
		s.Hooks = append(slices.Clone(s.Hooks), retry.Hook(r))
	})
}

// Observe records e. It ignores ctx.
func (r *Recorder) Observe(ctx context.Context, e retry.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

// Events returns a copy of the events recorded so far, in the order
// observed.
func (r *Recorder) Events() []retry.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

// Waits returns the wait of each retry scheduled so far (the Wait of each
// [retry.Scheduled] event), in order. Its length is the number of
// retries.
func (r *Recorder) Waits() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	var waits []time.Duration
	for _, e := range r.events {
		if e.Kind == retry.Scheduled {
			waits = append(waits, e.Wait)
		}
	}
	return waits
}

// GaveUp returns the reason of the last [retry.GaveUp] event, and whether
// there was one: a loop that succeeds, or that was switched off, does not
// give up.
func (r *Recorder) GaveUp() (retry.Reason, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range slices.Backward(r.events) {
		if e.Kind == retry.GaveUp {
			return e.Reason, true
		}
	}
	return 0, false
}

// Reset forgets the events recorded so far.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = nil
}

var _ retry.Hook = (*Recorder)(nil)

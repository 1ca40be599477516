// Package scope carries settings that apply to the retry loops started
// under one context, so that parallel tests can each have their own clock
// and switches.
package scope

import (
	"context"
	"sync/atomic"

	"github.com/stamina-go/retry/internal/clock"
)

// Mode says whether loops under a context retry as usual, make one attempt,
// or run in testing mode.
type Mode uint8

const (
	Inherit Mode = iota // follow the process-wide switches
	Active              // retry as the policy says, whatever those switches say
	Off                 // one attempt, no waits, no hooks
	Testing             // no waits and a fixed number of attempts
)

// Settings apply to every loop started under a context that carries them.
type Settings struct {
	Clock    clock.Clock // nil: the real clock
	Mode     Mode
	Attempts int  // with Testing: the number of attempts
	Cap      bool // with Testing: never more attempts than the policy's own

	// Hooks observe the loops, after their policy's hooks. They are
	// retry.Hook values, which this package cannot name.
	Hooks []any
}

type key struct{}

// used is set once any context carries settings, so that processes that
// never use them skip the context lookup.
var used atomic.Bool

// With returns a copy of ctx that carries s.
func With(ctx context.Context, s *Settings) context.Context {
	used.Store(true)
	return context.WithValue(ctx, key{}, s)
}

// From returns the settings ctx carries, or nil.
func From(ctx context.Context) *Settings {
	if !used.Load() {
		return nil
	}
	s, _ := ctx.Value(key{}).(*Settings)
	return s
}

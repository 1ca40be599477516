package hooks

import (
	"context"
	"log/slog"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/internal/logging"
)

// Slog is a [retry.Hook] that logs retry loops through log/slog.
//
// For every scheduled retry it writes a record with the message
// "retry scheduled" and the attributes name (the policy's name, when it
// has one), retry (1 after the first failure), wait (the wait before the
// next attempt), waited (the total waited before this wait) and error:
//
//	level=WARN msg="retry scheduled" name=fetch retry=1 wait=150ms waited=0s error="connection refused"
//
// This is the record of the default global hook, [retry.DefaultHooks];
// the zero Slog writes exactly the same one, to the same logger.
//
// If GaveUpLevel is set, Slog also logs each loop that gives up after at
// least one retry, with the message "retry gave up" and the attributes
// name (when set), attempts (the number of attempts made), waited (the
// total waited), reason (see [retry.Reason]) and error (the last
// attempt's):
//
//	level=ERROR msg="retry gave up" name=fetch attempts=3 waited=450ms reason="attempts exhausted" error="connection refused"
//
// A loop whose first attempt fails and which does not retry at all logs
// nothing: whether that error is worth a record is for its caller to say.
//
// A Slog is safe for concurrent use if its Logger and Levelers are, as
// those of package slog are. Records whose level the logger does not
// enable cost no allocation.
type Slog struct {
	// Logger receives the records. Nil means [slog.Default], looked up at
	// each record, so that [slog.SetDefault] takes effect at once.
	Logger *slog.Logger

	// Level is the level of scheduled-retry records. Nil means
	// [slog.LevelWarn]. Level.Level is called at each record: to change
	// the level while the program runs, use a [slog.LevelVar].
	Level slog.Leveler

	// GaveUpLevel is the level of give-up records. Nil means that give-ups
	// are not logged, as the default hook does not log them.
	GaveUpLevel slog.Leveler
}

// Keys of the give-up record's attributes beyond those it shares with the
// scheduled-retry record.
const (
	keyAttempts = "attempts"
	keyReason   = "reason"
)

// gaveUpMessage is the message of every give-up record.
const gaveUpMessage = "retry gave up"

// Observe logs e if it is a scheduled retry, or if it is a give-up after
// at least one retry and GaveUpLevel is set. It ignores other events.
func (s Slog) Observe(ctx context.Context, e retry.Event) {
	switch e.Kind {
	case retry.Scheduled:
		level := slog.LevelWarn
		if s.Level != nil {
			level = s.Level.Level()
		}
		logging.Retry(ctx, s.logger(), level, e.Name, e.Attempts, e.Wait, e.Waited, e.Err)
	case retry.GaveUp:
		if s.GaveUpLevel != nil && e.Attempts > 1 {
			gaveUp(ctx, s.logger(), s.GaveUpLevel.Level(), e)
		}
	}
}

func (s Slog) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// gaveUp logs a give-up to l at level, if l is enabled for it. It
// allocates nothing when the level is disabled.
//
// The record has no source: the line that would be reported, in this
// file, would tell the reader nothing about the loop that gave up.
func gaveUp(ctx context.Context, l *slog.Logger, level slog.Level, e retry.Event) {
	if !l.Enabled(ctx, level) {
		return
	}
	r := slog.NewRecord(time.Now(), level, gaveUpMessage, 0)
	if e.Name != "" {
		r.AddAttrs(slog.String(logging.KeyName, e.Name))
	}
	r.AddAttrs(
		slog.Int(keyAttempts, e.Attempts),
		slog.Duration(logging.KeyWaited, e.Waited),
		slog.String(keyReason, e.Reason.String()),
		slog.Any(logging.KeyError, e.Err),
	)
	_ = l.Handler().Handle(ctx, r) // as Logger.Log, which drops the error
}

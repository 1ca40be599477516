// Package logging writes the log record of a scheduled retry, shared by the
// default hook of package retry and the configurable hook of package hooks.
package logging

import (
	"context"
	"log/slog"
	"time"
)

// Message is the message of every scheduled-retry record.
const Message = "retry scheduled"

// Keys of the attributes of a scheduled-retry record.
const (
	KeyName   = "name"   // the policy's name, if it has one
	KeyRetry  = "retry"  // 1 after the first failure
	KeyWait   = "wait"   // the wait before the next attempt
	KeyWaited = "waited" // the total waited before this wait
	KeyError  = "error"  // the error that caused the retry
)

// Retry logs a scheduled retry to l at level, if l is enabled for it.
// It allocates nothing when the level is disabled.
//
// The record has no source position: this package's would mislead, and
// the caller's loop is too many frames away to find cheaply.
func Retry(ctx context.Context, l *slog.Logger, level slog.Level,
	name string, retry int, wait, waited time.Duration, err error) {
	if !l.Enabled(ctx, level) {
		return
	}
	r := slog.NewRecord(time.Now(), level, Message, 0)
	if name != "" {
		r.AddAttrs(slog.String(KeyName, name))
	}
	r.AddAttrs(
		slog.Int(KeyRetry, retry),
		slog.Duration(KeyWait, wait),
		slog.Duration(KeyWaited, waited),
		slog.Any(KeyError, err),
	)
	_ = l.Handler().Handle(ctx, r)
}

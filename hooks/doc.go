// Package hooks provides retry hooks that need nothing beyond the standard
// library.
//
// [Slog] logs retries through log/slog. Its zero value writes the same
// record, to the same logger, as the default global hook of package retry
// (see [retry.DefaultHooks]); its fields choose another logger, another
// level, and whether loops that give up are logged too:
//
//	retry.SetHooks(hooks.Slog{
//		Logger:      logger,
//		Level:       slog.LevelInfo,
//		GaveUpLevel: slog.LevelError,
//	})
//
// Prometheus metrics live in a module of their own, so that this one keeps
// to the standard library: github.com/stamina-go/retry/hooks/promhook.
package hooks

package bench

import (
	"io"
	"log/slog"
	"os"
	"testing"
)

// TestMain sends slog.Default, which package retry's default hook logs
// to, into a text handler that writes to io.Discard: records are built and
// formatted as in a real program, and printed nowhere.
func TestMain(m *testing.M) {
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	os.Exit(m.Run())
}

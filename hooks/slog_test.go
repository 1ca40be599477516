package hooks_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
	"github.com/stamina-go/retry/hooks"
)

var errBusy = errors.New("busy")

// newLogger returns a logger that writes text records without their time
// into the returned buffer, for records at level or above.
func newLogger(level slog.Leveler) (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	h := slog.NewTextHandler(&buf, &slog.HandlerOptions{
		Level: level,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	})
	return slog.New(h), &buf
}

// setDefault makes a logger like newLogger's the default for the rest of
// the test. Tests that call it must not run in parallel.
func setDefault(t *testing.T, level slog.Leveler) *bytes.Buffer {
	t.Helper()
	old := slog.Default()
	t.Cleanup(func() { slog.SetDefault(old) })
	l, buf := newLogger(level)
	slog.SetDefault(l)
	return buf
}

var (
	scheduled = retry.Event{
		Kind: retry.Scheduled, Name: "fetch", Attempts: 2,
		Wait: 150 * time.Millisecond, Waited: 100 * time.Millisecond, Err: errBusy,
	}
	waitEnded = retry.Event{
		Kind: retry.WaitEnded, Name: "fetch", Attempts: 2,
		Wait: 150 * time.Millisecond, Waited: 250 * time.Millisecond, Err: errBusy,
	}
	gaveUp = retry.Event{
		Kind: retry.GaveUp, Name: "fetch", Attempts: 3,
		Waited: 250 * time.Millisecond, Err: errBusy, Reason: retry.Exhausted,
	}
)

const (
	scheduledLine = `level=WARN msg="retry scheduled" name=fetch retry=2 wait=150ms waited=100ms error=busy` + "\n"
	gaveUpLine    = `level=ERROR msg="retry gave up" name=fetch attempts=3 waited=250ms reason="attempts exhausted" error=busy` + "\n"
)

func TestSlogObserve(t *testing.T) {
	unnamed := scheduled
	unnamed.Name = ""
	unnamedGaveUp := gaveUp
	unnamedGaveUp.Name = ""
	firstGaveUp := gaveUp
	firstGaveUp.Attempts, firstGaveUp.Waited, firstGaveUp.Reason = 1, 0, retry.NotRetryable

	tests := []struct {
		name    string
		hook    hooks.Slog // Logger, if nil, is set to the test's logger
		handler slog.Level // the level the test's handler enables
		events  []retry.Event
		want    string
		reason  string
	}{{
		name:   "scheduled",
		events: []retry.Event{scheduled},
		want:   scheduledLine,
	}, {
		name:   "unnamed",
		events: []retry.Event{unnamed},
		want:   `level=WARN msg="retry scheduled" retry=2 wait=150ms waited=100ms error=busy` + "\n",
		reason: "a policy without a name logs no name attribute",
	}, {
		name:   "wait ended",
		events: []retry.Event{waitEnded},
		want:   "",
		reason: "the end of a wait is for tracing, not for logs",
	}, {
		name:   "gave up, not asked",
		events: []retry.Event{gaveUp},
		want:   "",
		reason: "give-ups are logged only with GaveUpLevel",
	}, {
		name:   "gave up",
		hook:   hooks.Slog{GaveUpLevel: slog.LevelError},
		events: []retry.Event{scheduled, waitEnded, gaveUp},
		want:   scheduledLine + gaveUpLine,
	}, {
		name:   "gave up unnamed",
		hook:   hooks.Slog{GaveUpLevel: slog.LevelError},
		events: []retry.Event{unnamedGaveUp},
		want:   `level=ERROR msg="retry gave up" attempts=3 waited=250ms reason="attempts exhausted" error=busy` + "\n",
	}, {
		name:   "gave up without retrying",
		hook:   hooks.Slog{GaveUpLevel: slog.LevelError},
		events: []retry.Event{firstGaveUp},
		want:   "",
		reason: "a loop that never retried leaves its error to the caller",
	}, {
		name:   "level",
		hook:   hooks.Slog{Level: slog.LevelInfo, GaveUpLevel: slog.LevelWarn},
		events: []retry.Event{scheduled, gaveUp},
		want: strings.Replace(scheduledLine, "WARN", "INFO", 1) +
			strings.Replace(gaveUpLine, "ERROR", "WARN", 1),
	}, {
		name:    "disabled",
		hook:    hooks.Slog{GaveUpLevel: slog.LevelWarn},
		handler: slog.LevelError,
		events:  []retry.Event{scheduled, gaveUp},
		want:    "",
		reason:  "records below the handler's level are dropped",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, buf := newLogger(tt.handler)
			h := tt.hook
			h.Logger = l
			for _, e := range tt.events {
				h.Observe(context.Background(), e)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("%+v logged:\n%s\nwant:\n%s\n%s", tt.hook, got, tt.want, tt.reason)
			}
		})
	}
}

// TestSlogLikeDefault checks that the zero Slog writes the very record of
// the default global hook, to slog.Default.
func TestSlogLikeDefault(t *testing.T) {
	buf := setDefault(t, nil)
	ctx := context.Background()

	for _, e := range []retry.Event{scheduled, waitEnded, gaveUp} {
		retry.DefaultHooks()[0].Observe(ctx, e)
	}
	want := buf.String()
	buf.Reset()
	for _, e := range []retry.Event{scheduled, waitEnded, gaveUp} {
		hooks.Slog{}.Observe(ctx, e)
	}
	if got := buf.String(); got != want || got != scheduledLine {
		t.Errorf("Slog{} logged:\n%s\ndefault hook logged:\n%s\nwant both:\n%s", got, want, scheduledLine)
	}
}

// TestSlogDefaultLookedUp checks that a nil Logger means the default
// logger at the time of each record.
func TestSlogDefaultLookedUp(t *testing.T) {
	first := setDefault(t, nil)
	h := hooks.Slog{}
	h.Observe(context.Background(), scheduled)

	second := setDefault(t, nil)
	h.Observe(context.Background(), scheduled)

	if first.String() != scheduledLine || second.String() != scheduledLine {
		t.Errorf("first default logger got:\n%s\nsecond got:\n%s\nwant one record each:\n%s",
			first, second, scheduledLine)
	}
}

func TestSlogLevelVar(t *testing.T) {
	l, buf := newLogger(nil)
	var level slog.LevelVar
	level.Set(slog.LevelDebug)
	h := hooks.Slog{Logger: l, Level: &level}

	h.Observe(context.Background(), scheduled)
	if buf.Len() != 0 {
		t.Fatalf("at Debug, Slog logged %q; want nothing from an Info handler", buf)
	}
	level.Set(slog.LevelWarn)
	h.Observe(context.Background(), scheduled)
	if got := buf.String(); got != scheduledLine {
		t.Errorf("at Warn, Slog logged %q; want %q", got, scheduledLine)
	}
}

// TestSlogLoop runs real loops, from several goroutines at once, with a
// Slog among their policy's hooks.
func TestSlogLoop(t *testing.T) {
	defer retry.SetHooks()()
	l, buf := newLogger(nil)
	p := retry.Policy{
		On:       retry.OnErrors(errBusy),
		Attempts: 3,
		Backoff:  backoff.Constant(0),
		Name:     "fetch",
		Hooks:    []retry.Hook{hooks.Slog{Logger: l, GaveUpLevel: slog.LevelError}},
	}

	const loops = 4
	var wg sync.WaitGroup
	for range loops {
		wg.Go(func() {
			err := retry.Do(context.Background(), p, func(context.Context) error { return errBusy })
			if err != errBusy {
				t.Errorf("Do(...) = %v; want %v", err, errBusy)
			}
		})
	}
	wg.Wait()

	want := map[string]int{
		`level=WARN msg="retry scheduled" name=fetch retry=1 wait=0s waited=0s error=busy`:                       loops,
		`level=WARN msg="retry scheduled" name=fetch retry=2 wait=0s waited=0s error=busy`:                       loops,
		`level=ERROR msg="retry gave up" name=fetch attempts=3 waited=0s reason="attempts exhausted" error=busy`: loops,
	}
	got := map[string]int{}
	for line := range strings.Lines(buf.String()) {
		got[strings.TrimSuffix(line, "\n")]++
	}
	if len(got) != len(want) {
		t.Fatalf("logged:\n%s\nwant each of %d lines %d times", buf, len(want), loops)
	}
	for line, n := range want {
		if got[line] != n {
			t.Errorf("logged %q %d times; want %d", line, got[line], n)
		}
	}
}

func TestSlogDisabledAllocs(t *testing.T) {
	l, _ := newLogger(slog.LevelError)
	h := hooks.Slog{Logger: l, GaveUpLevel: slog.LevelWarn}
	ctx := context.Background()
	allocs := testing.AllocsPerRun(100, func() {
		h.Observe(ctx, scheduled)
		h.Observe(ctx, gaveUp)
	})
	if allocs != 0 {
		t.Errorf("Observe with its levels disabled made %v allocations; want 0", allocs)
	}
}

func BenchmarkSlog(b *testing.B) {
	ctx := context.Background()
	for _, level := range []slog.Level{slog.LevelError, slog.LevelInfo} {
		b.Run("handler-at-"+level.String(), func(b *testing.B) {
			l := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: level}))
			h := hooks.Slog{Logger: l}
			b.ReportAllocs()
			for b.Loop() {
				h.Observe(ctx, scheduled)
			}
		})
	}
}

// TestSlogGaveUpNoSource checks that give-up records carry no source
// position, which could only point into this package.
func TestSlogGaveUpNoSource(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{AddSource: true}))
	hooks.Slog{Logger: l, GaveUpLevel: slog.LevelError}.Observe(context.Background(), gaveUp)
	if got := buf.String(); !strings.Contains(got, `msg="retry gave up"`) || strings.Contains(got, "source=") {
		t.Errorf("logged %q; want a give-up record without source", got)
	}
}

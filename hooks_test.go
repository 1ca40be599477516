package retry_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
	"github.com/stamina-go/retry/internal/clock"
	"github.com/stamina-go/retry/retrytest"
)

// The tests in this file change the global hooks, the process-wide
// switches or slog's default logger, so none of them runs in parallel.

// retrytest.Recorder is a hook that records the events it observes.
// diffEvents describes how got differs from want, or returns "".
func diffEvents(want, got []retry.Event) string {
	var b strings.Builder
	for i := range max(len(want), len(got)) {
		switch {
		case i >= len(got):
			fmt.Fprintf(&b, "-%d: %s\n", i, formatEvent(want[i]))
		case i >= len(want):
			fmt.Fprintf(&b, "+%d: %s\n", i, formatEvent(got[i]))
		case !sameEvent(want[i], got[i]):
			fmt.Fprintf(&b, "-%d: %s\n+%d: %s\n", i, formatEvent(want[i]), i, formatEvent(got[i]))
		}
	}
	return b.String()
}

// sameEvent reports whether a and b are equal but for their Loop, which
// TestHooksEventLoop checks.
func sameEvent(a, b retry.Event) bool {
	a.Loop, b.Loop = 0, 0
	return a == b
}

func formatEvent(e retry.Event) string {
	s := fmt.Sprintf("%v name=%q attempts=%d wait=%v waited=%v err=%v",
		e.Kind, e.Name, e.Attempts, e.Wait, e.Waited, e.Err)
	if e.Reason != 0 {
		s += " reason=" + e.Reason.String()
	}
	return s
}

// failWith returns a function that fails with errs in turn, then succeeds.
func failWith(errs ...error) func(context.Context) error {
	return func(context.Context) error {
		if len(errs) == 0 {
			return nil
		}
		err := errs[0]
		errs = errs[1:]
		return err
	}
}

// driveLoop calls loop in a new goroutine and, while it runs, advances c
// by step whenever a timer is pending. It returns what loop panicked with,
// or nil.
func driveLoop(t *testing.T, c *clock.Fake, step time.Duration, loop func()) (panicked any) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		defer cancel()
		loop()
	}()
	for c.BlockUntil(ctx, 1) == nil {
		c.Advance(step)
	}
	return <-done
}

func TestHooksScheduledAndWaitEnded(t *testing.T) {
	defer retry.SetHooks()()
	ctx, c := withFakeClock(t.Context())
	var log retrytest.Recorder
	p := retry.Policy{
		On:      retry.OnAny,
		Backoff: backoff.Exponential{Initial: time.Second, Max: time.Minute, Base: 2},
		Name:    "fetch",
		Hooks:   []retry.Hook{&log},
	}
	hint := hintError{wait: 5 * time.Second}
	done := make(chan error)
	go func() { done <- retry.Do(ctx, p, failWith(errTransient, hint)) }()

	want := []retry.Event{
		{Kind: retry.Scheduled, Name: "fetch", Attempts: 1, Wait: time.Second, Err: errTransient},
		{Kind: retry.WaitEnded, Name: "fetch", Attempts: 1, Wait: time.Second, Waited: time.Second, Err: errTransient},
		// The error's hint replaces the backoff's 2s.
		{Kind: retry.Scheduled, Name: "fetch", Attempts: 2, Wait: 5 * time.Second, Waited: time.Second, Err: hint},
		{Kind: retry.WaitEnded, Name: "fetch", Attempts: 2, Wait: 5 * time.Second, Waited: 6 * time.Second, Err: hint},
	}
	// The hooks hear of each retry before its wait, and of the wait's end
	// only once it is over.
	for i, wait := range []time.Duration{time.Second, 5 * time.Second} {
		if err := c.BlockUntil(t.Context(), 1); err != nil {
			t.Fatal(err)
		}
		if d := diffEvents(want[:2*i+1], log.Events()); d != "" {
			t.Fatalf("events during wait %d (-want +got):\n%s", i+1, d)
		}
		c.Advance(wait - 1)
		if d := diffEvents(want[:2*i+1], log.Events()); d != "" {
			t.Fatalf("events just before the end of wait %d (-want +got):\n%s", i+1, d)
		}
		c.Advance(1)
	}
	if err := <-done; err != nil {
		t.Fatalf("Do(...) = %v; want nil", err)
	}
	if d := diffEvents(want, log.Events()); d != "" {
		t.Errorf("events (-want +got):\n%s", d)
	}
}

func TestHooksGaveUp(t *testing.T) {
	defer retry.SetHooks()()
	ctx := t.Context()
	canceledCtx, cancel := context.WithCancel(ctx)
	cancel()

	tests := []struct {
		name   string
		ctx    context.Context
		p      retry.Policy // with Backoff: backoff.Constant(time.Second)
		fn     func(context.Context) error
		want   []retry.Event
		reason string
	}{{
		name: "success at once",
		ctx:  ctx,
		p:    retry.Policy{On: retry.OnAny},
		fn:   failWith(),
		want: nil,
	}, {
		name: "not retryable",
		ctx:  ctx,
		p:    retry.Policy{On: retry.OnErrors(errTransient)},
		fn:   failWith(errTransient, errFatal),
		want: []retry.Event{
			{Kind: retry.Scheduled, Attempts: 1, Wait: time.Second, Err: errTransient},
			{Kind: retry.WaitEnded, Attempts: 1, Wait: time.Second, Waited: time.Second, Err: errTransient},
			{Kind: retry.GaveUp, Attempts: 2, Waited: time.Second, Err: errFatal, Reason: retry.NotRetryable},
		},
	}, {
		name: "not retryable at once",
		ctx:  ctx,
		p:    retry.Policy{On: retry.OnErrors(errTransient)},
		fn:   failWith(errFatal),
		want: []retry.Event{
			{Kind: retry.GaveUp, Attempts: 1, Err: errFatal, Reason: retry.NotRetryable},
		},
	}, {
		name: "exhausted",
		ctx:  ctx,
		p:    retry.Policy{On: retry.OnAny, Attempts: 3, Name: "fetch"},
		fn:   failWith(errTransient, errTransient, errTransient),
		want: []retry.Event{
			{Kind: retry.Scheduled, Name: "fetch", Attempts: 1, Wait: time.Second, Err: errTransient},
			{Kind: retry.WaitEnded, Name: "fetch", Attempts: 1, Wait: time.Second, Waited: time.Second, Err: errTransient},
			{Kind: retry.Scheduled, Name: "fetch", Attempts: 2, Wait: time.Second, Waited: time.Second, Err: errTransient},
			{Kind: retry.WaitEnded, Name: "fetch", Attempts: 2, Wait: time.Second, Waited: 2 * time.Second, Err: errTransient},
			{Kind: retry.GaveUp, Name: "fetch", Attempts: 3, Waited: 2 * time.Second, Err: errTransient, Reason: retry.Exhausted},
		},
	}, {
		name: "timeout",
		ctx:  ctx,
		p:    retry.Policy{On: retry.OnAny, Timeout: 2500 * time.Millisecond},
		fn:   failWith(errTransient, errTransient, errTransient),
		want: []retry.Event{
			{Kind: retry.Scheduled, Attempts: 1, Wait: time.Second, Err: errTransient},
			{Kind: retry.WaitEnded, Attempts: 1, Wait: time.Second, Waited: time.Second, Err: errTransient},
			{Kind: retry.Scheduled, Attempts: 2, Wait: time.Second, Waited: time.Second, Err: errTransient},
			{Kind: retry.WaitEnded, Attempts: 2, Wait: time.Second, Waited: 2 * time.Second, Err: errTransient},
			{Kind: retry.GaveUp, Attempts: 3, Waited: 2 * time.Second, Err: errTransient, Reason: retry.Timeout},
		},
		reason: "a third wait would end at 3s, past the 2.5s budget",
	}, {
		name: "canceled before a retry",
		ctx:  canceledCtx,
		p:    retry.Policy{On: retry.OnAny},
		fn:   failWith(errTransient),
		want: []retry.Event{
			{Kind: retry.GaveUp, Attempts: 1, Err: errTransient, Reason: retry.Canceled},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, c := withFakeClock(tt.ctx)
			var log retrytest.Recorder
			p := tt.p
			p.Backoff = backoff.Constant(time.Second)
			p.Hooks = []retry.Hook{&log}
			driveLoop(t, c, time.Second, func() { _ = retry.Do(ctx, p, tt.fn) })
			if d := diffEvents(tt.want, log.Events()); d != "" {
				t.Errorf("events (-want +got):\n%s%s", d, tt.reason)
			}
		})
	}
}

// TestHooksCanceledDuringWait checks the events of a loop whose context
// ends while it waits: the wait ends at once, then the loop gives up.
func TestHooksCanceledDuringWait(t *testing.T) {
	defer retry.SetHooks()()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	ctx, c := withFakeClock(ctx)
	var log retrytest.Recorder
	p := retry.Policy{
		On:      retry.OnAny,
		Backoff: backoff.Constant(time.Second),
		Hooks:   []retry.Hook{&log},
	}
	done := make(chan error)
	go func() { done <- retry.Do(ctx, p, failWith(errTransient, errTransient)) }()

	if err := c.BlockUntil(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) || !errors.Is(err, errTransient) {
		t.Fatalf("Do(...) = %v; want an error matching %v and %v", err, context.Canceled, errTransient)
	}

	got := log.Events()
	wantKinds := []retry.EventKind{retry.Scheduled, retry.WaitEnded, retry.GaveUp}
	if len(got) != len(wantKinds) {
		t.Fatalf("events:\n%s\nwant kinds %v", diffEvents(nil, got), wantKinds)
	}
	for i, e := range got {
		if e.Kind != wantKinds[i] || e.Attempts != 1 || e.Err != errTransient {
			t.Errorf("event %d: %s; want %v after attempt 1 with %v",
				i, formatEvent(e), wantKinds[i], errTransient)
		}
	}
	if got[1].Wait != time.Second {
		t.Errorf("WaitEnded.Wait = %v; want the wait announced, %v", got[1].Wait, time.Second)
	}
	if r := got[2].Reason; r != retry.Canceled {
		t.Errorf("GaveUp.Reason = %v; want %v", r, retry.Canceled)
	}
	if n := c.Pending(); n != 0 {
		t.Errorf("timers pending after the loop = %d; want 0", n)
	}
}

// TestHooksWaitedWhenCanceled checks that a wait cut short by the end of
// the context counts in Event.Waited for the time it lasted, not for the
// time it was to last.
func TestHooksWaitedWhenCanceled(t *testing.T) {
	defer retry.SetHooks()()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	ctx, c := withFakeClock(ctx)
	var log retrytest.Recorder
	p := retry.Policy{
		On:      retry.OnAny,
		Backoff: backoff.Constant(time.Second),
		Hooks:   []retry.Hook{&log},
	}
	done := make(chan error)
	go func() { done <- retry.Do(ctx, p, failWith(errTransient, errTransient)) }()

	if err := c.BlockUntil(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	c.Advance(300 * time.Millisecond)
	cancel()
	<-done

	want := []retry.Event{
		{Kind: retry.Scheduled, Attempts: 1, Wait: time.Second, Err: errTransient},
		{Kind: retry.WaitEnded, Attempts: 1, Wait: time.Second, Waited: 300 * time.Millisecond, Err: errTransient},
		{Kind: retry.GaveUp, Attempts: 1, Waited: 300 * time.Millisecond, Err: errTransient, Reason: retry.Canceled},
	}
	if d := diffEvents(want, log.Events()); d != "" {
		t.Errorf("events (-want +got):\n%s", d)
	}
}

// TestHooksOrder checks that the global hooks run before the policy's,
// each list in order.
func TestHooksOrder(t *testing.T) {
	var calls []string
	named := func(name string) retry.Hook {
		return retry.HookFunc(func(_ context.Context, e retry.Event) {
			calls = append(calls, name+" "+e.Kind.String())
		})
	}
	defer retry.SetHooks(named("global 1"), named("global 2"))()
	p := retry.Policy{
		On:      retry.OnAny,
		Backoff: backoff.Constant(0),
		Hooks:   []retry.Hook{named("policy 1"), named("policy 2")},
	}
	_ = retry.Do(t.Context(), p, failWith(errTransient))

	want := []string{
		"global 1 scheduled", "global 2 scheduled", "policy 1 scheduled", "policy 2 scheduled",
		"global 1 wait ended", "global 2 wait ended", "policy 1 wait ended", "policy 2 wait ended",
	}
	if got := strings.Join(calls, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("hooks called in order:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

func TestSetHooks(t *testing.T) {
	defer retry.ResetHooks()
	same := func(got, want []retry.Hook) bool {
		if len(got) != len(want) {
			return false
		}
		for i := range got {
			if got[i] != want[i] {
				return false
			}
		}
		return true
	}
	a, b := &retrytest.Recorder{}, &retrytest.Recorder{}
	defaults := retry.DefaultHooks()

	retry.ResetHooks()
	if got := retry.Hooks(); !same(got, defaults) || len(got) != 1 {
		t.Fatalf("Hooks() after ResetHooks = %v; want DefaultHooks() = %v, one hook", got, defaults)
	}

	hs := []retry.Hook{a, b}
	restoreDefaults := retry.SetHooks(hs...)
	hs[0] = b // SetHooks copied its arguments.
	if got := retry.Hooks(); !same(got, []retry.Hook{a, b}) {
		t.Fatalf("Hooks() after SetHooks(a, b) = %v; want [a b]", got)
	}
	retry.Hooks()[0] = b // Hooks returns a copy.
	if got := retry.Hooks(); !same(got, []retry.Hook{a, b}) {
		t.Fatalf("Hooks() after changing its result = %v; want [a b]", got)
	}

	restoreAB := retry.SetHooks()
	if got := retry.Hooks(); len(got) != 0 {
		t.Fatalf("Hooks() after SetHooks() = %v; want none", got)
	}
	restoreAB()
	if got := retry.Hooks(); !same(got, []retry.Hook{a, b}) {
		t.Fatalf("Hooks() after restoring = %v; want [a b]", got)
	}
	restoreDefaults()
	if got := retry.Hooks(); !same(got, defaults) {
		t.Fatalf("Hooks() after restoring again = %v; want DefaultHooks() = %v", got, defaults)
	}

	retry.SetHooks(a)
	retry.ResetHooks()
	if got := retry.Hooks(); !same(got, defaults) {
		t.Fatalf("Hooks() after SetHooks(a), ResetHooks() = %v; want DefaultHooks() = %v", got, defaults)
	}
}

func TestSetHooksNil(t *testing.T) {
	defer retry.ResetHooks()
	restore := retry.SetHooks(&retrytest.Recorder{})
	defer restore()
	before := retry.Hooks()

	msg := func() (msg any) {
		defer func() { msg = recover() }()
		retry.SetHooks(&retrytest.Recorder{}, nil)
		return nil
	}()
	if s, ok := msg.(string); !ok || !strings.HasPrefix(s, "retry: ") {
		t.Errorf("SetHooks(h, nil) panicked with %#v; want a message that starts %q", msg, "retry: ")
	}
	if got := retry.Hooks(); len(got) != 1 || got[0] != before[0] {
		t.Errorf("Hooks() after a panicking SetHooks = %v; want %v, unchanged", got, before)
	}

	p := retry.Policy{On: retry.OnAny, Hooks: []retry.Hook{nil}}
	if err := p.Validate(); !errors.Is(err, retry.ErrInvalidPolicy) || !strings.Contains(err.Error(), "Hooks[0]") {
		t.Errorf("Validate() with a nil hook = %v; want an error naming Hooks[0]", err)
	}
}

// TestHooksSwitches checks that no hook runs while retrying is off, and
// that hooks run as usual in testing mode.
func TestHooksSwitches(t *testing.T) {
	tests := []struct {
		name   string
		set    func() (restore func())
		want   []retry.Event
		reason string
	}{{
		name: "inactive",
		set: func() func() {
			retry.SetActive(false)
			return func() { retry.SetActive(true) }
		},
		want:   nil,
		reason: "retries off: one attempt, and no hook",
	}, {
		name: "testing",
		set:  func() func() { return retry.SetTesting(true, retry.TestingAttempts(3)) },
		want: []retry.Event{
			{Kind: retry.Scheduled, Attempts: 1, Err: errTransient},
			{Kind: retry.WaitEnded, Attempts: 1, Err: errTransient},
			{Kind: retry.Scheduled, Attempts: 2, Err: errTransient},
			{Kind: retry.WaitEnded, Attempts: 2, Err: errTransient},
			{Kind: retry.GaveUp, Attempts: 3, Err: errTransient, Reason: retry.Exhausted},
		},
		reason: "testing mode: no waits, 3 attempts, hooks as usual",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var global, own retrytest.Recorder
			defer retry.SetHooks(&global)()
			defer tt.set()()
			p := retry.Policy{
				On:      retry.OnAny,
				Backoff: backoff.Constant(time.Hour),
				Hooks:   []retry.Hook{&own},
			}
			_ = retry.Do(t.Context(), p, failWith(errTransient, errTransient, errTransient))
			if d := diffEvents(tt.want, global.Events()); d != "" {
				t.Errorf("global hook's events (-want +got):\n%s%s", d, tt.reason)
			}
			if d := diffEvents(tt.want, own.Events()); d != "" {
				t.Errorf("policy hook's events (-want +got):\n%s%s", d, tt.reason)
			}
		})
	}
}

// logToBuffer makes slog's default logger write text records, without
// their time, to the buffer it returns, until the test ends.
func logToBuffer(t *testing.T, level slog.Leveler) *bytes.Buffer {
	t.Helper()
	old := slog.Default()
	t.Cleanup(func() { slog.SetDefault(old) })
	var buf bytes.Buffer
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{
		Level: level,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	})))
	return &buf
}

func TestDefaultHookLogs(t *testing.T) {
	tests := []struct {
		name   string
		p      retry.Policy // with On: retry.OnErrors(errTransient), Backoff: backoff.Constant(time.Second)
		fn     func(context.Context) error
		level  slog.Level // of the default logger's handler
		want   string
		reason string
	}{{
		name: "retried",
		p:    retry.Policy{Name: "fetch"},
		fn:   failWith(errTransient, errTransient),
		want: `level=WARN msg="retry scheduled" name=fetch retry=1 wait=1s waited=0s error=transient` + "\n" +
			`level=WARN msg="retry scheduled" name=fetch retry=2 wait=1s waited=1s error=transient` + "\n",
	}, {
		name:   "unnamed",
		fn:     failWith(errTransient),
		want:   `level=WARN msg="retry scheduled" retry=1 wait=1s waited=0s error=transient` + "\n",
		reason: "a policy without a name logs no name attribute",
	}, {
		name: "first try",
		p:    retry.Policy{Name: "fetch"},
		fn:   failWith(),
		want: "",
	}, {
		name:   "gave up",
		p:      retry.Policy{Name: "fetch", Attempts: 2},
		fn:     failWith(errTransient, errFatal),
		want:   `level=WARN msg="retry scheduled" name=fetch retry=1 wait=1s waited=0s error=transient` + "\n",
		reason: "the default hook does not log give-ups",
	}, {
		name:   "warn disabled",
		p:      retry.Policy{Name: "fetch"},
		fn:     failWith(errTransient),
		level:  slog.LevelError,
		want:   "",
		reason: "the record is at Warn",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			retry.ResetHooks()
			buf := logToBuffer(t, tt.level)
			ctx, c := withFakeClock(t.Context())
			p := tt.p
			p.On, p.Backoff = retry.OnErrors(errTransient), backoff.Constant(time.Second)

			driveLoop(t, c, time.Second, func() { _ = retry.Do(ctx, p, tt.fn) })
			if got := buf.String(); got != tt.want {
				t.Errorf("logged:\n%s\nwant:\n%s\n%s", got, tt.want, tt.reason)
			}
		})
	}
}

// TestDefaultHookFollowsSetDefault checks that the default hook logs to
// the default logger of the moment, not to the one of when it was set.
func TestDefaultHookFollowsSetDefault(t *testing.T) {
	retry.ResetHooks()
	p := retry.Policy{On: retry.OnAny, Backoff: backoff.Constant(0)}
	const line = `level=WARN msg="retry scheduled" retry=1 wait=0s waited=0s error=transient` + "\n"

	first := logToBuffer(t, nil)
	_ = retry.Do(t.Context(), p, failWith(errTransient))
	second := logToBuffer(t, nil)
	_ = retry.Do(t.Context(), p, failWith(errTransient))

	if first.String() != line || second.String() != line {
		t.Errorf("first default logger got:\n%s\nsecond got:\n%s\nwant one line each:\n%s", first, second, line)
	}
}

// errHook is what panicking hooks panic with.
var errHook = errors.New("hook failed")

// TestHookPanics checks that a hook's panic propagates out of the loop
// unchanged, leaves no timer running, and leaves the hooks and the clock
// fit for the next loop.
func TestHookPanics(t *testing.T) {
	type loop func(ctx context.Context, p retry.Policy, attempts *int)
	ranged := func(ctx context.Context, p retry.Policy, attempts *int) {
		for a := range retry.Attempts(ctx, p) {
			*attempts++
			a.Done(errTransient)
		}
	}
	do := func(ctx context.Context, p retry.Policy, attempts *int) {
		_ = retry.Do(ctx, p, func(context.Context) error {
			*attempts++
			return errTransient
		})
	}
	loops := []struct {
		name           string
		run            loop
		attemptTimeout time.Duration
	}{
		{"range", ranged, 0},
		{"range with AttemptTimeout", ranged, time.Hour},
		{"Do", do, 0},
	}
	tests := []struct {
		panicOn  retry.EventKind
		attempts int // made before the panic
		waits    int // ended before the panic
	}{
		{retry.Scheduled, 2, 1},
		{retry.WaitEnded, 2, 2},
		{retry.GaveUp, 3, 2},
	}
	for _, l := range loops {
		for _, tt := range tests {
			t.Run(l.name+"/"+tt.panicOn.String(), func(t *testing.T) {
				defer retry.SetHooks()()
				ctx, c := withFakeClock(t.Context())
				// The hook panics at its event after the first retry, when
				// the loop has a timer.
				var panicking atomic.Bool
				panicking.Store(true)
				hook := retry.HookFunc(func(_ context.Context, e retry.Event) {
					if e.Kind == tt.panicOn && e.Attempts > 1 && panicking.Load() {
						panic(errHook)
					}
				})
				var log retrytest.Recorder
				p := retry.Policy{
					On:             retry.OnAny,
					Attempts:       3,
					Backoff:        backoff.Constant(time.Second),
					AttemptTimeout: l.attemptTimeout,
					Hooks:          []retry.Hook{hook, &log},
				}

				// Advance the clock past the waits before the panic, and no
				// further, so that a timer left running would show.
				attempts := 0
				done := make(chan any)
				go func() {
					defer func() { done <- recover() }()
					l.run(ctx, p, &attempts)
				}()
				for range tt.waits {
					if err := c.BlockUntil(t.Context(), 1); err != nil {
						t.Fatal(err)
					}
					c.Advance(time.Second)
				}
				if got := <-done; got != errHook {
					t.Fatalf("loop panicked with %v; want %v", got, errHook)
				}
				if attempts != tt.attempts {
					t.Errorf("attempts before the panic = %d; want %d", attempts, tt.attempts)
				}
				if n := c.Pending(); n != 0 {
					t.Errorf("timers pending after the panic = %d; want 0", n)
				}

				// The same policy, clock and hooks work for the next loop.
				panicking.Store(false)
				n := len(log.Events())
				attempts = 0
				if got := driveLoop(t, c, time.Second, func() { l.run(ctx, p, &attempts) }); got != nil {
					t.Fatalf("loop after the panic panicked with %v", got)
				}
				if attempts != 3 {
					t.Errorf("attempts after the panic = %d; want 3", attempts)
				}
				if got := len(log.Events()) - n; got != 5 {
					t.Errorf("events of the loop after the panic = %d; want 5: two retries, then a give-up", got)
				}
				if n := c.Pending(); n != 0 {
					t.Errorf("timers pending after the second loop = %d; want 0", n)
				}
			})
		}
	}
}

// TestHooksAllocs checks that a successful loop allocates nothing and
// calls no hook, and that the default hook, with Warn disabled, allocates
// nothing.
func TestHooksAllocs(t *testing.T) {
	defer retry.ResetHooks()
	ctx := context.Background()
	var calls int
	retry.SetHooks(retry.HookFunc(func(context.Context, retry.Event) { calls++ }))
	if n := testing.AllocsPerRun(100, func() { succeedAtOnce(ctx) }); n != 0 {
		t.Errorf("a loop that succeeds at once made %v allocations; want 0", n)
	}
	if calls != 0 {
		t.Errorf("a loop that succeeds at once called its hook %d times; want 0", calls)
	}

	logToBuffer(t, slog.LevelError)
	retry.SetHooks()
	silent := testing.AllocsPerRun(100, func() { retryTwice(ctx) })
	retry.ResetHooks()
	disabled := testing.AllocsPerRun(100, func() { retryTwice(ctx) })
	if disabled != silent {
		t.Errorf("a loop that retries made %v allocations with the default hook at a "+
			"disabled level, and %v with no hook; want the same", disabled, silent)
	}
}

func TestHooksEventLoop(t *testing.T) {
	defer retry.SetHooks()()
	var mu sync.Mutex
	loopsOf := map[int][]uint64{} // by the goroutine's number
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := retry.Policy{On: retry.OnAny, Attempts: 3, Backoff: backoff.Constant(0),
				Hooks: []retry.Hook{retry.HookFunc(func(_ context.Context, e retry.Event) {
					mu.Lock()
					defer mu.Unlock()
					loopsOf[g] = append(loopsOf[g], e.Loop)
				})}}
			_ = retry.Do(t.Context(), p, func(context.Context) error { return errTransient })
		}()
	}
	wg.Wait()

	seen := map[uint64]bool{}
	for g, ids := range loopsOf {
		if len(ids) != 5 {
			t.Fatalf("goroutine %d saw %d events; want 5", g, len(ids))
		}
		for _, id := range ids[1:] {
			if id != ids[0] {
				t.Errorf("goroutine %d: events of one loop carry Loop %v; want one value", g, ids)
				break
			}
		}
		if ids[0] == 0 || seen[ids[0]] {
			t.Errorf("goroutine %d: Loop = %d; want a nonzero value no other loop has", g, ids[0])
		}
		seen[ids[0]] = true
	}
}

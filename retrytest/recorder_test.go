package retrytest_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
	"github.com/stamina-go/retry/retrytest"
)

func TestRecorder(t *testing.T) {
	t.Parallel()
	errFatal := errors.New("fatal")
	tests := []struct {
		name       string
		ctx        func(context.Context) context.Context
		results    []error // of the attempts in turn
		want       []retry.Event
		wantReason retry.Reason // 0: no GaveUp event
	}{{
		name:    "success at once",
		ctx:     func(ctx context.Context) context.Context { return ctx },
		results: []error{nil},
	}, {
		name:    "success after retries",
		ctx:     func(ctx context.Context) context.Context { return retrytest.Testing(ctx, 5) },
		results: []error{errTransient, errTransient, nil},
		want: []retry.Event{
			{Kind: retry.Scheduled, Name: "rec", Attempts: 1, Err: errTransient},
			{Kind: retry.WaitEnded, Name: "rec", Attempts: 1, Err: errTransient},
			{Kind: retry.Scheduled, Name: "rec", Attempts: 2, Err: errTransient},
			{Kind: retry.WaitEnded, Name: "rec", Attempts: 2, Err: errTransient},
		},
	}, {
		name:    "exhausted",
		ctx:     func(ctx context.Context) context.Context { return retrytest.Testing(ctx, 2) },
		results: []error{errTransient, errTransient},
		want: []retry.Event{
			{Kind: retry.Scheduled, Name: "rec", Attempts: 1, Err: errTransient},
			{Kind: retry.WaitEnded, Name: "rec", Attempts: 1, Err: errTransient},
			{Kind: retry.GaveUp, Name: "rec", Attempts: 2, Err: errTransient, Reason: retry.Exhausted},
		},
		wantReason: retry.Exhausted,
	}, {
		name:    "not retryable",
		ctx:     func(ctx context.Context) context.Context { return retrytest.Testing(ctx, 5) },
		results: []error{errTransient, errFatal},
		want: []retry.Event{
			{Kind: retry.Scheduled, Name: "rec", Attempts: 1, Err: errTransient},
			{Kind: retry.WaitEnded, Name: "rec", Attempts: 1, Err: errTransient},
			{Kind: retry.GaveUp, Name: "rec", Attempts: 2, Err: errFatal, Reason: retry.NotRetryable},
		},
		wantReason: retry.NotRetryable,
	}, {
		name:    "off",
		ctx:     retrytest.Off,
		results: []error{errTransient},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var rec retrytest.Recorder
			p := retry.Policy{
				On:      retry.OnErrors(errTransient),
				Name:    "rec",
				Backoff: backoff.Constant(time.Hour),
				Hooks:   []retry.Hook{&rec},
			}
			i := 0
			retry.Do(tt.ctx(t.Context()), p, func(context.Context) error {
				i++
				return tt.results[i-1]
			})

			events := rec.Events()
			opts := []cmp.Option{
				cmpopts.EquateEmpty(),
				cmpopts.EquateErrors(),
				cmpopts.IgnoreFields(retry.Event{}, "Loop"),
			}
			if diff := cmp.Diff(tt.want, events, opts...); diff != "" {
				t.Errorf("Recorder.Events() (-want +got):\n%s", diff)
			}
			for _, e := range events {
				if e.Loop == 0 || e.Loop != events[0].Loop {
					t.Errorf("Recorder.Events() has Loop %d in %v; want the same, non-zero, in all", e.Loop, e.Kind)
				}
			}
			r, ok := rec.GaveUp()
			if r != tt.wantReason || ok != (tt.wantReason != 0) {
				t.Errorf("Recorder.GaveUp() = %v, %v; want %v, %v", r, ok, tt.wantReason, tt.wantReason != 0)
			}
		})
	}
}

func TestRecorderWaitsAndReset(t *testing.T) {
	t.Parallel()
	var rec retrytest.Recorder
	for _, w := range []time.Duration{1, 2, 3} {
		rec.Observe(t.Context(), retry.Event{Kind: retry.Scheduled, Wait: w * time.Second})
		rec.Observe(t.Context(), retry.Event{Kind: retry.WaitEnded, Wait: w * time.Second})
	}
	rec.Observe(t.Context(), retry.Event{Kind: retry.GaveUp, Reason: retry.Timeout})
	rec.Observe(t.Context(), retry.Event{Kind: retry.GaveUp, Reason: retry.Canceled})

	want := []time.Duration{time.Second, 2 * time.Second, 3 * time.Second}
	if diff := cmp.Diff(want, rec.Waits()); diff != "" {
		t.Errorf("Waits() (-want +got):\n%s", diff)
	}
	if r, ok := rec.GaveUp(); r != retry.Canceled || !ok {
		t.Errorf("GaveUp() = %v, %v; want the last reason, %v, true", r, ok, retry.Canceled)
	}

	events := rec.Events()
	events[0].Wait = time.Hour
	if got := rec.Waits()[0]; got != time.Second {
		t.Errorf("Waits()[0] = %v after changing Events()'s result; want 1s: Events must return a copy", got)
	}

	rec.Reset()
	if got := rec.Events(); len(got) != 0 {
		t.Errorf("Events() after Reset() = %v; want none", got)
	}
	if r, ok := rec.GaveUp(); ok {
		t.Errorf("GaveUp() after Reset() = %v, true; want false", r)
	}
}

func TestRecorderConcurrent(t *testing.T) {
	t.Parallel()
	var rec retrytest.Recorder
	p := retry.Policy{On: retry.OnAny, Attempts: 4, Hooks: []retry.Hook{&rec}}
	ctx := retrytest.Testing(t.Context(), 4)
	const loops = 8

	var wg sync.WaitGroup
	for range loops {
		wg.Go(func() {
			fn, _ := failing(100)
			retry.Do(ctx, p, fn)
		})
	}
	for range loops {
		wg.Go(func() { rec.Events(); rec.Waits(); rec.GaveUp() })
	}
	wg.Wait()

	if got, want := len(rec.Waits()), loops*3; got != want {
		t.Errorf("len(Waits()) = %d; want %d", got, want)
	}
	if got, want := len(rec.Events()), loops*(3*2+1); got != want {
		t.Errorf("len(Events()) = %d; want %d", got, want)
	}
}

func TestRecorderContext(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"first", "second"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var rec retrytest.Recorder
			ctx := rec.Context(retrytest.Testing(t.Context(), 3))
			p := retry.Policy{On: retry.OnAny} // the recorder is not among its hooks
			fn, n := failing(10)
			err := retry.Do(ctx, p, fn)
			if err != errTransient || *n != 3 {
				t.Fatalf("Do(...) = %v after %d calls; want %v after 3: Recorder.Context "+
					"must keep the switch", err, *n, errTransient)
			}
			if got := len(rec.Waits()); got != 2 {
				t.Errorf("recorded %d retries; want 2, from this test's loop only", got)
			}
			if reason, ok := rec.GaveUp(); !ok || reason != retry.Exhausted {
				t.Errorf("GaveUp() = %v, %v; want %v, true", reason, ok, retry.Exhausted)
			}

			// A second recorder adds to the first instead of replacing it.
			var rec2 retrytest.Recorder
			fn, _ = failing(1)
			_ = retry.Do(rec2.Context(ctx), p, fn)
			if len(rec.Waits()) != 3 || len(rec2.Waits()) != 1 {
				t.Errorf("after a loop under both recorders: %d and %d retries recorded; want 3 and 1",
					len(rec.Waits()), len(rec2.Waits()))
			}
		})
	}
}

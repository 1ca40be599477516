package clock

import (
	"context"
	"testing"
	"time"
)

var t0 = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

func fired(t Timer) bool {
	select {
	case <-t.C():
		return true
	default:
		return false
	}
}

func TestFakeAdvanceFiresDueTimersOnly(t *testing.T) {
	c := NewFake(t0)
	early, late := c.NewTimer(time.Second), c.NewTimer(time.Minute)

	c.Advance(999 * time.Millisecond)
	if fired(early) || fired(late) {
		t.Fatal("a timer fired before its deadline")
	}
	c.Advance(time.Millisecond)
	if !fired(early) {
		t.Error("timer did not fire at its deadline")
	}
	if fired(late) {
		t.Error("late timer fired early")
	}
	if got, want := c.Now(), t0.Add(time.Second); !got.Equal(want) {
		t.Errorf("Now() = %v; want %v", got, want)
	}
	if got := c.Pending(); got != 1 {
		t.Errorf("Pending() = %d; want 1", got)
	}
}

func TestFakeTimerStopAndReset(t *testing.T) {
	c := NewFake(t0)
	tm := c.NewTimer(time.Second)
	if !tm.Stop() {
		t.Error("Stop() = false on a running timer; want true")
	}
	if tm.Stop() {
		t.Error("Stop() = true on a stopped timer; want false")
	}
	c.Advance(time.Hour)
	if fired(tm) {
		t.Error("stopped timer fired")
	}

	// A fired timer's value is dropped by Reset, as with time.Timer.
	tm.Reset(time.Second)
	c.Advance(time.Second)
	tm.Reset(time.Second)
	if fired(tm) {
		t.Error("Reset left a stale value in the channel")
	}
	c.Advance(time.Second)
	if !fired(tm) {
		t.Error("reset timer did not fire")
	}

	if tm.Reset(0); !fired(tm) {
		t.Error("Reset(0) did not fire at once")
	}
}

func TestFakeBlockUntil(t *testing.T) {
	c := NewFake(t0)
	go func() { c.NewTimer(time.Second) }()
	if err := c.BlockUntil(t.Context(), 1); err != nil {
		t.Fatalf("BlockUntil(1) = %v; want nil", err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := c.BlockUntil(ctx, 2); err != context.Canceled {
		t.Errorf("BlockUntil(done ctx, 2) = %v; want %v", err, context.Canceled)
	}
}

func TestFakeAutoAdvance(t *testing.T) {
	c := NewFake(t0)
	c.SetAutoAdvance(true)
	tm := c.NewTimer(3 * time.Second)
	if !fired(tm) {
		t.Error("timer did not fire with auto-advance")
	}
	if got, want := c.Now(), t0.Add(3*time.Second); !got.Equal(want) {
		t.Errorf("Now() = %v; want %v", got, want)
	}
	if got := c.Created(); got != 1 {
		t.Errorf("Created() = %d; want 1", got)
	}
}

func TestFakeAdvanceNegativePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Advance(-1) did not panic")
		}
	}()
	NewFake(t0).Advance(-1)
}

func TestRealTimer(t *testing.T) {
	var c Clock = Real{}
	if c.Now().IsZero() {
		t.Error("Real.Now() is zero")
	}
	tm := c.NewTimer(time.Hour)
	if !tm.Stop() {
		t.Error("Stop() = false on a running real timer")
	}
	if tm.Reset(0); (<-tm.C()).IsZero() {
		t.Error("real timer delivered a zero time")
	}
}

package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/internal/clock"
	"github.com/stamina-go/retry/internal/scope"
)

func TestRun(t *testing.T) {
	defer retry.SetHooks()()

	// The retry loop waits on a fake clock, which the test moves on
	// whenever the loop waits.
	c := clock.NewFake(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC))
	ctx := scope.With(context.Background(), &scope.Settings{Clock: c})
	watch, stop := context.WithCancel(context.Background())
	defer stop()

	var out bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, &out) }()

	var err error
	for waiting := true; waiting; {
		blocked := make(chan struct{})
		go func() {
			if c.BlockUntil(watch, 1) == nil {
				close(blocked)
			}
		}()
		select {
		case <-blocked:
			c.Advance(time.Second)
		case err = <-done:
			waiting = false
		}
	}

	if err != nil {
		t.Fatalf("run() = %v; want nil", err)
	}
	const want = `attempt 1: 503 Service Unavailable
  retrying in 20ms
attempt 2: 503 Service Unavailable
  retrying in 40ms
attempt 3: 200 OK
got 200 OK: hello
`
	if got := out.String(); got != want {
		t.Errorf("run() printed:\n%s\nwant:\n%s", got, want)
	}
}

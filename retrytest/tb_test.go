package retrytest_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
)

// fakeTB is a testing.TB whose Fatalf records the failure and ends the
// calling goroutine, as testing.T's does, without failing the real test.
// Methods it does not define panic: the embedded TB is nil.
type fakeTB struct {
	testing.TB
	ctx context.Context

	mu     sync.Mutex
	failed bool
	msg    string
}

func newFakeTB(ctx context.Context) *fakeTB { return &fakeTB{ctx: ctx} }

func (f *fakeTB) Helper()                  {}
func (f *fakeTB) Context() context.Context { return f.ctx }

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.mu.Lock()
	f.failed, f.msg = true, fmt.Sprintf(format, args...)
	f.mu.Unlock()
	runtime.Goexit()
}

// result returns whether f failed, and its message.
func (f *fakeTB) result() (bool, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.failed, f.msg
}

// run calls f in a goroutine of its own, so that a Fatalf in it ends only
// that goroutine, and waits for it to return or end.
func run(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
}

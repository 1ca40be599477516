package main

import (
	"context"
	"errors"
	"os"
	"sync"
	"syscall"
)

// forward starts passing the signals received on signals on to the
// command, and returns a function that stops it. The first signal also
// cancels the run with a *signalError cause, which stops the retries; it
// reaches the running command through the Cancel function of its
// exec.Cmd (see attempt). Later ones are sent to the command directly.
func (r *runner) forward(signals <-chan os.Signal, cancel context.CancelCauseFunc) (stop func()) {
	if signals == nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		stopping := false
		for {
			select {
			case <-done:
				return
			case sig := <-signals:
				if !stopping {
					stopping = true
					cancel(&signalError{sig})
					continue
				}
				r.signalChild(sig)
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

// setChild records the running command's process, or nil when none runs.
func (r *runner) setChild(p *os.Process) {
	r.mu.Lock()
	r.child = p
	r.mu.Unlock()
}

// signalChild sends sig to the running command, if there is one.
func (r *runner) signalChild(sig os.Signal) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.child != nil {
		// An error means the command has just exited: nothing to stop.
		_ = r.child.Signal(sig)
	}
}

// stopSignal returns the signal that asks the command to stop once ctx
// has ended: the signal retry received, if that is what ended it, else
// SIGTERM, for the timeouts.
func stopSignal(ctx context.Context) os.Signal {
	var se *signalError
	if errors.As(context.Cause(ctx), &se) {
		return se.sig
	}
	return syscall.SIGTERM
}

// signalStatus returns the exit status of a process killed by sig, as a
// shell reports it.
func signalStatus(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return statusSignalBase + int(s)
	}
	return statusSignalBase + int(syscall.SIGTERM)
}

package main

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// An outcome is how one attempt ended.
type outcome struct {
	status int // the exit status, as a shell reports it

	// err is nil for success; else an *exitError, a *startError, or the
	// error of a start that the end of the run prevented.
	err error

	startErr bool // the command could not be started
	stopped  bool // the run's context ended before the command did
}

// An exitError is the failure of a command that ran: a non-zero status.
type exitError struct {
	status  int
	desc    string        // as os.ProcessState.String describes it
	timeout time.Duration // the -attempt-timeout it ran out of, or 0
}

func (e *exitError) Error() string {
	if e.timeout > 0 {
		return "stopped after -attempt-timeout " + e.timeout.String() + ": " + e.desc
	}
	return e.desc
}

// A startError is the failure of a command that could not be started.
type startError struct{ err error }

func (e *startError) Error() string { return e.err.Error() }
func (e *startError) Unwrap() error { return e.err }

// attempt runs the command once, with the attempt's context ctx, in the
// run whose context is run. When ctx ends before the command does, the
// command receives the stop signal (see stopSignal), and is killed after
// -kill-after if it is still running.
func (r *runner) attempt(run, ctx context.Context) outcome {
	argv := r.cfg.argv
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = r.stdin, r.stdout, r.stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(stopSignal(ctx)) }
	cmd.WaitDelay = r.cfg.killAfter

	if err := cmd.Start(); err != nil {
		return r.startFailed(run, ctx, err)
	}
	r.setChild(cmd.Process)
	err := cmd.Wait()
	r.setChild(nil)

	o := outcome{stopped: run.Err() != nil}
	st := cmd.ProcessState
	if st == nil { // waiting for the command failed
		o.status, o.err = statusCannotRun, &exitError{status: statusCannotRun, desc: err.Error()}
		return o
	}
	if st.Success() {
		return o
	}
	o.status = exitStatus(st)
	e := &exitError{status: o.status, desc: st.String()}
	if ctx.Err() != nil && run.Err() == nil {
		e.timeout = r.cfg.attemptTimeout
	}
	o.err = e
	return o
}

// startFailed returns the outcome of an attempt whose command did not
// start because of err, and reports err on stderr if it says what is wrong
// with the command.
func (r *runner) startFailed(run, ctx context.Context, err error) outcome {
	switch {
	case run.Err() != nil:
		// Stopped between the end of a wait and the start of the command.
		return outcome{status: signalStatus(stopSignal(run)), err: err}
	case ctx.Err() != nil:
		// The -attempt-timeout ran out before the command could start.
		s := signalStatus(syscall.SIGTERM)
		return outcome{status: s, err: &exitError{status: s, desc: "not started",
			timeout: r.cfg.attemptTimeout}}
	}

	io.WriteString(r.stderr, "retry: "+err.Error()+"\n")
	status := statusCannotRun
	if errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist) {
		status = statusNotFound
	}
	return outcome{status: status, err: &startError{err}, startErr: true}
}

// exitStatus returns the exit status of a process that ended with st, as
// a shell reports it: 128+n for one killed by signal n.
func exitStatus(st *os.ProcessState) int {
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return signalStatus(ws.Signal())
	}
	return st.ExitCode()
}

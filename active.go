package retry

import (
	"sync/atomic"

	"github.com/stamina-go/retry/internal/scope"
)

// inactive is set by SetActive(false); the zero value means active.
var inactive atomic.Bool

// testing holds the process-wide testing mode, or nil when it is off.
var testing atomic.Pointer[testingMode]

type testingMode struct {
	attempts int
	cap      bool
}

// SetActive switches retrying on or off for the whole process.
//
// While retrying is off, every loop makes exactly one attempt, waits for
// nothing, and calls no hook: the outcome of the first attempt is final.
// This is the emergency switch, and the simplest one for tests that must
// not retry. SetActive is safe for concurrent use. For one test among
// parallel ones, use package retrytest instead.
func SetActive(on bool) { inactive.Store(!on) }

// IsActive reports whether retrying is on (see [SetActive]).
func IsActive() bool { return !inactive.Load() }

// A TestingOption adjusts testing mode; see [SetTesting].
type TestingOption struct {
	attempts int
	cap      bool
}

// TestingAttempts makes loops in testing mode make n attempts instead of 1.
// It panics if n is less than 1.
func TestingAttempts(n int) TestingOption {
	if n < 1 {
		panic("retry: TestingAttempts needs at least 1 attempt")
	}
	return TestingOption{attempts: n}
}

// TestingCap keeps loops in testing mode from making more attempts than
// their policy allows.
func TestingCap() TestingOption { return TestingOption{cap: true} }

// SetTesting switches testing mode on or off for the whole process, and
// returns a function that restores the mode that was in force before:
//
//	defer retry.SetTesting(true, retry.TestingAttempts(3))()
//
// In testing mode loops wait for nothing between attempts and make a fixed
// number of attempts: 1 unless [TestingAttempts] says otherwise, and with
// [TestingCap] never more than their policy's own. Everything else, hooks
// included, works as usual. SetTesting is safe for concurrent use; for one
// test among parallel ones, use package retrytest instead.
func SetTesting(on bool, opts ...TestingOption) (restore func()) {
	var m *testingMode
	if on {
		m = &testingMode{attempts: 1}
		for _, o := range opts {
			if o.attempts > 0 {
				m.attempts = o.attempts
			}
			m.cap = m.cap || o.cap
		}
	}
	prev := testing.Swap(m)
	return func() { testing.Store(prev) }
}

// IsTesting reports whether testing mode is on (see [SetTesting]).
func IsTesting() bool { return testing.Load() != nil }

// switches are the switches in force for one loop.
type switches struct {
	off      bool // one attempt, no waits, no hooks
	testing  bool // no waits, attempts fixed below
	attempts int  // with testing
	cap      bool // with testing: never more than the policy's own
}

// currentSwitches returns the switches for a loop with settings s (which
// may be nil): its own if it has them, else the process-wide ones.
func currentSwitches(s *scope.Settings) switches {
	if s != nil {
		switch s.Mode {
		case scope.Active:
			return switches{}
		case scope.Off:
			return switches{off: true}
		case scope.Testing:
			return switches{testing: true, attempts: max(s.Attempts, 1), cap: s.Cap}
		}
	}
	if inactive.Load() {
		return switches{off: true}
	}
	if m := testing.Load(); m != nil {
		return switches{testing: true, attempts: m.attempts, cap: m.cap}
	}
	return switches{}
}

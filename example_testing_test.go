package retry_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/retrytest"
)

// The tests in this file show the three ways to test code that retries,
// for users to copy: testing mode, a fake clock, and a testing/synctest
// bubble. Keep them in sync with the Testing section of the package
// documentation and of the README.

// errQuoteBusy is the error of a busy quote service.
var errQuoteBusy = errors.New("quote service busy")

// quoteService stands in for a remote service: it is busy for its first
// busy calls, then answers. It counts its calls atomically, because the
// tests read the count while the code under test may still call it.
type quoteService struct {
	busy  int32
	calls atomic.Int32
}

func (s *quoteService) get(context.Context) (string, error) {
	if s.calls.Add(1) <= s.busy {
		return "", errQuoteBusy
	}
	return "the early bird gets the worm", nil
}

// fetchQuote is the code under test. It retries with a policy of its own,
// which the tests neither see nor change: the defaults of 10 attempts, a
// 45s budget, and waits of 100ms, 200ms, 400ms ... plus up to 1s of
// jitter.
func fetchQuote(ctx context.Context, s *quoteService) (string, error) {
	p := retry.Policy{On: retry.OnErrors(errQuoteBusy), Name: "quote"}
	return retry.DoValue(ctx, p, s.get)
}

// TestExampleTestingMode tests the retries without their waits: under a
// context from retrytest.Testing, loops make a fixed number of attempts
// and wait for nothing. The setting belongs to the test's context, so
// tests that run in parallel can each have their own. (For a whole test
// binary, call retry.SetTesting in TestMain instead.)
func TestExampleTestingMode(t *testing.T) {
	t.Parallel()
	ctx := retrytest.Testing(t.Context(), 3)

	s := &quoteService{busy: 2}
	if _, err := fetchQuote(ctx, s); err != nil || s.calls.Load() != 3 {
		t.Errorf("fetchQuote(...) = %v after %d calls; want nil after 3", err, s.calls.Load())
	}

	s = &quoteService{busy: 3}
	if _, err := fetchQuote(ctx, s); !errors.Is(err, errQuoteBusy) || s.calls.Load() != 3 {
		t.Errorf("fetchQuote(...) = %v after %d calls; want %v after 3", err, s.calls.Load(), errQuoteBusy)
	}
}

// TestExampleFakeClock watches each wait on a fake clock: the code under
// test runs in a goroutine, and the test lets each wait pass as soon as it
// starts. The waits are those of the real policy, jitter included, and
// take no time at all.
func TestExampleFakeClock(t *testing.T) {
	t.Parallel()
	clk := retrytest.NewClock(t)
	s := &quoteService{busy: 3}
	done := make(chan error, 1)
	go func() {
		_, err := fetchQuote(clk.Context(t.Context()), s)
		done <- err
	}()

	// The default backoff: 100ms, doubled after each failure, plus up to 1s.
	bases := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond}
	for retry, base := range bases {
		clk.BlockUntil(1) // an attempt failed, and fetchQuote waits
		wait := clk.AdvanceToNext()
		if wait < base || wait > base+time.Second {
			t.Errorf("wait before retry %d = %v; want %v plus up to 1s of jitter", retry+1, wait, base)
		}
	}

	select {
	case err := <-done:
		if err != nil || s.calls.Load() != 4 {
			t.Errorf("fetchQuote(...) = %v after %d calls; want nil after 4", err, s.calls.Load())
		}
	case <-time.After(time.Minute): // only if fetchQuote waits more than expected
		t.Fatal("fetchQuote(...) has not returned; it waits more often than the test expects")
	}
}

// TestExampleSynctest runs the code under test as it is, with the real
// clock, inside a testing/synctest bubble: there the clock is virtual and
// moves on whenever every goroutine in the bubble is blocked, so the
// waits pass at once and time.Since tells how long they were. Nothing
// needs to be passed in, so this works for code that builds its own
// contexts. Deadlines work as they would in production.
func TestExampleSynctest(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &quoteService{busy: 3}
		start := time.Now()
		_, err := fetchQuote(t.Context(), s)
		elapsed := time.Since(start)

		if err != nil || s.calls.Load() != 4 {
			t.Errorf("fetchQuote(...) = %v after %d calls; want nil after 4", err, s.calls.Load())
		}
		// 100ms + 200ms + 400ms, plus up to 1s of jitter each.
		if elapsed < 700*time.Millisecond || elapsed > 3700*time.Millisecond {
			t.Errorf("fetchQuote(...) took %v; want between 700ms and 3.7s", elapsed)
		}
	})

	// A deadline ends the retries before it: the loop does not start a
	// wait that would end after it.
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		defer cancel()
		s := &quoteService{busy: 100}
		start := time.Now()
		_, err := fetchQuote(ctx, s)

		if !errors.Is(err, errQuoteBusy) {
			t.Errorf("fetchQuote(...) = %v; want %v", err, errQuoteBusy)
		}
		if elapsed := time.Since(start); elapsed >= 2*time.Second {
			t.Errorf("fetchQuote(...) took %v; want less than its 2s deadline", elapsed)
		}
	})

	// synctest.Wait watches code that retries in the background: it
	// returns once every other goroutine in the bubble is blocked, here
	// once fetchQuote is waiting before its first retry.
	synctest.Test(t, func(t *testing.T) {
		s := &quoteService{busy: 1}
		done := make(chan error, 1)
		go func() {
			_, err := fetchQuote(t.Context(), s)
			done <- err
		}()

		synctest.Wait()
		if s.calls.Load() != 1 {
			t.Errorf("fetchQuote(...) made %d calls before its first wait; want 1", s.calls.Load())
		}
		if err := <-done; err != nil || s.calls.Load() != 2 {
			t.Errorf("fetchQuote(...) = %v after %d calls; want nil after 2", err, s.calls.Load())
		}
	})
}

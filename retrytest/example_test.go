package retrytest_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/retrytest"
)

// errBusy is the error of a busy server.
var errBusy = errors.New("busy")

// server stands in for a remote service: it is busy for its first busy
// calls, then answers.
type server struct {
	busy  int
	calls int
}

func (s *server) get(context.Context) (string, error) {
	s.calls++
	if s.calls <= s.busy {
		return "", errBusy
	}
	return "hello", nil
}

// fetch is the code under test. It retries with a policy of its own,
// which the test does not see: 5 attempts and the default backoff.
func fetch(ctx context.Context, s *server) (string, error) {
	p := retry.Policy{On: retry.OnErrors(errBusy), Attempts: 5, Name: "fetch"}
	return retry.DoValue(ctx, p, s.get)
}

// A test that must see the first error, as if there were no retries.
func ExampleOff() {
	s := &server{busy: 1}
	_, err := fetch(retrytest.Off(context.Background()), s)
	fmt.Println(err, "after", s.calls, "call")
	// Output: busy after 1 call
}

// A test of the retries, without their waits.
func ExampleTesting() {
	s := &server{busy: 2}
	msg, err := fetch(retrytest.Testing(context.Background(), 3), s)
	fmt.Println(msg, err, "after", s.calls, "calls")
	// Output: hello <nil> after 3 calls
}

// With Cap and a large count, each loop makes as many attempts as its
// own policy allows, without waiting.
func ExampleCap() {
	s := &server{busy: 10}
	ctx := retrytest.Testing(context.Background(), math.MaxInt, retrytest.Cap())
	_, err := fetch(ctx, s)
	fmt.Println(err, "after", s.calls, "calls")
	// Output: busy after 5 calls
}

func ExampleRecorder() {
	var rec retrytest.Recorder
	p := retry.Policy{On: retry.OnErrors(errBusy), Attempts: 3, Hooks: []retry.Hook{&rec}}
	s := &server{busy: 10}
	_, err := retry.DoValue(retrytest.Testing(context.Background(), 3), p, s.get)

	fmt.Println(err)
	fmt.Println(len(rec.Waits()), "retries")
	fmt.Println(rec.GaveUp())
	for _, e := range rec.Events() {
		fmt.Println(e.Kind, e.Attempts)
	}
	// Output:
	// busy
	// 2 retries
	// attempts exhausted true
	// scheduled 1
	// wait ended 1
	// scheduled 2
	// wait ended 2
	// gave up 3
}

// TestExampleClock shows a test that drives a retry loop with a Clock:
// the code under test runs in a goroutine, and the test lets each of its
// waits pass as soon as it starts. Keep it in sync with the package
// documentation.
func TestExampleClock(t *testing.T) {
	t.Parallel()
	clk := retrytest.NewClock(t)
	s := &server{busy: 3}
	done := make(chan error, 1)
	go func() {
		_, err := fetch(clk.Context(t.Context()), s)
		done <- err
	}()

	var waited time.Duration
	for range 3 {
		clk.BlockUntil(1)             // an attempt failed, and fetch waits
		waited += clk.AdvanceToNext() // the wait passes, and fetch tries again
	}

	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("fetch(...) = %v; want nil", err)
		}
	case <-time.After(time.Minute): // only if fetch waits more than expected
		t.Fatal("fetch(...) has not returned; it waits on the clock more often than the test expects")
	}
	if s.calls != 4 {
		t.Errorf("fetch(...) made %d calls; want 4", s.calls)
	}
	// The default backoff waits 100ms, 200ms and 400ms, plus up to 1s of
	// jitter each time.
	if waited < 700*time.Millisecond || waited > 3700*time.Millisecond {
		t.Errorf("fetch(...) waited %v; want between 700ms and 3.7s", waited)
	}
}

// TestExampleClockAutoAdvance shows a test that lets a Clock move itself:
// the code under test runs through its waits at once, in the test's own
// goroutine, and the clock tells how long it waited.
func TestExampleClockAutoAdvance(t *testing.T) {
	t.Parallel()
	clk := retrytest.NewClock(t)
	clk.SetAutoAdvance(true)
	s := &server{busy: 10}

	start := clk.Now()
	_, err := fetch(clk.Context(t.Context()), s)
	waited := clk.Now().Sub(start)

	if !errors.Is(err, errBusy) {
		t.Errorf("fetch(...) = %v; want %v", err, errBusy)
	}
	if s.calls != 5 {
		t.Errorf("fetch(...) made %d calls; want 5", s.calls)
	}
	// The default backoff waits 100ms, 200ms, 400ms and 800ms, plus up to
	// 1s of jitter each time.
	if waited < 1500*time.Millisecond || waited > 5500*time.Millisecond {
		t.Errorf("fetch(...) waited %v; want between 1.5s and 5.5s", waited)
	}
}

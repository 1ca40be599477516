// Flaky shows an HTTP client that retries through a [retryhttp.Transport].
//
// It starts a server on the loopback interface that answers its first two
// requests with 503 Service Unavailable, sends it one GET, and prints each
// attempt, each wait, and the outcome:
//
//	attempt 1: 503 Service Unavailable
//	  retrying in 20ms
//	attempt 2: 503 Service Unavailable
//	  retrying in 40ms
//	attempt 3: 200 OK
//	got 200 OK: hello
//
// Run it with:
//
//	go run ./examples/flaky
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
	"github.com/stamina-go/retry/retryhttp"
)

// failures is how many requests the server fails before it answers.
const failures = 2

func main() {
	// This program prints its own account of the retries; without this,
	// the default hook would also log each one to standard error.
	retry.SetHooks()

	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "flaky:", err)
		os.Exit(1)
	}
}

// run starts the flaky server, sends it a GET through a retrying client
// under ctx, and writes what happens to out.
func run(ctx context.Context, out io.Writer) error {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) <= failures {
			http.Error(w, "busy, try again", http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "hello")
	}))
	defer srv.Close()

	client := &http.Client{Transport: &retryhttp.Transport{
		Base: &printer{base: srv.Client().Transport, out: out},
		Policy: retry.Policy{
			Name:     "flaky",
			Attempts: 5,
			// Short waits, without jitter, for a server on this machine.
			Backoff: backoff.Exponential{Initial: 20 * time.Millisecond, Max: 200 * time.Millisecond},
			Hooks: []retry.Hook{retry.HookFunc(func(_ context.Context, e retry.Event) {
				if e.Kind == retry.Scheduled {
					fmt.Fprintf(out, "  retrying in %v\n", e.Wait)
				}
			})},
		},
	}}

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if err := retryhttp.CheckResponse(resp); err != nil {
		return fmt.Errorf("gave up: %w", err)
	}
	fmt.Fprintf(out, "got %s: %s\n", resp.Status, body)
	return nil
}

// printer is an http.RoundTripper that prints the outcome of each round
// trip it passes to base: one line per attempt of the retrying transport
// above it.
type printer struct {
	base     http.RoundTripper
	out      io.Writer
	attempts atomic.Int32
}

func (p *printer) RoundTrip(req *http.Request) (*http.Response, error) {
	n := p.attempts.Add(1)
	resp, err := p.base.RoundTrip(req)
	if err != nil {
		fmt.Fprintf(p.out, "attempt %d: %v\n", n, err)
		return nil, err
	}
	fmt.Fprintf(p.out, "attempt %d: %s\n", n, resp.Status)
	return resp, nil
}

package retryhttp_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
	"github.com/stamina-go/retry/internal/clock"
	"github.com/stamina-go/retry/internal/scope"
	"github.com/stamina-go/retry/retryhttp"
)

func TestMain(m *testing.M) {
	// The default hook logs every retry; the tests check retries otherwise.
	retry.SetHooks()
	os.Exit(m.Run())
}

// noWait is a policy for tests whose waits do not matter.
var noWait = retry.Policy{Attempts: 5, Backoff: backoff.Constant(0)}

// server is a test server that answers its n-th request (from 0) with
// the n-th of its handlers, or the last one once they run out. It counts
// the requests it receives and the connections it accepts.
type server struct {
	*httptest.Server
	requests atomic.Int32
	conns    atomic.Int32
}

func newServer(t *testing.T, handlers ...http.HandlerFunc) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(s.requests.Add(1)) - 1
		handlers[min(n, len(handlers)-1)](w, r)
	}))
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// client returns a client that retries through a Transport with policy p
// over s's own transport.
func (s *server) client(p retry.Policy) *http.Client {
	return &http.Client{Transport: &retryhttp.Transport{Base: s.Client().Transport, Policy: p}}
}

// status returns a handler that answers with code, the given header
// key-value pairs, and body.
func status(code int, body string, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
}

// readAll returns resp's body as a string, and closes it.
func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the body: %v", err)
	}
	return string(b)
}

func TestTransportRetriesStatus(t *testing.T) {
	srv := newServer(t, status(503, "busy"), status(502, "bad gateway"), status(200, "ok"))
	resp, err := srv.client(noWait).Get(srv.URL)
	if err != nil {
		t.Fatalf("Get() = %v; want success after retries", err)
	}
	if resp.StatusCode != 200 || readAll(t, resp) != "ok" {
		t.Errorf("Get() = %s; want 200 OK", resp.Status)
	}
	if n := srv.requests.Load(); n != 3 {
		t.Errorf("server received %d requests; want 3", n)
	}
}

func TestTransportReturnsLastResponse(t *testing.T) {
	tests := []struct {
		name         string
		handlers     []http.HandlerFunc
		policy       retry.Policy
		wantStatus   int
		wantBody     string
		wantRequests int32
		reason       string
	}{
		{"exhausted", []http.HandlerFunc{status(503, "busy 1"), status(503, "busy 2"), status(503, "busy 3")},
			retry.Policy{Attempts: 3, Backoff: backoff.Constant(0)}, 503, "busy 3", 3,
			"the last response, unchanged, body and all"},
		{"not retryable", []http.HandlerFunc{status(404, "no such thing")}, noWait, 404, "no such thing", 1, ""},
		{"policy's own predicate", []http.HandlerFunc{status(503, "busy"), status(200, "ok")},
			retry.Policy{On: func(error) bool { return false }}, 503, "busy", 1,
			"Policy.On replaces Transient"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, tt.handlers...)
			resp, err := srv.client(tt.policy).Get(srv.URL)
			if err != nil {
				t.Fatalf("Get() = %v; want a response", err)
			}
			if body := readAll(t, resp); resp.StatusCode != tt.wantStatus || body != tt.wantBody {
				t.Errorf("Get() = %d %q; want %d %q (%s)", resp.StatusCode, body, tt.wantStatus, tt.wantBody,
					tt.reason)
			}
			if n := srv.requests.Load(); n != tt.wantRequests {
				t.Errorf("server received %d requests; want %d", n, tt.wantRequests)
			}
		})
	}
}

// hijack returns a handler that takes over the connection, calls broken
// with it and the buffer over it, and closes it.
func hijack(broken func(c net.Conn, w io.Writer)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		broken(c, buf)
		buf.Flush()
		c.Close()
	}
}

func TestTransportRetriesBrokenConnection(t *testing.T) {
	tests := []struct {
		name         string
		broken       func(c net.Conn, w io.Writer)
		wantRequests int32
		reason       string
	}{
		{"closed without an answer", func(net.Conn, io.Writer) {}, 2, "io.EOF"},
		{"reset", func(c net.Conn, _ io.Writer) { c.(*net.TCPConn).SetLinger(0) }, 2, "ECONNRESET"},
		{"closed in the headers", func(c net.Conn, w io.Writer) {
			io.WriteString(w, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n")
		}, 2, "io.ErrUnexpectedEOF"},
		{"reset in the headers", func(c net.Conn, w io.Writer) {
			io.WriteString(w, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n")
			c.(*net.TCPConn).SetLinger(0)
		}, 2, ""},
		{"cut in a line", func(c net.Conn, w io.Writer) { io.WriteString(w, "HTTP/1.1 20") }, 1,
			"a response cut within a line reads as malformed, which is not retried"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, hijack(tt.broken), status(200, "ok"))
			resp, err := srv.client(noWait).Get(srv.URL)
			if err == nil {
				resp.Body.Close()
			}
			if n := srv.requests.Load(); n != tt.wantRequests {
				t.Errorf("server received %d requests, last error %v; want %d (%s)", n, err, tt.wantRequests,
					tt.reason)
			}
			if tt.wantRequests == 2 && (err != nil || resp.StatusCode != 200) {
				t.Errorf("Get() = %v; want 200 OK on the second attempt", err)
			}
		})
	}
}

func TestTransientRetriesBrokenBody(t *testing.T) {
	srv := newServer(t,
		hijack(func(c net.Conn, w io.Writer) {
			io.WriteString(w, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial")
		}),
		status(200, "whole"))
	get := func(ctx context.Context) (string, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		if err != nil {
			return "", err
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		if err := retryhttp.CheckResponse(resp); err != nil {
			return "", err
		}
		b, err := io.ReadAll(resp.Body)
		return string(b), err
	}
	p := noWait
	p.On = retryhttp.Transient
	body, err := retry.DoValue(context.Background(), p, get)
	if err != nil || body != "whole" {
		t.Errorf("DoValue(...) = %q, %v; want %q, nil after retrying the body cut short", body, err, "whole")
	}
}

// recorded returns a handler that records the body and idempotency key of
// each request, then answers as next does.
func recorded(mu *sync.Mutex, bodies, keys *[]string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		*bodies = append(*bodies, string(b))
		*keys = append(*keys, r.Header.Get("Idempotency-Key"))
		mu.Unlock()
		next(w, r)
	}
}

func TestTransportRequests(t *testing.T) {
	withBody := func(method string, rewindable bool, header ...string) func(url string) *http.Request {
		return func(url string) *http.Request {
			req, err := http.NewRequest(method, url, strings.NewReader("payload"))
			if err != nil {
				panic(err)
			}
			if !rewindable {
				req.Body = io.NopCloser(strings.NewReader("payload"))
				req.GetBody = nil
			}
			for i := 0; i < len(header); i += 2 {
				req.Header.Set(header[i], header[i+1])
			}
			return req
		}
	}
	tests := []struct {
		name         string
		req          func(url string) *http.Request
		retryable    func(*http.Request) bool
		wantRequests int
		wantStatus   int
		reason       string
	}{
		{"POST", withBody("POST", true), nil, 1, 503, "POST is not idempotent"},
		{"PATCH", withBody("PATCH", true), nil, 1, 503, ""},
		{"POST with a key", withBody("POST", true, "Idempotency-Key", "k1"), nil, 3, 200,
			"the key makes the request safe to repeat, and the body is sent again"},
		{"POST with an X- key", withBody("POST", true, "X-Idempotency-Key", "k1"), nil, 3, 200, ""},
		{"PUT", withBody("PUT", true), nil, 3, 200, ""},
		{"PUT without GetBody", withBody("PUT", false), nil, 1, 503,
			"a body that cannot be rewound cannot be sent again"},
		{"POST with a key but no GetBody", withBody("POST", false, "Idempotency-Key", "k1"), nil, 1, 503, ""},
		{"POST, retryable by choice", withBody("POST", true), func(*http.Request) bool { return true }, 3, 200,
			"Transport.Retryable replaces Idempotent"},
		{"GET, not retryable by choice", withBody("GET", true), func(*http.Request) bool { return false }, 1, 503,
			""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				mu           sync.Mutex
				bodies, keys []string
			)
			srv := newServer(t,
				recorded(&mu, &bodies, &keys, status(503, "busy")),
				recorded(&mu, &bodies, &keys, status(503, "busy")),
				recorded(&mu, &bodies, &keys, status(200, "ok")))
			tr := &retryhttp.Transport{Base: srv.Client().Transport, Policy: noWait, Retryable: tt.retryable}
			req := tt.req(srv.URL)
			resp, err := tr.RoundTrip(req)
			if err != nil {
				t.Fatalf("RoundTrip(%s) = %v; want a response", req.Method, err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("RoundTrip(%s) = %s; want %d (%s)", req.Method, resp.Status, tt.wantStatus, tt.reason)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(bodies) != tt.wantRequests {
				t.Errorf("server received %d requests; want %d (%s)", len(bodies), tt.wantRequests, tt.reason)
			}
			for i := range bodies {
				if bodies[i] != "payload" || keys[i] != keys[0] {
					t.Errorf("request %d had body %q and key %q; want %q and %q, as the first",
						i+1, bodies[i], keys[i], "payload", keys[0])
				}
			}
		})
	}
}

func TestTransportRewindFails(t *testing.T) {
	srv := newServer(t, status(503, "busy"), status(200, "ok"))
	req, _ := http.NewRequest(http.MethodPut, srv.URL, strings.NewReader("payload"))
	errRewind := errors.New("rewind failed")
	req.GetBody = func() (io.ReadCloser, error) { return nil, errRewind }
	tr := &retryhttp.Transport{Base: srv.Client().Transport, Policy: noWait}
	resp, err := tr.RoundTrip(req)
	if !errors.Is(err, errRewind) {
		t.Errorf("RoundTrip() = %v, %v; want an error matching %v", resp, err, errRewind)
	}
	if n := srv.requests.Load(); n != 1 {
		t.Errorf("server received %d requests; want 1", n)
	}
}

// t0 is the time at which the fake clocks of these tests start.
var t0 = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

// withFakeClock returns a context whose retry loops wait on a new fake
// clock, and the clock.
func withFakeClock(ctx context.Context) (context.Context, *clock.Fake) {
	c := clock.NewFake(t0)
	return scope.With(ctx, &scope.Settings{Clock: c}), c
}

// result is what a round trip returned.
type result struct {
	resp *http.Response
	err  error
}

// start sends req through tr in a new goroutine, and returns the channel
// on which its result arrives.
func start(tr http.RoundTripper, req *http.Request) <-chan result {
	ch := make(chan result, 1)
	go func() {
		resp, err := tr.RoundTrip(req)
		ch <- result{resp, err}
	}()
	return ch
}

// awaitWait waits until the loop of the round trip in flight waits on c,
// or the round trip ends, which fails t.
func awaitWait(t *testing.T, c *clock.Fake, done <-chan result) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	blocked := make(chan error, 1)
	go func() { blocked <- c.BlockUntil(ctx, 1) }()
	select {
	case <-blocked:
	case r := <-done:
		t.Fatalf("round trip ended with %v, %v; want it to wait before retrying", r.resp, r.err)
	}
}

func TestTransportWaits(t *testing.T) {
	const backoffWait = 2 * time.Second
	serverNow := t0.Add(-time.Hour) // a server clock an hour behind the fake one
	tests := []struct {
		name     string
		header   []string
		wantWait time.Duration
		reason   string
	}{
		{"no Retry-After", nil, backoffWait, "the policy's backoff"},
		{"Retry-After seconds", []string{"Retry-After", "7"}, 7 * time.Second, "the server's wait"},
		{"Retry-After date", []string{"Date", serverNow.Format(http.TimeFormat),
			"Retry-After", serverNow.Add(5 * time.Second).Format(http.TimeFormat)}, 5 * time.Second,
			"measured from the response's Date"},
		{"Retry-After zero", []string{"Retry-After", "0"}, backoffWait, "no wait asked for: the backoff"},
		{"malformed Retry-After", []string{"Retry-After", "soon"}, backoffWait, "ignored"},
		{"negative Retry-After", []string{"Retry-After", "-7"}, backoffWait, "ignored"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, status(429, "slow down", tt.header...), status(200, "ok"))
			var waits []time.Duration
			p := retry.Policy{Backoff: backoff.Constant(backoffWait), Hooks: []retry.Hook{
				retry.HookFunc(func(_ context.Context, e retry.Event) {
					if e.Kind == retry.Scheduled {
						waits = append(waits, e.Wait)
					}
				}),
			}}
			tr := &retryhttp.Transport{Base: srv.Client().Transport, Policy: p}
			ctx, c := withFakeClock(context.Background())
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)

			done := start(tr, req)
			awaitWait(t, c, done)
			c.Advance(tt.wantWait - 1)
			if c.Pending() != 1 || srv.requests.Load() != 1 {
				t.Fatalf("the retry came before %v had passed (%s)", tt.wantWait, tt.reason)
			}
			c.Advance(1)
			r := <-done
			if r.err != nil || r.resp.StatusCode != 200 {
				t.Fatalf("RoundTrip() = %v; want 200 OK after %v", r.err, tt.wantWait)
			}
			r.resp.Body.Close()
			if len(waits) != 1 || waits[0] != tt.wantWait {
				t.Errorf("hooks heard of waits %v; want [%v] (%s)", waits, tt.wantWait, tt.reason)
			}
		})
	}
}

func TestTransportLongRetryAfter(t *testing.T) {
	tests := []struct {
		name          string
		retryAfter    string
		maxRetryAfter time.Duration
		timeout       time.Duration
		reason        string
	}{
		{"beyond the default limit", "3600", 0, retry.Unlimited, "DefaultMaxRetryAfter is a minute"},
		{"absurd", "99999999999999999999999999", 0, retry.Unlimited, "clamped, and beyond the limit"},
		{"beyond a set limit", "11", 10 * time.Second, retry.Unlimited, ""},
		{"beyond the timeout", "50", retry.Unlimited, 45 * time.Second,
			"the loop does not start a wait that would end past its deadline"},
		{"absurd, with no limit but the timeout", "99999999999999999999999999", retry.Unlimited, time.Hour, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, status(429, "slow down", "Retry-After", tt.retryAfter), status(200, "ok"))
			tr := &retryhttp.Transport{
				Base:          srv.Client().Transport,
				Policy:        retry.Policy{Timeout: tt.timeout},
				MaxRetryAfter: tt.maxRetryAfter,
			}
			ctx, c := withFakeClock(context.Background())
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)

			var r result
			select {
			case r = <-start(tr, req):
			case <-blockedOn(t, c):
				t.Fatalf("the transport waits to retry; want it to return the 429 at once (%s)", tt.reason)
			}
			if r.err != nil {
				t.Fatalf("RoundTrip() = %v; want the 429 response", r.err)
			}
			if body := readAll(t, r.resp); r.resp.StatusCode != 429 || body != "slow down" ||
				r.resp.Header.Get("Retry-After") != tt.retryAfter {
				t.Errorf("RoundTrip() = %s %q; want the 429 response unchanged", r.resp.Status, body)
			}
		})
	}
}

// blockedOn returns a channel that is closed once a timer runs on c,
// which it watches until t ends.
func blockedOn(t *testing.T, c *clock.Fake) <-chan struct{} {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ch := make(chan struct{})
	go func() {
		if c.BlockUntil(ctx, 1) == nil {
			close(ch)
		}
	}()
	return ch
}

func TestTransportCanceledWhileWaiting(t *testing.T) {
	srv := newServer(t, status(503, "busy"))
	tr := &retryhttp.Transport{
		Base:   srv.Client().Transport,
		Policy: retry.Policy{Backoff: backoff.Constant(time.Minute), Timeout: retry.Unlimited},
	}
	ctx, c := withFakeClock(context.Background())
	ctx, cancel := context.WithCancel(ctx)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)

	done := start(tr, req)
	awaitWait(t, c, done)
	cancel()
	r := <-done
	var se *retryhttp.StatusError
	if r.resp != nil || !errors.Is(r.err, context.Canceled) || !errors.As(r.err, &se) || se.StatusCode != 503 {
		t.Errorf("RoundTrip() = %v, %v; want an error matching context.Canceled and the 503", r.resp, r.err)
	}
	if n := srv.conns.Load(); n != 1 {
		t.Errorf("server accepted %d connections; want 1", n)
	}
}

func TestTransportInvalid(t *testing.T) {
	tests := []struct {
		name    string
		tr      retryhttp.Transport
		wantErr string
	}{
		{"invalid policy", retryhttp.Transport{Policy: retry.Policy{Attempts: -5}},
			"retryhttp: Transport.Policy: retry: invalid policy: Attempts is -5; " +
				"use a positive count, 0 for the default (10), or retry.Unlimited"},
		{"negative MaxRetryAfter", retryhttp.Transport{MaxRetryAfter: -time.Second},
			"retryhttp: Transport.MaxRetryAfter is -1s; use a positive duration, 0 for the default (1m0s), " +
				"or retry.Unlimited"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Even a request that would not be retried fails, so that a
			// misconfigured transport shows at once.
			srv := newServer(t, status(200, "ok"))
			tt.tr.Base = srv.Client().Transport
			body := &closeRecorder{Reader: strings.NewReader("payload")}
			req, _ := http.NewRequest(http.MethodPost, srv.URL, body)
			resp, err := tt.tr.RoundTrip(req)
			if resp != nil || err == nil || err.Error() != tt.wantErr {
				t.Errorf("RoundTrip() = %v, %v; want error %q", resp, err, tt.wantErr)
			}
			if !body.closed {
				t.Errorf("RoundTrip() left the request body open; a RoundTripper closes it even on error")
			}
			if n := srv.requests.Load(); n != 0 {
				t.Errorf("server received %d requests; want none", n)
			}
		})
	}
}

type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

func TestTransportZeroValue(t *testing.T) {
	srv := newServer(t, status(200, "ok"))
	client := &http.Client{Transport: &retryhttp.Transport{}}
	resp, err := client.Get(srv.URL)
	if err != nil {
		t.Fatalf("Get() = %v; want 200 OK through http.DefaultTransport", err)
	}
	if body := readAll(t, resp); body != "ok" {
		t.Errorf("Get() body = %q; want %q", body, "ok")
	}
}

// closeIdler is a RoundTripper that counts calls to CloseIdleConnections.
type closeIdler struct {
	http.RoundTripper
	calls int
}

func (c *closeIdler) CloseIdleConnections() { c.calls++ }

func TestTransportCloseIdleConnections(t *testing.T) {
	base := &closeIdler{}
	client := &http.Client{Transport: &retryhttp.Transport{Base: base}}
	client.CloseIdleConnections()
	if base.calls != 1 {
		t.Errorf("Base.CloseIdleConnections was called %d times; want 1", base.calls)
	}
}

func ExampleTransport() {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "hello")
	}))
	defer srv.Close()

	client := &http.Client{Transport: &retryhttp.Transport{
		Policy: retry.Policy{
			Name:     "example",
			Attempts: 3,
			// A wait this short suits only a server on the same machine.
			Backoff: backoff.Constant(time.Millisecond),
		},
	}}
	resp, err := client.Get(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Printf("%s after %d requests: %s\n", resp.Status, calls.Load(), body)
	// Output:
	// 200 OK after 2 requests: hello
}

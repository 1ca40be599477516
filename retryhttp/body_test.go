package retryhttp_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
	"github.com/stamina-go/retry/retryhttp"
)

// roundTripFunc adapts a function to an http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// ctxBody is a response body that, like a real one, fails once the
// request's context is done.
type ctxBody struct {
	ctx context.Context
	r   io.Reader
}

func (b *ctxBody) Read(p []byte) (int, error) {
	if err := b.ctx.Err(); err != nil {
		return 0, err
	}
	return b.r.Read(p)
}

func (b *ctxBody) Close() error { return nil }

func TestTransportAttemptTimeout(t *testing.T) {
	tests := []struct {
		name    string
		dawdle  time.Duration // how long the caller waits before reading the body
		wantErr error
		reason  string
	}{
		{"body read in time", 500 * time.Millisecond, nil,
			"the attempt's deadline does not end with RoundTrip, which would make the body unreadable"},
		{"body read too late", 2 * time.Second, context.DeadlineExceeded,
			"the attempt's deadline covers reading the body, as http.Client.Timeout does"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var (
					calls   int
					lastCtx context.Context
				)
				base := roundTripFunc(func(req *http.Request) (*http.Response, error) {
					calls++
					lastCtx = req.Context()
					if calls == 1 { // a server that never answers
						<-req.Context().Done()
						return nil, req.Context().Err()
					}
					body := &ctxBody{ctx: req.Context(), r: strings.NewReader("ok")}
					return &http.Response{StatusCode: 200, Status: "200 OK", Body: body, Request: req}, nil
				})
				tr := &retryhttp.Transport{Base: base, Policy: retry.Policy{
					AttemptTimeout: time.Second,
					Backoff:        backoff.Constant(time.Second),
				}}
				req, _ := http.NewRequest(http.MethodGet, "http://example.test/", nil)

				begin := time.Now()
				resp, err := tr.RoundTrip(req)
				if err != nil {
					t.Fatalf("RoundTrip() = %v; want 200 OK on the second attempt", err)
				}
				if took := time.Since(begin); calls != 2 || took != 2*time.Second {
					t.Errorf("RoundTrip() made %d attempts in %v; want 2 in 2s: a 1s timeout, then a 1s wait",
						calls, took)
				}

				time.Sleep(tt.dawdle)
				b, err := io.ReadAll(resp.Body)
				if !errors.Is(err, tt.wantErr) || (err == nil && string(b) != "ok") {
					t.Errorf("reading the body after %v = %q, %v; want error %v (%s)",
						tt.dawdle, b, err, tt.wantErr, tt.reason)
				}
				resp.Body.Close()
				if lastCtx.Err() == nil {
					t.Errorf("the attempt's context is still live after the body was closed")
				}
			})
		})
	}
}

func TestTransportReusesConnections(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		wantConns int32
		reason    string
	}{
		{"empty body", "", 1, ""},
		{"short body", strings.Repeat("x", 10<<10), 1, "the body is read before it is closed"},
		{"long body", strings.Repeat("x", 1<<20), 4,
			"a body longer than the transport reads is closed unread, and its connection with it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, status(503, tt.body), status(503, tt.body), status(503, tt.body),
				status(200, "ok"))
			resp, err := srv.client(noWait).Get(srv.URL)
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("Get() = %v; want 200 OK", err)
			}
			resp.Body.Close()
			if n := srv.conns.Load(); n != tt.wantConns {
				t.Errorf("server accepted %d connections over 4 attempts; want %d (%s)", n, tt.wantConns, tt.reason)
			}
		})
	}
}

package retryhttp_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stamina-go/retry/retryhttp"
)

func TestCheckResponse(t *testing.T) {
	header := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	serverNow := now.Add(-time.Hour) // a server clock an hour behind ours
	tests := []struct {
		name           string
		resp           *http.Response
		wantNil        bool
		wantStatus     string
		wantRetryAfter time.Duration
		reason         string
	}{
		{name: "200", resp: &http.Response{StatusCode: 200, Status: "200 OK"}, wantNil: true},
		{name: "304", resp: &http.Response{StatusCode: 304}, wantNil: true, reason: "a redirect is no error"},
		{name: "404", resp: &http.Response{StatusCode: 404, Status: "404 Not Found", Header: header()},
			wantStatus: "404 Not Found"},
		{name: "no status text", resp: &http.Response{StatusCode: 503}, wantStatus: "503 Service Unavailable",
			reason: "a response built by hand may lack Status"},
		{name: "retry after seconds", resp: &http.Response{StatusCode: 429, Status: "429 Too Many Requests",
			Header: header("Retry-After", "3")}, wantStatus: "429 Too Many Requests",
			wantRetryAfter: 3 * time.Second},
		{name: "retry after date", resp: &http.Response{StatusCode: 503, Status: "503 Service Unavailable",
			Header: header("Date", serverNow.Format(http.TimeFormat),
				"Retry-After", serverNow.Add(30*time.Second).Format(http.TimeFormat))},
			wantStatus: "503 Service Unavailable", wantRetryAfter: 30 * time.Second,
			reason: "measured from the server's Date, whatever our clock says"},
		{name: "malformed retry after", resp: &http.Response{StatusCode: 503, Status: "503 Service Unavailable",
			Header: header("Retry-After", "soon")}, wantStatus: "503 Service Unavailable",
			reason: "no hint: the loop's backoff applies"},
		{name: "negative retry after", resp: &http.Response{StatusCode: 503, Status: "503 Service Unavailable",
			Header: header("Retry-After", "-10")}, wantStatus: "503 Service Unavailable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := retryhttp.CheckResponse(tt.resp)
			if tt.wantNil {
				if err != nil {
					t.Errorf("CheckResponse(%d) = %v; want nil (%s)", tt.resp.StatusCode, err, tt.reason)
				}
				return
			}
			var se *retryhttp.StatusError
			if !errors.As(err, &se) {
				t.Fatalf("CheckResponse(%d) = %v; want a *StatusError", tt.resp.StatusCode, err)
			}
			if se.StatusCode != tt.resp.StatusCode || se.Status != tt.wantStatus ||
				se.RetryAfter != tt.wantRetryAfter {
				t.Errorf("CheckResponse(%d) = %+v; want StatusCode %d, Status %q, RetryAfter %v (%s)",
					tt.resp.StatusCode, se, tt.resp.StatusCode, tt.wantStatus, tt.wantRetryAfter, tt.reason)
			}
		})
	}
}

// hint is what retry loops look for in an error's chain.
type hint interface{ RetryAfter() time.Duration }

func TestStatusErrorHint(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		wantHint time.Duration
		wantMsg  string
	}{
		{"no hint", &retryhttp.StatusError{StatusCode: 503, Status: "503 Service Unavailable"}, -1,
			"retryhttp: server responded 503 Service Unavailable"},
		{"hint", &retryhttp.StatusError{StatusCode: 429, Status: "429 Too Many Requests",
			RetryAfter: 2 * time.Second}, 2 * time.Second,
			"retryhttp: server responded 429 Too Many Requests, retry after 2s"},
		{"wrapped hint", fmt.Errorf("get: %w", &retryhttp.StatusError{StatusCode: 429,
			Status: "429 Too Many Requests", RetryAfter: time.Minute}), time.Minute,
			"get: retryhttp: server responded 429 Too Many Requests, retry after 1m0s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := time.Duration(-1)
			var h hint
			if errors.As(tt.err, &h) {
				got = h.RetryAfter()
			}
			if got != tt.wantHint {
				t.Errorf("hint of %v = %v; want %v (-1: none)", tt.err, got, tt.wantHint)
			}
			if msg := tt.err.Error(); msg != tt.wantMsg {
				t.Errorf("Error() = %q; want %q", msg, tt.wantMsg)
			}
		})
	}
}

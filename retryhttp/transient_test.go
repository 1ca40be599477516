package retryhttp_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"syscall"
	"testing"

	"github.com/stamina-go/retry/retryhttp"
)

func TestTransient(t *testing.T) {
	refused := dialClosedPort(t)
	_, badURL := http.NewRequest(http.MethodGet, "http://[::1", nil)
	_, badScheme := http.Get("gopher://example.invalid/")

	tests := []struct {
		name   string
		err    error
		want   bool
		reason string
	}{
		{"nil", nil, false, "success is not retried"},
		{"plain error", errors.New("boom"), false, "only known transient failures are retried"},

		{"net timeout", &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}, true, ""},
		{"deadline exceeded", os.ErrDeadlineExceeded, true, ""},
		{"url timeout", &url.Error{Op: "Get", URL: "http://x", Err: os.ErrDeadlineExceeded}, true,
			"http.Client wraps its errors in *url.Error"},
		{"context deadline", context.DeadlineExceeded, true,
			"it may be the attempt's own deadline; the loop stops on its own when its context ends"},
		{"wrapped context deadline", fmt.Errorf("get: %w", context.DeadlineExceeded), true, ""},
		{"dns timeout", &net.DNSError{Err: "timeout", IsTimeout: true}, true, ""},
		{"dns temporary", &net.DNSError{Err: "server misbehaving", IsTemporary: true}, true, ""},
		{"dns not found", &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}, false,
			"a host that does not exist will not exist a moment later"},

		{"connection refused, dialled", refused, true, "a server restarting refuses connections"},
		{"connection refused", syscall.ECONNREFUSED, true, ""},
		{"connection reset", &net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)},
			true, ""},
		{"broken pipe", &net.OpError{Op: "write", Err: os.NewSyscallError("write", syscall.EPIPE)}, true, ""},
		{"unexpected EOF", io.ErrUnexpectedEOF, true, "the connection broke midway through a response"},
		{"EOF", &url.Error{Op: "Get", URL: "http://x", Err: io.EOF}, true,
			"the server closed the connection without answering"},

		{"canceled", context.Canceled, false, "the caller gave up"},
		{"canceled in url error", &url.Error{Op: "Get", URL: "http://x", Err: context.Canceled}, false, ""},
		{"canceled and reset", errors.Join(context.Canceled, syscall.ECONNRESET), false,
			"a cancelled context is never retried, whatever else went wrong"},

		{"invalid URL", badURL, false, ""},
		{"unsupported scheme", badScheme, false, ""},
		{"unknown authority", &url.Error{Op: "Get", URL: "https://x",
			Err: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}}, false, ""},
		{"wrong host", x509.HostnameError{Host: "x"}, false, ""},
		{"expired certificate", x509.CertificateInvalidError{Reason: x509.Expired}, false, ""},
		{"certificate error with a timeout", errors.Join(x509.UnknownAuthorityError{}, os.ErrDeadlineExceeded),
			false, "a certificate that fails verification fails again"},
		{"tls alert", tls.AlertError(42), false, ""},

		{"408", &retryhttp.StatusError{StatusCode: 408}, true, ""},
		{"429", &retryhttp.StatusError{StatusCode: 429}, true, ""},
		{"500", &retryhttp.StatusError{StatusCode: 500}, true, ""},
		{"502", &retryhttp.StatusError{StatusCode: 502}, true, ""},
		{"503", &retryhttp.StatusError{StatusCode: 503}, true, ""},
		{"504", &retryhttp.StatusError{StatusCode: 504}, true, ""},
		{"wrapped 503", fmt.Errorf("fetching: %w", &retryhttp.StatusError{StatusCode: 503}), true, ""},
		{"400", &retryhttp.StatusError{StatusCode: 400}, false, "the request is wrong, and stays wrong"},
		{"404", &retryhttp.StatusError{StatusCode: 404}, false, ""},
		{"501", &retryhttp.StatusError{StatusCode: 501}, false, "not implemented is no passing failure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := retryhttp.Transient(tt.err); got != tt.want {
				t.Errorf("Transient(%#v) = %t; want %t (%s)", tt.err, got, tt.want, tt.reason)
			}
		})
	}
}

// dialClosedPort returns the error of a connection to a loopback port on
// which nothing listens.
func dialClosedPort(t *testing.T) error {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, err = http.Get("http://" + addr + "/")
	if err == nil {
		t.Fatalf("http.Get(%s) succeeded with no one listening", addr)
	}
	return err
}

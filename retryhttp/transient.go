package retryhttp

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
)

// Transient reports whether err, from an HTTP round trip, from reading a
// response's body, or from [CheckResponse], is likely to go away if the
// request is sent again. Use it as retry.Policy.On.
//
// These are transient:
//   - a timeout: an error with a Timeout method that reports true, such as
//     a [net.Error], [os.ErrDeadlineExceeded] or
//     [context.DeadlineExceeded], and a DNS lookup that timed out or
//     failed temporarily;
//   - a connection refused, reset, aborted or broken by the server;
//   - a connection closed before the response was complete:
//     [io.ErrUnexpectedEOF], and [io.EOF], which a round trip reports
//     when the server closes the connection, often a reused one, without
//     answering;
//   - a [*StatusError] with status 408 Request Timeout,
//     429 Too Many Requests, 500 Internal Server Error, 502 Bad Gateway,
//     503 Service Unavailable or 504 Gateway Timeout.
//
// Everything else is not, and these never are, whatever they wrap:
// [context.Canceled], a certificate that failed verification, and any
// other TLS alert or handshake failure. An invalid URL, an unsupported
// scheme, and a host that does not exist match none of the above.
//
// A deadline is transient because it may be the attempt's own
// (retry.Policy.AttemptTimeout), which the next attempt renews. When the
// deadline is instead the loop's, its context is done, and a retry loop
// ends whatever Transient says.
func Transient(err error) bool {
	switch {
	case err == nil, errors.Is(err, context.Canceled), tlsFailure(err):
		return false
	}

	var se *StatusError
	if errors.As(err, &se) {
		return transientStatus(se.StatusCode)
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return dns.IsTimeout || dns.IsTemporary
	}
	var timeout interface{ Timeout() bool }
	if errors.As(err, &timeout) && timeout.Timeout() {
		return true
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	for _, target := range brokenConnection {
		if errors.Is(err, target) {
			return true
		}
	}
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// transientStatus reports whether a response with the given status code
// is worth asking for again.
func transientStatus(code int) bool {
	switch code {
	case http.StatusRequestTimeout,
		http.StatusTooManyRequests,
		http.StatusInternalServerError,
		http.StatusBadGateway,
		http.StatusServiceUnavailable,
		http.StatusGatewayTimeout:
		return true
	}
	return false
}

// tlsFailure reports whether err is a certificate that failed verification
// or another failure of the TLS handshake, which trying again would only
// repeat.
func tlsFailure(err error) bool {
	var (
		verify     *tls.CertificateVerificationError
		alert      tls.AlertError
		header     tls.RecordHeaderError
		authority  x509.UnknownAuthorityError
		invalid    x509.CertificateInvalidError
		hostname   x509.HostnameError
		roots      x509.SystemRootsError
		constraint x509.ConstraintViolationError
		critical   x509.UnhandledCriticalExtension
		insecure   x509.InsecureAlgorithmError
	)
	return errors.As(err, &verify) || errors.As(err, &alert) || errors.As(err, &header) ||
		errors.As(err, &authority) || errors.As(err, &invalid) || errors.As(err, &hostname) ||
		errors.As(err, &roots) || errors.As(err, &constraint) || errors.As(err, &critical) ||
		errors.As(err, &insecure)
}

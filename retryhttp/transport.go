package retryhttp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/stamina-go/retry"
)

// DefaultMaxRetryAfter is the longest wait a [Transport] grants a
// Retry-After header when its MaxRetryAfter field is zero.
const DefaultMaxRetryAfter = time.Minute

// A Transport is an [http.RoundTripper] that sends a request again, in a
// loop of package retry, when an attempt fails in a way that may pass.
//
// It retries a request only if sending it more than once is safe: its
// method is idempotent or it carries an idempotency key (see [Idempotent],
// and Retryable to choose otherwise), and its body, if any, can be read
// again through [http.Request.GetBody], as [http.NewRequest] arranges for
// in-memory bodies. Any other request is sent once, through Base.
//
// Each attempt's outcome goes to Policy.On: the round trip's error, or
// the [*StatusError] that [CheckResponse] makes of a response with a
// status of 400 or above. Between attempts the loop waits as long as the
// response's Retry-After header asks, or else as Policy.Backoff says. A
// server cannot hold the client for long: a response that asks for a
// wait longer than MaxRetryAfter, or one that would end past the loop's
// deadline, is not retried.
//
// RoundTrip returns what a single round trip would, with the retries
// hidden:
//   - the first response that is not retried, whatever its status: a
//     success, an error the policy does not retry, or the last attempt's
//     response when the attempts run out or the server asks for too long
//     a wait. As with any RoundTripper, a status of 400 or above is not an
//     error; call [CheckResponse] to make it one.
//   - the last attempt's error, unchanged, when no response came.
//   - an error that matches both the request context's error and the last
//     attempt's (with [errors.Is]) when the context ends while the loop
//     waits to retry.
//
// The transport reads, up to 64 KiB, and closes the body of every response
// it discards before a retry, so that the connection can carry the next
// attempt. Policy.AttemptTimeout, if set, bounds each attempt from sending
// the request to reading the end of its response's body, or closing it,
// as [http.Client.Timeout] does for a whole exchange.
//
// The zero value retries [Transient] failures through
// [http.DefaultTransport], with the defaults of package retry. A Transport
// is safe for concurrent use if Base is; do not change its fields once it
// is in use.
type Transport struct {
	// Base sends each attempt. Nil means http.DefaultTransport.
	Base http.RoundTripper

	// Policy says which failures are retried, how often, and how long to
	// wait between attempts. A nil On means Transient; other zero fields
	// mean the defaults of package retry. Set Policy.Name to tell the
	// transport's retries apart in logs.
	Policy retry.Policy

	// MaxRetryAfter is the longest wait the transport grants a server that
	// asks for one: a response asking for longer is returned at once.
	// Zero means DefaultMaxRetryAfter; retry.Unlimited means no limit but
	// the loop's deadline.
	MaxRetryAfter time.Duration

	// Retryable reports whether a request may be sent more than once.
	// Nil means Idempotent. Either way, a request whose body cannot be
	// rewound is sent only once.
	Retryable func(req *http.Request) bool
}

// RoundTrip sends req, and sends it again while the policy says to retry;
// see [Transport] for what it returns. If t is misconfigured, RoundTrip
// sends nothing and returns an error saying how, which matches
// [retry.ErrInvalidPolicy] if t.Policy is at fault.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	p, err := t.policy()
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	base := t.base()
	if !t.retryable(req) {
		return base.RoundTrip(req)
	}
	// The transport times each attempt itself, so that the deadline
	// keeps running while the caller reads the response's body.
	attemptTimeout := p.AttemptTimeout
	p.AttemptTimeout = 0

	var (
		resp *http.Response
		last error // the failure of an attempt discarded to retry it
	)
	for a := range retry.Attempts(req.Context(), p) {
		r, cancel, rerr := attemptRequest(req, a, attemptTimeout)
		if rerr != nil {
			resp, err, last = nil, rerr, nil
			break
		}
		resp, err = roundTrip(base, r, cancel)

		failure := err
		if failure == nil {
			failure = CheckResponse(resp)
		}
		last = nil
		if a.Done(failure) {
			if resp != nil {
				discard(resp)
				resp = nil
			}
			last = failure
		}
	}
	if last != nil {
		return nil, waitError(req.Context(), last)
	}
	return resp, err
}

// CloseIdleConnections closes the idle connections of Base, if it has
// a method of that name, as [http.Transport] does.
func (t *Transport) CloseIdleConnections() {
	if c, ok := t.base().(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// Idempotent reports whether req can be sent more than once with the
// effect of sending it once: its method is GET, HEAD, OPTIONS, TRACE, PUT
// or DELETE, or it has an Idempotency-Key or X-Idempotency-Key header, by
// which the server recognizes a repeated request. An empty method means
// GET.
func Idempotent(req *http.Request) bool {
	switch req.Method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace,
		http.MethodPut, http.MethodDelete:
		return true
	}
	// Present with a nil value, a key marks the request without being
	// sent, as net/http understands it.
	_, key := req.Header["Idempotency-Key"]
	_, xkey := req.Header["X-Idempotency-Key"]
	return key || xkey
}

func (t *Transport) base() http.RoundTripper {
	if t.Base == nil {
		return http.DefaultTransport
	}
	return t.Base
}

// retryable reports whether req may be sent more than once.
func (t *Transport) retryable(req *http.Request) bool {
	if hasBody(req) && req.GetBody == nil {
		return false
	}
	if t.Retryable != nil {
		return t.Retryable(req)
	}
	return Idempotent(req)
}

func hasBody(req *http.Request) bool {
	return req.Body != nil && req.Body != http.NoBody
}

// policy returns the policy for the transport's loops, or an error if t
// is misconfigured.
func (t *Transport) policy() (retry.Policy, error) {
	p := t.Policy
	if p.On == nil {
		p.On = Transient
	}
	if err := p.Validate(); err != nil {
		return p, fmt.Errorf("retryhttp: Transport.Policy: %w", err)
	}

	limit := t.MaxRetryAfter
	switch {
	case limit == 0:
		limit = DefaultMaxRetryAfter
	case limit == retry.Unlimited:
		return p, nil
	case limit < 0:
		return p, fmt.Errorf("retryhttp: Transport.MaxRetryAfter is %v; use a positive duration, "+
			"0 for the default (%v), or retry.Unlimited", limit, DefaultMaxRetryAfter)
	}
	on := p.On
	p.On = func(err error) bool {
		var hint interface{ RetryAfter() time.Duration }
		if errors.As(err, &hint) && hint.RetryAfter() > limit {
			return false
		}
		return on(err)
	}
	return p, nil
}

// attemptRequest returns the request to send for attempt a of req: req
// itself if it can be, else a copy with the attempt's context and a fresh
// body. With a positive timeout it also returns the function that ends the
// attempt's own deadline.
func attemptRequest(req *http.Request, a *retry.Attempt, timeout time.Duration) (
	*http.Request, context.CancelFunc, error) {
	ctx := a.Context()
	if a.Num() > 1 && hasBody(req) {
		body, err := req.GetBody()
		if err != nil {
			return nil, nil, fmt.Errorf("retryhttp: rewinding the request body for attempt %d: %w",
				a.Num(), err)
		}
		req = req.WithContext(ctx)
		req.Body = body
	}
	if timeout <= 0 {
		if ctx == req.Context() {
			return req, nil, nil
		}
		return req.WithContext(ctx), nil, nil
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	return req.WithContext(ctx), cancel, nil
}

// roundTrip sends r through base. If cancel is not nil, roundTrip calls
// it when the round trip fails, or else when the response's body is read
// to its end or closed.
func roundTrip(base http.RoundTripper, r *http.Request, cancel context.CancelFunc) (*http.Response, error) {
	resp, err := base.RoundTrip(r)
	if err == nil && resp == nil {
		err = errors.New("retryhttp: Base.RoundTrip returned neither a response nor an error")
	}
	if cancel != nil {
		if err != nil {
			cancel()
		} else {
			resp.Body = cancelOnClose(resp.Body, cancel)
		}
	}
	return resp, err
}

// waitError returns the error of a loop whose context ended while it
// waited to retry an attempt that failed with last.
func waitError(ctx context.Context, last error) error {
	ctxErr := ctx.Err()
	if ctxErr == nil {
		return last
	}
	if cause := context.Cause(ctx); cause != ctxErr {
		return fmt.Errorf("retryhttp: %w (%w) while waiting to retry: %w", ctxErr, cause, last)
	}
	return fmt.Errorf("retryhttp: %w while waiting to retry: %w", ctxErr, last)
}

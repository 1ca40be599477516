package retryhttp

import (
	"net/http"
	"strconv"
	"time"
)

// A StatusError reports a response whose status code is 400 or above.
// [CheckResponse] makes one; [Transient] decides by its StatusCode whether
// it is worth another request.
type StatusError struct {
	StatusCode int         // the response's status code, such as 503
	Status     string      // the response's status, such as "503 Service Unavailable"
	Header     http.Header // the response's header

	// RetryAfter is the wait the response asked for in its Retry-After
	// header, as [ParseRetryAfter] reads it, or zero if it asked for none,
	// for an invalid one, or for no wait at all.
	//
	// A positive RetryAfter is the hint by which a retry loop waits for
	// it, rather than for its backoff: see Unwrap.
	RetryAfter time.Duration
}

// CheckResponse returns a [*StatusError] describing resp if its status code
// is 400 or above, and nil otherwise. It reads resp's header, but neither
// reads nor closes its body.
//
// The error's RetryAfter is read from resp's Retry-After header. A date
// there is measured from the response's Date header, when it has a valid
// one, so that a clock that differs from the server's does not stretch or
// shrink the wait; else from the current time.
func CheckResponse(resp *http.Response) error {
	if resp.StatusCode < 400 {
		return nil
	}
	e := &StatusError{StatusCode: resp.StatusCode, Status: resp.Status, Header: resp.Header}
	if e.Status == "" {
		e.Status = strconv.Itoa(resp.StatusCode) + " " + http.StatusText(resp.StatusCode)
	}
	if v := resp.Header.Get("Retry-After"); v != "" {
		now, err := http.ParseTime(resp.Header.Get("Date"))
		if err != nil {
			now = time.Now()
		}
		e.RetryAfter, _ = ParseRetryAfter(v, now)
	}
	return e
}

// Error returns the response's status, with the wait it asked for if any.
func (e *StatusError) Error() string {
	msg := "retryhttp: server responded " + e.Status
	if e.RetryAfter > 0 {
		msg += ", retry after " + e.RetryAfter.String()
	}
	return msg
}

// Unwrap returns, if e.RetryAfter is positive, an error whose method
// RetryAfter() time.Duration returns it: the hint that retry loops look
// for in an error's chain and wait for instead of their backoff.
// Otherwise it returns nil, and the loops wait as their backoff says.
func (e *StatusError) Unwrap() error {
	if e.RetryAfter <= 0 {
		return nil
	}
	return retryAfterHint(e.RetryAfter)
}

// retryAfterHint is the wait a server asked for, as retry loops read it.
type retryAfterHint time.Duration

func (h retryAfterHint) Error() string {
	return "retryhttp: retry after " + time.Duration(h).String()
}

func (h retryAfterHint) RetryAfter() time.Duration { return time.Duration(h) }

package retryhttp

import (
	"math"
	"net/http"
	"strings"
	"time"
)

// ParseRetryAfter returns the wait that the value of a Retry-After header
// asks for, and false if the value is invalid.
//
// The value is either a number of seconds, such as "120", or an HTTP date,
// such as "Wed, 21 Oct 2015 07:28:00 GMT", which is measured from now; a
// date before now asks for no wait. Spaces around the value are ignored;
// anything else that is not a well-formed value, such as a negative or
// fractional number, is invalid. The wait is never negative, and a value
// beyond what a [time.Duration] holds, about 292 years, is clamped to the
// largest one.
func ParseRetryAfter(value string, now time.Time) (time.Duration, bool) {
	value = strings.Trim(value, " \t")
	if value == "" {
		return 0, false
	}
	if d, ok := parseSeconds(value); ok {
		return d, true
	}
	t, err := http.ParseTime(value)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true // Sub saturates rather than overflow
}

// parseSeconds reads a value of decimal digits as seconds, clamped to the
// longest duration.
func parseSeconds(value string) (time.Duration, bool) {
	const limit = math.MaxInt64 / int64(time.Second)
	var secs int64
	for i := 0; i < len(value); i++ {
		c := value[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if secs <= limit {
			secs = secs*10 + int64(c-'0')
		}
	}
	if secs > limit {
		return math.MaxInt64, true
	}
	return time.Duration(secs) * time.Second, true
}

package retryhttp_test

import (
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stamina-go/retry/retryhttp"
)

// now is the time from which tests measure Retry-After dates.
var now = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

func TestParseRetryAfter(t *testing.T) {
	const maxDur = time.Duration(math.MaxInt64)
	date := func(d time.Duration) string { return now.Add(d).Format(http.TimeFormat) }
	tests := []struct {
		name   string
		value  string
		want   time.Duration
		wantOK bool
		reason string
	}{
		{"seconds", "120", 2 * time.Minute, true, ""},
		{"zero", "0", 0, true, "retry at once"},
		{"leading zeros", "007", 7 * time.Second, true, ""},
		{"spaces", " \t5 ", 5 * time.Second, true, "optional whitespace around a header value"},
		{"largest seconds", "9223372036", 9223372036 * time.Second, true, ""},
		{"too many seconds", "9223372037", maxDur, true, "clamped, not overflowed"},
		{"absurd seconds", strings.Repeat("9", 100), maxDur, true, "clamped, not overflowed"},
		{"date", date(90 * time.Second), 90 * time.Second, true, ""},
		{"RFC 850 date", now.Add(time.Hour).Format(time.RFC850), time.Hour, true,
			"an obsolete form that HTTP still accepts"},
		{"ANSI C date", now.Add(time.Hour).Format(time.ANSIC), time.Hour, true,
			"an obsolete form that HTTP still accepts"},
		{"past date", date(-time.Hour), 0, true, "the time to retry has come"},
		{"far future date", "Fri, 31 Dec 9999 23:59:59 GMT", maxDur, true, "clamped, not overflowed"},

		{"empty", "", 0, false, ""},
		{"blank", "  ", 0, false, ""},
		{"negative", "-5", 0, false, "not a delay the header can carry"},
		{"plus sign", "+5", 0, false, "delay-seconds are digits only"},
		{"fraction", "1.5", 0, false, "delay-seconds are whole"},
		{"unit", "5s", 0, false, "a Go duration is not an HTTP one"},
		{"inner space", "1 0", 0, false, ""},
		{"word", "soon", 0, false, ""},
		{"bad date", "Wed, 32 Oct 2015 07:28:00 GMT", 0, false, ""},
		{"date without zone", "2030-01-02T03:04:05", 0, false, ""},
		{"non-ASCII digits", "٣", 0, false, "only ASCII digits count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := retryhttp.ParseRetryAfter(tt.value, now)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("ParseRetryAfter(%q, now) = %v, %t; want %v, %t (%s)",
					tt.value, got, ok, tt.want, tt.wantOK, tt.reason)
			}
		})
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, v := range []string{
		"", "0", "120", " 5 ", "-5", "+5", "1.5", "5s", "soon", strings.Repeat("9", 40),
		"9223372036", "9223372037", "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
		"Monday, 02-Jan-06 15:04:05 MST", "Mon Jan  2 15:04:05 2006", "\x00", "٣",
	} {
		f.Add(v, now.Unix())
	}
	f.Add("Mon, 01 Jan 0001 00:00:00 GMT", int64(math.MaxInt64/2))
	f.Add("Fri, 31 Dec 9999 23:59:59 GMT", int64(math.MinInt64/2))
	f.Fuzz(func(t *testing.T, value string, unix int64) {
		at := time.Unix(unix, 0)
		d, ok := retryhttp.ParseRetryAfter(value, at)
		if d < 0 {
			t.Fatalf("ParseRetryAfter(%q, %v) = %v, %t; want a wait of zero or more", value, at, d, ok)
		}
		if !ok && d != 0 {
			t.Fatalf("ParseRetryAfter(%q, %v) = %v, false; want no wait with an invalid value", value, at, d)
		}
		if !ok {
			return
		}
		// A valid value is digits alone or a date, around optional spaces.
		v := strings.Trim(value, " \t")
		if strings.Trim(v, "0123456789") == "" {
			return
		}
		if _, err := http.ParseTime(v); err != nil {
			t.Fatalf("ParseRetryAfter(%q, %v) = %v, true; want false for neither seconds nor a date", value, at, d)
		}
	})
}

package backoff_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stamina-go/retry/backoff"
)

func TestDecorrelatedJitterDelay(t *testing.T) {
	const maxDur = time.Duration(math.MaxInt64)
	b := backoff.DecorrelatedJitter{Initial: time.Second, Max: time.Minute}
	checkJitter(t, []jitterCase{
		{name: "zero value", s: backoff.DecorrelatedJitter{}, retry: 3, prev: time.Second,
			reason: "the zero value never waits"},
		{name: "first retry", s: b, retry: 1, min: time.Second, max: 3 * time.Second, spreads: true,
			reason: "before any wait, prev counts as Initial"},
		{name: "after a short wait", s: b, retry: 2, prev: time.Millisecond,
			min: time.Second, max: 3 * time.Second, spreads: true, reason: "prev below Initial counts as Initial"},
		{name: "after a longer wait", s: b, retry: 2, prev: 5 * time.Second,
			min: time.Second, max: 15 * time.Second, spreads: true},
		{name: "retry is ignored", s: b, retry: 1_000_000, prev: 5 * time.Second,
			min: time.Second, max: 15 * time.Second, spreads: true},
		{name: "capped", s: backoff.DecorrelatedJitter{Initial: time.Second, Max: 2 * time.Second},
			prev: time.Hour, min: time.Second, max: 2 * time.Second,
			reason: "draws above Max are cut to Max"},
		{name: "zero initial", s: backoff.DecorrelatedJitter{Max: time.Minute}, retry: 1,
			reason: "with nothing to grow from, every wait is zero"},
		{name: "zero initial, seeded", s: backoff.DecorrelatedJitter{Max: time.Minute}, retry: 2,
			prev: time.Second, max: 3 * time.Second, spreads: true},
		{name: "largest prev", s: backoff.DecorrelatedJitter{Initial: time.Second, Max: maxDur},
			prev: maxDur, min: time.Second, max: maxDur, spreads: true,
			reason: "3*prev would overflow"},
		{name: "largest durations", s: backoff.DecorrelatedJitter{Initial: maxDur, Max: maxDur},
			prev: maxDur, min: maxDur, max: maxDur},
		{name: "negative prev", s: b, prev: -time.Hour, min: time.Second, max: 3 * time.Second},
		{name: "max below initial", s: backoff.DecorrelatedJitter{Initial: time.Minute, Max: time.Second},
			min: time.Second, max: time.Second, reason: "no wait exceeds Max, even on invalid fields"},
		{name: "negative fields", s: backoff.DecorrelatedJitter{Initial: -time.Second, Max: -time.Second},
			prev: time.Second, reason: "negative fields count as zero"},
	})
}

func TestDecorrelatedJitterValidate(t *testing.T) {
	tests := []struct {
		name    string
		d       backoff.DecorrelatedJitter
		wantErr string
	}{
		{"zero value", backoff.DecorrelatedJitter{}, ""},
		{"valid", backoff.DecorrelatedJitter{Initial: time.Second, Max: time.Minute}, ""},
		{"negative initial", backoff.DecorrelatedJitter{Initial: -time.Second, Max: time.Second},
			"DecorrelatedJitter.Initial is -1s; set a wait of zero or more"},
		{"negative max", backoff.DecorrelatedJitter{Max: -time.Second},
			"DecorrelatedJitter.Max is -1s; set a wait of zero or more"},
		{"max below initial", backoff.DecorrelatedJitter{Initial: time.Minute, Max: time.Second},
			"DecorrelatedJitter.Max (1s) is below DecorrelatedJitter.Initial (1m0s); raise Max or lower Initial"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errString(tt.d.Validate()); got != tt.wantErr {
				t.Errorf("%+v.Validate() = %q; want %q", tt.d, got, tt.wantErr)
			}
		})
	}
}

func ExampleDecorrelatedJitter() {
	b := backoff.DecorrelatedJitter{Initial: 100 * time.Millisecond, Max: time.Second}
	// Each wait grows from the one before it, as a retry loop passes it in.
	var prev time.Duration
	for retry := 1; retry <= 5; retry++ {
		d := b.Delay(retry, prev)
		hi := min(b.Max, 3*max(prev, b.Initial))
		fmt.Printf("retry %d: in range: %t\n", retry, b.Initial <= d && d <= hi)
		prev = d
	}
	// Output:
	// retry 1: in range: true
	// retry 2: in range: true
	// retry 3: in range: true
	// retry 4: in range: true
	// retry 5: in range: true
}

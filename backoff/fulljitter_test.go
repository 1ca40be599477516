package backoff_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stamina-go/retry/backoff"
)

// draws is how many waits the tests of random strategies draw per case.
const draws = 500

// spread returns the shortest and longest of n waits s draws for the given
// retry and prev.
func spread(s backoff.Strategy, retry int, prev time.Duration, n int) (lo, hi time.Duration) {
	lo, hi = math.MaxInt64, math.MinInt64
	for range n {
		d := s.Delay(retry, prev)
		lo, hi = min(lo, d), max(hi, d)
	}
	return lo, hi
}

// jitterCase is a case of the tests of the random strategies: every wait
// must fall in [min, max], and when spreads is set, the waits must cover
// its lower and upper quarters, so a strategy that forgot to draw at
// random fails.
type jitterCase struct {
	name     string
	s        backoff.Strategy
	retry    int
	prev     time.Duration
	min, max time.Duration
	spreads  bool
	reason   string
}

func checkJitter(t *testing.T, tests []jitterCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := spread(tt.s, tt.retry, tt.prev, draws)
			if lo < tt.min || hi > tt.max {
				t.Errorf("%+v.Delay(%d, %v) ranged over [%v, %v]; want within [%v, %v] (%s)",
					tt.s, tt.retry, tt.prev, lo, hi, tt.min, tt.max, tt.reason)
			}
			quarter := (tt.max - tt.min) / 4
			if tt.spreads && (lo > tt.min+quarter || hi < tt.max-quarter) {
				t.Errorf("%+v.Delay(%d, %v) ranged over [%v, %v] in %d draws; want it to spread over [%v, %v]",
					tt.s, tt.retry, tt.prev, lo, hi, draws, tt.min, tt.max)
			}
		})
	}
}

func TestFullJitterDelay(t *testing.T) {
	const maxDur = time.Duration(math.MaxInt64)
	checkJitter(t, []jitterCase{
		{name: "zero value", s: backoff.FullJitter{}, retry: 3, reason: "the zero value never waits"},
		{name: "first retry", s: backoff.FullJitter{Initial: time.Second, Max: time.Minute}, retry: 1,
			max: time.Second, spreads: true},
		{name: "third retry", s: backoff.FullJitter{Initial: time.Second, Max: time.Minute}, retry: 3,
			max: 4 * time.Second, spreads: true, reason: "a zero Base means 2"},
		{name: "base 3", s: backoff.FullJitter{Initial: time.Second, Max: time.Minute, Base: 3}, retry: 3,
			max: 9 * time.Second, spreads: true},
		{name: "retry 0", s: backoff.FullJitter{Initial: time.Second, Max: time.Minute}, retry: 0,
			max: time.Second, spreads: true, reason: "a retry below 1 counts as 1"},
		{name: "capped", s: backoff.FullJitter{Initial: time.Second, Max: 5 * time.Second}, retry: 10,
			max: 5 * time.Second, spreads: true},
		{name: "retry 1e6, base 10", s: backoff.FullJitter{Initial: 100 * time.Millisecond, Max: 5 * time.Second,
			Base: 10}, retry: 1_000_000, max: 5 * time.Second, spreads: true,
			reason: "the ceiling overflows to +Inf and is capped"},
		{name: "largest durations", s: backoff.FullJitter{Initial: maxDur, Max: maxDur}, retry: math.MaxInt,
			max: maxDur, spreads: true},
		{name: "NaN base", s: backoff.FullJitter{Initial: time.Second, Max: 5 * time.Second, Base: math.NaN()},
			retry: 2, max: 5 * time.Second, reason: "invalid, but still capped"},
		{name: "negative infinite base", s: backoff.FullJitter{Initial: time.Second, Max: 5 * time.Second,
			Base: math.Inf(-1)}, retry: 2, max: 5 * time.Second, reason: "invalid, but still capped"},
		{name: "negative fields", s: backoff.FullJitter{Initial: -time.Second, Max: -time.Second}, retry: 2,
			reason: "negative fields count as zero"},
	})
}

func TestFullJitterValidate(t *testing.T) {
	tests := []struct {
		name    string
		f       backoff.FullJitter
		wantErr string
	}{
		{"zero value", backoff.FullJitter{}, ""},
		{"valid", backoff.FullJitter{Initial: time.Second, Max: time.Minute, Base: 1.5}, ""},
		{"base 1", backoff.FullJitter{Initial: time.Second, Max: time.Minute, Base: 1}, ""},
		{"negative initial", backoff.FullJitter{Initial: -time.Second, Max: time.Second},
			"FullJitter.Initial is -1s; set a wait of zero or more"},
		{"negative max", backoff.FullJitter{Max: -time.Second},
			"FullJitter.Max is -1s; set a wait of zero or more"},
		{"NaN base", backoff.FullJitter{Base: math.NaN()},
			"FullJitter.Base is NaN; set a finite factor of 1 or more, such as 2"},
		{"infinite base", backoff.FullJitter{Base: math.Inf(1)},
			"FullJitter.Base is +Inf; set a finite factor of 1 or more, such as 2"},
		{"shrinking base", backoff.FullJitter{Base: 0.5},
			"FullJitter.Base is 0.5, which would shrink the waits; set 1 or more, such as 2"},
		{"negative base", backoff.FullJitter{Base: -2},
			"FullJitter.Base is -2, which would shrink the waits; set 1 or more, such as 2"},
		{"max below initial", backoff.FullJitter{Initial: time.Minute, Max: time.Second},
			"FullJitter.Max (1s) is below FullJitter.Initial (1m0s); raise Max or lower Initial"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errString(tt.f.Validate()); got != tt.wantErr {
				t.Errorf("%+v.Validate() = %q; want %q", tt.f, got, tt.wantErr)
			}
		})
	}
}

func ExampleFullJitter() {
	b := backoff.FullJitter{Initial: 100 * time.Millisecond, Max: time.Second}
	// Each wait is drawn from [0, ceiling]; the ceiling doubles up to Max.
	for retry := 1; retry <= 5; retry++ {
		ceiling := min(b.Max, b.Initial<<(retry-1))
		d := b.Delay(retry, 0)
		fmt.Printf("retry %d: up to %v, in range: %t\n", retry, ceiling, 0 <= d && d <= ceiling)
	}
	// Output:
	// retry 1: up to 100ms, in range: true
	// retry 2: up to 200ms, in range: true
	// retry 3: up to 400ms, in range: true
	// retry 4: up to 800ms, in range: true
	// retry 5: up to 1s, in range: true
}

package backoff_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stamina-go/retry/backoff"
)

func TestEqualJitterDelay(t *testing.T) {
	const maxDur = time.Duration(math.MaxInt64)
	checkJitter(t, []jitterCase{
		{name: "zero value", s: backoff.EqualJitter{}, retry: 3, reason: "the zero value never waits"},
		{name: "first retry", s: backoff.EqualJitter{Initial: time.Second, Max: time.Minute}, retry: 1,
			min: 500 * time.Millisecond, max: time.Second, spreads: true},
		{name: "third retry", s: backoff.EqualJitter{Initial: time.Second, Max: time.Minute}, retry: 3,
			min: 2 * time.Second, max: 4 * time.Second, spreads: true, reason: "a zero Base means 2"},
		{name: "capped", s: backoff.EqualJitter{Initial: time.Second, Max: 5 * time.Second}, retry: 10,
			min: 2500 * time.Millisecond, max: 5 * time.Second, spreads: true},
		{name: "odd ceiling", s: backoff.EqualJitter{Initial: 3, Max: 3}, retry: 1, min: 2, max: 3,
			spreads: true, reason: "the fixed half is the larger one, so the sum stays within the ceiling"},
		{name: "one nanosecond", s: backoff.EqualJitter{Initial: 1, Max: 1}, retry: 1, min: 1, max: 1,
			reason: "a ceiling too small to halve is waited whole"},
		{name: "retry 1e6, base 10", s: backoff.EqualJitter{Initial: 100 * time.Millisecond,
			Max: 5 * time.Second, Base: 10}, retry: 1_000_000,
			min: 2500 * time.Millisecond, max: 5 * time.Second, spreads: true},
		{name: "largest durations", s: backoff.EqualJitter{Initial: maxDur, Max: maxDur}, retry: math.MaxInt,
			min: maxDur - maxDur/2, max: maxDur, spreads: true},
		{name: "infinite base", s: backoff.EqualJitter{Initial: time.Second, Max: 5 * time.Second,
			Base: math.Inf(1)}, retry: 2, min: 2500 * time.Millisecond, max: 5 * time.Second,
			reason: "invalid, but still capped"},
		{name: "negative fields", s: backoff.EqualJitter{Initial: -time.Second, Max: -time.Second}, retry: 2,
			reason: "negative fields count as zero"},
	})
}

func TestEqualJitterValidate(t *testing.T) {
	tests := []struct {
		name    string
		e       backoff.EqualJitter
		wantErr string
	}{
		{"zero value", backoff.EqualJitter{}, ""},
		{"valid", backoff.EqualJitter{Initial: time.Second, Max: time.Minute, Base: 3}, ""},
		{"negative initial", backoff.EqualJitter{Initial: -time.Second, Max: time.Second},
			"EqualJitter.Initial is -1s; set a wait of zero or more"},
		{"negative max", backoff.EqualJitter{Max: -time.Second},
			"EqualJitter.Max is -1s; set a wait of zero or more"},
		{"NaN base", backoff.EqualJitter{Base: math.NaN()},
			"EqualJitter.Base is NaN; set a finite factor of 1 or more, such as 2"},
		{"shrinking base", backoff.EqualJitter{Base: 0.9},
			"EqualJitter.Base is 0.9, which would shrink the waits; set 1 or more, such as 2"},
		{"max below initial", backoff.EqualJitter{Initial: time.Minute, Max: time.Second},
			"EqualJitter.Max (1s) is below EqualJitter.Initial (1m0s); raise Max or lower Initial"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errString(tt.e.Validate()); got != tt.wantErr {
				t.Errorf("%+v.Validate() = %q; want %q", tt.e, got, tt.wantErr)
			}
		})
	}
}

func ExampleEqualJitter() {
	b := backoff.EqualJitter{Initial: 100 * time.Millisecond, Max: time.Second}
	// Each wait is at least half its ceiling, and at most all of it.
	for retry := 1; retry <= 5; retry++ {
		ceiling := min(b.Max, b.Initial<<(retry-1))
		d := b.Delay(retry, 0)
		fmt.Printf("retry %d: %v to %v, in range: %t\n", retry, ceiling/2, ceiling,
			ceiling/2 <= d && d <= ceiling)
	}
	// Output:
	// retry 1: 50ms to 100ms, in range: true
	// retry 2: 100ms to 200ms, in range: true
	// retry 3: 200ms to 400ms, in range: true
	// retry 4: 400ms to 800ms, in range: true
	// retry 5: 500ms to 1s, in range: true
}

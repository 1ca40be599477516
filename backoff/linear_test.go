package backoff_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stamina-go/retry/backoff"
)

func TestLinearDelay(t *testing.T) {
	const maxDur = time.Duration(math.MaxInt64)
	tests := []struct {
		name   string
		l      backoff.Linear
		retry  int
		want   time.Duration
		reason string
	}{
		{"zero value", backoff.Linear{}, 5, 0, "the zero value never waits"},
		{"first retry", backoff.Linear{Initial: time.Second, Step: time.Second, Max: time.Minute}, 1,
			time.Second, ""},
		{"third retry", backoff.Linear{Initial: time.Second, Step: 2 * time.Second, Max: time.Minute}, 3,
			5 * time.Second, "1s + 2*2s"},
		{"retry 0", backoff.Linear{Initial: time.Second, Step: time.Second, Max: time.Minute}, 0,
			time.Second, "a retry below 1 counts as 1"},
		{"negative retry", backoff.Linear{Initial: time.Second, Step: time.Second, Max: time.Minute},
			math.MinInt, time.Second, "a retry below 1 counts as 1"},
		{"capped", backoff.Linear{Initial: time.Second, Step: time.Second, Max: 3 * time.Second}, 10,
			3 * time.Second, ""},
		{"exactly at the cap", backoff.Linear{Initial: time.Second, Step: time.Second, Max: 3 * time.Second}, 3,
			3 * time.Second, ""},
		{"just past the cap", backoff.Linear{Initial: time.Second, Step: time.Second + 1, Max: 3 * time.Second}, 3,
			3 * time.Second, "1s + 2*(1s+1ns) exceeds Max by 2ns"},
		{"no step", backoff.Linear{Initial: time.Second, Max: time.Minute}, 1000, time.Second,
			"a zero Step makes a constant wait"},
		{"huge retry", backoff.Linear{Initial: time.Second, Step: time.Second, Max: time.Hour},
			math.MaxInt, time.Hour, "Step*(retry-1) would overflow"},
		{"huge step", backoff.Linear{Step: maxDur, Max: maxDur}, 3, maxDur,
			"Step*2 would overflow"},
		{"huge initial and step", backoff.Linear{Initial: maxDur - 1, Step: maxDur, Max: maxDur}, 2, maxDur,
			"Initial+Step would overflow"},
		{"max below initial", backoff.Linear{Initial: time.Minute, Step: time.Second, Max: time.Second}, 1,
			time.Second, "no wait exceeds Max, even on invalid fields"},
		{"negative fields", backoff.Linear{Initial: -time.Second, Step: -time.Second, Max: time.Minute}, 5,
			0, "negative fields count as zero"},
		{"negative max", backoff.Linear{Initial: time.Second, Step: time.Second, Max: -time.Minute}, 5,
			0, "a negative Max caps at zero"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.l.Delay(tt.retry, 0); got != tt.want {
				t.Errorf("%+v.Delay(%d, 0) = %v; want %v (%s)", tt.l, tt.retry, got, tt.want, tt.reason)
			}
		})
	}
}

func TestLinearValidate(t *testing.T) {
	tests := []struct {
		name    string
		l       backoff.Linear
		wantErr string
	}{
		{"zero value", backoff.Linear{}, ""},
		{"valid", backoff.Linear{Initial: time.Second, Step: time.Second, Max: time.Minute}, ""},
		{"constant", backoff.Linear{Initial: time.Second, Max: time.Second}, ""},
		{"negative initial", backoff.Linear{Initial: -1, Max: time.Second},
			"Linear.Initial is -1ns; set a wait of zero or more"},
		{"negative step", backoff.Linear{Step: -time.Second, Max: time.Second},
			"Linear.Step is -1s, which would shrink the waits; set zero or more"},
		{"negative max", backoff.Linear{Max: -time.Second},
			"Linear.Max is -1s; set a wait of zero or more"},
		{"max below initial", backoff.Linear{Initial: time.Minute, Max: time.Second},
			"Linear.Max (1s) is below Linear.Initial (1m0s); raise Max or lower Initial"},
		{"step without max", backoff.Linear{Step: time.Second},
			"Linear.Max is 0, which caps every wait at zero despite Step 1s; set the longest wait"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.l.Validate()
			if got := errString(err); got != tt.wantErr {
				t.Errorf("%+v.Validate() = %q; want %q", tt.l, got, tt.wantErr)
			}
		})
	}
}

// errString returns err's message, or "" for a nil err.
func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func ExampleLinear() {
	b := backoff.Linear{Initial: time.Second, Step: 500 * time.Millisecond, Max: 2 * time.Second}
	for retry := 1; retry <= 4; retry++ {
		fmt.Printf("retry %d: wait %v\n", retry, b.Delay(retry, 0))
	}
	// Output:
	// retry 1: wait 1s
	// retry 2: wait 1.5s
	// retry 3: wait 2s
	// retry 4: wait 2s
}

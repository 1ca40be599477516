package backoff_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stamina-go/retry/backoff"
)

func TestExponentialDelay(t *testing.T) {
	const maxDuration = time.Duration(math.MaxInt64)
	tests := []struct {
		name   string
		e      backoff.Exponential
		retry  int
		want   time.Duration
		reason string
	}{
		{"first retry waits Initial", backoff.Exponential{Initial: time.Second, Max: time.Hour, Base: 2}, 1, time.Second, ""},
		{"doubles", backoff.Exponential{Initial: time.Second, Max: time.Hour, Base: 2}, 4, 8 * time.Second, ""},
		{"base 3", backoff.Exponential{Initial: time.Second, Max: time.Hour, Base: 3}, 3, 9 * time.Second, ""},
		{"fractional base", backoff.Exponential{Initial: time.Second, Max: time.Hour, Base: 1.5}, 3, 2250 * time.Millisecond, ""},
		{"zero base means 2", backoff.Exponential{Initial: time.Second, Max: time.Hour}, 3, 4 * time.Second, ""},
		{"base 1 is constant", backoff.Exponential{Initial: time.Second, Max: time.Hour, Base: 1}, 50, time.Second, ""},
		{"capped at Max", backoff.Exponential{Initial: time.Second, Max: 5 * time.Second, Base: 2}, 4, 5 * time.Second, ""},
		{"retry 0 counts as 1", backoff.Exponential{Initial: time.Second, Max: time.Hour, Base: 2}, 0, time.Second, ""},
		{"negative retry counts as 1", backoff.Exponential{Initial: time.Second, Max: time.Hour, Base: 2}, -7, time.Second, ""},
		{"huge retry waits Max", backoff.Exponential{Initial: time.Second, Max: time.Minute, Base: 10}, 1_000_000, time.Minute,
			"10^999999 overflows to +Inf, which must not become a negative duration"},
		{"largest retry", backoff.Exponential{Initial: 1, Max: maxDuration, Base: 2}, math.MaxInt, maxDuration, ""},
		{"largest durations", backoff.Exponential{Initial: maxDuration, Max: maxDuration, Jitter: maxDuration, Base: 2}, 2, maxDuration, ""},
		{"NaN base waits Max", backoff.Exponential{Initial: time.Second, Max: time.Minute, Base: math.NaN()}, 2, time.Minute,
			"Validate rejects it; Delay still must not misbehave"},
		{"infinite base waits Max", backoff.Exponential{Initial: time.Second, Max: time.Minute, Base: math.Inf(1)}, 2, time.Minute, ""},
		{"negative base never waits below zero", backoff.Exponential{Initial: time.Second, Max: time.Minute, Base: -2}, 2, 0, ""},
		{"negative Initial waits zero", backoff.Exponential{Initial: -time.Second, Max: time.Minute, Base: 2}, 3, 0, ""},
		{"negative Max waits zero", backoff.Exponential{Initial: time.Second, Max: -time.Minute, Base: 2}, 3, 0, ""},
		{"zero value waits zero", backoff.Exponential{}, 5, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.Delay(tt.retry, 0); got != tt.want {
				t.Errorf("%+v.Delay(%d, 0) = %v; want %v %s", tt.e, tt.retry, got, tt.want, tt.reason)
			}
		})
	}
}

func TestExponentialJitter(t *testing.T) {
	e := backoff.Exponential{Initial: 100 * time.Millisecond, Max: 5 * time.Second, Jitter: time.Second, Base: 2}
	seen := map[time.Duration]bool{}
	for range 1000 {
		d := e.Delay(2, 0)
		if d < 200*time.Millisecond || d > 1200*time.Millisecond {
			t.Fatalf("Delay(2, 0) = %v; want in [200ms, 1.2s]", d)
		}
		seen[d] = true
	}
	if len(seen) < 100 {
		t.Errorf("1000 jittered delays took %d distinct values; want many", len(seen))
	}

	// The jitter is added before the cap, so a wait never exceeds Max.
	for range 1000 {
		if d := e.Delay(6, 0); d != 5*time.Second && (d < 3200*time.Millisecond || d > 5*time.Second) {
			t.Fatalf("Delay(6, 0) = %v; want in [3.2s, 5s]", d)
		}
	}
}

func TestDefault(t *testing.T) {
	want := backoff.Exponential{Initial: 100 * time.Millisecond, Max: 5 * time.Second, Jitter: time.Second, Base: 2}
	if backoff.Default != want {
		t.Errorf("Default = %+v; want %+v", backoff.Default, want)
	}
	if err := backoff.Default.Validate(); err != nil {
		t.Errorf("Default.Validate() = %v; want nil", err)
	}
}

func TestExponentialValidate(t *testing.T) {
	tests := []struct {
		name string
		e    backoff.Exponential
		want string // "" for valid
	}{
		{"zero value", backoff.Exponential{}, ""},
		{"default", backoff.Default, ""},
		{"negative Initial", backoff.Exponential{Initial: -1, Max: 1, Base: 2}, "Exponential.Initial is -1ns"},
		{"negative Max", backoff.Exponential{Max: -1, Base: 2}, "Exponential.Max is -1ns"},
		{"negative Jitter", backoff.Exponential{Jitter: -1, Base: 2}, "Exponential.Jitter is -1ns"},
		{"NaN Base", backoff.Exponential{Base: math.NaN()}, "Exponential.Base is NaN"},
		{"infinite Base", backoff.Exponential{Base: math.Inf(-1)}, "Exponential.Base is -Inf"},
		{"shrinking Base", backoff.Exponential{Base: 0.5}, "Exponential.Base is 0.5, which would shrink"},
		{"Max below Initial", backoff.Exponential{Initial: 2, Max: 1, Base: 2}, "Exponential.Max (1ns) is below Exponential.Initial (2ns)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.e.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate() = %v; want nil", err)
			case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)):
				t.Errorf("Validate() = %v; want an error starting %q", err, tt.want)
			}
		})
	}
}

func TestConstant(t *testing.T) {
	if got := backoff.Constant(time.Second).Delay(1_000_000, time.Hour); got != time.Second {
		t.Errorf("Constant(1s).Delay(...) = %v; want 1s", got)
	}
	if got := backoff.Constant(-time.Second).Delay(1, 0); got != 0 {
		t.Errorf("Constant(-1s).Delay(...) = %v; want 0", got)
	}
	if err := backoff.Constant(-1).Validate(); err == nil || !strings.HasPrefix(err.Error(), "Constant is -1ns") {
		t.Errorf("Constant(-1).Validate() = %v; want an error naming the value", err)
	}
	if err := backoff.Constant(0).Validate(); err != nil {
		t.Errorf("Constant(0).Validate() = %v; want nil", err)
	}
}

package backoff_test

import (
	"math"
	"math/big"
	"testing"
	"time"

	"github.com/stamina-go/retry/backoff"
)

// The fuzz tests below hold every strategy to the package's promise: for
// any fields, retry number and previous wait, Delay returns a wait that is
// neither negative nor above the strategy's cap, and does not panic; and
// when Validate accepts the fields, the wait is the one the strategy's
// formula gives.

const maxDur = time.Duration(math.MaxInt64)

// seeds are retry numbers and durations at the edges of their ranges.
var (
	seedRetries = []int{math.MinInt, -1, 0, 1, 2, 3, 64, 1_000_000, math.MaxInt}
	seedWaits   = []time.Duration{math.MinInt64, -1, 0, 1, time.Millisecond, time.Second, maxDur - 1, maxDur}
	seedBases   = []float64{0, 1, 1.5, 2, 10, 0.5, -2, math.NaN(), math.Inf(1), math.Inf(-1), math.MaxFloat64}
)

// checkBounds fails t if d is negative or above the cap limit (clamped at
// zero, as the strategies clamp it).
func checkBounds(t *testing.T, s backoff.Strategy, retry int, prev, d, limit time.Duration) {
	t.Helper()
	if d < 0 || d > max(limit, 0) {
		t.Fatalf("%+v.Delay(%d, %v) = %v; want within [0, %v]", s, retry, prev, d, max(limit, 0))
	}
}

func FuzzExponential(f *testing.F) {
	f.Add(int64(100*time.Millisecond), int64(5*time.Second), int64(time.Second), 10.0, 1_000_000)
	for _, r := range seedRetries {
		f.Add(int64(backoff.Default.Initial), int64(backoff.Default.Max), int64(backoff.Default.Jitter), 2.0, r)
	}
	for _, d := range seedWaits {
		f.Add(int64(d), int64(d), int64(d), 2.0, 5)
		f.Add(int64(1), int64(maxDur), int64(d), 2.0, 64)
	}
	for _, b := range seedBases {
		f.Add(int64(time.Second), int64(time.Minute), int64(0), b, 3)
	}
	f.Fuzz(func(t *testing.T, initial, maxWait, jitter int64, base float64, retry int) {
		e := backoff.Exponential{Initial: time.Duration(initial), Max: time.Duration(maxWait),
			Jitter: time.Duration(jitter), Base: base}
		d := e.Delay(retry, 0)
		checkBounds(t, e, retry, 0, d, e.Max)
		if e.Validate() != nil {
			return
		}

		// Without jitter, the wait is min(Max, Initial*Base^(retry-1)):
		// Initial at first, then never shrinking.
		steady := e
		steady.Jitter = 0
		c := steady.Delay(retry, 0)
		if first := steady.Delay(1, 0); !near(first, e.Initial) {
			t.Fatalf("%+v.Delay(1, 0) = %v; want Initial", steady, first)
		}
		if retry < math.MaxInt {
			if next := steady.Delay(retry+1, 0); next < c {
				t.Fatalf("%+v.Delay(%d, 0) = %v, below the wait of retry %d, %v", steady, retry+1, next, retry, c)
			}
		}
		// With jitter, the wait is within Jitter above that, and a wait
		// whose steady part reached Max is Max.
		hi := e.Max
		if e.Jitter < e.Max-c {
			hi = c + e.Jitter
		}
		if d < c || d > hi {
			t.Fatalf("%+v.Delay(%d, 0) = %v; want within [%v, %v]", e, retry, d, c, hi)
		}
		if c == e.Max && d != e.Max {
			t.Fatalf("%+v.Delay(%d, 0) = %v; want Max, which the wait without jitter reached", e, retry, d)
		}
	})
}

func FuzzConstant(f *testing.F) {
	for _, d := range seedWaits {
		for _, r := range seedRetries {
			f.Add(int64(d), r, int64(d))
		}
	}
	f.Fuzz(func(t *testing.T, wait int64, retry int, prev int64) {
		c := backoff.Constant(wait)
		d := c.Delay(retry, time.Duration(prev))
		if want := max(time.Duration(wait), 0); d != want {
			t.Fatalf("Constant(%v).Delay(%d, %v) = %v; want %v", time.Duration(wait), retry,
				time.Duration(prev), d, want)
		}
		if (c.Validate() == nil) != (wait >= 0) {
			t.Fatalf("Constant(%v).Validate() = %v; want an error exactly when negative",
				time.Duration(wait), c.Validate())
		}
	})
}

func FuzzLinear(f *testing.F) {
	f.Add(int64(time.Second), int64(time.Second), int64(time.Minute), 1_000_000)
	for _, r := range seedRetries {
		f.Add(int64(time.Second), int64(time.Second), int64(time.Hour), r)
	}
	for _, d := range seedWaits {
		f.Add(int64(d), int64(d), int64(d), 3)
		f.Add(int64(0), int64(d), int64(maxDur), math.MaxInt)
	}
	f.Fuzz(func(t *testing.T, initial, step, maxWait int64, retry int) {
		l := backoff.Linear{Initial: time.Duration(initial), Step: time.Duration(step), Max: time.Duration(maxWait)}
		d := l.Delay(retry, 0)
		checkBounds(t, l, retry, 0, d, l.Max)
		if l.Validate() != nil {
			return
		}

		// min(Max, Initial + Step*(retry-1)), in exact arithmetic.
		n := big.NewInt(int64(max(retry, 1) - 1))
		want := n.Mul(n, big.NewInt(step))
		want.Add(want, big.NewInt(initial))
		if want.Cmp(big.NewInt(maxWait)) > 0 {
			want.SetInt64(maxWait)
		}
		if d != time.Duration(want.Int64()) {
			t.Fatalf("%+v.Delay(%d, 0) = %v; want %v", l, retry, d, time.Duration(want.Int64()))
		}
	})
}

// addCeilingSeeds adds the seeds shared by the strategies whose waits are
// drawn under Exponential's growing ceiling.
func addCeilingSeeds(f *testing.F) {
	f.Add(int64(100*time.Millisecond), int64(5*time.Second), 10.0, 1_000_000)
	for _, r := range seedRetries {
		f.Add(int64(time.Second), int64(time.Minute), 2.0, r)
	}
	for _, d := range seedWaits {
		f.Add(int64(d), int64(d), 2.0, 3)
		f.Add(int64(1), int64(d), 10.0, math.MaxInt)
	}
	for _, b := range seedBases {
		f.Add(int64(time.Second), int64(time.Minute), b, 3)
		f.Add(int64(maxDur), int64(maxDur), b, 64)
	}
}

// near reports whether got is want up to the rounding of a float64, whose
// 53-bit mantissa cannot hold every duration above 2^53ns (104 days).
func near(got, want time.Duration) bool {
	diff := got - want
	if diff < 0 {
		diff = -diff
	}
	return diff <= want>>52
}

// ceilingOf returns min(Max, Initial*Base^(retry-1)) for valid fields, as
// an Exponential without jitter computes it.
func ceilingOf(initial, maxWait time.Duration, base float64, retry int) time.Duration {
	return backoff.Exponential{Initial: initial, Max: maxWait, Base: base}.Delay(retry, 0)
}

func FuzzFullJitter(f *testing.F) {
	addCeilingSeeds(f)
	f.Fuzz(func(t *testing.T, initial, maxWait int64, base float64, retry int) {
		s := backoff.FullJitter{Initial: time.Duration(initial), Max: time.Duration(maxWait), Base: base}
		d := s.Delay(retry, 0)
		checkBounds(t, s, retry, 0, d, s.Max)
		if s.Validate() != nil {
			return
		}
		if c := ceilingOf(s.Initial, s.Max, s.Base, retry); d > c {
			t.Fatalf("%+v.Delay(%d, 0) = %v; want within [0, %v]", s, retry, d, c)
		}
	})
}

func FuzzEqualJitter(f *testing.F) {
	addCeilingSeeds(f)
	f.Fuzz(func(t *testing.T, initial, maxWait int64, base float64, retry int) {
		s := backoff.EqualJitter{Initial: time.Duration(initial), Max: time.Duration(maxWait), Base: base}
		d := s.Delay(retry, 0)
		checkBounds(t, s, retry, 0, d, s.Max)
		if s.Validate() != nil {
			return
		}
		if c := ceilingOf(s.Initial, s.Max, s.Base, retry); d < c-c/2 || d > c {
			t.Fatalf("%+v.Delay(%d, 0) = %v; want within [%v, %v]", s, retry, d, c-c/2, c)
		}
	})
}

func FuzzDecorrelatedJitter(f *testing.F) {
	for _, d := range seedWaits {
		f.Add(int64(time.Second), int64(time.Minute), int64(d), 2)
		f.Add(int64(d), int64(d), int64(d), 1)
		f.Add(int64(1), int64(maxDur), int64(d), math.MaxInt)
	}
	for _, r := range seedRetries {
		f.Add(int64(time.Second), int64(time.Minute), int64(time.Second), r)
	}
	f.Fuzz(func(t *testing.T, initial, maxWait, prev int64, retry int) {
		s := backoff.DecorrelatedJitter{Initial: time.Duration(initial), Max: time.Duration(maxWait)}
		p := time.Duration(prev)
		d := s.Delay(retry, p)
		checkBounds(t, s, retry, p, d, s.Max)
		if s.Validate() != nil {
			return
		}

		// min(Max, U[Initial, 3*max(prev, Initial)]), in exact arithmetic.
		hi := big.NewInt(max(prev, initial))
		hi.Mul(hi, big.NewInt(3))
		if hi.Cmp(big.NewInt(maxWait)) > 0 {
			hi.SetInt64(maxWait)
		}
		if d < s.Initial || d > time.Duration(hi.Int64()) {
			t.Fatalf("%+v.Delay(%d, %v) = %v; want within [%v, %v]", s, retry, p, d, s.Initial,
				time.Duration(hi.Int64()))
		}
	})
}

func TestHugeRetryWaitsMax(t *testing.T) {
	const limit = 5 * time.Second
	tests := []struct {
		name string
		s    backoff.Strategy
		min  time.Duration
	}{
		{"Exponential", backoff.Exponential{Initial: 100 * time.Millisecond, Max: limit, Jitter: time.Second, Base: 10}, limit},
		{"Linear", backoff.Linear{Initial: 100 * time.Millisecond, Step: time.Second, Max: limit}, limit},
		{"FullJitter", backoff.FullJitter{Initial: 100 * time.Millisecond, Max: limit, Base: 10}, 0},
		{"EqualJitter", backoff.EqualJitter{Initial: 100 * time.Millisecond, Max: limit, Base: 10}, limit / 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := tt.s.Delay(1_000_000, 0); d < tt.min || d > limit {
				t.Errorf("%+v.Delay(1_000_000, 0) = %v; want within [%v, %v]", tt.s, d, tt.min, limit)
			}
		})
	}
}

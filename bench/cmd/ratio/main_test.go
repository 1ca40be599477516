package main

import (
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		full, name, lib string
		ok              bool
		reason          string
	}{
		{"BenchmarkFirstTry/lib=retry-2", "FirstTry", "retry", true, ""},
		{"BenchmarkFirstTry/lib=retry-do-8", "FirstTry", "retry-do", true,
			"only a numeric suffix is GOMAXPROCS"},
		{"BenchmarkFirstTry/lib=retry-do", "FirstTry", "retry-do", true,
			"GOMAXPROCS=1 adds no suffix"},
		{"BenchmarkThirdTryHooks/hooks=off/lib=retry-2", "ThirdTryHooks/hooks=off", "retry", true, ""},
		{"BenchmarkOther-2", "Other", "", false, "no lib key"},
	}
	for _, tt := range tests {
		name, lib, ok := split(tt.full)
		if name != tt.name || lib != tt.lib || ok != tt.ok {
			t.Errorf("split(%q) = %q, %q, %v; want %q, %q, %v %s",
				tt.full, name, lib, ok, tt.name, tt.lib, tt.ok, tt.reason)
		}
	}
}

func TestParse(t *testing.T) {
	const out = `goos: linux
BenchmarkFirstTry/lib=retry-2   	 100	  10.0 ns/op	 0 B/op	 0 allocs/op
BenchmarkFirstTry/lib=retry-2   	 100	  30.0 ns/op	 0 B/op	 0 allocs/op
BenchmarkFirstTry/lib=avast-2   	 100	  40.0 ns/op	 0 B/op	 0 allocs/op
BenchmarkFirstTry/lib=cenkalti-2	 100	  50.0 ns/op	 8 B/op	 1 allocs/op
BenchmarkFirstTry/lib=plain-2   	 100	   1.0 ns/op	 0 B/op	 0 allocs/op
PASS
`
	benches, order, err := parse(strings.NewReader(out))
	if err != nil {
		t.Fatalf("parse(...) = %v; want no error", err)
	}
	if len(order) != 1 || order[0] != "FirstTry" {
		t.Fatalf("parse(...) names = %q; want [FirstTry]", order)
	}
	libs := benches["FirstTry"]
	if got := median(libs["retry"].ns); got != 20 {
		t.Errorf("median of retry's ns/op = %g; want 20", got)
	}
	if got, ok := fastestPeer(libs); got != "avast" || !ok {
		t.Errorf("fastestPeer(...) = %q, %v; want avast, true, as plain is no peer", got, ok)
	}

	if _, _, err := parse(strings.NewReader("BenchmarkX/lib=a-2 1 2.0 ns/op\n")); err == nil {
		t.Errorf("parse(a line without allocs/op) = nil error; want one asking for -benchmem")
	}
}

func TestVerdict(t *testing.T) {
	tests := []struct {
		name   string
		allocs float64
		ratio  float64
		want   string
	}{
		{"FirstTry", 0, 1.3, "met"},
		{"FirstTry", 1, 2, "NOT MET: allocs > 0"},
		{"ThirdTry", 3, 1.0, "NOT MET: allocs > 2, faster by < 1.3x"},
		{"FirstTryParallel", 9, 0.1, ""},
	}
	for _, tt := range tests {
		if got := verdict(tt.name, tt.allocs, tt.ratio); got != tt.want {
			t.Errorf("verdict(%q, %g, %g) = %q; want %q", tt.name, tt.allocs, tt.ratio, got, tt.want)
		}
	}
}

// FuzzParse checks that no input, however garbled, makes parse panic, and
// that every benchmark it returns has samples.
func FuzzParse(f *testing.F) {
	f.Add("BenchmarkFirstTry/lib=retry-2 100 10.0 ns/op 0 B/op 0 allocs/op\n")
	f.Add("BenchmarkA/lib= 1 x ns/op\n")
	f.Add("Benchmark/lib=-/-1 1 1 allocs/op 1 ns/op\n")
	f.Fuzz(func(t *testing.T, in string) {
		benches, order, err := parse(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, name := range order {
			for lib, s := range benches[name] {
				if len(s.ns) == 0 || len(s.ns) != len(s.allocs) {
					t.Errorf("parse(%q): %s/%s has %d times and %d allocs",
						in, name, lib, len(s.ns), len(s.allocs))
				}
			}
		}
	})
}

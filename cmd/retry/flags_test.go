package main

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
)

func TestParseArgs(t *testing.T) {
	t.Parallel()
	def := newConfig()
	def.argv, def.name = []string{"curl", "-fsS", "https://example.test"}, "curl"

	tests := []struct {
		name   string
		args   []string
		want   func(c *config) // applied to def, a copy
		reason string
	}{
		{name: "defaults", args: nil, want: func(*config) {}},
		{name: "attempts", args: []string{"-attempts", "5"}, want: func(c *config) { c.attempts = 5 }},
		{name: "unlimited attempts", args: []string{"-attempts", "unlimited"},
			want: func(c *config) { c.attempts = retry.Unlimited }},
		{name: "timeout", args: []string{"-timeout", "2m"}, want: func(c *config) { c.timeout = 2 * time.Minute }},
		{name: "unlimited timeout", args: []string{"-timeout", "-1"},
			want: func(c *config) { c.timeout = retry.Unlimited }},
		{name: "attempt timeout", args: []string{"-attempt-timeout", "3s"},
			want: func(c *config) { c.attemptTimeout = 3 * time.Second }},
		{name: "backoff", args: []string{"-initial", "1s", "-max", "1m", "-jitter", "0", "-base", "3"},
			want: func(c *config) {
				c.backoff = backoff.Exponential{Initial: time.Second, Max: time.Minute, Base: 3}
			}},
		{name: "codes", args: []string{"-on", "75", "-codes", "1-3"},
			want: func(c *config) { c.codes.Set("1-3,75") }, reason: "both flags add to one set"},
		{name: "name", args: []string{"-name", "fetch"}, want: func(c *config) { c.name = "fetch" }},
		{name: "log", args: []string{"-log", "json", "-q"},
			want: func(c *config) { c.log, c.quiet = "json", true }},
		{name: "kill after", args: []string{"-kill-after", "0"}, want: func(c *config) { c.killAfter = 0 }},
		{name: "name from a path", args: []string{"--", "/usr/bin/curl", "-fsS", "https://example.test"},
			want: func(c *config) { c.argv[0], c.name = "/usr/bin/curl", "curl" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := tt.args
			if len(args) == 0 || args[len(args)-1] != "https://example.test" {
				args = append(append([]string(nil), args...), "curl", "-fsS", "https://example.test")
			}
			got, err := parseArgs(args)
			if err != nil {
				t.Fatalf("parseArgs(%q) error: %v", args, err)
			}
			want := *def
			want.argv = append([]string(nil), def.argv...)
			tt.want(&want)
			if !equalConfig(got, &want) {
				t.Errorf("parseArgs(%q) = %+v; want %+v (%s)", args, *got, want, tt.reason)
			}
		})
	}
}

func equalConfig(a, b *config) bool {
	return a.attempts == b.attempts && a.timeout == b.timeout &&
		a.attemptTimeout == b.attemptTimeout && a.backoff == b.backoff &&
		a.codes == b.codes && a.name == b.name && a.log == b.log && a.quiet == b.quiet &&
		a.killAfter == b.killAfter && strings.Join(a.argv, "\x00") == strings.Join(b.argv, "\x00")
}

func TestParseArgsErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{nil, "no command to run"},
		{[]string{"-q"}, "no command to run"},
		{[]string{"-attempts", "x", "true"}, "not a whole number"},
		{[]string{"-attempts", "-2", "true"}, "invalid policy (-attempts, -timeout, -attempt-timeout): Attempts is -2"},
		{[]string{"-timeout", "-2s", "true"}, "Timeout is -2s"},
		{[]string{"-attempt-timeout", "unlimited", "true"}, "not a duration"},
		{[]string{"-max", "1ms", "true"}, "invalid backoff (-initial, -max, -jitter, -base): Exponential.Max"},
		{[]string{"-base", "NaN", "true"}, "Exponential.Base"},
		{[]string{"-jitter", "-1s", "true"}, "Exponential.Jitter"},
		{[]string{"-log", "yaml", "true"}, `-log is "yaml"`},
		{[]string{"-on", "", "true"}, "empty list"},
	}
	for _, tt := range tests {
		_, err := parseArgs(tt.args)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("parseArgs(%q) error = %v; want one line with %q", tt.args, err, tt.want)
		}
	}
	if _, err := parseArgs([]string{"-h"}); !errors.Is(err, errHelp) {
		t.Errorf("parseArgs(-h) error = %v; want errHelp", err)
	}
}

func TestCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		set    []string // values given to Set in turn
		want   string   // String
		in     []int
		out    []int
		reason string
	}{
		{set: nil, want: "any", in: []int{1, 2, 75, 255}, out: []int{0, -1, 256}},
		{set: []string{"1,75"}, want: "1,75", in: []int{1, 75}, out: []int{0, 2, 74, 76}},
		{set: []string{"75", "1"}, want: "1,75", in: []int{1, 75}, out: []int{2}, reason: "Set adds"},
		{set: []string{" 3 , 1-2 ,5"}, want: "1-3,5", in: []int{1, 2, 3, 5}, out: []int{4, 6}},
		{set: []string{"128-255"}, want: "128-255", in: []int{128, 143, 255}, out: []int{127}},
		{set: []string{"1", "any"}, want: "any", in: []int{1, 2}, reason: "any resets the set"},
		{set: []string{"7-7"}, want: "7", in: []int{7}, out: []int{6, 8}},
	}
	for _, tt := range tests {
		var c codes
		for _, s := range tt.set {
			if err := c.Set(s); err != nil {
				t.Fatalf("Set(%q) error: %v", s, err)
			}
		}
		if got := c.String(); got != tt.want {
			t.Errorf("after Set %q, String() = %q; want %q (%s)", tt.set, got, tt.want, tt.reason)
		}
		for _, n := range tt.in {
			if !c.match(n) {
				t.Errorf("after Set %q, match(%d) = false; want true (%s)", tt.set, n, tt.reason)
			}
		}
		for _, n := range tt.out {
			if c.match(n) {
				t.Errorf("after Set %q, match(%d) = true; want false (%s)", tt.set, n, tt.reason)
			}
		}
	}
}

func TestCodesErrors(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "0", "0-5", "256", "-1", "1-", "-", "5-3", "1,,2", "x", "1;2", "any,1"} {
		var c codes
		if err := c.Set(s); err == nil {
			t.Errorf("Set(%q) = nil, leaving %v; want an error", s, c.String())
		}
	}
}

func FuzzCodes(f *testing.F) {
	for _, s := range []string{"1,75", "1-125", "any", "128-255,3", "0", "5-3", " 1 ", "255"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var c codes
		if c.Set(s) != nil {
			return
		}
		if c.match(0) {
			t.Errorf("after Set(%q), match(0) = true; success is never retried", s)
		}
		var again codes
		if err := again.Set(c.String()); err != nil || again != c {
			t.Errorf("Set(%q).String() = %q, which Set reads as %q, %v", s, c.String(), again.String(), err)
		}
	})
}

func FuzzParseArgs(f *testing.F) {
	f.Add("-attempts", "5")
	f.Add("-timeout", "unlimited")
	f.Add("-on", "1-3,75")
	f.Add("-base", "1e308")
	f.Add("-initial", "-1ns")
	f.Fuzz(func(t *testing.T, flag, value string) {
		c, err := parseArgs([]string{flag, value, "--", "true"})
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("parseArgs(%q, %q) error has several lines: %q", flag, value, err)
			}
			return
		}
		// What parses must run: Attempts panics on an invalid policy.
		if err := c.policy(retry.OnAny).Validate(); err != nil {
			t.Errorf("parseArgs(%q, %q) accepted an invalid policy: %v", flag, value, err)
		}
	})
}

func TestTotalOnlyWhenGiven(t *testing.T) {
	tests := []struct {
		args   []string
		want   time.Duration
		reason string
	}{
		{[]string{"true"}, 0, "the default budget must not stop a running command"},
		{[]string{"-timeout", "10s", "true"}, 10 * time.Second, ""},
		{[]string{"-timeout", "0", "true"}, retry.DefaultTimeout, "0 given means the default, stopping included"},
		{[]string{"-timeout", "unlimited", "true"}, 0, ""},
	}
	for _, tt := range tests {
		c, err := parseArgs(tt.args)
		if err != nil {
			t.Fatalf("parseArgs(%q) = %v", tt.args, err)
		}
		if got := c.total(); got != tt.want {
			t.Errorf("parseArgs(%q).total() = %v; want %v %s", tt.args, got, tt.want, tt.reason)
		}
	}
}

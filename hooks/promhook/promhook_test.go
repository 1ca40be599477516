package promhook_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
	"github.com/stamina-go/retry/hooks/promhook"
)

var (
	errBusy  = errors.New("busy")
	errFatal = errors.New("fatal")
)

func TestMain(m *testing.M) {
	// The loops here would otherwise log their retries to stderr through
	// the default hook.
	retry.SetHooks()
	os.Exit(m.Run())
}

// newHook returns a hook with options o, registered with a new registry,
// which it also returns.
func newHook(t testing.TB, o promhook.Options) (*promhook.Hook, *prometheus.Registry) {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	o.Registerer = reg
	h, err := promhook.New(o)
	if err != nil {
		t.Fatalf("New(%+v) = %v", o, err)
	}
	return h, reg
}

// counts returns the values of the counters reg holds, keyed by series,
// as in `retry_giveups_total{name="fetch",reason="exhausted"}`.
func counts(t *testing.T, reg prometheus.Gatherer) map[string]float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatalf("Gather() = %v", err)
	}
	m := map[string]float64{}
	for _, mf := range mfs {
		for _, s := range mf.GetMetric() {
			var labels []string
			for _, l := range s.GetLabel() {
				labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
			}
			m[mf.GetName()+"{"+strings.Join(labels, ",")+"}"] = s.GetCounter().GetValue()
		}
	}
	return m
}

// diff describes how got differs from want, or returns "".
func diff(want, got map[string]float64) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[k]; !ok || g != want[k] {
			fmt.Fprintf(&b, "-%s %v\n", k, want[k])
			if ok {
				fmt.Fprintf(&b, "+%s %v\n", k, g)
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[k]; !ok {
			fmt.Fprintf(&b, "+%s %v\n", k, got[k])
		}
	}
	return b.String()
}

// failing returns a function that fails with errs in turn, then succeeds.
func failing(errs ...error) func(context.Context) error {
	return func(context.Context) error {
		if len(errs) == 0 {
			return nil
		}
		err := errs[0]
		errs = errs[1:]
		return err
	}
}

// quick is a policy that retries errBusy with no waits.
var quick = retry.Policy{On: retry.OnErrors(errBusy), Backoff: backoff.Constant(0)}

func TestCounts(t *testing.T) {
	pathErr := fmt.Errorf("open config: %w: %w", &fs.PathError{Op: "open", Err: errBusy}, errBusy)
	canceled, cancel := context.WithCancel(context.Background())
	cancel()

	tests := []struct {
		name   string
		ctx    context.Context // nil: context.Background()
		p      retry.Policy    // quick, with these fields set where not zero
		fn     func(context.Context) error
		want   map[string]float64
		reason string
	}{{
		name: "success",
		fn:   failing(),
		want: map[string]float64{},
	}, {
		name: "retried, then success",
		p:    retry.Policy{Name: "fetch"},
		fn:   failing(errBusy, pathErr),
		want: map[string]float64{
			`retry_retries_total{error="*errors.errorString",name="fetch",retry="1"}`: 1,
			`retry_retries_total{error="*fs.PathError",name="fetch",retry="2"}`:       1,
		},
		reason: "the error label looks through the wrappers of fmt.Errorf",
	}, {
		name: "exhausted",
		p:    retry.Policy{Attempts: 3},
		fn:   failing(errBusy, errBusy, errBusy),
		want: map[string]float64{
			`retry_retries_total{error="*errors.errorString",name="",retry="1"}`: 1,
			`retry_retries_total{error="*errors.errorString",name="",retry="2"}`: 1,
			`retry_giveups_total{name="",reason="exhausted"}`:                    1,
		},
	}, {
		name: "not retryable",
		p:    retry.Policy{Name: "fetch"},
		fn:   failing(errBusy, errFatal),
		want: map[string]float64{
			`retry_retries_total{error="*errors.errorString",name="fetch",retry="1"}`: 1,
			`retry_giveups_total{name="fetch",reason="not_retryable"}`:                1,
		},
	}, {
		name: "not retryable at once",
		fn:   failing(errFatal),
		want: map[string]float64{
			`retry_giveups_total{name="",reason="not_retryable"}`: 1,
		},
		reason: "every loop that ends on a failure counts, retried or not",
	}, {
		name: "timeout",
		p:    retry.Policy{Timeout: time.Second, Backoff: backoff.Constant(time.Hour)},
		fn:   failing(errBusy),
		want: map[string]float64{
			`retry_giveups_total{name="",reason="timeout"}`: 1,
		},
		reason: "a wait past the deadline is never started",
	}, {
		name: "canceled",
		ctx:  canceled,
		fn:   failing(errBusy),
		want: map[string]float64{
			`retry_giveups_total{name="",reason="canceled"}`: 1,
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, reg := newHook(t, promhook.Options{})
			p := quick
			p.Name, p.Attempts, p.Timeout = tt.p.Name, tt.p.Attempts, tt.p.Timeout
			if tt.p.Backoff != nil {
				p.Backoff = tt.p.Backoff
			}
			p.Hooks = []retry.Hook{h}
			ctx := tt.ctx
			if ctx == nil {
				ctx = context.Background()
			}

			_ = retry.Do(ctx, p, tt.fn)
			if d := diff(tt.want, counts(t, reg)); d != "" {
				t.Errorf("counters after Do (-want +got):\n%s%s", d, tt.reason)
			}
		})
	}
}

// TestRetryLabels checks that the retry label takes a bounded number of
// values, even in a loop with unlimited attempts.
func TestRetryLabels(t *testing.T) {
	// Testing mode makes the hour-long waits zero, and stops the unlimited
	// loop after 25 attempts: 24 retries.
	defer retry.SetTesting(true, retry.TestingAttempts(25))()
	p := retry.Policy{
		On:       retry.OnAny,
		Attempts: retry.Unlimited,
		Timeout:  retry.Unlimited,
		Backoff:  backoff.Constant(time.Hour),
	}
	const series = `retry_retries_total{error="*errors.errorString",name="",retry="%s"}`

	tests := []struct {
		labels int
		want   map[string]float64
	}{{
		labels: 0,
		want: map[string]float64{
			fmt.Sprintf(series, "1"): 1, fmt.Sprintf(series, "2"): 1,
			fmt.Sprintf(series, "3"): 1, fmt.Sprintf(series, "4"): 1,
			fmt.Sprintf(series, "5"): 1, fmt.Sprintf(series, "6"): 1,
			fmt.Sprintf(series, "7"): 1, fmt.Sprintf(series, "8"): 1,
			fmt.Sprintf(series, "9"): 1, fmt.Sprintf(series, "10+"): 15,
		},
	}, {
		labels: 1,
		want:   map[string]float64{fmt.Sprintf(series, "1+"): 24},
	}, {
		labels: 3,
		want: map[string]float64{
			fmt.Sprintf(series, "1"): 1, fmt.Sprintf(series, "2"): 1,
			fmt.Sprintf(series, "3+"): 22,
		},
	}, {
		labels: 100,
		want: func() map[string]float64 {
			m := map[string]float64{}
			for i := 1; i <= 24; i++ {
				m[fmt.Sprintf(series, fmt.Sprint(i))] = 1
			}
			return m
		}(),
	}}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.labels), func(t *testing.T) {
			h, reg := newHook(t, promhook.Options{RetryLabels: tt.labels})
			p := p
			p.Hooks = []retry.Hook{h}
			err := retry.Do(context.Background(), p, func(context.Context) error { return errBusy })
			if err != errBusy {
				t.Fatalf("Do(...) = %v; want %v", err, errBusy)
			}
			got := counts(t, reg)
			delete(got, `retry_giveups_total{name="",reason="exhausted"}`)
			if d := diff(tt.want, got); d != "" {
				t.Errorf("RetryLabels %d: retries (-want +got):\n%s", tt.labels, d)
			}
		})
	}
}

func TestOptions(t *testing.T) {
	h, reg := newHook(t, promhook.Options{
		Namespace: "myapp",
		ErrorLabel: func(err error) string {
			if errors.Is(err, errBusy) {
				return "busy"
			}
			return "other"
		},
	})
	p := quick
	p.Hooks = []retry.Hook{h}
	_ = retry.Do(context.Background(), p, failing(errBusy, fmt.Errorf("again: %w", errBusy), errFatal))

	want := map[string]float64{
		`myapp_retries_total{error="busy",name="",retry="1"}`: 1,
		`myapp_retries_total{error="busy",name="",retry="2"}`: 1,
		`myapp_giveups_total{name="",reason="not_retryable"}`: 1,
	}
	if d := diff(want, counts(t, reg)); d != "" {
		t.Errorf("counters (-want +got):\n%s", d)
	}
}

// TestNewTwice checks that hooks made for the same registry share its
// counters instead of failing to register.
func TestNewTwice(t *testing.T) {
	h1, reg := newHook(t, promhook.Options{})
	h2, err := promhook.New(promhook.Options{Registerer: reg})
	if err != nil {
		t.Fatalf("second New(...) = %v; want nil", err)
	}
	e := retry.Event{Kind: retry.Scheduled, Name: "fetch", Attempts: 1, Err: errBusy}
	h1.Observe(context.Background(), e)
	h2.Observe(context.Background(), e)

	want := map[string]float64{
		`retry_retries_total{error="*errors.errorString",name="fetch",retry="1"}`: 2,
	}
	if d := diff(want, counts(t, reg)); d != "" {
		t.Errorf("counters (-want +got):\n%s", d)
	}
}

func TestNewDefaultRegisterer(t *testing.T) {
	reg := prometheus.NewRegistry()
	defer func(r prometheus.Registerer) { prometheus.DefaultRegisterer = r }(prometheus.DefaultRegisterer)
	prometheus.DefaultRegisterer = reg

	h, err := promhook.New(promhook.Options{})
	if err != nil {
		t.Fatalf("New(Options{}) = %v", err)
	}
	h.Observe(context.Background(), retry.Event{Kind: retry.GaveUp, Attempts: 1, Err: errBusy, Reason: retry.Timeout})
	want := map[string]float64{`retry_giveups_total{name="",reason="timeout"}`: 1}
	if d := diff(want, counts(t, reg)); d != "" {
		t.Errorf("counters of the default registry (-want +got):\n%s", d)
	}
}

// TestUnknownReason checks that a reason this package does not know of
// still counts, under "other".
func TestUnknownReason(t *testing.T) {
	h, reg := newHook(t, promhook.Options{})
	h.Observe(context.Background(), retry.Event{Kind: retry.GaveUp, Attempts: 1, Err: errBusy, Reason: 99})
	want := map[string]float64{`retry_giveups_total{name="",reason="other"}`: 1}
	if d := diff(want, counts(t, reg)); d != "" {
		t.Errorf("counters (-want +got):\n%s", d)
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name     string
		o        promhook.Options
		conflict prometheus.Collector // registered before New
		want     string               // in the error
	}{{
		name: "negative RetryLabels",
		o:    promhook.Options{RetryLabels: -1},
		want: "RetryLabels is -1",
	}, {
		name: "invalid namespace",
		o:    promhook.Options{Namespace: "\xff"},
		want: "registering the retry counters",
	}, {
		name: "retries with other labels",
		conflict: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "retry_retries_total", Help: "Retries.",
		}, []string{"name"}),
		want: "registering the retry counters",
	}, {
		name: "give-ups with other labels",
		conflict: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "retry_giveups_total", Help: "Give-ups.",
		}, []string{"name"}),
		want: "registering the retry counters",
	}, {
		name: "retries as a gauge",
		conflict: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "retry_retries_total",
			Help: "Retries scheduled by retry loops, by policy name, retry number and error type.",
		}, []string{"name", "retry", "error"}),
		want: "registering the retry counters",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := prometheus.NewRegistry()
			if tt.conflict != nil {
				reg.MustRegister(tt.conflict)
			}
			tt.o.Registerer = reg
			h, err := promhook.New(tt.o)
			if err == nil || !strings.HasPrefix(err.Error(), "promhook: ") ||
				!strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New(...) = %v, %v; want an error with %q", h, err, tt.want)
			}

			// Whatever New registered, it took back: the registry holds
			// only the conflicting collector.
			if tt.conflict != nil && !reg.Unregister(tt.conflict) {
				t.Errorf("the conflicting collector is no longer registered")
			}
			if n := registered(reg); n != 0 {
				t.Errorf("after New failed, the registry holds %d other collectors; want 0", n)
			}
		})
	}
}

// registered unregisters from reg the counters that New registers, and
// returns how many of them it held. A collector is unregistered by any
// other with the same descriptors, so the copies here, with New's
// options, do it.
func registered(reg *prometheus.Registry) int {
	n := 0
	for _, c := range []prometheus.Collector{
		prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "retry_retries_total",
			Help: "Retries scheduled by retry loops, by policy name, retry number and error type.",
		}, []string{"name", "retry", "error"}),
		prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "retry_giveups_total",
			Help: "Retry loops that ended on a failed attempt, by policy name and reason.",
		}, []string{"name", "reason"}),
	} {
		if reg.Unregister(c) {
			n++
		}
	}
	return n
}

func TestConcurrent(t *testing.T) {
	h, reg := newHook(t, promhook.Options{})
	p := quick
	p.Attempts = 3
	p.Hooks = []retry.Hook{h}

	const loops = 8
	var wg sync.WaitGroup
	for range loops {
		wg.Go(func() { _ = retry.Do(context.Background(), p, failing(errBusy, errBusy, errBusy)) })
	}
	wg.Wait()

	want := map[string]float64{
		`retry_retries_total{error="*errors.errorString",name="",retry="1"}`: loops,
		`retry_retries_total{error="*errors.errorString",name="",retry="2"}`: loops,
		`retry_giveups_total{name="",reason="exhausted"}`:                    loops,
	}
	if d := diff(want, counts(t, reg)); d != "" {
		t.Errorf("counters (-want +got):\n%s", d)
	}
	if problems, err := testutil.GatherAndLint(reg); err != nil || len(problems) > 0 {
		t.Errorf("GatherAndLint(...) = %v, %v; want no problems", problems, err)
	}
}

func BenchmarkObserve(b *testing.B) {
	h, _ := newHook(b, promhook.Options{})
	ctx := context.Background()
	e := retry.Event{Kind: retry.Scheduled, Name: "fetch", Attempts: 3, Err: fmt.Errorf("get: %w", errBusy)}
	b.ReportAllocs()
	for b.Loop() {
		h.Observe(ctx, e)
	}
}

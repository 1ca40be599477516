package promhook

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stamina-go/retry"
)

// Options configures [New]. The zero value is ready to use: metrics named
// retry_retries_total and retry_giveups_total, registered with
// [prometheus.DefaultRegisterer].
type Options struct {
	// Namespace is the first part of the metrics' names, which are
	// Namespace_retries_total and Namespace_giveups_total.
	// Empty means "retry".
	Namespace string

	// Registerer is where the counters are registered. Nil means
	// [prometheus.DefaultRegisterer].
	Registerer prometheus.Registerer

	// RetryLabels is the number of values the retry label takes: retries
	// 1 to RetryLabels-1 each have their own, and every later retry
	// counts under "RetryLabels+". Zero means 10, so that the retries of
	// the default policy, which makes at most 10 attempts, each have their
	// own value, and later ones count under "10+".
	RetryLabels int

	// ErrorLabel returns the value of the error label for the error that
	// caused a retry. It must be safe for concurrent use and return one of
	// a bounded set of values. Nil means [ErrorType].
	ErrorLabel func(error) string
}

// DefaultRetryLabels is the number of values of the retry label when
// [Options.RetryLabels] is zero.
const DefaultRetryLabels = 10

// A Hook is a [retry.Hook] that counts the retries loops schedule, and the
// loops that give up, in the counters that [New] registered.
// It ignores the ends of waits. A Hook is safe for concurrent use.
type Hook struct {
	retries    *prometheus.CounterVec
	giveUps    *prometheus.CounterVec
	retryCap   int    // retries from retryCap on share capLabel
	capLabel   string // strconv.Itoa(retryCap) + "+"
	errorLabel func(error) string
}

// New registers the retry counters with o.Registerer and returns a hook
// that keeps them.
//
// If the registry already holds the counters, as when New is called twice
// with the same namespace and registry, New uses the counters there: the
// hooks it returns count into the same series, so install only one of
// them per loop, lest every retry count twice. New returns an error if o
// is invalid, or if the registry holds other metrics under those names.
func New(o Options) (*Hook, error) {
	if o.RetryLabels < 0 {
		return nil, fmt.Errorf("promhook: RetryLabels is %d; use a positive count, "+
			"or 0 for the default (%d)", o.RetryLabels, DefaultRetryLabels)
	}
	ns := o.Namespace
	if ns == "" {
		ns = "retry"
	}
	reg := o.Registerer
	if reg == nil {
		reg = prometheus.DefaultRegisterer
	}
	h := &Hook{retryCap: o.RetryLabels, errorLabel: o.ErrorLabel}
	if h.retryCap == 0 {
		h.retryCap = DefaultRetryLabels
	}
	h.capLabel = strconv.Itoa(h.retryCap) + "+"
	if h.errorLabel == nil {
		h.errorLabel = ErrorType
	}

	retries := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: ns,
		Name:      "retries_total",
		Help:      "Retries scheduled by retry loops, by policy name, retry number and error type.",
	}, []string{"name", "retry", "error"})
	giveUps := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: ns,
		Name:      "giveups_total",
		Help:      "Retry loops that ended on a failed attempt, by policy name and reason.",
	}, []string{"name", "reason"})

	var (
		err   error
		added bool
	)
	if h.retries, added, err = register(reg, retries); err != nil {
		return nil, err
	}
	if h.giveUps, _, err = register(reg, giveUps); err != nil {
		if added {
			reg.Unregister(h.retries) // leave the registry as it was
		}
		return nil, err
	}
	return h, nil
}

// register registers c with reg, or finds the collector reg already holds
// in its place. It reports whether it added c.
func register(reg prometheus.Registerer, c *prometheus.CounterVec) (*prometheus.CounterVec, bool, error) {
	err := reg.Register(c)
	if err == nil {
		return c, true, nil
	}
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(*prometheus.CounterVec); ok {
			return existing, false, nil
		}
	}
	return nil, false, fmt.Errorf("promhook: registering the retry counters: %w", err)
}

// Observe counts e if it is a scheduled retry or a give-up.
func (h *Hook) Observe(_ context.Context, e retry.Event) {
	switch e.Kind {
	case retry.Scheduled:
		h.retries.WithLabelValues(e.Name, h.retryLabel(e.Retry()), h.errorLabel(e.Err)).Inc()
	case retry.GaveUp:
		h.giveUps.WithLabelValues(e.Name, reasonLabel(e.Reason)).Inc()
	}
}

func (h *Hook) retryLabel(n int) string {
	if n >= h.retryCap {
		return h.capLabel
	}
	return strconv.Itoa(n)
}

func reasonLabel(r retry.Reason) string {
	switch r {
	case retry.NotRetryable:
		return "not_retryable"
	case retry.Exhausted:
		return "exhausted"
	case retry.Timeout:
		return "timeout"
	case retry.Canceled:
		return "canceled"
	}
	return "other"
}

package promhook_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
	"github.com/stamina-go/retry"
	"github.com/stamina-go/retry/backoff"
	"github.com/stamina-go/retry/hooks/promhook"
)

func ExampleNew() {
	// Most programs leave Registerer nil, for the default registry.
	reg := prometheus.NewRegistry()
	h, err := promhook.New(promhook.Options{Registerer: reg})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Count every loop's retries. Programs usually keep the default hook
	// too, to log them: retry.SetHooks(append(retry.DefaultHooks(), h)...)
	defer retry.SetHooks(h)()

	errBusy := errors.New("busy")
	p := retry.Policy{
		On:       retry.OnErrors(errBusy),
		Attempts: 3,
		Backoff:  backoff.Constant(0), // no waits, to keep the example quick
		Name:     "fetch",
	}
	_ = retry.Do(context.Background(), p, func(context.Context) error {
		return fmt.Errorf("get /items: %w", errBusy)
	})

	mfs, _ := reg.Gather()
	for _, mf := range mfs {
		expfmt.MetricFamilyToText(os.Stdout, mf)
	}
	// Output:
	// # HELP retry_giveups_total Retry loops that ended on a failed attempt, by policy name and reason.
	// # TYPE retry_giveups_total counter
	// retry_giveups_total{name="fetch",reason="exhausted"} 1
	// # HELP retry_retries_total Retries scheduled by retry loops, by policy name, retry number and error type.
	// # TYPE retry_retries_total counter
	// retry_retries_total{error="*errors.errorString",name="fetch",retry="1"} 1
	// retry_retries_total{error="*errors.errorString",name="fetch",retry="2"} 1
}

// Command cancel measures how soon each retry library returns once the
// context of a loop that is waiting to retry is cancelled.
//
// For each library in package bench it starts, runs times over, a loop
// whose work always fails and whose wait between attempts is an hour;
// once the work has failed and the loop has had time to start its wait,
// it cancels the context, and measures the time from the cancel call to
// the loop's return. It prints, for each library, the median, the 90th
// and 99th percentiles, and the worst of these latencies.
//
// Usage:
//
//	go run ./cmd/cancel [-runs 200] [-settle 1ms]
//
// The measurement uses the real clock and a loaded machine adds its own
// scheduling delays, so compare libraries within one run.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/stamina-go/retry/bench"
)

func main() {
	runs := flag.Int("runs", 200, "cancellations measured for each library")
	settle := flag.Duration("settle", time.Millisecond,
		"pause between the work's failure and the cancel, for the loop to start its wait")
	flag.Parse()
	if *runs < 1 {
		fmt.Fprintln(os.Stderr, "cancel: -runs must be at least 1")
		os.Exit(2)
	}

	// Package retry's default hook logs each scheduled retry; as in the
	// benchmarks, its records are formatted and discarded.
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))

	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "lib\truns\tp50\tp90\tp99\tmax\t")
	for _, l := range bench.Libs {
		if l.Cancel == nil {
			continue
		}
		lat, err := measure(l, *runs, *settle)
		if err != nil {
			fmt.Fprintf(os.Stderr, "cancel: %s: %v\n", l.Name, err)
			os.Exit(1)
		}
		slices.Sort(lat)
		fmt.Fprintf(w, "%s\t%d\t%v\t%v\t%v\t%v\t\n", l.Name, len(lat),
			quantile(lat, 0.5), quantile(lat, 0.9), quantile(lat, 0.99), lat[len(lat)-1])
	}
	w.Flush()
}

// measure returns the cancellation latency of runs loops of l.
func measure(l bench.Lib, runs int, settle time.Duration) ([]time.Duration, error) {
	lat := make([]time.Duration, 0, runs)
	for range runs {
		d, err := once(l, settle)
		if err != nil {
			return nil, err
		}
		lat = append(lat, d)
	}
	return lat, nil
}

// once runs one loop of l, cancels it during its first wait, and returns
// the time from the cancel call to the loop's return.
func once(l bench.Lib, settle time.Duration) (time.Duration, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	called := make(chan struct{}, 1)
	op := bench.NewOp(math.MaxInt, called)

	type result struct {
		end time.Time
		err error
	}
	done := make(chan result, 1)
	go func() {
		err := l.Cancel(ctx, op)
		done <- result{time.Now(), err}
	}()

	<-called
	time.Sleep(settle)
	start := time.Now()
	cancel()
	var r result
	select {
	case r = <-done:
	case <-time.After(10 * time.Second):
		return 0, errors.New("the loop did not return within 10s of its context's cancellation")
	}

	if r.err == nil {
		return 0, errors.New("the loop returned nil; want an error")
	}
	if n := op.Calls(); n != 1 {
		return 0, fmt.Errorf("the work ran %d times; want 1, as the first wait is an hour", n)
	}
	return r.end.Sub(start), nil
}

// quantile returns the q-quantile of the sorted lat, the nearest rank.
func quantile(lat []time.Duration, q float64) time.Duration {
	i := int(math.Ceil(q*float64(len(lat)))) - 1
	return lat[max(i, 0)]
}

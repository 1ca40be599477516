#!/usr/bin/env bash
# run.sh benchmarks package retry against the other Go retry libraries and
# measures how soon each returns when its context is cancelled during a
# wait; BENCHMARKS.md at the repository root explains the method.
#
# Run it from anywhere, e.g. `make bench` or `bash bench/run.sh` from the
# repository root. Settings, from the environment:
#
#   COUNT      runs of each benchmark (default 6)
#   BENCHTIME  go test -benchtime of each run (default 200ms)
#   BENCH      go test -bench pattern (default ., all)
#   RUNS       cancellations measured for each library (default 200)
#
# The raw results go to bench/bench.txt and bench/cancel.txt.
set -euo pipefail

cd "$(dirname "$0")"

COUNT=${COUNT:-6}
BENCHTIME=${BENCHTIME:-200ms}
BENCH=${BENCH:-.}
RUNS=${RUNS:-200}
BENCHSTAT=golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da

echo "== machine"
echo "nproc: $(nproc)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
go version

echo
echo "== go test -bench $BENCH -count $COUNT -benchtime $BENCHTIME (raw: bench/bench.txt)"
if ! go test -run '^$' -bench "$BENCH" -benchmem -count "$COUNT" -benchtime "$BENCHTIME" . \
	>bench.txt; then
	cat bench.txt
	exit 1
fi
# One table per benchmark, a row per library (and hooks setting).
go run "$BENCHSTAT" -table .name -row /hooks,/lib bench.txt

echo
echo "== package retry against the fastest other library (medians)"
go run ./cmd/ratio bench.txt

echo
echo "== cancellation latency: from cancel() to the loop's return, $RUNS runs (raw: bench/cancel.txt)"
go run ./cmd/cancel -runs "$RUNS" | tee cancel.txt

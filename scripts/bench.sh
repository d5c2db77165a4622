#!/usr/bin/env bash
# Benchmarks (docs/performance.md).
#
#   scripts/bench.sh          every benchmark, 1k, 10k and 100k stores, with allocations
#   scripts/bench.sh ci       every benchmark once (1k and 10k) so none can rot, the scaling
#                             guard, and the opa eval comparison at 1k stores
#   scripts/bench.sh scaling  the scaling guard alone
#
# The scaling guard fails when evaluating 10k stores costs more than 13 times evaluating 1k:
# linear rules give about 10, a rule that scans a global list per store gives 50 and more.
# It reads the benchmarks' CPU time (the minimum of several runs), which a shared machine
# disturbs less than the wall time; it is computed from benchmark output, never timed in a
# test.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-full}
MAX_RATIO=${MAX_RATIO:-13}

scaling() {
  local out
  out=$(STOREWATCH_BENCH_STORES=1000,10000 go test ./internal/bench -run '^$' -bench '^BenchmarkEvaluate$' -benchtime 3x -count 3)
  echo "$out" | grep '^Benchmark'
  echo "$out" | awk -v max="$MAX_RATIO" '
    /^BenchmarkEvaluate\/stores=/ {
      split($1, a, "="); size = a[2]; sub(/-[0-9]+$/, "", size)
      v = 0
      for (i = 3; i < NF; i++) if ($(i+1) == "cpu-ns/op") v = $i
      if (v == 0) for (i = 3; i < NF; i++) if ($(i+1) == "ns/op") v = $i
      if (!(size in best) || v < best[size]) best[size] = v
    }
    END {
      if (!("1k" in best) || !("10k" in best)) { print "scaling guard: missing BenchmarkEvaluate results"; exit 2 }
      r = best["10k"] / best["1k"]
      printf "scaling guard: eval(10k)/eval(1k) = %.2f (limit %s)\n", r, max
      if (r > max) { print "scaling guard: evaluation grows faster than the stores: a rule is probably quadratic (see docs/performance.md)"; exit 1 }
    }'
}

case $mode in
  ci)
    STOREWATCH_BENCH_STORES=1000,10000 go test ./... -run '^$' -bench . -benchtime 1x
    scaling
    SIZES=1000 ROUNDS=1 ./scripts/compare-opa.sh
    ;;
  scaling)
    scaling
    ;;
  full)
    go test ./... -run '^$' -bench . -benchmem
    ;;
  *)
    echo "usage: scripts/bench.sh [full|ci|scaling]" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# Runs every fuzz target for a bounded time each: ./scripts/fuzz.sh [DURATION] [PACKAGES...]
# PACKAGES are `go list` patterns (default ./...). .ci/run fuzzes the snapshot, plan, HCL and
# filter-pattern parsers (./inventory/...); the targets of packages that link OPA (config,
# waivers, baselines, diff inputs, the report writers) run their seed corpora in `make test`
# there, because building OPA with fuzzing instrumentation alone takes minutes of CI's 20, and
# are fuzzed by the scheduled workflow .github/workflows/fuzz.yml and by this script run bare.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN="${GOTOOLCHAIN:-go1.27.3}"
dur=${1:-10s}
shift || true
[ $# -gt 0 ] || set -- ./...
for pkg in $(go list "$@"); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
    echo "fuzz $pkg $target ($dur)"
    go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$dur"
  done
done

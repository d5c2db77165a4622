#!/usr/bin/env bash
# Benchmarks. ./scripts/bench.sh ci runs them briefly so they cannot rot.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN="${GOTOOLCHAIN:-go1.27.3}"
mode=${1:-full}
if [ "$mode" = ci ]; then
  go test ./... -run '^$' -bench . -benchtime 1x
else
  go test ./... -run '^$' -bench . -benchmem
fi

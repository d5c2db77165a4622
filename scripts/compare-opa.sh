#!/usr/bin/env bash
# Compares storewatch with `opa eval` on the same synthetic snapshots and the same embedded
# rules, in one run, and checks that both fail the same (rule, resource) pairs. Prints wall
# time, CPU time and peak memory (/usr/bin/time -v) and the ratios. See docs/performance.md.
#
#   scripts/compare-opa.sh                  # 10k and 100k stores, 3 rounds
#   SIZES="1000" ROUNDS=1 scripts/compare-opa.sh   # what CI runs
#
# Environment: SIZES (generator store counts), ROUNDS (repetitions; the table shows the
# median and the spread), WORK (keep files there instead of a temporary directory).
#
# What each side does:
#   storewatch: `scanner evaluate SNAPSHOT --format json` — read and validate the snapshot,
#     resolve it, evaluate every rule, write the JSON report of every finding.
#   opa eval:   `opa eval --format json` of the query `scanner dev opa-query` prints (every
#     rule's deny, unknown and applies sets: what the engine's query evaluates), with the
#     same rule files (policies/aws, policies/lib, tests left out) and, as input, the
#     snapshot the way the rules see it. That view is not the snapshot file: it is resolved
#     and has every field (the engine fills absent ones), so `scanner dev rule-input`
#     renders it beforehand, untimed. opa eval is spared the validation and the resolution
#     storewatch does in its time.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"10000 100000"}
ROUNDS=${ROUNDS:-3}
if [ -n "${WORK:-}" ]; then
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "compare-opa: needs GNU time at $TIME (apt-get install time)" >&2; exit 2; }

opa_version=$(go list -m -f '{{.Version}}' github.com/open-policy-agent/opa)
echo "building opa $opa_version and storewatch in $WORK ..." >&2
GOBIN="$WORK/bin" go install "github.com/open-policy-agent/opa@$opa_version"
go build -o "$WORK/bin/scanner" ./cmd/scanner
scanner="$WORK/bin/scanner"
opa="$WORK/bin/opa"

"$scanner" dev opa-query > "$WORK/query.rego"
# The engine exposes the configuration as data.storewatch.config; the default is empty.
echo '{"storewatch": {"config": {}}}' > "$WORK/data.json"

# measure NAME OUT -- CMD...: runs CMD with stdout to OUT, appends "NAME wall cpu rss" to
# $WORK/times.
measure() {
  local name=$1 out=$2
  shift 3
  local tf="$WORK/time.txt"
  if ! "$TIME" -v -o "$tf" "$@" > "$out"; then
    echo "compare-opa: $name failed:" >&2
    cat "$tf" >&2
    exit 1
  fi
  awk -v name="$name" '
    /Elapsed \(wall clock\)/ { n = split($NF, p, ":"); wall = (n == 3) ? p[1]*3600 + p[2]*60 + p[3] : p[1]*60 + p[2] }
    /User time/ { user = $NF }
    /System time/ { sys = $NF }
    /Maximum resident set size/ { rss = $NF }
    END { printf "%s %.2f %.2f %d\n", name, wall, user + sys, rss }' "$tf" >> "$WORK/times"
}

: > "$WORK/times"
for n in $SIZES; do
  snap="$WORK/snapshot-$n.json"
  input="$WORK/input-$n.json"
  echo "generating $n stores ..." >&2
  "$scanner" dev generate --stores "$n" --seed 1 -o "$snap"
  "$scanner" dev rule-input "$snap" -o "$input"
  for round in $(seq "$ROUNDS"); do
    echo "round $round/$ROUNDS at $n stores ..." >&2
    # Alternate the order so that neither side always runs on a warmer machine.
    if [ $((round % 2)) -eq 1 ]; then order="storewatch opa"; else order="opa storewatch"; fi
    for side in $order; do
      # Every round writes a new file, as the first does: truncating the previous round's
      # report (900 MB at 100k) would add the page cache's work to the run's system time.
      case $side in
        storewatch)
          rm -f "$WORK/report-$n.json"
          measure "storewatch/$n" "$WORK/report-$n.json" -- \
            "$scanner" evaluate "$snap" --format json --fail-on none ;;
        opa)
          rm -f "$WORK/opa-$n.json"
          measure "opa/$n" "$WORK/opa-$n.json" -- \
            "$opa" eval --format json --ignore '*_test.rego' \
            -d policies/aws -d policies/lib -d "$WORK/data.json" -i "$input" "$(cat "$WORK/query.rego")" ;;
      esac
    done
  done
  "$scanner" dev check-opa --opa "$WORK/opa-$n.json" --report "$WORK/report-$n.json"
  rm -f "$WORK/opa-$n.json" "$WORK/report-$n.json"
done

echo
echo "note: opa eval reads the rules' view of each snapshot (resolved, every field present), which"
echo "      is not the snapshot file's format: scanner dev rule-input rendered it beforehand, untimed."
echo "      storewatch's time includes reading, validating and resolving the snapshot file itself,"
echo "      and writing the JSON report of every finding, passes included."
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); $ROUNDS rounds, median [min-max]"
awk '
  { key = $1; walls[key] = walls[key] " " $2; cpus[key] = cpus[key] " " $3; rsss[key] = rsss[key] " " $4 }
  function sorted(s, a,   n, i, j, t) { n = split(s, a, " "); for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t } return n }
  function median(s,   a, n) { n = sorted(s, a); return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
  function lo(s,   a) { sorted(s, a); return a[1] }
  function hi(s,   a, n) { n = sorted(s, a); return a[n] }
  END {
    printf "%-8s  %-24s  %-24s  %-22s  %-22s  %s\n", "stores", "storewatch wall s", "opa eval wall s", "storewatch peak MiB", "opa eval peak MiB", "opa/storewatch wall, cpu, memory"
    for (key in walls) {
      split(key, k, "/"); if (k[1] != "storewatch") continue
      n = k[2]; o = "opa/" n
      sw = median(walls[key]); ow = median(walls[o]); sc = median(cpus[key]); oc = median(cpus[o])
      sm = median(rsss[key]) / 1024; om = median(rsss[o]) / 1024
      printf "%-8s  %-24s  %-24s  %-22s  %-22s  %.1fx, %.1fx, %.1fx\n", n,
        sprintf("%.2f [%.2f-%.2f]", sw, lo(walls[key]), hi(walls[key])),
        sprintf("%.2f [%.2f-%.2f]", ow, lo(walls[o]), hi(walls[o])),
        sprintf("%.0f [%.0f-%.0f]", sm, lo(rsss[key]) / 1024, hi(rsss[key]) / 1024),
        sprintf("%.0f [%.0f-%.0f]", om, lo(rsss[o]) / 1024, hi(rsss[o]) / 1024),
        ow / sw, oc / sc, om / sm
    }
  }' "$WORK/times" | sort -n
# Issue 9's linearity target: time(100k) <= 10.5 x time(10k), for storewatch's whole run.
awk '
  function median(s,   a, n, i, j, t) { n = split(s, a, " "); for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t } return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
  $1 == "storewatch/10000" { w10 = w10 " " $2; c10 = c10 " " $3 }
  $1 == "storewatch/100000" { w100 = w100 " " $2; c100 = c100 " " $3 }
  END {
    if (w10 == "" || w100 == "") exit
    printf "storewatch time(100k) / time(10k), medians: wall %.1fx, CPU %.1fx (target <= 10.5x)\n", median(w100) / median(w10), median(c100) / median(c10)
  }' "$WORK/times"

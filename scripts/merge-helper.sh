#!/usr/bin/env bash
# The lead's merge of an engineer's branch: ./scripts/merge-helper.sh BRANCH
# Applies the model's omitempty convention on the branch first, merges, resolves conflicts
# in model files that only come from fields added side by side, and regenerates the
# generated files (schema, Rego fixtures, README rule list). Anything else is left to a
# person, listed at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
branch=$1
wt=$(git worktree list --porcelain | awk -v b="refs/heads/$branch" '$1=="worktree"{w=$2} $1=="branch" && $2==b {print w}')
if [ -n "$wt" ]; then
  (cd "$wt" && python3 "$OLDPWD/scripts/omitempty.py" >/dev/null && gofmt -w inventory && { git diff --quiet || git commit -qam "model: omitempty convention (before merge)"; })
fi
git merge --no-edit "$branch" >/dev/null 2>&1
for f in $(git diff --name-only --diff-filter=U); do
  case "$f" in
    inventory/snapshot.schema.json|policies/lib/fixtures_test.rego|README.md) git checkout --ours -- "$f" ;;
    inventory/*.go) case "$f" in inventory/resolve*|inventory/*_test.go|inventory/index.go|inventory/stores.go) echo "resolve by hand: $f" ;; *) python3 scripts/resolve-model-conflicts.py "$f" ;; esac ;;
  esac
done
python3 scripts/omitempty.py >/dev/null
gofmt -w inventory
go test ./inventory -run TestSchemaMatchesTypes -update >/dev/null 2>&1
go test ./policies -run 'TestFixturesMatchModel|TestReadmeRuleList' -update >/dev/null 2>&1
left=$(grep -rl '^<<<<<<< ' --include='*' . 2>/dev/null | grep -v '^./.git/' || true)
[ -z "$left" ] || { echo "conflicts left:"; echo "$left"; }

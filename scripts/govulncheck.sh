#!/usr/bin/env bash
# Runs govulncheck against a local copy of the Go vulnerability database, built from the
# golang.org/x/vulndb module (vuln.go.dev is not reachable from this machine; the module
# proxy is). Fails when a known vulnerability is reachable from storewatch's code.
set -euo pipefail
cd "$(dirname "$0")/.."
VULNDB_VERSION=v0.0.0-20261105234957-e22db6528018
GOFLAGS= go install golang.org/x/vuln/cmd/govulncheck@v1.9.0
dir=$(GOFLAGS= go mod download -json "golang.org/x/vulndb@$VULNDB_VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
db=$(mktemp -d)
trap 'rm -rf "$db"' EXIT
python3 scripts/vulndb.py "$dir" "$db"
"$(go env GOPATH)/bin/govulncheck" -db "file://$db" ./...

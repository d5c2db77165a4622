# storewatch — common tasks. `make test` is the whole test suite (see README).
GO        ?= go
# The patched Go release: go1.26.8's standard library has vulnerabilities govulncheck
# reports as reachable (net/http, crypto/x509, html/template), fixed in go1.27.3. The go
# command fetches it once from the module proxy. go.mod still only requires 1.26.
export GOTOOLCHAIN ?= go1.27.3
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
DATE      ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS   := -s -w -X github.com/storewatch/storewatch/internal/version.Version=$(VERSION) \
             -X github.com/storewatch/storewatch/internal/version.Commit=$(COMMIT) \
             -X github.com/storewatch/storewatch/internal/version.Date=$(DATE)
GOLANGCI  ?= $(shell $(GO) env GOPATH)/bin/golangci-lint

.PHONY: all build test test-deps unit lint fuzz bench demo update tools clean

all: build

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/scanner ./cmd/scanner

## test: the whole suite — unit, Rego, golden, emulator (moto), Chromium and SARIF Multitool tests, with -race.
## The three slowest tests (every output of every run scanned for secrets, the Multitool on
## 25,000 results, each rule's tests against its mutants) repeat code paths that other tests
## run under the race detector, which makes them 4–5 times slower: they run once, without it.
SLOW_TESTS = ^(TestNoSecretsInOutputs|TestSARIFLargeValidates|TestRuleTestsCatchBrokenRules)$$
test: test-deps
	CI=$${CI:-true} $(GO) test -race -count=1 -timeout 30m -skip '$(SLOW_TESTS)' ./...
	CI=$${CI:-true} $(GO) test -count=1 -timeout 30m -run '$(SLOW_TESTS)' ./cmd/scanner ./reporters ./policies

test-deps:
	./scripts/test-deps.sh

## unit: the fast subset, without the emulator, browser and mutation tests.
unit:
	$(GO) test -short -count=1 ./...

lint:
	$(GOLANGCI) run ./...
	$(GO) vet ./...
	test -z "$$(gofmt -l .)"

tools:
	GOFLAGS= $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0
	GOFLAGS= $(GO) install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12

## update: rewrite golden files from the current outputs (review the diff!).
update:
	$(GO) test ./... -run . -update

demo:
	$(GO) run ./cmd/scanner demo

clean:
	rm -rf bin storewatch-demo

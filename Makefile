# Thin wrappers over the go tool. `make help` lists the targets.

GO      ?= go
PKGS    := ./...
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

.PHONY: help build test race bench demo lint tidy-check fuzz

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-11s %s\n", $$1, $$2}'

build: ## build ./wfm
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o wfm ./cmd/wfm

test: ## vet and run every test, with the race detector
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 $(PKGS)

bench: ## run every engine's benchmarks
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

demo: ## run the weekly plan on the example data into wfm-demo/
	$(GO) run ./cmd/wfm demo -o wfm-demo

lint: ## gofmt, go vet, and the layering rules
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	@bad=$$($(GO) list -f '{{.ImportPath}}: {{join .Imports " "}}' ./forecast/... ./schedule/... | grep -E 'cobra|/io/|/cmd/|/plan' || true); \
	if [ -n "$$bad" ]; then echo "forecast and schedule must not import the CLI, io or plan layers:"; echo "$$bad"; exit 1; fi

tidy-check: ## go.mod and go.sum are tidy
	$(GO) mod tidy
	git diff --exit-code go.mod go.sum

fuzz: ## fuzz the input parsers for a short while
	$(GO) test -run '^$$' -fuzz FuzzReadHistory -fuzztime 20s ./io/records
	$(GO) test -run '^$$' -fuzz FuzzReadRecords -fuzztime 20s ./io/records
	$(GO) test -run '^$$' -fuzz FuzzParseDaysAndBreaks -fuzztime 20s ./io/records
	$(GO) test -run '^$$' -fuzz FuzzParseCell -fuzztime 20s ./io/table

# Thin wrappers over the go tool. `make help` lists the targets.

GO       ?= go
PKGS     := ./...
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
FUZZTIME ?= 10s

# golangci-lint, pinned, built from the Go module proxy into bin/ once per
# version: the main go.mod stays free of the linter's dependencies.
GOLANGCI_VERSION := v2.15.0
GOLANGCI         := bin/golangci-lint-$(GOLANGCI_VERSION)

.PHONY: help build test bench demo lint tidy-check fuzz

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-11s %s\n", $$1, $$2}'

build: ## build ./wfm
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o wfm ./cmd/wfm

# Forecast tests that the race detector slows to minutes skip those parts
# under it (every model's accuracy on the real data, the likelihood fits):
# they run again without it.
RACE_SKIPPED := Accuracy|IntradayBank|EveryInterval|PredictContract

test: ## vet and run every test, with the race detector (and without it, those it would slow to minutes)
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 $(PKGS)
	$(GO) test -count=1 -run '$(RACE_SKIPPED)' ./forecast

bench: ## run every engine's benchmarks
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

demo: ## run the weekly plan on the example data into wfm-demo/
	$(GO) run ./cmd/wfm demo -o wfm-demo

lint: $(GOLANGCI) ## gofmt, go vet, and the layering rules of .golangci.yml
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GOLANGCI) run $(PKGS)

$(GOLANGCI):
	GOBIN=$(CURDIR)/bin $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_VERSION)
	mv bin/golangci-lint $@

tidy-check: ## go.mod and go.sum are tidy
	$(GO) mod tidy
	git diff --exit-code go.mod go.sum

fuzz: ## run every fuzz target in the module for FUZZTIME each (default 10s)
	@for pkg in $$($(GO) list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}' $(PKGS)); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "fuzzing $$target in $$pkg"; \
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

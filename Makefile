GO ?= go

.PHONY: build test test-short flaky bench fuzz lint generate check-generated mutate soak

build:
	$(GO) build ./...

test:
	$(GO) test ./...

test-short:
	$(GO) test -short ./...

# The suite RUNS times in a row under CPU load on every core, reporting each test that failed in any run
# (scripts/flaky.sh): `make flaky`, `make flaky RUNS=10 PKG=./contracts/`.
RUNS ?= 3
PKG ?= ./...
flaky:
	RUNS=$(RUNS) GO=$(GO) ./scripts/flaky.sh $(PKG)

bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./...

# Each fuzz target for 30 s. Targets are discovered, not listed by hand.
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime 30s $$pkg || exit 1; \
	  done; \
	done

# Mutation testing of the circuits (docs/circuits.md, "Mutation testing"): each assertion of circuits/batch and
# circuits/gadget removed in turn must make a circuit test fail. MUTATE_FLAGS, e.g. -parallel 2, -list,
# -only circuits/batch/slot.go:204, -sample 8 -seed 1, -json, -allow-survivors.
mutate:
	$(GO) run ./circuits/mutate $(MUTATE_FLAGS)

lint:
	test -z "$$(gofmt -l $$(git ls-files '*.go'))"
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

generate:
	$(GO) generate ./...

check-generated:
	./contracts/scripts/check-generated.sh

# Soak run of the devnet under a market-maker load (docs/node.md "Soak"): throughput, ack latency, trade → L1
# latency, heap, goroutines, disk and the conserved ledger over time. `make soak DURATION=10m RATE=60
# REPORT=soak.md`; CI runs a 40 s version (go test ./e2e -run TestSoak).
DURATION ?= 10m
RATE ?= 60
REPORT ?=
soak:
	SOAK_DURATION=$(DURATION) SOAK_RATE=$(RATE) SOAK_REPORT=$(REPORT) $(GO) test ./e2e -run '^TestSoak$$' -v -timeout 0

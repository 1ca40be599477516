# Every module in the repository: the root and the nested ones.
MODULES := $(shell find . -name go.mod -not -path './shared/*' -exec dirname {} \; | sort)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: test lint bench fuzz

# test runs every module's tests with the race detector.
test:
	@set -e; for m in $(MODULES); do \
		echo "== go test -race $$m"; \
		(cd $$m && go test -race -count=1 ./...); \
	done

# lint checks formatting, then runs go vet and staticcheck on every module.
lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	@set -e; for m in $(MODULES); do \
		echo "== vet and staticcheck $$m"; \
		(cd $$m && go vet ./... && go run $(STATICCHECK) ./...); \
	done

# fuzz runs each fuzz target of the root module for FUZZTIME.
FUZZTIME ?= 5s
fuzz:
	@set -e; for p in $$(go list ./...); do \
		for f in $$(go test -list '^Fuzz' $$p | grep '^Fuzz' || true); do \
			echo "== $$p $$f"; \
			go test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$p; \
		done; \
	done

# bench runs the benchmarks against the other Go retry libraries and
# prints a benchstat table; see BENCHMARKS.md.
bench:
	./bench/run.sh

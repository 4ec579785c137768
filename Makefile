# kulturrapport — the usual targets. `make run` and `make test` are all a new
# user needs; both fetch what they need themselves (Go modules; make test
# also the npm package of ECharts pinned by package-lock.json, to check the
# copy committed in reports/assets against it).

GO            ?= go
NPM           ?= npm
BIN           := bin/kulturrapport
ECHARTS       := reports/assets/echarts.min.js
# The shipped sample data runs up to October 2026.
SAMPLE_PERIOD ?= 2026-10
STATICCHECK   := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: all build run run-pdf test check bench sample clean

all: build

# The chart library is committed (reports/assets/echarts.min.js, embedded
# with go:embed), so that go build and go install work without npm; the
# package pinned by package-lock.json is fetched for the test that checks
# the committed copy is that package's file (TestEChartsIsThePinnedPackage).
# make echarts refreshes the copy after package.json changes.
NPM_PKG       := node_modules/.package-lock.json
$(NPM_PKG): package.json package-lock.json
	$(NPM) ci --no-audit --no-fund --ignore-scripts --loglevel=error

.PHONY: echarts
echarts: $(NPM_PKG)
	cp node_modules/echarts/dist/echarts.min.js $(ECHARTS)

# Go's own linker, not the system's that cmd/go picks for a package with C
# code (libdeflate, pipeline/ingest/internal/book/internal/deflate): an
# executable just written by the system linker had ~15 MB more of itself
# resident in a run, until the file left the page cache (a copy of it did
# not); Go's linker's output does not, so make run and make bench measure
# the same straight after a build as later.
GOLDFLAGS     := -linkmode=internal

build:
	$(GO) build -trimpath -ldflags='$(GOLDFLAGS)' -o $(BIN) ./cmd/kulturrapport

## run: the monthly job on the shipped sample data → out/$(SAMPLE_PERIOD)/
run: build
	./$(BIN) run --period $(SAMPLE_PERIOD)

## run-pdf: the same, and rapport.pdf printed with headless Chromium
run-pdf: build
	./$(BIN) run --pdf --period $(SAMPLE_PERIOD)

# package:target
FUZZ_TARGETS  := ingest/cell:FuzzParseDate ingest/cell:FuzzSlashDate ingest/cell:FuzzParseNumber ingest/cell:FuzzNormaliseKommunenr ingest:FuzzDetectHeader \
                 ingest:FuzzIngestCSV ingest:FuzzIngestXLSX ingest/internal/book:FuzzFastReader ingest/internal/book:FuzzODS \
                 ingest/internal/book/internal/deflate:FuzzInflate
# An iteration count, not a duration: a fuzz target whose time runs out
# before its corpus is replayed fails with "context deadline exceeded" on a
# loaded machine; a count takes as long as it takes.
FUZZTIME      ?= 300x

## test: vet, every test with the race detector, the readers without cgo, and a few hundred runs of each fuzz target
test: $(NPM_PKG)
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...
	@# The readers again as a build without a C compiler makes them: every
	@# part streamed, none inflated by libdeflate.
	CGO_ENABLED=0 $(GO) test -count=1 ./pipeline/ingest/...
	@for pt in $(FUZZ_TARGETS); do t=$${pt#*:}; \
	  $(GO) test -run='^$$' -fuzz="^$$t\$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=100x ./pipeline/$${pt%%:*} >/tmp/kulturrapport-fuzz.log 2>&1 \
	    || { cat /tmp/kulturrapport-fuzz.log; exit 1; }; \
	  echo "fuzz $$t: $(FUZZTIME) runs, $$(grep -o 'baseline coverage: [0-9]*/[0-9]*' /tmp/kulturrapport-fuzz.log | tail -1)"; \
	done

## check: formatting, vet and a pinned linter
check:
	@test -z "$$(gofmt -l .)" || (echo "gofmt would change:"; gofmt -l .; exit 1)
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

## bench: generate the national corpora M and L, time `run` on them and
## benchmark the readers against excelize and the floor (scripts/bench.sh)
bench:
	scripts/bench.sh

## sample: regenerate testdata/sample (deterministic)
sample:
	$(GO) run ./cmd/gensample -out testdata/sample

clean:
	rm -rf bin out

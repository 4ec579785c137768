// Command kulturrapport turns the spreadsheets that Norsk kulturskoleråd's
// regions and projects send in into a report on how the strategy is going.
//
// Usage:
//
//	kulturrapport run      [--config FILE] [--period YYYY-MM] [--out DIR] [--lang nb|en] [--strict] [INPUT…]
//	kulturrapport validate [--config FILE] [--json] [--strict] INPUT…
//	kulturrapport indicators [--config FILE]
//	kulturrapport version
//
// run reads every INPUT (a file, or a folder read recursively; without any,
// the inputs listed in the config), validates each row, computes the
// indicators of the config's catalog for the period, and writes
// DIR/<period>/: rapport.html, sammendrag.xlsx and run.json, and the dataset
// DIR/data/ (Parquet, partitioned by month).
//
// validate does the same checks without writing anything, and lists every
// rejected cell; with --json it prints the "files" part of run.json.
//
// Configuration comes from the embedded default, then the YAML file given
// with --config, then KULTURRAPPORT_* environment variables, then flags.
//
// Exit codes: 0 ok; 1 the run failed; 2 usage or config error; 3 rows were
// rejected and --strict was given.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	// A soft memory limit keeps a national run within a laptop's means: the
	// garbage collector works harder rather than let the heap double. Set
	// GOMEMLIMIT to change it. Below the limit the collector runs less often
	// than Go's default (GOGC=100): most of the heap is the tables being
	// built, and a collection then finds little to free.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
	// The first SIGINT or SIGTERM stops the run where it is, the last
	// report left as it was; a second one ends the process at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// defaultMemoryLimit is the soft memory limit of a run (GOMEMLIMIT). The
// process's resident memory at its peak is the limit and ~35 MB of the
// executable's pages: 248 MiB keeps a national run of a million rows
// under 300 MB (at 256 MiB it was 301–308 MB on L-others).
const defaultMemoryLimit = 248 << 20

// defaultGCPercent is the heap growth between collections, below the
// memory limit (GOGC).
const defaultGCPercent = 400

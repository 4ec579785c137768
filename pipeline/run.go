package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/config"
)

// Result is everything a run computed, for the report writers.
type Result struct {
	Config *config.Config
	Ref    *Reference
	Period Month
	Lang   string
	Data   *Dataset
	// Dimensions are the reference tables: areas, goals, measures,
	// regions and municipalities.
	Dimensions map[string]arrow.RecordBatch
	Indicators []*IndicatorResult
	// Evidence is what the activities say about each measure.
	Evidence []Evidence
	Totals   Totals
	// Timings of the stages; kept out of the outputs, which must not
	// change from run to run.
	Timings Timings
}

// Timings are the durations of a run's stages.
type Timings struct {
	Ingest     time.Duration
	Indicators time.Duration
}

// Totals sum up the files and rows of a run.
type Totals struct {
	Files           int `json:"files"`
	FilesOK         int `json:"files_ok"`
	FilesUnreadable int `json:"files_unreadable"`
	FilesDuplicate  int `json:"files_duplicate"`
	FilesReplaced   int `json:"files_replaced,omitempty"`
	FilesSkipped    int `json:"files_skipped,omitempty"`
	RowsRead        int `json:"rows_read"`
	RowsAccepted    int `json:"rows_accepted"`
	RowsRejected    int `json:"rows_rejected"`
	RowsSkipped     int `json:"rows_skipped"`
	Warnings        int `json:"warnings"`
	// Indicator statuses: how many are green, yellow, red or without data.
	Status map[Status]int `json:"indicator_status"`
}

// Release frees the Arrow memory of the result.
func (r *Result) Release() {
	r.Data.Release()
	for _, d := range r.Dimensions {
		d.Release()
	}
}

// RunOptions are the inputs of Run besides the config.
type RunOptions struct {
	Period Month
	Files  []string
	// Skipped are inputs left out before reading (Inputs.Skipped).
	Skipped  []*FileReport
	Progress func(done, total int, path string)
	Mem      memory.Allocator
	// Ingested, if set, is given the tables read from the files as soon as
	// they are read, before the indicators are computed, so that they can
	// be written meanwhile. They are released with the result: retain
	// what is kept longer.
	Ingested func(tables map[string]arrow.RecordBatch)
}

// Run ingests the files, validates and normalises them, and evaluates the
// indicator catalog for the period.
func Run(ctx context.Context, cfg *config.Config, o RunOptions) (*Result, error) {
	catalog, err := CompileCatalog(cfg)
	if err != nil {
		return nil, err
	}
	mem := o.Mem
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	var pins []Pin
	for i, p := range cfg.Pins {
		if _, ok := KindByName(p.Kind); p.Kind != "" && !ok {
			return nil, fmt.Errorf("%w: pins[%d]: unknown kind %q (want aktiviteter, prosjekter or statistikk)", ErrConfig, i, p.Kind)
		}
		if p.Match == "" {
			return nil, fmt.Errorf("%w: pins[%d]: match is empty", ErrConfig, i)
		}
		pins = append(pins, Pin(p))
	}
	ref := NewReference(cfg)
	start := time.Now()
	ds, err := Ingest(ctx, ref, o.Files, Options{
		Period:           o.Period,
		Limits:           WorkbookLimits{MaxFileMB: cfg.Limits.MaxFileMB, MaxUnzippedMB: cfg.Limits.MaxUnzippedMB},
		HeaderSearchRows: cfg.Limits.HeaderSearchRows,
		Pins:             pins,
		Progress:         o.Progress,
		Skipped:          o.Skipped,
	}, mem)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	ds.Localise(cfg.Lang)
	ds.Tables[TableRejected] = RejectedTable(ds, mem)
	ingested := time.Now()
	if o.Ingested != nil {
		tables := make(map[string]arrow.RecordBatch, len(ds.Tables))
		for name, rec := range ds.Tables {
			tables[name] = rec
		}
		o.Ingested(tables)
	}
	ds.Tables[TableReporting] = buildReporting(cfg, ds, int(o.Period), mem)
	inds := Evaluate(ref, ds, catalog, o.Period)
	res := &Result{Config: cfg, Ref: ref, Period: o.Period, Lang: cfg.Lang, Data: ds, Indicators: inds,
		Evidence: MeasureEvidence(ref, ds, o.Period), Dimensions: Dimensions(cfg, mem)}
	ds.dropViews() // tens of MB the report writers do not need
	ds.Tables[TableIndicators] = IndicatorsTable(inds, mem)
	res.Totals = totals(ds, inds)
	res.Timings = Timings{Ingest: ingested.Sub(start), Indicators: time.Since(ingested)}
	return res, nil
}

func totals(ds *Dataset, inds []*IndicatorResult) Totals {
	t := Totals{Status: map[Status]int{}}
	for _, f := range ds.Files {
		t.Files++
		switch f.Status {
		case StatusOK:
			t.FilesOK++
		case StatusUnreadable:
			t.FilesUnreadable++
		case StatusDuplicate:
			t.FilesDuplicate++
		case StatusReplaced:
			t.FilesReplaced++
		case StatusSkipped:
			t.FilesSkipped++
		}
		t.RowsRead += f.RowsRead
		t.RowsAccepted += f.RowsAccepted
		t.RowsRejected += f.RowsRejected
		t.RowsSkipped += f.RowsSkipped
		t.Warnings += f.WarningCount()
	}
	for _, ind := range inds {
		t.Status[ind.Status]++
	}
	return t
}

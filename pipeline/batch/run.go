package batch

import (
	"context"
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/pipeline/indicators"
	"kulturrapport/pipeline/ingest"
)

// RunOptions are the inputs of Run besides the config.
type RunOptions struct {
	Period pipeline.Month
	Files  []string
	// Skipped are inputs left out before reading (Inputs.Skipped).
	Skipped  []*pipeline.FileReport
	Progress func(done, total int, path string)
	Mem      memory.Allocator
	// Ingested, if set, is given the tables read from the files as soon as
	// they are read, before the indicators are computed, so that they can
	// be written meanwhile. They are released with the result: retain
	// what is kept longer.
	Ingested func(tables map[string]arrow.RecordBatch)
	// Regions are the regions whose own reports are computed too (codes
	// of the config's regions), into Result.Regions.
	Regions []string
}

// Run ingests the files, validates and normalises them, and evaluates the
// indicator catalog for the period.
func Run(ctx context.Context, cfg *config.Config, o RunOptions) (*pipeline.Result, error) {
	catalog, err := indicators.CompileCatalog(cfg)
	if err != nil {
		return nil, err
	}
	mem := o.Mem
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	var pins []ingest.Pin
	for i, p := range cfg.Pins {
		if _, ok := pipeline.KindByName(p.Kind); p.Kind != "" && !ok {
			return nil, config.Invalidf(cfg.Lang, "pins[%d]: ukjent kind %q (skriv aktiviteter, prosjekter eller statistikk)", "pins[%d]: unknown kind %q (want aktiviteter, prosjekter or statistikk)", i, p.Kind)
		}
		if p.Match == "" {
			return nil, config.Invalidf(cfg.Lang, "pins[%d]: match er tom", "pins[%d]: match is empty", i)
		}
		pins = append(pins, ingest.Pin(p))
	}
	ref := pipeline.NewReference(cfg)
	start := time.Now()
	ds, err := ingest.Ingest(ctx, ref, o.Files, ingest.Options{
		Period:           o.Period,
		Limits:           ingest.Limits{MaxFileMB: cfg.Limits.MaxFileMB, MaxUnzippedMB: cfg.Limits.MaxUnzippedMB},
		HeaderSearchRows: cfg.Limits.HeaderSearchRows,
		Pins:             pins,
		Progress:         o.Progress,
		Skipped:          o.Skipped,
	}, mem)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	ds.Localise(cfg.Lang)
	ds.Tables[pipeline.TableRejected] = pipeline.RejectedTable(ds, mem)
	ingested := time.Now()
	if o.Ingested != nil {
		tables := make(map[string]arrow.RecordBatch, len(ds.Tables))
		for name, rec := range ds.Tables {
			tables[name] = rec
		}
		o.Ingested(tables)
	}
	ds.Tables[pipeline.TableReporting] = indicators.Reporting(cfg, ds, o.Period, mem)
	views := indicators.NewViews(ds)
	inds := indicators.Evaluate(ref, views, catalog, o.Period)
	for _, ind := range inds {
		ind.Measure = indicators.DescribeMeasure(cfg.Lang, ind.Def)
	}
	res := &pipeline.Result{Config: cfg, Ref: ref, Period: o.Period, Lang: cfg.Lang, Data: ds, Indicators: inds,
		Evidence: indicators.MeasureEvidence(ref, views, o.Period), Dimensions: pipeline.Dimensions(cfg, mem)}
	ds.Tables[pipeline.TableIndicators] = indicators.Table(inds, mem)
	res.Goals = indicators.Goals(cfg, inds, ds.Tables[pipeline.TableReporting])
	res.Totals = totals(ds, inds)
	if len(o.Regions) > 0 {
		if res.Regions, err = regionReports(res, views, o.Regions, mem); err != nil {
			res.Release()
			return nil, err
		}
	}
	res.Timings = pipeline.Timings{Ingest: ingested.Sub(start), Indicators: time.Since(ingested)}
	return res, nil
}

func totals(ds *pipeline.Dataset, inds []*pipeline.IndicatorResult) pipeline.Totals {
	t := pipeline.Totals{Status: map[pipeline.Status]int{}}
	for _, f := range ds.Files {
		t.Files++
		switch f.Status {
		case pipeline.StatusOK:
			t.FilesOK++
		case pipeline.StatusUnreadable:
			t.FilesUnreadable++
		case pipeline.StatusDuplicate:
			t.FilesDuplicate++
		case pipeline.StatusReplaced:
			t.FilesReplaced++
		case pipeline.StatusSkipped:
			t.FilesSkipped++
		}
		t.RowsRead += f.RowsRead
		t.RowsAccepted += f.RowsAccepted
		t.RowsRejected += f.RowsRejected
		t.RowsSkipped += f.RowsSkipped
		t.RowsStruck += f.RowsStruck
		t.RowsCancelled += f.RowsCancelled
		t.ValuesLost += f.ValuesLost
		t.Warnings += f.WarningCount()
	}
	for _, ind := range inds {
		t.Status[ind.Status]++
	}
	return t
}

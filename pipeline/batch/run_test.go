package batch

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/pipeline/ingest"
)

// TestRunWiresTheStages: a run on the sample reads every file, computes
// every indicator of the catalog with its measure in words, and adds the
// tables of both stages to the dataset; the memory is all given back.
func TestRunWiresTheStages(t *testing.T) {
	cfg, err := config.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	files, err := ingest.ExpandInputs([]string{filepath.Join("..", "..", "testdata", "sample")})
	if err != nil {
		t.Fatal(err)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	var ingested []string
	res, err := Run(context.Background(), cfg, RunOptions{Period: pipeline.MonthFor(2026, 10), Files: files, Mem: mem,
		Ingested: func(tables map[string]arrow.RecordBatch) {
			for name := range tables {
				ingested = append(ingested, name)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Release()
	if res.Totals.Files != len(files) || res.Totals.RowsAccepted == 0 {
		t.Errorf("totals %+v for %d files", res.Totals, len(files))
	}
	if len(res.Indicators) != len(cfg.Indicators) {
		t.Errorf("%d indicators, want %d", len(res.Indicators), len(cfg.Indicators))
	}
	for _, ind := range res.Indicators {
		if ind.Measure == "" {
			t.Errorf("%s: no measure in words", ind.ID)
		}
	}
	for _, name := range []string{pipeline.Activities.Name, pipeline.TableRejected, pipeline.TableReporting, pipeline.TableIndicators} {
		if res.Data.Table(name) == nil {
			t.Errorf("no table %s", name)
		}
	}
	if len(ingested) == 0 {
		t.Error("Ingested was not called")
	}
	if len(res.Evidence) == 0 {
		t.Error("no evidence of measures")
	}
}

// TestRunRefusesBadPins: a pin of an unknown kind, or without a pattern,
// is a config error, found before any file is read.
func TestRunRefusesBadPins(t *testing.T) {
	for _, pin := range []config.Pin{{Match: "*.xlsx", Kind: "budsjett"}, {Kind: "aktiviteter"}} {
		cfg, err := config.Load("", nil)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Pins = []config.Pin{pin}
		if _, err := Run(context.Background(), cfg, RunOptions{Files: []string{"does-not-exist.xlsx"}}); !errors.Is(err, pipeline.ErrConfig) {
			t.Errorf("pin %+v: %v, want a config error", pin, err)
		}
	}
}

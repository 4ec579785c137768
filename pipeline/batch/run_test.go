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
		// Compared with the end of the strategy's base year (2024), unless
		// that window begins before the data (the 36-month coverage).
		switch {
		case ind.ID == "kommunebesok-dekning" && ind.ChangeBase != nil:
			t.Errorf("%s: a change since 2024 from a window before the data", ind.ID)
		case ind.ID == "profil-konferanser" && (ind.BaseYear != 2024 || ind.ChangeBase == nil):
			t.Errorf("%s: base year %d, change %v; want one since 2024", ind.ID, ind.BaseYear, ind.ChangeBase)
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

// TestEvidenceFollowsTheWork: on the sample, a measure's evidence is the
// activities its filter picks and its projects' reports, not only rows
// naming its code: the measures the issue found «Ikke startet» while the
// work showed (1.1.N3 conferences, 1.1.R6 rektornettverk) are active; no
// measure is «not started» without a dated plan in the config; a measure
// reported elsewhere says so.
func TestEvidenceFollowsTheWork(t *testing.T) {
	cfg, err := config.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	files, err := ingest.ExpandInputs([]string{filepath.Join("..", "..", "testdata", "sample")})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), cfg, RunOptions{Period: pipeline.MonthFor(2026, 10), Files: files})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Release()
	byCode := map[string]pipeline.Evidence{}
	for _, e := range res.Evidence {
		byCode[e.Code] = e
		if e.Status == pipeline.MeasureNotStarted && e.Starts == "" {
			t.Errorf("%s: not started without a dated plan", e.Code)
		}
	}
	if len(byCode) != len(cfg.AllMeasures()) {
		t.Errorf("%d measures with evidence, want %d", len(byCode), len(cfg.AllMeasures()))
	}
	for _, code := range []string{"1.1.N3", "1.1.R6", "1.3.R1", "2.1.R4"} {
		if e := byCode[code]; e.Status != pipeline.MeasureActive || e.Activities == 0 {
			t.Errorf("%s: %s with %d activities, want active", code, e.Status, e.Activities)
		}
	}
	if e := byCode["1.3.R1"]; e.ProjectReports == 0 {
		t.Errorf("1.3.R1 (KRUt): no project reports counted")
	}
	if e := byCode["1.2.N2"]; e.Status != pipeline.MeasureNotReportedHere || e.ReportedElsewhere == "" {
		t.Errorf("1.2.N2: %s %q, want reported elsewhere", e.Status, e.ReportedElsewhere)
	}
}

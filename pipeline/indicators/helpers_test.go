package indicators

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/pipeline/ingest"
)

// evaluated is what the indicators computed on read inputs, for the tests.
type evaluated struct {
	Ref        *pipeline.Reference
	Data       *pipeline.Dataset
	Views      *Views
	Indicators []*pipeline.IndicatorResult
}

// runTest reads the inputs and evaluates cfg's catalog for period, the
// way batch.Run does (which a test of this package cannot import: it
// imports this package). The dataset is released when the test ends.
func runTest(t testing.TB, cfg *config.Config, period pipeline.Month, mem memory.Allocator, inputs ...string) *evaluated {
	t.Helper()
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	catalog, err := CompileCatalog(cfg)
	if err != nil {
		t.Fatal(err)
	}
	files, err := ingest.ExpandInputs(inputs)
	if err != nil {
		t.Fatal(err)
	}
	ref := pipeline.NewReference(cfg)
	ds, err := ingest.Ingest(context.Background(), ref, files, ingest.Options{Period: period}, mem)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ds.Release)
	for _, f := range ds.Files {
		if f.RowsRejected != 0 {
			t.Logf("%s: %d rows rejected", f.Path, f.RowsRejected)
		}
	}
	ds.Tables[pipeline.TableReporting] = Reporting(cfg, ds, period, mem)
	v := NewViews(ds)
	return &evaluated{Ref: ref, Data: ds, Views: v, Indicators: Evaluate(ref, v, catalog, period)}
}

// rowsRejected counts the rejected rows of every file.
func (e *evaluated) rowsRejected() int {
	n := 0
	for _, f := range e.Data.Files {
		n += f.RowsRejected
	}
	return n
}

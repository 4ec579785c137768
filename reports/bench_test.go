package reports

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/pipeline/batch"
)

// The output benchmarks run the pipeline once on a corpus made by
// cmd/gendata, named by KULTURRAPPORT_BENCH_CORPUS, and then time each
// writer on its result alone, one core unless -cpu says otherwise:
//
//	KULTURRAPPORT_BENCH_CORPUS=/tmp/corpus/L go test -run '^$' -bench Write ./reports

func benchResult(b *testing.B) *pipeline.Result {
	b.Helper()
	dir := os.Getenv("KULTURRAPPORT_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set KULTURRAPPORT_BENCH_CORPUS to a corpus made by cmd/gendata")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no .xlsx in %s", dir)
	}
	cfg, err := config.Load(filepath.Join(dir, "config.yaml"), nil)
	if err != nil {
		b.Fatal(err)
	}
	res, err := batch.Run(context.Background(), cfg, batch.RunOptions{Period: pipeline.MonthFor(2026, 10), Files: files})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(res.Data.Release)
	return res
}

// BenchmarkWriteParquet writes every table of the run as Parquet.
func BenchmarkWriteParquet(b *testing.B) {
	res := benchResult(b)
	var rows int64
	for b.Loop() {
		rows = 0
		for _, rec := range res.Data.Tables {
			if err := WriteParquet(io.Discard, rec); err != nil {
				b.Fatal(err)
			}
			rows += rec.NumRows()
		}
	}
	b.ReportMetric(float64(rows)/(b.Elapsed().Seconds()/float64(b.N)), "rows/s")
}

// BenchmarkWriteExcel writes the Excel summary.
func BenchmarkWriteExcel(b *testing.B) {
	res := benchResult(b)
	for b.Loop() {
		if err := WriteExcel(io.Discard, res); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteHTML writes the HTML report.
func BenchmarkWriteHTML(b *testing.B) {
	res := benchResult(b)
	for b.Loop() {
		if err := WriteHTML(io.Discard, res, HTMLOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteSingleFiles writes every table of the run as one file
// each, to disk, as the runs before the dataset (issue 19) did: the
// baseline BenchmarkWriteDataset is held to.
func BenchmarkWriteSingleFiles(b *testing.B) {
	benchWriteTables(b, func(dir, name string, rec arrow.RecordBatch, _ pipeline.Month) error {
		_, err := writeFile(filepath.Join(dir, name+".parquet"), func(w io.Writer) error { return WriteParquet(w, rec) })
		return err
	})
}

// BenchmarkWriteDataset writes every table of the run into the dataset,
// partitioned, as a run does.
func BenchmarkWriteDataset(b *testing.B) {
	benchWriteTables(b, func(dir, name string, rec arrow.RecordBatch, period pipeline.Month) error {
		_, _, err := writeDatasetTable(dir, name, rec, period, memory.DefaultAllocator)
		return err
	})
}

// benchWriteTables times write on every table of the run, into a new
// folder each time.
func benchWriteTables(b *testing.B, write func(dir, name string, rec arrow.RecordBatch, period pipeline.Month) error) {
	res := benchResult(b)
	var rows int64
	for b.Loop() {
		rows = 0
		dir := b.TempDir()
		for name, rec := range res.Data.Tables {
			if err := write(dir, name, rec, res.Period); err != nil {
				b.Fatal(err)
			}
			rows += rec.NumRows()
		}
	}
	b.ReportMetric(float64(rows)/(b.Elapsed().Seconds()/float64(b.N)), "rows/s")
}

package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/config"
	"kulturrapport/pipeline"
)

func loadConfigFile(p string) (*config.Config, error) { return config.Load(p, nil) }

// The benchmarks read a corpus made by cmd/gendata, named by the variable
// KULTURRAPPORT_BENCH_CORPUS (scripts/bench.sh sets it):
//
//	go run ./cmd/gendata -size M -out /tmp/corpus/M
//	KULTURRAPPORT_BENCH_CORPUS=/tmp/corpus/M go test -run '^$' -bench . ./pipeline/ingest

func benchFiles(b *testing.B) []string {
	b.Helper()
	dir := os.Getenv("KULTURRAPPORT_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set KULTURRAPPORT_BENCH_CORPUS to a corpus made by cmd/gendata")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no .xlsx in %s", dir)
	}
	return files
}

// BenchmarkIngest reads, validates and normalises the corpus into Arrow
// tables, with a worker per CPU (-cpu sets how many).
func BenchmarkIngest(b *testing.B) {
	files := benchFiles(b)
	ref := loadRefForBench(b)
	var rows int
	for b.Loop() {
		ds, err := Ingest(context.Background(), ref, files, Options{}, memory.DefaultAllocator)
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for _, f := range ds.Files {
			rows += f.RowsRead
		}
		ds.Release()
	}
	s := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(rows)/s, "rows/s")
}

func loadRefForBench(b *testing.B) *pipeline.Reference {
	b.Helper()
	cfgPath := filepath.Join(os.Getenv("KULTURRAPPORT_BENCH_CORPUS"), "config.yaml")
	cfg, err := loadConfigFile(cfgPath)
	if err != nil {
		b.Fatal(err)
	}
	return pipeline.NewReference(cfg)
}

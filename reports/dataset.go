package reports

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/pipeline"
)

// The dataset is one folder, OUT/data, that every run replaces as a whole:
//
//   - the row tables (aktiviteter, prosjekter, statistikk, kommentarer),
//     every accepted row once, in the partition of its own month:
//     <table>/periode=YYYY-MM/part-0.parquet (Hive partitioning; the
//     statistics by the month of their count, October of the school
//     year's first year);
//   - the results, which accumulate: indikatorer and avviste have a
//     partition for each period a run was made for, rapportering one for
//     each month of expected reports; a run writes its own and keeps the
//     others;
//   - the dimensions, one file each: omraader.parquet, maal.parquet, …;
//   - datapackage.json, the Frictionless description of them all.
//
// The partition column is the folder's name, not a column of the files.

// DirDataset is the dataset's folder in OUT.
const DirDataset = "data"

// FileDataPackage describes the dataset.
const FileDataPackage = "datapackage.json"

// partitionKey is the name of the partitions' key.
const partitionKey = pipeline.FieldPeriod

// SchemaVersion is the version of the dataset's tables: bumped whenever a
// column is added, removed, renamed or retyped, so that a reader can tell
// (TestDatasetSchemaIsStable fails until it is).
const SchemaVersion = 2

// tableClass says how a table lies in the dataset.
type tableClass int

const (
	rowTable       tableClass = iota // replaced by every run, by each row's month
	resultTable                      // a partition per period, kept from run to run
	dimensionTable                   // one file, replaced by every run
)

// results are the result tables, and how their rows find their partition.
var results = map[string]bool{pipeline.TableIndicators: true, pipeline.TableReporting: true, pipeline.TableRejected: true}

// classOf is the class of the named table.
func classOf(name string) tableClass {
	if results[name] {
		return resultTable
	}
	if _, ok := pipeline.KindByName(name); ok {
		return rowTable
	}
	return dimensionTable
}

// partitionOf gives each row of the named table its partition: its own
// month, or for a result without one, the run's period. A row of the
// indicator results that is not of the period (the series, recomputed each
// run) has none and is left out: each period's results are its own.
func partitionOf(name string, rec arrow.RecordBatch, period pipeline.Month) func(i int) string {
	p := period.String()
	switch {
	case name == pipeline.Statistics.Name:
		start := rec.Column(rec.Schema().FieldIndices(pipeline.FieldSchoolYearStart)[0]).(*array.Int32)
		return func(i int) string { return fmt.Sprintf("%04d-10", start.Value(i)) }
	case name == pipeline.TableIndicators:
		own := pipeline.StringColumn(rec, pipeline.FieldPeriod)
		return func(i int) string {
			if own(i) != p {
				return ""
			}
			return p
		}
	case len(rec.Schema().FieldIndices(pipeline.FieldPeriod)) > 0:
		return pipeline.StringColumn(rec, pipeline.FieldPeriod)
	}
	return func(int) string { return p }
}

// partitionDir is a partition's folder in a table's.
func partitionDir(value string) string { return partitionKey + "=" + value }

// writeDatasetTable writes one table into dir, the dataset being built:
// a dimension as one file, another table partitioned, each partition's
// rows sorted by region (so that a filter on a region skips row groups)
// without the partition column. It returns the files written, relative
// to dir, and the partitions.
func writeDatasetTable(dir, name string, rec arrow.RecordBatch, period pipeline.Month, mem memory.Allocator) ([]OutputFile, []string, error) {
	if classOf(name) == dimensionTable {
		rel := name + ".parquet"
		size, err := writeFile(filepath.Join(dir, rel), func(w io.Writer) error { return WriteParquet(w, rec) })
		return []OutputFile{{Path: rel, Size: size}}, nil, err
	}
	part := partitionOf(name, rec, period)
	rows := map[string][]int{}
	for i := 0; i < int(rec.NumRows()); i++ {
		if p := part(i); p != "" {
			rows[p] = append(rows[p], i)
		}
	}
	// A run for a period with no row of a row table still leaves the
	// table's folder, so that a reader finds it (empty).
	if len(rows) == 0 && classOf(name) == rowTable {
		rows[period.String()] = nil
	}
	drop := -1
	if ix := rec.Schema().FieldIndices(partitionKey); len(ix) > 0 {
		drop = ix[0]
	}
	region := regionOrder(rec)
	parts := slices.Sorted(maps.Keys(rows))
	files := make([]OutputFile, len(parts))
	errs := make([]error, len(parts))
	// The partitions are written in parallel: a run's largest table is
	// most of the writing, and the last to finish.
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for k, p := range parts {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			idx := rows[p]
			if region != nil {
				slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(region(a), region(b)) })
			}
			sub, err := takeRows(rec, idx, drop, mem)
			if err != nil {
				errs[k] = fmt.Errorf("%s, %s: %w", name, p, err)
				return
			}
			defer sub.Release()
			rel := path.Join(name, partitionDir(p), "part-0.parquet")
			if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(path.Dir(rel))), 0o755); err != nil {
				errs[k] = err
				return
			}
			size, err := writeFile(filepath.Join(dir, filepath.FromSlash(rel)), func(w io.Writer) error { return WriteParquet(w, sub) })
			if err != nil {
				errs[k] = fmt.Errorf("%s: %w", rel, err)
			}
			files[k] = OutputFile{Path: rel, Size: size}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	return files, parts, nil
}

// regionOrder gives each row of rec a number that sorts as its region
// does (nil when rec has no region): for a dictionary column its value's
// rank, worked out once, not a string a comparison.
func regionOrder(rec arrow.RecordBatch) func(i int) int {
	ix := rec.Schema().FieldIndices(pipeline.FieldRegion)
	if len(ix) == 0 {
		return nil
	}
	if d, ok := rec.Column(ix[0]).(*array.Dictionary); ok {
		if vals, ok := d.Dictionary().(*array.String); ok {
			order := make([]int, vals.Len())
			for j := range order {
				order[j] = j
			}
			slices.SortFunc(order, func(a, b int) int { return strings.Compare(vals.Value(a), vals.Value(b)) })
			rank := make([]int, vals.Len())
			for r, j := range order {
				rank[j] = r
			}
			return func(i int) int {
				if d.IsNull(i) {
					return -1
				}
				return rank[d.GetValueIndex(i)]
			}
		}
	}
	col := pipeline.StringColumn(rec, pipeline.FieldRegion)
	names := map[string]int{}
	for i := 0; i < int(rec.NumRows()); i++ {
		names[col(i)] = 0
	}
	for r, n := range slices.Sorted(maps.Keys(names)) {
		names[n] = r
	}
	return func(i int) int { return names[col(i)] }
}

// takeRows is a new record of rec's rows idx, in that order, without the
// column drop (-1: none).
func takeRows(rec arrow.RecordBatch, idx []int, drop int, mem memory.Allocator) (arrow.RecordBatch, error) {
	b := array.NewInt64Builder(mem)
	defer b.Release()
	for _, i := range idx {
		b.Append(int64(i))
	}
	ix := b.NewInt64Array()
	defer ix.Release()
	ctx := compute.WithAllocator(context.Background(), mem)
	var cols []arrow.Array
	var fields []arrow.Field
	defer func() {
		for _, c := range cols {
			c.Release()
		}
	}()
	for c := 0; c < int(rec.NumCols()); c++ {
		if c == drop {
			continue
		}
		out, err := compute.TakeArray(ctx, rec.Column(c), ix)
		if err != nil {
			return nil, err
		}
		cols = append(cols, out)
		fields = append(fields, rec.Schema().Field(c))
	}
	return array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, int64(len(idx))), nil
}

// keepPartitions links into the dataset being built (dir) the partitions
// of the result tables that this run did not write, from the dataset in
// place (old): the results of earlier periods stay. A file is hard-linked
// where the system can, copied otherwise.
func keepPartitions(old, dir string, written map[string][]string) error {
	for name := range results {
		entries, err := os.ReadDir(filepath.Join(old, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		for _, e := range entries {
			value, ok := strings.CutPrefix(e.Name(), partitionKey+"=")
			if !ok || !e.IsDir() || slices.Contains(written[name], value) {
				continue
			}
			if err := linkTree(filepath.Join(old, name, e.Name()), filepath.Join(dir, name, e.Name())); err != nil {
				return fmt.Errorf("keeping %s/%s: %w", name, e.Name(), err)
			}
		}
	}
	return nil
}

// linkTree makes dst a copy of the folder src, its files hard links.
func linkTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		if os.Link(p, to) == nil {
			return nil
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		_, err = writeFile(to, func(w io.Writer) error { _, err := io.Copy(w, in); return err })
		return err
	})
}

// datasetFiles lists the Parquet files of a table in the dataset at dir,
// sorted, relative to dir.
func datasetFiles(dir, name string) []string {
	var out []string
	if classOf(name) == dimensionTable {
		return []string{name + ".parquet"}
	}
	filepath.WalkDir(filepath.Join(dir, name), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".parquet") {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(out)
	return out
}

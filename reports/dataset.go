package reports

import (
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
const SchemaVersion = 4

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

// partitionOf gives each row of the named table its partition, as a
// number (-1: none) that name turns into the partition's value: its own
// month, or for a result without one, the run's period. A row of the
// indicator results that is not of the period (the series, recomputed each
// run) has none and is left out: each period's results are its own.
func partitionOf(name string, rec arrow.RecordBatch, period pipeline.Month) (part func(i int) int, value func(k int) string) {
	p := period.String()
	runs := func(int) string { return p }
	switch ix := rec.Schema().FieldIndices(pipeline.FieldPeriod); {
	case name == pipeline.Statistics.Name:
		start := rec.Column(rec.Schema().FieldIndices(pipeline.FieldSchoolYearStart)[0]).(*array.Int32)
		return func(i int) int { return int(start.Value(i)) }, func(k int) string { return fmt.Sprintf("%04d-10", k) }
	case name == pipeline.TableIndicators:
		own := pipeline.StringColumn(rec, pipeline.FieldPeriod)
		return func(i int) int {
			if own(i) != p {
				return -1
			}
			return 0
		}, runs
	case len(ix) > 0:
		col := rec.Column(ix[0])
		if d, ok := col.(*array.Dictionary); ok {
			return func(i int) int {
					if d.IsNull(i) {
						return -1
					}
					return d.GetValueIndex(i)
				}, func(k int) string {
					return pipeline.StringAt(d.Dictionary(), k)
				}
		}
		var values []string
		seen := map[string]int{}
		return func(i int) int {
			if col.IsNull(i) {
				return -1
			}
			v := pipeline.StringAt(col, i)
			k, ok := seen[v]
			if !ok {
				k = len(values)
				seen[v] = k
				values = append(values, v)
			}
			return k
		}, func(k int) string { return values[k] }
	}
	return func(int) int { return 0 }, runs
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
	src, parts, spans, err := arrange(name, rec, period, mem)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	defer src.Release()
	drop := -1
	if ix := src.Schema().FieldIndices(partitionKey); len(ix) > 0 {
		drop = ix[0]
	}
	files := make([]OutputFile, len(parts))
	errs := make([]error, len(parts))
	// The partitions are written in parallel: a run's largest table is
	// most of the writing, and the last to finish. Each is written from
	// slices of the arranged record: its rows are not copied again.
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for k, p := range parts {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			chunks := make([]arrow.RecordBatch, len(spans[k]))
			for c, sp := range spans[k] {
				chunks[c] = sliceRows(src, sp.from, sp.to, drop)
			}
			defer func() {
				for _, c := range chunks {
					c.Release()
				}
			}()
			rel := path.Join(name, partitionDir(p), "part-0.parquet")
			if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(path.Dir(rel))), 0o755); err != nil {
				errs[k] = err
				return
			}
			size, err := writeFile(filepath.Join(dir, filepath.FromSlash(rel)), func(w io.Writer) error { return writeParquetChunks(w, chunks) })
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

// span is rows from to to (not included) of a record.
type span struct{ from, to int }

// arrange orders the rows of the named table as the dataset holds them:
// by partition (their names sorted), and in a partition by region, rows
// of one region in their order in rec; a row without a partition is left
// out. It returns the record the rows are in, the partitions, and each
// partition's rows as spans of that record. The order is a counting sort
// over (partition, region). A sender's file is most often one month and
// one region, its rows side by side in rec: then the spans are of rec
// itself, long runs of it, and nothing is copied; when they are short
// (rows of many months or regions interleaved), every column is taken in
// the new order once, and each partition is one span of that.
func arrange(name string, rec arrow.RecordBatch, period pipeline.Month, mem memory.Allocator) (arrow.RecordBatch, []string, [][]span, error) {
	n := int(rec.NumRows())
	part, value := partitionOf(name, rec, period)
	index := map[int]int32{}     // a partition's number → its place in names
	byName := map[string]int32{} // (two numbers may name one partition)
	var names []string
	key := make([]int32, n) // the row's partition (in names), -1 for none
	last, lastK := -1, int32(-1)
	for i := range n {
		p := part(i)
		switch {
		case p < 0:
			key[i] = -1
			continue
		case p == last:
			key[i] = lastK
			continue
		}
		k, ok := index[p]
		if !ok {
			v := value(p)
			if k, ok = byName[v]; !ok {
				k = int32(len(names))
				byName[v] = k
				names = append(names, v)
			}
			index[p] = k
		}
		key[i], last, lastK = k, p, k
	}
	// A run for a period with no row of a row table still leaves the
	// table's folder, so that a reader finds it (empty).
	if len(names) == 0 && classOf(name) == rowTable {
		names = []string{period.String()}
	}
	parts := slices.Sorted(slices.Values(names))
	rank := make([]int32, len(names)) // a partition's place among the sorted
	for k, p := range names {
		r, _ := slices.BinarySearch(parts, p)
		rank[k] = int32(r)
	}
	region, regions := regionOrder(rec)
	if region == nil {
		region, regions = func(int) int { return 0 }, 1
	}
	// The composite key: the partition's rank, then the region's.
	counts := make([]int, len(parts)*regions+1)
	for i := range n {
		if key[i] >= 0 {
			key[i] = rank[key[i]]*int32(regions) + int32(region(i))
			counts[key[i]+1]++
		}
	}
	for c := 1; c < len(counts); c++ {
		counts[c] += counts[c-1]
	}
	bounds := make([]int, len(parts)+1)
	for k := range parts {
		bounds[k+1] = counts[(k+1)*regions]
	}
	idx := make([]int64, counts[len(counts)-1])
	for i := range n {
		if k := key[i]; k >= 0 {
			idx[counts[k]] = int64(i)
			counts[k]++
		}
	}
	// The runs of rows side by side in rec, partition by partition (an
	// empty one has an empty span).
	spans := make([][]span, len(parts))
	runs := 0
	for k := range parts {
		if bounds[k] == bounds[k+1] {
			spans[k] = []span{{0, 0}}
		}
		for j := bounds[k]; j < bounds[k+1]; {
			e := j + 1
			for e < bounds[k+1] && idx[e] == idx[e-1]+1 {
				e++
			}
			spans[k] = append(spans[k], span{int(idx[j]), int(idx[e-1]) + 1})
			runs++
			j = e
		}
	}
	if runs*minRun <= len(idx) {
		rec.Retain()
		return rec, parts, spans, nil
	}
	sorted, err := takeRows(rec, idx, mem)
	for k := range parts {
		spans[k] = []span{{bounds[k], bounds[k+1]}}
	}
	return sorted, parts, spans, err
}

// minRun is the fewest rows a run of rec must have on average for a
// partition to be written from its runs rather than from a copy.
const minRun = 256

// regionOrder gives each row of rec a number from 0 to regions-1 that
// sorts as its region does, a row without one first (nil when rec has no
// region): for a dictionary column its value's rank, worked out once,
// not a string a comparison.
func regionOrder(rec arrow.RecordBatch) (order func(i int) int, regions int) {
	ix := rec.Schema().FieldIndices(pipeline.FieldRegion)
	if len(ix) == 0 {
		return nil, 0
	}
	if d, ok := rec.Column(ix[0]).(*array.Dictionary); ok {
		if vals, ok := d.Dictionary().(*array.String); ok {
			byName := make([]int, vals.Len())
			for j := range byName {
				byName[j] = j
			}
			slices.SortFunc(byName, func(a, b int) int { return strings.Compare(vals.Value(a), vals.Value(b)) })
			rank := make([]int, vals.Len())
			for r, j := range byName {
				rank[j] = r + 1
			}
			return func(i int) int {
				if d.IsNull(i) {
					return 0
				}
				return rank[d.GetValueIndex(i)]
			}, vals.Len() + 1
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
	return func(i int) int { return names[col(i)] }, len(names)
}

// takeRows is a new record of rec's rows idx, in that order.
func takeRows(rec arrow.RecordBatch, idx []int64, mem memory.Allocator) (arrow.RecordBatch, error) {
	data := array.NewData(arrow.PrimitiveTypes.Int64, len(idx), []*memory.Buffer{nil, memory.NewBufferBytes(arrow.Int64Traits.CastToBytes(idx))}, nil, 0, 0)
	defer data.Release()
	ix := array.NewInt64Data(data)
	defer ix.Release()
	ctx := compute.WithAllocator(context.Background(), mem)
	cols := make([]arrow.Array, 0, rec.NumCols())
	defer func() {
		for _, c := range cols {
			c.Release()
		}
	}()
	for c := 0; c < int(rec.NumCols()); c++ {
		out, err := compute.TakeArray(ctx, rec.Column(c), ix)
		if err != nil {
			return nil, err
		}
		cols = append(cols, out)
	}
	return array.NewRecordBatch(rec.Schema(), cols, int64(len(idx))), nil
}

// sliceRows is rows from to to of rec, without the column drop (-1:
// none), sharing rec's memory.
func sliceRows(rec arrow.RecordBatch, from, to, drop int) arrow.RecordBatch {
	var cols []arrow.Array
	var fields []arrow.Field
	for c := 0; c < int(rec.NumCols()); c++ {
		if c == drop {
			continue
		}
		cols = append(cols, array.NewSlice(rec.Column(c), int64(from), int64(to)))
		fields = append(fields, rec.Schema().Field(c))
	}
	out := array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, int64(to-from))
	for _, c := range cols {
		c.Release()
	}
	return out
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

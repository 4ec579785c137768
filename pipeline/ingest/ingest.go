package ingest

import (
	"archive/zip"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/klauspost/compress/flate"

	"kulturrapport/pipeline"
	"kulturrapport/pipeline/ingest/internal/book"
	"kulturrapport/pipeline/internal/rowbuild"
	"kulturrapport/pipeline/internal/work"
)

// Options steer ingestion.
type Options struct {
	// Period is the reporting month (0: none, no date is after it);
	// periodEnd its last day, set by Ingest.
	Period    pipeline.Month
	periodEnd time.Time
	// caches is the pool of lookup caches the run's builders share, set
	// by Ingest.
	caches *sync.Pool
	// ref is the run's reference data, set by Ingest (SSB's files are
	// read by it).
	ref    *pipeline.Reference
	Limits Limits
	// HeaderSearchRows is how many rows from the top the header may be in.
	HeaderSearchRows int
	// Progress, if set, is called after each file.
	Progress func(done, total int, path string)
	// Pins fix the kind or sheet of the files they match.
	Pins []Pin
	// Workers read files in parallel; 0 means one per CPU.
	Workers int
	// Skipped are the inputs left out before reading (see FindInputs),
	// accounted for with the files read.
	Skipped []*pipeline.FileReport
	// merged are the blocks of merged cells in the data of a file's
	// sheets, by sheet, when the file is read again with them known (see
	// errMerged).
	merged map[string][]book.Merge
}

// Limits bound what a file may cost to read (see the config's limits).
type Limits = book.WorkbookLimits

// Pin fixes how the files whose path or name matches Match (a glob, as
// path/filepath.Match) are read: as Kind, and from Sheet only (which may be
// hidden). Either may be empty.
type Pin struct {
	Match string
	Kind  string
	Sheet string
}

// pinFor returns the first pin that matches path, or a zero Pin.
func (o *Options) pinFor(path string) Pin {
	for _, p := range o.Pins {
		if ok, _ := filepath.Match(p.Match, path); ok {
			return p
		}
		if ok, _ := filepath.Match(p.Match, filepath.Base(path)); ok {
			return p
		}
	}
	return Pin{}
}

// spreadsheetExt are the file endings picked up when a folder is read.
// Those of spreadsheets not read here (Apple Numbers, binary Excel, a
// Google Sheets shortcut) are picked up too, to be reported with what to
// do; documents (see book.DocumentKind) are reported as left out.
var spreadsheetExt = map[string]bool{".xlsx": true, ".xlsm": true, ".xls": true, ".csv": true, ".tsv": true, ".ods": true, ".json": true,
	".numbers": true, ".xlsb": true, ".gsheet": true}

// Inputs are the files a run reads, and the inputs it leaves out with the
// reason.
type Inputs struct {
	Files   []string
	Skipped []*pipeline.FileReport
}

// ExpandInputs turns files and folders into a sorted list of files, as
// FindInputs does.
func ExpandInputs(inputs []string) ([]string, error) {
	in, err := FindInputs(inputs, nil)
	return in.Files, err
}

// InputError is an input named that cannot be looked at: it does not
// exist, or may not be read.
type InputError struct {
	Path string
	Err  error
}

func (e *InputError) Error() string { return fmt.Sprintf("input %s: %v", e.Path, e.Err) }
func (e *InputError) Unwrap() error { return e.Err }

// FindInputs turns files and folders into a sorted list of files. Folders
// are read recursively for spreadsheets; hidden files and Excel's lock
// files (~$name.xlsx) are left out, and so are the folders in exclude
// (the run's output folder: a run never reads its own reports). A link
// found in a folder is followed only when it leads to a file inside that
// folder; one that leads out is skipped, with its reason. A named file is
// always kept: what is not a regular file is reported when it is read.
func FindInputs(inputs []string, exclude []string) (Inputs, error) {
	var res Inputs
	seen := map[string]bool{}
	add := func(p string) {
		p = filepath.Clean(p)
		if !seen[p] {
			seen[p] = true
			res.Files = append(res.Files, p)
		}
	}
	skip := func(p string, m pipeline.Msg) {
		res.Skipped = append(res.Skipped, &pipeline.FileReport{Path: filepath.ToSlash(filepath.Clean(p)), Status: pipeline.StatusSkipped, ReasonMsg: m,
			Rejected: []pipeline.Problem{}, Warnings: []pipeline.Problem{}})
	}
	var excluded []string
	for _, e := range exclude {
		if r, err := realPath(e); err == nil {
			excluded = append(excluded, r)
		}
	}
	for _, in := range inputs {
		fi, err := os.Stat(in)
		if err != nil {
			// "input x: no such file or directory", not "input x: stat x: …"
			var pe *fs.PathError
			if errors.As(err, &pe) && pe.Path == in {
				err = pe.Err
			}
			return Inputs{}, &InputError{Path: in, Err: err}
		}
		if !fi.IsDir() {
			add(in)
			continue
		}
		root, err := realPath(in)
		if err != nil {
			return Inputs{}, fmt.Errorf("reading folder %s: %w", in, err)
		}
		err = filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if p != in && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if r, err := realPath(p); err == nil && slices.Contains(excluded, r) {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(name, "~$") {
				return nil
			}
			if !spreadsheetExt[strings.ToLower(filepath.Ext(name))] {
				if kind := book.DocumentKind(name); kind != "" {
					skip(p, msg("file.document", kind))
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				target, err := realPath(p)
				if err != nil || !within(root, target) {
					skip(p, msg("file.linkout"))
					return nil
				}
			}
			add(p)
			return nil
		})
		if err != nil {
			return Inputs{}, fmt.Errorf("reading folder %s: %w", in, err)
		}
	}
	sort.Strings(res.Files)
	return res, nil
}

// realPath is p made absolute with its links resolved.
func realPath(p string) (string, error) {
	a, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(a)
}

// within reports whether path is dir or inside it.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// Ingest reads every file, validates each row and builds the normalised
// tables. Files are read in parallel (a worker per CPU) and merged in their
// order, so the result does not depend on scheduling: the same files give
// the same tables, row for row. A file that cannot be read is reported and
// the others are read; an error is returned only when the run itself cannot
// go on (cancelled).
func Ingest(ctx context.Context, ref *pipeline.Reference, files []string, opts Options, mem memory.Allocator) (*pipeline.Dataset, error) {
	if opts.HeaderSearchRows <= 0 {
		opts.HeaderSearchRows = 20
	}
	if opts.Period != 0 {
		opts.periodEnd = opts.Period.End()
	}
	opts.caches = new(sync.Pool)
	opts.ref = ref
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	reports := make([]*pipeline.FileReport, len(files))
	for i, path := range files {
		reports[i] = &pipeline.FileReport{Path: filepath.ToSlash(path), Rejected: []pipeline.Problem{}, Warnings: []pipeline.Problem{}}
	}

	// Each file is read once: hashed, then opened from memory. The same
	// content sent twice is read once: a file whose content an earlier file
	// has is a duplicate, and is not opened when that file was hashed first
	// (as good as always: the workers take the files in order); when it was
	// not, it is read and dropped below.
	type fileTables struct {
		recs map[string]arrow.RecordBatch
		dups map[string]*dupTracker
	}
	results := make([]fileTables, len(files))
	var (
		firstMu sync.Mutex
		first   = map[string]int{} // content hash → the first file seen with it
		done    atomic.Int64
	)
	opts.Limits = opts.Limits.WithDefaults()
	work.Parallel(ctx, len(files), workers, func(i int) {
		if opts.Progress != nil {
			defer func() { opts.Progress(int(done.Add(1)), len(files), files[i]) }()
		}
		buf := inputBufs.Get().(*[]byte)
		defer inputBufs.Put(buf)
		in, err := book.ReadInput(files[i], opts.Limits, buf, true)
		switch {
		case err != nil:
			reports[i].Fail(readMsg(err))
			return
		case in.Data == nil:
			reports[i].Fail(in.TooLarge(opts.Limits))
			return
		}
		reports[i].SHA256, reports[i].Modified = in.Sum, in.Modified
		firstMu.Lock()
		j, seen := first[in.Sum]
		if !seen || i < j {
			first[in.Sum] = i
		}
		firstMu.Unlock()
		if seen && j < i {
			return // a duplicate
		}
		// A file holds one or two kinds: builders are made as its sheets
		// need them.
		builders := map[string]tableBuilder{}
		builder := func(k *pipeline.Kind) tableBuilder {
			b := builders[k.Name]
			if b == nil {
				b = builderOf[k.Name](ref, opts, mem)
				builders[k.Name] = b
			}
			return b
		}
		discard := func() {
			for name, b := range builders {
				b.duplicates().done()
				b.release()
				delete(builders, name)
			}
		}
		err = readFile(ctx, in, reports[i], builder, opts)
		var merged *errMerged
		if errors.Is(err, book.ErrFallback) || errors.As(err, &merged) {
			// The fast reader met what it does not read, or the file
			// has merged cells in its data (listed after its rows): the
			// whole file is read again, by excelize or with its merged
			// cells known, never a prefix of it kept.
			discard()
			*reports[i] = pipeline.FileReport{Path: reports[i].Path, SHA256: in.Sum, Modified: in.Modified, Rejected: []pipeline.Problem{}, Warnings: []pipeline.Problem{}}
			o := opts
			if merged != nil {
				o.merged = merged.sheets
			} else {
				o.Limits.Excelize = true
			}
			err = readFile(ctx, in, reports[i], builder, o)
		}
		// The file's problems packed now, while the garbage they were made
		// among is still to be collected (see problemLog.compact).
		reports[i].Compact()
		if err != nil || reports[i].Status != pipeline.StatusOK {
			discard() // cancelled, or unreadable: none of its rows count
			return
		}
		ft := fileTables{recs: map[string]arrow.RecordBatch{}, dups: map[string]*dupTracker{}}
		for name, b := range builders {
			ft.recs[name] = b.newRecord()
			d := b.duplicates()
			d.done() // the hashes are what the merge needs
			ft.dups[name] = d
			b.release()
		}
		results[i] = ft
	})
	defer func() {
		for _, ft := range results {
			for _, r := range ft.recs {
				r.Release()
			}
		}
	}()
	byHash := map[string]string{}
	for i, rep := range reports {
		if rep.SHA256 == "" {
			continue // unreadable
		}
		if firstPath, dup := byHash[rep.SHA256]; dup {
			for _, r := range results[i].recs {
				r.Release()
			}
			results[i] = fileTables{}
			*rep = pipeline.FileReport{Path: rep.Path, SHA256: rep.SHA256, Status: pipeline.StatusDuplicate, ReasonMsg: msg("file.duplicate", firstPath),
				Rejected: []pipeline.Problem{}, Warnings: []pipeline.Problem{}}
			continue
		}
		byHash[rep.SHA256] = rep.Path
	}
	// A corrected file sent again replaces the earlier one: its rows are
	// not merged, so they cannot reject the correction as duplicates.
	tables := make([]map[string]arrow.RecordBatch, len(files))
	for i := range results {
		tables[i] = results[i].recs
	}
	for i, gone := range replaceResubmitted(reports, tables) {
		if gone {
			for _, r := range results[i].recs {
				r.Release()
			}
			results[i] = fileTables{}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// Merge in file order; the same row in a later file is a duplicate.
	ds := &pipeline.Dataset{Files: reports, Tables: map[string]arrow.RecordBatch{}}
	for _, k := range pipeline.Kinds() {
		hashes, nearHashes := make([][]uint64, len(files)), make([][]uint64, len(files))
		anyNear := false
		for i := range files {
			if d := results[i].dups[k.Name]; d != nil {
				hashes[i], nearHashes[i] = d.hashes, d.nearHashes
				anyNear = anyNear || len(d.nearHashes) > 0
			}
		}
		var hits, nearHits [][]dupHit
		if anyNear {
			hits, nearHits = crossNearDuplicates(ctx, hashes, nearHashes, workers)
		} else {
			hits = crossDuplicates(ctx, hashes, workers)
		}
		if err := ctx.Err(); err != nil {
			ds.Release()
			return nil, err
		}
		m := &merger{reports: reports, kind: k, rows: make([]*array.Int32, len(files)), sheets: make([]*array.Dictionary, len(files))}
		var parts [][]arrow.Array // per file: kept slices of each column
		for i := range files {
			rec := results[i].recs[k.Name]
			if rec == nil || rec.NumRows() == 0 {
				continue
			}
			keep := m.merge(i, rec, results[i].dups[k.Name], hits[i])
			if nearHits != nil {
				m.warnNear(i, rec, results[i].dups[k.Name], nearHits[i], keep)
			}
			parts = append(parts, keptSlices(rec, keep)...)
			// The slices hold the buffers they need; the file's record
			// can go, and its hashes: the join below is a run's peak of
			// memory, what is let go here is not held through it.
			rec.Release()
			delete(results[i].recs, k.Name)
			delete(results[i].dups, k.Name)
		}
		m.release()
		ds.Tables[k.Name] = concatRecords(k.Schema, parts, mem)
		if k == pipeline.Statistics {
			ds.Tables[k.Name] = mergeSuccessors(ds, ds.Tables[k.Name], mem)
		}
		warmDictionaries(ds.Tables[k.Name])
	}
	if len(opts.Skipped) > 0 {
		ds.Files = append(ds.Files, opts.Skipped...)
		slices.SortStableFunc(ds.Files, func(a, b *pipeline.FileReport) int { return strings.Compare(a.Path, b.Path) })
	}
	ds.Compact()
	return ds, nil
}

// warmDictionaries makes arrow build the dictionary array of every
// dictionary column now: it does so lazily, and not safely when the indicators
// and the report writers read the table from several goroutines.
func warmDictionaries(rec arrow.RecordBatch) {
	for _, col := range rec.Columns() {
		if d, ok := col.(*array.Dictionary); ok {
			d.Dictionary()
		}
	}
}

// dupHit is a row of a file's table whose identity an earlier file holds:
// its index in the table, and the file and index of the first.
type dupHit struct {
	i, firstFile, firstIdx int32
}

// crossDuplicates finds the rows of each file (by their identity hashes,
// per file in order) that an earlier file holds, in row order per file. The
// hashes are split into partitions by their top bits, each looked up in a
// map of its own, in parallel: one map of a million rows missed the CPU's
// caches on almost every lookup. Within a partition files are taken in
// order, so the first row of an identity is the same however the
// partitions are scheduled.
func crossDuplicates(ctx context.Context, hashes [][]uint64, workers int) [][]dupHit {
	const bits = 4
	total := 0
	for _, hs := range hashes {
		total += len(hs)
	}
	byPart := make([][]found, 1<<bits)
	work.Parallel(ctx, len(byPart), workers, func(p int) {
		seen := make(map[uint64]uint64, total>>bits+total>>(bits+3))
		for fi, hs := range hashes {
			for i, h := range hs {
				if int(h>>(64-bits)) != p {
					continue
				}
				if at, dup := seen[h]; dup {
					byPart[p] = append(byPart[p], found{int32(fi), dupHit{int32(i), int32(at >> 32), int32(uint32(at))}})
					continue
				}
				seen[h] = uint64(fi)<<32 | uint64(i)
			}
		}
	})
	return gatherHits(byPart, len(hashes))
}

// found is a hit of a file found in one hash partition.
type found struct {
	file int32
	hit  dupHit
}

// gatherHits joins the partitions' hits into each file's, in row order.
func gatherHits(byPart [][]found, files int) [][]dupHit {
	hits := make([][]dupHit, files)
	for _, fs := range byPart {
		for _, f := range fs {
			hits[f.file] = append(hits[f.file], f.hit)
		}
	}
	for _, h := range hits {
		slices.SortFunc(h, func(a, b dupHit) int { return cmp.Compare(a.i, b.i) })
	}
	return hits
}

// crossNearDuplicates is crossDuplicates for a kind whose rows also have a
// looser key (near, one hash a row as full): it finds in one pass the rows
// that an earlier file holds exactly (their first occurrence) and the rows
// that share their looser key with an earlier row (the first row of that
// key, which may be in the same file). Equal rows share their looser key,
// so the exact map only takes rows whose looser key was seen before (and
// the first row of that key): a million rows cost one map of their looser
// keys, not two maps.
func crossNearDuplicates(ctx context.Context, full, near [][]uint64, workers int) (exact, nearHits [][]dupHit) {
	const bits = 4
	total := 0
	for _, hs := range near {
		total += len(hs)
	}
	exactBy, nearBy := make([][]found, 1<<bits), make([][]found, 1<<bits)
	work.Parallel(ctx, 1<<bits, workers, func(p int) {
		seenNear := make(map[uint64]uint64, total>>bits+total>>(bits+3))
		seenFull := map[uint64]uint64{} // full hash → its first row + 1
		for fi, hs := range near {
			for i, h := range hs {
				if int(h>>(64-bits)) != p {
					continue
				}
				pos := uint64(fi)<<32 | uint64(i)
				at, seen := seenNear[h]
				if !seen {
					seenNear[h] = pos
					continue
				}
				// The first row of the looser key joins the exact map when
				// its key is seen again.
				if fh := full[at>>32][uint32(at)]; seenFull[fh] == 0 {
					seenFull[fh] = at + 1
				}
				f := full[fi][i]
				if first := seenFull[f]; first != 0 {
					first--
					exactBy[p] = append(exactBy[p], found{int32(fi), dupHit{int32(i), int32(first >> 32), int32(uint32(first))}})
					continue
				}
				seenFull[f] = pos + 1
				nearBy[p] = append(nearBy[p], found{int32(fi), dupHit{int32(i), int32(at >> 32), int32(uint32(at))}})
			}
		}
	})
	return gatherHits(exactBy, len(near)), gatherHits(nearBy, len(near))
}

// merger rejects the rows of one kind that an earlier file holds already.
type merger struct {
	reports []*pipeline.FileReport
	kind    *pipeline.Kind
	// rows and sheets are each file's row number and sheet columns, kept
	// to name the first row of a duplicate.
	rows   []*array.Int32
	sheets []*array.Dictionary
}

// merge rejects the rows of file fi's table rec that an earlier file holds
// already (hits), and returns which rows to keep (nil: all).
func (m *merger) merge(fi int, rec arrow.RecordBatch, d *dupTracker, hits []dupHit) []bool {
	rep := m.reports[fi]
	sheetCol := rec.Column(rec.Schema().FieldIndices(pipeline.FieldSourceSheet)[0]).(*array.Dictionary)
	rows := rec.Column(rec.Schema().FieldIndices(pipeline.FieldSourceRow)[0]).(*array.Int32)
	sheetCol.Retain()
	rows.Retain()
	m.sheets[fi], m.rows[fi] = sheetCol, rows
	if len(hits) == 0 {
		return nil
	}
	field, column := rec.Column(rec.Schema().FieldIndices(d.field)[0]), m.kind.Header(d.field)
	keep := make([]bool, rec.NumRows())
	for j := range keep {
		keep[j] = true
	}
	for _, h := range hits {
		i := int(h.i)
		keep[i] = false
		first := where(m.reports[h.firstFile].Path, pipeline.StringAt(m.sheets[h.firstFile], int(h.firstIdx)), int(m.rows[h.firstFile].Value(int(h.firstIdx))))
		sheet := pipeline.StringAt(sheetCol, i)
		p := pipeline.Problem{File: rep.Path, Sheet: sheet, Value: pipeline.StringAt(field, i), Msg: msg(d.msgKey, first), Column: column}
		p.Cell = pipeline.CellRef(d.cols[sheet]+1, int(rows.Value(i)))
		rep.Reject(p)
		rep.RowsAccepted--
		rep.RowsRejected++
	}
	return keep
}

// warnNear warns of the rows of file fi kept (keep, nil for all) that share
// their looser key with a row of an earlier file (hits): maybe one
// activity sent by two people. Hits within the file were warned of as
// the file was read.
func (m *merger) warnNear(fi int, rec arrow.RecordBatch, d *dupTracker, hits []dupHit, keep []bool) {
	rep := m.reports[fi]
	sheetCol, rows := m.sheets[fi], m.rows[fi]
	field, column := rec.Column(rec.Schema().FieldIndices(d.field)[0]), m.kind.Header(d.field)
	for _, h := range hits {
		i := int(h.i)
		if int(h.firstFile) == fi || keep != nil && !keep[i] {
			continue
		}
		first := where(m.reports[h.firstFile].Path, pipeline.StringAt(m.sheets[h.firstFile], int(h.firstIdx)), int(m.rows[h.firstFile].Value(int(h.firstIdx))))
		sheet := pipeline.StringAt(sheetCol, i)
		rep.Warn(pipeline.Problem{File: rep.Path, Sheet: sheet, Value: pipeline.StringAt(field, i), Msg: msg("duplicate.near", first),
			Column: column, Cell: pipeline.CellRef(d.cols[sheet]+1, int(rows.Value(i)))})
	}
}

// release lets go of the columns kept to name first rows.
func (m *merger) release() {
	for i := range m.rows {
		if m.rows[i] != nil {
			m.rows[i].Release()
			m.sheets[i].Release()
		}
	}
}

// keptSlices cuts rec into the runs of rows to keep, as column slices.
func keptSlices(rec arrow.RecordBatch, keep []bool) [][]arrow.Array {
	if keep == nil { // all of it: the columns themselves
		cols := make([]arrow.Array, rec.NumCols())
		for c := range cols {
			cols[c] = rec.Column(c)
			cols[c].Retain()
		}
		return [][]arrow.Array{cols}
	}
	n := int(rec.NumRows())
	var runs [][2]int
	for i := 0; i < n; {
		for i < n && !keep[i] {
			i++
		}
		j := i
		for j < n && keep[j] {
			j++
		}
		if j > i {
			runs = append(runs, [2]int{i, j})
		}
		i = j
	}
	var out [][]arrow.Array
	for _, r := range runs {
		cols := make([]arrow.Array, rec.NumCols())
		for c := range cols {
			cols[c] = array.NewSlice(rec.Column(c), int64(r[0]), int64(r[1]))
		}
		out = append(out, cols)
	}
	return out
}

// concatRecords joins column slices into one record, and releases them,
// column by column, so that the joined table and its parts are not held
// twice in memory.
func concatRecords(schema *arrow.Schema, parts [][]arrow.Array, mem memory.Allocator) arrow.RecordBatch {
	if len(parts) == 0 {
		b := array.NewRecordBuilder(mem, schema)
		defer b.Release()
		return b.NewRecordBatch()
	}
	cols := make([]arrow.Array, len(schema.Fields()))
	var rows int64
	for _, p := range parts {
		rows += int64(p[0].Len())
	}
	// Columns are joined in parallel, each releasing its parts when done.
	work.Parallel(context.Background(), len(cols), runtime.GOMAXPROCS(0), func(c int) {
		arrs := make([]arrow.Array, len(parts))
		for i, p := range parts {
			arrs[i] = p[c]
		}
		joined, err := rowbuild.Concat(arrs, mem)
		if err != nil {
			panic(fmt.Sprintf("concatenating %s: %v", schema.Field(c).Name, err)) // same schema: cannot happen
		}
		cols[c] = joined
		// Released, a part's buffers are still reachable from the array
		// that held them (its typed slice of values) until the array is
		// no longer referenced: without this, every part stays in memory
		// until all columns are joined.
		for i, a := range arrs {
			a.Release()
			parts[i][c] = nil
		}
	})
	rec := array.NewRecordBatch(schema, cols, rows)
	for _, c := range cols {
		c.Release()
	}
	return rec
}

// inputBufs are the buffers files are read into, one a worker.
var inputBufs = sync.Pool{New: func() any { return new([]byte) }}

// readMsg is the reason a file could not be read, in words for its sender.
func readMsg(err error) pipeline.Msg {
	var se *book.SheetError
	var fe *book.FileError
	var ce flate.CorruptInputError
	switch {
	case errors.As(err, &se):
		return se.Msg
	case errors.As(err, &fe):
		return fe.Msg
	case errors.Is(err, zip.ErrChecksum), errors.Is(err, zip.ErrFormat), errors.Is(err, io.ErrUnexpectedEOF), errors.As(err, &ce):
		return msg("file.corrupt")
	case errors.Is(err, fs.ErrPermission):
		return msg("file.permission")
	case errors.Is(err, fs.ErrNotExist):
		return msg("file.gone")
	}
	return msg("file.unreadable", err.Error())
}

// readFile reads one file into the builders, and accounts for it in rep.
// It returns book.ErrFallback when the fast reader meets what it does not read
// (the caller reads the file again with excelize) and the context's error
// when the run is cancelled; a file that cannot be read is marked so in
// rep. A panic in a reader library on a hostile file makes that file
// unreadable instead of ending the run.
func readFile(ctx context.Context, in *book.Input, rep *pipeline.FileReport, builder func(*pipeline.Kind) tableBuilder, opts Options) (err error) {
	defer func() {
		if r := recover(); r != nil {
			rep.Fail(msg("file.read", fmt.Sprint(r)))
			err = nil
		}
	}()
	// end decides what a read error means: read again, stop, or a file
	// that cannot be read.
	end := func(err error) error {
		switch {
		case errors.Is(err, book.ErrFallback) && !opts.Limits.Excelize:
			return book.ErrFallback
		case ctx.Err() != nil:
			return ctx.Err()
		}
		rep.Fail(readMsg(err))
		return nil
	}
	var wb book.Workbook
	var contents map[string]string
	if opts.ref != nil {
		contents = opts.ref.Config.SSB.Contents
	}
	if strings.HasSuffix(strings.ToLower(in.Path), ".json") && in.Data != nil && in.Size > 0 {
		// SSB's API: JSON-stat.
		if wb, _, err = openSSB(in.Path, in.Data, nil, contents, opts.ref); err != nil {
			var why any = err.Error()
			if m := (pipeline.Msg{}); errors.As(err, &m) {
				why = m // in the reader's language
			}
			rep.Fail(msg("file.jsonstat", why))
			return nil
		}
	} else if wb, err = book.Open(in, opts.Limits); err != nil {
		var fe *book.FileError
		if errors.As(err, &fe) {
			rep.Fail(fe.Msg)
		} else {
			rep.Fail(msg("file.unreadable", err.Error()))
		}
		return nil
	} else if ssb, ok, _ := openSSB(in.Path, in.Data, wb, contents, opts.ref); ok {
		// The statistics bank's CSV.
		wb.Close()
		wb = ssb
	}
	defer wb.Close()
	props := wb.Props()
	if t := props.Modified; !t.IsZero() && t.Year() >= 2000 {
		rep.Submitted = pipeline.DateOf(t)
		rep.Saved = t
	}
	if props.WrittenHere() {
		rep.Status, rep.ReasonMsg = pipeline.StatusSkipped, msg("file.ours", props.Title)
		return nil
	}
	for _, n := range wb.Notes() {
		rep.Warn(pipeline.Problem{File: rep.Path, Msg: n})
	}

	// Read every visible sheet whose header row matches a kind (or the
	// sheet a pin names, hidden or not).
	pin := opts.pinFor(rep.Path)
	var closest headerMatch
	var kindsRead, sheetsRead []string
	var merged map[string][]book.Merge // blocks found on a first reading
	blank := true
	for _, sh := range wb.Sheets() {
		if pin.Sheet != "" {
			if sh.Name != pin.Sheet {
				continue
			}
		} else if sh.Hidden {
			continue
		}
		rr, err := wb.Rows(sh.Name)
		if err != nil {
			return end(err)
		}
		var head [][]string
		var nums []int
		var formulas []book.CellMarks
		for len(head) < opts.HeaderSearchRows && rr.Scan() {
			head = append(head, append([]string(nil), rr.Row()...))
			nums = append(nums, rr.RowNum())
			formulas = append(formulas, marksOf(rr).Clone())
			if !book.IsBlank(rr.Row()) {
				blank = false
			}
		}
		if err := rr.Err(); err != nil {
			rr.Close()
			return end(err)
		}
		m, idx, ok := detectHeader(head, pin.Kind)
		var sheetValues map[string]sheetValue
		if ok && len(m.fromSheet) > 0 {
			// A column the sheet gives once, or, when it does not, one
			// it lacks.
			sheetValues = map[string]sheetValue{}
			for _, c := range m.fromSheet {
				if v, ok := valueOfSheet(c.Key, in.Path, sh.Name, titleOf(head[:idx])); ok {
					sheetValues[c.Key] = v
				} else {
					m.missing = append(m.missing, c.Header)
				}
			}
		}
		if !ok || len(m.missing) > 0 {
			if ok && (closest.kind == nil || m.matched > closest.matched) {
				closest = m
			}
			rr.Close()
			continue
		}
		if !slices.Contains(kindsRead, m.kind.Name) {
			kindsRead = append(kindsRead, m.kind.Name)
		}
		sheetsRead = append(sheetsRead, sh.Name)
		err = readRows(ctx, rep, wb, sh.Name, rr, sheetHead{head, nums, formulas, sheetValues}, idx, m, builder(m.kind), opts.merged[sh.Name])
		if err == nil && opts.merged == nil {
			if blocks := mergedBlocks(rr, nums[idx], m); len(blocks) > 0 {
				if merged == nil {
					merged = map[string][]book.Merge{}
				}
				merged[sh.Name] = blocks
			}
		}
		rr.Close()
		if err != nil {
			return end(err)
		}
	}
	if merged != nil {
		return &errMerged{merged}
	}
	if len(sheetsRead) > 0 {
		rep.Kind = strings.Join(kindsRead, ", ")
		rep.Sheet = strings.Join(sheetsRead, ", ")
		rep.Status = pipeline.StatusOK
		return nil
	}
	switch {
	case pin.Sheet != "" && !hasSheet(wb, pin.Sheet):
		rep.Fail(msg("file.pinsheet", pin.Sheet))
	case closest.kind != nil:
		rep.Kind = closest.kind.Name
		rep.Fail(msg("file.missingcols", strings.Join(closest.missing, ", ")))
	case blank && pin.Sheet == "" && hiddenOnly(wb):
		var names []string
		for _, sh := range wb.Sheets() {
			names = append(names, sh.Name)
		}
		rep.Fail(msg("file.hiddenonly", strings.Join(names, ", ")))
	case blank:
		rep.Fail(msg("file.empty"))
	default:
		var names []string
		for _, k := range pipeline.Kinds() {
			if pin.Kind == "" || pin.Kind == k.Name {
				names = append(names, k.Name+": "+strings.Join(requiredHeaders(k), ", "))
			}
		}
		rep.Fail(msg("file.nosheet", strings.Join(names, "; ")))
	}
	return nil
}

// struckRow reports whether every cell of a row with a value is struck
// through (struck: the columns so, in order).
func struckRow(cells []string, struck []int) bool {
	if len(struck) == 0 {
		return false
	}
	for i, c := range cells {
		if strings.TrimSpace(c) != "" && !slices.Contains(struck, i) {
			return false
		}
	}
	return true
}

// hiddenOnly reports whether every sheet of wb is hidden.
func hiddenOnly(wb book.Workbook) bool {
	for _, sh := range wb.Sheets() {
		if !sh.Hidden {
			return false
		}
	}
	return len(wb.Sheets()) > 0
}

func hasSheet(wb book.Workbook, name string) bool {
	for _, sh := range wb.Sheets() {
		if sh.Name == name {
			return true
		}
	}
	return false
}

// sheetHead is the rows read while looking for a sheet's header: their
// cells, row numbers and formula cells that no spreadsheet calculated.
type sheetHead struct {
	rows     [][]string
	nums     []int
	formulas []book.CellMarks
	values   map[string]sheetValue // of the columns the sheet gives once
}

// marksOf is the current row's formula cells that no spreadsheet
// calculated, for a reader that tells.
func marksOf(rr book.RowReader) book.CellMarks {
	if f, ok := rr.(book.MarkReader); ok {
		return f.Marks()
	}
	return book.CellMarks{}
}

// cellList counts cells and keeps the first five, for one warning of them.
type cellList struct {
	n     int
	cells []string
}

func (l *cellList) add(cell string) {
	if l.n++; len(l.cells) < 5 {
		l.cells = append(l.cells, cell)
	}
}

// String is the cells kept, and "…" when there are more.
func (l *cellList) String() string {
	s := strings.Join(l.cells, ", ")
	if l.n > len(l.cells) {
		s += " …"
	}
	return s
}

// warnFormulas says, in one warning for the sheet, the formula cells of
// list: key's message for one cell, key+".many" with their count and
// cells for more.
func warnFormulas(rep *pipeline.FileReport, sheet string, list *cellList, key string) {
	switch {
	case list.n == 1:
		rep.Warn(pipeline.Problem{File: rep.Path, Sheet: sheet, Cell: list.cells[0], Msg: msg(key)})
	case list.n > 1:
		rep.Warn(pipeline.Problem{File: rep.Path, Sheet: sheet, Cell: list.cells[0], Msg: msg(key+".many", list.n, list.String())})
	}
}

// readRows reads the data rows of a sheet, after its header row (head's
// row headerIdx). A read error ends the sheet: the caller decides what
// becomes of the file. The run's cancellation is looked at every few
// thousand rows.
func readRows(ctx context.Context, rep *pipeline.FileReport, wb book.Workbook, sheet string, rr book.RowReader, head sheetHead, headerIdx int, m headerMatch, tb tableBuilder, merged []book.Merge) error {
	rc := &rowCtx{file: rep.Path, sheet: sheet, cols: m.cols, more: m.more, index: newFieldIndex(m.cols), kind: m.kind, date1904: wb.Date1904(), slash: &slashOrder{}}
	headerRow := head.nums[headerIdx]
	rc.title = titleOf(head.rows[:headerIdx])
	for _, e := range m.extra {
		rep.Warn(pipeline.Problem{File: rep.Path, Sheet: sheet, Cell: pipeline.CellRef(e.idx+1, headerRow), Value: e.header, Msg: msg("column.extra", e.header)})
	}
	for _, c := range m.derived {
		from := m.kind.Header(c.DerivedFrom)
		rep.Warn(pipeline.Problem{File: rep.Path, Sheet: sheet, Cell: pipeline.CellRef(m.cols[c.DerivedFrom]+1, headerRow), Msg: msg("column.derived", c.Header, from)})
	}
	for _, e := range m.dups {
		rep.Warn(pipeline.Problem{File: rep.Path, Sheet: sheet, Cell: pipeline.CellRef(e.idx+1, headerRow), Value: e.header, Msg: msg("column.duplicate", e.header)})
	}
	for _, c := range m.fromSheet {
		if v, ok := head.values[c.Key]; ok {
			if rc.sheetValues == nil {
				rc.sheetValues = map[string]string{}
			}
			rc.sheetValues[c.Key] = v.value
			rep.Warn(pipeline.Problem{File: rep.Path, Sheet: sheet, Cell: pipeline.CellRef(1, headerRow), Value: v.value, Msg: msg("column.fromsheet", c.Header, v.value, v.where)})
		}
	}
	var required []int
	for _, c := range m.kind.Columns {
		if i, ok := m.cols[c.Key]; ok && c.Required {
			required = append(required, i)
		}
	}
	// Formulas whose result no spreadsheet calculated, in the columns
	// read, are said once for the sheet with their first cells: a file
	// made by a script has them in every row.
	used := map[int]bool{}
	for _, i := range m.cols {
		used[i] = true
	}
	var uncached, uncalculated cellList
	fill := newMergeFill(merged)
	one := func(num int, cells []string, formulas book.CellMarks) {
		if fill != nil {
			fill.begin(num, cells)
		}
		if book.IsBlank(cells) {
			return
		}
		if struckRow(cells, formulas.Struck) {
			rep.RowsStruck++
			rep.Warn(pipeline.Problem{File: rep.Path, Sheet: sheet, Cell: pipeline.CellRef(1, num), Msg: msg("row.struck")})
			return
		}
		if isTotalRow(cells, required) {
			rep.RowsSkipped++
			rep.Warn(pipeline.Problem{File: rep.Path, Sheet: sheet, Cell: pipeline.CellRef(1, num), Msg: msg("row.total")})
			return
		}
		if sameCells(cells, head.rows[headerIdx], required) {
			// The header again, as where blocks of rows were pasted
			// one under the other: not data.
			rep.Warn(pipeline.Problem{File: rep.Path, Sheet: sheet, Cell: pipeline.CellRef(1, num), Msg: msg("row.header")})
			return
		}
		for _, i := range formulas.Uncached {
			if used[i] {
				uncached.add(pipeline.CellRef(i+1, num))
			}
		}
		for _, i := range formulas.Uncalculated {
			if used[i] {
				uncalculated.add(pipeline.CellRef(i+1, num))
			}
		}
		if fill != nil {
			cells = fill.fill(num, cells)
		}
		rc.num, rc.cells = num, cells
		if lo, ok := tb.(leaver); ok {
			if key, out := lo.leftOut(rc); out {
				rep.RowsCancelled++
				rep.Warn(rc.problem(key, msg("row.cancelled")))
				return
			}
		}
		rep.RowsRead++
		rejects, warnings := tb.add(rc)
		rep.Warn(warnings...)
		if len(rejects) > 0 {
			rep.RowsRejected++
			rep.Reject(rejects...)
		} else {
			rep.RowsAccepted++
		}
	}
	// The order of dates with slashes, from the rows already read (the
	// activities' dates, or the months that projects and comments give as
	// a date in the month).
	for _, key := range []string{pipeline.FieldDate, pipeline.FieldPeriod} {
		col, ok := m.cols[key]
		for i := headerIdx + 1; ok && i < len(head.rows) && !rc.slash.decided; i++ {
			if col < len(head.rows[i]) {
				rc.slash.learn(head.rows[i][col], func() string { return pipeline.CellRef(col+1, head.nums[i]) })
			}
		}
	}
	for i := headerIdx + 1; i < len(head.rows); i++ {
		one(head.nums[i], head.rows[i], head.formulas[i])
	}
	for n := 1; rr.Scan(); n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		one(rr.RowNum(), rr.Row(), marksOf(rr))
	}
	if o := rc.slash; o.monthFirst {
		rep.Warn(pipeline.Problem{File: rep.Path, Sheet: sheet, Cell: o.at, Msg: msg("date.monthfirst")})
		if d := &o.doubtful; d.n > 0 {
			rep.Warn(pipeline.Problem{File: rep.Path, Sheet: sheet, Cell: d.cells[0], Msg: msg("date.doubtful", d.n, o.at, d.String())})
		}
	} else if d := &o.doubtful; !o.decided && d.n > 0 {
		// Every date with slashes could be either (10/06/2026): read as
		// a Norwegian writes them, but a program set to American
		// English writes them so too.
		rep.Warn(pipeline.Problem{File: rep.Path, Sheet: sheet, Cell: d.cells[0], Msg: msg("date.eitherway", d.n, d.String())})
	}
	fill.warn(rep, sheet, m)
	if l := &rc.yearless; l.n > 0 {
		rep.Warn(pipeline.Problem{File: rep.Path, Sheet: sheet, Cell: l.cells[0], Msg: msg("date.yearfrom", l.n, rc.year, rc.yearWhere, l.String())})
	}
	if l := &rc.monthless; l.n > 0 {
		rep.Warn(pipeline.Problem{File: rep.Path, Sheet: sheet, Cell: l.cells[0], Msg: msg("month.yearfrom", l.n, rc.year, rc.yearWhere, l.String())})
	}
	warnFormulas(rep, sheet, &uncached, "formula.uncached")
	rep.ValuesLost += uncached.n
	warnFormulas(rep, sheet, &uncalculated, "formula.uncalculated")
	return rr.Err()
}

// sameCells tells whether the cells of a and b at the columns cols are the
// same, spaces around them aside.
func sameCells(a, b []string, cols []int) bool {
	for _, i := range cols {
		if i >= len(a) || i >= len(b) || strings.TrimSpace(a[i]) != strings.TrimSpace(b[i]) {
			return false
		}
	}
	return len(cols) > 0
}

// rowCtx is the row being validated, with what is needed to name its cells.
type rowCtx struct {
	file, sheet string
	num         int
	cells       []string
	cols        map[string]int
	more        map[string][]int // a list's further numbered columns (list)
	index       *fieldIndex      // cols, for value
	kind        *pipeline.Kind
	date1904    bool
	slash       *slashOrder // the sheet's order of dates with slashes
	// sheetValues are the values of columns the sheet gives once for all
	// its rows (Column.FromSheet), by key.
	sheetValues map[string]string
	// title is the sheet's rows above its header, as text: where a year
	// for dates without one may be (see yearHint).
	title string
	// year is the year dates without one are read in, found on the
	// first such date (yearFound); 0 when there is none. yearWhere says
	// where it was found; yearless are the dates read in it.
	year      int
	yearFound bool
	yearWhere pipeline.Msg
	yearless  cellList
	monthless cellList // months read in it («oktober»)
}

// list is the cell of the column key, with those of its further numbered
// columns («Mål 2», «Mål 3») after it, separated by «;».
func (r *rowCtx) list(key string) string {
	v := r.value(key)
	for _, i := range r.more[key] {
		if i < len(r.cells) {
			if w := trimCell(r.cells[i]); w != "" {
				if v != "" {
					v += ";"
				}
				v += w
			}
		}
	}
	return v
}

// has tells whether the sheet has the column key.
func (r *rowCtx) has(key string) bool {
	if r.index != nil {
		_, ok := r.index.get(key)
		return ok
	}
	_, ok := r.cols[key]
	return ok
}

// value returns the trimmed cell of the column key, or "".
func (r *rowCtx) value(key string) string {
	var i int
	var ok bool
	if r.index != nil {
		i, ok = r.index.get(key)
	} else {
		i, ok = r.cols[key]
	}
	if !ok {
		return r.sheetValues[key]
	}
	if i >= len(r.cells) {
		return ""
	}
	return trimCell(r.cells[i])
}

// trimCell is strings.TrimSpace, answered at once for a cell that begins
// and ends with a printable ASCII byte (most do, and a row's checks ask
// for its cells some twenty times): no space of any kind is at its ends.
func trimCell(s string) string {
	if n := len(s); n > 0 && s[0] > ' ' && s[0] < 0x7f && s[n-1] > ' ' && s[n-1] < 0x7f {
		return s
	}
	return strings.TrimSpace(s)
}

// fieldIndex finds a column by its key, as a map would, for the few keys
// of a kind: a row looks up each of its columns, and a Go map hashes the
// whole key every time. Keys go in a slot by their length and first and
// last bytes, the next free one on a clash.
type fieldIndex struct {
	slots [64]struct {
		key string
		idx int
	}
}

// newFieldIndex indexes cols; nil for more keys than it is meant for.
func newFieldIndex(cols map[string]int) *fieldIndex {
	if len(cols) > 32 {
		return nil
	}
	f := &fieldIndex{}
	for key, idx := range cols {
		if key == "" {
			return nil
		}
		h := fieldSlot(key)
		for f.slots[h].key != "" {
			h = (h + 1) % len(f.slots)
		}
		f.slots[h].key, f.slots[h].idx = key, idx
	}
	return f
}

func fieldSlot(key string) int {
	return (len(key)*7 + int(key[0])*3 + int(key[len(key)-1])) % 64
}

func (f *fieldIndex) get(key string) (int, bool) {
	if key == "" {
		return 0, false
	}
	for h := fieldSlot(key); ; h = (h + 1) % len(f.slots) {
		switch f.slots[h].key {
		case key:
			return f.slots[h].idx, true
		case "":
			return 0, false
		}
	}
}

// cellOf names the cell of column key in this row.
func (r *rowCtx) cellOf(key string) string {
	if i, ok := r.cols[key]; ok {
		return pipeline.CellRef(i+1, r.num)
	}
	return fmt.Sprintf("%d:%d", r.num, r.num)
}

// problem builds a Problem for the cell of column key in this row.
func (r *rowCtx) problem(key string, m pipeline.Msg) pipeline.Problem {
	return pipeline.Problem{File: r.file, Sheet: r.sheet, Cell: r.cellOf(key), Value: r.value(key), Msg: m, Column: r.kind.Header(key)}
}

// appendProvenance appends the row's file, sheet and row number to b, at
// the provenance fields' positions p.
func (r *rowCtx) appendProvenance(b *rowbuild.Builder, p provenance) {
	b.Str(p.file, r.file)
	b.Str(p.sheet, r.sheet)
	b.Int32(p.row, int32(r.num))
}

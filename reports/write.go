package reports

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/pipeline"
	"kulturrapport/reports/internal/fsys"
	"kulturrapport/reports/internal/i18n"
)

// Output file names inside a period folder.
const (
	FileHTML    = "rapport.html"
	FileExcel   = "sammendrag.xlsx"
	FileRunJSON = "run.json"
	// DirRegions holds the regions' own reports, one folder each.
	DirRegions = "regioner"
)

// Options are the settings of WriteAll.
type Options struct {
	Version string
	// Generated, if not zero, is the creation date printed in the reports
	// (from SOURCE_DATE_EPOCH); the clock is never read.
	Generated time.Time
	// ConfigFile is the config file the run used, "" for the default.
	ConfigFile string
	// PDF, if not nil, prints rapport.pdf from rapport.html.
	PDF *PDFOptions
}

// OutputFile is one written file, for run.json.
type OutputFile struct {
	Path string `json:"path"`
	Size int64  `json:"size"`
}

// RunSummary is run.json: what a run read, what it found, what it wrote.
type RunSummary struct {
	Version    string                 `json:"version"`
	Period     pipeline.Month         `json:"period"`
	Lang       string                 `json:"lang"`
	Config     string                 `json:"config"`
	Files      []*pipeline.FileReport `json:"files"`
	Totals     pipeline.Totals        `json:"totals"`
	Indicators []indicatorSummary     `json:"indicators"`
	Goals      []goalSummary          `json:"goals"`
	Comments   []pipeline.Comment     `json:"comments"`
	Evidence   []pipeline.Evidence    `json:"evidence"`
	// Dataset points at the dataset the run's tables are in, beside the
	// period folders: OUT/data, described by its datapackage.json.
	Dataset DatasetRef `json:"dataset"`
	// DatasetFiles are the files the run wrote into the dataset
	// (../data/…), as it wrote them: the dataset is shared by every
	// period's runs, and a later run rewrites the row tables' partitions.
	DatasetFiles []OutputFile `json:"dataset_files"`
	// Outputs are the files of the report folder the run wrote.
	Outputs []OutputFile `json:"outputs"`
}

// DatasetRef is run.json's pointer to the dataset.
type DatasetRef struct {
	Path          string `json:"path"`
	Package       string `json:"datapackage"`
	SchemaVersion int    `json:"schema_version"`
}

type indicatorSummary struct {
	*pipeline.IndicatorResult
	Name string `json:"name"`
	Unit string `json:"unit"`
}

// WriteAll writes every output of res for its period under outDir/<period>/.
// The folder is built beside its final place and renamed into it, so that a
// failed run leaves the previous report as it was. It returns the folder.
func WriteAll(outDir string, res *pipeline.Result, o Options) (string, error) {
	return NewWriter(outDir, res.Period).Finish(context.Background(), res, o)
}

// Writer writes a run's output folder. Made as soon as the period is known,
// it can be handed the tables read from the files at once (WriteTables):
// their Parquet files are then written while the indicators are computed.
// Finish writes the rest and puts the folder in place; Abort drops it.
type Writer struct {
	outDir string
	period pipeline.Month
	mu     sync.Mutex
	tmp    string   // the folder being written, once made
	lock   *os.File // the temporary folder's lock, held while it lives
	// lockPath is the lock file's name (the file was renamed after it
	// was opened, so lock.Name() is its first).
	lockPath string
	openErr  error
	tables   map[string]*tableOut // the dataset's tables started, by name
	sem      chan struct{}        // at most GOMAXPROCS outputs at a time
	wg       sync.WaitGroup
}

// tableOut is one table of the dataset, written as its files.
type tableOut struct {
	name  string
	files []OutputFile // relative to the dataset's folder
	parts []string     // the partitions written
	err   error
}

// datasetTmp is the dataset being built, in the temporary folder; it
// replaces OUT/data when the run finishes.
const datasetTmp = ".dataset"

// output is one file of the folder, written by fn.
type output struct {
	name string
	fn   func(io.Writer) error
	size int64
	err  error
}

// NewWriter returns the writer of period's outputs under outDir. Nothing
// is made on disk before the first output.
func NewWriter(outDir string, period pipeline.Month) *Writer {
	return &Writer{outDir: outDir, period: period, tables: map[string]*tableOut{},
		sem: make(chan struct{}, runtime.GOMAXPROCS(0))}
}

// open makes the temporary folder, once; w.mu is held.
func (w *Writer) open() error {
	if w.tmp != "" || w.openErr != nil {
		return w.openErr
	}
	if err := os.MkdirAll(w.outDir, 0o755); err != nil {
		w.openErr = fmt.Errorf("creating output folder: %w", err)
		return w.openErr
	}
	removeStale(w.outDir)
	// The temporary folder has a lock file beside it, locked before the
	// folder is made and as long as the run lives: a later run tells a
	// folder left by a killed run from one being written by the lock, not
	// by a process id (which another PID namespace, a container sharing
	// OUT, reuses).
	//
	// The lock file is made under a name cleanup ignores (….lock.new),
	// locked, and only then renamed to its own: a run cleaning up at the
	// same moment cannot take the lock between its creation and its
	// locking, and so never judges a live run's folder stale.
	pending, err := os.CreateTemp(w.outDir, "."+w.period.String()+".tmp-*"+lockSuffix+pendingSuffix)
	var tmp, lockPath string
	if err == nil {
		if ok, lerr := fsys.LockFD(pending, false); lerr != nil || !ok {
			err = fmt.Errorf("locking %s: %v", pending.Name(), cmp.Or(lerr, errors.New("held by another process")))
		}
	}
	if err == nil {
		tmp = strings.TrimSuffix(pending.Name(), lockSuffix+pendingSuffix)
		lockPath = tmp + lockSuffix
		if os.Rename(pending.Name(), lockPath) != nil {
			lockPath = pending.Name() // Windows renames no open file: it keeps its name
		}
		if err = os.Mkdir(tmp, 0o755); err == nil {
			if err = os.Mkdir(filepath.Join(tmp, datasetTmp), 0o755); err != nil {
				os.RemoveAll(tmp)
			}
		}
	}
	if err != nil {
		if pending != nil {
			pending.Close()
			os.Remove(pending.Name())
			if lockPath != "" {
				os.Remove(lockPath)
			}
		}
		w.openErr = fmt.Errorf("creating output folder: %w", err)
		return w.openErr
	}
	w.lock, w.lockPath, w.tmp = pending, lockPath, tmp
	return nil
}

// WriteTables starts writing each table into the dataset (see
// dataset.go), in the background. The tables are retained until written:
// the caller may release them. A table started before is not written
// again.
func (w *Writer) WriteTables(tables map[string]arrow.RecordBatch) {
	names := slices.Sorted(maps.Keys(tables))
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.open() != nil {
		return // Finish returns the error
	}
	for _, name := range names {
		if w.tables[name] != nil {
			continue
		}
		rec := tables[name]
		rec.Retain()
		t := &tableOut{name: name}
		w.tables[name] = t
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			defer rec.Release()
			w.sem <- struct{}{}
			defer func() { <-w.sem }()
			t.files, t.parts, t.err = writeDatasetTable(filepath.Join(w.tmp, datasetTmp), name, rec, w.period, memory.DefaultAllocator)
		}()
	}
}

// start writes out in the background; then calls done, if not nil.
func (w *Writer) start(out *output, done func()) {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		w.sem <- struct{}{}
		defer func() { <-w.sem }()
		out.size, out.err = writeFile(filepath.Join(w.tmp, filepath.FromSlash(out.name)), out.fn)
		if done != nil {
			done()
		}
	}()
}

// Abort waits for the outputs being written and removes the folder.
func (w *Writer) Abort() {
	w.wg.Wait()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.tmp != "" {
		os.RemoveAll(w.tmp)
	}
	w.release()
}

// Finish writes the reports of res, the tables not started yet and
// run.json, and moves the folder into its place, outDir/<period>, which it
// returns. On an error nothing is left behind.
func (w *Writer) Finish(ctx context.Context, res *pipeline.Result, o Options) (_ string, err error) {
	defer func() {
		if err != nil {
			w.Abort()
		}
	}()
	if res.Period != w.period {
		return "", fmt.Errorf("writing outputs: a result for %s, a folder for %s", res.Period, w.period)
	}
	tables := map[string]arrow.RecordBatch{}
	for name, rec := range res.Data.Tables {
		tables[name] = rec
	}
	for name, rec := range res.Dimensions {
		tables[name] = rec
	}
	w.mu.Lock()
	err = w.open()
	w.mu.Unlock()
	if err != nil {
		return "", err
	}
	// Every output goes straight to its file, in parallel, and is listed in
	// a fixed order, so run.json lists them the same way every time.
	// The page and its PDF, the nation's and each region's; the PDFs are
	// printed by one browser, each as soon as its page is written.
	var print *printer
	if o.PDF != nil {
		print = newPrinter(ctx, *o.PDF)
		defer print.close()
	}
	outs := []*output{}
	report := func(dir string, r *pipeline.Result) {
		page := &output{name: path.Join(dir, FileHTML), fn: func(wr io.Writer) error {
			return WriteHTML(wr, r, HTMLOptions{Version: o.Version, Generated: o.Generated})
		}}
		outs = append(outs, page)
		var printed func()
		if print != nil {
			pdf := &output{name: path.Join(dir, FilePDF), fn: func(wr io.Writer) error {
				if page.err != nil {
					return errors.New("not printed: the page was not written")
				}
				b, err := print.print(filepath.Join(w.tmp, filepath.FromSlash(page.name)), pdfFooter(r), i18n.T(r.Lang, "page"), i18n.T(r.Lang, "page.of"))
				if err != nil {
					return err
				}
				_, err = wr.Write(b)
				return err
			}}
			outs = append(outs, pdf)
			printed = func() { w.start(pdf, nil) }
		}
		w.start(page, printed)
	}
	report(".", res)
	excel := &output{name: FileExcel, fn: func(wr io.Writer) error { return WriteExcel(wr, res) }}
	outs = append(outs, excel)
	w.start(excel, nil)
	for _, r := range res.Regions {
		dir := path.Join(DirRegions, r.Scope)
		if err := os.MkdirAll(filepath.Join(w.tmp, filepath.FromSlash(dir)), 0o755); err != nil {
			return "", err
		}
		report(dir, r)
	}
	// The tables not started yet (the indicators', the dimensions') queue
	// behind the reports: the page and the workbook, not small tables,
	// are what a run waits for at its end.
	w.WriteTables(tables)
	// run.json lists the outputs with their sizes, so it is written last;
	// all but that list is encoded meanwhile.
	var (
		head    []byte
		headErr error
		headWG  sync.WaitGroup
	)
	headWG.Go(func() { head, headErr = runJSONHead(res, o) })
	w.wg.Wait()
	headWG.Wait()
	var outputs, datasetFiles []OutputFile
	for _, out := range outs {
		if out.err != nil {
			return "", fmt.Errorf("writing %s: %w", out.name, out.err)
		}
		outputs = append(outputs, OutputFile{Path: out.name, Size: out.size})
	}
	written := map[string][]string{}
	for _, name := range slices.Sorted(maps.Keys(w.tables)) {
		t := w.tables[name]
		if t.err != nil {
			return "", fmt.Errorf("writing the dataset's %s: %w", name, t.err)
		}
		written[name] = t.parts
		for _, f := range t.files {
			datasetFiles = append(datasetFiles, OutputFile{Path: path.Join("..", DirDataset, f.Path), Size: f.Size})
		}
	}
	if headErr != nil {
		return "", fmt.Errorf("writing %s: %w", FileRunJSON, headErr)
	}
	if err := writeRunJSON(filepath.Join(w.tmp, FileRunJSON), head, datasetFiles, outputs); err != nil {
		return "", err
	}
	if err := os.Chmod(w.tmp, 0o755); err != nil {
		return "", err
	}
	// A run stopped while its reports were written leaves the last good
	// folder as it was.
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if err := w.replaceDataset(written); err != nil {
		return "", err
	}
	// Runs for the same period take turns to put their folder in place.
	final := filepath.Join(w.outDir, w.period.String())
	unlock, err := fsys.LockFile(filepath.Join(w.outDir, "."+w.period.String()+".lock"))
	if err != nil {
		return "", fmt.Errorf("locking %s: %w", final, err)
	}
	defer unlock()
	if err := replaceDir(w.tmp, final); err != nil {
		return "", err
	}
	w.release()
	return final, nil
}

// replaceDataset puts the dataset built in place of OUT/data: with the
// partitions of earlier periods' results it did not write kept, and
// described in datapackage.json. Runs take turns through OUT/.data.lock,
// so that two runs for different periods both keep their results.
func (w *Writer) replaceDataset(written map[string][]string) error {
	dir := filepath.Join(w.tmp, datasetTmp)
	final := filepath.Join(w.outDir, DirDataset)
	unlock, err := fsys.LockFile(filepath.Join(w.outDir, ".data.lock"))
	if err != nil {
		return fmt.Errorf("locking %s: %w", final, err)
	}
	defer unlock()
	if err := keepPartitions(final, dir, written); err != nil {
		return fmt.Errorf("writing the dataset: %w", err)
	}
	if _, err := writeFile(filepath.Join(dir, FileDataPackage), func(wr io.Writer) error { return writeDataPackage(wr, dir) }); err != nil {
		return fmt.Errorf("writing %s: %w", FileDataPackage, err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	return replaceDir(dir, final)
}

// pdfFooter is the text at the foot of a printed report's pages: the
// organisation, the report (a region's with its name) and the period.
func pdfFooter(r *pipeline.Result) string {
	title := i18n.T(r.Lang, "report.title")
	if r.Scope != "" {
		title += " " + cmp.Or(r.Config.RegionName(r.Scope), r.Scope)
	}
	return r.Config.Organisation + " · " + title + " " + r.Period.Label(r.Lang)
}

// newRunSummary is run.json's content for res, without the outputs.
func newRunSummary(res *pipeline.Result, o Options) RunSummary {
	sum := RunSummary{
		Version: o.Version, Period: res.Period, Lang: res.Lang, Config: o.ConfigFile,
		Files: res.Data.Files, Totals: res.Totals, Evidence: res.Evidence, Goals: goalSummaries(res),
		Comments: pipeline.CommentsUpTo(res.Data.Table(pipeline.Comments.Name), res.Period),
		Dataset:  DatasetRef{Path: "../" + DirDataset, Package: "../" + DirDataset + "/" + FileDataPackage, SchemaVersion: SchemaVersion},
	}
	if sum.Comments == nil {
		sum.Comments = []pipeline.Comment{}
	}
	if sum.Config == "" {
		sum.Config = "(default)"
	}
	for _, ind := range res.Indicators {
		sum.Indicators = append(sum.Indicators, indicatorSummary{IndicatorResult: ind, Name: ind.Def.Name, Unit: ind.Def.Unit})
	}
	return sum
}

// runJSONHead encodes run.json without the outputs: the summary with an
// empty list of them, which writeRunJSON fills in.
func runJSONHead(res *pipeline.Result, o Options) ([]byte, error) {
	return marshalIndented(newRunSummary(res, o))
}

// runJSONTail ends the encoding of a RunSummary, the dataset's files and
// the outputs its last fields.
const runJSONTail = "\"dataset_files\": null,\n  \"outputs\": null\n}\n"

// writeRunJSON writes run.json: what the run read, found and wrote — head
// from runJSONHead with the dataset's files and the outputs put in, as the
// summary encoded whole would have them.
func writeRunJSON(path string, head []byte, datasetFiles, outputs []OutputFile) error {
	if !bytes.HasSuffix(head, []byte(runJSONTail)) {
		return fmt.Errorf("writing %s: the summary does not end with its outputs", FileRunJSON)
	}
	files, err := json.MarshalIndent(datasetFiles, "  ", "  ")
	if err != nil {
		return fmt.Errorf("writing %s: %w", FileRunJSON, err)
	}
	list, err := json.MarshalIndent(outputs, "  ", "  ")
	if err != nil {
		return fmt.Errorf("writing %s: %w", FileRunJSON, err)
	}
	_, err = writeFile(path, func(w io.Writer) error {
		for _, b := range [][]byte{head[:len(head)-len(runJSONTail)], []byte(`"dataset_files": `), files, []byte(",\n  \"outputs\": "), list, []byte("\n}\n")} {
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("writing %s: %w", FileRunJSON, err)
	}
	return nil
}

// replaceDir moves dir to final, replacing what was there: in one step
// where the system can swap two folders, otherwise in two renames.
func replaceDir(dir, final string) error {
	if _, err := os.Stat(final); err != nil {
		if err := os.Rename(dir, final); err != nil {
			return fmt.Errorf("writing %s: %w", final, err)
		}
		return nil
	}
	swapped, err := fsys.Exchange(dir, final)
	if err != nil {
		return fmt.Errorf("replacing %s: %w", final, err)
	}
	if swapped {
		return os.RemoveAll(dir) // dir now holds the previous report
	}
	old := dir + ".old"
	if err := os.Rename(final, old); err != nil {
		return fmt.Errorf("replacing %s: %w", final, err)
	}
	if err := os.Rename(dir, final); err != nil {
		os.Rename(old, final)
		return fmt.Errorf("replacing %s: %w", final, err)
	}
	return os.RemoveAll(old)
}

// release lets go of the temporary folder's lock and removes its file.
func (w *Writer) release() {
	if w.lock != nil {
		os.Remove(w.lockPath)
		w.lock.Close() // the lock goes with the descriptor
		w.lock = nil
	}
}

// lockSuffix ends the name of a temporary folder's lock file.
const lockSuffix = ".lock"

// pendingSuffix marks a lock file not yet locked by its run; cleanup
// leaves it alone.
const pendingSuffix = ".new"

// removeStale removes temporary folders left by runs that were killed: a
// folder whose lock file no run holds. The lock is taken before anything
// is removed and held until it is, so two runs never clean up one folder
// at once, and a live run's folder is never touched. A temporary folder
// without a lock file (left by an older version) is removed when it is
// more than a day old.
func removeStale(outDir string) {
	entries, err := os.ReadDir(outDir)
	if err != nil {
		return
	}
	locks := map[string]bool{}
	for _, e := range entries {
		if name := e.Name(); strings.HasPrefix(name, ".") && strings.Contains(name, ".tmp-") && strings.HasSuffix(name, lockSuffix) {
			locks[strings.TrimSuffix(name, lockSuffix)] = true
		}
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, ".") || !strings.Contains(name, ".tmp-") {
			continue
		}
		path := filepath.Join(outDir, name)
		switch {
		case strings.HasSuffix(name, lockSuffix+pendingSuffix):
			// A run killed between making its lock file and locking it.
			if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > time.Hour {
				os.Remove(path)
			}
		case strings.HasSuffix(name, lockSuffix):
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				continue
			}
			if ok, _ := fsys.LockFD(f, false); ok && fsys.RealLocks {
				os.RemoveAll(strings.TrimSuffix(path, lockSuffix))
				os.Remove(path)
			}
			f.Close()
		case e.IsDir() && !locks[name]:
			if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > 24*time.Hour {
				os.RemoveAll(path)
			}
		}
	}
}

// fileBufs are writeFile's buffers: a run writes a hundred files and
// more, and a buffer each was 23 MB of a national run's allocation.
var fileBufs = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 256<<10) }}

// writeFile creates path and writes it with fn, buffered; it returns the
// size written.
func writeFile(path string, fn func(io.Writer) error) (int64, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, err
	}
	cw := &countingWriter{w: f}
	bw := fileBufs.Get().(*bufio.Writer)
	bw.Reset(cw)
	err = fn(bw)
	if err == nil {
		err = bw.Flush()
	}
	bw.Reset(nil)
	fileBufs.Put(bw)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return cw.n, err
}

// countingWriter counts what passes through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

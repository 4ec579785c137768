package reports

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"kulturrapport/pipeline"
)

// Output file names inside a period folder.
const (
	FileHTML    = "rapport.html"
	FileExcel   = "sammendrag.xlsx"
	FileRunJSON = "run.json"
	DirData     = "data"
)

// Options are the settings of WriteAll.
type Options struct {
	Version string
	// Generated, if not zero, is the creation date printed in the reports
	// (from SOURCE_DATE_EPOCH); the clock is never read.
	Generated time.Time
	// ConfigFile is the config file the run used, "" for the default.
	ConfigFile string
}

// OutputFile is one written file, for run.json.
type OutputFile struct {
	Path string `json:"path"`
	Size int64  `json:"size"`
}

// RunSummary is run.json: what a run read, what it found, what it wrote.
type RunSummary struct {
	Version    string                 `json:"version"`
	Period     string                 `json:"period"`
	Lang       string                 `json:"lang"`
	Config     string                 `json:"config"`
	Files      []*pipeline.FileReport `json:"files"`
	Totals     pipeline.Totals        `json:"totals"`
	Indicators []indicatorSummary     `json:"indicators"`
	Evidence   []pipeline.Evidence    `json:"evidence"`
	Outputs    []OutputFile           `json:"outputs"`
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
	final := filepath.Join(outDir, res.Period)
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return "", fmt.Errorf("creating output folder: %w", err)
	}
	removeStale(outDir)
	// The temporary folder is named after this process, so that a later run
	// can tell one left behind by a killed run from one still being written.
	tmp, err := os.MkdirTemp(outDir, fmt.Sprintf(".%s.tmp-%d-", res.Period, os.Getpid()))
	if err != nil {
		return "", fmt.Errorf("creating output folder: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	if err := writeInto(tmp, res, o); err != nil {
		return "", err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	// Runs for the same period take turns to put their folder in place.
	unlock, err := lockFile(filepath.Join(outDir, "."+res.Period+".lock"))
	if err != nil {
		return "", fmt.Errorf("locking %s: %w", final, err)
	}
	defer unlock()
	if err := replaceDir(tmp, final); err != nil {
		return "", err
	}
	ok = true
	return final, nil
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
	swapped, err := exchange(dir, final)
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

// removeStale removes temporary folders left by runs that were killed.
func removeStale(outDir string) {
	entries, err := os.ReadDir(outDir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		i := strings.Index(name, ".tmp-")
		if !e.IsDir() || !strings.HasPrefix(name, ".") || i < 0 {
			continue
		}
		pid, err := strconv.Atoi(strings.SplitN(name[i+len(".tmp-"):], "-", 2)[0])
		if err != nil || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		os.RemoveAll(filepath.Join(outDir, name))
	}
}

func writeInto(dir string, res *pipeline.Result, o Options) error {
	// Every output is written straight to its file in dir (a folder of
	// this run's own) in parallel, and listed in a fixed order, so run.json
	// lists them the same way every time.
	type output struct {
		name string
		fn   func(io.Writer) error
		size int64
		err  error
	}
	outs := []*output{
		{name: FileHTML, fn: func(w io.Writer) error {
			return WriteHTML(w, res, HTMLOptions{Version: o.Version, Generated: o.Generated})
		}},
		{name: FileExcel, fn: func(w io.Writer) error { return WriteExcel(w, res) }},
	}
	tables := map[string]arrow.RecordBatch{}
	for name, rec := range res.Data.Tables {
		tables[name] = rec
	}
	for name, rec := range res.Dimensions {
		tables[name] = rec
	}
	var names []string
	for name := range tables {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		rec := tables[name]
		outs = append(outs, &output{name: DirData + "/" + name + ".parquet", fn: func(w io.Writer) error { return WriteParquet(w, rec) }})
	}
	if err := os.MkdirAll(filepath.Join(dir, DirData), 0o755); err != nil {
		return err
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, out := range outs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out.size, out.err = writeFile(filepath.Join(dir, filepath.FromSlash(out.name)), out.fn)
		}()
	}
	wg.Wait()
	var outputs []OutputFile
	for _, out := range outs {
		if out.err != nil {
			return fmt.Errorf("writing %s: %w", out.name, out.err)
		}
		outputs = append(outputs, OutputFile{Path: out.name, Size: out.size})
	}
	sum := RunSummary{
		Version: o.Version, Period: res.Period, Lang: res.Lang, Config: o.ConfigFile,
		Files: res.Data.Files, Totals: res.Totals, Evidence: res.Evidence, Outputs: outputs,
	}
	if sum.Config == "" {
		sum.Config = "(default)"
	}
	for _, ind := range res.Indicators {
		sum.Indicators = append(sum.Indicators, indicatorSummary{IndicatorResult: ind, Name: ind.Def.Name, Unit: ind.Def.Unit})
	}
	_, err := writeFile(filepath.Join(dir, FileRunJSON), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(sum)
	})
	if err != nil {
		return fmt.Errorf("writing %s: %w", FileRunJSON, err)
	}
	return nil
}

// writeFile creates path and writes it with fn, buffered; it returns the
// size written.
func writeFile(path string, fn func(io.Writer) error) (int64, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, err
	}
	cw := &countingWriter{w: f}
	bw := bufio.NewWriterSize(cw, 256<<10)
	err = fn(bw)
	if err == nil {
		err = bw.Flush()
	}
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

package reports

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

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
	tmp, err := os.MkdirTemp(outDir, "."+res.Period+".tmp-")
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
	if err := replaceDir(tmp, final); err != nil {
		return "", err
	}
	ok = true
	return final, nil
}

// replaceDir moves dir to final, replacing what was there.
func replaceDir(dir, final string) error {
	if _, err := os.Stat(final); err == nil {
		old := fmt.Sprintf("%s.old-%s", final, randomSuffix())
		if err := os.Rename(final, old); err != nil {
			return fmt.Errorf("replacing %s: %w", final, err)
		}
		if err := os.Rename(dir, final); err != nil {
			os.Rename(old, final)
			return fmt.Errorf("replacing %s: %w", final, err)
		}
		return os.RemoveAll(old)
	}
	if err := os.Rename(dir, final); err != nil {
		return fmt.Errorf("writing %s: %w", final, err)
	}
	return nil
}

func randomSuffix() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func writeInto(dir string, res *pipeline.Result, o Options) error {
	var outputs []OutputFile
	write := func(name string, fn func(io.Writer) error) error {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := fn(&buf); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
		outputs = append(outputs, OutputFile{Path: name, Size: int64(buf.Len())})
		return nil
	}
	if err := write(FileHTML, func(w io.Writer) error {
		return WriteHTML(w, res, HTMLOptions{Version: o.Version, Generated: o.Generated})
	}); err != nil {
		return err
	}
	if err := write(FileExcel, func(w io.Writer) error { return WriteExcel(w, res) }); err != nil {
		return err
	}
	var names []string
	for name := range res.Data.Tables {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		rec := res.Data.Tables[name]
		if err := write(DirData+"/"+name+".parquet", func(w io.Writer) error { return WriteParquet(w, rec) }); err != nil {
			return err
		}
	}
	sum := RunSummary{
		Version: o.Version, Period: res.Period, Lang: res.Lang, Config: o.ConfigFile,
		Files: res.Data.Files, Totals: res.Totals, Outputs: outputs,
	}
	if sum.Config == "" {
		sum.Config = "(default)"
	}
	for _, ind := range res.Indicators {
		sum.Indicators = append(sum.Indicators, indicatorSummary{IndicatorResult: ind, Name: ind.Def.Name, Unit: ind.Def.Unit})
	}
	return write(FileRunJSON, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(sum)
	})
}

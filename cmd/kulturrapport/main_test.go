package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const sample = "../../testdata/sample"

// kr runs the command line and returns its exit code and output.
func kr(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/kulturrapport -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs from the golden file at line %d:\n got: %.300s\nwant: %.300s\n(run go test ./cmd/kulturrapport -update if the change is intended)", name, i+1, g, w)
			}
		}
	}
}

// dumpXLSX writes every non-empty cell of a workbook as Sheet!A1<TAB>value.
func dumpXLSX(t *testing.T, path string) []byte {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b bytes.Buffer
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				b.WriteString(sh + "!" + cell + "\t" + v + "\n")
			}
		}
	}
	return b.Bytes()
}

var libRe = regexp.MustCompile(`(?s)<script id="echarts-lib">.*?</script>`)

// goldenRun runs `run --out OUT args…` and compares its printout,
// run.json, the workbook's cells and the page (without the chart library)
// with the case's files in testdata/golden/<name>/. It returns the report
// folder and run.json.
func goldenRun(t *testing.T, name string, args ...string) (string, []byte) {
	t.Helper()
	out := t.TempDir()
	code, stdout, stderr := kr(t, append([]string{"run", "--out", out}, args...)...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	dir := filepath.Join(out, "2026-10")
	golden(t, name+"/stdout.txt", []byte(strings.ReplaceAll(stdout, out, "OUT")))

	runJSON, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, name+"/run.json", runJSON)
	golden(t, name+"/sammendrag.txt", dumpXLSX(t, filepath.Join(dir, "sammendrag.xlsx")))

	html, err := os.ReadFile(filepath.Join(dir, "rapport.html"))
	if err != nil {
		t.Fatal(err)
	}
	// The embedded chart library is a megabyte of minified code: compare
	// the page around it.
	stripped := libRe.ReplaceAll(html, []byte(`<script id="echarts-lib">/* ECharts */</script>`))
	if bytes.Equal(stripped, html) {
		t.Fatal("the chart library is not embedded in rapport.html")
	}
	golden(t, name+"/rapport.html", stripped)
	return dir, runJSON
}

// TestRunHostileGolden: the golden case of hostile and unlucky inputs,
// a corrected file sent again among them (testdata/golden/run-hostile).
func TestRunHostileGolden(t *testing.T) {
	goldenRun(t, "run-hostile", "--period", "2026-10", filepath.Join("..", "..", "testdata", "golden", "run-hostile", "inputs"))
}

// TestRunEnglishGolden: the sample in English (testdata/golden/run-en).
func TestRunEnglishGolden(t *testing.T) {
	goldenRun(t, "run-en", "--period", "2026-10", "--lang", "en", sample)
}

func TestRunSampleGolden(t *testing.T) {
	dir, runJSON := goldenRun(t, "run-sample", "--period", "2026-10", sample)

	for _, name := range []string{"rapport.html", "sammendrag.xlsx", "run.json", "../data/aktiviteter/periode=2026-10/part-0.parquet", "../data/datapackage.json"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s missing or empty (%v)", name, err)
		}
	}
	// run.json accounts for every row and lists every output.
	var sum struct {
		Files []struct {
			Path                                 string
			RowsRead, RowsAccepted, RowsRejected int `json:"-"`
		}
		Totals struct {
			RowsRead     int `json:"rows_read"`
			RowsAccepted int `json:"rows_accepted"`
			RowsRejected int `json:"rows_rejected"`
		}
		Outputs      []struct{ Path string }
		DatasetFiles []struct{ Path string } `json:"dataset_files"`
	}
	if err := json.Unmarshal(runJSON, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Totals.RowsRead != sum.Totals.RowsAccepted+sum.Totals.RowsRejected || sum.Totals.RowsRejected == 0 {
		t.Errorf("totals do not add up: %+v", sum.Totals)
	}
	// run.json lists the reports (not itself) and, apart, the run's
	// files of the dataset.
	var listed, data []string
	for _, o := range sum.Outputs {
		listed = append(listed, o.Path)
	}
	for _, o := range sum.DatasetFiles {
		data = append(data, o.Path)
	}
	for _, want := range []string{"rapport.html", "sammendrag.xlsx"} {
		if !slices.Contains(listed, want) {
			t.Errorf("outputs do not list %s: %v", want, listed)
		}
	}
	for _, want := range []string{"../data/aktiviteter/periode=2026-10/part-0.parquet", "../data/indikatorer/periode=2026-10/part-0.parquet", "../data/kommuner.parquet"} {
		if !slices.Contains(data, want) {
			t.Errorf("dataset_files do not list %s: %v", want, data)
		}
	}
}

func TestRunIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, out := range []string{a, b} {
		if code, _, stderr := kr(t, "run", "--quiet", "--period", "2026-10", "--out", out, sample); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	n := 0
	filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", rel)
		}
		n++
		return nil
	})
	if n < 40 { // the reports, and the dataset's files
		t.Errorf("compared only %d files", n)
	}
}

// TestHelpInOneLanguage: the help is Norwegian by default, cobra's own
// words too, and English with --lang en or KULTURRAPPORT_LANG=en.
func TestHelpInOneLanguage(t *testing.T) {
	english := []string{"Usage:", "Flags:", "help for", "Available Commands", "Use \"kulturrapport", "[flags]"}
	norwegian := []string{"Bruk:", "Valg:", "hjelp til", "Kommandoer:", "Skriv «kulturrapport", "[valg]"}
	check := func(name, out string, want, not []string) {
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: no %q in\n%s", name, w, out)
			}
		}
		for _, w := range not {
			if strings.Contains(out, w) {
				t.Errorf("%s: %q in\n%s", name, w, out)
			}
		}
	}
	for _, args := range [][]string{{"--help"}, {"run", "--help"}, {"validate", "-h"}, {"help", "templates"}} {
		_, out, _ := kr(t, args...)
		wantNB := append(norwegian[:3:3], "[valg]") // a command's usage line
		if args[0] == "--help" {
			wantNB = norwegian[:5]
		}
		check(strings.Join(args, " "), out, wantNB, english)
		_, out, _ = kr(t, append([]string{"--lang", "en"}, args...)...)
		wantEN := append(english[:3:3], "[flags]")
		if args[0] == "--help" {
			wantEN = english[:5]
		}
		check("--lang en "+strings.Join(args, " "), out, wantEN, norwegian)
	}
	t.Setenv("KULTURRAPPORT_LANG", "en")
	_, out, _ := kr(t, "run", "--help")
	check("KULTURRAPPORT_LANG=en run --help", out, english[:3], norwegian)
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	badCfg := filepath.Join(dir, "bad.yaml")
	os.WriteFile(badCfg, []byte("perod: 2026-10\n"), 0o644)
	badPeriod := filepath.Join(dir, "period.yaml")
	os.WriteFile(badPeriod, []byte("period: 2026/10\n"), 0o644)
	good := filepath.Join(sample, "aktiviteter-buskerud-2025-03.xlsx")
	hugeWindow := filepath.Join(dir, "window.yaml")
	empty := t.TempDir()
	notYAML := filepath.Join(dir, "notyaml.yaml")
	badSource := filepath.Join(dir, "source.yaml")
	os.WriteFile(badSource, []byte("indicators:\n  - {id: x, goal: \"1.1\", name: X, source: aktivitter, measure: count, window: 1}\n"), 0o644)
	os.WriteFile(notYAML, []byte("regions: [a\n"), 0o644)
	os.WriteFile(hugeWindow, []byte("indicators:\n  - {id: x, goal: \"1.1\", name: X, source: aktiviteter, measure: count, window: 100000000}\n"), 0o644)
	tests := []struct {
		name string
		args []string
		want int
		msg  string
	}{
		{"ok", []string{"run", "--quiet", "--period", "2026-10", "--out", dir, good}, exitOK, ""},
		{"unknown flag", []string{"run", "--bogus"}, exitUsage, "ukjent valg: --bogus"},
		{"unknown command", []string{"frobnicate"}, exitUsage, "ukjent kommando"},
		{"unknown flag in English", []string{"run", "--lang", "en", "--bogus"}, exitUsage, "unknown flag: --bogus"},
		{"unknown command in English", []string{"--lang=en", "frobnicate"}, exitUsage, "unknown command"},
		{"unknown config key", []string{"run", "--config", badCfg, good}, exitUsage, "konfigurasjonsfilen " + badCfg + `: ukjent nøkkel "perod"`},
		{"unknown config key in English", []string{"run", "--lang", "en", "--config", badCfg, good}, exitUsage, "config " + badCfg + `: unknown key "perod"`},
		{"config not YAML", []string{"run", "--config", notYAML, good}, exitUsage, "konfigurasjonsfilen " + notYAML + " er ikke gyldig YAML"},
		{"bad period", []string{"run", "--period", "2026-13", "--out", dir, good}, exitUsage, `--period "2026-13": skriv ÅÅÅÅ-MM`},
		{"bad period in English", []string{"run", "--lang", "en", "--period", "2026-13", "--out", dir, good}, exitUsage, `--period "2026-13": want YYYY-MM`},
		{"bad period in the config", []string{"run", "--config", badPeriod, "--out", dir, good}, exitUsage, `ugyldig konfigurasjon: period "2026/10": skriv ÅÅÅÅ-MM`},
		{"bad period in the config, in English", []string{"run", "--lang", "en", "--config", badPeriod, "--out", dir, good}, exitUsage, `invalid config: period "2026/10": want YYYY-MM`},
		{"missing input", []string{"run", "--out", dir, filepath.Join(dir, "nope.xlsx")}, exitUsage, "inndata " + filepath.Join(dir, "nope.xlsx") + ": finnes ikke"},
		{"missing input in English", []string{"--lang", "en", "run", "--out", dir, filepath.Join(dir, "nope.xlsx")}, exitUsage, "input " + filepath.Join(dir, "nope.xlsx") + ": no such file or directory"},
		{"missing config file", []string{"run", "--config", filepath.Join(dir, "nope.yaml"), good}, exitUsage, "konfigurasjonsfilen " + filepath.Join(dir, "nope.yaml") + ": finnes ikke"},
		{"config file a folder", []string{"run", "--lang", "en", "--config", dir, good}, exitUsage, "the config file " + dir + ": is a directory"},
		{"no spreadsheets", []string{"run", "--out", dir, empty}, exitUsage, "fant ingen regneark (.xlsx, .csv) i " + empty},
		{"strict with rejected rows", []string{"run", "--quiet", "--strict", "--period", "2026-10", "--out", dir, sample}, exitRejected, ""},
		{"strict, clean file", []string{"run", "--quiet", "--strict", "--period", "2026-10", "--out", dir, good}, exitOK, ""},
		{"validate strict", []string{"validate", "--strict", sample}, exitRejected, ""},
		{"output not writable", []string{"run", "--quiet", "--period", "2026-10", "--out", badCfg, good}, exitFailed, "bad.yaml"},
		{"period in year 0", []string{"run", "--period", "0000-01", "--out", dir, good}, exitUsage, "skriv ÅÅÅÅ-MM i 2000–2099"},
		{"period before 2000", []string{"run", "--period", "1899-01", "--out", dir, good}, exitUsage, "skriv ÅÅÅÅ-MM i 2000–2099"},
		{"period after 2099", []string{"run", "--lang", "en", "--period", "9999-12", "--out", dir, good}, exitUsage, "want YYYY-MM in 2000–2099"},
		{"huge window", []string{"run", "--config", hugeWindow, "--out", dir, good}, exitUsage, `indikator "x": window må være 1–1200 måneder`},
		{"unknown source of an indicator", []string{"run", "--config", badSource, "--out", dir, good}, exitUsage, "konfigurasjonsfilen " + badSource + `: ugyldig konfigurasjon: indikator "x": source "aktivitter": skriv en av aktiviteter`},
		{"unknown source of an indicator, listing the catalog", []string{"indicators", "--config", badSource}, exitUsage, "konfigurasjonsfilen " + badSource + `: ugyldig konfigurasjon: indikator "x"`},
		{"unknown source of an indicator, in English", []string{"validate", "--lang", "en", "--config", badSource, good}, exitUsage, "config " + badSource + `: invalid config: indicator "x": source "aktivitter": want one of aktiviteter`},
		{"huge window in English", []string{"run", "--lang", "en", "--config", hugeWindow, "--out", dir, good}, exitUsage, `indicator "x": window must be 1–1200 months`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := kr(t, tc.args...)
			if code != tc.want || !strings.Contains(stderr, tc.msg) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tc.want, tc.msg)
			}
		})
	}
}

// TestEnvironment: a period from SOURCE_DATE_EPOCH outside 2000–2099 is a
// usage error that names the variable, and a misspelt KULTURRAPPORT_*
// variable is named in a warning.
func TestEnvironment(t *testing.T) {
	good := filepath.Join(sample, "aktiviteter-buskerud-2025-03.xlsx")
	t.Setenv("SOURCE_DATE_EPOCH", "-99999999999")
	code, _, stderr := kr(t, "validate", good)
	if code != exitUsage || !strings.Contains(stderr, "SOURCE_DATE_EPOCH") {
		t.Errorf("SOURCE_DATE_EPOCH far back: exit %d, %q; want %d naming the variable", code, stderr, exitUsage)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "")
	t.Setenv("KULTURRAPPORT_PERIDO", "2026-10")
	code, _, stderr = kr(t, "validate", good)
	if code != exitOK || !strings.Contains(stderr, "KULTURRAPPORT_PERIDO") {
		t.Errorf("misspelt variable: exit %d, %q; want 0 and a warning naming it", code, stderr)
	}
}

func TestValidateJSONIsTheFilesPart(t *testing.T) {
	code, stdout, stderr := kr(t, "validate", "--json", filepath.Join(sample, "aktiviteter-vestfold-2026-06.xlsx"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var files []struct {
		Path, Status, Sheet string
		RowsRead            int `json:"rows_read"`
		RowsRejected        int `json:"rows_rejected"`
		Rejected            []struct{ Cell, Reason string }
	}
	if err := json.Unmarshal([]byte(stdout), &files); err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].RowsRejected != 2 || files[0].Rejected[0].Cell != "F12" {
		t.Errorf("got %+v", files)
	}
}

func TestValidatePlainOutput(t *testing.T) {
	_, stdout, _ := kr(t, "validate", filepath.Join(sample, "aktiviteter-vestfold-2026-06.xlsx"))
	for _, want := range []string{"avvist F12 (Aktivitetstype): ukjent aktivitetstype", "«Workshop»", "avvist G13 (Tittel): mangler verdi", "rader lest"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("validate output lacks %q:\n%s", want, stdout)
		}
	}
	_, stdout, _ = kr(t, "validate", "--lang", "en", filepath.Join(sample, "aktiviteter-vestfold-2026-06.xlsx"))
	if !strings.Contains(stdout, "rejected F12 (Aktivitetstype): unknown activity type") {
		t.Errorf("validate --lang en:\n%s", stdout)
	}
}

// TestValidateTakesThePeriod: validate reads a file against --period as a
// run does (it refused the flag): a June log checked against May has dates
// after the period.
func TestValidateTakesThePeriod(t *testing.T) {
	file := filepath.Join(sample, "aktiviteter-vestfold-2026-06.xlsx")
	_, stdout, stderr := kr(t, "validate", "--period", "2026-05", file)
	if !strings.Contains(stdout, "dato etter rapporteringsperioden 2026-05") {
		t.Errorf("validate --period 2026-05 says nothing of dates after it:\n%s%s", stdout, stderr)
	}
	if _, stdout, _ := kr(t, "validate", "--period", "2026-10", file); strings.Contains(stdout, "etter rapporteringsperioden") {
		t.Errorf("validate --period 2026-10 says dates are after it:\n%s", stdout)
	}
	if code, _, stderr := kr(t, "validate", "--period", "2026-13", file); code != 2 || !strings.Contains(stderr, "--period") {
		t.Errorf("--period 2026-13: exit %d, %s", code, stderr)
	}
}

func TestIndicatorsCoversEveryGoal(t *testing.T) {
	code, stdout, _ := kr(t, "indicators")
	if code != 0 {
		t.Fatal(code)
	}
	if !strings.Contains(stdout, "Kulturskole for alle\n") || !strings.Contains(stdout, "7/12") {
		t.Error("the mission's indicators (KOSTRA) are not listed")
	}
	for _, g := range []string{"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "BTV.1", "BTV.2"} {
		i := strings.Index(stdout, "  "+g+" ")
		if i < 0 {
			t.Errorf("goal %s not listed", g)
			continue
		}
		rest := stdout[i:]
		if !strings.Contains(strings.SplitN(rest, "\n", 3)[1], "•") {
			t.Errorf("goal %s has no indicator:\n%s", g, rest[:min(200, len(rest))])
		}
	}
	if !strings.Contains(stdout, "Ulike medlemskommuner nådd / medlemskommuner × 100") {
		t.Error("coverage is not described in words")
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := kr(t, "version")
	if code != 0 || !strings.HasPrefix(stdout, "kulturrapport ") {
		t.Errorf("version: %d %q", code, stdout)
	}
}

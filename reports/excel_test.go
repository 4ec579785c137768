package reports

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"html"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"kulturrapport/pipeline"
)

// TestWorkbookOpensInLibreOffice converts the sample workbook with
// LibreOffice (every sheet to CSV) and checks that no sheet is lost and that
// the values are the ones written.
func TestWorkbookOpensInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("LibreOffice is not installed (.ci/run installs libreoffice-calc-nogui)")
		}
		t.Skip("soffice not installed: apt-get install libreoffice-calc-nogui")
	}
	res, _ := sampleResult(t)
	dir := t.TempDir()
	book := filepath.Join(dir, "sammendrag.xlsx")
	var buf bytes.Buffer
	if err := WriteExcel(&buf, res); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(book, buf.Bytes(), 0o644)
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	sheets := f.GetSheetList()
	f.Close()

	out := filepath.Join(dir, "csv")
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "lo-profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1", "--outdir", out, book)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	read := func(sheet string) [][]string {
		b, err := os.ReadFile(filepath.Join(out, "sammendrag-"+sheet+".csv"))
		if err != nil {
			t.Fatalf("LibreOffice wrote no sheet %q: %v", sheet, err)
		}
		rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", sheet, err)
		}
		return rows
	}
	for _, sh := range sheets {
		read(sh)
	}
	for _, want := range []string{SheetSummary, SheetMission, "Område 1", "Område 2", "Område 3", SheetRegions, SheetMeasures, SheetReporting, SheetQuality, SheetFiles, "Data aktiviteter", "Data prosjekter", "Data statistikk"} {
		found := false
		for _, sh := range sheets {
			found = found || sh == want
		}
		if !found {
			t.Errorf("no sheet %q in %v", want, sheets)
		}
	}
	// The coverage of municipality visits, as LibreOffice reads it back.
	var coverage []string
	for _, row := range read(SheetSummary) {
		if len(row) > 5 && row[2] == "Kommunebesøksdekning" {
			coverage = row
		}
	}
	var want float64
	for _, ind := range res.Indicators {
		if ind.ID == "kommunebesok-dekning" {
			want = *ind.Value
		}
	}
	if coverage == nil {
		t.Fatal("no coverage row on Sammendrag")
	}
	// A percentage is stored as a fraction with a percent format.
	got, err := strconv.ParseFloat(strings.TrimSuffix(coverage[3], "%"), 64)
	if err != nil || math.Abs(got-want) > 1e-6 {
		t.Errorf("coverage read back as %q, want %v %%", coverage[3], want)
	}
	if coverage[4] != "%" {
		t.Errorf("coverage unit %q, want %%", coverage[4])
	}
	if !strings.Contains(coverage[6], "Nær") {
		t.Errorf("coverage status %q", coverage[6])
	}
	// Every rejected row is on Datakvalitet with its cell.
	q := read(SheetQuality)
	n := 0
	for _, row := range q {
		if len(row) > 2 && (strings.HasSuffix(row[0], ".xlsx") || strings.HasSuffix(row[0], ".csv")) {
			n++
		}
	}
	if n != res.Totals.RowsRejected {
		t.Errorf("Datakvalitet lists %d rows, %d were rejected", n, res.Totals.RowsRejected)
	}
	// Data sheets hold the period's rows.
	if rows := read("Data aktiviteter"); len(rows) < 2 || rows[0][0] != "dato" {
		t.Errorf("Data aktiviteter: %d rows, header %v", len(rows), rows[0])
	}
}

// TestTemplatesOpenInLibreOffice converts each template with LibreOffice:
// no sheet lost, the header where it belongs.
func TestTemplatesOpenInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("LibreOffice is not installed (.ci/run installs libreoffice-calc-nogui)")
		}
		t.Skip("soffice not installed")
	}
	_, cfg := sampleResult(t)
	dir := t.TempDir()
	files, err := WriteTemplates(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "csv")
	args := append([]string{"--headless", "-env:UserInstallation=file://" + filepath.Join(dir, "lo-profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1", "--outdir", out}, files...)
	if b, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	for _, k := range pipeline.Kinds() {
		kind, sheet := k.Name, k.Template.Sheet
		base := strings.TrimSuffix(TemplateFile(kind), ".xlsx")
		b, err := os.ReadFile(filepath.Join(out, base+"-"+sheet+".csv"))
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if !strings.HasPrefix(string(b), map[string]string{"aktiviteter": "Dato,Region", "prosjekter": "Prosjekt,Periode", "statistikk": "Skoleår,Kommunenr"}[kind]) {
			t.Errorf("%s: header row %.60q", kind, b)
		}
		if _, err := os.Stat(filepath.Join(out, base+"-"+SheetGuide+".csv")); err != nil {
			t.Errorf("%s: the guide sheet is lost: %v", kind, err)
		}
	}
}

// TestExcelChartsDrawTheTarget: every indicator's chart in the workbook
// draws its values, and, when it has a target, the target as a dashed
// line named in the legend; months are months on the category axis.
func TestExcelChartsDrawTheTarget(t *testing.T) {
	res, _ := sampleResult(t)
	var buf bytes.Buffer
	if err := WriteExcel(&buf, res); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	withTarget := map[string]bool{}
	for _, ind := range res.Indicators {
		withTarget[ind.Def.Name] = ind.Target != nil
	}
	title := regexp.MustCompile(`<a:t>([^<]*)</a:t>`)
	seen := 0
	for _, f := range z.File {
		if !strings.HasPrefix(f.Name, "xl/charts/chart") {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		x := string(b)
		m := title.FindStringSubmatch(x)
		if m == nil {
			t.Errorf("%s has no title", f.Name)
			continue
		}
		name := html.UnescapeString(m[1])
		target, ok := withTarget[name]
		if !ok {
			t.Errorf("%s: title %q is no indicator's name", f.Name, name)
			continue
		}
		seen++
		series, dashed := strings.Count(x, "<ser>"), strings.Count(x, `<a:prstDash val="dash"`)
		switch {
		case target && (series != 2 || dashed != 1):
			t.Errorf("%s (%s, with a target): %d series, %d dashed; want 2 and 1", f.Name, name, series, dashed)
		case !target && (series != 1 || dashed != 0):
			t.Errorf("%s (%s, no target): %d series, %d dashed; want 1 and 0", f.Name, name, series, dashed)
		}
		if !strings.Contains(x, `formatCode="[$-414]mmm yy"`) {
			t.Errorf("%s (%s): the months are not formatted as months", f.Name, name)
		}
	}
	if seen != len(res.Indicators) {
		t.Errorf("%d charts for %d indicators", seen, len(res.Indicators))
	}
}

// TestWorkbookRendersInLibreOffice prints the sample workbook to PDF with
// LibreOffice, as a reader's print would be, and keeps pictures of its
// first pages for people to look at (testdata/screenshots/sammendrag-*.png,
// not committed): the charts' legends name the target lines, and their
// month axes are in Norwegian.
func TestWorkbookRendersInLibreOffice(t *testing.T) {
	soffice, err1 := exec.LookPath("soffice")
	pdftotext, err2 := exec.LookPath("pdftotext")
	pdftoppm, err3 := exec.LookPath("pdftoppm")
	if err := errors.Join(err1, err2, err3); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("LibreOffice or poppler-utils is not installed (.ci/run installs them):", err)
		}
		t.Skip("needs soffice and pdftotext, pdftoppm:", err)
	}
	res, _ := sampleResult(t)
	dir := t.TempDir()
	book := filepath.Join(dir, "sammendrag.xlsx")
	var buf bytes.Buffer
	if err := WriteExcel(&buf, res); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(book, buf.Bytes(), 0o644)
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, book)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, "sammendrag.pdf")
	text, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	s := string(text)
	// A target's name is in its row and in its chart's legend.
	if n := strings.Count(s, "Målverdi: Konferanser og høringer"); n < 2 {
		t.Errorf("«Målverdi: Konferanser og høringer» %d times in the printed workbook, want its row and its legend", n)
	}
	for _, w := range []string{"Styresammendrag", "okt", "des"} {
		if !strings.Contains(s, w) {
			t.Errorf("no %q in the printed workbook", w)
		}
	}
	for _, w := range []string{"Oct", "Dec"} { // months in English
		if strings.Contains(s, w+" 2") {
			t.Errorf("%q: an English month in the Norwegian workbook", w)
		}
	}
	shots := filepath.Join("..", "testdata", "screenshots")
	os.MkdirAll(shots, 0o755)
	if out, err := exec.Command(pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "5", pdf, filepath.Join(shots, "sammendrag")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
}

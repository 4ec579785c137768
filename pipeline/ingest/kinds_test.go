package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/xuri/excelize/v2"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/pipeline/ingest/cell"
	"kulturrapport/pipeline/ingest/internal/xlsxtest"
)

func ingestOpts(t *testing.T, opts Options, inputs ...string) *pipeline.Dataset {
	t.Helper()
	files, err := ExpandInputs(inputs)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := Ingest(context.Background(), loadRef(t), files, opts, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	ds.Localise("nb")
	t.Cleanup(ds.Release)
	return ds
}

func column(t *testing.T, rec arrow.RecordBatch, name string) arrow.Array {
	t.Helper()
	idx := rec.Schema().FieldIndices(name)
	if idx == nil {
		t.Fatalf("no column %s", name)
	}
	return rec.Column(idx[0])
}

func TestLibreOfficeWorkbook(t *testing.T) {
	ds := ingestOpts(t, Options{}, filepath.Join("..", "..", "testdata", "ingest", "libreoffice-aktiviteter.xlsx"))
	f := ds.Files[0]
	// Header under a merged title and a blank row; an instructions sheet
	// first; a hidden sheet last, not read.
	if f.Status != pipeline.StatusOK || f.Sheet != "Aktiviteter" || f.RowsRead != 4 || f.RowsAccepted != 3 || f.RowsSkipped != 1 {
		t.Fatalf("%+v", f)
	}
	if p := f.Rejected[0]; p.Cell != "G8" || p.Value != "12,5" {
		t.Errorf("rejection %+v, want G8 «12,5»", p)
	}
	rec := ds.Table("aktiviteter")
	part := column(t, rec, pipeline.FieldParticipants).(*array.Int64)
	if part.Value(0) != 15 { // a formula, read as its cached value
		t.Errorf("formula cell read as %d, want 15", part.Value(0))
	}
	if part.Value(1) != 1234 { // "1 234" as text
		t.Errorf("«1 234» read as %d", part.Value(1))
	}
	dates := column(t, rec, pipeline.FieldDate).(*array.Date32)
	if got := dates.Value(0).ToTime().Format("2006-01-02"); got != "2026-10-06" {
		t.Errorf("date cell read as %s", got)
	}
	if got := column(t, rec, pipeline.FieldType).ValueStr(0); got != "kommunebesøk" {
		t.Errorf("«Kommunebesøk» normalised to %q", got)
	}
	goals := column(t, rec, pipeline.FieldGoals).(*array.List)
	if got := goals.ValueStr(1); got != `["1.1","3.2"]` {
		t.Errorf("goals «1.1; 3.2» read as %s", got)
	}
}

// TestOtherWriters reads one activity log (testdata/ingest/writers/
// rows.json) as openpyxl, XlsxWriter (shared and, in its constant_memory
// mode, inline strings), SheetJS and ExcelJS wrote it, as LibreOffice saves
// it in its own .ods, and as CSV from Python's csv module, SheetJS,
// LibreOffice in American English (dates month first) and LibreOffice in
// Norwegian with cells as shown (dates with the month named, «6. oktober
// 2026»): each gives the same rows, and a formula whose result no
// spreadsheet calculated (openpyxl saves none, XlsxWriter its own) is said,
// not passed on in silence.
func TestOtherWriters(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "ingest", "writers", "*-aktiviteter.*"))
	if err != nil || len(files) < 11 {
		t.Fatalf("%d files written by other writers (%v); run testdata/ingest/make-writers.sh", len(files), err)
	}
	fields := []string{pipeline.FieldDate, pipeline.FieldKommunenr, pipeline.FieldRegion, pipeline.FieldGoals, pipeline.FieldMeasure,
		pipeline.FieldType, pipeline.FieldTitle, pipeline.FieldParticipants, pipeline.FieldResponsible, pipeline.FieldNote}
	want := []string{
		`2026-10-06|3301|BTV|["3.1"]|3.1.R1|kommunebesøk|Besøk i Drammen kulturskole|15|Ingrid Berg|(null)`,
		`2026-10-14|3303|BTV|["1.1","3.2"]|(null)|konferanse|Regionkonferanse i Kongsberg & Numedal <2026>|1234|(null)|linje 1\nlinje 2`,
		`2026-10-20|(null)|BTV|["1.2"]|1.2.R2|sosiale medier|Innlegg om kulturskoledagen|(null)|Siri Dahl|mellomrom`,
		`2026-10-09|3301|BTV|["3.1"]|3.1.R1|kommunebesøk|Oppfølgingsmøte i Drammen|7|Kari Nordmann|«sitat» – æøå ÆØÅ`,
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			ds := ingestOpts(t, Options{}, path)
			f := ds.Files[0]
			if f.Status != pipeline.StatusOK || (f.Sheet != "Aktiviteter" && filepath.Ext(name) != ".csv") || f.RowsRead != 5 || f.RowsAccepted != 4 || f.RowsRejected != 1 || f.RowsSkipped != 1 {
				t.Fatalf("%+v", f)
			}
			if p := f.Rejected[0]; p.Cell != "H8" || p.Value != "12,5" {
				t.Errorf("rejection %+v, want H8 «12,5»", p)
			}
			wantRows := slices.Clone(want)
			formulas := said(f.Warnings, "formula.", byKey)
			var wantFormulas []string
			switch {
			case strings.HasPrefix(name, "openpyxl"):
				// openpyxl keeps no result of =10+5: H4 reads empty, and
				// says so.
				wantRows[0] = strings.Replace(wantRows[0], "|15|", "|(null)|", 1)
				wantFormulas = []string{"H4 formula.uncached"}
			case strings.HasPrefix(name, "xlsxwriter"):
				// XlsxWriter stores the script's 15 (0 without one) and asks
				// Excel to calculate: read as written, and said.
				wantFormulas = []string{"H4 formula.uncalculated"}
			}
			if !slices.Equal(formulas, wantFormulas) {
				t.Errorf("formulas said %v, want %v", formulas, wantFormulas)
			}
			// LibreOffice in American English writes 10/06/2026: 10/20/2026
			// in A7, among the first rows, shows the order before any is read.
			order := said(f.Warnings, "date.", byKey)
			if wantOrder := []string(nil); strings.HasPrefix(name, "libreoffice-en") {
				if wantOrder = []string{"A7 date.monthfirst"}; !slices.Equal(order, wantOrder) {
					t.Errorf("date order said %v, want %v", order, wantOrder)
				}
			} else if len(order) > 0 {
				t.Errorf("date order said %v", order)
			}
			rec := ds.Table("aktiviteter")
			for i := range int(rec.NumRows()) {
				var cells []string
				for _, fl := range fields {
					cells = append(cells, strings.ReplaceAll(column(t, rec, fl).ValueStr(i), "\n", "\\n"))
				}
				if got := strings.Join(cells, "|"); i >= len(wantRows) || got != wantRows[i] {
					t.Errorf("row %d:\n got %s\nwant %s", i, got, wantRows[min(i, len(wantRows)-1)])
				}
			}
		})
	}
}

// TestUncachedFormulasSaidOnce: a sheet of formulas saved without results
// (excelize's SetCellFormula writes them so) gets one warning, counting
// them and naming the first five; a totals row's formula is not counted,
// nor one in a column the sheet does not use.
func TestUncachedFormulasSaidOnce(t *testing.T) {
	p := filepath.Join(t.TempDir(), "formler.xlsx")
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Dato", "Region", "Mål", "Aktivitetstype", "Tittel", "Deltakere", "Ekstra"})
	for r := 2; r <= 8; r++ {
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", r), &[]any{"01.10.2026", "BTV", "1.1", "kurs", fmt.Sprintf("Kurs %d", r)})
		f.SetCellFormula("Sheet1", fmt.Sprintf("F%d", r), "2+3")
		f.SetCellFormula("Sheet1", fmt.Sprintf("G%d", r), "1+1")
	}
	f.SetCellStr("Sheet1", "A9", "Sum")
	f.SetCellFormula("Sheet1", "F9", "SUM(F2:F8)")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ds := ingestOpts(t, Options{}, p)
	r := ds.Files[0]
	got := said(r.Warnings, "formula.", byReason)
	want := "F2 7 formler uten lagret resultat er lest som tomme (F2, F3, F4, F5, F6 …): filen er lagret av et program som ikke regner ut formler; åpne den i Excel eller LibreOffice og lagre den på nytt"
	if r.RowsAccepted != 7 || len(got) != 1 || got[0] != want {
		t.Errorf("accepted %d, said %q\nwant %q", r.RowsAccepted, got, want)
	}
	// The same sheet as XlsxWriter writes it: results of 0, and the
	// workbook asks to be calculated when opened.
	var sheet bytes.Buffer
	sheet.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>Dato</t></is></c><c r="B1" t="inlineStr"><is><t>Region</t></is></c><c r="C1" t="inlineStr"><is><t>Mål</t></is></c><c r="D1" t="inlineStr"><is><t>Aktivitetstype</t></is></c><c r="E1" t="inlineStr"><is><t>Tittel</t></is></c><c r="F1" t="inlineStr"><is><t>Deltakere</t></is></c></row>`)
	for r := 2; r <= 4; r++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%[1]d" t="inlineStr"><is><t>01.10.2026</t></is></c><c r="B%[1]d" t="inlineStr"><is><t>BTV</t></is></c><c r="C%[1]d" t="inlineStr"><is><t>1.1</t></is></c><c r="D%[1]d" t="inlineStr"><is><t>kurs</t></is></c><c r="E%[1]d" t="inlineStr"><is><t>Kurs %[1]d</t></is></c><c r="F%[1]d"><f>2+3</f><v>0</v></c></row>`, r)
	}
	xw := filepath.Join(t.TempDir(), "xlsxwriter.xlsx")
	writeParts(t, xw, map[string]string{
		"xl/workbook.xml":          `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>`,
		"xl/worksheets/sheet1.xml": string(xlsxtest.Sheet(sheet.String())),
	})
	ds = ingestOpts(t, Options{}, xw)
	got = said(ds.Files[0].Warnings, "formula.", byReason)
	want = "F2 3 formler har resultater skrevet av programmet som laget filen, ikke regnet ut av et regneark (filen ber Excel regne på nytt når den åpnes), og de er lest som de står (F2, F3, F4): åpne filen i Excel eller LibreOffice og lagre den på nytt for å være sikker"
	if len(got) != 1 || got[0] != want {
		t.Errorf("said %q\nwant %q", got, want)
	}
}

func TestPinReadsHiddenSheet(t *testing.T) {
	opts := Options{Pins: []Pin{{Match: "libreoffice-*.xlsx", Sheet: "Skjult", Kind: "aktiviteter"}}}
	ds := ingestOpts(t, opts, filepath.Join("..", "..", "testdata", "ingest", "libreoffice-aktiviteter.xlsx"))
	f := ds.Files[0]
	if f.Status != pipeline.StatusOK || f.Sheet != "Skjult" || f.RowsAccepted != 1 {
		t.Fatalf("%+v", f)
	}
	opts.Pins[0].Sheet = "Finnes ikke"
	ds = ingestOpts(t, opts, filepath.Join("..", "..", "testdata", "ingest", "libreoffice-aktiviteter.xlsx"))
	if f := ds.Files[0]; f.Status != pipeline.StatusUnreadable || !strings.Contains(f.Reason, "«Finnes ikke»") {
		t.Errorf("pin to a missing sheet: %+v", f)
	}
}

func TestDate1904(t *testing.T) {
	ds := ingestOpts(t, Options{}, filepath.Join("..", "..", "testdata", "ingest", "excelize-1904.xlsx"))
	dates := column(t, ds.Table("aktiviteter"), pipeline.FieldDate).(*array.Date32)
	for i, want := range []string{"2026-03-15", "2024-02-29"} {
		if got := dates.Value(i).ToTime().Format("2006-01-02"); got != want {
			t.Errorf("row %d: %s, want %s", i+2, got, want)
		}
	}
}

func TestSampleProjectsAndStatistics(t *testing.T) {
	ds := ingestOpts(t, Options{Period: pipeline.MonthFor(2026, 10)}, filepath.Join("..", "..", "testdata", "sample"))
	byName := map[string]*pipeline.FileReport{}
	for _, f := range ds.Files {
		byName[filepath.Base(f.Path)] = f
	}
	csv := byName["prosjekter-btv-2025-11.csv"]
	if csv.Kind != "prosjekter" || csv.RowsRejected != 0 || csv.RowsAccepted < 5 {
		t.Errorf("CSV in Windows-1252 with «1 234 kr» amounts: %+v", csv)
	}
	may := byName["prosjekter-btv-2026-05.xlsx"]
	var reasons []string
	for _, p := range may.Rejected {
		reasons = append(reasons, p.Cell+" "+p.Reason)
	}
	if got := strings.Join(reasons, " | "); !strings.Contains(got, "ugyldig verdi") || !strings.Contains(got, "måned 13 finnes ikke") {
		t.Errorf("project report 2026-05: %s", got)
	}
	stats := byName["kulturskolestatistikk-btv.xlsx"]
	if stats.Kind != "statistikk" || stats.Sheet != "Buskerud, Vestfold, Telemark" || stats.RowsRead != 205 || stats.RowsRejected != 1 {
		t.Fatalf("statistics: %+v", stats)
	}
	if p := stats.Rejected[0]; p.Sheet != "Telemark" || p.Cell != "D22" || p.Value != "ca. 60" {
		t.Errorf("statistics rejection: %+v", p)
	}
	renamed := 0
	for _, w := range stats.Warnings {
		if strings.HasPrefix(w.Reason, "gammelt kommunenummer") {
			renamed++
		}
	}
	if renamed != 41 {
		t.Errorf("%d old kommunenummer mapped, want 41", renamed)
	}
	rec := ds.Table("statistikk")
	years := map[string]int{}
	col := column(t, rec, pipeline.FieldSchoolYear)
	for i := 0; i < col.Len(); i++ {
		years[col.ValueStr(i)]++
	}
	if years["2023/2024"] != 41 || len(years) != 5 { // "2023-24" normalised
		t.Errorf("school years: %v", years)
	}
	// "12 345"-style text is a number; FTE keeps its decimals.
	fte := column(t, rec, pipeline.FieldFTE).(*array.Float64)
	if v := fte.Value(0); v <= 0 || v == float64(int(v)) {
		t.Errorf("FTE %v: decimals lost", v)
	}
}

// said is what the problems whose message key begins with prefix say,
// each as its cell and its key (byKey) or its reason (byReason).
func said(ps []pipeline.Problem, prefix string, as func(pipeline.Problem) string) []string {
	var out []string
	for _, p := range ps {
		if strings.HasPrefix(p.Msg.Key, prefix) {
			out = append(out, p.Cell+" "+as(p))
		}
	}
	return out
}

// filesIn writes the files (name → text) in a new folder, and returns it.
func filesIn(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// tableRows is each row of rec as its fields' values joined by "|".
func tableRows(t *testing.T, rec arrow.RecordBatch, fields []string) []string {
	t.Helper()
	var rows []string
	for i := range int(rec.NumRows()) {
		var cells []string
		for _, fl := range fields {
			cells = append(cells, column(t, rec, fl).ValueStr(i))
		}
		rows = append(rows, strings.Join(cells, "|"))
	}
	return rows
}

func byKey(p pipeline.Problem) string    { return p.Msg.Key }
func byReason(p pipeline.Problem) string { return p.Reason }

// writeParts writes to path a workbook excelize makes, with the parts
// named in parts replaced by their text.
func writeParts(t *testing.T, path string, parts map[string]string) {
	t.Helper()
	b := map[string][]byte{}
	for name, text := range parts {
		b[name] = []byte(text)
	}
	data, err := xlsxtest.Workbook(b)
	if err == nil {
		err = os.WriteFile(path, data, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func TestDecompressionBomb(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	zeros := make([]byte, 1<<20)
	for i := 0; i < 40; i++ {
		w.Write(zeros)
	}
	zw.Close()
	p := filepath.Join(t.TempDir(), "bomb.xlsx")
	os.WriteFile(p, buf.Bytes(), 0o644)
	ds := ingestOpts(t, Options{Limits: Limits{MaxUnzippedMB: 16}}, p)
	if f := ds.Files[0]; f.Status != pipeline.StatusUnreadable || !strings.Contains(f.Reason, "16 MB") {
		t.Errorf("bomb: %+v", f)
	}
	ds = ingestOpts(t, Options{Limits: Limits{MaxFileMB: 1}}, filepath.Join("..", "..", "testdata", "sample", "kulturskolestatistikk-btv.xlsx"))
	if f := ds.Files[0]; f.Status != pipeline.StatusOK {
		t.Errorf("a file under the size cap: %+v", f)
	}
}

func TestEmptyWorkbook(t *testing.T) {
	p := filepath.Join(t.TempDir(), "tom.xlsx")
	f := excelize.NewFile()
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	ds := ingestOpts(t, Options{}, p)
	if r := ds.Files[0]; r.Status != pipeline.StatusUnreadable || !strings.Contains(r.Reason, "ingen data") {
		t.Errorf("empty workbook: %+v", r)
	}
}

func TestMissingRequiredColumn(t *testing.T) {
	p := filepath.Join(t.TempDir(), "mangler.csv")
	os.WriteFile(p, []byte("Dato;Region;Mål;Tittel\n01.10.2026;BTV;1.1;Noe\n"), 0o644)
	ds := ingestOpts(t, Options{}, p)
	if r := ds.Files[0]; r.Status != pipeline.StatusUnreadable || r.Kind != "aktiviteter" || !strings.Contains(r.Reason, "Aktivitetstype") {
		t.Errorf("missing column: %+v", r)
	}
}

func TestParseMonthAndSchoolYear(t *testing.T) {
	for raw, want := range map[string]string{"2026-10": "2026-10", "2026-1": "2026-01", "10.2026": "2026-10", "10/2026": "2026-10", "okt 2026": "2026-10", "Oktober 2026": "2026-10", "15.10.2026": "2026-10", "46310": "2026-10",
		// A month named as Norwegian abbreviates it, and as «mmm yy» formats show it.
		"okt. 2026": "2026-10", "okt.2026": "2026-10", "des. 2025": "2025-12", "okt.26": "2026-10", "Oct-26": "2026-10", "Sept 2026": "2026-09",
		"6. okt. 2026": "2026-10", "Oct 6, 2026": "2026-10"} {
		m, ok := cell.ParseMonthCell(raw, false)
		if !ok || m.Format("2006-01") != want {
			t.Errorf("cell.ParseMonthCell(%q) = %s, %v; want %s", raw, m.Format("2006-01"), ok, want)
		}
	}
	for _, raw := range []string{"2026-13", "13.2026", "oktober", "", "1999-10", "oktobre 2026", "okt. 1999", "okt 202"} {
		if _, ok := cell.ParseMonthCell(raw, false); ok {
			t.Errorf("cell.ParseMonthCell(%q) accepted", raw)
		}
	}
	for raw, want := range map[string]int{"2023/2024": 2023, "2023/24": 2023, "2023-24": 2023, "2023–2024": 2023, "2099/2100": 0,
		"23/24": 2023, "23-24": 2023, "Skoleåret 2023-2024": 2023, "skoleår 2023/24": 2023, "School year 2023/2024": 2023, "23/25": 0, "2023": 0, "3/4": 0, "99/00": 0} {
		got, ok := cell.ParseSchoolYear(raw)
		if got != want || ok != (want != 0) {
			t.Errorf("cell.ParseSchoolYear(%q) = %d, %v; want %d", raw, got, ok, want)
		}
	}
}

func TestStatisticsWarnings(t *testing.T) {
	p := filepath.Join(t.TempDir(), "gsi.csv")
	os.WriteFile(p, []byte("Skoleår;Kommunenr;Kommune;Elever;Barn 6–15 år;Årsverk\n"+
		"2025/2026;3301;Drammen;14 000;13 000;4.125\n"+
		"2025/2026;3303;Drammen;100;1 000;2\n"+
		"2025/2026;3301;Drammen;10;1 000;2\n"), 0o644)
	ds := ingestOpts(t, Options{}, p)
	f := ds.Files[0]
	var got []string
	for _, w := range f.Warnings {
		got = append(got, w.Cell+": "+w.Reason)
	}
	want := []string{"D2: flere elever enn barn 6–15 år i kommunen", "C3: kommunenavnet passer ikke med kommunenummeret (3303 er Kongsberg)"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("warnings %q, want %q", got, want)
	}
	if f.RowsAccepted != 2 || f.RowsRejected != 1 || !strings.HasPrefix(f.Rejected[0].Reason, "kommunen er allerede rapportert") {
		t.Errorf("%+v", f)
	}
	if v := column(t, ds.Table("statistikk"), pipeline.FieldFTE).(*array.Float64).Value(0); v != 4.125 {
		t.Errorf("FTE «4.125» read as %v", v)
	}
}

func TestFileOverSizeCap(t *testing.T) {
	p := filepath.Join(t.TempDir(), "stor.csv")
	os.WriteFile(p, bytes.Repeat([]byte("x;y;z\n"), 400_000), 0o644) // 2.4 MB
	ds := ingestOpts(t, Options{Limits: Limits{MaxFileMB: 1}}, p)
	if f := ds.Files[0]; f.Status != pipeline.StatusUnreadable || !strings.Contains(f.Reason, "over grensen på 1 MB") {
		t.Errorf("%+v", f)
	}
}

// Files are read in parallel; the same activity in two files is still
// found, in file order, and the later one rejected.
func TestDuplicateAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	head := "Dato;Region;Kommunenr;Mål;Aktivitetstype;Tittel\n"
	os.WriteFile(filepath.Join(dir, "a.csv"), []byte(head+"01.10.2026;BTV;3301;3.1;kommunebesøk;Besøk\n02.10.2026;BTV;3301;3.1;kommunebesøk;Annet besøk\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.csv"), []byte(head+"05.10.2026;BTV;3303;1.1;konferanse;Ny\n01.10.2026;BTV;3301;3.1;Kommunebesøk;besøk\n"), 0o644)
	// c repeats a row of b and, after it, a row of a: rejected in row order,
	// each naming its own first row.
	os.WriteFile(filepath.Join(dir, "c.csv"), []byte(head+"05.10.2026;BTV;3303;1.1;konferanse;Ny\n02.10.2026;BTV;3301;3.1;kommunebesøk;Annet besøk\n07.10.2026;BTV;3301;3.1;kurs;Nytt\n"), 0o644)
	for _, workers := range []int{1, 4} {
		files, _ := ExpandInputs([]string{dir})
		ds, err := Ingest(context.Background(), loadRef(t), files, Options{Workers: workers}, memory.DefaultAllocator)
		if err != nil {
			t.Fatal(err)
		}
		ds.Localise("nb")
		b := ds.Files[1]
		if b.RowsAccepted != 1 || b.RowsRejected != 1 || b.Rejected[0].Cell != "F3" || !strings.Contains(b.Rejected[0].Reason, "a.csv:A2") {
			t.Errorf("workers %d: %+v", workers, b)
		}
		c := ds.Files[2]
		if c.RowsAccepted != 1 || c.RowsRejected != 2 || len(c.Rejected) != 2 ||
			c.Rejected[0].Cell != "F2" || !strings.Contains(c.Rejected[0].Reason, "b.csv:A2") ||
			c.Rejected[1].Cell != "F3" || !strings.Contains(c.Rejected[1].Reason, "a.csv:A3") {
			t.Errorf("workers %d: %+v", workers, c)
		}
		if n := ds.Table("aktiviteter").NumRows(); n != 4 {
			t.Errorf("workers %d: %d rows, want 4", workers, n)
		}
		ds.Release()
	}
}

// TestEveryKindHasABuilder: a kind in pipeline's registry without a row
// builder here would be recognised by its header and then not read.
func TestEveryKindHasABuilder(t *testing.T) {
	for _, k := range pipeline.Kinds() {
		if builderOf[k.Name] == nil {
			t.Errorf("kind %s has no builder in builderOf", k.Name)
		}
	}
	if len(builderOf) != len(pipeline.Kinds()) {
		t.Errorf("%d builders for %d kinds", len(builderOf), len(pipeline.Kinds()))
	}
}

// TestIsTotalRow: a totals row is a totals word in any column with the
// required columns empty but for the one holding the word; a row that
// fills two required columns is data, whatever it says.
func TestIsTotalRow(t *testing.T) {
	required := []int{0, 1, 4} // date, region, title
	for _, c := range []struct {
		cells []string
		want  bool
	}{
		{[]string{"", "", "", "", "I alt", "26"}, true},          // the word in a required column
		{[]string{"", "", "Sum", "", "", "26"}, true},            // in an optional one
		{[]string{" ", "", "", "", " Totalt ", "26"}, true},      // blanks are empty
		{[]string{"", "", "", "", "Sum"}, true},                  // short row
		{[]string{"03.10.2026", "", "", "", "Sum", "26"}, false}, // a date besides
		{[]string{"03.10.2026", "BTV", "Sum", "", "Møte", "26"}, false},
		{[]string{"03.10.2026", "BTV", "", "", "Totalt", ""}, false},
		{[]string{"", "", "", "", "Møte", "26"}, false}, // no word
		{[]string{"", "", "", "", "", ""}, false},
	} {
		if got := isTotalRow(c.cells, required); got != c.want {
			t.Errorf("isTotalRow(%q) = %v, want %v", c.cells, got, c.want)
		}
	}
}

// TestSlashDateOrder: a sheet whose dates with slashes can only be month
// first (as software in American English writes them) is read month first
// from the row that shows it, and the rows read day first before it that
// could have been either are named; dd/mm/yyyy stays day first.
func TestSlashDateOrder(t *testing.T) {
	dir := t.TempDir()
	var us strings.Builder
	us.WriteString("Dato;Region;Mål;Aktivitetstype;Tittel\n")
	for i := range 30 { // more than the rows looked at for the header; 10/10 reads the same both ways
		fmt.Fprintf(&us, "10/%02d/2026;BTV;1.1;kurs;Kurs %d\n", 1+i%12, i)
	}
	us.WriteString("10/20/2026;BTV;1.1;kurs;Kurs tjue\n10/05/2026;BTV;1.1;kurs;Kurs fem\n")
	os.WriteFile(filepath.Join(dir, "us.csv"), []byte(us.String()), 0o644)
	os.WriteFile(filepath.Join(dir, "no.csv"), []byte("Dato;Region;Mål;Aktivitetstype;Tittel\n05/10/2026;BTV;1.1;kurs;A\n13/10/2026;BTV;1.1;kurs;B\n"), 0o644)
	// Every date could be either, and none shows which: read day first,
	// and said (an American sheet of 10/06, 10/07 read as June and July).
	os.WriteFile(filepath.Join(dir, "enten.csv"), []byte("Dato;Region;Mål;Aktivitetstype;Tittel\n10/06/2026;BTV;1.1;kurs;C\n10/07/2026;BTV;1.1;kurs;D\n10/10/2026;BTV;1.1;kurs;E\n"), 0o644)
	ds := ingestOpts(t, Options{}, filepath.Join(dir, "us.csv"), filepath.Join(dir, "no.csv"), filepath.Join(dir, "enten.csv"))
	byName := map[string]*pipeline.FileReport{}
	for _, f := range ds.Files {
		byName[filepath.Base(f.Path)] = f
	}
	got := said(byName["us.csv"].Warnings, "", byReason)
	want := []string{
		"A32 datoene med skråstrek er lest som måned/dag/år (amerikansk rekkefølge), som denne viser; skriv helst datoer som dd.mm.åååå",
		"A2 28 datoer med skråstrek, lest som dag/måned/år før A32 viste at arket skriver måned/dag/år, kan være feil: A2, A3, A4, A5, A6 …",
	}
	if !slices.Equal(got, want) {
		t.Errorf("us.csv said\n%q\nwant\n%q", got, want)
	}
	if w := byName["no.csv"].Warnings; len(w) != 0 {
		t.Errorf("no.csv: %+v", w)
	}
	if got := said(byName["enten.csv"].Warnings, "", byKey); !slices.Equal(got, []string{"A2 date.eitherway"}) || byName["enten.csv"].Warnings[0].Msg.Args[0] != 2 {
		t.Errorf("enten.csv said %v, want A2 date.eitherway of 2 dates (10/10 reads the same both ways)", byName["enten.csv"].Warnings)
	}
	// A project's month given as a date in it, month first.
	os.WriteFile(filepath.Join(dir, "prosjekter-us.csv"), []byte("Prosjekt;Periode;Region;Mål;Status\nKRUt;10/06/2026;BTV;1.1;pågår\nEl Sistema;10/20/2026;BTV;1.1;pågår\n"), 0o644)
	pr := ingestOpts(t, Options{}, filepath.Join(dir, "prosjekter-us.csv"))
	if got := column(t, pr.Table("prosjekter"), pipeline.FieldPeriod).ValueStr(0); got != "2026-10" {
		t.Errorf("KRUt's month %s, want 2026-10 (10/06/2026 month first, as 10/20/2026 shows)", got)
	}
	rec := ds.Table("aktiviteter")
	dates := map[string]string{}
	for i := range int(rec.NumRows()) {
		dates[column(t, rec, pipeline.FieldTitle).ValueStr(i)] = column(t, rec, pipeline.FieldDate).ValueStr(i)
	}
	for title, want := range map[string]string{"Kurs tjue": "2026-10-20", "Kurs fem": "2026-10-05", "A": "2026-10-05", "B": "2026-10-13", "Kurs 0": "2026-01-10", "C": "2026-06-10"} {
		if dates[title] != want {
			t.Errorf("%s: %s, want %s", title, dates[title], want)
		}
	}
}

// TestEnglishNumbers: amounts as a program set to English shows them are
// read (1,234.50), and a comma that may group thousands or be a decimal
// comma is asked about, not read as 450 in silence.
func TestEnglishNumbers(t *testing.T) {
	p := filepath.Join(t.TempDir(), "prosjekter-en.csv")
	os.WriteFile(p, []byte("Prosjekt;Periode;Region;Mål;Status;Budsjett;Deltakere\n"+
		"KRUt;2026-10;BTV;1.1;pågår;\"1,234.50\";12\n"+
		"El Sistema;2026-10;BTV;1.1;pågår;\"450,000\";\"1,200\"\n"), 0o644)
	ds := ingestOpts(t, Options{}, p)
	f := ds.Files[0]
	got := said(f.Rejected, "", byKey)
	if want := []string{"G3 number.comma", "F3 number.comma"}; f.RowsAccepted != 1 || !slices.Equal(got, want) {
		t.Errorf("accepted %d, rejected %v; want 1, %v", f.RowsAccepted, got, want)
	}
	if v := column(t, ds.Table("prosjekter"), pipeline.FieldBudget).ValueStr(0); v != "1234.5" {
		t.Errorf("«1,234.50» read as %s", v)
	}

	// A sheet whose dates are month first was written by a program set to
	// English: there the comma groups thousands. Looked at before the
	// rows are read (10/20/2026 among the first rows), it holds from the
	// first row on.
	us := filepath.Join(t.TempDir(), "aktiviteter-us.csv")
	os.WriteFile(us, []byte("Date,Region,Kommunenr,Mål,Aktivitetstype,Tittel,Deltakere\n"+
		"10/06/2026,BTV,3301,3.1,konferanse,Konferanse,\"1,234\"\n"+
		"10/20/2026,BTV,3301,3.1,kurs,Kurs,\"2,500\"\n"+
		"10/21/2026,BTV,3301,3.1,kurs,Kurs 2,\"-1,200\"\n"), 0o644)
	ds = ingestOpts(t, Options{}, us)
	f = ds.Files[0]
	if got, want := said(f.Rejected, "", byKey), []string{"G4 number.negative"}; f.RowsAccepted != 2 || !slices.Equal(got, want) {
		t.Errorf("accepted %d, rejected %v; want 2, %v", f.RowsAccepted, got, want)
	}
	if rec := ds.Table("aktiviteter"); rec.NumRows() == 2 {
		part := column(t, rec, pipeline.FieldParticipants)
		if a, b := part.ValueStr(0), part.ValueStr(1); a != "1234" || b != "2500" {
			t.Errorf("«1,234» and «2,500» in a month-first sheet read as %s and %s", a, b)
		}
	}
	pr := filepath.Join(t.TempDir(), "prosjekter-us.csv")
	os.WriteFile(pr, []byte("Prosjekt;Periode;Region;Mål;Status;Budsjett\nKRUt;10/20/2026;BTV;1.1;pågår;450,000\n"), 0o644)
	if rec := ingestOpts(t, Options{}, pr).Table("prosjekter"); rec.NumRows() != 1 {
		t.Errorf("«450,000» in a month-first sheet: %d rows accepted, want 1", rec.NumRows())
	} else if v := column(t, rec, pipeline.FieldBudget).ValueStr(0); v != "450000" {
		t.Errorf("«450,000» in a month-first sheet read as %s", v)
	}
}

// TestGoalListsAndRegionNames: goals listed as people list them — with
// semicolons, slashes, commas (with or without a space after, beside
// dotted codes), «og» — are each read, while «3,1» stays one goal with a
// decimal comma; a region is read by its code, its name (its counties in
// any order), «Region BTV», or one of its counties.
func TestGoalListsAndRegionNames(t *testing.T) {
	p := filepath.Join(t.TempDir(), "aktiviteter.csv")
	cells := []struct{ region, goals, want string }{
		{"BTV", "1.1; 3.2", `["1.1","3.2"]`},
		{"btv", "1.1 / 3.2", `["1.1","3.2"]`},
		{"Buskerud, Telemark og Vestfold", "1.1, 3.2", `["1.1","3.2"]`},
		{"Region BTV", "1.1,3.2", `["1.1","3.2"]`},
		{"Buskerud, Vestfold og Telemark", "1.1", `["1.1"]`}, // its counties in another order
		{"Telemark og Vestfold, Buskerud", "1.1", `["1.1"]`},
		{"Vestfold", "1.1", `["1.1"]`}, // one of its counties
		{"Telemark fylke", "1.1", `["1.1"]`},
		{"BTV", "3.1 og 1.1", `["3.1","1.1"]`},
		{"BTV", "3,1", `["3.1"]`},
		{"BTV", "Mål 1,1, mål 3,2", `["1.1","3.2"]`},
		{"BTV", "1.3 Initierende og koordinerende rolle", `["1.3"]`},
	}
	var b strings.Builder
	b.WriteString("Dato;Region;Mål;Aktivitetstype;Tittel\n")
	for i, c := range cells {
		fmt.Fprintf(&b, "06.10.2026;\"%s\";\"%s\";kurs;Kurs %d\n", c.region, c.goals, i)
	}
	// Not a region: some of its counties, or other words, or a county
	// of none.
	b.WriteString("06.10.2026;\"Buskerud og Telemark\";1.1;kurs;Kurs x\n06.10.2026;\"Buskerud, Telemark og Vestfold og Agder\";1.1;kurs;Kurs y\n06.10.2026;Agder;1.1;kurs;Kurs z\n")
	os.WriteFile(p, []byte(b.String()), 0o644)
	ds := ingestOpts(t, Options{}, p)
	if f := ds.Files[0]; f.RowsAccepted != len(cells) || f.RowsRejected != 3 {
		t.Fatalf("accepted %d of %d: %+v", f.RowsAccepted, len(cells), f.Rejected)
	}
	goals := column(t, ds.Table("aktiviteter"), pipeline.FieldGoals)
	for i, c := range cells {
		if got := goals.ValueStr(i); got != c.want {
			t.Errorf("«%s»: %s, want %s", c.goals, got, c.want)
		}
	}
}

// TestHeadersWithNotes: a header with a note in brackets, as home-made
// sheets have them, is its column's header; a required one among them
// («Dato (dd.mm.åååå)») made the file unreadable, an optional one
// («Deltakere (antall)») was an unused column and its numbers lost.
func TestHeadersWithNotes(t *testing.T) {
	p := filepath.Join(t.TempDir(), "aktiviteter.csv")
	os.WriteFile(p, []byte("Dato (dd.mm.åååå);Region;Kommunenr;Mål;Aktivitetstype;Tittel;Deltakere (antall);Ansvarlig [navn];Merknad (valgfritt)\n"+
		"06.10.2026;BTV;3301;3.1;kurs;Kurs;12;Kari;fint\n"), 0o644)
	ds := ingestOpts(t, Options{}, p)
	f := ds.Files[0]
	if f.Status != pipeline.StatusOK || f.RowsAccepted != 1 || len(f.Warnings) != 0 {
		t.Fatalf("%+v", f)
	}
	rec := ds.Table("aktiviteter")
	for field, want := range map[string]string{pipeline.FieldParticipants: "12", pipeline.FieldResponsible: "Kari", pipeline.FieldNote: "fint"} {
		if got := column(t, rec, field).ValueStr(0); got != want {
			t.Errorf("%s: %q, want %q", field, got, want)
		}
	}
}

// TestCellsWithoutAFigure: «-» or «?» where an optional count or amount
// has no figure leaves it empty and keeps the activity or project (they
// were rejected as «ugyldig tall», the row lost); a unit after a count is
// read past.
func TestCellsWithoutAFigure(t *testing.T) {
	ds := ingestOpts(t, Options{}, filesIn(t, map[string]string{
		"aktiviteter.csv": "Dato;Region;Mål;Aktivitetstype;Tittel;Deltakere\n" +
			"06.10.2026;BTV;3.1;kurs;Kurs 1;-\n06.10.2026;BTV;3.1;kurs;Kurs 2;?\n06.10.2026;BTV;3.1;kurs;Kurs 3;12 stk\n",
		"prosjekter.csv": "Prosjekt;Periode;Region;Mål;Status;Budsjett;Forbruk\nKRUt;2026-10;BTV;1.1;pågår;–;ukjent\n",
	}))
	for _, f := range ds.Files {
		if f.RowsRejected != 0 {
			t.Errorf("%s: %+v", f.Path, f.Rejected)
		}
	}
	part := column(t, ds.Table("aktiviteter"), pipeline.FieldParticipants)
	if got := []string{part.ValueStr(0), part.ValueStr(1), part.ValueStr(2)}; !slices.Equal(got, []string{"(null)", "(null)", "12"}) {
		t.Errorf("participants %v", got)
	}
	if b := column(t, ds.Table("prosjekter"), pipeline.FieldBudget); !b.IsNull(0) {
		t.Errorf("budget «–» read as %s", b.ValueStr(0))
	}
}

// TestApproximateCounts: «ca. 60» participants is the sender's best
// figure: read as 60 and said (it was rejected as «ugyldig tall», the
// activity lost), as are «12+3» (15), «4 (2 lærere)» (4) and «20–30»
// (20, at least); an approximate figure that is no whole number is still
// rejected, and so is an approximate number of pupils or a span of them:
// the statistics' figures are counted, not estimated.
func TestApproximateCounts(t *testing.T) {
	ds := ingestOpts(t, Options{}, filesIn(t, map[string]string{
		"aktiviteter.csv": "Dato;Region;Mål;Aktivitetstype;Tittel;Deltakere\n" +
			"06.10.2026;BTV;3.1;kurs;Kurs 1;ca. 60\n06.10.2026;BTV;3.1;kurs;Kurs 2;cirka 1 200\n06.10.2026;BTV;3.1;kurs;Kurs 3;ca. 12,5\n" +
			"06.10.2026;BTV;3.1;kurs;Kurs 4;12+3\n06.10.2026;BTV;3.1;kurs;Kurs 5;4 (2 lærere)\n06.10.2026;BTV;3.1;kurs;Kurs 6;4 (2 lærere) x\n" +
			"06.10.2026;BTV;3.1;kurs;Kurs 7;20–30\n",
		"statistikk.csv": "Skoleår;Kommunenr;Elever\n2023/2024;3301;400\n2023/2024;3303;omtrent 400\n2023/2024;3305;380-400\n",
		"prosjekter.csv": "Prosjekt;Periode;Region;Mål;Status;Deltakere\nKRUt;2026-10;BTV;1.1;pågår;ca. 300\n",
	}))
	byName := map[string]*pipeline.FileReport{}
	for _, f := range ds.Files {
		byName[filepath.Base(f.Path)] = f
	}
	a, s := byName["aktiviteter.csv"], byName["statistikk.csv"]
	if got := said(a.Warnings, "number.", byReason); !slices.Equal(got, []string{"F2 omtrentlig tall, lest som 60", "F3 omtrentlig tall, lest som 1200",
		"F5 summen er lest som 15", "F6 lest som 4; teksten i parentes («2 lærere») er ikke lest", "F8 et spenn, lest som det minste tallet: 20"}) {
		t.Errorf("said %v", got)
	}
	if got := said(a.Rejected, "", byKey); !slices.Equal(got, []string{"F4 number.integer", "F7 number.invalid"}) {
		t.Errorf("rejected %v", got)
	}
	if got := said(s.Rejected, "", byKey); s.RowsAccepted != 1 || !slices.Equal(got, []string{"C3 number.approxstat", "C4 number.approxstat"}) {
		t.Errorf("statistics: accepted %d, rejected %v", s.RowsAccepted, got)
	}
	part := column(t, ds.Table("aktiviteter"), pipeline.FieldParticipants)
	if got := []string{part.ValueStr(0), part.ValueStr(1), part.ValueStr(2), part.ValueStr(3), part.ValueStr(4)}; !slices.Equal(got, []string{"60", "1200", "15", "4", "20"}) {
		t.Errorf("participants %v", got)
	}
	if got := column(t, ds.Table("statistikk"), pipeline.FieldPupils).ValueStr(0); got != "400" {
		t.Errorf("pupils %s", got)
	}
	if got := column(t, ds.Table("prosjekter"), pipeline.FieldParticipants).ValueStr(0); got != "300" || len(byName["prosjekter.csv"].Warnings) != 1 {
		t.Errorf("project participants %s, said %v", got, byName["prosjekter.csv"].Warnings)
	}
}

// TestCommentsByRegion: a comment may say whose it is (Region): the same
// words on one goal for one month from the nation and from a region are
// two comments; twice from one region, one. «Mål» is the goal's column
// (it was taken for a project report's and the file refused).
func TestCommentsByRegion(t *testing.T) {
	ds := ingestOpts(t, Options{}, filesIn(t, map[string]string{"kommentarer.csv": "Periode;Mål;Kommentar;Region\n" +
		"2026-10;1.1;Som planlagt.;\n2026-10;1.1;Som planlagt.;BTV\n2026-10;1.1;Som planlagt.;btv\n"}))
	f := ds.Files[0]
	if got := said(f.Rejected, "", byKey); f.Kind != "kommentarer" || f.RowsAccepted != 2 || !slices.Equal(got, []string{"C4 duplicate.comment"}) {
		t.Fatalf("kind %s, accepted %d, rejected %v", f.Kind, f.RowsAccepted, got)
	}
	region := column(t, ds.Table("kommentarer"), pipeline.FieldRegion)
	if region.ValueStr(0) != "(null)" || region.ValueStr(1) != "BTV" {
		t.Errorf("regions %s, %s", region.ValueStr(0), region.ValueStr(1))
	}
}

// TestProjectsAsPeopleWriteThem: a project report's words and figures as
// people write them — a status or level in other words («i gang»,
// «ferdig», «nasjonalt»), municipalities listed with «og» (and «Nore og
// Uvdal», one name), a budget in millions («1,5 mill») — are read; each
// rejected the project.
func TestProjectsAsPeopleWriteThem(t *testing.T) {
	ds := ingestOpts(t, Options{}, filesIn(t, map[string]string{"prosjekter.csv": "Prosjekt;Periode;Region;Mål;Status;Nivå;Kommuner;Budsjett\n" +
		"A;2026-10;BTV;1.1;I gang;nasjonalt;Drammen og Lier;1,5 mill\n" +
		"B;2026-10;BTV;1.1;ferdig;Lokalt;Nore og Uvdal og Flå;2 mill. kr\n" +
		"C;2026-10;BTV;1.1;avlyst;;Nore og Uvdal;0,25 MNOK\n" +
		"D;2026-10;BTV;1.1;så som så;;;\n"}))
	f := ds.Files[0]
	if got := said(f.Rejected, "", byKey); f.RowsAccepted != 3 || !slices.Equal(got, []string{"E5 vocab.unknown"}) {
		t.Fatalf("accepted %d, rejected %v", f.RowsAccepted, got)
	}
	rec := ds.Table("prosjekter")
	for field, want := range map[string][]string{
		pipeline.FieldStatus:         {"pågår", "fullført", "avbrutt"},
		pipeline.FieldLevel:          {"nasjonal", "lokal", "(null)"},
		pipeline.FieldMunicipalities: {`["3301","3312"]`, `["3338","3320"]`, `["3338"]`},
		pipeline.FieldBudget:         {"1.5e+06", "2e+06", "250000"},
	} {
		col := column(t, rec, field)
		for i, w := range want {
			if got := col.ValueStr(i); got != w {
				t.Errorf("%s of row %d: %s, want %s", field, i, got, w)
			}
		}
	}
}

// TestStatisticsAsPeopleWriteThem: «ingen» on the waiting list is 0; a
// fee with its period after it is read a year's fee, «per semester»
// doubled and said; each rejected the municipality's row.
func TestStatisticsAsPeopleWriteThem(t *testing.T) {
	ds := ingestOpts(t, Options{}, filesIn(t, map[string]string{"statistikk.csv": "Skoleår;Kommunenr;Elever;Venteliste;Elevavgift\n" +
		"2023/2024;3301;1200;ingen;3 000 pr år\n2023/2024;3303;400;0;1 500 kr per semester\n2023/2024;3305;300;null;kr 2800\n"}))
	f := ds.Files[0]
	if got := said(f.Rejected, "", byKey); f.RowsAccepted != 2 || !slices.Equal(got, []string{"D4 number.invalid"}) {
		t.Fatalf("accepted %d, rejected %v", f.RowsAccepted, got)
	}
	if got := said(f.Warnings, "fee.", byReason); !slices.Equal(got, []string{"E3 1500 kr per semester er lest som 3000 kr per år (to semestre)"}) {
		t.Errorf("said %v", got)
	}
	rec := ds.Table("statistikk")
	waiting, fee := column(t, rec, pipeline.FieldWaiting), column(t, rec, pipeline.FieldFee)
	if got := []string{waiting.ValueStr(0), fee.ValueStr(0), fee.ValueStr(1)}; !slices.Equal(got, []string{"0", "3000", "3000"}) {
		t.Errorf("waiting, fees: %v", got)
	}
}

// TestActivityTypesAsWritten: a type in the plural is the type; a type
// with a note after it (in brackets, after a dash or a colon) is the type,
// the note said not read; a word that is no type, or a note after one, is
// still rejected.
func TestActivityTypesAsWritten(t *testing.T) {
	var b strings.Builder
	b.WriteString("Dato;Region;Mål;Aktivitetstype;Tittel\n")
	for i, typ := range []string{"Konferanser", "Høringer", "prosjektmøter", "kommunebesøk (digitalt)", "Annet – styremøte", "Kurs: fiolin", "Møte", "Møte (digitalt)", "Facebook"} {
		fmt.Fprintf(&b, "06.10.2026;BTV;1.1;%s;A%d\n", typ, i)
	}
	ds := ingestOpts(t, Options{}, filesIn(t, map[string]string{"aktiviteter.csv": b.String()}))
	f := ds.Files[0]
	if got := said(f.Rejected, "", byKey); !slices.Equal(got, []string{"D8 type.unknown", "D9 type.unknown", "D10 type.unknown"}) {
		t.Errorf("rejected %v", got)
	}
	if got := said(f.Warnings, "type.", byReason); !slices.Equal(got, []string{"D5 lest som kommunebesøk; «digitalt» er ikke lest (skriv det i Merknad)",
		"D6 lest som annet; «styremøte» er ikke lest (skriv det i Merknad)", "D7 lest som kurs; «fiolin» er ikke lest (skriv det i Merknad)"}) {
		t.Errorf("said %v", got)
	}
	if got, want := tableRows(t, ds.Table("aktiviteter"), []string{pipeline.FieldType}), []string{"konferanse", "høring", "prosjektmøte", "kommunebesøk", "annet", "kurs"}; !slices.Equal(got, want) {
		t.Errorf("types %v, want %v", got, want)
	}
}

// TestDateSpans: a conference of two days, «06.-07.10.2026», is its first
// day, said (it was rejected as «ugyldig dato»); a span that ends before
// it begins is still rejected. Words after a date («kveld») are said not
// read (they were dropped without a word); a time after it is not. (A date
// followed by «avlyst» is a cancelled activity: TestCancelledActivities.)
func TestDateSpans(t *testing.T) {
	ds := ingestOpts(t, Options{}, filesIn(t, map[string]string{"aktiviteter.csv": "Dato;Region;Mål;Aktivitetstype;Tittel\n" +
		"06.-07.10.2026;BTV;1.1;konferanse;Regionkonferansen\n07.-06.10.2026;BTV;1.1;konferanse;Baklengs\n" +
		"08.10.2026 - 09.10.2026;BTV;1.1;konferanse;Fagdager\n12.10.2026 kveld;BTV;1.1;kurs;Kurs\n13.10.2026 14:30;BTV;1.1;kurs;Kurs 2\n"}))
	f := ds.Files[0]
	if got := said(f.Rejected, "", byKey); f.RowsAccepted != 4 || !slices.Equal(got, []string{"A3 date.invalid"}) {
		t.Errorf("accepted %d, rejected %v", f.RowsAccepted, got)
	}
	if got := said(f.Warnings, "date.", byReason); !slices.Equal(got, []string{"A2 flere dager: lest som den første, 06.10.2026",
		"A4 flere dager: lest som den første, 08.10.2026", "A5 «kveld» etter datoen er ikke lest (skriv det i Merknad)"}) {
		t.Errorf("said %v", got)
	}
	if got := column(t, ds.Table("aktiviteter"), pipeline.FieldDate).ValueStr(0); got != "2026-10-06" {
		t.Errorf("date %s", got)
	}
}

// TestMunicipalityCellsAsWritten: «Alle» or «Hele regionen» is an
// activity for the whole region (as an empty cell is), «Flere» too, said;
// two municipalities in one cell are rejected asking for a row each (they
// were «ugyldig kommunenummer (skal være 4 siffer)»), and «Nore og Uvdal»
// is one municipality, as is «3301/Drammen» (one, named twice).
func TestMunicipalityCellsAsWritten(t *testing.T) {
	var b strings.Builder
	b.WriteString("Dato;Region;Kommunenr;Mål;Aktivitetstype;Tittel\n")
	for i, k := range []string{"Alle", "Hele regionen", "Flere", "3301, 3303", "Drammen og Lier", "Nore og Uvdal", "3301/Drammen"} {
		fmt.Fprintf(&b, "06.10.2026;BTV;%s;1.1;kurs;A%d\n", k, i)
	}
	ds := ingestOpts(t, Options{}, filesIn(t, map[string]string{"aktiviteter.csv": b.String()}))
	f := ds.Files[0]
	if got := said(f.Rejected, "", byKey); !slices.Equal(got, []string{"C5 kommune.several", "C6 kommune.several"}) {
		t.Errorf("rejected %v", got)
	}
	if got := said(f.Warnings, "", byKey); !slices.Equal(got, []string{"C4 kommune.regionwide"}) {
		t.Errorf("said %v", got)
	}
	k := column(t, ds.Table("aktiviteter"), pipeline.FieldKommunenr)
	if got := []string{k.ValueStr(0), k.ValueStr(1), k.ValueStr(2), k.ValueStr(3), k.ValueStr(4)}; !slices.Equal(got, []string{"(null)", "(null)", "(null)", "3338", "3301"}) {
		t.Errorf("municipalities %v", got)
	}
}

// TestDatesWithoutYear: «6.10» in a log whose file's name or title names
// its one year is read in that year, said once for the sheet (and a
// project's month «oktober» so); with two
// years there, or one far from the period (a name's «strategi 2020»), it
// is rejected as before, asking for the year.
func TestDatesWithoutYear(t *testing.T) {
	rows := func(tag string) string {
		return "Dato;Region;Mål;Aktivitetstype;Tittel\n6.10;BTV;1.1;kurs;A" + tag + "\n7. okt;BTV;1.1;kurs;B" + tag + "\n08.10.2026;BTV;1.1;kurs;C" + tag + "\n"
	}
	ds := ingestOpts(t, Options{Period: pipeline.MonthFor(2026, 10)}, filesIn(t, map[string]string{
		"aktiviteter-btv-2026-10.csv":   rows("1"),
		"logg.csv":                      "Aktivitetslogg oktober 2026\n" + rows("2"),
		"aktiviteter-2025-2026.csv":     rows("3"),
		"aktiviteter strategi 2020.csv": rows("4"),
	}))
	got := map[string]string{}
	for _, f := range ds.Files {
		got[filepath.Base(f.Path)] = fmt.Sprint(f.RowsAccepted, said(f.Warnings, "date.", byReason), said(f.Rejected, "", byKey))
	}
	want := map[string]string{
		"aktiviteter-btv-2026-10.csv":   "3 [A2 2 datoer uten årstall er lest i 2026, året i filens navn: A2, A3] []",
		"logg.csv":                      "3 [A3 2 datoer uten årstall er lest i 2026, året i tittelen over overskriftsraden: A3, A4] []",
		"aktiviteter-2025-2026.csv":     "1 [] [A2 date.noyear A3 date.noyear]",
		"aktiviteter strategi 2020.csv": "1 [] [A2 date.noyear A3 date.noyear]",
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: %s, want %s", name, got[name], w)
		}
	}
	rec := ds.Table("aktiviteter")
	dates := map[string]string{}
	for i := range int(rec.NumRows()) {
		dates[column(t, rec, pipeline.FieldTitle).ValueStr(i)] = column(t, rec, pipeline.FieldDate).ValueStr(i)
	}
	if dates["A1"] != "2026-10-06" || dates["B1"] != "2026-10-07" || dates["A2"] != "2026-10-06" {
		t.Errorf("dates %v", dates)
	}
	// A project's month by its name alone, in a report named for its year.
	pr := ingestOpts(t, Options{Period: pipeline.MonthFor(2026, 10)}, filesIn(t, map[string]string{"prosjekter-btv-2026-10.csv": "Prosjekt;Periode;Region;Mål;Status\nKRUt;oktober;BTV;1.1;pågår\nUKM;Okt.;BTV;1.1;pågår\nX;ukjent;BTV;1.1;pågår\n"}))
	f := pr.Files[0]
	if got := said(f.Warnings, "month.", byReason); f.RowsAccepted != 2 || !slices.Equal(got, []string{"B2 2 måneder uten årstall er lest i 2026, året i filens navn: B2, B3"}) {
		t.Errorf("months: accepted %d, said %v, rejected %v", f.RowsAccepted, got, said(f.Rejected, "", byKey))
	}
	if got := column(t, pr.Table("prosjekter"), pipeline.FieldPeriod).ValueStr(1); got != "2026-10" {
		t.Errorf("«Okt.» read as %s", got)
	}
}

// TestSchoolYearFromTheSheet: a statistics sheet with no Skoleår column
// whose name, title or file's name gives the school year is read in it,
// said once; without one it lacks the column, as before.
func TestSchoolYearFromTheSheet(t *testing.T) {
	dir := filesIn(t, map[string]string{
		"statistikk-tittel.csv":    "Kulturskolestatistikk 2023/2024\nKommunenr;Kommune;Elever\n3301;Drammen;1200\n",
		"statistikk-2024-25.csv":   "Kommunenr;Kommune;Elever\n3303;Kongsberg;400\n",
		"statistikk-ingen.csv":     "Kommunenr;Kommune;Elever\n3305;Ringerike;300\n",
		"statistikk-2023-2025.csv": "Kulturskolestatistikk 2023/24 og 2024/25\nKommunenr;Kommune;Elever\n3310;Hole;100\n",
	})
	p := filepath.Join(dir, "statistikk-ark.xlsx")
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Skoleåret 2022-23")
	f.SetSheetRow("Skoleåret 2022-23", "A1", &[]any{"Kommunenr", "Kommune", "Elever"})
	f.SetSheetRow("Skoleåret 2022-23", "A2", &[]any{"3312", "Lier", 200})
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	ds := ingestOpts(t, Options{}, dir)
	got := map[string]string{}
	for _, f := range ds.Files {
		got[filepath.Base(f.Path)] = fmt.Sprint(f.Status, " ", f.RowsAccepted, " ", f.Reason, said(f.Warnings, "column.", byReason))
	}
	want := map[string]string{
		"statistikk-tittel.csv":    "ok 1 [A2 arket har ingen kolonne Skoleår: 2023/2024, i tittelen over overskriftsraden, er lest for alle radene]",
		"statistikk-2024-25.csv":   "ok 1 [A1 arket har ingen kolonne Skoleår: 2024/2025, i filens navn, er lest for alle radene]",
		"statistikk-ark.xlsx":      "ok 1 [A1 arket har ingen kolonne Skoleår: 2022/2023, i arkets navn, er lest for alle radene]",
		"statistikk-ingen.csv":     "unreadable 0 mangler påkrevde kolonner: Skoleår[]",
		"statistikk-2023-2025.csv": "unreadable 0 mangler påkrevde kolonner: Skoleår[]",
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: %s\nwant %s", name, got[name], w)
		}
	}
	rec := ds.Table("statistikk")
	years := map[string]string{}
	for i := range int(rec.NumRows()) {
		years[column(t, rec, pipeline.FieldKommunenr).ValueStr(i)] = column(t, rec, pipeline.FieldSchoolYear).ValueStr(i)
	}
	if years["3301"] != "2023/2024" || years["3303"] != "2024/2025" || years["3312"] != "2022/2023" {
		t.Errorf("school years %v", years)
	}
}

// TestActivityHeadersAsWritten: the headers home-made logs give the
// goal and type columns — «Delmål» (the strategy's goals are its areas'
// sub-goals), «Kategori» — are those columns (the file was refused,
// «mangler påkrevde kolonner: Mål, Aktivitetstype»); so for projects and
// statistics.
func TestActivityHeadersAsWritten(t *testing.T) {
	ds := ingestOpts(t, Options{}, filesIn(t, map[string]string{"aktiviteter.csv": "Dato;Region;Delmål;Kategori;Aktivitet;Antall deltakere\n06.10.2026;BTV;1.1;kurs;Kurs i Drammen;5\n"}))
	if f := ds.Files[0]; f.Status != pipeline.StatusOK || f.RowsAccepted != 1 {
		t.Fatalf("%s %q, accepted %d", f.Status, f.Reason, f.RowsAccepted)
	}
	rec := ds.Table("aktiviteter")
	if got := column(t, rec, pipeline.FieldGoals).ValueStr(0) + " " + column(t, rec, pipeline.FieldType).ValueStr(0) + " " + column(t, rec, pipeline.FieldTitle).ValueStr(0); got != `["1.1"] kurs Kurs i Drammen` {
		t.Errorf("read %s", got)
	}
	// A project report's «Navn» and «Antall barn og unge», the
	// statistics' «På venteliste» (an unused column, its figures lost).
	ds = ingestOpts(t, Options{}, filesIn(t, map[string]string{
		"prosjekter.csv": "Navn;Periode;Region;Mål;Status;Antall barn og unge\nKRUt;2026-10;BTV;1.1;pågår;12\n",
		"statistikk.csv": "Skoleår;Knr;Kommune;Elever;På venteliste\n2023/2024;3301;Drammen;1200;5\n",
	}))
	for _, f := range ds.Files {
		if f.Status != pipeline.StatusOK || len(f.Warnings) > 0 {
			t.Errorf("%s: %s %q, said %v", f.Path, f.Status, f.Reason, f.Warnings)
		}
	}
	if got := column(t, ds.Table("prosjekter"), pipeline.FieldParticipants).ValueStr(0) + " " + column(t, ds.Table("statistikk"), pipeline.FieldWaiting).ValueStr(0); got != "12 5" {
		t.Errorf("participants, waiting list: %s", got)
	}
}

// TestGoalWithItsName: a goal written with its name after the code, as the
// report's headings show it («1.3 Initierende og koordinerende rolle», or
// the start of the name) is the goal; a code with another goal's name is
// not taken for either.
func TestGoalWithItsName(t *testing.T) {
	p := filepath.Join(t.TempDir(), "kommentarer.csv")
	os.WriteFile(p, []byte("Periode;Mål eller indikator;Kommentar\n"+
		"2026-10;1.3 Initierende og koordinerende rolle;Kommentar 1\n"+
		"2026-10;1.3 – Initierende;Kommentar 2\n"+
		"2026-10;Mål 1.3: å inneha en initierende og koordinerende rolle både nasjonalt og internasjonalt;Kommentar 3\n"+
		"2026-10;1.3 Tydelig profil som samfunnsaktør;Kommentar 4\n"), 0o644)
	ds := ingestOpts(t, Options{}, p)
	f := ds.Files[0]
	if got := said(f.Rejected, "", byKey); f.RowsAccepted != 3 || !slices.Equal(got, []string{"B5 subject.unknown"}) {
		t.Errorf("accepted %d, rejected %v", f.RowsAccepted, got)
	}
	subj := column(t, ds.Table("kommentarer"), pipeline.FieldSubject)
	for i := range 3 {
		if subj.ValueStr(i) != "1.3" {
			t.Errorf("row %d: subject %s", i+2, subj.ValueStr(i))
		}
	}
}

// TestFormulaErrors: a cell whose formula gives an error (#N/A from a
// lookup, as Excel saves it; «#I/T» as Norwegian Excel shows it in a CSV)
// is rejected saying so, not as «ugyldig tall».
func TestFormulaErrors(t *testing.T) {
	dir := t.TempDir()
	writeParts(t, filepath.Join(dir, "aktiviteter.xlsx"), map[string]string{"xl/worksheets/sheet1.xml": string(xlsxtest.Sheet(
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Dato</t></is></c><c r="B1" t="inlineStr"><is><t>Region</t></is></c><c r="C1" t="inlineStr"><is><t>Mål</t></is></c><c r="D1" t="inlineStr"><is><t>Aktivitetstype</t></is></c><c r="E1" t="inlineStr"><is><t>Tittel</t></is></c><c r="F1" t="inlineStr"><is><t>Deltakere</t></is></c></row>` +
			`<row r="2"><c r="A2" t="inlineStr"><is><t>06.10.2026</t></is></c><c r="B2" t="inlineStr"><is><t>BTV</t></is></c><c r="C2" t="inlineStr"><is><t>3.1</t></is></c><c r="D2" t="inlineStr"><is><t>kurs</t></is></c><c r="E2" t="inlineStr"><is><t>Kurs</t></is></c><c r="F2" t="e"><f>VLOOKUP(E2,Ark2!A:B,2,0)</f><v>#N/A</v></c></row>`))})
	os.WriteFile(filepath.Join(dir, "aktiviteter-csv.csv"), []byte("Dato;Region;Mål;Aktivitetstype;Tittel;Deltakere\n#VERDI!;BTV;3.1;kurs;Kurs;#I/T\n"), 0o644)
	ds := ingestOpts(t, Options{}, dir)
	var got []string
	for _, f := range ds.Files {
		got = append(got, said(f.Rejected, "", byReason)...)
	}
	want := []string{
		"A2 formelen i cellen gir feilen #VERDI!: rett formelen i regnearket",
		"F2 formelen i cellen gir feilen #I/T: rett formelen i regnearket",
		"F2 formelen i cellen gir feilen #N/A: rett formelen i regnearket",
	}
	if !slices.Equal(got, want) {
		t.Errorf("said\n%q\nwant\n%q", got, want)
	}
}

// TestRegionFromMunicipality: a region's own log without a Region column
// is read, each row's region its municipality's, with one warning for the
// sheet; a row without a municipality is rejected at its cell. A project
// report, which has no municipality to read a region from, still needs
// the column.
func TestRegionFromMunicipality(t *testing.T) {
	ds := ingestOpts(t, Options{}, filesIn(t, map[string]string{
		"aktiviteter-btv.csv": "Dato;Kommunenr;Mål;Aktivitetstype;Tittel\n" +
			"06.10.2026;3301;3.1;kommunebesøk;Besøk\n06.10.2026;;3.1;kurs;Kurs for hele regionen\n06.10.2026;Kongsberg;3.1;kommunebesøk;Besøk 2\n",
		"prosjekter-btv.csv": "Prosjekt;Periode;Mål;Status\nKRUt;2026-10;1.1;pågår\n",
	}))
	for _, f := range ds.Files {
		switch filepath.Base(f.Path) {
		case "aktiviteter-btv.csv":
			got := append(said(f.Rejected, "", byReason), said(f.Warnings, "", byReason)...)
			want := []string{"B3 raden har ingen kommune, og arket har ingen kolonne «Region» å lese regionen fra", "B1 ingen kolonne «Region»: den er lest fra «Kommunenr» på hver rad"}
			if f.RowsAccepted != 2 || !slices.Equal(got, want) {
				t.Errorf("accepted %d, said %q", f.RowsAccepted, got)
			}
		default:
			if f.Status != pipeline.StatusUnreadable || !strings.Contains(f.Reason, "Region") {
				t.Errorf("the project report: %s %q", f.Status, f.Reason)
			}
		}
	}
	if rec := ds.Table("aktiviteter"); rec.NumRows() == 2 {
		if region := column(t, rec, pipeline.FieldRegion); region.ValueStr(0) != "BTV" || region.ValueStr(1) != "BTV" {
			t.Errorf("regions %s, %s", region.ValueStr(0), region.ValueStr(1))
		}
	}
}

// TestMergedDateCells: a date merged down over the rows of one day, as
// hand-made logs have it (here by excelize), is that day's date on each
// of them; an empty date not merged, under a dated row, is rejected
// asking for the date on every row, not only «mangler verdi».
func TestMergedDateCells(t *testing.T) {
	p := filepath.Join(t.TempDir(), "aktiviteter.xlsx")
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Dato", "Region", "Mål", "Aktivitetstype", "Tittel"})
	for i, title := range []string{"Kurs 1", "Kurs 2", "Kurs 3"} {
		f.SetSheetRow("Sheet1", fmt.Sprintf("B%d", i+2), &[]any{"BTV", "3.1", "kurs", title})
	}
	f.SetCellStr("Sheet1", "A2", "06.10.2026")
	f.MergeCell("Sheet1", "A2", "A4")
	f.SetSheetRow("Sheet1", "A5", &[]any{"", "BTV", "3.1", "kurs", "Kurs 4"})
	f.SetSheetRow("Sheet1", "A7", &[]any{"", "BTV", "3.1", "kurs", "Kurs 5"})
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	ds := ingestOpts(t, Options{}, p)
	got := said(ds.Files[0].Rejected, "", byKey)
	if want := []string{"A5 date.above", "A7 required"}; !slices.Equal(got, want) {
		t.Errorf("rejected %v, want %v", got, want)
	}
	if got := said(ds.Files[0].Warnings, "", byKey); !slices.Equal(got, []string{"A2 cell.merged"}) {
		t.Errorf("said %v, want A2 cell.merged", got)
	}
	dates := column(t, ds.Table("aktiviteter"), pipeline.FieldDate)
	for i := range dates.Len() {
		if dates.ValueStr(i) != "2026-10-06" {
			t.Errorf("row %d: date %s", i, dates.ValueStr(i))
		}
	}
	if dates.Len() != 3 {
		t.Errorf("%d rows, want 3", dates.Len())
	}
}

// TestHeaderRowAgain: blocks of rows pasted one under the other bring
// their header rows along; such a row is skipped with a note, not
// rejected as a row of bad values.
func TestHeaderRowAgain(t *testing.T) {
	ds := ingestOpts(t, Options{}, filesIn(t, map[string]string{"aktiviteter.csv": "Dato;Region;Mål;Aktivitetstype;Tittel\n" +
		"06.10.2026;BTV;3.1;kurs;Kurs 1\n\nDato;Region;Mål;Aktivitetstype;Tittel\n07.10.2026;BTV;3.1;kurs;Kurs 2\n"}))
	f := ds.Files[0]
	if got := said(f.Warnings, "", byKey); f.RowsRead != 2 || f.RowsAccepted != 2 || !slices.Equal(got, []string{"A4 row.header"}) {
		t.Errorf("read %d, accepted %d, said %v", f.RowsRead, f.RowsAccepted, got)
	}
}

// TestNumberedGoalColumns: goals spread over «Mål 1», «Mål 2» (or «Mål»,
// «Mål 2») are one list; such a log was unreadable (no «Mål») or lost its
// second goals.
func TestNumberedGoalColumns(t *testing.T) {
	ds := ingestOpts(t, Options{}, filesIn(t, map[string]string{
		"aktiviteter-1.csv": "Dato;Region;Mål 1;Mål 2;Aktivitetstype;Tittel\n06.10.2026;BTV;3.1;1.1;kurs;Kurs 1\n06.10.2026;BTV;3.2;;kurs;Kurs 2\n",
		"aktiviteter-2.csv": "Dato;Region;Mål;Aktivitetstype;Tittel;Mål 2;Mål 3\n06.10.2026;BTV;3.1;kurs;Kurs 3;1.1;1.2\n06.10.2026;BTV;;kurs;Kurs 4;2.1;\n",
	}))
	for _, f := range ds.Files {
		if f.RowsAccepted != 2 || len(f.Warnings) != 0 {
			t.Errorf("%s: %+v", f.Path, f)
		}
	}
	rec := ds.Table("aktiviteter")
	goals, title := column(t, rec, pipeline.FieldGoals), pipeline.StringColumn(rec, pipeline.FieldTitle)
	want := map[string]string{"Kurs 1": `["3.1","1.1"]`, "Kurs 2": `["3.2"]`, "Kurs 3": `["3.1","1.1","1.2"]`, "Kurs 4": `["2.1"]`}
	for i := range int(rec.NumRows()) {
		if got := goals.ValueStr(i); got != want[title(i)] {
			t.Errorf("%s: goals %s, want %s", title(i), got, want[title(i)])
		}
	}
}

// TestActivityTypeAliases: a word the config's activity_type_aliases reads
// as a type is that type, in the plural too, with no warning; a word that
// is neither is still rejected; a type keeps its own name even where an
// alias would fold to it.
func TestActivityTypeAliases(t *testing.T) {
	cfg, err := config.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ActivityTypeAliases = map[string]string{"webinar": "Kurs", "nettmøte": "prosjektmøte", "kommunebesok": "kurs"}
	files, err := ExpandInputs([]string{filesIn(t, map[string]string{"aktiviteter.csv": "Dato;Region;Mål;Aktivitetstype;Tittel\n" +
		"06.10.2026;BTV;1.1;Webinar;A\n07.10.2026;BTV;1.1;webinarer;B\n08.10.2026;BTV;1.1;Nettmøte;C\n09.10.2026;BTV;1.1;Kommunebesøk;D\n12.10.2026;BTV;1.1;Workshop;E\n"})})
	if err != nil {
		t.Fatal(err)
	}
	ds, err := Ingest(context.Background(), pipeline.NewReference(cfg), files, Options{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	defer ds.Release()
	f := ds.Files[0]
	if got := said(f.Rejected, "", byKey); !slices.Equal(got, []string{"D6 type.unknown"}) || len(f.Warnings) != 0 {
		t.Errorf("rejected %v, warnings %v", got, f.Warnings)
	}
	if got, want := tableRows(t, ds.Table("aktiviteter"), []string{pipeline.FieldType}), []string{"kurs", "kurs", "prosjektmøte", "kommunebesøk"}; !slices.Equal(got, want) {
		t.Errorf("types %v, want %v", got, want)
	}
}

// TestDateMonthOrWeek: a month or a week where an activity's day is
// wanted is rejected saying so («10.2026» was «dato utenfor 2000–2099»,
// the others «ugyldig dato»).
func TestDateMonthOrWeek(t *testing.T) {
	ds := ingestOpts(t, Options{}, filesIn(t, map[string]string{"aktiviteter.csv": "Dato;Region;Mål;Aktivitetstype;Tittel\n" +
		"oktober 2026;BTV;1.1;kurs;A\nokt. 2026;BTV;1.1;kurs;B\n10.2026;BTV;1.1;kurs;C\n2026-10;BTV;1.1;kurs;D\nUke 42;BTV;1.1;kurs;E\nHøsten 2026;BTV;1.1;kurs;F\n"}))
	want := []string{
		"A2 bare måneden er oppgitt: skriv dagen aktiviteten fant sted, f.eks. 15.10.2026",
		"A3 bare måneden er oppgitt: skriv dagen aktiviteten fant sted, f.eks. 15.10.2026",
		"A4 bare måneden er oppgitt: skriv dagen aktiviteten fant sted, f.eks. 15.10.2026",
		"A5 bare måneden er oppgitt: skriv dagen aktiviteten fant sted, f.eks. 15.10.2026",
		"A6 en uke er ikke en dato: skriv dagen aktiviteten fant sted (dd.mm.åååå)",
		"A7 ugyldig dato",
	}
	if got := said(ds.Files[0].Rejected, "date.", byReason); !slices.Equal(got, want) {
		t.Errorf("rejected\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestStatisticsNoFigureAndFees: «ikke svart», «vet ikke» and the like in
// an optional figure leave it empty and keep the municipality's row (they
// rejected it as «ugyldig tall»), and in a required one say it is missing;
// a school without a fee («gratis») has the fee 0; a span of fees is
// refused asking for one offer's.
func TestStatisticsNoFigureAndFees(t *testing.T) {
	ds := ingestOpts(t, Options{}, filesIn(t, map[string]string{"statistikk.csv": "Skoleår;Kommunenr;Elever;Venteliste;Elevavgift\n" +
		"2025/26;3301;1250;ikke svart;3 600\n2025/26;3303;450;Vet ikke.;gratis\n2025/26;3305;ikke oppgitt;10;3000\n2025/26;3310;120;12;1800-3600\n"}))
	f := ds.Files[0]
	if got := said(f.Rejected, "", byKey); f.RowsAccepted != 2 || !slices.Equal(got, []string{"C4 required", "E5 fee.span"}) {
		t.Errorf("accepted %d, rejected %v", f.RowsAccepted, got)
	}
	rec := ds.Table("statistikk")
	if got := tableRows(t, rec, []string{pipeline.FieldKommunenr, pipeline.FieldWaiting, pipeline.FieldFee}); !slices.Equal(got, []string{"3301|(null)|3600", "3303|(null)|0"}) {
		t.Errorf("rows %v", got)
	}
}

// TestCommentForSeveralGoals: a comment about two goals («1.1, 1.2», «1.1
// og 3.1») is read for each, said (it was rejected as an unknown goal); an
// indicator whose name holds a comma or «og» is still one subject; a list
// with one unknown part is rejected.
func TestCommentForSeveralGoals(t *testing.T) {
	ds := ingestOpts(t, Options{}, filesIn(t, map[string]string{"kommentarer.csv": "Periode;Mål eller indikator;Kommentar\n" +
		"2026-10;1.1, 1.2;Felles\n2026-10;1.1 og 3.1;Begge\n2026-10;Elevavgift, median;Stille\n2026-10;Konferanser og høringer;Flere\n2026-10;1.1, 9.9;Feil\n"}))
	f := ds.Files[0]
	if got := said(f.Rejected, "", byKey); f.RowsAccepted != 4 || !slices.Equal(got, []string{"B6 subject.unknown"}) {
		t.Errorf("accepted %d, rejected %v", f.RowsAccepted, got)
	}
	if got := said(f.Warnings, "subject.", byReason); !slices.Equal(got, []string{"B2 kommentaren er lest for hvert av dem: 1.1, 1.2", "B3 kommentaren er lest for hvert av dem: 1.1, 3.1"}) {
		t.Errorf("said %v", got)
	}
	got := tableRows(t, ds.Table("kommentarer"), []string{pipeline.FieldSubject, pipeline.FieldComment})
	want := []string{"1.1|Felles", "1.2|Felles", "1.1|Begge", "3.1|Begge", "elevavgift-median|Stille", "profil-konferanser|Flere"}
	if !slices.Equal(got, want) {
		t.Errorf("comments %v, want %v", got, want)
	}
}

// TestProjectInAllMunicipalities: a project's Kommuner «alle» or «hele
// regionen» is every member municipality of its region, said (it was
// rejected as «ugyldig kommunenummer»); without a known region it is
// still rejected.
func TestProjectInAllMunicipalities(t *testing.T) {
	ds := ingestOpts(t, Options{}, filesIn(t, map[string]string{"prosjekter.csv": "Prosjekt;Periode;Region;Mål;Status;Kommuner\n" +
		"KRUt;2026-10;BTV;1.1;pågår;alle\nEl Sistema;2026-10;BTV;2.1;pågår;Hele regionen\nX;2026-10;ØST;2.1;pågår;alle\n"}))
	f := ds.Files[0]
	if f.RowsAccepted != 2 {
		t.Errorf("accepted %d, rejected %v", f.RowsAccepted, f.Rejected)
	}
	if got := said(f.Warnings, "kommune.", byReason); !slices.Equal(got, []string{"F2 lest som alle de 41 medlemskommunene i BTV", "F3 lest som alle de 41 medlemskommunene i BTV"}) {
		t.Errorf("said %v", got)
	}
	if got := tableRows(t, ds.Table("prosjekter"), []string{pipeline.FieldMunicipalities}); len(got) != 2 || !strings.HasPrefix(got[0], `["3301"`) {
		t.Errorf("municipalities %v", got)
	}
}

package book

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kulturrapport/pipeline/ingest/internal/book/internal/deflate"
	"kulturrapport/pipeline/ingest/internal/xlsxtest"
)

type sheetDump struct {
	Name   string
	Hidden bool
	Rows   []string // "n:cell|cell|…" for every row the reader gives
}

// dump reads every sheet of a workbook through one of the two readers.
func dump(t *testing.T, path string, excelizePath bool) (date1904 bool, modified time.Time, sheets []sheetDump) {
	t.Helper()
	wb, err := OpenWorkbook(path, WorkbookLimits{Excelize: excelizePath})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer wb.Close()
	if _, fast := wb.(*fastWorkbook); fast == excelizePath {
		t.Fatalf("%s: fast reader used = %v, want %v", path, fast, !excelizePath)
	}
	for _, sh := range wb.Sheets() {
		d := sheetDump{Name: sh.Name, Hidden: sh.Hidden}
		rr, err := wb.Rows(sh.Name)
		if err != nil {
			t.Fatal(err)
		}
		for rr.Scan() {
			d.Rows = append(d.Rows, fmt.Sprintf("%d:%s", rr.RowNum(), strings.Join(rr.Row(), "|")))
		}
		if err := rr.Err(); err != nil {
			t.Fatalf("%s!%s: %v", path, sh.Name, err)
		}
		rr.Close()
		// excelize gives blank rows at the end of a sheet that the fast
		// reader does not (they hold no <row>): rows are compared without
		// trailing blanks.
		for len(d.Rows) > 0 && strings.HasSuffix(d.Rows[len(d.Rows)-1], ":") {
			d.Rows = d.Rows[:len(d.Rows)-1]
		}
		sheets = append(sheets, d)
	}
	return wb.Date1904(), wb.Props().Modified, sheets
}

func compareReaders(t *testing.T, path string) {
	t.Helper()
	d1, m1, fast := dump(t, path, false)
	d2, m2, slow := dump(t, path, true)
	if d1 != d2 || !m1.Equal(m2) {
		t.Errorf("%s: date1904 %v/%v, modified %v/%v", path, d1, d2, m1, m2)
	}
	if len(fast) != len(slow) {
		t.Fatalf("%s: %d sheets, excelize %d", path, len(fast), len(slow))
	}
	for i := range fast {
		if !reflect.DeepEqual(fast[i], slow[i]) {
			f, s := fast[i], slow[i]
			for j := 0; j < len(f.Rows) || j < len(s.Rows); j++ {
				var a, b string
				if j < len(f.Rows) {
					a = f.Rows[j]
				}
				if j < len(s.Rows) {
					b = s.Rows[j]
				}
				if a != b {
					t.Fatalf("%s!%s differs at its row %d:\nfast:     %q\nexcelize: %q", path, f.Name, j+1, a, b)
				}
			}
			t.Fatalf("%s!%s: %+v vs %+v", path, f.Name, f, s)
		}
	}
}

// TestFastReaderMatchesExcelize reads every .xlsx in testdata through both
// readers and requires the same cells: the readable ones (the golden
// cases' inputs are broken on purpose, and TestHostileInputs reads them).
func TestFastReaderMatchesExcelize(t *testing.T) {
	var files []string
	filepath.WalkDir(filepath.Join("..", "..", "..", "..", "testdata"), func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == "golden" {
			return filepath.SkipDir
		}
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".xlsx") && !strings.Contains(p, "screenshots") {
			files = append(files, p)
		}
		return nil
	})
	if len(files) < 100 {
		t.Fatalf("only %d workbooks in testdata", len(files))
	}
	for _, f := range files {
		compareReaders(t, f)
	}
}

// randomWorkbook writes a sheet of random cells of every type excelize
// writes: shared and inline strings with entities and line breaks, numbers,
// booleans, formulas with cached values, dates, gaps in rows and columns.
func randomWorkbook(t *testing.T, seed uint64, path string) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	f := excelize.NewFile()
	defer f.Close()
	if rng.IntN(4) == 0 {
		v := true
		f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &v})
	}
	texts := []string{"a", "Kommunebesøk", "<script>&amp;", "linje 1\nlinje 2", " mellomrom ", "ÆØÅ æøå", "=1+1", "'x'", `"q"`, ""}
	// In a third of the workbooks, some cells are struck through, by
	// style or by rich text (see compareStruck).
	struck := 0
	if rng.IntN(3) == 0 {
		struck, _ = f.NewStyle(&excelize.Style{Font: &excelize.Font{Strike: true}})
	}
	for s := 0; s < 1+rng.IntN(3); s++ {
		sh := fmt.Sprintf("Ark%d", s+1)
		if s == 0 {
			f.SetSheetName("Sheet1", sh)
		} else {
			f.NewSheet(sh)
			if rng.IntN(3) == 0 {
				f.SetSheetVisible(sh, false)
			}
		}
		for r := 1; r <= 1+rng.IntN(40); r++ {
			if rng.IntN(6) == 0 {
				continue // a gap
			}
			for c := 1; c <= 1+rng.IntN(12); c++ {
				if rng.IntN(4) == 0 {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c, r)
				switch rng.IntN(7) {
				case 0:
					f.SetCellStr(sh, cell, texts[rng.IntN(len(texts))])
				case 1:
					f.SetCellInt(sh, cell, int64(rng.IntN(1_000_000)-1000))
				case 2:
					f.SetCellFloat(sh, cell, rng.Float64()*1e4, -1, 64)
				case 3:
					f.SetCellBool(sh, cell, rng.IntN(2) == 0)
				case 4:
					f.SetCellValue(sh, cell, time.Date(2020+rng.IntN(8), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC))
				case 5:
					f.SetCellFormula(sh, cell, "1+2")
				case 6:
					f.SetCellRichText(sh, cell, []excelize.RichTextRun{{Text: "rik "}, {Text: "tekst", Font: &excelize.Font{Bold: true, Strike: struck != 0}}})
				}
				if struck != 0 && rng.IntN(3) == 0 {
					f.SetCellStyle(sh, cell, cell, struck)
				}
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func FuzzFastReader(f *testing.F) {
	for _, s := range []uint64{1, 2, 3, 42} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		p := filepath.Join(t.TempDir(), "r.xlsx")
		randomWorkbook(t, seed, p)
		compareReaders(t, p)
		compareStruck(t, p)
	})
}

// compareStruck holds the fast reader's struck cells (CellMarks.Struck) to
// excelize's reading of the same cells' styles and rich text.
func compareStruck(t *testing.T, path string) {
	t.Helper()
	wb, err := OpenWorkbook(path, WorkbookLimits{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for _, sh := range wb.Sheets() {
		rr, err := wb.Rows(sh.Name)
		if err != nil {
			t.Fatal(err)
		}
		for rr.Scan() {
			var want []int
			for c, v := range rr.Row() {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, rr.RowNum())
				if struckInExcelize(t, x, sh.Name, cell) {
					want = append(want, c)
				}
			}
			if got := rr.(MarkReader).Marks().Struck; !slices.Equal(got, want) {
				t.Fatalf("%s!%s row %d: struck %v, excelize %v", path, sh.Name, rr.RowNum(), got, want)
			}
		}
		rr.Close()
	}
}

// struckInExcelize: the cell's font is struck through, or every run of
// its rich text with text is.
func struckInExcelize(t *testing.T, x *excelize.File, sheet, cell string) bool {
	t.Helper()
	id, err := x.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := x.GetStyle(id); err == nil && st.Font != nil && st.Font.Strike {
		return true
	}
	runs, err := x.GetCellRichText(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	n, struck := 0, 0
	for _, r := range runs {
		if strings.TrimSpace(r.Text) == "" {
			continue
		}
		n++
		if r.Font != nil && r.Font.Strike {
			struck++
		}
	}
	return n > 0 && n == struck
}

func TestParseWorkbookParts(t *testing.T) {
	wb, err := parseWorkbookXML([]byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<workbookPr date1904="1"/><sheets>
<sheet name="Aktiviteter &amp; tiltak" sheetId="1" rel:id="rId1"/>
<sheet name="Skjult" sheetId="2" state="hidden" rel:id="rId2"/></sheets></workbook>`))
	if err != nil {
		t.Fatal(err)
	}
	if wb.ns != nsMain || wb.date1904 != "1" || len(wb.sheets) != 2 {
		t.Fatalf("got %+v", wb)
	}
	if s := wb.sheets[0]; s.name != "Aktiviteter & tiltak" || s.rid != "rId1" || s.state != "" {
		t.Errorf("sheet 1: %+v", s)
	}
	if s := wb.sheets[1]; s.name != "Skjult" || s.rid != "rId2" || s.state != "hidden" {
		t.Errorf("sheet 2: %+v", s)
	}

	// A prefixed root, and strict OOXML (whose namespace is not nsMain).
	wb, err = parseWorkbookXML([]byte(`<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="r"><x:sheets><x:sheet name="A" r:id="rId3"/></x:sheets></x:workbook>`))
	if err != nil || wb.ns != nsMain || len(wb.sheets) != 1 || wb.sheets[0].rid != "rId3" {
		t.Errorf("prefixed: %+v, %v", wb, err)
	}
	wb, err = parseWorkbookXML([]byte(`<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><sheets/></workbook>`))
	if err != nil || wb.ns == nsMain {
		t.Errorf("strict: %+v, %v", wb, err)
	}
	if _, err := parseWorkbookXML([]byte("not xml")); err == nil {
		t.Error("no root element: want an error")
	}

	rels, err := parseRels([]byte(`<Relationships xmlns="x"><Relationship Id="rId1" Type="t" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="/xl/worksheets/s2.xml"/></Relationships>`))
	if err != nil || rels["rId1"] != "xl/worksheets/sheet1.xml" || rels["rId2"] != "xl/worksheets/s2.xml" {
		t.Errorf("rels: %v, %v", rels, err)
	}
	core := `<cp:coreProperties xmlns:cp="c" xmlns:dcterms="d"><dc:creator>A &amp; B</dc:creator><dcterms:modified xsi:type="dcterms:W3CDTF">2026-10-31T12:00:00Z</dcterms:modified></cp:coreProperties>`
	if got := elementText([]byte(core), "modified"); got != "2026-10-31T12:00:00Z" {
		t.Errorf("modified: %q", got)
	}
	if got := elementText([]byte(core), "creator"); got != "A & B" {
		t.Errorf("creator: %q", got)
	}
}

// TestCellAttrs: the common spelling and every other one read alike.
func TestCellAttrs(t *testing.T) {
	tests := []struct{ attrs, ref, typ string }{
		{` r="B20" t="inlineStr"`, "B20", "inlineStr"},
		{` r="A1" s="3" t="s"`, "A1", "s"},
		{` s="3" r="C7"`, "C7", ""},
		{` r='D4' t='str'`, "D4", "str"},
		{`  r="E5"   t="b"`, "E5", "b"},
		{"\tr=\"F6\"\nt=\"n\"", "F6", "n"},
		{` r="G7" t="d"`, "G7", "d"},
		{` x14ac:dyDescent="0.25" r="H8"`, "H8", ""},
		{` r="I9" t="e`, "I9", "e"}, // unterminated: as the general loop reads it
		{``, "", ""},
	}
	for _, tc := range tests {
		ref, typ := cellAttrs([]byte(tc.attrs))
		if string(ref) != tc.ref || typ != tc.typ {
			t.Errorf("cellAttrs(%q) = %q, %q; want %q, %q", tc.attrs, ref, typ, tc.ref, tc.typ)
		}
	}
}

// TestPartChecksum: a part read to its end whose bytes do not match its
// CRC-32 is an error, as archive/zip would have it — stored or deflated.
// (A sheet is read up to </sheetData>, with archive/zip as without.)
func TestPartChecksum(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellStr("Sheet1", "A1", "Kommunebesøk i Drammen")
	f.SetCellInt("Sheet1", "B1", 4242)
	var orig bytes.Buffer
	if err := f.Write(&orig); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, method := range []uint16{zip.Store, zip.Deflate} {
		// The workbook again, its parts stored or deflated.
		good := rezip(t, orig.Bytes(), method, nil)
		if rows := readSheet(t, good); !strings.Contains(rows, "Kommunebesøk i Drammen") {
			t.Fatalf("method %d: the intact workbook reads %q", method, rows)
		}
		// Corrupt the sheet: a digit of its number when stored; the CRC in
		// the central directory when deflated.
		bad := bytes.Clone(good)
		if method == zip.Store {
			i := bytes.Index(bad, []byte("<v>4242</v>"))
			bad[i+3] = '5'
		} else {
			i := bytes.LastIndex(bad, []byte("xl/worksheets/sheet1.xml"))
			// central directory entry: signature(4) … crc32 at offset 16,
			// file name at offset 46.
			bad[i-46+16] ^= 0xff
		}
		wb, err := openFastXLSX(bad, WorkbookLimits{}.WithDefaults())
		if err != nil {
			t.Fatalf("method %d: %v", method, err)
		}
		rc, err := wb.open(wb.part("xl/worksheets/sheet1.xml"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadAll(rc); !errors.Is(err, zip.ErrChecksum) {
			t.Errorf("method %d: reading a corrupt part: %v, want %v", method, err, zip.ErrChecksum)
		}
		rc.Close()
	}
}

func readSheet(t *testing.T, data []byte) string {
	t.Helper()
	return strings.Join(scanSheet(t, data, func(rr RowReader) string { return strings.Join(rr.Row(), "|") }), "\n")
}

// sheet1 is the fast reader's rows of the first sheet (Sheet1) of the
// workbook data.
func sheet1(t *testing.T, data []byte) RowReader {
	t.Helper()
	wb, err := openFastXLSX(data, WorkbookLimits{}.WithDefaults())
	if err != nil {
		t.Fatal(err)
	}
	rr, err := wb.Rows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	return rr
}

// scanSheet is what line says of each row of the fast reader's first sheet
// (Sheet1) of the workbook data.
func scanSheet(t *testing.T, data []byte, line func(RowReader) string) []string {
	t.Helper()
	rr := sheet1(t, data)
	defer rr.Close()
	var out []string
	for rr.Scan() {
		out = append(out, line(rr))
	}
	if err := rr.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestShapePrefix: a shape finds itself at the start of a buffer exactly
// as bytes.HasPrefix does — in long buffers and short ones, and with a
// byte changed anywhere.
func TestShapePrefix(t *testing.T) {
	shapes := []*shape{rowOpen, rowClose, cellValueOpen, cellValueClose, cellInlineOpen, cellInlineOpenPre, cellInlineClose, newShape("")}
	for _, sh := range shapes {
		for _, tail := range []string{"", "x", "12345678901234567890", `1" spans="1:9">`} {
			full := append(append([]byte{}, sh.s...), tail...)
			var cases [][]byte
			for n := 0; n <= len(full); n++ {
				cases = append(cases, full[:n])
			}
			for i := range full {
				b := bytes.Clone(full)
				b[i] ^= 0x20
				cases = append(cases, b)
			}
			for _, b := range cases {
				if got, want := sh.prefixOf(b), bytes.HasPrefix(b, sh.s); got != want {
					t.Errorf("shape %q, buffer %q: %v, want %v", sh.s, b, got, want)
				}
			}
		}
	}
}

// withSheet is a workbook whose first sheet's <sheetData> is data.
func withSheet(t *testing.T, data string) []byte {
	t.Helper()
	b, err := xlsxtest.Workbook(map[string][]byte{"xl/worksheets/sheet1.xml": xlsxtest.Sheet(data)})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rezip is xlsxtest.Rezip, failing the test on an error.
func rezip(t *testing.T, orig []byte, method uint16, parts map[string][]byte) []byte {
	t.Helper()
	b, err := xlsxtest.Rezip(orig, method, parts)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestUncachedFormulas: a formula saved without its result (openpyxl's
// <f>…</f><v></v>, or no <v>) is told per row, with its column; one whose
// result is an empty text (t="str") or a value is not — unless the
// workbook asks to be calculated when opened (XlsxWriter's
// fullCalcOnLoad), when its value is told as uncalculated. A row after a
// gap keeps its own.
func TestUncachedFormulas(t *testing.T) {
	sheet := `<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c><c r="B1"><f>10+5</f><v></v></c><c r="C1"><f t="shared" si="0"/></c></row>` +
		`<row r="2"><c r="A2" t="str"><f>IF(1,"","")</f><v></v></c><c r="B2"><f>1+1</f><v>2</v></c></row>` +
		`<row r="5"><c r="A5"><v>1</v></c><c r="D5"><f>SUM(A1:A4)</f></c></row>`
	line := func(rr RowReader) string {
		f := rr.(MarkReader).Marks()
		return fmt.Sprintf("%d:%v%v", rr.RowNum(), f.Uncached, f.Uncalculated)
	}
	got := scanSheet(t, withSheet(t, sheet), line)
	if want := []string{"1:[1 2][]", "2:[][]", "3:[][]", "4:[][]", "5:[3][]"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	wb := withSheet(t, sheet)
	zr, err := zip.NewReader(bytes.NewReader(wb), int64(len(wb)))
	if err != nil {
		t.Fatal(err)
	}
	rc, _ := zr.Open("xl/workbook.xml")
	wbXML, _ := io.ReadAll(rc)
	rc.Close()
	calc := regexp.MustCompile(`<calcPr[^>]*(/>|></calcPr>)`)
	if !calc.Match(wbXML) {
		t.Fatalf("no calcPr in %s", wbXML)
	}
	wbXML = calc.ReplaceAll(wbXML, []byte(`<calcPr calcId="124519" fullCalcOnLoad="1"/>`))
	got = scanSheet(t, rezip(t, wb, zip.Deflate, map[string][]byte{"xl/workbook.xml": wbXML}), line)
	if want := []string{"1:[1 2][]", "2:[][0 1]", "3:[][]", "4:[][]", "5:[3][]"}; !reflect.DeepEqual(got, want) {
		t.Errorf("asked to calculate when opened: got %v, want %v", got, want)
	}
}

// TestSheetMerges: the merged cells listed after a sheet's rows are told
// once its rows are read — those outside Excel's grid left out, and no
// more than maxMerges of a sheet that lists more — and the sheet's part is
// still checked to its end: a wrong checksum after </sheetData> is the
// reader's error.
func TestSheetMerges(t *testing.T) {
	var tail strings.Builder
	tail.WriteString(`<mergeCells count="5"><mergeCell ref="A2:A4"/><mergeCell ref="C5:B3"/><mergeCell ref="A0:A3"/><mergeCell ref="XFE1:XFE3"/><mergeCell ref="D7"/></mergeCells>`)
	sheet := `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>%s<pageMargins left="0.7"/></worksheet>`
	data, err := xlsxtest.Workbook(map[string][]byte{"xl/worksheets/sheet1.xml": []byte(fmt.Sprintf(sheet, tail.String()))})
	if err != nil {
		t.Fatal(err)
	}
	merges := func(data []byte) ([]Merge, error) {
		rr := sheet1(t, data)
		defer rr.Close()
		if got := rr.(MergeReader).Merges(); got != nil {
			t.Errorf("merges %v before the rows are read", got)
		}
		for rr.Scan() {
		}
		return rr.(MergeReader).Merges(), rr.Err()
	}
	got, err := merges(data)
	if want := []Merge{{2, 1, 4, 1}, {3, 2, 5, 3}, {7, 4, 7, 4}}; err != nil || !slices.Equal(got, want) {
		t.Errorf("merges %v (%v), want %v", got, err, want)
	}

	tail.Reset()
	for i := range maxMerges + 10 {
		fmt.Fprintf(&tail, `<mergeCell ref="A%d:B%d"/>`, i+2, i+2)
	}
	data, err = xlsxtest.Workbook(map[string][]byte{"xl/worksheets/sheet1.xml": []byte(fmt.Sprintf(sheet, "<mergeCells>"+tail.String()+"</mergeCells>"))})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := merges(data); err != nil || len(got) != maxMerges {
		t.Errorf("%d merges (%v), want %d", len(got), err, maxMerges)
	}

	// The checksum of the sheet, stored, with a byte changed after its rows.
	stored := rezip(t, data, zip.Store, nil)
	i := bytes.LastIndex(stored, []byte(`left="0.7"`))
	stored[i+7] = '8'
	if _, err := merges(stored); !errors.Is(err, zip.ErrChecksum) {
		t.Errorf("a changed byte after the rows: %v, want %v", err, zip.ErrChecksum)
	}
}

// TestSharedStringsSized: the shared-string table is made the size its
// writer gives (uniqueCount) at once, not grown string by string (a
// quarter of a million strings in a national corpus written by XlsxWriter).
func TestSharedStringsSized(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "testdata", "ingest", "writers", "xlsxwriter-aktiviteter.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	wb, err := openFastXLSX(data, WorkbookLimits{}.WithDefaults())
	if err != nil {
		t.Fatal(err)
	}
	if err := wb.sharedStrings(); err != nil {
		t.Fatal(err)
	}
	if len(wb.sst) != 45 || cap(wb.sst) != 45 {
		t.Errorf("%d shared strings in room for %d, want 45 in 45", len(wb.sst), cap(wb.sst))
	}
}

// TestPartsInflatedWhole: where libdeflate is built in, a sheet and its
// shared strings are inflated whole and scanned in place, a part over
// wholeMax streams, and the rows of every workbook in the sample are the
// same read either way.
func TestPartsInflatedWhole(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "..", "testdata", "sample", "*.xlsx"))
	if len(files) < 20 {
		t.Fatalf("only %d workbooks in the sample", len(files))
	}
	if wholeParts != deflate.Available {
		t.Errorf("parts inflated whole: %v, with libdeflate built in: %v", wholeParts, deflate.Available)
	}
	defer func(w bool) { wholeParts = w }(wholeParts)
	for _, f := range files {
		wholeParts = deflate.Available
		_, _, whole := dump(t, f, false)
		wholeParts = false
		_, _, streamed := dump(t, f, false)
		if !reflect.DeepEqual(whole, streamed) {
			t.Fatalf("%s: read whole %v, streamed %v", f, whole, streamed)
		}
	}
	if !deflate.Available {
		t.Skip("built without cgo: parts stream (the rows above were read so twice)")
	}
	wholeParts = true
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	rr := sheet1ByIndex(t, data)
	if s := rr.(*fastRows).s; !s.whole || s.r != nil {
		t.Errorf("%s: the sheet was not scanned whole", files[0])
	}
	rr.Close()
	// A sheet longer than wholeMax, deflated: it streams, every row read.
	var rows strings.Builder
	n := 0
	for rows.Len() <= wholeMax {
		n++
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, n, n, n)
	}
	rr = sheet1(t, withSheet(t, rows.String()))
	if s := rr.(*fastRows).s; s.whole {
		t.Error("a sheet over wholeMax was inflated whole")
	}
	got := 0
	for rr.Scan() {
		if got++; rr.Row()[0] != fmt.Sprint(got) {
			t.Fatalf("row %d reads %q", got, rr.Row())
		}
	}
	rr.Close()
	if got != n {
		t.Errorf("the long sheet gave %d rows of %d", got, n)
	}
}

// sheet1ByIndex is the fast reader's rows of the first sheet of the
// workbook data, whatever its name.
func sheet1ByIndex(t *testing.T, data []byte) RowReader {
	t.Helper()
	wb, err := openFastXLSX(data, WorkbookLimits{}.WithDefaults())
	if err != nil {
		t.Fatal(err)
	}
	rr, err := wb.Rows(wb.Sheets()[0].Name)
	if err != nil {
		t.Fatal(err)
	}
	return rr
}

// TestSharedStringShapes: a shared string reads the same whichever shape
// its writer gave it — the plain ones taken whole (simpleText), the others
// tag by tag.
func TestSharedStringShapes(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "testdata", "ingest", "writers", "xlsxwriter-aktiviteter.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	shapes := []struct{ xml, want string }{
		{`<si><t>Bodø kulturskole</t></si>`, "Bodø kulturskole"},
		{`<si><t xml:space="preserve"> to  mellomrom </t></si>`, " to  mellomrom "},
		{`<si><t>A &amp; B &lt;3&gt; &#10;ny linje</t></si>`, "A & B <3> \nny linje"},
		{`<si><r><t>Rik</t></r><r><rPr><b/></rPr><t xml:space="preserve"> tekst</t></r></si>`, "Rik tekst"},
		{`<si><t>Kana</t><rPh sb="0" eb="1"><t>カ</t></rPh></si>`, "Kana"},
		{`<si><t><![CDATA[<x> & y]]></t></si>`, "<x> & y"},
		{`<si><t>før<!-- merknad -->etter</t></si>`, "føretter"},
		{`<si/>`, ""},
		{`<si><t/></si>`, ""},
		{`<si><t></t></si>`, ""},
		{`<si><t>a</t> </si>`, "a"},
		{`<si><t>siste</t></si>`, "siste"},
	}
	var sst strings.Builder
	sst.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for _, sh := range shapes {
		sst.WriteString(sh.xml)
	}
	sst.WriteString(`</sst>`)
	wb, err := openFastXLSX(rezip(t, data, zip.Deflate, map[string][]byte{"xl/sharedStrings.xml": []byte(sst.String())}), WorkbookLimits{}.WithDefaults())
	if err != nil {
		t.Fatal(err)
	}
	if err := wb.sharedStrings(); err != nil {
		t.Fatal(err)
	}
	if len(wb.sst) != len(shapes) {
		t.Fatalf("%d shared strings %q, want %d", len(wb.sst), wb.sst, len(shapes))
	}
	for i, sh := range shapes {
		if wb.sst[i] != sh.want {
			t.Errorf("%s reads %q, want %q", sh.xml, wb.sst[i], sh.want)
		}
	}
}

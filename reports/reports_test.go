package reports

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/xuri/excelize/v2"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/pipeline/batch"
)

// hostile is a CSV activity log whose texts try to inject markup, script
// and spreadsheet formulas.
const hostile = "Dato;Region;Kommunenr;Mål;Aktivitetstype;Tittel;Deltakere\n" +
	"03.10.2026;BTV;3301;3.1;kommunebesøk;<script>alert(1)</script>;5\n" +
	"04.10.2026;BTV;3303;1.1;\"\"\"><img src=x onerror=alert(1)>\";Konferanse;5\n" +
	"05.10.2026;BTV;3305;1.1;</script><script>alert(2)</script>;Kurs;5\n" +
	"06.10.2026;BTV;3305;1.2;\"=HYPERLINK(\"\"http://x\"\";\"\"klikk\"\")\";Publisering;5\n" +
	"07.10.2026;BTV;3305;1.2;@SUM(1+1);Publisering;5\n" +
	"08.10.2026;BTV;3305;1.2;publisering;\"=HYPERLINK(\"\"http://x\"\";\"\"klikk\"\")\";5\n" +
	"09.10.2026;BTV;3305;1.2;publisering;+1+1;5\n" +
	"10.10.2026;BTV;3305;1.2;publisering;-2+3;5\n" +
	"11.10.2026;BTV;3305;1.2;publisering;@SUM(A1:A2);5\n"

func hostileResult(t *testing.T) *pipeline.Result {
	t.Helper()
	dir := t.TempDir()
	name := filepath.Join(dir, `logg<img src=x onerror=alert(3)>.csv`)
	if err := os.WriteFile(name, []byte(hostile), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := batch.Run(context.Background(), cfg, batch.RunOptions{Period: pipeline.MonthFor(2026, 10), Files: []string{name}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(res.Release)
	if res.Totals.RowsRejected != 4 {
		t.Fatalf("want 4 rejected rows, got %+v", res.Totals)
	}
	return res
}

func TestHTMLEscapesInputText(t *testing.T) {
	res := hostileResult(t)
	var buf bytes.Buffer
	if err := WriteHTML(&buf, res, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	page := libRe(buf.String())
	for _, bad := range []string{"<script>alert", "<img src=x", "</script><script>"} {
		if strings.Contains(page, bad) {
			t.Errorf("page holds %q unescaped", bad)
		}
	}
	for _, good := range []string{"&#34;&gt;&lt;img src=x onerror=alert(1)&gt;", "logg&lt;img src=x onerror=alert(3)&gt;.csv"} {
		if !strings.Contains(page, good) {
			t.Errorf("page lacks the escaped text %q", good)
		}
	}
	// Three script elements: the library, the chart data (JSON, never
	// run) and the chart set-up; the policy allows the two that run by
	// their hashes, and nothing inline besides.
	if n := strings.Count(page, "<script"); n != 3 {
		t.Errorf("%d script elements, want 3", n)
	}
	if strings.Count(page, `<script type="application/json" id="chart-data">`) != 1 {
		t.Error("the chart data is not a JSON block")
	}
	csp := regexp.MustCompile(`script-src ([^;]*);`).FindStringSubmatch(html.UnescapeString(buf.String()))
	if csp == nil || strings.Contains(csp[1], "unsafe-inline") || strings.Count(csp[1], "'sha256-") != 2 {
		t.Errorf("script-src %q: want the two scripts' hashes and nothing else", csp)
	}
	for _, script := range []string{echartsLib(), chartScript} {
		sum := sha256.Sum256([]byte(script))
		h := base64.StdEncoding.EncodeToString(sum[:])
		if !strings.Contains(buf.String(), "<script>"+script+"</script>") && !strings.Contains(buf.String(), `<script id="echarts-lib">`+script+"</script>") {
			t.Errorf("a script is not on the page as hashed")
		}
		if !strings.Contains(html.UnescapeString(csp[1]), h) {
			t.Errorf("the policy lacks the hash %s", h)
		}
	}
}

// libRe drops the embedded chart library, so that assertions look at the
// page itself.
func libRe(page string) string {
	i := strings.Index(page, `<script id="echarts-lib">`)
	j := strings.Index(page[i:], "</script>")
	return page[:i] + `<script id="echarts-lib">` + page[i+j:]
}

func TestHTMLIsSelfContained(t *testing.T) {
	res := hostileResult(t)
	var buf bytes.Buffer
	if err := WriteHTML(&buf, res, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if !strings.Contains(page, "echarts.init") || !strings.Contains(page, `<script id="echarts-lib">`) || len(page) < 900_000 {
		t.Fatal("the chart library is not inside the page")
	}
	rest := libRe(page)
	for _, bad := range []string{"<script src", "<link", "<img", "<iframe", `src="http`, `href="http`, `href="//`, "@import", "url("} {
		if strings.Contains(rest, bad) {
			t.Errorf("page refers to something outside itself: %q", bad)
		}
	}
	if !strings.Contains(rest, "default-src 'none'") {
		t.Error("no Content-Security-Policy that forbids network access")
	}
}

func TestExcelWritesInputAsText(t *testing.T) {
	res := hostileResult(t)
	var buf bytes.Buffer
	if err := WriteExcel(&buf, res); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Rejected values on Datakvalitet, accepted titles on the Data sheet.
	for sheet, want := range map[string]int{SheetQuality: 2, "Data aktiviteter": 4} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for r, row := range rows {
			for c, v := range row {
				if v == "" || !strings.ContainsRune("=+-@", rune(v[0])) {
					continue
				}
				found++
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				formula, _ := f.GetCellFormula(sheet, cell)
				typ, _ := f.GetCellType(sheet, cell)
				if formula != "" || (typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) {
					t.Errorf("%s!%s %q: formula %q, type %v; want inert text", sheet, cell, v, formula, typ)
				}
			}
		}
		if found != want {
			t.Errorf("found %d formula-like texts on %s, want %d", found, sheet, want)
		}
	}
}

// parquetOf writes rec as WriteParquet does and opens what it wrote.
func parquetOf(t *testing.T, rec arrow.RecordBatch) (*file.Reader, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteParquet(&buf, rec); err != nil {
		t.Fatal(err)
	}
	pf, err := file.NewParquetReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	return pf, buf.Bytes()
}

func TestParquetRoundTrip(t *testing.T) {
	res := hostileResult(t)
	rec := res.Data.Table("aktiviteter")
	pf, _ := parquetOf(t, rec)
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	if tbl.NumRows() != rec.NumRows() {
		t.Errorf("read back %d rows, wrote %d", tbl.NumRows(), rec.NumRows())
	}
	for i, f := range rec.Schema().Fields() {
		g := tbl.Schema().Field(i)
		if g.Name != f.Name || !arrow.TypeEqual(g.Type, f.Type) || g.Nullable != f.Nullable {
			t.Errorf("field %d read back as %s %s (nullable %v), wrote %s %s (nullable %v)", i, g.Name, g.Type, g.Nullable, f.Name, f.Type, f.Nullable)
		}
	}
	title := tbl.Column(rec.Schema().FieldIndices(pipeline.FieldTitle)[0]).Data().Chunk(0).ValueStr(0)
	if title != "<script>alert(1)</script>" {
		t.Errorf("title read back as %q", title)
	}
}

func TestWriteAllParquetReadsBack(t *testing.T) {
	res := hostileResult(t)
	dir, err := WriteAll(t.TempDir(), res, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{}
	for name, rec := range res.Data.Tables {
		want[name] = rec.NumRows()
	}
	for name, rec := range res.Dimensions {
		want[name] = rec.NumRows()
	}
	if len(want) < 8 {
		t.Fatalf("only %d tables", len(want))
	}
	// The dataset beside the period's folder: a row table's rows over all
	// its partitions, a dimension in one file, the indicators' rows of
	// the period.
	data := filepath.Join(filepath.Dir(dir), DirDataset)
	for name, rows := range want {
		files := datasetFiles(data, name)
		if len(files) == 0 {
			t.Errorf("%s: no files in the dataset", name)
			continue
		}
		var n int64
		for _, f := range files {
			b, err := os.ReadFile(filepath.Join(data, filepath.FromSlash(f)))
			if err != nil {
				t.Fatal(err)
			}
			pf, err := file.NewParquetReader(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			n += pf.NumRows()
		}
		if name == pipeline.TableIndicators {
			if n == 0 || n >= rows {
				t.Errorf("%s: %d rows of the period, of %d with the series", name, n, rows)
			}
		} else if n != rows {
			t.Errorf("%s: read back %d rows, wrote %d", name, n, rows)
		}
	}
	for _, f := range []string{FileDataPackage, "aktiviteter/periode=2026-10/part-0.parquet"} {
		if _, err := os.Stat(filepath.Join(data, f)); err != nil {
			t.Error(err)
		}
	}
	if n := want["tiltak"]; n != 59 {
		t.Errorf("measures table has %d rows, want the seed's 59", n)
	}
	if n := want["kommuner"]; n != 41 {
		t.Errorf("municipalities table has %d rows, want 41", n)
	}
}

// TestWriterTablesFirst writes the data tables before the reports, as a
// run does while it computes the indicators: the folder must be the one
// WriteAll makes, even when the caller releases its tables at once.
func TestWriterTablesFirst(t *testing.T) {
	res := hostileResult(t)
	want, err := WriteAll(t.TempDir(), res, Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	w := NewWriter(out, res.Period)
	tables := map[string]arrow.RecordBatch{}
	for name, rec := range res.Data.Tables {
		rec.Retain() // the caller's own reference, released at once
		tables[name] = rec
	}
	w.WriteTables(tables)
	for _, rec := range tables {
		rec.Release()
	}
	got, err := w.Finish(context.Background(), res, Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if got != filepath.Join(out, res.Period.String()) {
		t.Errorf("folder %s, want %s", got, filepath.Join(out, res.Period.String()))
	}
	// The same files: the period's and the dataset's.
	var files []string
	filepath.WalkDir(filepath.Dir(want), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(filepath.Dir(want), p)
			files = append(files, rel)
		}
		return err
	})
	if len(files) < 10 {
		t.Fatalf("only %d files: %v", len(files), files)
	}
	for _, rel := range files {
		a, _ := os.ReadFile(filepath.Join(filepath.Dir(want), rel))
		b, err := os.ReadFile(filepath.Join(out, rel))
		if err != nil {
			t.Errorf("%s: %v", rel, err)
		} else if !bytes.Equal(a, b) {
			t.Errorf("%s differs from WriteAll's", rel)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 4 { // the period, the dataset, their locks
		t.Errorf("left in the output folder: %v", entries)
	}
}

// TestWriterAbort leaves nothing behind, not even the tables begun.
func TestWriterAbort(t *testing.T) {
	res := hostileResult(t)
	out := t.TempDir()
	w := NewWriter(out, res.Period)
	w.WriteTables(res.Data.Tables)
	w.Abort()
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("left in the output folder: %v", entries)
	}
	// A writer never given anything makes nothing.
	NewWriter(filepath.Join(out, "never"), res.Period).Abort()
	if _, err := os.Stat(filepath.Join(out, "never")); !os.IsNotExist(err) {
		t.Errorf("an aborted writer made its folder: %v", err)
	}
}

// TestParquetStatistics: numbers, dates and the key text columns keep
// their statistics (readers skip row groups by them); other text columns
// are written without.
func TestParquetStatistics(t *testing.T) {
	res := hostileResult(t)
	pf, _ := parquetOf(t, res.Data.Table("aktiviteter"))
	rg := pf.MetaData().RowGroup(0)
	want := map[string]bool{pipeline.FieldDate: true, pipeline.FieldParticipants: true, pipeline.FieldSourceRow: true,
		pipeline.FieldRegion: true, pipeline.FieldGoals + ".list.element": true, pipeline.FieldTitle: false, pipeline.FieldNote: false}
	for i := 0; i < rg.NumColumns(); i++ {
		cc, err := rg.ColumnChunk(i)
		if err != nil {
			t.Fatal(err)
		}
		path := cc.PathInSchema().String()
		if w, ok := want[path]; ok {
			if got, _ := cc.StatsSet(); got != w {
				t.Errorf("%s: statistics %v, want %v", path, got, w)
			}
			delete(want, path)
		}
	}
	if len(want) > 0 {
		t.Errorf("columns not found: %v", want)
	}
}

// TestRunJSONAsWhole: run.json, encoded while the outputs are written and
// finished with their list, is the summary encoded whole.
func TestRunJSONAsWhole(t *testing.T) {
	res, _ := sampleResult(t)
	o := Options{Version: "test", ConfigFile: "kulturrapport.yaml"}
	outputs := []OutputFile{{Path: FileHTML, Size: 12345}, {Path: FileExcel, Size: 678}}
	datasetFiles := []OutputFile{{Path: "../" + DirDataset + "/aktiviteter/periode=2026-10/part-0.parquet", Size: 9}}
	head, err := runJSONHead(res, o)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), FileRunJSON)
	if err := writeRunJSON(p, head, datasetFiles, outputs); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	whole := newRunSummary(res, o)
	whole.Outputs, whole.DatasetFiles = outputs, datasetFiles
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	if err := enc.Encode(whole); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		i := 0
		for i < len(got) && i < len(want.Bytes()) && got[i] == want.Bytes()[i] {
			i++
		}
		t.Errorf("run.json differs from the summary encoded whole at byte %d: %q", i, got[max(0, i-40):min(len(got), i+40)])
	}
	var back RunSummary
	if err := json.Unmarshal(got, &back); err != nil || len(back.Outputs) != 2 || len(back.DatasetFiles) != 1 {
		t.Errorf("run.json reads back with %d outputs and %d dataset files: %v", len(back.Outputs), len(back.DatasetFiles), err)
	}
}

// TestParquetPages: a long text column is cut into data pages of about
// pageBytes, not arrow's 1 MiB; every value is read back.
func TestParquetPages(t *testing.T) {
	const rows = 60000
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	for i := range rows {
		b.Append(fmt.Sprintf("Kurs i bandspill for lærere, gruppe %06d", i))
	}
	col := b.NewArray()
	defer col.Release()
	schema := arrow.NewSchema([]arrow.Field{{Name: pipeline.FieldTitle, Type: arrow.BinaryTypes.String}}, nil)
	rec := array.NewRecordBatch(schema, []arrow.Array{col}, rows)
	defer rec.Release()
	pf, buf := parquetOf(t, rec)
	pages, err := pf.RowGroup(0).GetColumnPageReader(0)
	if err != nil {
		t.Fatal(err)
	}
	n, largest := 0, 0
	for pages.Next() {
		if p, ok := pages.Page().(*file.DataPageV1); ok {
			n++
			largest = max(largest, int(p.UncompressedSize()))
		}
	}
	if err := pages.Err(); err != nil {
		t.Fatal(err)
	}
	// ~2.6 MB of text: 20 pages or so; a page may pass the size by the
	// last batch of values written into it.
	if n < 10 || largest > 2*pageBytes {
		t.Errorf("%d data pages, the largest %d bytes (pages cut at %d)", n, largest, pageBytes)
	}
	back, err := pqarrow.ReadTable(context.Background(), bytes.NewReader(buf), nil, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Release()
	got := back.Column(0).Data().Chunk(0).(*array.String)
	if back.NumRows() != rows || got.Value(rows-1) != col.(*array.String).Value(rows-1) {
		t.Errorf("read back %d rows, the last %q", back.NumRows(), got.Value(int(back.NumRows())-1))
	}
}

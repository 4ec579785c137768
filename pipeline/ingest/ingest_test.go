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

	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/config"
	"kulturrapport/pipeline"
)

func loadRef(t *testing.T) *pipeline.Reference {
	t.Helper()
	r, err := loadRefErr()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func loadRefErr() (*pipeline.Reference, error) {
	cfg, err := config.Load("", nil)
	if err != nil {
		return nil, err
	}
	return pipeline.NewReference(cfg), nil
}

func ingest(t *testing.T, mem memory.Allocator, inputs ...string) *pipeline.Dataset {
	t.Helper()
	files, err := ExpandInputs(inputs)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := Ingest(context.Background(), loadRef(t), files, Options{Period: pipeline.MonthFor(2026, 10)}, mem)
	if err != nil {
		t.Fatal(err)
	}
	ds.Localise("nb")
	return ds
}

func TestIngestSampleAccountsForEveryRow(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	ds := ingest(t, mem, filepath.Join("..", "..", "testdata", "sample"))
	defer ds.Release()

	if got := len(ds.Files); got != 138 {
		t.Fatalf("files: got %d, want 138", got)
	}
	accepted := 0
	for _, f := range ds.Files {
		if f.Status != pipeline.StatusOK {
			t.Errorf("%s: status %s (%s)", f.Path, f.Status, f.Reason)
		}
		if f.RowsRead != f.RowsAccepted+f.RowsRejected {
			t.Errorf("%s: read %d != accepted %d + rejected %d", f.Path, f.RowsRead, f.RowsAccepted, f.RowsRejected)
		}
		accepted += f.RowsAccepted
		// Telemark's first sheet is instructions; the data is on "Data".
		if strings.Contains(f.Path, "telemark") && f.Sheet != "Data" {
			t.Errorf("%s: read sheet %q, want Data", f.Path, f.Sheet)
		}
	}
	rows := 0
	for _, rec := range ds.Tables {
		rows += int(rec.NumRows())
	}
	if rows != accepted {
		t.Errorf("table rows %d != accepted rows %d", rows, accepted)
	}

	// The sample's deliberate mistakes, each named by its cell.
	want := map[string]string{
		"aktiviteter-buskerud-2026-03.xlsx:Aktiviteter!A8":     "datoen finnes ikke",
		"aktiviteter-buskerud-2026-03.xlsx:Aktiviteter!C9":     "ukjent kommunenummer",
		"aktiviteter-telemark-2026-09.xlsx:Data!F6":            "ukjent mål",
		"aktiviteter-telemark-2026-09.xlsx:Data!H7":            "kan ikke være negativt",
		"aktiviteter-telemark-2026-09.xlsx:Data!A8":            "samme aktivitet",
		"aktiviteter-vestfold-2026-06.xlsx:Logg juni 2026!F12": "ukjent aktivitetstype",
		"aktiviteter-vestfold-2026-06.xlsx:Logg juni 2026!G13": "mangler verdi",
		"prosjekter-btv-2026-05.xlsx:Prosjekter!E10":           "ugyldig verdi",
		"prosjekter-btv-2026-05.xlsx:Prosjekter!B11":           "måned 13 finnes ikke",
		"kulturskolestatistikk-btv.xlsx:Telemark!D22":          "et omtrentlig tall",
	}
	got := map[string]string{}
	for _, f := range ds.Files {
		for _, p := range f.Rejected {
			got[filepath.Base(f.Path)+":"+p.Sheet+"!"+p.Cell] = p.Reason
		}
	}
	for pos, reason := range want {
		if !strings.HasPrefix(got[pos], reason) {
			t.Errorf("%s: got reason %q, want %q…", pos, got[pos], reason)
		}
	}
	if len(got) != len(want) {
		t.Errorf("rejected %d cells, want %d: %v", len(got), len(want), got)
	}
}

func TestIngestSkipsTotalsAndWarnsOnExtraColumns(t *testing.T) {
	ds := ingest(t, memory.DefaultAllocator,
		filepath.Join("..", "..", "testdata", "sample", "aktiviteter-buskerud-2025-03.xlsx"),
		filepath.Join("..", "..", "testdata", "sample", "aktiviteter-vestfold-2025-03.xlsx"))
	defer ds.Release()
	bus, ves := ds.Files[0], ds.Files[1]
	if bus.RowsSkipped != 1 {
		t.Errorf("Buskerud: %d totals rows skipped, want 1", bus.RowsSkipped)
	}
	found := false
	for _, w := range ves.Warnings {
		if strings.Contains(w.Reason, "«Sted»") {
			found = true
		}
	}
	if !found {
		t.Errorf("Vestfold: no warning about the extra column Sted: %v", ves.Warnings)
	}
}

func TestIngestWholeFileFailures(t *testing.T) {
	dir := t.TempDir()
	sample, err := os.ReadFile(filepath.Join("..", "..", "testdata", "sample", "aktiviteter-buskerud-2025-01.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	cfb := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	files := map[string][]byte{
		"a-corrupt.xlsx":   append([]byte("PK\x03\x04"), []byte("not really a zip at all")...),
		"b-text.xlsx":      []byte("hello, I am text"),
		"c-empty.xlsx":     {},
		"d-old.xls":        cfb,
		"e-encrypted.xlsx": append(append([]byte{}, cfb...), []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")...),
		"f-good.xlsx":      sample,
		"g-copy.xlsx":      sample,
		"h-truncated.xlsx": sample[:len(sample)/2],
		"i-nohdr.csv":      []byte("a;b;c\n1;2;3\n"),
		"j-tall.numbers":   zipOf(t, "Index/Document.iwa", "Metadata/Properties.plist"),
		"k-tall.xlsb":      zipOf(t, "[Content_Types].xml", "xl/workbook.bin"),
		"l-tall.gsheet":    []byte(`{"url": "https://docs.google.com/spreadsheets/d/abc", "doc_id": "abc"}`),
		"m-rapport.xlsx":   zipOf(t, "[Content_Types].xml", "word/document.xml"), // a Word document, named as a workbook
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ds := ingest(t, memory.DefaultAllocator, dir)
	defer ds.Release()
	want := map[string]string{
		"a-corrupt.xlsx":   "unreadable:skadet",
		"b-text.xlsx":      "unreadable:skadet",
		"c-empty.xlsx":     "unreadable:ingen data",
		"d-old.xls":        "unreadable:gammelt Excel-format",
		"e-encrypted.xlsx": "unreadable:passordbeskyttet",
		"f-good.xlsx":      "ok:",
		"g-copy.xlsx":      "duplicate:samme innhold som",
		"h-truncated.xlsx": "unreadable:skadet",
		"i-nohdr.csv":      "unreadable:fant ingen ark",
		"j-tall.numbers":   "unreadable:Apple Numbers",
		"k-tall.xlsb":      "unreadable:binær Excel-arbeidsbok",
		"l-tall.gsheet":    "unreadable:snarvei til et Google-regneark",
		"m-rapport.xlsx":   "unreadable:et dokument (.docx)",
	}
	if len(ds.Files) != len(want) {
		t.Errorf("%d files read, want %d", len(ds.Files), len(want))
	}
	for _, f := range ds.Files {
		name := filepath.Base(f.Path)
		w := strings.SplitN(want[name], ":", 2)
		if f.Status != w[0] || !strings.Contains(f.Reason, w[1]) {
			t.Errorf("%s: got %s %q, want %s %q", name, f.Status, f.Reason, w[0], w[1])
		}
	}
}

// zipOf is a zip of empty parts with these names.
func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		if _, err := zw.Create(n); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDocumentsInAFolder: a PDF, Word or PowerPoint file among the
// spreadsheets of a folder (a region's report sent as a document) is
// reported as left out, saying why, not passed over in silence; other
// files (a picture) are not named. A tab-separated .tsv is read as a CSV.
func TestDocumentsInAFolder(t *testing.T) {
	dir := filesIn(t, map[string]string{"rapport-btv.pdf": "%PDF-1.4", "referat.docx": "x", "logo.png": "x", "aktiviteter.csv": "Dato;Region;Mål;Aktivitetstype;Tittel\n06.10.2026;BTV;1.1;kurs;A\n",
		"aktiviteter-tab.tsv": "Dato\tRegion\tMål\tAktivitetstype\tTittel\n06.10.2026\tBTV\t1.1\tkurs\tB\n"})
	in, err := FindInputs([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var skipped []string
	for _, f := range in.Skipped {
		skipped = append(skipped, filepath.Base(f.Path)+" "+f.ReasonMsg.Key+" "+fmt.Sprint(f.ReasonMsg.Args...))
	}
	if want := []string{"rapport-btv.pdf file.document .pdf", "referat.docx file.document .docx"}; len(in.Files) != 2 || !slices.Equal(skipped, want) {
		t.Errorf("files %v, skipped %v; want aktiviteter.csv and .tsv, %v", in.Files, skipped, want)
	}
	// The tab-separated file is read as the CSV is.
	ds := ingestOpts(t, Options{}, in.Files...)
	for _, f := range ds.Files {
		if f.Status != pipeline.StatusOK || f.RowsAccepted != 1 {
			t.Errorf("%s: %s %q", f.Path, f.Status, f.Reason)
		}
	}
}

// TestDuplicateFiles: of files with the same content, the first in order
// is read and the others are duplicates naming it, however the workers
// take them; a copy read before its first is dropped, its tables released.
func TestDuplicateFiles(t *testing.T) {
	dir := t.TempDir()
	sample, err := os.ReadFile(filepath.Join("..", "..", "testdata", "sample", "aktiviteter-buskerud-2025-01.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("copy-%d.xlsx", i)), sample, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := ExpandInputs([]string{dir})
	var want int64 = -1
	for round := range 20 {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		ds, err := Ingest(context.Background(), loadRef(t), files, Options{Workers: 1 + round%4}, mem)
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range ds.Files {
			if i == 0 && f.Status != pipeline.StatusOK {
				t.Fatalf("round %d: %s %s %q", round, f.Path, f.Status, f.Reason)
			}
			if i > 0 && (f.Status != pipeline.StatusDuplicate || f.RowsRead != 0 || len(f.Rejected) != 0 || f.SHA256 != ds.Files[0].SHA256) {
				t.Fatalf("round %d: %+v, want a duplicate of %s", round, f, ds.Files[0].Path)
			}
		}
		rows := ds.Table("aktiviteter").NumRows()
		if want < 0 {
			want = rows
		} else if rows != want {
			t.Fatalf("round %d: %d rows, want %d", round, rows, want)
		}
		ds.Release()
		mem.AssertSize(t, 0)
	}
}

func TestIngestCSV(t *testing.T) {
	dir := t.TempDir()
	utf8 := "\ufeffAktivitetslogg BTV\n\nDato;Region;Kommunenr;Mål;Aktivitetstype;Tittel;Deltakere\n" +
		"03.02.2026;BTV;301;3.1;kommunebesøk;Besøk;12\n" +
		"04.02.2026;BTV;3303;1.1;konferanse;Konferanse i Kongsberg;1 234\n" +
		"05.02.2026;BTV;3303;1.1;konferanse;;\n"
	// Windows-1252: ø is 0xF8, å is 0xE5.
	cp1252 := "Dato,Region,Kommunenr,M\xe5l,Aktivitetstype,Tittel\n06.02.2026,BTV,3305,3.1,kommunebes\xf8k,Bes\xf8k p\xe5 Ringerike\n"
	os.WriteFile(filepath.Join(dir, "a.csv"), []byte(utf8), 0o644)
	os.WriteFile(filepath.Join(dir, "b.csv"), []byte(cp1252), 0o644)
	ds := ingest(t, memory.DefaultAllocator, dir)
	defer ds.Release()
	a, b := ds.Files[0], ds.Files[1]
	if a.Status != pipeline.StatusOK || a.RowsRead != 3 || a.RowsAccepted != 1 || a.RowsRejected != 2 {
		t.Fatalf("a.csv: %+v", a)
	}
	// 301 becomes 0301 (Oslo), which is not a member municipality. Cells are
	// named by the line a text editor shows, blank lines included.
	if p := a.Rejected[0]; p.Cell != "C4" || p.Value != "301" || !strings.Contains(p.Reason, "ukjent kommunenummer") {
		t.Errorf("a.csv: first rejection %+v, want C4 «301» unknown", p)
	}
	if p := a.Rejected[1]; p.Cell != "F6" || p.Column != "Tittel" {
		t.Errorf("a.csv: second rejection %+v, want F6 (Tittel)", p)
	}
	if b.Status != pipeline.StatusOK || b.RowsAccepted != 1 {
		t.Fatalf("b.csv (Windows-1252): %+v", b)
	}
	if len(b.Warnings) == 0 || !strings.Contains(b.Warnings[0].Reason, "Windows-1252") {
		t.Errorf("b.csv: no note about the encoding: %v", b.Warnings)
	}
	titles := ds.Table("aktiviteter").Column(ds.Table("aktiviteter").Schema().FieldIndices(pipeline.FieldTitle)[0])
	if got := titles.ValueStr(int(titles.Len()) - 1); got != "Besøk på Ringerike" {
		t.Errorf("title decoded as %q", got)
	}
}

// TestFieldIndex: the index answers as the map it is made of, for every
// kind's keys, keys it does not hold, and clashing slots.
func TestFieldIndex(t *testing.T) {
	for _, k := range pipeline.Kinds() {
		cols := map[string]int{}
		for i, c := range k.Columns {
			if i%3 != 2 { // leave some keys out of the sheet
				cols[c.Key] = i * 2
			}
		}
		f := newFieldIndex(cols)
		for _, c := range k.Columns {
			i, ok := f.get(c.Key)
			if wi, wok := cols[c.Key]; i != wi || ok != wok {
				t.Errorf("%s: get(%q) = %d, %v; want %d, %v", k.Name, c.Key, i, ok, wi, wok)
			}
		}
		for _, key := range []string{"", "x", "tittelx", pipeline.FieldSourceFile} {
			if _, ok := f.get(key); ok {
				t.Errorf("%s: get(%q) found a column", k.Name, key)
			}
		}
	}
	// Keys of one slot: each is found past the others.
	cols := map[string]int{"ab": 1, "ba": 2}
	for i := 0; i < 40; i++ {
		cols[strings.Repeat("a", i+3)] = i + 3
	}
	if newFieldIndex(cols) != nil {
		t.Errorf("an index of %d keys", len(cols))
	}
	delete(cols, "aaa")
	for len(cols) > 30 {
		for k := range cols {
			if len(k) > 2 {
				delete(cols, k)
				break
			}
		}
	}
	f := newFieldIndex(cols)
	for k, want := range cols {
		if got, ok := f.get(k); !ok || got != want {
			t.Errorf("get(%q) = %d, %v; want %d", k, got, ok, want)
		}
	}
}

// TestAddLower: the identity hash of a text is that of its lowercase, and
// a row's identity is hashed without allocating.
func TestAddLower(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() {
		_ = newIDHash().addInt(19000).add("R01").add("3301").add("kommunebesøk").addLower("Møte 17-637051 i Ålesund")
	}); n != 0 {
		t.Errorf("hashing an identity: %v allocations", n)
	}
	if newIDHash().add("ab").add("c") == newIDHash().add("a").add("bc") {
		t.Error(`("ab", "c") and ("a", "bc") hash the same`)
	}
	for _, s := range []string{"", "Seminar 15", "Møte i Ålesund", "ÆØÅ æøå", "İstanbul", "Straße", "a\xffB", "ǅ"} {
		if got, want := newIDHash().addLower(s), newIDHash().add(strings.ToLower(s)); got != want {
			t.Errorf("addLower(%q) = %x, add(ToLower) = %x", s, got, want)
		}
	}
}

// TestDateCheckAllocates: reading a good date (of the cache, as most of a
// file's dates are) allocates nothing a row.
func TestDateCheckAllocates(t *testing.T) {
	r := &rowCtx{file: "a.xlsx", sheet: "Ark1", num: 2, cells: []string{"15.03.2026"}, cols: map[string]int{pipeline.FieldDate: 0}, kind: pipeline.Activities}
	c := newCheck(r, nil, &Options{}, nil)
	if _, ok := c.date(pipeline.FieldDate); !ok {
		t.Fatalf("15.03.2026 not read: %v", c.rejects)
	}
	if n := testing.AllocsPerRun(100, func() { c.date(pipeline.FieldDate) }); n != 0 {
		t.Errorf("a date read: %v allocations", n)
	}
}

// TestTrimCell: trimCell is strings.TrimSpace, Unicode spaces too.
func TestTrimCell(t *testing.T) {
	for _, s := range []string{"", " ", "a", "ab", " a", "a ", "\ta\n", "\u00a0a", "a\u00a0", "\u2003Kurs\u2003", "Å", "Kurs i Lier", "x\u3000", "~", "\x7f", "a\x7f"} {
		if got, want := trimCell(s), strings.TrimSpace(s); got != want {
			t.Errorf("trimCell(%q) = %q, want %q", s, got, want)
		}
	}
}

package xlsxw

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/klauspost/compress/flate"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestSortedZip: parts written in any order come out content types first,
// then by name, each with its content; a part written after the next one
// was created is an error, not a corrupt archive.
func TestSortedZip(t *testing.T) {
	var buf bytes.Buffer
	z := NewZip(&buf)
	parts := map[string]string{
		"xl/worksheets/sheet2.xml": strings.Repeat("<row>b</row>", 5000),
		contentTypes:               `<Types><Default Extension="xml"/><Default Extension="png"/></Types>`,
		"xl/workbook.xml":          "<workbook/>",
		"docProps/app.xml":         "",
	}
	var early io.Writer
	for _, name := range []string{"xl/worksheets/sheet2.xml", contentTypes, "xl/workbook.xml", "docProps/app.xml"} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, parts[name]); err != nil {
			t.Fatal(err)
		}
		if early == nil {
			early = w
		}
	}
	if _, err := early.Write([]byte("late")); err == nil {
		t.Error("a write to a finished part was taken")
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // checks the CRC too
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		want := parts[f.Name]
		if f.Name == contentTypes {
			want = `<Types><Default Extension="png"/><Default Extension="xml"/></Types>`
		}
		if string(got) != want {
			t.Errorf("%s: %.60q, want %.60q", f.Name, got, want)
		}
	}
	if got := strings.Join(names, " "); got != contentTypes+" docProps/app.xml xl/workbook.xml xl/worksheets/sheet2.xml" {
		t.Errorf("order: %s", got)
	}
}

// TestSortedZipRows: a Data sheet's rows go in before its </sheetData>,
// written in pieces or not; rows for a part never written, or a part
// without </sheetData>, are an error rather than a workbook without them.
func TestSortedZipRows(t *testing.T) {
	rows := func() *DataRows {
		b := array.NewInt64Builder(memory.DefaultAllocator)
		defer b.Release()
		b.AppendValues([]int64{7, 8}, nil)
		col := b.NewArray()
		defer col.Release()
		rec := array.NewRecordBatch(arrow.NewSchema([]arrow.Field{{Name: "n", Type: arrow.PrimitiveTypes.Int64}}, nil), []arrow.Array{col}, 2)
		t.Cleanup(rec.Release)
		return &DataRows{Rec: rec, Rows: []int{0, 1}}
	}
	const sheet = "xl/worksheets/sheet3.xml"
	var buf bytes.Buffer
	z := NewZip(&buf)
	z.Rows = map[string]RowSource{sheet: rows()}
	w, _ := z.Create(sheet)
	for _, piece := range []string{"<worksheet><sheetData><row r=\"1\"/></sheet", "Data><tableParts/></worksheet>"} {
		io.WriteString(w, piece)
	}
	if _, err := z.Create("xl/workbook.xml"); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	rc, _ := zr.Open(sheet)
	got, _ := io.ReadAll(rc)
	want := `<worksheet><sheetData><row r="1"/><row r="2"><c r="A2"><v>7</v></c></row><row r="3"><c r="A3"><v>8</v></c></row></sheetData><tableParts/></worksheet>`
	if string(got) != want {
		t.Errorf("sheet with its rows:\n got %s\nwant %s", got, want)
	}

	z = NewZip(io.Discard)
	z.Rows = map[string]RowSource{sheet: rows()}
	if err := z.Close(); err == nil {
		t.Error("rows for a part never written: no error")
	}
	z = NewZip(io.Discard)
	z.Rows = map[string]RowSource{sheet: rows()}
	w, _ = z.Create(sheet)
	io.WriteString(w, "<worksheet/>")
	if err := z.Close(); err == nil {
		t.Error("rows for a part without <sheetData>: no error")
	}
}

// TestDataSheetDeflatedBeside: a Data sheet of several chunks, deflated on
// goroutines of its own while the next part is written, holds its rows in
// order, and its deflated bytes are those of one deflater given the whole
// sheet at once (the workbook's bytes do not depend on the chunks).
func TestDataSheetDeflatedBeside(t *testing.T) {
	const n = 40000 // ~1.5 MB of XML: six chunks
	b := array.NewInt64Builder(memory.DefaultAllocator)
	defer b.Release()
	rows := make([]int, n)
	for i := range n {
		b.Append(int64(i) * 7919)
		rows[i] = i
	}
	col := b.NewArray()
	defer col.Release()
	rec := array.NewRecordBatch(arrow.NewSchema([]arrow.Field{{Name: "n", Type: arrow.PrimitiveTypes.Int64}}, nil), []arrow.Array{col}, n)
	defer rec.Release()
	src := &DataRows{Rec: rec, Rows: rows}

	head, tail := `<worksheet><sheetData><row r="1"/>`, `</sheetData></worksheet>`
	var whole bytes.Buffer
	whole.WriteString(head)
	if err := src.WriteRows(&whole); err != nil {
		t.Fatal(err)
	}
	whole.WriteString(tail)
	if whole.Len() < 4*rowsChunk {
		t.Fatalf("the sheet is %d bytes, fewer than four chunks", whole.Len())
	}
	var once bytes.Buffer
	fw, _ := flate.NewWriter(&once, flate.DefaultCompression)
	fw.Write(whole.Bytes())
	fw.Close()

	const sheet = "xl/worksheets/sheet5.xml"
	var buf bytes.Buffer
	z := NewZip(&buf)
	z.Rows = map[string]RowSource{sheet: src}
	w, _ := z.Create(sheet)
	io.WriteString(w, head+tail)
	w, _ = z.Create("xl/workbook.xml")
	io.WriteString(w, "<workbook/>")
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != sheet {
			continue
		}
		rc, _ := f.Open()
		got, err := io.ReadAll(rc) // checks the CRC too
		if err != nil || !bytes.Equal(got, whole.Bytes()) {
			t.Errorf("the sheet read back (%v): %d bytes, want %d", err, len(got), whole.Len())
		}
		raw, _ := f.OpenRaw()
		deflated, _ := io.ReadAll(raw)
		if !bytes.Equal(deflated, once.Bytes()) {
			t.Errorf("deflated in chunks: %d bytes, one deflater all at once: %d", len(deflated), once.Len())
		}
	}
}

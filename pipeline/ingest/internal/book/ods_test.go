package book

import (
	"archive/zip"
	"bytes"
	"errors"
	"slices"
	"testing"
)

// odsNS opens a content.xml: the document, its body, the spreadsheet.
const odsNS = `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>`

// odsOf is an .ods whose content.xml is content.
func odsOf(t testing.TB, content string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write(odsMime)
	w, _ = zw.Create("content.xml")
	w.Write([]byte(content))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// odsTable is the rows of the table name of an .ods whose content.xml is
// content.
func odsTable(t *testing.T, content, name string) RowReader {
	t.Helper()
	wb, err := openODS(odsOf(t, content), WorkbookLimits{}.WithDefaults())
	if err != nil {
		t.Fatal(err)
	}
	rr, err := wb.Rows(name)
	if err != nil {
		t.Fatal(err)
	}
	return rr
}

// FuzzODS reads any content.xml: no panic, no hang, no row past Excel's
// last, no row longer than its columns allow.
func FuzzODS(f *testing.F) {
	f.Add(odsNS + `<table:table table:name="A"><table:table-row><table:table-cell office:value-type="string"><text:p>Dato</text:p><text:p>x<text:s text:c="3"/>y</text:p></table:table-cell><table:table-cell table:number-columns-repeated="3" office:value-type="float" office:value="12.5"/></table:table-row><table:table-row table:number-rows-repeated="5"/><table:table-row><table:covered-table-cell/><table:table-cell office:value-type="date" office:date-value="2026-10-06"><office:annotation><text:p>note</text:p></office:annotation></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`)
	f.Add(odsNS + `<table:table table:name="B"><table:table-row table:number-rows-repeated="1048575"><table:table-cell/></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`)
	f.Add(odsNS + `<table:table table:name="C"><table:table-row table:number-rows-repeated="9223372036854775807"/><table:table-row table:number-rows-repeated="9223372036854775807"/><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`)
	f.Fuzz(func(t *testing.T, content string) {
		wb, err := openODS(odsOf(t, content), WorkbookLimits{}.WithDefaults())
		if err != nil {
			return
		}
		for _, sh := range wb.Sheets() {
			rr, err := wb.Rows(sh.Name)
			if err != nil {
				continue
			}
			last := 0
			for rr.Scan() {
				if rr.RowNum() != last+1 || rr.RowNum() > maxRows || len(rr.Row()) > maxCols {
					t.Fatalf("row %d after %d, %d cells", rr.RowNum(), last, len(rr.Row()))
				}
				last = rr.RowNum()
			}
			for _, m := range rr.(MergeReader).Merges() {
				if m.Row < 1 || m.Col < 1 || m.LastRow < m.Row || m.LastCol < m.Col || m.LastRow > maxRows || m.LastCol > maxCols {
					t.Fatalf("merged block %+v", m)
				}
			}
			rr.Close()
		}
	})
}

// TestODSRowCountsBounded: rows repeated past Excel's last row, however
// many times over (a count that would overflow), leave a row after them
// unread with the row number past the last, not a row read as row 1.
func TestODSRowCountsBounded(t *testing.T) {
	rr := odsTable(t, odsNS+`<table:table table:name="C"><table:table-row table:number-rows-repeated="9223372036854775807"/><table:table-row table:number-rows-repeated="9223372036854775807"/><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`, "C")
	defer rr.Close()
	for rr.Scan() {
		t.Fatalf("row %d read: %q", rr.RowNum(), rr.Row())
	}
	var se *SheetError
	if !errors.As(rr.Err(), &se) || se.Msg.Key != "file.rownum" {
		t.Errorf("err %v, want the row number past Excel's last", rr.Err())
	}
	// The same for columns.
	rr = odsTable(t, odsNS+`<table:table table:name="D"><table:table-row><table:table-cell table:number-columns-repeated="9223372036854775807"/><table:table-cell table:number-columns-repeated="9223372036854775807"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`, "D")
	defer rr.Close()
	for rr.Scan() {
		t.Fatalf("row %d read: %d cells", rr.RowNum(), len(rr.Row()))
	}
	if !errors.As(rr.Err(), &se) || se.Msg.Key != "file.cellref" {
		t.Errorf("err %v, want the column past Excel's last", rr.Err())
	}
}

// TestODSMerges: the cells that span others are the table's merged
// blocks, within Excel's grid however far they say they span.
func TestODSMerges(t *testing.T) {
	cell := func(attrs string) string {
		return `<table:table-cell ` + attrs + ` office:value-type="string"><text:p>x</text:p></table:table-cell>`
	}
	rr := odsTable(t, odsNS+`<table:table table:name="M"><table:table-row>`+cell(``)+cell(`table:number-rows-spanned="3"`)+`</table:table-row><table:table-row><table:table-cell/>`+
		cell(`table:number-columns-spanned="2" table:number-rows-spanned="9223372036854775807"`)+`<table:covered-table-cell/></table:table-row><table:table-row table:number-rows-repeated="2"><table:table-cell/>`+cell(`table:number-rows-spanned="2"`)+
		`</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`, "M")
	defer rr.Close()
	for rr.Scan() {
	}
	want := []Merge{{1, 2, 3, 2}, {2, 2, maxRows, 3}, {3, 2, 4, 2}}
	if got := rr.(MergeReader).Merges(); rr.Err() != nil || !slices.Equal(got, want) {
		t.Errorf("merges %v (%v), want %v", got, rr.Err(), want)
	}
}

package book

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestCSVRowsAreSpreadsheetRows: a CSV row's number is the row Excel or
// LibreOffice shows it in — a quoted cell's line breaks do not count, a
// blank line does — so that a problem's cell (H8) is found where it says.
func TestCSVRowsAreSpreadsheetRows(t *testing.T) {
	p := filepath.Join(t.TempDir(), "linjer.csv")
	data := "Tittel;Merknad\r\nA;\"to\r\nlinjer\"\r\n\r\nB;\"tre\nlinjer\nher\"\r\nC;x\r\n"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	wb, err := OpenWorkbook(p, WorkbookLimits{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rr, err := wb.Rows(wb.Sheets()[0].Name)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rr.Scan() {
		got = append(got, fmt.Sprintf("%d:%s", rr.RowNum(), rr.Row()[0]))
	}
	if err := rr.Err(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"1:Tittel", "2:A", "4:B", "5:C"}; !reflect.DeepEqual(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
}

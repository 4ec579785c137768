package book

import (
	"path/filepath"
	"strings"
	"testing"

	"kulturrapport/pipeline/hostile"
)

// TestCDATAKeepsText: a CDATA title is read as written, markup and
// ampersand included, by the fast reader as by excelize.
func TestCDATAKeepsText(t *testing.T) {
	dir := t.TempDir()
	var c hostile.Case
	for _, h := range hostile.Cases() {
		if strings.HasPrefix(h.Name, "cdata") {
			c = h
		}
	}
	path := filepath.Join(dir, c.Name)
	if err := c.Make(path); err != nil {
		t.Fatal(err)
	}
	for _, excelize := range []bool{false, true} {
		_, _, sheets := dump(t, path, excelize)
		rows := sheets[0].Rows
		if len(rows) != 42 {
			t.Fatalf("excelize %v: %d rows, want 42", excelize, len(rows))
		}
		if got, want := rows[30], "31:04.03.2026|BTV|3301|3.1|kommunebesøk|Konsert <i>ute</i> & inne 31|12"; got != want {
			t.Errorf("excelize %v: row 31 %q, want %q", excelize, got, want)
		}
	}
}

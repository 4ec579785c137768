package ingest

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"kulturrapport/pipeline"
)

// TestStruckRows: a row struck through in every cell — by the cells' font,
// or by the runs of its rich text — is the sender taking it out (a
// cancelled activity): left out with a warning, not read. A row with only
// its title struck is read. The same log by openpyxl, XlsxWriter and
// LibreOffice (.xlsx and .ods).
func TestStruckRows(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "ingest", "struck", "*-strek.*"))
	if err != nil || len(files) < 4 {
		t.Fatalf("%d files (%v); run testdata/ingest/make-written.sh struck strek", len(files), err)
	}
	want := []string{
		"2026-10-06|3301|Besøk i Drammen|12",
		"2026-10-08|3305|Kurs i Ringerike|20",
		"2026-10-12|3312|Kurs i Lier|9",
	}
	fields := []string{pipeline.FieldDate, pipeline.FieldKommunenr, pipeline.FieldTitle, pipeline.FieldParticipants}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			ds := ingestOpts(t, Options{}, path)
			f := ds.Files[0]
			if f.Status != pipeline.StatusOK || f.RowsRead != 3 || f.RowsAccepted != 3 || f.RowsStruck != 2 {
				t.Fatalf("%+v", f)
			}
			if got := said(f.Warnings, "row.struck", byKey); !slices.Equal(got, []string{"A3 row.struck", "A5 row.struck"}) {
				t.Errorf("struck rows said %v, want A3 and A5", got)
			}
			if got := tableRows(t, ds.Table("aktiviteter"), fields); !slices.Equal(got, want) {
				t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestStruckRow(t *testing.T) {
	for _, c := range []struct {
		cells  []string
		struck []int
		want   bool
	}{
		{[]string{"a", "b"}, nil, false},
		{[]string{"a", "b"}, []int{0, 1}, true},
		{[]string{"a", "", " ", "d"}, []int{0, 3}, true},
		{[]string{"a", "b", "c"}, []int{0, 2}, false},
	} {
		if got := struckRow(c.cells, c.struck); got != c.want {
			t.Errorf("struckRow(%q, %v) = %v, want %v", c.cells, c.struck, got, c.want)
		}
	}
}

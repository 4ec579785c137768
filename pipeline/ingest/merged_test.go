package ingest

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"kulturrapport/pipeline"
	"kulturrapport/pipeline/ingest/internal/book"
)

// TestMergedCells: an activity log with its date merged over one day's
// activities, its region over the whole log and a goal over two rows
// (testdata/ingest/merged, by openpyxl, XlsxWriter and LibreOffice as
// .xlsx and .ods) reads each block's value on every row it spans, says so
// once a column, and keeps what is not a block of rows: the title merged
// above the header, a title merged into the cell beside it (whose row has
// no participants), the totals row inside the region's block, and a date
// left empty without a merge (rejected).
func TestMergedCells(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "ingest", "merged", "*-flett.*"))
	if err != nil || len(files) < 4 {
		t.Fatalf("%d files (%v); run testdata/ingest/make-written.sh merged flett", len(files), err)
	}
	want := []string{
		`2026-10-06|3301|BTV|["3.1"]|Besøk i Drammen|12`,
		`2026-10-06|3303|BTV|["3.1"]|Besøk i Kongsberg|8`,
		`2026-10-06|3305|BTV|["1.1"]|Kurs i Ringerike|20`,
		`2026-10-07|3301|BTV|["2.1"]|Fagnettverk for dans, med en lang tittel|(null)`,
		`2026-10-08|(null)|BTV|["1.2"]|Regionkonferanse|140`,
	}
	wantMerged := []string{
		"A3 Dato: verdien i 1 sammenslått celle er lest på hver rad den dekker (A3:A5)",
		"B3 Region: verdien i 1 sammenslått celle er lest på hver rad den dekker (B3:B9)",
		"D7 Mål: verdien i 1 sammenslått celle er lest på hver rad den dekker (D7:D8)",
	}
	fields := []string{pipeline.FieldDate, pipeline.FieldKommunenr, pipeline.FieldRegion, pipeline.FieldGoals, pipeline.FieldTitle, pipeline.FieldParticipants}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			ds := ingestOpts(t, Options{}, path)
			f := ds.Files[0]
			if f.Status != pipeline.StatusOK || f.RowsRead != 6 || f.RowsAccepted != 5 || f.RowsRejected != 1 || f.RowsSkipped != 1 {
				t.Fatalf("%+v", f)
			}
			if got := said(f.Rejected, "", byKey); !slices.Equal(got, []string{"A8 date.above"}) {
				t.Errorf("rejected %v, want A8 date.above", got)
			}
			if got := said(f.Warnings, "cell.merged", byReason); !slices.Equal(got, wantMerged) {
				t.Errorf("merged cells said\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantMerged, "\n"))
			}
			if got := tableRows(t, ds.Table("aktiviteter"), fields); !slices.Equal(got, want) {
				t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestMergeFill: which blocks fill which rows, on rows given one by one
// as readRows gives them.
func TestMergeFill(t *testing.T) {
	blocks := []book.Merge{
		{Row: 3, Col: 1, LastRow: 6, LastCol: 1}, // a date over rows 3–6 (row 5 blank)
		{Row: 3, Col: 2, LastRow: 4, LastCol: 3}, // a region over two rows and two columns
		{Row: 6, Col: 1, LastRow: 8, LastCol: 1}, // overlaps the first: left out
		{Row: 7, Col: 1, LastRow: 8, LastCol: 1}, // a block whose first cell is empty
	}
	fill := newMergeFill(blocks)
	rows := []struct {
		num   int
		cells []string
		want  string
	}{
		{3, []string{"06.10.2026", "BTV", "", "kurs"}, "06.10.2026|BTV||kurs"},
		{4, []string{"", "", "", "kurs"}, "06.10.2026|BTV||kurs"},
		{5, nil, ""}, // blank: stays blank (readRows skips it before filling)
		{6, []string{"07.10.2026", "", "", "kurs"}, "07.10.2026|||kurs"}, // its own value stands; the region's block has ended
		{7, []string{"", "", "", "kurs"}, "|||kurs"},                     // not 07.10.2026: that block overlapped
		{8, []string{"", "", "", "kurs", "x"}, "|||kurs|x"},
	}
	for _, r := range rows {
		fill.begin(r.num, r.cells)
		if book.IsBlank(r.cells) {
			continue
		}
		if got := strings.Join(fill.fill(r.num, r.cells), "|"); got != r.want {
			t.Errorf("row %d: %s, want %s", r.num, got, r.want)
		}
	}
	var said []string
	for c, l := range fill.said {
		said = append(said, fmt.Sprintf("%d:%d %s", c, l.n, l.String()))
	}
	slices.Sort(said)
	if want := []string{"1:1 A3:A6", "2:1 B3:C4"}; !slices.Equal(said, want) {
		t.Errorf("said %v, want %v", said, want)
	}
	// Rows handed over are not changed: a filled row is a copy.
	in := []string{"", "", "", "kurs"}
	fill = newMergeFill(blocks[:1])
	fill.begin(3, []string{"06.10.2026"})
	fill.begin(4, in)
	fill.fill(4, in)
	if in[0] != "" {
		t.Errorf("the reader's row was changed: %q", in)
	}
}

// TestMergedBlocks: the blocks that matter are those below the header
// row, more than a row high, whose first column is read.
func TestMergedBlocks(t *testing.T) {
	m := headerMatch{cols: map[string]int{pipeline.FieldDate: 0, pipeline.FieldRegion: 1}, more: map[string][]int{pipeline.FieldGoals: {4}}}
	rr := mergeRows{
		{Row: 1, Col: 1, LastRow: 1, LastCol: 6}, // the title above the header
		{Row: 2, Col: 1, LastRow: 3, LastCol: 1}, // from the header row down
		{Row: 5, Col: 2, LastRow: 9, LastCol: 2}, // region: kept
		{Row: 4, Col: 1, LastRow: 6, LastCol: 1}, // date: kept, first
		{Row: 4, Col: 3, LastRow: 6, LastCol: 3}, // a column not read
		{Row: 4, Col: 5, LastRow: 5, LastCol: 5}, // «Mål 2»: kept
		{Row: 8, Col: 1, LastRow: 8, LastCol: 2}, // one row high
	}
	got := mergedBlocks(rr, 2, m)
	want := []book.Merge{rr[3], rr[5], rr[2]}
	if !slices.Equal(got, want) {
		t.Errorf("%v, want %v", got, want)
	}
}

// mergeRows is a sheet read to its end with these merged cells.
type mergeRows []book.Merge

func (m mergeRows) Scan() bool           { return false }
func (m mergeRows) Row() []string        { return nil }
func (m mergeRows) RowNum() int          { return 0 }
func (m mergeRows) Err() error           { return nil }
func (m mergeRows) Close() error         { return nil }
func (m mergeRows) Merges() []book.Merge { return m }

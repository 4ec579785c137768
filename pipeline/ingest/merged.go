package ingest

import (
	"cmp"
	"slices"
	"strings"

	"kulturrapport/pipeline"
	"kulturrapport/pipeline/ingest/internal/book"
)

// Merged cells in a sheet's data. A person who merges a date over the
// three activities of that day, or a region over the whole log, means
// the value for each row the block spans, and a spreadsheet shows it so;
// but the file holds it in the block's first cell only, and the other
// rows would read as missing it. An .xlsx lists its merged cells after its
// rows, so a file found to have such blocks is read again with them known
// (see Ingest): each row of a block reads the value of its first cell in
// the block's first column. Blocks one row high (a title spread over the
// columns beside it) are layout: the cells beside stay empty.

// errMerged is what readFile returns when the sheets it read have merged
// blocks of cells in their data: the file is read again with them.
type errMerged struct {
	sheets map[string][]book.Merge
}

func (e *errMerged) Error() string { return "merged cells in the data" }

// mergedBlocks are the blocks of merged cells of the sheet rr has read
// to its end that span rows below the header row, in a column read,
// in the order of their first rows.
func mergedBlocks(rr book.RowReader, headerRow int, m headerMatch) []book.Merge {
	mr, ok := rr.(book.MergeReader)
	if !ok {
		return nil
	}
	used := map[int]bool{}
	for _, i := range m.cols {
		used[i+1] = true
	}
	for _, more := range m.more {
		for _, i := range more {
			used[i+1] = true
		}
	}
	var blocks []book.Merge
	for _, b := range mr.Merges() {
		if b.Row > headerRow && b.LastRow > b.Row && used[b.Col] {
			blocks = append(blocks, b)
		}
	}
	slices.SortFunc(blocks, func(a, b book.Merge) int {
		return cmp.Or(cmp.Compare(a.Row, b.Row), cmp.Compare(a.Col, b.Col))
	})
	return blocks
}

// mergeFill gives the rows of a sheet, in order, the values of the merged
// blocks they are in.
type mergeFill struct {
	blocks []book.Merge // not yet begun, by first row
	open   []openBlock  // begun and not yet ended
	buf    []string
	// said are the blocks whose value a row took, by column, for one
	// warning a column.
	said map[int]*cellList
}

type openBlock struct {
	book.Merge
	value string
	said  bool // a row has taken its value
}

func newMergeFill(blocks []book.Merge) *mergeFill {
	if len(blocks) == 0 {
		return nil
	}
	return &mergeFill{blocks: blocks, said: map[int]*cellList{}}
}

// begin moves on to row num: the blocks that begin there take their value
// from cells, and those that ended before it are let go. Every row of the
// sheet passes here, blank or not, in order.
func (f *mergeFill) begin(num int, cells []string) {
	f.open = slices.DeleteFunc(f.open, func(b openBlock) bool { return b.LastRow < num })
	for len(f.blocks) > 0 && f.blocks[0].Row <= num {
		b := f.blocks[0]
		f.blocks = f.blocks[1:]
		// Blocks do not overlap in a spreadsheet: one in a column whose
		// block is still open is left out (so that a row costs at most
		// a block a column, whatever a file lists).
		overlaps := slices.ContainsFunc(f.open, func(o openBlock) bool { return o.Col == b.Col })
		if b.Row == num && b.Col-1 < len(cells) && !overlaps {
			if v := strings.TrimSpace(cells[b.Col-1]); v != "" {
				f.open = append(f.open, openBlock{Merge: b, value: cells[b.Col-1]})
			}
		}
	}
}

// fill is row num's cells with the value of each open block that spans
// it in place of an empty cell: a copy, valid until the next call, or
// cells itself when no block fills one.
func (f *mergeFill) fill(num int, cells []string) []string {
	copied := false
	for k := range f.open {
		b := &f.open[k]
		i := b.Col - 1
		if num == b.Row || (i < len(cells) && strings.TrimSpace(cells[i]) != "") {
			continue
		}
		if !copied {
			cells, copied = append(f.buf[:0], cells...), true
		}
		for len(cells) <= i {
			cells = append(cells, "")
		}
		cells[i] = b.value
		f.buf = cells
		if !b.said {
			b.said = true
			l := f.said[b.Col]
			if l == nil {
				l = &cellList{}
				f.said[b.Col] = l
			}
			l.add(blockRef(b.Merge))
		}
	}
	return cells
}

// warn says, a warning a column, which blocks' values were read on every
// row they span.
func (f *mergeFill) warn(rep *pipeline.FileReport, sheet string, m headerMatch) {
	if f == nil {
		return
	}
	cols := make([]int, 0, len(f.said))
	for c := range f.said {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	for _, c := range cols {
		l := f.said[c]
		first, _, _ := strings.Cut(l.cells[0], ":")
		rep.Warn(pipeline.Problem{File: rep.Path, Sheet: sheet, Cell: first, Msg: msg("cell.merged", headerOf(m, c-1), l.n, l.String())})
	}
}

// blockRef names a block as a spreadsheet does: "A2:A4".
func blockRef(b book.Merge) string {
	return pipeline.CellRef(b.Col, b.Row) + ":" + pipeline.CellRef(b.LastCol, b.LastRow)
}

// headerOf is the Norwegian header of the column read from index i.
func headerOf(m headerMatch, i int) string {
	for key, c := range m.cols {
		if c == i {
			return m.kind.Header(key)
		}
	}
	for key, more := range m.more {
		if slices.Contains(more, i) {
			return m.kind.Header(key)
		}
	}
	return pipeline.ColumnName(i + 1)
}

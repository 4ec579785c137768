package book

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"kulturrapport/pipeline"
)

// odsWorkbook reads an OpenDocument spreadsheet (.ods), LibreOffice's own
// format: content.xml, streamed with encoding/xml a sheet at a time. Cells
// are read as the fast .xlsx reader gives them: a number as its value
// («1234.5»), a date as its ISO day («2026-10-06»), text as written.
type odsWorkbook struct {
	content *zip.File
	sheets  []SheetInfo
	props   DocProps
}

// maxODSContent is the most of content.xml the reader unpacks. It is
// read twice (for the sheets' names, then a sheet's rows) by encoding/xml
// at 20 MB/s or so here, so a file at the limit takes about 6 s: 130 000
// rows of an activity log, far more than a region's month.
const maxODSContent = 64 << 20

// openODS opens the .ods in data.
func openODS(data []byte, limits WorkbookLimits) (Workbook, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, &FileError{Msg: msg("file.odscorrupt"), Err: err}
	}
	var total uint64
	w := &odsWorkbook{}
	var meta, manifest *zip.File
	for _, f := range zr.File {
		total += f.UncompressedSize64
		switch f.Name {
		case "content.xml":
			w.content = f
		case "meta.xml":
			meta = f
		case "META-INF/manifest.xml":
			manifest = f
		}
	}
	if total > uint64(limits.MaxUnzippedMB)<<20 {
		return nil, &FileError{Msg: msg("file.bomb", limits.MaxUnzippedMB)}
	}
	if manifest != nil {
		if b, err := readZipPart(manifest, 1<<20); err == nil && bytes.Contains(b, []byte("encryption-data")) {
			return nil, &FileError{Msg: msg("file.encrypted")}
		}
	}
	if w.content == nil {
		return nil, &FileError{Msg: msg("file.odscorrupt")}
	}
	if w.content.UncompressedSize64 > maxODSContent {
		return nil, &FileError{Msg: msg("file.sheetlimit", maxODSContent>>20)}
	}
	if err := w.readSheets(); err != nil {
		if se := (*SheetError)(nil); errors.As(err, &se) {
			return nil, &FileError{Msg: se.Msg}
		}
		return nil, &FileError{Msg: msg("file.odscorrupt"), Err: err}
	}
	if meta != nil {
		if b, err := readZipPart(meta, 1<<20); err == nil {
			w.props = odsProps(b)
		}
	}
	return w, nil
}

// readZipPart reads a part of at most max bytes.
func readZipPart(f *zip.File, max int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, max))
}

// odsProps are the document properties of meta.xml.
func odsProps(b []byte) DocProps {
	var p DocProps
	p.Creator = strings.TrimSpace(elementText(b, "initial-creator"))
	if p.Creator == "" {
		p.Creator = strings.TrimSpace(elementText(b, "creator"))
	}
	p.Title = strings.TrimSpace(elementText(b, "title"))
	if d := strings.TrimSpace(elementText(b, "date")); len(d) >= 19 {
		if t, err := time.Parse("2006-01-02T15:04:05", d[:19]); err == nil {
			p.Modified = t.UTC()
		}
	}
	return p
}

// decoder streams content.xml.
func (w *odsWorkbook) decoder() (*xml.Decoder, io.Closer, error) {
	rc, err := w.content.Open()
	if err != nil {
		return nil, nil, err
	}
	return xml.NewDecoder(&runGuard{r: io.LimitReader(rc, maxODSContent)}), rc, nil
}

// runGuard fails a read that meets more than maxToken bytes without a «<»:
// one text or tag that long is no spreadsheet's, and encoding/xml would
// hold all of it.
type runGuard struct {
	r   io.Reader
	run int // bytes since the last «<»
}

func (g *runGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	b := p[:n]
	if first := bytes.IndexByte(b, '<'); first < 0 {
		g.run += n
	} else {
		if g.run+first > maxToken {
			return 0, &SheetError{msg("file.token", maxToken>>20)}
		}
		g.run = n - 1 - bytes.LastIndexByte(b, '<')
	}
	if g.run > maxToken {
		return 0, &SheetError{msg("file.token", maxToken>>20)}
	}
	return n, err
}

// readSheets lists the sheets, hidden ones (whose table style has
// table:display="false") marked.
func (w *odsWorkbook) readSheets() error {
	d, c, err := w.decoder()
	if err != nil {
		return err
	}
	defer c.Close()
	hidden := map[string]bool{}
	style := ""
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "style":
			style = odsAttr(se, "name")
		case "table-properties":
			if odsAttr(se, "display") == "false" {
				hidden[style] = true
			}
		case "table":
			w.sheets = append(w.sheets, SheetInfo{Name: odsAttr(se, "name"), Hidden: hidden[odsAttr(se, "style-name")]})
			if err := skip(d); err != nil {
				return err
			}
		}
	}
	if len(w.sheets) == 0 {
		return errors.New("no table in content.xml")
	}
	return nil
}

// skip reads to the end of the element whose start tag was read last.
// RawToken, not Token: the reader goes by local names, and spares the
// namespace work, which is most of encoding/xml's time here.
func skip(d *xml.Decoder) error {
	for depth := 1; depth > 0; {
		tok, err := d.RawToken()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

func odsAttr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func (w *odsWorkbook) Sheets() []SheetInfo   { return w.sheets }
func (w *odsWorkbook) Date1904() bool        { return false }
func (w *odsWorkbook) Notes() []pipeline.Msg { return nil }
func (w *odsWorkbook) Props() DocProps       { return w.props }
func (w *odsWorkbook) Close() error          { return nil }

// Rows streams the rows of sheet.
func (w *odsWorkbook) Rows(sheet string) (RowReader, error) {
	d, c, err := w.decoder()
	if err != nil {
		return nil, err
	}
	// The cell styles that strike text through, from the automatic
	// styles before the tables.
	var struck map[string]bool
	style := ""
	for {
		tok, err := d.RawToken()
		if err != nil {
			c.Close()
			if err == io.EOF {
				return nil, errors.New("no sheet " + strconv.Quote(sheet))
			}
			return nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "style":
			style = ""
			if odsAttr(se, "family") == "table-cell" {
				style = odsAttr(se, "name")
			}
		case "text-properties":
			if lt := odsAttr(se, "text-line-through-style"); style != "" && lt != "" && lt != "none" && len(struck) < maxStyles {
				if struck == nil {
					struck = map[string]bool{}
				}
				struck[style] = true
			}
		case "table":
			if odsAttr(se, "name") == sheet {
				return &odsRows{d: d, c: c, struckStyles: struck}, nil
			}
			if err := skip(d); err != nil {
				c.Close()
				return nil, err
			}
		}
	}
}

// odsRows reads the rows of one table, returning blank rows for the row
// numbers before a row with a value (as the .xlsx readers do), and none
// for the blank rows at the end that a sheet repeats out to its last row.
type odsRows struct {
	d    *xml.Decoder
	c    io.Closer
	row  []string
	num  int // the row returned last
	next int // the number of the next row element
	// cells and repeat are the row read ahead: its cells, and how many
	// times it stands (table:number-rows-repeated) from row at.
	cells  []string
	at     int
	repeat int
	done   bool
	err    error
	merges []Merge // the cells that span others, as read so far
	// struckStyles are the cell styles that strike text through;
	// struck the columns of the row read ahead so, and marks the
	// current row's (see MarkReader).
	struckStyles map[string]bool
	struck       []int
	marks        CellMarks
}

// Marks tells the current row's struck-through cells (see MarkReader).
func (r *odsRows) Marks() CellMarks { return r.marks }

// Merges are the table's merged cells (see MergeReader): the cells that
// span rows or columns (table:number-rows-spanned, …-columns-spanned).
func (r *odsRows) Merges() []Merge { return r.merges }

func (r *odsRows) Row() []string { return r.row }
func (r *odsRows) RowNum() int   { return r.num }
func (r *odsRows) Err() error    { return r.err }
func (r *odsRows) Close() error  { return r.c.Close() }

func (r *odsRows) Scan() bool {
	for r.repeat == 0 {
		if r.done || r.err != nil {
			return false
		}
		r.readRow()
	}
	r.num++
	if r.num < r.at {
		r.row, r.marks = r.row[:0], CellMarks{}
		return true
	}
	r.row, r.marks = r.cells, CellMarks{Struck: r.struck}
	r.repeat--
	r.at++
	return true
}

// readRow reads the next row element with a value: its cells, where it
// starts and how many times it stands. Rows without a value only move
// the row number on.
func (r *odsRows) readRow() {
	for {
		tok, err := r.d.RawToken()
		if err != nil {
			r.fail(err)
			return
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Local == "table" {
				r.done = true
				return
			}
		case xml.StartElement:
			if t.Name.Local != "table-row" {
				continue
			}
			repeat := odsCount(t, "number-rows-repeated")
			cells, err := r.readCells()
			if err != nil {
				r.fail(err)
				return
			}
			at := r.next + 1
			// Counts past Excel's last row stop there (and cannot overflow).
			r.next = min(r.next+min(repeat, maxRows+1), maxRows+1)
			if r.next > maxRows && len(cells) > 0 {
				r.fail(&SheetError{msg("file.rownum", strconv.Itoa(r.next))})
				return
			}
			if len(cells) > 0 {
				r.cells, r.at, r.repeat = cells, at, repeat
				return
			}
		}
	}
}

// fail ends the sheet: a SheetError as it is, anything else (content.xml
// ending inside the table, too) as a damaged file.
func (r *odsRows) fail(err error) {
	if se := (*SheetError)(nil); !errors.As(err, &se) {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		err = &FileError{Msg: msg("file.odscorrupt"), Err: err}
	}
	r.err = err
}

// odsCount is a repeat count attribute: 1 when missing or not a count.
func odsCount(se xml.StartElement, local string) int {
	n, err := strconv.Atoi(odsAttr(se, local))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// readCells reads a row's cells up to its end tag: the cells to its last
// with a value.
func (r *odsRows) readCells() ([]string, error) {
	var cells []string
	col, size := 0, 0
	r.struck = nil
	for {
		tok, err := r.d.RawToken()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Local == "table-row" {
				return cells, nil
			}
		case xml.StartElement:
			if t.Name.Local != "table-cell" && t.Name.Local != "covered-table-cell" {
				if err := skip(r.d); err != nil {
					return nil, err
				}
				continue
			}
			repeat := odsCount(t, "number-columns-repeated")
			v, err := r.cellValue(t)
			if err != nil {
				return nil, err
			}
			if v == "" {
				// A row's empty cells repeated out to its end: counts stop
				// past the last column (and cannot overflow).
				col = min(col+min(repeat, maxCols+1), maxCols+1)
				continue
			}
			if rows, cols := odsCount(t, "number-rows-spanned"), odsCount(t, "number-columns-spanned"); (rows > 1 || cols > 1) && len(r.merges) < maxMerges && col < maxCols {
				row := max(r.next+1, 1)
				r.merges = append(r.merges, Merge{row, col + 1, min(row+min(rows, maxRows)-1, maxRows), min(col+min(cols, maxCols), maxCols)})
			}
			struck := r.struckStyles[odsAttr(t, "style-name")]
			for range repeat {
				if struck && col < maxCols {
					r.struck = append(r.struck, col)
				}
				if col >= maxCols {
					return nil, &SheetError{msg("file.cellref", pipeline.ColumnName(col+1)+strconv.Itoa(max(r.next+1, 1)))}
				}
				if size += len(v); size > maxRowText {
					return nil, &SheetError{msg("file.rowlong", maxRowText>>20)}
				}
				for len(cells) < col {
					cells = append(cells, "")
				}
				cells = append(cells, v)
				col++
			}
		}
	}
}

// cellValue reads a cell to its end tag: its value as the .xlsx readers
// give one.
func (r *odsRows) cellValue(se xml.StartElement) (string, error) {
	var v string
	switch odsAttr(se, "value-type") {
	case "float", "percentage", "currency":
		v = odsAttr(se, "value")
	case "date":
		v = odsAttr(se, "date-value")
	case "time":
		v = odsAttr(se, "time-value")
	case "boolean":
		if odsAttr(se, "boolean-value") == "true" {
			v = "TRUE"
		} else {
			v = "FALSE"
		}
	case "string":
		v = odsAttr(se, "string-value")
	}
	text, err := r.cellText()
	if err != nil {
		return "", err
	}
	if v == "" {
		v = text
	}
	return v, nil
}

// cellText reads a cell's paragraphs to its end tag, a line each, with
// their spaces (text:s), tabs and line breaks; comments left out.
func (r *odsRows) cellText() (string, error) {
	var b strings.Builder
	paras, depth := 0, 0
	for {
		tok, err := r.d.RawToken()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch t.Name.Local {
			case "annotation":
				if err := skip(r.d); err != nil {
					return "", err
				}
				depth--
			case "p":
				if paras > 0 {
					b.WriteByte('\n')
				}
				paras++
			case "s":
				b.WriteString(strings.Repeat(" ", min(odsCount(t, "c"), 1024)))
			case "tab":
				b.WriteByte('\t')
			case "line-break":
				b.WriteByte('\n')
			}
		case xml.EndElement:
			if depth == 0 {
				return b.String(), nil
			}
			depth--
		case xml.CharData:
			if depth > 0 {
				if b.Len()+len(t) > maxRowText {
					return "", &SheetError{msg("file.rowlong", maxRowText>>20)}
				}
				b.Write(t)
			}
		}
	}
}

package book

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"kulturrapport/pipeline"
)

// RowReader streams the rows of one sheet in the bufio.Scanner style:
//
//	for r.Scan() { use(r.Row(), r.RowNum()) }
//	if err := r.Err(); err != nil { … }
//
// Row is valid until the next call of Scan. Blank rows are returned as empty
// rows, so that RowNum always matches the row number a spreadsheet shows.
type RowReader interface {
	Scan() bool
	Row() []string
	RowNum() int
	Err() error
	Close() error
}

// MarkReader is a RowReader that tells more of the current row's cells
// than their values: the fast .xlsx reader tells all of CellMarks, the
// .ods reader the struck cells (by the cell's style, not by a span of its
// text), excelize's reader nothing. Valid until the next Scan.
type MarkReader interface {
	Marks() CellMarks
}

// CellMarks are what a reader tells of a row's cells besides their
// values, as columns from 0.
type CellMarks struct {
	// Uncached are the formula cells saved with no result, which read as
	// empty: a workbook written by a program that does not calculate
	// (openpyxl), never opened and saved in Excel or LibreOffice.
	Uncached []int
	// Uncalculated are the formula cells whose result the program that
	// wrote the workbook put there itself, and which read as it wrote
	// them: the workbook asks to be calculated when opened
	// (fullCalcOnLoad), as XlsxWriter's do; its results are 0 unless the
	// script gave them.
	Uncalculated []int
	// Struck are the cells with a value whose text is struck through
	// (the cell's font, or every run of its rich text).
	Struck []int
}

// Clone is m with slices of its own, to keep past the next Scan.
func (m CellMarks) Clone() CellMarks {
	return CellMarks{slices.Clone(m.Uncached), slices.Clone(m.Uncalculated), slices.Clone(m.Struck)}
}

// Merge is a block of merged cells: its first and last row and column,
// counted from 1. A spreadsheet keeps the block's value in its first cell
// and shows it across the block; the other cells are empty.
type Merge struct{ Row, Col, LastRow, LastCol int }

// MergeReader is a RowReader that tells its sheet's merged cells once Scan
// has returned false: an .xlsx lists them after its rows. At most
// maxMerges are kept. The fast .xlsx reader and the .ods reader tell them;
// excelize's would read the whole sheet into memory to, so a workbook it
// reads has none.
type MergeReader interface {
	Merges() []Merge
}

// maxMerges is the most merged blocks a sheet's reader keeps.
const maxMerges = 1 << 16

// mergeOf reads a merged block's reference ("A2:A4"; "B3" alone is one
// cell), or reports false.
func mergeOf(ref string) (Merge, bool) {
	from, to, ok := strings.Cut(ref, ":")
	if !ok {
		to = from
	}
	c0, r0, ok0 := cellOf([]byte(from))
	c1, r1, ok1 := cellOf([]byte(to))
	if !ok0 || !ok1 {
		return Merge{}, false
	}
	return Merge{min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1)}, true
}

// SheetInfo names a sheet of a workbook.
type SheetInfo struct {
	Name   string
	Hidden bool
}

// Workbook is an opened input file: an .xlsx workbook or a CSV file (which
// has one sheet, named after the file).
type Workbook interface {
	Sheets() []SheetInfo
	// Date1904 reports whether date serials count from 1904.
	Date1904() bool
	Rows(sheet string) (RowReader, error)
	// Notes are warnings about the file as a whole (e.g. its encoding).
	Notes() []pipeline.Msg
	// Props are the document properties the file says it has (none for
	// CSV).
	Props() DocProps
	Close() error
}

// DocProps are the document properties of a workbook that ingestion uses.
type DocProps struct {
	Creator, Title string
	// Modified is when the file says it was last saved (zero if unknown):
	// the document properties that Excel and LibreOffice write.
	Modified time.Time
}

// WrittenHere reports whether the workbook is one of this tool's reports
// (the summary: its creator, and a title that is not a template's). A
// filled-in template is input, and is read.
func (p DocProps) WrittenHere() bool {
	return p.Creator == "kulturrapport" && !strings.HasPrefix(p.Title, "Mal: ")
}

// FileError is a whole-file failure with a message for the user.
type FileError struct {
	Msg pipeline.Msg
	Err error
}

func (e *FileError) Error() string {
	if e.Err != nil {
		return e.Msg.Text("en") + ": " + e.Err.Error()
	}
	return e.Msg.Text("en")
}

func (e *FileError) Unwrap() error { return e.Err }

// SheetError is a sheet the readers refuse to go on with: a part that is
// hostile, or broken in a way that reading on would not mend (a row number
// past Excel's last row, a tag longer than any spreadsheet writes). The
// file is unreadable, with msg as its reason; no other reader is tried.
type SheetError struct{ Msg pipeline.Msg }

func (e *SheetError) Error() string { return e.Msg.Text("en") }

var (
	// odsMime is the start of an OpenDocument file's first part, stored
	// uncompressed right after its zip header.
	odsMime  = []byte("application/vnd.oasis.opendocument.spreadsheet")
	zipMagic = []byte("PK\x03\x04")
	cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	// encryptionInfo is the name of the stream that an encrypted OOXML file
	// keeps in its compound-file container, in UTF-16LE.
	encryptionInfo = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")
)

// OpenWorkbook opens the file at path by its content, not its name: a zip is
// read as .xlsx, a compound file is reported as encrypted or as old .xls, and
// a .csv/.txt file as CSV.
func OpenWorkbook(path string, limits WorkbookLimits) (Workbook, error) {
	limits = limits.WithDefaults()
	in, err := ReadInput(path, limits, nil, false)
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			return nil, err
		}
		return nil, &FileError{Msg: msg("file.read", err.Error()), Err: err}
	}
	return Open(in, limits)
}

// Input is the content of an Input file, read once: hashed, then opened
// from memory. data is nil when the file is larger than the limit.
type Input struct {
	Path     string
	Data     []byte
	Size     int64
	Sum      string // SHA-256, hex, when asked for
	Modified time.Time
}

// ReadInput reads the file at path and, when hashed, hashes it. A file over
// the size limit is neither read nor hashed: in.data is nil and in.size
// says how large it is. Anything but a regular file is refused before it is
// opened. buf, if not nil, is the buffer to read into (it is grown as
// needed).
func ReadInput(path string, limits WorkbookLimits, buf *[]byte, hashed bool) (*Input, error) {
	// Only a regular file is opened: a FIFO would block the open, a device
	// (a link to /dev/zero) never end.
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &FileError{Msg: msg("file.notregular")}
	}
	in := &Input{Path: path, Size: fi.Size(), Modified: fi.ModTime()}
	max := int64(limits.MaxFileMB) << 20
	if in.Size > max {
		return in, nil // refused by its size, unread
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &FileError{Msg: msg("file.notregular")}
	}
	var b []byte
	if buf != nil {
		b = (*buf)[:0]
	}
	if need := int(in.Size) + 512; cap(b) < need {
		b = make([]byte, 0, need)
	}
	for int64(len(b)) <= max {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if buf != nil {
		*buf = b
	}
	in.Size = int64(len(b))
	if in.Size > max {
		return in, nil // it grew past the limit while read: refused, unhashed
	}
	in.Data = b
	if hashed {
		sum := sha256.Sum256(b)
		in.Sum = hex.EncodeToString(sum[:])
	}
	return in, nil
}

// TooLarge is the reason a file over the size limit is not read.
func (in *Input) TooLarge(limits WorkbookLimits) pipeline.Msg {
	return msg("file.toolarge", fmt.Sprintf("%.1f", float64(in.Size)/(1<<20)), limits.MaxFileMB)
}

// Open opens a file read by ReadInput, as OpenWorkbook says. The
// workbook reads in.data until it is closed.
func Open(in *Input, limits WorkbookLimits) (Workbook, error) {
	if in.Data == nil {
		return nil, &FileError{Msg: in.TooLarge(limits)}
	}
	if in.Size == 0 {
		return nil, &FileError{Msg: msg("file.empty")}
	}
	head := in.Data[:min(len(in.Data), 8)]
	lower := strings.ToLower(in.Path)
	switch {
	case bytes.HasPrefix(head, zipMagic) && bytes.Contains(in.Data[:min(len(in.Data), 128)], odsMime):
		return openODS(in.Data, limits)
	case bytes.HasPrefix(head, zipMagic):
		if !limits.Excelize {
			wb, err := openFastXLSX(in.Data, limits)
			if err == nil {
				return wb, nil
			}
		}
		wb, err := openXLSX(in.Data, limits)
		if err != nil {
			if m, ok := zipKind(in.Data); ok {
				return nil, &FileError{Msg: m, Err: err}
			}
		}
		return wb, err
	case bytes.HasPrefix(head, cfbMagic):
		if bytes.Contains(in.Data, encryptionInfo) {
			return nil, &FileError{Msg: msg("file.encrypted")}
		}
		return nil, &FileError{Msg: msg("file.xls")}
	case strings.HasSuffix(lower, ".csv") || strings.HasSuffix(lower, ".tsv") || strings.HasSuffix(lower, ".txt"):
		return openCSV(in.Path, in.Data)
	case strings.HasSuffix(lower, ".xlsx") || strings.HasSuffix(lower, ".xlsm"):
		return nil, &FileError{Msg: msg("file.corrupt")}
	case strings.HasSuffix(lower, ".gsheet"):
		return nil, &FileError{Msg: msg("file.gsheet")}
	case bytes.HasPrefix(head, []byte("%PDF")):
		return nil, &FileError{Msg: msg("file.document", ".pdf")}
	case DocumentKind(lower) != "":
		return nil, &FileError{Msg: msg("file.document", DocumentKind(lower))}
	default:
		return nil, &FileError{Msg: msg("file.type")}
	}
}

// DocumentKind is the ending of a file name that says the file is a
// document — one people send instead of a spreadsheet: a PDF, a text or
// a presentation — or "" for any other name.
func DocumentKind(name string) string {
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".pdf", ".doc", ".docx", ".odt", ".rtf", ".pages", ".ppt", ".pptx", ".odp", ".key":
		return ext
	}
	return ""
}

// zipKind tells, for a zip that is no workbook read here, what it is when
// that has a clear message: an Apple Numbers file, a binary Excel
// workbook, a Word or PowerPoint document.
func zipKind(data []byte) (pipeline.Msg, bool) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return pipeline.Msg{}, false
	}
	for _, f := range zr.File {
		switch name := strings.ToLower(f.Name); {
		case name == "index/document.iwa" || name == "index.zip":
			return msg("file.numbers"), true
		case name == "xl/workbook.bin":
			return msg("file.xlsb"), true
		case name == "word/document.xml":
			return msg("file.document", ".docx"), true
		case name == "ppt/presentation.xml":
			return msg("file.document", ".pptx"), true
		}
	}
	return pipeline.Msg{}, false
}

// WorkbookLimits bound what opening a file may cost.
// A zero field means its default: 50 MB per file, 1024 MB unzipped.
type WorkbookLimits struct {
	MaxFileMB     int
	MaxUnzippedMB int
	// Excelize reads .xlsx with excelize's Rows iterator instead of the
	// fast reader (for comparing the two).
	Excelize bool
}

func (l WorkbookLimits) WithDefaults() WorkbookLimits {
	if l.MaxFileMB <= 0 {
		l.MaxFileMB = 50
	}
	if l.MaxUnzippedMB <= 0 {
		l.MaxUnzippedMB = 1024
	}
	return l
}

type xlsxWorkbook struct {
	f        *excelize.File
	sheets   []SheetInfo
	date1904 bool
}

func openXLSX(data []byte, limits WorkbookLimits) (Workbook, error) {
	unzipLimit := int64(limits.MaxUnzippedMB) << 20
	opts := excelize.Options{
		RawCellValue:   true,
		UnzipSizeLimit: unzipLimit,
		// Sheets larger than this are spilled to a temporary file instead
		// of being held in memory.
		UnzipXMLSizeLimit: min(unzipLimit, 16<<20),
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), opts)
	if err != nil {
		// excelize has no sentinel for this one; its message is stable.
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return nil, &FileError{Msg: msg("file.bomb", limits.MaxUnzippedMB), Err: err}
		}
		return nil, &FileError{Msg: msg("file.corrupt"), Err: err}
	}
	wb := &xlsxWorkbook{f: f}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		wb.date1904 = *props.Date1904
	}
	for _, name := range f.GetSheetList() {
		visible, err := f.GetSheetVisible(name)
		if err != nil {
			visible = true
		}
		wb.sheets = append(wb.sheets, SheetInfo{Name: name, Hidden: !visible})
	}
	return wb, nil
}

func (w *xlsxWorkbook) Sheets() []SheetInfo   { return w.sheets }
func (w *xlsxWorkbook) Date1904() bool        { return w.date1904 }
func (w *xlsxWorkbook) Notes() []pipeline.Msg { return nil }

func (w *xlsxWorkbook) Props() DocProps {
	props, err := w.f.GetDocProps()
	if err != nil {
		return DocProps{}
	}
	p := DocProps{Creator: props.Creator, Title: props.Title}
	if t, err := time.Parse(time.RFC3339, props.Modified); err == nil {
		p.Modified = t.UTC()
	}
	return p
}
func (w *xlsxWorkbook) Close() error { return w.f.Close() }

func (w *xlsxWorkbook) Rows(sheet string) (RowReader, error) {
	rows, err := w.f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	return &xlsxRows{rows: rows}, nil
}

// xlsxRows adapts excelize's streaming Rows iterator to RowReader.
type xlsxRows struct {
	rows *excelize.Rows
	row  []string
	n    int
	err  error
}

func (r *xlsxRows) Scan() bool {
	if r.err != nil || !r.rows.Next() {
		if r.err == nil {
			r.err = r.rows.Error()
		}
		return false
	}
	r.n++
	if r.n > maxRows {
		// excelize gives the blank rows before a row one at a time: a row
		// numbered 9 223 372 036 854 775 807 would never come.
		r.err = &SheetError{msg("file.rownum", "> 1048576")}
		return false
	}
	r.row, r.err = r.rows.Columns()
	return r.err == nil
}

func (r *xlsxRows) Row() []string { return r.row }
func (r *xlsxRows) RowNum() int   { return r.n }
func (r *xlsxRows) Err() error    { return r.err }
func (r *xlsxRows) Close() error  { return r.rows.Close() }

// csvWorkbook is a CSV file: one sheet, named after nothing (cells are
// reported as file:B17).
type csvWorkbook struct {
	path  string
	data  []byte
	comma rune
	notes []pipeline.Msg
}

func openCSV(path string, data []byte) (Workbook, error) {
	// A copy: the workbook's rows may be read after the buffer is reused.
	b := bytes.TrimPrefix(bytes.Clone(data), []byte("\xef\xbb\xbf"))
	wb := &csvWorkbook{path: path}
	if e := utf16Of(b); e != nil {
		// Excel's "Unicode text" and some exports: UTF-16 with a BOM.
		dec, err := e.NewDecoder().Bytes(b)
		if err != nil {
			return nil, &FileError{Msg: msg("file.corrupt"), Err: err}
		}
		b = bytes.TrimPrefix(dec, []byte("\xef\xbb\xbf"))
		wb.notes = append(wb.notes, msg("file.csvutf16"))
	} else if !utf8.Valid(b) {
		dec, err := charmap.Windows1252.NewDecoder().Bytes(b)
		if err != nil {
			return nil, &FileError{Msg: msg("file.corrupt"), Err: err}
		}
		b = dec
		wb.notes = append(wb.notes, msg("file.csvencoding"))
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return nil, &FileError{Msg: msg("file.type")}
	}
	if bytes.IndexByte(b, '\n') < 0 && bytes.IndexByte(b, '\r') >= 0 {
		// Excel for Mac's "CSV (Macintosh)" ends lines with CR alone.
		b = bytes.ReplaceAll(b, []byte{'\r'}, []byte{'\n'})
	}
	wb.data = b
	wb.comma = sniffComma(b)
	return wb, nil
}

// utf16Of is the UTF-16 encoding that b's byte-order mark names, or nil.
func utf16Of(b []byte) encoding.Encoding {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	}
	return nil
}

// sniffComma picks ';', ',' or tab: the one that splits the first lines
// into the same number of columns, more than one, most often (a
// semicolon file whose titles hold commas has more commas than
// semicolons, but only the semicolons give every row the same columns).
// On a tie it prefers ';' (what Norwegian Excel writes), then ','.
func sniffComma(b []byte) rune {
	best, bestScore := ';', -1
	for _, comma := range []rune{';', ',', '\t'} {
		r := csv.NewReader(bytes.NewReader(b))
		r.Comma, r.FieldsPerRecord, r.LazyQuotes, r.ReuseRecord = comma, -1, true, true
		counts := map[int]int{}
		for i := 0; i < 30; i++ {
			rec, err := r.Read()
			if err != nil {
				break
			}
			if len(rec) > 1 {
				counts[len(rec)]++
			}
		}
		score := 0
		for n, c := range counts {
			// The most common column count wins; a wider split breaks ties
			// within one delimiter.
			if c*1000+n > score {
				score = c*1000 + n
			}
		}
		if score > bestScore {
			best, bestScore = comma, score
		}
	}
	return best
}

func (w *csvWorkbook) Sheets() []SheetInfo   { return []SheetInfo{{Name: ""}} }
func (w *csvWorkbook) Date1904() bool        { return false }
func (w *csvWorkbook) Notes() []pipeline.Msg { return w.notes }
func (w *csvWorkbook) Props() DocProps       { return DocProps{} }
func (w *csvWorkbook) Close() error          { return nil }

func (w *csvWorkbook) Rows(string) (RowReader, error) {
	r := csv.NewReader(bytes.NewReader(w.data))
	r.Comma = w.comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	return &csvRows{r: r}, nil
}

type csvRows struct {
	r     *csv.Reader
	row   []string
	n     int
	width int // the cells of the first row that is not blank
	// breaks counts the line breaks inside the quoted cells read so far:
	// a spreadsheet shows such a cell in one row.
	breaks int
	err    error
}

func (c *csvRows) Scan() bool {
	if c.err != nil {
		return false
	}
	rec, err := c.r.Read()
	if err == io.EOF {
		return false
	}
	if err != nil {
		c.err = err
		return false
	}
	line, _ := c.r.FieldPos(0)
	// Lines and rows differ when a quoted cell holds a line break: the
	// row is the one Excel or LibreOffice shows the record in (the rows
	// of the problems are cells there: H8), the line less the breaks
	// inside the cells before it.
	c.n = line - c.breaks
	c.row = rec
	if c.width == 0 && !IsBlank(rec) {
		c.width = len(rec)
	}
	// A quote that is never closed swallows the rows after it into one
	// cell: the file is refused, with the line the quote opens on,
	// rather than its rows lost in a long title.
	for i, f := range rec {
		nl := strings.Count(f, "\n")
		if nl > 0 && (nl >= maxCellLines || c.width > 2 && swallowsRow(f, c.r.Comma, c.width)) {
			at, _ := c.r.FieldPos(i)
			c.err = &SheetError{msg("file.csvquote", at, at+nl)}
			return false
		}
		c.breaks += nl
	}
	return true
}

// maxCellLines is more line breaks than a cell of a hand-made CSV holds.
const maxCellLines = 50

// swallowsRow reports whether a cell holding line breaks has a line in it
// that looks like a row of the file: as many delimiters as the rows have.
func swallowsRow(cell string, comma rune, width int) bool {
	lines := strings.Split(cell, "\n")
	for _, l := range lines[1:] {
		if strings.Count(l, string(comma)) >= width-1 {
			return true
		}
	}
	return false
}

func (c *csvRows) Row() []string { return c.row }
func (c *csvRows) RowNum() int   { return c.n }
func (c *csvRows) Err() error    { return c.err }
func (c *csvRows) Close() error  { return nil }

// IsBlank reports whether every cell of a row is empty or white space.
func IsBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

package book

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"html"
	"io"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"

	"kulturrapport/pipeline"
	"kulturrapport/pipeline/ingest/internal/book/internal/deflate"
)

// The fast xlsx reader streams a sheet's XML out of the zip and scans it
// for rows and cells byte by byte, without encoding/xml's cost per token:
// 10–20× faster than excelize's Rows iterator, with memory bounded by the
// longest row. It understands what regions' files hold: shared strings
// (also rich text), inline strings, the cell types s, str, inlineStr, b, e,
// n, d, formulas (their cached values), missing r attributes, and the 1904
// date system. Anything else — strict OOXML, odd parts, a sheet it cannot
// parse — is left to excelize (ErrFallback), which remains the oracle the
// differential test compares this reader with.

// ErrFallback says the fast reader does not understand this workbook.
var ErrFallback = errors.New("fast xlsx reader: fall back to excelize")

type fastWorkbook struct {
	data     []byte // the file
	zr       *zip.Reader
	sheets   []SheetInfo
	paths    map[string]string // sheet name → part path
	date1904 bool
	// fullCalc: the workbook asks to be calculated when opened
	// (fullCalcOnLoad), as programs that write formulas without
	// calculating them do (XlsxWriter, openpyxl).
	fullCalc bool
	props    DocProps
	sst      []string
	sstRead  bool
	limits   WorkbookLimits
	// struckXf are the cell formats whose font is struck through, and
	// sstStruck the shared strings whose rich text is, by index (nil when
	// none: most workbooks).
	struckXf, sstStruck []bool
	stylesRead          bool
}

// nsMain is the namespace of transitional SpreadsheetML, what Excel,
// LibreOffice and excelize write; strict OOXML's
// (http://purl.oclc.org/ooxml/spreadsheetml/main) is left to excelize.
const nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

// openFastXLSX opens a workbook for the fast reader, or returns ErrFallback.
func openFastXLSX(data []byte, limits WorkbookLimits) (*fastWorkbook, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, ErrFallback
	}
	wb := &fastWorkbook{data: data, zr: zr, paths: map[string]string{}, limits: limits}
	if err := wb.init(); err != nil {
		return nil, err
	}
	return wb, nil
}

// inflate is the fast reader's deflate decompressor: klauspost's, a fifth
// faster than compress/flate on sheet XML (measured on corpus L), taken
// from a pool; partReader gives it back when closed.
func inflate(r io.Reader) io.ReadCloser {
	if fr, ok := inflaters.Get().(io.ReadCloser); ok {
		fr.(flate.Resetter).Reset(r, nil)
		return fr
	}
	return flate.NewReader(r)
}

var inflaters sync.Pool

// wholeMax is the largest part inflated whole (deflate.Inflate): a
// sheet of ten to twenty thousand rows (most are far smaller). A larger
// one streams, so that a worker's buffer stays within a few MB. It is
// maxToken: a part scanned whole holds no token longer than the
// streaming scanner allows, so both find the same tokens too long.
const wholeMax = maxToken

// wholeParts is whether parts are inflated whole where they can be (a
// variable for the tests, which read the same parts both ways).
var wholeParts = deflate.Available

// wholeBufs are the buffers parts are inflated into whole.
var wholeBufs = sync.Pool{New: func() any { return new([]byte) }}

// inflateWhole inflates part f, its compressed bytes in, into a buffer
// from wholeBufs and checks its CRC-32, or returns nil when it cannot (no
// cgo, a part over wholeMax, or a stream that is damaged, not of the size
// the archive says or not of its checksum): the part is then read the
// streaming way, which finds and names what is wrong as it always has.
func (w *fastWorkbook) inflateWhole(f *zip.File, in []byte) *[]byte {
	if !wholeParts || f.UncompressedSize64 == 0 || f.UncompressedSize64 > wholeMax {
		return nil
	}
	buf := wholeBufs.Get().(*[]byte)
	if uint64(cap(*buf)) < f.UncompressedSize64 {
		*buf = make([]byte, f.UncompressedSize64)
	}
	*buf = (*buf)[:f.UncompressedSize64]
	if !deflate.Inflate(*buf, in) || (f.CRC32 != 0 && crc32.ChecksumIEEE(*buf) != f.CRC32) {
		wholeBufs.Put(buf)
		return nil
	}
	return buf
}

func (w *fastWorkbook) part(name string) *zip.File {
	for _, f := range w.zr.File {
		if f.Name == name || strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

func (w *fastWorkbook) readPart(name string, max int64) ([]byte, error) {
	f := w.part(name)
	if f == nil {
		return nil, ErrFallback
	}
	if int64(f.UncompressedSize64) > max {
		return nil, ErrFallback
	}
	rc, err := w.open(f)
	if err != nil {
		return nil, ErrFallback
	}
	defer rc.Close()
	var b bytes.Buffer
	b.Grow(int(f.UncompressedSize64) + bytes.MinRead)
	_, err = b.ReadFrom(rc)
	return b.Bytes(), err
}

// open reads a part straight out of the file's bytes: klauspost's inflater
// reads a bytes.Reader without the buffer it puts behind other readers
// (its fastest path), and without archive/zip's layers. The part's size
// and checksum are checked at its end, as archive/zip checks them.
func (w *fastWorkbook) open(f *zip.File) (io.ReadCloser, error) {
	off, err := f.DataOffset()
	if err != nil {
		return nil, err
	}
	end := off + int64(f.CompressedSize64)
	if off < 0 || end < off || end > int64(len(w.data)) {
		return nil, zip.ErrFormat
	}
	p := &partReader{f: f}
	src := bytes.NewReader(w.data[off:end])
	switch f.Method {
	case zip.Store:
		p.r, p.crc = src, crc32.NewIEEE()
	case zip.Deflate:
		if out := w.inflateWhole(f, w.data[off:end]); out != nil {
			// Its size and checksum checked already: read as it is.
			p.r, p.out = bytes.NewReader(*out), out
			break
		}
		p.inflater = inflate(src)
		p.r, p.crc = p.inflater, crc32.NewIEEE()
	default:
		return f.Open() // archive/zip knows no other method either: its error
	}
	return p, nil
}

// partReader reads one part, checking its size and CRC-32 at the end
// (crc is nil for a part inflated whole: inflateWhole checked both).
type partReader struct {
	r        io.Reader
	inflater io.ReadCloser // back to the pool when closed
	out      *[]byte       // the part inflated whole, back to wholeBufs when closed
	f        *zip.File
	crc      hash.Hash32
	n        uint64
	err      error
}

func (p *partReader) Read(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	n, err := p.r.Read(b)
	if p.crc != nil {
		p.crc.Write(b[:n])
	}
	p.n += uint64(n)
	switch {
	case p.n > p.f.UncompressedSize64:
		err = zip.ErrFormat
	case err == io.EOF:
		if p.n != p.f.UncompressedSize64 {
			err = io.ErrUnexpectedEOF
		} else if p.crc != nil && p.f.CRC32 != 0 && p.crc.Sum32() != p.f.CRC32 {
			err = zip.ErrChecksum
		}
	}
	p.err = err
	return n, err
}

func (p *partReader) Close() error {
	p.err = errors.New("read after close")
	if p.out != nil {
		wholeBufs.Put(p.out)
		p.out = nil
	}
	if p.inflater == nil {
		return nil
	}
	err := p.inflater.Close()
	inflaters.Put(p.inflater)
	p.inflater = nil
	return err
}

func (w *fastWorkbook) init() error {
	// The whole archive must unpack within the limit, as excelize checks.
	var total uint64
	for _, f := range w.zr.File {
		total += f.UncompressedSize64
	}
	if total > uint64(w.limits.MaxUnzippedMB)<<20 {
		return ErrFallback // excelize reports it as a bomb
	}
	b, err := w.readPart("xl/workbook.xml", 16<<20)
	if err != nil {
		return ErrFallback
	}
	wbx, err := parseWorkbookXML(b)
	if err != nil || wbx.ns != nsMain {
		return ErrFallback // strict OOXML or not a workbook we know
	}
	w.date1904 = wbx.date1904 == "1" || wbx.date1904 == "true"
	w.fullCalc = wbx.fullCalc == "1" || wbx.fullCalc == "true"
	rels, err := w.readPart("xl/_rels/workbook.xml.rels", 16<<20)
	if err != nil {
		return ErrFallback
	}
	target, err := parseRels(rels)
	if err != nil {
		return ErrFallback
	}
	for _, s := range wbx.sheets {
		p, ok := target[s.rid]
		if !ok || w.part(p) == nil {
			return ErrFallback
		}
		w.paths[s.name] = p
		w.sheets = append(w.sheets, SheetInfo{Name: s.name, Hidden: s.state == "hidden" || s.state == "veryHidden"})
	}
	if core, err := w.readPart("docProps/core.xml", 1<<20); err == nil {
		if t, err := time.Parse(time.RFC3339, strings.TrimSpace(elementText(core, "modified"))); err == nil {
			w.props.Modified = t.UTC()
		}
		w.props.Creator = strings.TrimSpace(elementText(core, "creator"))
		w.props.Title = strings.TrimSpace(elementText(core, "title"))
	}
	return nil
}

// workbookXML is what the reader needs of xl/workbook.xml.
type workbookXML struct {
	ns       string // namespace of the root element
	date1904 string
	fullCalc string // calcPr's fullCalcOnLoad
	sheets   []sheetXML
}

// sheetXML is a <sheet> of xl/workbook.xml.
type sheetXML struct{ name, state, rid string }

// parseWorkbookXML reads xl/workbook.xml with the tag scanner: the parts of
// a workbook are small, but encoding/xml cost more than a small sheet.
func parseWorkbookXML(b []byte) (*workbookXML, error) {
	s := newPartScanner(b)
	defer s.release()
	wb := &workbookXML{}
	root := true
	for {
		tg, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if tg.end {
			continue
		}
		if root {
			root = false
			wb.ns = rootNamespace(tg.prefix, tg.attrs)
			continue
		}
		switch string(tg.local) {
		case "workbookPr":
			wb.date1904 = attr(tg.attrs, "date1904")
		case "calcPr":
			wb.fullCalc = attr(tg.attrs, "fullCalcOnLoad")
		case "sheet":
			wb.sheets = append(wb.sheets, sheetXML{attr(tg.attrs, "name"), attr(tg.attrs, "state"), attrLocal(tg.attrs, "id")})
		}
	}
	if root {
		return nil, ErrFallback
	}
	return wb, nil
}

// parseRels reads a relationships part: Id → target part path.
func parseRels(b []byte) (map[string]string, error) {
	s := newPartScanner(b)
	defer s.release()
	target := map[string]string{}
	for {
		tg, err := s.next()
		if err == io.EOF {
			return target, nil
		}
		if err != nil {
			return nil, err
		}
		if tg.end || string(tg.local) != "Relationship" {
			continue
		}
		t := attr(tg.attrs, "Target")
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[attr(tg.attrs, "Id")] = t
	}
}

// elementText is the text of the first element with the local name, or "".
func elementText(b []byte, local string) string {
	s := newPartScanner(b)
	defer s.release()
	in := false
	for {
		tg, err := s.next()
		if err != nil {
			return ""
		}
		if in {
			return unescape(string(s.text))
		}
		if !tg.end && !tg.selfClose && string(tg.local) == local {
			in = true
		}
	}
}

// rootNamespace is the namespace URI of an element with the prefix (none
// for the default namespace), from its own xmlns attributes.
func rootNamespace(prefix []byte, attrs []byte) string {
	if len(prefix) > 0 {
		return attr(attrs, "xmlns:"+string(prefix))
	}
	return attr(attrs, "xmlns")
}

// attrLocal is the value of the attribute whose local name (after any
// prefix) is local: r:id, whatever the prefix is called.
func attrLocal(attrs []byte, local string) string {
	return attrWhere(attrs, func(key []byte) bool {
		j := bytes.IndexByte(key, ':')
		return j >= 0 && string(key[:j]) != "xmlns" && string(key[j+1:]) == local
	})
}

func (w *fastWorkbook) Sheets() []SheetInfo   { return w.sheets }
func (w *fastWorkbook) Date1904() bool        { return w.date1904 }
func (w *fastWorkbook) Notes() []pipeline.Msg { return nil }
func (w *fastWorkbook) Props() DocProps       { return w.props }
func (w *fastWorkbook) Close() error          { return nil }

// sharedStrings reads the shared string table once.
func (w *fastWorkbook) sharedStrings() error {
	if w.sstRead {
		return nil
	}
	w.sstRead = true
	var name string
	for _, f := range w.zr.File {
		if strings.EqualFold(f.Name, "xl/sharedStrings.xml") {
			name = f.Name
		}
	}
	if name == "" {
		return nil
	}
	f := w.part(name)
	rc, err := w.open(f)
	if err != nil {
		return ErrFallback
	}
	defer rc.Close()
	s := newTagScanner(rc)
	defer s.release()
	// A string's text is gathered in one buffer, used again for the next,
	// and made a string once: one allocation a string (openpyxl and
	// XlsxWriter keep every text cell here, L-others a quarter of a
	// million strings).
	var cur []byte
	inSI, inT, inRPh := false, false, false
	var rich richStrike
	for {
		tag, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return ErrFallback
		}
		if inT && !inRPh && len(s.text) > 0 {
			if bytes.IndexByte(s.text, '&') < 0 {
				cur = append(cur, s.text...)
			} else {
				cur = append(cur, unescape(string(s.text))...)
			}
		}
		if rich.inR || tag.name == "r" {
			rich.tag(tag, s.text)
		}
		switch tag.name {
		case "sst":
			// The table's size as the writer gives it, within what the
			// part can hold (an <si/> is five bytes) and a million
			// strings (16 MB; a larger table grows as it is read): room
			// made at once.
			if n, err := strconv.Atoi(attr(tag.attrs, "uniqueCount")); err == nil && n > 0 && w.sst == nil {
				w.sst = make([]string, 0, min(uint64(n), f.UncompressedSize64/5, 1<<20))
			}
		case "si":
			if tag.end {
				if rich.all() && len(w.sst) < maxStyles*16 {
					w.sstStruck = append(w.sstStruck, make([]bool, len(w.sst)+1-len(w.sstStruck))...)
					w.sstStruck[len(w.sst)] = true
				}
				rich = richStrike{}
				w.sst = append(w.sst, string(cur))
				cur = cur[:0]
				inSI = false
			} else if !tag.selfClose {
				// Most strings are one plain text (<si><t>…</t></si>):
				// taken whole, not three tags more.
				if text, ok := s.simpleText(); ok {
					if bytes.IndexByte(text, '&') < 0 {
						w.sst = append(w.sst, string(text))
					} else {
						w.sst = append(w.sst, unescape(string(text)))
					}
					continue
				}
				inSI = true
			} else {
				w.sst = append(w.sst, "")
			}
		case "t":
			inT = inSI && !tag.end && !tag.selfClose
		case "rPh":
			inRPh = !tag.end && !tag.selfClose
		}
	}
	return nil
}

func (w *fastWorkbook) Rows(sheet string) (RowReader, error) {
	p, ok := w.paths[sheet]
	if !ok {
		return nil, fmt.Errorf("no sheet %q", sheet)
	}
	if err := w.sharedStrings(); err != nil {
		return nil, err
	}
	w.styles()
	rc, err := w.open(w.part(p))
	if err != nil {
		return nil, err
	}
	return &fastRows{rc: rc, s: newTagScanner(rc), sst: w.sst, intern: internTables.Get().(*internTable), fullCalc: w.fullCalc,
		struckXf: w.struckXf, sstStruck: w.sstStruck}, nil
}

// fastRows scans <sheetData> for rows and cells, returning blank rows for
// the row numbers that have no <row> element, as excelize's iterator does.
type fastRows struct {
	rc      io.ReadCloser
	s       *tagScanner
	sst     []string
	row     []string
	num     int // row number of the current row
	pending []string
	pendNum int
	buf     []string
	done    bool
	err     error
	// val and inline collect a cell's value and inline text; intern holds
	// short values seen, a slot each by hash (see text).
	val, inline []byte
	intern      *internTable
	size        int // bytes of text in the row being read
	// marks are the current row's formula and struck cells (see
	// MarkReader); read those of the row readRow read last.
	marks, read CellMarks
	fullCalc    bool // the workbook's
	// sstMissing is the first shared-string index of the row being read
	// that the workbook's table does not have.
	sstMissing string
	merges     []Merge // the sheet's merged cells, read after its rows
	// struckXf and sstStruck are the workbook's (see fastWorkbook): with
	// either, every cell is read tag by tag, for its style.
	struckXf, sstStruck []bool
}

func (r *fastRows) Row() []string { return r.row }
func (r *fastRows) RowNum() int   { return r.num }
func (r *fastRows) Err() error    { return r.err }
func (r *fastRows) Close() error {
	if r.intern != nil {
		internTables.Put(r.intern)
		r.intern = nil
	}
	r.s.release()
	return r.rc.Close()
}

func (r *fastRows) Marks() CellMarks { return r.marks }

func (r *fastRows) Scan() bool {
	if r.err != nil {
		return false
	}
	// A row read ahead is returned once the blank rows before it are.
	if r.pending != nil {
		if r.num+1 < r.pendNum {
			r.num++
			r.row = r.row[:0]
			return true
		}
		r.num, r.row, r.pending, r.marks = r.pendNum, r.pending, nil, r.read
		return true
	}
	if r.done {
		return false
	}
	cells, num, ok, err := r.readRow(r.buf[:0])
	if err == nil && r.sstMissing != "" {
		err = &SheetError{msg("file.sstmissing", r.sstMissing)}
	}
	if err != nil {
		r.err = err
		return false
	}
	if !ok {
		r.done = true
		r.readTail()
		return false
	}
	if num == 0 {
		num = r.num + 1
	}
	r.buf = cells // reused by the next row: Row is valid until Scan
	if num > r.num+1 {
		r.pending, r.pendNum = cells, num
		r.num++
		r.row, r.marks = nil, CellMarks{}
		return true
	}
	r.num, r.row, r.marks = num, cells, r.read
	return true
}

// Merges are the sheet's merged cells (see MergeReader).
func (r *fastRows) Merges() []Merge { return r.merges }

// readTail reads what is left of the sheet after </sheetData> (a few tags,
// as a rule): its merged cells, and on to its end, where the part's
// checksum is checked. What the tag scanner cannot read there is no loss
// of rows: the rest is read as bytes, and the part's reader tells its
// error (a short part, a wrong checksum) again whoever asks.
func (r *fastRows) readTail() {
	for {
		tag, err := r.s.next()
		if err != nil {
			break // the end, or what the scanner does not read
		}
		if tag.name == "mergeCell" && !tag.end && len(r.merges) < maxMerges {
			if m, ok := mergeOf(attr(tag.attrs, "ref")); ok {
				r.merges = append(r.merges, m)
			}
		}
	}
	if _, err := io.Copy(io.Discard, r.rc); err != nil {
		r.err = err
	}
}

// readRow reads the next <row> element: its cells, up to the last that has
// a value or a formula (as excelize gives them), and its r attribute (0
// when missing).
func (r *fastRows) readRow(cells []string) (_ []string, num int, ok bool, err error) {
	s := r.s
	r.read = CellMarks{r.read.Uncached[:0], r.read.Uncalculated[:0], r.read.Struck[:0]}
	for {
		if n, selfClose, ok := s.rowStart(); ok {
			if n < 1 || n > maxRows {
				return nil, 0, false, &SheetError{msg("file.rownum", strconv.Itoa(n))}
			}
			if selfClose {
				return cells, n, true, nil
			}
			num = n
			break
		}
		tag, err := s.next()
		if err == io.EOF {
			return nil, 0, false, nil
		}
		if err != nil {
			return nil, 0, false, err
		}
		if tag.name == "sheetData" && tag.end {
			return nil, 0, false, nil
		}
		if tag.name == "row" && !tag.end {
			if a := attr(tag.attrs, "r"); a != "" {
				n, err := strconv.Atoi(a)
				if err != nil || n < 1 || n > maxRows {
					return nil, 0, false, &SheetError{msg("file.rownum", clip(a, 24))}
				}
				num = n
			}
			if tag.selfClose {
				return cells, num, true, nil
			}
			break
		}
	}
	col := 0
	r.size = 0
	var typ string
	var hasF, hasV, struck bool
	var inV, inIS, inT, inRPh bool
	val, inline := r.val[:0], r.inline[:0]
	defer func() { r.val, r.inline = val, inline }()
	for {
		// Most cells are plain and most rows end at once: read those
		// straight from the buffer, the rest tag by tag.
		if b := s.buf[s.pos:s.end]; len(b) > 2 && b[0] == '<' {
			if b[1] == 'c' && b[2] == ' ' && r.struckXf == nil && r.sstStruck == nil {
				if c, v, ok := r.plainCell(b, col); ok {
					col = c
					if v != "" {
						if cells, err = r.put(cells, num, col, v); err != nil {
							return nil, 0, false, err
						}
					}
					continue
				}
			} else if rowClose.prefixOf(b) {
				s.pos += len(rowClose.s)
				return cells, num, true, nil
			}
		}
		var tag tag
		tag, err = s.next()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, 0, false, err
		}
		if inV && len(s.text) > 0 {
			val = append(val, s.text...)
		}
		if inIS && inT && !inRPh && len(s.text) > 0 {
			inline = append(inline, s.text...)
		}
		switch tag.name {
		case "c":
			if tag.end {
				// As excelize: a cell counts when it has a value or a formula.
				if v := r.cellValue(typ, val, inline); v != "" || hasF {
					if cells, err = r.put(cells, num, col, v); err != nil {
						return nil, 0, false, err
					}
					if v != "" && col > 0 && (struck || r.struckText(typ, val)) {
						r.read.Struck = append(r.read.Struck, col-1)
					}
					// A formula's result that is text may be empty (t="str",
					// <v></v>); any other, or none at all, was not saved. In
					// a workbook that asks to be calculated, a saved one is
					// the writer's (XlsxWriter's 0), not a spreadsheet's.
					switch {
					case !hasF || col < 1:
					case v == "" && (!hasV || typ != "str"):
						r.read.Uncached = append(r.read.Uncached, col-1)
					case r.fullCalc:
						r.read.Uncalculated = append(r.read.Uncalculated, col-1)
					}
				}
				continue
			}
			ref, t := cellAttrs(tag.attrs)
			if ref != nil {
				c, ok := refColumn(ref)
				if !ok {
					return nil, 0, false, &SheetError{msg("file.cellref", clip(string(ref), 24))}
				}
				col = c
			} else {
				col++
			}
			typ, val, inline, hasF, hasV = t, val[:0], inline[:0], false, false
			inV, inIS, inT, inRPh = false, false, false, false
			struck = r.struckXf != nil && r.struckStyle(attr(tag.attrs, "s"))
			if tag.selfClose {
				continue // only a style: no value
			}
			// Most cells are <v>…</v></c> or <is><t>…</t></is></c>: read
			// those at once, the rest tag by tag.
			if v, ok := s.simpleCell(typ == "inlineStr"); ok {
				if str := r.cellValue(typ, v, v); str != "" {
					if cells, err = r.put(cells, num, col, str); err != nil {
						return nil, 0, false, err
					}
					if col > 0 && (struck || r.struckText(typ, v)) {
						r.read.Struck = append(r.read.Struck, col-1)
					}
				}
			}
		case "f":
			hasF = true
		case "v":
			inV = !tag.end && !tag.selfClose
			hasV = true
		case "is":
			inIS = !tag.end && !tag.selfClose
		case "t":
			inT = !tag.end && !tag.selfClose
		case "rPh":
			inRPh = !tag.end && !tag.selfClose
		case "row":
			if tag.end {
				return cells, num, true, nil
			}
		}
	}
}

// struckStyle reports whether a cell's style (its s attribute) strikes its
// text through.
func (r *fastRows) struckStyle(s string) bool {
	i, err := strconv.Atoi(s)
	return err == nil && i >= 0 && i < len(r.struckXf) && r.struckXf[i]
}

// struckText reports whether a cell's value is a shared string whose rich
// text is struck through.
func (r *fastRows) struckText(typ string, v []byte) bool {
	if typ != "s" || r.sstStruck == nil {
		return false
	}
	i, ok := atoiBytes(bytes.TrimSpace(v))
	return ok && i < len(r.sstStruck) && r.sstStruck[i]
}

// put stores a cell's value in row num at column col, within Excel's
// columns and what one row may hold (r.size counts the row's text).
func (r *fastRows) put(cells []string, num, col int, v string) ([]string, error) {
	if col > maxCols {
		return nil, &SheetError{msg("file.cellref", pipeline.ColumnName(col)+strconv.Itoa(max(num, 1)))}
	}
	if r.size += len(v); r.size > maxRowText {
		return nil, &SheetError{msg("file.rowlong", maxRowText>>20)}
	}
	return putCell(cells, col, v), nil
}

var (
	rowOpen  = newShape(`<row r="`)
	rowClose = newShape("</row>")
)

// rowStart reads a row's start tag when the buffer starts with one that
// begins `<row r="N"` and is wholly in the buffer, and returns N and
// whether the tag closes itself; otherwise it reads nothing.
func (s *tagScanner) rowStart() (num int, selfClose, ok bool) {
	b := s.buf[s.pos:s.end]
	if !rowOpen.prefixOf(b) {
		return 0, false, false
	}
	n := len(rowOpen.s)
	i := n
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9' && i < n+9; i++ {
		num = num*10 + int(b[i]-'0')
	}
	// Longer numbers, and anything but digits, are the tag path's.
	if i == n || i >= len(b) || b[i] != '"' {
		return 0, false, false
	}
	gt := bytes.IndexByte(b[i:], '>')
	if gt < 0 {
		return 0, false, false
	}
	gt += i
	s.pos += gt + 1
	s.text = nil
	return num, b[gt-1] == '/', true
}

// plainCell reads the cell that b, the scanner's buffer from its position,
// starts with, when the cell is wholly in the buffer and plain: a start
// tag with no prefix, then nothing, a <v> value or an inline string (see
// simpleCell). It returns the cell's column (col is the previous cell's)
// and value, and moves the scanner past it; for any other cell it reports
// false and reads nothing.
func (r *fastRows) plainCell(b []byte, col int) (int, string, bool) {
	gt := bytes.IndexByte(b, '>')
	if gt < 0 {
		return 0, "", false
	}
	attrs, selfClose := b[2:gt], false
	if n := len(attrs); n > 0 && attrs[n-1] == '/' {
		attrs, selfClose = attrs[:n-1], true
	}
	ref, typ := cellAttrs(attrs)
	col++
	if ref != nil {
		c, ok := refColumn(ref)
		if !ok {
			return 0, "", false
		}
		col = c
	}
	s := r.s
	if selfClose {
		s.pos += gt + 1
		s.text = nil
		return col, "", true // only a style: no value
	}
	start := s.pos
	s.pos += gt + 1
	v, ok := s.simpleCell(typ == "inlineStr")
	if !ok {
		s.pos = start
		return 0, "", false
	}
	return col, r.cellValue(typ, v, v), true
}

// cellValue gives a cell's raw value as excelize does with RawCellValue.
func (r *fastRows) cellValue(typ string, v, inlineText []byte) string {
	switch typ {
	case "s":
		i, ok := atoiBytes(bytes.TrimSpace(v))
		if !ok || i >= len(r.sst) {
			// A text that is not in the file: the cell's value is lost,
			// and the row with it (Scan ends the sheet).
			if r.sstMissing == "" {
				r.sstMissing = clip(string(v), 24)
			}
			return ""
		}
		return r.sst[i]
	case "inlineStr":
		if len(inlineText) == 0 {
			return r.text(v)
		}
		return r.text(inlineText)
	}
	return r.text(v)
}

// text makes a string of a value, unescaped. Values repeat (dates,
// municipality numbers, codes, types): the short ones are interned, so a
// file's thousands of equal values share one string, and the builders'
// one-value memories see the same string again.
func (r *fastRows) text(b []byte) string {
	if len(b) > 24 {
		if bytes.IndexByte(b, '&') >= 0 {
			return html.UnescapeString(string(b))
		}
		return string(b)
	}
	if len(b) == 0 {
		return ""
	}
	// One pass hashes the value and looks for an entity; the slot keeps
	// the hash, so that a clash costs no string comparison.
	h := uint32(2166136261)
	for _, c := range b {
		if c == '&' {
			return html.UnescapeString(string(b))
		}
		h = (h ^ uint32(c)) * 16777619
	}
	slot := &r.intern[h%uint32(len(r.intern))]
	if slot.hash == h && slot.s == string(b) {
		return slot.s
	}
	slot.s, slot.hash = string(b), h
	return slot.s
}

// internTable is a sheet reader's table of short values. The tables are
// pooled (24 KB a sheet otherwise) and not cleared: a slot left from
// another sheet is a value like any other, compared before it is used.
type internTable [1024]internSlot

var internTables = sync.Pool{New: func() any { return new(internTable) }}

// internSlot is one value of the intern table and its hash.
type internSlot struct {
	s    string
	hash uint32
}

// atoiBytes reads a non-negative decimal index.
func atoiBytes(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// putCell stores v at 1-based column col, growing cells as needed.
func putCell(cells []string, col int, v string) []string {
	if col < 1 || col > 16384 {
		return cells
	}
	for len(cells) < col {
		cells = append(cells, "")
	}
	cells[col-1] = v
	return cells
}

// cellAttrs reads the r and t attributes of a <c> tag in one pass.
func cellAttrs(attrs []byte) (ref []byte, typ string) {
	// What writers write: one-letter names after one space, double quotes
	// (` r="B20" t="inlineStr"`); anything else is read by the loop below.
	a := attrs
	for len(a) >= 4 && a[0] == ' ' && a[2] == '=' && a[3] == '"' {
		j := 4
		for j < len(a) && a[j] != '"' {
			j++
		}
		if j == len(a) {
			break
		}
		switch a[1] {
		case 'r':
			ref = a[4:j]
		case 't':
			typ = cellType(a[4:j])
		}
		a = a[j+1:]
	}
	if len(a) == 0 {
		return ref, typ
	}
	ref, typ = nil, ""
	for i := 0; i < len(attrs); {
		for i < len(attrs) && (attrs[i] == ' ' || attrs[i] == '\t' || attrs[i] == '\n' || attrs[i] == '\r') {
			i++
		}
		ks := i
		for i < len(attrs) && attrs[i] != '=' {
			i++
		}
		key := attrs[ks:i]
		if i+1 >= len(attrs) {
			break
		}
		q := attrs[i+1]
		i += 2
		vs := i
		for i < len(attrs) && attrs[i] != q {
			i++
		}
		val := attrs[vs:min(i, len(attrs))]
		i++
		switch string(key) {
		case "r":
			ref = val
		case "t":
			typ = cellType(val)
		}
	}
	return ref, typ
}

// cellType names a cell's t attribute, without allocating for the types
// the reader knows.
func cellType(val []byte) string {
	switch string(val) {
	case "s":
		return "s"
	case "str":
		return "str"
	case "inlineStr":
		return "inlineStr"
	case "b":
		return "b"
	case "e":
		return "e"
	case "n":
		return "n"
	}
	return string(val)
}

// refColumn reads the column of a cell reference: "AB12" is 28. A
// reference outside Excel's grid (past XFD, row 0 or past 1 048 576) is
// not one.
func refColumn(ref []byte) (int, bool) {
	col, _, ok := cellOf(ref)
	return col, ok
}

// cellOf reads a cell reference as its column and row: "AB12" is 28, 12.
// A reference outside Excel's grid (past XFD, row 0 or past 1 048 576) is
// not one.
func cellOf(ref []byte) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	if i == 0 || i > 3 || i == len(ref) || col > maxCols {
		return 0, 0, false
	}
	for ; i < len(ref); i++ {
		if ref[i] < '0' || ref[i] > '9' || row > maxRows {
			return 0, 0, false
		}
		row = row*10 + int(ref[i]-'0')
	}
	return col, row, row >= 1 && row <= maxRows
}

// Excel's grid, and what one row may hold.
const (
	maxRows    = 1 << 20 // 1 048 576
	maxCols    = 1 << 14 // XFD
	maxRowText = 32 << 20
)

// clip shortens s to n bytes for a message, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func attr(attrs []byte, name string) string {
	return attrWhere(attrs, func(key []byte) bool { return string(key) == name })
}

// attrWhere is the unescaped value of the first attribute whose name
// matches, or "". attrs is the inside of a tag after its name:
// ` r="A1" t="s" s="3"`.
func attrWhere(attrs []byte, match func(key []byte) bool) string {
	for i := 0; i < len(attrs); {
		for i < len(attrs) && (attrs[i] == ' ' || attrs[i] == '\t' || attrs[i] == '\n' || attrs[i] == '\r') {
			i++
		}
		start := i
		for i < len(attrs) && attrs[i] != '=' && attrs[i] != ' ' {
			i++
		}
		key := attrs[start:i]
		if i >= len(attrs) || attrs[i] != '=' {
			return ""
		}
		i++
		if i >= len(attrs) || (attrs[i] != '"' && attrs[i] != '\'') {
			return ""
		}
		q := attrs[i]
		i++
		vs := i
		for i < len(attrs) && attrs[i] != q {
			i++
		}
		if i >= len(attrs) {
			return ""
		}
		if match(key) {
			return unescape(string(attrs[vs:i]))
		}
		i++
	}
	return ""
}

func unescape(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	return html.UnescapeString(s)
}

// tag is one XML tag as the scanner saw it.
type tag struct {
	name      string // local name, without prefix, of the names the sheet readers know ("?" for others)
	local     []byte // the local name as written, and
	prefix    []byte // its namespace prefix, if any (both valid until the next tag)
	attrs     []byte
	end       bool
	selfClose bool
}

// tagScanner walks an XML stream tag by tag, over a buffer it refills
// itself. After next, text holds the character data between the previous
// tag and this one, and the tag's attrs; both are valid until the next call.
type tagScanner struct {
	r    io.Reader
	buf  []byte
	pos  int // next byte to scan
	end  int // end of the data in buf
	eof  bool
	text []byte
	// cdata holds the text when a CDATA section or comment splits it.
	cdata []byte
	// whole is set when buf is a part inflated whole (partReader.out),
	// scanned where it lies: it goes back with the part, not to scanBufs.
	whole bool
}

// scanBufs holds the scanners' buffers for reuse: a run opens a scanner per
// sheet and one per shared string table, hundreds of them.
var scanBufs = sync.Pool{New: func() any { b := make([]byte, scanBufSize); return &b }}

const scanBufSize = 256 << 10

func newTagScanner(r io.Reader) *tagScanner {
	if p, ok := r.(*partReader); ok && p.out != nil {
		// Inflated whole and its checksum checked: scanned in place,
		// not copied a buffer at a time.
		return &tagScanner{buf: *p.out, end: len(*p.out), eof: true, whole: true}
	}
	return &tagScanner{r: r, buf: *scanBufs.Get().(*[]byte)}
}

// newPartScanner scans a small part held in memory.
func newPartScanner(b []byte) *tagScanner { return newTagScanner(bytes.NewReader(b)) }

// release gives the scanner's buffer back for reuse; the scanner must not
// be used after.
func (s *tagScanner) release() {
	if s.buf != nil && !s.whole && cap(s.buf) == scanBufSize {
		b := s.buf[:scanBufSize]
		scanBufs.Put(&b)
	}
	s.buf, s.text = nil, nil
}

// fill moves the unread bytes to the front and reads more; it reports
// false when nothing more can be read.
func (s *tagScanner) fill() (bool, error) {
	if s.eof {
		return false, nil
	}
	n := copy(s.buf, s.buf[s.pos:s.end])
	s.pos, s.end = 0, n
	if s.end == len(s.buf) {
		// A single tag or text longer than the buffer: grow it.
		s.buf = append(s.buf, make([]byte, len(s.buf))...)
	}
	m, err := io.ReadAtLeast(s.r, s.buf[s.end:], 1)
	s.end += m
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		s.eof = true
		return m > 0, nil
	}
	return m > 0, err
}

// The shapes simpleText reads.
var (
	sharedTextOpen    = newShape("<t>")
	sharedTextOpenPre = newShape(`<t xml:space="preserve">`)
	sharedTextClose   = newShape("</t></si>")
)

// simpleText reads the rest of a shared string whose <si> was just read
// when it is one plain text (<t>…</t></si>), and returns the text, valid
// until the next call. It reports false, reading nothing, for any other
// shape (rich text, phonetic runs, CDATA, a comment) or when the string is
// not wholly in the buffer: the tag-by-tag path reads those.
func (s *tagScanner) simpleText() ([]byte, bool) {
	return s.enclosed(sharedTextOpen, sharedTextOpenPre, sharedTextClose)
}

// enclosed reads, when the buffer goes on with open (or alt, when not
// nil) and a text without '<' then closing, that text, valid until the
// next call, and moves past closing. It reports false, reading nothing,
// otherwise.
func (s *tagScanner) enclosed(open, alt, closing *shape) ([]byte, bool) {
	b := s.buf[s.pos:s.end]
	if !open.prefixOf(b) {
		if alt == nil || !alt.prefixOf(b) {
			return nil, false
		}
		open = alt
	}
	rest := b[len(open.s):]
	i := bytes.IndexByte(rest, '<')
	if i < 0 || !closing.prefixOf(rest[i:]) {
		return nil, false
	}
	s.pos += len(open.s) + i + len(closing.s)
	s.text = nil
	return rest[:i], true
}

// The shapes simpleCell reads.
var (
	cellValueOpen     = newShape("<v>")
	cellValueClose    = newShape("</v></c>")
	cellInlineOpen    = newShape("<is><t>")
	cellInlineOpenPre = newShape(`<is><t xml:space="preserve">`)
	cellInlineClose   = newShape("</t></is></c>")
)

// shape is a short fixed text the scanner looks for at the start of its
// buffer, also kept as two little-endian words and masks: for every cell
// bytes.HasPrefix compared a few bytes through a call to memequal, which
// cost more than the comparison.
type shape struct {
	s    []byte
	w, m [2]uint64
}

func newShape(s string) *shape {
	sh := &shape{s: []byte(s)}
	for i := 0; i < len(s) && i < 16; i++ {
		sh.w[i/8] |= uint64(s[i]) << (8 * (i % 8))
		sh.m[i/8] |= 0xff << (8 * (i % 8))
	}
	return sh
}

// prefixOf reports whether b begins with the shape.
func (sh *shape) prefixOf(b []byte) bool {
	if len(b) < 16 || len(sh.s) > 16 {
		return bytes.HasPrefix(b, sh.s)
	}
	return binary.LittleEndian.Uint64(b)&sh.m[0] == sh.w[0] && binary.LittleEndian.Uint64(b[8:16])&sh.m[1] == sh.w[1]
}

// simpleCell reads the rest of a cell whose start tag was just read when it
// is a plain value (<v>…</v></c>) or, for inline, a plain inline string
// (<is><t>…</t></is></c>), and returns its text, valid until the next
// call. It reports false, reading nothing, for any other shape or when the
// cell is not wholly in the buffer: the tag-by-tag path reads those.
func (s *tagScanner) simpleCell(inline bool) ([]byte, bool) {
	if inline {
		return s.enclosed(cellInlineOpen, cellInlineOpenPre, cellInlineClose)
	}
	return s.enclosed(cellValueOpen, nil, cellValueClose)
}

func (s *tagScanner) next() (tag, error) {
	s.cdata = s.cdata[:0]
	joined := false // s.text is s.cdata: text with a CDATA section in it
	for {
		// The text up to '<' and the tag up to '>' must both be in the
		// buffer: refill until they are. What was searched before a refill
		// is not searched again, so a long run of text costs its length
		// once, not once a refill.
		lt, from := -1, 0
		var gt int
		for {
			b := s.buf[s.pos:s.end]
			if lt < 0 {
				if i := bytes.IndexByte(b[from:], '<'); i >= 0 {
					lt, from = from+i, from+i+1
				} else {
					from = len(b)
				}
			}
			if lt >= 0 {
				if i := bytes.IndexByte(b[from:], '>'); i >= 0 {
					gt = from + i - lt
					break
				}
				from = len(b)
			}
			if len(b) > maxToken {
				return tag{}, &SheetError{msg("file.token", maxToken>>20)}
			}
			more, err := s.fill()
			if err != nil {
				return tag{}, err
			}
			if !more {
				return tag{}, io.EOF
			}
		}
		text := s.buf[s.pos : s.pos+lt]
		body := s.buf[s.pos+lt+1 : s.pos+lt+gt]
		if bytes.HasPrefix(body, cdataOpen) || bytes.HasPrefix(body, commentOpen) {
			// A CDATA section or a comment may hold '>': it ends at its own
			// closing text, which must be in the buffer too.
			closing, open := cdataClose, cdataOpen
			if !bytes.HasPrefix(body, cdataOpen) {
				closing, open = commentClose, commentOpen
			}
			start := s.pos + lt + 1 + len(open)
			end := bytes.Index(s.buf[start:s.end], closing)
			for end < 0 {
				if s.end-s.pos > maxToken {
					return tag{}, &SheetError{msg("file.token", maxToken>>20)}
				}
				keep := start - s.pos
				more, err := s.fill()
				if err != nil {
					return tag{}, err
				}
				if !more {
					return tag{}, io.ErrUnexpectedEOF
				}
				start = s.pos + keep
				end = bytes.Index(s.buf[start:s.end], closing)
			}
			if open[1] == '[' {
				// CDATA is text, taken as written: escaped here, as the
				// readers unescape what they take.
				s.cdata = append(s.cdata, s.buf[s.pos:s.pos+lt]...)
				s.cdata = appendEscaped(s.cdata, s.buf[start:start+end])
				joined = true
			} else if joined || lt > 0 {
				s.cdata = append(s.cdata, s.buf[s.pos:s.pos+lt]...)
				joined = true
			}
			s.pos = start + end + len(closing)
			continue
		}
		if joined {
			s.cdata = append(s.cdata, text...)
			text = s.cdata
		}
		s.text = text
		s.pos += lt + gt + 1
		if len(body) == 0 {
			continue
		}
		switch body[0] {
		case '?', '!':
			continue // declarations, doctypes
		}
		t := tag{}
		if body[0] == '/' {
			t.end = true
			body = body[1:]
		}
		if n := len(body); n > 0 && body[n-1] == '/' {
			t.selfClose = true
			body = body[:n-1]
		}
		i := 0
		for i < len(body) && body[i] != ' ' && body[i] != '\t' && body[i] != '\r' && body[i] != '\n' {
			i++
		}
		name := body[:i]
		if i < len(body) {
			t.attrs = body[i:]
		}
		if j := bytes.IndexByte(name, ':'); j >= 0 {
			t.prefix, name = name[:j], name[j+1:]
		}
		t.local = name
		t.name = tagName(name)
		return t, nil
	}
}

var (
	cdataOpen    = []byte("![CDATA[")
	cdataClose   = []byte("]]>")
	commentOpen  = []byte("!--")
	commentClose = []byte("-->")
)

// maxToken bounds one tag with the text before it. Excel holds at most
// 32 767 characters in a cell; a token longer than this is not a
// spreadsheet's, and reading on would only grow the buffer.
const maxToken = 8 << 20

// appendEscaped appends b with '&' and '<' escaped, so that unescaping
// gives b back.
func appendEscaped(dst, b []byte) []byte {
	for _, c := range b {
		switch c {
		case '&':
			dst = append(dst, "&amp;"...)
		case '<':
			dst = append(dst, "&lt;"...)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// tagName returns the names the readers look at without allocating.
func tagName(b []byte) string {
	switch string(b) {
	case "c":
		return "c"
	case "v":
		return "v"
	case "row":
		return "row"
	case "t":
		return "t"
	case "f":
		return "f"
	case "is":
		return "is"
	case "r":
		return "r"
	case "rPh":
		return "rPh"
	case "si":
		return "si"
	case "sst":
		return "sst"
	case "sheetData":
		return "sheetData"
	case "mergeCell":
		return "mergeCell"
	}
	return "?"
}

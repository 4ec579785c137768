package xlsxw

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/xuri/excelize/v2"

	"kulturrapport/pipeline"
)

// RowSource writes the <row> elements of a stream-written sheet into its
// part as the workbook is zipped.
type RowSource interface {
	WriteRows(w io.Writer) error
}

// ProblemRows are the rejected cells of the files, as rows of text from
// sheet row First on, N of them at most: file, sheet, cell, column, value
// and reason.
type ProblemRows struct {
	Files    []*pipeline.FileReport
	First, N int
}

// WriteRows writes the <row> elements.
func (q *ProblemRows) WriteRows(w io.Writer) error {
	var letters [6][]byte
	for c := range letters {
		letters[c] = []byte{byte('A' + c)}
	}
	buf := make([]byte, 0, 64<<10)
	row, last := q.First, q.First+q.N-1
	var err error
	for _, f := range q.Files {
		f.EachRejected(func(p *pipeline.Problem) {
			if row > last || err != nil {
				return
			}
			buf = append(buf, `<row r="`...)
			buf = strconv.AppendInt(buf, int64(row), 10)
			buf = append(buf, `">`...)
			// Every cell, empty ones too, as excelize's SetRow writes them.
			for c, s := range [...]string{f.Path, p.Sheet, p.Cell, p.Column, p.Value, p.Reason} {
				buf = appendTextCell(buf, letters[c], row, 0, s)
			}
			buf = append(buf, `</row>`...)
			row++
			if len(buf) >= 60<<10 {
				_, err = w.Write(buf)
				buf = buf[:0]
			}
		})
	}
	if err != nil {
		return err
	}
	_, err = w.Write(buf)
	return err
}

// DataRows are the rows of a Data sheet below its header, written straight
// into the sheet's part as the workbook is zipped (Zip), in the XML
// excelize's StreamWriter.SetRow writes for the same values, byte for byte
// (TestDataRowsAsExcelize). excelize still makes the sheet, its header,
// panes, widths and table; only the rows skip its per-cell work — a cell
// name, a cell struct, escaping through a strings.Builder and a regular
// expression over every text — which was most of the workbook's cost on a
// national run (27 000 rows of 14 columns).
type DataRows struct {
	Rec  arrow.RecordBatch
	Rows []int // the record's rows, in order: sheet rows 2, 3, …
	Date int   // style of date cells
}

// WriteRows writes the <row> elements.
func (d *DataRows) WriteRows(w io.Writer) error {
	letters := make([][]byte, d.Rec.NumCols())
	for c := range letters {
		name, err := excelize.ColumnNumberToName(c + 1)
		if err != nil {
			return err
		}
		letters[c] = []byte(name)
	}
	buf := make([]byte, 0, 64<<10)
	for r, i := range d.Rows {
		row := r + 2
		buf = append(buf, `<row r="`...)
		buf = strconv.AppendInt(buf, int64(row), 10)
		buf = append(buf, `">`...)
		for c, col := range d.Rec.Columns() {
			if col.IsNull(i) {
				continue
			}
			buf = d.cell(buf, letters[c], row, col, i)
		}
		buf = append(buf, `</row>`...)
		if len(buf) >= 60<<10 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	_, err := w.Write(buf)
	return err
}

// cell appends the cell of row i of col, as arrowCell and SetRow make it:
// text an inline string, numbers numbers, dates numbers in the date style.
func (d *DataRows) cell(buf, letters []byte, row int, col arrow.Array, i int) []byte {
	switch c := col.(type) {
	case *array.String:
		return appendTextCell(buf, letters, row, 0, c.Value(i))
	case *array.Dictionary:
		return appendTextCell(buf, letters, row, 0, c.Dictionary().(*array.String).Value(c.GetValueIndex(i)))
	case *array.Int64:
		return appendNumberCell(buf, letters, row, 0, strconv.AppendInt(nil, c.Value(i), 10))
	case *array.Int32:
		return appendNumberCell(buf, letters, row, 0, strconv.AppendInt(nil, int64(c.Value(i)), 10))
	case *array.Float64:
		v := c.Value(i)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return appendTextCell(buf, letters, row, 0, fmt.Sprint(v))
		}
		return appendNumberCell(buf, letters, row, 0, []byte(formatCellFloat(v, -1, 64)))
	case *array.Date32:
		return appendDateCell(buf, letters, row, d.Date, c.Value(i))
	case *array.List:
		return appendTextCell(buf, letters, row, 0, ListText(c, i))
	}
	return appendTextCell(buf, letters, row, 0, col.ValueStr(i))
}

// appendCellStart appends <c r="B7"[ s="3"][ t="…"]>.
func appendCellStart(buf, letters []byte, row, style int, typ string) []byte {
	buf = append(buf, `<c r="`...)
	buf = append(buf, letters...)
	buf = strconv.AppendInt(buf, int64(row), 10)
	buf = append(buf, '"')
	if style != 0 {
		buf = append(buf, ` s="`...)
		buf = strconv.AppendInt(buf, int64(style), 10)
		buf = append(buf, '"')
	}
	if typ != "" {
		buf = append(buf, ` t="`...)
		buf = append(buf, typ...)
		buf = append(buf, '"')
	}
	return append(buf, '>')
}

// appendNumberCell appends a number cell; v is digits, a sign and a point.
func appendNumberCell(buf, letters []byte, row, style int, v []byte) []byte {
	buf = appendCellStart(buf, letters, row, style, "")
	buf = append(buf, `<v>`...)
	buf = append(buf, v...)
	return append(buf, `</v></c>`...)
}

// appendTextCell appends an inline string cell, its text as excelize's
// trimCellValue makes it: cut to Excel's 32 767 characters, spaces at
// either end preserved, XML-escaped (line breaks kept), and text that
// looks like an escaped character (_x000D_) escaped itself.
func appendTextCell(buf, letters []byte, row, style int, s string) []byte {
	if len(s) > excelize.TotalCellChars && countUTF16(s) > excelize.TotalCellChars {
		s = truncateUTF16(s, excelize.TotalCellChars)
	}
	preserve := false
	if s != "" {
		for _, b := range [...]byte{9, 10, 13, 32} {
			if s[0] == b || s[len(s)-1] == b {
				preserve = true
				break
			}
		}
	}
	buf = appendCellStart(buf, letters, row, style, "inlineStr")
	buf = append(buf, `<is><t`...)
	if preserve {
		buf = append(buf, ` xml:space="preserve"`...)
	}
	buf = append(buf, '>')
	if plainText(s) {
		buf = append(buf, s...)
	} else {
		var sb strings.Builder
		_ = xml.EscapeText(&sb, []byte(s))
		buf = append(buf, bstrMarshal(strings.ReplaceAll(sb.String(), "&#xA;", "\n"))...)
	}
	return append(buf, `</t></is></c>`...)
}

// plainText reports whether s is written as it is: nothing for
// xml.EscapeText to change and nothing that looks like _xHHHH_.
func plainText(s string) bool {
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			switch {
			case b < 0x20, b == '&', b == '<', b == '>', b == '"', b == '\'':
				return false
			case b == '_' && i+1 < len(s) && s[i+1] == 'x':
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r > 0xD7FF && r < 0xE000 || r > 0xFFFD && r < 0x10000 {
			return false
		}
		i += n
	}
	return true
}

// appendDateCell appends a date as excelize's setCellTime does: the day's
// serial number in the 1900 date system (with its leap day of 1900), or,
// before the system's start, the date as RFC 3339 text.
func appendDateCell(buf, letters []byte, row, style int, d arrow.Date32) []byte {
	const (
		dec31of1899 = -25568 // days from 1970-01-01
		mar1of1900  = -25508
	)
	day := int64(d)
	var serial int64
	switch {
	case day >= mar1of1900:
		serial = day - dec31of1899 + 1 // Excel's 29 February 1900
	case day > dec31of1899:
		serial = day - dec31of1899
	default:
		return appendTextCellRaw(buf, letters, row, style, d.ToTime().Format("2006-01-02T15:04:05.999999999Z07:00"))
	}
	return appendNumberCell(buf, letters, row, style, strconv.AppendInt(nil, serial, 10))
}

// appendTextCellRaw appends an inline string cell whose text needs no
// escaping (setCellDefault writes it as it is).
func appendTextCellRaw(buf, letters []byte, row, style int, s string) []byte {
	buf = appendCellStart(buf, letters, row, style, "inlineStr")
	buf = append(buf, `<is><t>`...)
	buf = append(buf, s...)
	return append(buf, `</t></is></c>`...)
}

func countUTF16(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

func truncateUTF16(s string, max int) string {
	n := 0
	for i, r := range s {
		if n += utf16.RuneLen(r); n > max {
			return s[:i]
		}
	}
	return s
}

// The two functions below are excelize's (lib.go and cell.go, BSD-3-Clause,
// Copyright 2016 - 2026 The excelize Authors), unexported there: the rows
// must be written as excelize writes them.

var (
	bstrExp       = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)
	bstrEscapeExp = regexp.MustCompile(`x[a-fA-F\d]{4}_`)
)

// bstrMarshal escapes text that reads as an escaped character (_x000D_)
// by escaping its underscore (_x005F_x000D_).
func bstrMarshal(s string) (result string) {
	matches, l, cursor := bstrExp.FindAllStringSubmatchIndex(s, -1), len(s), 0
	for _, match := range matches {
		result += s[cursor:match[0]]
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			if match[1]+6 <= l && bstrEscapeExp.MatchString(s[match[1]:match[1]+6]) {
				_, err := strconv.Unquote(`"\u` + s[match[1]+1:match[1]+5] + `"`)
				if err == nil {
					result += subStr + "x005F" + subStr
					continue
				}
			}
			result += subStr + "x005F_"
			continue
		}
		if bstrExp.MatchString(subStr) {
			cursor = match[1]
			if _, err := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`); err == nil {
				result += "_x005F" + subStr
				continue
			}
		}
	}
	if cursor < l {
		result += s[cursor:]
	}
	return result
}

// formatCellFloat formats a number with at most Excel's 15 significant
// digits.
func formatCellFloat(value float64, prec, bitSize int) string {
	str := strconv.FormatFloat(value, 'f', prec, bitSize)
	if prec != -1 || math.Abs(value) == math.MaxFloat64 {
		return str
	}
	const maxPrec = 15
	decimal := strings.IndexByte(str, '.')
	significant := 0
	for idx := range str {
		if str[idx] < '0' || str[idx] > '9' || significant == 0 && str[idx] == '0' {
			continue
		}
		significant++
		if significant <= maxPrec {
			continue
		}
		if decimal >= 0 && idx > decimal {
			return strings.TrimSuffix(str[:idx], ".")
		}
		if decimal < 0 {
			decimal = len(str)
		}
		truncated := []byte(str[:decimal])
		for ; idx < len(truncated); idx++ {
			truncated[idx] = '0'
		}
		return string(truncated)
	}
	return str
}

// ListText is a list of texts as one text, "1.1; 3.1".
func ListText(c *array.List, i int) string {
	vals := c.ListValues().(*array.String)
	s, e := c.ValueOffsets(i)
	parts := make([]string, 0, e-s)
	for j := s; j < e; j++ {
		parts = append(parts, vals.Value(int(j)))
	}
	return strings.Join(parts, "; ")
}

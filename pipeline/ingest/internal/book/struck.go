package book

import (
	"bytes"
	"slices"
	"strconv"
)

// maxStyles is the most cell formats (and fonts) the fast reader looks
// at for struck-through text; Excel itself allows 64 000.
const maxStyles = 1 << 16

// struckStyles reads xl/styles.xml for the cell formats (<cellXfs>, the
// s attribute of a cell) whose font is struck through, by index; nil when
// there are none, as in most workbooks.
func struckStyles(b []byte) []bool {
	if !bytes.Contains(b, []byte("strike")) {
		return nil
	}
	s := newPartScanner(b)
	defer s.release()
	var fonts, xfs []bool
	var inFonts, inFont, inXfs bool
	for {
		tag, err := s.next()
		if err != nil {
			break
		}
		switch string(tag.local) {
		case "fonts":
			inFonts = !tag.end && !tag.selfClose
		case "font":
			if !inFonts || tag.end {
				inFont = false
			} else if len(fonts) < maxStyles {
				fonts = append(fonts, false)
				inFont = !tag.selfClose
			}
		case "strike":
			if inFont && !tag.end {
				fonts[len(fonts)-1] = struckVal(attr(tag.attrs, "val"))
			}
		case "cellXfs":
			inXfs = !tag.end && !tag.selfClose
		case "xf":
			if inXfs && !tag.end && len(xfs) < maxStyles {
				id, err := strconv.Atoi(attr(tag.attrs, "fontId"))
				xfs = append(xfs, err == nil && id >= 0 && id < len(fonts) && fonts[id])
			}
		}
	}
	if !slices.Contains(xfs, true) {
		return nil
	}
	return xfs
}

// struckVal reads a <strike> element's val: none is on.
func struckVal(v string) bool {
	return v == "" || v == "1" || v == "true"
}

// styles reads the workbook's struck-through cell formats, once.
func (w *fastWorkbook) styles() {
	if w.stylesRead {
		return
	}
	w.stylesRead = true
	b, err := w.readPart("xl/styles.xml", 16<<20)
	if err != nil {
		return // no styles, or none the reader can read: nothing struck
	}
	w.struckXf = struckStyles(b)
}

// richStrike follows the runs of a shared string's rich text (<r>) for
// whether all of its text is struck through. Text outside runs (a <t> of
// the <si> itself, which no writer mixes with runs) is not looked at.
type richStrike struct {
	inR, inRPr, runStruck bool
	runs, struck          int // runs with text, and of them struck
}

// tag follows one tag inside a run, or one starting it; text is the text
// before the tag.
func (rs *richStrike) tag(t tag, text []byte) {
	switch t.name {
	case "r":
		if t.end {
			rs.inR = false
		} else if !t.selfClose {
			rs.inR, rs.runStruck = true, false
		}
		return
	case "t":
		if t.end && len(bytes.TrimSpace(text)) > 0 {
			rs.runs++
			if rs.runStruck {
				rs.struck++
			}
		}
		return
	}
	switch string(t.local) {
	case "rPr":
		rs.inRPr = !t.end && !t.selfClose
	case "strike":
		if rs.inRPr && !t.end {
			rs.runStruck = struckVal(attr(t.attrs, "val"))
		}
	}
}

// all reports whether the string's runs with text are all struck.
func (rs *richStrike) all() bool {
	return rs.runs > 0 && rs.struck == rs.runs
}

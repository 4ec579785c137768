// Package xlsxw writes workbooks the same way every time: the zip with its
// parts in a fixed order, and sheets whose rows are written as XML straight
// from Arrow columns and the problem log, for the tables too large for
// excelize's cell API.
package xlsxw

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"regexp"
	"sort"

	"github.com/klauspost/compress/flate"
)

// Zip is an excelize ZipWriter that writes the parts of a workbook in
// a fixed order (excelize writes stream-written sheets in map order), so the
// same workbook always gives the same bytes. Each part is deflated as it is
// written and kept, compressed, until Close writes them all in order:
// copying a Data sheet's XML whole into memory first cost more than
// compressing it.
type Zip struct {
	w     io.Writer
	parts map[string]*zipPart
	fw    *flate.Writer // one deflater for all parts: making one costs more than a small part
	open  *zipPart      // the part being written
	// Rows are the Data sheets' Rows by part name, put in as their parts
	// are written (DataRows); held is such a part, kept as written until
	// it is complete.
	Rows map[string]RowSource
	held *zipPart
}

// zipPart is one part of the archive, deflated as it is written; the
// content types part is kept as written, to be put in order at Close.
type zipPart struct {
	raw        *bytes.Buffer // [Content_Types].xml, and a Data sheet until its rows go in
	rows       RowSource
	compressed bytes.Buffer
	fw         *flate.Writer // while the part is written
	crc        hash.Hash32
	size       uint64
}

func (p *zipPart) Write(b []byte) (int, error) {
	if p.raw != nil {
		return p.raw.Write(b)
	}
	if p.fw == nil {
		return 0, errors.New("zip: a part written after the next was created")
	}
	p.crc.Write(b)
	p.size += uint64(len(b))
	return p.fw.Write(b)
}

func NewZip(w io.Writer) *Zip {
	return &Zip{w: w, parts: map[string]*zipPart{}}
}

// contentTypes is the part whose entries sortDefaults puts in order.
const contentTypes = "[Content_Types].xml"

// Create starts a part; the part before it is complete (as with
// archive/zip, a part is written before the next is created).
func (z *Zip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	p := &zipPart{}
	if name == contentTypes {
		p.raw = &bytes.Buffer{}
	} else if rows := z.Rows[name]; rows != nil {
		p.raw, p.rows, z.held = &bytes.Buffer{}, rows, p
	} else if err := z.begin(p); err != nil {
		return nil, err
	}
	z.parts[name] = p
	return p, nil
}

// begin makes p the part being deflated.
func (z *Zip) begin(p *zipPart) error {
	p.crc = crc32.NewIEEE()
	// klauspost's deflate: about twice as fast as compress/flate on the
	// sheets' XML, for a workbook a few per cent larger.
	if z.fw == nil {
		fw, err := flate.NewWriter(&p.compressed, flate.DefaultCompression)
		if err != nil {
			return err
		}
		z.fw = fw
	} else {
		z.fw.Reset(&p.compressed)
	}
	p.fw, z.open = z.fw, p
	return nil
}

// finish completes the compression of the part being written, or of the
// Data sheet held, with its rows put in before </sheetData>.
func (z *Zip) finish() error {
	if p := z.held; p != nil {
		z.held = nil
		sheet := p.raw.Bytes()
		end := bytes.LastIndex(sheet, []byte("</sheetData>"))
		if end < 0 {
			return errors.New("zip: a Data sheet without <sheetData>")
		}
		p.raw = nil
		if err := z.begin(p); err != nil {
			return err
		}
		if _, err := p.Write(sheet[:end]); err != nil {
			return err
		}
		if err := p.rows.WriteRows(p); err != nil {
			return err
		}
		if _, err := p.Write(sheet[end:]); err != nil {
			return err
		}
	}
	if z.open == nil {
		return nil
	}
	err := z.open.fw.Close()
	z.open.fw, z.open = nil, nil
	return err
}

func (z *Zip) AddFS(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		w, err := z.Create(name)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	})
}

func (z *Zip) Close() error {
	if err := z.finish(); err != nil {
		return err
	}
	names := make([]string, 0, len(z.parts))
	for n := range z.parts {
		names = append(names, n)
	}
	for n := range z.Rows {
		if z.parts[n] == nil {
			return fmt.Errorf("zip: the rows of %s, but no such part", n)
		}
	}
	// [Content_Types].xml first, as Office writes it; then by name.
	sort.Slice(names, func(i, j int) bool {
		a, b := names[i] == contentTypes, names[j] == contentTypes
		if a != b {
			return a
		}
		return names[i] < names[j]
	})
	zw := zip.NewWriter(z.w)
	for _, n := range names {
		p := z.parts[n]
		if p.raw != nil {
			// Deflated now, its entries in order.
			raw := p.raw
			p.raw = nil
			if err := z.begin(p); err != nil {
				return err
			}
			if _, err := p.Write(sortDefaults(raw.Bytes())); err != nil {
				return err
			}
			if err := z.finish(); err != nil {
				return err
			}
		}
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: n, Method: zip.Deflate, CRC32: p.crc.Sum32(),
			CompressedSize64: uint64(p.compressed.Len()), UncompressedSize64: p.size,
		})
		if err != nil {
			return err
		}
		if _, err := w.Write(p.compressed.Bytes()); err != nil {
			return err
		}
	}
	return zw.Close()
}

var defaultRe = regexp.MustCompile(`<Default [^>]*?(?:/>|></Default>)`)

// sortDefaults puts the <Default> entries of [Content_Types].xml in a fixed
// order: excelize adds the image types of a workbook with charts from a map.
func sortDefaults(b []byte) []byte {
	locs := defaultRe.FindAllIndex(b, -1)
	if len(locs) < 2 {
		return b
	}
	entries := make([]string, len(locs))
	for i, l := range locs {
		entries[i] = string(b[l[0]:l[1]])
	}
	sort.Strings(entries)
	var out bytes.Buffer
	prev := 0
	for i, l := range locs {
		out.Write(b[prev:l[0]])
		out.WriteString(entries[i])
		prev = l[1]
	}
	out.Write(b[prev:])
	return out.Bytes()
}

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
	"sync"

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
	// rowsDone waits for the Data sheets deflated beside the other parts
	// (deflateRows).
	rowsDone sync.WaitGroup
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
	err        error // of a Data sheet deflated beside the others
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
		fw, err := flate.NewWriter(&p.compressed, level)
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
		z.rowsDone.Go(func() { p.err = p.deflateRows(sheet[:end], sheet[end:]) })
	}
	if z.open == nil {
		return nil
	}
	err := z.open.fw.Close()
	z.open.fw, z.open = nil, nil
	return err
}

// deflateRows deflates a Data sheet — head, its rows, tail — with a
// deflater of its own, while the parts after it are written: the rows are
// made as XML on one goroutine and deflated on another. On L the
// activities' Data sheet is 18 MB of XML, and its rows and their deflating,
// one after the other on one core, were the last 0.2 s of a run. The
// bytes are those of one deflater written all at once.
func (p *zipPart) deflateRows(head, tail []byte) error {
	fw, err := flate.NewWriter(&p.compressed, level)
	if err != nil {
		return err
	}
	p.crc, p.fw = crc32.NewIEEE(), fw
	full, free := make(chan []byte, 2), make(chan []byte, 3)
	for range cap(free) {
		free <- make([]byte, 0, rowsChunk)
	}
	deflated := make(chan error, 1)
	go func() {
		var err error
		for b := range full {
			if err == nil {
				_, err = p.Write(b)
			}
			free <- b[:0]
		}
		if err == nil {
			err = fw.Close()
		}
		p.fw = nil
		deflated <- err
	}()
	cw := &chunkWriter{buf: <-free, full: full, free: free}
	cw.Write(head)
	err = p.rows.WriteRows(cw)
	cw.Write(tail)
	full <- cw.buf
	close(full)
	if derr := <-deflated; err == nil {
		err = derr
	}
	return err
}

// level is the deflate level of every part: a Data sheet deflated on its
// own gives the bytes of the shared deflater.
const level = flate.DefaultCompression

// rowsChunk is how much of a Data sheet's XML goes to the deflater at a
// time.
const rowsChunk = 256 << 10

// chunkWriter gathers writes into chunks of rowsChunk bytes for the
// deflater (full), taking empty ones from free.
type chunkWriter struct {
	buf        []byte
	full, free chan []byte
}

func (c *chunkWriter) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 {
		k := min(len(b), rowsChunk-len(c.buf))
		c.buf = append(c.buf, b[:k]...)
		b = b[k:]
		if len(c.buf) == rowsChunk {
			c.full <- c.buf
			c.buf = <-c.free
		}
	}
	return n, nil
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
	err := z.finish()
	z.rowsDone.Wait()
	if err != nil {
		return err
	}
	for _, p := range z.parts {
		if p.err != nil {
			return p.err
		}
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

package reports

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"regexp"
	"sort"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// sortedZip is an excelize ZipWriter that writes the parts of a workbook in
// a fixed order (excelize writes stream-written sheets in map order), so the
// same workbook always gives the same bytes. Parts are kept in memory until
// Close; the Data sheets hold one period, so this stays small.
type sortedZip struct {
	w     io.Writer
	parts map[string]*bytes.Buffer
}

func newSortedZip(w io.Writer) excelize.ZipWriter {
	return &sortedZip{w: w, parts: map[string]*bytes.Buffer{}}
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	b := &bytes.Buffer{}
	z.parts[name] = b
	return b, nil
}

func (z *sortedZip) AddFS(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		z.parts[p] = bytes.NewBuffer(b)
		return nil
	})
}

func (z *sortedZip) Close() error {
	names := make([]string, 0, len(z.parts))
	for n := range z.parts {
		names = append(names, n)
	}
	// [Content_Types].xml first, as Office writes it; then by name.
	sort.Slice(names, func(i, j int) bool {
		a, b := names[i] == "[Content_Types].xml", names[j] == "[Content_Types].xml"
		if a != b {
			return a
		}
		return names[i] < names[j]
	})
	if ct, ok := z.parts["[Content_Types].xml"]; ok {
		z.parts["[Content_Types].xml"] = bytes.NewBuffer(sortDefaults(ct.Bytes()))
	}
	zw := zip.NewWriter(z.w)
	// klauspost's deflate: about twice as fast as compress/flate on the
	// sheets' XML, for a workbook a few per cent larger.
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.DefaultCompression)
	})
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			return err
		}
		if _, err := w.Write(z.parts[n].Bytes()); err != nil {
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

package reports

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestSortedZip: parts written in any order come out content types first,
// then by name, each with its content; a part written after the next one
// was created is an error, not a corrupt archive.
func TestSortedZip(t *testing.T) {
	var buf bytes.Buffer
	z := newSortedZip(&buf)
	parts := map[string]string{
		"xl/worksheets/sheet2.xml": strings.Repeat("<row>b</row>", 5000),
		contentTypes:               `<Types><Default Extension="xml"/><Default Extension="png"/></Types>`,
		"xl/workbook.xml":          "<workbook/>",
		"docProps/app.xml":         "",
	}
	var early io.Writer
	for _, name := range []string{"xl/worksheets/sheet2.xml", contentTypes, "xl/workbook.xml", "docProps/app.xml"} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, parts[name]); err != nil {
			t.Fatal(err)
		}
		if early == nil {
			early = w
		}
	}
	if _, err := early.Write([]byte("late")); err == nil {
		t.Error("a write to a finished part was taken")
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // checks the CRC too
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		want := parts[f.Name]
		if f.Name == contentTypes {
			want = `<Types><Default Extension="png"/><Default Extension="xml"/></Types>`
		}
		if string(got) != want {
			t.Errorf("%s: %.60q, want %.60q", f.Name, got, want)
		}
	}
	if got := strings.Join(names, " "); got != contentTypes+" docProps/app.xml xl/workbook.xml xl/worksheets/sheet2.xml" {
		t.Errorf("order: %s", got)
	}
}

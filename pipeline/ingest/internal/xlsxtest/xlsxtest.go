// Package xlsxtest makes workbooks for tests with parts written by hand:
// XML that another writer than excelize puts in a file.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"io"

	"github.com/xuri/excelize/v2"
)

// Rezip is the zip archive orig again, its parts stored with method
// (zip.Store or zip.Deflate), those named in parts replaced by their bytes.
func Rezip(orig []byte, method uint16, parts map[string][]byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(orig), int64(len(orig)))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		b, ok := parts[zf.Name]
		if !ok {
			rc, err := zf.Open()
			if err != nil {
				return nil, err
			}
			b, err = io.ReadAll(rc)
			rc.Close()
			if err != nil {
				return nil, err
			}
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: method})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(b); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Workbook is a new excelize workbook of one sheet, Sheet1
// (xl/worksheets/sheet1.xml), with the parts named in parts replaced.
func Workbook(parts map[string][]byte) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	var orig bytes.Buffer
	if err := f.Write(&orig); err != nil {
		return nil, err
	}
	return Rezip(orig.Bytes(), zip.Deflate, parts)
}

// Sheet is the text of a worksheet part whose <sheetData> holds data.
func Sheet(data string) []byte {
	return []byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + data + `</sheetData></worksheet>`)
}

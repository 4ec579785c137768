package book

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The benchmarks read a corpus made by cmd/gendata, named by the variable
// KULTURRAPPORT_BENCH_CORPUS (scripts/bench.sh sets it):
//
//	go run ./cmd/gendata -size M -out /tmp/corpus/M
//	KULTURRAPPORT_BENCH_CORPUS=/tmp/corpus/M go test -run '^$' -bench . ./pipeline/ingest/internal/book

func benchFiles(b *testing.B) []string {
	b.Helper()
	dir := os.Getenv("KULTURRAPPORT_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set KULTURRAPPORT_BENCH_CORPUS to a corpus made by cmd/gendata")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no .xlsx in %s", dir)
	}
	return files
}

// readAll reads every row of every sheet of the files with one reader and
// counts rows and non-empty cells.
func readAll(b *testing.B, files []string, excelizePath bool) (rows, cells int) {
	for _, f := range files {
		wb, err := OpenWorkbook(f, WorkbookLimits{Excelize: excelizePath})
		if err != nil {
			b.Fatal(err)
		}
		for _, sh := range wb.Sheets() {
			rr, err := wb.Rows(sh.Name)
			if err != nil {
				b.Fatal(err)
			}
			for rr.Scan() {
				rows++
				for _, c := range rr.Row() {
					if c != "" {
						cells++
					}
				}
			}
			rr.Close()
		}
		wb.Close()
	}
	return rows, cells
}

func benchRead(b *testing.B, excelizePath bool) {
	files := benchFiles(b)
	var rows, cells int
	for b.Loop() {
		rows, cells = readAll(b, files, excelizePath)
	}
	s := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(rows)/s, "rows/s")
	b.ReportMetric(float64(cells)/s, "cells/s")
}

// BenchmarkReadFast reads the corpus with the fast streaming reader.
func BenchmarkReadFast(b *testing.B) { benchRead(b, false) }

// BenchmarkReadExcelize reads it with excelize's Rows iterator (raw values).
func BenchmarkReadExcelize(b *testing.B) { benchRead(b, true) }

// BenchmarkFloor is the floor of reading: unzip every sheet and count its
// cells by scanning the bytes for "<c ", decoding nothing. It reads each
// file into memory and unzips it as the fast reader does (its inflater, on
// the file's bytes, the checksum checked), so that the floor stays what the
// reader cannot beat.
func BenchmarkFloor(b *testing.B) {
	files := benchFiles(b)
	var cells int
	buf := make([]byte, 256<<10)
	for b.Loop() {
		cells = 0
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				b.Fatal(err)
			}
			wb := &fastWorkbook{data: data, zr: zr}
			for _, zf := range zr.File {
				if !strings.HasPrefix(zf.Name, "xl/worksheets/") || !strings.HasSuffix(zf.Name, ".xml") {
					continue
				}
				rc, err := wb.open(zf)
				if err != nil {
					b.Fatal(err)
				}
				carry := 0
				for {
					n, err := rc.Read(buf[carry:])
					data := buf[:carry+n]
					cells += bytes.Count(data, []byte("<c "))
					// keep the last two bytes in case "<c " spans reads
					carry = copy(buf, data[max(0, len(data)-2):])
					cells -= bytes.Count(buf[:carry], []byte("<c "))
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
				}
				rc.Close()
			}
		}
	}
	s := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(cells)/s, "cells/s")
}

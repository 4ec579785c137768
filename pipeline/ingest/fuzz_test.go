package ingest

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/pipeline"
)

func FuzzDetectHeader(f *testing.F) {
	f.Add("Dato\tRegion\tKommunenr\tMål\tAktivitetstype\tTittel", "title\n\n")
	f.Add("Skoleår\tKommunenr\tElever", "")
	f.Add("Prosjekt\tPeriode\tRegion\tMål\tStatus", "x\ty")
	f.Fuzz(func(t *testing.T, header, above string) {
		var rows [][]string
		for _, line := range strings.Split(above, "\n") {
			rows = append(rows, strings.Split(line, "\t"))
		}
		rows = append(rows, strings.Split(header, "\t"))
		m, idx, ok := detectHeader(rows, "")
		if ok && (idx < 0 || idx >= len(rows) || m.kind == nil) {
			t.Errorf("detectHeader: row %d of %d, kind %v", idx, len(rows), m.kind)
		}
		for key, col := range m.cols {
			if col < 0 || col >= len(rows[idx]) {
				t.Errorf("column %s at %d, row has %d cells", key, col, len(rows[idx]))
			}
		}
	})
}

// fuzzIngest ingests one file and checks the accounting.
func fuzzIngest(t *testing.T, name string, data []byte) {
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	// A file must never make ingest hang: past a minute, crash with every
	// goroutine's stack, so that the fuzzer keeps the input. (A minute,
	// not less: a fuzz input is small and read in milliseconds, and the
	// bound must hold on a machine busy with other builds.)
	timer := time.AfterFunc(time.Minute, func() {
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		panic("ingest hangs:\n" + string(buf[:n]))
	})
	defer timer.Stop()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	ds, err := Ingest(context.Background(), fuzzRef, []string{p}, Options{Limits: Limits{MaxUnzippedMB: 64}}, mem)
	if err != nil {
		t.Fatal(err)
	}
	f := ds.Files[0]
	if f.RowsRead != f.RowsAccepted+f.RowsRejected {
		t.Errorf("read %d != accepted %d + rejected %d", f.RowsRead, f.RowsAccepted, f.RowsRejected)
	}
	rows := 0
	for _, rec := range ds.Tables {
		rows += int(rec.NumRows())
	}
	if rows != f.RowsAccepted {
		t.Errorf("tables hold %d rows, %d accepted", rows, f.RowsAccepted)
	}
	ds.Release()
	mem.AssertSize(t, 0)
}

var fuzzRef = func() *pipeline.Reference {
	r, err := loadRefErr()
	if err != nil {
		panic(err)
	}
	return r
}()

func FuzzIngestCSV(f *testing.F) {
	f.Add([]byte("Dato;Region;Kommunenr;Mål;Aktivitetstype;Tittel;Deltakere\n03.02.2026;BTV;3301;3.1;kommunebesøk;Besøk;12\nSum;;;;;;12\n"))
	f.Add([]byte("Prosjekt,Periode,Region,Mål,Status\nKRUt,2026-10,BTV,1.3,pågår\n"))
	f.Add([]byte("Skoleår\tKommunenr\tElever\n2025/2026\t3301\t1 234\n"))
	f.Add([]byte("\"a;b\";\"c\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzIngest(t, "f.csv", data) })
}

func FuzzIngestXLSX(f *testing.F) {
	for _, p := range []string{"../../testdata/ingest/libreoffice-aktiviteter.xlsx", "../../testdata/ingest/excelize-1904.xlsx"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzIngest(t, "f.xlsx", data) })
}

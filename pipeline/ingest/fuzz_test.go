package ingest

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/pipeline"
)

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"15.03.2026", "5.3.26", "2026-03-05", "46096", "46096.5", "31.02.2026", "", "1e308", "-1", "9.9.9999"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, raw string, date1904 bool) {
		d, err := ParseDate(raw, date1904)
		if err == nil && (d.Year() < 2000 || d.Year() > 2099) {
			t.Errorf("ParseDate(%q) = %s, outside 2000–2099", raw, d)
		}
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1 234", "1.234", "1.234,50 kr", "12,5", "kr 450,-", "-3", "1e9", "NaN", "Inf", "0x10", "1.2.3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, parse := range []func(string) (float64, error){ParseNumber, ParseDecimal} {
			v, err := parse(raw)
			if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
				t.Errorf("parse(%q) = %v", raw, v)
			}
		}
		if n, err := ParseCount(raw); err == nil && n < 0 {
			t.Errorf("ParseCount(%q) = %d", raw, n)
		}
	})
}

var fourDigits = regexp.MustCompile(`^\d{4}$`)

func FuzzNormaliseKommunenr(f *testing.F) {
	for _, s := range []string{"3301", "301", "3301.0", "K-3301", "33011", "Drammen", "", "٣٣٠١"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if k, err := NormaliseKommunenr(raw); err == nil && !fourDigits.MatchString(k) {
			t.Errorf("NormaliseKommunenr(%q) = %q", raw, k)
		}
	})
}

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
	// A file must never make ingest hang: past ten seconds, crash with every
	// goroutine's stack, so that the fuzzer keeps the input.
	timer := time.AfterFunc(10*time.Second, func() {
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

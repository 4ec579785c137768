package ingest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/pipeline"
)

// TestODSReadsAsXLSX: the sample's messiest workbooks — title rows, an
// instructions sheet before the data, text dates, totals rows, every
// deliberate mistake, several sheets of statistics — saved by LibreOffice as
// .ods read as the .xlsx do: the same sheet, rows, rejections and warnings
// at the same cells, and the same values in the tables.
func TestODSReadsAsXLSX(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("LibreOffice is not installed (.ci/run installs libreoffice-calc-nogui)")
		}
		t.Skip("soffice not installed: apt-get install libreoffice-calc-nogui")
	}
	names := []string{"aktiviteter-buskerud-2026-03", "aktiviteter-telemark-2026-09", "aktiviteter-vestfold-2026-06",
		"prosjekter-btv-2026-05", "kulturskolestatistikk-btv", "kommentarer-btv-2026-10"}
	xlsxDir, odsDir := t.TempDir(), t.TempDir()
	var args []string
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "sample", n+".xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(xlsxDir, n+".xlsx")
		os.WriteFile(p, b, 0o644)
		args = append(args, p)
	}
	cmd := exec.Command(soffice, append([]string{"--headless", "--convert-to", "ods", "--outdir", odsDir}, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	read := func(dir string) (map[string]string, map[string][]string) {
		ds := ingest(t, memory.DefaultAllocator, dir)
		defer ds.Release()
		files := map[string]string{}
		for _, f := range ds.Files {
			var b strings.Builder
			fmt.Fprintf(&b, "%s %s %s read %d accepted %d rejected %d skipped %d\n", f.Status, f.Kind, f.Sheet, f.RowsRead, f.RowsAccepted, f.RowsRejected, f.RowsSkipped)
			for _, p := range f.Rejected {
				fmt.Fprintf(&b, "rejected %s!%s %s «%s»\n", p.Sheet, p.Cell, p.Reason, p.Value)
			}
			for _, p := range f.Warnings {
				fmt.Fprintf(&b, "warning %s!%s %s\n", p.Sheet, p.Cell, p.Reason)
			}
			// A duplicate names the other file, by its path.
			said := strings.NewReplacer(dir, "DIR", ".xlsx:", ":", ".ods:", ":").Replace(b.String())
			files[strings.TrimSuffix(filepath.Base(f.Path), filepath.Ext(f.Path))] = said
		}
		tables := map[string][]string{}
		for name, rec := range ds.Tables {
			for i := range int(rec.NumRows()) {
				var cells []string
				for j, fl := range rec.Schema().Fields() {
					if fl.Name == pipeline.FieldSourceFile {
						continue
					}
					cells = append(cells, rec.Column(j).ValueStr(i))
				}
				tables[name] = append(tables[name], strings.Join(cells, "|"))
			}
			slices.Sort(tables[name])
		}
		return files, tables
	}
	xf, xt := read(xlsxDir)
	of, ot := read(odsDir)
	for _, n := range names {
		if xf[n] != of[n] {
			t.Errorf("%s:\n.xlsx %s.ods  %s", n, xf[n], of[n])
		}
	}
	for name, rows := range xt {
		if len(rows) == 0 {
			continue
		}
		if !slices.Equal(rows, ot[name]) {
			t.Errorf("table %s: %d rows from .xlsx, %d from .ods; first that differ:", name, len(rows), len(ot[name]))
			for i := range min(len(rows), len(ot[name])) {
				if rows[i] != ot[name][i] {
					t.Errorf(".xlsx %s\n.ods  %s", rows[i], ot[name][i])
					break
				}
			}
		}
	}
}

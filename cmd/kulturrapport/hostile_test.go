package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"kulturrapport/pipeline/hostile"
)

// runJSON is what the tests read of run.json.
type runJSON struct {
	Files []struct {
		Path         string `json:"path"`
		Status       string `json:"status"`
		Reason       string `json:"reason"`
		RowsRead     int    `json:"rows_read"`
		RowsAccepted int    `json:"rows_accepted"`
		RowsRejected int    `json:"rows_rejected"`
		Rejected     []struct {
			Cell, Reason string
		} `json:"rejected"`
		Warnings []struct {
			Cell, Reason string
		} `json:"warnings"`
	} `json:"files"`
	Totals struct {
		ValuesLost int `json:"values_lost"`
	} `json:"totals"`
}

func readRunJSON(t *testing.T, dir string) runJSON {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r runJSON
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestSampleWithHostileFiles: the sample and every hostile input in one
// run: the whole report is written, each hostile file is accounted for as
// it should be, and nothing from a file reaches the terminal raw.
func TestSampleWithHostileFiles(t *testing.T) {
	in := t.TempDir()
	if err := hostile.Write(in); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	code, stdout, stderr := kr(t, "run", "--period", "2026-10", "--out", out, sample, in)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	dir := filepath.Join(out, "2026-10")
	completeReport(t, dir)
	got := map[string]string{}
	for _, f := range readRunJSON(t, dir).Files {
		got[filepath.Base(f.Path)] = f.Status + ": " + f.Reason
		if f.RowsRead != f.RowsAccepted+f.RowsRejected {
			t.Errorf("%s: rows read %d ≠ %d + %d", f.Path, f.RowsRead, f.RowsAccepted, f.RowsRejected)
		}
	}
	for _, c := range hostile.Applicable() {
		status, reason := c.Status, c.Reason
		if c.FolderStatus != "" {
			status, reason = c.FolderStatus, c.FolderReason
		}
		if g := got[c.Name]; !strings.HasPrefix(g, status+": ") || !strings.Contains(g, reason) {
			t.Errorf("%q: got %q, want %s with %q", c.Name, g, status, reason)
		}
	}
	for _, r := range stdout + stderr {
		if unicode.IsControl(r) && r != '\n' {
			t.Fatalf("a control character %U reached the terminal:\n%s", r, stdout)
		}
	}
	// --strict: an unreadable file is data lost, exit 3.
	if code, _, _ := kr(t, "validate", "--strict", in); code != exitRejected {
		t.Errorf("validate --strict on the hostile files: exit %d, want %d", code, exitRejected)
	}
}

// TestOutputNeverReadsItself: a run whose output folder is inside its
// input folder, twice, reads the same rows both times.
func TestOutputNeverReadsItself(t *testing.T) {
	in := t.TempDir()
	copyDir(t, sample, in)
	out := filepath.Join(in, "rapporter")
	var first []byte
	for i := 0; i < 2; i++ {
		code, stdout, stderr := kr(t, "run", "--period", "2026-10", "--out", out, in)
		if code != exitOK {
			t.Fatalf("run %d: exit %d\n%s%s", i+1, code, stdout, stderr)
		}
		b, err := os.ReadFile(filepath.Join(out, "2026-10", "run.json"))
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b
		} else if string(b) != string(first) {
			t.Errorf("the second run read differently from the first")
		}
	}
	// Named outside the walk, a summary the tool wrote is still skipped.
	code, stdout, _ := kr(t, "validate", filepath.Join(out, "2026-10", "sammendrag.xlsx"))
	if code != exitOK || !strings.Contains(stdout, "skrevet av kulturrapport") {
		t.Errorf("validate of the tool's own summary: exit %d\n%s", code, stdout)
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// activityLog writes an activity log of rows (each a full row of cells
// under the usual header) saved at saved, and returns its path.
func activityLog(t *testing.T, path string, saved time.Time, rows ...[]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Aktiviteter")
	f.SetSheetRow("Aktiviteter", "A1", &[]any{"Dato", "Region", "Kommunenr", "Mål", "Aktivitetstype", "Tittel", "Deltakere", "Ansvarlig"})
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		f.SetSheetRow("Aktiviteter", cell, &r)
	}
	f.SetDocProps(&excelize.DocProperties{Creator: "region", Modified: saved.Format(time.RFC3339)})
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestResubmissionReplaces: a corrected file sent again replaces the
// earlier one, whatever the names' order; separate county logs of one
// region and month are separate reports.
func TestResubmissionReplaces(t *testing.T) {
	in := t.TempDir()
	day := time.Date(2026, 10, 5, 12, 0, 0, 0, time.UTC)
	a := []any{"03.10.2026", "BTV", "3301", "3.1", "kommunebesøk", "Besøk Drammen", 12, "Kari"}
	b := []any{"04.10.2026", "BTV", "3303", "3.1", "kommunebesøk", "Besøk Kongsberg", 8, "Kari"}
	corrected := append([]any{}, a...)
	corrected[6] = 13
	// The correction's name sorts before the original's.
	activityLog(t, filepath.Join(in, "aktiviteter-buskerud-2026-10.xlsx"), day, a, b)
	activityLog(t, filepath.Join(in, "aktiviteter-buskerud-2026-10 (1).xlsx"), day.Add(48*time.Hour), corrected, b)
	activityLog(t, filepath.Join(in, "aktiviteter-telemark-2026-10.xlsx"), day, []any{"03.10.2026", "BTV", "4003", "3.1", "kommunebesøk", "Besøk Skien", 9, "Ola"})
	out := t.TempDir()
	if code, stdout, stderr := kr(t, "run", "--period", "2026-10", "--out", out, in); code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	files := readRunJSON(t, filepath.Join(out, "2026-10")).Files
	status := map[string]string{}
	for _, f := range files {
		status[filepath.Base(f.Path)] = f.Status
		if f.RowsRejected != 0 {
			t.Errorf("%s: %d rows rejected: %v", f.Path, f.RowsRejected, f.Rejected)
		}
	}
	want := map[string]string{
		"aktiviteter-buskerud-2026-10.xlsx":     "replaced",
		"aktiviteter-buskerud-2026-10 (1).xlsx": "ok",
		"aktiviteter-telemark-2026-10.xlsx":     "ok",
	}
	for name, s := range want {
		if status[name] != s {
			t.Errorf("%s: %s, want %s", name, status[name], s)
		}
	}
	// The correction's 13 is what the data holds.
	code, stdout, _ := kr(t, "validate", "--json", in)
	if code != exitOK || !strings.Contains(stdout, `"status": "replaced"`) || !strings.Contains(stdout, "erstattet av") {
		t.Errorf("validate --json does not show the replacement:\n%.2000s", stdout)
	}
}

// TestNearDuplicatesAreWarned: two people log the same date, title,
// municipality and type with other details: both rows count, with a
// warning; a row equal in every field is a duplicate. A totals row is
// found in whatever column holds its word.
func TestNearDuplicatesAreWarned(t *testing.T) {
	in := t.TempDir()
	day := time.Date(2026, 10, 5, 12, 0, 0, 0, time.UTC)
	a := []any{"03.10.2026", "BTV", "3301", "3.1", "kommunebesøk", "Besøk Drammen", 12, "Kari"}
	near := []any{"03.10.2026", "BTV", "3301", "3.2", "kommunebesøk", "Besøk Drammen", 14, "Ola"}
	total := []any{"", "", "", "", "", "I alt", 26, ""}
	activityLog(t, filepath.Join(in, "aktiviteter-buskerud-2026-10.xlsx"), day, a, near, a, total)
	twin := append([]any{}, a...)
	twin[7] = "Per"
	activityLog(t, filepath.Join(in, "aktiviteter-vestfold-2026-10.xlsx"), day, near, twin)
	code, stdout, _ := kr(t, "validate", "--json", in)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var files []struct {
		Read     int `json:"rows_read"`
		Accepted int `json:"rows_accepted"`
		Skipped  int `json:"rows_skipped"`
		Rejected []struct{ Cell, Reason string }
		Warnings []struct{ Cell, Reason string }
	}
	if err := json.Unmarshal([]byte(stdout), &files); err != nil {
		t.Fatal(err)
	}
	bus, vest := files[0], files[1]
	if bus.Read != 3 || bus.Accepted != 2 || bus.Skipped != 1 || len(bus.Rejected) != 1 || bus.Rejected[0].Cell != "F4" {
		t.Errorf("buskerud: read %d, accepted %d, skipped %d, rejected %v; want 3, 2, 1 and F4", bus.Read, bus.Accepted, bus.Skipped, bus.Rejected)
	}
	if !hasWarning(bus.Warnings, "F3", "mulig dobbeltregistrering") {
		t.Errorf("buskerud: no near-duplicate warning at F3: %v", bus.Warnings)
	}
	// Vestfold's first row is equal in every field to Buskerud's second:
	// a duplicate across files; its second differs from Buskerud's first
	// only in who is responsible: kept, with a warning.
	if vest.Accepted != 1 || len(vest.Rejected) != 1 || vest.Rejected[0].Cell != "F2" || !hasWarning(vest.Warnings, "F3", "mulig dobbeltregistrering") {
		t.Errorf("vestfold: accepted %d, rejected %v, warnings %v; want 1, F2 and a warning at F3", vest.Accepted, vest.Rejected, vest.Warnings)
	}
}

func hasWarning(ws []struct{ Cell, Reason string }, cell, text string) bool {
	for _, w := range ws {
		if w.Cell == cell && strings.Contains(w.Reason, text) {
			return true
		}
	}
	return false
}

// TestStrictCountsLostValues: a formula saved without its result (as a
// script's openpyxl writes it) is read as empty and said; with --strict it
// is data lost, exit 3, though no row was rejected, and the summary names
// the cell.
func TestStrictCountsLostValues(t *testing.T) {
	in := t.TempDir()
	path := activityLog(t, filepath.Join(in, "aktiviteter-buskerud-2026-10.xlsx"), time.Date(2026, 10, 5, 12, 0, 0, 0, time.UTC),
		[]any{"03.10.2026", "BTV", "3301", "3.1", "kommunebesøk", "Besøk Drammen", 12, "Kari"},
		[]any{"04.10.2026", "BTV", "3303", "3.1", "kommunebesøk", "Besøk Kongsberg", nil, "Kari"})
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellFormula("Aktiviteter", "G3", "5+3")
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out := t.TempDir()
	code, stdout, stderr := kr(t, "run", "--period", "2026-10", "--out", out, path)
	if code != exitOK {
		t.Fatalf("without --strict: exit %d\n%s%s", code, stdout, stderr)
	}
	if want := "Tapte verdier (1 formel uten lagret resultat):\n  " + path + ":Aktiviteter!G3: formel uten lagret resultat er lest som tom"; !strings.Contains(stdout, want) {
		t.Errorf("the summary does not name the lost value (%q):\n%s", want, stdout)
	}
	if !strings.Contains(stdout, "2 godtatt + 0 avvist") {
		t.Errorf("want both rows accepted:\n%s", stdout)
	}
	if got := readRunJSON(t, filepath.Join(out, "2026-10")).Totals.ValuesLost; got != 1 {
		t.Errorf("run.json totals.values_lost %d, want 1", got)
	}
	for _, args := range [][]string{{"run", "--quiet", "--strict", "--period", "2026-10", "--out", out, path}, {"validate", "--strict", path}} {
		if code, _, stderr := kr(t, args...); code != exitRejected {
			t.Errorf("%s --strict: exit %d, want %d\n%s", args[0], code, exitRejected, stderr)
		}
	}
}

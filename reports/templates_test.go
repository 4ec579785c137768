package reports

import (
	"archive/zip"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/pipeline/batch"
)

// fill writes rows into a template's data sheet, as a region would, and
// saves it under a new name.
func fill(t *testing.T, template, sheet, out string, rows [][]any) {
	t.Helper()
	f, err := excelize.OpenFile(template)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(out); err != nil {
		t.Fatal(err)
	}
}

func TestTemplatesRoundTrip(t *testing.T) {
	cfg, err := config.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files, err := WriteTemplates(dir, cfg)
	if err != nil || len(files) != len(pipeline.Kinds()) {
		t.Fatalf("%v %v", files, err)
	}
	day := time.Date(2026, 10, 6, 0, 0, 0, 0, time.UTC)
	good := map[string][][]any{
		"aktiviteter": {
			// Dato, Region, Kommunenr, Mål, Tiltak, Aktivitetstype, Tittel, Deltakere, Ansvarlig, Merknad
			{day, "BTV", "3301 Drammen", "3.1", "3.1.R1", "kommunebesøk", "Besøk i Drammen", 12, "Kari", ""},
			{day.AddDate(0, 0, 1), "BTV", "", "1.2", "1.2.R1", "sosiale medier", "Innlegg", nil, "", ""},
			{day.AddDate(0, 0, 2), "BTV", "3338 Nore og Uvdal", "1.1; 3.2", "1.1.R6", "rektornettverk", "Nettverksmøte", 9, "", "ok"},
		},
		"prosjekter": {
			{"El Sistema", "2026-10", "BTV", "1.3", "pågår", "internasjonal", 40, "3301; 3303", 900000, 450000, ""},
		},
		"statistikk": {
			{"2025/2026", "3301 Drammen", "Drammen", 1200, 1000, 1350, 90, 80, 13000, 5, 12.5, 3400},
		},
		"kommentarer": {
			{"2026-10", "1.3", "Færre initiativ enn planlagt.", "Ny søknad i november.", "Kari"},
			{"2026-10", "initiativ-prosjekter", "To søknader ble ikke innvilget.", "", ""},
		},
	}
	var filled []string
	for _, k := range pipeline.Kinds() {
		out := filepath.Join(dir, "utfylt-"+k.Name+".xlsx")
		fill(t, filepath.Join(dir, TemplateFile(k.Name)), k.Template.Sheet, out, good[k.Name])
		filled = append(filled, out)
	}
	res, err := batch.Run(context.Background(), cfg, batch.RunOptions{Period: pipeline.MonthFor(2026, 10), Files: filled})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Release()
	for _, f := range res.Data.Files {
		if f.Status != pipeline.StatusOK || f.RowsRejected != 0 || f.RowsAccepted == 0 {
			t.Errorf("%s: %s, %d accepted, rejected %+v", filepath.Base(f.Path), f.Status, f.RowsAccepted, f.Rejected)
		}
	}

	// A wrong value is rejected and named by its cell.
	bad := append([][]any(nil), good["aktiviteter"]...)
	bad[1] = []any{day, "BTV", "", "9.9", "", "kurs", "Kurs", 3, "", ""}
	out := filepath.Join(dir, "feil.xlsx")
	fill(t, filepath.Join(dir, TemplateFile("aktiviteter")), "Aktiviteter", out, bad)
	res2, err := batch.Run(context.Background(), cfg, batch.RunOptions{Period: pipeline.MonthFor(2026, 10), Files: []string{out}})
	if err != nil {
		t.Fatal(err)
	}
	defer res2.Release()
	f := res2.Data.Files[0]
	if f.RowsRejected != 1 || f.Rejected[0].Cell != "D3" || f.Rejected[0].Sheet != "Aktiviteter" {
		t.Errorf("wrong goal: %+v", f.Rejected)
	}
}

func TestTemplateDropdownsAndProtection(t *testing.T) {
	cfg, err := config.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := WriteTemplates(dir, cfg); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, TemplateFile("aktiviteter")))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dvs, err := f.GetDataValidations("Aktiviteter")
	if err != nil {
		t.Fatal(err)
	}
	byCol := map[string]string{}
	for _, dv := range dvs {
		byCol[dv.Sqref[:1]] = dv.Formula1
	}
	for col, want := range map[string]string{
		"B": `"BTV"`, "C": "Lister", "D": "Lister", "E": "INDIRECT", "F": "kommunebesøk", "H": "0",
	} {
		if !strings.Contains(byCol[col], want) {
			t.Errorf("column %s: dropdown %q, want %q in it", col, byCol[col], want)
		}
	}
	if visible, _ := f.GetSheetVisible(SheetLists); visible {
		t.Error("the lists sheet is visible")
	}
	// Each goal's measures have a name the measure dropdown refers to.
	names := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		names[dn.Name] = dn.RefersTo
	}
	if !strings.Contains(names["Tiltak_3_1"], "Lister") {
		t.Errorf("no list of goal 3.1's measures: %v", names["Tiltak_3_1"])
	}
	// The data sheet is protected, its header locked and its rows not.
	zr, err := zip.OpenReader(filepath.Join(dir, TemplateFile("aktiviteter")))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	protected := false
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/worksheets/") {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			protected = protected || strings.Contains(string(b), "<sheetProtection")
		}
	}
	if !protected {
		t.Error("no sheet is protected")
	}
	s1, _ := f.GetCellStyle("Aktiviteter", "A1")
	s2, _ := f.GetCellStyle("Aktiviteter", "A2")
	st1, _ := f.GetStyle(s1)
	st2, _ := f.GetStyle(s2)
	if (st1.Protection != nil && !st1.Protection.Locked) || st2.Protection == nil || st2.Protection.Locked {
		t.Errorf("header protection %+v, row protection %+v", st1.Protection, st2.Protection)
	}
}

package main

import (
	"bytes"
	"path/filepath"

	"github.com/xuri/excelize/v2"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/reports"
)

// writeComments writes the region's comments for October 2026 the way a
// person would: the comments template, filled in (with one comment kept
// from September). The texts speak of what the numbers cannot say.
func writeComments(out string, cfg *config.Config) error {
	var tmpl bytes.Buffer
	if err := reports.WriteTemplate(&tmpl, cfg, pipeline.Comments); err != nil {
		return err
	}
	f, err := excelize.OpenReader(&tmpl)
	if err != nil {
		return err
	}
	defer f.Close()
	rows := [][]any{
		{"2026-09", "1.3", "Søknadene om Interreg-midler til to nye prosjekter er til behandling.", "", "Kari Nordmann"},
		{"2026-10", "1.3", "Færre prosjektinitiativ enn planlagt i år: begge søknadene om Interreg-midler ble avslått i oktober.", "Ny søknad sendes i november, med kulturskolene i Telemark som partnere.", "Kari Nordmann"},
		{"2026-10", "3.1", "Kommunebesøkene følger planen, men rulleringen på tre år er ikke fullført: flere kommuner i Telemark står igjen.", "De resterende kommunene besøkes innen juni 2027.", "Ola Hansen"},
		{"2026-10", "elevavgift-median", "Elevavgiften har stått stille i år, men ligger over målet i alle tre fylker.", "Tas opp med rektornettverket før budsjettarbeidet i kommunene.", "Ingrid Berg"},
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(pipeline.Comments.Template.Sheet, cell, &row); err != nil {
			return err
		}
	}
	return f.SaveAs(filepath.Join(out, "kommentarer-btv-2026-10.xlsx"))
}

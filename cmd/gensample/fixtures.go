package main

import (
	"os"
	"path/filepath"
	"time"

	"github.com/xuri/excelize/v2"
)

// writeFixtures writes the excelize-made test files of testdata/ingest: the
// cases the sample does not cover.
func writeFixtures(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Dates as serials of the 1904 date system (old Excel for Mac).
	f := excelize.NewFile()
	defer f.Close()
	date1904 := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
		return err
	}
	sh := "Sheet1"
	f.SetSheetRow(sh, "A1", &[]string{"Dato", "Region", "Mål", "Aktivitetstype", "Tittel"})
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for i, d := range []time.Time{
		time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
	} {
		row := i + 2
		cell, _ := excelize.CoordinatesToCellName(1, row)
		// Days since 1904-01-01, as Excel stores them in this system.
		serial := d.Sub(time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)).Hours() / 24
		f.SetCellFloat(sh, cell, serial, 0, 64)
		f.SetCellStyle(sh, cell, cell, style)
		f.SetSheetRow(sh, "B"+cell[1:], &[]string{"BTV", "1.2", "publisering", "Artikkel " + d.Format("2006-01-02")})
	}
	return f.SaveAs(filepath.Join(dir, "excelize-1904.xlsx"))
}

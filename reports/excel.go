package reports

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"kulturrapport/pipeline"
)

// Sheet names of the summary workbook.
const (
	SheetSummary  = "Sammendrag"
	SheetQuality  = "Datakvalitet"
	SheetFiles    = "Filer"
	sheetDefault  = "Sheet1"
	excelMaxWidth = 80
)

// WriteExcel writes the summary workbook (sammendrag.xlsx) of res to w.
// Text from the inputs is always written as a string cell, never as a
// formula.
func WriteExcel(w io.Writer, res *pipeline.Result) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsx{f: f, lang: res.Lang}
	x.styles()

	if err := f.SetSheetName(sheetDefault, SheetSummary); err != nil {
		return err
	}
	x.summary(res)
	x.quality(res)
	x.files(res)
	if err := x.err; err != nil {
		return fmt.Errorf("writing workbook: %w", err)
	}
	// Fixed document properties: the same inputs give the same bytes.
	epoch := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: "kulturrapport", LastModifiedBy: "kulturrapport",
		Title:   T(res.Lang, "report.title") + " " + res.Period,
		Subject: res.Config.Organisation + " – " + res.Config.Strategy,
		Created: epoch, Modified: epoch, Language: map[string]string{"nb": "nb-NO", "en": "en-GB"}[res.Lang],
	}); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err := f.WriteTo(w)
	return err
}

// xlsx keeps the first error, so that writing code stays linear.
type xlsx struct {
	f      *excelize.File
	lang   string
	err    error
	header int
	title  int
	status map[pipeline.Status]int
	num0   int
	num1   int
	wrap   int
}

func (x *xlsx) check(err error) {
	if err != nil && x.err == nil {
		x.err = err
	}
}

func (x *xlsx) styles() {
	var err error
	x.header, err = x.f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	x.check(err)
	x.title, err = x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Color: "1F4E79"}})
	x.check(err)
	x.num0, err = x.f.NewStyle(&excelize.Style{NumFmt: 3}) // #,##0
	x.check(err)
	x.num1, err = x.f.NewStyle(&excelize.Style{CustomNumFmt: strPtr("#,##0.0")})
	x.check(err)
	x.wrap, err = x.f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	x.check(err)
	x.status = map[pipeline.Status]int{}
	for _, s := range []pipeline.Status{pipeline.Green, pipeline.Yellow, pipeline.Red, pipeline.NoData, pipeline.None} {
		color := statusColor(s)[1:]
		id, err := x.f.NewStyle(&excelize.Style{
			Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
			Alignment: &excelize.Alignment{Horizontal: "center"},
		})
		x.check(err)
		x.status[s] = id
	}
}

// str writes text as a string cell: never parsed as a formula or number.
func (x *xlsx) str(sheet string, col, row int, s string) {
	cell, _ := excelize.CoordinatesToCellName(col, row)
	x.check(x.f.SetCellStr(sheet, cell, s))
}

func (x *xlsx) num(sheet string, col, row int, v *float64, decimals int) {
	if v == nil {
		return
	}
	cell, _ := excelize.CoordinatesToCellName(col, row)
	x.check(x.f.SetCellFloat(sheet, cell, round(*v, decimals), decimals, 64))
	style := x.num0
	if decimals > 0 {
		style = x.num1
	}
	x.check(x.f.SetCellStyle(sheet, cell, cell, style))
}

func (x *xlsx) int(sheet string, col, row int, v int) {
	cell, _ := excelize.CoordinatesToCellName(col, row)
	x.check(x.f.SetCellInt(sheet, cell, int64(v)))
}

// headerRow writes a styled header row, freezes the rows above and it,
// and sets an autofilter over the table.
func (x *xlsx) headerRow(sheet string, row int, heads []string) {
	for i, h := range heads {
		x.str(sheet, i+1, row, h)
	}
	first, _ := excelize.CoordinatesToCellName(1, row)
	last, _ := excelize.CoordinatesToCellName(len(heads), row)
	x.check(x.f.SetCellStyle(sheet, first, last, x.header))
	x.check(x.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: fmt.Sprintf("A%d", row+1), ActivePane: "bottomLeft"}))
}

// printLayout prints the sheet in landscape, one page wide.
func (x *xlsx) printLayout(sheet string) {
	x.check(x.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size:        intPtr(9), // A4
		Orientation: strPtr("landscape"),
		FitToWidth:  intPtr(1),
		FitToHeight: intPtr(0),
	}))
	x.check(x.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: boolPtr(true)}))
}

func (x *xlsx) widths(sheet string, widths ...float64) {
	x.printLayout(sheet)
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		x.check(x.f.SetColWidth(sheet, col, col, min(w, excelMaxWidth)))
	}
}

func (x *xlsx) autofilter(sheet string, headerRow, lastRow, cols int) {
	if lastRow <= headerRow {
		return
	}
	last, _ := excelize.CoordinatesToCellName(cols, lastRow)
	x.check(x.f.AutoFilter(sheet, fmt.Sprintf("A%d:%s", headerRow, last), nil))
}

func (x *xlsx) summary(res *pipeline.Result) {
	sh, lang := SheetSummary, x.lang
	x.str(sh, 1, 1, res.Config.Organisation+" – "+T(lang, "report.title")+" "+PeriodLabel(lang, res.Period))
	x.check(x.f.SetCellStyle(sh, "A1", "A1", x.title))
	x.str(sh, 1, 2, res.Config.Strategy+" · "+res.Config.Mission.Name)
	heads := []string{T(lang, "area"), T(lang, "goal"), T(lang, "indicator"), T(lang, "value"), T(lang, "target"),
		T(lang, "status"), T(lang, "change.month"), T(lang, "change.year"), T(lang, "numerator"), T(lang, "denominator"), T(lang, "window")}
	const hr = 4
	x.headerRow(sh, hr, heads)
	row := hr + 1
	for _, ind := range res.Indicators {
		def := ind.Def
		_, area, _ := res.Config.Goal(ind.Goal)
		areaName := ""
		if area != nil {
			areaName = area.Code + " " + area.DisplayName(lang)
		}
		goal, _, _ := res.Config.Goal(ind.Goal)
		goalName := ind.Goal
		if goal != nil {
			goalName = goal.Code + " " + goal.Short
		}
		x.str(sh, 1, row, areaName)
		x.str(sh, 2, row, goalName)
		x.str(sh, 3, row, def.DisplayName(lang))
		x.num(sh, 4, row, ind.Value, def.Decimals)
		x.num(sh, 5, row, ind.Target, def.Decimals)
		word, sym, _ := statusInfo(lang, ind.Status)
		x.str(sh, 6, row, sym+" "+word)
		cell, _ := excelize.CoordinatesToCellName(6, row)
		x.check(x.f.SetCellStyle(sh, cell, cell, x.status[ind.Status]))
		x.num(sh, 7, row, ind.ChangeMonth, def.Decimals)
		x.num(sh, 8, row, ind.ChangeYear, def.Decimals)
		x.num(sh, 9, row, ind.Numerator, 0)
		x.num(sh, 10, row, ind.Denominator, 0)
		x.str(sh, 11, row, fmt.Sprintf("%s – %s", ind.WindowFrom, ind.WindowTo))
		row++
	}
	x.autofilter(sh, hr, row-1, len(heads))
	x.widths(sh, 38, 40, 42, 11, 11, 14, 12, 12, 10, 10, 19)
}

func (x *xlsx) quality(res *pipeline.Result) {
	sh, lang := SheetQuality, x.lang
	_, err := x.f.NewSheet(sh)
	x.check(err)
	t := res.Totals
	x.str(sh, 1, 1, fmt.Sprintf("%s: %d = %s %d + %s %d", T(lang, "rows.read"), t.RowsRead, T(lang, "rows.accepted"), t.RowsAccepted, T(lang, "rows.rejected"), t.RowsRejected))
	x.check(x.f.SetCellStyle(sh, "A1", "A1", x.title))
	heads := []string{T(lang, "file"), T(lang, "sheet"), T(lang, "cell"), T(lang, "column"), T(lang, "value.written"), T(lang, "reason")}
	const hr = 3
	x.headerRow(sh, hr, heads)
	row := hr + 1
	for _, f := range res.Data.Files {
		for _, p := range f.Rejected {
			for i, s := range []string{f.Path, p.Sheet, p.Cell, p.Column, p.Value, p.Reason} {
				x.str(sh, i+1, row, s)
			}
			row++
		}
	}
	if row == hr+1 {
		x.str(sh, 1, row, T(lang, "no.rejected"))
	}
	x.autofilter(sh, hr, row-1, len(heads))
	x.widths(sh, 48, 18, 8, 16, 28, 60)
}

func (x *xlsx) files(res *pipeline.Result) {
	sh, lang := SheetFiles, x.lang
	_, err := x.f.NewSheet(sh)
	x.check(err)
	heads := []string{T(lang, "file"), T(lang, "kind"), T(lang, "sheet"), T(lang, "status"), T(lang, "reason"),
		T(lang, "rows.read"), T(lang, "rows.accepted"), T(lang, "rows.rejected"), T(lang, "warnings"), "SHA-256"}
	x.headerRow(sh, 1, heads)
	row := 2
	for _, f := range res.Data.Files {
		for i, s := range []string{f.Path, f.Kind, f.Sheet, f.Status, f.Reason} {
			x.str(sh, i+1, row, s)
		}
		x.int(sh, 6, row, f.RowsRead)
		x.int(sh, 7, row, f.RowsAccepted)
		x.int(sh, 8, row, f.RowsRejected)
		x.int(sh, 9, row, len(f.Warnings))
		x.str(sh, 10, row, f.SHA256)
		row++
	}
	x.autofilter(sh, 1, row-1, len(heads))
	x.widths(sh, 48, 12, 18, 11, 40, 10, 10, 10, 10, 20)
}

func strPtr(s string) *string { return &s }
func intPtr(i int) *int       { return &i }
func boolPtr(b bool) *bool    { return &b }

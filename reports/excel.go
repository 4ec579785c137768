package reports

import (
	"cmp"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/reports/internal/i18n"
	"kulturrapport/reports/internal/xlsxw"
)

// Sheet names of the summary workbook.
const (
	SheetBoard     = "Styresammendrag"
	SheetSummary   = "Sammendrag"
	SheetMission   = "Visjon"
	SheetRegions   = "Regioner"
	SheetMeasures  = "Tiltak"
	SheetReporting = "Rapportering"
	SheetQuality   = "Datakvalitet"
	SheetFiles     = "Filer"
	sheetDefault   = "Sheet1"
	excelMaxWidth  = 80
)

// monthFormat is the number format of a month, its name in lang's words
// whatever the reader's locale («okt 26» in Norwegian).
func monthFormat(lang string) string {
	if lang == "en" {
		return "[$-809]mmm yy"
	}
	return "[$-414]mmm yy"
}

// sheetsEN are the English names of the sheets, by their Norwegian ones.
var sheetsEN = map[string]string{
	SheetBoard: "Board summary", SheetSummary: "Summary", SheetMission: "Vision",
	SheetRegions: "Regions", SheetMeasures: "Measures", SheetReporting: "Reporting",
	SheetQuality: "Data quality", SheetFiles: "Files",
}

// sheetName is the name in lang of the sheet the constant nb names.
func sheetName(lang, nb string) string {
	if en, ok := sheetsEN[nb]; ok && lang == "en" {
		return en
	}
	return nb
}

// areaSheet is the sheet name of a strategic area.
func areaSheet(lang, code string) string {
	if lang == "en" {
		return "Area " + code
	}
	return "Område " + code
}

// WriteExcel writes the summary workbook (sammendrag.xlsx) of res to w.
// Text from the inputs is always written as a string cell, never as a
// formula. The same result gives the same bytes.
func WriteExcel(w io.Writer, res *pipeline.Result) error {
	return writeExcel(w, res, false)
}

// writeExcel writes the workbook; excelizeRows writes the Data sheets'
// rows through excelize's StreamWriter, as the tests' oracle.
func writeExcel(w io.Writer, res *pipeline.Result, excelizeRows bool) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsx{f: f, lang: res.Lang, excelizeRows: excelizeRows, rows: map[string]xlsxw.RowSource{}}
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		z := xlsxw.NewZip(w)
		z.Rows = x.rows
		return z
	})
	x.styles()

	x.check(f.SetSheetName(sheetDefault, sheetName(x.lang, SheetBoard)))
	x.board(res)
	x.newSheet(sheetName(x.lang, SheetSummary))
	x.summary(res)
	byGoal := map[string][]*pipeline.IndicatorResult{}
	for _, ind := range res.Indicators {
		byGoal[ind.Goal] = append(byGoal[ind.Goal], ind)
	}
	if inds := byGoal[config.MissionGoal]; len(inds) > 0 {
		x.indicatorSheet(res, sheetName(x.lang, SheetMission), res.Config.Mission.Name, inds)
	}
	for _, a := range res.Config.Areas {
		var inds []*pipeline.IndicatorResult
		for _, g := range a.Goals {
			inds = append(inds, byGoal[g.Code]...)
		}
		x.indicatorSheet(res, areaSheet(x.lang, a.Code), a.Code+" "+a.Name, inds)
	}
	x.regions(res)
	x.measures(res)
	x.reporting(res)
	x.quality(res)
	x.files(res)
	x.dataSheets(res)
	if err := x.err; err != nil {
		return fmt.Errorf("writing workbook: %w", err)
	}
	// Fixed document properties: the same inputs give the same bytes.
	epoch := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: "kulturrapport", LastModifiedBy: "kulturrapport",
		Title:   i18n.T(res.Lang, "report.title") + " " + res.Period.String(),
		Subject: res.Config.Organisation + " – " + res.Config.Strategy,
		Created: epoch, Modified: epoch, Language: map[string]string{"nb": "nb-NO", "en": "en-GB"}[res.Lang],
	}); err != nil {
		return err
	}
	// The board summary is the active sheet from NewFile on;
	// SetActiveSheet here would parse every stream-written data sheet
	// again.
	_, err := f.WriteTo(w)
	return err
}

// xlsx keeps the first error, so that writing code stays linear.
type xlsx struct {
	f *excelize.File
	// rows are the Data sheets' rows by sheet part (see xlsxw.DataRows), or, when
	// excelizeRows, written by excelize.
	rows         map[string]xlsxw.RowSource
	excelizeRows bool
	lang         string
	err          error
	header       int
	title        int
	bold         int
	wrap         int
	date         int
	month        int
	num          map[int]int // decimals → style
	pct          map[int]int
	chg          map[int]int             // signed changes
	pp           map[int]int             // signed changes in percentage points
	status       map[pipeline.Status]int // fills for conditional formatting
}

func (x *xlsx) check(err error) {
	if err != nil && x.err == nil {
		x.err = err
	}
}

func (x *xlsx) style(s *excelize.Style) int {
	id, err := x.f.NewStyle(s)
	x.check(err)
	return id
}

func (x *xlsx) styles() {
	x.header = x.style(&excelize.Style{
		// A named font: without one LibreOffice falls back to a serif.
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF", Family: "Calibri"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	x.title = x.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Color: "1F4E79", Family: "Calibri"}})
	x.bold = x.style(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "Calibri"}})
	x.wrap = x.style(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	x.date = x.style(&excelize.Style{NumFmt: 14}) // the reader's short date: 25.11.2026 in Norway
	x.month = x.style(&excelize.Style{CustomNumFmt: strPtr(monthFormat(x.lang))})
	// Number formats are written with Excel's invariant codes; Excel and
	// LibreOffice show them with the reader's separators (1 234,5 in Norway).
	x.num, x.pct, x.chg, x.pp = map[int]int{}, map[int]int{}, map[int]int{}, map[int]int{}
	for d := 0; d <= 3; d++ {
		dec := ""
		if d > 0 {
			dec = "." + strings.Repeat("0", d)
		}
		x.num[d] = x.style(&excelize.Style{CustomNumFmt: strPtr("#,##0" + dec)})
		x.pct[d] = x.style(&excelize.Style{CustomNumFmt: strPtr("0" + dec + "%")})
		n := "#,##0" + dec
		x.chg[d] = x.style(&excelize.Style{CustomNumFmt: strPtr("+" + n + ";-" + n + ";0")})
		p := "0" + dec + `" p.p."`
		x.pp[d] = x.style(&excelize.Style{CustomNumFmt: strPtr("+" + p + ";-" + p + ";" + p)})
	}
	x.status = map[pipeline.Status]int{}
	for _, s := range []pipeline.Status{pipeline.Green, pipeline.Yellow, pipeline.Red, pipeline.NoData} {
		id, err := x.f.NewConditionalStyle(&excelize.Style{
			Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{i18n.StatusColor(s)[1:]}, Shading: 0},
		})
		x.check(err)
		x.status[s] = id
	}
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// str writes text as a string cell: never parsed as a formula or number.
func (x *xlsx) str(sheet string, col, row int, s string) {
	x.check(x.f.SetCellStr(sheet, cellName(col, row), s))
}

// float writes a number with a number format of the given decimals.
func (x *xlsx) float(sheet string, col, row int, v *float64, decimals int) {
	if v == nil {
		return
	}
	cell := cellName(col, row)
	x.check(x.f.SetCellFloat(sheet, cell, *v, -1, 64))
	x.check(x.f.SetCellStyle(sheet, cell, cell, x.num[min(decimals, 3)]))
}

// value writes an indicator value in its unit: a percentage as a fraction
// with a percent format (so that Excel computes with it correctly).
func (x *xlsx) value(sheet string, col, row int, v *float64, def *config.Indicator) {
	if v == nil {
		return
	}
	if def.Unit == "%" {
		f := *v / 100
		cell := cellName(col, row)
		x.check(x.f.SetCellFloat(sheet, cell, f, -1, 64))
		x.check(x.f.SetCellStyle(sheet, cell, cell, x.pct[min(def.Decimals, 3)]))
		return
	}
	x.float(sheet, col, row, v, def.Decimals)
}

// change writes a change in the indicator's unit, with its sign; for a
// percentage, in percentage points.
func (x *xlsx) change(sheet string, col, row int, v *float64, def *config.Indicator) {
	if v == nil {
		return
	}
	cell := cellName(col, row)
	x.check(x.f.SetCellFloat(sheet, cell, pipeline.Round(*v, def.Decimals), -1, 64))
	style := x.chg[min(def.Decimals, 3)]
	if def.Unit == "%" {
		style = x.pp[min(def.Decimals, 3)]
	}
	x.check(x.f.SetCellStyle(sheet, cell, cell, style))
}

func (x *xlsx) int(sheet string, col, row int, v int) {
	x.check(x.f.SetCellInt(sheet, cellName(col, row), int64(v)))
}

func (x *xlsx) dateCell(sheet string, col, row int, t time.Time, style int) {
	cell := cellName(col, row)
	x.check(x.f.SetCellValue(sheet, cell, t))
	x.check(x.f.SetCellStyle(sheet, cell, cell, style))
}

// headerRow writes a styled header row and freezes the rows down to it.
func (x *xlsx) headerRow(sheet string, row int, heads []string) {
	for i, h := range heads {
		x.str(sheet, i+1, row, h)
	}
	x.check(x.f.SetCellStyle(sheet, cellName(1, row), cellName(len(heads), row), x.header))
	// Two lines, so that a wrapped header («Endring siste måned») shows whole.
	x.check(x.f.SetRowHeight(sheet, row, 30))
	x.check(x.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: cellName(1, row+1), ActivePane: "bottomLeft"}))
}

// statusFormat colours a column of status words by conditional formatting.
func (x *xlsx) statusFormat(sheet, ref string) {
	var rules []excelize.ConditionalFormatOptions
	for _, s := range []pipeline.Status{pipeline.Green, pipeline.Yellow, pipeline.Red, pipeline.NoData} {
		word, _, _ := i18n.StatusInfo(x.lang, s)
		rules = append(rules, excelize.ConditionalFormatOptions{Type: "text", Criteria: "containing", Value: word, Format: intPtr(x.status[s])})
	}
	x.check(x.f.SetConditionalFormat(sheet, ref, rules))
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
	x.check(x.f.AutoFilter(sheet, cellName(1, headerRow)+":"+cellName(cols, lastRow), nil))
}

func (x *xlsx) newSheet(name string) {
	_, err := x.f.NewSheet(name)
	x.check(err)
}

// indicatorColumns are the columns of an indicator table.
func (x *xlsx) indicatorColumns(withArea bool) []string {
	lang := x.lang
	heads := []string{i18n.T(lang, "goal"), i18n.T(lang, "indicator"), i18n.T(lang, "value"), i18n.T(lang, "unit"), i18n.T(lang, "target"), i18n.T(lang, "status"),
		i18n.T(lang, "change.month"), i18n.T(lang, "change.year"), i18n.T(lang, "numerator"), i18n.T(lang, "denominator"), i18n.T(lang, "progress"), i18n.T(lang, "window")}
	if withArea {
		heads = append([]string{i18n.T(lang, "area")}, heads...)
	}
	return heads
}

// indicatorRow writes one indicator's row from column col on.
func (x *xlsx) indicatorRow(res *pipeline.Result, sheet string, col, row int, ind *pipeline.IndicatorResult) {
	lang, def := x.lang, ind.Def
	goalName := ind.Goal
	if g, _, ok := res.Config.Goal(ind.Goal); ok {
		goalName = g.Code + " " + g.Short
	} else if ind.Goal == config.MissionGoal {
		goalName = res.Config.Mission.Name
	}
	x.str(sheet, col, row, goalName)
	x.str(sheet, col+1, row, def.Name)
	x.value(sheet, col+2, row, ind.Value, def)
	// The unit beside the value: 4 100 kr, 3,3 per 100, 1 762 personer.
	x.str(sheet, col+3, row, cmp.Or(i18n.UnitLabel(lang, def.Unit), i18n.T(lang, "unit.count")))
	x.value(sheet, col+4, row, ind.Target, def)
	word, sym, _ := i18n.StatusInfo(lang, ind.Status)
	x.str(sheet, col+5, row, sym+" "+word)
	x.change(sheet, col+6, row, ind.ChangeMonth, def)
	x.change(sheet, col+7, row, ind.ChangeYear, def)
	x.float(sheet, col+8, row, ind.Numerator, 0)
	x.float(sheet, col+9, row, ind.Denominator, 0)
	if ind.Progress != nil {
		word, sym := i18n.ProgressWords(lang, ind.Progress.Status)
		x.str(sheet, col+10, row, sym+" "+word)
	}
	x.str(sheet, col+11, row, ind.WindowFrom.String()+" – "+ind.WindowTo.String())
}

func (x *xlsx) summary(res *pipeline.Result) {
	sh, lang := sheetName(x.lang, SheetSummary), x.lang
	x.str(sh, 1, 1, res.Config.Organisation+" – "+i18n.T(lang, "report.title")+" "+res.Period.Label(lang))
	x.check(x.f.SetCellStyle(sh, "A1", "A1", x.title))
	x.str(sh, 1, 2, res.Config.Strategy+" · "+res.Config.Mission.Name+": "+res.Config.Mission.Text)
	heads := x.indicatorColumns(true)
	const hr = 4
	x.headerRow(sh, hr, heads)
	row := hr + 1
	write := func(areaName string, inds []*pipeline.IndicatorResult) {
		for _, ind := range inds {
			x.str(sh, 1, row, areaName)
			x.indicatorRow(res, sh, 2, row, ind)
			row++
		}
	}
	byGoal := map[string][]*pipeline.IndicatorResult{}
	for _, ind := range res.Indicators {
		byGoal[ind.Goal] = append(byGoal[ind.Goal], ind)
	}
	write(res.Config.Mission.Name, byGoal[config.MissionGoal])
	for _, a := range res.Config.Areas {
		for _, g := range a.Goals {
			write(a.Code+" "+a.Name, byGoal[g.Code])
		}
	}
	x.statusFormat(sh, fmt.Sprintf("G%d:G%d", hr+1, max(row-1, hr+1)))
	x.autofilter(sh, hr, row-1, len(heads))
	x.widths(sh, 30, 34, 42, 12, 10, 12, 13, 12, 12, 11, 11, 20, 19)
}

// quality writes the Datakvalitet sheet: every rejected cell with its
// file, sheet, cell, column, value and reason, up to what a sheet holds.
// Its rows are stream-written straight into the sheet's part (as the Data
// sheets' are): a million rejected cells cost seconds and megabytes, not
// excelize's cell model of gigabytes.
func (x *xlsx) quality(res *pipeline.Result) {
	sh, lang := sheetName(x.lang, SheetQuality), x.lang
	x.newSheet(sh)
	sw, err := x.f.NewStreamWriter(sh)
	if err != nil {
		x.check(err)
		return
	}
	for i, w := range []float64{48, 18, 8, 16, 28, 60} {
		x.check(sw.SetColWidth(i+1, i+1, w))
	}
	const hr = 3
	x.check(sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: hr, TopLeftCell: cellName(1, hr+1), ActivePane: "bottomLeft"}))
	t := res.Totals
	x.check(sw.SetRow("A1", []any{excelize.Cell{StyleID: x.title, Value: fmt.Sprintf("%s: %d = %s %d + %s %d",
		i18n.T(lang, "rows.read"), t.RowsRead, i18n.T(lang, "rows.accepted"), t.RowsAccepted, i18n.T(lang, "rows.rejected"), t.RowsRejected)}}))
	total := 0
	for _, f := range res.Data.Files {
		total += f.RejectedCount()
	}
	n := min(total, excelize.TotalRows-hr)
	if n < total {
		x.check(sw.SetRow("A2", []any{fmt.Sprintf(i18n.T(lang, "quality.capped"), n, total)}))
	}
	heads := []string{i18n.T(lang, "file"), i18n.T(lang, "sheet"), i18n.T(lang, "cell"), i18n.T(lang, "column"), i18n.T(lang, "value.written"), i18n.T(lang, "reason")}
	head := make([]any, len(heads))
	for i, h := range heads {
		head[i] = excelize.Cell{StyleID: x.header, Value: h}
	}
	x.check(sw.SetRow(cellName(1, hr), head))
	switch {
	case n == 0:
		x.check(sw.SetRow(cellName(1, hr+1), []any{i18n.T(lang, "no.rejected")}))
	case x.excelizeRows:
		row := hr + 1
		for _, f := range res.Data.Files {
			f.EachRejected(func(p *pipeline.Problem) {
				if row <= hr+n {
					x.check(sw.SetRow(cellName(1, row), []any{f.Path, p.Sheet, p.Cell, p.Column, p.Value, p.Reason}))
					row++
				}
			})
		}
	default:
		x.rows[fmt.Sprintf("xl/worksheets/sheet%d.xml", sw.SheetID)] = &xlsxw.ProblemRows{Files: res.Data.Files, First: hr + 1, N: n}
	}
	if n > 0 {
		x.check(sw.AddTable(&excelize.Table{Range: cellName(1, hr) + ":" + cellName(len(heads), hr+n), Name: "Avviste",
			StyleName: "TableStyleLight1", ShowRowStripes: boolPtr(true)}))
	}
	x.check(sw.Flush())
}

func (x *xlsx) files(res *pipeline.Result) {
	sh, lang := sheetName(x.lang, SheetFiles), x.lang
	x.newSheet(sh)
	heads := []string{i18n.T(lang, "file"), i18n.T(lang, "kind"), i18n.T(lang, "sheet"), i18n.T(lang, "status"), i18n.T(lang, "reason"),
		i18n.T(lang, "rows.read"), i18n.T(lang, "rows.accepted"), i18n.T(lang, "rows.rejected"), i18n.T(lang, "warnings"), i18n.T(lang, "submitted"), "SHA-256"}
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
		if t := f.Submitted.Time(); !f.Submitted.IsZero() {
			x.dateCell(sh, 10, row, t, x.date)
		}
		x.str(sh, 11, row, f.SHA256)
		row++
	}
	x.autofilter(sh, 1, row-1, len(heads))
	x.widths(sh, 48, 12, 18, 11, 40, 10, 10, 10, 10, 12, 20)
}

func strPtr(s string) *string { return &s }
func intPtr(i int) *int       { return &i }
func boolPtr(b bool) *bool    { return &b }

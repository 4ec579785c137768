package reports

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/xuri/excelize/v2"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/reports/internal/i18n"
	"kulturrapport/reports/internal/xlsxw"
)

// indicatorSheet writes one area's (or the mission's) indicators: their
// table, their 24-month series, and a native Excel line chart of each.
func (x *xlsx) indicatorSheet(res *pipeline.Result, sh, title string, inds []*pipeline.IndicatorResult) {
	lang := x.lang
	x.newSheet(sh)
	x.str(sh, 1, 1, title)
	x.check(x.f.SetCellStyle(sh, "A1", "A1", x.title))
	heads := x.indicatorColumns(false)
	const hr = 3
	x.headerRow(sh, hr, heads)
	row := hr + 1
	for _, ind := range inds {
		x.indicatorRow(res, sh, 1, row, ind)
		row++
	}
	x.statusFormat(sh, fmt.Sprintf("F%d:F%d", hr+1, max(row-1, hr+1)))
	x.widths(sh, 34, 42, 12, 10, 12, 13, 12, 12, 11, 11, 20, 19)
	if len(inds) == 0 {
		return
	}

	// The series: one row per indicator, one column per month.
	sr := row + 2
	x.str(sh, 1, sr-1, i18n.T(lang, "trend"))
	x.check(x.f.SetCellStyle(sh, cellName(1, sr-1), cellName(1, sr-1), x.bold))
	x.str(sh, 1, sr, i18n.T(lang, "indicator"))
	for i, p := range inds[0].Series {
		x.dateCell(sh, i+2, sr, p.Period.Start(), x.month)
	}
	x.check(x.f.SetCellStyle(sh, cellName(1, sr), cellName(1, sr), x.header))
	last := len(inds[0].Series) + 1
	for k, ind := range inds {
		r := sr + 1 + k
		x.str(sh, 1, r, ind.Def.Name)
		for i, p := range ind.Series {
			x.value(sh, i+2, r, p.Value, ind.Def)
		}
	}
	// The targets, each a row of its own below the series, so that the
	// chart can draw it as a line.
	targetRow := map[int]int{}
	tr := sr + len(inds)
	for k, ind := range inds {
		if ind.Target == nil {
			continue
		}
		tr++
		targetRow[k] = tr
		x.str(sh, 1, tr, i18n.T(lang, "target")+": "+ind.Def.Name)
		for i := range ind.Series {
			x.value(sh, i+2, tr, ind.Target, ind.Def)
		}
	}
	// A chart per indicator, two a row, below the series: its values, and
	// its target as a dashed line named in the legend.
	quoted := "'" + strings.ReplaceAll(sh, "'", "''") + "'"
	top := tr + 2
	for k, ind := range inds {
		r := sr + 1 + k
		categories := fmt.Sprintf("%s!$B$%d:$%s$%d", quoted, sr, colName(last), sr)
		series := []excelize.ChartSeries{{
			Name:       fmt.Sprintf("%s!$A$%d", quoted, r),
			Categories: categories,
			Values:     fmt.Sprintf("%s!$B$%d:$%s$%d", quoted, r, colName(last), r),
			Line:       excelize.LineOptions{Width: 2.25},
			Marker:     excelize.ChartMarker{Symbol: "circle", Size: 4},
		}}
		legend := "none"
		if t, ok := targetRow[k]; ok {
			series = append(series, excelize.ChartSeries{
				Name:       fmt.Sprintf("%s!$A$%d", quoted, t),
				Categories: categories,
				Values:     fmt.Sprintf("%s!$B$%d:$%s$%d", quoted, t, colName(last), t),
				Line:       excelize.LineOptions{Width: 1.5, Dash: excelize.LineDashDash},
				Marker:     excelize.ChartMarker{Symbol: "none"},
			})
			legend = "bottom"
		}
		chart := &excelize.Chart{
			Type:   excelize.Line,
			Series: series,
			Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: ind.Def.Name}}},
			Legend: excelize.ChartLegend{Position: legend},
			// Months as months, every third labelled; values from zero, in
			// the indicator's unit (a share as a percentage).
			XAxis:        excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: monthFormat(lang)}, TickLabelSkip: 3, Alignment: excelize.Alignment{TextRotation: -45}, Font: excelize.Font{Color: "595959", Size: 8}},
			YAxis:        excelize.ChartAxis{MajorGridLines: true, Minimum: &zero, NumFmt: excelize.ChartNumFmt{CustomNumFmt: axisFormat(ind.Def)}, Font: excelize.Font{Color: "595959", Size: 8}},
			Dimension:    excelize.ChartDimension{Width: 560, Height: 260},
			ShowBlanksAs: "gap",
		}
		col := 1 + (k%2)*5
		at := cellName(col, top+(k/2)*14)
		x.check(x.f.AddChart(sh, at, chart))
	}
}

// zero is where the charts' value axes begin.
var zero = 0.0

// axisFormat is the number format of an indicator's value axis.
func axisFormat(def *config.Indicator) string {
	if def.Unit == "%" {
		return "0%"
	}
	if def.Decimals > 0 {
		return "#,##0." + strings.Repeat("0", min(def.Decimals, 3))
	}
	return "#,##0"
}

func colName(n int) string {
	c, _ := excelize.ColumnNumberToName(n)
	return c
}

// regions compares regions and counties: a row per indicator.
func (x *xlsx) regions(res *pipeline.Result) {
	sh, lang := sheetName(x.lang, SheetRegions), x.lang
	x.newSheet(sh)
	var keys []string
	heads := []string{i18n.T(lang, "goal"), i18n.T(lang, "indicator")}
	seen := map[string]bool{}
	for _, ind := range res.Indicators {
		for _, g := range append(append([]pipeline.Group(nil), ind.Regions...), ind.Counties...) {
			if !seen[g.Key] {
				seen[g.Key] = true
				keys = append(keys, g.Key)
				heads = append(heads, g.Name)
			}
		}
	}
	x.headerRow(sh, 1, heads)
	row := 2
	for _, ind := range res.Indicators {
		x.str(sh, 1, row, ind.Goal)
		x.str(sh, 2, row, ind.Def.Name)
		values := map[string]*float64{}
		for _, g := range ind.Regions {
			values[g.Key] = g.Value
		}
		// Counties only where some county has a value other than 0: an
		// indicator of the whole region (activities without a
		// kommunenummer) has none, not zeros.
		shown := false
		for _, g := range ind.Counties {
			shown = shown || g.Value != nil && *g.Value != 0
		}
		for _, g := range ind.Counties {
			if shown {
				values[g.Key] = g.Value
			}
		}
		for i, k := range keys {
			x.value(sh, 3+i, row, values[k], ind.Def)
		}
		row++
	}
	x.autofilter(sh, 1, row-1, len(heads))
	widths := []float64{10, 44}
	for range keys {
		widths = append(widths, 16)
	}
	x.widths(sh, widths...)
}

// measures lists every measure of the strategy with its evidence.
func (x *xlsx) measures(res *pipeline.Result) {
	sh, lang := sheetName(x.lang, SheetMeasures), x.lang
	x.newSheet(sh)
	heads := []string{i18n.T(lang, "measures"), i18n.T(lang, "goal"), i18n.T(lang, "level"), "Region", i18n.T(lang, "text"), i18n.T(lang, "activities"),
		i18n.T(lang, "last12"), i18n.T(lang, "participants"), i18n.T(lang, "last.activity"), i18n.T(lang, "status")}
	x.headerRow(sh, 1, heads)
	row := 2
	for _, e := range res.Evidence {
		m := measureViewOf(lang, e)
		x.str(sh, 1, row, e.Code)
		x.str(sh, 2, row, e.Goal)
		x.str(sh, 3, row, m.Level)
		x.str(sh, 4, row, e.Region)
		x.str(sh, 5, row, e.Text)
		x.int(sh, 6, row, e.Activities)
		x.int(sh, 7, row, e.Last12Months)
		x.int(sh, 8, row, int(e.Participants))
		if t := e.LastActivity.Time(); !e.LastActivity.IsZero() {
			x.dateCell(sh, 9, row, t, x.date)
		}
		status := m.Symbol + " " + m.StatusWord
		if m.Detail != "" {
			status += ": " + m.Detail
		}
		x.str(sh, 10, row, status)
		row++
	}
	// Active green, quiet yellow, no activity red, the rest grey.
	x.check(x.f.SetConditionalFormat(sh, fmt.Sprintf("J2:J%d", max(row-1, 2)), []excelize.ConditionalFormatOptions{
		{Type: "text", Criteria: "containing", Value: i18n.T(lang, "measure.active"), Format: intPtr(x.status[pipeline.Green])},
		{Type: "text", Criteria: "containing", Value: i18n.T(lang, "measure.quiet"), Format: intPtr(x.status[pipeline.Yellow])},
		{Type: "text", Criteria: "containing", Value: i18n.T(lang, "measure.no_activity"), Format: intPtr(x.status[pipeline.Red])},
		{Type: "text", Criteria: "containing", Value: i18n.T(lang, "measure.not_reported_here"), Format: intPtr(x.status[pipeline.NoData])},
	}))
	x.autofilter(sh, 1, row-1, len(heads))
	x.widths(sh, 10, 8, 7, 8, 70, 11, 11, 11, 13, 14)
}

// reporting shows the last twelve months of expected reports.
func (x *xlsx) reporting(res *pipeline.Result) {
	sh, lang := sheetName(x.lang, SheetReporting), x.lang
	x.newSheet(sh)
	v := reportingViewOf(res)
	if v == nil {
		x.str(sh, 1, 1, i18n.T(lang, "status.nodata"))
		return
	}
	x.str(sh, 1, 1, fmt.Sprintf(i18n.T(lang, "reporting.intro"), v.Rate, v.OnTimeRate))
	heads := append([]string{i18n.T(lang, "reporting")}, v.Months...)
	const hr = 3
	x.headerRow(sh, hr, heads)
	row := hr + 1
	for _, r := range v.Rows {
		x.str(sh, 1, row, r.Label)
		for i, c := range r.Cells {
			if c.Symbol != "" {
				x.str(sh, 2+i, row, c.Symbol+" "+c.Word)
			}
		}
		row++
	}
	ref := fmt.Sprintf("B%d:%s%d", hr+1, colName(len(heads)), max(row-1, hr+1))
	x.check(x.f.SetConditionalFormat(sh, ref, []excelize.ConditionalFormatOptions{
		{Type: "text", Criteria: "containing", Value: i18n.T(lang, "report.ontime"), Format: intPtr(x.status[pipeline.Green])},
		{Type: "text", Criteria: "containing", Value: i18n.T(lang, "report.undated"), Format: intPtr(x.status[pipeline.Green])},
		{Type: "text", Criteria: "containing", Value: i18n.T(lang, "report.late"), Format: intPtr(x.status[pipeline.Yellow])},
		{Type: "text", Criteria: "containing", Value: i18n.T(lang, "report.missing"), Format: intPtr(x.status[pipeline.Red])},
	}))
	widths := []float64{44}
	for range v.Months {
		widths = append(widths, 14)
	}
	x.widths(sh, widths...)
}

// dataSheets writes the period's rows of each input table as an Excel
// table (filters, banded rows): the sheet through excelize's StreamWriter,
// its rows by xlsxw.DataRows as the workbook is zipped, so memory stays bounded.
// The whole history is in the Parquet files.
func (x *xlsx) dataSheets(res *pipeline.Result) {
	for _, k := range pipeline.Kinds() {
		rec := res.Data.Table(k.Name)
		if rec == nil {
			continue
		}
		keep := periodRows(rec, res.Period.String())
		x.dataSheet("Data "+k.Name, strings.ReplaceAll("Data_"+k.Name, " ", "_"), rec, keep)
	}
}

// periodRows picks the rows of the reporting period: for activities and
// projects the period's month, for statistics the latest school year.
func periodRows(rec arrow.RecordBatch, period string) []int {
	var rows []int
	if idx := rec.Schema().FieldIndices(pipeline.FieldSchoolYearStart); idx != nil {
		start := rec.Column(idx[0]).(*array.Int32)
		latest := int32(-1)
		for i := 0; i < start.Len(); i++ {
			latest = max(latest, start.Value(i))
		}
		for i := 0; i < start.Len(); i++ {
			if start.Value(i) == latest {
				rows = append(rows, i)
			}
		}
		return rows
	}
	idx := rec.Schema().FieldIndices(pipeline.FieldPeriod)
	if idx == nil {
		return nil
	}
	col := rec.Column(idx[0])
	if d, ok := col.(*array.Dictionary); ok {
		// The period's code, compared a row at a time.
		dict, ok := d.Dictionary().(*array.String)
		if !ok {
			return rowsWhere(col, period)
		}
		code := -1
		for j := 0; j < dict.Len(); j++ {
			if dict.IsValid(j) && dict.Value(j) == period {
				code = j
				break
			}
		}
		if code < 0 {
			return nil
		}
		for i := 0; i < d.Len(); i++ {
			if d.IsValid(i) && d.GetValueIndex(i) == code {
				rows = append(rows, i)
			}
		}
		return rows
	}
	return rowsWhere(col, period)
}

// rowsWhere are the rows of col whose value as text is v.
func rowsWhere(col arrow.Array, v string) []int {
	var rows []int
	for i := 0; i < col.Len(); i++ {
		if col.ValueStr(i) == v {
			rows = append(rows, i)
		}
	}
	return rows
}

func (x *xlsx) dataSheet(sh, table string, rec arrow.RecordBatch, rows []int) {
	x.newSheet(sh)
	sw, err := x.f.NewStreamWriter(sh)
	if err != nil {
		x.check(err)
		return
	}
	fields := rec.Schema().Fields()
	for i, f := range fields {
		w := 14.0
		switch f.Name {
		case pipeline.FieldTitle, pipeline.FieldSourceFile, pipeline.FieldNote, pipeline.FieldProject:
			w = 40
		}
		x.check(sw.SetColWidth(i+1, i+1, w))
	}
	x.check(sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	head := make([]interface{}, len(fields))
	for i, f := range fields {
		head[i] = excelize.Cell{StyleID: x.header, Value: f.Name}
	}
	x.check(sw.SetRow("A1", head))
	if x.excelizeRows {
		for r, i := range rows {
			vals := make([]interface{}, len(fields))
			for c := range fields {
				vals[c] = x.arrowCell(rec.Column(c), i)
			}
			x.check(sw.SetRow(cellName(1, r+2), vals))
		}
	} else if len(rows) > 0 {
		// The rows go into the sheet's part as it is zipped (xlsxw.DataRows);
		// excelize names the part of a sheet it made after the sheet's ID.
		x.rows[fmt.Sprintf("xl/worksheets/sheet%d.xml", sw.SheetID)] = &xlsxw.DataRows{Rec: rec, Rows: rows, Date: x.date}
	}
	if len(rows) > 0 {
		x.check(sw.AddTable(&excelize.Table{
			Range: "A1:" + cellName(len(fields), len(rows)+1), Name: table,
			StyleName: "TableStyleMedium2", ShowRowStripes: boolPtr(true),
		}))
	}
	x.check(sw.Flush())
}

// arrowCell turns one Arrow value into a typed cell: text stays text (it is
// never a formula), dates are real dates, numbers are numbers.
func (x *xlsx) arrowCell(col arrow.Array, i int) interface{} {
	if col.IsNull(i) {
		return nil
	}
	switch c := col.(type) {
	case *array.String:
		return c.Value(i)
	case *array.Dictionary:
		return c.Dictionary().(*array.String).Value(c.GetValueIndex(i))
	case *array.Int64:
		return c.Value(i)
	case *array.Int32:
		return c.Value(i)
	case *array.Float64:
		return c.Value(i)
	case *array.Date32:
		return excelize.Cell{StyleID: x.date, Value: c.Value(i).ToTime()}
	case *array.List:
		return xlsxw.ListText(c, i)
	}
	return col.ValueStr(i)
}

package reports

import (
	"bufio"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/reports/internal/chart"
	"kulturrapport/reports/internal/i18n"
)

//go:embed assets/echarts.min.js
var echartsJS string

// echartsLib is the chart library as the page holds it: it holds no
// "</script" today; this makes sure it never can close its element.
func echartsLib() string { return strings.ReplaceAll(echartsJS, "</script", `<\/script`) }

// chartScript is the page's one script of its own: it draws each chart of
// the JSON data block (which is not a script: it is never run), with
// numbers on value axes and in tooltips in the reader's language. It is
// fixed text, so that the Content-Security-Policy allows exactly it and
// the library by their hashes: if text from an input ever slipped out of
// its escaping, no script of it could run.
const chartScript = `
"use strict";
(function () {
  var charts = JSON.parse(document.getElementById("chart-data").textContent);
  var lang = document.documentElement.lang;
  var nf = new Intl.NumberFormat(lang === "en" ? "en-GB" : "nb-NO", { maximumFractionDigits: 1 });
  var fmt = function (v) { return typeof v === "number" ? nf.format(v) : v; };
  var made = [];
  charts.forEach(function (c) {
    var el = document.getElementById(c[0]);
    var ch = echarts.init(el, null, { renderer: "svg" });
    var o = c[1];
    // Numbers on axes and in tooltips in the reader's language (1 234,5).
    [].concat(o.yAxis || [], o.xAxis || []).forEach(function (ax) {
      if (ax.type === "value") { ax.axisLabel = Object.assign({}, ax.axisLabel, { formatter: fmt }); }
    });
    o.tooltip = Object.assign({}, o.tooltip, { valueFormatter: fmt });
    ch.setOption(o);
    made.push(ch);
  });
  window.addEventListener("resize", function () { made.forEach(function (c) { c.resize(); }); });
  // A print shows the numbers behind every chart: the closed "Vis
  // tallene" tables open for it, and close again after. The charts are
  // drawn for the A4 page's width and their print height, whatever the
  // window's size (the print-layout class gives the page A4's width).
  var printLayout = function (on) {
    document.documentElement.classList.toggle("print-layout", on);
    made.forEach(function (c) {
      var el = c.getDom();
      if (el.dataset.printHeight) {
        if (on) { el.dataset.screenHeight = el.style.height; el.style.height = el.dataset.printHeight + "px"; }
        else if (el.dataset.screenHeight) { el.style.height = el.dataset.screenHeight; }
      }
      c.resize();
      // Drawn now: a print is laid out before the next animation frame,
      // when ECharts would otherwise draw.
      c.getZr().flush();
    });
  };
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) { d.setAttribute("open", ""); d.dataset.printOpened = "1"; });
    printLayout(true);
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-print-opened]").forEach(function (d) { d.removeAttribute("open"); delete d.dataset.printOpened; });
    printLayout(false);
  });
})();
`

// scriptHashes are the CSP source expressions of the page's two scripts.
var scriptHashes = sync.OnceValue(func() string {
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	return hash(echartsLib()) + " " + hash(chartScript)
})

//go:embed report.html.tmpl
var reportTemplate string

// HTMLOptions are the settings of the HTML report beyond the result.
type HTMLOptions struct {
	Version string
	// Generated, if not zero, is printed as the report's creation date.
	Generated time.Time
	// MaxRejectedRows caps the rejected rows listed in the page.
	MaxRejectedRows int
}

type indicatorView struct {
	Res *pipeline.IndicatorResult
	Def *config.Indicator
	// National is the nation's value, beside a region's.
	National string
	// Published is SSB's own figure, and PublishedNote what differs from
	// it, or why there is none (SSB gives it for only some municipalities).
	Published, PublishedNote string
	Name                     string
	Value                    string
	Target                   string
	ChangeMonth              string
	ChangeYear               string
	ChangeBase               string
	Status                   string
	Symbol                   string
	Class                    string
	Window                   string
	Numerator                string
	Denominator              string
	Spark                    []float64
	Charts                   []*chart.Chart
	Measure                  string
	Filter                   string
	Coverage                 bool
	Trend                    string
	TrendTitle               string
	Note                     string
	Progress                 string
	ProgressSym              string
	Comments                 commentList
	// TargetLabel is the word before the target in a tile; ExampleTarget
	// tells that the config's targets are examples for the board to set.
	TargetLabel   string
	ExampleTarget bool
}

type goalView struct {
	Code, Name, Short, Region string
	Indicators                []*indicatorView
	Measures                  []measureView
	// Comments on the goal: the latest of the nation and of each region
	// stand under it, the rest in its history.
	Comments commentList
}

type measureView struct {
	pipeline.Evidence
	Level              string
	LastActivity       string
	StatusWord, Symbol string
	Class              string
	Participants       string
	// Detail says where a measure reported elsewhere is reported.
	Detail string
}

type reportingView struct {
	Chart  *chart.Chart
	Months []string
	Rows   []reportingRow
	// Counts of the period's 12 months: expected, received, on time.
	Expected, Received, OnTime int
	Rate, OnTimeRate           string
}

type reportingRow struct {
	Label string
	Cells []reportingCell
}

// reportingCell is one cell of the reporting grid as both writers draw
// it: its symbol, colour class, word, and the word with the day saved.
type reportingCell struct {
	Symbol, Class, Title, Word string
}

// reportLooks are the symbol, colour class and word of each report state.
var reportLooks = map[pipeline.ReportState]struct{ symbol, class, word string }{
	pipeline.ReportOnTime:  {"●", "green", "report.ontime"},
	pipeline.ReportUndated: {"◐", "green", "report.undated"},
	pipeline.ReportLate:    {"▲", "yellow", "report.late"},
	pipeline.ReportMissing: {"■", "red", "report.missing"},
}

type areaView struct {
	Code, Name string
	Goals      []*goalView
}

type fileView struct {
	*pipeline.FileReport
	StatusText string
}

type reasonCount struct {
	Reason string
	Count  int
}

type htmlView struct {
	Lang string
	// Region is the name of the region of a region's report ("" for the
	// nation's).
	Region      string
	Org         string
	Strategy    string
	Period      string
	PeriodLabel string
	AsOf        string
	Generated   string
	Version     string
	Mission     config.Mission
	MissionInds []*indicatorView
	Board       *boardView
	Reporting   *reportingView
	// Charts lists every chart of the page, in page order, for the script
	// that draws them.
	Charts       []*chart.Chart
	Areas        []*areaView
	Totals       pipeline.Totals
	StatusCounts []statusCount
	// RowsAccepted, RowsRejected and FilesRead («fra 137 filer») as the
	// reader's language writes them.
	RowsAccepted, RowsRejected, FilesRead string
	RowsRead, Warnings, FilesCount        string
	Files                                 []fileView
	// FilesNote counts the files read without rejected rows, which the
	// page does not list.
	FilesNote    string
	Rejected     []pipeline.Problem
	RejectedMore string
	Reasons      []reasonCount
	EChartsJS    template.JS
	// ChartScript draws the charts from the page's chart data;
	// ScriptHashes are the CSP hashes of it and of the library.
	ChartScript  template.JS
	ScriptHashes string
}

type statusCount struct {
	Word, Symbol, Class string
	N                   int
}

// WriteHTML writes the self-contained HTML report of res to w.
func WriteHTML(w io.Writer, res *pipeline.Result, o HTMLOptions) error {
	v, err := buildHTMLView(res, o)
	if err != nil {
		return err
	}
	tpl, err := template.New("report").Funcs(template.FuncMap{
		"t":        func(key string) string { return i18n.T(res.Lang, key) },
		"sparkSVG": chart.Spark,
		// nb marks an element holding what people wrote (comments, cells,
		// file and sheet names) as Norwegian on an English page, so that
		// a screen reader reads it as Norwegian (WCAG 3.1.2).
		"nb": func() template.HTMLAttr {
			if res.Lang == "en" {
				return ` lang="nb"`
			}
			return ""
		},
		"deref": func(p *float64) float64 {
			if p == nil {
				return 0
			}
			return *p
		},
	}).Parse(reportTemplate)
	if err != nil {
		return fmt.Errorf("report template: %w", err)
	}
	// Straight to w, buffered unless it is already (writeFile's is): the
	// page is 1.4 MB, most of it the chart library, and a buffer of it
	// doubled its way there for every report.
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriterSize(w, 64<<10)
	}
	if err := tpl.Execute(bw, v); err != nil {
		return fmt.Errorf("rendering report: %w", err)
	}
	return bw.Flush()
}

func buildHTMLView(res *pipeline.Result, o HTMLOptions) (*htmlView, error) {
	lang := res.Lang
	v := &htmlView{
		Lang: lang, Org: res.Config.Organisation, Strategy: res.Config.Strategy,
		Period: res.Period.String(), PeriodLabel: res.Period.Label(lang), Region: res.Config.RegionName(res.Scope),
		AsOf: i18n.FormatDate(lang, res.Period.End()), Version: o.Version, Mission: res.Config.Mission,
		Totals: res.Totals,
		// The library holds no "</script" today; make sure it never can
		// end its own element early.
		EChartsJS: template.JS(echartsLib()), ChartScript: template.JS(chartScript), ScriptHashes: scriptHashes(),
	}
	if !o.Generated.IsZero() {
		v.Generated = i18n.FormatDate(lang, o.Generated)
	}
	// One tile for every status an indicator has, so that they add up to
	// the number of indicators.
	for _, s := range []pipeline.Status{pipeline.Green, pipeline.Yellow, pipeline.Red, pipeline.NoData, pipeline.None} {
		if n := res.Totals.Status[s]; n > 0 || s != pipeline.None {
			word, sym, class := i18n.StatusInfo(lang, s)
			v.StatusCounts = append(v.StatusCounts, statusCount{word, sym, class, n})
		}
	}
	v.RowsAccepted = i18n.FormatNumber(lang, float64(res.Totals.RowsAccepted), 0)
	v.RowsRejected = i18n.FormatNumber(lang, float64(res.Totals.RowsRejected), 0)
	v.RowsRead = i18n.FormatNumber(lang, float64(res.Totals.RowsRead), 0)
	v.Warnings = i18n.FormatNumber(lang, float64(res.Totals.Warnings), 0)
	v.FilesCount = i18n.FormatNumber(lang, float64(res.Totals.Files), 0) + " " + i18n.Plural(lang, res.Totals.Files, "file")
	v.FilesRead = fmt.Sprintf(i18n.T(lang, "from.files"), i18n.FormatNumber(lang, float64(res.Totals.Files), 0), i18n.Plural(lang, res.Totals.Files, "file"))

	byGoal := map[string][]*pipeline.IndicatorResult{}
	for _, ind := range res.Indicators {
		byGoal[ind.Goal] = append(byGoal[ind.Goal], ind)
	}
	for _, ind := range byGoal[config.MissionGoal] {
		v.MissionInds = append(v.MissionInds, indicatorViewOf(res, ind))
	}
	comments := commentsBySubject(res)
	for _, iv := range v.MissionInds {
		iv.Comments = comments[iv.Res.ID]
	}
	for _, a := range res.Config.Areas {
		av := &areaView{Code: a.Code, Name: a.Name}
		for _, g := range a.Goals {
			gv := &goalView{Code: g.Code, Name: g.Name, Short: g.Short, Region: g.Region, Comments: comments[g.Code]}
			for _, ind := range byGoal[g.Code] {
				iv := indicatorViewOf(res, ind)
				iv.Comments = comments[ind.ID]
				gv.Indicators = append(gv.Indicators, iv)
			}
			for _, e := range res.Evidence {
				if e.Goal == g.Code {
					gv.Measures = append(gv.Measures, measureViewOf(lang, e))
				}
			}
			av.Goals = append(av.Goals, gv)
		}
		v.Areas = append(v.Areas, av)
	}

	v.Board = boardViewOf(res)
	v.Reporting = reportingViewOf(res)
	for _, iv := range v.MissionInds {
		v.Charts = append(v.Charts, iv.Charts...)
	}
	for _, a := range v.Areas {
		for _, g := range a.Goals {
			for _, iv := range g.Indicators {
				v.Charts = append(v.Charts, iv.Charts...)
			}
		}
	}
	if v.Reporting != nil {
		v.Charts = append(v.Charts, v.Reporting.Chart)
	}
	reasons := map[string]int{}
	hidden, warned := 0, 0
	for _, f := range res.Data.Files {
		fv := fileView{FileReport: f}
		switch f.Status {
		case pipeline.StatusOK:
			fv.StatusText = i18n.T(lang, "status.file.ok")
		case pipeline.StatusDuplicate:
			fv.StatusText = i18n.T(lang, "status.file.dup")
		case pipeline.StatusReplaced:
			fv.StatusText = i18n.T(lang, "status.file.rep")
		case pipeline.StatusSkipped:
			fv.StatusText = i18n.T(lang, "status.file.skip")
		default:
			fv.StatusText = i18n.T(lang, "status.file.unr")
		}
		// The page lists the files with rejected rows or not read; the
		// others are counted (the workbook's Filer sheet lists them all).
		if f.Status != pipeline.StatusOK || f.RejectedCount() > 0 {
			v.Files = append(v.Files, fv)
		} else {
			hidden++
			if f.WarningCount() > 0 {
				warned++
			}
		}
		f.EachRejected(func(p *pipeline.Problem) { reasons[reasonKey(lang, *p)]++ })
	}
	if hidden > 0 {
		note := "files.hidden"
		if res.Scope != "" {
			note = "files.hidden.national"
		}
		v.FilesNote = fmt.Sprintf(i18n.T(lang, note), i18n.FormatNumber(lang, float64(hidden), 0), i18n.Plural(lang, hidden, "file"),
			i18n.FormatNumber(lang, float64(warned), 0), i18n.FormatNumber(lang, float64(len(res.Data.Files)), 0), sheetName(lang, SheetFiles))
	}
	max := o.MaxRejectedRows
	if max <= 0 {
		max = 200
	}
	total := 0
	for _, f := range res.Data.Files {
		total += f.RejectedCount()
		for _, p := range f.Rejected {
			if len(v.Rejected) < max {
				p.File = f.Path
				v.Rejected = append(v.Rejected, p)
			}
		}
	}
	if total > len(v.Rejected) {
		v.RejectedMore = fmt.Sprintf(i18n.T(lang, "more.rows"), len(v.Rejected), total)
	}
	for r, n := range reasons {
		v.Reasons = append(v.Reasons, reasonCount{r, n})
	}
	sort.Slice(v.Reasons, func(i, j int) bool {
		if v.Reasons[i].Count != v.Reasons[j].Count {
			return v.Reasons[i].Count > v.Reasons[j].Count
		}
		return v.Reasons[i].Reason < v.Reasons[j].Reason
	})
	if len(v.Reasons) > 8 {
		v.Reasons = v.Reasons[:8]
	}
	return v, nil
}

// reasonKey groups rejected rows by their reason without the details that
// differ from row to row.
func reasonKey(lang string, p pipeline.Problem) string {
	r := p.Reason
	if i := strings.Index(r, " ("); i > 0 {
		r = r[:i]
	}
	if lang == "en" { // the column is named as the file names it, in Norwegian
		return "«" + p.Column + "»: " + r
	}
	return p.Column + ": " + r
}

// monthsKey is the label of n months: "1 month", "12 months".
func monthsKey(n int) string {
	if n == 1 {
		return "month.one"
	}
	return "months"
}

func indicatorViewOf(res *pipeline.Result, ind *pipeline.IndicatorResult) *indicatorView {
	lang, def := res.Lang, ind.Def
	word, sym, class := i18n.StatusInfo(lang, ind.Status)
	iv := &indicatorView{
		Res: ind, Def: def, Name: def.Name,
		Value:       i18n.FormatValue(lang, ind.Value, def.Decimals, def.Unit),
		Target:      "–",
		ChangeMonth: i18n.FormatChange(lang, ind.ChangeMonth, def.Decimals, def.Unit),
		ChangeYear:  i18n.FormatChange(lang, ind.ChangeYear, def.Decimals, def.Unit),
		ChangeBase:  i18n.FormatChange(lang, ind.ChangeBase, def.Decimals, def.Unit),
		Status:      word, Symbol: sym, Class: class,
		Window:      fmt.Sprintf("%s – %s (%d %s)", ind.WindowFrom.Label(lang), ind.WindowTo.Label(lang), def.Window, i18n.T(lang, monthsKey(def.Window))),
		Measure:     ind.Measure,
		Filter:      i18n.Filter(lang, def.Filter),
		Coverage:    strings.TrimSpace(def.Measure) == "coverage",
		Note:        i18n.Note(lang, ind.Note),
		TargetLabel: i18n.T(lang, "target.short"), ExampleTarget: res.Config.ExampleTargets,
	}
	if iv.ExampleTarget {
		iv.TargetLabel = i18n.T(lang, "target.example")
	}
	if ind.Progress != nil {
		iv.Progress, iv.ProgressSym = i18n.ProgressWords(lang, ind.Progress.Status)
	}
	if ind.ChangeYear != nil {
		// The arrow follows the rounded change; its word says whether
		// that is better or worse, by the indicator's direction.
		iv.Trend = i18n.Arrow(ind)
		iv.TrendTitle = i18n.T(lang, "change.year") + ": " + iv.ChangeYear
		if w := i18n.Better(lang, ind); w != "" {
			iv.TrendTitle += " (" + w + ")"
		}
	}
	if ind.Target != nil {
		iv.Target = i18n.FormatValue(lang, ind.Target, def.Decimals, def.Unit)
	}
	if ind.Published != nil {
		iv.Published = i18n.FormatValue(lang, ind.Published, def.Decimals, def.Unit)
		if ind.Value != nil && math.Abs(*ind.Value-*ind.Published) > 0.5 {
			iv.PublishedNote = fmt.Sprintf(i18n.T(lang, "ssb.differs"), i18n.FormatNumber(lang, math.Abs(*ind.Value-*ind.Published), 1))
		}
	}
	if gap := ind.PublishedGap; gap != nil {
		iv.PublishedNote = i18n.PublishedGap(lang, gap)
	}
	if nat := res.National[ind.ID]; nat != nil {
		iv.National = i18n.FormatValue(lang, nat.Value, def.Decimals, def.Unit)
	}
	if ind.Numerator != nil && ind.Denominator != nil {
		iv.Numerator = i18n.FormatNumber(lang, *ind.Numerator, 0)
		iv.Denominator = i18n.FormatNumber(lang, *ind.Denominator, 0)
	}
	for _, p := range ind.Series {
		if p.Value != nil {
			iv.Spark = append(iv.Spark, *p.Value)
		}
	}
	iv.Charts = append(iv.Charts, chart.Trend(res, ind))
	if c := chart.County(res, ind); c != nil {
		iv.Charts = append(iv.Charts, c)
	}
	return iv
}

func measureViewOf(lang string, e pipeline.Evidence) measureView {
	m := measureView{Evidence: e, Level: "N", LastActivity: "–", Participants: i18n.FormatNumber(lang, float64(e.Participants), 0)}
	if e.Region != "" {
		m.Level = "R"
	}
	if !e.LastActivity.IsZero() {
		m.LastActivity = i18n.FormatDate(lang, e.LastActivity.Time())
	}
	switch e.Status {
	case pipeline.MeasureActive:
		m.StatusWord, m.Symbol, m.Class = i18n.T(lang, "measure.active"), "●", "green"
	case pipeline.MeasureQuiet:
		m.StatusWord, m.Symbol, m.Class = i18n.T(lang, "measure.quiet"), "▲", "yellow"
	case pipeline.MeasureNotReportedHere:
		m.StatusWord, m.Symbol, m.Class = i18n.T(lang, "measure.not_reported_here"), "◇", "nodata"
		m.Detail = e.ReportedElsewhere
	case pipeline.MeasureNotStarted:
		start := e.Starts
		if mo, err := pipeline.ParseMonth(e.Starts); err == nil {
			start = mo.Label(lang)
		}
		m.StatusWord, m.Symbol, m.Class = fmt.Sprintf(i18n.T(lang, "measure.not_started"), start), "○", "nodata"
	default:
		m.StatusWord, m.Symbol, m.Class = i18n.T(lang, "measure.no_activity"), "■", "red"
	}
	return m
}

// reportingViewOf shows the last twelve months of the reporting table as a
// heatmap (reporter × month) and as the same grid in symbols.
func reportingViewOf(res *pipeline.Result) *reportingView {
	lang := res.Lang
	var months []pipeline.Month
	for m := res.Period - 11; m <= res.Period; m++ {
		months = append(months, m)
	}
	rows := pipeline.ReportingGrid(res.Data.Table(pipeline.TableReporting), months[0].String(), months[len(months)-1].String())
	if len(rows) == 0 {
		return nil
	}
	v := &reportingView{}
	for _, m := range months {
		v.Months = append(v.Months, m.Short(lang))
	}
	hm := charts.NewHeatMap()
	var ys []string
	var data []opts.HeatMapData
	for ri := len(rows) - 1; ri >= 0; ri-- { // first reporter on top
		r := rows[ri]
		label := r.Key
		if r.Type == "aktiviteter" {
			label = i18n.T(lang, "activity.log") + " " + r.Key
		}
		ys = append(ys, label)
		y := len(ys) - 1
		for x, m := range months {
			c, expected := r.Cells[m.String()]
			if !expected {
				continue
			}
			val := int(c.State()) // the heatmap's pieces: 0 missing … 3 on time
			// The cell's symbol is its label: the state is told by shape
			// too, not by colour alone (greyscale prints, colour blindness).
			data = append(data, opts.HeatMapData{Name: reportLooks[c.State()].symbol, Value: [3]interface{}{x, y, val}})
		}
	}
	for _, r := range rows {
		label := r.Key
		if r.Type == "aktiviteter" {
			label = i18n.T(lang, "activity.log") + " " + r.Key
		}
		row := reportingRow{Label: label}
		for _, m := range months {
			c, expected := r.Cells[m.String()]
			cell := reportingCell{Symbol: "", Class: "none"}
			if expected {
				v.Expected++
				st := c.State()
				look := reportLooks[st]
				cell = reportingCell{Symbol: look.symbol, Class: look.class, Word: i18n.T(lang, look.word)}
				cell.Title = cell.Word
				if !c.Submitted.IsZero() && st != pipeline.ReportUndated {
					cell.Title += " " + c.Submitted.String()
				}
				if st != pipeline.ReportMissing {
					v.Received++
				}
				if st == pipeline.ReportOnTime {
					v.OnTime++
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		v.Rows = append(v.Rows, row)
	}
	if v.Expected > 0 {
		v.Rate = i18n.FormatNumber(lang, 100*float64(v.Received)/float64(v.Expected), 0) + "\u00a0%"
		v.OnTimeRate = i18n.FormatNumber(lang, 100*float64(v.OnTime)/float64(v.Expected), 0) + "\u00a0%"
	}
	hm.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: "chart-reporting", Renderer: "svg"}),
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(false)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "250", Right: "16", Top: "8", Bottom: "28"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: v.Months, SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: ys, SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}),
		charts.WithVisualMapOpts(opts.VisualMap{
			// The legend is drawn in the page, with the symbols.
			Type: "piecewise", Show: opts.Bool(false),
			Pieces: []opts.Piece{
				{Gte: 2.5, Color: i18n.StatusColor(pipeline.Green)},
				{Gte: 1.5, Lt: 2.5, Color: "#7fbfa6"},
				{Gte: 0.5, Lt: 1.5, Color: i18n.StatusColor(pipeline.Yellow)},
				{Lt: 0.5, Color: i18n.StatusColor(pipeline.Red)},
			},
		}),
	)
	hm.SetXAxis(v.Months)
	hm.AddSeries(i18n.T(lang, "reporting"), data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: "{b}", Color: "#fff", FontSize: 13}),
		charts.WithItemStyleOpts(opts.ItemStyle{BorderColor: "#fff", BorderWidth: 2}))
	v.Chart = &chart.Chart{ID: "chart-reporting", Title: i18n.T(lang, "reporting"), Summary: fmt.Sprintf(i18n.T(lang, "chart.reporting.summary"), v.Rate, v.OnTimeRate), Option: chart.OptionJSON(hm), Height: 50 + 30*len(ys)}
	return v
}

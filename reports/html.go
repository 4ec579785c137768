package reports

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"kulturrapport/config"
	"kulturrapport/pipeline"
)

//go:embed assets/echarts.min.js
var echartsJS string

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

// chart is one chart of the report: its element id, its ECharts option as
// JSON (safe inside a script element), and the same numbers as a table.
type chart struct {
	ID     string
	Title  string
	Option template.JS
	Height int
	Table  *table
}

type table struct {
	Head []string
	Rows [][]string
}

type indicatorView struct {
	Res         *pipeline.IndicatorResult
	Def         *config.Indicator
	Name        string
	Value       string
	Target      string
	ChangeMonth string
	ChangeYear  string
	Status      string
	Symbol      string
	Class       string
	Window      string
	Numerator   string
	Denominator string
	Spark       []float64
	Charts      []*chart
	Measure     string
	Filter      string
	Coverage    bool
	Note        string
	Progress    string
	ProgressSym string
}

type goalView struct {
	Code, Name, Short, Region string
	Indicators                []*indicatorView
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
	Lang         string
	Org          string
	Strategy     string
	Period       string
	PeriodLabel  string
	AsOf         string
	Generated    string
	Version      string
	Mission      config.Mission
	MissionInds  []*indicatorView
	Areas        []*areaView
	Totals       pipeline.Totals
	StatusCounts []statusCount
	Files        []fileView
	Rejected     []pipeline.Problem
	RejectedMore string
	Reasons      []reasonCount
	EChartsJS    template.JS
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
		"t":        func(key string) string { return T(res.Lang, key) },
		"sparkSVG": sparkSVG,
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
	var buf bytes.Buffer
	if err := tpl.Execute(&buf, v); err != nil {
		return fmt.Errorf("rendering report: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func buildHTMLView(res *pipeline.Result, o HTMLOptions) (*htmlView, error) {
	lang := res.Lang
	_, end, err := pipeline.ParsePeriod(res.Period)
	if err != nil {
		return nil, err
	}
	v := &htmlView{
		Lang: lang, Org: res.Config.Organisation, Strategy: res.Config.Strategy,
		Period: res.Period, PeriodLabel: PeriodLabel(lang, res.Period),
		AsOf: FormatDate(lang, end), Version: o.Version, Mission: res.Config.Mission,
		Totals: res.Totals,
		// The library holds no "</script" today; make sure it never can
		// end its own element early.
		EChartsJS: template.JS(strings.ReplaceAll(echartsJS, "</script", `<\/script`)),
	}
	if !o.Generated.IsZero() {
		v.Generated = FormatDate(lang, o.Generated)
	}
	for _, s := range []pipeline.Status{pipeline.Green, pipeline.Yellow, pipeline.Red, pipeline.NoData} {
		word, sym, class := statusInfo(lang, s)
		v.StatusCounts = append(v.StatusCounts, statusCount{word, sym, class, res.Totals.Status[s]})
	}

	byGoal := map[string][]*pipeline.IndicatorResult{}
	for _, ind := range res.Indicators {
		byGoal[ind.Goal] = append(byGoal[ind.Goal], ind)
	}
	for _, ind := range byGoal[config.MissionGoal] {
		v.MissionInds = append(v.MissionInds, indicatorViewOf(res, ind))
	}
	for _, a := range res.Config.Areas {
		av := &areaView{Code: a.Code, Name: a.DisplayName(lang)}
		for _, g := range a.Goals {
			gv := &goalView{Code: g.Code, Name: g.Name, Short: g.Short, Region: g.Region}
			for _, ind := range byGoal[g.Code] {
				gv.Indicators = append(gv.Indicators, indicatorViewOf(res, ind))
			}
			av.Goals = append(av.Goals, gv)
		}
		v.Areas = append(v.Areas, av)
	}

	reasons := map[string]int{}
	for _, f := range res.Data.Files {
		fv := fileView{FileReport: f}
		switch f.Status {
		case pipeline.StatusOK:
			fv.StatusText = T(lang, "status.file.ok")
		case pipeline.StatusDuplicate:
			fv.StatusText = T(lang, "status.file.dup")
		default:
			fv.StatusText = T(lang, "status.file.unr")
		}
		v.Files = append(v.Files, fv)
		for _, p := range f.Rejected {
			reasons[reasonKey(p)]++
		}
	}
	max := o.MaxRejectedRows
	if max <= 0 {
		max = 200
	}
	total := 0
	for _, f := range res.Data.Files {
		for _, p := range f.Rejected {
			total++
			if len(v.Rejected) < max {
				p.File = f.Path
				v.Rejected = append(v.Rejected, p)
			}
		}
	}
	if total > len(v.Rejected) {
		v.RejectedMore = fmt.Sprintf(T(lang, "more.rows"), len(v.Rejected), total)
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
func reasonKey(p pipeline.Problem) string {
	r := p.Reason
	if i := strings.Index(r, " ("); i > 0 {
		r = r[:i]
	}
	return p.Column + ": " + r
}

func indicatorViewOf(res *pipeline.Result, ind *pipeline.IndicatorResult) *indicatorView {
	lang, def := res.Lang, ind.Def
	word, sym, class := statusInfo(lang, ind.Status)
	iv := &indicatorView{
		Res: ind, Def: def, Name: def.DisplayName(lang),
		Value:       FormatValue(lang, ind.Value, def.Decimals, def.Unit),
		Target:      "–",
		ChangeMonth: FormatChange(lang, ind.ChangeMonth, def.Decimals, def.Unit),
		ChangeYear:  FormatChange(lang, ind.ChangeYear, def.Decimals, def.Unit),
		Status:      word, Symbol: sym, Class: class,
		Window:   fmt.Sprintf("%s – %s (%d %s)", PeriodLabel(lang, ind.WindowFrom), PeriodLabel(lang, ind.WindowTo), def.Window, T(lang, "months")),
		Measure:  def.Measure,
		Filter:   filterText(def.Filter),
		Coverage: strings.TrimSpace(def.Measure) == "coverage",
		Note:     noteText(lang, ind.Note),
	}
	if ind.Progress != nil {
		iv.Progress, iv.ProgressSym = progressText(lang, ind.Progress.Status)
	}
	if ind.Target != nil {
		iv.Target = FormatValue(lang, ind.Target, def.Decimals, def.Unit)
	}
	if ind.Numerator != nil && ind.Denominator != nil {
		iv.Numerator = FormatNumber(lang, *ind.Numerator, 0)
		iv.Denominator = FormatNumber(lang, *ind.Denominator, 0)
	}
	for _, p := range ind.Series {
		if p.Value != nil {
			iv.Spark = append(iv.Spark, *p.Value)
		}
	}
	iv.Charts = append(iv.Charts, trendChart(res, ind))
	if c := countyChart(res, ind); c != nil {
		iv.Charts = append(iv.Charts, c)
	}
	return iv
}

// noteText puts an indicator's note into words.
func noteText(lang, note string) string {
	var single, used int
	if _, err := fmt.Sscanf(note, "kostra.single:%d:%d", &single, &used); err == nil {
		return fmt.Sprintf(T(lang, "note.kostra.single"), single, used)
	}
	return note
}

// progressText is the word and symbol for a progress status.
func progressText(lang, status string) (string, string) {
	switch status {
	case pipeline.ProgressAchieved:
		return T(lang, "progress.achieved"), "★"
	case pipeline.ProgressOnTrack:
		return T(lang, "progress.on_track"), "↗"
	case pipeline.ProgressModerate:
		return T(lang, "progress.moderate"), "→"
	case pipeline.ProgressLimited:
		return T(lang, "progress.limited"), "↘"
	case pipeline.ProgressDeterioration:
		return T(lang, "progress.deterioration"), "↓"
	}
	return T(lang, "progress.not_available"), "–"
}

func filterText(f map[string][]string) string {
	var keys []string
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+" = "+strings.Join(f[k], " | "))
	}
	return strings.Join(parts, "; ")
}

// optionJSON renders a go-echarts chart's option as JSON. json.Marshal
// escapes <, > and &, so text from the inputs cannot close the script
// element the option is written into.
func optionJSON(c interface {
	Validate()
	JSON() map[string]interface{}
}) template.JS {
	c.Validate()
	b, err := json.Marshal(c.JSON())
	if err != nil {
		panic(err) // options are built from plain values here
	}
	return template.JS(b)
}

func chartID(indicatorID, kind string) string {
	return "chart-" + strings.NewReplacer(".", "-", "_", "-").Replace(indicatorID) + "-" + kind
}

func trendChart(res *pipeline.Result, ind *pipeline.IndicatorResult) *chart {
	lang, def := res.Lang, ind.Def
	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: chartID(ind.ID, "trend"), Renderer: "svg"}),
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "48", Right: "16", Top: "16", Bottom: "28"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: "#e6e8eb"}}}),
	)
	var xs []string
	var data []opts.LineData
	tbl := &table{Head: []string{T(lang, "month"), T(lang, "value")}}
	for _, p := range ind.Series {
		xs = append(xs, ShortPeriod(lang, p.Period))
		if p.Value == nil {
			data = append(data, opts.LineData{Value: "-"})
		} else {
			data = append(data, opts.LineData{Value: round(*p.Value, def.Decimals)})
		}
		tbl.Rows = append(tbl.Rows, []string{PeriodLabel(lang, p.Period), FormatValue(lang, p.Value, def.Decimals, def.Unit)})
	}
	line.SetXAxis(xs)
	seriesOpts := []charts.SeriesOpts{
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true), Symbol: "circle", SymbolSize: 5, ConnectNulls: opts.Bool(false)}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: "#1f4e79", Width: 2.5}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1f4e79"}),
	}
	if ind.Target != nil {
		seriesOpts = append(seriesOpts,
			charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: T(lang, "target"), YAxis: *ind.Target}),
			charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
				Symbol:    []string{"none", "none"},
				LineStyle: &opts.LineStyle{Color: "#444", Type: "dashed", Width: 1.5},
				Label:     &opts.Label{Show: opts.Bool(true), Formatter: T(lang, "target") + ": " + FormatNumber(lang, *ind.Target, def.Decimals), Position: "insideEndTop"},
			}),
		)
	}
	line.AddSeries(def.DisplayName(lang), data, seriesOpts...)
	return &chart{ID: chartID(ind.ID, "trend"), Title: T(lang, "trend"), Option: optionJSON(line), Height: 220, Table: tbl}
}

// countyChart compares counties for indicators that can be split by
// municipality: coverage, and counts that carry a kommunenummer.
func countyChart(res *pipeline.Result, ind *pipeline.IndicatorResult) *chart {
	lang, def := res.Lang, ind.Def
	if def.Measure != "coverage" || len(ind.Counties) < 2 {
		return nil
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: chartID(ind.ID, "county"), Renderer: "svg"}),
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "90", Right: "40", Top: "8", Bottom: "24"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Max: 100}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category"}),
	)
	tbl := &table{Head: []string{T(lang, "by.county"), T(lang, "value"), T(lang, "numerator"), T(lang, "denominator")}}
	var names []string
	var data []opts.BarData
	for _, g := range ind.Counties {
		names = append(names, g.Name)
		row := []string{g.Name, FormatValue(lang, g.Value, def.Decimals, def.Unit), "–", "–"}
		if g.Numerator != nil {
			row[2], row[3] = FormatNumber(lang, *g.Numerator, 0), FormatNumber(lang, *g.Denominator, 0)
		}
		tbl.Rows = append(tbl.Rows, row)
		if g.Value == nil {
			data = append(data, opts.BarData{Value: "-"})
			continue
		}
		data = append(data, opts.BarData{Value: round(*g.Value, def.Decimals), ItemStyle: &opts.ItemStyle{Color: statusColor(g.Status)}})
	}
	bar.SetXAxis(names)
	bar.AddSeries(def.DisplayName(lang), data,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right", Formatter: "{c} %"}),
		charts.WithBarChartOpts(opts.BarChart{BarWidth: "55%"}))
	return &chart{ID: chartID(ind.ID, "county"), Title: T(lang, "by.county"), Option: optionJSON(bar), Height: 40 + 34*len(names), Table: tbl}
}

func round(v float64, decimals int) float64 {
	p := 1.0
	for i := 0; i < decimals; i++ {
		p *= 10
	}
	if v < 0 {
		return -float64(int64(-v*p+0.5)) / p
	}
	return float64(int64(v*p+0.5)) / p
}

// sparkSVG draws a small trend line as inline SVG, so the overview shows
// trends without script (and in print).
func sparkSVG(vals []float64) template.HTML {
	if len(vals) < 2 {
		return ""
	}
	const w, h = 96.0, 24.0
	lo, hi := vals[0], vals[0]
	for _, v := range vals {
		lo, hi = min(lo, v), max(hi, v)
	}
	span := hi - lo
	if span == 0 {
		span = 1
	}
	var pts []string
	for i, v := range vals {
		x := float64(i) * w / float64(len(vals)-1)
		y := h - 2 - (v-lo)/span*(h-4)
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
	}
	return template.HTML(fmt.Sprintf(`<svg class="spark" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" aria-hidden="true"><polyline points="%s" fill="none" stroke="currentColor" stroke-width="1.5"/></svg>`,
		w, h, w, h, strings.Join(pts, " ")))
}

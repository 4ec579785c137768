// Package chart makes the report's charts: the ECharts options (built with
// go-echarts, as JSON that cannot close the script element it is written
// into) of an indicator's trend and its county comparison, each with the
// same numbers as a table, and the overview's inline sparklines.
package chart

import (
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"kulturrapport/pipeline"
	"kulturrapport/reports/internal/i18n"
)

// Chart is one Chart of the report: its element id, its ECharts option as
// JSON (safe inside a script element), and the same numbers as a table.
type Chart struct {
	ID     string
	Title  string
	Option template.JS
	Height int
	// PrintHeight, if set, is its height on an A4 page.
	PrintHeight int
	Table       *Table
	// Summary says in one sentence what the chart shows, for those who
	// do not see it (its accessible description) and in print.
	Summary string
}

type Table struct {
	Head []string
	Rows [][]string
}

// OptionJSON renders a go-echarts chart's option as JSON. json.Marshal
// escapes <, > and &, so text from the inputs cannot close the script
// element the option is written into.
func OptionJSON(c interface {
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

func ID(indicatorID, kind string) string {
	return "chart-" + strings.NewReplacer(".", "-", "_", "-").Replace(indicatorID) + "-" + kind
}

func Trend(res *pipeline.Result, ind *pipeline.IndicatorResult) *Chart {
	lang, def := res.Lang, ind.Def
	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: ID(ind.ID, "trend"), Renderer: "svg"}),
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "48", Right: "16", Top: "16", Bottom: "28"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: "#949494", Type: "dotted"}}}),
	)
	var xs []string
	var data []opts.LineData
	// The unit once, in the head («Verdi (personer)»): the column stays
	// narrow enough to print beside the chart.
	valueHead := i18n.T(lang, "value")
	if u := i18n.UnitLabel(lang, def.Unit); u != "" {
		valueHead += " (" + u + ")"
	}
	tbl := &Table{Head: []string{i18n.T(lang, "month"), valueHead}}
	for _, p := range ind.Series {
		xs = append(xs, p.Period.Short(lang))
		if p.Value == nil {
			data = append(data, opts.LineData{Value: "-"})
		} else {
			data = append(data, opts.LineData{Value: pipeline.Round(*p.Value, def.Decimals)})
		}
		tbl.Rows = append(tbl.Rows, []string{p.Period.Label(lang), i18n.FormatValue(lang, p.Value, def.Decimals, "")})
	}
	line.SetXAxis(xs)
	seriesOpts := []charts.SeriesOpts{
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true), Symbol: "circle", SymbolSize: 5, ConnectNulls: opts.Bool(false)}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: "#1f4e79", Width: 2.5}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1f4e79"}),
	}
	if ind.Target != nil {
		seriesOpts = append(seriesOpts,
			charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{Name: i18n.T(lang, "target"), YAxis: *ind.Target}),
			charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
				Symbol:    []string{"none", "none"},
				LineStyle: &opts.LineStyle{Color: "#444", Type: "dashed", Width: 1.5},
				Label:     &opts.Label{Show: opts.Bool(true), Formatter: i18n.T(lang, "target") + ": " + i18n.FormatNumber(lang, *ind.Target, def.Decimals), Position: "insideEndTop"},
			}),
		)
	}
	line.AddSeries(def.Name, data, seriesOpts...)
	summary := fmt.Sprintf(i18n.T(lang, "chart.trend.summary"), def.Name, i18n.FormatValue(lang, ind.Value, def.Decimals, def.Unit), ind.Period.Label(lang), i18n.FormatChange(lang, ind.ChangeYear, def.Decimals, def.Unit))
	if ind.Target != nil {
		summary += fmt.Sprintf(i18n.T(lang, "chart.target.summary"), i18n.FormatValue(lang, ind.Target, def.Decimals, def.Unit))
	}
	return &Chart{ID: ID(ind.ID, "trend"), Title: i18n.T(lang, "trend") + ": " + def.Name, Summary: summary + ".", Option: OptionJSON(line), Height: 220, PrintHeight: 120, Table: tbl}
}

// County compares the counties (the region's parts) for indicators of
// tables that carry a kommunenummer.
func County(res *pipeline.Result, ind *pipeline.IndicatorResult) *Chart {
	lang, def := res.Lang, ind.Def
	if len(ind.Counties) < 2 {
		return nil
	}
	// Where no county has a value (activities for the whole region, with
	// no kommunenummer), a comparison would only show zeros.
	shown := false
	for _, g := range ind.Counties {
		shown = shown || (g.Value != nil && *g.Value != 0)
	}
	if !shown {
		return nil
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: ID(ind.ID, "county"), Renderer: "svg"}),
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		// The value axis (x, the bars lying) is typed, so the page's
		// script writes its numbers in the reader's language.
		// Numbers that would run into each other on a narrow chart (a
		// printed page) are left out, not drawn over each other.
		charts.WithXAxisOpts(opts.XAxis{Type: "value", AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}, SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: "#949494", Type: "dotted"}}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category"}),
	)
	tbl := &Table{Head: []string{i18n.T(lang, "by.county"), i18n.T(lang, "value"), i18n.T(lang, "numerator"), i18n.T(lang, "denominator")}}
	var names []string
	var data []opts.BarData
	longest := 0 // the longest bar label, in characters
	for _, g := range ind.Counties {
		names = append(names, g.Name)
		row := []string{g.Name, i18n.FormatValue(lang, g.Value, def.Decimals, def.Unit), "–", "–"}
		if g.Numerator != nil {
			row[2], row[3] = i18n.FormatNumber(lang, *g.Numerator, 0), i18n.FormatNumber(lang, *g.Denominator, 0)
		}
		tbl.Rows = append(tbl.Rows, row)
		if g.Value == nil {
			data = append(data, opts.BarData{Value: "-"})
			continue
		}
		// The label is the value as the text writes it (1 234,5 %), with
		// the status symbol: the bar's colour is not all it says.
		_, sym, _ := i18n.StatusInfo(lang, g.Status)
		label := sym + " " + i18n.FormatValue(lang, g.Value, def.Decimals, def.Unit)
		longest = max(longest, utf8.RuneCountInString(label))
		data = append(data, opts.BarData{Value: pipeline.Round(*g.Value, def.Decimals), ItemStyle: &opts.ItemStyle{Color: i18n.StatusColor(g.Status)},
			Label: &opts.Label{Show: opts.Bool(true), Position: "right", Formatter: label}})
	}
	// Room on the right for the longest label beside the longest bar
	// (12 px type: about 7.5 px a character).
	bar.SetGlobalOptions(charts.WithGridOpts(opts.Grid{Left: "90", Right: strconv.Itoa(16 + longest*15/2), Top: "8", Bottom: "24"}))
	bar.SetXAxis(names)
	bar.AddSeries(def.Name, data, charts.WithBarChartOpts(opts.BarChart{BarWidth: "55%"}))
	bar.XYReversal()
	var hi, lo *pipeline.Group
	for i := range ind.Counties {
		g := &ind.Counties[i]
		if g.Value == nil {
			continue
		}
		if hi == nil || *g.Value > *hi.Value {
			hi = g
		}
		if lo == nil || *g.Value < *lo.Value {
			lo = g
		}
	}
	summary := ""
	if hi != nil {
		summary = fmt.Sprintf(i18n.T(lang, "chart.county.summary"), def.Name, hi.Name, i18n.FormatValue(lang, hi.Value, def.Decimals, def.Unit), lo.Name, i18n.FormatValue(lang, lo.Value, def.Decimals, def.Unit))
	}
	return &Chart{ID: ID(ind.ID, "county"), Title: i18n.T(lang, "by.county") + ": " + def.Name, Summary: summary, Option: OptionJSON(bar), Height: 40 + 34*len(names), PrintHeight: 34 + 22*len(names), Table: tbl}
}

// Spark draws a small trend line as inline SVG, so the overview shows
// trends without script (and in print).
func Spark(vals []float64) template.HTML {
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

package indicators

import (
	"kulturrapport/config"
	"kulturrapport/pipeline"

	"github.com/apache/arrow-go/v18/arrow"
)

// statusRank orders the graded statuses from worse to better.
var statusRank = map[pipeline.Status]int{pipeline.Red: 0, pipeline.Yellow: 1, pipeline.Green: 2}

// Goals rolls each goal's indicators up into its status by cfg's rule
// (goal_status: worst or majority), and lists the indicators that need
// attention: red, worse three months running, or off track toward their
// target year. A goal whose indicators have no status has NoData (some
// report nothing) or None (no indicator, or none with a target).
//
// reporting is the reporting table (nil: none): an indicator over activity
// logs or project reports that needs attention says how many of the
// reports its window expected did not come, when any did not.
func Goals(cfg *config.Config, inds []*pipeline.IndicatorResult, reporting arrow.RecordBatch) []pipeline.GoalResult {
	missing := missingReports(reporting)
	byGoal := map[string][]*pipeline.IndicatorResult{}
	for _, ind := range inds {
		byGoal[ind.Goal] = append(byGoal[ind.Goal], ind)
	}
	// The mission's indicators first, as a goal of their own, when it has
	// any; then the goals of the areas in order.
	codes := []string{}
	if len(byGoal[config.MissionGoal]) > 0 {
		codes = append(codes, config.MissionGoal)
	}
	for _, area := range cfg.Areas {
		for _, g := range area.Goals {
			codes = append(codes, g.Code)
		}
	}
	var out []pipeline.GoalResult
	for _, code := range codes {
		gr := pipeline.GoalResult{Code: code, Indicators: []string{}, Attention: []pipeline.Attention{}}
		var statuses []pipeline.Status
		for _, ind := range byGoal[code] {
			gr.Indicators = append(gr.Indicators, ind.ID)
			statuses = append(statuses, ind.Status)
			if a, ok := attention(ind); ok {
				for m := ind.WindowFrom; m <= ind.WindowTo; m++ {
					a.MissingReports += missing[missingKey{ind.Def.Source, m}]
				}
				gr.Attention = append(gr.Attention, a)
			}
		}
		gr.Status = rollUp(cfg.GoalStatus, statuses)
		out = append(out, gr)
	}
	return out
}

// rollUp is a goal's status from its indicators' statuses.
func rollUp(rule string, statuses []pipeline.Status) pipeline.Status {
	count := map[pipeline.Status]int{}
	graded := 0
	for _, s := range statuses {
		count[s]++
		if _, ok := statusRank[s]; ok {
			graded++
		}
	}
	switch {
	case graded == 0 && count[pipeline.NoData] > 0:
		return pipeline.NoData
	case graded == 0:
		return pipeline.None
	}
	order := []pipeline.Status{pipeline.Red, pipeline.Yellow, pipeline.Green} // worse first
	if rule == "majority" {
		best := order[0]
		for _, s := range order {
			if count[s] > count[best] {
				best = s // strictly more: a tie stays with the worse
			}
		}
		return best
	}
	for _, s := range order {
		if count[s] > 0 {
			return s
		}
	}
	return pipeline.None
}

// attention tells whether ind needs attention, and why.
func attention(ind *pipeline.IndicatorResult) (pipeline.Attention, bool) {
	a := pipeline.Attention{Indicator: ind.ID, Goal: ind.Goal}
	if ind.Status == pipeline.Red {
		a.Kinds = append(a.Kinds, pipeline.AttentionRed)
	}
	if worseThreeMonths(ind) {
		a.Kinds = append(a.Kinds, pipeline.AttentionWrongWay)
	}
	if p := ind.Progress; p != nil && (p.Status == pipeline.ProgressLimited || p.Status == pipeline.ProgressDeterioration) {
		a.Kinds = append(a.Kinds, pipeline.AttentionOffTrack)
	}
	if len(a.Kinds) == 0 {
		return a, false
	}
	a.Weakest = weakest(ind)
	return a, true
}

// worseThreeMonths tells whether the series got worse, as shown (rounded),
// in each of its last three months.
func worseThreeMonths(ind *pipeline.IndicatorResult) bool {
	s := ind.Series
	if len(s) < 4 {
		return false
	}
	lower := ind.Def.LowerIsBetter()
	for k := len(s) - 3; k < len(s); k++ {
		prev, cur := s[k-1].Value, s[k].Value
		if prev == nil || cur == nil {
			return false
		}
		p, c := pipeline.Round(*prev, ind.Def.Decimals), pipeline.Round(*cur, ind.Def.Decimals)
		if lower && c <= p || !lower && c >= p {
			return false
		}
	}
	return true
}

// weakest is the region, or else the county, with the worst value, when
// there are at least two with values to compare.
func weakest(ind *pipeline.IndicatorResult) *pipeline.Group {
	for _, groups := range [][]pipeline.Group{ind.Regions, ind.Counties} {
		var worst *pipeline.Group
		n := 0
		for i := range groups {
			g := &groups[i]
			if g.Value == nil {
				continue
			}
			n++
			if worst == nil || (ind.Def.LowerIsBetter() && *g.Value > *worst.Value) || (!ind.Def.LowerIsBetter() && *g.Value < *worst.Value) {
				worst = g
			}
		}
		if n >= 2 {
			w := *worst
			return &w
		}
	}
	return nil
}

type missingKey struct {
	kind  string
	month pipeline.Month
}

// missingReports counts the expected reports that did not come, by the
// kind they are of (the table their rows go to) and month.
func missingReports(rec arrow.RecordBatch) map[missingKey]int {
	out := map[missingKey]int{}
	if rec == nil {
		return out
	}
	typ, period := pipeline.StringColumn(rec, pipeline.FieldReportType), pipeline.StringColumn(rec, pipeline.FieldPeriod)
	expected := rec.Column(rec.Schema().FieldIndices(pipeline.FieldExpected)[0])
	received := rec.Column(rec.Schema().FieldIndices(pipeline.FieldReceived)[0])
	for i := 0; i < int(rec.NumRows()); i++ {
		e, _ := numberOf(expected, i)
		r, _ := numberOf(received, i)
		m, err := pipeline.ParseMonth(period(i))
		if e > 0 && r == 0 && err == nil {
			out[missingKey{typ(i), m}]++
		}
	}
	return out
}

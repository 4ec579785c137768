package indicators

import (
	"context"
	"errors"
	"fmt"
	"runtime"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/pipeline/internal/work"
)

// evidenceRule is what counts as a measure's work: activities naming its
// code, activities that pass its evidence filter (of its region, for a
// regional measure), and the reports of its projects.
type evidenceRule struct {
	m        config.Measure
	goal     string
	filter   []predicate
	key      string // the filter as written, to share its mask
	projects map[string]bool
}

// compileEvidence reads every measure's evidence filter against the
// activities table. Errors name the measure and the field.
func compileEvidence(cfg *config.Config) ([]evidenceRule, error) {
	var out []evidenceRule
	var errs []error
	for _, area := range cfg.Areas {
		for _, g := range area.Goals {
			for _, m := range g.Measures {
				r := evidenceRule{m: m, goal: g.Code, key: fmt.Sprint(m.Evidence)}
				for field, values := range m.Evidence {
					p, err := compilePredicate(pipeline.Activities, filterField(field), values, translator(cfg.Lang))
					if err != nil {
						errs = append(errs, config.Invalidf(cfg.Lang, "tiltak %s: evidence %s: %v", "measure %s: evidence %s: %v", m.Code, field, err))
						continue
					}
					r.filter = append(r.filter, p)
				}
				sortPredicates(r.filter)
				if len(m.Projects) > 0 {
					r.projects = map[string]bool{}
					for _, p := range m.Projects {
						r.projects[p] = true
					}
				}
				out = append(out, r)
			}
		}
	}
	return out, errors.Join(errs...)
}

// evidenceAcc adds up a measure's activities.
type evidenceAcc struct {
	n, recent, projects int
	part                int64
	last                arrow.Date32
}

// addActivity adds activity row i, with its participants.
func (a *evidenceAcc) addActivity(t *table, i, pidx int, dates *array.Date32, part arrow.Array) {
	a.add(dates.Value(i), int(t.monthAt(i)) > pidx-12)
	if x, ok := numberOf(part, i); ok {
		a.part += int64(x)
	}
}

func (a *evidenceAcc) add(day arrow.Date32, recent bool) {
	a.n++
	if recent {
		a.recent++
	}
	if a.n == 1 || day > a.last {
		a.last = day
	}
}

// MeasureEvidence gathers the evidence of every measure of the strategy
// up to the end of the period: the activities that name its code or pass
// its evidence filter, and its projects' monthly reports. Its status is
// active or quiet by the latest of them; without any, the config says
// whether its work is reported elsewhere or starts later, and otherwise
// no activity is recorded.
func MeasureEvidence(ref *pipeline.Reference, v *Views, period pipeline.Month) []pipeline.Evidence {
	rules, _ := compileEvidence(ref.Config) // CompileCatalog reported any error
	pidx, end := int(period), period.End()
	accs := make([]evidenceAcc, len(rules))
	if rec := v.ds.Table(pipeline.Activities.Name); rec != nil && rec.NumRows() > 0 {
		t := v.view(rec, pipeline.Activities)
		byCode := map[string]int{}
		for k, r := range rules {
			byCode[r.m.Code] = k
		}
		measure := t.cols[pipeline.FieldMeasure]
		dates := t.cols[pipeline.FieldDate].(*array.Date32)
		part := t.cols[pipeline.FieldParticipants]
		// The rows naming a code, then the rows each filter picks that do
		// not name that code (a row counts once for a measure).
		// A dictionary column's codes are looked up once each.
		ruleOf := func(i int) (int, bool) { k, ok := byCode[pipeline.StringAt(measure, i)]; return k, ok }
		if d, ok := measure.(*array.Dictionary); ok {
			dict := d.Dictionary().(*array.String)
			byIndex := make([]int, dict.Len())
			for j := range byIndex {
				if k, ok := byCode[dict.Value(j)]; ok {
					byIndex[j] = k + 1
				}
			}
			ruleOf = func(i int) (int, bool) {
				if d.IsNull(i) {
					return 0, false
				}
				k := byIndex[d.GetValueIndex(i)]
				return k - 1, k > 0
			}
		}
		// named is, for the rows up to the period (a region's report counts
		// its own activities only), the rule whose code a row names + 1, 0
		// for none; -1 for the other rows. (An accumulator's sums and
		// latest date do not depend on the order of its rows: months are
		// taken as the map gives them, and each filter's rows in its mask's
		// order.)
		named := make([]int32, t.rows)
		for i := range named {
			named[i] = -1
		}
		for m := range t.byMonth {
			if m > pidx {
				continue
			}
			for _, r := range t.rowsOf(m, ref.Scope) {
				i := int(r)
				named[i] = 0
				k, ok := ruleOf(i)
				if !ok {
					continue
				}
				named[i] = int32(k + 1)
				accs[k].addActivity(t, i, pidx, dates, part)
			}
		}
		// The filters' rules are independent: read in parallel, each into
		// its own accumulator. A filter picks few rows: each rule visits
		// only the rows its mask holds.
		work.Parallel(context.Background(), len(rules), runtime.GOMAXPROCS(0), func(k int) {
			r := rules[k]
			if len(r.filter) == 0 {
				return
			}
			t.maskOf(r.key, r.filter).each(func(i int) {
				if named[i] < 0 || int(named[i]) == k+1 || (r.m.Region != "" && pipeline.StringAt(t.region, i) != r.m.Region) {
					return
				}
				accs[k].addActivity(t, i, pidx, dates, part)
			})
		})
	}
	if rec := v.ds.Table(pipeline.Projects.Name); rec != nil && rec.NumRows() > 0 {
		t := v.view(rec, pipeline.Projects)
		names := t.cols[pipeline.FieldProject]
		dates := t.cols[pipeline.FieldDate].(*array.Date32)
		for k, r := range rules {
			if r.projects == nil {
				continue
			}
			for i := range t.rows {
				if ref.Scope != "" && t.region != nil && pipeline.StringAt(t.region, i) != ref.Scope {
					continue
				}
				if m := int(t.monthAt(i)); m <= pidx && r.projects[pipeline.StringAt(names, i)] {
					accs[k].add(dates.Value(i), m > pidx-12)
					accs[k].projects++
				}
			}
		}
	}
	quiet := ref.Config.Evidence.QuietMonths
	if quiet < 1 {
		quiet = 6
	}
	quietSince := end.AddDate(0, -quiet, 0)
	out := make([]pipeline.Evidence, 0, len(rules))
	for k, r := range rules {
		a := accs[k]
		e := pipeline.Evidence{Code: r.m.Code, Goal: r.goal, Region: r.m.Region, Text: r.m.Text,
			ReportedElsewhere: r.m.ReportedElsewhere, Starts: r.m.Starts,
			Activities: a.n, Participants: a.part, Last12Months: a.recent, ProjectReports: a.projects}
		switch {
		case a.n > 0:
			e.LastActivity = pipeline.Date(a.last)
			e.Status = pipeline.MeasureActive
			if !a.last.ToTime().After(quietSince) {
				e.Status = pipeline.MeasureQuiet
			}
		case r.m.ReportedElsewhere != "":
			e.Status = pipeline.MeasureNotReportedHere
		case r.m.Starts != "" && r.m.Starts > period.String():
			e.Status = pipeline.MeasureNotStarted
		default:
			e.Status = pipeline.MeasureNoActivity
		}
		out = append(out, e)
	}
	return out
}

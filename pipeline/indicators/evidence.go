package indicators

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"kulturrapport/pipeline"
)

// MeasureEvidence gathers the evidence of every measure of the strategy
// from the activities table, up to the end of the period.
func MeasureEvidence(ref *pipeline.Reference, v *Views, period pipeline.Month) []pipeline.Evidence {
	pidx, end := int(period), period.End()
	type acc struct {
		n, recent int
		part      int64
		last      arrow.Date32
	}
	byCode := map[string]*acc{}
	if rec := v.ds.Table(pipeline.Activities.Name); rec != nil && rec.NumRows() > 0 {
		t := v.view(rec, pipeline.Activities)
		measure := t.cols[pipeline.FieldMeasure]
		dates := t.cols[pipeline.FieldDate].(*array.Date32)
		part := t.cols[pipeline.FieldParticipants]
		// Rows are summed by their measure's dictionary code, then named.
		var codes stringIDs
		var code func(i int) int
		if d, ok := measure.(*array.Dictionary); ok {
			dict := d.Dictionary().(*array.String)
			for k := 0; k < dict.Len(); k++ {
				codes.list = append(codes.list, dict.Value(k))
			}
			code = func(i int) int {
				if d.IsNull(i) {
					return -1
				}
				return d.GetValueIndex(i)
			}
		} else {
			code = func(i int) int {
				if c := pipeline.StringAt(measure, i); c != "" {
					return codes.id(c)
				}
				return -1
			}
		}
		var accs []acc
		for i := range t.month {
			k := code(i)
			if k < 0 || t.month[i] > pidx {
				continue
			}
			for len(accs) <= k {
				accs = append(accs, acc{})
			}
			a := &accs[k]
			a.n++
			if t.month[i] > pidx-12 {
				a.recent++
			}
			if x, ok := numberOf(part, i); ok {
				a.part += int64(x)
			}
			if d := dates.Value(i); a.n == 1 || d > a.last {
				a.last = d
			}
		}
		for k := range accs {
			if accs[k].n == 0 || codes.list[k] == "" {
				continue
			}
			if b := byCode[codes.list[k]]; b != nil { // the same code twice in a dictionary
				b.n, b.recent, b.part = b.n+accs[k].n, b.recent+accs[k].recent, b.part+accs[k].part
				b.last = max(b.last, accs[k].last)
			} else {
				byCode[codes.list[k]] = &accs[k]
			}
		}
	}
	quiet := ref.Config.Evidence.QuietMonths
	if quiet < 1 {
		quiet = 6
	}
	quietSince := end.AddDate(0, -quiet, 0)
	var out []pipeline.Evidence
	for _, area := range ref.Config.Areas {
		for _, g := range area.Goals {
			for _, m := range g.Measures {
				e := pipeline.Evidence{Code: m.Code, Goal: g.Code, Region: m.Region, Text: m.Text, Status: pipeline.MeasureNotStarted}
				if a := byCode[m.Code]; a != nil {
					e.Activities, e.Participants, e.Last12Months = a.n, a.part, a.recent
					e.LastActivity = pipeline.Date(a.last)
					e.Status = pipeline.MeasureActive
					if !a.last.ToTime().After(quietSince) {
						e.Status = pipeline.MeasureQuiet
					}
				}
				out = append(out, e)
			}
		}
	}
	return out
}

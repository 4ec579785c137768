package pipeline

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Measure statuses of the evidence.
const (
	MeasureNotStarted = "not_started" // no activity linked yet
	MeasureActive     = "active"      // an activity within the quiet period
	MeasureQuiet      = "quiet"       // activities, but none for quiet_months
)

// Evidence is what the activities say about one measure ("tiltak") up to
// the end of the period.
type Evidence struct {
	Code   string `json:"code"`
	Goal   string `json:"goal"`
	Region string `json:"region,omitempty"`
	Text   string `json:"text"`
	// Activities linked to the measure, and their participants.
	Activities   int   `json:"activities"`
	Participants int64 `json:"participants"`
	// LastActivity is the day of the latest activity (zero for none).
	LastActivity Date `json:"last_activity"`
	// Last12Months counts the activities of the last twelve months.
	Last12Months int    `json:"last_12_months"`
	Status       string `json:"status"`
}

// MeasureEvidence gathers the evidence of every measure of the strategy
// from the activities table, up to the end of the period.
func MeasureEvidence(ref *Reference, ds *Dataset, period Month) []Evidence {
	pidx, end := int(period), period.End()
	type acc struct {
		n, recent int
		part      int64
		last      arrow.Date32
	}
	byCode := map[string]*acc{}
	if rec := ds.Table("aktiviteter"); rec != nil && rec.NumRows() > 0 {
		t := ds.view(rec, activitiesKind)
		measure := t.cols[FieldMeasure]
		dates := t.cols[FieldDate].(*array.Date32)
		part := t.cols[FieldParticipants]
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
				if c := firstString(measure, i); c != "" {
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
	var out []Evidence
	for _, area := range ref.Config.Areas {
		for _, g := range area.Goals {
			for _, m := range g.Measures {
				e := Evidence{Code: m.Code, Goal: g.Code, Region: m.Region, Text: m.Text, Status: MeasureNotStarted}
				if a := byCode[m.Code]; a != nil {
					e.Activities, e.Participants, e.Last12Months = a.n, a.part, a.recent
					e.LastActivity = Date(a.last)
					e.Status = MeasureActive
					if !a.last.ToTime().After(quietSince) {
						e.Status = MeasureQuiet
					}
				}
				out = append(out, e)
			}
		}
	}
	return out
}

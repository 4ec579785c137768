package indicators

import (
	"slices"
	"testing"

	"kulturrapport/config"
	"kulturrapport/pipeline"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func TestRollUp(t *testing.T) {
	g, y, r, n := pipeline.Green, pipeline.Yellow, pipeline.Red, pipeline.NoData
	for _, tc := range []struct {
		rule     string
		statuses []pipeline.Status
		want     pipeline.Status
	}{
		{"worst", []pipeline.Status{g, g, r}, r},
		{"worst", []pipeline.Status{g, y, n}, y},
		{"", []pipeline.Status{g, g}, g}, // worst is the default
		{"majority", []pipeline.Status{g, g, r}, g},
		{"majority", []pipeline.Status{g, r}, r}, // a tie goes to the worse
		{"majority", []pipeline.Status{g, y, y, r}, y},
		{"worst", []pipeline.Status{n, pipeline.None}, n},
		{"worst", []pipeline.Status{pipeline.None}, pipeline.None},
		{"worst", nil, pipeline.None},
	} {
		if got := rollUp(tc.rule, tc.statuses); got != tc.want {
			t.Errorf("%s %v: %s, want %s", tc.rule, tc.statuses, got, tc.want)
		}
	}
}

// TestAttention: red, worse three months running (as shown, rounded; by
// the indicator's direction) and off track each put an indicator on the
// list, with the weakest region or county when there are two to compare.
func TestAttention(t *testing.T) {
	f := func(v ...float64) []pipeline.Point {
		var ps []pipeline.Point
		for i, x := range v {
			ps = append(ps, pipeline.Point{Period: pipeline.Month(i), Value: ptr(x)})
		}
		return ps
	}
	higher, lower := &config.Indicator{ID: "h"}, &config.Indicator{ID: "l", Direction: "lower"}
	counties := []pipeline.Group{{Key: "a", Name: "A", Value: ptr(5)}, {Key: "b", Name: "B", Value: ptr(3)}, {Key: "c", Name: "C"}}
	for _, tc := range []struct {
		name  string
		ind   *pipeline.IndicatorResult
		kinds []string
		weak  string
	}{
		{"green, rising", &pipeline.IndicatorResult{Def: higher, Status: pipeline.Green, Series: f(1, 2, 3, 4)}, nil, ""},
		{"red", &pipeline.IndicatorResult{Def: higher, Status: pipeline.Red, Series: f(1, 2, 3, 4), Counties: counties}, []string{pipeline.AttentionRed}, "B"},
		{"falling 3 months", &pipeline.IndicatorResult{Def: higher, Status: pipeline.Green, Series: f(9, 8, 7, 6)}, []string{pipeline.AttentionWrongWay}, ""},
		{"falling 2 months", &pipeline.IndicatorResult{Def: higher, Status: pipeline.Green, Series: f(7, 8, 7, 6)}, nil, ""},
		{"falling by less than shown", &pipeline.IndicatorResult{Def: higher, Status: pipeline.Green, Series: f(9, 8.9, 8.8, 8.7)}, nil, ""},
		{"lower is better, rising", &pipeline.IndicatorResult{Def: lower, Status: pipeline.Yellow, Series: f(1, 2, 3, 4), Counties: counties}, []string{pipeline.AttentionWrongWay}, "A"},
		{"off track", &pipeline.IndicatorResult{Def: higher, Status: pipeline.Yellow, Progress: &pipeline.Progress{Status: pipeline.ProgressDeterioration}}, []string{pipeline.AttentionOffTrack}, ""},
	} {
		a, ok := attention(tc.ind)
		if ok != (tc.kinds != nil) || !slices.Equal(a.Kinds, tc.kinds) {
			t.Errorf("%s: %v %v, want %v", tc.name, ok, a.Kinds, tc.kinds)
		}
		if got := ""; a.Weakest != nil {
			got = a.Weakest.Name
			if got != tc.weak {
				t.Errorf("%s: weakest %q, want %q", tc.name, got, tc.weak)
			}
		} else if tc.weak != "" {
			t.Errorf("%s: no weakest, want %q", tc.name, tc.weak)
		}
	}
}

// TestAttentionCountsMissingReports: an activity indicator that needs
// attention says how many of the activity logs its window expected did not
// come; reports of other kinds and months outside the window do not count.
func TestAttentionCountsMissingReports(t *testing.T) {
	b := array.NewRecordBuilder(memory.DefaultAllocator, pipeline.ReportingSchema)
	defer b.Release()
	add := func(typ, month string, received int64) {
		for i, f := range pipeline.ReportingSchema.Fields() {
			switch f.Name {
			case pipeline.FieldReportType:
				b.Field(i).(*array.StringBuilder).Append(typ)
			case pipeline.FieldPeriod:
				b.Field(i).(*array.StringBuilder).Append(month)
			case pipeline.FieldExpected:
				b.Field(i).(*array.Int64Builder).Append(1)
			case pipeline.FieldReceived:
				b.Field(i).(*array.Int64Builder).Append(received)
			default:
				b.Field(i).AppendNull()
			}
		}
	}
	add("aktiviteter", "2026-09", 0)
	add("aktiviteter", "2026-10", 0)
	add("aktiviteter", "2026-08", 1)
	add("aktiviteter", "2025-01", 0) // outside the window
	add("prosjekter", "2026-10", 0)  // another kind
	rec := b.NewRecordBatch()
	defer rec.Release()

	def := &config.Indicator{ID: "x", Goal: "1.1", Source: "aktiviteter", Window: 12}
	ind := &pipeline.IndicatorResult{Def: def, ID: "x", Goal: "1.1", Status: pipeline.Red,
		WindowFrom: pipeline.MonthFor(2025, 11), WindowTo: pipeline.MonthFor(2026, 10)}
	cfg := &config.Config{Areas: []config.Area{{Code: "1", Goals: []config.Goal{{Code: "1.1"}}}}}
	goals := Goals(cfg, []*pipeline.IndicatorResult{ind}, rec)
	if len(goals) != 1 || len(goals[0].Attention) != 1 || goals[0].Attention[0].MissingReports != 2 {
		t.Fatalf("goals %+v, want one attention entry with 2 missing reports", goals)
	}
	if goals[0].Status != pipeline.Red {
		t.Errorf("goal status %s, want red", goals[0].Status)
	}
}

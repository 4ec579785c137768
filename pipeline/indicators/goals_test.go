package indicators

import (
	"slices"
	"testing"

	"kulturrapport/config"
	"kulturrapport/pipeline"
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

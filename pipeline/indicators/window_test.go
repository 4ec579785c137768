package indicators

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/config"
	"kulturrapport/pipeline"
)

// TestWindowAgreesWithCompute: for every indicator whose measure adds up
// over months, the sum of monthly accumulators (monthlyValues.window, what
// the series uses) gives what the measure computed from the window's rows
// gives (compiled.value, what the breakdowns use), month by month over the
// series, on the sample and on the indicators' fixture. The two paths are
// written twice; this keeps them one in meaning.
func TestWindowAgreesWithCompute(t *testing.T) {
	for _, tc := range []struct {
		name, config, input string
		period              pipeline.Month
	}{
		{"sample", "", filepath.Join("..", "..", "testdata", "sample"), pipeline.MonthFor(2026, 10)},
		{"fixture", filepath.Join("..", "..", "testdata", "indicators", "config.yaml"), filepath.Join("..", "..", "testdata", "indicators"), pipeline.MonthFor(2026, 2)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := config.Load(tc.config, nil)
			if err != nil {
				t.Fatal(err)
			}
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			t.Cleanup(func() { mem.AssertSize(t, 0) })
			res := runTest(t, cfg, tc.period, mem, tc.input)
			catalog, err := CompileCatalog(cfg)
			if err != nil {
				t.Fatal(err)
			}
			pidx := int(tc.period)
			all := scope{}
			for _, r := range res.Ref.RegionCodes() {
				all.members = append(all.members, res.Ref.Members[r]...)
			}
			checked := 0
			for _, c := range catalog {
				tbl := res.Views.view(res.Data.Table(c.kind.Name), c.kind)
				mv := c.monthly(tbl, pidx-pipeline.SeriesMonths-c.def.Window+1, pidx, "")
				if mv == nil {
					continue // computed from the rows only
				}
				checked++
				for m := pidx - pipeline.SeriesMonths + 1; m <= pidx; m++ {
					wv, wn, wd, _ := mv.window(c, m, all)
					cv, cn, cd, _ := c.value(res.Ref, tbl, m, all)
					for _, p := range []struct {
						what      string
						got, want *float64
					}{{"value", wv, cv}, {"numerator", wn, cn}, {"denominator", wd, cd}} {
						if !sameValue(p.got, p.want) {
							t.Errorf("%s %s %s: window gives %s, compute %s", c.def.ID, pipeline.Month(m), p.what, show(p.got), show(p.want))
						}
					}
				}
			}
			if checked == 0 {
				t.Fatal("no indicator adds up over months: the test checked nothing")
			}
			t.Logf("%d indicators checked over %d months", checked, pipeline.SeriesMonths)
		})
	}
}

func sameValue(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return math.Abs(*a-*b) <= 1e-9*math.Max(1, math.Abs(*b))
}

func show(v *float64) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprint(*v)
}

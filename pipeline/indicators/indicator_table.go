package indicators

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/pipeline"
	"kulturrapport/pipeline/internal/rowbuild"
)

// Table turns the results into the indicator results table.
func Table(results []*pipeline.IndicatorResult, mem memory.Allocator) arrow.RecordBatch {
	b := rowbuild.New(mem, pipeline.IndicatorsSchema)
	defer b.Release()
	opt := func(i int, v *float64) {
		if v == nil {
			b.OptFloat(i, 0, false)
		} else {
			b.OptFloat(i, *v, true)
		}
	}
	add := func(r *pipeline.IndicatorResult, level, key, name, period string, v, num, den *float64, st pipeline.Status, progress string) {
		b.Str(0, r.ID)
		b.Str(1, r.Goal)
		b.Str(2, level)
		b.OptStr(3, key)
		b.OptStr(4, name)
		b.Str(5, period)
		opt(6, v)
		opt(7, num)
		opt(8, den)
		opt(9, r.Target)
		b.Str(10, string(st))
		b.OptStr(11, progress)
	}
	for _, r := range results {
		for _, p := range r.Series {
			if p.Period == r.Period {
				prog := ""
				if r.Progress != nil {
					prog = r.Progress.Status
				}
				add(r, "organisasjon", "", "", p.Period.String(), r.Value, r.Numerator, r.Denominator, r.Status, prog)
				continue
			}
			add(r, "organisasjon", "", "", p.Period.String(), p.Value, nil, nil, status(r.Def, p.Value), "")
		}
		for _, lg := range []struct {
			level  string
			groups []pipeline.Group
		}{{"region", r.Regions}, {"fylke", r.Counties}, {"kommune", r.Municipalities}} {
			for _, g := range lg.groups {
				add(r, lg.level, g.Key, g.Name, r.Period.String(), g.Value, g.Numerator, g.Denominator, g.Status, "")
			}
		}
	}
	return b.NewRecord()
}

package pipeline

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TableIndicators is the name of the indicator results table.
const TableIndicators = "indikatorer"

// IndicatorsSchema is the long table of indicator results: the whole
// organisation for every month of the series, and each region, county and
// municipality for the period.
var IndicatorsSchema = arrow.NewSchema([]arrow.Field{
	{Name: "indikator", Type: arrow.BinaryTypes.String},
	{Name: "maal", Type: arrow.BinaryTypes.String},
	{Name: "nivaa", Type: arrow.BinaryTypes.String}, // organisasjon, region, fylke, kommune
	{Name: "nokkel", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "navn", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: FieldPeriod, Type: arrow.BinaryTypes.String},
	{Name: "verdi", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "teller", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "nevner", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "maalverdi", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "status", Type: arrow.BinaryTypes.String},
	{Name: "fremdrift", Type: arrow.BinaryTypes.String, Nullable: true},
}, nil)

// IndicatorsTable turns the results into the indicator results table.
func IndicatorsTable(results []*IndicatorResult, mem memory.Allocator) arrow.RecordBatch {
	b := newRowBuilder(mem, IndicatorsSchema)
	defer b.Release()
	opt := func(i int, v *float64) {
		if v == nil {
			b.optFloat(i, 0, false)
		} else {
			b.optFloat(i, *v, true)
		}
	}
	add := func(r *IndicatorResult, level, key, name, period string, v, num, den *float64, st Status, progress string) {
		b.str(0, r.ID)
		b.str(1, r.Goal)
		b.str(2, level)
		b.optStr(3, key)
		b.optStr(4, name)
		b.str(5, period)
		opt(6, v)
		opt(7, num)
		opt(8, den)
		opt(9, r.Target)
		b.str(10, string(st))
		b.optStr(11, progress)
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
			groups []Group
		}{{"region", r.Regions}, {"fylke", r.Counties}, {"kommune", r.Municipalities}} {
			for _, g := range lg.groups {
				add(r, lg.level, g.Key, g.Name, r.Period.String(), g.Value, g.Numerator, g.Denominator, g.Status, "")
			}
		}
	}
	return b.newRecord()
}

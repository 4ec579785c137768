package indicators

import (
	"sort"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/config"
	"kulturrapport/pipeline"
)

// received is the earliest file that brought a report, and when it was saved.
type received struct {
	file      string
	submitted time.Time // zero: unknown
}

// Reporting computes the reporting table up to the period.
func Reporting(cfg *config.Config, ds *pipeline.Dataset, month pipeline.Month, mem memory.Allocator) arrow.RecordBatch {
	period := int(month)
	submitted := map[string]time.Time{}
	for _, f := range ds.Files {
		if t := f.Submitted.Time(); !f.Submitted.IsZero() {
			submitted[f.Path] = t
		}
	}
	got := map[string]received{} // type|key|month → first report
	note := func(typ, key, month, file string) {
		id := typ + "\x00" + key + "\x00" + month
		r, seen := got[id]
		t := submitted[file]
		// Keep the earliest dated file; a dated one beats an undated one.
		if !seen || (!t.IsZero() && (r.submitted.IsZero() || t.Before(r.submitted))) {
			got[id] = received{file: file, submitted: t}
		}
	}
	if rec := ds.Table("aktiviteter"); rec != nil {
		region, month, file := pipeline.StringColumn(rec, pipeline.FieldRegion), pipeline.StringColumn(rec, pipeline.FieldPeriod), pipeline.StringColumn(rec, pipeline.FieldSourceFile)
		var pr, pm, pf string
		for i := 0; i < int(rec.NumRows()); i++ {
			// A file's rows mostly repeat the row before's region and month.
			r, m, f := region(i), month(i), file(i)
			if i > 0 && r == pr && m == pm && f == pf {
				continue
			}
			pr, pm, pf = r, m, f
			note("aktiviteter", r, m, f)
		}
	}
	if rec := ds.Table("prosjekter"); rec != nil {
		name, month, file := pipeline.StringColumn(rec, pipeline.FieldProject), pipeline.StringColumn(rec, pipeline.FieldPeriod), pipeline.StringColumn(rec, pipeline.FieldSourceFile)
		for i := 0; i < int(rec.NumRows()); i++ {
			note("prosjekter", pipeline.Fold(name(i)), month(i), file(i))
		}
	}

	b := array.NewRecordBuilder(mem, pipeline.ReportingSchema)
	defer b.Release()
	from := period - 11
	if cfg.Completeness.From != "" {
		if f, err := pipeline.ParseMonth(cfg.Completeness.From); err == nil {
			from = int(f)
		}
	}
	type expected struct{ typ, key, foldKey, region string }
	var exp []expected
	for _, r := range cfg.Completeness.Regions {
		exp = append(exp, expected{"aktiviteter", r, r, r})
	}
	ranges := map[string][2]int{}
	for _, p := range cfg.Completeness.Projects {
		start, end := from, period
		if p.From != "" {
			if f, err := pipeline.ParseMonth(p.From); err == nil {
				start = max(start, int(f))
			}
		}
		if p.To != "" {
			if t, err := pipeline.ParseMonth(p.To); err == nil {
				end = min(end, int(t))
			}
		}
		exp = append(exp, expected{"prosjekter", p.Name, pipeline.Fold(p.Name), p.Region})
		ranges[p.Name] = [2]int{start, end}
	}
	sort.SliceStable(exp, func(i, j int) bool { return exp[i].typ < exp[j].typ })
	for _, e := range exp {
		start, end := from, period
		if r, ok := ranges[e.key]; ok && e.typ == "prosjekter" {
			start, end = r[0], r[1]
		}
		for m := start; m <= end; m++ {
			month := pipeline.Month(m).String()
			first := time.Date(m/12, time.Month(m%12+1), 1, 0, 0, 0, 0, time.UTC)
			deadline := first.AddDate(0, 1, cfg.Completeness.DeadlineDay-1)
			r, ok := got[e.typ+"\x00"+e.foldKey+"\x00"+month]
			b.Field(0).(*array.StringBuilder).Append(e.typ)
			b.Field(1).(*array.StringBuilder).Append(e.key)
			b.Field(2).(*array.StringBuilder).Append(e.region)
			b.Field(3).(*array.StringBuilder).Append(month)
			b.Field(4).(*array.Date32Builder).Append(arrow.Date32FromTime(first))
			b.Field(5).(*array.Date32Builder).Append(arrow.Date32FromTime(deadline))
			b.Field(6).(*array.Int64Builder).Append(1)
			switch {
			case !ok:
				b.Field(7).(*array.Int64Builder).Append(0)
				b.Field(8).(*array.Int64Builder).Append(0)
				b.Field(9).(*array.Date32Builder).AppendNull()
				b.Field(10).(*array.StringBuilder).AppendNull()
				continue
			case r.submitted.IsZero() || r.submitted.Before(first):
				// Undated, or dated before the month it reports on (a
				// template's creation date): when it came is unknown.
				b.Field(8).(*array.Int64Builder).AppendNull()
				b.Field(9).(*array.Date32Builder).AppendNull()
			default:
				onTime := int64(0)
				if !r.submitted.After(deadline) {
					onTime = 1
				}
				b.Field(8).(*array.Int64Builder).Append(onTime)
				b.Field(9).(*array.Date32Builder).Append(arrow.Date32FromTime(r.submitted))
			}
			b.Field(7).(*array.Int64Builder).Append(1)
			b.Field(10).(*array.StringBuilder).Append(r.file)
		}
	}
	return b.NewRecordBatch()
}

package pipeline

import (
	"sort"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/config"
)

// TableReporting is the name of the completeness table: one row per
// expected report (region × month for activity logs, project × month for
// project reports), received or not. It is a normalised table like the
// others, so indicators can be defined over it (the reporting rate).
const TableReporting = "rapportering"

// Field names of the reporting table.
const (
	FieldReportType     = "type"
	FieldReportKey      = "nokkel"
	FieldExpected       = "forventet"
	FieldReceived       = "mottatt"
	FieldOnTime         = "i_tide"
	FieldSubmitted      = "innsendt"
	FieldReportDeadline = "frist"
)

// ReportingSchema is the schema of the reporting table. mottatt is 1 when
// the report came; i_tide is 1 when it came by the deadline, 0 when late,
// null when its file does not say when it was saved.
var ReportingSchema = arrow.NewSchema([]arrow.Field{
	{Name: FieldReportType, Type: arrow.BinaryTypes.String},
	{Name: FieldReportKey, Type: arrow.BinaryTypes.String},
	{Name: FieldRegion, Type: arrow.BinaryTypes.String},
	{Name: FieldPeriod, Type: arrow.BinaryTypes.String},
	{Name: FieldDate, Type: arrow.FixedWidthTypes.Date32},
	{Name: FieldReportDeadline, Type: arrow.FixedWidthTypes.Date32},
	{Name: FieldExpected, Type: arrow.PrimitiveTypes.Int64},
	{Name: FieldReceived, Type: arrow.PrimitiveTypes.Int64},
	{Name: FieldOnTime, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: FieldSubmitted, Type: arrow.FixedWidthTypes.Date32, Nullable: true},
	{Name: FieldSourceFile, Type: arrow.BinaryTypes.String, Nullable: true},
}, nil)

// reportingKind describes the reporting table for indicator definitions; it
// is built, not read from files, so it is not in the kinds registry.
var reportingKind = &Kind{Name: TableReporting, Schema: ReportingSchema, Entity: FieldReportKey}

// received is the earliest file that brought a report, and when it was saved.
type received struct {
	file      string
	submitted time.Time // zero: unknown
}

// buildReporting computes the reporting table up to the period.
func buildReporting(cfg *config.Config, ds *Dataset, period int, mem memory.Allocator) arrow.RecordBatch {
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
		region, month, file := stringColumn(rec, FieldRegion), stringColumn(rec, FieldPeriod), stringColumn(rec, FieldSourceFile)
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
		name, month, file := stringColumn(rec, FieldProject), stringColumn(rec, FieldPeriod), stringColumn(rec, FieldSourceFile)
		for i := 0; i < int(rec.NumRows()); i++ {
			note("prosjekter", fold(name(i)), month(i), file(i))
		}
	}

	b := array.NewRecordBuilder(mem, ReportingSchema)
	defer b.Release()
	from := period - 11
	if cfg.Completeness.From != "" {
		if f, err := ParseMonth(cfg.Completeness.From); err == nil {
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
			if f, err := ParseMonth(p.From); err == nil {
				start = max(start, int(f))
			}
		}
		if p.To != "" {
			if t, err := ParseMonth(p.To); err == nil {
				end = min(end, int(t))
			}
		}
		exp = append(exp, expected{"prosjekter", p.Name, fold(p.Name), p.Region})
		ranges[p.Name] = [2]int{start, end}
	}
	sort.SliceStable(exp, func(i, j int) bool { return exp[i].typ < exp[j].typ })
	for _, e := range exp {
		start, end := from, period
		if r, ok := ranges[e.key]; ok && e.typ == "prosjekter" {
			start, end = r[0], r[1]
		}
		for m := start; m <= end; m++ {
			month := Month(m).String()
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

// stringColumn reads the named string or dictionary column of rec a row
// at a time ("" for a null, or for every row when rec has no such column).
func stringColumn(rec arrow.RecordBatch, name string) func(i int) string {
	idx := rec.Schema().FieldIndices(name)
	if idx == nil {
		return func(int) string { return "" }
	}
	col := rec.Column(idx[0])
	return func(i int) string { return firstString(col, i) }
}

// ReportCell is one expected report in the reporting grid.
type ReportCell struct {
	Received bool
	// OnTime is nil when the file does not say when it was saved.
	OnTime    *bool
	Submitted Date
	File      string
}

// ReportState is what became of an expected report, classified once here
// for every writer.
type ReportState int

// The states of an expected report, worst first.
const (
	ReportMissing ReportState = iota // not received
	ReportLate                       // received, saved after the deadline
	ReportUndated                    // received; the file does not say when it was saved
	ReportOnTime                     // received, saved by the deadline
)

// State classifies the report.
func (c ReportCell) State() ReportState {
	switch {
	case !c.Received:
		return ReportMissing
	case c.OnTime == nil:
		return ReportUndated
	case *c.OnTime:
		return ReportOnTime
	}
	return ReportLate
}

// ReportRow is one reporter (a region's activity log, or a project) and its
// reports by month; a month it was not expected in is missing from Cells.
type ReportRow struct {
	Type, Key, Region string
	Cells             map[string]ReportCell
}

// ReportingGrid reads the reporting table into rows by reporter, in the
// table's order, for the months from..to (YYYY-MM).
func ReportingGrid(rec arrow.RecordBatch, from, to string) []ReportRow {
	if rec == nil {
		return nil
	}
	types, keys, regions := stringColumn(rec, FieldReportType), stringColumn(rec, FieldReportKey), stringColumn(rec, FieldRegion)
	periods, files := stringColumn(rec, FieldPeriod), stringColumn(rec, FieldSourceFile)
	idx := func(name string) arrow.Array { return rec.Column(rec.Schema().FieldIndices(name)[0]) }
	received := idx(FieldReceived).(*array.Int64)
	onTime := idx(FieldOnTime).(*array.Int64)
	submitted := idx(FieldSubmitted).(*array.Date32)
	var rows []ReportRow
	pos := map[string]int{}
	for i := 0; i < int(rec.NumRows()); i++ {
		period := periods(i)
		if period < from || period > to {
			continue
		}
		typ, key := types(i), keys(i)
		id := typ + "\x00" + key
		p, ok := pos[id]
		if !ok {
			p = len(rows)
			pos[id] = p
			rows = append(rows, ReportRow{Type: typ, Key: key, Region: regions(i), Cells: map[string]ReportCell{}})
		}
		c := ReportCell{Received: received.Value(i) == 1, File: files(i)}
		if !onTime.IsNull(i) && c.Received {
			b := onTime.Value(i) == 1
			c.OnTime = &b
		}
		if !submitted.IsNull(i) {
			c.Submitted = Date(submitted.Value(i))
		}
		rows[p].Cells[period] = c
	}
	return rows
}

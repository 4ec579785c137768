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
var reportingKind = &Kind{Name: TableReporting, Schema: ReportingSchema}

// received is the earliest file that brought a report, and when it was saved.
type received struct {
	file      string
	submitted time.Time // zero: unknown
}

// buildReporting computes the reporting table up to the period.
func buildReporting(cfg *config.Config, ds *Dataset, period int, mem memory.Allocator) arrow.RecordBatch {
	submitted := map[string]time.Time{}
	for _, f := range ds.Files {
		if t, err := time.Parse("2006-01-02", f.Submitted); err == nil {
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
		regions, periods, files := colStrings(rec, FieldRegion), colStrings(rec, FieldPeriod), colStrings(rec, FieldSourceFile)
		for i := range regions {
			// A file's rows mostly repeat the row before's region and month.
			if i > 0 && regions[i] == regions[i-1] && periods[i] == periods[i-1] && files[i] == files[i-1] {
				continue
			}
			note("aktiviteter", regions[i], periods[i], files[i])
		}
	}
	if rec := ds.Table("prosjekter"); rec != nil {
		names, periods, files := colStrings(rec, FieldProject), colStrings(rec, FieldPeriod), colStrings(rec, FieldSourceFile)
		for i := range names {
			note("prosjekter", fold(names[i]), periods[i], files[i])
		}
	}

	b := array.NewRecordBuilder(mem, ReportingSchema)
	defer b.Release()
	from := period - 11
	if cfg.Completeness.From != "" {
		if f, _, err := ParsePeriod(cfg.Completeness.From); err == nil {
			from = f
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
			if f, _, err := ParsePeriod(p.From); err == nil {
				start = max(start, f)
			}
		}
		if p.To != "" {
			if t, _, err := ParsePeriod(p.To); err == nil {
				end = min(end, t)
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
			month := monthName(m)
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

// colStrings reads a string column of rec into a slice (nulls as "").
func colStrings(rec arrow.RecordBatch, name string) []string {
	idx := rec.Schema().FieldIndices(name)
	out := make([]string, rec.NumRows())
	if idx == nil {
		return out
	}
	col := rec.Column(idx[0])
	for i := range out {
		if col.IsNull(i) {
			continue
		}
		switch c := col.(type) {
		case *array.String:
			out[i] = c.Value(i)
		case *array.Dictionary:
			out[i] = dictValue(c, i)
		default:
			if v := stringsOf(col, i); len(v) > 0 {
				out[i] = v[0]
			}
		}
	}
	return out
}

// ReportCell is one expected report in the reporting grid.
type ReportCell struct {
	Received bool
	// OnTime is nil when the file does not say when it was saved.
	OnTime    *bool
	Submitted string
	File      string
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
	types, keys, regions := colStrings(rec, FieldReportType), colStrings(rec, FieldReportKey), colStrings(rec, FieldRegion)
	periods, files := colStrings(rec, FieldPeriod), colStrings(rec, FieldSourceFile)
	idx := func(name string) arrow.Array { return rec.Column(rec.Schema().FieldIndices(name)[0]) }
	received := idx(FieldReceived).(*array.Int64)
	onTime := idx(FieldOnTime).(*array.Int64)
	submitted := idx(FieldSubmitted).(*array.Date32)
	var rows []ReportRow
	pos := map[string]int{}
	for i := range types {
		if periods[i] < from || periods[i] > to {
			continue
		}
		id := types[i] + "\x00" + keys[i]
		p, ok := pos[id]
		if !ok {
			p = len(rows)
			pos[id] = p
			rows = append(rows, ReportRow{Type: types[i], Key: keys[i], Region: regions[i], Cells: map[string]ReportCell{}})
		}
		c := ReportCell{Received: received.Value(i) == 1, File: files[i]}
		if !onTime.IsNull(i) && c.Received {
			b := onTime.Value(i) == 1
			c.OnTime = &b
		}
		if !submitted.IsNull(i) {
			c.Submitted = submitted.Value(i).ToTime().Format("2006-01-02")
		}
		rows[p].Cells[periods[i]] = c
	}
	return rows
}

package pipeline

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
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

// Reporting describes the reporting table for indicator definitions; it
// is built, not read from files, so it is not in the kinds registry.
var Reporting = &Kind{Name: TableReporting, Schema: ReportingSchema, Entity: FieldReportKey}

// StringColumn reads the named string or dictionary column of rec a row
// at a time ("" for a null, or for every row when rec has no such column).
func StringColumn(rec arrow.RecordBatch, name string) func(i int) string {
	idx := rec.Schema().FieldIndices(name)
	if idx == nil {
		return func(int) string { return "" }
	}
	col := rec.Column(idx[0])
	return func(i int) string { return StringAt(col, i) }
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
	types, keys, regions := StringColumn(rec, FieldReportType), StringColumn(rec, FieldReportKey), StringColumn(rec, FieldRegion)
	periods, files := StringColumn(rec, FieldPeriod), StringColumn(rec, FieldSourceFile)
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

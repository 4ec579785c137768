package indicators

import (
	"reflect"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/pipeline"
)

// TestMonthOfRow: a table's month of a row, looked up by the day, is the
// month of the row's date, and its rows by month are the rows of each,
// in order; so it is for dates too far apart for the table of days.
func TestMonthOfRow(t *testing.T) {
	for _, tc := range []struct {
		name  string
		dates []arrow.Date32
	}{
		{"near", []arrow.Date32{20000, 19999, 20031, 20000, 20500, 19725}},
		{"far", []arrow.Date32{20000, -1 << 30, 1 << 30, 20000}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := array.NewDate32Builder(memory.DefaultAllocator)
			b.AppendValues(tc.dates, nil)
			col := b.NewArray()
			defer col.Release()
			schema := arrow.NewSchema([]arrow.Field{{Name: pipeline.FieldDate, Type: arrow.FixedWidthTypes.Date32}}, nil)
			rec := array.NewRecordBatch(schema, []arrow.Array{col}, int64(len(tc.dates)))
			defer rec.Release()
			tbl := newTable(rec, pipeline.Activities)
			if (tbl.days == nil) != (tc.name == "far") {
				t.Errorf("table of days made: %v", tbl.days != nil)
			}
			want := map[int][]int32{}
			for i, d := range tc.dates {
				m := int32(pipeline.MonthOf(d.ToTime()))
				if got := tbl.monthAt(i); got != m {
					t.Errorf("row %d (%v): month %d, want %d", i, d.ToTime().Format("2006-01-02"), got, m)
				}
				want[int(m)] = append(want[int(m)], int32(i))
			}
			if !reflect.DeepEqual(tbl.byMonth, want) {
				t.Errorf("rows by month %v, want %v", tbl.byMonth, want)
			}
		})
	}
}

package ingest

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/pipeline"
)

// summedStatistics are the statistics columns that add up when
// municipalities merge; the others (fee, subjects) are the largest one's.
var summedStatistics = []string{pipeline.FieldPupils, pipeline.FieldPupils615, pipeline.FieldPlaces, pipeline.FieldWaiting,
	pipeline.FieldWaiting615, pipeline.FieldChildren615, pipeline.FieldFTE}

// mergeSuccessors adds up the statistics of municipalities that merged
// since (0602 Drammen, 0625 Nedre Eiker and 0711 Svelvik in 2019/2020,
// all 3301 now) into one row of their successor for each school year,
// so that its series runs on across the reform. The row keeps the
// largest municipality's fee, subjects and provenance; kommunenr_oppgitt
// lists the codes given («0602+0625+0711»); the first file says so in a
// warning. Rows of one municipality as given are never two: the
// duplicate check rejects the second.
func mergeSuccessors(ds *pipeline.Dataset, rec arrow.RecordBatch, mem memory.Allocator) arrow.RecordBatch {
	if rec == nil || rec.NumRows() == 0 {
		return rec
	}
	kommune, year := pipeline.StringColumn(rec, pipeline.FieldKommunenr), pipeline.StringColumn(rec, pipeline.FieldSchoolYear)
	given := pipeline.StringColumn(rec, pipeline.FieldKommunenrGiven)
	pupils := rec.Column(at(pipeline.StatisticsSchema, pipeline.FieldPupils)).(*array.Int64)
	groups := map[string][]int{}
	var order []string
	for i := 0; i < int(rec.NumRows()); i++ {
		k := kommune(i) + "\x00" + year(i)
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	if len(order) == int(rec.NumRows()) {
		return rec // nothing merged
	}
	// Each group's row is its largest municipality's (by pupils).
	var keep []int
	members := map[int][]int{} // kept row → the group's rows
	for _, k := range order {
		rows := groups[k]
		first := slices.MaxFunc(rows, func(a, b int) int { return int(pupils.Value(a) - pupils.Value(b)) })
		if len(rows) > 1 {
			members[first] = rows
		}
		keep = append(keep, first)
	}
	slices.Sort(keep)

	files := map[string]*pipeline.FileReport{}
	for _, f := range ds.Files {
		files[f.Path] = f
	}
	file, sheet := pipeline.StringColumn(rec, pipeline.FieldSourceFile), pipeline.StringColumn(rec, pipeline.FieldSourceSheet)
	srcRow := rec.Column(at(pipeline.StatisticsSchema, pipeline.FieldSourceRow)).(*array.Int32)
	ctx := compute.WithAllocator(context.Background(), mem)
	cols := make([]arrow.Array, rec.NumCols())
	for c := range cols {
		name := rec.Schema().Field(c).Name
		switch {
		case slices.Contains(summedStatistics, name):
			cols[c] = summed(rec.Column(c), keep, members, mem)
		case name == pipeline.FieldKommunenrGiven:
			b := array.NewStringBuilder(mem)
			for _, i := range keep {
				var codes []string
				for _, j := range members[i] {
					codes = append(codes, cmpOr(given(j), kommune(j)))
				}
				slices.Sort(codes)
				switch {
				case len(codes) > 0:
					b.Append(strings.Join(codes, "+"))
				case given(i) != "":
					b.Append(given(i))
				default:
					b.AppendNull()
				}
			}
			cols[c] = b.NewArray()
			b.Release()
		default:
			ix := array.NewInt64Builder(mem)
			for _, i := range keep {
				ix.Append(int64(i))
			}
			idx := ix.NewArray()
			ix.Release()
			out, err := compute.TakeArray(ctx, rec.Column(c), idx)
			idx.Release()
			if err != nil {
				panic(fmt.Sprintf("statistics: %v", err)) // indices within the table: cannot happen
			}
			cols[c] = out
		}
	}
	for _, i := range keep {
		rows := members[i]
		if len(rows) == 0 {
			continue
		}
		var codes []string
		for _, j := range rows {
			codes = append(codes, cmpOr(given(j), kommune(j)))
		}
		slices.Sort(codes)
		if f := files[file(i)]; f != nil {
			f.Warn(pipeline.Problem{File: f.Path, Sheet: sheet(i), Cell: fmt.Sprintf("A%d", srcRow.Value(i)), Column: pipeline.FieldKommunenr,
				Value: kommune(i), Msg: pipeline.Msg{Key: "stats.merged", Args: []any{strings.Join(codes, ", "), kommune(i), year(i)}}})
		}
	}
	out := array.NewRecordBatch(rec.Schema(), cols, int64(len(keep)))
	for _, c := range cols {
		c.Release()
	}
	rec.Release()
	return out
}

// summed is col at the rows keep, each kept row of a merged group the sum
// of its group's known values (unknown when none is known).
func summed(col arrow.Array, keep []int, members map[int][]int, mem memory.Allocator) arrow.Array {
	rowsOf := func(i int) []int {
		if m := members[i]; len(m) > 0 {
			return m
		}
		return []int{i}
	}
	switch a := col.(type) {
	case *array.Int64:
		b := array.NewInt64Builder(mem)
		defer b.Release()
		for _, i := range keep {
			var sum int64
			known := false
			for _, j := range rowsOf(i) {
				if a.IsValid(j) {
					sum, known = sum+a.Value(j), true
				}
			}
			if known {
				b.Append(sum)
			} else {
				b.AppendNull()
			}
		}
		return b.NewArray()
	case *array.Float64:
		b := array.NewFloat64Builder(mem)
		defer b.Release()
		for _, i := range keep {
			var sum float64
			known := false
			for _, j := range rowsOf(i) {
				if a.IsValid(j) {
					sum, known = sum+a.Value(j), true
				}
			}
			if known {
				b.Append(sum)
			} else {
				b.AppendNull()
			}
		}
		return b.NewArray()
	}
	panic(fmt.Sprintf("statistics: cannot add up a %s column", col.DataType())) // the schema's: cannot happen
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

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
	// Each group's row is its largest municipality's (by pupils), from
	// the files of the schools' own figures when there are any; SSB's row
	// of the same municipality and year fills in what they lack and adds
	// SSB's published figures.
	sheet := pipeline.StringColumn(rec, pipeline.FieldSourceSheet)
	fromSSB := func(i int) bool { return sheet(i) == ssbSheet }
	var keep []int
	members := map[int][]int{} // kept row → the group's rows, own figures first
	for _, k := range order {
		rows := groups[k]
		own := slices.DeleteFunc(slices.Clone(rows), fromSSB)
		pool := own
		if len(pool) == 0 {
			pool = rows
		}
		first := slices.MaxFunc(pool, func(a, b int) int { return int(pupils.Value(a) - pupils.Value(b)) })
		if len(rows) > 1 {
			members[first] = append(own, slices.DeleteFunc(slices.Clone(rows), func(i int) bool { return !fromSSB(i) })...)
		}
		keep = append(keep, first)
	}
	slices.Sort(keep)
	// The rows a kept row's figures add up from: its group's own figures,
	// or SSB's when the group has no others.
	summedRows := func(i int) []int {
		m := members[i]
		if len(m) == 0 {
			return []int{i}
		}
		own := slices.DeleteFunc(slices.Clone(m), fromSSB)
		if len(own) > 0 {
			return own
		}
		return m
	}
	// The rows a kept row's other figures are taken from, in order: SSB's
	// published fields from SSB first, the others from the kept row first.
	firstOf := func(published bool) func(i int) []int {
		return func(i int) []int {
			m := members[i]
			if len(m) == 0 {
				return []int{i}
			}
			ssb := slices.DeleteFunc(slices.Clone(m), func(j int) bool { return !fromSSB(j) })
			own := slices.DeleteFunc(slices.Clone(m), fromSSB)
			if published {
				return append(ssb, own...)
			}
			return append(append([]int{i}, own...), ssb...)
		}
	}

	files := map[string]*pipeline.FileReport{}
	for _, f := range ds.Files {
		files[f.Path] = f
	}
	file := pipeline.StringColumn(rec, pipeline.FieldSourceFile)
	srcRow := rec.Column(at(pipeline.StatisticsSchema, pipeline.FieldSourceRow)).(*array.Int32)
	ctx := compute.WithAllocator(context.Background(), mem)
	cols := make([]arrow.Array, rec.NumCols())
	for c := range cols {
		name := rec.Schema().Field(c).Name
		switch {
		case slices.Contains(summedStatistics, name):
			cols[c] = combined(rec.Column(c), keep, summedRows, true, mem, firstOf(true))
		case name == pipeline.FieldShareSSB || name == pipeline.FieldWaitingShareSSB:
			cols[c] = combined(rec.Column(c), keep, firstOf(true), false, mem, nil)
		case name == pipeline.FieldFee || name == pipeline.FieldSubjects:
			cols[c] = combined(rec.Column(c), keep, firstOf(false), false, mem, nil)
		case name == pipeline.FieldKommunenrGiven:
			b := array.NewStringBuilder(mem)
			for _, i := range keep {
				var codes []string
				for _, j := range slices.DeleteFunc(slices.Clone(members[i]), fromSSB) {
					codes = append(codes, cmpOr(given(j), kommune(j)))
				}
				slices.Sort(codes)
				switch {
				case len(codes) > 1:
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
		rows := slices.DeleteFunc(slices.Clone(members[i]), fromSSB)
		if len(rows) < 2 {
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

// combined is col at the rows keep: each kept row's value the sum of the
// known values of rowsOf(i) (sum), or the first known of them; where none
// is known, the first known of fallback(i) (SSB's, for the schools'
// figures they lack); unknown when none is.
func combined(col arrow.Array, keep []int, rowsOf func(i int) []int, sum bool, mem memory.Allocator, fallback func(i int) []int) arrow.Array {
	switch a := col.(type) {
	case *array.Int64:
		b := array.NewInt64Builder(mem)
		defer b.Release()
		for _, i := range keep {
			v, ok := fold(rowsOf(i), a.IsValid, a.Value, sum)
			if !ok && fallback != nil {
				v, ok = fold(fallback(i), a.IsValid, a.Value, false)
			}
			if ok {
				b.Append(v)
			} else {
				b.AppendNull()
			}
		}
		return b.NewArray()
	case *array.Float64:
		b := array.NewFloat64Builder(mem)
		defer b.Release()
		for _, i := range keep {
			v, ok := fold(rowsOf(i), a.IsValid, a.Value, sum)
			if !ok && fallback != nil {
				v, ok = fold(fallback(i), a.IsValid, a.Value, false)
			}
			if ok {
				b.Append(v)
			} else {
				b.AppendNull()
			}
		}
		return b.NewArray()
	}
	panic(fmt.Sprintf("statistics: cannot combine a %s column", col.DataType())) // the schema's: cannot happen
}

// fold is the sum of the known values of rows, or the first known one.
func fold[T int64 | float64](rows []int, valid func(int) bool, value func(int) T, sum bool) (T, bool) {
	var total T
	known := false
	for _, j := range rows {
		if !valid(j) {
			continue
		}
		if !sum {
			return value(j), true
		}
		total, known = total+value(j), true
	}
	return total, known
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

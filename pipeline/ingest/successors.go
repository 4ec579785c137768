package ingest

import (
	"cmp"
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
	groupOf := map[int]groupParts{} // kept row → its group, when it has several rows
	var keep []int
	for _, k := range order {
		var g groupParts
		for _, i := range groups[k] {
			if sheet(i) == ssbSheet {
				g.ssb = append(g.ssb, i)
			} else {
				g.own = append(g.own, i)
			}
		}
		pool := g.own
		if len(pool) == 0 {
			pool = g.ssb
		}
		first := slices.MaxFunc(pool, func(a, b int) int { return int(pupils.Value(a) - pupils.Value(b)) })
		if len(groups[k]) > 1 {
			groupOf[first] = g
		}
		keep = append(keep, first)
	}
	slices.Sort(keep)
	partsOf := func(i int) groupParts {
		if g, ok := groupOf[i]; ok {
			return g
		}
		return groupParts{own: []int{i}}
	}
	// The rows a kept row's figures add up from: its group's own figures,
	// or SSB's when the group has no others; SSB's published fields from
	// SSB first; the others from the kept row first.
	summedRows := func(i int) []int {
		g := partsOf(i)
		if len(g.own) > 0 {
			return g.own
		}
		return g.ssb
	}
	publishedFirst := func(i int) []int { g := partsOf(i); return append(slices.Clone(g.ssb), g.own...) }
	keptFirst := func(i int) []int { g := partsOf(i); return append(append([]int{i}, g.own...), g.ssb...) }
	// The codes given of the rows a merged group's figures add up from
	// («0602, 0625, 0711»).
	givenCodes := func(i int) []string {
		var codes []string
		for _, j := range summedRows(i) {
			codes = append(codes, cmp.Or(given(j), kommune(j)))
		}
		slices.Sort(codes)
		return codes
	}

	files := map[string]*pipeline.FileReport{}
	for _, f := range ds.Files {
		files[f.Path] = f
	}
	file := pipeline.StringColumn(rec, pipeline.FieldSourceFile)
	srcRow := rec.Column(at(pipeline.StatisticsSchema, pipeline.FieldSourceRow)).(*array.Int32)
	ctx := compute.WithAllocator(context.Background(), mem)
	ib := array.NewInt64Builder(mem)
	for _, i := range keep {
		ib.Append(int64(i))
	}
	idx := ib.NewArray()
	ib.Release()
	defer idx.Release()
	cols := make([]arrow.Array, rec.NumCols())
	for c := range cols {
		name := rec.Schema().Field(c).Name
		switch {
		case slices.Contains(summedStatistics, name):
			cols[c] = combined(rec.Column(c), keep, summedRows, true, mem, publishedFirst)
		case name == pipeline.FieldShareSSB || name == pipeline.FieldWaitingShareSSB:
			cols[c] = publishedShares(rec, c, keep, partsOf, given, kommune, publishedFirst, mem)
		case name == pipeline.FieldSSBMarkers:
			cols[c] = firstText(rec.Column(c), keep, publishedFirst, mem)
		case name == pipeline.FieldFee || name == pipeline.FieldSubjects:
			cols[c] = combined(rec.Column(c), keep, keptFirst, false, mem, nil)
		case name == pipeline.FieldKommunenrGiven:
			b := array.NewStringBuilder(mem)
			for _, i := range keep {
				codes := givenCodes(i)
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
			out, err := compute.TakeArray(ctx, rec.Column(c), idx)
			if err != nil {
				panic(fmt.Sprintf("statistics: %v", err)) // indices within the table: cannot happen
			}
			cols[c] = out
		}
	}
	for _, i := range keep {
		codes := givenCodes(i)
		if len(codes) < 2 {
			continue
		}
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

// publishedShares is SSB's published share column c (per cent, or per
// 100, of the children aged 6–15) at the rows keep: SSB's one figure for
// the municipality and year, or the schools' own when SSB gave none; for a
// municipality merged since that SSB gave figures for under each old code
// (its tables keep the codes of their year), those figures weighted by
// each one's children aged 6–15 — SSB's count, or the schools' for that
// code. Unknown when a predecessor's figure or weight is missing: a share
// of some of the municipality is not the municipality's.
func publishedShares(rec arrow.RecordBatch, c int, keep []int, partsOf func(int) groupParts, given, kommune func(int) string,
	publishedFirst func(int) []int, mem memory.Allocator) arrow.Array {
	share := rec.Column(c).(*array.Float64)
	children := rec.Column(at(pipeline.StatisticsSchema, pipeline.FieldChildren615)).(*array.Int64)
	b := array.NewFloat64Builder(mem)
	defer b.Release()
	for _, i := range keep {
		g := partsOf(i)
		own, ssb := g.own, g.ssb
		if len(ssb) < 2 {
			if v, ok := fold(publishedFirst(i), share.IsValid, share.Value, false); ok {
				b.Append(v)
			} else {
				b.AppendNull()
			}
			continue
		}
		weight := func(j int) (float64, bool) {
			if children.IsValid(j) {
				return float64(children.Value(j)), true
			}
			code := cmp.Or(given(j), kommune(j))
			for _, o := range own {
				if cmp.Or(given(o), kommune(o)) == code && children.IsValid(o) {
					return float64(children.Value(o)), true
				}
			}
			return 0, false
		}
		var sum, total float64
		ok := true
		for _, j := range ssb {
			w, known := weight(j)
			if !share.IsValid(j) || !known {
				ok = false
				break
			}
			sum += share.Value(j) * w
			total += w
		}
		if ok && total > 0 {
			b.Append(sum / total)
		} else {
			b.AppendNull()
		}
	}
	return b.NewArray()
}

// firstText is the dictionary text column col at the rows keep: each
// kept row's value the first known of rowsOf(i) (SSB's markers, from
// SSB's row of the municipality and year).
func firstText(col arrow.Array, keep []int, rowsOf func(i int) []int, mem memory.Allocator) arrow.Array {
	b := array.NewDictionaryBuilder(mem, pipeline.DictString).(*array.BinaryDictionaryBuilder)
	defer b.Release()
	for _, i := range keep {
		v := ""
		for _, j := range rowsOf(i) {
			if v = pipeline.StringAt(col, j); v != "" {
				break
			}
		}
		if v == "" {
			b.AppendNull()
		} else if err := b.AppendString(v); err != nil {
			panic(fmt.Sprintf("statistics: %v", err)) // a string into a string dictionary: cannot happen
		}
	}
	return b.NewArray()
}

// groupParts are a merged group's rows: the schools' and SSB's.
type groupParts struct{ own, ssb []int }

// combined is col at the rows keep: each kept row's value the sum of the
// known values of rowsOf(i) (sum), or the first known of them; where none
// is known, the first known of fallback(i) (SSB's, for the schools'
// figures they lack); unknown when none is.
func combined(col arrow.Array, keep []int, rowsOf func(i int) []int, sum bool, mem memory.Allocator, fallback func(i int) []int) arrow.Array {
	switch a := col.(type) {
	case *array.Int64:
		return combineInto(array.NewInt64Builder(mem), a.IsValid, a.Value, keep, rowsOf, sum, fallback)
	case *array.Float64:
		return combineInto(array.NewFloat64Builder(mem), a.IsValid, a.Value, keep, rowsOf, sum, fallback)
	}
	panic(fmt.Sprintf("statistics: cannot combine a %s column", col.DataType())) // the schema's: cannot happen
}

// numberBuilder is an Int64Builder or a Float64Builder.
type numberBuilder[T int64 | float64] interface {
	Append(T)
	AppendNull()
	NewArray() arrow.Array
	Release()
}

func combineInto[T int64 | float64](b numberBuilder[T], valid func(int) bool, value func(int) T, keep []int, rowsOf func(i int) []int, sum bool, fallback func(i int) []int) arrow.Array {
	defer b.Release()
	for _, i := range keep {
		v, ok := fold(rowsOf(i), valid, value, sum)
		if !ok && fallback != nil {
			v, ok = fold(fallback(i), valid, value, false)
		}
		if ok {
			b.Append(v)
		} else {
			b.AppendNull()
		}
	}
	return b.NewArray()
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

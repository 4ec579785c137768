package indicators

import (
	"fmt"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"kulturrapport/pipeline"
)

// aggregate is one way of adding up the rows of a window: count, or a
// field's sum, distinct values, median or latest values. Measures use
// aggregates as themselves (sum(F)) and inside ratio(A, B). A new
// aggregate is its accumulator and one entry in aggregates.
type aggregate struct {
	name string
	// field is what the aggregate takes: no field, a number field, or
	// any field.
	field fieldRule
	// months is how the months of a window combine into the window's
	// value, for the series: added up, joined as sets, or not at all (the
	// value is then computed from the window's rows).
	months monthRule
	// additive: a region's values add up to the nation's (counts, sums,
	// distinct values of disjoint regions), and so do its targets.
	additive bool
	// nb and en describe it in words: {field} stands for the field,
	// {entity} for what each row is about (the table's entity).
	nb, en string
	// start makes the aggregate's accumulator over a column of t (nil for
	// an aggregate without a field).
	start func(t *table, col arrow.Array) accumulator
}

type fieldRule int

const (
	noField fieldRule = iota
	numberField
	anyField
)

type monthRule int

const (
	notByMonth  monthRule = iota
	addMonths             // counts and sums: the window's is the sum of its months'
	unionMonths           // distinct values: the window's are the union of its months'
)

// accumulator adds up the rows given to it.
type accumulator interface {
	add(t *table, i int)
	// result is the value; ok is false when there is none (a median of
	// no numbers).
	result() (float64, bool)
}

// aggregates is the registry of aggregates, in the order the config's
// error messages list them.
var aggregates = []*aggregate{
	{name: "count", field: noField, months: addMonths, additive: true, nb: "antall rader", en: "number of rows",
		start: func(*table, arrow.Array) accumulator { return new(countAcc) }},
	{name: "sum", field: numberField, months: addMonths, additive: true, nb: "summen av {field}", en: "the sum of {field}",
		start: func(_ *table, col arrow.Array) accumulator { return &sumAcc{col: col} }},
	{name: "distinct", field: anyField, months: unionMonths, additive: true, nb: "antall ulike {field}", en: "the number of distinct {field}",
		start: func(_ *table, col arrow.Array) accumulator { return &distinctAcc{col: col, set: map[string]bool{}} }},
	{name: "median", field: numberField, months: notByMonth, nb: "medianen av {field}", en: "the median of {field}",
		start: func(_ *table, col arrow.Array) accumulator { return &medianAcc{col: col} }},
	{name: "last", field: numberField, months: notByMonth, additive: true, nb: "summen av siste {field} per {entity}", en: "the sum of the latest {field} per {entity}",
		start: func(t *table, col arrow.Array) accumulator { return &lastAcc{col: col, last: map[string]lastValue{}} }},
}

// aggregateNamed returns the registered aggregate of that name.
func aggregateNamed(name string) (*aggregate, bool) {
	for _, a := range aggregates {
		if a.name == name {
			return a, true
		}
	}
	return nil, false
}

// describe puts the aggregate of field into words. In English the field
// and entity, the tables' Norwegian column names, are quoted as names.
func (a *aggregate) describe(tr func(nb, en string) string, field, entity string) string {
	field, entity = named(tr, field), named(tr, entity)
	return strings.NewReplacer("{field}", field, "{entity}", entity).Replace(tr(a.nb, a.en))
}

// named writes a column's name in a description: quoted in English, where
// it is a Norwegian name.
func named(tr func(nb, en string) string, name string) string {
	return tr(name, "«"+name+"»")
}

type countAcc struct{ n float64 }

func (a *countAcc) add(*table, int)         { a.n++ }
func (a *countAcc) result() (float64, bool) { return a.n, true }

// sumAcc sums the known values. A sum over rows none of which has a value
// is unknown, not 0 (a column the files do not have); over no rows at all
// it is 0 (nothing happened).
type sumAcc struct {
	col         arrow.Array
	sum         float64
	rows, known int
}

func (a *sumAcc) add(_ *table, i int) {
	a.rows++
	if x, ok := numberOf(a.col, i); ok {
		a.sum += x
		a.known++
	}
}

func (a *sumAcc) result() (float64, bool) { return a.sum, a.rows == 0 || a.known > 0 }

type distinctAcc struct {
	col arrow.Array
	set map[string]bool
}

func (a *distinctAcc) add(_ *table, i int)     { addStrings(a.set, a.col, i) }
func (a *distinctAcc) result() (float64, bool) { return float64(len(a.set)), true }

type medianAcc struct {
	col  arrow.Array
	nums []float64
}

func (a *medianAcc) add(_ *table, i int) {
	if x, ok := numberOf(a.col, i); ok {
		a.nums = append(a.nums, x)
	}
}

func (a *medianAcc) result() (float64, bool) {
	if len(a.nums) == 0 {
		return 0, false
	}
	sort.Float64s(a.nums)
	h := len(a.nums) / 2
	if len(a.nums)%2 == 1 {
		return a.nums[h], true
	}
	return (a.nums[h-1] + a.nums[h]) / 2, true
}

// lastAcc sums the latest value of each entity (the row itself for a table
// of events): the latest month, and of two rows of one month the later.
type lastAcc struct {
	col  arrow.Array
	last map[string]lastValue
}

type lastValue struct {
	month int
	row   int
	v     float64
}

func (a *lastAcc) add(t *table, i int) {
	x, ok := numberOf(a.col, i)
	if !ok {
		return
	}
	key := pipeline.StringAt(t.entity, i)
	if t.entity == nil {
		key = fmt.Sprint(i)
	}
	m := int(t.monthAt(i))
	if cur, seen := a.last[key]; !seen || m > cur.month || (m == cur.month && i > cur.row) {
		a.last[key] = lastValue{month: m, row: i, v: x}
	}
}

func (a *lastAcc) result() (float64, bool) {
	if len(a.last) == 0 {
		return 0, false
	}
	keys := make([]string, 0, len(a.last))
	for k := range a.last {
		keys = append(keys, k)
	}
	sort.Strings(keys) // a fixed order of addition: the same bits every run
	total := 0.0
	for _, k := range keys {
		total += a.last[k].v
	}
	return total, true
}

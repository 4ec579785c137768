package indicators

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/pipeline/internal/work"
)

// Views are the evaluation views of a dataset's tables, each made once and
// shared by Evaluate and MeasureEvidence. Let go of them when the
// indicators are computed: they hold tens of MB the report writers do not
// need.
type Views struct {
	ds *pipeline.Dataset
	mu sync.Mutex
	m  map[arrow.RecordBatch]*table
}

// NewViews makes the (still empty) views of ds.
func NewViews(ds *pipeline.Dataset) *Views {
	return &Views{ds: ds, m: map[arrow.RecordBatch]*table{}}
}

// view is the evaluation view of a table of the dataset, made once: the
// indicators evaluated in parallel share its columns and masks.
func (v *Views) view(rec arrow.RecordBatch, kind *pipeline.Kind) *table {
	v.mu.Lock()
	defer v.mu.Unlock()
	if t, ok := v.m[rec]; ok && t.kind == kind {
		return t
	}
	t := newTable(rec, kind)
	v.m[rec] = t
	return t
}

// table is a read-only view of a normalised record for evaluation, with its
// rows bucketed by month so that a window visits only its own rows.
type table struct {
	kind    *pipeline.Kind
	rec     arrow.RecordBatch
	rows    int             // the number of rows
	dates   *array.Date32   // nil when the table has no date
	lo      arrow.Date32    // the day days begins with
	days    []int32         // the month index of each day from lo (see monthAt)
	byMonth map[int][]int32 // row numbers (int32: half the memory of int)
	first   int             // the first month with a row; -1 for none
	region  arrow.Array     // nil when the table has none
	kommune arrow.Array
	given   arrow.Array // the kommunenummer as given (nil when the table has none)
	entity  arrow.Array // what last(F) is taken per
	cols    map[string]arrow.Array
	mu      sync.Mutex
	lists   map[string]*listCoded // see listCodes
	// byRegion holds the rows of each region by month (rowsOf), made
	// once, at the first region's report.
	regionOnce sync.Once
	byRegion   map[string]map[int][]int32
	masks      map[string]rowSet // see maskOf
	windows    map[windowKey]*windowGroups
}

func newTable(rec arrow.RecordBatch, kind *pipeline.Kind) *table {
	t := &table{kind: kind, rec: rec, rows: int(rec.NumRows()), byMonth: map[int][]int32{}, cols: map[string]arrow.Array{}, lists: map[string]*listCoded{}, windows: map[windowKey]*windowGroups{}}
	for i, f := range rec.Schema().Fields() {
		t.cols[f.Name] = rec.Column(i)
	}
	if dates, ok := t.cols[pipeline.FieldDate].(*array.Date32); ok && t.rows > 0 {
		// The month of a row is looked up by its day, not kept a row: a
		// table of the days from the first to the last (ingest keeps dates
		// in 2000–2099: at most 146 kB) instead of 4 bytes a row.
		t.dates = dates
		lo, hi := dates.Value(0), dates.Value(0)
		for _, d := range dates.Date32Values() {
			lo, hi = min(lo, d), max(hi, d)
		}
		if int64(hi)-int64(lo) < maxDaySpan {
			t.lo, t.days = lo, make([]int32, hi-lo+1)
			for d := range t.days {
				t.days[d] = int32(pipeline.MonthOf((lo + arrow.Date32(d)).ToTime()))
			}
		}
		for i := range t.rows {
			m := int(t.monthAt(i))
			t.byMonth[m] = append(t.byMonth[m], int32(i))
		}
	}
	t.first = -1
	for m := range t.byMonth {
		if t.first < 0 || m < t.first {
			t.first = m
		}
	}
	t.region = t.cols[pipeline.FieldRegion]
	t.kommune = t.cols[pipeline.FieldKommunenr]
	t.given = t.cols[pipeline.FieldKommunenrGiven]
	if kind.Entity != "" {
		t.entity = t.cols[kind.Entity]
	}
	return t
}

// maxDaySpan bounds the table of days newTable makes: dates that far
// apart (none that ingest lets through) are worked out one by one.
const maxDaySpan = 1 << 20

// monthAt is the month index of row i (0 in a table without dates).
func (t *table) monthAt(i int) int32 {
	switch {
	case t.dates == nil:
		return 0
	case t.days == nil:
		return int32(pipeline.MonthOf(t.dates.Value(i).ToTime()))
	}
	return t.days[t.dates.Value(i)-t.lo]
}

// later reports whether row i comes after row j: in a later month, or
// later in the same month.
func (t *table) later(i, j int) bool {
	mi, mj := t.monthAt(i), t.monthAt(j)
	return mi > mj || (mi == mj && i > j)
}

// addStrings adds the values of row i of a string, dictionary or list
// column to set, as pipeline.StringsAt would give them, without a slice a row.
func addStrings(set map[string]bool, col arrow.Array, i int) {
	if col == nil || col.IsNull(i) {
		return
	}
	switch c := col.(type) {
	case *array.String:
		set[c.Value(i)] = true
	case *array.Dictionary:
		set[pipeline.DictValue(c, i)] = true
	case *array.List:
		vals := c.ListValues().(*array.String)
		start, end := c.ValueOffsets(i)
		for j := start; j < end; j++ {
			set[vals.Value(int(j))] = true
		}
	}
}

// anyAllowed reports whether row i of a string or list column holds one of
// the allowed values, without copying the values.
func anyAllowed(col arrow.Array, i int, allowed map[string]bool) bool {
	if col == nil || col.IsNull(i) {
		return false
	}
	switch c := col.(type) {
	case *array.String:
		return allowed[c.Value(i)]
	case *array.Dictionary:
		return allowed[pipeline.DictValue(c, i)]
	case *array.List:
		vals := c.ListValues().(*array.String)
		start, end := c.ValueOffsets(i)
		for j := start; j < end; j++ {
			if allowed[vals.Value(int(j))] {
				return true
			}
		}
	}
	return false
}

func numberOf(col arrow.Array, i int) (float64, bool) {
	if col == nil || col.IsNull(i) {
		return 0, false
	}
	switch c := col.(type) {
	case *array.Int64:
		return float64(c.Value(i)), true
	case *array.Int32:
		return float64(c.Value(i)), true
	case *array.Float64:
		return c.Value(i), true
	}
	return 0, false
}

// passes reports whether row i of t passes the filter, from a mask worked
// out once per indicator and table.
func (c *compiled) passes(t *table, i int) bool {
	if len(c.filter) == 0 {
		return true
	}
	if c.maskOf != t {
		c.mask = t.maskOf(fmt.Sprint(c.def.Filter), c.filter)
		c.maskOf = t
	}
	return c.mask.has(i)
}

// maskOf is mask(filter), made once for the filter written as key and
// kept: the reports of the regions ask for the same filters again.
func (t *table) maskOf(key string, filter []predicate) rowSet {
	t.mu.Lock()
	m, ok := t.masks[key]
	t.mu.Unlock()
	if ok {
		return m
	}
	m = t.mask(filter)
	t.mu.Lock()
	if t.masks == nil {
		t.masks = map[string]rowSet{}
	}
	t.masks[key] = m
	t.mu.Unlock()
	return m
}

// mask works out which rows of t pass every predicate, a predicate (a
// column) at a time.
func (t *table) mask(filter []predicate) rowSet {
	m := allRows(t.rows)
	for _, p := range filter {
		col := t.cols[p.field]
		if p.allowed != nil && t.maskAllowed(col, p.field, p.allowed, m) {
			continue
		}
		m.keep(func(i int) bool { return p.test(col, i) })
	}
	return m
}

// maskAllowed clears the rows of m whose dictionary or list column col holds
// none of the allowed values, deciding each distinct value once instead of
// once a row. It reports false for other columns.
func (t *table) maskAllowed(col arrow.Array, field string, allowed map[string]bool, m rowSet) bool {
	switch c := col.(type) {
	case *array.Dictionary:
		dict, ok := c.Dictionary().(*array.String)
		idx, ok2 := c.Indices().(*array.Int32)
		if !ok || !ok2 {
			return false
		}
		codeOK := make([]bool, dict.Len())
		for j := range codeOK {
			codeOK[j] = allowed[dict.Value(j)]
		}
		codes := idx.Int32Values()
		m.keep(func(i int) bool { return !c.IsNull(i) && codeOK[codes[i]] })
		return true
	case *array.List:
		lc := t.listCodes(field, c)
		if lc == nil {
			return false
		}
		codeOK := make([]bool, len(lc.values))
		for j, v := range lc.values {
			codeOK[j] = allowed[v]
		}
		offsets := c.Offsets()
		m.keep(func(i int) bool {
			if c.IsNull(i) {
				return false
			}
			for j := offsets[i]; j < offsets[i+1]; j++ {
				if codeOK[lc.codes[j]] {
					return true
				}
			}
			return false
		})
		return true
	}
	return false
}

// listCoded is a list-of-strings column's elements as codes into its
// distinct values.
type listCoded struct {
	codes  []int32 // per element of the list values
	values []string
}

// listCodes codes the elements of a list column once per table (indicators
// are evaluated in parallel: under the table's lock).
func (t *table) listCodes(field string, c *array.List) *listCoded {
	t.mu.Lock()
	defer t.mu.Unlock()
	if lc, ok := t.lists[field]; ok {
		return lc
	}
	vals, ok := c.ListValues().(*array.String)
	if !ok || c.Offset() != 0 {
		t.lists[field] = nil
		return nil
	}
	lc := &listCoded{codes: make([]int32, vals.Len())}
	seen := map[string]int32{}
	for j := range lc.codes {
		v := vals.Value(j)
		code, ok := seen[v]
		if !ok {
			code = int32(len(lc.values))
			seen[v] = code
			lc.values = append(lc.values, v)
		}
		lc.codes[j] = code
	}
	t.lists[field] = lc
	return lc
}

// test checks row i of column col against the predicate.
func (p *predicate) test(col arrow.Array, i int) bool {
	switch {
	case p.allowed != nil:
		return anyAllowed(col, i, p.allowed)
	case p.cmp != "":
		x, ok := numberOf(col, i)
		if !ok {
			return false
		}
		switch p.cmp {
		case ">=":
			return x >= p.num
		case "<=":
			return x <= p.num
		case ">":
			return x > p.num
		case "<":
			return x < p.num
		case "!=":
			return x != p.num
		default:
			return x == p.num
		}
	default:
		d, ok := col.(*array.Date32)
		if !ok || d.IsNull(i) {
			return false
		}
		day := d.Value(i).ToTime()
		return (p.from.IsZero() || !day.Before(p.from)) && (p.to.IsZero() || !day.After(p.to))
	}
}

// scope restricts an evaluation to a region, a county or a municipality;
// members are the municipalities whose coverage counts.
type scope struct {
	region, county, kommune string
	members                 []string
}

// rowsOf are the rows of month m, of region's only when region is set and
// the table has regions: a region's report visits its own rows.
func (t *table) rowsOf(m int, region string) []int32 {
	if region == "" || t.region == nil {
		return t.byMonth[m]
	}
	t.regionOnce.Do(func() {
		t.byRegion = map[string]map[int][]int32{}
		for month, rows := range t.byMonth {
			for _, i := range rows {
				r := pipeline.StringAt(t.region, int(i))
				if t.byRegion[r] == nil {
					t.byRegion[r] = map[int][]int32{}
				}
				t.byRegion[r][month] = append(t.byRegion[r][month], i)
			}
		}
	})
	return t.byRegion[region][m]
}

func (t *table) inScope(ref *pipeline.Reference, i int, s scope) bool {
	if s.region != "" && pipeline.StringAt(t.region, i) != s.region {
		return false
	}
	if s.county != "" && t.county(ref, i) != s.county {
		return false
	}
	if s.kommune != "" && pipeline.StringAt(t.kommune, i) != s.kommune {
		return false
	}
	return true
}

// county is the county of row i: its municipality's, or for a row given
// a code split between members in one county (counted for no
// municipality), theirs.
func (t *table) county(ref *pipeline.Reference, i int) string {
	k := pipeline.StringAt(t.kommune, i)
	if k != "" || t.given == nil {
		return ref.MunicipalityCounty(k)
	}
	if code := pipeline.StringAt(t.given, i); code != "" {
		return ref.SplitCounty(code)
	}
	return ""
}

func ptr(x float64) *float64 { return &x }

// value computes the measure over the window ending at month m, in scope s.
// It returns nil when no row at all (filtered or not) falls in the window
// and scope: nothing was reported.
func (c *compiled) value(ref *pipeline.Reference, t *table, m int, s scope) (val, num, den *float64, note *pipeline.Note) {
	if c.typ.value != nil {
		return c.typ.value(c, ref, t, m, s)
	}
	if !c.reported(ref, t, m, s) {
		return nil, nil, nil, nil
	}
	rest := s
	if t.region != nil {
		rest.region = "" // windowRows gives the region's rows
	}
	w, used := c.totals(t, c.windowRows(t, m, s.region, func(i int) bool { return t.inScope(ref, i, rest) }), t.kind == pipeline.Statistics)
	val, num, den = c.finish(w, s)
	return val, num, den, c.missingNote(ref, w, used, s)
}

// compute evaluates the measure over rows: the window's rows in scope,
// before the filter.
func (c *compiled) compute(t *table, rows []int32, s scope) (val, num, den *float64) {
	w, _ := c.totals(t, rows, false)
	return c.finish(w, s)
}

// totals adds up rows (a window's rows in scope, before the filter). With
// byKommune it also gives the municipalities whose rows had the values the
// measure reads.
func (c *compiled) totals(t *table, rows []int32, byKommune bool) (windowTotals, map[string]bool) {
	acc := windowAcc{a: c.a.start(t), b: c.b.start(t), cols: [2]arrow.Array{t.cols[c.a.field], t.cols[c.b.field]}}
	var used map[string]bool
	if byKommune && t.kommune != nil {
		used = map[string]bool{}
	}
	var all, passing, missing float64
	var missingIn [2]bool
	for _, r := range rows {
		i := int(r)
		all++
		if !c.passes(t, i) {
			continue
		}
		passing++
		if c.typ.add == nil {
			continue
		}
		if !c.typ.add(c, &acc, t, i) {
			missing++
			missingIn[0] = missingIn[0] || !c.a.knownAt(acc.cols[0], i)
			missingIn[1] = missingIn[1] || !c.b.knownAt(acc.cols[1], i)
		} else if used != nil {
			addStrings(used, t.kommune, i)
		}
	}
	w := windowTotals{rows: all, passing: passing, reached: acc.reached, missing: missing, missingIn: missingIn}
	w.a, w.aOK = result(acc.a)
	w.b, w.bOK = result(acc.b)
	return w, used
}

// missingNote says what the value lacks: the rows left out for a missing
// value (and which fields they lacked), and for the statistics the member
// municipalities in scope without figures. nil when nothing is missing.
func (c *compiled) missingNote(ref *pipeline.Reference, w windowTotals, used map[string]bool, s scope) *pipeline.Note {
	var note pipeline.Note
	if w.missing > 0 {
		note.RowsMissing = int(w.missing)
		for k, a := range []agg{c.a, c.b} {
			if w.missingIn[k] && !slices.Contains(note.MissingFields, a.field) {
				note.MissingFields = append(note.MissingFields, a.field)
			}
		}
	}
	if used != nil {
		var absent []string
		for _, k := range s.members {
			if !used[k] {
				absent = append(absent, ref.MunicipalityName(k))
			}
		}
		if len(absent) > 0 {
			note.Members, note.Reporting, note.Absent = len(s.members), len(s.members)-len(absent), absent
		}
	}
	if note.RowsMissing == 0 && note.Members == 0 {
		return nil
	}
	return &note
}

// finish turns a window's totals into the measure's value, numerator and
// denominator, by its type: the one place each measure type is finished,
// for the rows of a window (compute, the breakdowns) and for the sums of
// its months (monthlyValues.window, the series).
func (c *compiled) finish(w windowTotals, s scope) (val, num, den *float64) {
	return c.typ.finish(c, w, s)
}

func ptrIf(x float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	return &x
}

// monthAcc is what one month's rows add to a window, for measures that
// add up over months.
type monthAcc struct {
	rows, passing float64
	// counted are the passing rows the aggregates were given (a ratio's
	// rows with both values), missing those left out for a missing value.
	counted, missing float64
	a, b             float64
	aKnown           float64         // values a sums
	missingIn        [2]bool         // which of the aggregates' fields a missing row lacked
	sets             map[string]bool // distinct values, or municipalities reached
}

// monthlyValues holds each month's accumulators, so that the 24 windows of
// a series are sums of months instead of scans of the rows.
type monthlyValues struct {
	from   int
	months []monthAcc
}

// monthly accumulates months from..to for the whole organisation, for the
// measures that add up over months: count, sum, distinct (as union), share,
// coverage, and ratios of counts and sums. It returns nil for the others
// (median, last, kostra) and for latest, which are computed from the rows.
func (c *compiled) monthly(t *table, from, to int, region string) *monthlyValues {
	if c.def.Latest || c.typ.byMonth == nil || !c.typ.byMonth(c) {
		return nil
	}
	mv := &monthlyValues{from: from, months: make([]monthAcc, to-from+1)}
	cols := [2]arrow.Array{t.cols[c.a.field], t.cols[c.b.field]}
	for m := from; m <= to; m++ {
		acc := &mv.months[m-from]
		for _, r := range t.rowsOf(m, region) {
			i := int(r)
			acc.rows++
			if !c.passes(t, i) {
				continue
			}
			acc.passing++
			c.typ.addMonth(c, acc, cols, t, i)
		}
	}
	return mv
}

// window combines the months of the window ending at m, as compute would
// over the rows.
func (mv *monthlyValues) window(c *compiled, m int, s scope) (val, num, den *float64, w windowTotals) {
	var rows, passing, counted, missing, aKnown, a, b float64
	var missingIn [2]bool
	set := map[string]bool{}
	for mi := m - c.def.Window + 1; mi <= m; mi++ {
		if mi < mv.from || mi-mv.from >= len(mv.months) {
			continue
		}
		acc := mv.months[mi-mv.from]
		rows += acc.rows
		passing += acc.passing
		counted += acc.counted
		missing += acc.missing
		aKnown += acc.aKnown
		missingIn[0], missingIn[1] = missingIn[0] || acc.missingIn[0], missingIn[1] || acc.missingIn[1]
		a += acc.a
		b += acc.b
		for k := range acc.sets {
			set[k] = true
		}
	}
	if rows == 0 {
		return nil, nil, nil, w // nothing reported for the window
	}
	// What the months hold of each aggregate: counts and sums add up, the
	// distinct values are the union of the months'.
	value := func(g agg, sum float64) float64 {
		switch {
		case g.impl == nil:
		case g.impl.months == unionMonths:
			return float64(len(set))
		case g.impl.field == noField:
			return counted
		}
		return sum
	}
	// A lone sum over rows none of which had a value is unknown.
	aOK := c.b.impl != nil || c.a.impl == nil || c.a.impl.field == noField || counted == 0 || aKnown > 0
	w = windowTotals{rows: rows, passing: passing, a: value(c.a, a), b: value(c.b, b), aOK: aOK, bOK: true, reached: set, missing: missing, missingIn: missingIn}
	val, num, den = c.finish(w, s)
	return val, num, den, w
}

// reported tells whether the unit that reports the table's rows sent
// anything for the window: the municipality for statistics, otherwise the
// region (a county or municipality without activity in a window the region
// reported for has a value of 0, not "no data").
func (c *compiled) reported(ref *pipeline.Reference, t *table, m int, s scope) bool {
	unit := s
	if t.kind != pipeline.Statistics {
		unit = scope{region: s.region}
	}
	rest := unit
	if t.region != nil {
		rest.region = "" // the rows are the region's
	}
	for mi := m - c.def.Window + 1; mi <= m; mi++ {
		for _, i := range t.rowsOf(mi, unit.region) {
			if t.inScope(ref, int(i), rest) {
				return true
			}
		}
	}
	return false
}

// windowGroups are the rows of a window (before any filter) grouped by
// region, county and municipality: the same for every indicator with the
// same window, so worked out once per table and window.
type windowGroups struct {
	byRegion, byCounty, byKommune map[string][]int32
}

type windowKey struct {
	window, month int
	latest        bool
}

func (t *table) windowGroups(ref *pipeline.Reference, c *compiled, m int) *windowGroups {
	key := windowKey{c.def.Window, m, c.def.Latest && t.entity != nil}
	t.mu.Lock()
	defer t.mu.Unlock()
	if g, ok := t.windows[key]; ok {
		return g
	}
	rows := c.windowRows(t, m, "", func(int) bool { return true })
	g := &windowGroups{
		byRegion:  groupRows(t.region, rows, nil),
		byKommune: groupRows(t.kommune, rows, nil),
		byCounty:  groupRows(t.kommune, rows, ref.MunicipalityCounty),
	}
	// Rows given a code split between members of one county count for
	// that county (and no municipality).
	if t.given != nil {
		grown := map[string]bool{}
		for _, i := range g.byCounty[""] {
			if county := t.county(ref, int(i)); county != "" {
				g.byCounty[county] = append(g.byCounty[county], i)
				grown[county] = true
			}
		}
		for county := range grown {
			slices.Sort(g.byCounty[county])
		}
	}
	delete(g.byCounty, "")
	t.windows[key] = g
	return g
}

// stringIDs numbers strings in the order they are first seen.
type stringIDs struct {
	ids  map[string]int
	list []string
}

func (s *stringIDs) id(v string) int {
	k, ok := s.ids[v]
	if !ok {
		if s.ids == nil {
			s.ids = map[string]int{}
		}
		k = len(s.list)
		s.ids[v] = k
		s.list = append(s.list, v)
	}
	return k
}

// groupRows groups rows by the value of col (by key(value) when key is
// set); a dictionary column by its codes, each value named once.
func groupRows(col arrow.Array, rows []int32, key func(string) string) map[string][]int32 {
	out := map[string][]int32{}
	if col == nil {
		return out
	}
	name := func(v string) string {
		if key != nil {
			return key(v)
		}
		return v
	}
	if d, ok := col.(*array.Dictionary); ok {
		dict, ok1 := d.Dictionary().(*array.String)
		idx, ok2 := d.Indices().(*array.Int32)
		if ok1 && ok2 {
			// Each code's group worked out once; rows stay in their order.
			var keys stringIDs
			codeGroup := make([]int, dict.Len())
			for code := range codeGroup {
				codeGroup[code] = keys.id(name(dict.Value(code)))
			}
			nullGroup := keys.id(name(""))
			// Rows counted by group first, so that the groups are cut from
			// one slice, each at its size.
			groupOf := make([]int32, len(rows))
			sizes := make([]int, len(keys.list))
			codes := idx.Int32Values()
			for j, r := range rows {
				i := int(r)
				g := nullGroup
				if !d.IsNull(i) {
					g = codeGroup[codes[i]]
				}
				groupOf[j] = int32(g)
				sizes[g]++
			}
			groups := make([][]int32, len(keys.list))
			all := make([]int32, len(rows))
			off := 0
			for g, n := range sizes {
				groups[g] = all[off : off : off+n]
				off += n
			}
			for j, i := range rows {
				groups[groupOf[j]] = append(groups[groupOf[j]], i)
			}
			for g, rs := range groups {
				if len(rs) > 0 {
					out[keys.list[g]] = rs
				}
			}
			return out
		}
	}
	for _, i := range rows {
		k := name(pipeline.StringAt(col, int(i)))
		out[k] = append(out[k], i)
	}
	return out
}

// windowRows lists the rows of the window ending at month m that are in
// scope. With the indicator's latest setting, only the latest row of each
// entity (project, municipality) is kept.
func (c *compiled) windowRows(t *table, m int, region string, inScope func(int) bool) []int32 {
	n := 0
	for mi := m - c.def.Window + 1; mi <= m; mi++ {
		n += len(t.rowsOf(mi, region))
	}
	rows := make([]int32, 0, n)
	for mi := m - c.def.Window + 1; mi <= m; mi++ {
		for _, i := range t.rowsOf(mi, region) {
			if inScope(int(i)) {
				rows = append(rows, i)
			}
		}
	}
	if !c.def.Latest || t.entity == nil {
		return rows
	}
	latest := map[string]int32{}
	var order []string
	for _, i := range rows {
		k := pipeline.StringAt(t.entity, int(i))
		j, seen := latest[k]
		if !seen {
			order = append(order, k)
		}
		if !seen || t.later(int(i), int(j)) {
			latest[k] = i
		}
	}
	out := make([]int32, 0, len(order))
	for _, k := range order {
		out = append(out, latest[k])
	}
	return out
}

// Evaluate computes every indicator of the catalog for the period, with its
// series, breakdowns and progress.
func Evaluate(ref *pipeline.Reference, v *Views, catalog []*compiled, period pipeline.Month) []*pipeline.IndicatorResult {
	pidx := int(period)
	views := map[string]*table{}
	for _, c := range catalog {
		if _, ok := views[c.kind.Name]; !ok {
			views[c.kind.Name] = v.view(v.ds.Table(c.kind.Name), c.kind)
		}
	}
	// Indicators are independent: evaluated in parallel, in catalog order.
	out := make([]*pipeline.IndicatorResult, len(catalog))
	work.Parallel(context.Background(), len(catalog), runtime.GOMAXPROCS(0), func(i int) {
		out[i] = evaluate(ref, views[catalog[i].kind.Name], catalog[i], pidx)
	})
	return out
}

// withinData tells whether the window ending at month m lies within t's
// data, so that a value of it can be compared with. Always for statistics
// (by school year), KOSTRA (which weighs its own years) and measures of
// the latest rows.
func (c *compiled) withinData(t *table, m int) bool {
	if c.def.Latest || c.typ.value != nil || t.kind == pipeline.Statistics || t.first < 0 {
		return true
	}
	return m-c.def.Window+1 >= t.first
}

func evaluate(ref *pipeline.Reference, t *table, c *compiled, pidx int) *pipeline.IndicatorResult {
	national := c
	c = c.scoped(ref, ref.Scope)
	def := c.def
	res := &pipeline.IndicatorResult{
		Def: def, ID: def.ID, Goal: def.Goal, Period: pipeline.Month(pidx), Target: def.Target,
		WindowFrom: pipeline.Month(pidx - def.Window + 1), WindowTo: pipeline.Month(pidx),
	}
	all := scope{region: ref.Scope}
	for _, r := range ref.RegionCodes() {
		all.members = append(all.members, ref.Members[r]...)
	}
	value := c.value
	if mv := c.monthly(t, pidx-pipeline.SeriesMonths-c.def.Window+1, pidx, ref.Scope); mv != nil {
		value = func(ref *pipeline.Reference, _ *table, m int, _ scope) (*float64, *float64, *float64, *pipeline.Note) {
			v, n, d, w := mv.window(c, m, all)
			return v, n, d, c.missingNote(ref, w, nil, all)
		}
	}
	byMonth := map[int]*float64{}
	for m := pidx - pipeline.SeriesMonths + 1; m <= pidx; m++ {
		v, _, _, _ := value(ref, t, m, all)
		byMonth[m] = v
		res.Series = append(res.Series, pipeline.Point{Period: pipeline.Month(m), Value: v})
	}
	prevYear, _, _, _ := value(ref, t, pidx-12, all)
	res.Value, res.Numerator, res.Denominator, res.Note = value(ref, t, pidx, all)
	res.Published, res.PublishedGap = c.published(ref, t, pidx, all)
	res.Status = status(def, res.Value)
	res.ChangeMonth = diff(res.Value, byMonth[pidx-1])
	res.ChangeYear = diff(res.Value, prevYear)
	// A window that begins before the data holds less than a window's
	// worth: a change against it would be a jump made by the data's start,
	// not by the work. No change then, and the note says from when the
	// data are.
	dropped := false
	if !c.withinData(t, pidx-12) && res.ChangeYear != nil {
		res.ChangeYear, dropped = nil, true
	}
	if !c.withinData(t, pidx-1) && res.ChangeMonth != nil {
		res.ChangeMonth, dropped = nil, true
	}
	if dropped {
		if res.Note == nil {
			res.Note = &pipeline.Note{}
		}
		res.Note.DataFrom = pipeline.Month(t.first)
	}
	res.Progress = progress(c, ref, t, pidx, res.Value, all)
	// Against the end of the base year, by the same rule.
	if baseYear := cmp.Or(def.BaseYear, ref.Config.BaseYear); baseYear > 0 {
		if bm := baseYear*12 + 11; bm < pidx && c.withinData(t, bm) {
			base, _, _, _ := c.value(ref, t, bm, all)
			res.BaseYear, res.ChangeBase = baseYear, diff(res.Value, base)
		}
	}

	// Breakdowns: the window's rows once, grouped by region, county and
	// municipality, instead of a scan of the window for every group.
	wg := &windowGroups{}
	if c.typ.value == nil {
		wg = t.windowGroups(ref, c, pidx)
	}
	byRegion, byCounty, byKommune := wg.byRegion, wg.byCounty, wg.byKommune
	// A county or a municipality has no target of its own: a rate is
	// graded against the report's, a count is not graded.
	partDef := def
	if c.additive() {
		partDef = &config.Indicator{Decimals: def.Decimals, Direction: def.Direction}
	}
	group := func(key, name string, s scope, rows []int32, gdef *config.Indicator) pipeline.Group {
		var v, n, d *float64
		switch {
		case c.typ.value != nil:
			v, n, d, _ = c.typ.value(c, ref, t, pidx, s)
		case t.kind == pipeline.Statistics && len(rows) == 0:
			// the municipality (or county) sent no statistics: no data
		case t.kind != pipeline.Statistics && !c.reported(ref, t, pidx, scope{region: s.region}):
			// the region sent nothing for the window: no data
		default:
			v, n, d = c.compute(t, rows, s)
		}
		return pipeline.Group{Key: key, Name: name, Value: v, Numerator: n, Denominator: d, Status: status(gdef, v)}
	}
	if t.region != nil {
		for _, r := range ref.RegionCodes() {
			name := r
			for _, reg := range ref.Config.Regions {
				if reg.Code == r {
					name = reg.Name
				}
			}
			res.Regions = append(res.Regions, group(r, name, scope{region: r, members: ref.Members[r]}, byRegion[r], national.scoped(ref, r).def))
		}
	}
	if t.kommune != nil {
		for _, county := range counties(ref) {
			s := scope{county: county}
			for _, m := range all.members {
				if ref.MunicipalityCounty(m) == county {
					s.members = append(s.members, m)
				}
			}
			res.Counties = append(res.Counties, group(county, county, s, byCounty[county], partDef))
		}
		for _, m := range all.members {
			res.Municipalities = append(res.Municipalities, group(m, ref.MunicipalityName(m), scope{kommune: m, members: []string{m}}, byKommune[m], partDef))
		}
	}
	return res
}

// counties lists the counties of the member municipalities, sorted.
func counties(ref *pipeline.Reference) []string {
	seen := map[string]bool{}
	var out []string
	for _, reg := range ref.Config.Regions {
		for _, m := range reg.Municipalities {
			if m.County != "" && !seen[m.County] {
				seen[m.County] = true
				out = append(out, m.County)
			}
		}
	}
	sort.Strings(out)
	return out
}

// status grades a value against the indicator's thresholds, or its target
// when it has no thresholds.
//
// The value is rounded to the indicator's decimals first, so that the
// colour agrees with the number the reader sees (19,96 shown as 20,0 meets
// a target of 20).
func status(def *config.Indicator, v *float64) pipeline.Status {
	if v == nil {
		return pipeline.NoData
	}
	r := pipeline.Round(*v, def.Decimals)
	v = &r
	green, yellow := def.Thresholds.Green, def.Thresholds.Yellow
	if green == nil {
		green = def.Target
	}
	if green == nil {
		return pipeline.None
	}
	better := func(a, b float64) bool { // a at least as good as b
		if def.LowerIsBetter() {
			return a <= b
		}
		return a >= b
	}
	switch {
	case better(*v, *green):
		return pipeline.Green
	case yellow != nil && better(*v, *yellow):
		return pipeline.Yellow
	default:
		return pipeline.Red
	}
}

func diff(a, b *float64) *float64 {
	if a == nil || b == nil {
		return nil
	}
	d := *a - *b
	if math.Abs(d) < 1e-9 {
		d = 0
	}
	return &d
}

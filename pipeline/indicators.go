package pipeline

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"kulturrapport/config"
)

// Status is the traffic-light status of an indicator value.
type Status string

// The statuses. NoData is shown when nothing was reported for the window;
// None when the indicator has neither target nor thresholds.
const (
	Green  Status = "green"
	Yellow Status = "yellow"
	Red    Status = "red"
	NoData Status = "nodata"
	None   Status = "none"
)

// SeriesMonths is how many months before the period each series shows.
const SeriesMonths = 24

// Point is an indicator's value for one month; Value is nil when there was
// no data for that month's window.
type Point struct {
	Period string   `json:"period"`
	Value  *float64 `json:"value"`
}

// Group is an indicator's value for one region, county or municipality.
type Group struct {
	Key         string   `json:"key"`
	Name        string   `json:"name"`
	Value       *float64 `json:"value"`
	Numerator   *float64 `json:"numerator,omitempty"`
	Denominator *float64 `json:"denominator,omitempty"`
	Status      Status   `json:"status"`
}

// IndicatorResult is an indicator evaluated for a period.
type IndicatorResult struct {
	Def    *config.Indicator `json:"-"`
	ID     string            `json:"id"`
	Goal   string            `json:"goal"`
	Period string            `json:"period"`
	// Value is nil when there is no data for the window.
	Value       *float64 `json:"value"`
	Numerator   *float64 `json:"numerator,omitempty"`
	Denominator *float64 `json:"denominator,omitempty"`
	Target      *float64 `json:"target,omitempty"`
	Status      Status   `json:"status"`
	// ChangeMonth and ChangeYear compare with one month and twelve months
	// before; nil when either value is missing.
	ChangeMonth *float64 `json:"change_month"`
	ChangeYear  *float64 `json:"change_year"`
	// WindowFrom and WindowTo are the first and last month of the window.
	WindowFrom string  `json:"window_from"`
	WindowTo   string  `json:"window_to"`
	Series     []Point `json:"series"`
	Regions    []Group `json:"regions"`
	Counties   []Group `json:"counties"`
	// Municipalities is filled for coverage indicators: each member
	// municipality, 100 when reached in the window, 0 when not.
	Municipalities []Group `json:"municipalities,omitempty"`
}

// measureRe parses an indicator's measure.
var measureRe = regexp.MustCompile(`^\s*(count|coverage|sum|distinct|median)\s*(?:\(\s*([a-z_]+)\s*\))?\s*$`)

// compiled is an indicator ready to evaluate.
type compiled struct {
	def    *config.Indicator
	kind   *Kind
	op     string
	field  string
	filter map[string]map[string]bool
}

// ErrConfig is the cause of every error about the config that only the
// pipeline can see (indicator definitions, pins).
var ErrConfig = errors.New("invalid config")

// ErrIndicator is the cause of every error about an indicator definition.
var ErrIndicator = fmt.Errorf("%w: indicator", ErrConfig)

// CompileCatalog checks every indicator of cfg against the tables it reads:
// source, measure, and filter fields. Errors name the indicator and field.
func CompileCatalog(cfg *config.Config) ([]*compiled, error) {
	var out []*compiled
	var errs []error
	for i := range cfg.Indicators {
		def := &cfg.Indicators[i]
		c, err := compile(def)
		if err != nil {
			errs = append(errs, fmt.Errorf("%w %q: %v", ErrIndicator, def.ID, err))
			continue
		}
		out = append(out, c)
	}
	return out, errors.Join(errs...)
}

func compile(def *config.Indicator) (*compiled, error) {
	kind, ok := KindByName(def.Source)
	if !ok {
		var names []string
		for _, k := range kinds {
			names = append(names, k.Name)
		}
		return nil, fmt.Errorf("source %q: want one of %v", def.Source, names)
	}
	m := measureRe.FindStringSubmatch(def.Measure)
	if m == nil {
		return nil, fmt.Errorf("measure %q: want count, coverage, sum(FIELD), distinct(FIELD) or median(FIELD)", def.Measure)
	}
	c := &compiled{def: def, kind: kind, op: m[1], field: m[2], filter: map[string]map[string]bool{}}
	switch c.op {
	case "count", "coverage":
		if c.field != "" {
			return nil, fmt.Errorf("measure %q: %s takes no field", def.Measure, c.op)
		}
		if c.op == "coverage" && kind.Schema.FieldIndices(FieldKommunenr) == nil {
			return nil, fmt.Errorf("measure coverage: source %s has no %s", kind.Name, FieldKommunenr)
		}
	default:
		if c.field == "" {
			return nil, fmt.Errorf("measure %q: %s needs a field, e.g. %s(%s)", def.Measure, c.op, c.op, FieldParticipants)
		}
		idx := kind.Schema.FieldIndices(c.field)
		if idx == nil {
			return nil, fmt.Errorf("measure %q: source %s has no field %q", def.Measure, kind.Name, c.field)
		}
		if t := kind.Schema.Field(idx[0]).Type; (c.op == "sum" || c.op == "median") && !arrow.IsInteger(t.ID()) && !arrow.IsFloating(t.ID()) {
			return nil, fmt.Errorf("measure %q: field %q is not a number", def.Measure, c.field)
		}
	}
	for field, values := range def.Filter {
		key := filterField(field)
		if kind.Schema.FieldIndices(key) == nil {
			return nil, fmt.Errorf("filter: source %s has no field %q", kind.Name, field)
		}
		set := map[string]bool{}
		for _, v := range values {
			set[v] = true
		}
		c.filter[key] = set
	}
	return c, nil
}

// filterAliases lets filters name fields in English.
var filterAliases = map[string]string{
	"type": FieldType, "goal": FieldGoals, "mål": FieldGoals, "measure": FieldMeasure,
	"municipality": FieldKommunenr, "kommune": FieldKommunenr,
}

func filterField(name string) string {
	if f, ok := filterAliases[name]; ok {
		return f
	}
	return name
}

// monthIndex numbers months so that consecutive months differ by one.
func monthIndex(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }

func monthName(idx int) string {
	return fmt.Sprintf("%04d-%02d", idx/12, idx%12+1)
}

// ParsePeriod parses YYYY-MM and returns its month index and last day.
func ParsePeriod(p string) (int, time.Time, error) {
	t, err := time.Parse("2006-01", p)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("period %q: want YYYY-MM", p)
	}
	return monthIndex(t), t.AddDate(0, 1, -1), nil
}

// table is a read-only view of a normalised record for evaluation.
type table struct {
	rec     arrow.RecordBatch
	month   []int // month index of each row
	region  arrow.Array
	kommune arrow.Array
}

func newTable(rec arrow.RecordBatch) *table {
	t := &table{rec: rec, month: make([]int, rec.NumRows())}
	if idx := rec.Schema().FieldIndices(FieldDate); idx != nil {
		dates := rec.Column(idx[0]).(*array.Date32)
		for i := range t.month {
			t.month[i] = monthIndex(dates.Value(i).ToTime())
		}
	}
	t.region = t.column(FieldRegion)
	t.kommune = t.column(FieldKommunenr)
	return t
}

func (t *table) column(name string) arrow.Array {
	idx := t.rec.Schema().FieldIndices(name)
	if idx == nil {
		return nil
	}
	return t.rec.Column(idx[0])
}

// stringsOf returns the values of row i of a string or list-of-string
// column; nil for a null.
func stringsOf(col arrow.Array, i int) []string {
	if col.IsNull(i) {
		return nil
	}
	switch c := col.(type) {
	case *array.String:
		return []string{c.Value(i)}
	case *array.List:
		vals := c.ListValues().(*array.String)
		start, end := c.ValueOffsets(i)
		out := make([]string, 0, end-start)
		for j := start; j < end; j++ {
			out = append(out, vals.Value(int(j)))
		}
		return out
	}
	return nil
}

func numberOf(col arrow.Array, i int) (float64, bool) {
	if col.IsNull(i) {
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

// Evaluate computes every indicator of the catalog for the period, with its
// series and breakdowns.
func Evaluate(ref *Reference, ds *Dataset, catalog []*compiled, period string) ([]*IndicatorResult, error) {
	pidx, _, err := ParsePeriod(period)
	if err != nil {
		return nil, err
	}
	views := map[string]*table{}
	var out []*IndicatorResult
	for _, c := range catalog {
		v, ok := views[c.kind.Name]
		if !ok {
			v = newTable(ds.Table(c.kind.Name))
			views[c.kind.Name] = v
		}
		out = append(out, evaluate(ref, v, c, pidx))
	}
	return out, nil
}

// scope restricts an evaluation to a region or a county.
type scope struct {
	region, county string
	members        []string // municipalities whose coverage counts
}

func evaluate(ref *Reference, t *table, c *compiled, pidx int) *IndicatorResult {
	def := c.def
	res := &IndicatorResult{
		Def: def, ID: def.ID, Goal: def.Goal, Period: monthName(pidx), Target: def.Target,
		WindowFrom: monthName(pidx - def.Window + 1), WindowTo: monthName(pidx),
	}
	// Rows that pass the filter, once.
	pass := c.mask(t)
	all := scope{}
	for _, r := range ref.RegionCodes() {
		all.members = append(all.members, ref.Members[r]...)
	}

	var byMonth = map[int]*float64{}
	for m := pidx - SeriesMonths + 1; m <= pidx; m++ {
		val, _, _ := c.value(ref, t, pass, m, all)
		byMonth[m] = val
		res.Series = append(res.Series, Point{Period: monthName(m), Value: val})
	}
	// Year-on-year needs the value from before the series starts.
	prevYear, _, _ := c.value(ref, t, pass, pidx-12, all)
	res.Value, res.Numerator, res.Denominator = c.value(ref, t, pass, pidx, all)
	res.Status = status(def, res.Value)
	res.ChangeMonth = diff(res.Value, byMonth[pidx-1])
	res.ChangeYear = diff(res.Value, prevYear)

	for _, r := range ref.RegionCodes() {
		s := scope{region: r, members: ref.Members[r]}
		v, n, d := c.value(ref, t, pass, pidx, s)
		name := r
		for _, reg := range ref.Config.Regions {
			if reg.Code == r {
				name = reg.Name
			}
		}
		res.Regions = append(res.Regions, Group{Key: r, Name: name, Value: v, Numerator: n, Denominator: d, Status: status(def, v)})
	}
	for _, county := range counties(ref) {
		s := scope{county: county}
		for _, m := range all.members {
			if ref.MunicipalityCounty(m) == county {
				s.members = append(s.members, m)
			}
		}
		v, n, d := c.value(ref, t, pass, pidx, s)
		res.Counties = append(res.Counties, Group{Key: county, Name: county, Value: v, Numerator: n, Denominator: d, Status: status(def, v)})
	}
	if c.op == "coverage" {
		reached := c.reached(t, pass, pidx)
		for _, m := range all.members {
			v := 0.0
			if reached[m] {
				v = 100
			}
			res.Municipalities = append(res.Municipalities, Group{Key: m, Name: ref.MunicipalityName(m), Value: &v, Status: status(def, &v)})
		}
	}
	return res
}

// counties lists the counties of the member municipalities, sorted.
func counties(ref *Reference) []string {
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

// mask marks the rows that pass the indicator's filter.
func (c *compiled) mask(t *table) []bool {
	n := int(t.rec.NumRows())
	pass := make([]bool, n)
	for i := range pass {
		pass[i] = true
	}
	for field, allowed := range c.filter {
		col := t.column(field)
		for i := 0; i < n; i++ {
			if !pass[i] {
				continue
			}
			ok := false
			for _, v := range stringsOf(col, i) {
				if allowed[v] {
					ok = true
					break
				}
			}
			pass[i] = ok
		}
	}
	return pass
}

// inScope reports whether row i belongs to the scope.
func inScope(ref *Reference, t *table, i int, s scope) bool {
	if s.region != "" {
		if r := stringsOf(t.region, i); len(r) == 0 || r[0] != s.region {
			return false
		}
	}
	if s.county != "" {
		k := stringsOf(t.kommune, i)
		if len(k) == 0 || ref.MunicipalityCounty(k[0]) != s.county {
			return false
		}
	}
	return true
}

// value computes the measure over the window ending at month m, in scope s.
// It returns nil when no row at all (filtered or not) falls in the window
// and scope: nothing was reported.
func (c *compiled) value(ref *Reference, t *table, pass []bool, m int, s scope) (val, num, den *float64) {
	from := m - c.def.Window + 1
	any := false
	var (
		count    float64
		sum      float64
		nums     []float64
		distinct = map[string]bool{}
	)
	var fieldCol arrow.Array
	if c.field != "" {
		fieldCol = t.column(c.field)
	}
	kcol := t.kommune
	for i, mi := range t.month {
		if mi < from || mi > m || !inScope(ref, t, i, s) {
			continue
		}
		any = true
		if !pass[i] {
			continue
		}
		switch c.op {
		case "count":
			count++
		case "sum", "median":
			if x, ok := numberOf(fieldCol, i); ok {
				sum += x
				nums = append(nums, x)
			}
		case "distinct":
			for _, v := range stringsOf(fieldCol, i) {
				distinct[v] = true
			}
		case "coverage":
			for _, v := range stringsOf(kcol, i) {
				distinct[v] = true
			}
		}
	}
	if !any {
		return nil, nil, nil
	}
	p := func(x float64) *float64 { return &x }
	switch c.op {
	case "count":
		return p(count), nil, nil
	case "sum":
		return p(sum), nil, nil
	case "distinct":
		return p(float64(len(distinct))), nil, nil
	case "median":
		if len(nums) == 0 {
			return nil, nil, nil
		}
		sort.Float64s(nums)
		h := len(nums) / 2
		if len(nums)%2 == 1 {
			return p(nums[h]), nil, nil
		}
		return p((nums[h-1] + nums[h]) / 2), nil, nil
	case "coverage":
		if len(s.members) == 0 {
			return nil, nil, nil
		}
		reached := 0
		for _, mun := range s.members {
			if distinct[mun] {
				reached++
			}
		}
		return p(100 * float64(reached) / float64(len(s.members))), p(float64(reached)), p(float64(len(s.members)))
	}
	return nil, nil, nil
}

// reached lists the municipalities reached by passing rows in the window.
func (c *compiled) reached(t *table, pass []bool, m int) map[string]bool {
	from := m - c.def.Window + 1
	out := map[string]bool{}
	kcol := t.kommune
	for i, mi := range t.month {
		if mi >= from && mi <= m && pass[i] {
			for _, v := range stringsOf(kcol, i) {
				out[v] = true
			}
		}
	}
	return out
}

// status grades a value against the indicator's thresholds, or its target
// when it has no thresholds.
func status(def *config.Indicator, v *float64) Status {
	if v == nil {
		return NoData
	}
	green, yellow := def.Thresholds.Green, def.Thresholds.Yellow
	if green == nil {
		green = def.Target
	}
	if green == nil {
		return None
	}
	better := func(a, b float64) bool { // a at least as good as b
		if def.LowerIsBetter() {
			return a <= b
		}
		return a >= b
	}
	switch {
	case better(*v, *green):
		return Green
	case yellow != nil && better(*v, *yellow):
		return Yellow
	default:
		return Red
	}
}

func diff(a, b *float64) *float64 {
	if a == nil || b == nil {
		return nil
	}
	d := *a - *b
	if math.Abs(d) < 1e-12 {
		d = 0
	}
	return &d
}

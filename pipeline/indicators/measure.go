package indicators

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"kulturrapport/config"
	"kulturrapport/pipeline"
)

// An indicator's measure, as written in the config:
//
//	count | sum(F) | distinct(F) | median(F) | last(F)   an aggregate of the rows
//	ratio(AGG, AGG)                                      numerator / denominator × scale
//	share                                                rows that pass the filter / all rows × 100
//	coverage                                             member municipalities reached / members × 100
//	kostra(F, G)                                         KOSTRA's school-year weighting of F over G × 100
//
// where F and G are fields of the source table and AGG is one of the
// aggregates. Every measure is computed over the rows of the rolling window
// that pass the filter.

// agg is one aggregate of a measure: a registered aggregate (nil for
// none) and the field it takes.
type agg struct {
	impl  *aggregate
	field string
}

func (a agg) String() string {
	if a.impl == nil {
		return ""
	}
	if a.field == "" {
		return a.impl.name
	}
	return a.impl.name + "(" + a.field + ")"
}

// start makes the aggregate's accumulator over t; nil for no aggregate.
func (a agg) start(t *table) accumulator {
	if a.impl == nil {
		return nil
	}
	return a.impl.start(t, t.cols[a.field])
}

// describe puts the aggregate into words.
func (a agg) describe(tr func(nb, en string) string, kind *pipeline.Kind) string {
	return a.impl.describe(tr, a.field, entityName(kind))
}

// knownAt tells whether row i has the value the aggregate reads in col:
// always for an aggregate of rows (count) or of any field, and for a
// number field when the row has a number.
func (a agg) knownAt(col arrow.Array, i int) bool {
	if a.impl == nil || a.impl.field != numberField {
		return true
	}
	_, ok := numberOf(col, i)
	return ok
}

// result is acc's value; ok is false without one (or without acc).
func result(acc accumulator) (float64, bool) {
	if acc == nil {
		return 0, false
	}
	return acc.result()
}

var aggRe = regexp.MustCompile(`^([a-z]+)(?:\(\s*([a-z_0-9]+)\s*\))?$`)

// compiled is an indicator ready to evaluate.
type compiled struct {
	def  *config.Indicator
	kind *pipeline.Kind
	// typ is the measure's type; a and b its aggregates, as it has them.
	typ    *measureType
	a, b   agg
	filter []predicate
	scale  float64
	// mask caches which rows of maskOf pass the filter.
	mask   rowSet
	maskOf *table
	// t says a compile error in the config's language.
	t func(nb, en string) string
}

// translator picks a message's Norwegian or English form for lang.
func translator(lang string) func(nb, en string) string {
	return func(nb, en string) string {
		if lang == "en" {
			return en
		}
		return nb
	}
}

// predicate is one condition of a filter on one field.
type predicate struct {
	field string
	// One of: a set of allowed strings (any element, for list fields), a
	// numeric comparison, or a date range.
	allowed  map[string]bool
	cmp      string
	num      float64
	from, to time.Time
}

func parseAgg(s string, kind *pipeline.Kind, t func(nb, en string) string) (agg, error) {
	m := aggRe.FindStringSubmatch(strings.TrimSpace(s))
	var impl *aggregate
	if m != nil {
		impl, _ = aggregateNamed(m[1])
	}
	if impl == nil {
		var forms []string
		for _, a := range aggregates {
			if a.field == noField {
				forms = append(forms, a.name)
			} else {
				forms = append(forms, a.name+"(FIELD)")
			}
		}
		return agg{}, fmt.Errorf(t("%q er ikke %s eller %s", "%q is not %s or %s"), s, strings.Join(forms[:len(forms)-1], ", "), forms[len(forms)-1])
	}
	a := agg{impl: impl, field: m[2]}
	switch {
	case impl.field == noField && a.field != "":
		return a, fmt.Errorf(t("%s tar ikke et felt", "%s takes no field"), impl.name)
	case impl.field != noField && a.field == "":
		return a, fmt.Errorf(t("%s trenger et felt, f.eks. %s(%s)", "%s needs a field, e.g. %s(%s)"), impl.name, impl.name, pipeline.FieldParticipants)
	case a.field != "":
		f, ok := fieldOf(kind, a.field)
		if !ok {
			return a, fmt.Errorf(t("source %s har ikke feltet %q", "source %s has no field %q"), kind.Name, a.field)
		}
		if impl.field == numberField && !isNumeric(f.Type) {
			return a, fmt.Errorf(t("feltet %q er ikke et tall", "field %q is not a number"), a.field)
		}
	}
	return a, nil
}

func fieldOf(kind *pipeline.Kind, name string) (arrow.Field, bool) {
	idx := kind.Schema.FieldIndices(name)
	if idx == nil {
		return arrow.Field{}, false
	}
	return kind.Schema.Field(idx[0]), true
}

func isNumeric(t arrow.DataType) bool { return arrow.IsInteger(t.ID()) || arrow.IsFloating(t.ID()) }

func compile(def *config.Indicator, t func(nb, en string) string) (*compiled, error) {
	kind, ok := pipeline.KindByName(def.Source)
	if !ok {
		var names []string
		for _, k := range pipeline.Kinds() {
			names = append(names, k.Name)
		}
		names = append(names, pipeline.TableReporting)
		if def.Source == pipeline.TableReporting {
			kind = pipeline.Reporting
		} else {
			return nil, fmt.Errorf(t("source %q: skriv en av %s", "source %q: want one of %s"), def.Source, strings.Join(names, ", "))
		}
	}
	c := &compiled{def: def, kind: kind, scale: 1, t: t}
	if def.Scale != nil {
		c.scale = *def.Scale
	}
	m := strings.TrimSpace(def.Measure)
	for _, mt := range measureTypes {
		ok, err := mt.parse(c, m)
		if !ok {
			continue
		}
		if err != nil && mt.fallback {
			var others []string
			for _, o := range measureTypes {
				if o != mt {
					others = append(others, o.syntax)
				}
			}
			err = fmt.Errorf(t("measure: %v; eller %s", "measure: %v; or %s"), err, strings.Join(others, ", "))
		}
		if err != nil {
			return nil, err
		}
		c.typ = mt
		break
	}
	if c.typ == nil {
		return nil, fmt.Errorf(t("measure %q: ukjent", "measure %q: unknown"), m)
	}
	if def.Published != "" {
		if fd, ok := fieldOf(kind, def.Published); !ok || !isNumeric(fd.Type) || c.b.field == "" {
			return nil, fmt.Errorf(t("published %q: skriv et tallfelt i %s, ved et mål med nevner", "published %q: want a number field of %s beside a measure with a denominator"), def.Published, kind.Name)
		}
	}
	for field, values := range def.Filter {
		p, err := compilePredicate(kind, filterField(field), values, t)
		if err != nil {
			return nil, fmt.Errorf("filter %s: %v", field, err)
		}
		c.filter = append(c.filter, p)
	}
	// Map order is random: evaluate in a fixed order.
	sortPredicates(c.filter)
	return c, nil
}

func sortPredicates(ps []predicate) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].field < ps[j-1].field; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// compilePredicate reads a filter's values for one field: for text fields
// the allowed values; for number fields a comparison (">= 4", "< 3000"); for
// dates a range "2025-01-01..2025-12-31" (either end may be left out).
func compilePredicate(kind *pipeline.Kind, field string, values []string, t func(nb, en string) string) (predicate, error) {
	f, ok := fieldOf(kind, field)
	if !ok {
		return predicate{}, fmt.Errorf(t("source %s har ikke feltet %q", "source %s has no field %q"), kind.Name, field)
	}
	p := predicate{field: field}
	switch {
	case isNumeric(f.Type):
		if len(values) != 1 {
			return p, errors.New(t("et tallfelt tar én sammenligning, f.eks. \">= 4\"", "a number field takes one comparison, e.g. \">= 4\""))
		}
		s := strings.TrimSpace(values[0])
		for _, op := range []string{">=", "<=", "!=", ">", "<", "="} {
			if strings.HasPrefix(s, op) {
				p.cmp = op
				s = strings.TrimSpace(s[len(op):])
				break
			}
		}
		if p.cmp == "" {
			p.cmp = "="
		}
		n, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
		if err != nil {
			return p, fmt.Errorf(t("%q er ikke en sammenligning som \">= 4\"", "%q is not a comparison like \">= 4\""), values[0])
		}
		p.num = n
	case f.Type.ID() == arrow.DATE32:
		if len(values) != 1 || !strings.Contains(values[0], "..") {
			return p, errors.New(t("et datofelt tar ett intervall, f.eks. \"2025-01-01..2025-12-31\"", "a date field takes one range, e.g. \"2025-01-01..2025-12-31\""))
		}
		ends := strings.SplitN(values[0], "..", 2)
		for i, e := range ends {
			e = strings.TrimSpace(e)
			if e == "" {
				continue
			}
			d, err := time.Parse("2006-01-02", e)
			if err != nil {
				return p, fmt.Errorf(t("%q: skriv ÅÅÅÅ-MM-DD", "%q: want YYYY-MM-DD"), e)
			}
			if i == 0 {
				p.from = d
			} else {
				p.to = d
			}
		}
	default:
		p.allowed = map[string]bool{}
		for _, v := range values {
			p.allowed[v] = true
		}
	}
	return p, nil
}

// CompileCatalog checks every indicator of cfg against the tables it reads:
// source, measure, filter fields, progress settings; and every measure's
// evidence filter. Errors name the indicator or measure and the field.
func CompileCatalog(cfg *config.Config) ([]*compiled, error) {
	var out []*compiled
	var errs []error
	for i := range cfg.Indicators {
		def := &cfg.Indicators[i]
		c, err := compile(def, translator(cfg.Lang))
		if err != nil {
			errs = append(errs, config.Invalidf(cfg.Lang, "indikator %q: %v", "indicator %q: %v", def.ID, err))
			continue
		}
		out = append(out, c)
	}
	if _, err := compileEvidence(cfg); err != nil {
		errs = append(errs, err)
	}
	return out, errors.Join(errs...)
}

// filterAliases lets filters name fields in English.
var filterAliases = map[string]string{
	"type": pipeline.FieldType, "goal": pipeline.FieldGoals, "mål": pipeline.FieldGoals, "measure": pipeline.FieldMeasure,
	"municipality": pipeline.FieldKommunenr, "kommune": pipeline.FieldKommunenr, "level": pipeline.FieldLevel,
	"date": pipeline.FieldDate,
}

func filterField(name string) string {
	if f, ok := filterAliases[name]; ok {
		return f
	}
	return name
}

// DescribeMeasure puts an indicator's measure into words, for the catalog
// listing and the report's method section.
func DescribeMeasure(lang string, def *config.Indicator) string {
	t := translator(lang)
	c, err := compile(def, t)
	if err != nil {
		return def.Measure
	}
	return c.typ.describe(c, t)
}

// entityName is what last(F) takes the latest value of, per table.
func entityName(k *pipeline.Kind) string {
	if k.Entity != "" {
		return k.Entity
	}
	return "rad"
}

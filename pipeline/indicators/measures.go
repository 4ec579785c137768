package indicators

import (
	"fmt"
	"regexp"

	"github.com/apache/arrow-go/v18/arrow"

	"kulturrapport/pipeline"
)

// measureType is one type of measure an indicator can have: an aggregate
// (count, sum(F) …), ratio, share, coverage or kostra. It says how its text
// is read, what a row that passes the filter adds to a window, and how a
// window's totals become the value. A new measure type is a file with its
// functions plus one entry in measureTypes; compute, the monthly series,
// the breakdowns and DescribeMeasure go through these.
type measureType struct {
	name string
	// syntax is how the config writes it, for messages.
	syntax string
	// fallback marks the type a text of no other type is read as: its
	// errors list the other types too.
	fallback bool
	// parse reads the measure's text into c; ok is false when the text is
	// not of this type (the next type is tried).
	parse func(c *compiled, text string) (ok bool, err error)
	// add gives a row that passes the filter to the window's
	// accumulators, and tells whether the row had the values it needs
	// (a row without them is counted as missing); nil when the count of
	// rows is all the type needs.
	add func(c *compiled, w *windowAcc, t *table, i int) bool
	// finish turns a window's totals into the value, numerator and
	// denominator: for the rows of a window (compute, the breakdowns) and
	// for the sums of its months (the series).
	finish func(c *compiled, w windowTotals, s scope) (val, num, den *float64)
	// byMonth tells whether a window's totals are the sums of its
	// months' (monthAcc); addMonth then gives a passing row to its month.
	// nil: the value is always computed from the window's rows.
	byMonth  func(c *compiled) bool
	addMonth func(c *compiled, acc *monthAcc, cols [2]arrow.Array, t *table, i int)
	// value, when set, computes the measure its own way instead of from
	// the window's rows (kostra), for the total and the breakdowns.
	value func(c *compiled, ref *pipeline.Reference, t *table, m int, s scope) (val, num, den *float64, note *pipeline.Note)
	// describe puts the measure into words.
	describe func(c *compiled, tr func(nb, en string) string) string
}

// measureTypes is the registry of measure types, in the order a measure's
// text is tried: the aggregates last, as what is left.
var measureTypes = []*measureType{ratioMeasure, shareMeasure, coverageMeasure, kostraMeasure, aggMeasure}

// windowAcc is what the rows of a window that pass the filter are given
// to: the measure's aggregates (over the columns cols), and the
// municipalities reached.
type windowAcc struct {
	a, b    accumulator
	cols    [2]arrow.Array
	reached map[string]bool
}

// windowTotals are what the rows of a window in scope add up to: how many
// there are and pass the filter, the aggregates' values (ok: there is
// one), the municipalities reached or distinct values, and how many
// passing rows lacked a value the measure reads (left out of it).
type windowTotals struct {
	rows, passing float64
	a, b          float64
	aOK, bOK      bool
	reached       map[string]bool
	missing       float64
	missingIn     [2]bool // which of the aggregates' fields the missing rows lacked
}

var aggMeasure = &measureType{
	name: "agg", syntax: "AGG", fallback: true,
	parse: func(c *compiled, text string) (bool, error) {
		var err error
		c.a, err = parseAgg(text, c.kind, c.t)
		return true, err
	},
	add: func(c *compiled, w *windowAcc, t *table, i int) bool {
		w.a.add(t, i)
		return c.a.knownAt(w.cols[0], i)
	},
	finish: func(_ *compiled, w windowTotals, _ scope) (val, num, den *float64) {
		if !w.aOK {
			return nil, nil, nil
		}
		return ptr(w.a), nil, nil
	},
	byMonth:  func(c *compiled) bool { return c.a.impl.months != notByMonth },
	addMonth: addAggsMonth,
	describe: func(c *compiled, tr func(nb, en string) string) string { return c.a.describe(tr, c.kind) },
}

var ratioRe = regexp.MustCompile(`^ratio\(\s*(.+?)\s*,\s*(.+?)\s*\)$`)

var ratioMeasure = &measureType{
	name: "ratio", syntax: "ratio(AGG, AGG)",
	parse: func(c *compiled, text string) (bool, error) {
		p := ratioRe.FindStringSubmatch(text)
		if p == nil {
			return false, nil
		}
		var err error
		if c.a, err = parseAgg(p[1], c.kind, c.t); err != nil {
			return true, fmt.Errorf(c.t("measure %q: teller: %v", "measure %q: numerator: %v"), text, err)
		}
		if c.b, err = parseAgg(p[2], c.kind, c.t); err != nil {
			return true, fmt.Errorf(c.t("measure %q: nevner: %v", "measure %q: denominator: %v"), text, err)
		}
		return true, nil
	},
	// A ratio reads the rows that have both its values: a row without
	// the numerator's value must not count in the denominator.
	add: func(c *compiled, w *windowAcc, t *table, i int) bool {
		if !c.a.knownAt(w.cols[0], i) || !c.b.knownAt(w.cols[1], i) {
			return false
		}
		w.a.add(t, i)
		w.b.add(t, i)
		return true
	},
	finish: func(c *compiled, w windowTotals, _ scope) (val, num, den *float64) {
		if !w.aOK || !w.bOK || w.b == 0 {
			return nil, ptrIf(w.a, w.aOK), ptrIf(w.b, w.bOK)
		}
		return ptr(w.a / w.b * c.scale), ptr(w.a), ptr(w.b)
	},
	byMonth:  func(c *compiled) bool { return c.a.impl.months == addMonths && c.b.impl.months == addMonths },
	addMonth: addAggsMonth,
	describe: func(c *compiled, tr func(nb, en string) string) string {
		s := c.a.describe(tr, c.kind) + " / " + c.b.describe(tr, c.kind)
		if c.scale != 1 {
			s += fmt.Sprintf(" × %g", c.scale)
		}
		return s
	},
}

var shareMeasure = &measureType{
	name: "share", syntax: "share",
	parse: func(c *compiled, text string) (bool, error) {
		if text != "share" {
			return false, nil
		}
		c.scale = 100
		return true, nil
	},
	finish: func(_ *compiled, w windowTotals, _ scope) (val, num, den *float64) {
		if w.rows == 0 {
			return nil, nil, nil
		}
		return ptr(w.passing / w.rows * 100), ptr(w.passing), ptr(w.rows)
	},
	byMonth:  func(*compiled) bool { return true },
	addMonth: func(*compiled, *monthAcc, [2]arrow.Array, *table, int) {},
	describe: func(_ *compiled, tr func(nb, en string) string) string {
		return tr("andel av radene som oppfyller utvalget × 100", "share of the rows that pass the filter × 100")
	},
}

var coverageMeasure = &measureType{
	name: "coverage", syntax: "coverage",
	parse: func(c *compiled, text string) (bool, error) {
		if text != "coverage" {
			return false, nil
		}
		c.scale = 100
		if _, ok := fieldOf(c.kind, pipeline.FieldKommunenr); !ok {
			return true, fmt.Errorf(c.t("measure coverage: source %s har ikke %s", "measure coverage: source %s has no %s"), c.kind.Name, pipeline.FieldKommunenr)
		}
		return true, nil
	},
	add: func(_ *compiled, w *windowAcc, t *table, i int) bool {
		if w.reached == nil {
			w.reached = map[string]bool{}
		}
		addStrings(w.reached, t.kommune, i)
		return true
	},
	finish: func(_ *compiled, w windowTotals, s scope) (val, num, den *float64) {
		if len(s.members) == 0 {
			return nil, nil, nil
		}
		n := 0
		for _, k := range s.members {
			if w.reached[k] {
				n++
			}
		}
		return ptr(100 * float64(n) / float64(len(s.members))), ptr(float64(n)), ptr(float64(len(s.members)))
	},
	byMonth: func(*compiled) bool { return true },
	addMonth: func(_ *compiled, acc *monthAcc, _ [2]arrow.Array, t *table, i int) {
		if acc.sets == nil {
			acc.sets = map[string]bool{}
		}
		addStrings(acc.sets, t.kommune, i)
	},
	describe: func(_ *compiled, tr func(nb, en string) string) string {
		return tr("ulike medlemskommuner nådd / medlemskommuner × 100", "distinct member municipalities reached / member municipalities × 100")
	},
}

// addAggsMonth gives a passing row to its month's sums and counts or, for
// distinct, its set of values. A ratio's row counts only with both its
// values, as in add; a lone sum counts the values it knows.
func addAggsMonth(c *compiled, acc *monthAcc, cols [2]arrow.Array, _ *table, i int) {
	if c.a.impl.months == unionMonths {
		if acc.sets == nil {
			acc.sets = map[string]bool{}
		}
		addStrings(acc.sets, cols[0], i)
		return
	}
	if c.b.impl != nil {
		aKnown, bKnown := c.a.knownAt(cols[0], i), c.b.knownAt(cols[1], i)
		if !aKnown || !bKnown {
			acc.missing++
			acc.missingIn[0], acc.missingIn[1] = acc.missingIn[0] || !aKnown, acc.missingIn[1] || !bKnown
			return
		}
	}
	acc.counted++
	if c.a.impl.field != noField {
		if x, ok := numberOf(cols[0], i); ok {
			acc.a += x
			acc.aKnown++
		} else {
			acc.missing++
			acc.missingIn[0] = true
		}
	}
	if c.b.impl != nil && c.b.impl.field != noField {
		if x, ok := numberOf(cols[1], i); ok {
			acc.b += x
		}
	}
}

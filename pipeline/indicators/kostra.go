package indicators

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"

	"kulturrapport/pipeline"
)

var kostraRe = regexp.MustCompile(`^kostra\(\s*([a-z_0-9]+)\s*,\s*([a-z_0-9]+)\s*\)$`)

// kostraMeasure is KOSTRA's share of two statistics fields, weighted over
// school years (see compiled.kostra): kostra(F, G).
var kostraMeasure = &measureType{
	name: "kostra", syntax: "kostra(FIELD, FIELD)",
	parse: func(c *compiled, text string) (bool, error) {
		p := kostraRe.FindStringSubmatch(text)
		if p == nil {
			return false, nil
		}
		if c.kind != pipeline.Statistics {
			return true, fmt.Errorf(c.t("measure %q: kostra trenger source statistikk", "measure %q: kostra needs source statistikk"), text)
		}
		c.scale = 100
		for _, f := range []string{p[1], p[2]} {
			if fd, ok := fieldOf(c.kind, f); !ok || !isNumeric(fd.Type) {
				return true, fmt.Errorf(c.t("measure %q: %q er ikke et tallfelt i statistikk", "measure %q: %q is not a number field of statistikk"), text, f)
			}
		}
		sum, _ := aggregateNamed("sum")
		c.a, c.b = agg{impl: sum, field: p[1]}, agg{impl: sum, field: p[2]}
		return true, nil
	},
	value: func(c *compiled, ref *pipeline.Reference, t *table, m int, s scope) (val, num, den *float64, note *pipeline.Note) {
		return c.kostra(ref, t, m, s)
	},
	describe: func(c *compiled, tr func(nb, en string) string) string {
		return fmt.Sprintf(tr("(7/12 × %s forrige skoleår + 5/12 × %s inneværende skoleår) / %s × 100, som KOSTRA", "(7/12 × %s previous school year + 5/12 × %s current school year) / %s × 100, as KOSTRA"), named(tr, c.a.field), named(tr, c.a.field), named(tr, c.b.field))
	},
}

// schoolYearAt is the school year current at the end of month m: one that
// starts in August, counted (as GSI counts) from 1 October.
func schoolYearAt(m int) int {
	year, month := m/12, m%12+1
	if month >= 10 {
		return year
	}
	return year - 1
}

// kostra computes KOSTRA's share: for each municipality in scope, take the
// latest school year known at month m (the current one or the one before:
// older figures are out of date), weight its numerator 5/12 and the
// numerator of the school year before it 7/12, over the denominator of the
// latest year; sum over municipalities, × 100. A municipality with only one
// school year uses it alone, and the result says so in its note.
func (c *compiled) kostra(ref *pipeline.Reference, t *table, m int, s scope) (val, num, den *float64, note *pipeline.Note) {
	cur := schoolYearAt(m)
	type yearVals struct{ num, den float64 }
	// latest two school years ≤ cur per municipality
	perKommune := map[string]map[int]yearVals{}
	start := t.cols[pipeline.FieldSchoolYearStart].(*array.Int32)
	numCol, denCol := t.cols[c.a.field], t.cols[c.b.field]
	for i := range t.rows {
		y := int(start.Value(i))
		if y > cur || !t.inScope(ref, i, s) || !c.passes(t, i) {
			continue
		}
		x, okX := numberOf(numCol, i)
		d, okD := numberOf(denCol, i)
		if !okX || !okD {
			continue
		}
		k := pipeline.StringAt(t.kommune, i)
		if perKommune[k] == nil {
			perKommune[k] = map[int]yearVals{}
		}
		perKommune[k][y] = yearVals{x, d}
	}
	if len(perKommune) == 0 {
		return nil, nil, nil, nil
	}
	keys := make([]string, 0, len(perKommune))
	for k := range perKommune {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sumNum, sumDen float64
	single, used := 0, 0
	for _, k := range keys {
		years := perKommune[k]
		// The latest school year known at m, and the one before it.
		last := -1
		for y := range years {
			last = max(last, y)
		}
		if last < cur-1 {
			continue // older than the previous school year: out of date
		}
		now := years[last]
		if prev, ok := years[last-1]; ok {
			sumNum += 7.0/12*prev.num + 5.0/12*now.num
		} else {
			sumNum += now.num
			single++
		}
		sumDen += now.den
		used++
	}
	if sumDen == 0 {
		return nil, nil, nil, nil
	}
	if single > 0 {
		note = &pipeline.Note{SingleYear: single, Used: used}
	}
	return ptr(sumNum / sumDen * 100), ptr(sumNum), ptr(sumDen), note
}

// published is SSB's own figure of the indicator for scope s at month m:
// the def's published field of each municipality's latest school year
// (the current one or the one before), weighted by the measure's
// denominator field as the value is; nil where SSB's files give none for
// some of the municipalities the value covers, and then, when they give it
// for others, the gap: how many lack it, and SSB's markers of theirs.
func (c *compiled) published(ref *pipeline.Reference, t *table, m int, s scope) (*float64, *pipeline.PublishedGap) {
	if c.def.Published == "" || t.kind != pipeline.Statistics || c.b.field == "" {
		return nil, nil
	}
	pub, weight := t.cols[c.def.Published], t.cols[c.b.field]
	start := t.cols[pipeline.FieldSchoolYearStart].(*array.Int32)
	if pub == nil || weight == nil {
		return nil, nil
	}
	markers := t.cols[pipeline.FieldSSBMarkers]
	marked := map[string]string{} // municipality → SSB's marker of the field, latest year
	cur := schoolYearAt(m)
	type latest struct {
		year   int
		pub, w float64
	}
	// SSB's figure stands beside the value only where it covers the same
	// municipalities: those with a denominator in the latest years.
	best, weighed := map[string]latest{}, map[string]bool{}
	for i := range t.rows {
		y := int(start.Value(i))
		if y > cur || y < cur-1 || !t.inScope(ref, i, s) {
			continue
		}
		k := pipeline.StringAt(t.kommune, i)
		p, okP := numberOf(pub, i)
		w, okW := numberOf(weight, i)
		if okW {
			weighed[k] = true
		}
		if !okP && markers != nil {
			if mk := markerOf(pipeline.StringAt(markers, i), c.def.Published); mk != "" {
				marked[k] = mk
			}
		}
		if !okP || !okW {
			continue
		}
		if b, ok := best[k]; !ok || y > b.year {
			best[k] = latest{y, p, w}
		}
	}
	if len(best) < len(weighed) {
		if len(best) == 0 {
			return nil, nil // no SSB figure here at all: nothing to miss
		}
		gap := &pipeline.PublishedGap{Missing: len(weighed) - len(best), Of: len(weighed)}
		for k := range weighed {
			if _, ok := best[k]; !ok && marked[k] != "" {
				if gap.Markers == nil {
					gap.Markers = map[string]int{}
				}
				gap.Markers[marked[k]]++
			}
		}
		return nil, gap
	}
	var sum, sumW float64
	for _, b := range best {
		sum += b.pub * b.w
		sumW += b.w
	}
	if sumW == 0 {
		return nil, nil
	}
	return ptr(sum / sumW), nil
}

// markerOf is SSB's marker of field in a row's ssb_merker
// («andel_6_15_ssb=:, venteliste_andel_ssb=..»), "" when it has none.
func markerOf(markers, field string) string {
	for _, part := range strings.Split(markers, ",") {
		if f, mk, ok := strings.Cut(strings.TrimSpace(part), "="); ok && f == field {
			return mk
		}
	}
	return ""
}

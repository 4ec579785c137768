package indicators

import (
	"strings"
	"testing"

	"kulturrapport/config"
	"kulturrapport/pipeline"
)

// TestEveryRegisteredMeasureCompilesAndReads: each aggregate alone and in
// a ratio, and each other measure type, compiles to its type and puts
// itself into words in both languages; a measure of no type names them.
func TestEveryRegisteredMeasureCompilesAndReads(t *testing.T) {
	var texts []string
	for _, a := range aggregates {
		text := a.name
		if a.field != noField {
			text += "(" + pipeline.FieldParticipants + ")"
		}
		texts = append(texts, text, "ratio("+text+", count)")
	}
	texts = append(texts, "share", "coverage")
	for _, text := range texts {
		c, err := compile(&config.Indicator{ID: "x", Source: pipeline.Activities.Name, Measure: text}, translator("en"))
		if err != nil {
			t.Errorf("%s: %v", text, err)
			continue
		}
		for _, lang := range []string{"nb", "en"} {
			d := c.typ.describe(c, func(nb, en string) string {
				if lang == "en" {
					return en
				}
				return nb
			})
			if d == "" || strings.ContainsAny(d, "{}%") {
				t.Errorf("%s (%s): described as %q", text, lang, d)
			}
		}
	}
	k, err := compile(&config.Indicator{ID: "k", Source: pipeline.Statistics.Name, Measure: "kostra(" + pipeline.FieldPupils + ", " + pipeline.FieldChildren615 + ")"}, translator("en"))
	if err != nil || k.typ != kostraMeasure {
		t.Errorf("kostra: %v", err)
	}
	_, err = compile(&config.Indicator{ID: "y", Source: pipeline.Activities.Name, Measure: "max(deltakere)"}, translator("en"))
	want := `measure: "max(deltakere)" is not count, sum(FIELD), distinct(FIELD), median(FIELD) or last(FIELD); or ratio(AGG, AGG), share, coverage, kostra(FIELD, FIELD)`
	if err == nil || err.Error() != want {
		t.Errorf("unknown measure: %v\nwant %s", err, want)
	}
}

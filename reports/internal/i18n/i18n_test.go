package i18n

import (
	"strings"
	"testing"

	"kulturrapport/config"
	"kulturrapport/pipeline"
)

func TestFormatNumber(t *testing.T) {
	for _, tc := range []struct {
		lang string
		v    float64
		d    int
		want string
	}{
		{"nb", 1234.5, 1, "1\u00a0234,5"},
		{"nb", 1234567, 0, "1\u00a0234\u00a0567"},
		{"nb", -12.26, 1, "−12,3"},
		{"en", 1234.5, 1, "1,234.5"},
		{"nb", 0, 0, "0"},
		{"nb", 82.9268, 0, "83"},
		// Halves away from zero, as the status and the charts round.
		{"nb", 20.5, 0, "21"},
		{"nb", 2.25, 1, "2,3"},
		{"nb", -20.5, 0, "−21"},
	} {
		if got := FormatNumber(tc.lang, tc.v, tc.d); got != tc.want {
			t.Errorf("FormatNumber(%s, %v, %d) = %q, want %q", tc.lang, tc.v, tc.d, got, tc.want)
		}
		// The chart draws the number the text prints.
		if got, want := FormatNumber(tc.lang, pipeline.Round(tc.v, tc.d), tc.d), FormatNumber(tc.lang, tc.v, tc.d); got != want {
			t.Errorf("chart value %q, text %q", got, want)
		}
	}
}

// TestFormatChangeSignIsTheRounded: a change that rounds to zero is ±0,
// whichever side of zero it lies on.
func TestFormatChangeSignIsTheRounded(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		d    int
		want string
	}{
		{0.02, 1, "±0,0"}, {-0.04, 1, "±0,0"}, {0.05, 1, "+0,1"}, {-1.26, 1, "−1,3"}, {0, 0, "±0"}, {3, 0, "+3"},
	} {
		if got := FormatChange("nb", &tc.v, tc.d, ""); got != tc.want {
			t.Errorf("FormatChange(%v, %d) = %q, want %q", tc.v, tc.d, got, tc.want)
		}
	}
}

// TestFilterReadsAsASentence: the method table writes a filter in words.
func TestFilterReadsAsASentence(t *testing.T) {
	for _, tc := range []struct {
		lang string
		f    map[string][]string
		want string
	}{
		{"nb", map[string][]string{"type": {"konferanse", "høring"}}, "Aktivitetstype er konferanse eller høring"},
		{"nb", map[string][]string{"goal": {"1.3"}, "type": {"prosjektmøte", "internasjonalt møte"}}, "Mål er 1.3, og aktivitetstype er prosjektmøte eller internasjonalt møte"},
		{"nb", map[string][]string{"fag": {">= 4"}}, "Antall fag ≥ 4"},
		{"en", map[string][]string{"level": {"nasjonal", "internasjonal"}}, "Level is «nasjonal» or «internasjonal»"},
		{"nb", nil, "–"},
	} {
		if got := Filter(tc.lang, tc.f); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.f, got, tc.want)
		}
	}
}

// TestPublishedGapSaysWhy: the note where SSB's figure is missing names
// how many municipalities lack it and what SSB marked, in both languages,
// in the right number.
func TestPublishedGapSaysWhy(t *testing.T) {
	for _, c := range []struct {
		lang string
		gap  pipeline.PublishedGap
		want string
	}{
		{"nb", pipeline.PublishedGap{Missing: 2, Of: 40, Markers: map[string]int{":": 1, "..": 1}}, "SSBs tall vises ikke: SSB oppgir det ikke for 2 av 40 kommuner (1 «..» ikke tilgjengelig, 1 «:» skjermet)."},
		{"nb", pipeline.PublishedGap{Missing: 1, Of: 1}, "SSBs tall vises ikke: SSB oppgir det ikke for 1 av 1 kommune."},
		{"en", pipeline.PublishedGap{Missing: 1, Of: 40, Markers: map[string]int{":": 1}}, "SSB's figure is not shown: SSB does not give it for 1 of 40 municipalities (1 «:» confidential)."},
	} {
		if got := PublishedGap(c.lang, &c.gap); got != c.want {
			t.Errorf("%s %+v:\n got %q\nwant %q", c.lang, c.gap, got, c.want)
		}
	}
}

// TestReasonCountsMissingReports: one missing report is said in the
// singular, more in the plural.
func TestReasonCountsMissingReports(t *testing.T) {
	ind := &pipeline.IndicatorResult{Def: &config.Indicator{Name: "Rapporteringsgrad"}}
	for _, c := range []struct {
		lang    string
		missing int
		want    string
	}{
		{"nb", 1, "; 1 forventet rapport i perioden mangler."},
		{"nb", 3, "; 3 forventede rapporter i perioden mangler."},
		{"en", 1, "; 1 expected report of the period is missing."},
		{"en", 3, "; 3 expected reports of the period are missing."},
	} {
		if got := Reason(c.lang, ind, pipeline.Attention{MissingReports: c.missing}); !strings.HasSuffix(got, c.want) {
			t.Errorf("%s, %d missing: %q, want it to end %q", c.lang, c.missing, got, c.want)
		}
	}
}

// TestNoteAgreesWithItsCount: «1 of 41 municipalities has figures», «for
// den» in Norwegian; more take the plural.
func TestNoteAgreesWithItsCount(t *testing.T) {
	for _, c := range []struct {
		lang string
		note pipeline.Note
		want string
	}{
		{"en", pipeline.Note{Reporting: 1, Members: 41, Absent: []string{"Drammen"}}, "1 of 41 municipalities has figures; no figures: Drammen."},
		{"en", pipeline.Note{Reporting: 40, Members: 41, Absent: []string{"Siljan"}}, "40 of 41 municipalities have figures; no figures: Siljan."},
		{"en", pipeline.Note{SingleYear: 1, Used: 12}, "1 of 12 municipalities has only one school year; for it that year is used alone."},
		{"nb", pipeline.Note{SingleYear: 1, Used: 12}, "1 av 12 kommuner har bare ett skoleår; for den brukes det alene."},
		{"nb", pipeline.Note{SingleYear: 2, Used: 12}, "2 av 12 kommuner har bare ett skoleår; for dem brukes det alene."},
	} {
		if got := Note(c.lang, &c.note); got != c.want {
			t.Errorf("%s %+v:\n got %q\nwant %q", c.lang, c.note, got, c.want)
		}
	}
}

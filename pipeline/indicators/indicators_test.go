package indicators

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/config"
	"kulturrapport/pipeline"
)

// evalFixture runs the tiny world of testdata/indicators for a period.
func evalFixture(t *testing.T, period string) map[string]*pipeline.IndicatorResult {
	t.Helper()
	dir := filepath.Join("..", "..", "testdata", "indicators")
	cfg, err := config.Load(filepath.Join(dir, "config.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	m, err := pipeline.ParseMonth(period)
	if err != nil {
		t.Fatal(err)
	}
	res := runTest(t, cfg, m, mem, dir)
	if res.rowsRejected() != 0 {
		t.Fatalf("fixture rows rejected: %+v", res.Data.Files)
	}
	out := map[string]*pipeline.IndicatorResult{}
	for _, r := range res.Indicators {
		out[r.ID] = r
	}
	return out
}

func approx(t *testing.T, what string, got *float64, want float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: no value, want %.6g", what, want)
		return
	}
	if math.Abs(*got-want) > 1e-9*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.10g, want %.10g", what, *got, want)
	}
}

// The window of 3 months ending 2026-02 holds December, January and
// February: rows B–G of aktiviteter.csv (A, in November, is outside). The
// window crosses the turn of the year.
func TestMeasureKindsByHand(t *testing.T) {
	r := evalFixture(t, "2026-02")

	approx(t, "count", r["count"].Value, 6) // B C D E F G
	// B 5 + C 100 + D 7 + F 3 + G 40 (E has no participants)
	approx(t, "sum", r["sum"].Value, 155)
	// 3301 (B), 3303 (C, F), 3901 (D, G); E has no kommunenr
	approx(t, "distinct", r["distinct"].Value, 3)
	// 3 5 7 40 100 → 7
	approx(t, "median", r["median"].Value, 7)
	// visits: 3301 (B), 3901 (D), 3303 (F) of the 4 members → 3/4
	approx(t, "coverage", r["coverage"].Value, 75)
	approx(t, "coverage numerator", r["coverage"].Numerator, 3)
	approx(t, "coverage denominator", r["coverage"].Denominator, 4)
	// conferences C and G of the 6 rows
	approx(t, "share", r["share"].Value, 100*2.0/6)
	// 155 participants / the 5 rows that say how many (E does not: it
	// counts in neither), and the note says so
	approx(t, "ratio", r["ratio"].Value, 155.0/5)
	approx(t, "ratio numerator", r["ratio"].Numerator, 155)
	approx(t, "ratio denominator", r["ratio"].Denominator, 5)
	if n := r["ratio"].Note; n == nil || n.RowsMissing != 1 || !slices.Equal(n.MissingFields, []string{"deltakere"}) {
		t.Errorf("ratio note %+v: one row without deltakere", n)
	}
	// January only: D and E
	approx(t, "date filter", r["dates"].Value, 2)
	// participants ≥ 10: C 100, G 40
	approx(t, "number filter", r["big"].Value, 2)

	// Change since last month: the window ending January holds A–E, 5 rows.
	approx(t, "count change month", r["count"].ChangeMonth, 6-5)
	// A year before, nothing was reported: no value, no change.
	if r["count"].ChangeYear != nil {
		t.Errorf("change since last year = %v, want none", *r["count"].ChangeYear)
	}
	for _, p := range r["count"].Series {
		if p.Period < pipeline.MonthFor(2025, 11) && p.Value != nil {
			t.Errorf("series %s = %v before any data", p.Period, *p.Value)
		}
	}

	// Coverage by county: Buskerud 3301, 3303 both visited; Vestfold 3901
	// visited; Telemark 4001 not: 0 %, not "no data" (the region reported).
	want := map[string]float64{"Buskerud": 100, "Telemark": 0, "Vestfold": 100}
	for _, g := range r["coverage"].Counties {
		approx(t, "coverage in "+g.Key, g.Value, want[g.Key])
	}
	if g := r["coverage"].Municipalities[3]; g.Key != "4001" || g.Value == nil || *g.Value != 0 {
		t.Errorf("Porsgrunn: %+v", g)
	}

	// Projects: Alfa December 10 + January 20, Beta February 5.
	approx(t, "projects sum", r["p-sum"].Value, 35)
	// 3301 and 3303 from Alfa; Beta gives a count, not numbers.
	approx(t, "projects distinct", r["p-distinct"].Value, 2)
	// latest per project: Alfa January 500 / 1000, Beta 600 / 3000
	approx(t, "budget used", r["p-budget"].Value, (500.0+600)/(1000+3000)*100)

	// Reporting: BTV's logs for December, January, February all came (3 of
	// 3); Alfa December–February came in December and January (2 of 3);
	// Beta January–February came in February (1 of 2): 6 of 8.
	approx(t, "reporting rate", r["reporting"].Value, 100*6.0/8)
	approx(t, "reporting numerator", r["reporting"].Numerator, 6)
	approx(t, "reporting denominator", r["reporting"].Denominator, 8)
}

// February 2026 falls in school year 2025/2026.
func TestKostraByHand(t *testing.T) {
	r := evalFixture(t, "2026-02")
	// 3301: 7/12 × 100 (2024/25) + 5/12 × 124 (2025/26) = 110, over 1000
	// 3303: only 2025/26: 60, over 400
	// 3901: only 2024/25 (the year before is still current enough): 40, over 500
	// (110 + 60 + 40) / (1000 + 400 + 500) × 100
	approx(t, "kostra", r["kostra"].Value, 210.0/1900*100)
	approx(t, "kostra numerator", r["kostra"].Numerator, 210)
	approx(t, "kostra denominator", r["kostra"].Denominator, 1900)
	if n := r["kostra"].Note; n == nil || !reflect.DeepEqual(*n, pipeline.Note{SingleYear: 2, Used: 3}) {
		t.Errorf("note %+v: two of three municipalities have one school year", n)
	}
	// Latest school year per municipality: 10 + 20 + 5 on the waiting list,
	// over 1000 + 400 + 500 children.
	approx(t, "waiting per 100", r["waiting"].Value, 35.0/1900*100)
	// Fees 3200, 2800, 3500 → 3200
	approx(t, "median fee", r["fee"].Value, 3200)
	// At least 4 subjects: 3301 (5) and 3901 (4), not 3303 (3)
	approx(t, "subjects", r["subjects"].Value, 200.0/3)
	// Per municipality: 3301's own share, (110 / 1000) × 100.
	approx(t, "kostra in Drammen", r["kostra"].Municipalities[0].Value, 11)
	if g := r["kostra"].Municipalities[3]; g.Value != nil {
		t.Errorf("Porsgrunn sent no statistics: %v, want no data", *g.Value)
	}
}

func TestEmptyPeriodIsNoData(t *testing.T) {
	r := evalFixture(t, "2027-06")
	for _, id := range []string{"count", "sum", "coverage", "share", "ratio", "median"} {
		if r[id].Value != nil || r[id].Status != pipeline.NoData {
			t.Errorf("%s: value %v, status %s; want no data", id, *r[id].Value, r[id].Status)
		}
	}
}

func TestGrowthRatio(t *testing.T) {
	// 10 → 12 in 2 years, toward 20 in 10 years:
	// observed (12/10)^(1/2) − 1 = 0.0954451, required 2^(1/10) − 1 = 0.0717735
	got, ok := growthRatio(10, 12, 20, 2, 10, 1)
	want := (math.Sqrt(1.2) - 1) / (math.Pow(2, 0.1) - 1)
	if !ok || math.Abs(got-want) > 1e-12 || got < progressHigh {
		t.Errorf("growthRatio = %v, want %v (on track)", got, want)
	}
	// falling while higher is better: deterioration
	if got, _ := growthRatio(10, 9, 20, 2, 10, 1); got >= 0 {
		t.Errorf("falling: %v, want < 0", got)
	}
	// lower is better: 10 → 9 toward 5 in 10 years; required 0.5^(0.1) − 1 < 0
	got, _ = growthRatio(10, 9, 5, 2, 10, -1)
	want = -((math.Sqrt(0.9) - 1) / math.Abs(math.Pow(0.5, 0.1)-1))
	if math.Abs(got-want) > 1e-12 || got <= 0 {
		t.Errorf("lower is better: %v, want %v", got, want)
	}
}

func TestGradeProgress(t *testing.T) {
	for ratio, want := range map[float64]string{
		1.4: pipeline.ProgressOnTrack, 0.95: pipeline.ProgressOnTrack, 0.9499: pipeline.ProgressModerate, 0.6: pipeline.ProgressModerate,
		0.5999: pipeline.ProgressLimited, 0: pipeline.ProgressLimited, -0.0001: pipeline.ProgressDeterioration,
	} {
		if got := gradeProgress(ratio); got != want {
			t.Errorf("gradeProgress(%v) = %s, want %s", ratio, got, want)
		}
	}
}

// The sample's KOSTRA share has a base year (2022) and a target year
// (2030): its progress is graded.
func TestSampleProgress(t *testing.T) {
	cfg, err := config.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	res := runTest(t, cfg, pipeline.MonthFor(2026, 10), nil, filepath.Join("..", "..", "testdata", "sample", "kulturskolestatistikk-btv.xlsx"))
	for _, r := range res.Indicators {
		if r.ID != "kostra-andel-barn" {
			continue
		}
		p := r.Progress
		if p == nil || p.BaseValue == nil || p.Ratio == nil {
			t.Fatalf("progress %+v", p)
		}
		// Recompute from the base value: December 2022 to October 2026 is
		// 46 months; 2022 to 2030 is 8 years.
		want, _ := growthRatio(*p.BaseValue, *r.Value, *r.Target, 46.0/12, 8, 1)
		if math.Abs(*p.Ratio-want) > 1e-12 || p.Status != gradeProgress(want) {
			t.Errorf("ratio %v status %s; want %v %s", *p.Ratio, p.Status, want, gradeProgress(want))
		}
		return
	}
	t.Fatal("kostra-andel-barn not evaluated")
}

// A definition that does not fit its table is a config error naming the
// indicator and the field.
func TestCompileErrorsNameIndicatorAndField(t *testing.T) {
	cfg, err := config.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Indicators = []config.Indicator{
		{ID: "a", Goal: "1.1", Name: "a", Source: "aktiviteter", Measure: "sum(deltagere)", Window: 1},
		{ID: "b", Goal: "1.1", Name: "b", Source: "aktiviteter", Measure: "median(tittel)", Window: 1},
		{ID: "c", Goal: "1.1", Name: "c", Source: "aktivitet", Measure: "count", Window: 1},
		{ID: "d", Goal: "1.1", Name: "d", Source: "aktiviteter", Measure: "count", Window: 1, Filter: map[string][]string{"fylke": {"x"}}},
		{ID: "e", Goal: "1.1", Name: "e", Source: "statistikk", Measure: "ratio(sum(elever), avg(barn_6_15))", Window: 1},
		{ID: "f", Goal: "1.1", Name: "f", Source: "statistikk", Measure: "count", Window: 1, Filter: map[string][]string{"fag": {"mange"}}},
	}
	for lang, wants := range map[string][]string{
		"nb": {
			`ugyldig konfigurasjon: indikator "a": measure: source aktiviteter har ikke feltet "deltagere"`,
			`indikator "e": measure "ratio(sum(elever), avg(barn_6_15))": nevner`,
			`indikator "f": filter fag: "mange" er ikke en sammenligning`,
		},
		"en": {
			`invalid config: indicator "a": measure: source aktiviteter has no field "deltagere"`,
			`"b": measure: field "tittel" is not a number`,
			`"c": source "aktivitet"`,
			`"d": filter fylke: source aktiviteter has no field "fylke"`,
			`"e": measure "ratio(sum(elever), avg(barn_6_15))": denominator`,
			`"f": filter fag: "mange" is not a comparison`,
		},
	} {
		cfg.Lang = lang
		_, err = CompileCatalog(cfg)
		if !errors.Is(err, pipeline.ErrConfig) {
			t.Fatalf("%s: error %v is not ErrConfig", lang, err)
		}
		for _, want := range wants {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error lacks %q:\n%v", want, err)
			}
		}
	}
}

// TestMissingIsNotZero: statistics without the column "Venteliste 6–15 år"
// give the waiting-list ratio no value (not 0 per 100, graded), with a
// note naming the field; with the column, the note names the member
// municipality that sent no figures.
func TestMissingIsNotZero(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "indicators")
	cfg, err := config.Load(filepath.Join(dir, "config.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	period := pipeline.MonthFor(2026, 2)
	waiting := func(r *evaluated) *pipeline.IndicatorResult {
		for _, ind := range r.Indicators {
			if ind.ID == "waiting" {
				return ind
			}
		}
		t.Fatal("no indicator waiting")
		return nil
	}
	w := waiting(runTest(t, cfg, period, nil, filepath.Join(dir, "statistikk.csv")))
	if w.Value == nil || w.Note == nil || w.Note.Members != 4 || w.Note.Reporting != 3 || !slices.Equal(w.Note.Absent, []string{"Porsgrunn"}) {
		t.Errorf("with the column: value %v, note %+v; want a value, 3 of 4 municipalities, Porsgrunn absent", w.Value, w.Note)
	}

	b, err := os.ReadFile(filepath.Join(dir, "statistikk.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		cells := strings.Split(line, ";")
		out = append(out, strings.Join(append(cells[:6:6], cells[7:]...), ";")) // drop "Venteliste 6–15 år"
	}
	without := filepath.Join(t.TempDir(), "statistikk.csv")
	if err := os.WriteFile(without, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w = waiting(runTest(t, cfg, period, nil, without))
	if w.Value != nil || w.Status != pipeline.NoData {
		t.Errorf("without the column: value %v, status %s; want no value, no data", *w.Value, w.Status)
	}
	if w.Note == nil || w.Note.RowsMissing == 0 || !slices.Equal(w.Note.MissingFields, []string{pipeline.FieldWaiting615}) {
		t.Errorf("without the column: note %+v; want rows missing %s", w.Note, pipeline.FieldWaiting615)
	}
}

// TestNoChangeAcrossTheDataStart: the fixture's activities begin in
// November 2025. In February 2026 the 3-month window of last month
// (Nov–Jan) lies within the data and has its change. In January 2026 last
// month's (Oct–Dec) begins before the data: its value, from two months,
// would make a jump that is the data's start, not the work; the change is
// not shown and the note says from when the data are.
func TestNoChangeAcrossTheDataStart(t *testing.T) {
	feb := evalFixture(t, "2026-02")["count"]
	if feb.ChangeMonth == nil || feb.Note != nil {
		t.Errorf("February: change %v, note %+v; want a change and no note", feb.ChangeMonth, feb.Note)
	}
	jan := evalFixture(t, "2026-01")["count"]
	if jan.ChangeMonth != nil {
		t.Errorf("January: change since last month %v, want none", *jan.ChangeMonth)
	}
	if jan.Note == nil || jan.Note.DataFrom != pipeline.MonthFor(2025, 11) {
		t.Errorf("January: note %+v, want data from 2025-11", jan.Note)
	}
}

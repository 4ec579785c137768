package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func TestDefaultCarriesTheWholeStrategy(t *testing.T) {
	c, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(c.Areas), 3; got != want {
		t.Errorf("areas: got %d, want %d", got, want)
	}
	national := 0
	for _, a := range c.Areas {
		for _, g := range a.Goals {
			if g.Region == "" {
				national++
			}
		}
	}
	if national != 10 {
		t.Errorf("national goals: got %d, want 10", national)
	}
	// Measures per goal as the seed's three tables list them (national, regional).
	want := map[string][2]int{
		"1.1": {5, 7}, "1.2": {3, 4}, "1.3": {3, 4}, "1.4": {0, 2},
		"2.1": {7, 4}, "2.2": {2, 1}, "2.3": {2, 2},
		"3.1": {3, 3}, "3.2": {3, 2}, "3.3": {2, 0},
	}
	for code, w := range want {
		g, _, ok := c.Goal(code)
		if !ok {
			t.Errorf("goal %s missing", code)
			continue
		}
		var n, r int
		for _, m := range g.Measures {
			if m.Region == "" {
				n++
			} else {
				r++
			}
		}
		if n != w[0] || r != w[1] {
			t.Errorf("goal %s: %d national and %d regional measures, want %d and %d", code, n, r, w[0], w[1])
		}
	}
	for _, code := range []string{"BTV.1", "BTV.2"} {
		if g, _, ok := c.Goal(code); !ok || g.Region != "BTV" {
			t.Errorf("regional goal %s missing", code)
		}
	}
	if got := len(c.Regions[0].Municipalities); got != 41 {
		t.Errorf("BTV municipalities: got %d, want 41", got)
	}
	covered := map[string]bool{}
	for _, ind := range c.Indicators {
		covered[ind.Goal] = true
	}
	for code := range want {
		if !covered[code] {
			t.Errorf("no indicator for goal %s", code)
		}
	}
}

func TestSeedMeasuresAreTranscribed(t *testing.T) {
	// A copy of the strategy (shared/seed/strategi-2020.txt of the
	// project's brief), kept in the repository so that the test runs
	// wherever it is checked out.
	seed, err := os.ReadFile(filepath.Join("..", "testdata", "strategi-2020.txt"))
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(seed)), " ")
	c, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range c.AllMeasures() {
		// The seed breaks words over lines; compare the first words.
		words := strings.Fields(m.Text)
		if len(words) > 4 {
			words = words[:4]
		}
		if !strings.Contains(flat, strings.Join(words, " ")) {
			t.Errorf("measure %s: %q not found in the seed", m.Code, strings.Join(words, " "))
		}
	}
}

func TestUnknownKeyIsNamed(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "c.yaml")
	os.WriteFile(p, []byte("perod: 2026-10\nlimits:\n  max_fiel_mb: 3\n"), 0o644)
	_, err := Load(p, nil)
	if err == nil {
		t.Fatal("no error for unknown keys")
	}
	for _, want := range []string{`"perod"`, `"limits.max_fiel_mb"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

// TestValueErrorsNamed: a value that is not of its key's type is named
// with its key, its value and what it must be, every one of them, in the
// config's language (mapstructure's own words were «cannot parse value as
// 'float64': strconv.ParseFloat: invalid syntax», the first only).
func TestValueErrorsNamed(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, []byte("outputs: {pdf: kanskje}\nlimits: {max_file_mb: mye}\nindicators:\n  - id: profil-konferanser\n    region_targets: {BTV: 12 stk}\n"), 0o644)
	_, err := Load(p, nil)
	want := []string{"indicators[0].region_targets[btv]: «12 stk» er ikke et tall (med punktum som desimaltegn: 12.5)",
		"limits.max_file_mb: «mye» er ikke et helt tall", "outputs.pdf: «kanskje» er ikke ja eller nei (true/false)"}
	if err == nil || !strings.HasSuffix(err.Error(), ": "+strings.Join(want, "; ")) {
		t.Errorf("error %v, want it to end\n%s", err, strings.Join(want, "; "))
	}
	os.WriteFile(p, []byte("lang: en\noutputs: {pdf: kanskje}\n"), 0o644)
	if _, err := Load(p, nil); err == nil || !strings.HasSuffix(err.Error(), "outputs.pdf: «kanskje» is not yes or no (true/false)") {
		t.Errorf("in English: %v", err)
	}
}

// TestYesAndNo: a setting that is true or false takes ja and nei (and
// yes, no, on, off), in a file or from the environment.
func TestYesAndNo(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, []byte("outputs: {pdf: ja, per_region: Nei}\n"), 0o644)
	c, err := Load(p, nil)
	if err != nil || !c.Outputs.PDF || c.Outputs.PerRegion {
		t.Fatalf("ja, nei: %+v, %v", c, err)
	}
	t.Setenv("KULTURRAPPORT_OUTPUTS_PDF", "nei")
	if c, err = Load(p, nil); err != nil || c.Outputs.PDF {
		t.Errorf("KULTURRAPPORT_OUTPUTS_PDF=nei: %v, %v", c.Outputs.PDF, err)
	}
}

// TestDefaultRenamesOfLeftOutMembers: a file that keeps the default's
// region but fewer of its municipalities is told that the renames are the
// default's, and how to drop them.
func TestDefaultRenamesOfLeftOutMembers(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, []byte("regions:\n  - code: BTV\n    name: Buskerud\n    municipalities:\n      - {code: \"3301\", name: Drammen}\n"), 0o644)
	_, err := Load(p, nil)
	if err == nil || !strings.Contains(err.Error(), "omnummereringene er standardoppsettets: skriv municipality_renames: {} for å ta dem bort") {
		t.Errorf("error %v, want the hint", err)
	}
	os.WriteFile(p, []byte("regions:\n  - code: BTV\n    name: Buskerud\n    municipalities:\n      - {code: \"3301\", name: Drammen}\nmunicipality_renames: {}\nmunicipality_splits: {}\n"), 0o644)
	if _, err := Load(p, nil); err != nil {
		t.Errorf("with the renames dropped: %v", err)
	}
}

func TestIndicatorErrorNamesIndicator(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "c.yaml")
	ind := `indicators:
  - id: x1
    goal: "9.9"
    name: X
    source: aktiviteter
    measure: count
    window: 0
`
	for lang, wants := range map[string][]string{
		"nb": {`ugyldig konfigurasjon: indikator "x1": goal "9.9" er ikke et mål`, `indikator "x1": window må være`},
		"en": {`invalid config: indicator "x1": goal "9.9" is not a goal`, `indicator "x1": window must be`},
	} {
		os.WriteFile(p, []byte("lang: "+lang+"\n"+ind), 0o644)
		_, err := Load(p, nil)
		if !errors.Is(err, ErrInvalid) {
			t.Fatalf("%s: error %v is not ErrInvalid", lang, err)
		}
		for _, want := range wants {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q lacks %q", err, want)
			}
		}
	}
}

// TestRegionsReplacedSaidOnce: a file whose regions leave out the
// default's BTV leaves the default's measures, goals, renames and
// completeness settings naming it. That is one error for the region and
// one for the renames, each saying that the file's regions replaced the
// default's, not an error for each of the ~80 places.
func TestRegionsReplacedSaidOnce(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "c.yaml")
	os.WriteFile(p, []byte("lang: en\nregions:\n  - {code: R01, name: Region 1, municipalities: [{code: \"1001\", name: K}]}\n"), 0o644)
	_, err := Load(p, nil)
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("error %v is not ErrInvalid", err)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2 (the region, the renames):\n%s", len(lines), err)
	}
	for i, want := range []string{`municipality_renames: 41 renames lead to a kommunenummer that is not a member municipality: 3005 → 3301, 3006 → 3303, 3007 → 3305 and 38 more`,
		`invalid config: unknown region "BTV", named in `} {
		if !strings.Contains(lines[i], want) || !strings.Contains(lines[i], "a config file's regions replace the default's whole list (its regions are BTV)") {
			t.Errorf("line %d: %q lacks %q and the hint", i+1, lines[i], want)
		}
	}
	// A region named once, in a file that keeps the default's regions:
	// its place, and no hint.
	os.WriteFile(p, []byte("completeness: {regions: [NORD]}\n"), 0o644)
	_, err = Load(p, nil)
	if want := `ugyldig konfigurasjon: completeness.regions: ukjent region "NORD"`; err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("error %v, want it to end %q", err, want)
	}
}

func TestPrecedence(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "c.yaml")
	os.WriteFile(p, []byte("period: 2025-01\nout: fromfile\nlang: en\n"), 0o644)

	c, err := Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Period != "2025-01" || c.Out != "fromfile" || c.Lang != "en" {
		t.Errorf("file: got %q %q %q", c.Period, c.Out, c.Lang)
	}

	t.Setenv("KULTURRAPPORT_PERIOD", "2025-02")
	t.Setenv("KULTURRAPPORT_OUT", "fromenv")
	c, err = Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Period != "2025-02" || c.Out != "fromenv" || c.Lang != "en" {
		t.Errorf("env over file: got %q %q %q", c.Period, c.Out, c.Lang)
	}

	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.String("period", "", "")
	fs.String("out", "", "")
	fs.Parse([]string{"--period", "2025-03"})
	c, err = Load(p, fs)
	if err != nil {
		t.Fatal(err)
	}
	if c.Period != "2025-03" || c.Out != "fromenv" {
		t.Errorf("flag over env: got %q %q (unset flag must not win)", c.Period, c.Out)
	}
}

func TestResolvePeriod(t *testing.T) {
	c := &Config{}
	for _, tc := range []struct{ now, want string }{
		{"2026-11-25", "2026-10"},
		{"2026-01-01", "2025-12"},
		{"2026-03-31", "2026-02"},
	} {
		now, _ := time.Parse("2006-01-02", tc.now)
		if got := c.ResolvePeriod(now); got != tc.want {
			t.Errorf("ResolvePeriod(%s) = %s, want %s", tc.now, got, tc.want)
		}
	}
	// In the time zone of now: 00:30 in Oslo on 1 November is still 31
	// October in UTC, and the month that just ended in Oslo is October.
	oslo := time.FixedZone("CET", 3600)
	if got := c.ResolvePeriod(time.Date(2026, 11, 1, 0, 30, 0, 0, oslo)); got != "2026-10" {
		t.Errorf("ResolvePeriod at 00:30 on 1 November in Oslo = %s, want 2026-10", got)
	}
}

func TestUnknownEnv(t *testing.T) {
	got := UnknownEnv([]string{"KULTURRAPPORT_PERIOD=2026-10", "KULTURRAPPORT_LIMITS_MAX_FILE_MB=10", "KULTURRAPPORT_PERIDO=x",
		"KULTURRAPPORT_CONFIG=a.yaml", "KULTURRAPPORT_BENCH_CORPUS=/tmp", "HOME=/root", "KULTURRAPPORT_LIMIT_MAX_FILE_MB=3"})
	if want := "[KULTURRAPPORT_LIMIT_MAX_FILE_MB KULTURRAPPORT_PERIDO]"; fmt.Sprint(got) != want {
		t.Errorf("UnknownEnv = %v, want %s", got, want)
	}
}

// TestDefaultAsAFileIsTheDefault: the default config given as a file goes
// through the merge (a tree handed to viper) and must come out as the
// default read on its own does (YAML read by viper), field for field.
func TestDefaultAsAFileIsTheDefault(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, DefaultYAML(), 0o644)
	fromFile, err := Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	def, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromFile, def) {
		t.Errorf("the default given as a file differs from the default:\n%+v\n%+v", fromFile, def)
	}
	if got := UnknownEnv([]string{"HOME=/root", "KULTURRAPPORT_CONFIG=c.yaml", "KULTURRAPPORT_CHROMIUM=/usr/bin/chromium"}); got != nil {
		t.Errorf("UnknownEnv without config variables = %v, want none", got)
	}
}

func TestFileMergesSettingsAndReplacesData(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "c.yaml")
	os.WriteFile(p, []byte("limits: {max_file_mb: 7}\nmunicipality_renames: {\"3005\": \"3301\"}\n"), 0o644)
	c, err := Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Limits.MaxFileMB != 7 || c.Limits.MaxUnzippedMB != 1024 || c.Limits.HeaderSearchRows != 20 {
		t.Errorf("limits merged key by key: %+v", c.Limits)
	}
	if len(c.MunicipalityRenames) != 1 {
		t.Errorf("municipality_renames replaced: %d entries, want 1", len(c.MunicipalityRenames))
	}
	if len(c.Areas) != 3 {
		t.Errorf("areas kept from the default: %d", len(c.Areas))
	}
}

// TestActivityTypeAliases: a word for a type must lead to one of the
// activity types, and may not be one itself; as written it loads.
func TestActivityTypeAliases(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, []byte("activity_type_aliases: {Webinar: Kurs, nettmøte: prosjektmøte}\n"), 0o644)
	cfg, err := Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.ActivityTypeAliases["webinar"]; got != "Kurs" {
		t.Errorf("webinar → %q, want Kurs (%v)", got, cfg.ActivityTypeAliases)
	}
	for yaml, want := range map[string]string{
		"activity_type_aliases: {webinar: workshop}\n": `activity_type_aliases: webinar → "workshop": ingen aktivitetstype (activity_types: kommunebesøk, konferanse,`,
		"activity_type_aliases: {Kurs: annet}\n":       `activity_type_aliases: "kurs" er selv en aktivitetstype`,
	} {
		os.WriteFile(p, []byte(yaml), 0o644)
		if _, err := Load(p, nil); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", strings.TrimSpace(yaml), err, want)
		}
	}
}

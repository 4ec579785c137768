package config

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
)

var (
	periodRe  = regexp.MustCompile(`^20\d{2}-(0[1-9]|1[0-2])$`)
	kommuneRe = regexp.MustCompile(`^\d{4}$`)
	idRe      = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
)

// ValidPeriod reports whether p is a reporting month, YYYY-MM, in
// 2000–2099: the years the inputs' dates may have.
func ValidPeriod(p string) bool { return periodRe.MatchString(p) }

// Validate checks the configuration for errors a run cannot recover from.
// Every error names the key, and for indicators the indicator's id; the
// messages are in the config's language (Norwegian unless lang is en).
// A region that is not among the regions is one error however many
// measures, goals and settings name it, and says why when the file's own
// regions have replaced the default's.
func (c *Config) Validate() error {
	t := func(nb, en string) string { return tr(c.Lang, nb, en) }
	var errs []error
	bad := func(nb, en string, args ...any) { errs = append(errs, Invalidf(c.Lang, nb, en, args...)) }
	if c.Period != "" && !periodRe.MatchString(c.Period) {
		bad("period %q: skriv ÅÅÅÅ-MM i 2000–2099, f.eks. 2026-10", "period %q: want YYYY-MM in 2000–2099, e.g. 2026-10", c.Period)
	}
	if c.Lang != "nb" && c.Lang != "en" {
		bad("lang %q: skriv nb eller en", "lang %q: want nb or en", c.Lang)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("log_format %q: skriv text eller json", "log_format %q: want text or json", c.LogFormat)
	}
	if c.Out == "" {
		bad("out er tom", "out is empty")
	}
	if c.Outputs.PDFTimeout <= 0 {
		bad("outputs: pdf_timeout må være et positivt antall sekunder", "outputs: pdf_timeout must be a positive number of seconds")
	}
	if c.Limits.MaxFileMB <= 0 || c.Limits.MaxUnzippedMB <= 0 {
		bad("limits: max_file_mb og max_unzipped_mb må være positive", "limits: max_file_mb and max_unzipped_mb must be positive")
	}
	if c.Limits.HeaderSearchRows <= 0 {
		bad("limits.header_search_rows må være positiv", "limits.header_search_rows must be positive")
	}

	regions := map[string]bool{}
	munis := map[string]string{}
	for i, r := range c.Regions {
		if r.Code == "" {
			bad("regions[%d]: code er tom", "regions[%d]: code is empty", i)
		}
		if regions[r.Code] {
			bad("regions[%d]: regionen %q er definert to ganger", "regions[%d]: region %q defined twice", i, r.Code)
		}
		regions[r.Code] = true
		for j, m := range r.Municipalities {
			if !kommuneRe.MatchString(m.Code) {
				bad("regions[%d].municipalities[%d]: kommunenummer %q er ikke fire sifre", "regions[%d].municipalities[%d]: kommunenummer %q is not 4 digits", i, j, m.Code)
			}
			if other, ok := munis[m.Code]; ok {
				bad("regions[%d].municipalities[%d]: kommunenummer %s er også i region %s", "regions[%d].municipalities[%d]: kommunenummer %s is also in region %s", i, j, m.Code, other)
			}
			munis[m.Code] = r.Code
		}
	}
	// A region named but not defined is said once, with the places that
	// name it (unknownRegion), at the end.
	named := map[string][]string{}
	var namedOrder []string
	unknownRegion := func(code, place string) {
		if _, ok := named[code]; !ok {
			namedOrder = append(namedOrder, code)
		}
		named[code] = append(named[code], place)
	}
	var notMembers []string // the old codes of renames to no member
	for _, old := range slices.Sorted(maps.Keys(c.MunicipalityRenames)) {
		if munis[c.MunicipalityRenames[old]] == "" {
			notMembers = append(notMembers, old)
		}
	}
	hint := replacedHint(t, c.Regions)
	if hint == "" && len(notMembers) > 0 && maps.Equal(c.MunicipalityRenames, defaultRenames()) {
		// Members left out of the default's regions: the default's renames
		// of their old numbers stay unless the file says otherwise.
		hint = t("; omnummereringene er standardoppsettets: skriv municipality_renames: {} for å ta dem bort, eller før opp dine egne",
			"; these renames are the default config's: write municipality_renames: {} to drop them, or list your own")
	}
	if len(notMembers) > 3 {
		var shown []string
		for _, old := range notMembers[:3] {
			shown = append(shown, old+" → "+c.MunicipalityRenames[old])
		}
		bad("municipality_renames: %d omnummereringer fører til et kommunenummer som ikke er en medlemskommune: %s og %d til%s",
			"municipality_renames: %d renames lead to a kommunenummer that is not a member municipality: %s and %d more%s",
			len(notMembers), strings.Join(shown, ", "), len(notMembers)-3, hint)
	} else {
		for _, old := range notMembers {
			cur := c.MunicipalityRenames[old]
			bad("municipality_renames: %s → %s: %s er ikke en medlemskommune%s", "municipality_renames: %s → %s: %s is not a member municipality%s", old, cur, cur, hint)
		}
	}
	goals := map[string]bool{}
	measures := map[string]bool{}
	for i, a := range c.Areas {
		if a.Code == "" || a.Name == "" {
			bad("areas[%d]: code og name må fylles ut", "areas[%d]: code and name are required", i)
		}
		for j, g := range a.Goals {
			if g.Code == "" || g.Name == "" {
				bad("areas[%d].goals[%d]: code og name må fylles ut", "areas[%d].goals[%d]: code and name are required", i, j)
			}
			if goals[g.Code] {
				bad("målet %s er definert to ganger", "goal %s is defined twice", g.Code)
			}
			goals[g.Code] = true
			if g.Region != "" && !regions[g.Region] {
				unknownRegion(g.Region, t("mål ", "goal ")+g.Code)
			}
			for k, m := range g.Measures {
				if !strings.HasPrefix(m.Code, g.Code+".") {
					bad("mål %s, measures[%d]: koden %q må begynne med %q", "goal %s, measures[%d]: code %q must start with %q", g.Code, k, m.Code, g.Code+".")
				}
				if measures[m.Code] {
					bad("tiltaket %s er definert to ganger", "measure %s is defined twice", m.Code)
				}
				measures[m.Code] = true
				if m.Text == "" {
					bad("tiltak %s: text er tom", "measure %s: text is empty", m.Code)
				}
				if m.Region != "" && !regions[m.Region] {
					unknownRegion(m.Region, t("tiltak ", "measure ")+m.Code)
				}
				if m.Starts != "" && !periodRe.MatchString(m.Starts) {
					bad("tiltak %s: starts %q er ikke ÅÅÅÅ-MM", "measure %s: starts %q is not YYYY-MM", m.Code, m.Starts)
				}
				if m.ReportedElsewhere != "" && (len(m.Evidence) > 0 || len(m.Projects) > 0) {
					bad("tiltak %s: reported_elsewhere og evidence eller projects: velg én", "measure %s: reported_elsewhere and evidence or projects: choose one", m.Code)
				}
			}
		}
	}
	if c.BaseYear != 0 && (c.BaseYear < 2000 || c.BaseYear > 2099) {
		bad("base_year må være 2000–2099, ikke %d", "base_year must be 2000–2099, not %d", c.BaseYear)
	}
	if c.GoalStatus != "" && c.GoalStatus != "worst" && c.GoalStatus != "majority" {
		bad("goal_status må være worst eller majority, ikke %q", "goal_status must be worst or majority, not %q", c.GoalStatus)
	}
	if c.Completeness.DeadlineDay < 1 || c.Completeness.DeadlineDay > 28 {
		bad("completeness.deadline_day må være 1–28, ikke %d", "completeness.deadline_day must be 1–28, not %d", c.Completeness.DeadlineDay)
	}
	if c.Completeness.From != "" && !periodRe.MatchString(c.Completeness.From) {
		bad("completeness.from %q: skriv ÅÅÅÅ-MM", "completeness.from %q: want YYYY-MM", c.Completeness.From)
	}
	for _, r := range c.Completeness.Regions {
		if !regions[r] {
			unknownRegion(r, "completeness.regions")
		}
	}
	// A --region given on the command line is the user's word for this
	// run: said on its own, with the regions there are.
	for _, r := range c.Outputs.Regions {
		if !regions[r] {
			bad("outputs.regions (--region): ukjent region %q; regionene er %s", "outputs.regions (--region): unknown region %q; the regions are %s", r, regionCodes(c.Regions))
		}
	}
	for i, p := range c.Completeness.Projects {
		if p.Name == "" {
			bad("completeness.projects[%d]: name er tom", "completeness.projects[%d]: name is empty", i)
		}
		for _, m := range []string{p.From, p.To} {
			if m != "" && !periodRe.MatchString(m) {
				bad("completeness.projects[%d] (%s): måneden %q: skriv ÅÅÅÅ-MM", "completeness.projects[%d] (%s): month %q: want YYYY-MM", i, p.Name, m)
			}
		}
		if p.Region != "" && !regions[p.Region] {
			unknownRegion(p.Region, fmt.Sprintf("completeness.projects[%d] (%s)", i, p.Name))
		}
	}
	if c.Evidence.QuietMonths < 1 {
		bad("evidence.quiet_months må være minst 1", "evidence.quiet_months must be at least 1")
	}
	if len(c.ActivityTypes) == 0 {
		bad("activity_types er tom", "activity_types is empty")
	}
	types := map[string]bool{}
	for _, ty := range c.ActivityTypes {
		types[foldWord(ty)] = true
	}
	for _, alias := range slices.Sorted(maps.Keys(c.ActivityTypeAliases)) {
		ty := c.ActivityTypeAliases[alias]
		switch {
		case foldWord(alias) == "":
			bad("activity_type_aliases: et tomt ord", "activity_type_aliases: an empty word")
		case types[foldWord(alias)]:
			bad("activity_type_aliases: %q er selv en aktivitetstype", "activity_type_aliases: %q is an activity type itself", alias)
		case !types[foldWord(ty)]:
			bad("activity_type_aliases: %s → %q: ingen aktivitetstype (activity_types: %s)", "activity_type_aliases: %s → %q: no activity type (activity_types: %s)", alias, ty, strings.Join(c.ActivityTypes, ", "))
		}
	}

	ids := map[string]bool{}
	for i, ind := range c.Indicators {
		name := fmt.Sprintf("indicators[%d]", i)
		if ind.ID != "" {
			name = fmt.Sprintf(t("indikator %q", "indicator %q"), ind.ID)
		}
		switch {
		case ind.ID == "":
			bad("%s: id må fylles ut", "%s: id is required", name)
		case !idRe.MatchString(ind.ID):
			bad("%s: id kan bare ha a-z, 0-9, '.', '_' og '-'", "%s: id may hold only a-z, 0-9, '.', '_' and '-'", name)
		case ids[ind.ID]:
			bad("%s: definert to ganger", "%s: defined twice", name)
		}
		ids[ind.ID] = true
		for _, r := range slices.Sorted(maps.Keys(ind.RegionTargets)) {
			if !regions[r] {
				// The keys of a map come lowercased from viper: a
				// region of the default is named as it spells itself.
				for _, d := range defaultRegions() {
					if strings.EqualFold(d.Code, r) {
						r = d.Code
					}
				}
				unknownRegion(r, name+": region_targets")
			}
		}
		if !goals[ind.Goal] && ind.Goal != MissionGoal {
			bad("%s: goal %q er ikke et mål i strategien (og ikke \"mission\")", "%s: goal %q is not a goal of the strategy (nor \"mission\")", name, ind.Goal)
		}
		if ind.Name == "" {
			bad("%s: name må fylles ut", "%s: name is required", name)
		}
		if ind.Window < 1 || ind.Window > MaxWindow {
			bad("%s: window må være 1–%d måneder, ikke %d", "%s: window must be 1–%d months, not %d", name, MaxWindow, ind.Window)
		}
		if ind.Decimals < 0 || ind.Decimals > 6 {
			bad("%s: decimals må være 0–6, ikke %d", "%s: decimals must be 0–6, not %d", name, ind.Decimals)
		}
		switch ind.Direction {
		case "", "higher", "lower":
		default:
			bad("%s: direction %q: skriv higher eller lower", "%s: direction %q: want higher or lower", name, ind.Direction)
		}
		if (ind.BaseYear != 0) != (ind.TargetYear != 0) {
			bad("%s: base_year og target_year hører sammen", "%s: base_year and target_year go together", name)
		}
		if ind.BaseYear != 0 {
			if ind.Target == nil {
				bad("%s: base_year og target_year trenger et target", "%s: base_year and target_year need a target", name)
			}
			if ind.TargetYear <= ind.BaseYear {
				bad("%s: target_year (%d) må være etter base_year (%d)", "%s: target_year (%d) must be after base_year (%d)", name, ind.TargetYear, ind.BaseYear)
			}
		}
		if g, y := ind.Thresholds.Green, ind.Thresholds.Yellow; g != nil && y != nil {
			if ind.Direction == "lower" && *g > *y {
				bad("%s: thresholds: med direction lower må green (%v) være høyst yellow (%v)", "%s: thresholds: with direction lower, green (%v) must be at most yellow (%v)", name, *g, *y)
			}
			if ind.Direction != "lower" && *g < *y {
				bad("%s: thresholds: green (%v) må være minst yellow (%v)", "%s: thresholds: green (%v) must be at least yellow (%v)", name, *g, *y)
			}
		}
	}
	for _, code := range namedOrder {
		places := named[code]
		if len(places) == 1 {
			bad("%s: ukjent region %q%s", "%s: unknown region %q%s", places[0], code, replacedHint(t, c.Regions, code))
			continue
		}
		shown, more := places, ""
		if len(places) > 4 {
			shown, more = places[:4], fmt.Sprintf(t(" og %d til", " and %d more"), len(places)-4)
		}
		bad("ukjent region %q, nevnt %d steder: %s%s%s", "unknown region %q, named in %d places: %s%s%s",
			code, len(places), strings.Join(shown, ", "), more, replacedHint(t, c.Regions, code))
	}
	return errors.Join(errs...)
}

// tr is the text nb or en for lang: Norwegian unless lang is en.
func tr(lang, nb, en string) string {
	if lang == "en" {
		return en
	}
	return nb
}

// Invalidf is an error in the config, said in lang after «ugyldig
// konfigurasjon» / "invalid config": Validate's own, and those only the
// pipeline can see (an indicator's measure, a pin). errors.Is(err,
// ErrInvalid) holds for it, in either language.
func Invalidf(lang, nb, en string, args ...any) error {
	return &invalidError{tr(lang, "ugyldig konfigurasjon: ", "invalid config: ") + fmt.Sprintf(tr(lang, nb, en), args...)}
}

type invalidError struct{ msg string }

func (e *invalidError) Error() string        { return e.msg }
func (e *invalidError) Is(target error) bool { return target == ErrInvalid }

// replacedHint explains an error that comes from a config file whose
// regions replaced the default's: the default's measures, goals and
// renames still name the regions that are gone. It is "" unless regions
// differ from the default's and, when codes are given, one of them is a
// region of the default.
func replacedHint(t func(nb, en string) string, regions []Region, codes ...string) string {
	def := defaultRegions()
	if regionCodes(regions) == regionCodes(def) {
		return ""
	}
	if len(codes) > 0 && !slices.ContainsFunc(def, func(r Region) bool { return slices.Contains(codes, r.Code) }) {
		return ""
	}
	return t("; regions i en konfigurasjonsfil erstatter hele standardlisten (regionene der er "+regionCodes(def)+"): før opp alle regionene, eller utelat regions",
		"; a config file's regions replace the default's whole list (its regions are "+regionCodes(def)+"): list every region, or leave regions out")
}

// regionCodes lists the regions' codes, comma-separated.
func regionCodes(regions []Region) string {
	codes := make([]string, len(regions))
	for i, r := range regions {
		codes[i] = r.Code
	}
	return strings.Join(codes, ", ")
}

// defaultRegions are the regions of the embedded default config.
var defaultRegions = sync.OnceValue(func() []Region {
	var d struct {
		Regions []Region `yaml:"regions"`
	}
	if err := yaml.Unmarshal(defaultYAML, &d); err != nil {
		return nil
	}
	return d.Regions
})

// defaultRenames are the municipality renames of the embedded default
// config.
var defaultRenames = sync.OnceValue(func() map[string]string {
	var d struct {
		Renames map[string]string `yaml:"municipality_renames"`
	}
	if err := yaml.Unmarshal(defaultYAML, &d); err != nil {
		return nil
	}
	return d.Renames
})

// MissionGoal is the goal code of the mission-level indicators
// ("Kulturskole for alle").
const MissionGoal = "mission"

// LowerIsBetter reports whether a smaller value of the indicator is better.
func (ind *Indicator) LowerIsBetter() bool { return ind.Direction == "lower" }

// ForRegion is the config of a region's own report: its region only, the
// national goals and measures with its regional ones (not another
// region's), the indicators of those goals, the reports expected from it
// and its projects. The settings are the run's.
func (c *Config) ForRegion(code string) *Config {
	r := *c
	r.Regions = nil
	for _, reg := range c.Regions {
		if reg.Code == code {
			r.Regions = append(r.Regions, reg)
		}
	}
	mine := func(region string) bool { return region == "" || region == code }
	goals := map[string]bool{MissionGoal: true}
	r.Areas = nil
	for _, a := range c.Areas {
		ra := a
		ra.Goals = nil
		for _, g := range a.Goals {
			if !mine(g.Region) {
				continue
			}
			rg := g
			rg.Measures = nil
			for _, m := range g.Measures {
				if mine(m.Region) {
					rg.Measures = append(rg.Measures, m)
				}
			}
			ra.Goals = append(ra.Goals, rg)
			goals[g.Code] = true
		}
		r.Areas = append(r.Areas, ra)
	}
	r.Indicators = nil
	for _, ind := range c.Indicators {
		if goals[ind.Goal] {
			r.Indicators = append(r.Indicators, ind)
		}
	}
	r.Completeness.Regions = nil
	for _, reg := range c.Completeness.Regions {
		if reg == code {
			r.Completeness.Regions = append(r.Completeness.Regions, reg)
		}
	}
	r.Completeness.Projects = nil
	for _, p := range c.Completeness.Projects {
		if p.Region == code {
			r.Completeness.Projects = append(r.Completeness.Projects, p)
		}
	}
	return &r
}

// RegionName is the name of the region with that code ("" for none).
func (c *Config) RegionName(code string) string {
	for _, reg := range c.Regions {
		if reg.Code == code {
			return reg.Name
		}
	}
	return ""
}

// Localise puts the config's texts in lang in place: for en, every text
// with an *_en key (names, short names, goal and measure texts, the
// mission, descriptions, rationales, units) is replaced by it, so that
// every writer shows the reader's language without asking for it; a text
// with no English is left as it is. Codes, ids, project names and the
// input vocabulary (activity types, statuses) are data and stay.
func (c *Config) Localise(lang string) {
	if lang != "en" {
		return
	}
	use := func(dst *string, en string) {
		if en != "" {
			*dst = en
		}
	}
	use(&c.Organisation, c.OrganisationEN)
	use(&c.Strategy, c.StrategyEN)
	m := &c.Mission
	use(&m.Name, m.NameEN)
	use(&m.Text, m.TextEN)
	use(&m.Purpose, m.PurposeEN)
	use(&m.Values, m.ValuesEN)
	for i := range c.Areas {
		a := &c.Areas[i]
		use(&a.Name, a.NameEN)
		for j := range a.Goals {
			g := &a.Goals[j]
			use(&g.Name, g.NameEN)
			use(&g.Short, g.ShortEN)
			use(&g.Text, g.TextEN)
			for k := range g.Measures {
				ms := &g.Measures[k]
				use(&ms.Text, ms.TextEN)
				use(&ms.ReportedElsewhere, ms.ReportedElsewhereEN)
			}
		}
	}
	for i := range c.Regions {
		use(&c.Regions[i].Name, c.Regions[i].NameEN)
	}
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		use(&ind.Name, ind.NameEN)
		use(&ind.Description, ind.DescriptionEN)
		use(&ind.Rationale, ind.RationaleEN)
		use(&ind.Unit, ind.UnitEN)
	}
}

// ResolvePeriod returns the reporting period: c.Period if set, otherwise the
// last full month before now.
func (c *Config) ResolvePeriod(now time.Time) string {
	if c.Period != "" {
		return c.Period
	}
	// In now's own time zone: a cron job at 00:30 Oslo time on the 1st
	// reports the month that just ended there, not the one before in UTC.
	return now.AddDate(0, 0, -now.Day()).Format("2006-01")
}

// MaxWindow is the longest rolling window an indicator may have: the
// inputs' dates span 2000–2099.
const MaxWindow = 1200

// Goal returns the goal with the given code and its area.
func (c *Config) Goal(code string) (*Goal, *Area, bool) {
	for i := range c.Areas {
		for j := range c.Areas[i].Goals {
			if c.Areas[i].Goals[j].Code == code {
				return &c.Areas[i].Goals[j], &c.Areas[i], true
			}
		}
	}
	return nil, nil, false
}

// AllMeasures returns every measure of the strategy, in config order.
func (c *Config) AllMeasures() []Measure {
	var ms []Measure
	for _, a := range c.Areas {
		for _, g := range a.Goals {
			ms = append(ms, g.Measures...)
		}
	}
	return ms
}

// foldWord is a word as the config's checks compare it: lower case,
// letters and digits only («Sosiale medier» and «sosialemedier» match).
func foldWord(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

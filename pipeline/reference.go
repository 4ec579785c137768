package pipeline

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"kulturrapport/config"
)

// Reference is the reference data of a run, indexed for validating rows:
// regions, municipalities, goals, measures and the activity vocabulary.
type Reference struct {
	Config *config.Config
	// Scope is the region a region's own report is computed for (its
	// Config is then config.ForRegion's); empty for the national report.
	Scope string

	regionByFold  map[string]string // folded code or name → region code
	regionByWords map[string]string // the words of a name in any order (nameWords) → region code
	// regionByCounty is the region of each county (folded) whose members
	// are all in one region; "" for a county shared by regions.
	regionByCounty map[string]string
	muniRegion     map[string]string // kommunenummer → region code
	muniName       map[string]string
	muniCounty     map[string]string
	renames        map[string]string
	splits         map[string]string
	goalByFold     map[string]string   // folded code → goal code
	goalRegion     map[string]string   // goal code → region ("" = national)
	goalTitles     map[string][]string // goal code → its folded names
	measureGoal    map[string]string   // measure code → goal code
	measureByFold  map[string]string
	typeByFold     map[string]string
	aliasByFold    map[string]string // activity_type_aliases: a word → its type
	indicatorGoal  map[string]string // folded indicator id or name → id
	splitCounty    sync.Map          // code → its SplitCounty, worked out once
	namesOnce      sync.Once
	byName         map[string][]string // folded name → member codes (muniByName)
	// Members lists each region's municipalities in config order.
	Members map[string][]string
}

// NewReference indexes the reference data of cfg.
func NewReference(cfg *config.Config) *Reference {
	r := &Reference{
		Config:         cfg,
		regionByFold:   map[string]string{},
		regionByWords:  map[string]string{},
		regionByCounty: map[string]string{},
		muniRegion:     map[string]string{},
		muniName:       map[string]string{},
		muniCounty:     map[string]string{},
		renames:        cfg.MunicipalityRenames,
		splits:         cfg.MunicipalitySplits,
		goalByFold:     map[string]string{},
		indicatorGoal:  map[string]string{},
		goalRegion:     map[string]string{},
		goalTitles:     map[string][]string{},
		measureGoal:    map[string]string{},
		measureByFold:  map[string]string{},
		typeByFold:     map[string]string{},
		aliasByFold:    map[string]string{},
		Members:        map[string][]string{},
	}
	for _, reg := range cfg.Regions {
		r.regionByFold[Fold(reg.Code)] = reg.Code
		r.regionByFold[Fold(reg.Name)] = reg.Code
		if w := nameWords(reg.Name); w != "" {
			r.regionByWords[w] = reg.Code
		}
		for _, m := range reg.Municipalities {
			if f := Fold(m.County); f != "" {
				if had, ok := r.regionByCounty[f]; ok && had != reg.Code {
					r.regionByCounty[f] = "" // a county of several regions names none
				} else {
					r.regionByCounty[f] = reg.Code
				}
			}
			r.muniRegion[m.Code] = reg.Code
			r.muniName[m.Code] = m.Name
			r.muniCounty[m.Code] = m.County
			r.Members[reg.Code] = append(r.Members[reg.Code], m.Code)
		}
	}
	for _, ind := range cfg.Indicators {
		for _, name := range []string{ind.Name, ind.NameEN, ind.ID} { // the id wins a clash
			if name != "" {
				r.indicatorGoal[Fold(name)] = ind.ID
			}
		}
	}
	for _, a := range cfg.Areas {
		for _, g := range a.Goals {
			r.goalByFold[foldCode(g.Code)] = g.Code
			r.goalRegion[g.Code] = g.Region
			for _, t := range []string{g.Name, g.Short, g.NameEN, g.ShortEN} {
				if f := Fold(t); f != "" {
					r.goalTitles[g.Code] = append(r.goalTitles[g.Code], f)
				}
			}
			for _, m := range g.Measures {
				r.measureGoal[m.Code] = g.Code
				r.measureByFold[foldCode(m.Code)] = m.Code
			}
		}
	}
	for _, t := range cfg.ActivityTypes {
		r.typeByFold[Fold(t)] = t
	}
	// A word the senders use for a type; the types themselves win.
	for alias, t := range cfg.ActivityTypeAliases {
		if canon, ok := r.typeByFold[Fold(t)]; ok {
			if _, taken := r.typeByFold[Fold(alias)]; !taken {
				r.aliasByFold[Fold(alias)] = canon
			}
		}
	}
	return r
}

// foldCode folds a goal or measure code: "1,1", " 1.1 " and "Mål 1.1" are
// all "1.1"; "btv.1" is "BTV.1"; "3.1 N2" is "3.1.N2".
func foldCode(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	for _, p := range []string{"MÅL", "MAL", "GOAL", "TILTAK", "MEASURE"} {
		s = strings.TrimSpace(strings.TrimPrefix(s, p))
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == ',' || r == ' ' || r == '-' || r == '_':
			return '.'
		case r == ':':
			return -1
		}
		return r
	}, s)
	for strings.Contains(s, "..") {
		s = strings.ReplaceAll(s, "..", ".")
	}
	return strings.Trim(s, ".")
}

// Region returns the region code for a code or name as written, «Region
// BTV» as «BTV».
func (r *Reference) Region(s string) (string, bool) {
	f := Fold(s)
	c, ok := r.regionByFold[f]
	if !ok {
		if rest, cut := strings.CutPrefix(f, "region"); cut {
			c, ok = r.regionByFold[strings.TrimSpace(rest)]
		}
	}
	if !ok {
		// A region named by its counties in another order: «Buskerud,
		// Vestfold og Telemark» for «Buskerud, Telemark og Vestfold».
		c, ok = r.regionByWords[nameWords(s)]
	}
	if !ok {
		// One of its counties, as a county's staff write it: «Vestfold».
		c = r.regionByCounty[strings.TrimSuffix(f, "fylke")]
		ok = c != ""
	}
	return c, ok
}

// nameWords is the words of a name, folded, without «og»/«and», sorted:
// the same for the same words in any order ("" for fewer than two).
func nameWords(s string) string {
	var words []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if w = Fold(w); w != "" && w != "og" && w != "and" && w != "region" {
			words = append(words, w)
		}
	}
	if len(words) < 2 {
		return ""
	}
	slices.Sort(words)
	return strings.Join(words, " ")
}

// Municipality resolves a normalised kommunenummer to the member
// municipality it is now: the config's renames first, then SSB's change
// table (KLASS 131) through every merge, renumbering and split. It
// returns the current code, and the code given when that differs.
func (r *Reference) Municipality(code string) (cur, old string, ok bool) {
	res := r.ResolveKommune(code)
	return res.Code, res.Given, res.Err == ""
}

// KommuneResolution is how a kommunenummer given was resolved.
type KommuneResolution struct {
	// Code is the member municipality it is now ("" when none).
	Code string
	// Given is the code as given, when it is not Code.
	Given string
	// Split is the split the code went through, when one did; ByConfig
	// tells that municipality_splits chose the successor.
	Split    *KommuneHop
	ByConfig bool
	// Err is the message key when it resolves to no member:
	// kommune.unknown, or kommune.split (a split into several members and
	// no successor named in the config).
	Err string
	// County is, for a split into several members (kommune.split), the
	// county they all lie in; "" when they lie in more than one.
	County string
}

// ResolveKommune follows code through its history to a member
// municipality (see Municipality).
func (r *Reference) ResolveKommune(code string) KommuneResolution {
	res := r.resolve(code, "", 0)
	if res.Code != code {
		res.Given = code
	}
	if res.Err != "" {
		res.Code = ""
	}
	return res
}

// resolve follows code from the changes after the date after.
func (r *Reference) resolve(code, after string, depth int) KommuneResolution {
	if depth > 30 { // the table has no cycles; a config's renames might
		return KommuneResolution{Err: "kommune.unknown"}
	}
	if _, ok := r.muniRegion[code]; ok {
		return KommuneResolution{Code: code}
	}
	if n, ok := r.renames[code]; ok {
		return r.resolve(n, after, depth+1)
	}
	hop, ok := kommuneHop(code, after)
	if !ok {
		return KommuneResolution{Err: "kommune.unknown"}
	}
	if len(hop.To) == 1 {
		return r.resolve(hop.To[0], hop.At, depth+1)
	}
	// A split: the successor the config names, or the one successor
	// that is a member.
	if s, ok := r.splits[code]; ok {
		res := r.resolve(s, hop.At, depth+1)
		if res.Split == nil {
			res.Split, res.ByConfig = &hop, true
		}
		return res
	}
	var found []KommuneResolution
	for _, to := range hop.To {
		if res := r.resolve(to, hop.At, depth+1); res.Err == "" && !slices.ContainsFunc(found, func(f KommuneResolution) bool { return f.Code == res.Code }) {
			found = append(found, res)
		}
	}
	switch len(found) {
	case 0:
		return KommuneResolution{Split: &hop, Err: "kommune.unknown"}
	case 1:
	default:
		county := r.muniCounty[found[0].Code]
		for _, f := range found[1:] {
			if r.muniCounty[f.Code] != county {
				county = ""
			}
		}
		return KommuneResolution{Split: &hop, Err: "kommune.split", County: county}
	}
	if found[0].Split == nil {
		found[0].Split = &hop
	}
	return found[0]
}

// MunicipalityRegion is the region a municipality belongs to.
func (r *Reference) MunicipalityRegion(code string) string { return r.muniRegion[code] }

// MunicipalityName is the name of a municipality.
func (r *Reference) MunicipalityName(code string) string { return r.muniName[code] }

// MunicipalityCounty is the county (fylke) of a municipality.
func (r *Reference) MunicipalityCounty(code string) string { return r.muniCounty[code] }

// SplitCounty is the county of a code split between several members
// that the config names none of, when they all lie in one (Ålesund and
// Haram, Tysfjord's Narvik and Hamarøy): a row given that code is counted
// there, and for its region, not for a municipality. "" otherwise.
// Each code's is worked out once: the indicators ask for every row's.
func (r *Reference) SplitCounty(code string) string {
	if c, ok := r.splitCounty.Load(code); ok {
		return c.(string)
	}
	county := ""
	if res := r.ResolveKommune(code); res.Err == "kommune.split" {
		county = res.County
	}
	r.splitCounty.Store(code, county)
	return county
}

// Goal resolves a goal code as written, alone or with the goal's name
// (or the start of it) after it: «1.3 Kulturskolen som lokal ressurs».
func (r *Reference) Goal(s string) (string, bool) {
	if c, ok := r.goalByFold[foldCode(s)]; ok {
		return c, true
	}
	f := strings.Fields(s)
	if len(f) > 2 && slices.Contains([]string{"mal", "maal", "goal"}, Fold(f[0])) {
		f = f[1:] // «Mål 1.3: …»
	}
	if len(f) < 2 {
		return "", false
	}
	c, ok := r.goalByFold[foldCode(f[0])]
	if !ok {
		return "", false
	}
	rest := Fold(strings.Join(f[1:], " "))
	for _, t := range r.goalTitles[c] {
		if rest != "" && strings.HasPrefix(t, rest) {
			return c, true
		}
	}
	return "", false
}

// GoalRegion is the region of a regional goal, or "" for a national goal.
func (r *Reference) GoalRegion(code string) string { return r.goalRegion[code] }

// Indicator resolves an indicator as a person may write it (its id, or its
// name in either language) to its id and goal.
func (r *Reference) Indicator(s string) (id, goal string, ok bool) {
	id, ok = r.indicatorGoal[Fold(s)]
	if !ok {
		return "", "", false
	}
	for _, ind := range r.Config.Indicators {
		if ind.ID == id {
			return id, ind.Goal, true
		}
	}
	return "", "", false
}

// Measure resolves a measure code as written, and returns its goal.
func (r *Reference) Measure(s string) (code, goal string, ok bool) {
	c, ok := r.measureByFold[foldCode(s)]
	if !ok {
		return "", "", false
	}
	return c, r.measureGoal[c], true
}

// ActivityType resolves an activity type as written ("Kommunebesok",
// "SOSIALE MEDIER", "Konferanser"), or a word the config reads as one
// (activity_type_aliases: "Webinar", "webinarer").
func (r *Reference) ActivityType(s string) (string, bool) {
	f := Fold(s)
	t, ok := r.activityType(f)
	if !ok && strings.HasSuffix(f, "er") {
		// In the plural: «Konferanser», «Høringer», «Prosjektmøter».
		if t, ok = r.activityType(f[:len(f)-1]); !ok {
			t, ok = r.activityType(f[:len(f)-2])
		}
	}
	return t, ok
}

// activityType is the type a folded word names: a type's own name, or an
// alias of one.
func (r *Reference) activityType(folded string) (string, bool) {
	if t, ok := r.typeByFold[folded]; ok {
		return t, true
	}
	t, ok := r.aliasByFold[folded]
	return t, ok
}

// ActivityTypeList is the vocabulary, for messages.
func (r *Reference) ActivityTypeList() string {
	return strings.Join(r.Config.ActivityTypes, ", ")
}

// GoalList is the goals' codes, for messages: «1.1, 1.2, …, BTV.2».
func (r *Reference) GoalList() string {
	var codes []string
	for _, a := range r.Config.Areas {
		for _, g := range a.Goals {
			codes = append(codes, g.Code)
		}
	}
	return strings.Join(codes, ", ")
}

// RegionCodes lists the region codes, sorted.
func (r *Reference) RegionCodes() []string {
	var cs []string
	for c := range r.Members {
		cs = append(cs, c)
	}
	sort.Strings(cs)
	return cs
}

package ingest

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"kulturrapport/pipeline"
	"kulturrapport/pipeline/ingest/cell"
)

// lookupCache remembers what the reference data said about a value as
// written: a file spells its few regions, municipalities, goals and measures
// the same way thousands of times, and the files of a run mostly the same
// few. A builder takes one from its Reference's pool and gives it back
// when released, so one goroutine uses it at a time.
type lookupCache struct {
	dates    map[string]dateHit
	regions  map[string]regionHit
	kommuner map[string]kommuneHit
	goals    map[string]goalsHit
	measures map[string]measureHit
}

type dateHit struct {
	d        time.Time
	err      error
	date1904 bool         // the date system it was read in
	note     pipeline.Msg // what the cell says beyond its day (dateNote), if hasNote
	hasNote  bool
}

type regionHit struct {
	code string
	ok   bool
}

type kommuneHit struct {
	cur, old string
	region   string // cur's region
	errKey   string // kommune.invalid, kommune.unknown or kommune.split; "" when known
	code     string // the code normalised (for a split: the one given)
	county   string // for a split: the county of its member successors, if one
	errArgs  []any
	split    *pipeline.KommuneHop // the split the code went through
	byConfig bool                 // municipality_splits chose the successor
}

// goalsHit is a goals cell read: its parts, and the goals they name
// (shared by every row that spells them so: not to be changed).
type goalsHit struct {
	parts []goalPart
	goals []string
}

type goalPart struct {
	part, code string // code is "" for an unknown goal
	region     string // the region of a regional goal
}

type measureHit struct {
	code, goal string
	ok         bool
}

func newLookupCache() *lookupCache {
	return &lookupCache{dates: map[string]dateHit{}, regions: map[string]regionHit{}, kommuner: map[string]kommuneHit{}, goals: map[string]goalsHit{}, measures: map[string]measureHit{}}
}

// takeCache takes a cache from the run's pool (a new one without a pool).
// What the reference says about a text does not change in a run, so a
// cache serves file after file without growing its maps again; putCache
// gives it back.
func takeCache(pool *sync.Pool) *lookupCache {
	if pool != nil {
		if c, ok := pool.Get().(*lookupCache); ok {
			return c
		}
	}
	return newLookupCache()
}

func putCache(pool *sync.Pool, c *lookupCache) {
	if pool != nil {
		pool.Put(c)
	}
}

// cacheLimit bounds each map: free text in a column must not grow it.
const cacheLimit = 4096

// check validates the cells of one row, collecting rejections and warnings.
// Each method reads one column, reports what is wrong with it and returns
// the normalised value; the zero value when it is empty or wrong.
type check struct {
	r                 *rowCtx
	ref               *pipeline.Reference
	opts              *Options
	cache             *lookupCache
	rejects, warnings []pipeline.Problem
	region            string
	regionOK          bool
	// given is the kommunenummer as given, when kommune resolved it to
	// another (kommunenr_oppgitt).
	given string
}

func newCheck(r *rowCtx, ref *pipeline.Reference, opts *Options, cache *lookupCache) *check {
	if cache == nil {
		cache = newLookupCache()
	}
	return &check{r: r, ref: ref, opts: opts, cache: cache}
}

func (c *check) reject(key string, m pipeline.Msg) {
	c.rejects = append(c.rejects, c.r.problem(key, m))
}
func (c *check) warn(key string, m pipeline.Msg) {
	c.warnings = append(c.warnings, c.r.problem(key, m))
}
func (c *check) ok() bool { return len(c.rejects) == 0 }

// text returns the cell with white space tidied; required rejects an empty one.
func (c *check) text(key string, required bool) string {
	s := pipeline.CleanSpace(c.r.value(key))
	if s == "" && required {
		c.reject(key, msg("required"))
	}
	return s
}

// date reads a date cell.
func (c *check) date(key string) (time.Time, bool) {
	raw := c.r.value(key)
	if raw == "" {
		c.reject(key, msg("required"))
		return time.Time{}, false
	}
	d, slash := c.slashDate(key, raw)
	var err error
	var note pipeline.Msg
	var hasNote bool
	if !slash {
		if d, ok := cell.SerialDate(raw, c.r.date1904); ok {
			// A serial, as openpyxl, XlsxWriter and excelize leave a
			// date: its day at once, without the cache's lookup.
			c.warnAfterPeriod(key, d)
			return d, true
		}
		hit, seen := c.cache.dates[raw]
		if !seen || hit.date1904 != c.r.date1904 {
			hit.d, hit.err = cell.ParseDate(raw, c.r.date1904)
			hit.date1904 = c.r.date1904
			if hit.err == nil {
				hit.note, hit.hasNote = dateNote(raw, hit.d, c.r.date1904)
			}
			if len(c.cache.dates) < cacheLimit {
				c.cache.dates[raw] = hit
			}
		}
		d, err, note, hasNote = hit.d, hit.err, hit.note, hit.hasNote
	} else {
		note, hasNote = dateNote(raw, d, c.r.date1904)
	}
	var days int
	switch {
	case err != nil && c.notADay(key, raw):
	case errors.Is(err, cell.ErrDateOutside):
		c.reject(key, msg("date.range"))
	case errors.Is(err, cell.ErrNoYear):
		if d, ok := c.inYear(key, raw); ok {
			return d, true
		}
		c.reject(key, msg("date.noyear"))
	case noSuchDay(err, &days):
		c.reject(key, msg("date.nosuchday", days))
	case err != nil:
		if first, ok := cell.DateSpan(raw, c.r.date1904); ok {
			// An event of some days: its first day, said.
			c.warn(key, msg("date.span", first.Format("02.01.2006")))
			c.warnAfterPeriod(key, first)
			return first, true
		}
		c.reject(key, invalid(raw, "date.invalid"))
	default:
		if hasNote {
			c.warn(key, note)
		}
		c.warnAfterPeriod(key, d)
		return d, true
	}
	return time.Time{}, false
}

// noSuchDay tells whether err is a day its month does not have, and sets
// days to the month's. The error is looked into only when there is one:
// the target errors.As is given lives on the heap, and most dates are
// read without an error.
func noSuchDay(err error, days *int) bool {
	if err == nil {
		return false
	}
	var noDay *cell.NoSuchDayError
	if !errors.As(err, &noDay) {
		return false
	}
	*days = noDay.Days
	return true
}

// notADay rejects, saying so, a date cell that gives a month or a week
// where the day is wanted («oktober 2026», «10.2026», «Uke 42»), and
// reports whether it did.
func (c *check) notADay(key, raw string) bool {
	if m, ok := cell.ParseMonthCell(raw, c.r.date1904); ok {
		c.reject(key, msg("date.monthonly", m.AddDate(0, 0, 14).Format("02.01.2006")))
		return true
	}
	if w, rest := firstWord(raw); weekWords[w] && strings.IndexFunc(rest, func(r rune) bool { return r >= '0' && r <= '9' }) >= 0 {
		c.reject(key, msg("date.week"))
		return true
	}
	return false
}

// weekWords name a week («Uke 42», «veke 42», «week 42»).
var weekWords = map[string]bool{"uke": true, "veke": true, "week": true, "u": true}

// dateNote is what a date cell read as day d says beyond it: that it is
// the first of a span («06.10.2026 - 07.10.2026»), or words after the
// date that are not read («06.10.2026 (flyttet fra 5.10)»); none for a
// date alone or with a time of day (see cell.TrailingText).
func dateNote(raw string, d time.Time, date1904 bool) (pipeline.Msg, bool) {
	if strings.IndexByte(raw, ' ') <= 0 {
		return pipeline.Msg{}, false
	}
	rest := cell.TrailingText(raw)
	if rest == "" {
		return pipeline.Msg{}, false
	}
	if _, span := cell.DateSpan(raw, date1904); span {
		return msg("date.span", d.Format("02.01.2006")), true
	}
	return msg("date.trailing", rest), true
}

// inYear reads a date without its year («6.10», «6. okt») in the year the
// sheet's name, its title or its file's name gives (see yearHint), and
// counts it for the sheet's warning; ok is false when they give none.
func (c *check) inYear(key, raw string) (time.Time, bool) {
	s, ok := c.withYear(raw)
	if !ok {
		return time.Time{}, false
	}
	d, err := cell.ParseDate(s, c.r.date1904)
	if err != nil {
		return time.Time{}, false
	}
	c.r.yearless.add(c.r.cellOf(key))
	c.warnAfterPeriod(key, d)
	return d, true
}

// withYear is raw, a date or a month written without its year, with the
// year the sheet gives (see yearHint) after it: «6.10» is «6.10.2026»,
// «oktober» «oktober 2026»; ok is false when the sheet gives none.
func (c *check) withYear(raw string) (string, bool) {
	r := c.r
	if !r.yearFound {
		r.yearFound = true
		r.year, r.yearWhere = yearHint(r.file, r.sheet, r.title, c.opts.Period)
	}
	s := strings.TrimSuffix(strings.TrimSpace(raw), ".")
	if r.year == 0 || s == "" || strings.Contains(s, "/") {
		return "", false
	}
	if last := s[len(s)-1]; last >= '0' && last <= '9' {
		return s + "." + strconv.Itoa(r.year), true
	}
	return s + " " + strconv.Itoa(r.year), true
}

// slashDate reads a date with slashes in the sheet's order (see
// slashOrder); ok is false for other text, and for one that order does
// not read, which the caller reads as any other date.
func (c *check) slashDate(key, raw string) (d time.Time, ok bool) {
	if c.r.slash == nil || strings.IndexByte(raw, '/') < 0 {
		return time.Time{}, false
	}
	return c.r.slash.read(raw, func() string { return c.r.cellOf(key) })
}

// warnAfterPeriod warns of a date after the reporting period.
func (c *check) warnAfterPeriod(key string, d time.Time) {
	if !c.opts.periodEnd.IsZero() && d.After(c.opts.periodEnd) {
		c.warn(key, msg("date.after", c.opts.Period))
	}
}

// month reads a reporting month: 2026-10, 10.2026, 10/2026, okt 2026, or a
// date (its month).
func (c *check) month(key string) (time.Time, bool) {
	raw := c.r.value(key)
	if raw == "" {
		c.reject(key, msg("required"))
		return time.Time{}, false
	}
	// A date in the month, with slashes, is read in the sheet's order.
	m, ok := c.slashDate(key, raw)
	if ok {
		m = time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, time.UTC)
	} else {
		m, ok = cell.ParseMonthCell(raw, c.r.date1904)
	}
	if !ok && monthName.MatchString(strings.TrimSpace(raw)) {
		// «oktober»: the month of the year the sheet gives.
		if s, in := c.withYear(raw); in {
			if m, ok = cell.ParseMonthCell(s, c.r.date1904); ok {
				c.r.monthless.add(c.r.cellOf(key))
			}
		}
	}
	if !ok {
		if n := monthNumber(raw); n > 12 {
			c.reject(key, msg("month.nosuch", n)) // «2026-13»
		} else {
			c.reject(key, invalid(raw, "month.invalid"))
		}
		return time.Time{}, false
	}
	c.warnAfterPeriod(key, m)
	return m, true
}

// yearMonth is a month written with its number: 2026-13, 13.2026, 13/2026.
var yearMonth = regexp.MustCompile(`^(?:20\d\d-(\d{1,2})|(\d{1,2})[./]20\d\d)$`)

// monthNumber is the month's number in a month written so; 0 for other text.
func monthNumber(raw string) int {
	m := yearMonth.FindStringSubmatch(strings.TrimSpace(raw))
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1] + m[2])
	return n
}

// monthName is a month's name alone, as a month without its year is
// written: «oktober», «okt.», «Oct».
var monthName = regexp.MustCompile(`^\p{L}{3,9}\.?$`)

// regionCode reads the region column; it is remembered for the checks of
// municipalities and goals that follow.
func (c *check) regionCode(key string) string {
	raw := c.r.value(key)
	if raw == "" {
		c.reject(key, msg("required"))
		return ""
	}
	hit, seen := c.cache.regions[raw]
	if !seen {
		hit.code, hit.ok = c.ref.Region(raw)
		if len(c.cache.regions) < cacheLimit {
			c.cache.regions[raw] = hit
		}
	}
	c.region, c.regionOK = hit.code, hit.ok
	if !c.regionOK {
		c.reject(key, msg("region.unknown"))
	}
	return c.region
}

// regionOf takes the row's region from its municipality kommune, read
// from the column key, for a sheet without a Region column; a row
// without a municipality is rejected at key.
func (c *check) regionOf(key, kommune string) string {
	if kommune == "" {
		if c.ok() {
			c.reject(key, msg("region.fromkommune"))
		}
		return ""
	}
	c.region, c.regionOK = c.ref.MunicipalityRegion(kommune), true
	return c.region
}

// kommune reads a kommunenummer: normalised, renamed, and checked against
// the member municipalities (and the row's region, when it has one).
func (c *check) kommune(key string, required bool) string {
	raw := c.r.value(key)
	if raw == "" {
		if required {
			c.reject(key, msg("required"))
		}
		return ""
	}
	hit, seen := c.cache.kommuner[raw]
	if !seen && !required {
		// «Alle», «hele regionen»: an activity for the whole region, as
		// an empty cell is; «flere», «diverse» too, said.
		switch regionWide(raw) {
		case wholeRegion:
			return ""
		case someMunicipalities:
			c.warn(key, msg("kommune.regionwide"))
			return ""
		}
	}
	if !seen {
		if names := c.severalKommuner(raw); len(names) > 1 {
			c.reject(key, msg("kommune.several", strings.Join(names, ", ")))
			return ""
		}
		// A name, as people write it instead of the number: read as the
		// number it names (not remembered: which member a name is may
		// depend on the row's region).
		if named, ok := c.kommuneNamed(key, raw); !ok {
			return ""
		} else if named != "" {
			raw = named
			hit, seen = c.cache.kommuner[raw]
		}
	}
	if !seen {
		if code, err := cell.NormaliseKommunenr(raw); err != nil {
			hit.errKey = "kommune.invalid"
		} else if res := c.ref.ResolveKommune(code); res.Err != "" {
			hit.errKey, hit.code, hit.county = res.Err, code, res.County
			if res.Split != nil {
				hit.errArgs = []any{res.Split.At, splitNames(res.Split)}
			}
		} else {
			hit.cur, hit.old, hit.region, hit.split, hit.byConfig = res.Code, res.Given, c.ref.MunicipalityRegion(res.Code), res.Split, res.ByConfig
		}
		if len(c.cache.kommuner) < cacheLimit {
			c.cache.kommuner[raw] = hit
		}
	}
	if hit.errKey == "kommune.split" && !required {
		// A code split between several members, none named: the row is
		// counted for its region and, when the successors lie in one, for
		// their county (by the code given, kept), not for a municipality.
		c.given = hit.code
		if hit.county != "" {
			c.warn(key, msg("kommune.splitcounty", append([]any{hit.code}, append(hit.errArgs, hit.county)...)...))
		} else {
			c.warn(key, msg("kommune.splitregion", append([]any{hit.code}, hit.errArgs...)...))
		}
		return ""
	}
	if hit.errKey != "" {
		c.reject(key, msg(hit.errKey, hit.errArgs...))
		return ""
	}
	cur, old := hit.cur, hit.old
	switch {
	case hit.split != nil && hit.byConfig:
		c.warn(key, msg("kommune.splitconfig", old, hit.split.At, splitNames(hit.split), cur))
	case hit.split != nil:
		c.warn(key, msg("kommune.splitmember", old, hit.split.At, splitNames(hit.split), cur))
	case old != "":
		c.warn(key, msg("kommune.renamed", old, cur))
	}
	c.given = old
	if c.regionOK && hit.region != c.region {
		c.warn(key, msg("kommune.region", cur, c.region))
	}
	return cur
}

// What a municipality cell says instead of a municipality (regionWide).
const (
	aMunicipality      = iota
	wholeRegion        // «Alle», «Hele regionen»
	someMunicipalities // «Flere», «Diverse»: several, not named
)

// regionWide tells whether a municipality cell says the activity is for
// the whole region, or for several municipalities it does not name.
func regionWide(raw string) int {
	switch pipeline.Fold(raw) {
	case "alle", "allekommuner", "allekommunene", "heleregionen", "regionen", "regionalt", "helefylket", "felles":
		return wholeRegion
	case "flere", "flerekommuner", "diverse", "ulike", "ulikekommuner":
		return someMunicipalities
	}
	return aMunicipality
}

// severalKommuner are the municipalities a cell names when it names more
// than one («3301, 3303», «Drammen og Lier»): a number or a member's name
// each; one or none when it does not («Nore og Uvdal» is one name).
func (c *check) severalKommuner(raw string) []string {
	if !strings.ContainsAny(raw, ",;/+&") && !strings.Contains(strings.ToLower(raw), " og ") {
		return nil
	}
	if named, _, _ := c.ref.MunicipalityNamed(withoutKommune(raw), c.region); named != "" {
		return nil
	}
	var out, seen []string
	for _, item := range strings.FieldsFunc(raw, func(r rune) bool { return strings.ContainsRune(",;/+&", r) }) {
		for _, part := range c.andNames(item) {
			code, err := cell.NormaliseKommunenr(part)
			if err != nil {
				code, _, _ = c.ref.MunicipalityNamed(withoutKommune(part), c.region)
			}
			// «0301/Oslo» names one municipality twice: one.
			if cur, _, ok := c.ref.Municipality(code); code != "" && ok && !slices.Contains(seen, cur) {
				seen = append(seen, cur)
				out = append(out, part)
			}
		}
	}
	return out
}

// splitNames lists a split's successors: «1508 Ålesund, 1580 Haram».
func splitNames(h *pipeline.KommuneHop) string {
	var parts []string
	for _, to := range h.To {
		parts = append(parts, to+" "+h.Names[to])
	}
	return strings.Join(parts, ", ")
}

// kommuneNamed reads a municipality given by its name («Drammen»,
// «Drammen kommune», «Drammen (3301)»): the kommunenummer it names (a
// former municipality's old number, «Nøtterøy» 0722, which the caller
// follows to today's); "" when raw is no name, for the caller to read as a
// number. ok is false when raw is rejected: a name of several members, or
// of none.
func (c *check) kommuneNamed(key, raw string) (code string, ok bool) {
	if !strings.ContainsFunc(raw, unicode.IsLetter) {
		return "", true
	}
	if _, err := cell.NormaliseKommunenr(raw); err == nil {
		return "", true // «3301 Drammen», «K-3301»
	}
	code, former, candidates := c.ref.MunicipalityNamed(withoutKommune(raw), c.region)
	switch {
	case former != "":
		return former, true
	case code != "":
		return code, true
	case len(candidates) > 1:
		var names []string
		for _, k := range candidates {
			names = append(names, k+" "+c.ref.MunicipalityName(k)+" ("+c.ref.MunicipalityCounty(k)+")")
		}
		c.reject(key, msg("kommune.ambiguous", strings.Join(names, ", ")))
		return "", false
	}
	// «Drammen (3301)»: a name the members do not have, and one number.
	if m := kommuneDigits.FindAllString(raw, -1); len(m) == 1 {
		return m[0], true
	}
	c.reject(key, msg("kommune.unknownname"))
	return "", false
}

// withoutKommune is a municipality's name without «kommune» after it.
func withoutKommune(name string) string {
	f := strings.Fields(name)
	if len(f) > 1 && strings.EqualFold(f[len(f)-1], "kommune") {
		f = f[:len(f)-1]
	}
	return strings.Join(f, " ")
}

// kommuneDigits is a run of three or four digits in a text.
var kommuneDigits = regexp.MustCompile(`\b\d{3,4}\b`)

// kommuneList reads a ;-separated list of kommunenummer (or names, as
// kommune reads them), or a count. It returns the codes (nil for a count)
// and the count.
func (c *check) kommuneList(key string) (codes []string, count int64, ok bool) {
	raw := c.r.value(key)
	if raw == "" {
		return nil, 0, false
	}
	if !strings.ContainsAny(raw, ";,\n ") {
		if n, err := cell.ParseCount(raw); err == nil && n < 1000 && len(raw) < 4 {
			return nil, n, true
		}
	}
	// «alle», «hele regionen»: every member municipality of the row's
	// region, said.
	if regionWide(raw) == wholeRegion && c.regionOK {
		if members := c.ref.Members[c.region]; len(members) > 0 {
			c.warn(key, msg("kommune.listall", len(members), c.region))
			return members, int64(len(members)), true
		}
	}
	var parts []string
	for _, item := range strings.FieldsFunc(raw, func(r rune) bool { return r == ';' || r == ',' || r == '\n' }) {
		// Names may have spaces in them (Øvre Eiker); numbers may be
		// listed with spaces between (3301 3303).
		if strings.ContainsFunc(item, unicode.IsLetter) {
			if name := strings.TrimSpace(item); name != "" {
				parts = append(parts, name)
			}
		} else {
			parts = append(parts, strings.Fields(item)...)
		}
	}
	for i := 0; i < len(parts); i++ {
		part := parts[i]
		code, err := cell.NormaliseKommunenr(part)
		if err != nil && strings.ContainsFunc(part, unicode.IsLetter) {
			if named, _, _ := c.ref.MunicipalityNamed(withoutKommune(part), c.region); named != "" {
				code, err = named, nil
			} else if more := c.andNames(part); len(more) > 1 {
				// «Drammen og Lier», when it is not one name (as «Nore og
				// Uvdal» is): each read in its turn.
				parts = slices.Insert(parts, i+1, more...)
				continue
			}
		}
		if err != nil {
			c.reject(key, msg("kommune.listinvalid", part))
			continue
		}
		cur, _, known := c.ref.Municipality(code)
		if !known {
			c.reject(key, msg("kommune.listunknown", part))
			continue
		}
		if !slices.Contains(codes, cur) {
			codes = append(codes, cur)
		}
	}
	return codes, int64(len(codes)), len(codes) > 0
}

// andNames splits a list's item of municipality names at «og», «and» or
// «&»: «Drammen og Lier» is two; the longest runs of words that name one
// municipality are kept whole: «Nore og Uvdal og Flå» is two.
func (c *check) andNames(item string) []string {
	s := item
	for _, sep := range []string{" og ", " Og ", " OG ", " and ", " & "} {
		s = strings.ReplaceAll(s, sep, "\x00")
	}
	var pieces []string
	for _, p := range strings.Split(s, "\x00") {
		if p = strings.TrimSpace(p); p != "" {
			pieces = append(pieces, p)
		}
	}
	if len(pieces) > 8 {
		return pieces // no list is that long: no names looked for
	}
	var out []string
	for i := 0; i < len(pieces); {
		// No municipality's name has more than one «og»: runs of two
		// pieces at most (a cell costs a few lookups, however written).
		j := min(len(pieces), i+2)
		for ; j > i+1; j-- {
			if named, _, _ := c.ref.MunicipalityNamed(withoutKommune(strings.Join(pieces[i:j], " og ")), c.region); named != "" {
				break
			}
		}
		out = append(out, strings.Join(pieces[i:j], " og "))
		i = j
	}
	return out
}

// goalParts splits a cell of goals as people list them: «1.1; 3.2»,
// «1.1 / 3.2», «1.1, 3.2», «1.1,3.2», «1.1 og 3.2». A comma with no space
// after it, in a cell without dots, is a decimal comma: «3,1» is one goal.
func goalParts(raw string) []string {
	s := raw
	for _, sep := range []string{", ", ",\t", " og ", " Og ", " OG ", " and ", " & "} {
		s = strings.ReplaceAll(s, sep, ";")
	}
	comma := strings.Contains(s, ".")
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ';' || r == '\n' || r == '/' || r == '+' || (comma && r == ',')
	})
}

// goals reads one or more goals (see goalParts), each a code, or a code
// with its goal's name after it.
func (c *check) goals(key string) []string {
	raw := c.r.list(key)
	if raw == "" {
		c.reject(key, msg("required"))
		return nil
	}
	hit, seen := c.cache.goals[raw]
	if !seen {
		parts := goalParts(raw)
		if _, ok := c.ref.Goal(raw); ok {
			parts = []string{raw} // one goal, its name perhaps with «og» in it
		}
		for _, part := range parts {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			g, _ := c.ref.Goal(part)
			gp := goalPart{part: part, code: g}
			if g != "" {
				gp.region = c.ref.GoalRegion(g)
				if !slices.Contains(hit.goals, g) {
					hit.goals = append(hit.goals, g)
				}
			}
			hit.parts = append(hit.parts, gp)
		}
		if len(c.cache.goals) < cacheLimit {
			c.cache.goals[raw] = hit
		}
	}
	for _, gp := range hit.parts {
		if gp.code == "" {
			if gp.part == raw {
				c.reject(key, msg("goal.unknown", c.ref.GoalList()))
			} else {
				c.reject(key, msg("goal.unknownpart", gp.part, c.ref.GoalList()))
			}
			continue
		}
		if gp.region != "" && c.regionOK && gp.region != c.region {
			c.warn(key, msg("goal.region", gp.code, gp.region))
		}
	}
	goals := hit.goals
	if len(goals) == 0 && c.ok() {
		c.reject(key, msg("required"))
	}
	return goals
}

// measure reads a measure code; one that is not under any of goals is a
// warning.
func (c *check) measure(key string, goals []string) string {
	raw := c.r.value(key)
	if raw == "" {
		return ""
	}
	hit, seen := c.cache.measures[raw]
	if !seen {
		hit.code, hit.goal, hit.ok = c.ref.Measure(raw)
		if len(c.cache.measures) < cacheLimit {
			c.cache.measures[raw] = hit
		}
	}
	code, goal := hit.code, hit.goal
	if !hit.ok {
		c.reject(key, msg("measure.unknown"))
		return ""
	}
	if len(goals) > 0 && !slices.Contains(goals, goal) {
		c.warn(key, msg("measure.goal", code, strings.Join(goals, "; ")))
	}
	return code
}

// vocabulary reads a value that must be one of words (matched folded).
func (c *check) vocabulary(key string, words []string, others map[string][]string, required bool) string {
	raw := c.r.value(key)
	if raw == "" {
		if required {
			c.reject(key, msg("required"))
		}
		return ""
	}
	f := pipeline.Fold(raw)
	for _, w := range words {
		if pipeline.Fold(w) == f {
			return w
		}
	}
	for _, w := range words {
		for _, o := range others[w] {
			if pipeline.Fold(o) == f {
				return w
			}
		}
	}
	c.reject(key, msg("vocab.unknown", strings.Join(words, ", ")))
	return ""
}

// invalid is the message for a value its field cannot read (key's), or,
// for an error a formula gave (#N/A, #VALUE!), one that says so.
func invalid(raw, key string) pipeline.Msg {
	if cell.FormulaError(raw) {
		return msg("cell.formulaerror", strings.TrimSpace(raw))
	}
	return msg(key)
}

// count reads a whole number ≥ 0.
func (c *check) count(key string, required bool) (int64, bool) {
	return c.countOf(key, required, false)
}

// estimate reads a whole number ≥ 0 that may be estimated or added up, as
// the participants of an activity or a project are: «ca. 60» is 60,
// «12+3» 15, «4 (2 lærere)» 4, each said in a warning. (A figure of the
// official statistics is counted, not estimated: there these are
// rejected.)
func (c *check) estimate(key string) (int64, bool) {
	return c.countOf(key, false, true)
}

func (c *check) countOf(key string, required, approx bool) (int64, bool) {
	raw := c.r.value(key)
	if raw == "" || cell.NoNumber(raw) {
		if required {
			c.reject(key, msg("required"))
		}
		return 0, false
	}
	n, err := cell.ParseCount(raw)
	if errors.Is(err, cell.ErrAmbiguousComma) && c.english() {
		n, err = cell.ParseCount(englishThousands(raw))
	}
	if err != nil && cell.None(raw) {
		return 0, true // «ingen»
	}
	if err != nil && !approx {
		_, approximate := cell.Approximate(raw)
		if _, _, span := cell.CountRange(raw); approximate || span {
			// The statistics' figures are counted: «ca. 60» and «20–30»
			// are refused, saying why.
			c.reject(key, msg("number.approxstat"))
			return 0, false
		}
	}
	if err != nil && approx {
		// How people write a figure they estimated or added up — «ca.
		// 60», «20–30», «12+3», «4 (2 lærere)» — is the sender's figure:
		// read, and said.
		if rest, ok := cell.Approximate(raw); ok {
			if n, err = cell.ParseCount(rest); err == nil {
				c.warn(key, msg("number.approx", n))
				return n, true
			}
		} else if lo, _, ok := cell.CountRange(raw); ok {
			// «20–30»: at least the smaller came.
			c.warn(key, msg("number.range", lo))
			return lo, true
		} else if sum, ok := cell.CountSum(raw); ok {
			c.warn(key, msg("number.sum", sum))
			return sum, true
		} else if count, note, ok := cell.CountNote(raw); ok {
			if n, err = cell.ParseCount(count); err == nil {
				c.warn(key, msg("number.note", n, note))
				return n, true
			}
		}
	}
	switch {
	case errors.Is(err, cell.ErrAmbiguousComma):
		c.reject(key, msg("number.comma"))
	case errors.Is(err, cell.ErrNegative):
		c.reject(key, msg("number.negative"))
	case errors.Is(err, cell.ErrNotInteger):
		c.reject(key, invalid(raw, "number.integer"))
	case err != nil:
		c.reject(key, invalid(raw, "number.invalid"))
	default:
		return n, true
	}
	return 0, false
}

// english tells whether the sheet shows itself written by a program set
// to English: its dates with slashes are month first. A comma that may
// group thousands or be a decimal comma (1,234) then groups thousands.
func (c *check) english() bool { return c.r.slash.monthFirst }

// englishThousands writes the comma of an English «1,234» as the space
// of a Norwegian «1 234».
func englishThousands(raw string) string { return strings.Replace(raw, ",", " ", 1) }

// amount reads a number ≥ 0 such as an amount in NOK, where "1.234" is one
// thousand two hundred and thirty-four.
func (c *check) amount(key string, required bool) (float64, bool) {
	return c.number(key, required, cell.ParseAmount)
}

// fee reads a yearly fee in NOK, with the period it is for after it or
// not: «3 000 pr år» is 3 000; «1 500 per semester» 3 000, said (the
// kulturskole's year is two semesters).
func (c *check) fee(key string) (float64, bool) {
	raw := c.r.value(key)
	switch pipeline.Fold(raw) {
	case "gratis", "fritt", "free", "ingenavgift":
		return 0, true // a school without a fee
	}
	if _, _, span := cell.Span(raw, cell.ParseAmount); span {
		c.reject(key, msg("fee.span"))
		return 0, false
	}
	if amount, times, ok := cell.FeePer(raw); ok {
		if v, err := cell.ParseAmount(amount); err == nil && v >= 0 {
			if times != 1 {
				c.warn(key, msg("fee.peryear", formatNOK(v), formatNOK(v*times)))
			}
			return v * times, true
		}
	}
	return c.amount(key, false)
}

// formatNOK writes an amount as a message shows it: «1500», «1500.5».
func formatNOK(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// decimal reads a small decimal number ≥ 0 such as FTE, where "4.125" is
// four and an eighth.
func (c *check) decimal(key string, required bool) (float64, bool) {
	return c.number(key, required, cell.ParseDecimal)
}

func (c *check) number(key string, required bool, parse func(string) (float64, error)) (float64, bool) {
	raw := c.r.value(key)
	if raw == "" || cell.NoNumber(raw) {
		if required {
			c.reject(key, msg("required"))
		}
		return 0, false
	}
	f, err := parse(raw)
	if errors.Is(err, cell.ErrAmbiguousComma) && c.english() {
		f, err = parse(englishThousands(raw))
	}
	switch {
	case errors.Is(err, cell.ErrAmbiguousComma):
		c.reject(key, msg("number.comma"))
	case err != nil:
		c.reject(key, invalid(raw, "number.invalid"))
	case f < 0:
		c.reject(key, msg("number.negative"))
	default:
		return f, true
	}
	return 0, false
}

// slashOrder is how a sheet writes its dates with slashes: day first
// (dd/mm/yyyy, as Norwegians do) until a date that can only be month
// first (10/20/2026, as software set to American English exports them)
// shows that the sheet writes month first; from then on they are read so.
// The dates read day first before that which could have been either are
// told at the end of the sheet (see readRows).
type slashOrder struct {
	decided, monthFirst bool
	at                  string   // the cell that showed month first
	doubtful            cellList // those read day first before it that could be either
}

// learn decides the order from a date with slashes that can be read only
// one way (where names its cell), before the rows are read: the rows read
// while looking for the header are looked at first.
func (o *slashOrder) learn(raw string, where func() string) {
	if o.decided {
		return
	}
	if _, _, dayOK, monthOK, isSlash := cell.SlashDate(raw); isSlash && dayOK != monthOK {
		o.decide(monthOK, where)
	}
}

// decide settles the order, naming the cell that shows month first.
func (o *slashOrder) decide(monthFirst bool, where func() string) {
	o.decided, o.monthFirst = true, monthFirst
	if monthFirst {
		o.at = where()
	}
}

// read reads a date with slashes in the sheet's order: ok is false when it
// is not one that order reads (the caller reads it as any other date and
// says what is wrong). where names the date's cell, asked only when needed.
func (o *slashOrder) read(raw string, where func() string) (time.Time, bool) {
	dayFirst, monthFirst, dayOK, monthOK, isSlash := cell.SlashDate(raw)
	if !isSlash {
		return time.Time{}, false
	}
	if !o.decided {
		switch {
		case dayOK != monthOK:
			o.decide(monthOK, where)
		case dayOK && !dayFirst.Equal(monthFirst):
			o.doubtful.add(where())
		}
	}
	if o.monthFirst {
		return monthFirst, monthOK
	}
	return dayFirst, dayOK
}

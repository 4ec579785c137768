// Package cell reads the values people type into spreadsheet cells: dates
// (as text in the forms Norwegians write them, or as Excel serials in either
// date system), numbers with Norwegian or English separators, counts,
// kommunenummer (with or without the leading zero or the name), months and
// school years. The row checks of package ingest use it; so does the sample
// generator.
package cell

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Errors returned by the cell parsers. Problem messages are built from them.
var (
	ErrEmpty      = errors.New("empty")
	ErrNotDate    = errors.New("not a date")
	ErrNotNumber  = errors.New("not a number")
	ErrNotInteger = errors.New("not a whole number")
	ErrNegative   = errors.New("negative")
	// ErrAmbiguousComma is a comma with three digits after it, and one to
	// three before ("450,000"): a thousands separator in English, a
	// decimal comma in Norwegian.
	ErrAmbiguousComma = errors.New("a comma that may group thousands or be a decimal comma")
	ErrNotKommune     = errors.New("not a kommunenummer")
	ErrDateOutside    = errors.New("date outside 2000–2099")
	ErrNoYear         = errors.New("a date without its year")
)

// timeOfDay is a time after a date: «14:30», «14.30», «kl. 14», «00:00:00».
var timeOfDay = regexp.MustCompile(`^(?i:kl\.?\s*)?\d{1,2}([:.]\d{2}){0,2}$`)

// TrailingText is what a date written with digits has after it that is
// not a time of day — «06.10.2026 (flyttet fra 5.10)» — which ParseDate
// does not read; "" when there is none.
func TrailingText(raw string) string {
	s := strings.TrimSpace(raw)
	i := strings.IndexAny(s, " T")
	if i <= 0 {
		return ""
	}
	if _, ok := parseTextDate(s[:i]); !ok {
		return "" // not a date of digits, or read whole (a month named)
	}
	if rest := strings.TrimSpace(s[i+1:]); rest != "" && !timeOfDay.MatchString(rest) {
		return rest
	}
	return ""
}

// NoSuchDayError is a date written rightly of a day the month does not
// have: 31.02.2026. It is an ErrNotDate.
type NoSuchDayError struct{ Days int } // the days the month has

func (e *NoSuchDayError) Error() string {
	return fmt.Sprintf("no such day: the month has %d days", e.Days)
}
func (e *NoSuchDayError) Unwrap() error { return ErrNotDate }

// dayMonthYear is a date written day first with dots: 31.02.2026, 31.2.26.
var dayMonthYear = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$`)

// noSuchDay tells, for a date that did not parse, whether it is one of a
// day its month does not have.
func noSuchDay(s string) error {
	m := dayMonthYear.FindStringSubmatch(s)
	if m == nil {
		return nil
	}
	day, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	year, _ := strconv.Atoi(m[3])
	if len(m[3]) == 2 {
		year += 2000
	}
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return nil
	}
	days := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if day <= days {
		return nil
	}
	return &NoSuchDayError{Days: days}
}

// excelEpoch1900 is day 0 of Excel's 1900 date system, counting the
// non-existent 29 February 1900 that Lotus 1-2-3 introduced.
var (
	excelEpoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	excelEpoch1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
)

// ExcelSerialToDate converts an Excel serial date to a calendar date; the
// fraction (time of day) is dropped.
func ExcelSerialToDate(serial float64, date1904 bool) (time.Time, bool) {
	if math.IsNaN(serial) || serial < 0 || serial > 2958465 { // 9999-12-31
		return time.Time{}, false
	}
	days := int(math.Floor(serial))
	if date1904 {
		return excelEpoch1904.AddDate(0, 0, days), true
	}
	if days < 61 {
		// Before the fictional 1900-02-29 the serials are one day off.
		if days == 0 {
			return time.Time{}, false
		}
		return excelEpoch1900.AddDate(0, 0, days+1), true
	}
	return excelEpoch1900.AddDate(0, 0, days), true
}

// SerialDate reads raw when it is what a date cell's raw value nearly
// always is, a whole Excel serial of five digits (45221), and the day is
// in 2000–2099: the day ParseDate gives for it, worked out without its
// checks for other forms. ok is false for anything else (ParseDate then
// decides).
func SerialDate(raw string, date1904 bool) (d time.Time, ok bool) {
	if len(raw) != 5 {
		return time.Time{}, false
	}
	n := 0
	for i := range 5 {
		c := raw[i]
		if c < '0' || c > '9' {
			return time.Time{}, false
		}
		n = n*10 + int(c-'0')
	}
	d, ok = ExcelSerialToDate(float64(n), date1904)
	return d, ok && plausible(d)
}

// ParseDate reads a date as Excel and people write it: an Excel serial
// (raw cell value), dd.mm.yyyy, d.m.yy, yyyy-mm-dd, yyyy/mm/dd, or
// dd/mm/yyyy (for mm/dd/yyyy see SlashDate). Dates outside 2000–2099 are
// rejected as typing errors.
func ParseDate(raw string, date1904 bool) (time.Time, error) {
	s := strings.TrimPrefix(strings.TrimSpace(raw), "'") // '06.10.2026: see NormaliseKommunenr
	if s == "" {
		return time.Time{}, ErrEmpty
	}
	var d time.Time
	if noYear.MatchString(s) {
		return time.Time{}, ErrNoYear // «6.10», read as a number, would be 6 January 1900
	}
	if len(s) == 8 && strings.HasPrefix(s, "20") && strings.Trim(s, "0123456789") == "" {
		// 20261006, as systems write a day: far past Excel's last serial.
		y, _ := strconv.Atoi(s[:4])
		m, _ := strconv.Atoi(s[4:6])
		dd, _ := strconv.Atoi(s[6:])
		if t := time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC); m >= 1 && m <= 12 && t.Day() == dd {
			return t, nil
		}
		return time.Time{}, ErrNotDate
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "-/") {
		t, ok := ExcelSerialToDate(f, date1904)
		if !ok {
			return time.Time{}, ErrNotDate
		}
		d = t
	} else {
		// A time of day after the date ("2025-03-04 00:00:00") is dropped.
		numeric := s
		if i := strings.IndexAny(s, " T"); i > 0 {
			numeric = s[:i]
		}
		var ok bool
		d, ok = parseTextDate(numeric)
		if !ok {
			d, ok = parseNamedDate(s)
		}
		if !ok {
			if err := noSuchDay(numeric); err != nil {
				return time.Time{}, err
			}
			return time.Time{}, ErrNotDate
		}
	}
	if !plausible(d) {
		return time.Time{}, ErrDateOutside
	}
	return d, nil
}

// noYear is a day and month without a year: «6.10», «6.10.», «6/10», «6.
// okt», «6. oktober».
var noYear = regexp.MustCompile(`^\d{1,2}(\.\s?\d{1,2}\.?|/\d{1,2}|\.?\s?[A-Za-zæøåÆØÅ]{3,9}\.?)$`)

// plausible reports whether d is in 2000–2099: a date outside is a typing
// error.
func plausible(d time.Time) bool { return d.Year() >= 2000 && d.Year() <= 2099 }

// SlashDate reads a text date written with slashes, a/b/yyyy (a time of
// day after it dropped), both ways: day first (dayFirst, as Norwegians
// write it) and month first (monthFirst, as American software does).
// isSlash is false for any other text.
func SlashDate(raw string) (dayFirst, monthFirst time.Time, dayOK, monthOK, isSlash bool) {
	s := strings.TrimSpace(raw)
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i]
	}
	if strings.Count(s, "/") != 2 {
		return
	}
	isSlash = true
	a, rest, _ := strings.Cut(s, "/")
	b, y, _ := strings.Cut(rest, "/")
	dayFirst, dayOK = parseTextDate(s)
	if len(a) == 4 { // 2026/10/06: year, month, day either way
		monthFirst, monthOK = dayFirst, dayOK
	} else {
		monthFirst, monthOK = parseTextDate(b + "/" + a + "/" + y)
	}
	dayOK, monthOK = dayOK && plausible(dayFirst), monthOK && plausible(monthFirst)
	return
}

func parseTextDate(s string) (time.Time, bool) {
	var parts []string
	var ymd bool
	switch {
	case strings.Count(s, ".") == 2:
		parts = strings.Split(s, ".")
	case strings.Count(s, "/") == 2:
		parts = strings.Split(s, "/")
	case strings.Count(s, "-") == 2:
		parts = strings.Split(s, "-")
	default:
		return time.Time{}, false
	}
	// A four-digit year first is year, month, day, whatever the
	// separator (2026-10-06, and 2026/10/06 as some locales export it).
	ymd = len(parts[0]) == 4
	n := make([]int, 3)
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || len(p) == 0 || len(p) > 4 {
			return time.Time{}, false
		}
		n[i] = v
	}
	day, month, year := n[0], n[1], n[2]
	if ymd {
		year, month, day = n[0], n[1], n[2]
	} else if len(parts[2]) == 2 {
		year += 2000
	} else if len(parts[2]) != 4 {
		return time.Time{}, false
	}
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day { // 31.02 rolls over into March
		return time.Time{}, false
	}
	return t, true
}

// parseNamedDate reads a date whose month is named, in Norwegian or
// English, as a spreadsheet shows a date formatted so and a CSV exported
// «as shown» keeps it: «6. okt. 2026», «6. oktober 2026», «06.okt.2026»,
// «tirsdag 6. oktober 2026», «6-Oct-26», «Oct 6, 2026», «Tuesday, October
// 6, 2026», with a time of day after it or not; and «6. 10. 2026». A
// weekday named must be the date's.
func parseNamedDate(s string) (time.Time, bool) {
	f := dateFields(strings.ToLower(s))
	// A time of day at the end: 14:30, 14:30:00, and an AM/PM after it.
	if n := len(f); n > 0 && (f[n-1] == "am" || f[n-1] == "pm") {
		f = f[:n-1]
	}
	if n := len(f); n > 0 && strings.Contains(f[n-1], ":") {
		f = f[:n-1]
	}
	weekday := -1
	if len(f) == 4 {
		w, ok := weekdays[f[0]]
		if !ok {
			return time.Time{}, false
		}
		weekday, f = int(w), f[1:]
	}
	if len(f) != 3 {
		return time.Time{}, false
	}
	dayText, monthText := f[0], f[1]
	if _, ok := monthNames[f[0]]; ok { // Oct 6, 2026
		dayText, monthText = f[1], f[0]
	}
	month, ok := monthNames[monthText]
	if m, err := strconv.Atoi(monthText); !ok && err == nil && m >= 1 && m <= 12 && len(monthText) <= 2 && strings.Contains(s, ".") {
		month, ok = time.Month(m), true // «6. 10. 2026», spaced as Norwegian print does
	}
	if !ok || len(dayText) > 2 || (len(f[2]) != 2 && len(f[2]) != 4) {
		return time.Time{}, false
	}
	day, err := strconv.Atoi(dayText)
	if err != nil || day < 1 {
		return time.Time{}, false
	}
	year, err := strconv.Atoi(f[2])
	if err != nil || year < 0 {
		return time.Time{}, false
	}
	if len(f[2]) == 2 {
		year += 2000
	}
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day || (weekday >= 0 && int(t.Weekday()) != weekday) {
		return time.Time{}, false
	}
	return t, true
}

// dateFields splits a date written with its month named into its words
// and numbers.
func dateFields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '.' || r == ',' || r == '-' || r == '\u00a0'
	})
}

// monthNames are the months as Norwegian and English name them in dates,
// in full and as their date formats shorten them.
var monthNames = map[string]time.Month{
	"januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7, "august": 8,
	"september": 9, "oktober": 10, "november": 11, "desember": 12,
	"january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"okt": 10, "oct": 10, "nov": 11, "des": 12, "dec": 12,
}

// weekdays are the days of the week as a long date names them.
var weekdays = map[string]time.Weekday{
	"søndag": time.Sunday, "mandag": time.Monday, "tirsdag": time.Tuesday, "onsdag": time.Wednesday,
	"torsdag": time.Thursday, "fredag": time.Friday, "lørdag": time.Saturday,
	"søn": time.Sunday, "man": time.Monday, "tir": time.Tuesday, "ons": time.Wednesday,
	"tor": time.Thursday, "fre": time.Friday, "lør": time.Saturday,
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// numberText strips what people put around a number: spaces (also no-break
// and thin spaces) used as thousands separators, "kr", "NOK", ",-".
func numberText(raw string) string {
	s := strings.TrimSpace(raw)
	low := strings.ToLower(s)
	for _, suf := range []string{",-", ".-", "kr.", "kr", "nok"} {
		if strings.HasSuffix(low, suf) {
			s = strings.TrimSpace(s[:len(s)-len(suf)])
			low = strings.ToLower(s)
		}
	}
	for _, pre := range []string{"kr.", "kr", "nok"} {
		if strings.HasPrefix(low, pre) {
			s = strings.TrimSpace(s[len(pre):])
			low = strings.ToLower(s)
		}
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' || r == '\u2009' || r == '\'' {
			return -1
		}
		if r == '\u2212' { // minus sign
			return '-'
		}
		return r
	}, s)
}

// ParseNumber reads a number as a raw cell value or as Norwegian text:
// "1 234", "1.234" and "1.234.567" (thousands), "12,5" (decimal comma),
// "1 234,50 kr". A lone dot followed by other than three digits is a decimal
// point, as Excel writes raw values ("12.5"). With both a dot and a comma
// the last is the decimal point, as a program set to English shows
// numbers: "1,234.50"; so are commas that group thousands, "1,234,567".
func ParseNumber(raw string) (float64, error) { return parseNumber(numberText(raw)) }

// parseNumber is ParseNumber of a number's text, cleaned by numberText.
func parseNumber(s string) (float64, error) {
	if s == "" {
		return 0, ErrEmpty
	}
	commas := strings.Count(s, ",")
	dots := strings.Count(s, ".")
	switch {
	case commas > 0 && dots > 0 && strings.LastIndexByte(s, ',') > strings.LastIndexByte(s, '.'):
		// 1.234,5: dots group thousands, the comma is the decimal point.
		if commas > 1 || !thousandsGrouped(s[:strings.IndexByte(s, ',')], '.') {
			return 0, ErrNotNumber
		}
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	case commas > 0 && dots > 0:
		// 1,234.5: commas group thousands, the dot is the decimal point.
		if dots > 1 || !thousandsGrouped(s[:strings.IndexByte(s, '.')], ',') {
			return 0, ErrNotNumber
		}
		s = strings.ReplaceAll(s, ",", "")
	case commas > 1:
		// 1,234,567: commas group thousands.
		if !thousandsGrouped(s, ',') {
			return 0, ErrNotNumber
		}
		s = strings.ReplaceAll(s, ",", "")
	case commas == 1:
		s = strings.Replace(s, ",", ".", 1)
	case dots > 1:
		if !thousandsGrouped(s, '.') {
			return 0, ErrNotNumber
		}
		s = strings.ReplaceAll(s, ".", "")
	case dots == 1:
		i := strings.Index(s, ".")
		if len(s)-i-1 == 3 && i > 0 && i <= 4 && s[0] != '0' && !strings.ContainsAny(s, "eE") {
			// "1.234" is one thousand two hundred and thirty-four in Norway.
			s = s[:i] + s[i+1:]
		}
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9') && r != '.' && r != '-' && r != '+' && r != 'e' && r != 'E' {
			return 0, ErrNotNumber
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, ErrNotNumber
	}
	return f, nil
}

// ParseDecimal is ParseNumber for quantities that are small decimals, such
// as teacher FTE: a lone dot is always the decimal point ("4.125" is four and
// an eighth, as Excel writes it), never a thousands separator.
func ParseDecimal(raw string) (float64, error) {
	s := numberText(raw)
	if strings.Count(s, ".") == 1 && !strings.Contains(s, ",") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return 0, ErrNotNumber
		}
		return f, nil
	}
	return parseNumber(s)
}

// ambiguousComma reports whether s, a number's text cleaned by numberText,
// has one comma, three digits after it and one to three before ("450,000",
// "1,500"): a thousands separator as English writes it, a decimal comma as
// Norwegian does. ParseNumber reads it as Norwegian; counts and amounts,
// where three decimals are not what a Norwegian writes, ask (ParseCount,
// ParseAmount).
func ambiguousComma(s string) bool {
	return strings.Count(s, ",") == 1 && !strings.Contains(s, ".") && thousandsGrouped(s, ',')
}

// ParseAmount reads an amount, such as NOK, as ParseNumber does, but
// refuses a comma that may group thousands (ErrAmbiguousComma): kroner
// have two decimals, and "450,000" is more likely 450 000 than 450.
func ParseAmount(raw string) (float64, error) {
	if v, ok := millions(raw); ok {
		return v, nil
	}
	s := numberText(raw)
	if ambiguousComma(s) {
		return 0, ErrAmbiguousComma
	}
	return parseNumber(s)
}

// scaleWords are what people write after an amount in millions or
// thousands of kroner, and what each multiplies by: «1,5 mill», «2 mill.
// kr», «3 millioner», «1,2 MNOK»; «150k», «150 tusen», «150 tkr» (the
// longer words first: a word may end another).
var scaleWords = []struct {
	word  string
	scale float64
}{
	{"millioner kroner", 1e6}, {"millioner kr", 1e6}, {"millioner", 1e6}, {"million", 1e6}, {"mill. kr", 1e6}, {"mill.kr", 1e6},
	{"mill kr", 1e6}, {"mill.", 1e6}, {"mill", 1e6}, {"mnok", 1e6}, {"mkr", 1e6},
	{"tusen kroner", 1e3}, {"tusen kr", 1e3}, {"tusen", 1e3}, {"knok", 1e3}, {"tkr", 1e3}, {"kkr", 1e3}, {"k", 1e3},
}

// millions reads an amount given in millions or thousands of kroner, to
// whole kroner; ok is false for anything else.
func millions(raw string) (float64, bool) {
	s := strings.TrimSpace(raw)
	low := strings.ToLower(s)
	if len(low) != len(s) || low == "" || low[0] < '0' || low[0] > '9' {
		return 0, false
	}
	for _, w := range scaleWords {
		if rest, ok := strings.CutSuffix(low, w.word); ok {
			v, err := ParseDecimal(rest)
			if err != nil || v < 0 || v > 1e6 {
				continue // «150 nok» ends in k, and is no thousands
			}
			return math.Round(v * w.scale), true
		}
	}
	return 0, false
}

// thousandsGrouped reports whether s is digits grouped by sep in threes.
func thousandsGrouped(s string, sep byte) bool {
	s = strings.TrimLeft(s, "+-")
	groups := strings.Split(s, string(sep))
	for i, g := range groups {
		if len(g) == 0 || len(g) > 3 || (i > 0 && len(g) != 3) {
			return false
		}
		for j := 0; j < len(g); j++ {
			if g[j] < '0' || g[j] > '9' {
				return false
			}
		}
	}
	return true
}

// countUnits are the words people write after a count: «12 stk», «40
// deltakere».
var countUnits = []string{"stk.", "stk", "deltakere", "deltagere", "personer", "pers.", "pers", "elever"}

// countText is raw without a unit word after the number.
func countText(raw string) string {
	s := strings.TrimSpace(raw)
	low := strings.ToLower(s)
	if len(low) != len(s) {
		return s // lower case of another length: no unit of ours
	}
	for _, u := range countUnits {
		if rest, ok := strings.CutSuffix(low, u); ok && rest != low && strings.HasSuffix(rest, " ") {
			return s[:len(rest)]
		}
	}
	return s
}

// FormulaError tells whether raw is an error a formula gave, as Excel
// saves it (#N/A), as Norwegian Excel shows it (#I/T) or as LibreOffice
// does (Err:502).
func FormulaError(raw string) bool {
	switch strings.TrimSpace(raw) {
	case "#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA",
		"#I/T", "#VERDI!", "#NAVN?", "#TALL!", "Err:502", "Err:504", "Err:522":
		return true
	}
	return false
}

// NoNumber tells whether a cell says there is no number, as people fill
// a cell they have no figure for: «-», «–», «?», «ukjent», «n/a», «ikke
// svart», «vet ikke». An optional number is then empty, not a reason to
// reject the row.
func NoNumber(raw string) bool {
	if raw != "" && raw[0] >= '0' && raw[0] <= '9' {
		return false // a figure, as most cells hold: none of the words
	}
	switch strings.Join(strings.Fields(strings.ToLower(strings.TrimSuffix(strings.TrimSpace(raw), "."))), " ") {
	case "-", "–", "—", "?", "ukjent", "n/a", "na", "i.a", "ikke svart", "ikke oppgitt", "ikke rapportert", "ikke kjent", "vet ikke", "mangler", "unknown", "not known":
		return true
	}
	return false
}

// approxWords are what people write before a figure they have not
// counted exactly: «ca. 60», «cirka 60», «omtrent 60», «~60».
var approxWords = []string{"ca.", "ca", "c.", "cirka", "omtrent", "rundt", "anslagsvis", "ansl.", "~", "≈"}

// Approximate is raw without a word before its number that makes the
// number approximate («ca. 60» is «60»), and whether it had one. The rest
// is a number only if a parser says so.
func Approximate(raw string) (string, bool) {
	s := strings.TrimSpace(raw)
	low := strings.ToLower(s)
	if len(low) != len(s) {
		return raw, false // lower case of another length: no word of ours
	}
	for _, w := range approxWords {
		if rest, ok := strings.CutPrefix(low, w); ok {
			rest = strings.TrimLeft(rest, " \u00a0")
			if rest != "" && rest[0] >= '0' && rest[0] <= '9' {
				return s[len(s)-len(rest):], true
			}
		}
	}
	return raw, false
}

// feeWords are what people write after a fee: the period it is for, and
// how many of them make a year (the kulturskole's year is two semesters).
var feeWords = []struct {
	suffix string
	times  float64
}{
	{"pr. år", 1}, {"pr år", 1}, {"per år", 1}, {"/år", 1}, {"i året", 1}, {"årlig", 1},
	{"pr. semester", 2}, {"pr semester", 2}, {"per semester", 2}, {"/semester", 2}, {"i semesteret", 2},
	{"pr. halvår", 2}, {"pr halvår", 2}, {"per halvår", 2}, {"/halvår", 2},
}

// FeePer splits a fee with the period it is for after it («3 000 pr år»,
// «1 500 kr per semester») into the amount's text and how many such
// periods make a year; ok is false when no period is written.
func FeePer(raw string) (amount string, times float64, ok bool) {
	s := strings.TrimSpace(raw)
	low := strings.ToLower(s)
	if len(low) != len(s) {
		return "", 0, false
	}
	for _, w := range feeWords {
		if rest, cut := strings.CutSuffix(low, w.suffix); cut && strings.TrimSpace(rest) != "" {
			return strings.TrimSpace(s[:len(rest)]), w.times, true
		}
	}
	return "", 0, false
}

// None tells whether a count is written as the word for none: «ingen»
// is 0. («null» is not: a database's export writes it for no value.)
func None(raw string) bool {
	return strings.EqualFold(strings.TrimSpace(raw), "ingen")
}

// DateSpan reads a span of days as people write an event of two or more
// days — «06.-07.10.2026», «6.–7. oktober 2026», «06.10–08.10.2026»,
// «06.10.2026 - 07.10.2026» — and gives its first day; ok is false for
// anything else, and for a span that ends before it begins or lasts over
// a year.
func DateSpan(raw string, date1904 bool) (first time.Time, ok bool) {
	s := strings.NewReplacer("–", "-", "—", "-").Replace(strings.TrimSpace(raw))
	var left, right string
	switch {
	case strings.Contains(s, " - "):
		left, right, _ = strings.Cut(s, " - ")
	case strings.Contains(s, " til "):
		left, right, _ = strings.Cut(s, " til ")
	case len(s) > 4 && strings.Trim(s[:4], "0123456789") == "":
		return time.Time{}, false // 2026-10-06: an ISO date, not a span
	default:
		var cut bool
		if left, right, cut = strings.Cut(s, "-"); !cut {
			return time.Time{}, false
		}
	}
	left, right = strings.TrimSpace(left), strings.TrimSpace(right)
	last, err := ParseDate(right, date1904)
	if err != nil || left == "" {
		return time.Time{}, false
	}
	if first, err = ParseDate(left, date1904); err != nil {
		// The first day alone («6.»), or its day and month («06.10»), in
		// the last day's year (and month).
		parts := strings.Split(strings.TrimSuffix(left, "."), ".")
		if len(parts) > 2 {
			return time.Time{}, false
		}
		day, err := strconv.Atoi(parts[0])
		month := int(last.Month())
		if err == nil && len(parts) == 2 {
			month, err = strconv.Atoi(parts[1])
		}
		if err != nil {
			return time.Time{}, false
		}
		first = time.Date(last.Year(), time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if first.Day() != day || int(first.Month()) != month {
			return time.Time{}, false // 31.02: no such day
		}
	}
	if first.After(last) || last.Sub(first) > 366*24*time.Hour {
		return time.Time{}, false
	}
	return first, true
}

// CountSum reads a count written as a sum, «12+3» (pupils and teachers,
// say), as the sum of its parts, each a count as ParseCount reads it; ok
// is false for anything else.
func CountSum(raw string) (int64, bool) {
	parts := strings.Split(raw, "+")
	if len(parts) < 2 || len(parts) > 20 {
		return 0, false
	}
	var sum int64
	for _, p := range parts {
		n, err := ParseCount(p)
		if err != nil || strings.TrimSpace(p) == "" {
			return 0, false
		}
		sum += n // each below 10^15: twenty cannot overflow
	}
	return sum, true
}

// Span reads a span of two figures, «20-30», «20–30», «20 til 30», as its
// ends, each read by parse; ok is false for anything else, and for a span
// whose first end is not the smaller.
func Span[T int64 | float64](raw string, parse func(string) (T, error)) (lo, hi T, ok bool) {
	for _, sep := range []string{"–", "—", "-", " til ", " to "} {
		a, b, cut := strings.Cut(raw, sep)
		if !cut || strings.TrimSpace(a) == "" || strings.TrimSpace(b) == "" {
			continue
		}
		x, errA := parse(a)
		y, errB := parse(b)
		if errA != nil || errB != nil || x >= y {
			return 0, 0, false
		}
		return x, y, true
	}
	return 0, 0, false
}

// CountRange reads a span of counts («20–30») as its ends (see Span).
func CountRange(raw string) (lo, hi int64, ok bool) { return Span(raw, ParseCount) }

// CountNote splits a count with a note in brackets after it, «4 (2
// lærere)», into the count's text and the note; ok is false for anything
// else.
func CountNote(raw string) (count, note string, ok bool) {
	s := strings.TrimSpace(raw)
	i := strings.IndexByte(s, '(')
	if i <= 0 || !strings.HasSuffix(s, ")") || s[0] < '0' || s[0] > '9' {
		return "", "", false
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1 : len(s)-1]), true
}

// ParseCount reads a whole number ≥ 0, such as a number of participants.
func ParseCount(raw string) (int64, error) {
	// Plain digits, as a number cell holds them, need none of ParseNumber.
	if n := len(raw); n > 0 && n <= 15 {
		var v int64
		for i := 0; i < n; i++ {
			c := raw[i]
			if c < '0' || c > '9' || (c == '0' && i == 0 && n > 1) {
				v = -1
				break
			}
			v = v*10 + int64(c-'0')
		}
		if v >= 0 {
			return v, nil
		}
	}
	s := numberText(countText(raw))
	if ambiguousComma(s) {
		return 0, ErrAmbiguousComma
	}
	f, err := parseNumber(s)
	if err != nil {
		return 0, err
	}
	if f != math.Trunc(f) || math.Abs(f) > 1e15 {
		return 0, ErrNotInteger
	}
	if f < 0 {
		return 0, ErrNegative
	}
	return int64(f), nil
}

var codeAndNameRe = regexp.MustCompile(`^(\d{3,4})\s*[-–:]?\s+\p{L}[\p{L} .'’-]*$`)

// NormaliseKommunenr turns a kommunenummer as written into its 4-digit form:
// "301" (a leading zero lost to a number cell) becomes "0301", "3301.0"
// becomes "3301", "K-3301" becomes "3301".
func NormaliseKommunenr(raw string) (string, error) {
	// A leading apostrophe, Excel's mark for «text, keep the zero», as a
	// program that writes it into the value leaves it: '0301.
	s := strings.TrimPrefix(strings.TrimSpace(raw), "'")
	if s == "" {
		return "", ErrEmpty
	}
	// "3301 Drammen" or "3301 - Drammen", as the templates' dropdown writes it.
	if len(s) > 4 && strings.ContainsAny(s, " \t") {
		if m := codeAndNameRe.FindStringSubmatch(s); m != nil {
			s = m[1]
		}
	}
	s = strings.TrimSuffix(s, ".0")
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		if unicode.IsLetter(r) || unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return 'x'
	}, s)
	if strings.Contains(digits, "x") || len(digits) == 0 || len(digits) > 4 {
		return "", ErrNotKommune
	}
	// Only a short prefix of letters ("K-", "knr") may be dropped.
	if letters := len([]rune(s)) - len(digits); letters > 4 {
		return "", ErrNotKommune
	}
	for len(digits) < 4 {
		digits = "0" + digits
	}
	return digits, nil
}

// ParseMonthCell reads a reporting month as people write it in a cell:
// 2026-10, 2026-1, 10.2026, 10/2026, "okt 2026", "okt. 2026", "oktober
// 2026", "okt.26", "Oct-26", or a date (an Excel serial or text), which
// stands for its month. It returns the first day of the month.
func ParseMonthCell(raw string, date1904 bool) (time.Time, bool) {
	s := strings.TrimSpace(strings.ToLower(raw))
	first := func(y, m int) (time.Time, bool) {
		if y < 2000 || y > 2099 || m < 1 || m > 12 {
			return time.Time{}, false
		}
		return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC), true
	}
	for _, sep := range []string{"-", ".", "/"} {
		parts := strings.Split(s, sep)
		if len(parts) != 2 {
			continue
		}
		a, errA := strconv.Atoi(parts[0])
		b, errB := strconv.Atoi(parts[1])
		if errA != nil || errB != nil {
			break // a month named, perhaps: okt.26
		}
		if len(parts[0]) == 4 {
			if m, ok := first(a, b); ok {
				return m, true
			}
		} else if len(parts[1]) == 4 {
			if m, ok := first(b, a); ok {
				return m, true
			}
		}
		break // a date serial with a time of day, perhaps: 46096.5
	}
	// The month named, and the year: okt 2026, okt. 2026, oktober 2026,
	// okt.26 and Oct-26 (as «mmm yy» formats show a month).
	if f := dateFields(s); len(f) == 2 {
		if m, ok := monthNames[f[0]]; ok && (len(f[1]) == 4 || len(f[1]) == 2) {
			if y, err := strconv.Atoi(f[1]); err == nil && y >= 0 {
				if len(f[1]) == 2 {
					y += 2000
				}
				return first(y, int(m))
			}
		}
	}
	if d, err := ParseDate(raw, date1904); err == nil {
		return first(d.Year(), int(d.Month()))
	}
	return time.Time{}, false
}

// ParseSchoolYear reads a school year as 2023/2024, 2023/24, 2023-24,
// 2023–2024 or 23/24, with «Skoleår(et)» before it or not, and returns the
// year it starts.
func ParseSchoolYear(raw string) (int, bool) {
	s := strings.ToLower(strings.TrimSpace(raw))
	for _, p := range []string{"skoleåret", "skoleår", "school year"} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.NewReplacer("–", "/", "—", "/", "-", "/", " ", "").Replace(s)
	parts := strings.Split(s, "/")
	if len(parts) != 2 {
		return 0, false
	}
	a, errA := strconv.Atoi(parts[0])
	b, errB := strconv.Atoi(parts[1])
	if errA == nil && len(parts[0]) == 2 && len(parts[1]) == 2 {
		a += 2000 // 23/24
	} else if len(parts[0]) != 4 {
		return 0, false
	}
	if errA != nil || errB != nil || a < 2000 || a > 2098 {
		return 0, false
	}
	switch len(parts[1]) {
	case 2:
		b += a / 100 * 100
	case 4:
	default:
		return 0, false
	}
	if b != a+1 {
		return 0, false
	}
	return a, true
}

// SchoolYear formats the school year starting in year as 2023/2024.
func SchoolYear(start int) string { return strconv.Itoa(start) + "/" + strconv.Itoa(start+1) }

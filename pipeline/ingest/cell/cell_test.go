package cell

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParseDate(t *testing.T) {
	tests := []struct {
		raw      string
		date1904 bool
		want     time.Time
		err      error
	}{
		{"15.03.2026", false, day(2026, 3, 15), nil},
		{"5.3.26", false, day(2026, 3, 5), nil},
		{"2026.03.05", false, day(2026, 3, 5), nil},
		{"'15.03.2026", false, day(2026, 3, 15), nil}, // an apostrophe a program kept from Excel
		{"2026-03-05 00:00:00", false, day(2026, 3, 5), nil},
		{"05/03/2026", false, day(2026, 3, 5), nil},
		{"2026.03.05", false, day(2026, 3, 5), nil},
		{"'15.03.2026", false, day(2026, 3, 15), nil}, // an apostrophe a program kept from Excel // as some locales export it
		{"2026.03.05", false, day(2026, 3, 5), nil},
		{"'15.03.2026", false, day(2026, 3, 15), nil}, // an apostrophe a program kept from Excel
		{"46096", false, day(2026, 3, 15), nil},       // Excel 1900 serial
		{"46096.75", false, day(2026, 3, 15), nil},    // time of day dropped
		{"44634", true, day(2026, 3, 15), nil},        // the same day in the 1904 system
		// The month named, as a date formatted so is shown (and a CSV
		// exported «as shown» keeps it), in Norwegian and English.
		{"6. okt. 2026", false, day(2026, 10, 6), nil},
		{"6. oktober 2026", false, day(2026, 10, 6), nil},
		{"06.okt.2026", false, day(2026, 10, 6), nil},
		{"6.\u00a0okt.\u00a02026", false, day(2026, 10, 6), nil},
		{"tirsdag 6. oktober 2026", false, day(2026, 10, 6), nil},
		{"Tirsdag 6. Oktober 2026 14:30", false, day(2026, 10, 6), nil},
		{"lørdag 10. oktober 2026", false, day(2026, 10, 10), nil},
		{"6-Oct-26", false, day(2026, 10, 6), nil},
		{"06 Oct 2026", false, day(2026, 10, 6), nil},
		{"Oct 6, 2026", false, day(2026, 10, 6), nil},
		{"Tuesday, October 6, 2026", false, day(2026, 10, 6), nil},
		{"October 6, 2026 2:30 PM", false, day(2026, 10, 6), nil},
		{"1. mai 2026", false, day(2026, 5, 1), nil},
		{"May 1, 2026", false, day(2026, 5, 1), nil},
		{"6. 10. 2026", false, day(2026, 10, 6), nil},
		{"onsdag 6. oktober 2026", false, time.Time{}, ErrNotDate}, // 6 October 2026 is a Tuesday
		{"31. februar 2026", false, time.Time{}, ErrNotDate},
		{"6. oktobre 2026", false, time.Time{}, ErrNotDate},
		{"6. okt.", false, time.Time{}, ErrNoYear},
		{"6. okt. 1999", false, time.Time{}, ErrDateOutside},
		{"6 10 2026", false, time.Time{}, ErrNotDate},
		{"31.02.2026", false, time.Time{}, ErrNotDate},
		{"20261006", false, day(2026, 10, 6), nil}, // as systems write a day
		{"20261340", false, time.Time{}, ErrNotDate},
		{"6.10", false, time.Time{}, ErrNoYear},
		{"6.10.", false, time.Time{}, ErrNoYear},
		{"6/10", false, time.Time{}, ErrNoYear},
		{"6. okt", false, time.Time{}, ErrNoYear},
		{"46096.5", false, day(2026, 3, 15), nil},
		{"13.13.2026", false, time.Time{}, ErrNotDate},
		{"i går", false, time.Time{}, ErrNotDate},
		{"", false, time.Time{}, ErrEmpty},
		{"01.01.1999", false, time.Time{}, ErrDateOutside},
		{"12", false, time.Time{}, ErrDateOutside}, // serial 12 is January 1900
	}
	for _, tc := range tests {
		got, err := ParseDate(tc.raw, tc.date1904)
		if !errors.Is(err, tc.err) {
			t.Errorf("ParseDate(%q, %v): error %v, want %v", tc.raw, tc.date1904, err, tc.err)
			continue
		}
		if err == nil && !got.Equal(tc.want) {
			t.Errorf("ParseDate(%q, %v) = %s, want %s", tc.raw, tc.date1904, got.Format("2006-01-02"), tc.want.Format("2006-01-02"))
		}
	}
}

func TestExcelSerialEarly1900(t *testing.T) {
	// Serial 1 is 1900-01-01; 59 is 1900-02-28; 61 is 1900-03-01 (60 is
	// Lotus' fictional 29 February).
	for serial, want := range map[float64]time.Time{1: day(1900, 1, 1), 59: day(1900, 2, 28), 61: day(1900, 3, 1)} {
		got, ok := ExcelSerialToDate(serial, false)
		if !ok || !got.Equal(want) {
			t.Errorf("ExcelSerialToDate(%v) = %s, want %s", serial, got, want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		raw  string
		want float64
		err  error
	}{
		{"1234", 1234, nil},
		{"1 234", 1234, nil},
		{"1\u00a0234", 1234, nil},
		{"1.234", 1234, nil},
		{"1.234.567", 1234567, nil},
		{"12,5", 12.5, nil},
		{"1 234,50 kr", 1234.5, nil},
		{"kr 450", 450, nil},
		{"450,-", 450, nil},
		{"1.234,5", 1234.5, nil},
		{"12.5", 12.5, nil}, // Excel's raw value
		{"0.125", 0.125, nil},
		{"-3", -3, nil},
		{"−3", -3, nil},
		{"1,2,3", 0, ErrNotNumber},
		{"1,234.50", 1234.5, nil}, // as a program set to English shows it
		{"1,234,567", 1234567, nil},
		{"1,234,567.25", 1234567.25, nil},
		{"1.234.567,25", 1234567.25, nil},
		{"450,000", 450, nil}, // Norwegian here; counts and amounts ask (below)
		{"12,34.5", 0, ErrNotNumber},
		{"1,234.5.6", 0, ErrNotNumber},
		{"1.234,5,6", 0, ErrNotNumber},
		{"12.34.5", 0, ErrNotNumber},
		{"tolv", 0, ErrNotNumber},
		{"", 0, ErrEmpty},
	}
	for _, tc := range tests {
		got, err := ParseNumber(tc.raw)
		if !errors.Is(err, tc.err) {
			t.Errorf("ParseNumber(%q): error %v, want %v", tc.raw, err, tc.err)
			continue
		}
		if err == nil && got != tc.want {
			t.Errorf("ParseNumber(%q) = %v, want %v", tc.raw, got, tc.want)
		}
	}
}

func TestParseCount(t *testing.T) {
	for raw, want := range map[string]error{"12": nil, "1 200": nil, "12,5": ErrNotInteger, "-5": ErrNegative, "x": ErrNotNumber,
		"450,000": ErrAmbiguousComma, "1,500": ErrAmbiguousComma, "1,234,567": nil, "1.500": nil, "1234,000": nil} {
		if _, err := ParseCount(raw); !errors.Is(err, want) {
			t.Errorf("ParseCount(%q): %v, want %v", raw, err, want)
		}
	}
	// A unit word after the count, as people write it.
	for raw, want := range map[string]int64{"12 stk": 12, "12 stk.": 12, "40 deltakere": 40, "1 200 Personer": 1200, "7 pers.": 7, "60 elever": 60} {
		if got, err := ParseCount(raw); err != nil || got != want {
			t.Errorf("ParseCount(%q) = %d, %v; want %d", raw, got, err, want)
		}
	}
	for _, raw := range []string{"stk", "12stk", "ca. 60", "12 barn"} {
		if _, err := ParseCount(raw); err == nil {
			t.Errorf("ParseCount(%q) read", raw)
		}
	}
}

func TestNoNumber(t *testing.T) {
	for _, raw := range []string{"-", " – ", "—", "?", "Ukjent", "n/a", "N/A"} {
		if !NoNumber(raw) {
			t.Errorf("NoNumber(%q) false", raw)
		}
	}
	for _, raw := range []string{"0", "", "-5", "x", "ca. 60"} {
		if NoNumber(raw) {
			t.Errorf("NoNumber(%q) true", raw)
		}
	}
	if n := testing.AllocsPerRun(10, func() { NoNumber("1 234") }); n != 0 {
		t.Errorf("NoNumber of a figure makes %v allocations", n)
	}
}

// TestApproximate: a word before a figure that makes it approximate is
// taken off; what is left must still be read as a number by its parser.
func TestApproximate(t *testing.T) {
	for raw, want := range map[string]string{"ca. 60": "60", "Ca 60": "60", "ca.60": "60", "cirka 1 200": "1 200", "Omtrent 40": "40",
		"~60": "60", "≈ 60": "60", " rundt 30 ": "30", "ca.\u00a060": "60", "anslagsvis 500 stk": "500 stk"} {
		if got, ok := Approximate(raw); !ok || got != want {
			t.Errorf("Approximate(%q) = %q, %v; want %q", raw, got, ok, want)
		}
	}
	for _, raw := range []string{"60", "ca.", "ca. -5", "cash 5", "c", "", "ukjent", "over 100", "CA. 60 İ"} {
		if got, ok := Approximate(raw); ok {
			t.Errorf("Approximate(%q) = %q, true", raw, got)
		}
	}
}

// TestCountSumAndNote: a count written as a sum is its sum; a count with
// a note in brackets after it is the count; anything else is neither.
func TestCountSumAndNote(t *testing.T) {
	for raw, want := range map[string]int64{"12+3": 15, " 12 + 3 + 1 ": 16, "1 200+30": 1230} {
		if got, ok := CountSum(raw); !ok || got != want {
			t.Errorf("CountSum(%q) = %d, %v; want %d", raw, got, ok, want)
		}
	}
	for _, raw := range []string{"12", "12+", "+3", "12+-3", "12+x", "1,5+2", strings.Repeat("1+", 20) + "1"} {
		if got, ok := CountSum(raw); ok {
			t.Errorf("CountSum(%q) = %d, true", raw, got)
		}
	}
	if count, note, ok := CountNote(" 4 (2 lærere) "); !ok || count != "4" || note != "2 lærere" {
		t.Errorf("CountNote: %q, %q, %v", count, note, ok)
	}
	for _, raw := range []string{"4", "(2) 4", "ca. 4 (x)", "4 (x", "x (4)"} {
		if _, _, ok := CountNote(raw); ok {
			t.Errorf("CountNote(%q) true", raw)
		}
	}
}

// TestCountRange: a span of counts is its two ends; a span backwards, a
// negative number and anything else are none.
func TestCountRange(t *testing.T) {
	for raw, want := range map[string][2]int64{"20-30": {20, 30}, "20 – 30": {20, 30}, "20—30": {20, 30}, "20 til 30": {20, 30}, "1 200-1 300": {1200, 1300}} {
		if lo, hi, ok := CountRange(raw); !ok || lo != want[0] || hi != want[1] {
			t.Errorf("CountRange(%q) = %d, %d, %v; want %v", raw, lo, hi, ok, want)
		}
	}
	for _, raw := range []string{"30-20", "20-20", "-5", "20-", "20", "20-x", "mange", "2026-10"} {
		if lo, hi, ok := CountRange(raw); ok {
			t.Errorf("CountRange(%q) = %d, %d, true", raw, lo, hi)
		}
	}
}

// TestFeePerAndNone: a fee's period after it is taken off and counted in
// a year; «ingen» is none, «null» is not (a database's export writes it
// for no value).
func TestFeePerAndNone(t *testing.T) {
	for raw, want := range map[string]struct {
		amount string
		times  float64
	}{"3000 pr år": {"3000", 1}, "kr 3 000 per år": {"kr 3 000", 1}, "1 500 kr per semester": {"1 500 kr", 2}, "1500/semester": {"1500", 2}, "900 pr. halvår": {"900", 2}} {
		if a, n, ok := FeePer(raw); !ok || a != want.amount || n != want.times {
			t.Errorf("FeePer(%q) = %q, %v, %v; want %q, %v", raw, a, n, ok, want.amount, want.times)
		}
	}
	for _, raw := range []string{"3000", "per semester", "3000 per måned"} {
		if _, _, ok := FeePer(raw); ok {
			t.Errorf("FeePer(%q) true", raw)
		}
	}
	if !None(" Ingen ") || None("null") || None("0") {
		t.Error("None: «ingen» is none, «null» and «0» are not the word")
	}
}

// TestTrailingText: what a date of digits has after it that is not a
// time of day; nothing for a time, or a date with its month named.
func TestTrailingText(t *testing.T) {
	for raw, want := range map[string]string{"06.10.2026 (flyttet fra 5.10)": "(flyttet fra 5.10)", "06.10.2026 14:30": "", "06.10.2026 kl. 14": "",
		"2026-10-06 00:00:00": "", "2026-10-06T14:30:00": "", "6. okt. 2026": "", "06.10.2026": "", "06.10.2026 avlyst": "avlyst"} {
		if got := TrailingText(raw); got != want {
			t.Errorf("TrailingText(%q) = %q, want %q", raw, got, want)
		}
	}
}

// TestNoSuchDay: a date written rightly of a day its month does not have
// says how many days the month has; one written wrongly does not.
func TestNoSuchDay(t *testing.T) {
	for raw, days := range map[string]int{"31.02.2026": 28, "30.02.2028": 29, "31.04.26": 30} {
		var nd *NoSuchDayError
		if _, err := ParseDate(raw, false); !errors.As(err, &nd) || nd.Days != days || !errors.Is(err, ErrNotDate) {
			t.Errorf("ParseDate(%q): %v, want a month of %d days", raw, err, days)
		}
	}
	for _, raw := range []string{"32.01.2026", "31.13.2026", "0.1.2026", "x"} {
		var nd *NoSuchDayError
		if _, err := ParseDate(raw, false); errors.As(err, &nd) {
			t.Errorf("ParseDate(%q): %v", raw, err)
		}
	}
}

// TestDateSpan: an event of some days is its first day, however the span
// is written; a span backwards, too long or of days that do not exist is
// none, and neither is an ISO date.
func TestDateSpan(t *testing.T) {
	for _, raw := range []string{"06.-07.10.2026", "6.–7. oktober 2026", "06.10–08.10.2026", "6-7 okt 2026", "6. til 8. oktober 2026", "06.10.2026 – 07.10.2026"} {
		if d, ok := DateSpan(raw, false); !ok || d.Format("2006-01-02") != "2026-10-06" {
			t.Errorf("DateSpan(%q) = %v, %v; want 2026-10-06", raw, d, ok)
		}
	}
	if d, ok := DateSpan("30.09.-02.10.2026", false); !ok || d.Format("2006-01-02") != "2026-09-30" {
		t.Errorf("over a month's end: %v, %v", d, ok)
	}
	for _, raw := range []string{"07.-06.10.2026", "31.-02.10.2026", "2026-10-06", "06.10.2024-07.10.2026", "x-07.10.2026", "06.10.2026", "1.2.3-07.10.2026"} {
		if d, ok := DateSpan(raw, false); ok {
			t.Errorf("DateSpan(%q) = %v, true", raw, d)
		}
	}
}

// TestParseAmount: an amount with a comma that may group thousands is
// asked about; two decimals, and every other form ParseNumber reads, are
// not; millions and thousands are written out («1,5 mill», «150k»).
func TestParseAmount(t *testing.T) {
	for raw, want := range map[string]float64{"1 234,50 kr": 1234.5, "1,50": 1.5, "1,234.50": 1234.5, "450 000": 450000, "1.234": 1234,
		"1,5 mill": 1.5e6, "2 mill. kr": 2e6, "1.1 millioner": 1.1e6, "0,25 MNOK": 250000, "3mill": 3e6,
		"150k": 150000, "150 K": 150000, "1,5k": 1500, "150 tusen": 150000, "150 tusen kr": 150000, "150 tkr": 150000, "150 NOK": 150, "150 kr": 150} {
		if got, err := ParseAmount(raw); err != nil || got != want {
			t.Errorf("ParseAmount(%q) = %v, %v; want %v", raw, got, err, want)
		}
	}
	for _, raw := range []string{"mill", "x mill", "-1 mill", "1,5 milliarder", "k", "x k", "-5k"} {
		if v, err := ParseAmount(raw); err == nil {
			t.Errorf("ParseAmount(%q) = %v", raw, v)
		}
	}
	for _, raw := range []string{"450,000", "1,500 kr", "-1,000"} {
		if _, err := ParseAmount(raw); !errors.Is(err, ErrAmbiguousComma) {
			t.Errorf("ParseAmount(%q): %v, want ErrAmbiguousComma", raw, err)
		}
	}
}

func TestNormaliseKommunenr(t *testing.T) {
	tests := []struct {
		raw, want string
		err       error
	}{
		{"3301", "3301", nil},
		{"301", "0301", nil},
		{"3301.0", "3301", nil},
		{" K-3301 ", "3301", nil},
		{"3301 Drammen", "3301", nil},
		{"3338 - Nore og Uvdal", "3338", nil},
		{"301 Oslo", "0301", nil},
		{"'0301", "0301", nil}, // an apostrophe a program kept from Excel
		{"33011", "", ErrNotKommune},
		{"Drammen", "", ErrNotKommune},
		{"33,01", "", ErrNotKommune},
		{"", "", ErrEmpty},
	}
	for _, tc := range tests {
		got, err := NormaliseKommunenr(tc.raw)
		if !errors.Is(err, tc.err) || got != tc.want {
			t.Errorf("NormaliseKommunenr(%q) = %q, %v; want %q, %v", tc.raw, got, err, tc.want, tc.err)
		}
	}
}

func TestSlashDate(t *testing.T) {
	for _, c := range []struct {
		raw        string
		day, month string // "" for not a date that way
		isSlash    bool
	}{
		{"10/06/2026", "2026-06-10", "2026-10-06", true},
		{"10/20/2026", "", "2026-10-20", true},
		{"20/10/2026", "2026-10-20", "", true},
		{" 10/09/2026 14:30:00 ", "2026-09-10", "2026-10-09", true},
		{"1/2/26", "2026-02-01", "2026-01-02", true},
		{"10/06/1999", "", "", true},
		{"2026/10/06", "2026-10-06", "2026-10-06", true},
		{"06.10.2026", "", "", false},
		{"10/2026", "", "", false},
	} {
		d, m, dOK, mOK, isSlash := SlashDate(c.raw)
		got := func(t time.Time, ok bool) string {
			if !ok {
				return ""
			}
			return t.Format("2006-01-02")
		}
		if got(d, dOK) != c.day || got(m, mOK) != c.month || isSlash != c.isSlash {
			t.Errorf("SlashDate(%q) = %s, %s, %v; want %s, %s, %v", c.raw, got(d, dOK), got(m, mOK), isSlash, c.day, c.month, c.isSlash)
		}
	}
}

// TestSerialDate: for every text of five digits, in both date systems,
// SerialDate answers exactly when ParseDate reads a day without an error,
// and with the same day.
func TestSerialDate(t *testing.T) {
	for _, date1904 := range []bool{false, true} {
		for n := range 100000 {
			raw := fmt.Sprintf("%05d", n)
			got, ok := SerialDate(raw, date1904)
			want, err := ParseDate(raw, date1904)
			if ok != (err == nil) || ok && !got.Equal(want) {
				t.Fatalf("%s (1904: %v): SerialDate %v %v, ParseDate %v %v", raw, date1904, got, ok, want, err)
			}
		}
	}
	for _, raw := range []string{"4522", "452211", " 4522", "45.22", "4522a", "", "45221.5"} {
		if _, ok := SerialDate(raw, false); ok {
			t.Errorf("SerialDate took %q", raw)
		}
	}
}

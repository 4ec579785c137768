package cell

import (
	"math"
	"regexp"
	"testing"
	"time"
)

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"15.03.2026", "5.3.26", "2026-03-05", "46096", "46096.5", "31.02.2026", "", "1e308", "-1", "9.9.9999", "tirsdag 6. okt. 2026 14:30", "Oct 6, 2026", "6-Oct-26", "6. 10. 2026", "okt. 2026", "Oct-26", "2026-10", "10.2026", "20261006", "6.10", "06.-07.10.2026", "6.–7. oktober 2026", "30.09.-02.10.2026"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, raw string, date1904 bool) {
		d, err := ParseDate(raw, date1904)
		if err == nil && (d.Year() < 2000 || d.Year() > 2099) {
			t.Errorf("ParseDate(%q) = %s, outside 2000–2099", raw, d)
		}
		// A month: the first of one in 2000–2099, and a date's own month.
		m, ok := ParseMonthCell(raw, date1904)
		if ok && (m.Year() < 2000 || m.Year() > 2099 || m.Day() != 1) {
			t.Errorf("ParseMonthCell(%q) = %s", raw, m)
		}
		if err == nil && (!ok || m.Year() != d.Year() || m.Month() != d.Month()) {
			t.Errorf("ParseMonthCell(%q) = %s, %v; the date is %s", raw, m, ok, d)
		}
		// A span's first day: a day in 2000–2099 too.
		if first, ok := DateSpan(raw, date1904); ok && (first.Year() < 2000 || first.Year() > 2099) {
			t.Errorf("DateSpan(%q) = %s, outside 2000–2099", raw, first)
		}
	})
}

func FuzzSlashDate(f *testing.F) {
	for _, s := range []string{"10/06/2026", "10/20/2026", "20/10/2026", "2026/10/06", "10/09/2026 14:30:00", "1/2/26", "//", "10/06/1999", "a/b/c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		d, m, dOK, mOK, isSlash := SlashDate(raw)
		if !isSlash && (dOK || mOK) {
			t.Errorf("SlashDate(%q): a date read from no slashes", raw)
		}
		for _, x := range []struct {
			d  time.Time
			ok bool
		}{{d, dOK}, {m, mOK}} {
			if x.ok && (x.d.Year() < 2000 || x.d.Year() > 2099) {
				t.Errorf("SlashDate(%q) = %s, outside 2000–2099", raw, x.d)
			}
		}
		// Day first is what ParseDate reads.
		if p, err := ParseDate(raw, false); dOK && (err != nil || !p.Equal(d)) {
			t.Errorf("SlashDate(%q) day first %s, ParseDate %s, %v", raw, d, p, err)
		}
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1 234", "1.234", "1.234,50 kr", "12,5", "kr 450,-", "-3", "1e9", "NaN", "Inf", "0x10", "1.2.3", "1,234.50", "450,000", "1,234,567"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, parse := range []func(string) (float64, error){ParseNumber, ParseDecimal, ParseAmount} {
			v, err := parse(raw)
			if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
				t.Errorf("parse(%q) = %v", raw, v)
			}
		}
		if n, err := ParseCount(raw); err == nil && n < 0 {
			t.Errorf("ParseCount(%q) = %d", raw, n)
		}
	})
}

func FuzzNormaliseKommunenr(f *testing.F) {
	for _, s := range []string{"3301", "301", "3301.0", "K-3301", "33011", "Drammen", "", "٣٣٠١"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if k, err := NormaliseKommunenr(raw); err == nil && !fourDigits.MatchString(k) {
			t.Errorf("NormaliseKommunenr(%q) = %q", raw, k)
		}
	})
}

var fourDigits = regexp.MustCompile(`^\d{4}$`)

package pipeline

import (
	"fmt"
	"strconv"
	"time"
)

// Month is a calendar month: the unit of a run's period, of indicator
// windows and series, of the reporting grid. It counts months from year 0
// (2026-10 is 2026·12 + 9), so that m+1 is the next month and m-12 the
// same month a year before. It is parsed once, where a period enters the
// program (a flag, the config, a cell), and passed as a value; in JSON and
// text it is "YYYY-MM".
type Month int

// ParseMonth parses "YYYY-MM".
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return 0, fmt.Errorf("period %q: want YYYY-MM", s)
	}
	return MonthOf(t), nil
}

// MonthFor is the month of year y.
func MonthFor(y int, m time.Month) Month { return Month(y*12 + int(m) - 1) }

// MonthOf is the month of t.
func MonthOf(t time.Time) Month { return Month(t.Year()*12 + int(t.Month()) - 1) }

// Year is the month's year.
func (m Month) Year() int { return int(m) / 12 }

// Num is the month of the year, 1–12.
func (m Month) Num() time.Month { return time.Month(int(m)%12 + 1) }

// Start is the month's first day (UTC).
func (m Month) Start() time.Time { return time.Date(m.Year(), m.Num(), 1, 0, 0, 0, 0, time.UTC) }

// End is the month's last day (UTC).
func (m Month) End() time.Time { return m.Start().AddDate(0, 1, -1) }

// String is "YYYY-MM".
func (m Month) String() string {
	if i := int(m) - 2000*12; i >= 0 && i < len(monthTexts) {
		return monthTexts[i]
	}
	return fmt.Sprintf("%04d-%02d", m.Year(), int(m.Num()))
}

// Label is the month's name in lang: "oktober 2026", "October 2026".
func (m Month) Label(lang string) string { return m.name(lang) + " " + strconv.Itoa(m.Year()) }

// Short is the month's short name, for chart axes: "okt 26", "Oct 26".
func (m Month) Short(lang string) string {
	return m.name(lang)[:3] + " " + fmt.Sprintf("%02d", m.Year()%100)
}

func (m Month) name(lang string) string {
	if lang == "en" {
		return monthNames[1][m.Num()-1]
	}
	return monthNames[0][m.Num()-1]
}

// MarshalText writes the month as "YYYY-MM".
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads "YYYY-MM".
func (m *Month) UnmarshalText(b []byte) error {
	v, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

var monthNames = [2][12]string{
	{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// monthTexts are the months 2000-01 … 2099-12 as YYYY-MM (the range
// ParseDate accepts), made once: rows name their month by it.
var monthTexts = func() []string {
	out := make([]string, 0, 1200)
	for y := 2000; y <= 2099; y++ {
		for m := 1; m <= 12; m++ {
			out = append(out, fmt.Sprintf("%04d-%02d", y, m))
		}
	}
	return out
}()

// Date is a calendar day, as days since 1970-01-01, the Arrow date32 of
// the tables; 0 is no date (the inputs' dates lie in 2000–2099). In JSON
// and text it is "YYYY-MM-DD", or "" for none.
type Date int32

// DateOf is the day of t.
func DateOf(t time.Time) Date {
	return Date(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// IsZero reports whether d is no date.
func (d Date) IsZero() bool { return d == 0 }

// Time is the day at midnight UTC.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String is "YYYY-MM-DD", or "" for no date.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	return d.Time().Format("2006-01-02")
}

// MarshalText writes the date as String does.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "YYYY-MM-DD", or "" for no date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = 0
		return nil
	}
	t, err := time.Parse("2006-01-02", string(b))
	if err != nil {
		return err
	}
	*d = DateOf(t)
	return nil
}

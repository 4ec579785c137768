package pipeline

import (
	"encoding/json"
	"testing"
	"time"
)

func TestMonth(t *testing.T) {
	m, err := ParseMonth("2026-10")
	if err != nil {
		t.Fatal(err)
	}
	if m != MonthFor(2026, time.October) || m != MonthOf(time.Date(2026, 10, 17, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("ParseMonth, MonthFor and MonthOf disagree: %d", m)
	}
	for _, tc := range []struct{ got, want string }{
		{m.String(), "2026-10"}, {(m + 3).String(), "2027-01"}, {(m - 12).String(), "2025-10"},
		{m.Label("nb"), "oktober 2026"}, {m.Label("en"), "October 2026"}, {m.Short("nb"), "okt 26"},
		{m.End().Format("2006-01-02"), "2026-10-31"}, {MonthFor(2024, 2).End().Format("2006-01-02"), "2024-02-29"},
		{MonthFor(1999, 12).String(), "1999-12"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	b, _ := json.Marshal(struct{ P Month }{m})
	if string(b) != `{"P":"2026-10"}` {
		t.Errorf("JSON %s", b)
	}
	var back struct{ P Month }
	if err := json.Unmarshal(b, &back); err != nil || back.P != m {
		t.Errorf("back from JSON: %v, %v", back.P, err)
	}
	for _, bad := range []string{"2026-13", "26-10", "oktober", ""} {
		if _, err := ParseMonth(bad); err == nil {
			t.Errorf("ParseMonth(%q) accepted", bad)
		}
	}
}

func TestDate(t *testing.T) {
	d := DateOf(time.Date(2026, 10, 17, 15, 4, 0, 0, time.UTC))
	if d.String() != "2026-10-17" || d.Time() != time.Date(2026, 10, 17, 0, 0, 0, 0, time.UTC) || d.IsZero() {
		t.Errorf("DateOf: %v %v", d, d.Time())
	}
	b, _ := json.Marshal(struct {
		D Date
		N Date `json:",omitempty"`
	}{D: d})
	if string(b) != `{"D":"2026-10-17"}` {
		t.Errorf("JSON %s", b)
	}
	var back struct{ D, E Date }
	if err := json.Unmarshal([]byte(`{"D":"2026-10-17","E":""}`), &back); err != nil || back.D != d || !back.E.IsZero() {
		t.Errorf("back from JSON: %+v, %v", back, err)
	}
}

func TestReportState(t *testing.T) {
	yes, no := true, false
	for _, tc := range []struct {
		c    ReportCell
		want ReportState
	}{
		{ReportCell{}, ReportMissing},
		{ReportCell{Received: true}, ReportUndated},
		{ReportCell{Received: true, OnTime: &yes}, ReportOnTime},
		{ReportCell{Received: true, OnTime: &no}, ReportLate},
	} {
		if got := tc.c.State(); got != tc.want {
			t.Errorf("%+v: %v, want %v", tc.c, got, tc.want)
		}
	}
}

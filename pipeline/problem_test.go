package pipeline

import (
	"fmt"
	"strconv"
	"testing"
	"unsafe"
)

// within tells whether every string of ss lies in one block of memory no
// longer than their total length: parts of one string, not one each.
func within(ss []string) bool {
	lo, hi, total := uintptr(0), uintptr(0), uintptr(0)
	for _, s := range ss {
		if s == "" {
			continue
		}
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		if lo == 0 || p < lo {
			lo = p
		}
		if e := p + uintptr(len(s)); e > hi {
			hi = e
		}
		total += uintptr(len(s))
	}
	return hi-lo <= total
}

// TestCompact: after Compact, a file's listed problems are what they were,
// their cells and values are parts of the log's one string, their
// messages the log's, and the problems of one message share one reason;
// a problem added after it is logged as before.
func TestCompact(t *testing.T) {
	rep := &FileReport{Path: "a.xlsx"}
	var want []Problem
	for i := range MaxListed + 10 {
		// Strings made one by one, as a file's rows make them.
		p := Problem{File: rep.Path, Sheet: "Ark1", Cell: "C" + strconv.Itoa(i+2), Column: "Deltakere",
			Value: fmt.Sprint("x", i), Msg: Msg{Key: "duplicate.near", Args: []any{fmt.Sprint("A", i%3+1)}}}
		if i%2 == 1 {
			p.Column, p.Msg = "Dato", Msg{Key: "required"}
		}
		rep.Reject(p)
		if i < MaxListed {
			want = append(want, p)
		}
	}
	rep.Warn(Problem{File: rep.Path, Sheet: "Ark1", Cell: "A2", Column: "Tittel", Msg: Msg{Key: "duplicate.near", Args: []any{"A1"}}})
	ds := &Dataset{Files: []*FileReport{rep}}
	ds.Compact()
	ds.Localise("nb")

	if len(rep.Rejected) != MaxListed || rep.RejectedUnlisted != 10 {
		t.Fatalf("listed %d, unlisted %d", len(rep.Rejected), rep.RejectedUnlisted)
	}
	if c := cap(rep.Rejected); c > MaxListed+MaxListed/8 {
		t.Errorf("the list keeps room for %d problems after Compact", c)
	}
	var texts []string
	reasons := map[string]uintptr{}
	for i, p := range rep.Rejected {
		w := want[i]
		if p.File != w.File || p.Sheet != w.Sheet || p.Cell != w.Cell || p.Column != w.Column || p.Value != w.Value ||
			p.Msg.Key != w.Msg.Key || fmt.Sprint(p.Msg.Args) != fmt.Sprint(w.Msg.Args) {
			t.Fatalf("problem %d: got %+v, want %+v", i, p, w)
		}
		if r := w.Msg.Text("nb"); p.Reason != r {
			t.Fatalf("problem %d: reason %q, want %q", i, p.Reason, r)
		}
		texts = append(texts, p.Cell, p.Value)
		at := uintptr(unsafe.Pointer(unsafe.StringData(p.Reason)))
		if prev, ok := reasons[p.Reason]; ok && prev != at {
			t.Errorf("problem %d: reason %q is a copy of its own", i, p.Reason)
		}
		reasons[p.Reason] = at
	}
	if !within(texts) {
		t.Error("the listed cells and values are strings of their own, not parts of the log's")
	}
	if rep.rejectLog.index != nil || rep.rejectLog.msgIndex != nil {
		t.Error("the log's lookups are kept after Compact")
	}
	if n := len(rep.rejectLog.msgs); n != 4 {
		t.Errorf("%d distinct messages logged, want 4", n)
	}

	// Read whole: parts of the log's text, no string made a problem.
	var all []string
	rep.EachRejected(func(p *Problem) { all = append(all, p.Cell, p.Value) })
	if len(all) != 2*(MaxListed+10) || !within(all) {
		t.Errorf("EachRejected gave %d strings; parts of one text: %v", len(all), within(all))
	}
	if n := testing.AllocsPerRun(5, func() { rep.EachRejected(func(*Problem) {}) }); n > 1 {
		t.Errorf("EachRejected makes %v allocations a pass over %d problems", n, MaxListed+10)
	}

	// Added after: interned with the messages logged before, counted, read back.
	rep.Reject(Problem{File: rep.Path, Sheet: "Ark1", Cell: "D9", Column: "Dato", Msg: Msg{Key: "required"}})
	if n := len(rep.rejectLog.msgs); n != 4 {
		t.Errorf("after a problem added after Compact: %d distinct messages, want 4", n)
	}
	var last Problem
	count := 0
	rep.EachRejected(func(p *Problem) { last = *p; count++ })
	if count != MaxListed+11 || last.Cell != "D9" || last.Msg.Key != "required" || last.Reason == "" {
		t.Errorf("read back %d problems, the last %+v", count, last)
	}
	if rep.Warnings[0].Reason != (Msg{Key: "duplicate.near", Args: []any{"A1"}}).Text("nb") {
		t.Errorf("warning reason %q", rep.Warnings[0].Reason)
	}
}

// TestLogAddAllocates: logging a problem of a sheet, a column and a
// message logged before costs no allocation of its own but the log's
// growing.
func TestLogAddAllocates(t *testing.T) {
	var l problemLog
	p := Problem{File: "a.xlsx", Sheet: "Ark1", Cell: "C7", Column: "Dato", Msg: Msg{Key: "required"}}
	l.add(&p)
	l.recs = make([]problemRec, 0, 1000)
	l.bytes = make([]byte, 0, 10000)
	if n := testing.AllocsPerRun(100, func() { l.add(&p) }); n != 0 {
		t.Errorf("logging a problem: %v allocations", n)
	}
}

package ingest

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestCancelledActivities: an activity its sender marked cancelled — the
// word first in its title, note, date or type, or as the note after it —
// did not take place: left out with a warning, not counted. A title or
// note that only mentions a cancellation is read.
func TestCancelledActivities(t *testing.T) {
	ds := ingestOpts(t, Options{}, filesIn(t, map[string]string{"aktiviteter.csv": "Dato;Region;Mål;Aktivitetstype;Tittel;Merknad\n" +
		"06.10.2026;BTV;1.1;kurs;Kurs i Lier (avlyst);\n" +
		"07.10.2026;BTV;1.1;kurs;AVLYST: Kurs i Asker;\n" +
		"08.10.2026;BTV;1.1;kurs;Kurs i Bø – avlyst;\n" +
		"09.10.2026;BTV;1.1;kurs;Kurs i Skien;Avlyst pga. sykdom\n" +
		"12.10.2026 avlyst;BTV;1.1;kurs;Kurs i Notodden;\n" +
		"13.10.2026;BTV;1.1;kurs (kansellert);Kurs i Larvik;\n" +
		"14.10.2026;BTV;1.1;kurs;Kurs i Drammen;Erstatter kurset som ble avlyst i september\n" +
		"15.10.2026;BTV;1.1;konferanse;Avlyste konserter – hva nå?;\n"}))
	f := ds.Files[0]
	if f.RowsRead != 2 || f.RowsAccepted != 2 || f.RowsCancelled != 6 {
		t.Fatalf("read %d, accepted %d, cancelled %d", f.RowsRead, f.RowsAccepted, f.RowsCancelled)
	}
	want := []string{"E2 row.cancelled", "E3 row.cancelled", "E4 row.cancelled", "F5 row.cancelled", "A6 row.cancelled", "D7 row.cancelled"}
	if got := said(f.Warnings, "row.", byKey); !slices.Equal(got, want) {
		t.Errorf("said %v, want %v", got, want)
	}
	if p := f.Warnings[0]; p.Column != "Tittel" || p.Value != "Kurs i Lier (avlyst)" {
		t.Errorf("first warning %+v", p)
	}
}

func TestCancelMark(t *testing.T) {
	for s, want := range map[string]bool{
		"Avlyst": true, "AVLYST!": true, "avlyses": true, "Cancelled": true, "12.10.2026 avlyst": true, "Kurs (avlyst)": true, "Kurs: kansellert": true,
		"Ble avlyst": true, "Er avlyst pga. snø": true, "Kurs (ble avlyst)": true,
		"Avlyste konserter": false, "Kurs som ble avlyst": false, "Ble flyttet": false, "Er": false, "": false, "12.10.2026": false, "Kurs (digitalt)": false,
	} {
		if got := cancelMark(s); got != want {
			t.Errorf("cancelMark(%q) = %v, want %v", s, got, want)
		}
	}
	// The quick look before the words are read lets every word through,
	// in any case.
	for w := range cancelledWords {
		for _, s := range []string{w, strings.ToUpper(w), strings.ToUpper(w[:1]) + w[1:]} {
			if !mayCancel(s) || !cancelMark(s) {
				t.Errorf("%q: mayCancel %v, cancelMark %v", s, mayCancel(s), cancelMark(s))
			}
		}
	}
}

// mayCancelByByte is mayCancel as first written, a byte at a time.
func mayCancelByByte(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		switch s[i] | 0x20 {
		case 'v':
			if s[i+1]|0x20 == 'l' {
				return true
			}
		case 'n':
			if i+3 < len(s) && (s[i+1]|0x20 == 's' || s[i+1]|0x20 == 'c') && s[i+2]|0x20 == 'e' && s[i+3]|0x20 == 'l' {
				return true
			}
		}
	}
	return false
}

// TestMayCancel: mayCancel answers as a byte-by-byte search does, on
// words that hold the marks and on random text of the letters involved.
func TestMayCancel(t *testing.T) {
	words := []string{"", "l", "vl", "VL", "vL", "Vl", "avlyst", "AVLYST", "nsel", "ncel", "NCEL", "nSeL", "kansellert", "Cancelled",
		"enkel", "snel", "nel", "n el", "ve l", "Lv", "lllvvv", "møte", "Kurs i Lier", "\xffvl", "n\x00el", "N\x53EL"}
	for _, w := range words {
		if got, want := mayCancel(w), mayCancelByByte(w); got != want {
			t.Errorf("mayCancel(%q) = %v, want %v", w, got, want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const letters = "vVlLnNsScCeE \x56\x76\xd6\xec"
	for range 20000 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = letters[rng.IntN(len(letters))]
		}
		if got, want := mayCancel(string(b)), mayCancelByByte(string(b)); got != want {
			t.Fatalf("mayCancel(%q) = %v, want %v", b, got, want)
		}
	}
}

package pipeline

import "testing"

// TestFoldFast holds fold's fast path (ASCII and Latin-1) to the slow one
// by Unicode decomposition.
func TestFoldFast(t *testing.T) {
	var all []rune
	for r := range latinFold {
		all = append(all, r)
	}
	for _, s := range []string{"Kommunebesøk i Ål", "ÆØÅ æøå", "Crème brûlée", "Straße 12", "  -- Mål nr. 3.1 --  ", string(all)} {
		fast, ok := foldFast(s)
		if !ok {
			t.Errorf("foldFast(%q) fell back", s)
			continue
		}
		if slow := foldSlow(s); fast != slow {
			t.Errorf("foldFast(%q) = %q, foldSlow = %q", s, fast, slow)
		}
	}
	for _, s := range []string{"Ŧest", "Ελλάδα", "a\u0301"} {
		if _, ok := foldFast(s); ok {
			t.Errorf("foldFast(%q) should leave it to the slow path", s)
		}
	}
}

func TestCleanSpace(t *testing.T) {
	for in, want := range map[string]string{
		"":                 "",
		"Konsert i parken": "Konsert i parken",
		" a  b ":           "a b",
		"a\tb":             "a b",
		"a\u00a0b":         "a b",
		"Kommunebesøk":     "Kommunebesøk",
		"æ  ø":             "æ ø",
		"a\nb":             "a b",
		"x ":               "x",
	} {
		if got := CleanSpace(in); got != want {
			t.Errorf("CleanSpace(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Kommunenr.":      "kommunenr",
		"KOMMUNE NR":      "kommunenr",
		"Mål ":            "mal",
		"Aktivitetstype":  "aktivitetstype",
		"Sosiale  medier": "sosialemedier",
		"Kommunebesøk":    "kommunebesok",
		"Årsverk":         "arsverk",
		"Élève":           "eleve",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

package ingest

import (
	"strings"
	"unicode"

	"kulturrapport/pipeline"
)

// cancelledWords mark an activity that did not take place (folded).
var cancelledWords = map[string]bool{"avlyst": true, "avlyses": true, "kansellert": true, "cancelled": true, "canceled": true}

// leaver is a tableBuilder that leaves some rows out before checking
// them: rows whose sender marked them as not to be counted.
type leaver interface {
	// leftOut reports whether r is such a row, and the column that says
	// so.
	leftOut(r *rowCtx) (key string, out bool)
}

// leftOut: an activity marked cancelled («avlyst») in its title, note,
// date or type did not take place and is not counted. The mark is the
// cell's first word («Avlyst», «AVLYST: Kurs i Lier», «12.10.2026
// avlyst», «Ble avlyst pga. snø») or the note after it, in brackets or
// after a dash or colon («Kurs i Lier (avlyst)», «Kurs i Lier – avlyst»):
// a sentence that only mentions a cancellation («erstatter kurset som ble
// avlyst») is no mark.
func (a *activitiesBuilder) leftOut(r *rowCtx) (key string, out bool) {
	for _, key := range []string{pipeline.FieldTitle, pipeline.FieldNote, pipeline.FieldDate, pipeline.FieldType} {
		if v := r.value(key); v != "" && cancelMark(v) {
			return key, true
		}
	}
	return "", false
}

// cancelMark reports whether a cell's text marks its row cancelled.
func cancelMark(s string) bool {
	if !mayCancel(s) {
		return false // most cells: one pass over the bytes
	}
	if startsCancelled(s) {
		return true
	}
	_, note, ok := noteAfter(s)
	return ok && startsCancelled(note)
}

// beWords may stand before the mark: «Ble avlyst», «Er avlyst pga. snø».
var beWords = map[string]bool{"ble": true, "er": true, "blir": true, "vart": true, "vert": true, "was": true, "is": true}

// startsCancelled reports whether s begins with a cancelled word, or a
// form of «be» and one.
func startsCancelled(s string) bool {
	w, rest := firstWord(s)
	if beWords[w] {
		w, _ = firstWord(rest)
	}
	return cancelledWords[w]
}

// mayCancel reports whether s holds what every cancelled word holds, in
// any case: «vl» (avlyst, avlyses) or «n?el» (kansellert, cancelled).
// Both end in an l: the l's are found a word at a time (IndexByte), and
// only the letters before each are looked at.
func mayCancel(s string) bool {
	return mayCancelAt(s, 'l') || mayCancelAt(s, 'L')
}

// mayCancelAt is mayCancel for the l of one case.
func mayCancelAt(s string, l byte) bool {
	for i := 0; ; {
		j := strings.IndexByte(s[i:], l)
		if j < 0 {
			return false
		}
		k := i + j
		if k >= 1 && s[k-1]|0x20 == 'v' {
			return true
		}
		if k >= 3 && s[k-1]|0x20 == 'e' && (s[k-2]|0x20 == 's' || s[k-2]|0x20 == 'c') && s[k-3]|0x20 == 'n' {
			return true
		}
		i = k + 1
	}
}

// firstWord is the first run of letters in s, folded («12.10.2026
// AVLYST!» → «avlyst»), and what follows it.
func firstWord(s string) (word, rest string) {
	start := strings.IndexFunc(s, unicode.IsLetter)
	if start < 0 {
		return "", ""
	}
	w := s[start:]
	if end := strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }); end >= 0 {
		w, rest = w[:end], w[end:]
	}
	return pipeline.Fold(w), rest
}

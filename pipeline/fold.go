package pipeline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold lowercases s, removes accents and spells æøå in ASCII, and drops every
// character that is not a letter or a digit: "Kommune-nr. " and "KOMMUNENR"
// both Fold to "kommunenr".
func Fold(s string) string {
	if f, ok := foldFast(s); ok {
		return f
	}
	return foldSlow(s)
}

// foldSlow is fold by Unicode decomposition, for any text.
func foldSlow(s string) string {
	s = foldReplacer.Replace(s)
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	if r, _, err := transform.String(t, s); err == nil {
		s = r
	}
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldFast folds text of ASCII and Latin-1 letters without the Unicode
// tables (fold is called on every header candidate cell, and words with
// æøå are common); it reports false for any other rune that is a letter or
// a mark, which the slow path must see.
func foldFast(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b = append(b, byte(r))
		case r >= 'A' && r <= 'Z':
			b = append(b, byte(r)+'a'-'A')
		case r < 0x80:
			// punctuation and space: dropped
		default:
			if f, ok := latinFold[r]; ok {
				b = append(b, f...)
			} else if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) {
				return "", false
			}
		}
	}
	return string(b), true
}

// CleanSpace trims s and turns runs of white space (also no-break spaces)
// into one space.
func CleanSpace(s string) string {
	// Most cells have single ASCII spaces between words and none at the
	// ends: those are returned as they are.
	tidy := len(s) == 0 || (s[0] != ' ' && s[len(s)-1] != ' ')
	for i := 0; tidy && i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[i:])
			tidy = !unicode.IsSpace(r)
			i += n - 1
		case c == ' ':
			tidy = i+1 < len(s) && s[i+1] != ' '
		case c < ' ':
			tidy = !unicode.IsSpace(rune(c))
		}
	}
	if tidy {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// foldReplacer spells the Norwegian letters that do not decompose in ASCII.
var foldReplacer = strings.NewReplacer("ø", "o", "Ø", "o", "æ", "ae", "Æ", "ae", "å", "a", "Å", "a", "ß", "ss")

// latinFold spells the Latin-1 letters as fold does: æøå and ß as above,
// the others without their accents. fold's slow path (Unicode
// decomposition) gives the same for these; a test holds them together.
var latinFold = map[rune]string{
	'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o", 'å': "a", 'Å': "a", 'ß': "ss",
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'À': "a", 'Á': "a", 'Â': "a", 'Ã': "a", 'Ä': "a",
	'ç': "c", 'Ç': "c", 'ñ': "n", 'Ñ': "n",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'È': "e", 'É': "e", 'Ê': "e", 'Ë': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'Ì': "i", 'Í': "i", 'Î': "i", 'Ï': "i",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'Ò': "o", 'Ó': "o", 'Ô': "o", 'Õ': "o", 'Ö': "o",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'Ù': "u", 'Ú': "u", 'Û': "u", 'Ü': "u",
	'ý': "y", 'ÿ': "y", 'Ý': "y",
}

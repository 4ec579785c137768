package reports

import "encoding/json"

// marshalIndented encodes v as json.Encoder does with SetIndent("", "  "):
// the same bytes, a newline at the end. encoding/json indents by running
// its validating scanner over the encoded bytes, a state change a byte,
// which took twice as long as the encoding itself for run.json (15 MB with
// a national run's problem lists); the bytes json.Marshal makes are valid
// and compact, so a loop that only keeps track of strings does.
func marshalIndented(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	out := indentCompact(make([]byte, 0, len(b)+len(b)/2), b, "  ")
	return append(out, '\n'), nil
}

// indentCompact appends to dst the compact JSON src indented as
// json.Indent(dst, src, "", indent) would: a newline and an indent for
// each level after an opening bracket and each comma, ": " after a key,
// and an empty object or array left as {} or [].
func indentCompact(dst, src []byte, indent string) []byte {
	depth, open := 0, false // open: a bracket just opened, its newline not yet written
	newline := func() {
		dst = append(dst, '\n')
		for range depth {
			dst = append(dst, indent...)
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if open && c != '}' && c != ']' {
			open = false
			depth++
			newline()
		}
		switch c {
		case '"':
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j, len(src)-1)
			dst = append(dst, src[i:j+1]...)
			i = j
		case '{', '[':
			open = true
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		case '}', ']':
			if open {
				open = false
			} else {
				depth--
				newline()
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

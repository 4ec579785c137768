package indicators

import "math/bits"

// rowSet is a set of a table's rows, a bit a row: a filter's rows of a
// million-row table are 125 KB, not a megabyte (a run keeps forty of
// them).
type rowSet []uint64

// allRows is the set of rows 0 … n-1.
func allRows(n int) rowSet {
	s := make(rowSet, (n+63)/64)
	for w := range s {
		s[w] = ^uint64(0)
	}
	if r := n % 64; r != 0 {
		s[len(s)-1] = 1<<r - 1
	}
	return s
}

func (s rowSet) has(i int) bool { return s[i>>6]&(1<<(uint(i)&63)) != 0 }

// keep leaves in s the rows of it for which ok is true.
func (s rowSet) keep(ok func(i int) bool) {
	for w, word := range s {
		for rest := word; rest != 0; rest &= rest - 1 {
			b := bits.TrailingZeros64(rest)
			if !ok(w<<6 | b) {
				word &^= 1 << b
			}
		}
		s[w] = word
	}
}

// each calls f with the rows of s in order.
func (s rowSet) each(f func(i int)) {
	for w, word := range s {
		for ; word != 0; word &= word - 1 {
			f(w<<6 | bits.TrailingZeros64(word))
		}
	}
}

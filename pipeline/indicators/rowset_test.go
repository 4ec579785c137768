package indicators

import (
	"slices"
	"testing"
)

func TestRowSet(t *testing.T) {
	for _, n := range []int{0, 1, 63, 64, 65, 130} {
		s := allRows(n)
		var got []int
		s.each(func(i int) { got = append(got, i) })
		if len(got) != n {
			t.Fatalf("allRows(%d) holds %d rows", n, len(got))
		}
		// Keep the multiples of three, then of two: the multiples of six.
		s.keep(func(i int) bool { return i%3 == 0 })
		s.keep(func(i int) bool {
			if i%3 != 0 {
				t.Fatalf("n=%d: keep asked about row %d, already gone", n, i)
			}
			return i%2 == 0
		})
		var want []int
		got = got[:0]
		for i := range n {
			if i%6 == 0 {
				want = append(want, i)
			}
			if s.has(i) {
				got = append(got, i)
			}
		}
		var each []int
		s.each(func(i int) { each = append(each, i) })
		if !slices.Equal(got, want) || !slices.Equal(each, want) {
			t.Errorf("n=%d: has gives %v, each %v, want %v", n, got, each, want)
		}
	}
}

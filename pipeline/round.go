package pipeline

import "math"

// Round rounds v to decimals places, halves away from zero (20.5 → 21, as
// Excel's ROUND and a reader do). It is the one rounding of every number
// the reader sees: the status is graded on it, the text and the tables
// print it, the charts draw it, so that the three never disagree.
func Round(v float64, decimals int) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	p := math.Pow(10, float64(decimals))
	r := math.Round(v*p) / p
	if math.IsInf(r, 0) || math.IsNaN(r) { // v*p overflowed: v has no more decimals to lose
		return v
	}
	return r
}

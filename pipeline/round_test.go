package pipeline

import (
	"math"
	"testing"
)

// TestRound: half away from zero, at any number of decimals.
func TestRound(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		d    int
		want float64
	}{
		{20.5, 0, 21}, {-20.5, 0, -21}, {19.96, 1, 20}, {2.25, 1, 2.3}, {1e300, 2, 1e300}, {0, 3, 0},
	} {
		if got := Round(tc.v, tc.d); got != tc.want {
			t.Errorf("Round(%v, %d) = %v, want %v", tc.v, tc.d, got, tc.want)
		}
	}
	if !math.IsNaN(Round(math.NaN(), 1)) {
		t.Error("Round(NaN) is not NaN")
	}
}

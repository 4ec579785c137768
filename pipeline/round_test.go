package pipeline

import (
	"math"
	"testing"

	"kulturrapport/config"
)

// TestRoundIsTheStatusRounding: a value of 20.5 shown as 21 is graded as
// 21: with a target of 21 it is on target.
func TestRoundIsTheStatusRounding(t *testing.T) {
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
	target := 21.0
	def := &config.Indicator{Decimals: 0, Target: &target}
	v := 20.5
	if got := status(def, &v); got != Green {
		t.Errorf("20.5 with target 21, 0 decimals: %v, want %v (shown as 21)", got, Green)
	}
}

package indicators

import (
	"testing"

	"kulturrapport/config"
	"kulturrapport/pipeline"
)

// TestRoundIsTheStatusRounding: a value of 20.5 shown as 21 is graded as
// 21: with a target of 21 it is on target.
func TestRoundIsTheStatusRounding(t *testing.T) {
	target := 21.0
	def := &config.Indicator{Decimals: 0, Target: &target}
	v := 20.5
	if got := status(def, &v); got != pipeline.Green {
		t.Errorf("20.5 with target 21, 0 decimals: %v, want %v (shown as 21)", got, pipeline.Green)
	}
}

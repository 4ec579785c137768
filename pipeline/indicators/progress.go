package indicators

import (
	"math"

	"kulturrapport/pipeline"
)

// Progress thresholds of Open SDG's quantitative method.
const (
	progressHigh = 0.95
	progressMed  = 0.6
)

// progress grades the indicator's progress, or returns nil when it has no
// base and target year. The base value is the indicator's value at the end
// of the base year (December); years are counted in months / 12.
func progress(c *compiled, ref *pipeline.Reference, t *table, pidx int, current *float64, all scope) *pipeline.Progress {
	def := c.def
	if def.BaseYear == 0 || def.TargetYear == 0 || def.Target == nil {
		return nil
	}
	p := &pipeline.Progress{Status: pipeline.ProgressNotAvailable, BaseYear: def.BaseYear, TargetYear: def.TargetYear, Target: *def.Target}
	baseIdx := def.BaseYear*12 + 11
	if baseIdx < pidx {
		p.BaseValue, _, _, _ = c.value(ref, t, baseIdx, all)
	}
	if current == nil {
		return p
	}
	dir := 1.0
	if def.LowerIsBetter() {
		dir = -1
	}
	if dir*(*current-*def.Target) >= 0 {
		p.Status = pipeline.ProgressAchieved
		return p
	}
	if p.BaseValue == nil || pidx-baseIdx < 12 {
		return p // fewer than a year since the base: too soon to tell
	}
	ratio, ok := growthRatio(*p.BaseValue, *current, *def.Target, float64(pidx-baseIdx)/12, float64(def.TargetYear-def.BaseYear), dir)
	if !ok {
		return p
	}
	p.Ratio = &ratio
	p.Status = gradeProgress(ratio)
	return p
}

// gradeProgress turns a growth ratio into a progress status, with Open
// SDG's thresholds.
func gradeProgress(ratio float64) string {
	switch {
	case ratio >= progressHigh:
		return pipeline.ProgressOnTrack
	case ratio >= progressMed:
		return pipeline.ProgressModerate
	case ratio >= 0:
		return pipeline.ProgressLimited
	default:
		return pipeline.ProgressDeterioration
	}
}

// growthRatio is Open SDG's progress value: the observed compound annual
// growth rate over the one required to go from base to target, signed by
// the direction (dir 1: higher is better, -1: lower is better). A zero base
// or target counts as 0.001, as Open SDG does.
func growthRatio(base, current, target, yearsSoFar, yearsTotal, dir float64) (float64, bool) {
	if base == 0 {
		base = 0.001
	}
	if target == 0 {
		target = 0.001
	}
	if (base > 0) != (current > 0) && current != 0 || yearsSoFar <= 0 || yearsTotal <= 0 {
		return 0, false
	}
	if current == 0 {
		current = 0.001
	}
	sign := 1.0
	if base < 0 {
		sign = -1
	}
	observed := math.Pow(current/base, 1/yearsSoFar) - 1
	required := math.Pow(target/base, 1/yearsTotal) - 1
	if required == 0 || math.IsNaN(observed) || math.IsNaN(required) {
		return 0, false
	}
	return sign * dir * observed / math.Abs(required), true
}

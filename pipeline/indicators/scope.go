package indicators

import (
	"kulturrapport/config"
	"kulturrapport/pipeline"
)

// additive tells whether the indicator's values of the regions add up to
// the nation's (a count, a sum), so that its targets do too; a rate (a
// share, a ratio, a median, KOSTRA's share) does not.
func (c *compiled) additive() bool {
	return c.typ == aggMeasure && c.a.impl != nil && c.a.impl.additive
}

// scoped is c with the target and thresholds of the scope: the nation
// (region "") or a region.
//
// A region has its own target in region_targets; without one, a rate
// keeps the national target (it fits any scope) and a count has none.
// The nation has target; without it, a count has the sum of the regions'
// targets when every region has one. Thresholds are written for the
// indicator's own target (or, without one, for their green line): for
// another target they are scaled with it. A scope no target fits has no
// thresholds either: its status is «Uten mål».
func (c *compiled) scoped(ref *pipeline.Reference, region string) *compiled {
	def := c.def
	if len(def.RegionTargets) == 0 && (region == "" || !c.additive()) {
		return c
	}
	var target *float64
	switch {
	case region != "":
		if v, ok := def.RegionTargets[region]; ok {
			target = &v
		} else if !c.additive() {
			target = def.Target
		}
	case def.Target != nil:
		return c
	case c.additive():
		sum, all := 0.0, len(ref.Config.Regions) > 0
		for _, r := range ref.Config.Regions {
			v, ok := def.RegionTargets[r.Code]
			sum, all = sum+v, all && ok
		}
		if all {
			target = &sum
		}
	}
	sd := *def
	sd.Target, sd.Thresholds = target, config.Thresholds{}
	if target != nil {
		base := def.Target
		if base == nil {
			base = def.Thresholds.Green
		}
		scale := func(x *float64) *float64 {
			if x == nil || base == nil || *base == 0 {
				return x
			}
			v := *x * *target / *base
			return &v
		}
		sd.Thresholds = config.Thresholds{Green: scale(def.Thresholds.Green), Yellow: scale(def.Thresholds.Yellow)}
	}
	cc := *c
	cc.def = &sd
	return &cc
}

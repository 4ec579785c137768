package pipeline

import (
	"slices"
	"strings"
	"sync"
)

// MunicipalityNamed finds the member municipality that name names, as
// people write it instead of its number: a member's name (or one of its
// parallel names, «Deatnu - Tana»), or else a former municipality's name
// in SSB's change table, followed to the member it is part of now
// («Nøtterøy» → Færder). Case, spaces and accents aside. When several
// members answer (Herøy, Våler), the one in region is taken. It returns
// the code, the former code when the name was a former municipality's,
// and, when it cannot tell, the members the name may be (none: the name
// is no municipality's).
func (r *Reference) MunicipalityNamed(name, region string) (code, former string, candidates []string) {
	f := Fold(name)
	type hit struct{ code, former string }
	var hits []hit
	for _, c := range r.muniByName()[f] {
		hits = append(hits, hit{c, ""})
	}
	if len(hits) == 0 {
		for _, old := range formerNames()[f] {
			if res := r.ResolveKommune(old); res.Err == "" && !slices.ContainsFunc(hits, func(h hit) bool { return h.code == res.Code }) {
				hits = append(hits, hit{res.Code, old})
			}
		}
	}
	if len(hits) > 1 && region != "" {
		var in []hit
		for _, h := range hits {
			if r.muniRegion[h.code] == region {
				in = append(in, h)
			}
		}
		if len(in) == 1 {
			hits = in
		}
	}
	if len(hits) == 1 {
		return hits[0].code, hits[0].former, nil
	}
	for _, h := range hits {
		candidates = append(candidates, h.code)
	}
	slices.Sort(candidates)
	return "", "", candidates
}

// muniByName indexes the members by their folded names and parallel
// names; built once.
func (r *Reference) muniByName() map[string][]string {
	r.namesOnce.Do(func() {
		r.byName = map[string][]string{}
		for _, reg := range r.Config.Regions {
			for _, m := range reg.Municipalities {
				for _, n := range nameForms(m.Name) {
					if !slices.Contains(r.byName[n], m.Code) {
						r.byName[n] = append(r.byName[n], m.Code)
					}
				}
			}
		}
	})
	return r.byName
}

// formerNames indexes the old codes of SSB's change table by their
// municipalities' folded names and parallel names.
var formerNames = sync.OnceValue(func() map[string][]string {
	out := map[string][]string{}
	for _, cs := range kommuneChanges() {
		for _, c := range cs {
			for _, n := range nameForms(c.OldName) {
				if !slices.Contains(out[n], c.Old) {
					out[n] = append(out[n], c.Old)
				}
			}
		}
	}
	return out
})

// nameForms are the folded forms a municipality's name is looked up by:
// the whole, without the county SSB tells namesakes apart by («Sande
// (Vestfold)»), and each of its parallel names («Deatnu - Tana»).
func nameForms(name string) []string {
	forms := []string{Fold(name)}
	if i := strings.LastIndex(name, " ("); i > 0 && strings.HasSuffix(name, ")") {
		name = name[:i]
		forms = append(forms, Fold(name))
	}
	if parts := strings.Split(name, " - "); len(parts) > 1 {
		for _, p := range parts {
			forms = append(forms, Fold(p))
		}
	}
	return forms
}

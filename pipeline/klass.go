package pipeline

import (
	_ "embed"
	"encoding/json"
	"slices"
	"strings"
	"sync"
)

// klassJSON is SSB's classification 131 change table (klass131/README.md).
//
//go:embed klass131/changes.json
var klassJSON []byte

// kommuneChange is one change of a municipality number.
type kommuneChange struct {
	Old     string `json:"oldCode"`
	OldName string `json:"oldName"`
	New     string `json:"newCode"`
	NewName string `json:"newName"`
	At      string `json:"changeOccurred"` // YYYY-MM-DD
}

// kommuneChanges are the changes by old code, oldest first; a code that
// only changed its name is left out.
var kommuneChanges = sync.OnceValue(func() map[string][]kommuneChange {
	var doc struct {
		CodeChanges []kommuneChange `json:"codeChanges"`
	}
	if err := json.Unmarshal(klassJSON, &doc); err != nil {
		panic("pipeline: the embedded KLASS 131 table: " + err.Error()) // a build that cannot happen
	}
	out := map[string][]kommuneChange{}
	for _, c := range doc.CodeChanges {
		if c.Old != c.New {
			out[c.Old] = append(out[c.Old], c)
		}
	}
	for _, cs := range out {
		slices.SortStableFunc(cs, func(a, b kommuneChange) int { return strings.Compare(a.At, b.At) })
	}
	return out
})

// KommuneHop is one step of a kommunenummer's history: the code became
// To (one code; a merge or a new number) or was split between several.
type KommuneHop struct {
	From string
	To   []string
	At   string // the date of the change, YYYY-MM-DD
	// Names of the successors, by code.
	Names map[string]string
}

// kommuneHops is the next change of code after the date after (""
// for any): the successors of its next change.
func kommuneHop(code, after string) (KommuneHop, bool) {
	cs := kommuneChanges()[code]
	for i, c := range cs {
		if c.At <= after {
			continue
		}
		hop := KommuneHop{From: code, At: c.At, Names: map[string]string{}}
		for _, d := range cs[i:] {
			if d.At != c.At {
				break
			}
			if !slices.Contains(hop.To, d.New) {
				hop.To = append(hop.To, d.New)
			}
			hop.Names[d.New] = d.NewName
		}
		return hop, true
	}
	return KommuneHop{}, false
}

package ingest

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/pipeline"
	"kulturrapport/pipeline/internal/rowbuild"
)

// builderBase is what every kind's row builder has: the reference data
// and options rows are checked against, the columns rows go into, the
// duplicate tracker and the lookup cache. A builder embeds it and adds its
// own add.
type builderBase struct {
	ref   *pipeline.Reference
	opts  Options
	b     *rowbuild.Builder
	prov  provenance
	dups  *dupTracker
	cache *lookupCache
}

// at is the position of the named field in schema, for the builders to
// address columns by name. A name the schema lacks is a programming error:
// the builders' positions are found when the package is loaded, so it
// shows at once.
func at(schema *arrow.Schema, name string) int {
	idx := schema.FieldIndices(name)
	if len(idx) != 1 {
		panic(fmt.Sprintf("ingest: schema has %d fields named %q", len(idx), name))
	}
	return idx[0]
}

// provenance are the positions of the provenance fields in a schema.
type provenance struct{ file, sheet, row int }

func provenanceOf(schema *arrow.Schema) provenance {
	return provenance{at(schema, pipeline.FieldSourceFile), at(schema, pipeline.FieldSourceSheet), at(schema, pipeline.FieldSourceRow)}
}

// newBuilderBase makes a builder's base for a table of schema whose
// duplicates are reported on the column field with the message msgKey.
func newBuilderBase(ref *pipeline.Reference, opts Options, mem memory.Allocator, schema *arrow.Schema, field, msgKey string) builderBase {
	return builderBase{ref: ref, opts: opts, b: rowbuild.New(mem, schema), prov: provenanceOf(schema), dups: newDupTracker(field, msgKey), cache: takeCache(opts.caches)}
}

func (g *builderBase) duplicates() *dupTracker { return g.dups }

func (g *builderBase) release() { g.b.Release(); putCache(g.opts.caches, g.cache) }

func (g *builderBase) newRecord() arrow.RecordBatch { return g.b.NewRecord() }

// check begins the checks of row r.
func (g *builderBase) check(r *rowCtx) *check { return newCheck(r, g.ref, &g.opts, g.cache) }

// builderOf makes each input kind's row builder, by the kind's name.
var builderOf = map[string]func(ref *pipeline.Reference, opts Options, mem memory.Allocator) tableBuilder{
	pipeline.Activities.Name: newActivitiesBuilder,
	pipeline.Projects.Name:   newProjectsBuilder,
	pipeline.Statistics.Name: newStatisticsBuilder,
	pipeline.Comments.Name:   newCommentsBuilder,
}

// tableBuilder validates rows of one kind and appends the good ones.
type tableBuilder interface {
	// add validates r. With no rejection it appends the row and returns
	// the warnings; otherwise it appends nothing.
	add(r *rowCtx) (rejects, warnings []pipeline.Problem)
	// newRecord returns the rows appended so far, and resets the builder.
	newRecord() arrow.RecordBatch
	// duplicates tracks the identities of the rows appended.
	duplicates() *dupTracker
	release()
}

// headerMatch is how a row matched as the header row of a kind.
type headerMatch struct {
	kind    *pipeline.Kind
	cols    map[string]int    // column key → 0-based index
	extra   []extraColumn     // headers that matched no column
	dups    []extraColumn     // columns whose header occurs twice
	missing []string          // required columns not found (Norwegian headers)
	derived []pipeline.Column // required columns not found, worked out from others
	// fromSheet are required columns not found whose value the sheet may
	// give once (Column.FromSheet); readFile looks for it, and counts the
	// column missing when there is none.
	fromSheet []pipeline.Column
	more      map[string][]int // a Numbered column's further columns («Mål 2»)
	matched   int
}

type extraColumn struct {
	idx    int
	header string
}

// matchFolded matches the cells of a row, folded already (once a row, for
// every kind), against kind's column headers.
func matchFolded(kind *pipeline.Kind, cells, folded []string) headerMatch {
	m := headerMatch{kind: kind, cols: map[string]int{}}
	lookup, fallback := kind.HeaderLookup(), kind.FallbackLookup()
	// Cells whose header is a column's fallback («Kommune»), or a Numbered
	// column's with a number («Mål 2»): placed once the column's own
	// headers are.
	type later struct {
		i        int
		key      string
		numbered bool
	}
	var deferred []later
	for i, cell := range cells {
		f := folded[i]
		if f == "" {
			continue
		}
		key, ok := lookup[f]
		if !ok {
			if k, fb := fallback[f]; fb {
				deferred = append(deferred, later{i, k, false})
			} else if k := numberedKey(kind, f); k != "" {
				deferred = append(deferred, later{i, k, true})
			} else {
				m.extra = append(m.extra, extraColumn{i, pipeline.CleanSpace(cell)})
			}
			continue
		}
		if _, seen := m.cols[key]; seen {
			m.dups = append(m.dups, extraColumn{i, pipeline.CleanSpace(cell)})
			continue
		}
		m.cols[key] = i
		m.matched++
	}
	// Each is the column where the sheet has none of its own headers.
	// Else a numbered one adds to it (the first of «Mål 1», «Mål 2» is the
	// column, the others add), and a fallback is an extra column.
	sorted := true
	for _, d := range deferred {
		switch _, seen := m.cols[d.key]; {
		case !seen:
			m.cols[d.key] = d.i
			m.matched++
		case d.numbered:
			if m.more == nil {
				m.more = map[string][]int{}
			}
			m.more[d.key] = append(m.more[d.key], d.i)
		default:
			m.extra = append(m.extra, extraColumn{d.i, pipeline.CleanSpace(cells[d.i])})
			sorted = false
		}
	}
	if !sorted {
		slices.SortFunc(m.extra, func(a, b extraColumn) int { return a.idx - b.idx })
	}
	for _, c := range kind.Columns {
		if _, ok := m.cols[c.Key]; !ok && c.Required {
			if _, from := m.cols[c.DerivedFrom]; c.DerivedFrom != "" && from {
				m.derived = append(m.derived, c)
				continue
			}
			if c.FromSheet {
				m.fromSheet = append(m.fromSheet, c)
				continue
			}
			m.missing = append(m.missing, c.Header)
		}
	}
	return m
}

// detectHeader finds the header row among the first rows of a sheet: the row
// that matches the most columns of any kind, with at least three matched.
// pinned, if not empty, restricts the search to that kind.
func detectHeader(rows [][]string, pinned string) (best headerMatch, rowIdx int, ok bool) {
	rowIdx = -1
	for i, cells := range rows {
		folded := make([]string, len(cells))
		known := 0
		for j, c := range cells {
			folded[j] = pipeline.Fold(c)
			if knownHeader(folded[j]) {
				known++
				continue
			}
			// A header with a note in brackets: «Dato (dd.mm.åååå)»,
			// «Deltakere (antall)».
			if bare := withoutBrackets(c); bare != c {
				if f := pipeline.Fold(bare); knownHeader(f) {
					folded[j] = f
					known++
				}
			}
		}
		if known < 3 {
			continue // not a header of any kind: most rows are data
		}
		for _, k := range pipeline.Kinds() {
			if pinned != "" && k.Name != pinned {
				continue
			}
			m := matchFolded(k, cells, folded)
			if m.matched < 3 {
				continue
			}
			better := !ok ||
				len(m.missing) < len(best.missing) ||
				(len(m.missing) == len(best.missing) && m.matched > best.matched)
			if better {
				best, rowIdx, ok = m, i, true
			}
		}
	}
	return best, rowIdx, ok
}

// numberedKey is the key of kind's Numbered column whose header, with a
// number after it, folded is f («mal2»); "" for any other.
func numberedKey(kind *pipeline.Kind, f string) string {
	base := strings.TrimRight(f, "0123456789")
	if base == f || base == "" {
		return ""
	}
	key, ok := kind.HeaderLookup()[base]
	if !ok {
		return ""
	}
	for _, c := range kind.Columns {
		if c.Key == key && c.Numbered {
			return key
		}
	}
	return ""
}

// knownHeader tells whether a folded cell is a header of any kind.
func knownHeader(folded string) bool {
	for _, k := range pipeline.Kinds() {
		if _, ok := k.HeaderLookup()[folded]; ok {
			return true
		}
		if _, ok := k.FallbackLookup()[folded]; ok {
			return true
		}
	}
	return false
}

// withoutBrackets is s without its parts in round or square brackets.
func withoutBrackets(s string) string {
	for _, p := range [][2]string{{"(", ")"}, {"[", "]"}} {
		for {
			i := strings.Index(s, p[0])
			j := strings.Index(s, p[1])
			if i < 0 || j < i {
				break
			}
			s = s[:i] + " " + s[j+1:]
		}
	}
	return s
}

// isTotalRow reports whether a row is a totals row ("Sum", "Totalt",
// "I alt") that must not be counted as data: one of its cells, in any
// column, says so, and the required columns (required, 0-based) are empty
// but for the one that holds the word. A row that fills in what an
// activity needs is data, whatever its title.
func isTotalRow(cells []string, required []int) bool {
	// Two required cells filled cannot both be the label: the row is
	// data, found without looking at every cell (most rows end here).
	filled := 0
	for _, i := range required {
		if i < len(cells) && strings.TrimSpace(cells[i]) != "" {
			if filled++; filled > 1 {
				return false
			}
		}
	}
	label := -1
	for i, c := range cells {
		// Most cells are not a totals word: skip the fold for them.
		t := strings.TrimSpace(c)
		if len(t) == 0 || len(t) > 12 || !strings.ContainsRune("SsTtIi", rune(t[0])) {
			continue
		}
		switch pipeline.Fold(t) {
		case "sum", "sumtotalt", "totalt", "total", "totals", "sumalle", "isum", "summer", "summert", "ialt":
			label = i
		}
		if label >= 0 {
			break
		}
	}
	if label < 0 {
		return false
	}
	for _, i := range required {
		if i != label && i < len(cells) && strings.TrimSpace(cells[i]) != "" {
			return false
		}
	}
	return true
}

// requiredHeaders lists the Norwegian headers of the required columns.
func requiredHeaders(k *pipeline.Kind) []string {
	var hs []string
	for _, c := range k.Columns {
		if c.Required {
			hs = append(hs, c.Header)
		}
	}
	sort.Strings(hs)
	return hs
}

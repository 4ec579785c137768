package pipeline

import (
	"sort"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Kind is one kind of input (the README's "Using your own files"): its columns, how its header row
// is recognised, and how its rows become a typed Arrow table. Adding a kind is
// one file that defines it plus one line in kinds.
type Kind struct {
	// Name is the kind's table name, as in run.json and the Parquet files.
	Name string
	// Columns in the canonical order of the table and the templates.
	Columns []Column
	// Schema is the Arrow schema of the normalised table.
	Schema *arrow.Schema
	// Entity is the field that names what a row is about, for measures
	// taken per entity (last(F): the latest row of each); "" for a kind
	// whose rows are events (activities).
	Entity string
	// Template is what the kind's input template says of it.
	Template Template
	// newBuilder returns a builder that validates rows and appends them.
	newBuilder func(ref *Reference, opts Options, mem memory.Allocator) tableBuilder

	lookupOnce sync.Once
	lookup     map[string]string
}

// Template is what an input kind's template (kulturrapport templates)
// says of it, in Norwegian: its data sheet's name, its title, and an
// introduction for the instructions sheet.
type Template struct {
	Sheet, Title, Intro string
}

// Column is one column of an input kind.
type Column struct {
	Key      string   // field name in the normalised table
	Header   string   // Norwegian header, as in the templates
	Aliases  []string // other headers accepted (English, abbreviations)
	Required bool     // a header row without it is not of the kind; a row without a value is rejected
	Help     string   // what the column holds, for the templates
}

// builderBase is what every kind's row builder has: the reference data
// and options rows are checked against, the columns rows go into, the
// duplicate tracker and the lookup cache. A builder embeds it and adds its
// own add.
type builderBase struct {
	ref   *Reference
	opts  Options
	b     *rowBuilder
	dups  *dupTracker
	cache *lookupCache
}

// newBuilderBase makes a builder's base for a table of schema whose
// duplicates are reported on the column field with the message msgKey.
func newBuilderBase(ref *Reference, opts Options, mem memory.Allocator, schema *arrow.Schema, field, msgKey string) builderBase {
	return builderBase{ref: ref, opts: opts, b: newRowBuilder(mem, schema), dups: newDupTracker(field, msgKey), cache: ref.lookupCache()}
}

func (g *builderBase) duplicates() *dupTracker      { return g.dups }
func (g *builderBase) release()                     { g.b.Release(); g.ref.putCache(g.cache) }
func (g *builderBase) newRecord() arrow.RecordBatch { return g.b.newRecord() }

// check begins the checks of row r.
func (g *builderBase) check(r *rowCtx) *check { return newCheck(r, g.ref, &g.opts, g.cache) }

// tableBuilder validates rows of one kind and appends the good ones.
type tableBuilder interface {
	// add validates r. With no rejection it appends the row and returns
	// the warnings; otherwise it appends nothing.
	add(r *rowCtx) (rejects, warnings []Problem)
	// newRecord returns the rows appended so far, and resets the builder.
	newRecord() arrow.RecordBatch
	// duplicates tracks the identities of the rows appended.
	duplicates() *dupTracker
	release()
}

// kinds is the registry of input kinds, in the order they are tried.
var kinds = []*Kind{activitiesKind, projectsKind, statisticsKind}

// Kinds returns the registered input kinds.
func Kinds() []*Kind { return kinds }

// KindByName returns the kind with the given table name.
func KindByName(name string) (*Kind, bool) {
	for _, k := range kinds {
		if k.Name == name {
			return k, true
		}
	}
	return nil, false
}

// headerLookup maps every folded header and alias of the kind to its
// column key; built once.
func (k *Kind) headerLookup() map[string]string {
	k.lookupOnce.Do(func() {
		k.lookup = map[string]string{}
		for _, c := range k.Columns {
			k.lookup[fold(c.Header)] = c.Key
			for _, a := range c.Aliases {
				k.lookup[fold(a)] = c.Key
			}
		}
	})
	return k.lookup
}

// header is the header a column is written under, or key for a field that
// is no input column.
func (k *Kind) header(key string) string {
	for _, c := range k.Columns {
		if c.Key == key {
			return c.Header
		}
	}
	return key
}

// headerMatch is how a row matched as the header row of a kind.
type headerMatch struct {
	kind    *Kind
	cols    map[string]int // column key → 0-based index
	extra   []extraColumn  // headers that matched no column
	dups    []extraColumn  // columns whose header occurs twice
	missing []string       // required columns not found (Norwegian headers)
	matched int
}

type extraColumn struct {
	idx    int
	header string
}

// matchFolded matches the cells of a row, folded already (once a row, for
// every kind), against kind's column headers.
func matchFolded(kind *Kind, cells, folded []string) headerMatch {
	m := headerMatch{kind: kind, cols: map[string]int{}}
	lookup := kind.headerLookup()
	for i, cell := range cells {
		f := folded[i]
		if f == "" {
			continue
		}
		key, ok := lookup[f]
		if !ok {
			m.extra = append(m.extra, extraColumn{i, cleanSpace(cell)})
			continue
		}
		if _, seen := m.cols[key]; seen {
			m.dups = append(m.dups, extraColumn{i, cleanSpace(cell)})
			continue
		}
		m.cols[key] = i
		m.matched++
	}
	for _, c := range kind.Columns {
		if _, ok := m.cols[c.Key]; !ok && c.Required {
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
			folded[j] = fold(c)
			for _, k := range kinds {
				if _, ok := k.headerLookup()[folded[j]]; ok {
					known++
					break
				}
			}
		}
		if known < 3 {
			continue // not a header of any kind: most rows are data
		}
		for _, k := range kinds {
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

// isTotalRow reports whether a row is a totals row ("Sum", "Totalt",
// "I alt") that must not be counted as data: one of its cells, in any
// column, says so, and the required columns (required, 0-based) are empty
// but for the one that holds the word. A row that fills in what an
// activity needs is data, whatever its title.
func isTotalRow(cells []string, required []int) bool {
	label := -1
	for i, c := range cells {
		// Most cells are not a totals word: skip the fold for them.
		t := strings.TrimSpace(c)
		if len(t) == 0 || len(t) > 12 || !strings.ContainsRune("SsTtIi", rune(t[0])) {
			continue
		}
		switch fold(t) {
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

// isBlank reports whether every cell of a row is empty or white space.
func isBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// requiredHeaders lists the Norwegian headers of the required columns.
func requiredHeaders(k *Kind) []string {
	var hs []string
	for _, c := range k.Columns {
		if c.Required {
			hs = append(hs, c.Header)
		}
	}
	sort.Strings(hs)
	return hs
}

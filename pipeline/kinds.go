package pipeline

import (
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
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

	lookupOnce sync.Once
	lookup     map[string]string
	fallback   map[string]string
}

// Template is what an input kind's template (kulturrapport templates)
// says of it, in Norwegian: its data sheet's name, its title, and an
// introduction for the instructions sheet.
type Template struct {
	Sheet, Title, Intro string
}

// Column is one column of an input kind.
type Column struct {
	Key     string   // field name in the normalised table
	Header  string   // Norwegian header, as in the templates
	Aliases []string // other headers accepted (English, abbreviations)
	// Fallback are headers read for the column only when a sheet has
	// none of Header and Aliases: activities' «Kommune» (names) when
	// there is no «Kommunenr».
	Fallback []string
	// DerivedFrom, for a required column, is the column it can be worked
	// out from, row by row, in a sheet that does not have it: an activity
	// log's region from its municipality.
	DerivedFrom string
	// FromSheet marks a required column whose value a sheet without it
	// may give once for all its rows, in the sheet's name, its title or
	// the file's name: the statistics' school year («Kulturskolestatistikk
	// 2023/2024»).
	FromSheet bool
	// Numbered marks a column of a list that a sheet may spread over
	// numbered columns («Mål 1», «Mål 2»): their values are read as one.
	Numbered bool
	Required bool   // a header row without it is not of the kind; a row without a value is rejected
	Help     string // what the column holds, for the templates
	// NotInTemplate marks a column the tool fills itself (from SSB's
	// files): read where a sheet has it, left out of the input templates.
	NotInTemplate bool
}

// TemplateColumns are the kind's columns that its input template has.
func (k *Kind) TemplateColumns() []Column {
	var out []Column
	for _, c := range k.Columns {
		if !c.NotInTemplate {
			out = append(out, c)
		}
	}
	return out
}

// kinds is the registry of input kinds, in the order they are tried.
var kinds = []*Kind{Activities, Projects, Statistics, Comments}

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

// HeaderLookup maps every folded header and alias of the kind to its
// column key; built once.
func (k *Kind) HeaderLookup() map[string]string {
	k.buildLookups()
	return k.lookup
}

// FallbackLookup maps the folded Fallback headers of the kind to their
// column keys.
func (k *Kind) FallbackLookup() map[string]string {
	k.buildLookups()
	return k.fallback
}

func (k *Kind) buildLookups() {
	k.lookupOnce.Do(func() {
		k.lookup, k.fallback = map[string]string{}, map[string]string{}
		for _, c := range k.Columns {
			k.lookup[Fold(c.Header)] = c.Key
			for _, a := range c.Aliases {
				k.lookup[Fold(a)] = c.Key
			}
			for _, f := range c.Fallback {
				k.fallback[Fold(f)] = c.Key
			}
		}
	})
}

// Header is the Header a column is written under, or key for a field that
// is no input column.
func (k *Kind) Header(key string) string {
	for _, c := range k.Columns {
		if c.Key == key {
			return c.Header
		}
	}
	return key
}

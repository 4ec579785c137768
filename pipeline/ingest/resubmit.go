package ingest

import (
	"cmp"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"kulturrapport/pipeline"
)

// A corrected file replaces the sender's earlier file for the same report:
// the same kind, the same name once version markers are taken off, the same
// region and the same main month (when both files say). A region sends
// several logs a month (one per county in the sample): their names differ,
// so they are separate reports, never replacements of each other.

// versionMarker is a marker a sender puts at the end of a file's name when
// sending it again: -v2, _v2, " (1)", -korrigert, -rettet, -ny, or the date
// it was saved (2026-11-03, 20261103, 03.11.2026).
var versionMarker = regexp.MustCompile(`(?i)(?:[-_ .]+v(\d{1,3})|\s*\((\d{1,3})\)|[-_ .]+(korrigert|korrigering|rettet|retta|ny|nyeste|oppdatert|endelig|final|corrected|updated|new)|[-_ .]+(\d{4}-\d{2}-\d{2}|\d{8}|\d{2}\.\d{2}\.\d{4}))$`)

// reportName is a file's name without its folder, extension and version
// markers, folded to lower case, and the version its markers give (0 for
// none; -v3 is 3, " (1)" is 2, a word such as -korrigert 1).
func reportName(path string) (string, int) {
	name := filepath.Base(filepath.FromSlash(path))
	name = strings.ToLower(strings.TrimSuffix(name, filepath.Ext(name)))
	version := 0
	for {
		m := versionMarker.FindStringSubmatchIndex(name)
		if m == nil || m[0] == 0 {
			break
		}
		v := 1
		switch {
		case m[2] >= 0:
			v, _ = strconv.Atoi(name[m[2]:m[3]])
		case m[4] >= 0:
			n, _ := strconv.Atoi(name[m[4]:m[5]])
			v = n + 1
		case m[8] >= 0:
			v = 0 // a save date: no version, the dates decide
		}
		version = max(version, v)
		name = strings.TrimRight(name[:m[0]], "-_ .")
	}
	return name, version
}

// fileIdentity is what tells whether two files are the same report.
type fileIdentity struct {
	kind, name string
	version    int
	regions    string // the regions of its rows, sorted; "" when it names none
	month      string // the month most of its rows are in; "" when unknown
}

// identityOf is the identity of the file at path whose tables are recs.
func identityOf(rep *pipeline.FileReport, recs map[string]arrow.RecordBatch) fileIdentity {
	id := fileIdentity{kind: rep.Kind}
	id.name, id.version = reportName(rep.Path)
	regions := map[string]bool{}
	months := map[string]int{}
	for _, rec := range recs {
		for i, f := range rec.Schema().Fields() {
			switch f.Name {
			case pipeline.FieldRegion:
				for s := range countStrings(rec.Column(i)) {
					regions[s] = true
				}
			case pipeline.FieldPeriod, pipeline.FieldSchoolYear:
				for s, n := range countStrings(rec.Column(i)) {
					months[s] += n
				}
			}
		}
	}
	id.regions = strings.Join(slices.Sorted(maps.Keys(regions)), ";")
	best := 0
	for m, n := range months {
		if n > best || n == best && m < id.month {
			id.month, best = m, n
		}
	}
	return id
}

// sameReport reports whether a and b are the same report: one replaces
// the other. Regions and months must agree where both files say.
func (a fileIdentity) sameReport(b fileIdentity) bool {
	if a.kind != b.kind || a.name != b.name || a.name == "" {
		return false
	}
	if a.regions != "" && b.regions != "" && a.regions != b.regions {
		return false
	}
	return a.month == "" || b.month == "" || a.month == b.month
}

// newer reports whether file a is newer than b: by the date the workbook
// says it was saved, then by the file's modification time (when they are
// more than a few seconds apart: files copied or checked out together get
// times a moment apart, in any order), then by the version in its name,
// then by its name.
func newer(a, b *pipeline.FileReport, va, vb int) bool {
	if !a.Saved.IsZero() && !b.Saved.IsZero() && !a.Saved.Equal(b.Saved) {
		return a.Saved.After(b.Saved)
	}
	if d := a.Modified.Sub(b.Modified); d > mtimeSlack || d < -mtimeSlack {
		return d > 0
	}
	if va != vb {
		return va > vb
	}
	return a.Path > b.Path
}

// mtimeSlack is how far apart two files' modification times must be for
// the later to count as newer.
const mtimeSlack = 5 * time.Second

// replaceResubmitted marks the files that a newer file of the same report
// replaces, and returns whether each file is replaced. tables are each
// file's tables (nil for a file not read).
func replaceResubmitted(reports []*pipeline.FileReport, tables []map[string]arrow.RecordBatch) []bool {
	type cand struct {
		i  int
		id fileIdentity
	}
	// Files are grouped by kind and name first: only a name sent more than
	// once needs its rows' regions and months counted.
	byName := map[string][]int{}
	for i, rep := range reports {
		if rep.Status != pipeline.StatusOK || tables[i] == nil {
			continue
		}
		name, _ := reportName(rep.Path)
		byName[rep.Kind+"\x00"+name] = append(byName[rep.Kind+"\x00"+name], i)
	}
	replaced := make([]bool, len(reports))
	for _, files := range byName {
		if len(files) < 2 {
			continue
		}
		group := make([]cand, len(files))
		for k, i := range files {
			group[k] = cand{i, identityOf(reports[i], tables[i])}
		}
		// Newest first: each file is replaced by the newest file of its
		// report that is newer than it.
		slices.SortFunc(group, func(a, b cand) int {
			if newer(reports[a.i], reports[b.i], a.id.version, b.id.version) {
				return -1
			}
			if newer(reports[b.i], reports[a.i], b.id.version, a.id.version) {
				return 1
			}
			return cmp.Compare(a.i, b.i)
		})
		for k, old := range group {
			for _, nw := range group[:k] {
				if replaced[nw.i] || !nw.id.sameReport(old.id) {
					continue
				}
				rep := reports[old.i]
				*rep = pipeline.FileReport{Path: rep.Path, SHA256: rep.SHA256, Kind: rep.Kind, Sheet: rep.Sheet, Status: pipeline.StatusReplaced,
					Submitted: rep.Submitted, ReasonMsg: msg("file.replaced", reports[nw.i].Path), Rejected: []pipeline.Problem{}, Warnings: []pipeline.Problem{}}
				replaced[old.i] = true
				break
			}
		}
	}
	return replaced
}

// countStrings counts the valid rows of each value of a string or
// dictionary column (a dictionary's by its codes: a file's thousands of
// rows hold a few values).
func countStrings(col arrow.Array) map[string]int {
	counts := map[string]int{}
	switch c := col.(type) {
	case *array.Dictionary:
		dict, ok := c.Dictionary().(*array.String)
		if !ok {
			return counts
		}
		byCode := make([]int, dict.Len())
		for i := 0; i < c.Len(); i++ {
			if c.IsValid(i) {
				byCode[c.GetValueIndex(i)]++
			}
		}
		for code, n := range byCode {
			if n > 0 {
				counts[dict.Value(code)] += n
			}
		}
	case *array.String:
		for i := 0; i < c.Len(); i++ {
			if c.IsValid(i) {
				counts[c.Value(i)]++
			}
		}
	}
	return counts
}

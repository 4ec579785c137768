package i18n

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"kulturrapport/pipeline"
)

// The sentences the writers tell: an indicator's note, why it needs
// attention, its arrow and whether the change is better, its progress, its
// filter.

// Arrow is the arrow of an indicator's change over the year, from the
// change as shown (rounded): ↗ up, ↘ down, → unchanged, "" unknown.
func Arrow(ind *pipeline.IndicatorResult) string {
	if ind.ChangeYear == nil {
		return ""
	}
	switch c := pipeline.Round(*ind.ChangeYear, ind.Def.Decimals); {
	case c > 0:
		return "↗"
	case c < 0:
		return "↘"
	}
	return "→"
}

// Direction is +1 when the rounded change over the year is better, -1 when
// worse, by the indicator's direction (a rising waiting list is worse),
// and 0 for no change or none known.
func Direction(ind *pipeline.IndicatorResult) int {
	if ind.ChangeYear == nil {
		return 0
	}
	c := pipeline.Round(*ind.ChangeYear, ind.Def.Decimals)
	if ind.Def.LowerIsBetter() {
		c = -c
	}
	switch {
	case c > 0:
		return 1
	case c < 0:
		return -1
	}
	return 0
}

// Better says Direction in a word: «bedre», «verre» or "".
func Better(lang string, ind *pipeline.IndicatorResult) string {
	switch Direction(ind) {
	case 1:
		return T(lang, "change.better")
	case -1:
		return T(lang, "change.worse")
	}
	return ""
}

// Reason puts why an indicator needs attention into one sentence: its
// value against the target and why it is listed, the change over the year,
// the region or county that pulls it down most, and what its figures lack.
func Reason(lang string, ind *pipeline.IndicatorResult, a pipeline.Attention) string {
	def := ind.Def
	var why []string
	for _, k := range a.Kinds {
		switch k {
		case pipeline.AttentionOffTrack:
			key := "attention.limited"
			if ind.Progress != nil && ind.Progress.Status == pipeline.ProgressDeterioration {
				key = "attention.deterioration"
			}
			year := 0
			if ind.Progress != nil {
				year = ind.Progress.TargetYear
			}
			why = append(why, fmt.Sprintf(T(lang, key), year))
		default:
			why = append(why, T(lang, "attention."+k))
		}
	}
	s := fmt.Sprintf(T(lang, "attention.value"), def.Name, FormatValue(lang, ind.Value, def.Decimals, def.Unit))
	if ind.Target != nil {
		s += fmt.Sprintf(T(lang, "attention.target"), FormatValue(lang, ind.Target, def.Decimals, def.Unit))
	}
	s += " (" + strings.Join(why, "; ") + ")"
	if ind.ChangeYear != nil {
		s += "; " + fmt.Sprintf(T(lang, "attention.change"), FormatChange(lang, ind.ChangeYear, def.Decimals, def.Unit))
	}
	if w := a.Weakest; w != nil {
		s += "; " + fmt.Sprintf(T(lang, "attention.weakest"), w.Name, FormatValue(lang, w.Value, def.Decimals, def.Unit))
	}
	if a.MissingReports > 0 {
		s += "; " + pipeline.Plural(T(lang, "attention.missing"), a.MissingReports)
	}
	if n := Note(lang, ind.Note); n != "" {
		s += ". " + strings.TrimSuffix(n, ".")
	}
	return s + "."
}

// FirstLine is the first line of a text, cut at about n characters.
func FirstLine(s string, n int) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndexByte(string(r), ' '); i > n/2 {
		return string(r)[:i] + " …"
	}
	return string(r) + "…"
}

// Note puts an indicator's note into words ("" for none).
func Note(lang string, note *pipeline.Note) string {
	if note == nil {
		return ""
	}
	var parts []string
	if note.SingleYear > 0 {
		parts = append(parts, fmt.Sprintf(T(lang, oneKey("note.kostra.single", note.SingleYear)), note.SingleYear, note.Used))
	}
	if note.Members > 0 {
		names := note.Absent
		if len(names) > 5 {
			names = append(names[:5:5], fmt.Sprintf(T(lang, "note.more"), len(note.Absent)-5))
		}
		parts = append(parts, fmt.Sprintf(T(lang, oneKey("note.members", note.Reporting)), note.Reporting, note.Members, strings.Join(names, ", ")))
	}
	if note.RowsMissing > 0 {
		parts = append(parts, pipeline.Plural(T(lang, "note.missing"), note.RowsMissing, strings.Join(note.MissingFields, ", ")))
	}
	if note.DataFrom != 0 {
		parts = append(parts, fmt.Sprintf(T(lang, "note.datafrom"), note.DataFrom.Label(lang)))
	}
	return strings.Join(parts, " ")
}

// oneKey is key, or its ".one" form when n is 1: in «1 of 40
// municipalities has», the verb agrees with the first number, which
// Plural (the nearest number) cannot see.
func oneKey(key string, n int) string {
	if n == 1 {
		return key + ".one"
	}
	return key
}

// ProgressWords is the word and symbol for a progress status.
func ProgressWords(lang, status string) (string, string) {
	switch status {
	case pipeline.ProgressAchieved:
		return T(lang, "progress.achieved"), "★"
	case pipeline.ProgressOnTrack:
		return T(lang, "progress.on_track"), "↗"
	case pipeline.ProgressModerate:
		return T(lang, "progress.moderate"), "→"
	case pipeline.ProgressLimited:
		return T(lang, "progress.limited"), "↘"
	case pipeline.ProgressDeterioration:
		return T(lang, "progress.deterioration"), "↓"
	}
	return T(lang, "progress.not_available"), "–"
}

// Filter writes an indicator's filter as a sentence: «aktivitetstype
// er konferanse eller høring, og mål er 1.3»; a comparison as written
// («fag ≥ 4»).
func Filter(lang string, f map[string][]string) string {
	var keys []string
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		name := FieldName(lang, k)
		vals := f[k]
		if len(vals) == 1 && strings.ContainsAny(vals[0], "<>=!") {
			v := strings.NewReplacer(">=", "≥", "<=", "≤", "!=", "≠").Replace(strings.TrimSpace(vals[0]))
			parts = append(parts, name+" "+v)
			continue
		}
		if len(vals) == 1 && strings.Contains(vals[0], "..") {
			from, to, _ := strings.Cut(vals[0], "..")
			parts = append(parts, fmt.Sprintf(T(lang, "filter.range"), name, cmp.Or(from, "…"), cmp.Or(to, "…")))
			continue
		}
		if lang == "en" { // the values are the inputs' Norwegian words
			vals = slices.Clone(vals)
			for i, v := range vals {
				vals[i] = "«" + v + "»"
			}
		}
		list := vals[0]
		if n := len(vals); n > 1 {
			list = strings.Join(vals[:n-1], ", ") + " " + T(lang, "filter.or") + " " + vals[n-1]
		}
		parts = append(parts, name+" "+T(lang, "filter.is")+" "+list)
	}
	if len(parts) == 0 {
		return "–"
	}
	s := strings.Join(parts, ", "+T(lang, "filter.and")+" ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// PublishedGap says why an indicator shows no SSB figure: how many of its
// municipalities SSB gives none for, and SSB's markers of theirs
// («SSB oppgir det ikke for 2 av 12 kommuner (1 «:» skjermet)»).
func PublishedGap(lang string, gap *pipeline.PublishedGap) string {
	var marks []string
	for _, mk := range slices.Sorted(maps.Keys(gap.Markers)) {
		key := "ssb.gap.marker." + strings.TrimPrefix(pipeline.SSBMarkers[mk], "ssb.marker.")
		marks = append(marks, fmt.Sprintf("%d %s", gap.Markers[mk], T(lang, key)))
	}
	detail := ""
	if len(marks) > 0 {
		detail = " (" + strings.Join(marks, ", ") + ")"
	}
	return pipeline.Plural(T(lang, "ssb.gap"), gap.Missing, gap.Of, detail)
}

package ingest

import (
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"kulturrapport/pipeline"
	"kulturrapport/pipeline/ingest/cell"
)

// A value a sheet gives once for all its rows, instead of a column
// (pipeline.Column.FromSheet): the school year of a municipal statistics
// sheet whose title says «Kulturskolestatistikk 2023/2024» and whose rows
// have no Skoleår.

// sheetValue is such a value, and where the sheet gives it.
type sheetValue struct {
	value string
	where pipeline.Msg
}

// schoolYearRe finds a school year written out: 2023/2024, 2023-24,
// 2023–2024.
var schoolYearRe = regexp.MustCompile(`20\d\d\s*[/–-]\s*(?:20)?\d\d`)

// valueOfSheet is the value of the column key that the sheet gives once
// (see onceInSheet): the one school year there. ok is false when the
// sheet gives none.
func valueOfSheet(key, path, sheet, title string) (sheetValue, bool) {
	if key != pipeline.FieldSchoolYear {
		return sheetValue{}, false
	}
	y, where, ok := onceInSheet(path, sheet, title, func(text string) (years []int) {
		for _, m := range schoolYearRe.FindAllString(text, -1) {
			if y, ok := cell.ParseSchoolYear(m); ok {
				years = append(years, y)
			}
		}
		return years
	})
	if !ok {
		return sheetValue{}, false
	}
	return sheetValue{strconv.Itoa(y) + "/" + strconv.Itoa(y+1), where}, true
}

// titleOf is a sheet's rows above its header (rows), as one text: where
// it gives a value once, if not in its name.
func titleOf(rows [][]string) string {
	var lines []string
	for _, row := range rows {
		lines = append(lines, strings.Join(row, " "))
	}
	return strings.Join(lines, " ")
}

// digitsRe finds the runs of digits in a name or a title: a year is one
// of four that begins 20.
var digitsRe = regexp.MustCompile(`\d+`)

// yearHint is the year a sheet's dates without one are in (see
// onceInSheet): a year 2000–2099, within a year before the reporting
// period when there is one; 0 when the sheet gives none.
func yearHint(path, sheet, title string, period pipeline.Month) (int, pipeline.Msg) {
	y, where, _ := onceInSheet(path, sheet, title, func(text string) (years []int) {
		for _, m := range digitsRe.FindAllString(text, -1) {
			if len(m) != 4 || !strings.HasPrefix(m, "20") {
				continue
			}
			y, _ := strconv.Atoi(m)
			if period == 0 || (y <= period.Year() && y >= period.Year()-1) {
				years = append(years, y)
			}
		}
		return years
	})
	return y, where
}

// onceInSheet finds a value a sheet gives once for all its rows: in its
// name, else its title (the rows above its header), else its file's name,
// as find finds them in a text. It gives the one value of the first place
// that names any, and where that is; ok is false when none names one, or
// that place names two.
func onceInSheet(path, sheet, title string, find func(text string) []int) (v int, where pipeline.Msg, ok bool) {
	for _, place := range []struct {
		text  string
		where pipeline.Msg
	}{{sheet, msg("where.sheet")}, {title, msg("where.title")}, {filepath.Base(path), msg("where.file")}} {
		found := slices.Compact(slices.Sorted(slices.Values(find(place.text))))
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], place.where, true
		}
		return 0, pipeline.Msg{}, false
	}
	return 0, pipeline.Msg{}, false
}

package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"kulturrapport/pipeline"
	"kulturrapport/pipeline/ingest/internal/book"
)

// SSB's published statistics, read as Statistics Norway delivers them —
// the statistics bank's CSV (long: region; år; statistikkvariabel; value,
// or wide: a column for each variable and year) and its API's JSON-stat
// 2.0 — become a statistics table: the config's ssb.contents maps SSB's
// contents codes (ContentsCode, or the variable's label) to the statistics
// fields. A KOSTRA year Y is the school year Y/Y+1 (its GSI count is of
// 1 October Y). SSB's markers become missing values, each kept in the
// row's ssb_merker («andel_6_15_ssb=:») and counted in a note for each
// file: «..» not available, «:» confidential, «.» not applicable; «-» is
// zero. Regions that are not member municipalities
// (the country, counties, other municipalities) are left out, counted in
// a note.

// ssbSheet is the name of the sheet an SSB file is read as.
const ssbSheet = "SSB"

// ssbValue is one value of an SSB table: the region as SSB labels it, the
// year, the contents code (or label), and the value as written.
type ssbValue struct {
	region, year, content, value string
}

// readJSONStat reads a JSON-stat 2.0 dataset: the value array in
// row-major order over size, the dimensions found by role or by name
// (region: KOKkommuneregion0000, Region, …; time: Tid; contents:
// ContentsCode), a status marker where a value is null.
func readJSONStat(data []byte) ([]ssbValue, string, error) {
	var ds struct {
		Class     string `json:"class"`
		Label     string `json:"label"`
		ID        []string
		Size      []int
		Value     []*float64
		Status    json.RawMessage
		Role      map[string][]string
		Dimension map[string]struct {
			Label    string
			Category struct {
				Index json.RawMessage
				Label map[string]string
			}
		}
	}
	if err := json.Unmarshal(data, &ds); err != nil || ds.Class != "dataset" || len(ds.ID) != len(ds.Size) || len(ds.ID) == 0 {
		return nil, "", msg("jsonstat.notdataset")
	}
	// A category index is {code: position} or [code, …].
	codes := make([][]string, len(ds.ID))
	for d, id := range ds.ID {
		dim := ds.Dimension[id]
		var byPos map[string]int
		var list []string
		switch {
		case json.Unmarshal(dim.Category.Index, &byPos) == nil:
			codes[d] = make([]string, len(byPos))
			for c, p := range byPos {
				if p >= 0 && p < len(byPos) {
					codes[d][p] = c
				}
			}
		case json.Unmarshal(dim.Category.Index, &list) == nil:
			codes[d] = list
		default:
			for c := range dim.Category.Label { // one category without an index
				codes[d] = append(codes[d], c)
			}
		}
		if len(codes[d]) != ds.Size[d] {
			return nil, "", msg("jsonstat.dimension", id, len(codes[d]), ds.Size[d])
		}
	}
	role := func(r string, names ...string) int {
		for _, id := range ds.Role[r] {
			if i := slices.Index(ds.ID, id); i >= 0 {
				return i
			}
		}
		for i, id := range ds.ID {
			for _, n := range names {
				if strings.EqualFold(id, n) || strings.HasPrefix(strings.ToLower(id), strings.ToLower(n)) {
					return i
				}
			}
		}
		return -1
	}
	geo, tid, contents := role("geo", "Region", "KOKkommuneregion", "Kommune"), role("time", "Tid", "Year", "År"), role("metric", "ContentsCode")
	if tid < 0 {
		return nil, "", msg("jsonstat.notime")
	}
	// status: {position: marker} or [marker, …].
	status := map[int]string{}
	var sm map[string]string
	var sl []*string
	if json.Unmarshal(ds.Status, &sm) == nil {
		for k, v := range sm {
			if p, err := strconv.Atoi(k); err == nil {
				status[p] = v
			}
		}
	} else if json.Unmarshal(ds.Status, &sl) == nil {
		for p, v := range sl {
			if v != nil {
				status[p] = *v
			}
		}
	}
	n := 1
	for _, s := range ds.Size {
		n *= s
	}
	if len(ds.Value) != n {
		return nil, "", msg("jsonstat.values", len(ds.Value), n)
	}
	label := func(d, c int) string {
		code := codes[d][c]
		if l := ds.Dimension[ds.ID[d]].Category.Label[code]; l != "" && d == geo {
			return code + " " + l
		}
		return code
	}
	out := make([]ssbValue, 0, n)
	pos := make([]int, len(ds.Size))
	for i := 0; i < n; i++ {
		// The position's coordinates, the last dimension fastest.
		for d, rest := len(ds.Size)-1, i; d >= 0; d-- {
			pos[d], rest = rest%ds.Size[d], rest/ds.Size[d]
		}
		v := ssbValue{year: codes[tid][pos[tid]]}
		if geo >= 0 {
			v.region = label(geo, pos[geo])
		}
		if contents >= 0 {
			v.content = codes[contents][pos[contents]]
		}
		switch {
		case ds.Value[i] != nil:
			v.value = strconv.FormatFloat(*ds.Value[i], 'f', -1, 64)
		case status[i] != "":
			v.value = status[i]
		default:
			v.value = ".."
		}
		out = append(out, v)
	}
	return out, ds.Label, nil
}

// statbankHead tells a statistics bank CSV by its header: a «region»
// column and «år» (long) or year-stamped columns (wide).
func statbankHead(row []string) bool {
	if len(row) < 2 || !strings.EqualFold(strings.TrimSpace(row[0]), "region") {
		return false
	}
	for _, h := range row[1:] {
		if h = strings.ToLower(strings.TrimSpace(h)); h == "år" || h == "tid" || yearIn.MatchString(h) {
			return true
		}
	}
	return false
}

var yearIn = regexp.MustCompile(`(^|\s)((19|20)\d\d)($|\s)`)

// readStatbank reads a statistics bank CSV's rows (the header first): long
// («region»; «år»; «statistikkvariabel»; value) or wide («region»; then a
// column for each variable and year: «Andel … 2024»).
func readStatbank(rows [][]string) []ssbValue {
	head := rows[0]
	col := func(names ...string) int {
		for i, h := range head {
			for _, n := range names {
				if strings.EqualFold(strings.TrimSpace(h), n) {
					return i
				}
			}
		}
		return -1
	}
	var out []ssbValue
	if yr := col("år", "tid"); yr >= 0 {
		variable := col("statistikkvariabel", "contents", "variabel")
		value := len(head) - 1 // the table's title heads the values
		for _, r := range rows[1:] {
			if len(r) <= max(yr, value) {
				continue
			}
			v := ssbValue{region: r[0], year: strings.TrimSpace(r[yr]), value: strings.TrimSpace(r[value])}
			if variable >= 0 {
				v.content = strings.TrimSpace(r[variable])
			} else {
				v.content = strings.TrimSpace(head[value])
			}
			out = append(out, v)
		}
		return out
	}
	// Wide: each column's variable and year, read from its header once.
	type column struct {
		c             int
		year, content string
	}
	var cols []column
	for c := 1; c < len(head); c++ {
		if m := yearIn.FindStringSubmatch(head[c]); m != nil {
			cols = append(cols, column{c, m[2], strings.TrimSpace(yearIn.ReplaceAllString(head[c], " "))})
		}
	}
	for _, r := range rows[1:] {
		for _, col := range cols {
			if col.c < len(r) {
				out = append(out, ssbValue{region: r[0], year: col.year, content: col.content, value: strings.TrimSpace(r[col.c])})
			}
		}
	}
	return out
}

// regionCode is the kommunenummer in an SSB region label: «3301 Drammen»,
// «K-3301 Drammen», «3301»; "" for the country, a county or a group.
var regionCode = regexp.MustCompile(`^(?:K-)?(\d{4})(?:\s|$)`)

// ssbTable turns SSB's values into the rows of a statistics sheet: a
// header row of the fields the config maps, and a row per member
// municipality and school year. Notes count what was left out and the
// markers met.
func ssbTable(vals []ssbValue, mapping map[string]string, ref *pipeline.Reference) ([][]string, []pipeline.Msg) {
	var notes []pipeline.Msg
	headers := map[string]string{}
	for _, c := range pipeline.Statistics.Columns {
		headers[c.Key] = c.Header
	}
	folded := map[string]string{} // a label as the CSV writes it, any case
	for code, f := range mapping {
		folded[strings.ToLower(code)] = f
	}
	fieldOf := func(content string) string {
		if f, ok := mapping[content]; ok {
			return f
		}
		return folded[strings.ToLower(content)]
	}
	type key struct{ kommune, year string }
	rows := map[key]map[string]string{}
	marked := map[key][]string{} // field=marker, in the file's order
	var order []key
	var fields []string
	skipped, unmapped := map[string]bool{}, map[string]bool{}
	markers := map[string]int{}
	for _, v := range vals {
		m := regionCode.FindStringSubmatch(strings.TrimSpace(v.region))
		if m == nil {
			skipped[v.region] = true
			continue
		}
		if _, _, ok := ref.Municipality(m[1]); !ok {
			skipped[v.region] = true
			continue
		}
		field := fieldOf(v.content)
		if field == "" || headers[field] == "" {
			unmapped[v.content] = true
			continue
		}
		year, err := strconv.Atoi(strings.TrimSpace(v.year))
		if err != nil || year < 2000 || year > 2098 {
			continue
		}
		k := key{m[1], fmt.Sprintf("%d/%d", year, year+1)}
		if rows[k] == nil {
			rows[k] = map[string]string{}
			order = append(order, k)
		}
		value := v.value
		switch {
		case value == "-":
			value = "0"
		case pipeline.SSBMarkers[value] != "":
			markers[pipeline.SSBMarkers[value]]++
			marked[k] = append(marked[k], field+"="+value)
			value = ""
		}
		rows[k][field] = value
		if !slices.Contains(fields, field) {
			fields = append(fields, field)
		}
	}
	for _, m := range slices.Sorted(maps.Keys(markers)) {
		notes = append(notes, pipeline.Msg{Key: m, Args: []any{markers[m]}})
	}
	if len(skipped) > 0 {
		notes = append(notes, pipeline.Msg{Key: "ssb.skipped", Args: []any{len(skipped)}})
	}
	if len(unmapped) > 0 {
		notes = append(notes, pipeline.Msg{Key: "ssb.unmapped", Args: []any{strings.Join(slices.Sorted(maps.Keys(unmapped)), ", ")}})
	}
	// The header: school year and municipality, Elever (the kind's
	// required column; empty when SSB does not give it) and the fields.
	if !slices.Contains(fields, pipeline.FieldPupils) {
		fields = append([]string{pipeline.FieldPupils}, fields...)
	}
	head := []string{headers[pipeline.FieldSchoolYear], headers[pipeline.FieldKommunenr]}
	for _, f := range fields {
		head = append(head, headers[f])
	}
	if len(marked) > 0 {
		head = append(head, headers[pipeline.FieldSSBMarkers])
	}
	out := [][]string{head}
	for _, k := range order {
		row := []string{k.year, k.kommune}
		for _, f := range fields {
			row = append(row, rows[k][f])
		}
		if len(marked) > 0 {
			row = append(row, strings.Join(marked[k], ", "))
		}
		out = append(out, row)
	}
	return out, notes
}

// memWorkbook is a table read from a format that is not a workbook (SSB's
// files), as a one-sheet workbook.
type memWorkbook struct {
	sheet string
	rows  [][]string
	notes []pipeline.Msg
}

func (w *memWorkbook) Sheets() []book.SheetInfo { return []book.SheetInfo{{Name: w.sheet}} }
func (w *memWorkbook) Date1904() bool           { return false }
func (w *memWorkbook) Notes() []pipeline.Msg    { return w.notes }
func (w *memWorkbook) Props() book.DocProps     { return book.DocProps{} }
func (w *memWorkbook) Close() error             { return nil }
func (w *memWorkbook) Rows(string) (book.RowReader, error) {
	return &memRows{rows: w.rows}, nil
}

type memRows struct {
	rows [][]string
	n    int
}

func (r *memRows) Scan() bool    { r.n++; return r.n <= len(r.rows) }
func (r *memRows) Row() []string { return r.rows[r.n-1] }
func (r *memRows) RowNum() int   { return r.n }
func (r *memRows) Err() error    { return nil }
func (r *memRows) Close() error  { return nil }

// openSSB opens an SSB file as a statistics sheet: a .json file as
// JSON-stat, a CSV whose header is the statistics bank's. ok is false
// for any other file, which is read as it is.
func openSSB(path string, data []byte, wb book.Workbook, mapping map[string]string, ref *pipeline.Reference) (book.Workbook, bool, error) {
	if strings.HasSuffix(strings.ToLower(path), ".json") {
		vals, _, err := readJSONStat(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
		if err != nil {
			return nil, true, err
		}
		rows, notes := ssbTable(vals, mapping, ref)
		return &memWorkbook{sheet: ssbSheet, rows: rows, notes: notes}, true, nil
	}
	if wb == nil {
		return nil, false, nil
	}
	sheets := wb.Sheets()
	if len(sheets) != 1 || sheets[0].Name != "" { // not a CSV file
		return nil, false, nil
	}
	rr, err := wb.Rows("")
	if err != nil {
		return nil, false, nil
	}
	defer rr.Close()
	var rows [][]string
	for rr.Scan() {
		row := rr.Row()
		if len(rows) == 0 && book.IsBlank(row) {
			continue
		}
		if len(rows) == 0 && !statbankHead(row) {
			return nil, false, nil
		}
		rows = append(rows, append([]string(nil), row...))
	}
	if err := rr.Err(); err != nil || len(rows) == 0 {
		return nil, false, nil
	}
	out, notes := ssbTable(readStatbank(rows), mapping, ref)
	return &memWorkbook{sheet: ssbSheet, rows: out, notes: append(wb.Notes(), notes...)}, true, nil
}

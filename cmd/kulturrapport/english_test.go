package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"kulturrapport/config"
)

// norwegianWords are common Norwegian words that are not English ones:
// any of them, or any word with æ, ø or å, in an English report's own
// text is a translation missing.
var norwegianWords = strings.Fields(`og ikke som med til av på er har det ble blir skal fra eller etter
	siste måned måneder år mål målet målverdi kommune kommuner fylke fylker elever barn unge
	aktivitet aktiviteter prosjekt prosjekter andel antall rapport rapporter tiltak endring verdi
	mangler ingen uten nær filer avviste rader ark lest sammendrag visjon område`)

// quotedData is what an English report quotes as written by people or
// as the data model's names («…»), and the paths of files.
var quotedData = regexp.MustCompile(`«[^»]*»|\S+\.(html|xlsx|json|parquet|csv)\b`)

// englishText collects the text an English page shows a reader: the text
// of its elements and the labels a screen reader reads (aria-label,
// title, alt), without scripts, styles, <code> (ids and table names) and
// elements marked lang="nb" (what people wrote: comments, cells, files).
// The chart texts are in the page's chart data, collected separately.
func englishText(t *testing.T, page []byte) []string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "code":
				return
			}
			for _, a := range n.Attr {
				switch {
				case a.Key == "lang" && a.Val == "nb":
					return
				case a.Key == "aria-label" || a.Key == "title" || a.Key == "alt":
					out = append(out, a.Val)
				}
			}
		}
		if n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" {
			out = append(out, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// chartTexts are the strings of the page's chart options that are drawn:
// titles, names, axis categories, labels.
func chartTexts(t *testing.T, page []byte) []string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script type="application/json" id="chart-data">(.*?)</script>`).FindSubmatch(page)
	if m == nil {
		t.Fatal("no chart data in the page")
	}
	var charts any
	if err := json.Unmarshal(m[1], &charts); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(k, x)
			}
		case []any:
			for _, x := range v {
				walk(key, x)
			}
		case string:
			switch key {
			case "", "color", "borderColor", "type", "trigger", "position", "symbol", "left", "right", "top", "bottom", "barWidth":
			default:
				out = append(out, v)
			}
		}
	}
	walk("", charts)
	return out
}

// dataWords are the words an English report may show in Norwegian
// because they are data: the names of municipalities, counties, regions
// and projects, the input vocabulary (activity types, project statuses
// and levels), the organisation's name and the input files' and sheets'
// names.
func dataWords(t *testing.T, runJSON []byte) map[string]bool {
	t.Helper()
	cfg, err := config.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range cfg.Regions {
		names = append(names, r.Name)
		for _, m := range r.Municipalities {
			names = append(names, m.Name, m.County)
		}
	}
	for _, p := range cfg.Completeness.Projects {
		names = append(names, p.Name)
	}
	names = append(names, cfg.ActivityTypes...)
	names = append(names, cfg.Organisation, "planlagt pågår fullført avbrutt nasjonal regional internasjonal")
	var run struct {
		Files []struct{ Path, Sheet string }
	}
	if err := json.Unmarshal(runJSON, &run); err != nil {
		t.Fatal(err)
	}
	for _, f := range run.Files {
		names = append(names, filepath.Base(f.Path), f.Sheet)
	}
	words := map[string]bool{}
	for _, n := range names {
		for _, w := range wordsOf(n) {
			words[strings.ToLower(w)] = true
		}
	}
	return words
}

var wordRe = regexp.MustCompile(`[\p{L}]+`)

func wordsOf(s string) []string { return wordRe.FindAllString(s, -1) }

// norwegianIn returns the Norwegian words of texts that are not data.
func norwegianIn(texts []string, data map[string]bool) map[string]string {
	nb := map[string]bool{}
	for _, w := range norwegianWords {
		nb[w] = true
	}
	found := map[string]string{}
	for _, s := range texts {
		s = quotedData.ReplaceAllString(s, "")
		for _, w := range wordsOf(s) {
			lw := strings.ToLower(w)
			if data[lw] || !(nb[lw] || strings.ContainsAny(lw, "æøå")) {
				continue
			}
			if _, ok := found[lw]; !ok {
				found[lw] = strings.TrimSpace(s)
			}
		}
	}
	return found
}

// TestEnglishHasNoNorwegian: the English run of the sample shows no
// Norwegian words of its own — in the page's text and labels, in the
// charts, in the workbook's sheet names and cells, and in its printout —
// besides the data (names, the inputs' vocabulary and what people wrote,
// marked lang="nb" or quoted «…»).
func TestEnglishHasNoNorwegian(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := kr(t, "run", "--out", out, "--period", "2026-10", "--lang", "en", sample)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	dir := filepath.Join(out, "2026-10")
	runJSON, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "rapport.html"))
	if err != nil {
		t.Fatal(err)
	}
	data := dataWords(t, runJSON)

	book := workbookText(t, filepath.Join(dir, "sammendrag.xlsx"))
	var printed []string
	for _, line := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(line, "  ") { // a rejected cell: file, sheet, column, value
			continue
		}
		printed = append(printed, line)
	}
	for what, texts := range map[string][]string{
		"page":     englishText(t, page),
		"charts":   chartTexts(t, page),
		"workbook": book,
		"printout": printed,
	} {
		if len(texts) == 0 {
			t.Errorf("%s: no text found", what)
		}
		for w, in := range norwegianIn(texts, data) {
			t.Errorf("%s: Norwegian %q in %.160q", what, w, in)
		}
	}
}

// dataColumns are the workbook's columns that copy the inputs: the
// files, sheets, columns and values of rejected cells and of files.
var dataColumns = map[string]bool{"File": true, "Sheet": true, "Column": true, "Value as written": true}

// workbookText is the text of a workbook written in English: its sheet
// names and cells, without what copies the inputs: the data sheets, the
// columns named in dataColumns, and cells whose text is one of the data
// sheets' (a comment).
func workbookText(t *testing.T, path string) []string {
	t.Helper()
	type cell struct{ sheet, col, value string }
	var cells []cell
	copied := map[string]bool{}
	for _, line := range strings.Split(string(dumpXLSX(t, path)), "\n") {
		ref, v, _ := strings.Cut(line, "\t")
		sheet, addr, _ := strings.Cut(ref, "!")
		if strings.HasPrefix(sheet, "Data ") && sheet != "Data quality" {
			copied[v] = true
			continue
		}
		cells = append(cells, cell{sheet, strings.TrimRight(addr, "0123456789"), v})
	}
	skip := map[[2]string]bool{}
	var out []string
	for _, c := range cells {
		switch {
		case dataColumns[c.value]:
			skip[[2]string{c.sheet, c.col}] = true
			out = append(out, c.value)
		case skip[[2]string{c.sheet, c.col}] || copied[c.value]:
		default:
			out = append(out, c.sheet, c.value)
		}
	}
	return out
}

// TestNorwegianWordsAreFound: the check above finds a Norwegian word in
// an English text, and passes data.
func TestNorwegianWordsAreFound(t *testing.T) {
	got := norwegianIn([]string{"Municipalities visited and «mål» in Tønsberg", "Activities og more"}, map[string]bool{"tønsberg": true})
	if len(got) != 1 || got["og"] == "" {
		t.Errorf("found %v, want only «og»", got)
	}
}

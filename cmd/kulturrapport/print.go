package main

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/pipeline/indicators"
	"kulturrapport/reports"
)

// tr picks the Norwegian or English wording.
func tr(lang, nb, en string) string {
	if lang == "en" {
		return en
	}
	return nb
}

// printSummary prints the short account of a run: files, rows, indicator
// statuses, and the first rejected rows.
func printSummary(w io.Writer, res *pipeline.Result, maxRejected int) {
	lang, t := res.Lang, res.Totals
	fmt.Fprintf(w, "kulturrapport %s – %s\n", res.Period, res.Period.Label(lang))
	fmt.Fprint(w, pipeline.Plural(tr(lang, "Filer:  %d lest, %d kunne ikke leses, %d {duplikat|duplikater}", "Files:  %d read, %d unreadable, %d {duplicate|duplicates}"),
		t.FilesOK, t.FilesUnreadable, t.FilesDuplicate))
	if t.FilesReplaced > 0 {
		fmt.Fprintf(w, tr(lang, ", %d erstattet av nyere", ", %d replaced by newer"), t.FilesReplaced)
	}
	if t.FilesSkipped > 0 {
		fmt.Fprintf(w, tr(lang, ", %d hoppet over", ", %d skipped"), t.FilesSkipped)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, tr(lang, "Rader:  %d lest = %d godtatt + %d avvist", "Rows:   %d read = %d accepted + %d rejected"),
		t.RowsRead, t.RowsAccepted, t.RowsRejected)
	fmt.Fprint(w, leftOut(lang, t))
	fmt.Fprint(w, pipeline.Plural(tr(lang, "; %d {merknad|merknader}\n", "; %d {warning|warnings}\n"), t.Warnings))
	var parts []string
	for _, s := range []pipeline.Status{pipeline.Green, pipeline.Yellow, pipeline.Red, pipeline.NoData, pipeline.None} {
		if n := t.Status[s]; n > 0 {
			parts = append(parts, pipeline.Plural("%d "+statusWord(lang, s), n))
		}
	}
	fmt.Fprintf(w, tr(lang, "Indikatorer: %s\n", "Indicators: %s\n"), strings.Join(parts, ", "))
	printUnreadable(w, res)
	printLost(w, res)
	printRejected(w, res, maxRejected)
}

// esc makes text from input files safe for a terminal: control
// characters (escape sequences, bells, line breaks) are printed escaped,
// as \x1b, \a, \n, so that a cell or a file name cannot move the cursor,
// recolour the screen or fake a line of the summary.
func esc(s string) string {
	clean := true
	for _, r := range s {
		if unicode.IsControl(r) || r == utf8.RuneError {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	q := strconv.QuoteToGraphic(s)
	return q[1 : len(q)-1]
}

func statusWord(lang string, s pipeline.Status) string {
	switch s {
	case pipeline.Green:
		return tr(lang, "{grønn|grønne}", "green")
	case pipeline.Yellow:
		return tr(lang, "{gul|gule}", "yellow")
	case pipeline.Red:
		return tr(lang, "{rød|røde}", "red")
	case pipeline.None:
		return tr(lang, "uten mål", "without a target")
	}
	return tr(lang, "uten data", "without data")
}

func printUnreadable(w io.Writer, res *pipeline.Result) {
	for _, f := range res.Data.Files {
		switch f.Status {
		case pipeline.StatusUnreadable:
			fmt.Fprintf(w, tr(res.Lang, "Kan ikke leses: %s: %s\n", "Unreadable: %s: %s\n"), esc(f.Path), esc(f.Reason))
		case pipeline.StatusDuplicate:
			fmt.Fprintf(w, tr(res.Lang, "Duplikat: %s: %s\n", "Duplicate: %s: %s\n"), esc(f.Path), esc(f.Reason))
		case pipeline.StatusReplaced:
			fmt.Fprintf(w, tr(res.Lang, "Erstattet: %s: %s\n", "Replaced: %s: %s\n"), esc(f.Path), esc(f.Reason))
		case pipeline.StatusSkipped:
			fmt.Fprintf(w, tr(res.Lang, "Hoppet over: %s: %s\n", "Skipped: %s: %s\n"), esc(f.Path), esc(f.Reason))
		}
	}
}

// printLost names where values were lost (ValuesLost): the sheets'
// warnings about formulas saved without their results.
func printLost(w io.Writer, res *pipeline.Result) {
	if res.Totals.ValuesLost == 0 {
		return
	}
	fmt.Fprint(w, pipeline.Plural(tr(res.Lang, "Tapte verdier (%d {formel|formler} uten lagret resultat):\n", "Lost values (%d {formula|formulas} without a saved result):\n"), res.Totals.ValuesLost))
	for _, f := range res.Data.Files {
		if f.ValuesLost == 0 {
			continue
		}
		f.EachWarning(func(p *pipeline.Problem) {
			if strings.HasPrefix(p.Msg.Key, "formula.uncached") {
				p.File = f.Path
				fmt.Fprintln(w, "  "+esc(p.Text(res.Lang)))
			}
		})
	}
}

func printRejected(w io.Writer, res *pipeline.Result, max int) {
	if res.Totals.RowsRejected == 0 {
		return
	}
	fmt.Fprintln(w, tr(res.Lang, "Avviste celler:", "Rejected cells:"))
	n, total := 0, 0
	for _, f := range res.Data.Files {
		total += f.RejectedCount()
		for i := range f.Rejected {
			if max > 0 && n >= max {
				break
			}
			n++
			p := f.Rejected[i]
			p.File = f.Path
			fmt.Fprintln(w, "  "+esc(p.Text(res.Lang)))
		}
	}
	if total > n {
		fmt.Fprintf(w, tr(res.Lang, "  … og %d til (alle står i sammendrag.xlsx og data/avviste/)\n", "  … and %d more (all are in sammendrag.xlsx and data/avviste/)\n"), total-n)
	}
}

func printOutputs(w io.Writer, lang, dir string, pdf bool, regions []string) {
	fmt.Fprintf(w, tr(lang, "Rapport:     %s\n", "Report:      %s\n"), filepath.Join(dir, reports.FileHTML))
	if pdf {
		fmt.Fprintf(w, "PDF:         %s\n", filepath.Join(dir, reports.FilePDF))
	}
	fmt.Fprintf(w, tr(lang, "Excel:       %s\n", "Excel:       %s\n"), filepath.Join(dir, reports.FileExcel))
	fmt.Fprintf(w, tr(lang, "Data:        %s\n", "Data:        %s\n"), filepath.Join(filepath.Dir(dir), reports.DirDataset)+string(filepath.Separator))
	if len(regions) > 0 {
		fmt.Fprintf(w, tr(lang, "Regioner:    %s (%s)\n", "Regions:     %s (%s)\n"), filepath.Join(dir, reports.DirRegions)+string(filepath.Separator), strings.Join(regions, ", "))
	}
	fmt.Fprintf(w, tr(lang, "Kjøringen:   %s\n", "Run summary: %s\n"), filepath.Join(dir, reports.FileRunJSON))
}

// printValidation lists each file with its accounting and every rejected
// cell and warning, for a person checking a file before sending it.
func printValidation(w io.Writer, res *pipeline.Result) {
	lang := res.Lang
	for _, f := range res.Data.Files {
		fmt.Fprintln(w, esc(f.Path))
		switch f.Status {
		case pipeline.StatusUnreadable:
			fmt.Fprintf(w, tr(lang, "  ✗ kan ikke leses: %s\n", "  ✗ cannot be read: %s\n"), esc(f.Reason))
			continue
		case pipeline.StatusDuplicate:
			fmt.Fprintf(w, tr(lang, "  = duplikat: %s\n", "  = duplicate: %s\n"), esc(f.Reason))
			continue
		case pipeline.StatusReplaced:
			fmt.Fprintf(w, tr(lang, "  ↻ erstattet: %s\n", "  ↻ replaced: %s\n"), esc(f.Reason))
			continue
		case pipeline.StatusSkipped:
			fmt.Fprintf(w, tr(lang, "  – hoppet over: %s\n", "  – skipped: %s\n"), esc(f.Reason))
			continue
		}
		mark := "✓"
		if f.RowsRejected > 0 {
			mark = "✗"
		}
		where := f.Kind
		if f.Sheet != "" {
			where += tr(lang, ", ark «", ", sheet «") + esc(f.Sheet) + "»"
		}
		fmt.Fprint(w, pipeline.Plural(tr(lang, "  %s %s: %d {rad|rader} lest, %d godtatt, %d avvist\n", "  %s %s: %d {row|rows} read, %d accepted, %d rejected\n"),
			mark, where, f.RowsRead, f.RowsAccepted, f.RowsRejected))
		several := strings.Contains(f.Sheet, ", ")
		for _, p := range f.Rejected {
			cell := p.Cell
			if several {
				cell = p.Sheet + "!" + cell
			}
			fmt.Fprintf(w, "    %s %s (%s): %s", tr(lang, "avvist", "rejected"), esc(cell), p.Column, esc(p.Reason))
			if p.Value != "" {
				fmt.Fprintf(w, " «%s»", esc(p.Value))
			}
			fmt.Fprintln(w)
		}
		if f.RejectedUnlisted > 0 {
			fmt.Fprint(w, pipeline.Plural(tr(lang, "    … og %d {avvist celle|avviste celler} til (alle står i sammendrag.xlsx etter en kjøring)\n", "    … and %d more rejected {cell|cells} (all are in sammendrag.xlsx after a run)\n"), f.RejectedUnlisted))
		}
		for _, p := range f.Warnings {
			cell := p.Cell
			if several && cell != "" {
				cell = p.Sheet + "!" + cell
			}
			if cell == "" {
				cell = tr(lang, "filen", "the file")
			}
			fmt.Fprintf(w, "    %s %s: %s\n", tr(lang, "merknad", "warning"), esc(cell), esc(p.Reason))
		}
		if f.WarningsUnlisted > 0 {
			fmt.Fprint(w, pipeline.Plural(tr(lang, "    … og %d {merknad|merknader} til\n", "    … and %d more {warning|warnings}\n"), f.WarningsUnlisted))
		}
	}
	t := res.Totals
	fmt.Fprint(w, pipeline.Plural(tr(lang, "\nTotalt: %d {fil|filer}, %d {rad|rader} lest = %d godtatt + %d avvist", "\nTotal: %d {file|files}, %d {row|rows} read = %d accepted + %d rejected"),
		t.Files, t.RowsRead, t.RowsAccepted, t.RowsRejected))
	fmt.Fprintln(w, leftOut(lang, t))
}

// leftOut says the rows that are not data, outside "rows read": totals
// rows, rows struck through and activities marked cancelled, as " (…)",
// or "" when none.
func leftOut(lang string, t pipeline.Totals) string {
	var left []string
	if t.RowsSkipped > 0 {
		left = append(left, pipeline.Plural(tr(lang, "%d {summeringsrad|summeringsrader} hoppet over", "%d totals {row|rows} skipped"), t.RowsSkipped))
	}
	if t.RowsStruck > 0 {
		left = append(left, pipeline.Plural(tr(lang, "%d {gjennomstreket rad|gjennomstrekede rader} utelatt", "%d struck-through {row|rows} left out"), t.RowsStruck))
	}
	if t.RowsCancelled > 0 {
		left = append(left, pipeline.Plural(tr(lang, "%d avlyst{|e} {aktivitet|aktiviteter} utelatt", "%d cancelled {activity|activities} left out"), t.RowsCancelled))
	}
	if len(left) == 0 {
		return ""
	}
	return " (" + strings.Join(left, ", ") + ")"
}

// printCatalog lists the indicator catalog by area and goal, each with its
// definition in words.
func printCatalog(w io.Writer, cfg *config.Config) {
	lang := cfg.Lang
	byGoal := map[string][]*config.Indicator{}
	for i := range cfg.Indicators {
		ind := &cfg.Indicators[i]
		byGoal[ind.Goal] = append(byGoal[ind.Goal], ind)
	}
	for _, a := range cfg.Areas {
		fmt.Fprintf(w, "%s %s\n", a.Code, a.Name)
		for _, g := range a.Goals {
			region := ""
			if g.Region != "" {
				region = " [" + g.Region + "]"
			}
			fmt.Fprintf(w, "  %s %s%s\n", g.Code, g.Short, region)
			inds := byGoal[g.Code]
			if len(inds) == 0 {
				fmt.Fprintln(w, tr(lang, "      (ingen indikator)", "      (no indicator)"))
			}
			for _, ind := range inds {
				fmt.Fprintf(w, "    • %s (%s)\n", ind.Name, ind.ID)
				fmt.Fprintf(w, "      %s\n", describe(lang, ind))
			}
		}
	}
	if inds := byGoal["mission"]; len(inds) > 0 {
		fmt.Fprintf(w, "%s\n", cfg.Mission.Name)
		for _, ind := range inds {
			fmt.Fprintf(w, "    • %s (%s)\n      %s\n", ind.Name, ind.ID, describe(lang, ind))
			if ind.Rationale != "" {
				fmt.Fprintf(w, "      %s\n", ind.Rationale)
			}
		}
	}
}

// describe puts an indicator's definition into words.
func describe(lang string, ind *config.Indicator) string {
	var b strings.Builder
	m := indicators.DescribeMeasure(lang, ind)
	b.WriteString(strings.ToUpper(m[:1]) + m[1:])
	fmt.Fprintf(&b, tr(lang, " i %s", " in %s"), ind.Source)
	if len(ind.Filter) > 0 {
		var keys []string
		for k := range ind.Filter {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, k+" ∈ {"+strings.Join(ind.Filter[k], ", ")+"}")
		}
		b.WriteString(tr(lang, " der ", " where ") + strings.Join(parts, tr(lang, " og ", " and ")))
	}
	if ind.Latest {
		b.WriteString(tr(lang, ", siste rad per enhet", ", latest row of each unit"))
	}
	b.WriteString(pipeline.Plural(tr(lang, ", siste %d {måned|måneder}", ", last %d {month|months}"), ind.Window))
	if ind.Target != nil {
		fmt.Fprintf(&b, tr(lang, "; mål %v %s", "; target %v %s"), *ind.Target, ind.Unit)
	}
	if g, y := ind.Thresholds.Green, ind.Thresholds.Yellow; g != nil && y != nil {
		op := "≥"
		if ind.LowerIsBetter() {
			op = "≤"
		}
		fmt.Fprintf(&b, tr(lang, " (grønn %s %v, gul %s %v)", " (green %s %v, yellow %s %v)"), op, *g, op, *y)
	}
	if ind.BaseYear != 0 {
		fmt.Fprintf(&b, tr(lang, "; fremdrift fra %d mot %d", "; progress from %d toward %d"), ind.BaseYear, ind.TargetYear)
	}
	return b.String()
}

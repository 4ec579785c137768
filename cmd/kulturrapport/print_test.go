package main

import (
	"bytes"
	"strings"
	"testing"

	"kulturrapport/pipeline"
)

// TestSummarySaysOneInTheSingular: the summary a run prints counts in the
// singular where there is one: «1 duplikat», «1 summeringsrad», «1
// merknad», «1 rød» (the sample's summary said «1 røde» every month).
func TestSummarySaysOneInTheSingular(t *testing.T) {
	for lang, wants := range map[string][]string{
		"nb": {"1 lest, 0 kunne ikke leses, 1 duplikat\n", "(1 summeringsrad hoppet over); 1 merknad\n", "Indikatorer: 2 grønne, 1 gul, 1 rød\n"},
		"en": {"1 read, 0 unreadable, 1 duplicate\n", "(1 totals row skipped); 1 warning\n", "Indicators: 2 green, 1 yellow, 1 red\n"},
	} {
		res := &pipeline.Result{Period: pipeline.MonthFor(2026, 10), Lang: lang, Data: &pipeline.Dataset{},
			Totals: pipeline.Totals{FilesOK: 1, FilesDuplicate: 1, RowsRead: 3, RowsAccepted: 3, RowsSkipped: 1, Warnings: 1,
				Status: map[pipeline.Status]int{pipeline.Green: 2, pipeline.Yellow: 1, pipeline.Red: 1}}}
		var b bytes.Buffer
		printSummary(&b, res, 20)
		for _, want := range wants {
			if !strings.Contains(b.String(), want) {
				t.Errorf("%s: summary lacks %q:\n%s", lang, want, b.String())
			}
		}
	}
}

// TestSummarySaysStruckRows: rows struck through and activities marked
// cancelled are counted apart from totals rows, in the run's summary and
// in validate's total.
func TestSummarySaysStruckRows(t *testing.T) {
	for lang, want := range map[string]string{
		"nb": "(1 summeringsrad hoppet over, 2 gjennomstrekede rader utelatt, 1 avlyst aktivitet utelatt)",
		"en": "(1 totals row skipped, 2 struck-through rows left out, 1 cancelled activity left out)",
	} {
		res := &pipeline.Result{Period: pipeline.MonthFor(2026, 10), Lang: lang, Data: &pipeline.Dataset{},
			Totals: pipeline.Totals{FilesOK: 1, RowsRead: 3, RowsAccepted: 3, RowsSkipped: 1, RowsStruck: 2, RowsCancelled: 1}}
		var run, validate bytes.Buffer
		printSummary(&run, res, 20)
		printValidation(&validate, res)
		for _, out := range []string{run.String(), validate.String()} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: lacks %q:\n%s", lang, want, out)
			}
		}
	}
}

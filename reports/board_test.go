package reports

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"kulturrapport/pipeline"
)

// boardRun writes the reports of the sample (and extra inputs) and
// returns the folder with run.json read back.
func boardRun(t *testing.T, extra ...string) (string, *pipeline.Result, map[string]json.RawMessage) {
	t.Helper()
	res, _ := sampleResult(t, extra...)
	dir, err := WriteAll(t.TempDir(), res, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, FileRunJSON))
	if err != nil {
		t.Fatal(err)
	}
	var run map[string]json.RawMessage
	if err := json.Unmarshal(b, &run); err != nil {
		t.Fatal(err)
	}
	return dir, res, run
}

// TestBoardStory: the report of the sample answers the board's question.
// Every goal has a status (run.json, the page's first section and the
// workbook's first sheet); every indicator that needs attention has a
// reason; no measure is «Ikke startet» without a dated plan.
func TestBoardStory(t *testing.T) {
	dir, res, run := boardRun(t)
	var goals []goalSummary
	if err := json.Unmarshal(run["goals"], &goals); err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, a := range res.Config.Areas {
		want += len(a.Goals)
	}
	if len(goals) != want+1 { // the goals and the mission
		t.Errorf("%d goals in run.json, want %d and the mission", len(goals), want)
	}
	attention := 0
	for _, g := range goals {
		switch g.Status {
		case pipeline.Green, pipeline.Yellow, pipeline.Red, pipeline.NoData, pipeline.None:
		default:
			t.Errorf("goal %s: status %q", g.Code, g.Status)
		}
		for _, a := range g.Attention {
			attention++
			if len(a.Kinds) == 0 || len(a.Reason) < 20 || !strings.HasSuffix(a.Reason, ".") {
				t.Errorf("goal %s, %s: kinds %v, reason %q", g.Code, a.Indicator, a.Kinds, a.Reason)
			}
		}
	}
	if attention == 0 {
		t.Error("nothing needs attention in the sample (it has red indicators)")
	}
	var evidence []pipeline.Evidence
	if err := json.Unmarshal(run["evidence"], &evidence); err != nil {
		t.Fatal(err)
	}
	for _, e := range evidence {
		if e.Status == pipeline.MeasureNotStarted && e.Starts == "" {
			t.Errorf("measure %s «Ikke startet» without a dated plan", e.Code)
		}
	}

	page, err := os.ReadFile(filepath.Join(dir, FileHTML))
	if err != nil {
		t.Fatal(err)
	}
	board, overview := strings.Index(string(page), `id="styresammendrag"`), strings.Index(string(page), `id="oversikt"`)
	if board < 0 || overview < board {
		t.Fatalf("the page does not open with the board summary (at %d, overview at %d)", board, overview)
	}
	section := string(page[board:overview])
	for _, g := range goals {
		if g.Code != "mission" && !strings.Contains(section, `href="#mal-`+g.Code+`"`) {
			t.Errorf("board summary without goal %s", g.Code)
		}
	}
	if n := strings.Count(section, "<li "); n != attention {
		t.Errorf("board summary lists %d to attend to, run.json %d", n, attention)
	}

	f, err := excelize.OpenFile(filepath.Join(dir, FileExcel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if first := f.GetSheetList()[0]; first != SheetBoard {
		t.Fatalf("first sheet %q, want %q", first, SheetBoard)
	}
	rows, err := f.GetRows(SheetBoard)
	if err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, r := range rows {
		text += strings.Join(r, "\t") + "\n"
	}
	for _, g := range goals {
		if g.Code != "mission" && !strings.Contains(text, "\t"+g.Code+" ") {
			t.Errorf("sheet %s without goal %s", SheetBoard, g.Code)
		}
	}
}

// TestCommentShowsUnderItsGoal: a comment filled into the generated
// template by a program stands under its goal in the page and on the
// workbook's first sheet, and is in run.json; one on an unknown goal is a
// rejected row named by its cell.
func TestCommentShowsUnderItsGoal(t *testing.T) {
	_, cfg := sampleResult(t)
	tmpl := t.TempDir()
	if _, err := WriteTemplates(tmpl, cfg); err != nil {
		t.Fatal(err)
	}
	filled := filepath.Join(t.TempDir(), "kommentarer-oktober.xlsx")
	const text = "Færre prosjektinitiativ enn planlagt: to Interreg-søknader ble avslått i september."
	fill(t, filepath.Join(tmpl, TemplateFile(pipeline.Comments.Name)), pipeline.Comments.Template.Sheet, filled, [][]any{
		{"2026-10", "1.3", text, "Ny søknad sendes i november.", "Kari Nordmann"},
		{"2026-09", "1.3", "Eldre kommentar om 1.3.", "", ""},
		{"2026-10", "9.9", "Om et mål som ikke finnes.", "", ""},
	})
	dir, res, run := boardRun(t, filled)

	var f *pipeline.FileReport
	for _, fr := range res.Data.Files {
		if fr.Path == filled {
			f = fr
		}
	}
	if f == nil || f.Kind != pipeline.Comments.Name || f.RowsAccepted != 2 || f.RowsRejected != 1 || f.Rejected[0].Cell != "B4" {
		t.Fatalf("comments file: %+v", f)
	}
	goal, board, rows := goalAndBoard(t, dir, "1.3")
	latest, older := strings.Index(goal, text), strings.Index(goal, "Eldre kommentar om 1.3.")
	if latest < 0 || older < latest || !strings.Contains(goal, "Kari Nordmann") || !strings.Contains(goal, "Ny søknad sendes i november.") {
		t.Errorf("goal 1.3's section: latest comment at %d, the older at %d (in its history)", latest, older)
	}
	if !strings.Contains(board, "Færre prosjektinitiativ enn planlagt") {
		t.Error("the board summary does not carry the comment's first line")
	}
	found := false
	for _, r := range rows {
		if len(r) > 2 && r[0] == "1.3" && r[1] == text && r[2] == "Ny søknad sendes i november." {
			found = true
		}
	}
	if !found {
		t.Errorf("sheet %s has no row for 1.3's comment: %q", SheetBoard, rows)
	}
	var comments, ours []pipeline.Comment
	if err := json.Unmarshal(run["comments"], &comments); err != nil {
		t.Fatal(err)
	}
	for _, c := range comments {
		if c.File == filled {
			ours = append(ours, c)
		}
	}
	if len(ours) != 2 || ours[0].Text != text || ours[0].Goal != "1.3" || ours[1].Period != pipeline.MonthFor(2026, 9) {
		t.Errorf("run.json comments of the filled template: %+v", ours)
	}
}

// goalAndBoard are, of the report written in dir, the HTML of goal
// code's section and of the board summary, and the rows of the workbook's
// board sheet.
func goalAndBoard(t *testing.T, dir, code string) (goal, board string, rows [][]string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, FileHTML))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	goal = page[strings.Index(page, `<div class="goal" id="mal-`+code+`">`):]
	goal = goal[:strings.Index(goal[1:], `<div class="goal" id=`)+1]
	board = page[strings.Index(page, `id="styresammendrag"`):strings.Index(page, `id="oversikt"`)]
	x, err := excelize.OpenFile(filepath.Join(dir, FileExcel))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if rows, err = x.GetRows(SheetBoard); err != nil {
		t.Fatal(err)
	}
	return goal, board, rows
}

// TestRegionsCommentsStandSideBySide: the nation's and a region's comments
// on one goal for one month both stand under it (the region's named),
// neither in the other's history; a region's older comment is in the
// history; a region that is not one is rejected at its cell.
func TestRegionsCommentsStandSideBySide(t *testing.T) {
	_, cfg := sampleResult(t)
	tmpl := t.TempDir()
	if _, err := WriteTemplates(tmpl, cfg); err != nil {
		t.Fatal(err)
	}
	filled := filepath.Join(t.TempDir(), "kommentarer-regioner.xlsx")
	fill(t, filepath.Join(tmpl, TemplateFile(pipeline.Comments.Name)), pipeline.Comments.Template.Sheet, filled, [][]any{
		{"2026-10", "1.3", "Landet: færre initiativ enn planlagt.", "", "Analytiker"},
		{"2026-10", "1.3", "BTV: to søknader avslått.", "", "Kari Nordmann", "BTV"},
		{"2026-09", "1.3", "BTV: eldre kommentar.", "", "", "btv"},
		{"2026-10", "1.3", "Fra en region som ikke finnes.", "", "", "XYZ"},
	})
	dir, res, run := boardRun(t, filled)
	for _, f := range res.Data.Files {
		if f.Path == filled && (f.RowsAccepted != 3 || len(f.Rejected) != 1 || f.Rejected[0].Cell != "F5" || f.Rejected[0].Msg.Key != "region.unknown") {
			t.Fatalf("comments file: accepted %d, rejected %+v", f.RowsAccepted, f.Rejected)
		}
	}
	goal, board, rows := goalAndBoard(t, dir, "1.3")
	history := strings.Index(goal, `<details class="history">`)
	nation, btv, older := strings.Index(goal, "Landet: færre"), strings.Index(goal, "BTV: to søknader"), strings.Index(goal, "BTV: eldre")
	if nation < 0 || btv < nation || history < btv || older < history {
		t.Errorf("goal 1.3: the nation's at %d, BTV's at %d, the history at %d, BTV's older at %d", nation, btv, history, older)
	}
	if !strings.Contains(goal, "<footer>Kari Nordmann, BTV, oktober 2026</footer>") {
		t.Errorf("BTV's comment does not say whose it is:\n%s", goal)
	}
	if !strings.Contains(board, "Landet: færre") || !strings.Contains(board, "<b>1.3 (BTV)</b>") {
		t.Error("the board summary does not carry both comments, BTV's named")
	}
	var got []string
	for _, r := range rows {
		if len(r) > 1 && strings.HasPrefix(r[0], "1.3") && strings.Contains(r[1], ": ") {
			got = append(got, r[0]+" "+r[1])
		}
	}
	if want := []string{"1.3 Landet: færre initiativ enn planlagt.", "1.3 (BTV) BTV: to søknader avslått."}; !slices.Equal(got, want) {
		t.Errorf("sheet %s's comments on 1.3: %q, want %q", SheetBoard, got, want)
	}
	var comments []pipeline.Comment
	if err := json.Unmarshal(run["comments"], &comments); err != nil {
		t.Fatal(err)
	}
	regions := map[string]string{}
	for _, c := range comments {
		if c.File == filled {
			regions[c.Text] = c.Region
		}
	}
	if regions["BTV: to søknader avslått."] != "BTV" || regions["BTV: eldre kommentar."] != "BTV" || regions["Landet: færre initiativ enn planlagt."] != "" {
		t.Errorf("run.json's comments' regions: %v", regions)
	}
}

// TestHeatmapSaysStatusByShape: the reporting heatmap labels each cell
// with its state's symbol, so a greyscale print or a colour-blind reader
// tells «I tide» from «Mangler» (their colours print as the same grey).
func TestHeatmapSaysStatusByShape(t *testing.T) {
	res, _ := sampleResult(t)
	v := reportingViewOf(res)
	opt := string(v.Chart.Option)
	for st, look := range reportLooks {
		if st == pipeline.ReportUndated {
			continue // the sample's CSV report, if in the window
		}
		if !strings.Contains(opt, `"name":"`+look.symbol+`"`) {
			t.Errorf("no heatmap cell labelled %s (%s)", look.symbol, look.word)
		}
	}
	if !strings.Contains(opt, `"formatter":"{b}"`) {
		t.Error("the heatmap's labels are not the cells' names")
	}
}

// TestChartsHaveNameAndSummary: every chart of the page has an accessible
// name and a one-sentence summary of what it shows.
func TestChartsHaveNameAndSummary(t *testing.T) {
	res, _ := sampleResult(t)
	v, err := buildHTMLView(res, HTMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Charts) < 10 {
		t.Fatalf("%d charts", len(v.Charts))
	}
	for _, c := range append(v.Charts, v.Reporting.Chart) {
		if c.Title == "" || len(c.Summary) < 20 || !strings.HasSuffix(c.Summary, ".") {
			t.Errorf("chart %s: name %q, summary %q", c.ID, c.Title, c.Summary)
		}
	}
}

// TestPageListsOnlyFilesWithProblems: the page lists the files with
// rejected rows or not read, and counts the rest (the workbook lists all).
func TestPageListsOnlyFilesWithProblems(t *testing.T) {
	res, _ := sampleResult(t)
	v, err := buildHTMLView(res, HTMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, f := range res.Data.Files {
		if f.Status != pipeline.StatusOK || f.RejectedCount() > 0 {
			want++
		}
	}
	if len(v.Files) != want || want == 0 || want == len(res.Data.Files) {
		t.Errorf("%d files listed, want %d of %d", len(v.Files), want, len(res.Data.Files))
	}
	if n := fmt.Sprint(len(res.Data.Files) - want); !strings.HasPrefix(v.FilesNote, n+" ") {
		t.Errorf("note %q does not count the %s others", v.FilesNote, n)
	}
}

package reports

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/pipeline/batch"
	"kulturrapport/pipeline/ingest"
)

// browser starts Debian's Chromium headless, with every network request
// sent to a proxy that does not exist: the page gets no network at all.
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed (.ci/run installs it)")
		}
		t.Skip("chromium not installed: apt-get install chromium")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("proxy-server", "127.0.0.1:9"),
		chromedp.Flag("proxy-bypass-list", "<-loopback>"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// pageLog collects what a page did while it loaded.
type pageLog struct {
	mu       sync.Mutex
	console  []string
	dialogs  []string
	requests []string
}

func (l *pageLog) add(list *[]string, s string) {
	l.mu.Lock()
	*list = append(*list, s)
	l.mu.Unlock()
}

// snapshot copies what was logged so far; the listeners go on appending.
func (l *pageLog) snapshot() (console, dialogs, requests []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.console...), append([]string(nil), l.dialogs...), append([]string(nil), l.requests...)
}

// load opens file in a new tab and waits until the charts are drawn.
func load(t *testing.T, parent context.Context, file string) (context.Context, *pageLog) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(parent)
	t.Cleanup(cancel)
	log := &pageLog{}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	console := chromedp.Console(ctx)
	requests := chromedp.Events(ctx, network.RequestWillBeSent)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			log.add(&log.console, fmt.Sprintf("%s: %s", m.Type, m.Text))
		}
	}()
	go func() {
		for ev, err := range requests {
			if err != nil {
				return
			}
			log.add(&log.requests, ev.Request.URL)
		}
	}()
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			log.add(&log.dialogs, ev.Message)
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	u := (&url.URL{Scheme: "file", Path: file}).String()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitReady("#metode")); err != nil {
		t.Fatal(err)
	}
	// Let late console messages and requests arrive.
	chromedp.Do(ctx, chromedp.Sleep(500*time.Millisecond))
	return ctx, log
}

// chartsDrawn reports, for every chart element, how many SVG shapes and
// texts it holds.
func chartsDrawn(t *testing.T, ctx context.Context) map[string]int {
	t.Helper()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](`JSON.stringify(Object.fromEntries(
		Array.from(document.querySelectorAll('.chart')).map(e => [e.id, e.querySelectorAll('svg path, svg text, svg rect').length])))`))
	if err != nil {
		t.Fatal(err)
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func sampleResult(t *testing.T, extra ...string) (*pipeline.Result, *config.Config) {
	t.Helper()
	return sampleResultIn(t, "nb", extra...)
}

// sampleResultIn is the sample's result with the config in lang.
func sampleResultIn(t *testing.T, lang string, extra ...string) (*pipeline.Result, *config.Config) {
	t.Helper()
	cfg, err := config.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Lang = lang
	cfg.Localise(lang)
	files, err := ingest.ExpandInputs(append([]string{filepath.Join("..", "testdata", "sample")}, extra...))
	if err != nil {
		t.Fatal(err)
	}
	res, err := batch.Run(context.Background(), cfg, batch.RunOptions{Period: pipeline.MonthFor(2026, 10), Files: files})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(res.Release)
	return res, cfg
}

func writePage(t *testing.T, res *pipeline.Result) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "rapport.html")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := WriteHTML(f, res, HTMLOptions{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReportInBrowser(t *testing.T) {
	ctx := browser(t)
	res, _ := sampleResult(t)
	file := writePage(t, res)
	if fi, _ := os.Stat(file); fi.Size() > 3<<20 {
		t.Errorf("the report is %d bytes, over the 3 MB budget", fi.Size())
	}
	tab, log := load(t, ctx, file)

	drawn := chartsDrawn(t, tab)
	if len(drawn) < len(res.Indicators) {
		t.Errorf("%d charts for %d indicators", len(drawn), len(res.Indicators))
	}
	for id, n := range drawn {
		if n < 5 {
			t.Errorf("chart %s is empty (%d SVG elements)", id, n)
		}
	}
	console, _, requests := log.snapshot()
	t.Logf("%d charts drawn, %d requests (%v), %d console messages", len(drawn), len(requests), requests, len(console))
	if len(requests) == 0 {
		t.Error("no request seen at all: the request log does not work")
	}
	for _, m := range console {
		if strings.HasPrefix(m, "error") || strings.HasPrefix(m, "exception") || strings.HasPrefix(m, "warning") {
			t.Errorf("console: %s", m)
		}
	}
	for _, u := range requests {
		if !strings.HasPrefix(u, "file:") && !strings.HasPrefix(u, "data:") {
			t.Errorf("the page asked the network for %s", u)
		}
	}

	// A screenshot and a print for people to look at (testdata/screenshots
	// is not committed).
	shot, err := chromedp.Run(tab, chromedp.FullScreenshot(80))
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := chromedp.Call(tab, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69, PreferCSSPageSize: new(true), PrintBackground: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("..", "testdata", "screenshots")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "rapport.jpg"), shot, 0o644)
	os.WriteFile(filepath.Join(dir, "rapport.pdf"), pdf.Data, 0o644)
	// The sample printed on A4 with every table open: 40 pages before the
	// print layout, 22 with it, 17 since the months' tables run in three
	// columns and the key figures on a line (the aim is 15).
	pages := regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf.Data, -1)
	t.Logf("printed on %d A4 pages", len(pages))
	if len(pages) < 10 || len(pages) > 18 {
		t.Errorf("printed on %d pages, want 10–18", len(pages))
	}
}

// TestPrintLayoutFitsA4: while printing, whatever the window's width, the
// page is A4's width, nothing is wider, and every chart is drawn for its
// print size.
func TestPrintLayoutFitsA4(t *testing.T) {
	for _, width := range []int{600, 1400} {
		ctx := browser(t)
		res, _ := sampleResult(t)
		tab, _ := load(t, ctx, writePage(t, res))
		if err := chromedp.Do(tab, chromedp.EmulateViewport(int64(width), 900)); err != nil {
			t.Fatal(err)
		}
		out, err := chromedp.Run(tab, chromedp.Evaluate[string](`window.dispatchEvent(new Event('beforeprint')), (() => {
			const m = document.querySelector('main').getBoundingClientRect();
			const wide = Array.from(document.querySelectorAll('main *')).filter(e => !e.closest('svg') && e.getBoundingClientRect().right > m.right + 1)
				.slice(0, 5).map(e => e.tagName + '.' + (e.getAttribute('class') || '') + ' ' + Math.round(e.getBoundingClientRect().right));
			// Each chart's SVG is its box's size, and what is drawn in it
			// (its texts) lies inside: drawn for the print, not the screen.
			const charts = Array.from(document.querySelectorAll('.chart')).filter(e => {
				const svg = e.querySelector('svg'), r = e.getBoundingClientRect();
				return !svg || Math.abs(svg.getBoundingClientRect().width - r.width) > 1 ||
					(e.dataset.printHeight && Math.round(svg.getBoundingClientRect().height) != +e.dataset.printHeight) ||
					Array.from(svg.querySelectorAll('text')).some(x => { const b = x.getBoundingClientRect();
						return b.width > 0 && (b.right > r.right + 2 || b.bottom > r.bottom + 2 || b.left < r.left - 2 || b.top < r.top - 2); });
			}).map(e => e.id);
			return JSON.stringify({main: Math.round(m.width), wide: wide, charts: charts});
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Main   int
			Wide   []string
			Charts []string
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		// 186 mm at 96 px to the inch.
		if got.Main < 700 || got.Main > 705 {
			t.Errorf("window %d: the page is %d px wide while printing, want A4's 703", width, got.Main)
		}
		for _, w := range got.Wide {
			t.Errorf("window %d: wider than the page: %s", width, w)
		}
		for _, id := range got.Charts {
			t.Errorf("window %d: chart %s is not drawn for its print size", width, id)
		}
	}
}

func TestInjectedTextStaysText(t *testing.T) {
	ctx := browser(t)
	dir := t.TempDir()
	hostileCSV := "Dato;Region;Kommunenr;Mål;Aktivitetstype;Tittel;Deltakere\n" +
		"03.10.2026;BTV;3301;3.1;kommunebesøk;<script>alert(1)</script>;5\n" +
		"04.10.2026;BTV;3303;1.1;\"\"\"><img src=x onerror=alert(2)>\";Konferanse;5\n" +
		"05.10.2026;BTV;3305;1.1;</script><script>alert(3)</script>;Kurs;5\n"
	os.WriteFile(filepath.Join(dir, `logg"><img src=x onerror=alert(4)>.csv`), []byte(hostileCSV), 0o644)
	cfg, err := config.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	// A name from the config that goes into a chart's options.
	cfg.Completeness.Projects = append(cfg.Completeness.Projects,
		config.ExpectedProject{Name: `</script><script>alert(5)</script>`, Region: "BTV", From: "2026-01"})
	files, _ := ingest.ExpandInputs([]string{filepath.Join("..", "testdata", "sample"), dir})
	res, err := batch.Run(context.Background(), cfg, batch.RunOptions{Period: pipeline.MonthFor(2026, 10), Files: files})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Release()
	tab, log := load(t, ctx, writePage(t, res))
	if _, dialogs, _ := log.snapshot(); len(dialogs) > 0 {
		t.Errorf("injected text opened dialogs: %q", dialogs)
	}
	text, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"><img src=x onerror=alert(2)>`, `</script><script>alert(3)</script>`, `logg"><img src=x onerror=alert(4)>.csv`, `</script><script>alert(5)</script>`} {
		if !strings.Contains(text, want) {
			t.Errorf("the page does not show %q as text", want)
		}
	}
	if n := len(chartsDrawn(t, tab)); n == 0 {
		t.Error("no charts drawn")
	}
}

// TestPhoneWidth: at 390 px wide (a phone) the page has no horizontal
// scroll: everything is one column, and only tables scroll within their
// frame.
func TestPhoneWidth(t *testing.T) {
	ctx := browser(t)
	res, _ := sampleResult(t)
	tab, _ := load(t, ctx, writePage(t, res))
	if err := chromedp.Do(tab, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	chromedp.Do(tab, chromedp.Sleep(300*time.Millisecond))
	over, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => {
		const w = document.documentElement.clientWidth;
		const wide = Array.from(document.querySelectorAll('main *, header *')).filter(e =>
			e.getBoundingClientRect().right > w + 1 && !e.closest('.wrap')).slice(0, 5)
			.map(e => e.tagName + '.' + (e.getAttribute('class') || '') + ' ' + Math.round(e.getBoundingClientRect().right));
		return document.documentElement.scrollWidth + '/' + w + (wide.length ? ': ' + wide.join(', ') : '');
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	var scroll, width int
	fmt.Sscanf(over, "%d/%d", &scroll, &width)
	if width != 390 || scroll > width {
		t.Errorf("at 390 px: scroll width / width = %s", over)
	}
}

// TestPrintOpensTables: printing opens every closed "Vis tallene" table
// (a print has no other way to show a chart's numbers), and closes them
// again after.
func TestPrintOpensTables(t *testing.T) {
	ctx := browser(t)
	res, _ := sampleResult(t)
	tab, _ := load(t, ctx, writePage(t, res))
	count := func(js string) int {
		n, err := chromedp.Run(tab, chromedp.Evaluate[int](js))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	closed := `document.querySelectorAll('details:not([open])').length`
	before := count(closed)
	if before == 0 {
		t.Fatal("no closed tables to open")
	}
	if n := count(`window.dispatchEvent(new Event('beforeprint')), ` + closed); n != 0 {
		t.Errorf("%d of %d tables closed in print", n, before)
	}
	if n := count(`window.dispatchEvent(new Event('afterprint')), ` + closed); n != before {
		t.Errorf("after print %d closed, want %d", n, before)
	}
}

// TestAxe runs axe-core (pinned in package-lock.json; make test installs
// it) on the report, in Norwegian and in English: no serious or critical
// violation of WCAG 2.x A and AA.
func TestAxe(t *testing.T) {
	lib, err := os.ReadFile(filepath.Join("..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("axe-core is not installed (make test runs npm ci)")
		}
		t.Skip("axe-core not installed: npm ci")
	}
	for _, lang := range []string{"nb", "en"} {
		ctx := browser(t) // a browser each: tabs of one not yet started would each start one
		res, _ := sampleResultIn(t, lang)
		tab, _ := load(t, ctx, writePage(t, res))
		if _, err := chromedp.Run(tab, chromedp.Evaluate[chromedp.Void](string(lib))); err != nil {
			t.Fatal(err)
		}
		out, err := chromedp.Run(tab, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
			.then(r => JSON.stringify(r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
				.map(v => ({id: v.id, impact: v.impact, help: v.help, n: v.nodes.length, first: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + (n.failureSummary || "").split("\n").slice(1, 2).join(""))}))))`,
			chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		var violations []struct {
			ID, Impact, Help string
			N                int
			First            []string
		}
		if err := json.Unmarshal([]byte(out), &violations); err != nil {
			t.Fatal(err)
		}
		for _, v := range violations {
			t.Errorf("%s: %s %s (%s), %d elements: %s", lang, v.Impact, v.ID, v.Help, v.N, strings.Join(v.First, " | "))
		}
	}
}

// otherForms are number forms of the other language: for a Norwegian
// page, a thousands comma (1,500) or a decimal point (17.6); for an
// English one, a decimal comma (17,6) or a space between thousands
// (1 500). Codes (goal 1.1, measure 2.1.N4), dates and times are not
// numbers and are taken out first.
var otherForms = map[string]*regexp.Regexp{
	"nb": regexp.MustCompile(`\d,\d{3}\b|\d\.\d`),
	"en": regexp.MustCompile(`\d,\d{1,2}\b|\d[\x{00a0}\x{202f} ]\d{3}\b`),
}

var notNumbers = regexp.MustCompile(`\b(BTV\.)?\d\.\d(\.[NR]\d+)?(\D|$)|\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}(-\d{2})?|\d{1,2}:\d{2}`)

// TestNumbersInTheReadersLanguage: every text drawn in the charts (axes,
// labels, the target's label) and every number in the tables, tiles and
// chart summaries is written as the page's language writes numbers, in
// nb and in en, with the "Vis tallene" tables open.
func TestNumbersInTheReadersLanguage(t *testing.T) {
	for _, lang := range []string{"nb", "en"} {
		ctx := browser(t)
		res, _ := sampleResultIn(t, lang)
		tab, _ := load(t, ctx, writePage(t, res))
		raw, err := chromedp.Run(tab, chromedp.Evaluate[[]byte](`document.querySelectorAll("details").forEach(d => d.open = true),
			JSON.stringify(Array.from(document.querySelectorAll(
				".chart svg text, td.num, td, .kpi .v, .pill, figcaption, .statusbar, .tile")).map(e => e.textContent.trim()).filter(s => s))`))
		if err != nil {
			t.Fatal(err)
		}
		var s string
		var texts []string
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(s), &texts); err != nil {
			t.Fatal(err)
		}
		svg := 0
		bad := map[string]bool{}
		for _, x := range texts {
			if otherForms[lang].MatchString(notNumbers.ReplaceAllString(x, "")) && !bad[x] {
				bad[x] = true
				t.Errorf("%s: %q", lang, x)
			}
			svg++
		}
		if svg < 500 {
			t.Errorf("%s: only %d texts found", lang, svg)
		}
	}
}

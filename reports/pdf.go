package reports

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// FilePDF is the printed report, next to the page it is printed from.
const FilePDF = "rapport.pdf"

// EnvChromium names the browser that prints the PDF when --chromium does
// not.
const EnvChromium = "KULTURRAPPORT_CHROMIUM"

// chromiumNames are the browsers looked for on PATH, in this order.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// ChromiumInstall are the commands that install a browser to print with,
// for the messages that say none was found.
const ChromiumInstall = `
  Debian/Ubuntu: sudo apt-get install chromium
  macOS:         brew install --cask chromium
  Windows:       winget install Google.Chrome`

// ErrNoChromium is returned by FindChromium when no browser is found.
var ErrNoChromium = errors.New(`no Chromium or Chrome found to print the PDF with: give --chromium PATH or ` + EnvChromium + `, or install one:` + ChromiumInstall)

// FindChromium returns the browser to print with: path when given, else
// $KULTURRAPPORT_CHROMIUM, else the first of chromium, chromium-browser,
// google-chrome on PATH. A path given that is not an executable file is
// an error that names it.
func FindChromium(path string) (string, error) {
	from := "--chromium"
	if path == "" {
		path, from = os.Getenv(EnvChromium), EnvChromium
	}
	if path != "" {
		p, err := exec.LookPath(path)
		if err != nil {
			return "", fmt.Errorf("%s %q: %w", from, path, err)
		}
		return p, nil
	}
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// PDFOptions are the settings of the printed report.
type PDFOptions struct {
	// Chromium is the browser's path (FindChromium).
	Chromium string
	// Timeout is the longest the browser may take to start, and to
	// print a page: one that hangs fails the run then.
	Timeout time.Duration
}

// printer prints report pages as the board reads them: A4, the page's
// print layout (every "Vis tallene" table open), the footer and page
// numbers on every page, an outline by its headings, tagged text. The
// browser runs headless with no network at all (every request goes to a
// proxy that is not there) and a profile of its own, removed after.
//
// It is one headless browser that prints pages one after another
// (the national report and the regions'), started at the first.
type printer struct {
	o       PDFOptions
	ctx     context.Context
	mu      sync.Mutex
	browser context.Context
	profile string
	cancel  []context.CancelFunc
	err     error
}

func newPrinter(ctx context.Context, o PDFOptions) *printer {
	return &printer{o: o, ctx: ctx}
}

// start starts the browser.
func (p *printer) start() error {
	if p.browser != nil || p.err != nil {
		return p.err
	}
	p.profile, p.err = os.MkdirTemp("", "kulturrapport-chromium-*")
	if p.err != nil {
		return p.err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(p.o.Chromium),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("proxy-server", "127.0.0.1:9"),
		chromedp.Flag("proxy-bypass-list", "<-loopback>"),
		chromedp.UserDataDir(p.profile),
		chromedp.WindowSize(1280, 1000),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(p.ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	p.browser, p.cancel = bctx, []context.CancelFunc{cancelBrowser, cancelAlloc}
	// The browser starts with the first Run on its context, which must
	// not carry the time limit (it would end the browser with it): the
	// limit is kept by a timer here.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(bctx) }()
	select {
	case p.err = <-started:
	case <-time.After(p.o.Timeout):
		p.err = fmt.Errorf("printing %s: Chromium (%s) did not start within %s", FilePDF, p.o.Chromium, p.o.Timeout)
	}
	if p.err != nil {
		cancelBrowser()
		cancelAlloc()
		if p.ctx.Err() != nil {
			p.err = p.ctx.Err()
		}
	}
	return p.err
}

// print prints one page within the time limit: footer is the text at the
// foot of every page («Norsk kulturskoleråd · Strategirapport oktober
// 2026»), before «side N av M» in pageWord and ofWord.
func (p *printer) print(htmlPath, footer, pageWord, ofWord string) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.start(); err != nil {
		return nil, err
	}
	tab, cancelTab := chromedp.NewContext(p.browser)
	defer cancelTab()
	tab, cancel := context.WithTimeout(tab, p.o.Timeout)
	defer cancel()
	foot := fmt.Sprintf(`<div style="font-size:8px;color:#555;width:100%%;margin:0 12mm;display:flex;justify-content:space-between"><span>%s</span><span>%s <span class="pageNumber"></span> %s <span class="totalPages"></span></span></div>`,
		html.EscapeString(footer), html.EscapeString(pageWord), html.EscapeString(ofWord))
	// A file URL needs an absolute path: «--out ut» (make run-pdf's
	// default out/) gave file://out/… and Chromium refused it.
	abs, err := filepath.Abs(htmlPath)
	if err != nil {
		return nil, fmt.Errorf("printing %s: %w", FilePDF, err)
	}
	abs = filepath.ToSlash(abs)
	if !strings.HasPrefix(abs, "/") {
		abs = "/" + abs // C:/… on Windows: file:///C:/…
	}
	u := (&url.URL{Scheme: "file", Path: abs}).String()
	var res page.PrintToPDFResult
	err = chromedp.Do(tab, chromedp.Navigate(u))
	if err == nil {
		err = chromedp.Do(tab, chromedp.WaitReady("#metode"))
	}
	if err == nil {
		res, err = chromedp.Call(tab, page.PrintToPDF, page.PrintToPDFParams{
			PaperWidth: 8.27, PaperHeight: 11.69,
			PreferCSSPageSize:       new(true),
			PrintBackground:         new(true),
			DisplayHeaderFooter:     new(true),
			HeaderTemplate:          "<span></span>",
			FooterTemplate:          foot,
			GenerateDocumentOutline: new(true),
			GenerateTaggedPDF:       new(true),
		})
	}
	if err != nil {
		if tab.Err() == context.DeadlineExceeded {
			err = fmt.Errorf("printing %s: Chromium (%s) did not print within %s", FilePDF, p.o.Chromium, p.o.Timeout)
		} else {
			err = fmt.Errorf("printing %s with %s: %w", FilePDF, p.o.Chromium, err)
		}
		// A browser that failed once is not asked again.
		p.err = err
		return nil, err
	}
	return res.Data, nil
}

// close stops the browser and removes its profile.
func (p *printer) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.cancel {
		c()
	}
	if p.profile != "" {
		os.RemoveAll(p.profile)
	}
}

package reports

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/url"
	"os"
	"os/exec"
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

// ErrNoChromium is returned by FindChromium when no browser is found.
var ErrNoChromium = errors.New(`no Chromium or Chrome found to print the PDF with: give --chromium PATH or ` + EnvChromium + `, or install one:
  Debian/Ubuntu: sudo apt-get install chromium
  macOS:         brew install --cask chromium   (or Google Chrome)
  Windows:       winget install Google.Chrome`)

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
	// Timeout is the longest the browser may take to start and print:
	// one that hangs fails the run then.
	Timeout time.Duration
	// Footer is the text at the foot of every page, before the page
	// number («Norsk kulturskoleråd · Strategirapport oktober 2026»).
	Footer string
	// PageWord is "side" or "page", OfWord "av" or "of".
	PageWord, OfWord string
}

// PrintPDF prints the report page at htmlPath as the board reads it: A4,
// the page's print layout (every "Vis tallene" table open), the footer
// and page numbers on every page, an outline by its headings, tagged text.
// The browser runs headless with no network at all (every request goes to
// a proxy that is not there) and a profile of its own, removed after.
func PrintPDF(ctx context.Context, htmlPath string, o PDFOptions) ([]byte, error) {
	profile, err := os.MkdirTemp("", "kulturrapport-chromium-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(profile)
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(o.Chromium),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("proxy-server", "127.0.0.1:9"),
		chromedp.Flag("proxy-bypass-list", "<-loopback>"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 1000),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()

	footer := fmt.Sprintf(`<div style="font-size:8px;color:#555;width:100%%;margin:0 12mm;display:flex;justify-content:space-between"><span>%s</span><span>%s <span class="pageNumber"></span> %s <span class="totalPages"></span></span></div>`,
		html.EscapeString(o.Footer), html.EscapeString(o.PageWord), html.EscapeString(o.OfWord))
	u := (&url.URL{Scheme: "file", Path: htmlPath}).String()
	var res page.PrintToPDFResult
	err = chromedp.Do(bctx, chromedp.Navigate(u))
	if err == nil {
		err = chromedp.Do(bctx, chromedp.WaitReady("#metode"))
	}
	if err == nil {
		res, err = chromedp.Call(bctx, page.PrintToPDF, page.PrintToPDFParams{
			PaperWidth: 8.27, PaperHeight: 11.69,
			PreferCSSPageSize:       new(true),
			PrintBackground:         new(true),
			DisplayHeaderFooter:     new(true),
			HeaderTemplate:          "<span></span>",
			FooterTemplate:          footer,
			GenerateDocumentOutline: new(true),
			GenerateTaggedPDF:       new(true),
		})
	}
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return nil, fmt.Errorf("printing %s: Chromium (%s) did not print within %s", FilePDF, o.Chromium, o.Timeout)
		}
		return nil, fmt.Errorf("printing %s with %s: %w", FilePDF, o.Chromium, err)
	}
	return res.Data, nil
}

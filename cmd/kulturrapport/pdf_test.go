package main

import (
	"bytes"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"kulturrapport/config"
)

// needChromium skips a test without Chromium, except in CI.
func needChromium(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("chromium"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed (.ci/run installs it)")
		}
		t.Skip("chromium not installed: apt-get install chromium")
	}
}

// outlineTitles are the titles of a PDF's outline (bookmarks), which
// Chromium writes as literal strings when they are ASCII, else as UTF-16
// hex strings.
func outlineTitles(pdf []byte) []string {
	var titles []string
	for _, m := range regexp.MustCompile(`/Title \(((?:[^()\\]|\\.)*)\)`).FindAllSubmatch(pdf, -1) {
		titles = append(titles, string(m[1]))
	}
	for _, m := range regexp.MustCompile(`/Title <FEFF([0-9A-Fa-f]*)>`).FindAllSubmatch(pdf, -1) {
		b, err := hex.DecodeString(string(m[1]))
		if err != nil {
			continue
		}
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
		titles = append(titles, string(utf16.Decode(u)))
	}
	return titles
}

// TestRunWritesPDF: run --pdf prints rapport.pdf next to rapport.html: the
// period and every goal in its text, the "Vis tallene" tables printed,
// page numbers in the footer, an outline by area and goal.
func TestRunWritesPDF(t *testing.T) {
	needChromium(t)
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is not installed (.ci/run installs poppler-utils)")
		}
		t.Skip("pdftotext not installed: apt-get install poppler-utils")
	}
	// A relative --out, as make run-pdf gives (out/): the page is printed
	// from a file URL, which needs the absolute path.
	input, err := filepath.Abs(sample)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	out := "ut"
	code, stdout, stderr := kr(t, "run", "--pdf", "--per-region", "--period", "2026-10", "--out", out, input)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	path := filepath.Join(out, "2026-10", "rapport.pdf")
	if !strings.Contains(stdout, "PDF:") || !strings.Contains(stdout, path) {
		t.Errorf("the printout does not name the PDF:\n%s", stdout)
	}
	pdf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command(pdftotext, path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	s := string(text)
	cfg, err := config.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Strategirapport – oktober 2026", "Styresammendrag",
		// A trend table's head and first month, and a county table's head:
		// the «Vis tallene» tables are printed open.
		"Verdi (%)", "november 2024", "Per fylke",
		// The footer.
		"Norsk kulturskoleråd · Strategirapport oktober 2026", "side 1 av "}
	for _, a := range cfg.Areas {
		for _, g := range a.Goals {
			want = append(want, g.Code+" "+g.Short)
		}
	}
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("no %q in the PDF's text", w)
		}
	}
	pages := strings.Count(s, "\f")
	if pages < 10 || pages > 30 {
		t.Errorf("%d pages, want 10–30", pages)
	}
	// The region's report is printed too, with its own title and footer.
	region := filepath.Join(out, "2026-10", "regioner", "BTV", "rapport.pdf")
	rt, err := exec.Command(pdftotext, region, "-").Output()
	if err != nil {
		t.Fatalf("the region's PDF: %v", err)
	}
	for _, w := range []string{"Strategirapport for Buskerud,", "Norsk kulturskoleråd · Strategirapport Buskerud, Telemark og Vestfold oktober 2026", "side 1 av", "Nasjonalt"} {
		if !strings.Contains(string(rt), w) {
			t.Errorf("no %q in the region's PDF", w)
		}
	}
	titles := strings.Join(outlineTitles(pdf), "\n")
	for _, a := range cfg.Areas {
		for _, g := range a.Goals {
			if !strings.Contains(titles, g.Code+" ") {
				t.Errorf("no bookmark for goal %s in the outline:\n%s", g.Code, titles)
			}
		}
		if !strings.Contains(titles, a.Code+". "+a.Name) {
			t.Errorf("no bookmark for area %s", a.Code)
		}
	}
}

// TestPDFWithoutBrowser: --pdf with no browser to print it ends the run
// with exit 2 before any file is read, saying how to install one.
func TestPDFWithoutBrowser(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	t.Setenv("PATH", t.TempDir())
	t.Setenv("KULTURRAPPORT_CHROMIUM", "")
	code, _, stderr := kr(t, "run", "--pdf", "--period", "2026-10", "--out", out, sample)
	if code != exitUsage || !strings.Contains(stderr, "apt-get install chromium") || !strings.Contains(stderr, "--chromium") {
		t.Errorf("exit %d, stderr %q; want 2 and how to install a browser", code, stderr)
	}
	code, _, stderr = kr(t, "run", "--pdf", "--chromium", "/nowhere/chromium", "--period", "2026-10", "--out", out, sample)
	if code != exitUsage || !strings.Contains(stderr, "/nowhere/chromium") {
		t.Errorf("exit %d, stderr %q; want 2 naming the path", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the run wrote %s before it said the browser is missing", out)
	}
}

// TestPDFBrowserHangs: a browser that never answers fails the run when
// pdf_timeout has passed, like any other output that fails: exit 1, and
// the previous report stays as it was.
func TestPDFBrowserHangs(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	good := filepath.Join(sample, "aktiviteter-buskerud-2025-03.xlsx")
	if code, _, stderr := kr(t, "run", "--quiet", "--period", "2026-10", "--out", out, good); code != exitOK {
		t.Fatalf("first run: exit %d: %s", code, stderr)
	}
	before, err := os.ReadFile(filepath.Join(out, "2026-10", "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	hang := filepath.Join(dir, "chromium")
	os.WriteFile(hang, []byte("#!/bin/sh\nexec sleep 600\n"), 0o755)
	cfg := filepath.Join(dir, "pdf.yaml")
	os.WriteFile(cfg, []byte("outputs: {pdf: true, pdf_timeout: 2}\n"), 0o644)
	code, _, stderr := kr(t, "run", "--quiet", "--config", cfg, "--chromium", hang, "--period", "2026-10", "--out", out, sample)
	if code != exitFailed || !strings.Contains(stderr, "within 2s") {
		t.Errorf("exit %d, stderr %q; want 1 and the time limit", code, stderr)
	}
	after, err := os.ReadFile(filepath.Join(out, "2026-10", "run.json"))
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("the previous report changed (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(out, "2026-10", "rapport.pdf")); err == nil {
		t.Error("a PDF was left behind")
	}
}

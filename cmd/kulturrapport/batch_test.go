package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// binary builds the command once for the tests that need a real process.
func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "kulturrapport-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "kulturrapport")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// bigInput writes an activity log large enough that a run takes a while.
func bigInput(t *testing.T, rows int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("Dato;Region;Kommunenr;Mål;Aktivitetstype;Tittel;Deltakere\n")
	types := []string{"kommunebesøk;3.1", "konferanse;1.1", "kurs;3.2", "publisering;1.2"}
	for i := 0; i < rows; i++ {
		tm := strings.SplitN(types[i%len(types)], ";", 2)
		fmt.Fprintf(&b, "%02d.%02d.%d;BTV;%s;%s;%s;Aktivitet %d;%d\n", 1+i%27, 1+i/27%12, 2024+i/324%3, []string{"3301", "3303", "3901", "4003"}[i%4], tm[1], tm[0], i, i%50)
	}
	p := filepath.Join(t.TempDir(), "stor.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// completeReport checks that dir holds a whole report, and returns its
// run.json.
func completeReport(t *testing.T, dir string) []byte {
	t.Helper()
	runJSON, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil {
		t.Fatalf("report folder without run.json: %v", err)
	}
	var sum struct {
		Outputs []struct {
			Path string
			Size int64
		}
	}
	if err := json.Unmarshal(runJSON, &sum); err != nil {
		t.Fatalf("run.json: %v", err)
	}
	for _, o := range sum.Outputs {
		fi, err := os.Stat(filepath.Join(dir, o.Path))
		if err != nil || fi.Size() != o.Size {
			t.Fatalf("%s: %v, size %d, want %d", o.Path, err, fi.Size(), o.Size)
		}
	}
	html, _ := os.ReadFile(filepath.Join(dir, "rapport.html"))
	if !bytes.HasSuffix(bytes.TrimSpace(html), []byte("</html>")) {
		t.Fatal("rapport.html is cut short")
	}
	return runJSON
}

func TestKilledRunLeavesPreviousReport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills real processes")
	}
	bin := binary(t)
	out := t.TempDir()
	period := filepath.Join(out, "2026-10")
	first := exec.Command(bin, "run", "--quiet", "--period", "2026-10", "--out", out, sample)
	if b, err := first.CombinedOutput(); err != nil {
		t.Fatalf("first run: %v\n%s", err, b)
	}
	before := completeReport(t, period)

	big := bigInput(t, 150_000)
	killed := 0
	for _, after := range []time.Duration{50, 300, 800, 1500, 2500, 3200} {
		cmd := exec.Command(bin, "run", "--quiet", "--period", "2026-10", "--out", out, big)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(after * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		got := completeReport(t, period)
		if err != nil && !bytes.Equal(got, before) {
			t.Fatalf("killed after %v: the report folder changed", after*time.Millisecond)
		}
		if err != nil {
			killed++
		}
		if err == nil { // finished before the kill: the new report is whole
			before = got
		}
	}
	if killed == 0 {
		t.Fatal("every run finished before it was killed: the test proved nothing")
	}
	t.Logf("%d of 6 runs killed mid-way", killed)
	// A later run clears the temporary folders the killed runs left.
	if b, err := exec.Command(bin, "run", "--quiet", "--period", "2026-10", "--out", out, sample).CombinedOutput(); err != nil {
		t.Fatalf("last run: %v\n%s", err, b)
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestTwoRunsAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs real processes")
	}
	bin := binary(t)
	out, ref := t.TempDir(), t.TempDir()
	if b, err := exec.Command(bin, "run", "--quiet", "--period", "2026-10", "--out", ref, sample).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := exec.Command(bin, "run", "--quiet", "--period", "2026-10", "--out", out, sample).CombinedOutput()
			if err != nil {
				errs[i] = fmt.Errorf("%v: %s", err, b)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	completeReport(t, filepath.Join(out, "2026-10"))
	for _, name := range []string{"rapport.html", "sammendrag.xlsx", "run.json", "data/aktiviteter.parquet"} {
		a, _ := os.ReadFile(filepath.Join(out, "2026-10", name))
		b, _ := os.ReadFile(filepath.Join(ref, "2026-10", name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from a run on its own", name)
		}
	}
}

func TestPastPeriodReproducesItsReport(t *testing.T) {
	// A report for June 2026 made from all files equals one made in July
	// from the files sent until then: later rows never enter its indicators.
	all, upto := t.TempDir(), t.TempDir()
	files, _ := filepath.Glob(filepath.Join(sample, "*"))
	monthRe := regexp.MustCompile(`\d{4}-\d{2}`)
	var early []string
	for _, f := range files {
		// Files named after a month up to June; the statistics (no month
		// in the name) were there already.
		if m := monthRe.FindString(filepath.Base(f)); m == "" || m <= "2026-06" {
			early = append(early, f)
		}
	}
	if len(early) >= len(files) || len(early) < 50 {
		t.Fatalf("%d of %d files sent by June", len(early), len(files))
	}
	if code, _, stderr := kr(t, "run", "--quiet", "--period", "2026-06", "--out", all, sample); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := kr(t, append([]string{"run", "--quiet", "--period", "2026-06", "--out", upto}, early...)...); code != 0 {
		t.Fatal(stderr)
	}
	ind := func(dir string) string {
		b, err := os.ReadFile(filepath.Join(dir, "2026-06", "run.json"))
		if err != nil {
			t.Fatal(err)
		}
		var sum struct{ Indicators json.RawMessage }
		json.Unmarshal(b, &sum)
		return string(sum.Indicators)
	}
	if a, b := ind(all), ind(upto); a != b {
		t.Error("the indicators of a past period depend on files sent after it")
	}
}

func TestSourceDateEpoch(t *testing.T) {
	out := t.TempDir()
	t.Setenv("SOURCE_DATE_EPOCH", "1764028800") // 2025-11-25
	code, stdout, stderr := kr(t, "run", "--out", out, sample)
	if code != 0 {
		t.Fatal(stderr)
	}
	// The default period is the last full month before that day.
	if !strings.HasPrefix(stdout, "kulturrapport 2025-10") {
		t.Errorf("period: %s", strings.SplitN(stdout, "\n", 2)[0])
	}
	html, _ := os.ReadFile(filepath.Join(out, "2025-10", "rapport.html"))
	if !bytes.Contains(html, []byte("Laget 25.11.2025")) {
		t.Error("the report does not carry the date from SOURCE_DATE_EPOCH")
	}
}

func TestLogs(t *testing.T) {
	out := t.TempDir()
	// Plain run, not on a terminal: the summary on stdout, nothing on stderr.
	code, stdout, stderr := kr(t, "run", "--period", "2026-10", "--out", out, sample)
	if code != 0 || stderr != "" || !strings.Contains(stdout, "Rader:") {
		t.Errorf("text: exit %d, stderr %q", code, stderr)
	}
	// JSON logs for CI: one object a line, ending with the run's totals.
	code, _, stderr = kr(t, "run", "--quiet", "--log-format", "json", "--period", "2026-10", "--out", out, sample)
	if code != 0 {
		t.Fatal(stderr)
	}
	code, _, stderr = kr(t, "run", "--log-format", "json", "--period", "2026-10", "--out", out, sample)
	if code != 0 {
		t.Fatal(stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	var last struct {
		Msg          string `json:"msg"`
		RowsRead     int    `json:"rows_read"`
		RowsRejected int    `json:"rows_rejected"`
		IngestMS     *int64 `json:"ingest_ms"`
	}
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Fatalf("not a JSON line: %q", l)
		}
	}
	json.Unmarshal([]byte(lines[len(lines)-1]), &last)
	if last.Msg != "run finished" || last.RowsRead == 0 || last.RowsRejected != 10 || last.IngestMS == nil {
		t.Errorf("last log line: %s", lines[len(lines)-1])
	}
	// A bad value is a config error.
	if code, _, stderr := kr(t, "run", "--log-format", "xml", "--out", out, sample); code != exitUsage || !strings.Contains(stderr, "log_format") {
		t.Errorf("--log-format xml: exit %d, %q", code, stderr)
	}
}

// TestCIExamplesUseRealFlags parses every kulturrapport command line in
// examples/ci with the real command, so that the examples cannot drift.
func TestCIExamplesUseRealFlags(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "examples", "ci", "*"))
	if len(files) < 2 {
		t.Fatalf("examples/ci holds %d files", len(files))
	}
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			i := strings.Index(line, "bin/kulturrapport ")
			if i < 0 || strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			args := strings.Fields(strings.SplitN(line[i+len("bin/kulturrapport "):], ">>", 2)[0])
			root := newRoot(io.Discard, io.Discard, "nb")
			cmd, rest, err := root.Find(args)
			if err != nil || cmd == root {
				t.Errorf("%s: %q: no such command", f, line)
				continue
			}
			if err := cmd.ParseFlags(rest); err != nil {
				t.Errorf("%s: %q: %v", f, line, err)
			}
			n++
		}
	}
	if n < 2 {
		t.Errorf("found %d command lines", n)
	}
}

// TestSignalStopsARun: SIGTERM or SIGINT while a run reads a large file
// stops it with exit 1 and its message, and the last report stays as it
// was. (A run that finished before the signal came must have written a
// whole report; either way the process ends: a run that ignored the
// signal would hang the test.)
func TestSignalStopsARun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and signals real processes")
	}
	bin := binary(t)
	out := t.TempDir()
	period := filepath.Join(out, "2026-10")
	if b, err := exec.Command(bin, "run", "--quiet", "--period", "2026-10", "--out", out, sample).CombinedOutput(); err != nil {
		t.Fatalf("first run: %v\n%s", err, b)
	}
	before := completeReport(t, period)
	big := bigInput(t, 300_000)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		cmd := exec.Command(bin, "run", "--quiet", "--period", "2026-10", "--out", out, big)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		got := completeReport(t, period)
		if err == nil {
			t.Logf("%v: the run finished before the signal", sig)
			before = got
			continue
		}
		if code := cmd.ProcessState.ExitCode(); code != exitFailed || !strings.Contains(stderr.String(), "avbrutt av et signal") {
			t.Errorf("%v: exit %d, stderr %q; want %d and «avbrutt av et signal»", sig, code, stderr.String(), exitFailed)
		}
		if !bytes.Equal(got, before) {
			t.Errorf("%v: the report folder changed", sig)
		}
	}
}

// Command gendata writes a synthetic national corpus for benchmarks: 11
// regions, 363 municipalities, monthly activity logs from every region, as
// .xlsx files with the messiness of real ones (title rows above the header,
// Norwegian numbers and dates as text, numeric kommunenummer, totals rows,
// about 0.2 % bad rows), plus a config.yaml that knows its regions.
//
// Usage:
//
//	go run ./cmd/gendata -size M -out /tmp/kulturrapport-corpus/M
//
// Sizes: S ≈ 10 000 rows, M ≈ 100 000, L ≈ 1 000 000, each over 11 regions ×
// 37 months (407 files). The output is deterministic for a seed.
//
// With -writers others the logs are written as openpyxl and XlsxWriter
// write them (shared strings, serial dates, spans), with free text in
// Ansvarlig and Merknad and about 6 % of the rows rejected or warned of
// (see writeLogOthers), instead of through excelize's StreamWriter.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

var sizes = map[string]int{"S": 10_000, "M": 100_000, "L": 1_000_000}

const (
	regions       = 11
	perRegion     = 33
	months        = 37
	firstYear     = 2023
	firstMonthNum = 10 // October 2023 … October 2026
)

func main() {
	size := flag.String("size", "S", "S, M or L")
	out := flag.String("out", "", "output folder (required)")
	seed := flag.Uint64("seed", 1, "random seed")
	writers := flag.String("writers", "excelize", "excelize, or others (openpyxl and XlsxWriter)")
	flag.Parse()
	rows, ok := sizes[*size]
	write := map[string]logWriter{"excelize": writeLog, "others": writeLogOthers}[*writers]
	if !ok || *out == "" || write == nil {
		fmt.Fprintln(os.Stderr, "usage: gendata -size S|M|L [-writers excelize|others] -out DIR")
		os.Exit(2)
	}
	if err := run(*out, rows, *seed, write); err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		os.Exit(1)
	}
}

func regionCode(r int) string { return fmt.Sprintf("R%02d", r+1) }

// kommune is the kommunenummer of municipality m of region r: 1001…2133.
func kommune(r, m int) string { return fmt.Sprintf("%04d", 1000+r*100+m+1) }

var (
	types = []string{"kommunebesøk", "konferanse", "høring", "rektornettverk", "fagnettverk", "kurs", "publisering",
		"sosiale medier", "mediekontakt", "samarbeidsavtale", "prosjektmøte", "politisk møte", "internasjonalt møte", "annet"}
	goals    = []string{"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3"}
	measures = map[string][]string{
		"1.1": {"1.1.N1", "1.1.R4", "1.1.R5"}, "1.2": {"1.2.N1", "1.2.R1"}, "1.3": {"1.3.N1", "1.3.R2"}, "1.4": {"1.4.R1"},
		"2.1": {"2.1.N4", "2.1.R2"}, "2.2": {"2.2.N1"}, "2.3": {"2.3.N1"}, "3.1": {"3.1.R1"}, "3.2": {"3.2.N1", "3.2.R2"}, "3.3": {"3.3.N1"},
	}
	words = []string{"Kommunebesøk", "Fagdag", "Konferanse", "Nettverksmøte", "Kurs", "Artikkel", "Møte", "Samling", "Workshop", "Seminar"}
)

// logWriter writes one region's log for a month.
type logWriter func(path string, rng *rand.Rand, r int, month time.Time, rows int) error

func run(out string, total int, seed uint64, writeLog logWriter) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := writeConfig(out); err != nil {
		return err
	}
	files := regions * months
	perFile := total / files
	rng := rand.New(rand.NewPCG(seed, 11))
	for r := 0; r < regions; r++ {
		for mi := 0; mi < months; mi++ {
			month := time.Date(firstYear, time.Month(firstMonthNum+mi), 1, 0, 0, 0, 0, time.UTC)
			name := filepath.Join(out, fmt.Sprintf("aktiviteter-%s-%s.xlsx", strings.ToLower(regionCode(r)), month.Format("2006-01")))
			if err := writeLog(name, rng, r, month, perFile); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeLog writes one region's log for a month, in the region's style,
// through excelize's StreamWriter.
func writeLog(path string, rng *rand.Rand, r int, month time.Time, rows int) error {
	f := excelize.NewFile()
	defer f.Close()
	sh := "Aktiviteter"
	f.SetSheetName("Sheet1", sh)
	sw, err := f.NewStreamWriter(sh)
	if err != nil {
		return err
	}
	textDates := r%3 == 1   // dates typed as text
	numericKnr := r%3 == 2  // kommunenummer as numbers
	textNumbers := r%2 == 1 // participants as Norwegian text
	top := 1
	if r%2 == 0 {
		sw.SetRow("A1", []any{"Aktivitetslogg " + regionCode(r) + " – " + month.Format("01.2006")})
		sw.SetRow("A2", []any{"Norsk kulturskoleråd"})
		top = 4
	}
	header := []any{"Dato", "Region", "Kommunenr", "Mål", "Tiltak", "Aktivitetstype", "Tittel", "Deltakere", "Ansvarlig", "Merknad"}
	if r%4 == 3 {
		header = []any{"Date", "Region", "Kommune nr.", "MÅL", "Measure", "Type", "Beskrivelse", "Antall deltakere", "Kontaktperson", "Note"}
	}
	cell := func(c, row int) string { s, _ := excelize.CoordinatesToCellName(c, row); return s }
	if err := sw.SetRow(cell(1, top), header); err != nil {
		return err
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	days := time.Date(month.Year(), month.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	vals := make([]any, 9)
	for i := 0; i < rows; i++ {
		row := top + 1 + i
		d := month.AddDate(0, 0, rng.IntN(days))
		g := goals[rng.IntN(len(goals))]
		k := kommune(r, rng.IntN(perRegion))
		bad := rng.IntN(500) == 0 // 0.2 % bad rows
		switch {
		case bad && i%2 == 0:
			vals[0] = "31.02." + month.Format("2006")
		case textDates:
			vals[0] = d.Format("02.01.2006")
		default:
			vals[0] = excelize.Cell{StyleID: dateStyle, Value: d}
		}
		vals[1] = regionCode(r)
		switch {
		case rng.IntN(10) == 0:
			vals[2] = nil // region-wide: no kommunenummer
		case numericKnr:
			var n int
			fmt.Sscan(k, &n)
			vals[2] = n
		default:
			vals[2] = k
		}
		vals[3] = g
		vals[4] = nil
		if ms := measures[g]; rng.IntN(3) > 0 {
			vals[4] = ms[rng.IntN(len(ms))]
		}
		typ := types[rng.IntN(len(types))]
		if bad && i%2 == 1 {
			typ = "ukjent type"
		}
		vals[5] = typ
		vals[6] = fmt.Sprintf("%s %d-%d", words[rng.IntN(len(words))], i, rng.IntN(1_000_000))
		p := rng.IntN(1500)
		if textNumbers {
			vals[7] = norThousands(p)
		} else {
			vals[7] = p
		}
		vals[8] = nil
		if rng.IntN(2) == 0 {
			vals[8] = []string{"Kari", "Ola", "Ingrid", "Per"}[rng.IntN(4)]
		}
		if err := sw.SetRow(cell(1, row), vals); err != nil {
			return err
		}
	}
	sum := top + rows + 1
	if err := sw.SetRow(cell(1, sum), []any{"Sum", nil, nil, nil, nil, nil, nil,
		excelize.Cell{Formula: fmt.Sprintf("SUM(H%d:H%d)", top+1, top+rows)}}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	saved := month.AddDate(0, 1, 3).Format(time.RFC3339)
	f.SetDocProps(&excelize.DocProperties{Creator: regionCode(r), Created: saved, Modified: saved})
	return f.SaveAs(path)
}

func norThousands(n int) string {
	if n < 1000 {
		return fmt.Sprint(n)
	}
	return fmt.Sprintf("%d %03d", n/1000, n%1000)
}

// writeConfig writes the corpus' config: its regions and municipalities
// replace BTV's, the rest is the default.
func writeConfig(out string) error {
	var b strings.Builder
	b.WriteString("# Config of a synthetic national corpus (cmd/gendata).\nmunicipality_renames: {}\nregions:\n")
	var codes []string
	for r := 0; r < regions; r++ {
		codes = append(codes, regionCode(r))
		fmt.Fprintf(&b, "  - code: %s\n    name: Region %d\n    municipalities:\n", regionCode(r), r+1)
		for m := 0; m < perRegion; m++ {
			fmt.Fprintf(&b, "      - {code: \"%s\", name: Kommune %s, county: Fylke %d}\n", kommune(r, m), kommune(r, m), r/2+1)
		}
	}
	b.WriteString("completeness:\n  from: \"2023-10\"\n  regions: [" + strings.Join(codes, ", ") + "]\n  projects: []\n")
	// The default's measures name region BTV; the corpus keeps one BTV
	// municipality-free region so that they stay valid.
	b.WriteString("  deadline_day: 10\n")
	return os.WriteFile(filepath.Join(out, "config.yaml"), []byte(strings.Replace(b.String(), "regions:\n", "regions:\n  - {code: BTV, name: \"Buskerud, Telemark og Vestfold\", municipalities: []}\n", 1)), 0o644)
}

package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"kulturrapport/config"
)

// project is one of the projects BTV reports on every month.
type project struct {
	name, goals, level string
	start, end         time.Time // months it runs
	budget             float64
	children           int // taking part in a month at full speed, about a third of them new
	munis              []string
	muniAsCount        bool
}

func month(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }

var projects = []project{
	{name: "KRUt", goals: "1.3; 2.1", level: "regional", start: month(2024, 1), end: month(2026, 12), budget: 450000, children: 40, munis: []string{"3301", "3303", "4003", "3907"}},
	{name: "El Sistema", goals: "1.3; 2.3", level: "internasjonal", start: month(2024, 1), end: month(2027, 6), budget: 900000, children: 60, munis: []string{"3301", "4001", "3909"}},
	{name: "De unges arena", goals: "1.3", level: "regional", start: month(2024, 3), end: month(2026, 6), budget: 250000, children: 25, munis: []string{"3905", "4005"}, muniAsCount: true},
	{name: "Kulturskole uten grenser (Interreg)", goals: "2.3", level: "internasjonal", start: month(2025, 1), end: month(2027, 12), budget: 1200000, children: 30, munis: []string{"3314", "3312", "4036"}},
	{name: "Laboratorium for nyskapende prosesser", goals: "2.2", level: "nasjonal", start: month(2024, 9), end: month(2026, 12), budget: 600000, children: 20, munis: []string{"3303", "3911"}},
	{name: "Drømmestipendet", goals: "2.1", level: "nasjonal", start: month(2024, 1), end: month(2026, 12), budget: 80000, children: 5, muniAsCount: true, munis: []string{"3301", "3905", "4003", "4012"}},
	{name: "UKM/DKS-samarbeid", goals: "1.1; 2.1", level: "regional", start: month(2024, 8), end: month(2026, 12), budget: 150000, children: 80, munis: []string{"3301", "3303", "3305", "3901", "3903", "4001", "4003", "4005"}},
}

// writeProjects writes one project report per month.
func writeProjects(out string, rng *rand.Rand) error {
	spent := map[string]float64{}
	// Reports give the children and young people reached since the start,
	// as the template asks: each counted once.
	reached := map[string]int{}
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		var rows [][]string
		for _, p := range projects {
			if m.Before(p.start) || m.After(p.end) {
				continue
			}
			// Now and then a project does not report (completeness).
			if rng.IntN(12) == 0 {
				continue
			}
			status := "pågår"
			switch {
			case m.Equal(p.start):
				status = "planlagt"
			case p.end.Before(month(2026, 11)) && m.Equal(p.end):
				status = "fullført"
			}
			months := float64(p.end.Year()*12+int(p.end.Month())-p.start.Year()*12-int(p.start.Month())) + 1
			spent[p.name] += p.budget / months * (0.6 + 0.8*rng.Float64())
			children := p.children/2 + rng.IntN(p.children+1)
			if m.Month() == time.July {
				children /= 4
			}
			reached[p.name] += (children + 2) / 3
			munis := strings.Join(p.munis, "; ")
			if p.muniAsCount {
				munis = fmt.Sprint(len(p.munis))
			}
			rows = append(rows, []string{p.name, m.Format("2006-01"), "BTV", p.goals, status, p.level,
				fmt.Sprint(reached[p.name]), munis, fmt.Sprintf("%.0f", p.budget), fmt.Sprintf("%.0f", spent[p.name]), ""})
		}
		name := "prosjekter-btv-" + m.Format("2006-01")
		if m.Equal(month(2025, 11)) {
			// This month came as a CSV saved by Excel on Windows.
			if err := writeProjectsCSV(filepath.Join(out, name+".csv"), rows); err != nil {
				return err
			}
			continue
		}
		if m.Equal(month(2026, 5)) {
			rows = append(rows,
				[]string{"Sommerkurs", "2026-05", "BTV", "3.2", "på vent", "regional", "30", "", "", "", "ugyldig status"},
				[]string{"KRUt", "2026-13", "BTV", "1.3", "pågår", "regional", "10", "", "", "", "ugyldig måned"},
			)
		}
		if err := writeProjectsXLSX(filepath.Join(out, name+".xlsx"), m, rows); err != nil {
			return err
		}
	}
	return nil
}

var projectHeaders = []string{"Prosjekt", "Periode", "Region", "Mål", "Status", "Nivå", "Deltakere", "Kommuner", "Budsjett", "Forbruk", "Merknad"}

func writeProjectsXLSX(path string, m time.Time, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	setSaved(f, m, path)
	sh := "Prosjekter"
	f.SetSheetName("Sheet1", sh)
	f.SetCellStr(sh, "A1", "Prosjektrapport BTV – "+months[m.Month()-1]+" "+m.Format("2006"))
	f.SetSheetRow(sh, "A3", &projectHeaders)
	money, _ := f.NewStyle(&excelize.Style{NumFmt: 3})
	for i, row := range rows {
		r := i + 4
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, r)
			switch j {
			case 6, 8, 9: // numbers as numbers
				var n int64
				if _, err := fmt.Sscan(v, &n); err == nil {
					f.SetCellInt(sh, cell, n)
					if j >= 8 {
						f.SetCellStyle(sh, cell, cell, money)
					}
					continue
				}
			}
			f.SetCellStr(sh, cell, v)
		}
	}
	return f.SaveAs(path)
}

func writeProjectsCSV(path string, rows [][]string) error {
	var b strings.Builder
	b.WriteString(strings.Join(projectHeaders, ";") + "\r\n")
	for _, row := range rows {
		row = append([]string(nil), row...)
		row[8] = norThousands(row[8]) + " kr"
		row[9] = norThousands(row[9]) + " kr"
		for i, v := range row {
			if strings.ContainsAny(v, ";\"") {
				row[i] = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
			}
		}
		b.WriteString(strings.Join(row, ";") + "\r\n")
	}
	enc, err := charmap.Windows1252.NewEncoder().String(b.String())
	if err != nil {
		return err
	}
	return os.WriteFile(path, []byte(enc), 0o644)
}

// norThousands writes 1234567 as "1 234 567".
func norThousands(s string) string {
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ' ')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// writeStatistics writes the municipal statistics for five school years in
// one workbook, as a region would compile it from GSI: a sheet per county.
// population is each BTV municipality's population (2024, rounded to the
// thousand): the order of magnitude of SSB's figures, for sample numbers
// a reader of the region would recognise. Some 700 000 in all.
var population = map[string]int{
	"3301": 104000, "3303": 28000, "3305": 31000, "3310": 7000, "3312": 28000, "3314": 20000, "3316": 15000,
	"3318": 2000, "3320": 1000, "3322": 3000, "3324": 5000, "3326": 3000, "3328": 5000, "3330": 4000,
	"3332": 3000, "3334": 3000, "3336": 1000, "3338": 2000,
	"3901": 28000, "3903": 26000, "3905": 58000, "3907": 65000, "3909": 48000, "3911": 28000,
	"4001": 37000, "4003": 56000, "4005": 13000, "4010": 2000, "4012": 14000, "4014": 10000, "4016": 4000,
	"4018": 7000, "4020": 11000, "4022": 3000, "4024": 2000, "4026": 6000, "4028": 2000, "4030": 1000,
	"4032": 1000, "4034": 2000, "4036": 4000,
}

func writeStatistics(out string, cfg *config.Config, rng *rand.Rand) error {
	f := excelize.NewFile()
	defer f.Close()
	setSaved(f, month(2026, 1), "kulturskolestatistikk")
	headers := []string{"Skoleår", "Kommunenr", "Kommune", "Elever", "Elever 6–15 år", "Venteliste", "Venteliste 6–15 år", "Barn 6–15 år", "Fag", "Årsverk", "Elevavgift"}
	sheets := map[string]int{}
	first := true
	old := map[string]string{}
	for o, n := range cfg.MunicipalityRenames {
		old[n] = o
	}
	for _, m := range cfg.Regions[0].Municipalities {
		sh := m.County
		if _, ok := sheets[sh]; !ok {
			if first {
				f.SetSheetName("Sheet1", sh)
				first = false
			} else {
				f.NewSheet(sh)
			}
			f.SetCellStr(sh, "A1", "Kulturskolestatistikk "+sh+" (GSI)")
			f.SetSheetRow(sh, "A2", &headers)
			sheets[sh] = 3
		}
		// Residents aged 6–15: about 11.5 % of the population (SSB's
		// figures for 2024, rounded to the thousand; an order of magnitude,
		// not the official count), give or take a few.
		children := population[m.Code]*115/1000 + rng.IntN(9000)%41 - 20
		share := 0.08 + 0.18*rng.Float64()
		fee := 2800 + float64(rng.IntN(18))*100
		subjects := 2 + rng.IntN(5)
		for y := 2021; y <= 2025; y++ {
			r := sheets[sh]
			sheets[sh]++
			pupils615 := int(float64(children) * (share + 0.005*float64(y-2021)))
			pupils := pupils615 + pupils615/8
			waiting := int(float64(pupils) * (0.05 + 0.2*rng.Float64()))
			row := []any{fmt.Sprintf("%d/%d", y, y+1), m.Code, m.Name, pupils, pupils615, waiting, waiting * 9 / 10, children + rng.IntN(60) - 30, subjects, float64(pupils) / 95, fee + float64(y-2021)*150}
			switch {
			case y == 2021 && old[m.Code] != "":
				row[1] = old[m.Code] // numbers from before the 2024 county split
			case y == 2023:
				row[0] = fmt.Sprintf("%d-%02d", y, (y+1)%100)
			}
			if m.Code == "3907" && y == 2025 {
				row[3] = fmt.Sprintf("%d %03d", pupils/1000, pupils%1000) // a number typed as text
			}
			if m.Code == "4010" && y == 2025 {
				row[3] = "ca. 60" // not a number: rejected
			}
			cell, _ := excelize.CoordinatesToCellName(1, r)
			f.SetSheetRow(sh, cell, &row)
		}
	}
	return f.SaveAs(filepath.Join(out, "kulturskolestatistikk-btv.xlsx"))
}

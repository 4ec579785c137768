package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kulturrapport/config"
	"kulturrapport/pipeline"
)

// twoRegionInputs writes a config with a second region, VEST, and a
// year of its activity logs; it returns the config and the input folder.
func twoRegionInputs(t *testing.T) (cfgPath, inputs string) {
	t.Helper()
	dir := t.TempDir()
	cfgPath = withRegion(t, dir, "to-regioner.yaml",
		"  - code: VEST\n    name: Vest\n    municipalities:\n      - {code: \"4601\", name: Bergen, county: Vestland}\n      - {code: \"4640\", name: Sogndal, county: Vestland}\n"+
			"completeness:\n  regions: [BTV, VEST]\n")
	inputs = filepath.Join(dir, "inn")
	os.MkdirAll(inputs, 0o755)
	for k := range 12 {
		m := pipeline.MonthFor(2025, 11) + pipeline.Month(k)
		csv := "Dato;Region;Kommunenr;Mål;Aktivitetstype;Tittel;Deltakere\n" +
			fmt.Sprintf("%s-05;VEST;4601;3.2;rektornettverk;Rektornettverk i Bergen;12\n%s-12;VEST;4640;1.1;kommunebesøk;Besøk i Sogndal;4\n", m, m)
		os.WriteFile(filepath.Join(inputs, "aktiviteter-vest-"+m.String()+".csv"), []byte(csv), 0o644)
	}
	return cfgPath, inputs
}

// withRegion writes in dir a config file, name, whose regions are the
// default's and then those of more (YAML of list items, and any keys
// after them); it returns its path.
func withRegion(t *testing.T, dir, name, more string) string {
	t.Helper()
	def, err := config.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	var y strings.Builder
	y.WriteString("regions:\n")
	for _, r := range def.Regions {
		fmt.Fprintf(&y, "  - code: %s\n    name: %q\n    municipalities:\n", r.Code, r.Name)
		for _, m := range r.Municipalities {
			fmt.Fprintf(&y, "      - {code: %q, name: %q, county: %q}\n", m.Code, m.Name, m.County)
		}
	}
	y.WriteString(more)
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(y.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPerRegionReports: run --per-region writes a report for every region
// next to the national one; a region's names its own municipalities and
// files and none of another region's; the national value stands beside
// its own; --region picks regions; the reports are the same bytes run
// after run.
func TestPerRegionReports(t *testing.T) {
	cfg, inputs := twoRegionInputs(t)
	// A region's comment is in its own report and the nation's, not in
	// another region's.
	os.WriteFile(filepath.Join(inputs, "kommentarer-vest.csv"), []byte("Periode;Mål;Kommentar;Region\n2026-10;1.1;Vest skriver om 1.1.;VEST\n2026-10;1.1;BTV skriver om 1.1.;BTV\n"), 0o644)
	out := t.TempDir()
	code, stdout, stderr := kr(t, "run", "--config", cfg, "--per-region", "--period", "2026-10", "--out", out, sample, inputs)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "(BTV, VEST)") {
		t.Errorf("the printout does not name the regions' reports:\n%s", stdout)
	}
	page := func(region string) string {
		b, err := os.ReadFile(filepath.Join(out, "2026-10", "regioner", region, "rapport.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	btv, vest := page("BTV"), page("VEST")
	for _, c := range []struct {
		region, page string
		want, not    []string
	}{
		{"BTV", btv, []string{"Strategirapport for Buskerud, Telemark og Vestfold", "Drammen", "aktiviteter-buskerud-2026-03.xlsx", ">Nasjonalt<", "BTV skriver om 1.1."},
			[]string{"Bergen", "Sogndal", "Vestland", "aktiviteter-vest-", ">Vest<", "Vest skriver om 1.1."}},
		{"VEST", vest, []string{"Strategirapport for Vest", "Bergen", "Sogndal", ">Nasjonalt<", "Vest skriver om 1.1."},
			[]string{"Drammen", "Tønsberg", "Buskerud", "aktiviteter-buskerud", "BTV.1", "Rektornettverk Telemark", "BTV skriver om 1.1."}},
		{"the nation", page(".."), []string{"Vest skriver om 1.1.", "BTV skriver om 1.1."}, nil},
	} {
		for _, w := range c.want {
			if !strings.Contains(c.page, w) {
				t.Errorf("%s: no %q in its report", c.region, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(c.page, w) {
				t.Errorf("%s: %q in its report", c.region, w)
			}
		}
	}
	// Only VEST, and the same bytes again.
	out2 := t.TempDir()
	if code, _, stderr := kr(t, "run", "--config", cfg, "--region", "VEST", "--period", "2026-10", "--out", out2, sample, inputs); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out2, "2026-10", "regioner", "BTV")); !os.IsNotExist(err) {
		t.Error("--region VEST wrote BTV's report")
	}
	again, err := os.ReadFile(filepath.Join(out2, "2026-10", "regioner", "VEST", "rapport.html"))
	if err != nil || !bytes.Equal(again, []byte(vest)) {
		t.Errorf("VEST's report differs from run to run (%v)", err)
	}
	if code, _, stderr := kr(t, "run", "--region", "NORD", "--period", "2026-10", "--out", out2, sample); code != exitUsage || !strings.Contains(stderr, `ukjent region "NORD"; regionene er`) {
		t.Errorf("--region NORD: exit %d, %s", code, stderr)
	}
}

// TestNationalOfficeAsARegion: the national office's own activities and
// projects, which belong to no region, are read when the config gives it
// a region of its own with no municipalities (as the README says): the
// run writes every report, that region's too, with no municipality's
// figures in it.
func TestNationalOfficeAsARegion(t *testing.T) {
	dir := t.TempDir()
	cfg := withRegion(t, dir, "nasjonalt.yaml", "  - {code: NASJ, name: Nasjonalt, municipalities: []}\n")
	inputs := filepath.Join(dir, "inn")
	os.MkdirAll(inputs, 0o755)
	os.WriteFile(filepath.Join(inputs, "aktiviteter-nasjonalt-2026-10.csv"), []byte("Dato;Region;Mål;Aktivitetstype;Tittel;Deltakere\n06.10.2026;Nasjonalt;1.1;konferanse;Nasjonal kulturskolekonferanse;400\n"), 0o644)
	os.WriteFile(filepath.Join(inputs, "prosjekter-nasjonalt-2026-10.csv"), []byte("Prosjekt;Periode;Region;Mål;Status;Nivå\nKRUt;2026-10;NASJ;1.3;pågår;nasjonal\n"), 0o644)
	out := t.TempDir()
	code, stdout, stderr := kr(t, "run", "--config", cfg, "--per-region", "--period", "2026-10", "--out", out, sample, inputs)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(stdout, "nasjonalt-2026-10.csv:") {
		t.Errorf("a row of the national office's files was rejected:\n%s", stdout)
	}
	page, err := os.ReadFile(filepath.Join(out, "2026-10", "regioner", "NASJ", "rapport.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "Konferanser og høringer: <b>1 stk</b>") {
		t.Error("the national office's report does not count its conference")
	}
	if strings.Contains(string(page), "Drammen") {
		t.Error("the national office's report names a region's municipality")
	}
}

package batch

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/pipeline/ingest"
)

// twoRegions is the sample with a second region, VEST (three
// municipalities of Vestland), and a year of its activity logs as CSV.
func twoRegions(t *testing.T) (*pipeline.Result, []string) {
	t.Helper()
	cfg, err := config.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Regions = append(cfg.Regions, config.Region{Code: "VEST", Name: "Vest", Municipalities: []config.Municipality{
		{Code: "4601", Name: "Bergen", County: "Vestland"},
		{Code: "4602", Name: "Kinn", County: "Vestland"},
		{Code: "4640", Name: "Sogndal", County: "Vestland"},
	}})
	cfg.Completeness.Regions = append(cfg.Completeness.Regions, "VEST")
	// VEST has its own target for one count; the others have none.
	for i := range cfg.Indicators {
		if cfg.Indicators[i].ID == "rektornettverk" {
			cfg.Indicators[i].RegionTargets = map[string]float64{"BTV": 24, "VEST": 6}
		}
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	kommuner := []string{"4601", "4602", "4640"}
	// November 2025 to October 2026: three network meetings a month, one
	// in each municipality, and a conference.
	for k := range 12 {
		m := pipeline.MonthFor(2025, 11) + pipeline.Month(k)
		var b strings.Builder
		b.WriteString("Dato;Region;Kommunenr;Mål;Aktivitetstype;Tittel;Deltakere\n")
		for d := 1; d <= 3; d++ {
			fmt.Fprintf(&b, "%s-%02d;VEST;%s;3.2;rektornettverk;Rektornettverk Vest %s/%d;%d\n", m, d*5, kommuner[d-1], m, d, 10+d)
		}
		fmt.Fprintf(&b, "%s-20;VEST;4601;1.1;konferanse;Vestkonferansen %s;150\n", m, m)
		os.WriteFile(filepath.Join(dir, "aktiviteter-vest-"+m.String()+".csv"), []byte(b.String()), 0o644)
	}
	files, err := ingest.ExpandInputs([]string{filepath.Join("..", "..", "testdata", "sample"), dir})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), cfg, RunOptions{Period: pipeline.MonthFor(2026, 10), Files: files, Regions: []string{"BTV", "VEST"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(res.Release)
	return res, kommuner
}

// TestRegionReportsAgreeWithTheNation: each region's report holds its own
// municipalities, counties and files only, and its values are the
// national report's breakdown for it: by region, and by county.
func TestRegionReportsAgreeWithTheNation(t *testing.T) {
	res, _ := twoRegions(t)
	if len(res.Regions) != 2 {
		t.Fatalf("%d region reports, want 2", len(res.Regions))
	}
	for _, reg := range res.Regions {
		members := map[string]bool{}
		for _, m := range res.Ref.Members[reg.Scope] {
			members[m] = true
		}
		for _, ind := range reg.Indicators {
			nat := reg.National[ind.ID]
			if nat == nil {
				if !strings.HasPrefix(ind.Goal, reg.Scope+".") {
					t.Errorf("%s: %s is not a national indicator nor one of its goals", reg.Scope, ind.ID)
				}
				continue
			}
			for _, g := range ind.Municipalities {
				if !members[g.Key] {
					t.Errorf("%s: %s lists municipality %s of another region", reg.Scope, ind.ID, g.Key)
				}
			}
			for _, g := range nat.Regions {
				if g.Key == reg.Scope && !samePtr(g.Value, ind.Value) {
					t.Errorf("%s: %s is %v, the national report's breakdown says %v", reg.Scope, ind.ID, deref(ind.Value), deref(g.Value))
				}
			}
			national := map[string]pipeline.Group{}
			for _, g := range nat.Counties {
				national[g.Key] = g
			}
			for _, g := range ind.Counties {
				if n, ok := national[g.Key]; !ok || !samePtr(n.Value, g.Value) {
					t.Errorf("%s: %s in %s is %v, nationally %v", reg.Scope, ind.ID, g.Key, deref(g.Value), deref(n.Value))
				}
			}
		}
		for _, f := range reg.Data.Files {
			vest := strings.Contains(f.Path, "aktiviteter-vest-")
			if vest != (reg.Scope == "VEST") {
				t.Errorf("%s: lists file %s", reg.Scope, f.Path)
			}
		}
		if len(reg.Data.Files) == 0 {
			t.Errorf("%s: no files", reg.Scope)
		}
	}
}

// TestTargetsPerScope: a region is graded against its own target; a count
// without one is «Uten mål» there, and nationally when not every region
// has one; a rate keeps its target everywhere.
func TestTargetsPerScope(t *testing.T) {
	res, _ := twoRegions(t)
	byID := func(r *pipeline.Result, id string) *pipeline.IndicatorResult {
		for _, ind := range r.Indicators {
			if ind.ID == id {
				return ind
			}
		}
		t.Fatalf("%s: no %s", r.Scope, id)
		return nil
	}
	var btv, vest *pipeline.Result
	for _, r := range res.Regions {
		if r.Scope == "BTV" {
			btv = r
		} else {
			vest = r
		}
	}
	for _, c := range []struct {
		r      *pipeline.Result
		id     string
		target *float64
	}{
		{res, "rektornettverk", ptr(30)},      // 24 + 6: every region has one
		{btv, "rektornettverk", ptr(24)},      // its own
		{vest, "rektornettverk", ptr(6)},      // its own
		{res, "profil-konferanser", nil},      // VEST has none: no sum
		{btv, "profil-konferanser", ptr(12)},  // its own
		{vest, "profil-konferanser", nil},     // none
		{vest, "rapporteringsgrad", ptr(100)}, // a rate: the national target
		{res, "kostra-andel-barn", ptr(20)},   // a rate
		{vest, "kostra-andel-barn", ptr(20)},  // a rate
	} {
		ind := byID(c.r, c.id)
		scope := cmp.Or(c.r.Scope, "national")
		if !samePtr(ind.Target, c.target) {
			t.Errorf("%s %s: target %v, want %v", scope, c.id, deref(ind.Target), deref(c.target))
		}
		if c.target == nil && ind.Status != pipeline.None {
			t.Errorf("%s %s: status %s without a target, want none", scope, c.id, ind.Status)
		}
	}
	// VEST's 36 network meetings in the last 12 months against its 6.
	if ind := byID(vest, "rektornettverk"); ind.Status != pipeline.Green {
		t.Errorf("VEST rektornettverk: %v, status %s; want green", deref(ind.Value), ind.Status)
	}
}

func ptr(x float64) *float64 { return &x }

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func samePtr(a, b *float64) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

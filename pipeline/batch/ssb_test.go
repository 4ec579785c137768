package batch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"

	"kulturrapport/config"
	"kulturrapport/pipeline"
	"kulturrapport/pipeline/ingest"
)

// TestSSBBesideTheSchoolsFigures: SSB's published shares for the sample's
// municipalities (a JSON-stat file among the inputs) join the schools' own
// rows — one row a municipality and school year, the schools' counts kept
// — and the KOSTRA indicator carries SSB's figure beside its own; with one
// municipality's figure marked by SSB, no figure, and the gap said.
func TestSSBBesideTheSchoolsFigures(t *testing.T) {
	cfg, err := config.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	// SSB's share for every member municipality: Drammen's 17,4, the
	// others' 21,0, and the country.
	// With Drammen's marked «:» (confidential) instead, SSB's figure is
	// not shown, and the gap says why.
	kostra := func(drammen string) string {
		dir := t.TempDir()
		codes, values, status := []string{`"EAK":0`}, []string{"13.9"}, ""
		for i, m := range cfg.Regions[0].Municipalities {
			codes = append(codes, fmt.Sprintf("%q:%d", m.Code, i+1))
			v := "21.0"
			if m.Code == "3301" {
				v = drammen
				if v == "null" {
					status = fmt.Sprintf(`,"status":{"%d":":"}`, i+1)
				}
			}
			values = append(values, v)
		}
		js := `{"version":"2.0","class":"dataset","label":"12221: Kulturskole (K)",
"id":["KOKkommuneregion0000","ContentsCode","Tid"],"size":[` + fmt.Sprint(len(values)) + `,1,1],
"dimension":{"KOKkommuneregion0000":{"category":{"index":{` + strings.Join(codes, ",") + `}}},
"ContentsCode":{"category":{"index":{"KOSmusikkandelba0000":0}}},"Tid":{"category":{"index":{"2025":0}}}},
"value":[` + strings.Join(values, ",") + `]` + status + `}`
		os.WriteFile(filepath.Join(dir, "kostra-12221.json"), []byte(js), 0o644)
		return dir
	}
	sample := filepath.Join("..", "..", "testdata", "sample")
	without, with, marked := runOn(t, cfg, sample), runOn(t, cfg, sample, kostra("17.4")), runOn(t, cfg, sample, kostra("null"))
	for _, ind := range marked.Indicators {
		if ind.ID != "kostra-andel-barn" {
			continue
		}
		// Of: the members whose figures the value covers (not every member
		// sent statistics).
		members := len(cfg.Regions[0].Municipalities)
		if g := ind.PublishedGap; ind.Published != nil || g == nil || g.Missing != 1 || g.Of < members/2 || g.Of > members || g.Markers[":"] != 1 {
			t.Errorf("Drammen's share marked «:»: published %v, gap %+v; want none, 1 of the members missing, marked «:»", ind.Published, g)
		}
	}
	b := with.Data.Table(pipeline.Statistics.Name)
	// One row a municipality and school year: SSB's joined to the schools'.
	seen := map[string]bool{}
	for i, k, y := 0, pipeline.StringColumn(b, pipeline.FieldKommunenr), pipeline.StringColumn(b, pipeline.FieldSchoolYear); i < int(b.NumRows()); i++ {
		if seen[k(i)+" "+y(i)] {
			t.Errorf("%s %s in two rows", k(i), y(i))
		}
		seen[k(i)+" "+y(i)] = true
	}
	kommune, year := pipeline.StringColumn(b, pipeline.FieldKommunenr), pipeline.StringColumn(b, pipeline.FieldSchoolYear)
	share := b.Column(b.Schema().FieldIndices(pipeline.FieldShareSSB)[0]).(*array.Float64)
	pupils := b.Column(b.Schema().FieldIndices(pipeline.FieldPupils)[0]).(*array.Int64)
	found := 0
	for i := 0; i < int(b.NumRows()); i++ {
		if kommune(i) == "3301" && year(i) == "2025/2026" {
			found++
			if share.IsNull(i) || share.Value(i) != 17.4 || pupils.IsNull(i) {
				t.Errorf("3301 2025/2026: SSB's share %v, pupils known %v", share.Value(i), pupils.IsValid(i))
			}
		}
	}
	if found != 1 {
		t.Errorf("3301 2025/2026 in %d rows, want 1", found)
	}
	for _, ind := range with.Indicators {
		if ind.ID != "kostra-andel-barn" {
			continue
		}
		if ind.Published == nil || *ind.Published <= 17.4 || *ind.Published >= 21 {
			t.Errorf("SSB's figure %v, want between Drammen's 17,4 and the others' 21, weighted", ind.Published)
		}
		for _, w := range without.Indicators {
			if w.ID == ind.ID && (w.Published != nil || *w.Value != *ind.Value) {
				t.Errorf("without SSB's file: published %v, value %v (with it %v)", w.Published, *w.Value, *ind.Value)
			}
		}
	}
}

// TestMissionFromSSBAlone: with SSB's counts mapped (here under made-up
// contents codes), the mission's KOSTRA share comes from an SSB file
// alone, no template: 2024 and 2025 for every member municipality.
func TestMissionFromSSBAlone(t *testing.T) {
	cfg, err := config.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.SSB.Contents = map[string]string{"KOSelever615": pipeline.FieldPupils615, "KOSbarn615": pipeline.FieldChildren615}
	members := cfg.Regions[0].Municipalities
	var codes, values []string
	for i, m := range members {
		codes = append(codes, fmt.Sprintf("%q:%d", m.Code, i))
		// pupils 2024, 2025; children 2024, 2025 (the last dimension fastest)
		values = append(values, "180", "200", "1000", "1000")
	}
	js := `{"version":"2.0","class":"dataset","label":"KOSTRA",
"id":["KOKkommuneregion0000","ContentsCode","Tid"],"size":[` + fmt.Sprint(len(members)) + `,2,2],
"dimension":{"KOKkommuneregion0000":{"category":{"index":{` + strings.Join(codes, ",") + `}}},
"ContentsCode":{"category":{"index":{"KOSelever615":0,"KOSbarn615":1}}},"Tid":{"category":{"index":{"2024":0,"2025":1}}}},
"value":[` + strings.Join(values, ",") + `]}`
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "kostra.json"), []byte(js), 0o644)
	res := runOn(t, cfg, dir)
	for _, ind := range res.Indicators {
		if ind.ID == "kostra-andel-barn" {
			// (7/12 × 180 + 5/12 × 200) / 1000 × 100 in every municipality
			if want := (7.0/12*180 + 5.0/12*200) / 1000 * 100; ind.Value == nil || fmt.Sprintf("%.6f", *ind.Value) != fmt.Sprintf("%.6f", want) {
				t.Errorf("KOSTRA's share from SSB's counts: %v, want %.4f", ind.Value, want)
			}
		}
	}
}

// TestSplitCodeCountedForItsCounty: an activity given a code split between
// two members of one county (1507 Ålesund → 1508 Ålesund and 1580 Haram,
// 2024), none named in the config, is counted for the county and the
// region, not a municipality; when the successors lie in two counties, for
// the region alone.
func TestSplitCodeCountedForItsCounty(t *testing.T) {
	for _, haramCounty := range []string{"Møre og Romsdal", "Et annet fylke"} {
		cfg, err := config.Load("", nil)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Regions = append(cfg.Regions, config.Region{Code: "MR", Name: "Møre", Municipalities: []config.Municipality{
			{Code: "1508", Name: "Ålesund", County: "Møre og Romsdal"}, {Code: "1580", Name: "Haram", County: haramCounty}}})
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "aktiviteter-mr.csv"), []byte("Dato;Region;Kommunenr;Mål;Aktivitetstype;Tittel\n"+
			"2026-10-05;MR;1507;1.1;konferanse;Konferanse i gamle Ålesund\n"+
			"2026-10-06;MR;1508;1.1;konferanse;Konferanse i Ålesund\n"), 0o644)
		res := runOn(t, cfg, dir)
		f := res.Data.Files[0]
		reason := ""
		if len(f.Warnings) > 0 {
			reason = f.Warnings[0].Reason
		}
		want := "regnet for fylket Møre og Romsdal og regionen"
		if haramCounty != "Møre og Romsdal" {
			want = "regnet for regionen"
		}
		if f.RowsAccepted != 2 || !strings.Contains(reason, want) {
			t.Errorf("%s: %d accepted, warning %q, want %q", haramCounty, f.RowsAccepted, reason, want)
		}
		if given := pipeline.StringColumn(res.Data.Table(pipeline.Activities.Name), pipeline.FieldKommunenrGiven)(0); given != "1507" {
			t.Errorf("%s: kommunenr_oppgitt %q, want the code given", haramCounty, given)
		}
		// Every indicator counting the two conferences: the region has both, the
		// county both when the successors share it, else the one in Ålesund.
		checked := 0
		for _, ind := range res.Indicators {
			if ind.Def.Source != pipeline.Activities.Name || ind.Def.Measure != "count" {
				continue
			}
			value := func(groups []pipeline.Group, key string) float64 {
				for _, g := range groups {
					if g.Key == key && g.Value != nil {
						return *g.Value
					}
				}
				return -1
			}
			region, county := value(ind.Regions, "MR"), value(ind.Counties, "Møre og Romsdal")
			if region != 2 {
				continue // its filter leaves them out
			}
			wantCounty := 2.0
			if haramCounty != "Møre og Romsdal" {
				wantCounty = 1
			}
			if county != wantCounty {
				t.Errorf("%s: %s: region %v, county %v, want 2 and %v", haramCounty, ind.ID, region, county, wantCounty)
			}
			checked++
		}
		if checked == 0 {
			t.Fatal("no indicator counts every activity")
		}
	}
}

// runOn runs the batch for October 2026 on the inputs; the result is
// released when the test ends.
func runOn(t *testing.T, cfg *config.Config, inputs ...string) *pipeline.Result {
	t.Helper()
	files, err := ingest.ExpandInputs(inputs)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), cfg, RunOptions{Period: pipeline.MonthFor(2026, 10), Files: files})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(res.Release)
	return res
}

package ingest

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/xuri/excelize/v2"

	"kulturrapport/config"
	"kulturrapport/pipeline"
)

// TestDrammenAcrossBothReforms: a series for Drammen given under every
// code it had — 0602 Drammen, 0625 Nedre Eiker and 0711 Svelvik (merged in
// 2020), 3005 (2020–2023) and 3301 (2024) — is one municipality's, every
// school year once, the three of 2019/2020 added up.
func TestDrammenAcrossBothReforms(t *testing.T) {
	dir := t.TempDir()
	csv := "Skoleår;Kommunenr;Kommune;Elever;Venteliste;Barn 6–15 år;Elevavgift\n" +
		"2019/2020;0602;Drammen;800;60;7000;3000\n" +
		"2019/2020;0625;Nedre Eiker;300;20;3000;2800\n" +
		"2019/2020;0711;Svelvik;100;5;800;2600\n" +
		"2020/2021;3005;Drammen;1230;90;10900;3100\n" +
		"2021/2022;3005;Drammen;1250;85;10950;3200\n" +
		"2022/2023;3005;Drammen;1260;80;11000;3300\n" +
		"2023/2024;3005;Drammen;1280;70;11050;3400\n" +
		"2024/2025;3301;Drammen;1300;65;11100;3500\n"
	os.WriteFile(filepath.Join(dir, "kulturskolestatistikk-drammen.csv"), []byte(csv), 0o644)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	ds := ingest(t, mem, dir)
	defer ds.Release()

	f := ds.Files[0]
	if f.RowsRejected != 0 || f.RowsAccepted != 8 {
		t.Fatalf("accepted %d, rejected %d: %v", f.RowsAccepted, f.RowsRejected, f.Rejected)
	}
	rec := ds.Table(pipeline.Statistics.Name)
	kommune, year, given := pipeline.StringColumn(rec, pipeline.FieldKommunenr), pipeline.StringColumn(rec, pipeline.FieldSchoolYear), pipeline.StringColumn(rec, pipeline.FieldKommunenrGiven)
	pupils := rec.Column(rec.Schema().FieldIndices(pipeline.FieldPupils)[0]).(*array.Int64)
	fee := rec.Column(rec.Schema().FieldIndices(pipeline.FieldFee)[0]).(*array.Float64)
	want := map[string]struct {
		pupils int64
		given  string
		fee    float64
	}{
		"2019/2020": {1200, "0602+0625+0711", 3000}, "2020/2021": {1230, "3005", 3100}, "2021/2022": {1250, "3005", 3200},
		"2022/2023": {1260, "3005", 3300}, "2023/2024": {1280, "3005", 3400}, "2024/2025": {1300, "", 3500},
	}
	if int(rec.NumRows()) != len(want) {
		t.Fatalf("%d rows, want one for each of the %d school years", rec.NumRows(), len(want))
	}
	for i := 0; i < int(rec.NumRows()); i++ {
		w, ok := want[year(i)]
		if kommune(i) != "3301" || !ok || pupils.Value(i) != w.pupils || given(i) != w.given || fee.Value(i) != w.fee {
			t.Errorf("row %d: %s %s given %q: %d pupils, fee %v; want 3301, %d pupils, given %q, fee %v",
				i, year(i), kommune(i), given(i), pupils.Value(i), fee.Value(i), w.pupils, w.given, w.fee)
		}
		delete(want, year(i))
	}
	var notes []string
	for _, w := range f.Warnings {
		notes = append(notes, w.Reason)
	}
	all := strings.Join(notes, "\n")
	for _, w := range []string{"0602, 0625, 0711 ble slått sammen til 3301", "gammelt kommunenummer 3005 er endret til 3301", "gammelt kommunenummer 0625 er endret til 3301"} {
		if !strings.Contains(all, w) {
			t.Errorf("no warning %q in:\n%s", w, all)
		}
	}
}

// TestKommuneHistory: codes are followed through every hop of SSB's
// change table to today's member; a split goes to the config's successor
// or the one member, or is refused naming the successors.
func TestKommuneHistory(t *testing.T) {
	ref := loadRef(t)
	for _, c := range []struct{ given, want, err string }{
		{"0602", "3301", ""},            // Drammen 2019 → 3005 → 3301
		{"0711", "3301", ""},            // Svelvik → Drammen
		{"0604", "3303", ""},            // Kongsberg → 3006 → 3303
		{"0716", "3905", ""},            // Re → 0704 Tønsberg (2017) → 3803 (2020) → 3905 (2024)
		{"1201", "", "kommune.unknown"}, // Bergen: not a member here
		{"9999", "", "kommune.unknown"},
	} {
		res := ref.ResolveKommune(c.given)
		if res.Code != c.want || res.Err != c.err {
			t.Errorf("%s: got %q (%s), want %q (%s)", c.given, res.Code, res.Err, c.want, c.err)
		}
	}
	// Ålesund (1507) was split in 2024 into 1508 Ålesund and 1580 Haram.
	split := func(members []string, splits map[string]string) pipeline.KommuneResolution {
		cfg, err := config.Load("", nil)
		if err != nil {
			t.Fatal(err)
		}
		reg := config.Region{Code: "MR", Name: "Møre"}
		for _, m := range members {
			reg.Municipalities = append(reg.Municipalities, config.Municipality{Code: m, Name: m, County: "Møre og Romsdal"})
		}
		cfg.Regions = append(cfg.Regions, reg)
		cfg.MunicipalitySplits = splits
		return pipeline.NewReference(cfg).ResolveKommune("1507")
	}
	if res := split([]string{"1508", "1580"}, nil); res.Err != "kommune.split" || res.Split == nil || len(res.Split.To) != 2 {
		t.Errorf("two members, no choice: %+v", res)
	}
	if res := split([]string{"1508", "1580"}, map[string]string{"1507": "1580"}); res.Code != "1580" || !res.ByConfig {
		t.Errorf("the config's successor: %+v", res)
	}
	if res := split([]string{"1580"}, nil); res.Code != "1580" || res.Split == nil || res.ByConfig {
		t.Errorf("the one member: %+v", res)
	}
}

// TestSplitCodeInAnActivity: an activity under a code split between two
// members, none named in the config, is accepted for its region with a
// warning, not for a municipality; a statistics row (which needs one) is
// rejected naming the successors.
func TestSplitCodeInAnActivity(t *testing.T) {
	cfg, err := config.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Regions = append(cfg.Regions, config.Region{Code: "MR", Name: "Møre", Municipalities: []config.Municipality{
		{Code: "1508", Name: "Ålesund", County: "Møre og Romsdal"}, {Code: "1580", Name: "Haram", County: "Møre og Romsdal"}}})
	ref := pipeline.NewReference(cfg)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "aktiviteter-mr.csv"), []byte("Dato;Region;Kommunenr;Mål;Aktivitetstype;Tittel\n2026-10-05;MR;1507;3.1;kommunebesøk;Besøk i Ålesund\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "statistikk-mr.csv"), []byte("Skoleår;Kommunenr;Elever\n2025/2026;1507;900\n"), 0o644)
	files, err := ExpandInputs([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	ds, err := Ingest(t.Context(), ref, files, Options{Period: pipeline.MonthFor(2026, 10)}, mem)
	if err != nil {
		t.Fatal(err)
	}
	defer ds.Release()
	ds.Localise("nb")
	for _, f := range ds.Files {
		switch {
		case strings.Contains(f.Path, "aktiviteter"):
			if f.RowsAccepted != 1 || len(f.Warnings) == 0 || !strings.Contains(f.Warnings[0].Reason, "regnet for fylket Møre og Romsdal og regionen") {
				t.Errorf("activity: accepted %d, warnings %v", f.RowsAccepted, f.Warnings)
			}
			rec := ds.Table(pipeline.Activities.Name)
			if k := pipeline.StringColumn(rec, pipeline.FieldKommunenr)(0); k != "" {
				t.Errorf("the activity is counted for municipality %q", k)
			}
		default:
			if f.RowsRejected != 1 || !strings.Contains(f.Rejected[0].Reason, "1508 Ålesund, 1580 Haram") {
				t.Errorf("statistics: rejected %d: %v", f.RowsRejected, f.Rejected)
			}
		}
	}
}

// TestSSBSharesOfMergedMunicipalities: SSB's table for 2019 gives its
// published share under each code of that year (0602, 0625, 0711, all 3301
// now); the merged municipality's share is theirs weighted by each one's
// children aged 6–15 (here the schools' counts), not the first one's; with
// no weights it is unknown, not a guess.
func TestSSBSharesOfMergedMunicipalities(t *testing.T) {
	dir := t.TempDir()
	js := `{"version":"2.0","class":"dataset","label":"12221: Kulturskole (K)",
"id":["KOKkommuneregion0000","ContentsCode","Tid"],"size":[3,1,1],
"dimension":{"KOKkommuneregion0000":{"category":{"index":{"0602":0,"0625":1,"0711":2}}},
"ContentsCode":{"category":{"index":{"KOSmusikkandelba0000":0}}},"Tid":{"category":{"index":{"2019":0}}}},
"value":[20.0,10.0,5.0]}`
	os.WriteFile(filepath.Join(dir, "kostra-2019.json"), []byte(js), 0o644)
	schools := filepath.Join(t.TempDir(), "kulturskolestatistikk-2019.csv")
	os.WriteFile(schools, []byte("Skoleår;Kommunenr;Elever;Barn 6–15 år\n2019/2020;0602;800;7000\n2019/2020;0625;300;3000\n2019/2020;0711;100;800\n"), 0o644)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	for _, c := range []struct {
		inputs []string
		want   string
	}{
		{[]string{dir, schools}, "16.11"}, // (20·7000 + 10·3000 + 5·800) / 10 800
		{[]string{dir}, "unknown"},
	} {
		ds := ingest(t, mem, c.inputs...)
		rec := ds.Table(pipeline.Statistics.Name)
		share := rec.Column(rec.Schema().FieldIndices(pipeline.FieldShareSSB)[0]).(*array.Float64)
		given := pipeline.StringColumn(rec, pipeline.FieldKommunenrGiven)
		got := "unknown"
		if rec.NumRows() == 1 && share.IsValid(0) {
			got = strconv.FormatFloat(share.Value(0), 'f', 2, 64)
		}
		if rec.NumRows() != 1 || got != c.want || given(0) != "0602+0625+0711" {
			t.Errorf("%d inputs: %d rows, share %s (given %q), want one row of 3301, %s, given 0602+0625+0711", len(c.inputs), rec.NumRows(), got, given(0), c.want)
		}
		ds.Release()
	}
}

// TestMunicipalityNames: an activity log written by hand names its
// municipalities in a «Kommune» column (no «Kommunenr»): each name is read
// as its number — a member's, with «kommune» after it, parallel names, or
// a former municipality's, followed to today's with a warning. A name two
// members share is taken in the row's region, and rejected naming both
// where the region does not tell; a name of no member is rejected. Beside
// a «Kommunenr» column, «Kommune» is an extra column, not read.
func TestMunicipalityNames(t *testing.T) {
	cfg, err := config.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Regions = append(cfg.Regions,
		config.Region{Code: "MR", Name: "Møre", Municipalities: []config.Municipality{{Code: "1515", Name: "Herøy", County: "Møre og Romsdal"}}},
		config.Region{Code: "NO", Name: "Nordland", Municipalities: []config.Municipality{{Code: "1818", Name: "Herøy", County: "Nordland"}, {Code: "5622", Name: "Porsanger - Porsángu - Porsanki", County: "Finnmark"}}})
	ref := pipeline.NewReference(cfg)
	dir := t.TempDir()
	f := excelize.NewFile()
	rows := [][]any{
		{"Dato", "Region", "Kommune", "Mål", "Aktivitetstype", "Tittel"},
		{"05.10.2026", "BTV", "Drammen", "3.1", "kommunebesøk", "Besøk 1"},
		{"05.10.2026", "BTV", "øvre eiker kommune", "3.1", "kommunebesøk", "Besøk 2"},
		{"05.10.2026", "BTV", "Nøtterøy", "3.1", "kommunebesøk", "Besøk 3"},
		{"05.10.2026", "MR", "Herøy", "3.1", "kommunebesøk", "Besøk 4"},
		{"05.10.2026", "NO", "Herøy", "3.1", "kommunebesøk", "Besøk 5"},
		{"05.10.2026", "BTV", "Herøy", "3.1", "kommunebesøk", "Besøk 6"},
		{"05.10.2026", "NO", "Porsángu", "3.1", "kommunebesøk", "Besøk 7"},
		{"05.10.2026", "BTV", "Drammn", "3.1", "kommunebesøk", "Besøk 8"},
		{"05.10.2026", "BTV", "Kongsberg (3303)", "3.1", "kommunebesøk", "Besøk 9"},
		{"05.10.2026", "BTV", "", "3.1", "kurs", "Kurs i hele regionen"},
	}
	for i, r := range rows {
		f.SetSheetRow("Sheet1", "A"+strconv.Itoa(i+1), &r)
	}
	if err := f.SaveAs(filepath.Join(dir, "aktiviteter-navn.xlsx")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "aktiviteter-begge.csv"), []byte("Dato;Region;Kommunenr;Kommune;Mål;Aktivitetstype;Tittel\n2026-10-05;BTV;3301;Kongsberg;3.1;kommunebesøk;Besøk\n"), 0o644)
	files, err := ExpandInputs([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	ds, err := Ingest(t.Context(), ref, files, Options{Period: pipeline.MonthFor(2026, 10)}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	defer ds.Release()
	ds.Localise("nb")
	byName := map[string]*pipeline.FileReport{}
	for _, f := range ds.Files {
		byName[filepath.Base(f.Path)] = f
	}
	named := byName["aktiviteter-navn.xlsx"]
	if got, want := said(append(named.Rejected, named.Warnings...), "", byReason), []string{
		"C7 flere kommuner har dette navnet: 1515 Herøy (Møre og Romsdal), 1818 Herøy (Nordland); skriv kommunenummeret",
		"C9 ukjent kommune: skriv kommunenummeret, f.eks. 3301",
		"C4 gammelt kommunenummer 0722 er endret til 3911",
	}; !slices.Equal(got, want) {
		t.Errorf("said\n%q\nwant\n%q", got, want)
	}
	rec := ds.Table(pipeline.Activities.Name)
	kommune, title := pipeline.StringColumn(rec, pipeline.FieldKommunenr), pipeline.StringColumn(rec, pipeline.FieldTitle)
	codes := map[string]string{}
	for i := range int(rec.NumRows()) {
		codes[title(i)] = kommune(i)
	}
	for title, want := range map[string]string{"Besøk 1": "3301", "Besøk 2": "3314", "Besøk 3": "3911", "Besøk 4": "1515", "Besøk 5": "1818",
		"Besøk 7": "5622", "Besøk 9": "3303", "Kurs i hele regionen": "", "Besøk": "3301"} {
		if got, ok := codes[title]; !ok || got != want {
			t.Errorf("%s: kommunenr %q (read: %v), want %q", title, got, ok, want)
		}
	}
	if w := byName["aktiviteter-begge.csv"].Warnings; len(w) != 1 || w[0].Cell != "D1" || !strings.Contains(w[0].Reason, "«Kommune»") {
		t.Errorf("beside Kommunenr, Kommune: %+v", w)
	}

	// A project's list of municipalities, by name, number, or both as the
	// template's dropdown writes them.
	p := filepath.Join(t.TempDir(), "prosjekter.csv")
	os.WriteFile(p, []byte("Prosjekt;Periode;Region;Mål;Status;Kommuner\nKRUt;2026-10;BTV;1.1;pågår;\"Drammen; Øvre Eiker, 3303 Kongsberg\"\n"), 0o644)
	pf, err := ExpandInputs([]string{p})
	if err != nil {
		t.Fatal(err)
	}
	pds, err := Ingest(t.Context(), ref, pf, Options{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	defer pds.Release()
	if rec := pds.Table(pipeline.Projects.Name); rec.NumRows() != 1 {
		t.Errorf("the project: %+v", pds.Files[0].Rejected)
	} else if got := rec.Column(rec.Schema().FieldIndices(pipeline.FieldMunicipalities)[0]).ValueStr(0); got != `["3301","3314","3303"]` {
		t.Errorf("the project's municipalities: %s", got)
	}
}

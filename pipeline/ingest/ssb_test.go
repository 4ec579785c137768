package ingest

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"golang.org/x/text/encoding/charmap"

	"kulturrapport/pipeline"
)

// TestJSONStatIsRead: SSB's real JSON-stat file of another table reads
// whole: every value at its coordinates, the status markers kept.
func TestJSONStatIsRead(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "ssb", "ssb-05300-jsonstat2.json"))
	if err != nil {
		t.Fatal(err)
	}
	vals, label, err := readJSONStat(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(vals) != 6*8*1*9 || !strings.HasPrefix(label, "05300") {
		t.Fatalf("%d values (%q), want 432", len(vals), label)
	}
	// The first value: under 1 km, cinema, 1991; the last dimension
	// (Tid) runs fastest.
	if v := vals[0]; v.year != "1991" || v.content != "Avstand" || v.value != "16" {
		t.Errorf("first value %+v", v)
	}
	if v := vals[1]; v.year != "1994" || v.value != "14" {
		t.Errorf("second value %+v", v)
	}
}

// kostraFiles writes one KOSTRA table — the shares of children 6–15 in
// the kulturskole and on its waiting list for Drammen and Kongsberg, with
// rows for the country and a municipality that is no member — as SSB
// delivers it: statistics bank CSV long (Windows-1252) and wide (UTF-8
// with BOM), and JSON-stat.
func kostraFiles(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	long := `"region";"år";"statistikkvariabel";"12221: Kulturskole (K) 2023 - 2024"
"EAK Landet";"2023";"Andel barn 6-15 år i kulturskolen (prosent)";"13,9"
"3301 Drammen";"2023";"Andel barn 6-15 år i kulturskolen (prosent)";"17,4"
"3301 Drammen";"2024";"Andel barn 6-15 år i kulturskolen (prosent)";"17,9"
"K-3303 Kongsberg";"2023";"Andel barn 6-15 år i kulturskolen (prosent)";"21"
"K-3303 Kongsberg";"2024";"Andel barn 6-15 år i kulturskolen (prosent)";".."
"4601 Bergen";"2024";"Andel barn 6-15 år i kulturskolen (prosent)";"12,5"
"3301 Drammen";"2023";"Barn på venteliste per 100 (6-15 år)";"2,1"
"3301 Drammen";"2024";"Barn på venteliste per 100 (6-15 år)";":"
"K-3303 Kongsberg";"2023";"Barn på venteliste per 100 (6-15 år)";"-"
"K-3303 Kongsberg";"2024";"Barn på venteliste per 100 (6-15 år)";"1,2"
`
	enc, _ := charmap.Windows1252.NewEncoder().String(long)
	os.WriteFile(filepath.Join(dir, "kostra-lang.csv"), []byte(enc), 0o644)
	wide := "\xef\xbb\xbf\"region\";\"Andel barn 6-15 år i kulturskolen (prosent) 2023\";\"Andel barn 6-15 år i kulturskolen (prosent) 2024\";\"Barn på venteliste per 100 (6-15 år) 2023\";\"Barn på venteliste per 100 (6-15 år) 2024\"\n" +
		"\"EAK Landet\";\"13,9\";\"14,1\";\"1,8\";\"1,9\"\n" +
		"\"3301 Drammen\";\"17,4\";\"17,9\";\"2,1\";\":\"\n" +
		"\"K-3303 Kongsberg\";\"21\";\"..\";\"-\";\"1,2\"\n" +
		"\"4601 Bergen\";\"12,2\";\"12,5\";\"3\";\"3\"\n"
	os.WriteFile(filepath.Join(dir, "kostra-bred.csv"), []byte(wide), 0o644)
	js := `{"version":"2.0","class":"dataset","label":"12221: Kulturskole (K)","source":"Statistisk sentralbyrå",
"id":["KOKkommuneregion0000","ContentsCode","Tid"],"size":[4,2,2],
"dimension":{"KOKkommuneregion0000":{"label":"region","category":{"index":{"EAK":0,"3301":1,"3303":2,"4601":3},"label":{"EAK":"Landet","3301":"Drammen","3303":"Kongsberg","4601":"Bergen"}}},
"ContentsCode":{"label":"statistikkvariabel","category":{"index":{"KOSmusikkandelba0000":0,"KOSmusikkandelve0000":1}}},
"Tid":{"label":"år","category":{"index":{"2023":0,"2024":1}}}},
"value":[13.9,14.1,1.8,1.9, 17.4,17.9,2.1,null, 21,null,0,1.2, 12.2,12.5,3,3],
"status":{"7":":","9":".."}}`
	os.WriteFile(filepath.Join(dir, "kostra.json"), []byte(js), 0o644)
	return dir
}

// TestSSBFilesAsStatistics: the statistics bank's CSV, long and wide, and
// JSON-stat read into the same statistics rows: a member municipality and
// school year each (KOSTRA 2023 is 2023/2024), SSB's shares kept as
// published, markers missing (never 0, never rejected) and kept in
// ssb_merker beside the value they stand for, «-» zero, the
// country and non-members left out with a note.
func TestSSBFilesAsStatistics(t *testing.T) {
	dir := kostraFiles(t)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	for _, name := range []string{"kostra-lang.csv", "kostra-bred.csv", "kostra.json"} {
		// The CSV files name their variables by label: the test maps the
		// labels as a config would.
		ref := loadRef(t)
		ref.Config.SSB.Contents = map[string]string{
			"KOSmusikkandelba0000": pipeline.FieldShareSSB, "KOSmusikkandelve0000": pipeline.FieldWaitingShareSSB,
			"Andel barn 6-15 år i kulturskolen (prosent)": pipeline.FieldShareSSB,
			"Barn på venteliste per 100 (6-15 år)":        pipeline.FieldWaitingShareSSB,
		}
		files, err := ExpandInputs([]string{filepath.Join(dir, name)})
		if err != nil {
			t.Fatal(err)
		}
		ds, err := Ingest(t.Context(), ref, files, Options{Period: pipeline.MonthFor(2026, 10)}, mem)
		if err != nil {
			t.Fatal(err)
		}
		ds.Localise("nb")
		f := ds.Files[0]
		if f.Status != pipeline.StatusOK || f.RowsRejected != 0 || f.RowsAccepted != 4 || f.Kind != pipeline.Statistics.Name {
			t.Errorf("%s: %s %s, %d accepted, %d rejected %v", name, f.Status, f.Reason, f.RowsAccepted, f.RowsRejected, f.Rejected)
		}
		rec := ds.Table(pipeline.Statistics.Name)
		kommune, year := pipeline.StringColumn(rec, pipeline.FieldKommunenr), pipeline.StringColumn(rec, pipeline.FieldSchoolYear)
		share := rec.Column(rec.Schema().FieldIndices(pipeline.FieldShareSSB)[0]).(*array.Float64)
		wait := rec.Column(rec.Schema().FieldIndices(pipeline.FieldWaitingShareSSB)[0]).(*array.Float64)
		marker := pipeline.StringColumn(rec, pipeline.FieldSSBMarkers)
		got := map[string]string{}
		for i := 0; i < int(rec.NumRows()); i++ {
			v := func(a *array.Float64) string {
				if a.IsNull(i) {
					return "–"
				}
				return strings.Replace(strconv.FormatFloat(a.Value(i), 'f', -1, 64), ".", ",", 1)
			}
			got[kommune(i)+" "+year(i)] = strings.TrimSpace(v(share) + " " + v(wait) + " " + marker(i))
		}
		// Each missing value's marker kept with it.
		want := map[string]string{"3301 2023/2024": "17,4 2,1", "3301 2024/2025": "17,9 – venteliste_andel_ssb=:", "3303 2023/2024": "21 0", "3303 2024/2025": "– 1,2 andel_6_15_ssb=.."}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s: %s is %q, want %q", name, k, got[k], w)
			}
		}
		var notes []string
		for _, w := range f.Warnings {
			notes = append(notes, w.Reason)
		}
		all := strings.Join(notes, "\n")
		for _, w := range []string{"1 verdi er «..» hos SSB (tall ikke tilgjengelig): tom, ikke 0", "1 verdi er «:» hos SSB (skjermet)", "2 regioner i filen er ikke medlemskommuner"} {
			if !strings.Contains(all, w) {
				t.Errorf("%s: no note %q in:\n%s", name, w, all)
			}
		}
		ds.Release()
	}
}

// TestJSONStatErrorInTheReadersLanguage: a file that is not a JSON-stat
// dataset, or whose sizes disagree, is unreadable with a reason wholly in
// the reader's language.
func TestJSONStatErrorInTheReadersLanguage(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "feil.json"), []byte(`{"version":"2.0","class":"dataset","id":["Region","Tid"],"size":[2,1],
"dimension":{"Region":{"category":{"index":{"3301":0}}},"Tid":{"category":{"index":{"2024":0}}}},"value":[1,2]}`), 0o644)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	for lang, want := range map[string]string{
		"nb": "ikke en JSON-stat-fil fra SSB (dimensjonen Region har 1 kategori, men størrelse 2)",
		"en": "not a JSON-stat file from SSB (dimension Region has 1 category but size 2)",
	} {
		ds := ingest(t, mem, dir)
		ds.Localise(lang)
		if f := ds.Files[0]; f.Status != pipeline.StatusUnreadable || !strings.Contains(f.Reason, want) {
			t.Errorf("%s: %s %q, want unreadable with %q", lang, f.Status, f.Reason, want)
		}
		ds.Release()
	}
}

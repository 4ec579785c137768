package main

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2" // DuckDB with its library bundled

	"kulturrapport/reports"
)

// readmeQueries are the statements of the README's DuckDB examples, their
// "out/" turned into out.
func readmeQueries(t *testing.T, out string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)<!-- duckdb-examples[^>]*-->\\s*```sql\\n(.*?)```").FindSubmatch(b)
	if m == nil {
		t.Fatal("the README has no DuckDB examples")
	}
	var qs []string
	for _, q := range strings.Split(string(m[1]), ";") {
		var lines []string
		for _, l := range strings.Split(q, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "--") {
				lines = append(lines, l)
			}
		}
		if q := strings.TrimSpace(strings.Join(lines, "\n")); q != "" {
			qs = append(qs, strings.ReplaceAll(q, "'out/", "'"+out+"/"))
		}
	}
	return qs
}

// query runs q and returns its rows as strings.
func query(t *testing.T, db *sql.DB, q string) [][]string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s\n%v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDatasetInDuckDB: after runs for two periods into one OUT, DuckDB
// reads OUT/data as one dataset: each accepted row once with its month, a
// month's filter reads one partition, the dimensions join, and the
// indicator results hold both periods. The README's examples run as
// written.
func TestDatasetInDuckDB(t *testing.T) {
	out := t.TempDir()
	for _, p := range []string{"2026-10", "2026-09", "2026-10"} { // an earlier period after, and one again
		if code, _, stderr := kr(t, "run", "--quiet", "--period", p, "--out", out, sample); code != exitOK {
			t.Fatalf("run %s: exit %d: %s", p, code, stderr)
		}
	}
	var run struct {
		Files []struct {
			Kind, Status string
			RowsAccepted int `json:"rows_accepted"`
		}
		Dataset reports.DatasetRef
	}
	b, err := os.ReadFile(filepath.Join(out, "2026-10", "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &run); err != nil {
		t.Fatal(err)
	}
	accepted := 0
	for _, f := range run.Files {
		if f.Kind == "aktiviteter" && f.Status == "ok" {
			accepted += f.RowsAccepted
		}
	}
	if run.Dataset.Path != "../data" || run.Dataset.SchemaVersion != reports.SchemaVersion {
		t.Errorf("run.json's dataset: %+v", run.Dataset)
	}
	if _, err := os.Stat(filepath.Join(out, "2026-10", "data")); !os.IsNotExist(err) {
		t.Error("the period's folder still holds a copy of the data")
	}

	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	data := filepath.Join(out, "data")
	akt := "read_parquet('" + data + "/aktiviteter/*/*.parquet', hive_partitioning = true)"

	got := query(t, db, "SELECT count(*), count(DISTINCT (kilde_fil, kilde_ark, kilde_rad)), count(*) FILTER (WHERE periode <> strftime(dato, '%Y-%m')) FROM "+akt)[0]
	if want := []string{itoa(accepted), itoa(accepted), "0"}; !slices.Equal(got, want) {
		t.Errorf("activities: rows, distinct rows, rows outside their month's partition = %v, want %v", got, want)
	}
	plan := query(t, db, "EXPLAIN ANALYZE SELECT count(*) FROM "+akt+" WHERE periode = '2026-10'")
	if s := strings.Join(plan[0], "\n"); !strings.Contains(s, "Total Files Read: 1") {
		t.Errorf("a filter on one period read more than its partition:\n%s", s)
	}
	joined := query(t, db, `SELECT count(*), count(k.kommunenr), count(m.kode) FROM (SELECT unnest(maal) AS maal_kode, kommunenr FROM `+akt+`) a
		LEFT JOIN '`+data+`/kommuner.parquet' k ON k.kommunenr = a.kommunenr
		LEFT JOIN '`+data+`/maal.parquet' m ON m.kode = a.maal_kode WHERE a.kommunenr IS NOT NULL`)[0]
	if joined[0] == "0" || joined[0] != joined[1] || joined[0] != joined[2] {
		t.Errorf("activities joined to kommuner and maal: rows, municipalities found, goals found = %v", joined)
	}
	periods := query(t, db, "SELECT DISTINCT periode FROM read_parquet('"+data+"/indikatorer/*/*.parquet', hive_partitioning = true) ORDER BY 1")
	if len(periods) != 2 || periods[0][0] != "2026-09" || periods[1][0] != "2026-10" {
		t.Errorf("indikatorer holds the periods %v, want 2026-09 and 2026-10", periods)
	}
	// A key text column has min/max statistics for an engine to skip by.
	stats := query(t, db, "SELECT stats_min_value, stats_max_value FROM parquet_metadata('"+data+"/aktiviteter/periode=2026-10/part-0.parquet') WHERE path_in_schema = 'region'")
	if len(stats) == 0 || stats[0][0] == "" {
		t.Errorf("no statistics on region: %v", stats)
	}
	for _, q := range readmeQueries(t, out) {
		if rows := query(t, db, q); len(rows) == 0 {
			t.Errorf("the README's query returns nothing:\n%s", q)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

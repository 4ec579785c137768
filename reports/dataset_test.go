package reports

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var updateSchema = flag.Bool("update-schema", false, "write the golden schema of the current SchemaVersion")

// TestDatasetSchemaIsStable: the dataset's tables are what their
// version's golden file says (testdata/golden/dataset-schema-vN.txt). A
// column added, removed, renamed or retyped fails this test until
// SchemaVersion is bumped and the new version's file written
// (go test ./reports -run DatasetSchema -update-schema): readers of the
// dataset can trust a version.
func TestDatasetSchemaIsStable(t *testing.T) {
	var b strings.Builder
	fmt.Fprintf(&b, "# The dataset's tables, schema version %d (reports.SchemaVersion).\n", SchemaVersion)
	schemas := datasetSchemas()
	for _, name := range slices.Sorted(maps.Keys(schemas)) {
		fmt.Fprintf(&b, "\n%s", name)
		if classOf(name) != dimensionTable {
			fmt.Fprintf(&b, " (partitioned by %s)", partitionKey)
		}
		b.WriteString("\n")
		for _, f := range schemas[name].Fields() {
			null := ""
			if f.Nullable {
				null = " null"
			}
			fmt.Fprintf(&b, "  %s %s%s\n", f.Name, f.Type, null)
			if fieldWords[f.Name][0] == "" || fieldWords[f.Name][1] == "" {
				t.Errorf("%s.%s has no description in fieldWords", name, f.Name)
			}
		}
		if tableWords[name][0] == "" {
			t.Errorf("%s has no description in tableWords", name)
		}
	}
	path := filepath.Join("..", "testdata", "golden", fmt.Sprintf("dataset-schema-v%d.txt", SchemaVersion))
	if *updateSchema {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no golden schema for version %d: write it with -update-schema (%v)", SchemaVersion, err)
	}
	if string(want) != b.String() {
		t.Errorf("the dataset's schema changed without a new SchemaVersion: bump it (now %d) and write the new version's golden file with -update-schema\ngot:\n%s", SchemaVersion, b.String())
	}
}

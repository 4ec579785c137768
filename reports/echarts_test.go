package reports

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestEChartsIsThePinnedPackage: the chart library committed in
// reports/assets (so that go build needs no npm) is the file of the
// package that package-lock.json pins, as npm ci installed it (npm checks
// the package against the lock file's integrity hash). make test runs npm
// ci first; elsewhere the test is skipped, in CI it fails.
func TestEChartsIsThePinnedPackage(t *testing.T) {
	var lock struct {
		Packages map[string]struct{ Version, Integrity string } `json:"packages"`
	}
	b, err := os.ReadFile(filepath.Join("..", "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &lock); err != nil {
		t.Fatal(err)
	}
	pinned := lock.Packages["node_modules/echarts"]
	if pinned.Version == "" || pinned.Integrity == "" {
		t.Fatal("package-lock.json pins no echarts with an integrity hash")
	}
	pkg, err := os.ReadFile(filepath.Join("..", "node_modules", "echarts", "package.json"))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("npm ci has not installed echarts: %v", err)
		}
		t.Skip("echarts not installed (make test runs npm ci):", err)
	}
	var installed struct{ Version string }
	if err := json.Unmarshal(pkg, &installed); err != nil {
		t.Fatal(err)
	}
	if installed.Version != pinned.Version {
		t.Fatalf("node_modules has echarts %s, package-lock.json pins %s: run npm ci", installed.Version, pinned.Version)
	}
	want, err := os.ReadFile(filepath.Join("..", "node_modules", "echarts", "dist", "echarts.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal([]byte(echartsJS), want) {
		t.Errorf("reports/assets/echarts.min.js is not echarts %s's dist/echarts.min.js: run make echarts", pinned.Version)
	}
}

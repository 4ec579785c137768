package reports

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// TestMarshalIndentedIsEncodingJSONs: the same bytes as json.Encoder with
// SetIndent, for the golden run.json files and for random values with
// every kind of JSON value, empty containers and strings full of
// punctuation and escapes.
func TestMarshalIndentedIsEncodingJSONs(t *testing.T) {
	want := func(v any) []byte {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	check := func(name string, v any) {
		t.Helper()
		got, err := marshalIndented(v)
		if err != nil {
			t.Fatal(err)
		}
		if w := want(v); !bytes.Equal(got, w) {
			t.Errorf("%s: marshalIndented differs from encoding/json:\n%s\nwant\n%s", name, got, w)
		}
	}
	goldens, _ := filepath.Glob(filepath.Join("..", "testdata", "golden", "*", "run.json"))
	if len(goldens) == 0 {
		t.Fatal("no golden run.json files found")
	}
	for _, path := range goldens {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		check(path, v)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	strs := []string{"", `"`, `\`, `{"a":[1,2]}`, "a,b:c", "<&>", "æøå", "\n\t\x01", "\u2028", `\"]}`}
	var gen func(depth int) any
	gen = func(depth int) any {
		switch k := rng.IntN(7); {
		case depth > 4 || k == 0:
			return strs[rng.IntN(len(strs))]
		case k == 1:
			return rng.Float64() * 1e6
		case k == 2:
			return rng.IntN(2) == 0
		case k == 3:
			return nil
		case k == 4:
			a := make([]any, rng.IntN(4))
			for i := range a {
				a[i] = gen(depth + 1)
			}
			return a
		default:
			m := map[string]any{}
			for range rng.IntN(4) {
				m[strs[rng.IntN(len(strs))]] = gen(depth + 1)
			}
			return m
		}
	}
	for range 2000 {
		check("random value", gen(0))
	}
}

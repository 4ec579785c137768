package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestSampleIsCurrent: the committed sample (testdata/sample) is what
// gensample makes today, byte for byte: a change to a kind's template or
// to the generator that is not followed by `make sample` fails here, not
// in a user's hands (the comments template's new column once left the
// sample's comments file behind).
func TestSampleIsCurrent(t *testing.T) {
	out := t.TempDir()
	if err := run(out, 2020); err != nil {
		t.Fatal(err)
	}
	committed := filepath.Join("..", "..", "testdata", "sample")
	made, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadDir(committed)
	if err != nil {
		t.Fatal(err)
	}
	if len(made) != len(have) {
		t.Errorf("gensample makes %d files, testdata/sample has %d: run make sample", len(made), len(have))
	}
	for _, e := range made {
		a, err := os.ReadFile(filepath.Join(out, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(committed, e.Name()))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("testdata/sample/%s is not what gensample makes (%v): run make sample", e.Name(), err)
		}
	}
}

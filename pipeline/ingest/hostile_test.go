package ingest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"kulturrapport/pipeline"
	"kulturrapport/pipeline/hostile"
	"kulturrapport/pipeline/ingest/internal/book"
)

// TestHostileInputs reads each hostile input alone and checks what the
// run makes of it: its status, its reason, and every row of a readable
// one. None may hang (the test's own timeout is the guard), and none may
// keep a part of its rows while it is called unreadable.
func TestHostileInputs(t *testing.T) {
	for _, c := range hostile.Applicable() {
		t.Run(c.Name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, c.Name)
			if err := c.Make(path); err != nil {
				t.Fatal(err)
			}
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			ds := ingest(t, mem, path)
			defer ds.Release()
			if len(ds.Files) != 1 {
				t.Fatalf("files: got %d, want 1", len(ds.Files))
			}
			f := ds.Files[0]
			if f.Status != c.Status || !strings.Contains(f.Reason, c.Reason) {
				t.Errorf("got %s %q, want %s with %q", f.Status, f.Reason, c.Status, c.Reason)
			}
			if f.RowsRead != f.RowsAccepted+f.RowsRejected {
				t.Errorf("rows read %d ≠ accepted %d + rejected %d", f.RowsRead, f.RowsAccepted, f.RowsRejected)
			}
			rows := int(ds.Table(pipeline.Activities.Name).NumRows())
			switch c.Status {
			case pipeline.StatusOK:
				if f.RowsRead != c.Rows || f.RowsAccepted != c.Rows || rows != c.Rows {
					t.Errorf("rows: read %d, accepted %d, in the table %d; want %d each (rejected: %v)", f.RowsRead, f.RowsAccepted, rows, c.Rows, f.Rejected)
				}
			default:
				if f.RowsRead != 0 || rows != 0 || len(f.Rejected) != 0 {
					t.Errorf("a file not read keeps %d rows read, %d in the table, %d rejections", f.RowsRead, rows, len(f.Rejected))
				}
			}
		})
	}
}

// TestCancelInsideFile: a run cancelled while a file is read stops in
// that file, not after it.
func TestCancelInsideFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "lang.csv")
	var b strings.Builder
	b.WriteString("Dato;Region;Kommunenr;Mål;Aktivitetstype;Tittel\n")
	for i := 0; i < 200_000; i++ {
		b.WriteString("03.03.2026;BTV;3301;3.1;kommunebesøk;Besøk " + strings.Repeat("x", i%7) + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var seen int
	rep := &pipeline.FileReport{Path: path}
	in, err := book.ReadInput(path, Limits{}.WithDefaults(), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	tb := builderOf[pipeline.Activities.Name](loadRef(t), Options{Period: pipeline.MonthFor(2026, 10)}, memory.DefaultAllocator)
	defer tb.release()
	counting := &countingBuilder{tableBuilder: tb, n: &seen, at: 10_000, cancel: cancel}
	err = readFile(ctx, in, rep, func(*pipeline.Kind) tableBuilder { return counting }, Options{HeaderSearchRows: 20, Limits: Limits{}.WithDefaults()})
	if err != context.Canceled {
		t.Fatalf("readFile: got %v, want context.Canceled", err)
	}
	if seen >= 200_000 {
		t.Errorf("read all %d rows after the cancel", seen)
	}
}

// countingBuilder counts the rows added, and cancels after at of them.
type countingBuilder struct {
	tableBuilder
	n      *int
	at     int
	cancel func()
}

func (c *countingBuilder) add(r *rowCtx) (rejects, warnings []pipeline.Problem) {
	if *c.n++; *c.n == c.at {
		c.cancel()
	}
	return nil, nil
}

// TestManyRejectionsAreLogged: past MaxListed, a file's rejections are
// counted and logged, not listed; every one is still given by
// EachRejected and the rejected table, with its cell and value.
func TestManyRejectionsAreLogged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mange-feil.csv")
	var b strings.Builder
	b.WriteString("Dato;Region;Kommunenr;Mål;Aktivitetstype;Tittel\n")
	const n = pipeline.MaxListed + 500
	for i := 0; i < n; i++ {
		b.WriteString("31.02.2026;BTV;3301;3.1;kommunebesøk;Besøk " + strconv.Itoa(i) + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	ds := ingest(t, mem, path)
	defer ds.Release()
	f := ds.Files[0]
	if f.RowsRejected != n || len(f.Rejected) != pipeline.MaxListed || f.RejectedUnlisted != n-pipeline.MaxListed || f.RejectedCount() != n {
		t.Fatalf("rejected %d rows, listed %d, unlisted %d; want %d, %d, %d", f.RowsRejected, len(f.Rejected), f.RejectedUnlisted, n, pipeline.MaxListed, n-pipeline.MaxListed)
	}
	i := 0
	f.EachRejected(func(p *pipeline.Problem) {
		if want := "A" + strconv.Itoa(i+2); p.Cell != want || p.Value != "31.02.2026" || p.Reason != "datoen finnes ikke: den måneden har 28 dager" || p.Column != "Dato" {
			t.Fatalf("rejection %d: %+v, want cell %s", i, *p, want)
		}
		i++
	})
	rec := pipeline.RejectedTable(ds, mem)
	defer rec.Release()
	if i != n || rec.NumRows() != n {
		t.Errorf("EachRejected gave %d, the table holds %d; want %d", i, rec.NumRows(), n)
	}
}

// TestCrossNearDuplicates: the one-pass search of exact and near
// duplicates finds exactly the exact duplicates crossDuplicates finds (the
// same first rows), and as near hits every other row whose looser key an
// earlier row has, pointing at that key's first row.
func TestCrossNearDuplicates(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for round := 0; round < 50; round++ {
		files := 1 + rng.IntN(5)
		full, near := make([][]uint64, files), make([][]uint64, files)
		for f := range files {
			seenInFile := map[uint64]bool{}
			for range rng.IntN(200) {
				// Few looser keys, each with a few full identities; the
				// top bits spread them over the partitions.
				k := uint64(rng.IntN(40))
				nh := k*0x9E3779B97F4A7C15 | 1
				fh := (k*8+uint64(rng.IntN(3)))*0xBF58476D1CE4E5B9 | 1
				if seenInFile[fh] {
					continue // a file's own duplicates were rejected as it was read
				}
				seenInFile[fh] = true
				full[f], near[f] = append(full[f], fh), append(near[f], nh)
			}
		}
		wantExact := crossDuplicates(context.Background(), full, 2)
		exact, nearHits := crossNearDuplicates(context.Background(), full, near, 2)
		for f := range files {
			if fmt.Sprint(exact[f]) != fmt.Sprint(wantExact[f]) {
				t.Fatalf("round %d file %d: exact %v, want %v", round, f, exact[f], wantExact[f])
			}
			firstOfKey := map[uint64][2]int{}
			isExact := map[int32]bool{}
			for _, h := range exact[f] {
				isExact[h.i] = true
			}
			for g := 0; g <= f; g++ {
				for i, h := range near[g] {
					if _, ok := firstOfKey[h]; !ok {
						firstOfKey[h] = [2]int{g, i}
					}
				}
			}
			var want []dupHit
			for i, h := range near[f] {
				first := firstOfKey[h]
				if (first != [2]int{f, i}) && !isExact[int32(i)] {
					want = append(want, dupHit{int32(i), int32(first[0]), int32(first[1])})
				}
			}
			if fmt.Sprint(nearHits[f]) != fmt.Sprint(want) {
				t.Fatalf("round %d file %d: near %v, want %v", round, f, nearHits[f], want)
			}
		}
	}
}

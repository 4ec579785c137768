package ingest

import (
	"runtime"
	"strings"
	"testing"
	"weak"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestConcatLetsPartsGo: once a column is joined, its parts' memory can be
// collected, though the caller still holds the list of parts — else a
// national run holds every file's columns and the joined table at once,
// its peak of memory (a third more on a corpus of free-text columns).
func TestConcatLetsPartsGo(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "tittel", Type: arrow.BinaryTypes.String},
		{Name: "deltakere", Type: arrow.PrimitiveTypes.Int64},
	}, nil)
	const files, rows = 8, 2000
	var parts [][]arrow.Array
	var values []weak.Pointer[byte] // the first byte of each part's values
	for f := range files {
		b := array.NewRecordBuilder(mem, schema)
		for r := range rows {
			b.Field(0).(*array.StringBuilder).Append(strings.Repeat("x", 1+(f+r)%20))
			b.Field(1).(*array.Int64Builder).Append(int64(r))
		}
		rec := b.NewRecordBatch()
		b.Release()
		for _, col := range rec.Columns() {
			bufs := col.Data().Buffers()
			values = append(values, weak.Make(&bufs[len(bufs)-1].Bytes()[0]))
		}
		parts = append(parts, keptSlices(rec, nil)...)
		rec.Release()
	}

	joined := concatRecords(schema, parts, mem)
	defer joined.Release()
	if joined.NumRows() != files*rows {
		t.Fatalf("joined %d rows, want %d", joined.NumRows(), files*rows)
	}
	runtime.GC()
	for i, v := range values {
		if v.Value() != nil {
			t.Errorf("part %d, column %d: still in memory after the join", i/2, i%2)
		}
	}
	runtime.KeepAlive(parts)
}

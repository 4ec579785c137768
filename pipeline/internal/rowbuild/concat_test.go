package rowbuild

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestConcatDict: dictionary columns joined by concatDict equal arrow's
// Concatenate of the same parts — the same dictionary in the same order,
// the same codes, nulls coded 0 — for parts with and without nulls, slices
// of one array sharing its dictionary, and dictionaries that overlap;
// other columns are left to arrow.
func TestConcatDict(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	r := rand.New(rand.NewPCG(3, 4))
	var parts []arrow.Array
	for f := range 12 {
		b := array.NewDictionaryBuilder(mem, &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}).(*array.BinaryDictionaryBuilder)
		n := 1 + r.IntN(300)
		for range n {
			if f%3 == 1 && r.IntN(4) == 0 {
				b.AppendNull()
				continue
			}
			_ = b.AppendString(fmt.Sprintf("v%d", r.IntN(10+f*7)))
		}
		arr := b.NewArray()
		b.Release()
		// Every third file in slices, as the merge cuts out duplicates.
		if f%3 == 2 && n > 10 {
			parts = append(parts, array.NewSlice(arr, 0, int64(n/3)), array.NewSlice(arr, int64(n/2), int64(n)))
			arr.Release()
			continue
		}
		parts = append(parts, arr)
	}
	defer func() {
		for _, p := range parts {
			p.Release()
		}
	}()

	got, ok := concatDict(parts, mem)
	if !ok {
		t.Fatal("concatDict declined dictionary text columns")
	}
	defer got.Release()
	want, err := array.Concatenate(parts, mem)
	if err != nil {
		t.Fatal(err)
	}
	defer want.Release()
	if !array.Equal(got, want) {
		t.Fatalf("concatDict and arrow's Concatenate differ:\n got %v\nwant %v", got, want)
	}
	gd, wd := got.(*array.Dictionary), want.(*array.Dictionary)
	if !array.Equal(gd.Dictionary(), wd.Dictionary()) {
		t.Errorf("dictionaries differ:\n got %v\nwant %v", gd.Dictionary(), wd.Dictionary())
	}
	// The codes as stored, null rows' too (array.Equal skips those).
	if g, w := gd.Indices().(*array.Int32).Int32Values(), wd.Indices().(*array.Int32).Int32Values(); !slices.Equal(g, w) || gd.NullN() != wd.NullN() {
		t.Errorf("codes differ:\n got %v\nwant %v", g, w)
	}

	// Not dictionary-coded text: arrow joins it.
	ib := array.NewInt32Builder(mem)
	ib.AppendValues([]int32{1, 2, 3}, nil)
	ints := ib.NewArray()
	ib.Release()
	defer ints.Release()
	if _, ok := concatDict([]arrow.Array{ints, ints}, mem); ok {
		t.Error("concatDict joined an int32 column")
	}
	joined, err := Concat([]arrow.Array{ints, ints}, mem)
	if err != nil {
		t.Fatal(err)
	}
	if joined.Len() != 6 {
		t.Errorf("Concat of two int32 parts: %d rows", joined.Len())
	}
	joined.Release()
}

package rowbuild

import (
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestRowBuilder builds a table of every column type the kinds use, with
// nulls, twice over one pooled builder: the second table holds only its own
// rows, every buffer is the size of its data, and nothing leaks.
func TestRowBuilder(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "d", Type: arrow.FixedWidthTypes.Date32},
		{Name: "i", Type: arrow.PrimitiveTypes.Int32},
		{Name: "n", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "f", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "k", Type: &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}, Nullable: true},
		{Name: "l", Type: arrow.ListOf(arrow.BinaryTypes.String)},
	}, nil)
	want := []string{
		`[2022-01-08 1 10 0.5 "a" "x" ["g1","g2"]]`,
		`[2022-01-09 2 (null) (null) (null) (null) []]`,
		`[2022-01-10 3 30 2.5 "ccc" "x" ["g3"]]`,
	}
	for round := 0; round < 2; round++ {
		b := New(mem, schema)
		rows := 3 - round // the second table is shorter: no row of the first may show
		for r := 0; r < rows; r++ {
			b.Date(0, arrow.Date32(19000+r))
			b.Int32(1, int32(r+1))
			null := r == 1
			b.OptInt(2, int64(10*(r+1)), !null)
			b.OptFloat(3, float64(r)+0.5, !null)
			s, k := []string{"a", "", "ccc"}[r], []string{"x", "", "x"}[r]
			b.OptStr(4, s)
			b.OptStr(5, k)
			b.Strs(6, [][]string{{"g1", "g2"}, nil, {"g3"}}[r])
		}
		rec := b.NewRecord()
		b.Release()
		if rec.NumRows() != int64(rows) {
			t.Fatalf("round %d: %d rows, want %d", round, rec.NumRows(), rows)
		}
		for r := 0; r < rows; r++ {
			var got []string
			for c := 0; c < int(rec.NumCols()); c++ {
				v := rec.Column(c).ValueStr(r)
				if rec.Column(c).IsNull(r) {
					v = "(null)"
				} else if c == 4 || c == 5 {
					v = `"` + v + `"`
				}
				got = append(got, v)
			}
			if g := "[" + strings.Join(got, " ") + "]"; g != want[r] {
				t.Errorf("round %d row %d: %s, want %s", round, r, g, want[r])
			}
		}
		if got := cap(rec.Column(2).Data().Buffers()[1].Buf()); got > 64*((rows*8+63)/64) {
			t.Errorf("round %d: int64 values buffer has capacity %d for %d values", round, got, rows)
		}
		rec.Release()
	}
}

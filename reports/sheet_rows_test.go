package reports

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/xuri/excelize/v2"

	"kulturrapport/pipeline"
	"kulturrapport/reports/internal/xlsxw"
)

// unzipParts reads every part of a workbook.
func unzipParts(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return parts
}

// sameParts fails unless the two workbooks hold the same parts, byte for
// byte, and says where the first difference is.
func sameParts(t *testing.T, got, want []byte) {
	t.Helper()
	g, w := unzipParts(t, got), unzipParts(t, want)
	if len(g) != len(w) {
		t.Errorf("%d parts, want %d", len(g), len(w))
	}
	for name, wb := range w {
		gb, ok := g[name]
		if !ok {
			t.Errorf("%s missing", name)
			continue
		}
		if !bytes.Equal(gb, wb) {
			i := 0
			for i < len(gb) && i < len(wb) && gb[i] == wb[i] {
				i++
			}
			t.Errorf("%s differs at byte %d:\n got %q\nwant %q", name, i, excerpt(gb, i), excerpt(wb, i))
		}
	}
}

func excerpt(b []byte, i int) string {
	lo, hi := max(0, i-80), min(len(b), i+80)
	return string(b[lo:hi])
}

// TestDataRowsAsExcelize: the workbook with the Data sheets' rows written
// by xlsxw.DataRows is the workbook excelize's StreamWriter writes, part for
// part and byte for byte — for the sample, for hostile input, and for a
// table of every column type with the values that excelize treats
// specially.
func TestDataRowsAsExcelize(t *testing.T) {
	t.Run("sample", func(t *testing.T) {
		res, _ := sampleResult(t)
		sameWorkbooks(t, res)
	})
	t.Run("hostile", func(t *testing.T) {
		sameWorkbooks(t, hostileResult(t))
	})
	t.Run("values", func(t *testing.T) {
		rec := oddValues(t)
		defer rec.Release()
		rows := make([]int, rec.NumRows())
		for i := range rows {
			rows[i] = i
		}
		var got, want bytes.Buffer
		for _, c := range []struct {
			buf          *bytes.Buffer
			excelizeRows bool
		}{{&got, false}, {&want, true}} {
			f := excelize.NewFile()
			x := &xlsx{f: f, lang: "nb", excelizeRows: c.excelizeRows, rows: map[string]xlsxw.RowSource{}}
			f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
				z := xlsxw.NewZip(w)
				z.Rows = x.rows
				return z
			})
			x.styles()
			x.dataSheet("Data test", "Data_test", rec, rows)
			if x.err != nil {
				t.Fatal(x.err)
			}
			if _, err := f.WriteTo(c.buf); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
		sameParts(t, got.Bytes(), want.Bytes())
		// And the values read back as written.
		f, err := excelize.OpenReader(&got)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		back, err := f.GetRows("Data test")
		if err != nil {
			t.Fatal(err)
		}
		if len(back) != int(rec.NumRows())+1 {
			t.Fatalf("%d rows read back, want %d", len(back), rec.NumRows()+1)
		}
	})
}

func sameWorkbooks(t *testing.T, res *pipeline.Result) {
	t.Helper()
	var got, want bytes.Buffer
	if err := writeExcel(&got, res, false); err != nil {
		t.Fatal(err)
	}
	if err := writeExcel(&want, res, true); err != nil {
		t.Fatal(err)
	}
	sameParts(t, got.Bytes(), want.Bytes())
}

// oddValues is a table of every column type the Data sheets hold, with
// nulls, and texts, numbers and dates at excelize's edges.
func oddValues(t *testing.T) arrow.RecordBatch {
	t.Helper()
	texts := []string{
		"", "plain", " leading", "trailing ", "\ttab", "line\nbreak", "cr\r\nlf", "end\r",
		`<&>"'`, "&amp;", "_x000D_", "a_x000Db_", "_x005F_x000D_", "_x005F_", "_x005F_xZZZZ_", "_xZZZZ_", "x_x", "_x",
		"æøå ÆØÅ", "Tromsø – Romsa", "🎻🎺", "bad \xff\xfe utf8", "ctl \x01\x1f\x7f", "\ufffe\uffff", "\ud7ff\ue000",
		"=SUM(1+1)", "+1", "-2", "@A1", "1.5", "00123",
		strings.Repeat("a", 40000), strings.Repeat("ø", 20000), strings.Repeat("🎻", 17000),
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("ab_xX0D5F&<>\"' \t\n\røé🎻\x01\ufffd")
	for range 300 {
		n := r.IntN(12)
		s := make([]rune, n)
		for i := range s {
			s[i] = alphabet[r.IntN(len(alphabet))]
		}
		texts = append(texts, string(s))
	}
	dateOf := func(y int, m time.Month, d int) arrow.Date32 {
		return arrow.Date32FromTime(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
	}
	dates := []arrow.Date32{dateOf(1800, 1, 1), dateOf(1899, 12, 30), dateOf(1899, 12, 31), dateOf(1900, 1, 1),
		dateOf(1900, 2, 28), dateOf(1900, 3, 1), dateOf(1970, 1, 1), dateOf(2026, 10, 31), dateOf(9999, 12, 31)}
	floats := []float64{0, math.Copysign(0, -1), 0.1 + 0.2, 1.5, -2.25, 1e20, 1e-20, 123456789012345678, 1.0 / 3,
		math.MaxFloat64, math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1), math.Inf(-1)}

	schema := arrow.NewSchema([]arrow.Field{
		{Name: "tekst", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "kode", Type: &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}, Nullable: true},
		{Name: "dato", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
		{Name: "antall", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "rad", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
		{Name: "beløp", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "mål", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
		{Name: "ja", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for i, s := range texts {
		null := i%7 == 3
		add := func(fb array.Builder, add func()) {
			if null {
				fb.AppendNull()
			} else {
				add()
			}
		}
		add(b.Field(0), func() { b.Field(0).(*array.StringBuilder).Append(s) })
		add(b.Field(1), func() { _ = b.Field(1).(*array.BinaryDictionaryBuilder).AppendString(texts[(i*5)%len(texts)]) })
		add(b.Field(2), func() { b.Field(2).(*array.Date32Builder).Append(dates[i%len(dates)]) })
		add(b.Field(3), func() { b.Field(3).(*array.Int64Builder).Append(int64(i*i*1000003) - 5000) })
		add(b.Field(4), func() { b.Field(4).(*array.Int32Builder).Append(int32(-i)) })
		add(b.Field(5), func() { b.Field(5).(*array.Float64Builder).Append(floats[i%len(floats)]) })
		add(b.Field(6), func() {
			lb := b.Field(6).(*array.ListBuilder)
			lb.Append(true)
			for j := range i % 3 {
				lb.ValueBuilder().(*array.StringBuilder).Append(texts[(i+j)%len(texts)])
			}
		})
		add(b.Field(7), func() { b.Field(7).(*array.BooleanBuilder).Append(i%2 == 0) })
	}
	return b.NewRecordBatch()
}

// TestPeriodRows: the rows of the period, found by the period's dictionary
// code, are the rows whose period reads as the period, nulls and other
// months left out.
func TestPeriodRows(t *testing.T) {
	schema := arrow.NewSchema([]arrow.Field{{Name: pipeline.FieldPeriod, Type: &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}, Nullable: true}}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	db := b.Field(0).(*array.BinaryDictionaryBuilder)
	var want []int
	for i, p := range []string{"2026-09", "2026-10", "", "2026-10", "2026-11", "2026-10", ""} {
		if p == "" {
			db.AppendNull()
			continue
		}
		_ = db.AppendString(p)
		if p == "2026-10" {
			want = append(want, i)
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	if got := periodRows(rec, "2026-10"); !slices.Equal(got, want) {
		t.Errorf("periodRows = %v, want %v", got, want)
	}
	if got := periodRows(rec, "2025-01"); len(got) != 0 {
		t.Errorf("a month without rows: %v", got)
	}
	if got, want := periodRows(rec, "2026-10"), rowsWhere(rec.Column(0), "2026-10"); !slices.Equal(got, want) {
		t.Errorf("by code %v, by text %v", got, want)
	}
}

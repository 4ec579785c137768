package rowbuild

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Concat joins the parts of one column. Dictionary text columns are
// joined by concatDict; the rest by arrow.
func Concat(parts []arrow.Array, mem memory.Allocator) (arrow.Array, error) {
	if joined, ok := concatDict(parts, mem); ok {
		return joined, nil
	}
	return array.Concatenate(parts, mem)
}

// concatDict joins dictionary-coded text columns as arrow's Concatenate
// does — one dictionary of the values in the order first seen, part by
// part, and each part's codes translated into it, null rows coded 0 — in
// a loop over the codes: arrow's translates a run of valid rows at a time,
// with allocations for each, and a file's columns are cut into many runs
// by their nulls. The slices of one file share a dictionary, translated
// once. ok is false for a column it does not join (not dictionary-coded
// text with int32 codes, or a dictionary holding nulls).
func concatDict(parts []arrow.Array, mem memory.Allocator) (_ arrow.Array, ok bool) {
	if len(parts) == 0 {
		return nil, false
	}
	typ, isDict := parts[0].DataType().(*arrow.DictionaryType)
	if !isDict || typ.IndexType.ID() != arrow.INT32 || typ.ValueType.ID() != arrow.STRING {
		return nil, false
	}
	n := 0
	dicts := make([]*array.String, len(parts))
	for i, p := range parts {
		d, isDict := p.(*array.Dictionary)
		if !isDict {
			return nil, false
		}
		s, isString := d.Dictionary().(*array.String)
		if !isString || s.NullN() > 0 {
			return nil, false
		}
		dicts[i] = s
		n += p.Len()
	}

	codes := map[string]int32{}
	vb := array.NewStringBuilder(mem)
	defer vb.Release()
	translations := map[arrow.ArrayData][]int32{}
	idx := memory.NewResizableBuffer(mem)
	idx.Resize(arrow.Int32Traits.BytesRequired(n))
	out := arrow.Int32Traits.CastFromBytes(idx.Bytes())
	var valid *memory.Buffer
	nulls := 0
	pos := 0
	for i, p := range parts {
		d := p.(*array.Dictionary)
		tr, seen := translations[d.Data().Dictionary()]
		if !seen {
			dict := dicts[i]
			tr = make([]int32, dict.Len())
			for j := range tr {
				v := dict.Value(j)
				c, known := codes[v]
				if !known {
					c = int32(len(codes))
					codes[v] = c
					vb.Append(v)
				}
				tr[j] = c
			}
			translations[d.Data().Dictionary()] = tr
		}
		in := d.Indices().(*array.Int32).Int32Values()
		dst := out[pos : pos+len(in)]
		if d.NullN() == 0 {
			for k, c := range in {
				dst[k] = tr[c]
			}
		} else {
			if valid == nil {
				valid = memory.NewResizableBuffer(mem)
				valid.Resize(int(bitutil.BytesForBits(int64(n))))
				bitutil.SetBitsTo(valid.Bytes(), 0, int64(n), true)
			}
			for k, c := range in {
				if d.IsValid(k) {
					dst[k] = tr[c]
				} else {
					dst[k] = 0
					bitutil.ClearBit(valid.Bytes(), pos+k)
				}
			}
			nulls += d.NullN()
		}
		pos += len(in)
	}
	if nulls == 0 && valid != nil {
		valid.Release()
		valid = nil
	}
	indices := array.NewData(typ.IndexType, n, []*memory.Buffer{valid, idx}, nil, nulls, 0)
	idx.Release()
	if valid != nil {
		valid.Release()
	}
	defer indices.Release()
	dict := vb.NewStringArray()
	defer dict.Release()
	data := array.NewDataWithDictionary(typ, n, indices.Buffers(), nulls, 0, dict.Data().(*array.Data))
	defer data.Release()
	return array.MakeFromData(data), true
}

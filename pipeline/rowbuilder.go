package pipeline

import (
	"fmt"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// rowBuilder builds a normalised table row by row. Its dictionary columns
// are coded here, in a Go map behind a one-value memory (a column mostly
// repeats the value of the row before), and made into arrow dictionary
// arrays when the table is made: arrow's dictionary builder looks each
// value up in a memo table of its own, several times the cost, and sets up
// that table for every file.
type rowBuilder struct {
	schema *arrow.Schema
	mem    memory.Allocator
	fields []array.Builder // nil for the dictionary fields
	dicts  []*dictColumn   // nil for the other fields
}

func newRowBuilder(mem memory.Allocator, schema *arrow.Schema) *rowBuilder {
	n := len(schema.Fields())
	b := &rowBuilder{schema: schema, mem: mem, fields: make([]array.Builder, n), dicts: make([]*dictColumn, n)}
	for i, f := range schema.Fields() {
		if _, ok := f.Type.(*arrow.DictionaryType); ok {
			b.dicts[i] = newDictColumn()
		} else {
			b.fields[i] = array.NewBuilder(mem, f.Type)
		}
	}
	return b
}

// Field is the builder of field i, which must not be a dictionary field.
func (b *rowBuilder) Field(i int) array.Builder { return b.fields[i] }

// Release frees the builders.
func (b *rowBuilder) Release() {
	for _, f := range b.fields {
		if f != nil {
			f.Release()
		}
	}
}

// str appends s to field i, a string or dictionary field.
func (b *rowBuilder) str(i int, s string) {
	if d := b.dicts[i]; d != nil {
		d.put(s)
		return
	}
	putStr(b.fields[i], s)
}

// optStr appends s to field i, or a null for "".
func (b *rowBuilder) optStr(i int, s string) {
	if d := b.dicts[i]; d != nil {
		if s == "" {
			d.putNull()
			return
		}
		d.put(s)
		return
	}
	putOptStr(b.fields[i], s)
}

// newRecord makes the table of the rows appended, and resets the builder.
func (b *rowBuilder) newRecord() arrow.RecordBatch {
	cols := make([]arrow.Array, len(b.fields))
	for i, f := range b.schema.Fields() {
		if d := b.dicts[i]; d != nil {
			cols[i] = d.newArray(b.mem, f.Type.(*arrow.DictionaryType))
		} else {
			cols[i] = b.fields[i].NewArray()
		}
	}
	rows := cols[0].Len()
	for i, c := range cols {
		if c.Len() != rows {
			panic(fmt.Sprintf("rowBuilder: field %s has %d rows, %s has %d", b.schema.Field(i).Name, c.Len(), b.schema.Field(0).Name, rows))
		}
	}
	rec := array.NewRecordBatch(b.schema, cols, int64(rows))
	for _, c := range cols {
		c.Release()
	}
	return rec
}

// dictColumn is one dictionary column being built: its distinct values in
// the order first seen, and each row's code. Its map and code slice come
// from a pool and go back to it when the array is made.
type dictColumn struct {
	values   []string
	codes    map[string]int32
	idx      []int32
	valid    []bool // nil while there is no null
	last     string
	lastCode int32
	hasLast  bool
}

// dictScratch is what a dictColumn keeps for the next file's.
type dictScratch struct {
	codes map[string]int32
	idx   []int32
}

var dictScratches = sync.Pool{New: func() any { return &dictScratch{codes: map[string]int32{}} }}

func newDictColumn() *dictColumn { return &dictColumn{} }

// take gets the column its scratch, at its first row.
func (d *dictColumn) take() {
	sc := dictScratches.Get().(*dictScratch)
	d.codes, d.idx = sc.codes, sc.idx[:0]
}

func (d *dictColumn) put(s string) {
	if d.codes == nil {
		d.take()
	}
	if !d.hasLast || s != d.last {
		code, ok := d.codes[s]
		if !ok {
			code = int32(len(d.values))
			d.codes[s] = code
			d.values = append(d.values, s)
		}
		d.last, d.lastCode, d.hasLast = s, code, true
	}
	d.idx = append(d.idx, d.lastCode)
	if d.valid != nil {
		d.valid = append(d.valid, true)
	}
}

func (d *dictColumn) putNull() {
	if d.codes == nil {
		d.take()
	}
	if d.valid == nil {
		d.valid = make([]bool, len(d.idx), cap(d.idx))
		for i := range d.valid {
			d.valid[i] = true
		}
	}
	d.idx = append(d.idx, 0)
	d.valid = append(d.valid, false)
}

// newArray makes the dictionary array of the rows put, its buffers at
// their size, and starts over.
func (d *dictColumn) newArray(mem memory.Allocator, typ *arrow.DictionaryType) arrow.Array {
	vb := array.NewStringBuilder(mem)
	vb.AppendValues(d.values, nil)
	dict := vb.NewArray()
	vb.Release()
	n := len(d.idx)
	buffers := []*memory.Buffer{nil, memory.NewResizableBuffer(mem)}
	buffers[1].Resize(n * arrow.Int32SizeBytes)
	copy(arrow.Int32Traits.CastFromBytes(buffers[1].Bytes()), d.idx)
	nulls := 0
	if d.valid != nil {
		buffers[0] = memory.NewResizableBuffer(mem)
		buffers[0].Resize(int(bitutil.BytesForBits(int64(n))))
		bits := buffers[0].Bytes()
		for i, ok := range d.valid {
			if ok {
				bitutil.SetBit(bits, i)
			} else {
				nulls++
			}
		}
	}
	data := array.NewData(arrow.PrimitiveTypes.Int32, n, buffers, nil, nulls, 0)
	for _, b := range buffers {
		if b != nil {
			b.Release()
		}
	}
	idx := array.MakeFromData(data)
	data.Release()
	arr := array.NewDictionaryArray(typ, idx, dict)
	idx.Release()
	dict.Release()
	if d.codes != nil {
		clear(d.codes)
		dictScratches.Put(&dictScratch{codes: d.codes, idx: d.idx[:0]})
	}
	*d = dictColumn{}
	return arr
}

// trimAllocator gives back what a builder did not use. Arrow's builders
// double their buffers as rows come, and when they make an array they ask
// for the buffer at its size; the Go allocator answers with the same, larger
// buffer. A file's table would hold up to twice its size until the merge;
// this allocator copies it into a buffer of the size asked instead.
type trimAllocator struct{ memory.Allocator }

func (a trimAllocator) Reallocate(size int, b []byte) []byte {
	if size < cap(b)*3/4 {
		nb := a.Allocate(size)
		copy(nb, b[:size])
		a.Free(b)
		return nb
	}
	return a.Allocator.Reallocate(size, b)
}

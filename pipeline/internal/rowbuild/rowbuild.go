// Package rowbuild builds Arrow tables row by row from plain Go slices (see
// Builder), and joins the parts of a column (Concat).
package rowbuild

import (
	"fmt"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Builder builds a normalised table row by row, in plain Go slices of
// its own, and makes the arrow arrays once, at their size, when the table
// is made. Arrow's builders double their buffers as rows come (a file's
// table then cost three times its size in allocations) and check and
// convert on every append. A Builder goes back to a pool when released,
// so that the next file's rows fill slices grown already. Dictionary
// columns are coded here too, in a Go map behind a one-value memory (a
// column mostly repeats the value of the row before).
type Builder struct {
	schema *arrow.Schema
	mem    memory.Allocator
	cols   []*builderColumn
}

// builderColumn is one column being built. Which slices it uses depends on its
// type: i32 for dates, int32s and a dictionary's codes, i64 or f64 for
// numbers, offs and data for strings (and a list's strings), lists for a
// list's offsets into them; dict codes a dictionary column's values. valid
// holds a flag a row; nulls counts the false ones.
type builderColumn struct {
	typ   arrow.DataType
	i32   []int32
	i64   []int64
	f64   []float64
	offs  []int32
	data  []byte
	lists []int32
	dict  *dictColumn
	valid []bool
	nulls int
}

// builderPools keep the released rowBuilders of each schema.
var builderPools sync.Map // *arrow.Schema → *sync.Pool

func New(mem memory.Allocator, schema *arrow.Schema) *Builder {
	pool, _ := builderPools.LoadOrStore(schema, &sync.Pool{})
	if b, ok := pool.(*sync.Pool).Get().(*Builder); ok {
		b.mem = mem
		return b
	}
	b := &Builder{schema: schema, mem: mem, cols: make([]*builderColumn, len(schema.Fields()))}
	for i, f := range schema.Fields() {
		c := &builderColumn{typ: f.Type}
		switch t := f.Type.(type) {
		case *arrow.DictionaryType:
			c.dict = &dictColumn{codes: map[string]int32{}}
		case *arrow.StringType:
			c.offs = []int32{0}
		case *arrow.ListType:
			if t.Elem().ID() != arrow.STRING {
				panic(fmt.Sprintf("rowbuild: field %s: list of %s", f.Name, t.Elem()))
			}
			c.offs, c.lists = []int32{0}, []int32{0}
		case *arrow.Date32Type, *arrow.Int32Type, *arrow.Int64Type, *arrow.Float64Type:
		default:
			panic(fmt.Sprintf("rowbuild: field %s: type %s", f.Name, f.Type))
		}
		b.cols[i] = c
	}
	return b
}

// Release resets the builder and gives it back to its pool.
func (b *Builder) Release() {
	b.Reset()
	b.mem = nil
	if pool, ok := builderPools.Load(b.schema); ok {
		pool.(*sync.Pool).Put(b)
	}
}

func (b *Builder) Reset() {
	for _, c := range b.cols {
		c.i32, c.i64, c.f64, c.data, c.valid, c.nulls = c.i32[:0], c.i64[:0], c.f64[:0], c.data[:0], c.valid[:0], 0
		if c.offs != nil {
			c.offs = c.offs[:1]
		}
		if c.lists != nil {
			c.lists = c.lists[:1]
		}
		if c.dict != nil {
			c.dict.reset()
		}
	}
}

// Date appends a Date to field i, a date32 field.
func (b *Builder) Date(i int, d arrow.Date32) {
	c := b.cols[i]
	c.i32 = append(c.i32, int32(d))
	c.valid = append(c.valid, true)
}

// Int32 appends v to field i, an Int32 field.
func (b *Builder) Int32(i int, v int32) {
	c := b.cols[i]
	c.i32 = append(c.i32, v)
	c.valid = append(c.valid, true)
}

// OptInt appends v, or a null when !ok, to field i, an int64 field.
func (b *Builder) OptInt(i int, v int64, ok bool) {
	c := b.cols[i]
	c.i64 = appendOpt(c, c.i64, v, ok)
}

// OptFloat appends v, or a null when !ok, to field i, a float64 field.
func (b *Builder) OptFloat(i int, v float64, ok bool) {
	c := b.cols[i]
	c.f64 = appendOpt(c, c.f64, v, ok)
}

// appendOpt appends v, or a zero and a null when !ok, to vals, the values
// of c.
func appendOpt[T int64 | float64](c *builderColumn, vals []T, v T, ok bool) []T {
	if !ok {
		v = 0
		c.nulls++
	}
	c.valid = append(c.valid, ok)
	return append(vals, v)
}

// Str appends s to field i, a string or dictionary field.
func (b *Builder) Str(i int, s string) {
	c := b.cols[i]
	if c.dict != nil {
		c.i32 = append(c.i32, c.dict.code(s))
	} else {
		c.data = append(c.data, s...)
		c.offs = append(c.offs, int32(len(c.data)))
	}
	c.valid = append(c.valid, true)
}

// OptStr appends s to field i, or a null for "".
func (b *Builder) OptStr(i int, s string) {
	if s != "" {
		b.Str(i, s)
		return
	}
	c := b.cols[i]
	if c.dict != nil {
		c.i32 = append(c.i32, 0)
	} else {
		c.offs = append(c.offs, int32(len(c.data)))
	}
	c.valid = append(c.valid, false)
	c.nulls++
}

// Strs appends one list of strings (an empty list for none) to field i, a
// list field.
func (b *Builder) Strs(i int, ss []string) {
	c := b.cols[i]
	for _, s := range ss {
		c.data = append(c.data, s...)
		c.offs = append(c.offs, int32(len(c.data)))
	}
	c.lists = append(c.lists, int32(len(c.offs)-1))
	c.valid = append(c.valid, true)
}

// NewRecord makes the table of the rows appended, and resets the builder.
func (b *Builder) NewRecord() arrow.RecordBatch {
	cols := make([]arrow.Array, len(b.cols))
	for i, c := range b.cols {
		cols[i] = c.newArray(b.mem)
	}
	rows := cols[0].Len()
	for i, c := range cols {
		if c.Len() != rows {
			panic(fmt.Sprintf("rowbuild: field %s has %d rows, %s has %d", b.schema.Field(i).Name, c.Len(), b.schema.Field(0).Name, rows))
		}
	}
	rec := array.NewRecordBatch(b.schema, cols, int64(rows))
	for _, c := range cols {
		c.Release()
	}
	b.Reset()
	return rec
}

// newArray makes the arrow array of the column, its buffers at their size.
func (c *builderColumn) newArray(mem memory.Allocator) arrow.Array {
	n := len(c.valid)
	if c.dict != nil {
		bufs := []*memory.Buffer{c.bitmap(mem), int32Buffer(mem, c.i32)}
		data := array.NewData(arrow.PrimitiveTypes.Int32, n, bufs, nil, c.nulls, 0)
		releaseBuffers(bufs)
		codes := array.MakeFromData(data)
		data.Release()
		values := c.dict.values(mem)
		arr := array.NewDictionaryArray(c.typ.(*arrow.DictionaryType), codes, values)
		codes.Release()
		values.Release()
		return arr
	}
	bufs := []*memory.Buffer{c.bitmap(mem)}
	var children []arrow.ArrayData
	switch t := c.typ.(type) {
	case *arrow.StringType:
		bufs = append(bufs, int32Buffer(mem, c.offs), bytesBuffer(mem, c.data))
	case *arrow.ListType:
		strBufs := []*memory.Buffer{nil, int32Buffer(mem, c.offs), bytesBuffer(mem, c.data)}
		children = append(children, array.NewData(t.Elem(), len(c.offs)-1, strBufs, nil, 0, 0))
		releaseBuffers(strBufs)
		bufs = append(bufs, int32Buffer(mem, c.lists))
	case *arrow.Int64Type:
		bufs = append(bufs, bytesBuffer(mem, arrow.Int64Traits.CastToBytes(c.i64)))
	case *arrow.Float64Type:
		bufs = append(bufs, bytesBuffer(mem, arrow.Float64Traits.CastToBytes(c.f64)))
	default: // date32, int32
		bufs = append(bufs, int32Buffer(mem, c.i32))
	}
	data := array.NewData(c.typ, n, bufs, children, c.nulls, 0)
	releaseBuffers(bufs)
	for _, child := range children {
		child.Release()
	}
	arr := array.MakeFromData(data)
	data.Release()
	return arr
}

func releaseBuffers(bufs []*memory.Buffer) {
	for _, b := range bufs {
		if b != nil {
			b.Release()
		}
	}
}

// bitmap is the validity bitmap of the column, nil without nulls.
func (c *builderColumn) bitmap(mem memory.Allocator) *memory.Buffer {
	if c.nulls == 0 {
		return nil
	}
	buf := memory.NewResizableBuffer(mem)
	buf.Resize(int(bitutil.BytesForBits(int64(len(c.valid)))))
	bits := buf.Bytes()
	for i, ok := range c.valid {
		if ok {
			bitutil.SetBit(bits, i)
		}
	}
	return buf
}

// bytesBuffer copies b into a buffer of mem, of its size.
func bytesBuffer(mem memory.Allocator, b []byte) *memory.Buffer {
	buf := memory.NewResizableBuffer(mem)
	buf.Resize(len(b))
	copy(buf.Bytes(), b)
	return buf
}

func int32Buffer(mem memory.Allocator, v []int32) *memory.Buffer {
	return bytesBuffer(mem, arrow.Int32Traits.CastToBytes(v))
}

// dictColumn codes the values of a dictionary column: its distinct values
// in the order first seen, and a Go map behind a one-value memory.
type dictColumn struct {
	seen     []string
	codes    map[string]int32
	last     string
	lastCode int32
	hasLast  bool
}

func (d *dictColumn) reset() {
	clear(d.codes)
	d.seen = d.seen[:0]
	d.last, d.lastCode, d.hasLast = "", 0, false
}

// code is the code of s, a new one for a value not seen before.
func (d *dictColumn) code(s string) int32 {
	if !d.hasLast || s != d.last {
		code, ok := d.codes[s]
		if !ok {
			code = int32(len(d.seen))
			d.codes[s] = code
			d.seen = append(d.seen, s)
		}
		d.last, d.lastCode, d.hasLast = s, code, true
	}
	return d.lastCode
}

// values makes the dictionary: the values seen, in buffers at their size.
func (d *dictColumn) values(mem memory.Allocator) arrow.Array {
	size := 0
	for _, v := range d.seen {
		size += len(v)
	}
	offs, chars := memory.NewResizableBuffer(mem), memory.NewResizableBuffer(mem)
	offs.Resize((len(d.seen) + 1) * arrow.Int32SizeBytes)
	chars.Resize(size)
	o, b := arrow.Int32Traits.CastFromBytes(offs.Bytes()), chars.Bytes()[:0]
	o[0] = 0
	for i, v := range d.seen {
		b = append(b, v...)
		o[i+1] = int32(len(b))
	}
	bufs := []*memory.Buffer{nil, offs, chars}
	data := array.NewData(arrow.BinaryTypes.String, len(d.seen), bufs, nil, 0, 0)
	releaseBuffers(bufs)
	arr := array.MakeFromData(data)
	data.Release()
	return arr
}

package pipeline

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// rowBuilder builds a normalised table row by row. Its dictionary columns
// are coded here, in a Go map in front of a one-value memory (a column
// mostly repeats the value of the row before), and handed to arrow's
// dictionary builders in one go when the table is made: arrow's own
// dictionary lookup a value costs several times as much.
type rowBuilder struct {
	*array.RecordBuilder
	dicts []*dictColumn // per field; nil for the fields that are not dictionaries
}

func newRowBuilder(mem memory.Allocator, schema *arrow.Schema) *rowBuilder {
	b := &rowBuilder{RecordBuilder: array.NewRecordBuilder(mem, schema), dicts: make([]*dictColumn, len(schema.Fields()))}
	for i, f := range schema.Fields() {
		if _, ok := f.Type.(*arrow.DictionaryType); ok {
			b.dicts[i] = &dictColumn{codes: map[string]int{}}
		}
	}
	return b
}

// str appends s to field i, a string or dictionary field.
func (b *rowBuilder) str(i int, s string) {
	if d := b.dicts[i]; d != nil {
		d.put(s)
		return
	}
	putStr(b.Field(i), s)
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
	putOptStr(b.Field(i), s)
}

// newRecord makes the table of the rows appended, and resets the builder.
func (b *rowBuilder) newRecord() arrow.RecordBatch {
	for i, d := range b.dicts {
		if d != nil {
			d.flush(b.Field(i).(*array.BinaryDictionaryBuilder))
		}
	}
	return b.NewRecordBatch()
}

// dictColumn is one dictionary column being built: its distinct values in
// the order first seen, and each row's code.
type dictColumn struct {
	values   []string
	codes    map[string]int
	idx      []int
	valid    []bool // nil while there is no null
	last     string
	lastCode int
	hasLast  bool
}

func (d *dictColumn) put(s string) {
	if !d.hasLast || s != d.last {
		code, ok := d.codes[s]
		if !ok {
			code = len(d.values)
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
	if d.valid == nil {
		d.valid = make([]bool, len(d.idx), cap(d.idx))
		for i := range d.valid {
			d.valid[i] = true
		}
	}
	d.idx = append(d.idx, 0)
	d.valid = append(d.valid, false)
}

// flush hands the values and codes to b (empty: its memo gives the values
// the codes they have here) and starts over.
func (d *dictColumn) flush(b *array.BinaryDictionaryBuilder) {
	if len(d.values) > 0 {
		sb := array.NewStringBuilder(memory.DefaultAllocator)
		sb.AppendValues(d.values, nil)
		vals := sb.NewStringArray()
		sb.Release()
		err := b.InsertStringDictValues(vals)
		vals.Release()
		if err != nil {
			panic(err) // a new builder's memo: cannot fail
		}
	}
	b.AppendIndices(d.idx, d.valid)
	*d = dictColumn{codes: map[string]int{}}
}

package pipeline

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TableRejected is the table of every rejected cell of a run, listed or
// not: where the full list is when a file holds more than the workbook's
// quality sheet or run.json shows.
const TableRejected = "avviste"

// RejectedSchema is the schema of the rejected cells' table.
var RejectedSchema = arrow.NewSchema([]arrow.Field{
	{Name: "fil", Type: DictString},
	{Name: "ark", Type: DictString},
	{Name: "celle", Type: arrow.BinaryTypes.String},
	{Name: "kolonne", Type: DictString},
	{Name: "verdi", Type: arrow.BinaryTypes.String},
	{Name: "grunn", Type: DictString},
}, nil)

// RejectedTable is the table of the dataset's rejected cells, in file
// order, their reasons in the language the dataset was localised to.
func RejectedTable(ds *Dataset, mem memory.Allocator) arrow.RecordBatch {
	b := array.NewRecordBuilder(mem, RejectedSchema)
	defer b.Release()
	dict := func(i int) *array.BinaryDictionaryBuilder { return b.Field(i).(*array.BinaryDictionaryBuilder) }
	cell, value := b.Field(2).(*array.StringBuilder), b.Field(4).(*array.StringBuilder)
	for _, f := range ds.Files {
		f.EachRejected(func(p *Problem) {
			dict(0).AppendString(f.Path)
			dict(1).AppendString(p.Sheet)
			cell.Append(p.Cell)
			dict(3).AppendString(p.Column)
			value.Append(p.Value)
			dict(5).AppendString(p.Reason)
		})
	}
	return b.NewRecordBatch()
}

package pipeline

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// DictValue is the string of row i of a dictionary-of-strings column.
func DictValue(c *array.Dictionary, i int) string {
	return c.Dictionary().(*array.String).Value(c.GetValueIndex(i))
}

// StringAt is the string of row i of a string, dictionary or list column
// (its first value); "" for a null.
func StringAt(col arrow.Array, i int) string {
	if col == nil || col.IsNull(i) {
		return ""
	}
	switch c := col.(type) {
	case *array.String:
		return c.Value(i)
	case *array.Dictionary:
		return DictValue(c, i)
	}
	if v := StringsAt(col, i); len(v) > 0 {
		return v[0]
	}
	return ""
}

// StringsAt returns the values of row i of a string or list-of-string
// column; nil for a null.
func StringsAt(col arrow.Array, i int) []string {
	if col == nil || col.IsNull(i) {
		return nil
	}
	switch c := col.(type) {
	case *array.String:
		return []string{c.Value(i)}
	case *array.Dictionary:
		return []string{DictValue(c, i)}
	case *array.List:
		vals := c.ListValues().(*array.String)
		start, end := c.ValueOffsets(i)
		out := make([]string, 0, end-start)
		for j := start; j < end; j++ {
			out = append(out, vals.Value(int(j)))
		}
		return out
	}
	return nil
}

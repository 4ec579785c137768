package pipeline

import (
	"hash/fnv"
)

// dupTracker finds the same row twice: within a file as rows come, and
// across files when the files, read in parallel, are merged in order. It
// keeps, for each row appended to its table, a 64-bit hash of the row's
// identity (a collision, at a chance of about 1 in 10^7 for a million rows,
// would reject a row as a duplicate; the rejection names the first row, so
// a person can tell).
type dupTracker struct {
	seen   map[string]string
	hashes []uint64
	// field is the column a duplicate is reported on, msgKey its message;
	// cols gives that column's index in each sheet.
	field, msgKey string
	cols          map[string]int
}

func newDupTracker(field, msgKey string) *dupTracker {
	return &dupTracker{seen: map[string]string{}, field: field, msgKey: msgKey, cols: map[string]int{}}
}

// check rejects the row when its identity was seen earlier in the file;
// otherwise it records the identity for the row about to be appended.
func (d *dupTracker) check(c *check, r *rowCtx, id string) (dup bool) {
	if first, ok := d.seen[id]; ok {
		c.reject(d.field, msg(d.msgKey, first))
		return true
	}
	d.seen[id] = r.where()
	if col, ok := r.cols[d.field]; ok {
		d.cols[r.sheet] = col
	}
	h := fnv.New64a()
	h.Write([]byte(id))
	d.hashes = append(d.hashes, h.Sum64())
	return false
}

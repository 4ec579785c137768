package pipeline

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// dupTracker finds the same row twice: within a file as rows come, and
// across files when the files, read in parallel, are merged in order. It
// keeps, for each row appended to its table, a 64-bit hash of the row's
// identity (a collision, at a chance of about 1 in 10^7 for a million rows,
// would reject a row as a duplicate; the rejection names the first row, so
// a person can tell).
type dupTracker struct {
	seen   map[uint64]rowPos
	hashes []uint64
	// field is the column a duplicate is reported on, msgKey its message;
	// cols gives that column's index in each sheet.
	field, msgKey string
	cols          map[string]int
}

func newDupTracker(field, msgKey string) *dupTracker {
	return &dupTracker{seen: map[uint64]rowPos{}, field: field, msgKey: msgKey, cols: map[string]int{}}
}

// rowPos is where a row is; formatted only when a duplicate names it.
type rowPos struct {
	sheet string
	row   int
}

// check rejects the row when its identity was seen earlier in the file;
// otherwise it records the identity for the row about to be appended.
func (d *dupTracker) check(c *check, r *rowCtx, id string) (dup bool) {
	return d.checkHash(c, r, hash64(id))
}

// checkHash is check for an identity hashed already (see idHash).
func (d *dupTracker) checkHash(c *check, r *rowCtx, h uint64) (dup bool) {
	if first, ok := d.seen[h]; ok {
		c.reject(d.field, msg(d.msgKey, where(r.file, first.sheet, first.row)))
		return true
	}
	d.seen[h] = rowPos{r.sheet, r.num}
	if col, ok := r.cols[d.field]; ok {
		d.cols[r.sheet] = col
	}
	d.hashes = append(d.hashes, h)
	return false
}

// hash64 is FNV-1a of s, without allocating.
func hash64(s string) uint64 {
	h := newIDHash()
	for i := 0; i < len(s); i++ {
		h = h.byte(s[i])
	}
	return uint64(h)
}

// idHash is FNV-1a built up part by part: a row's identity hashed without
// joining its parts into a string. Each part is followed by a NUL, so that
// ("ab", "c") and ("a", "bc") differ.
type idHash uint64

func newIDHash() idHash { return 14695981039346656037 }

func (h idHash) byte(c byte) idHash { return (h ^ idHash(c)) * 1099511628211 }

func (h idHash) add(s string) idHash {
	for i := 0; i < len(s); i++ {
		h = h.byte(s[i])
	}
	return h.byte(0)
}

// addInt adds a number, as its 8 bytes.
func (h idHash) addInt(v int64) idHash {
	for i := 0; i < 8; i++ {
		h = h.byte(byte(v >> (8 * i)))
	}
	return h
}

// addLower adds s lowercased (strings.ToLower's answer, without allocating
// for ASCII).
func (h idHash) addLower(s string) idHash {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return h.add(strings.ToLower(s))
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		h = h.byte(c)
	}
	return h.byte(0)
}

// where names a row by its first cell: file:Sheet!A17 (file:A17 for CSV).
func where(file, sheet string, row int) string {
	if sheet == "" {
		return file + ":A" + strconv.Itoa(row)
	}
	return file + ":" + sheet + "!A" + strconv.Itoa(row)
}

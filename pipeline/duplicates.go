package pipeline

import (
	"slices"
	"strconv"
	"sync"
	"unicode"
	"unicode/utf8"
)

// dupTracker finds the same row twice: within a file as rows come, and
// across files when the files, read in parallel, are merged in order. It
// keeps, for each row appended to its table, a 64-bit hash of the row's
// identity (a collision, at a chance of about 1 in 10^7 for a million rows,
// would reject a row as a duplicate; the rejection names the first row, so
// a person can tell).
type dupTracker struct {
	// seen maps a hash to the index of its row in hashes and at; a map
	// without pointers, taken from a pool and given back by done.
	seen   map[uint64]int32
	hashes []uint64
	at     []rowAt
	sheets []string // the sheets of at
	// field is the column a duplicate is reported on, msgKey its message;
	// cols gives that column's index in each sheet.
	field, msgKey string
	cols          map[string]int
}

func newDupTracker(field, msgKey string) *dupTracker {
	sc := dupScratches.Get().(*dupScratch)
	return &dupTracker{seen: sc.seen, hashes: sc.hashes[:0], at: sc.at[:0], field: field, msgKey: msgKey, cols: map[string]int{}}
}

// dupScratch is what a dupTracker grows while a file is read, kept for the
// next file: a map grown to a file's rows costs more than the rows' checks.
type dupScratch struct {
	seen   map[uint64]int32
	hashes []uint64
	at     []rowAt
}

var dupScratches = sync.Pool{New: func() any { return &dupScratch{seen: map[uint64]int32{}} }}

// rowAt is where a row is: its row number and sheet (an index into the
// tracker's sheets); formatted only when a duplicate names it.
type rowAt struct{ row, sheet int32 }

// done gives the tracker's scratch back; a copy of the hashes, at their
// size, stays for the merge.
func (d *dupTracker) done() {
	if d.seen == nil {
		return
	}
	grown := d.hashes
	d.hashes = slices.Clone(grown) // before the scratch is shared again
	clear(d.seen)
	dupScratches.Put(&dupScratch{seen: d.seen, hashes: grown, at: d.at})
	d.seen, d.at = nil, nil
}

// check rejects the row when its identity was seen earlier in the file;
// otherwise it records the identity for the row about to be appended.
func (d *dupTracker) check(c *check, r *rowCtx, id string) (dup bool) {
	return d.checkHash(c, r, hash64(id))
}

// checkHash is check for an identity hashed already (see idHash).
func (d *dupTracker) checkHash(c *check, r *rowCtx, h uint64) (dup bool) {
	if i, ok := d.seen[h]; ok {
		first := d.at[i]
		c.reject(d.field, msg(d.msgKey, where(r.file, d.sheets[first.sheet], int(first.row))))
		return true
	}
	if n := len(d.sheets); n == 0 || d.sheets[n-1] != r.sheet {
		d.sheets = append(d.sheets, r.sheet)
		if col, ok := r.cols[d.field]; ok {
			d.cols[r.sheet] = col
		}
	}
	d.seen[h] = int32(len(d.hashes))
	d.at = append(d.at, rowAt{row: int32(r.num), sheet: int32(len(d.sheets) - 1)})
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

// addLower adds s lowercased, rune by rune as strings.ToLower does, but
// without making the lowercased string.
func (h idHash) addLower(s string) idHash {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			var buf [utf8.UTFMax]byte
			for _, r := range s[i:] {
				n := utf8.EncodeRune(buf[:], unicode.ToLower(r))
				for _, b := range buf[:n] {
					h = h.byte(b)
				}
			}
			break
		}
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

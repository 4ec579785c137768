package ingest

import (
	"encoding/binary"
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
	// nearSeen and nearHashes find rows that share a looser key but differ
	// elsewhere (checkNear): nearHashes has one hash a row, as hashes.
	nearSeen   map[uint64]int32
	nearHashes []uint64
}

func newDupTracker(field, msgKey string) *dupTracker {
	sc := dupScratches.Get().(*dupScratch)
	return &dupTracker{seen: sc.seen, hashes: sc.hashes[:0], at: sc.at[:0], nearSeen: sc.nearSeen, nearHashes: sc.nearHashes[:0],
		field: field, msgKey: msgKey, cols: map[string]int{}}
}

// dupScratch is what a dupTracker grows while a file is read, kept for the
// next file: a map grown to a file's rows costs more than the rows' checks.
type dupScratch struct {
	seen, nearSeen     map[uint64]int32
	hashes, nearHashes []uint64
	at                 []rowAt
}

var dupScratches = sync.Pool{New: func() any { return &dupScratch{seen: map[uint64]int32{}, nearSeen: map[uint64]int32{}} }}

// rowAt is where a row is: its row number and sheet (an index into the
// tracker's sheets); formatted only when a duplicate names it.
type rowAt struct{ row, sheet int32 }

// done gives the tracker's scratch back; a copy of the hashes, at their
// size, stays for the merge.
func (d *dupTracker) done() {
	if d.seen == nil {
		return
	}
	grown, nearGrown := d.hashes, d.nearHashes
	d.hashes = slices.Clone(grown) // before the scratch is shared again
	if len(nearGrown) > 0 {
		d.nearHashes = slices.Clone(nearGrown)
	} else {
		d.nearHashes = nil
	}
	clear(d.seen)
	clear(d.nearSeen)
	dupScratches.Put(&dupScratch{seen: d.seen, hashes: grown, at: d.at, nearSeen: d.nearSeen, nearHashes: nearGrown})
	d.seen, d.at, d.nearSeen = nil, nil, nil
}

// checkNear warns when the row just recorded by checkHash shares its
// looser key h (for activities: the date, title, municipality and type)
// with an earlier row of the file that differs elsewhere: maybe one
// activity logged twice by two people, maybe two. It is kept, with a
// warning that names the first.
func (d *dupTracker) checkNear(c *check, r *rowCtx, h uint64) {
	if i, ok := d.nearSeen[h]; ok {
		first := d.at[i]
		// In the same file the first row's cell says enough: «se A23».
		at := "A" + strconv.Itoa(int(first.row))
		if sh := d.sheets[first.sheet]; sh != "" && sh != r.sheet {
			at = sh + "!" + at
		}
		c.warn(d.field, msg("duplicate.near", at))
	} else {
		d.nearSeen[h] = int32(len(d.hashes) - 1)
	}
	d.nearHashes = append(d.nearHashes, h)
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

// hash64 hashes s, without allocating.
func hash64(s string) uint64 { return uint64(newIDHash().add(s)) }

// idHash is a 64-bit hash built up part by part: a row's identity hashed
// without joining its parts into a string. Each part is taken eight bytes
// at a time, after its length, so that ("ab", "c") and ("a", "bc") differ.
type idHash uint64

func newIDHash() idHash { return 14695981039346656037 }

// word folds eight bytes into the hash: a multiplication by an odd constant
// and a shift, each a bijection, so two words never give the same hash from
// the same state.
func (h idHash) word(w uint64) idHash {
	x := (uint64(h) ^ w) * 0x9E3779B97F4A7C15
	return idHash(x ^ x>>32)
}

func (h idHash) add(s string) idHash { return addWords(h, s) }

// addWords adds a part: its length, then its bytes eight at a time.
func addWords[T string | []byte](h idHash, s T) idHash {
	h = h.word(uint64(len(s)))
	for ; len(s) >= 8; s = s[8:] {
		h = h.word(binary.LittleEndian.Uint64([]byte(s[:8])))
	}
	if len(s) > 0 {
		var tail [8]byte
		copy(tail[:], s)
		h = h.word(binary.LittleEndian.Uint64(tail[:]))
	}
	return h
}

// addInt adds a number, as its 8 bytes.
func (h idHash) addInt(v int64) idHash { return h.word(uint64(v)) }

// addLower adds s lowercased as strings.ToLower gives it, rune by rune,
// into a buffer on the stack instead of a new string.
func (h idHash) addLower(s string) idHash {
	var buf [64]byte
	b := buf[:0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			for _, r := range s[i:] {
				b = utf8.AppendRune(b, unicode.ToLower(r))
			}
			break
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return addWords(h, b)
}

// where names a row by its first cell: file:Sheet!A17 (file:A17 for CSV).
func where(file, sheet string, row int) string {
	if sheet == "" {
		return file + ":A" + strconv.Itoa(row)
	}
	return file + ":" + sheet + "!A" + strconv.Itoa(row)
}

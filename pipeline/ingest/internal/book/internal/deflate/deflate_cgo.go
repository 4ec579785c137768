//go:build cgo && amd64

package deflate

/*
#cgo CFLAGS: -O2 -I${SRCDIR}/libdeflate
#include "libdeflate.h"
*/
import "C"

import (
	"sync"
	"unsafe"
)

// Available reports whether Inflate can inflate at all.
const Available = true

// decompressors are libdeflate's (~32 KiB of tables each, for one caller
// at a time), kept for the next part: they are allocated in C, so a pool
// the collector empties would leak them; the set is as large as the most
// parts ever inflated at once.
var (
	mu            sync.Mutex
	decompressors []*C.struct_libdeflate_decompressor
)

// Inflate inflates the raw DEFLATE stream in into out and reports whether
// it filled out exactly: false when the stream is damaged, ends before out
// is full or holds more than out takes. libdeflate never writes beyond
// len(out) nor reads beyond len(in).
func Inflate(out, in []byte) bool {
	if len(in) == 0 || len(out) == 0 {
		return false
	}
	d := get()
	if d == nil {
		return false
	}
	defer put(d)
	var n C.size_t
	r := C.libdeflate_deflate_decompress(d, unsafe.Pointer(&in[0]), C.size_t(len(in)), unsafe.Pointer(&out[0]), C.size_t(len(out)), &n)
	return r == C.LIBDEFLATE_SUCCESS && int(n) == len(out)
}

func get() *C.struct_libdeflate_decompressor {
	mu.Lock()
	defer mu.Unlock()
	if n := len(decompressors); n > 0 {
		d := decompressors[n-1]
		decompressors = decompressors[:n-1]
		return d
	}
	return C.libdeflate_alloc_decompressor()
}

func put(d *C.struct_libdeflate_decompressor) {
	mu.Lock()
	decompressors = append(decompressors, d)
	mu.Unlock()
}

//go:build cgo && amd64

// One translation unit of libdeflate (see doc.go).
#include "lib/deflate_decompress.c"

//go:build cgo && amd64

// The allocation functions libdeflate's decompressor calls, in place of its
// lib/utils.c: that file keeps malloc and free in function pointers (for
// libdeflate_set_memory_allocator), data that refers to a shared library's
// symbol, which Go's own linker cannot place. Called directly, as here,
// they link.
#include <stdlib.h>

#include "lib/lib_common.h"

void *libdeflate_malloc(size_t size) { return malloc(size); }

void libdeflate_free(void *ptr) { free(ptr); }

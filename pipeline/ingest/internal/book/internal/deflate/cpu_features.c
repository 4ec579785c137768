//go:build cgo && amd64

// One translation unit of libdeflate (see doc.go).
#include "lib/x86/cpu_features.c"

// Package deflate inflates a whole raw DEFLATE stream (a zip part) into a
// buffer of the size the archive gives for it, in one call.
//
// Built with cgo on amd64 it uses libdeflate (Eric Biggers, MIT licence;
// the decompressor of release 1.14, as Debian ships it, in libdeflate/),
// which inflates the sheets of a national corpus in less than half the
// time of the streaming inflater: it writes straight into the output
// instead of through a 32 KiB window, and decodes with BMI2 where the
// processor has it. Without cgo (CGO_ENABLED=0, or no C compiler) Available
// is false and Inflate reports false: the caller reads the part the
// streaming way, as it does for every part Inflate cannot take.
//
// The C code is compiled into the package, so a binary needs no library
// at run time. The Makefile links with -ldflags=-linkmode=internal: for a
// package with C code cmd/go picks the system linker, and an executable
// it has just written had ~15 MB more of itself resident in a run, until
// the file left the page cache (a copy of the same file did not).
package deflate

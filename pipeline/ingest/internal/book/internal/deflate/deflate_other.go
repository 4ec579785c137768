//go:build !cgo || !amd64

package deflate

// Available reports whether Inflate can inflate at all: not without cgo.
const Available = false

// Inflate reports false: the caller inflates the streaming way.
func Inflate(out, in []byte) bool { return false }

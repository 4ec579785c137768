//go:build !cgo || !amd64

package deflate

import "testing"

// TestUnavailable: without cgo Inflate takes nothing, so the reader streams.
func TestUnavailable(t *testing.T) {
	if Available || Inflate(make([]byte, 4), []byte{0x01, 0x04, 0x00, 0xfb, 0xff, 'a', 'b', 'c', 'd'}) {
		t.Fatal("Inflate took a stream without cgo")
	}
}

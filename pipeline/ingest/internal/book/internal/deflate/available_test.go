//go:build cgo && amd64

package deflate

import "testing"

// TestAvailable: built with cgo on amd64, the package inflates; were the C
// code left out of the build, the reader would fall back to streaming
// unnoticed, twice as slow.
func TestAvailable(t *testing.T) {
	if !Available {
		t.Fatal("built with cgo on amd64, but Inflate is not available")
	}
}

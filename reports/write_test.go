package reports

import (
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"testing"
)

// TestWriteFileBuffers: writeFile's buffers are used again, not made a
// file (a pool emptied by a collection costs one more now and then).
func TestWriteFileBuffers(t *testing.T) {
	dir := t.TempDir()
	write := func(i int) {
		if _, err := writeFile(filepath.Join(dir, fmt.Sprint(i)), func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }); err != nil {
			t.Fatal(err)
		}
	}
	write(0)
	// The least of three tries: the count is the process's, and another
	// goroutine may allocate during one. Under the race detector a pool
	// drops a quarter of what is put back, on purpose: about five new
	// buffers in twenty, against twenty without a pool — half is the
	// bound (eleven or more in all three tries: odds below one in ten
	// million).
	const files = 20
	least := uint64(1 << 62)
	for try := range 3 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for i := range files {
			write(try*files + i + 1)
		}
		runtime.ReadMemStats(&after)
		least = min(least, after.TotalAlloc-before.TotalAlloc)
	}
	if least > files/2*256<<10 {
		t.Errorf("%d files written: %d bytes allocated, a buffer each is %d", files, least, files*256<<10)
	}
}

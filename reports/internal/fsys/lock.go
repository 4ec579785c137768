//go:build unix || windows

package fsys

import "os"

// LockFile takes an exclusive lock on path, waiting for other runs to
// release it. The lock goes with the process, also when it is killed.
func LockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if _, err := LockFD(f, true); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}

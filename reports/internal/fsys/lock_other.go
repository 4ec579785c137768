//go:build !unix && !windows

package fsys

import (
	"errors"
	"os"
	"time"
)

// LockFile takes a lock by creating path exclusively, waiting up to a minute
// for another run to remove it.
func LockFile(path string) (unlock func(), err error) {
	for i := 0; i < 600; i++ {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o644)
		if err == nil {
			f.Close()
			return func() { os.Remove(path) }, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, err
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil, errors.New("another run holds " + path)
}

// LockFD has no lock to take on this system: it reports the lock taken,
// and RealLocks says that it is not, so that temporary folders are only
// removed by their age.
func LockFD(f *os.File, wait bool) (bool, error) { return true, nil }

// RealLocks tells whether LockFD's locks exclude other processes.
const RealLocks = false

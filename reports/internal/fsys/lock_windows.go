//go:build windows

package fsys

import (
	"os"

	"golang.org/x/sys/windows"
)

// LockFD takes an exclusive lock on the open file f (LockFileEx), waiting
// for it when wait is set; otherwise it reports false when another process
// holds it. Windows releases the lock when f is closed or its process ends.
func LockFD(f *os.File, wait bool) (bool, error) {
	flags := uint32(windows.LOCKFILE_EXCLUSIVE_LOCK)
	if !wait {
		flags |= windows.LOCKFILE_FAIL_IMMEDIATELY
	}
	err := windows.LockFileEx(windows.Handle(f.Fd()), flags, 0, 1, 0, &windows.Overlapped{})
	if err == windows.ERROR_LOCK_VIOLATION {
		return false, nil
	}
	return err == nil, err
}

// RealLocks tells whether LockFD's locks exclude other processes.
const RealLocks = true

//go:build unix

package fsys

import (
	"os"
	"syscall"
)

// LockFD takes an exclusive lock on the open file f, waiting for it when
// wait is set; otherwise it reports false when another process holds it.
// The lock is released when f is closed, or its process ends.
func LockFD(f *os.File, wait bool) (bool, error) {
	how := syscall.LOCK_EX
	if !wait {
		how |= syscall.LOCK_NB
	}
	err := syscall.Flock(int(f.Fd()), how)
	if err == syscall.EWOULDBLOCK {
		return false, nil
	}
	return err == nil, err
}

// RealLocks tells whether LockFD's locks exclude other processes.
const RealLocks = true

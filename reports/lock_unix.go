//go:build unix

package reports

import (
	"os"
	"syscall"
)

// lockFD takes an exclusive lock on the open file f, waiting for it when
// wait is set; otherwise it reports false when another process holds it.
// The lock is released when f is closed, or its process ends.
func lockFD(f *os.File, wait bool) (bool, error) {
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

// realLocks tells whether lockFD's locks exclude other processes.
const realLocks = true

package fsys

import (
	"errors"

	"golang.org/x/sys/unix"
)

// Exchange swaps two paths in one step (renameat2 RENAME_EXCHANGE), so
// that a reader of final sees the old folder or the new one, never neither.
// It reports false when the file system cannot do it.
func Exchange(a, b string) (bool, error) {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP) {
		return false, nil
	}
	return err == nil, err
}

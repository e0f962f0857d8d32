package wal

import (
	"errors"
	"os"
	"syscall"
)

// preallocate allocates the file's blocks up to size (its size grows to size if smaller; the new bytes read as
// zeros). A sync then overwrites allocated blocks and no longer changes the file's size, so it has no metadata to
// journal. It reports false where the file system cannot preallocate.
func preallocate(f *os.File, size int64) (bool, error) {
	err := syscall.Fallocate(int(f.Fd()), 0, 0, size)
	if errors.Is(err, syscall.EOPNOTSUPP) || errors.Is(err, syscall.ENOSYS) {
		return false, nil
	}
	return err == nil, err
}

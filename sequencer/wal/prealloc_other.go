//go:build !linux

package wal

import "os"

// preallocate is not available here: segments grow with their appends.
func preallocate(*os.File, int64) (bool, error) { return false, nil }

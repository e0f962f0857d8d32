//go:build unix

// Package cputime reads the CPU time the process has used, for benchmarks that report CPU per operation: a figure
// that stays meaningful when other processes compete for the machine's cores.
package cputime

import (
	"syscall"
	"time"
)

// Process is the CPU time used by the process so far, user and system (the kernel's work for its system calls,
// an fsync's included); 0 when it cannot be read.
func Process() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

//go:build !unix

// Package cputime reads the CPU time the process has used, for benchmarks that report CPU per operation.
package cputime

import "time"

// Process is not measured on this platform: 0.
func Process() time.Duration { return 0 }

package cputime

import (
	"runtime"
	"testing"
)

// The process's CPU time grows with work done (0 where it is not measured).
func TestProcessGrows(t *testing.T) {
	t0 := Process()
	x := 0
	for i := 0; i < 50_000_000; i++ {
		x += i ^ (x >> 3)
	}
	runtime.KeepAlive(x)
	if t1 := Process(); runtime.GOOS != "windows" && t1 <= t0 {
		t.Fatalf("CPU time %v after %v: did not grow", t1, t0)
	}
}

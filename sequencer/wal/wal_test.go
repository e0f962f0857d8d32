package wal

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/zkperp/zkperp/internal/cputime"
)

func collect(t *testing.T, w *WAL, from uint64) []string {
	t.Helper()
	var out []string
	if err := w.Replay(from, func(seq uint64, p []byte) error {
		out = append(out, fmt.Sprintf("%d:%s", seq, p))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAppendReplayReopen(t *testing.T) {
	dir := t.TempDir()
	w, err := Open(Config{Dir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if seq, err := w.Append([]byte(fmt.Sprint("r", i))); err != nil || seq != uint64(i) {
			t.Fatalf("append %d: %d %v", i, seq, err)
		}
	}
	if first, _ := w.AppendMany([][]byte{[]byte("a"), []byte("b")}); first != 5 {
		t.Fatal("group append seq")
	}
	got := collect(t, w, 4)
	if fmt.Sprint(got) != "[4:r4 5:a 6:b]" {
		t.Fatalf("replay from 4: %v", got)
	}
	w.Close()
	w, err = Open(Config{Dir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.Next() != 7 || len(collect(t, w, 0)) != 7 {
		t.Fatal("reopen lost records")
	}
}

// dataEnd is the offset after the last good record of a segment file (before any preallocated zeros).
func dataEnd(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	_, end, err := scan(f, 0, 0, st.Size(), nil)
	if err != nil && !errors.Is(err, errEnd) {
		t.Fatal(err)
	}
	return end
}

// tear leaves the segment as a crash in the middle of writing its last n bytes would: cut off where the file grows
// with its appends (prealloc=false), zeros where its blocks were preallocated (prealloc=true).
func tear(t *testing.T, path string, n int64, prealloc bool) {
	t.Helper()
	end := dataEnd(t, path)
	if !prealloc {
		if err := os.Truncate(path, end-n); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(make([]byte, n), end-n); err != nil {
		t.Fatal(err)
	}
}

func TestTornTailCut(t *testing.T) {
	for _, prealloc := range []bool{false, true} {
		t.Run(fmt.Sprintf("prealloc=%v", prealloc), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, segName(0))
			cfg := Config{Dir: dir, NoPrealloc: !prealloc}
			w, _ := Open(cfg, nil)
			w.Append([]byte("one"))
			w.Append(rec(1))
			w.Close()
			tear(t, path, 50, prealloc) // a crash mid-write leaves half a record
			w, err := Open(cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := collect(t, w, 0); fmt.Sprint(got) != "[0:one]" {
				t.Fatalf("after torn tail: %v", got)
			}
			// Appending continues after the good prefix (a shorter record: what is left of the torn one is gone).
			if seq, _ := w.Append([]byte("three")); seq != 1 {
				t.Fatalf("seq after cut %d", seq)
			}
			w.Close()
			if w, err = Open(cfg, nil); err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			if got := collect(t, w, 0); fmt.Sprint(got) != "[0:one 1:three]" {
				t.Fatalf("after reopen: %v", got)
			}
		})
	}
}

func TestCorruptMiddleRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, segName(0))
	w, _ := Open(Config{Dir: dir}, nil)
	w.Append([]byte("first record"))
	w.Append([]byte("second record"))
	w.Close()
	b, _ := os.ReadFile(path)
	b[10] ^= 0xff // inside the first payload
	os.WriteFile(path, b, 0o644)
	if _, err := Open(Config{Dir: dir}, nil); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("want ErrCorrupt, got %v", err)
	}
}

// A corrupt length field beyond MaxRecord refuses the log (the records after it would be lost); within it but
// beyond the file it is a torn tail.
func TestCorruptLengthBounded(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, segName(0))
	w, _ := Open(Config{Dir: dir}, nil)
	w.Append([]byte("first record"))
	w.Append([]byte("second record"))
	w.Close()
	good, _ := os.ReadFile(path)
	second := 8 + len("first record")
	for _, n := range []uint32{0xffffffff, MaxRecord + 1} {
		b := append([]byte{}, good...)
		binary.BigEndian.PutUint32(b[second:], n)
		os.WriteFile(path, b, 0o644)
		if _, err := Open(Config{Dir: dir}, nil); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("length %#x: want ErrCorrupt, got %v", n, err)
		}
	}
	b := append([]byte{}, good...)
	binary.BigEndian.PutUint32(b[second:], MaxRecord)
	os.WriteFile(path, b, 0o644)
	w, err := Open(Config{Dir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if got := collect(t, w, 0); fmt.Sprint(got) != "[0:first record]" {
		t.Fatalf("after a length past the end: %v", got)
	}
}

// BenchmarkAppendSync appends one 200-byte record and syncs it, b.N times, and reports the distribution of the
// append+fsync time and the process's CPU per append: on a given disk the time is the floor of an ack's latency
// (every ack waits for one), and its tail shows in the ack p99 of the admission benchmark (client
// BenchmarkMarketMakerAdmission). prealloc=false is a segment that grows with its appends (Config.NoPrealloc).
func BenchmarkAppendSync(b *testing.B) {
	for _, prealloc := range []bool{true, false} {
		b.Run(fmt.Sprintf("prealloc=%v", prealloc), func(b *testing.B) {
			w, _ := Open(Config{Dir: b.TempDir(), NoPrealloc: !prealloc}, nil)
			defer w.Close()
			p := make([]byte, 200)
			ds := make([]time.Duration, 0, b.N)
			cpu0 := cputime.Process()
			for b.Loop() {
				t0 := time.Now()
				if _, err := w.Append(p); err != nil {
					b.Fatal(err)
				}
				ds = append(ds, time.Since(t0))
			}
			cpu := cputime.Process() - cpu0
			slices.Sort(ds)
			q := func(f float64) float64 {
				return float64(ds[min(len(ds)-1, int(f*float64(len(ds))))].Microseconds()) / 1000
			}
			b.ReportMetric(q(0.5), "p50-ms")
			b.ReportMetric(q(0.99), "p99-ms")
			b.ReportMetric(q(0.999), "p999-ms")
			b.ReportMetric(float64(cpu.Microseconds())/float64(len(ds)), "cpu-µs/op")
		})
	}
}

// Write reuses its buffer: no allocation per group once it has grown, and the records read back as written.
func TestWriteReusesBuffer(t *testing.T) {
	w, err := Open(Config{Dir: t.TempDir(), NoSync: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	group := [][]byte{[]byte("first record"), []byte("second"), bytes.Repeat([]byte{7}, 300)}
	if allocs := testing.AllocsPerRun(100, func() {
		if _, err := w.Write(group); err != nil {
			t.Fatal(err)
		}
	}); allocs != 0 {
		t.Fatalf("%v allocations per Write", allocs)
	}
	if _, err := w.Sync(); err != nil {
		t.Fatal(err)
	}
	got := collect(t, w, 0)
	if len(got) != 3*101 {
		t.Fatalf("%d records, want %d", len(got), 3*101)
	}
	for i, r := range got {
		if want := fmt.Sprintf("%d:%s", i, group[i%3]); r != want {
			t.Fatalf("record %d: %q, want %q", i, r, want)
		}
	}
}

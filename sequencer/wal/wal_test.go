package wal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
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

func TestTornTailCut(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, segName(0))
	w, _ := Open(Config{Dir: dir}, nil)
	w.Append([]byte("one"))
	w.Append([]byte("two"))
	w.Close()
	// A crash mid-write leaves half a record.
	st, _ := os.Stat(path)
	os.Truncate(path, st.Size()-2)
	w, err := Open(Config{Dir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := collect(t, w, 0); fmt.Sprint(got) != "[0:one]" {
		t.Fatalf("after torn tail: %v", got)
	}
	// Appending continues after the good prefix.
	if seq, _ := w.Append([]byte("three")); seq != 1 {
		t.Fatalf("seq after cut %d", seq)
	}
	w.Close()
	w, _ = Open(Config{Dir: dir}, nil)
	defer w.Close()
	if got := collect(t, w, 0); fmt.Sprint(got) != "[0:one 1:three]" {
		t.Fatalf("after reopen: %v", got)
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
// append+fsync time: on a given disk it is the floor of an ack's latency (every ack waits for one), and its tail
// shows in the ack p99 of the admission benchmark (client BenchmarkMarketMakerAdmission).
func BenchmarkAppendSync(b *testing.B) {
	w, _ := Open(Config{Dir: b.TempDir()}, nil)
	defer w.Close()
	p := make([]byte, 200)
	ds := make([]time.Duration, 0, b.N)
	for b.Loop() {
		t0 := time.Now()
		if _, err := w.Append(p); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(t0))
	}
	slices.Sort(ds)
	q := func(f float64) float64 {
		return float64(ds[min(len(ds)-1, int(f*float64(len(ds))))].Microseconds()) / 1000
	}
	b.ReportMetric(q(0.5), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(q(0.999), "p999-ms")
}

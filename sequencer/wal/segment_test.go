package wal

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// rec is a 100-byte payload (108 bytes framed) naming its index.
func rec(i int) []byte {
	p := []byte(fmt.Sprintf("r%d:", i))
	return append(p, bytes.Repeat([]byte{'x'}, 100-len(p))...)
}

// fill appends records [from, to) one at a time.
func fill(t *testing.T, w *WAL, from, to int) {
	t.Helper()
	for i := from; i < to; i++ {
		if seq, err := w.Append(rec(i)); err != nil || seq != uint64(i) {
			t.Fatalf("append %d: seq %d %v", i, seq, err)
		}
	}
}

// check replays from `from` and wants exactly the records [from, to).
func check(t *testing.T, w *WAL, from, to int) {
	t.Helper()
	i := from
	if err := w.Replay(uint64(from), func(seq uint64, p []byte) error {
		if seq != uint64(i) || !bytes.Equal(p, rec(i)) {
			return fmt.Errorf("record %d: got seq %d %q", i, seq, p[:8])
		}
		i++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if i != to {
		t.Fatalf("replay from %d ended at %d, want %d", from, i, to)
	}
}

func segFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "*"+segExt))
	for i := range m {
		m[i] = filepath.Base(m[i])
	}
	return m
}

// 10 records per segment: a segment of 1000 bytes rotates after its 10th record (1080 bytes).
const testSeg = 1000

func TestRotation(t *testing.T) {
	dir := t.TempDir()
	w, err := Open(Config{Dir: dir, SegmentBytes: testSeg}, nil)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, w, 0, 35)
	if got := fmt.Sprint(segFiles(t, dir)); got != fmt.Sprint([]string{segName(0), segName(10), segName(20), segName(30)}) {
		t.Fatalf("segments %v", got)
	}
	if w.Size() != 35*108 || w.Segments() != 4 {
		t.Fatalf("size %d segments %d", w.Size(), w.Segments())
	}
	check(t, w, 0, 35)
	check(t, w, 17, 35)
	// A group append larger than a segment stays in one segment.
	if first, err := w.AppendMany([][]byte{rec(35), rec(36), rec(37), rec(38), rec(39), rec(40), rec(41), rec(42),
		rec(43), rec(44), rec(45), rec(46)}); err != nil || first != 35 {
		t.Fatal(first, err)
	}
	w.Close()
	w, err = Open(Config{Dir: dir, SegmentBytes: testSeg}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.Next() != 47 || w.First() != 0 {
		t.Fatalf("reopen: next %d first %d", w.Next(), w.First())
	}
	check(t, w, 0, 47)
	fill(t, w, 47, 50)
	check(t, w, 45, 50)
}

func TestTruncateBefore(t *testing.T) {
	dir := t.TempDir()
	w, _ := Open(Config{Dir: dir, SegmentBytes: testSeg}, nil)
	fill(t, w, 0, 45) // segments 0, 10, 20, 30, 40 (active)
	if w.Truncatable(9) {
		t.Fatal("segment 0 holds record 9: nothing to drop before 9")
	}
	if n, _, err := w.TruncateBefore(9); err != nil || n != 0 {
		t.Fatal(n, err)
	}
	if !w.Truncatable(10) {
		t.Fatal("segment 0 is droppable before 10")
	}
	n, b, err := w.TruncateBefore(25)
	if err != nil || n != 2 || b != 20*108 {
		t.Fatalf("truncate: %d segments %d bytes %v", n, b, err)
	}
	if w.First() != 20 || w.Size() != 25*108 {
		t.Fatalf("first %d size %d", w.First(), w.Size())
	}
	check(t, w, 25, 45)
	check(t, w, 20, 45)
	if err := w.Replay(19, func(uint64, []byte) error { return nil }); !errors.Is(err, ErrTruncated) {
		t.Fatalf("replay before the first kept record: %v", err)
	}
	// The active segment is never dropped, even when everything is covered.
	if n, _, _ := w.TruncateBefore(1000); n != 2 || w.Segments() != 1 || w.First() != 40 {
		t.Fatalf("dropped %d, %d segments left, first %d", n, w.Segments(), w.First())
	}
	w.Close()
	w, err = Open(Config{Dir: dir, SegmentBytes: testSeg}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.First() != 40 || w.Next() != 45 {
		t.Fatalf("reopen: first %d next %d", w.First(), w.Next())
	}
	check(t, w, 40, 45)
	fill(t, w, 45, 60)
	check(t, w, 40, 60)
}

// A crash at each step of rotation and truncation leaves a log that opens and replays every needed record.
func TestCrashRecovery(t *testing.T) {
	setup := func(t *testing.T) (string, *WAL) {
		dir := t.TempDir()
		w, _ := Open(Config{Dir: dir, SegmentBytes: testSeg}, nil)
		fill(t, w, 0, 35) // 0, 10, 20, 30
		return dir, w
	}
	reopen := func(t *testing.T, dir string) *WAL {
		t.Helper()
		w, err := Open(Config{Dir: dir, SegmentBytes: testSeg}, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { w.Close() })
		return w
	}
	t.Run("rotation: new segment created, nothing written", func(t *testing.T) {
		dir, w := setup(t)
		fill(t, w, 35, 40) // segment 30 full: 40 created empty
		w.Close()
		w = reopen(t, dir)
		if w.Next() != 40 || w.Segments() != 5 {
			t.Fatalf("next %d segments %d", w.Next(), w.Segments())
		}
		fill(t, w, 40, 42)
		check(t, w, 0, 42)
	})
	t.Run("rotation: new segment lost (dir not synced)", func(t *testing.T) {
		dir, w := setup(t)
		fill(t, w, 35, 40)
		w.Close()
		os.Remove(filepath.Join(dir, segName(40)))
		w = reopen(t, dir)
		if w.Next() != 40 {
			t.Fatalf("next %d", w.Next())
		}
		fill(t, w, 40, 55) // appends to segment 30, which rotates at once
		check(t, w, 0, 55)
	})
	t.Run("torn tail in the new segment", func(t *testing.T) {
		dir, w := setup(t)
		w.Close()
		tear(t, filepath.Join(dir, segName(30)), 3, true)
		w = reopen(t, dir)
		if w.Next() != 34 {
			t.Fatalf("next %d", w.Next())
		}
		check(t, w, 0, 34)
	})
	t.Run("bad tail in a closed segment is refused", func(t *testing.T) {
		dir, w := setup(t)
		w.Close()
		p := filepath.Join(dir, segName(10))
		st, _ := os.Stat(p)
		os.Truncate(p, st.Size()-3)
		if _, err := Open(Config{Dir: dir, SegmentBytes: testSeg}, nil); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("want ErrCorrupt, got %v", err)
		}
	})
	t.Run("truncation: deleted segment reappears (dir not synced)", func(t *testing.T) {
		dir, w := setup(t)
		old, _ := os.ReadFile(filepath.Join(dir, segName(10)))
		if n, _, err := w.TruncateBefore(22); err != nil || n != 2 {
			t.Fatal(n, err)
		}
		w.Close()
		os.WriteFile(filepath.Join(dir, segName(10)), old, 0o644) // the last unlink was not durable
		w = reopen(t, dir)
		if w.First() != 10 || w.Next() != 35 {
			t.Fatalf("first %d next %d", w.First(), w.Next())
		}
		check(t, w, 22, 35)
		if n, _, _ := w.TruncateBefore(22); n != 1 || w.First() != 20 {
			t.Fatalf("re-truncate: %d first %d", n, w.First())
		}
	})
	t.Run("truncation: stale segment before a gap", func(t *testing.T) {
		dir, w := setup(t)
		old, _ := os.ReadFile(filepath.Join(dir, segName(0)))
		w.TruncateBefore(22)
		w.Close()
		// Only an older unlink came back (unlinks reordered): records 0..9, gap, 20..34.
		os.WriteFile(filepath.Join(dir, segName(0)), old, 0o644)
		w = reopen(t, dir)
		if w.First() != 20 || w.Next() != 35 {
			t.Fatalf("first %d next %d", w.First(), w.Next())
		}
		if got := fmt.Sprint(segFiles(t, dir)); got != fmt.Sprint([]string{segName(20), segName(30)}) {
			t.Fatalf("stale segment kept: %v", got)
		}
		check(t, w, 22, 35)
	})
	t.Run("leftover temp and foreign files are ignored", func(t *testing.T) {
		dir, w := setup(t)
		w.Close()
		os.WriteFile(filepath.Join(dir, segName(35)+".tmp"), []byte("junk"), 0o644)
		os.WriteFile(filepath.Join(dir, "notes"), []byte("junk"), 0o644)
		w = reopen(t, dir)
		check(t, w, 0, 35)
		fill(t, w, 35, 36)
	})
	t.Run("overlapping segments are refused", func(t *testing.T) {
		dir, w := setup(t)
		w.Close()
		b, _ := os.ReadFile(filepath.Join(dir, segName(10)))
		os.WriteFile(filepath.Join(dir, segName(5)), b, 0o644)
		if _, err := Open(Config{Dir: dir, SegmentBytes: testSeg}, nil); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("want ErrCorrupt, got %v", err)
		}
	})
}

// A single-file log of an older version becomes segment 0, once.
func TestLegacyMigration(t *testing.T) {
	root := t.TempDir()
	legacy := filepath.Join(root, "inputs.wal")
	w, _ := Open(Config{Dir: filepath.Join(root, "old")}, nil)
	fill(t, w, 0, 7)
	w.Close()
	os.Rename(filepath.Join(root, "old", segName(0)), legacy)
	cfg := Config{Dir: filepath.Join(root, "wal"), Legacy: legacy, SegmentBytes: testSeg}
	w, err := Open(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	check(t, w, 0, 7)
	fill(t, w, 7, 12)
	w.Close()
	if _, err := os.Stat(legacy); !os.IsNotExist(err) {
		t.Fatal("legacy file left")
	}
	w, err = Open(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	check(t, w, 0, 12)
}

// The log's size under a steady load: `go test ./sequencer/wal -run X -bench Size` reports the bytes on disk after
// b.N records of 200 bytes, with a checkpoint (seal) every 100 records, with and without truncation.
func BenchmarkSize(b *testing.B) {
	for _, trunc := range []bool{false, true} {
		b.Run(fmt.Sprintf("truncate=%v", trunc), func(b *testing.B) {
			w, _ := Open(Config{Dir: b.TempDir(), SegmentBytes: 64 << 10, NoSync: true}, nil)
			defer w.Close()
			p := make([]byte, 200)
			var peak int64
			for i := 0; b.Loop(); i++ {
				seq, err := w.Append(p)
				if err != nil {
					b.Fatal(err)
				}
				if trunc && i%100 == 99 && w.Truncatable(seq+1) {
					if _, _, err := w.TruncateBefore(seq + 1); err != nil {
						b.Fatal(err)
					}
				}
				peak = max(peak, w.Size())
			}
			b.ReportMetric(float64(w.Size()), "bytes")
			b.ReportMetric(float64(peak), "peak-bytes")
			b.ReportMetric(float64(w.Segments()), "segments")
		})
	}
}

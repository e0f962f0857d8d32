package wal

import (
	"bytes"
	"encoding/binary"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
)

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// canPreallocate reports whether the file system of dir supports preallocation (the tests that need it skip
// where it does not; a broken preallocation on a file system that supports it fails them).
func canPreallocate(t *testing.T, dir string) bool {
	t.Helper()
	f, err := os.CreateTemp(dir, "probe")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	ok, err := preallocate(f, 4096)
	return ok && err == nil
}

// The active segment is preallocated: its file keeps its size while records are appended, a reopen finds the
// records and keeps the preallocated space (no torn tail reported), and a closed segment ends at its last record.
func TestPreallocated(t *testing.T) {
	dir := t.TempDir()
	if !canPreallocate(t, dir) {
		t.Skip("no preallocation on this file system")
	}
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg := Config{Dir: dir, SegmentBytes: testSeg}
	w, err := Open(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	seg0 := filepath.Join(dir, segName(0))
	if got := fileSize(t, seg0); got != testSeg {
		t.Fatalf("new log: segment of %d bytes, want %d preallocated", got, testSeg)
	}
	fill(t, w, 0, 5)
	if got := fileSize(t, seg0); got != testSeg || w.Size() != 5*108 {
		t.Fatalf("after 5 records: file %d bytes, log %d (want %d, %d)", got, w.Size(), testSeg, 5*108)
	}
	w.Close()
	if err := os.Truncate(seg0, 5*108); err != nil { // as a log written without preallocation
		t.Fatal(err)
	}
	if w, err = Open(cfg, log); err != nil {
		t.Fatal(err)
	}
	if w.Next() != 5 || w.Size() != 5*108 || fileSize(t, seg0) != testSeg {
		t.Fatalf("reopened: next %d, log %d bytes, file %d (want it preallocated again)", w.Next(), w.Size(), fileSize(t, seg0))
	}
	fill(t, w, 5, 12) // segment 0 closes after its 10th record
	check(t, w, 0, 12)
	if got := fileSize(t, filepath.Join(dir, segName(10))); got != testSeg {
		t.Fatalf("new active segment: %d bytes, want %d preallocated", got, testSeg)
	}
	w.Close()
	if logged.Len() > 0 {
		t.Fatalf("warnings on a clean log: %s", logged.String())
	}
	// a restart with a smaller SegmentBytes: the active segment, preallocated larger, is cut to its records when it
	// closes (a closed segment ending on zeros is refused at open)
	big := Config{Dir: t.TempDir(), SegmentBytes: 64 << 10}
	if w, err = Open(big, nil); err != nil {
		t.Fatal(err)
	}
	fill(t, w, 0, 5)
	w.Close()
	big.SegmentBytes = testSeg
	if w, err = Open(big, nil); err != nil {
		t.Fatal(err)
	}
	fill(t, w, 5, 12)
	w.Close()
	if got := fileSize(t, filepath.Join(big.Dir, segName(0))); got != 10*108 {
		t.Fatalf("closed segment: %d bytes, want its records' %d", got, 10*108)
	}
	if w, err = Open(big, nil); err != nil {
		t.Fatal(err)
	}
	check(t, w, 0, 12)
	w.Close()
	// a log written without preallocation opens with it, and the other way round
	for _, no := range []bool{true, false, true} {
		cfg.NoPrealloc = no
		if w, err = Open(cfg, nil); err != nil {
			t.Fatal(err)
		}
		fill(t, w, int(w.Next()), int(w.Next())+3)
		check(t, w, 0, int(w.Next()))
		w.Close()
	}
}

// A closed segment ends at its last record: zeros after it (records zeroed, or a preallocation never cut) are
// refused, and no segment is deleted as a truncation leftover before the gap they would leave.
func TestZeroTailInClosedSegmentRefused(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Dir: dir, SegmentBytes: testSeg, NoPrealloc: true}
	w, _ := Open(cfg, nil)
	fill(t, w, 0, 35)
	w.Close()
	for _, zero := range []struct {
		name string
		off  int64 // zeros from here to the end of segment 10 (1080 bytes of records)
	}{{"a record zeroed", 9 * 108}, {"zeros appended", 10 * 108}} {
		t.Run(zero.name, func(t *testing.T) {
			p := filepath.Join(dir, segName(10))
			good, _ := os.ReadFile(p)
			defer os.WriteFile(p, good, 0o644)
			b := append(append([]byte{}, good[:zero.off]...), make([]byte, 10*108+300-zero.off)...)
			os.WriteFile(p, b, 0o644)
			if _, err := Open(cfg, nil); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("want ErrCorrupt, got %v", err)
			}
			if got := len(segFiles(t, dir)); got != 4 {
				t.Fatalf("%d segments left, want all 4", got)
			}
		})
	}
	w, err := Open(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	check(t, w, 0, 35)
}

// What follows the written part must be zeros: data after a zero header, after a torn record, or after a header
// of zero length (with a checksum) is corruption (acknowledged records may lie there), not a tail to cut; the same
// bad records followed by zeros only are a torn tail.
func TestDataAfterZerosRefused(t *testing.T) {
	torn := func(b []byte) { copy(b[8:], rec(3)[:60]) } // a 108-byte record cut after 60 bytes
	// a header of length 0 with a checksum
	zeroLen := func(b []byte) {
		binary.BigEndian.PutUint32(b, 0)
		binary.BigEndian.PutUint32(b[4:], 0xdeadbeef)
	}
	for _, c := range []struct {
		name string
		bad  func(b []byte) // b from the end of the third record, zeros
		at   int            // where the data starts, from the end of the third record
		data []byte
	}{
		{"after the last record", nil, 100, rec(9)},
		{"far after the last record", nil, 200 << 10, rec(9)},
		{"after a torn record", torn, 100, rec(9)},
		{"right after a torn record's claimed end", torn, 8 + 108, []byte{1}},
		{"after a zero length", zeroLen, 100, rec(9)},
		{"right after a zero length", zeroLen, 8, []byte{1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, segName(0))
			w, _ := Open(Config{Dir: dir, NoPrealloc: true}, nil)
			fill(t, w, 0, 3)
			w.Close()
			b, _ := os.ReadFile(path)
			tail := make([]byte, 300<<10)
			if c.bad != nil {
				binary.BigEndian.PutUint32(tail, 108) // a record header: length, then its checksum (garbage)
				binary.BigEndian.PutUint32(tail[4:], 1)
				c.bad(tail)
			}
			os.WriteFile(path, append(append([]byte{}, b...), tail...), 0o644)
			if c.bad != nil { // followed by zeros only: a torn tail, cut
				w, err := Open(Config{Dir: dir}, nil)
				if err != nil {
					t.Fatalf("torn tail: %v", err)
				}
				check(t, w, 0, 3)
				w.Close()
				os.WriteFile(path, append(append([]byte{}, b...), tail...), 0o644)
			}
			copy(tail[c.at:], c.data)
			os.WriteFile(path, append(append([]byte{}, b...), tail...), 0o644)
			if _, err := Open(Config{Dir: dir}, nil); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("want ErrCorrupt, got %v", err)
			}
		})
	}
}

// An empty record is refused (its header would read as the end of the log), and nothing of its group is written.
func TestEmptyRecordRefused(t *testing.T) {
	dir := t.TempDir()
	w, _ := Open(Config{Dir: dir}, nil)
	defer w.Close()
	fill(t, w, 0, 2)
	for _, group := range [][][]byte{{nil}, {rec(2), {}}} {
		if _, err := w.AppendMany(group); !errors.Is(err, ErrEmpty) {
			t.Fatalf("group of %d: want ErrEmpty, got %v", len(group), err)
		}
	}
	fill(t, w, 2, 4)
	check(t, w, 0, 4)
	if w.Size() != 4*108 {
		t.Fatalf("log %d bytes, want %d", w.Size(), 4*108)
	}
}

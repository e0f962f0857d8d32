package wal

import (
	"bytes"
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

// The active segment is preallocated: its file keeps its size while records are appended, a reopen finds the
// records and keeps the preallocated space (no torn tail reported), and a closed segment ends at its last record.
func TestPreallocated(t *testing.T) {
	dir := t.TempDir()
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelWarn}))
	cfg := Config{Dir: dir, SegmentBytes: testSeg}
	w, err := Open(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	seg0 := filepath.Join(dir, segName(0))
	if fileSize(t, seg0) != testSeg {
		w.Close()
		t.Skipf("no preallocation on this file system (segment of %d bytes)", fileSize(t, seg0))
	}
	fill(t, w, 0, 5)
	if got := fileSize(t, seg0); got != testSeg || w.Size() != 5*108 {
		t.Fatalf("after 5 records: file %d bytes, log %d (want %d, %d)", got, w.Size(), testSeg, 5*108)
	}
	w.Close()
	if w, err = Open(cfg, log); err != nil {
		t.Fatal(err)
	}
	if w.Next() != 5 || w.Size() != 5*108 || fileSize(t, seg0) != testSeg {
		t.Fatalf("reopened: next %d, log %d bytes, file %d", w.Next(), w.Size(), fileSize(t, seg0))
	}
	fill(t, w, 5, 12) // segment 0 closes after its 10th record
	check(t, w, 0, 12)
	if got := fileSize(t, seg0); got != 10*108 {
		t.Fatalf("closed segment: %d bytes, want its records' %d", got, 10*108)
	}
	if got := fileSize(t, filepath.Join(dir, segName(10))); got != testSeg {
		t.Fatalf("new active segment: %d bytes, want %d preallocated", got, testSeg)
	}
	w.Close()
	if logged.Len() > 0 {
		t.Fatalf("warnings on a clean log: %s", logged.String())
	}
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

// Zeros after the last record of a closed segment (one preallocated before a restart with a smaller SegmentBytes)
// end it; they are neither records nor a bad tail.
func TestZeroTailInClosedSegment(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Dir: dir, SegmentBytes: testSeg, NoPrealloc: true}
	w, _ := Open(cfg, nil)
	fill(t, w, 0, 15)
	w.Close()
	f, err := os.OpenFile(filepath.Join(dir, segName(0)), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(make([]byte, 300))
	f.Close()
	w, err = Open(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	check(t, w, 0, 15)
	fill(t, w, 15, 25)
	check(t, w, 0, 25)
}

// What follows the written part must be zeros: data after a zero header, or after a torn record, is corruption
// (acknowledged records may lie there), not a tail to cut.
func TestDataAfterZerosRefused(t *testing.T) {
	for _, c := range []struct {
		name string
		torn bool // the last record torn too
	}{{"after the last record", false}, {"after a torn record", true}} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, segName(0))
			w, _ := Open(Config{Dir: dir, NoPrealloc: true}, nil)
			fill(t, w, 0, 3)
			w.Close()
			if c.torn {
				tear(t, path, 20, true)
			}
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteAt(append(make([]byte, 100), rec(3)...), 3*108)
			f.Close()
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

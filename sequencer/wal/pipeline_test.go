package wal

import (
	"fmt"
	"sync"
	"testing"
)

// Pipelined group commit: one goroutine writes while another syncs, over many segment rotations. Every Sync
// reports a sequence number no write after it precedes, nothing is lost or reordered, and the reopened log replays
// every record in order.
func TestWriteWhileSyncing(t *testing.T) {
	dir := t.TempDir()
	w, err := Open(Config{Dir: dir, SegmentBytes: 512}, nil)
	if err != nil {
		t.Fatal(err)
	}
	const n = 2000
	var wg sync.WaitGroup
	stop := make(chan struct{})
	synced := make(chan uint64, 1<<16)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			upTo, err := w.Sync()
			if err != nil {
				t.Error(err)
				return
			}
			synced <- upTo
		}
	}()
	last := uint64(0) // sync reports only grow
	next := func() uint64 {
		s := <-synced
		if s < last || s > n {
			t.Fatalf("sync reported %d after %d (written %d)", s, last, n)
		}
		last = s
		return s
	}
	for i := 0; i < n; i += 2 {
		if i > 0 && i%100 == 0 { // wait for a sync covering the writes so far: it rotates the segment they filled
			for next() < uint64(i) {
			}
		}
		first, err := w.Write([][]byte{[]byte(fmt.Sprint("r", i)), []byte(fmt.Sprint("r", i+1))})
		if err != nil || first != uint64(i) {
			t.Fatalf("write %d: %d %v", i, first, err)
		}
	}
	close(stop)
	wg.Wait()
	close(synced)
	for len(synced) > 0 {
		next()
	}
	if upTo, err := w.Sync(); err != nil || upTo != n {
		t.Fatalf("final sync: %d %v", upTo, err)
	}
	if w.Segments() < 10 {
		t.Fatalf("only %d segments: rotation did not run", w.Segments())
	}
	w.Close()
	w, err = Open(Config{Dir: dir, SegmentBytes: 512}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	got := collect(t, w, 0)
	if len(got) != n {
		t.Fatalf("replayed %d records, want %d", len(got), n)
	}
	for i, r := range got {
		if r != fmt.Sprintf("%d:r%d", i, i) {
			t.Fatalf("record %d: %s", i, r)
		}
	}
}

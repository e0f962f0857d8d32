package kv

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// journalBytes is the size of goleveldb's journal files in dir.
func journalBytes(t *testing.T, dir string) int64 {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, e := range es {
		if strings.HasSuffix(e.Name(), ".log") && e.Name() != "LOG" {
			fi, err := e.Info()
			if err != nil {
				t.Fatal(err)
			}
			n += fi.Size()
		}
	}
	return n
}

// Flush empties the journal: writes and deletes below the write buffer no longer sit in it, and the data stays.
func TestFlushEmptiesJournal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	db, err := OpenLevelDB(LevelDBConfig{Path: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	val := make([]byte, 1024)
	for i := range 1000 {
		_, _ = rand.Read(val)
		if err := db.Put([]byte{byte(i >> 8), byte(i)}, val); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 500 {
		if err := db.Delete([]byte{byte(i >> 8), byte(i)}); err != nil {
			t.Fatal(err)
		}
	}
	before := journalBytes(t, dir)
	if before < 1<<20 {
		t.Fatalf("journal holds %d bytes before the flush, want ≥ 1 MiB", before)
	}
	if err := db.Flush(); err != nil {
		t.Fatal(err)
	}
	if after := journalBytes(t, dir); after > 64<<10 {
		t.Fatalf("journal holds %d bytes after the flush (before %d)", after, before)
	}
	if ok, _ := db.Has([]byte{0, 0}); ok {
		t.Fatal("deleted key back after the flush")
	}
	if ok, _ := db.Has([]byte{999 >> 8, 999 & 0xff}); !ok {
		t.Fatal("kept key lost in the flush")
	}
}

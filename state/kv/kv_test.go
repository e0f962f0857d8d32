package kv

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
)

// runSuite is the one test suite every backend passes.
func runSuite(t *testing.T, open func(t *testing.T) Store) {
	t.Run("GetPutDelete", func(t *testing.T) {
		s := open(t)
		if _, err := s.Get([]byte("a")); !errors.Is(err, ErrNotFound) {
			t.Fatalf("missing key: %v", err)
		}
		if err := s.Put([]byte("a"), []byte("1")); err != nil {
			t.Fatal(err)
		}
		v, err := s.Get([]byte("a"))
		if err != nil || string(v) != "1" {
			t.Fatalf("get: %q %v", v, err)
		}
		ok, _ := s.Has([]byte("a"))
		if !ok {
			t.Fatal("has")
		}
		if err := s.Delete([]byte("a")); err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.Has([]byte("a")); ok {
			t.Fatal("deleted key present")
		}
	})
	t.Run("BatchAtomic", func(t *testing.T) {
		s := open(t)
		b := s.NewBatch()
		for i := 0; i < 100; i++ {
			b.Put([]byte(fmt.Sprintf("k%03d", i)), []byte{byte(i)})
		}
		if ok, _ := s.Has([]byte("k000")); ok {
			t.Fatal("batch visible before Write")
		}
		if b.Len() != 100 {
			t.Fatal("len")
		}
		if err := b.Write(); err != nil {
			t.Fatal(err)
		}
		var n int
		prev := []byte{}
		if err := s.Iterate([]byte("k"), func(k, v []byte) bool {
			if bytes.Compare(prev, k) >= 0 {
				t.Fatalf("not ascending: %s after %s", k, prev)
			}
			prev = bytes.Clone(k)
			n++
			return true
		}); err != nil {
			t.Fatal(err)
		}
		if n != 100 {
			t.Fatalf("iterated %d", n)
		}
	})
	t.Run("ValueCopied", func(t *testing.T) {
		s := open(t)
		v := []byte("xy")
		_ = s.Put([]byte("c"), v)
		v[0] = 'z'
		got, _ := s.Get([]byte("c"))
		if string(got) != "xy" {
			t.Fatal("store kept caller's slice")
		}
	})
	t.Run("BatchCopiesKeysAndValues", func(t *testing.T) {
		s := open(t)
		b := s.NewBatch()
		k, v := []byte("k1"), []byte("v1")
		b.Put(k, v)
		k[1], v[1] = '2', '2' // reused for the next record, before the batch is written
		b.Put(k, v)
		d := []byte("k3")
		b.Put([]byte("k3"), []byte("v3"))
		b.Delete(d)
		d[1] = '1'
		if err := b.Write(); err != nil {
			t.Fatal(err)
		}
		for key, want := range map[string]string{"k1": "v1", "k2": "v2"} {
			if got, err := s.Get([]byte(key)); err != nil || string(got) != want {
				t.Fatalf("%s = %q, %v; want %q", key, got, err, want)
			}
		}
		if ok, _ := s.Has([]byte("k3")); ok {
			t.Fatal("the deleted key's slice was changed after Delete, and the wrong key deleted")
		}
	})
	t.Run("BatchSize", func(t *testing.T) {
		b := open(t).NewBatch()
		if b.Size() > 16 {
			t.Fatalf("empty batch: %d bytes", b.Size())
		}
		b.Put([]byte("key"), make([]byte, 1000))
		one := b.Size()
		if one < 1003 || one > 1003+32 {
			t.Fatalf("a 3-byte key and a 1000-byte value: %d bytes", one)
		}
		b.Put([]byte("key2"), make([]byte, 500))
		if d := b.Size() - one; d < 504 || d > 504+32 {
			t.Fatalf("a second record added %d bytes", d)
		}
		b.Reset()
		if b.Size() > 16 {
			t.Fatalf("reset batch: %d bytes", b.Size())
		}
	})
	t.Run("FailingBatchWritesNothing", func(t *testing.T) {
		f := NewFailing(open(t))
		f.FailWrites(true)
		b := f.NewBatch()
		b.Put([]byte("x"), []byte("1"))
		if err := b.Write(); !errors.Is(err, ErrInjected) {
			t.Fatalf("want injected error, got %v", err)
		}
		if ok, _ := f.Has([]byte("x")); ok {
			t.Fatal("failed batch wrote")
		}
	})
	t.Run("Snapshot", func(t *testing.T) {
		s := open(t)
		_ = s.Put([]byte("p1"), []byte("a"))
		_ = s.Put([]byte("p2"), []byte("b"))
		sn, err := s.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		defer sn.Release()
		b := s.NewBatch()
		b.Delete([]byte("p1"))
		b.Put([]byte("p2"), []byte("changed"))
		b.Put([]byte("p3"), []byte("c"))
		if err := b.Write(); err != nil {
			t.Fatal(err)
		}
		if v, err := sn.Get([]byte("p1")); err != nil || string(v) != "a" {
			t.Fatalf("snapshot lost a later-deleted key: %q %v", v, err)
		}
		if ok, _ := sn.Has([]byte("p3")); ok {
			t.Fatal("snapshot sees a later write")
		}
		var got []string
		if err := sn.Iterate([]byte("p"), func(k, v []byte) bool {
			got = append(got, string(k)+"="+string(v))
			return true
		}); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != "[p1=a p2=b]" {
			t.Fatalf("snapshot iteration %v", got)
		}
		if _, err := s.Get([]byte("p1")); !errors.Is(err, ErrNotFound) {
			t.Fatalf("store still has the deleted key: %v", err)
		}
	})
	t.Run("Closed", func(t *testing.T) {
		s := open(t)
		_ = s.Close()
		if _, err := s.Get([]byte("a")); !errors.Is(err, ErrClosed) {
			t.Fatalf("closed get: %v", err)
		}
	})
}

func TestMemory(t *testing.T) { runSuite(t, func(*testing.T) Store { return NewMemory() }) }

func TestLevelDB(t *testing.T) {
	runSuite(t, func(t *testing.T) Store {
		s, err := OpenLevelDB(LevelDBConfig{Path: filepath.Join(t.TempDir(), "db")})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s
	})
}

func TestLevelDBReopen(t *testing.T) {
	p := filepath.Join(t.TempDir(), "db")
	s, err := OpenLevelDB(LevelDBConfig{Path: p})
	if err != nil {
		t.Fatal(err)
	}
	_ = s.Put([]byte("k"), []byte("v"))
	_ = s.Close()
	s, err = OpenLevelDB(LevelDBConfig{Path: p})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v, err := s.Get([]byte("k"))
	if err != nil || string(v) != "v" {
		t.Fatalf("after reopen: %q %v", v, err)
	}
}

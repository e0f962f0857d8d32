package state

import (
	"errors"
	"strings"
	"testing"

	"github.com/zkperp/zkperp/state/kv"
)

// A prepared commit is the commit in memory at once — the working state goes on from it, its leaves are read from
// memory — and in the store only once written: before Write the store still holds the previous commit (a crash
// there recovers the previous one), after Write and Landed it holds the new one, as CommitBatches would have written.
// No second commit or rollback is taken while one is in flight.
func TestPrepareCommit(t *testing.T) {
	db := kv.NewMemory()
	e := newEnv(t, db)
	openPair(e, 10, 1000, 5000)
	next := e.s.CommittedHead().Batch + 1
	h := e.s.Head()
	h.Batch = next
	encoded := 0
	pc, err := e.s.PrepareCommit([]Head{h}, func() (map[string][]byte, error) {
		encoded++
		return map[string][]byte{"k": []byte("v")}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if encoded != 0 {
		t.Fatal("the extra values were encoded before Write")
	}
	if pc.Records() != 0 || pc.Bytes() != 0 {
		t.Fatal("records or bytes counted before Write")
	}
	if e.s.CommittedHead().Batch != next {
		t.Fatal("the prepared commit is not the committed head in memory")
	}
	if _, err := e.s.BatchHead(next); err == nil {
		t.Fatal("the store holds the batch before Write")
	}
	if _, err := e.s.Extra("k"); err == nil {
		t.Fatal("the store holds the extra before Write")
	}
	// the working state goes on over the frozen nodes and preimages
	e.deposit(3, 1_000_000)
	e.must(e.margin(3, 0, true, 5000))
	mk := e.order(3, 5, 0, true, 1100, 4)
	tk := e.order(1, 2, 0, false, 1100, 4)
	e.must(Fill{Maker: mk, Taker: tk, Price: mk.Price, Size: 4})
	if p, _ := e.s.Position(1, 0); p.Size != 6 {
		t.Fatalf("position over a prepared commit: %+v", p)
	}
	h2 := e.s.Head()
	h2.Batch = next + 1
	if _, err := e.s.PrepareCommit([]Head{h2}, nil); !errors.Is(err, ErrCommitInFlight) {
		t.Fatalf("second commit in flight: %v", err)
	}
	if err := e.s.Rollback(next - 1); !errors.Is(err, ErrCommitInFlight) {
		t.Fatalf("rollback with a commit in flight: %v", err)
	}
	if err := pc.Write(); err != nil {
		t.Fatal(err)
	}
	// the memory store counts keys and values: at least the extra's and a node's (a key and two children) each
	if pc.Records() < 2 || pc.Bytes() < len(extraKey("k"))+1+pc.Records()*32 {
		t.Fatalf("commit wrote %d records, %d bytes", pc.Records(), pc.Bytes())
	}
	e.s.Landed()
	if got, err := e.s.BatchHead(next); err != nil || got.AccountsRoot != h.AccountsRoot {
		t.Fatalf("batch %d after Write: %v", next, err)
	}
	if v, err := e.s.Extra("k"); err != nil || string(v) != "v" || encoded != 1 {
		t.Fatalf("extra after Write: %q %v (encoded %d times)", v, err, encoded)
	}
	if err := e.s.CommitBatches([]Head{h2}, nil); err != nil {
		t.Fatal(err)
	}
	// a state reopened over the store reads what the trees hold: both commits landed whole
	s2, err := Open(testCfg, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s2.CommittedHead() != h2 {
		t.Fatal("reopened state differs")
	}
	if p, err := s2.Position(1, 0); err != nil || p.Size != 6 {
		t.Fatalf("reopened position: %+v %v", p, err)
	}
}

// A prepared commit whose extra values fail to encode writes nothing: the store keeps the previous commit.
func TestPrepareCommitExtraFails(t *testing.T) {
	db := kv.NewMemory()
	e := newEnv(t, db)
	openPair(e, 10, 1000, 5000)
	before := e.s.CommittedHead()
	h := e.s.Head()
	h.Batch = before.Batch + 1
	bad := errors.New("encode")
	pc, err := e.s.PrepareCommit([]Head{h}, func() (map[string][]byte, error) { return nil, bad })
	if err != nil {
		t.Fatal(err)
	}
	if err := pc.Write(); !errors.Is(err, bad) {
		t.Fatalf("write with a failing encoder: %v", err)
	}
	if _, err := e.s.BatchHead(h.Batch); err == nil {
		t.Fatal("the store holds the batch after a failed write")
	}
	s2, err := Open(testCfg, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s2.CommittedHead() != before {
		t.Fatal("reopened state is not the previous commit")
	}
}

// recordingStore records the keys of every batch written through it.
type recordingStore struct {
	kv.Store
	written [][]string
	batches int // NewBatch calls
}

type recordingBatch struct {
	kv.Batch
	s    *recordingStore
	keys []string
}

func (s *recordingStore) NewBatch() kv.Batch {
	s.batches++
	return &recordingBatch{Batch: s.Store.NewBatch(), s: s}
}
func (b *recordingBatch) Put(k, v []byte) { b.keys = append(b.keys, string(k)); b.Batch.Put(k, v) }
func (b *recordingBatch) Reset()          { b.keys = b.keys[:0]; b.Batch.Reset() }
func (b *recordingBatch) Write() error {
	b.s.written = append(b.s.written, append([]string(nil), b.keys...))
	return b.Batch.Write()
}

// A commit's store batch is reused by the next commit (its buffer already grown), emptied first: every commit,
// prepared or not, writes its own records only, never the previous commit's again.
func TestCommitBatchReused(t *testing.T) {
	db := &recordingStore{Store: kv.NewMemory()}
	e := newEnv(t, db)
	openPair(e, 10, 1000, 5000)
	commit := func(prepared bool) {
		t.Helper()
		h := e.s.Head()
		h.Batch = e.s.CommittedHead().Batch + 1
		if !prepared {
			if err := e.s.CommitBatches([]Head{h}, nil); err != nil {
				t.Fatal(err)
			}
			return
		}
		pc, err := e.s.PrepareCommit([]Head{h}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := pc.Write(); err != nil {
			t.Fatal(err)
		}
		e.s.Landed()
	}
	trade := func(id uint32) {
		mk := e.order(2, id, 0, true, 1000, 1)
		tk := e.order(1, id, 0, false, 1000, 1)
		e.must(Fill{Maker: mk, Taker: tk, Price: mk.Price, Size: 1})
	}
	first, made := len(db.written), db.batches
	for i, prepared := range []bool{false, true, true, false, true} {
		trade(uint32(100 + i))
		commit(prepared)
	}
	seen := map[string]int{}
	for i, keys := range db.written[first:] {
		batches := 0
		for _, k := range keys {
			if strings.HasPrefix(k, string(prefixBatch)) && len(k) == len(prefixBatch)+8 {
				batches++
				if j, ok := seen[k]; ok {
					t.Fatalf("commit %d writes batch key %x of commit %d again", i, k, j)
				}
				seen[k] = i
			}
		}
		if batches != 1 {
			t.Fatalf("commit %d wrote %d batch heads, want 1", i, batches)
		}
	}
	if len(db.written)-first != 5 {
		t.Fatalf("%d commits written, want 5", len(db.written)-first)
	}
	if n := db.batches - made; n > 1 {
		t.Fatalf("5 commits made %d batches, want one reused", n)
	}
	e.checkInvariants(10)
}

package state

import (
	"errors"
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

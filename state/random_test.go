package state

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/zkperp/zkperp/state/kv"
)

// randomRun drives the state with random (mostly valid, some invalid) transactions and checks after each one that a
// rejected tx changed nothing, an accepted one has a verifying trace, and the invariants hold: conservation,
// open interest = Σ longs, Σ sizes = 0, fills within signed sizes, replays rejected, untouched positions unchanged.
func randomRun(t testing.TB, seed uint64, steps int) { randomRun2(t, newEnv(t, nil), seed, steps) }

func randomRun2(t testing.TB, e *env, seed uint64, steps int) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e37))
	const traders = 5
	for a := uint32(1); a <= traders; a++ {
		e.deposit(a, 200_000+uint64(r.IntN(100_000)))
		e.must(e.margin(a, 0, true, 4_000))
		e.must(e.margin(a, 1, true, 4_000))
	}
	nextID := map[uint32]uint32{}
	type live struct {
		o      Order
		filled uint64
	}
	var book []live
	snapshot := func() map[[2]uint32]Position {
		m := map[[2]uint32]Position{}
		for a := uint32(0); a <= traders; a++ {
			for mk := uint8(0); mk < 2; mk++ {
				p, _ := e.s.Position(a, mk)
				m[[2]uint32{a, uint32(mk)}] = p
			}
		}
		return m
	}
	accepted := map[TxType]int{}
	defer func() { t.Logf("seed %d accepted: %v", seed, accepted) }()
	for step := 0; step < steps; step++ {
		before := snapshot()
		var touched map[[2]uint32]bool
		var tx Tx
		switch k := r.IntN(100); {
		case k < 55: // fill: a fresh or resting maker against a fresh taker
			mkt := uint8(r.IntN(2))
			m, _ := e.s.Market(mkt)
			price := (m.Mark/10 + uint64(r.IntN(21)) - 10) * 10
			var mk Order
			if len(book) > 0 && r.IntN(2) == 0 {
				mk = book[r.IntN(len(book))].o
			} else {
				a := uint32(1 + r.IntN(traders))
				nextID[a] += 1 + uint32(r.IntN(3))
				mk = e.order(a, nextID[a], mkt, r.IntN(2) == 0, price, uint64(1+r.IntN(30)))
				book = append(book, live{o: mk})
			}
			ta := uint32(1 + r.IntN(traders))
			nextID[ta] += 1 + uint32(r.IntN(3))
			tk := e.order(ta, nextID[ta], mk.Market, !mk.Buy, mk.Price, uint64(1+r.IntN(30)))
			tx = Fill{Maker: mk, Taker: tk, Price: mk.Price, Size: uint64(1 + r.IntN(20))}
			touched = map[[2]uint32]bool{{mk.Account, uint32(mk.Market)}: true, {ta, uint32(mk.Market)}: true}
		case k < 65:
			a := uint32(1 + r.IntN(traders))
			mkt := uint8(r.IntN(2))
			tx = e.margin(a, mkt, r.IntN(2) == 0, uint64(1+r.IntN(3_000)))
			touched = map[[2]uint32]bool{{a, uint32(mkt)}: true}
		case k < 72:
			tx = e.withdraw(uint32(1+r.IntN(traders)), uint64(1+r.IntN(50_000)))
		case k < 78:
			a := uint32(1 + r.IntN(traders))
			d := Deposit{Account: a, PubKey: e.key(a).Public(), Amount: uint64(r.IntN(10_000))}
			if r.IntN(5) == 0 { // a forced exit: the queue entry has amount 0
				d.Amount, d.ForcedExit = 0, true
			}
			tx = d
		case k < 86:
			mkt := uint8(r.IntN(2))
			m, _ := e.s.Market(mkt)
			b := int(FundingBound(m, e.s.Time())) + 2 // sometimes just above the bound: rejected
			tx = FundingTick{Market: mkt, Rate: int64(r.IntN(2*b+1) - b)}
		case k < 94:
			mkt := uint8(r.IntN(2))
			m, _ := e.s.Market(mkt)
			p := int64(m.Mark) + int64(r.IntN(301)) - 150
			tx = MarkPrice{Market: mkt, Price: uint64(max(p, 100))}
		default:
			a, mkt := uint32(1+r.IntN(traders)), uint8(r.IntN(2))
			tx = Liquidate{Account: a, Market: mkt, Forced: r.IntN(4) == 0} // a quarter are forced closes
			touched = map[[2]uint32]bool{{a, uint32(mkt)}: true, {0, uint32(mkt)}: true}
		}
		if r.IntN(4) == 0 {
			e.advance(uint32(r.IntN(900)))
		}
		_, err := e.apply(tx)
		if err == nil {
			accepted[tx.Type()]++
			if f, ok := tx.(Fill); ok {
				for i := range book {
					if book[i].o == f.Maker {
						book[i].filled += f.Size
					}
				}
				// Replaying the same fill must fail (overfill or stale) or, if there is room, be a legal partial fill;
				// a fill beyond the signed size never passes.
				for _, o := range []Order{f.Maker, f.Taker} {
					slot, _ := e.s.OrderSlot(o.Account, o.ID)
					if slot.OrderID == o.ID && slot.Filled > o.Size {
						t.Fatalf("order %d/%d filled %d > %d", o.Account, o.ID, slot.Filled, o.Size)
					}
				}
			}
		} else if !isRuleError(err) {
			t.Fatalf("step %d: unexpected error class: %v", step, err)
		}
		after := snapshot()
		for k, p := range after {
			if !touched[k] && p.Size != before[k].Size {
				t.Fatalf("step %d: untouched position %v changed", step, k)
			}
			if !touched[k] && p.Collateral != before[k].Collateral {
				t.Fatalf("step %d: untouched position %v collateral changed", step, k)
			}
		}
		e.checkInvariants(traders + 1)
	}
}

// A replica that knows only the pubdata of accepted txs and the L1 key registrations rebuilds the same root.
func TestReplicaFromPubdata(t *testing.T) {
	e := newEnv(t, nil)
	randomRun2(t, e, 5, 150)
	r := newEnv(t, nil)
	lookup := func(a uint32) (PublicKey, bool) {
		k, ok := e.keys[a]
		if !ok {
			return PublicKey{}, false
		}
		return k.Public(), true
	}
	for i, pd := range e.pubdata {
		if err := r.s.SetTime(e.times[i]); err != nil {
			t.Fatal(err)
		}
		if _, err := r.s.ApplyProven(pd, lookup); err != nil {
			t.Fatalf("replica tx %d: %v", i, err)
		}
	}
	if r.s.Root() != e.s.Root() {
		t.Fatal("replica root differs")
	}
	if r.s.Head().DepositHash != e.s.Head().DepositHash {
		t.Fatal("replica deposit hash differs")
	}
	var junk [32]byte
	junk[31] = 7 // type 7 with a zero market: mark price 0 is refused
	if _, err := r.s.ApplyProven(junk, lookup); err == nil {
		t.Fatal("bad pubdata applied")
	}
}

func isRuleError(err error) bool {
	for _, target := range []error{ErrInsufficientMargin, ErrInsufficientFunds, ErrOverfill, ErrStaleOrder,
		ErrNotLiquidatable, ErrBadNonce, ErrSelfTrade, ErrPriceLimit, ErrOverflow, ErrFundingRate, ErrStaleMark} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

func TestRandomSequences(t *testing.T) {
	steps := 300
	if testing.Short() {
		steps = 80
	}
	for seed := uint64(1); seed <= 3; seed++ {
		randomRun(t, seed, steps)
	}
}

func FuzzTransitions(f *testing.F) {
	f.Add(uint64(42))
	f.Fuzz(func(t *testing.T, seed uint64) { randomRun(t, seed, 40) })
}

func TestReopenSameState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	db, err := kv.OpenLevelDB(kv.LevelDBConfig{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, db)
	openPair(e, 10, 1000, 5000)
	if err := e.s.Commit(1); err != nil {
		t.Fatal(err)
	}
	root := e.s.Root()
	pos, _ := e.s.Position(1, 0)
	_ = db.Close()
	db, err = kv.OpenLevelDB(kv.LevelDBConfig{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := Open(testCfg, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Root() != root || s.CommittedHead().Batch != 1 {
		t.Fatal("root changed across reopen")
	}
	if p, _ := s.Position(1, 0); p != pos {
		t.Fatalf("position after reopen %+v, want %+v", p, pos)
	}
	if _, err := Open(Config{AccountDepth: 6, PositionDepth: 2, OrderDepth: 3}, db, nil); err == nil {
		t.Fatal("reopened with other depths")
	}
}

func TestFailedCommitKeepsOldRoot(t *testing.T) {
	f := kv.NewFailing(kv.NewMemory())
	e := newEnv(t, f)
	committed := e.s.Root()
	e.deposit(1, 100)
	working := e.s.Root()
	f.FailWrites(true)
	if err := e.s.Commit(1); !errors.Is(err, kv.ErrInjected) {
		t.Fatalf("commit: %v", err)
	}
	// The store still holds the old head: a restart sees batch 1.
	s2, err := Open(testCfg, f, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s2.Root() != committed || s2.CommittedHead().Batch != 0 {
		t.Fatal("failed commit moved the stored root")
	}
	// The working state survives for a retry.
	if e.s.Root() != working {
		t.Fatal("failed commit lost the working state")
	}
	f.FailWrites(false)
	if err := e.s.Commit(1); err != nil {
		t.Fatal(err)
	}
	s3, _ := Open(testCfg, f, nil)
	if s3.Root() != working {
		t.Fatal("retried commit not stored")
	}
}

func TestRollback(t *testing.T) {
	e := newEnv(t, nil)
	r1 := e.s.Root()
	e.deposit(1, 100)
	_ = e.s.Commit(1)
	r2 := e.s.Root()
	e.deposit(1, 50)
	_ = e.s.Commit(2)
	if err := e.s.Rollback(1); err != nil {
		t.Fatal(err)
	}
	if e.s.Root() != r2 {
		t.Fatal("rollback to 1")
	}
	if a, _ := e.s.Account(1); a.Free != 100 {
		t.Fatalf("free after rollback %d", a.Free)
	}
	if h, _ := e.s.BatchHead(0); e.s.RootOf(h) != r1 {
		t.Fatal("genesis root not retrievable")
	}
	if _, err := e.s.BatchHead(2); err == nil {
		t.Fatal("batch 2 still present after rollback")
	}
	if err := e.s.Rollback(5); err == nil {
		t.Fatal("rollback beyond head accepted")
	}
	e.deposit(1, 1)
	e.s.Discard()
	if e.s.Root() != r2 {
		t.Fatal("discard")
	}
}

func TestCommitBatchesIntermediateHeads(t *testing.T) {
	db := kv.NewMemory()
	e := newEnv(t, db)
	t1 := e.must(Deposit{Account: 1, PubKey: e.key(1).Public(), Amount: 5})
	e.must(Deposit{Account: 2, PubKey: e.key(2).Public(), Amount: 6})
	h2, h3 := t1.After, e.s.Head()
	h2.Batch, h3.Batch = 1, 2
	if err := e.s.CommitBatches([]Head{h2}, nil); err == nil {
		t.Fatal("committed a head behind the working head")
	}
	if err := e.s.CommitBatches([]Head{h2, h3}, map[string][]byte{"ckpt": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	s, _ := Open(testCfg, db, nil)
	got2, _ := s.BatchHead(1)
	if s.RootOf(got2) != e.s.RootOf(t1.After) || s.CommittedHead().Batch != 2 {
		t.Fatal("intermediate batch head not stored")
	}
	if v, err := s.Extra("ckpt"); err != nil || string(v) != "x" {
		t.Fatalf("extra: %q %v", v, err)
	}
	if err := s.Rollback(1); err != nil {
		t.Fatal(err)
	}
	if a, _ := s.Account(2); a.Free != 0 {
		t.Fatal("rollback to an intermediate head kept the later deposit")
	}
}

func TestGenesisBuild(t *testing.T) {
	g := Genesis{Config: testCfg, Markets: []GenesisMarket{{ID: 0, Params: testParams, Mark: 1000}, {ID: 1, Params: testParams, Mark: 50}}}
	db := kv.NewMemory()
	s, err := g.Build(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := g.Root()
	if s.Root() != want || s.CommittedHead().Batch != 0 {
		t.Fatal("genesis root")
	}
	if _, err := g.Build(db, nil); err != nil { // reopen: same genesis
		t.Fatal(err)
	}
	g2 := g
	g2.Markets = g.Markets[:1]
	if _, err := g2.Build(db, nil); err == nil {
		t.Fatal("other genesis accepted on an existing store")
	}
}

func TestTraceCodecRoundTrip(t *testing.T) {
	e := newEnv(t, nil)
	var trs []*Trace
	e.deposit(1, 1_000_000)
	e.deposit(2, 1_000_000)
	trs = append(trs, e.must(e.margin(1, 0, true, 50_000)), e.must(e.margin(2, 0, true, 50_000)))
	mk, tk := e.order(1, 1, 0, false, 1000, 5), e.order(2, 1, 0, true, 1000, 5)
	e.advance(FundingPeriod)
	trs = append(trs, e.must(Fill{Maker: mk, Taker: tk, Price: 1000, Size: 5}), e.must(NoOp{}),
		e.must(MarkPrice{Market: 0, Price: 990, Round: 7}), e.must(FundingTick{Market: 0, Rate: -3}), e.must(e.withdraw(1, 10)))
	b, err := EncodeTraces(trs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeTraces(b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range trs {
		if fmt.Sprint(*got[i]) != fmt.Sprint(*trs[i]) {
			t.Fatalf("trace %d differs after the round trip:\n%+v\n%+v", i, *got[i], *trs[i])
		}
		if err := e.s.VerifyTrace(got[i]); err != nil {
			t.Fatalf("decoded trace %d: %v", i, err)
		}
	}
	if _, err := DecodeTraces(b[:len(b)/2]); err == nil {
		t.Fatal("truncated traces decoded")
	}
}

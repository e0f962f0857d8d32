package state

import (
	"math/rand/v2"
	"testing"
)

// cacheAgrees checks every cached entry whose root is the working head against the tree under the head.
func cacheAgrees(t *testing.T, s *State, step int, what string) {
	t.Helper()
	rc := &s.rc
	if rc.accounts != nil && rc.accRoot == s.head.AccountsRoot {
		for i, ca := range rc.accounts {
			a, _, err := s.accountAt(s.head.AccountsRoot, i)
			if err != nil || a != ca {
				t.Fatalf("step %d (%s): account %d cached %+v, tree %+v (%v)", step, what, i, ca, a, err)
			}
		}
		for k, cp := range rc.positions {
			a, _, _ := s.accountAt(s.head.AccountsRoot, k.account)
			p, _, err := s.positionAt(a.PositionsRoot, k.market)
			if err != nil || p != cp {
				t.Fatalf("step %d (%s): position %+v cached %+v, tree %+v", step, what, k, cp, p)
			}
		}
		for k, co := range rc.slots {
			a, _, _ := s.accountAt(s.head.AccountsRoot, k.account)
			o, _, err := s.orderAt(a.OrdersRoot, k.slot)
			if err != nil || o != co {
				t.Fatalf("step %d (%s): slot %+v cached %+v, tree %+v", step, what, k, co, o)
			}
		}
	}
	if rc.markets != nil && rc.mktRoot == s.head.MarketsRoot {
		for id, cm := range rc.markets {
			m, _, err := s.marketAt(s.head.MarketsRoot, id)
			if err != nil || m != cm {
				t.Fatalf("step %d (%s): market %d cached %+v, tree %+v", step, what, id, cm, m)
			}
		}
	}
}

// TestReadCacheStress: random runs of every kind of change (fills, rejected ones among them, margin moves,
// withdrawals, deposits, marks, funding, liquidations, padding traces at earlier heads, keep traces, discards,
// commits, rollbacks, time), with reads of accounts, positions, markets and order ids that share slots between
// them; after every step each cached entry of the head's roots is checked against the tree, and every reader
// against the uncached one.
func TestReadCacheStress(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		rcStress(t, seed, 600)
	}
}

func rcStress(t *testing.T, seed uint64, steps int) {
	e := newEnv(t, nil)
	s := e.s
	r := rand.New(rand.NewPCG(seed, seed*7+1))
	const traders = 6
	for a := uint32(1); a <= traders; a++ {
		e.deposit(a, 300_000)
		e.must(e.margin(a, 0, true, 6_000))
		e.must(e.margin(a, 1, true, 6_000))
	}
	if err := s.Commit(1); err != nil {
		t.Fatal(err)
	}
	nextID := map[uint32]uint32{}
	var heads []Head // working heads since the last commit
	readAll := func() {
		for a := uint32(0); a <= traders+1; a++ {
			if r.IntN(3) == 0 {
				continue
			}
			s.Account(a)
			for mk := uint8(0); mk < 3; mk++ {
				s.Position(a, mk)
			}
			for id := uint32(0); id < 40; id += uint32(1 + r.IntN(4)) {
				s.OrderSlot(a, id)
			}
		}
		for mk := uint8(0); mk < 3; mk++ {
			s.Market(mk)
		}
	}
	for step := 0; step < steps; step++ {
		if r.IntN(2) == 0 {
			readAll()
		}
		what := ""
		switch k := r.IntN(100); {
		case k < 50:
			what = "fill"
			mkt := uint8(r.IntN(2))
			m, _ := s.Market(mkt)
			price := (m.Mark/10 + uint64(r.IntN(21)) - 10) * 10
			a := uint32(1 + r.IntN(traders))
			b := uint32(1 + r.IntN(traders))
			nextID[a] += uint32(1 + r.IntN(9))
			nextID[b] += uint32(1 + r.IntN(9))
			ida, idb := nextID[a], nextID[b]
			if r.IntN(4) == 0 { // an old id: stale or overfill
				ida = uint32(1 + r.IntN(int(nextID[a])))
			}
			buy := r.IntN(2) == 0
			mk := e.order(a, ida, mkt, buy, price, uint64(1+r.IntN(30)))
			tk := e.order(b, idb, mkt, !buy, price, uint64(1+r.IntN(30)))
			s.Apply(Fill{Maker: mk, Taker: tk, Price: price, Size: uint64(1 + r.IntN(20))})
		case k < 58:
			what = "margin"
			s.Apply(e.margin(uint32(1+r.IntN(traders)), uint8(r.IntN(2)), r.IntN(2) == 0, uint64(1+r.IntN(3000))))
		case k < 63:
			what = "withdraw"
			s.Apply(e.withdraw(uint32(1+r.IntN(traders)), uint64(1+r.IntN(5000))))
		case k < 68:
			what = "deposit"
			a := uint32(1 + r.IntN(traders+1))
			s.Apply(Deposit{Account: a, PubKey: e.key(a).Public(), Amount: uint64(r.IntN(10_000)), ForcedExit: r.IntN(6) == 0})
		case k < 73:
			what = "mark"
			mkt := uint8(r.IntN(2))
			m, _ := s.Market(mkt)
			p := int64(m.Mark) + int64(r.IntN(301)) - 150
			s.Apply(MarkPrice{Market: mkt, Price: uint64(max(p, 100))})
		case k < 76:
			what = "funding"
			mkt := uint8(r.IntN(2))
			m, _ := s.Market(mkt)
			b := int(FundingBound(m, s.Time())) + 1
			s.Apply(FundingTick{Market: mkt, Rate: int64(r.IntN(2*b+1) - b)})
		case k < 80:
			what = "liquidate"
			s.Apply(Liquidate{Account: uint32(1 + r.IntN(traders)), Market: uint8(r.IntN(2)), Forced: r.IntN(3) == 0})
		case k < 84:
			what = "noop trace"
			h := s.CommittedHead()
			if len(heads) > 0 {
				h = heads[r.IntN(len(heads))]
			}
			if _, err := s.NoOpTrace(h); err != nil {
				t.Fatal(err)
			}
		case k < 87:
			what = "keep trace"
			if _, err := s.KeepTrace(NoOp{}, Leaves{Accounts: [2]LeafIndex{{Account: uint32(r.IntN(8)), Market: uint8(r.IntN(2)), Slot: uint64(r.IntN(8))}, {Account: uint32(r.IntN(8)), Market: uint8(r.IntN(2)), Slot: uint64(r.IntN(8))}}, Market: uint8(r.IntN(2))}); err != nil {
				t.Fatal(err)
			}
		case k < 90:
			what = "discard"
			s.Discard()
			heads = nil
		case k < 94:
			what = "commit"
			if s.Head() != s.CommittedHead() {
				if err := s.Commit(s.CommittedHead().Batch + 1); err != nil {
					t.Fatal(err)
				}
			}
			heads = nil
		case k < 96:
			what = "rollback"
			c := s.CommittedHead().Batch
			if c > 1 {
				if err := s.Rollback(c - uint64(1+r.IntN(int(min(c-1, 3))))); err != nil {
					t.Fatal(err)
				}
				heads = nil
			}
		default:
			what = "advance"
			s.SetTime(s.Time() + uint32(r.IntN(900)))
		}
		heads = append(heads, s.Head())
		cacheAgrees(t, s, step, what)
		readAll()
		cacheAgrees(t, s, step, what+" (after reads)")
		for a := uint32(0); a <= traders+1; a++ {
			for _, id := range []uint32{1, 3, 9, 17, 33} {
				ua, up, uo, um := s.uncached(a, uint8(id%2), id)
				ca, _ := s.Account(a)
				cp, _ := s.Position(a, uint8(id%2))
				co, _ := s.OrderSlot(a, id)
				cm, _ := s.Market(uint8(id % 2))
				if ca != ua || cp != up || co != uo || cm != um {
					t.Fatalf("seed %d step %d (%s): account %d id %d differs", seed, step, what, a, id)
				}
			}
		}
	}
}

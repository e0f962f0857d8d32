package state

import "testing"

// uncached reads a leaf as the cache-less State did: through the working head's roots.
func (s *State) uncached(account uint32, market uint8, orderID uint32) (Account, Position, OrderSlot, Market) {
	a, _, _ := s.accountAt(s.head.AccountsRoot, account)
	p, _, _ := s.positionAt(a.PositionsRoot, market)
	o, _, _ := s.orderAt(a.OrdersRoot, s.slotOf(orderID))
	m, _, _ := s.marketAt(s.head.MarketsRoot, market)
	return a, p, o, m
}

// The read cache answers what the tree holds under the working head after every kind of change: fills, margin
// moves, marks, a discard back to the committed head, a commit.
func TestReadCacheFollowsWrites(t *testing.T) {
	e := newEnv(t, nil)
	check := func(step string) {
		t.Helper()
		for acc := uint32(1); acc <= 3; acc++ {
			for _, id := range []uint32{1, 2, 5} {
				a, p, o, m := e.s.uncached(acc, 0, id)
				ca, _ := e.s.Account(acc)
				cp, _ := e.s.Position(acc, 0)
				co, _ := e.s.OrderSlot(acc, id)
				cm, _ := e.s.Market(0)
				if ca != a || cp != p || co != o || cm != m {
					t.Fatalf("%s: account %d order %d: cached %+v %+v %+v %+v, tree %+v %+v %+v %+v", step, acc, id,
						ca, cp, co, cm, a, p, o, m)
				}
			}
		}
	}
	check("genesis")
	openPair(e, 10, 1000, 5000)
	check("open")
	if err := e.s.Commit(e.s.CommittedHead().Batch + 1); err != nil {
		t.Fatal(err)
	}
	check("commit")
	e.deposit(3, 1_000_000)
	check("deposit")
	e.must(e.margin(3, 0, true, 5000))
	check("margin")
	mk := e.order(3, 5, 0, true, 1100, 4)
	tk := e.order(1, 2, 0, false, 1100, 4)
	e.must(Fill{Maker: mk, Taker: tk, Price: mk.Price, Size: 4})
	check("fill")
	e.must(MarkPrice{Market: 0, Price: 1200})
	check("mark")
	e.s.Discard()
	check("discard")
}

// A fill moves the cache on to the new root with every entry but those of the leaves it wrote: the other accounts'
// reads stay cached (before, every write emptied the cache), and the written leaves are read again from the tree.
func TestReadCacheKeepsUnwrittenLeaves(t *testing.T) {
	e := newEnv(t, nil)
	openPair(e, 10, 1000, 5000)
	e.deposit(3, 1_000_000)
	e.must(e.margin(3, 0, true, 5000))
	for acc := uint32(1); acc <= 3; acc++ {
		if _, err := e.s.Position(acc, 0); err != nil {
			t.Fatal(err)
		}
		for _, id := range []uint32{2, 5} {
			if _, err := e.s.OrderSlot(acc, id); err != nil {
				t.Fatal(err)
			}
		}
	}
	mk := e.order(3, 5, 0, true, 1100, 4)
	tk := e.order(1, 2, 0, false, 1100, 4)
	e.must(Fill{Maker: mk, Taker: tk, Price: mk.Price, Size: 4})
	rc := &e.s.rc
	if rc.accRoot != e.s.head.AccountsRoot {
		t.Fatal("the cache did not follow the fill's root")
	}
	if _, ok := rc.accounts[2]; !ok {
		t.Fatal("account 2 (not in the fill) dropped from the cache")
	}
	if _, ok := rc.positions[posKey{2, 0}]; !ok {
		t.Fatal("account 2's position dropped from the cache")
	}
	for _, acc := range []uint32{1, 3} {
		if _, ok := rc.accounts[acc]; ok {
			t.Fatalf("account %d (written by the fill) still cached", acc)
		}
		if _, ok := rc.positions[posKey{acc, 0}]; ok {
			t.Fatalf("account %d's position (written by the fill) still cached", acc)
		}
	}
	if _, ok := rc.slots[slotKey{3, e.s.slotOf(5)}]; ok {
		t.Fatal("the maker's order slot (written by the fill) still cached")
	}
	if _, ok := rc.slots[slotKey{3, e.s.slotOf(2)}]; !ok && e.s.slotOf(2) != e.s.slotOf(5) {
		t.Fatal("the maker's other order slot dropped from the cache")
	}
}

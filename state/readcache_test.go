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

package state

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/state/kv"
	"github.com/zkperp/zkperp/state/smt"
)

// storeNodes reads tree nodes from the store alone.
type storeNodes struct{ db kv.Reader }

func (s storeNodes) Node(h fr.Element) (fr.Element, fr.Element, bool, error) {
	return smt.ReadNode(s.db, h)
}

// walkStored walks head's trees (accounts, the positions and orders trees of every account, markets) over the
// store alone, adding every inner node to seen: an error names a node or preimage the store lacks.
func walkStored(s *State, db kv.Store, h Head, seen map[fr.Element]bool) error {
	ns := storeNodes{db}
	enter := func(x fr.Element) (bool, error) {
		if seen[x] {
			return false, nil
		}
		seen[x] = true
		return true, nil
	}
	stored := func(l fr.Element) ([]byte, error) {
		v, err := db.Get(leafKey(l))
		if err != nil {
			return nil, fmt.Errorf("preimage of leaf %s: %w", l.String(), err)
		}
		return v, nil
	}
	leaf := func(l fr.Element) error { _, err := stored(l); return err }
	account := func(l fr.Element) error {
		v, err := stored(l)
		if err != nil {
			return err
		}
		a, err := decodeAccount(v)
		if err != nil {
			return err
		}
		if err := s.posTree.Walk(ns, a.PositionsRoot, enter, leaf); err != nil {
			return err
		}
		return s.ordTree.Walk(ns, a.OrdersRoot, enter, leaf)
	}
	if err := s.accTree.Walk(ns, h.AccountsRoot, enter, account); err != nil {
		return err
	}
	return s.mktTree.Walk(ns, h.MarketsRoot, enter, leaf)
}

// A commit stores the tree nodes and leaf preimages its heads reach, and nothing else: every committed head's
// trees are whole in the store (read from it alone), every node a commit stored is reached from a committed head,
// and the nodes of the intermediate heads between its transactions, which nothing reads again, are not stored.
// Both commit paths (CommitBatches, PrepareCommit) and commits of several batches.
func TestCommitStoresReachableOnly(t *testing.T) {
	db := kv.NewMemory()
	e := newEnv(t, db)
	openPair(e, 10, 1000, 5000)
	for _, a := range []uint32{3, 4} {
		e.deposit(a, 1_000_000)
		e.must(e.margin(a, 0, true, 50_000))
	}
	nodeKeys := func() map[string]bool {
		m := map[string]bool{}
		if err := db.Iterate([]byte{'n'}, func(k, _ []byte) bool { m[string(k)] = true; return true }); err != nil {
			t.Fatal(err)
		}
		return m
	}
	before := nodeKeys()
	id := uint32(100)
	var intermediate []Head // heads between transactions, never committed
	trades := func(n int) Head {
		for i := range n {
			id++
			mk := e.order(2+uint32(i%3), id, 0, i%2 == 0, 1000, 1)
			tk := e.order(1, id, 0, i%2 == 1, 1000, 1)
			e.must(Fill{Maker: mk, Taker: tk, Price: mk.Price, Size: 1})
			if i < n-1 {
				intermediate = append(intermediate, e.s.Head())
			}
		}
		h := e.s.Head()
		return h
	}
	next := e.s.CommittedHead().Batch + 1
	var committed []Head
	for round, prepared := range []bool{true, false, true} {
		var heads []Head
		for range 2 { // two batches per commit
			h := trades(4)
			h.Batch = next
			next++
			heads = append(heads, h)
		}
		e.s.head.Batch = heads[1].Batch // the working head is the last batch's
		if prepared {
			pc, err := e.s.PrepareCommit(heads, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := pc.Write(); err != nil {
				t.Fatal(err)
			}
			e.s.Landed()
		} else if err := e.s.CommitBatches(heads, nil); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		committed = append(committed, heads...)
	}
	reached := map[fr.Element]bool{}
	for _, h := range committed {
		stored, err := e.s.BatchHead(h.Batch)
		if err != nil || stored.AccountsRoot != h.AccountsRoot {
			t.Fatalf("batch %d head: %v", h.Batch, err)
		}
		if err := walkStored(e.s, db, h, reached); err != nil {
			t.Fatalf("batch %d's trees are not whole in the store: %v", h.Batch, err)
		}
	}
	added := 0
	for k := range nodeKeys() {
		if before[k] {
			continue
		}
		added++
		var h fr.Element
		if err := h.SetBytesCanonical([]byte(k)[1:]); err != nil {
			t.Fatal(err)
		}
		if !reached[h] {
			t.Fatalf("node %s stored but reached from no committed head", h.String())
		}
	}
	if added == 0 {
		t.Fatal("the commits stored no node")
	}
	missing := 0
	for _, h := range intermediate {
		if err := walkStored(e.s, db, h, map[fr.Element]bool{}); err != nil {
			missing++
		}
	}
	if missing == 0 {
		t.Fatal("every intermediate head is whole in the store: its nodes were stored too")
	}
	// nor are they kept in the state's node cache, which holds stored nodes only: a read through an intermediate
	// head fails at once rather than after the cache is cleared
	unread := 0
	for _, h := range intermediate {
		for _, a := range []uint32{1, 2, 3, 4} {
			if _, _, err := e.s.accTree.Get(e.s.buf, h.AccountsRoot, uint64(a)); err != nil {
				unread++
			}
		}
	}
	if unread == 0 {
		t.Fatal("every intermediate head reads through the state: its unwritten nodes were cached")
	}
	// a state reopened over the store reads the last head's leaves
	s2, err := Open(testCfg, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []uint32{1, 2, 3, 4} {
		p1, err1 := e.s.Position(a, 0)
		p2, err2 := s2.Position(a, 0)
		if err1 != nil || err2 != nil || p1 != p2 {
			t.Fatalf("account %d position: %+v %v, reopened %+v %v", a, p1, err1, p2, err2)
		}
	}
}

// checkStoredAll walks every committed head over the store alone.
func checkStoredAll(t *testing.T, s *State, db kv.Store, heads []Head, what string) {
	t.Helper()
	seen := map[fr.Element]bool{}
	for _, h := range heads {
		if err := walkStored(s, db, h, seen); err != nil {
			t.Fatalf("%s: batch %d not whole in the store: %v", what, h.Batch, err)
		}
	}
}

// Random windows of 1–3 batches, committed at once or prepared, with transactions applied while a prepared commit is
// in flight (over its frozen nodes), and market leaves set back to values of the intermediate (unwritten) heads of a
// frozen window: every committed head stays whole in the store, and reads through a reopened state.
func TestCommitReachableInterleaved(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		db := kv.NewMemory()
		e := newEnv(t, db)
		openPair(e, 10, 1000, 5000)
		rng := rand.New(rand.NewPCG(seed, 77))
		var committed []Head
		var pc *PendingCommit
		for round := 0; round < 25; round++ {
			k := 1 + rng.IntN(3)
			next := e.s.CommittedHead().Batch + 1
			var heads []Head
			for i := 0; i < k; i++ {
				// intermediate market values, then a final one; the next window may set an intermediate back
				m, _ := e.s.Market(0)
				base := m.Mark
				e.must(MarkPrice{Market: 0, Price: 1000 + uint64(rng.IntN(3))*10, Round: 1})
				randomRun2(t, e, seed*100000+uint64(round*10+i), rng.IntN(5))
				e.must(MarkPrice{Market: 0, Price: base, Round: 1})
				h := e.s.Head()
				h.Batch = next + uint64(i)
				heads = append(heads, h)
			}
			if pc != nil { // the txs above ran over the frozen commit
				if err := pc.Write(); err != nil {
					t.Fatal(err)
				}
				e.s.Landed()
				pc = nil
				checkStoredAll(t, e.s, db, committed, "after landed")
			}
			e.s.head.Batch = heads[k-1].Batch
			if rng.IntN(2) == 0 {
				var err error
				if pc, err = e.s.PrepareCommit(heads, nil); err != nil {
					t.Fatal(err)
				}
			} else {
				if err := e.s.CommitBatches(heads, nil); err != nil {
					t.Fatal(err)
				}
				checkStoredAll(t, e.s, db, append(committed, heads...), "after commit")
			}
			committed = append(committed, heads...)
		}
		if pc != nil {
			if err := pc.Write(); err != nil {
				t.Fatal(err)
			}
			e.s.Landed()
		}
		checkStoredAll(t, e.s, db, committed, "end")
		// a rollback to each committed head reads everything through a fresh state
		s2, err := Open(testCfg, db, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range committed {
			for a := uint32(0); a <= 6; a++ {
				if _, _, err := s2.accountAt(h.AccountsRoot, a); err != nil {
					t.Fatalf("batch %d account %d: %v", h.Batch, a, err)
				}
			}
		}
	}
}

// A prune runs while the writer commits, prepared and at once, with transactions over a prepared commit: the
// retained heads stay whole in the store (a commit records what it writes, not what it skips).
func TestCommitReachableDuringPrune(t *testing.T) {
	db := openLevel(t)
	e := newEnv(t, db)
	openPair(e, 10, 1000, 5000)
	rng := rand.New(rand.NewPCG(5, 6))
	window := func(seed uint64) []Head {
		next := e.s.CommittedHead().Batch + 1
		var heads []Head
		for i := 0; i < 2; i++ {
			e.mark(1000 + uint64(rng.IntN(4))*10)
			randomRun2(t, e, seed*10+uint64(i), 3)
			h := e.s.Head()
			h.Batch = next + uint64(i)
			heads = append(heads, h)
		}
		e.s.head.Batch = heads[1].Batch
		return heads
	}
	for round := uint64(1); round <= 3; round++ {
		for i := uint64(0); i < 4; i++ {
			if err := e.s.CommitBatches(window(round*100+i), nil); err != nil {
				t.Fatal(err)
			}
		}
		keepFrom := e.s.CommittedHead().Batch - 2
		e.s.pruneHook = func() {
			pc, err := e.s.PrepareCommit(window(round*1000), nil)
			if err != nil {
				t.Fatal(err)
			}
			h2 := window(round*1000 + 1)
			if err := pc.Write(); err != nil {
				t.Fatal(err)
			}
			e.s.Landed()
			if err := e.s.CommitBatches(h2, nil); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.s.Prune(context.Background(), keepFrom); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		e.s.pruneHook = nil
		checkStoredAll(t, e.s, db, retained(t, e.s, keepFrom), "after prune")
	}
}

func (e *env) mark(price uint64) { e.must(MarkPrice{Market: 0, Price: price, Round: 1}) }

package state

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/state/kv"
	"github.com/zkperp/zkperp/state/smt"
)

func openLevel(t testing.TB) *kv.LevelDB {
	t.Helper()
	db, err := kv.OpenLevelDB(kv.LevelDBConfig{Path: filepath.Join(t.TempDir(), "db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func (e *env) commitNext() {
	e.t.Helper()
	if err := e.s.Commit(e.s.CommittedHead().Batch + 1); err != nil {
		e.t.Fatal(err)
	}
}

// randomBatches commits n batches of random transactions (randomRun2: deposits, margins, fills, withdrawals,
// funding, marks, liquidations, so leaves are overwritten again and again).
func (e *env) randomBatches(seed uint64, n, steps int) {
	e.t.Helper()
	for i := 0; i < n; i++ {
		randomRun2(e.t, e, seed*1000+uint64(i), steps)
		e.commitNext()
	}
}

// dumpHead reads every leaf index of every tree under h (all accounts, each one's every position and order slot,
// every market) through a fresh State over db (no cache), verifies each proof against its root, and returns the
// values.
func dumpHead(t testing.TB, db kv.Store, h Head) map[string]string {
	t.Helper()
	s, err := Open(testCfg, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	fail := func(what string, err error) {
		t.Helper()
		t.Fatalf("batch %d: %s: %v", h.Batch, what, err)
	}
	for i := uint32(0); i < 1<<testCfg.AccountDepth; i++ {
		a, p, err := s.accountAt(h.AccountsRoot, i)
		if err != nil {
			fail(fmt.Sprint("account ", i), err)
		}
		if err := s.accTree.Verify(h.AccountsRoot, a.Hash(s.h), p); err != nil {
			fail(fmt.Sprint("account proof ", i), err)
		}
		out[fmt.Sprint("a", i)] = fmt.Sprint(a)
		for m := uint8(0); m < 1<<testCfg.PositionDepth; m++ {
			pos, p, err := s.positionAt(a.PositionsRoot, m)
			if err != nil {
				fail(fmt.Sprint("position ", i, m), err)
			}
			if err := s.posTree.Verify(a.PositionsRoot, pos.Hash(s.h), p); err != nil {
				fail(fmt.Sprint("position proof ", i, m), err)
			}
			out[fmt.Sprint("p", i, "/", m)] = fmt.Sprint(pos)
		}
		for slot := uint64(0); slot < 1<<testCfg.OrderDepth; slot++ {
			o, p, err := s.orderAt(a.OrdersRoot, slot)
			if err != nil {
				fail(fmt.Sprint("order slot ", i, slot), err)
			}
			if err := s.ordTree.Verify(a.OrdersRoot, o.Hash(s.h), p); err != nil {
				fail(fmt.Sprint("order proof ", i, slot), err)
			}
			out[fmt.Sprint("o", i, "/", slot)] = fmt.Sprint(o)
		}
	}
	for m := uint8(0); m < 1<<testCfg.PositionDepth; m++ {
		mk, p, err := s.marketAt(h.MarketsRoot, m)
		if err != nil {
			fail(fmt.Sprint("market ", m), err)
		}
		if err := s.mktTree.Verify(h.MarketsRoot, mk.Hash(s.h), p); err != nil {
			fail(fmt.Sprint("market proof ", m), err)
		}
		out[fmt.Sprint("m", m)] = fmt.Sprint(mk)
	}
	return out
}

// reachable computes, independently of the pruner (a plain recursion over the stored records), the inner nodes and
// leaf preimages that heads reach.
func reachable(t testing.TB, s *State, db kv.Reader, heads []Head) (nodes, leaves map[fr.Element]bool) {
	t.Helper()
	nodes, leaves = map[fr.Element]bool{}, map[fr.Element]bool{}
	var walk func(tr *smt.Tree, h fr.Element, k int, isAccount bool)
	walk = func(tr *smt.Tree, h fr.Element, k int, isAccount bool) {
		if h == tr.Empty(k) {
			return
		}
		if k == 0 {
			leaves[h] = true
			if !isAccount {
				return
			}
			v, err := db.Get(leafKey(h))
			if err != nil {
				t.Fatalf("account preimage %s: %v", h.String(), err)
			}
			a, err := decodeAccount(v)
			if err != nil {
				t.Fatal(err)
			}
			walk(s.posTree, a.PositionsRoot, s.cfg.PositionDepth, false)
			walk(s.ordTree, a.OrdersRoot, s.cfg.OrderDepth, false)
			return
		}
		nodes[h] = true
		l, r, ok, err := smt.ReadNode(db, h)
		if err != nil || !ok {
			t.Fatalf("node %s at level %d: ok %v, %v", h.String(), k, ok, err)
		}
		walk(tr, l, k-1, isAccount)
		walk(tr, r, k-1, isAccount)
	}
	for _, h := range heads {
		walk(s.accTree, h.AccountsRoot, s.cfg.AccountDepth, true)
		walk(s.mktTree, h.MarketsRoot, s.cfg.PositionDepth, false)
	}
	return nodes, leaves
}

// stored returns the inner nodes and leaf preimages in db.
func stored(t testing.TB, db kv.Store) (nodes, leaves map[fr.Element]bool) {
	t.Helper()
	nodes, leaves = map[fr.Element]bool{}, map[fr.Element]bool{}
	if err := db.Iterate(smt.NodePrefix(), func(k, _ []byte) bool {
		h, ok := smt.NodeHash(k)
		if !ok {
			t.Fatalf("bad node key %x", k)
		}
		nodes[h] = true
		return true
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Iterate(prefixLeaf, func(k, _ []byte) bool {
		var h fr.Element
		if err := h.SetBytesCanonical(k[1:]); err != nil {
			t.Fatal(err)
		}
		leaves[h] = true
		return true
	}); err != nil {
		t.Fatal(err)
	}
	return nodes, leaves
}

// retained returns the heads of batches from..committed and the stored head.
func retained(t testing.TB, s *State, from uint64) []Head {
	t.Helper()
	var hs []Head
	for n := from; n <= s.CommittedHead().Batch; n++ {
		h, err := s.BatchHead(n)
		if err != nil {
			t.Fatalf("retained batch %d: %v", n, err)
		}
		hs = append(hs, h)
	}
	return append(hs, s.CommittedHead())
}

func sameSet(a, b map[fr.Element]bool) (onlyA, onlyB int) {
	for k := range a {
		if !b[k] {
			onlyA++
		}
	}
	for k := range b {
		if !a[k] {
			onlyB++
		}
	}
	return onlyA, onlyB
}

// After many random batches, a prune keeping K batches leaves every retained head fully readable with verifying
// proofs and the same values, stores exactly what the retained heads reach, refuses pruned batches, and the state
// rolls back to a retained batch, goes on and reopens.
func TestPruneKeepsRetainedHeads(t *testing.T) {
	db := openLevel(t)
	e := newEnv(t, db)
	batches, steps := 40, 12
	if testing.Short() {
		batches = 20
	}
	e.randomBatches(1, batches, steps)
	const K = 8
	keepFrom := e.s.CommittedHead().Batch - K
	before := map[uint64]map[string]string{}
	for _, h := range retained(t, e.s, keepFrom) {
		before[h.Batch] = dumpHead(t, db, h)
	}
	nodes0, leaves0 := stored(t, db)
	st, err := e.s.Prune(context.Background(), keepFrom)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v (stored before: %d nodes, %d preimages)", st, len(nodes0), len(leaves0))
	if st.KeepFrom != keepFrom || st.NodesDeleted == 0 || st.LeavesDeleted == 0 || st.HeadsDeleted != int(keepFrom-1) {
		t.Fatalf("stats %+v", st)
	}
	for _, h := range retained(t, e.s, keepFrom) {
		if got := dumpHead(t, db, h); fmt.Sprint(got) != fmt.Sprint(before[h.Batch]) {
			t.Fatalf("batch %d reads differently after the prune", h.Batch)
		}
	}
	// The store holds exactly what the retained heads reach.
	nodes, leaves := stored(t, db)
	wantN, wantL := reachable(t, e.s, db, retained(t, e.s, keepFrom))
	if a, b := sameSet(nodes, wantN); a != 0 || b != 0 {
		t.Fatalf("nodes: %d stored but unreachable, %d reachable but missing", a, b)
	}
	if a, b := sameSet(leaves, wantL); a != 0 || b != 0 {
		t.Fatalf("preimages: %d stored but unreachable, %d reachable but missing", a, b)
	}
	if len(nodes0)-len(nodes) != st.NodesDeleted || len(leaves0)-len(leaves) != st.LeavesDeleted {
		t.Fatalf("deleted %d nodes and %d preimages, stats say %+v", len(nodes0)-len(nodes), len(leaves0)-len(leaves), st)
	}
	for _, n := range []uint64{1, keepFrom - 1} {
		if _, err := e.s.BatchHead(n); !errors.Is(err, ErrPruned) {
			t.Fatalf("batch head %d: %v", n, err)
		}
		if err := e.s.Rollback(n); !errors.Is(err, ErrPruned) {
			t.Fatalf("rollback to pruned %d: %v", n, err)
		}
	}
	// Nothing left to delete; a lower keepFrom does not lower the floor.
	if st2, err := e.s.Prune(context.Background(), 1); err != nil || st2.NodesDeleted+st2.LeavesDeleted+st2.HeadsDeleted != 0 ||
		st2.KeepFrom != keepFrom {
		t.Fatalf("second prune: %+v %v", st2, err)
	}
	// Roll back to the oldest retained batch, go on, reopen.
	if err := e.s.Rollback(keepFrom); err != nil {
		t.Fatal(err)
	}
	if got := dumpHead(t, db, e.s.CommittedHead()); fmt.Sprint(got) != fmt.Sprint(before[keepFrom]) {
		t.Fatal("rolled-back head reads differently")
	}
	l, err := e.s.Ledger(e.s.Head()) // the conservation ledger of the rolled-back state
	if err != nil {
		t.Fatal(err)
	}
	e.deposited, e.withdrawn = l, bi(0)
	e.randomBatches(2, 3, steps)
	s2, err := Open(testCfg, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s2.PruneFloor() != keepFrom || s2.Root() != e.s.Root() {
		t.Fatal("floor or root lost across reopen")
	}
	if _, err := s2.BatchHead(keepFrom - 1); !errors.Is(err, ErrPruned) {
		t.Fatalf("pruned batch after reopen: %v", err)
	}
	dumpHead(t, db, s2.CommittedHead())
}

// The genesis check of a reopened node still works once batch 0 is pruned.
func TestPruneGenesisReopen(t *testing.T) {
	db := openLevel(t)
	g := Genesis{Config: testCfg, Time: testGenesisTime, Markets: []GenesisMarket{{ID: 0, Params: testParams, Mark: 1000},
		{ID: 1, Params: testParams, Mark: 1000}}}
	s, err := g.Build(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, s: s, keys: map[uint32]*PrivateKey{}, deposited: bi(0), withdrawn: bi(0)}
	e.randomBatches(3, 5, 10)
	if _, err := s.Prune(context.Background(), 4); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BatchHead(0); !errors.Is(err, ErrPruned) {
		t.Fatalf("genesis head: %v", err)
	}
	if _, err := g.Build(db, nil); err != nil {
		t.Fatalf("reopen after pruning the genesis batch: %v", err)
	}
	g.Markets[0].Mark = 999
	if _, err := g.Build(db, nil); err == nil {
		t.Fatal("other genesis accepted on a pruned store")
	}
}

// markTo sets market 0's mark at the current batch time (a market leaf can go back to an earlier value: same
// leaf, same markets tree nodes).
func (e *env) markTo(price uint64) {
	e.t.Helper()
	e.must(MarkPrice{Market: 0, Price: price, Round: 1})
	e.commitNext()
}

// readMarket0 reads market 0 at the stored head through a fresh State and checks its proof.
func readMarket0(t *testing.T, db kv.Store) Market {
	t.Helper()
	s, err := Open(testCfg, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, p, err := s.marketAt(s.Head().MarketsRoot, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.mktTree.Verify(s.Head().MarketsRoot, m.Hash(s.h), p); err != nil {
		t.Fatal(err)
	}
	return m
}

// A leaf value and its path pruned as garbage and written again later (after the prune, or during it, between the
// mark and the sweep) are readable.
func TestPruneReappearingNodes(t *testing.T) {
	for _, during := range []bool{false, true} {
		t.Run(fmt.Sprint("during=", during), func(t *testing.T) {
			db := openLevel(t)
			e := newEnv(t, db)
			m0, _ := e.s.Market(0)
			e.markTo(m0.Mark - 10) // batch 1: the market leaf L and its path
			m990, _ := e.s.Market(0)
			l990 := m990.Hash(e.s.h)
			e.markTo(m0.Mark) // batch 2: back to the genesis markets tree: L is garbage once batch 1 is pruned
			for i := uint32(1); i <= 4; i++ {
				e.deposit(i, 100)
				e.commitNext()
			}
			if during {
				// The writer sets the mark back to L while the prune runs, after the mark phase: the sweep must
				// skip what the commit wrote.
				e.s.pruneHook = func() {
					e.markTo(m0.Mark - 10)
					if _, err := e.s.Prune(context.Background(), 3); !errors.Is(err, ErrPruneRunning) {
						t.Errorf("second prune while one runs: %v", err)
					}
				}
			}
			st, err := e.s.Prune(context.Background(), 3)
			if err != nil {
				t.Fatal(err)
			}
			e.s.pruneHook = nil
			if during {
				if st.Rewritten == 0 {
					t.Fatalf("nothing rewritten during the prune: %+v", st)
				}
			} else {
				if ok, _ := db.Has(leafKey(l990)); ok {
					t.Fatal("the garbage leaf was not pruned")
				}
				e.markTo(m0.Mark - 10)
			}
			if m := readMarket0(t, db); m != m990 {
				t.Fatalf("market after the rewrite %+v, want %+v", m, m990)
			}
			e.markTo(m0.Mark)
			if _, err := e.s.Prune(context.Background(), e.s.CommittedHead().Batch-1); err != nil {
				t.Fatal(err)
			}
			if err := e.s.Rollback(e.s.CommittedHead().Batch - 1); err != nil {
				t.Fatal(err)
			}
			if m := readMarket0(t, db); m != m990 {
				t.Fatalf("market after the rollback %+v, want %+v", m, m990)
			}
		})
	}
}

// A prune running while the writer goes on committing random batches loses nothing: every retained head, old and
// new, reads fully with verifying proofs afterwards.
func TestPruneConcurrentCommits(t *testing.T) {
	db := openLevel(t)
	e := newEnv(t, db)
	e.randomBatches(4, 24, 10)
	keepFrom := e.s.CommittedHead().Batch - 6
	before := map[uint64]map[string]string{}
	for _, h := range retained(t, e.s, keepFrom) {
		before[h.Batch] = dumpHead(t, db, h)
	}
	marked := make(chan struct{})
	resume := make(chan struct{})
	e.s.pruneHook = func() { close(marked); <-resume }
	var st PruneStats
	var perr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		st, perr = e.s.Prune(context.Background(), keepFrom)
	}()
	<-marked
	e.randomBatches(5, 4, 10) // between the mark and the sweep
	close(resume)
	e.randomBatches(6, 4, 10) // while it sweeps (or after)
	wg.Wait()
	e.s.pruneHook = nil
	if perr != nil {
		t.Fatal(perr)
	}
	t.Logf("%+v", st)
	for _, h := range retained(t, e.s, keepFrom) {
		got := dumpHead(t, db, h)
		if b, ok := before[h.Batch]; ok && fmt.Sprint(b) != fmt.Sprint(got) {
			t.Fatalf("batch %d reads differently", h.Batch)
		}
	}
	nodes, leaves := stored(t, db)
	wantN, wantL := reachable(t, e.s, db, retained(t, e.s, keepFrom))
	if _, missing := sameSet(nodes, wantN); missing != 0 {
		t.Fatalf("%d reachable nodes missing", missing)
	}
	if _, missing := sameSet(leaves, wantL); missing != 0 {
		t.Fatalf("%d reachable preimages missing", missing)
	}
	// A later prune with no writer removes what the first one had to keep.
	if _, err := e.s.Prune(context.Background(), keepFrom); err != nil {
		t.Fatal(err)
	}
	nodes, leaves = stored(t, db)
	if a, b := sameSet(nodes, wantN); a != 0 || b != 0 {
		t.Fatalf("nodes after the second prune: %d unreachable, %d missing", a, b)
	}
	if a, b := sameSet(leaves, wantL); a != 0 || b != 0 {
		t.Fatalf("preimages after the second prune: %d unreachable, %d missing", a, b)
	}
}

// A cancelled prune stops between batches and leaves every retained head readable.
func TestPruneCancelled(t *testing.T) {
	db := kv.NewMemory()
	e := newEnv(t, db)
	e.randomBatches(7, 6, 10)
	ctx, cancel := context.WithCancel(context.Background())
	e.s.pruneHook = cancel
	if _, err := e.s.Prune(ctx, 4); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled prune: %v", err)
	}
	e.s.pruneHook = nil
	for _, h := range retained(t, e.s, 4) {
		dumpHead(t, db, h)
	}
	if _, err := e.s.Prune(context.Background(), 4); err != nil {
		t.Fatal(err)
	}
}

// A prune whose delete batch fails (a storage error mid-sweep) returns the error and leaves every retained head
// readable; the floor it stored holds across a reopen, and the next prune finishes the job.
func TestPruneFailedDelete(t *testing.T) {
	f := kv.NewFailing(kv.NewMemory())
	e := newEnv(t, f)
	e.randomBatches(8, 8, 10)
	keepFrom := e.s.CommittedHead().Batch - 3
	e.s.pruneHook = func() { f.FailWrites(true) }
	if _, err := e.s.Prune(context.Background(), keepFrom); !errors.Is(err, kv.ErrInjected) {
		t.Fatalf("prune over failing writes: %v", err)
	}
	e.s.pruneHook = nil
	f.FailWrites(false)
	for _, h := range retained(t, e.s, keepFrom) {
		dumpHead(t, f, h)
	}
	s2, err := Open(testCfg, f, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s2.BatchHead(keepFrom - 1); !errors.Is(err, ErrPruned) {
		t.Fatalf("floor lost: %v", err)
	}
	if _, err := e.s.Prune(context.Background(), keepFrom); err != nil {
		t.Fatal(err)
	}
	nodes, leaves := stored(t, f)
	wantN, wantL := reachable(t, e.s, f, retained(t, e.s, keepFrom))
	if a, b := sameSet(nodes, wantN); a != 0 || b != 0 {
		t.Fatalf("nodes: %d unreachable, %d missing", a, b)
	}
	if a, b := sameSet(leaves, wantL); a != 0 || b != 0 {
		t.Fatalf("preimages: %d unreachable, %d missing", a, b)
	}
}

// rollbackEnv rolls the env's state back to batch n and resets its conservation ledger to that state's.
func (e *env) rollbackEnv(n uint64) {
	e.t.Helper()
	if err := e.s.Rollback(n); err != nil {
		e.t.Fatal(err)
	}
	l, err := e.s.Ledger(e.s.Head())
	if err != nil {
		e.t.Fatal(err)
	}
	e.deposited, e.withdrawn = l, bi(0)
}

// Rounds of random batches, rollbacks and prunes, with the writer rolling back and committing between a prune's
// mark and its sweep: after each round every retained head reads fully with verifying proofs and everything they
// reach is stored.
func TestPruneRandomInterleaving(t *testing.T) {
	db := openLevel(t)
	e := newEnv(t, db)
	rounds := 6
	if testing.Short() {
		rounds = 3
	}
	for round := uint64(1); round <= uint64(rounds); round++ {
		e.randomBatches(100+round, 5, 8)
		committed := e.s.CommittedHead().Batch
		keepFrom := committed - 3
		if round%2 == 0 { // a rollback before the prune, to a batch at or above the coming floor
			e.rollbackEnv(keepFrom + 1)
			e.randomBatches(200+round, 2, 8)
		}
		e.s.pruneHook = func() { // the writer rolls back to a retained batch and commits new ones mid-prune
			e.rollbackEnv(keepFrom + round%3)
			e.randomBatches(300+round, 3, 8)
		}
		if _, err := e.s.Prune(context.Background(), keepFrom); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		e.s.pruneHook = nil
		heads := retained(t, e.s, keepFrom)
		for _, h := range heads {
			dumpHead(t, db, h)
		}
		nodes, leaves := stored(t, db)
		wantN, wantL := reachable(t, e.s, db, heads)
		if _, missing := sameSet(nodes, wantN); missing != 0 {
			t.Fatalf("round %d: %d reachable nodes missing", round, missing)
		}
		if _, missing := sameSet(leaves, wantL); missing != 0 {
			t.Fatalf("round %d: %d reachable preimages missing", round, missing)
		}
		if _, err := e.s.BatchHead(keepFrom - 1); !errors.Is(err, ErrPruned) {
			t.Fatalf("round %d: batch below the floor: %v", round, err)
		}
	}
}

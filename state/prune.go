package state

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/state/kv"
	"github.com/zkperp/zkperp/state/smt"
)

// Pruning (docs/state.md "Pruning"). Tree nodes and leaf preimages are content-addressed and shared by many paths
// and many heads, so what may be deleted is found by mark and sweep: every node and preimage reachable from a
// retained head (the batch heads from the prune floor on and the stored head; account leaves lead into their
// positions and orders trees) is marked, on a store snapshot, off the writer's goroutine; every other node and
// preimage in the snapshot is garbage and deleted in bounded batches.
//
// Concurrent commits. pmu orders the writer's store writes (CommitBatches, CommitGenesis, RollbackExtra) against a
// prune's start (floor, tracking and snapshot taken together) and each of its delete batches. A commit after the
// start records the hashes it writes in written before its write, and each delete batch skips the recorded hashes
// while holding pmu, so a node written (again) after the start is never deleted: either the commit recorded it
// before the delete batch looked (skipped), or it wrote it after the delete batch (present again). Everything a
// later head reaches is marked or written after the start: a commit's new head is its base (the committed head,
// marked, or a head committed since, by induction) with the paths it changed, which it writes; a rollback goes to a
// batch at or above the floor (marked) or is refused.

// ErrPruned is returned for a batch below the prune floor: its head and its trees are (or are being) deleted.
var ErrPruned = errors.New("pruned")

// ErrPruneRunning is returned by Prune while another prune of the same state runs.
var ErrPruneRunning = errors.New("state: a prune is already running")

// keyPruned holds the prune floor: batches below it are pruned (8 bytes, big-endian).
var keyPruned = []byte("pruned")

// pruneBatch bounds one delete batch: the writer waits for at most one such write.
const pruneBatch = 1024

// PruneStats reports one prune.
type PruneStats struct {
	KeepFrom   uint64 // the prune floor: the lowest batch whose head and trees are kept
	Heads      int    // retained heads marked (batch heads from KeepFrom on and the stored head)
	LiveNodes  int    // inner nodes reachable from the retained heads
	LiveLeaves int    // leaf preimages reachable from the retained heads
	// NodesDeleted, LeavesDeleted and HeadsDeleted count the deleted inner nodes, leaf preimages and batch head
	// records; BytesFreed their keys and values.
	NodesDeleted, LeavesDeleted, HeadsDeleted int
	BytesFreed                                int64
	// Rewritten counts garbage of the snapshot that a commit wrote again while the prune ran: kept.
	Rewritten int
	Mark      time.Duration // time to mark
	Sweep     time.Duration // time to sweep
}

// pruneWritten collects what commits write while a prune runs.
type pruneWritten struct {
	nodes, leaves map[fr.Element]struct{}
}

// PruneFloor returns the lowest batch whose head is kept (0: nothing pruned yet).
func (s *State) PruneFloor() uint64 { return s.floor.Load() }

// loadFloor reads the stored prune floor (Open).
func (s *State) loadFloor() error {
	v, err := s.db.Get(keyPruned)
	switch {
	case errors.Is(err, kv.ErrNotFound):
		return nil
	case err != nil:
		return fmt.Errorf("state: read prune floor: %w", err)
	case len(v) != 8:
		return fmt.Errorf("state: corrupt prune floor of %d bytes", len(v))
	}
	s.floor.Store(binary.BigEndian.Uint64(v))
	return nil
}

// noteWrites records the nodes and preimages the next commit writes when a prune runs. Call with pmu held, before
// the write.
func (s *State) noteWrites(nodes, preimages map[fr.Element]struct{}) {
	w := s.written
	if w == nil {
		return
	}
	if nodes == nil { // everything pending (CommitGenesis)
		s.buf.EachPending(func(h fr.Element) { w.nodes[h] = struct{}{} })
		for h := range s.leaves {
			w.leaves[h] = struct{}{}
		}
		return
	}
	for h := range nodes {
		w.nodes[h] = struct{}{}
	}
	for h := range preimages {
		w.leaves[h] = struct{}{}
	}
}

// Prune deletes the tree nodes, leaf preimages and batch heads that no head from batch keepFrom on needs: the heads
// of batches keepFrom..committed and the stored head stay readable with every leaf and proof, BatchHead of a batch
// below keepFrom then returns ErrPruned and Rollback to one is refused. keepFrom above the committed batch is taken
// as the committed batch; the floor never goes down (a lower keepFrom only sweeps again). The genesis head record
// (batch 0) is kept for the genesis check (its trees are not).
//
// Prune is safe to call from any goroutine while the writer applies and commits: it marks on a store snapshot and
// deletes in batches of at most pruneBatch keys, never a node or preimage written after it started. Cancelling ctx
// stops it between batches: what it deleted is garbage, and a later prune finishes the job. One prune runs at a
// time (ErrPruneRunning). The writer must commit through this State: another State open on the same store is not
// seen by the prune's tracking.
func (s *State) Prune(ctx context.Context, keepFrom uint64) (PruneStats, error) {
	select {
	case s.pruneSem <- struct{}{}:
	default:
		return PruneStats{}, ErrPruneRunning
	}
	defer func() { <-s.pruneSem }()
	st := PruneStats{}
	snap, err := s.startPrune(keepFrom, &st)
	if err != nil {
		return st, err
	}
	defer func() {
		snap.Release()
		s.pmu.Lock()
		s.written = nil
		s.pmu.Unlock()
	}()
	start := time.Now()
	m := &marker{s: s, ctx: ctx, db: snap, nodes: smt.Store(snap), live: map[fr.Element]struct{}{},
		leaves: map[fr.Element]struct{}{}, accounts: map[fr.Element]struct{}{}}
	heads, err := s.retainedHeads(snap, st.KeepFrom)
	if err != nil {
		return st, err
	}
	for _, h := range heads {
		if err := m.head(h); err != nil {
			return st, fmt.Errorf("state: prune: mark batch %d: %w", h.Batch, err)
		}
	}
	st.Heads, st.LiveNodes, st.LiveLeaves = len(heads), len(m.live), len(m.leaves)
	st.Mark = time.Since(start)
	if s.pruneHook != nil {
		s.pruneHook()
	}
	start = time.Now()
	sw := &sweeper{s: s, ctx: ctx, st: &st}
	if err := sw.run(snap, smt.NodePrefix(), false, func(k []byte) (fr.Element, bool) {
		h, ok := smt.NodeHash(k)
		_, live := m.live[h]
		return h, ok && !live
	}); err != nil {
		return st, fmt.Errorf("state: prune: nodes: %w", err)
	}
	if err := sw.run(snap, prefixLeaf, true, func(k []byte) (fr.Element, bool) {
		var h fr.Element
		if len(k) != len(prefixLeaf)+32 || h.SetBytesCanonical(k[len(prefixLeaf):]) != nil {
			return h, false // not a preimage key: left alone
		}
		_, live := m.leaves[h]
		return h, !live
	}); err != nil {
		return st, fmt.Errorf("state: prune: leaf preimages: %w", err)
	}
	if err := sw.heads(snap, st.KeepFrom); err != nil {
		return st, fmt.Errorf("state: prune: batch heads: %w", err)
	}
	st.Sweep = time.Since(start)
	s.log.Info("state pruned", "keep_from", st.KeepFrom, "heads", st.Heads, "live_nodes", st.LiveNodes,
		"nodes_deleted", st.NodesDeleted, "leaves_deleted", st.LeavesDeleted, "heads_deleted", st.HeadsDeleted,
		"bytes_freed", st.BytesFreed, "rewritten", st.Rewritten, "mark", st.Mark, "sweep", st.Sweep)
	return st, nil
}

// startPrune takes the snapshot, raises the floor (stored first) and starts tracking the writer's writes, all under
// pmu: every commit and rollback is wholly before the snapshot or after, and tracked.
func (s *State) startPrune(keepFrom uint64, st *PruneStats) (kv.Snapshot, error) {
	s.pmu.Lock()
	defer s.pmu.Unlock()
	snap, err := s.db.Snapshot()
	if err != nil {
		return nil, fmt.Errorf("state: prune: snapshot: %w", err)
	}
	hb, err := snap.Get(keyHead) // the committed head (the writer's own copy is its goroutine's)
	var committed Head
	if err == nil {
		committed, err = decodeHead(hb)
	}
	if err != nil {
		snap.Release()
		return nil, fmt.Errorf("state: prune: read head: %w", err)
	}
	floor := max(min(keepFrom, committed.Batch), s.floor.Load())
	if floor > s.floor.Load() {
		b := s.db.NewBatch() // synced: the floor is durable before anything below it is deleted
		b.Put(keyPruned, binary.BigEndian.AppendUint64(nil, floor))
		if err := b.Write(); err != nil {
			snap.Release()
			return nil, fmt.Errorf("state: prune: store floor: %w", err)
		}
		s.floor.Store(floor)
	}
	st.KeepFrom = floor
	s.written = &pruneWritten{nodes: map[fr.Element]struct{}{}, leaves: map[fr.Element]struct{}{}}
	return snap, nil
}

// retainedHeads returns the snapshot's batch heads from floor on and its stored head.
func (s *State) retainedHeads(snap kv.Snapshot, floor uint64) ([]Head, error) {
	var heads []Head
	var derr error
	err := snap.Iterate(prefixBatch, func(k, v []byte) bool {
		if len(k) != len(prefixBatch)+8 || binary.BigEndian.Uint64(k[len(prefixBatch):]) < floor {
			return true
		}
		h, err := decodeHead(v)
		if err != nil {
			derr = err
			return false
		}
		heads = append(heads, h)
		return true
	})
	if err = errors.Join(err, derr); err != nil {
		return nil, fmt.Errorf("state: prune: read batch heads: %w", err)
	}
	v, err := snap.Get(keyHead)
	if err != nil {
		return nil, fmt.Errorf("state: prune: read head: %w", err)
	}
	h, err := decodeHead(v)
	if err != nil {
		return nil, err
	}
	return append(heads, h), nil
}

// marker marks what a head reaches: inner nodes (live) and leaf preimages (leaves), descending from account leaves
// into their positions and orders trees.
type marker struct {
	s        *State
	ctx      context.Context
	db       kv.Reader
	nodes    smt.NodeStore
	live     map[fr.Element]struct{}
	leaves   map[fr.Element]struct{}
	accounts map[fr.Element]struct{} // account leaves whose subtrees were walked
}

func (m *marker) head(h Head) error {
	if err := m.s.accTree.Walk(m.nodes, h.AccountsRoot, m.enter, m.account); err != nil {
		return fmt.Errorf("accounts: %w", err)
	}
	if err := m.s.mktTree.Walk(m.nodes, h.MarketsRoot, m.enter, m.leaf); err != nil {
		return fmt.Errorf("markets: %w", err)
	}
	return nil
}

func (m *marker) enter(h fr.Element) (bool, error) {
	if _, ok := m.live[h]; ok {
		return false, nil // shared with a subtree marked already
	}
	m.live[h] = struct{}{}
	if len(m.live)%4096 == 0 {
		if err := m.ctx.Err(); err != nil {
			return false, err
		}
	}
	return true, nil
}

func (m *marker) leaf(h fr.Element) error {
	m.leaves[h] = struct{}{}
	return nil
}

func (m *marker) account(h fr.Element) error {
	m.leaves[h] = struct{}{}
	if _, ok := m.accounts[h]; ok {
		return nil
	}
	m.accounts[h] = struct{}{}
	v, err := m.db.Get(leafKey(h))
	if errors.Is(err, kv.ErrNotFound) {
		return fmt.Errorf("account leaf %s: %w", h.String(), errNoPreimag)
	}
	if err != nil {
		return fmt.Errorf("account leaf %s: %w", h.String(), err)
	}
	a, err := decodeAccount(v)
	if err != nil {
		return err
	}
	if err := m.s.posTree.Walk(m.nodes, a.PositionsRoot, m.enter, m.leaf); err != nil {
		return fmt.Errorf("positions of account leaf %s: %w", h.String(), err)
	}
	if err := m.s.ordTree.Walk(m.nodes, a.OrdersRoot, m.enter, m.leaf); err != nil {
		return fmt.Errorf("orders of account leaf %s: %w", h.String(), err)
	}
	return nil
}

// sweeper deletes garbage in batches.
type sweeper struct {
	s   *State
	ctx context.Context
	st  *PruneStats
}

type candidate struct {
	key  []byte
	h    fr.Element
	size int
}

// run deletes the keys under prefix in the snapshot that garbage says are garbage (h: the hash they name; leaf:
// preimages rather than nodes), skipping what a commit wrote since the prune started.
func (w *sweeper) run(snap kv.Snapshot, prefix []byte, leaf bool, garbage func(key []byte) (h fr.Element, del bool)) error {
	var cands []candidate
	var ferr error
	err := snap.Iterate(prefix, func(k, v []byte) bool {
		h, del := garbage(k)
		if !del {
			return true
		}
		cands = append(cands, candidate{key: append([]byte(nil), k...), h: h, size: len(k) + len(v)})
		if len(cands) >= pruneBatch {
			ferr = w.flush(cands, leaf)
			cands = cands[:0]
		}
		return ferr == nil
	})
	if err = errors.Join(err, ferr); err != nil {
		return err
	}
	return w.flush(cands, leaf)
}

// flush deletes one batch of candidates under pmu, skipping those written since the prune started.
func (w *sweeper) flush(cands []candidate, leaf bool) error {
	if len(cands) == 0 {
		return nil
	}
	if err := w.ctx.Err(); err != nil {
		return err
	}
	s := w.s
	s.pmu.Lock()
	defer s.pmu.Unlock()
	written := s.written.nodes
	if leaf {
		written = s.written.leaves
	}
	b := s.db.NewBatch()
	var n, rewritten int
	var freed int64
	for _, c := range cands {
		if _, ok := written[c.h]; ok {
			rewritten++
			continue
		}
		b.Delete(c.key)
		n++
		freed += int64(c.size)
	}
	if n > 0 {
		if err := kv.WriteNoSync(b); err != nil { // a delete lost in a crash only leaves garbage
			return err
		}
	}
	if leaf {
		w.st.LeavesDeleted += n
	} else {
		w.st.NodesDeleted += n
	}
	w.st.BytesFreed += freed
	w.st.Rewritten += rewritten
	return nil
}

// heads deletes the batch head records of batches 1..floor-1 (the genesis record stays).
func (w *sweeper) heads(snap kv.Snapshot, floor uint64) error {
	var keys [][]byte
	var sizes []int
	err := snap.Iterate(prefixBatch, func(k, v []byte) bool {
		if len(k) != len(prefixBatch)+8 {
			return true
		}
		n := binary.BigEndian.Uint64(k[len(prefixBatch):])
		if n == 0 {
			return true
		}
		if n >= floor {
			return false
		}
		keys = append(keys, append([]byte(nil), k...))
		sizes = append(sizes, len(k)+len(v))
		return true
	})
	if err != nil {
		return err
	}
	for len(keys) > 0 {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		part := keys[:min(len(keys), pruneBatch)]
		b := w.s.db.NewBatch()
		for i, k := range part {
			b.Delete(k)
			w.st.BytesFreed += int64(sizes[i])
		}
		keys, sizes = keys[len(part):], sizes[len(part):]
		w.s.pmu.Lock()
		err := kv.WriteNoSync(b)
		w.s.pmu.Unlock()
		if err != nil {
			return err
		}
		w.st.HeadsDeleted += len(part)
	}
	return nil
}

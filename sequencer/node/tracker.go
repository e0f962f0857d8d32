package node

import (
	"cmp"
	"slices"
	"sync"
	"time"

	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
)

// tracker follows txs and batches through the finality stages, in memory. After a restart it rebuilds what the
// store still has: the batches after the last L1-verified one and their txs (restore, from the stored batch
// metadata), and the txs of every batch sealed since (sealed, from the batch itself: the WAL's replay applies the
// inputs after the last durable seal without the tracker). A tx from before the start in no such batch is in a batch
// L1 had verified at the start: tx indexes are dense and ordered, so it is one below the lowest index of the first
// batch the tracker learned of since the start (verifiedBelow); it is answered as verified, without its type and
// batch, which the node no longer has once the batch's metadata is pruned.
type tracker struct {
	mu      sync.Mutex
	txs     map[uint64]*TxStatus
	batches map[uint64]*BatchStatus
	order   []uint64 // tx indexes in arrival order, to bound memory
	// verifiedBelow: every tx index below it is in a batch L1 verified before the start (0: none known yet); set
	// from the lowest-numbered batch with txs learned since the start (firstBatch). The pipeline restores the
	// stored batches at start before the node seals anything (Start: before the timers, the L1 scan and the API).
	verifiedBelow, firstBatch uint64
}

func newTracker() *tracker {
	return &tracker{txs: map[uint64]*TxStatus{}, batches: map[uint64]*BatchStatus{}}
}

const maxTracked = 1 << 18

func (t *tracker) tx(r engine.TxResult, at uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.add(&TxStatus{Index: r.Index, Type: r.Type.String(), Stage: StageMatched, MatchedAt: int64(at)})
}

// add tracks a tx, forgetting the oldest beyond maxTracked. Call with mu held.
func (t *tracker) add(s *TxStatus) {
	t.txs[s.Index] = s
	t.order = append(t.order, s.Index)
	if len(t.order) > maxTracked {
		delete(t.txs, t.order[0])
		t.order = t.order[1:]
	}
}

// learn notes a batch (restored or sealed since the start) with its txs' indexes: the lowest-numbered one with txs
// bounds the txs verified before the start. Call with mu held.
func (t *tracker) learn(num uint64, idx []uint64) {
	low := uint64(0)
	for _, i := range idx {
		if i != 0 && (low == 0 || i < low) {
			low = i
		}
	}
	if low != 0 && (t.firstBatch == 0 || num < t.firstBatch) {
		t.firstBatch, t.verifiedBelow = num, low
	}
}

func (t *tracker) sealed(bs []engine.Sealed) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := time.Now().UnixMilli()
	for _, b := range bs {
		st := &BatchStatus{Number: b.Number, Stage: StageSealed, SealedAt: now}
		for i, idx := range b.TxIdx {
			if idx == 0 {
				continue
			}
			st.Txs++
			if b.Traces[i].Tx.Type() == state.TxFill {
				st.Fills++
			}
			if tx, ok := t.txs[idx]; ok {
				tx.Batch, tx.Stage = b.Number, StageSealed
				if st.FirstTxAt == 0 || tx.MatchedAt < st.FirstTxAt {
					st.FirstTxAt = tx.MatchedAt
				}
			} else { // replayed after a restart (or forgotten): known from the batch, applied at its time
				t.add(&TxStatus{Index: idx, Type: b.Traces[i].Tx.Type().String(), Batch: b.Number, Stage: StageSealed,
					MatchedAt: int64(b.After.Time) * 1000})
			}
		}
		t.batches[b.Number] = st
		t.learn(b.Number, b.TxIdx)
	}
}

// restore registers a batch found in the store at startup, and its txs (applied at the batch time).
func (t *tracker) restore(m *BatchMeta, stage Stage) {
	t.mu.Lock()
	defer t.mu.Unlock()
	st := &BatchStatus{Number: m.Number, Stage: stage, SealedAt: m.SealedAt, Fills: m.Fills()}
	for i, idx := range m.TxIdx {
		if idx == 0 {
			continue
		}
		st.Txs++
		typ := ""
		if i < len(m.Types) {
			typ = state.TxType(m.Types[i]).String()
		}
		t.add(&TxStatus{Index: idx, Type: typ, Batch: m.Number, Stage: stage, MatchedAt: int64(m.BatchTime) * 1000})
	}
	t.batches[m.Number] = st
	t.learn(m.Number, m.TxIdx)
}

// advance moves a batch (and its txs) to a later stage; it returns the batch status.
func (t *tracker) advance(num uint64, stage Stage, f func(*BatchStatus)) *BatchStatus {
	t.mu.Lock()
	defer t.mu.Unlock()
	b, ok := t.batches[num]
	if !ok {
		b = &BatchStatus{Number: num}
		t.batches[num] = b
	}
	b.Stage = stage
	if f != nil {
		f(b)
	}
	for _, tx := range t.txs {
		if tx.Batch == num {
			tx.Stage = stage
		}
	}
	c := *b
	return &c
}

func (t *tracker) txStatus(idx uint64) (TxStatus, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s, ok := t.txs[idx]
	if !ok {
		if idx != 0 && idx < t.verifiedBelow { // in a batch L1 verified before the start
			return TxStatus{Index: idx, Stage: StageVerified}, true
		}
		return TxStatus{}, false
	}
	return *s, true
}

func (t *tracker) batch(num uint64) (BatchStatus, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	b, ok := t.batches[num]
	if !ok {
		return BatchStatus{}, false
	}
	return *b, true
}

// all returns every tracked batch's status, in batch order (the batch feed sends them in this order).
func (t *tracker) all() []BatchStatus {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]BatchStatus, 0, len(t.batches))
	for _, b := range t.batches {
		out = append(out, *b)
	}
	slices.SortFunc(out, func(a, b BatchStatus) int { return cmp.Compare(a.Number, b.Number) })
	return out
}

// dropFrom forgets the batches from num on (a re-seal rebuilds them); their txs are back to matched.
func (t *tracker) dropFrom(num uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for b := range t.batches {
		if b >= num {
			delete(t.batches, b)
		}
	}
	for _, tx := range t.txs {
		if tx.Batch >= num {
			tx.Batch, tx.Stage = 0, StageMatched
		}
	}
}

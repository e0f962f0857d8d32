package node

import (
	"cmp"
	"slices"
	"sync"
	"time"

	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
)

// tracker follows txs and batches through the finality stages (in memory; rebuilt from the store on restart for
// batches, best effort for older txs).
type tracker struct {
	mu      sync.Mutex
	txs     map[uint64]*TxStatus
	batches map[uint64]*BatchStatus
	order   []uint64 // tx indexes in arrival order, to bound memory
}

func newTracker() *tracker {
	return &tracker{txs: map[uint64]*TxStatus{}, batches: map[uint64]*BatchStatus{}}
}

const maxTracked = 1 << 18

func (t *tracker) tx(r engine.TxResult, at uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.txs[r.Index] = &TxStatus{Index: r.Index, Type: r.Type.String(), Stage: StageMatched, MatchedAt: int64(at)}
	t.order = append(t.order, r.Index)
	if len(t.order) > maxTracked {
		delete(t.txs, t.order[0])
		t.order = t.order[1:]
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
			}
		}
		t.batches[b.Number] = st
	}
}

// restore registers a batch found in the store at startup.
func (t *tracker) restore(m *BatchMeta, stage Stage) {
	t.mu.Lock()
	defer t.mu.Unlock()
	st := &BatchStatus{Number: m.Number, Stage: stage, SealedAt: m.SealedAt, Fills: m.Fills()}
	for _, idx := range m.TxIdx {
		if idx != 0 {
			st.Txs++
		}
	}
	t.batches[m.Number] = st
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

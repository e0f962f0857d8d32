package node

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zkperp/zkperp/state"
)

// Admission batching: the signatures of inputs that arrive together are verified together (state.VerifySignatures:
// one random linear combination of their equations, see state/sigbatch). The first input of a batch leads it: it
// waits up to admitMaxDelay for others (or until admitMaxBatch have joined) when other inputs are being admitted
// (alone, it does not wait), verifies the batch on its own goroutine
// and hands every member its own answer. When the combination fails every input is verified alone, so one bad
// signature rejects only itself. There is no background goroutine: while one leader verifies, the next arrivals form
// the next batch under another leader, so batches run on all cores. Signatures are checked at admission only (the
// WAL replays acknowledged inputs without them being checked again).
const (
	admitMaxBatch = 64
	admitMaxDelay = 200 * time.Microsecond
)

type sigBatch struct {
	in   []state.SigInput
	errs []error
	full chan struct{} // closed when admitMaxBatch inputs have joined
	done chan struct{} // closed when errs is set
}

type admitter struct {
	mu  sync.Mutex
	cur *sigBatch
	// inside counts the inputs in verifySig: a leader alone does not wait for company (no added latency at low load)
	inside atomic.Int32
	// maxBatch and maxDelay override admitMaxBatch and admitMaxDelay when set; forceWait makes a leader wait even
	// alone (tests)
	maxBatch  int
	maxDelay  time.Duration
	forceWait bool
}

func (a *admitter) limits() (int, time.Duration) {
	n, d := admitMaxBatch, admitMaxDelay
	if a.maxBatch > 0 {
		n = a.maxBatch
	}
	if a.maxDelay > 0 {
		d = a.maxDelay
	}
	return n, d
}

// verifySig checks one input's signature in the current admission batch, filling the node's signature cache.
func (n *Node) verifySig(ctx context.Context, in state.SigInput) error {
	return n.verifySigs(ctx, in)[0]
}

// verifySigs checks one input's signatures (an amend has two) in the current admission batch, all in the same
// batch, filling the node's signature cache. One error per signature.
func (n *Node) verifySigs(ctx context.Context, ins ...state.SigInput) []error {
	a := &n.admit
	maxBatch, maxDelay := a.limits()
	a.inside.Add(1)
	defer a.inside.Add(-1)
	a.mu.Lock()
	b, lead := a.cur, false
	if b == nil {
		b = &sigBatch{full: make(chan struct{}), done: make(chan struct{})}
		a.cur, lead = b, true
	}
	i := len(b.in)
	b.in = append(b.in, ins...)
	if len(b.in) >= maxBatch {
		a.cur = nil
		close(b.full)
	}
	a.mu.Unlock()
	j := i + len(ins)
	if lead {
		if j < maxBatch && (a.inside.Load() > 1 || a.forceWait) {
			t := time.NewTimer(maxDelay)
			select {
			case <-b.full:
			case <-t.C:
			}
			t.Stop()
		}
		a.mu.Lock()
		if a.cur == b {
			a.cur = nil
		}
		a.mu.Unlock()
		// b.in is no longer appended to: the batch left a.cur
		b.errs = n.sigs.VerifyBatch(n.cfg.Domain(), b.in)
		close(b.done)
		return b.errs[i:j]
	}
	select {
	case <-b.done:
		return b.errs[i:j]
	case <-ctx.Done():
		errs := make([]error, len(ins))
		for k := range errs {
			errs[k] = ctx.Err()
		}
		return errs
	}
}

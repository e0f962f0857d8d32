package node

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/zkperp/zkperp/state"
)

// Admission batching: the signatures of inputs that arrive together are verified together (state.VerifySignatures: one
// random linear combination of their equations, see state/sigbatch). Admission hands each input's signatures to a pool
// of verifier goroutines, one per core (at most one per P). A verifier takes everything waiting (up to admitMaxBatch
// signatures) as one batch, verifies it, and hands every input its own answer; while the verifiers are busy, the next
// arrivals wait and form the next batch. So the batch size follows the load without any timer: an idle node verifies a
// lone input at once, a saturated one in batches as large as the verifiers' backlog. When a batch's combination fails,
// every signature of it is verified alone, so one bad signature rejects only itself. Signatures are checked at
// admission only (the WAL replays acknowledged inputs without them being checked again).
const admitMaxBatch = 64

// errAdmissionStopped answers the inputs waiting for a verifier when the node stops.
var errAdmissionStopped = fmt.Errorf("%w: admission", ErrStopped)

// sigReq is one input's signatures (an amend has two) waiting for, then carrying, their verdicts.
type sigReq struct {
	in   []state.SigInput
	errs []error
	done chan struct{}
}

type admitter struct {
	mu      sync.Mutex
	cond    *sync.Cond // signalled when a request waits or the admitter closes
	pending []*sigReq
	nsig    int // signatures in pending
	closed  bool
	start   sync.Once
	// test hooks: maxBatch overrides admitMaxBatch; with forceWait a verifier waits (up to maxDelay) until
	// maxBatch signatures wait, so the inputs a test sends together form one batch
	maxBatch  int
	maxDelay  time.Duration
	forceWait bool
}

func (a *admitter) limit() int {
	if a.maxBatch > 0 {
		return a.maxBatch
	}
	return admitMaxBatch
}

// startVerifiers starts the verifier pool once; it stops when the node stops.
func (n *Node) startVerifiers() {
	a := &n.admit
	a.start.Do(func() {
		a.cond = sync.NewCond(&a.mu)
		// one per core: with more Ps than cores (the node command's default, docs/node.md) more verifiers would
		// only split the batches
		workers := min(runtime.GOMAXPROCS(0), runtime.NumCPU())
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() { defer wg.Done(); n.verifier() }()
		}
		go func() {
			<-n.stopped
			a.mu.Lock()
			a.closed = true
			a.cond.Broadcast()
			a.mu.Unlock()
		}()
	})
}

// verifier verifies waiting requests in batches until the node stops; then it fails what still waits.
func (n *Node) verifier() {
	a := &n.admit
	for {
		a.mu.Lock()
		for len(a.pending) == 0 && !a.closed {
			a.cond.Wait()
		}
		if a.closed {
			for _, r := range a.pending {
				for i := range r.errs {
					r.errs[i] = errAdmissionStopped
				}
				close(r.done)
			}
			a.pending, a.nsig = nil, 0
			a.mu.Unlock()
			return
		}
		max := a.limit()
		if a.nsig < max && !a.forceWait {
			// let the goroutines that are ready run first: under load they add their inputs to this batch (one
			// multi-scalar multiplication for more signatures); on an idle node this returns at once
			a.mu.Unlock()
			runtime.Gosched()
			a.mu.Lock()
			if len(a.pending) == 0 { // another verifier took them
				a.mu.Unlock()
				continue
			}
		}
		if a.forceWait {
			deadline := time.Now().Add(a.maxDelay)
			for a.nsig < max && time.Now().Before(deadline) && !a.closed {
				a.mu.Unlock()
				time.Sleep(100 * time.Microsecond)
				a.mu.Lock()
			}
		}
		// take whole requests, at least one, up to max signatures
		k, nsig := 0, 0
		for k < len(a.pending) && (k == 0 || nsig+len(a.pending[k].in) <= max) {
			nsig += len(a.pending[k].in)
			k++
		}
		batch := a.pending[:k:k]
		a.pending = a.pending[k:]
		a.nsig -= nsig
		a.mu.Unlock()

		in := make([]state.SigInput, 0, nsig)
		for _, r := range batch {
			in = append(in, r.in...)
		}
		if n.m != nil {
			n.m.sigBatch.Observe(float64(len(in)))
		}
		errs := n.sigs.VerifyBatch(n.cfg.Domain(), in)
		off := 0
		for _, r := range batch {
			copy(r.errs, errs[off:off+len(r.in)])
			off += len(r.in)
			close(r.done)
		}
	}
}

// verifySig checks one input's signature in an admission batch, filling the node's signature cache.
func (n *Node) verifySig(ctx context.Context, in state.SigInput) error {
	return n.verifySigs(ctx, in)[0]
}

// verifySigs checks one input's signatures (an amend has two) in an admission batch, all in the same batch, filling
// the node's signature cache. One error per signature.
func (n *Node) verifySigs(ctx context.Context, ins ...state.SigInput) []error {
	if wouldWait(ctx) { // a handoff: the request's own goroutine waits for the batch
		errs := make([]error, len(ins))
		for k := range errs {
			errs[k] = errWouldWait
		}
		return errs
	}
	n.startVerifiers()
	a := &n.admit
	r := &sigReq{in: ins, errs: make([]error, len(ins)), done: make(chan struct{})}
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		for i := range r.errs {
			r.errs[i] = errAdmissionStopped
		}
		return r.errs
	}
	a.pending = append(a.pending, r)
	a.nsig += len(ins)
	a.cond.Signal()
	a.mu.Unlock()
	select {
	case <-r.done:
		return r.errs
	case <-ctx.Done():
		a.drop(r) // not taken by a verifier yet: its signatures are not worth verifying any more
		errs := make([]error, len(ins))
		for k := range errs {
			errs[k] = ctx.Err()
		}
		return errs
	}
}

// drop removes a request that still waits for a verifier.
func (a *admitter) drop(r *sigReq) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for i, p := range a.pending {
		if p == r {
			a.pending = append(a.pending[:i:i], a.pending[i+1:]...)
			a.nsig -= len(r.in)
			return
		}
	}
}

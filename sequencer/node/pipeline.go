package node

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/zkperp/zkperp/internal/proverrpc"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state/kv"
)

// proofs holds verified Solidity proofs until their batch is on L1.
type proofs struct {
	mu sync.Mutex
	m  map[uint64][]byte
}

func (p *proofs) put(n uint64, b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m[n] = b
}

func (p *proofs) get(n uint64) ([]byte, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	b, ok := p.m[n]
	return b, ok
}

func (p *proofs) drop(n uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.m, n)
}

// checkProof verifies a worker's proof against the batch's own public inputs before it is accepted. Not while a
// re-seal rewrites the batches (wmu): a proof checked against a batch's old version must not be stored after the
// re-seal dropped it.
func (n *Node) checkProof(num uint64, r *proverrpc.Result) error {
	n.wmu.RLock()
	defer n.wmu.RUnlock()
	m, err := n.loadMeta(num)
	if err != nil {
		return err
	}
	if err := n.blobMeta(m); err != nil {
		return err
	}
	sol, err := proverrpc.VerifyRaw(n.deps.VerifyingKey, r.Proof, m.Public())
	if err != nil {
		return err
	}
	if err := n.eng.State().PutExtra(proofKey(num), sol); err != nil {
		return fmt.Errorf("store proof: %w", err)
	}
	n.proofs.put(num, sol)
	return nil
}

// startPipeline recovers the batches between the last L1-verified one and the last sealed one (re-proving the
// unproven and resending the unsent), then runs the prover intake, the L1 submitter and the L1 watcher.
func (n *Node) startPipeline(ctx context.Context) error {
	n.l1 = newL1(n)
	n.proofs = &proofs{m: map[uint64][]byte{}}
	v, err := n.l1.verifiedBatch(ctx)
	if err != nil {
		return err
	}
	n.setVerified(v)
	n.coverVerified(v)
	if err := n.l1.checkDomain(ctx); err != nil {
		return err
	}
	if err := n.l1.checkExodus(ctx); err != nil {
		return err
	}
	var sealed uint64 // read on the core: the batches in the store (a commit in flight is published when it lands)
	if err := n.Query(ctx, func(e *engine.Engine) { sealed = n.sealedBatch(e) }); err != nil {
		return err
	}
	if v > sealed {
		return fmt.Errorf("node: L1 has verified batch %d but the local state ends at %d (wrong data dir?)", v, sealed)
	}
	for num := v + 1; num <= sealed; num++ {
		m, err := n.loadMeta(num)
		if err != nil {
			return err
		}
		if p, err := n.eng.State().Extra(proofKey(num)); err == nil {
			n.proofs.put(num, p)
			n.track.restore(m, StageProven)
			continue
		} else if !errors.Is(err, kv.ErrNotFound) {
			return err
		}
		n.queue.Add(num)
		n.track.restore(m, StageSealed)
	}
	n.m.sealedBatch.Set(float64(sealed))
	n.ledger = newLedgerCheck(n)
	n.ledger.notify() // check the verified root found at start
	n.wg.Add(3)
	go func() { defer n.wg.Done(); n.intake(ctx) }()
	go func() { defer n.wg.Done(); n.submitter(ctx) }()
	go func() { defer n.wg.Done(); n.ledger.run(ctx) }()
	return nil
}

// intake hands sealed batches to the prover queue and records accepted proofs.
func (n *Node) intake(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case bs := <-n.sealed:
			for _, b := range bs {
				n.queue.Add(b.Number)
				n.m.sealedBatch.Set(float64(b.Number))
				n.log.Info("batch sealed", "batch", b.Number, "txs", countTxs(b))
			}
			n.m.proverQueue.Set(float64(n.queue.Pending()))
		case r := <-n.queue.Results():
			st := n.track.advance(r.JobID, StageProven, func(b *BatchStatus) {
				b.ProvenAt, b.ProveMillis = time.Now().UnixMilli(), r.ProveMillis
			})
			n.m.proveSeconds.Observe(float64(st.ProvenAt-st.SealedAt) / 1000)
			n.m.proverQueue.Set(float64(n.queue.Pending()))
			n.log.Info("batch proven", "batch", r.JobID, "worker", r.Worker, "prove", time.Duration(r.ProveMillis)*time.Millisecond)
		}
	}
}

func countTxs(b engine.Sealed) int {
	c := 0
	for _, i := range b.TxIdx {
		if i != 0 {
			c++
		}
	}
	return c
}

// submitter sends proven batches to L1 strictly in order and scans L1 for deposits and verified batches.
func (n *Node) submitter(ctx context.Context) {
	t := time.NewTicker(n.cfg.L1.Poll)
	defer t.Stop()
	for {
		if err := n.l1.scan(ctx); err != nil && ctx.Err() == nil {
			n.log.Warn("L1 scan failed", "err", err)
		}
		n.submitNext(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (n *Node) submitNext(ctx context.Context) {
	for {
		if n.exodus.Load() || n.rejected.Load() != nil {
			return // L1 accepts no batch any more, or refused the next one for good
		}
		next := n.verifiedNum() + 1
		proof, ok := n.proofs.get(next)
		if !ok {
			return
		}
		m, err := n.loadMeta(next)
		if err != nil {
			n.log.Error("proven batch without metadata", "batch", next, "err", err)
			return
		}
		// L1 may have it already (sent before a restart, mined since): one call instead of a reverted transaction.
		if v, err := n.l1.verifiedBatch(ctx); err == nil && v >= next {
			n.verified(v)
			continue
		}
		start := time.Now()
		r, err := n.l1.submit(ctx, m, proof)
		var rej *Rejection
		if errors.As(err, &rej) {
			if v, verr := n.l1.verifiedBatch(ctx); verr == nil && v >= next {
				n.verified(v) // an earlier attempt got it in after all
				continue
			}
			n.reject(rej)
			if n.cfg.L1.NoReseal {
				return
			}
			if err := n.reseal(ctx, rej); err != nil {
				if ctx.Err() == nil {
					n.log.Error("re-seal failed: batch submission stays stopped", "batch", rej.Batch, "err", err)
				}
				return
			}
			continue
		}
		if err != nil {
			if ctx.Err() == nil {
				n.log.Error("batch submission failed; will retry", "batch", next, "err", err)
				if cerr := n.l1.checkExodus(ctx); cerr != nil {
					n.log.Warn("L1 exodus check failed", "err", cerr)
				}
			}
			if v, verr := n.l1.verifiedBatch(ctx); verr == nil && v >= next {
				n.verified(v) // someone (an earlier attempt) got it in
				continue
			}
			return
		}
		n.m.l1Seconds.Observe(time.Since(start).Seconds())
		n.m.gasPerBatch.Observe(float64(r.GasUsed))
		n.track.advance(next, StageSubmitted, func(b *BatchStatus) {
			b.SubmittedAt, b.GasUsed, b.TxHash = time.Now().UnixMilli(), r.GasUsed, r.TxHash.Hex()
		})
		n.verified(next)
	}
}

// reject records a permanent refusal of a batch by L1 and stops batch submission: the batch (its time, marks or
// proof) can never be accepted, and every later batch builds on it. The node then re-seals from the last verified
// batch (reseal.go, docs/node.md "Rejected batches") unless l1.no_reseal is set.
func (n *Node) reject(r *Rejection) {
	if !n.rejected.CompareAndSwap(nil, r) {
		return
	}
	n.m.l1Rejections.WithLabelValues(r.Reason).Inc()
	n.log.Error("L1 rejected a batch for a reason resubmitting cannot fix: batch submission stopped", "batch", r.Batch,
		"reason", r.Reason, "detail", r.Detail, "verified_batch", n.verifiedNum())
}

// Rejected returns L1's permanent refusal of a batch, if one stopped the submission.
func (n *Node) Rejected() *Rejection { return n.rejected.Load() }

// verified records that L1 verified batches up to num.
func (n *Node) verified(num uint64) {
	if num <= n.verifiedNum() {
		return // an event seen again (the L1 scan after a restart, or a retried chunk): nothing new
	}
	for v := n.verifiedNum() + 1; v <= num; v++ {
		st := n.track.advance(v, StageVerified, func(b *BatchStatus) { b.VerifiedAt = time.Now().UnixMilli() })
		if ft := st.FirstTxAt; ft > 0 {
			n.m.finalitySecs.Observe(float64(st.VerifiedAt-ft) / 1000)
		}
		n.proofs.drop(v)
		n.queue.Forget(v)
		n.log.Info("batch verified on L1", "batch", v, "fills", st.Fills, "gas", st.GasUsed)
	}
	n.setVerified(num)
	n.coverVerified(num)
	n.pruneVerified(num) // background state pruning (prune.go)
	if n.ledger != nil {
		n.ledger.notify() // the conserved-ledger check (ledger.go)
	}
}

func (n *Node) setVerified(v uint64) {
	n.vmu.Lock()
	defer n.vmu.Unlock()
	if v > n.verifiedN {
		n.verifiedN = v
	}
	n.m.verifiedBatch.Set(float64(n.verifiedN))
}

func (n *Node) verifiedNum() uint64 {
	n.vmu.Lock()
	defer n.vmu.Unlock()
	return n.verifiedN
}

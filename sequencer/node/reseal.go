package node

import (
	"context"
	"fmt"

	"github.com/zkperp/zkperp/sequencer/engine"
)

// maxReseals bounds the re-seals of one batch number (reseal).
const maxReseals = 3

// reseal rebuilds every batch after the last L1-verified one when L1 refused the next for good (rej): the state and
// the books go back to the last seal at or below the verified batch, and the WAL is replayed from there with every
// later batch dated no earlier than L1's latest block time (engine.Reseal). Acked inputs are all replayed; the new
// batches are proven and submitted as any. Runs on the submitter goroutine; the engine part runs on the core, which
// serves nothing else meanwhile.
func (n *Node) reseal(ctx context.Context, rej *Rejection) error {
	from := n.verifiedNum() + 1
	if rej.Batch != from {
		return fmt.Errorf("node: re-seal: refused batch %d is not the next after verified batch %d", rej.Batch, from-1)
	}
	// A batch refused again after re-seals (each with a later time) is refused for something no time fixes: stop
	// rather than loop.
	if n.resealFrom == from {
		n.resealTries++
	} else {
		n.resealFrom, n.resealTries = from, 1
	}
	if n.resealTries > maxReseals {
		return fmt.Errorf("node: re-seal: batch %d refused again after %d re-seals (%s)", from, maxReseals, rej.Reason)
	}
	h, err := n.deps.L1.HeaderByNumber(ctx, nil)
	if err != nil || h == nil {
		return fmt.Errorf("node: re-seal: L1 head: %w", err)
	}
	if t := int64(h.Time) * 1000; t > n.l1Time.Load() {
		n.l1Time.Store(t)
	}
	floor := uint32(h.Time)
	n.wmu.Lock() // no witness is built from a batch's traces while they are rewritten
	defer n.wmu.Unlock()
	var (
		sealed                     []engine.Sealed
		oldLast, newLast           uint64
		depositsBefore, depositsAt uint64
		pre                        error
	)
	err = n.do2(ctx, func(e *engine.Engine) error {
		st := e.State()
		oldLast, depositsBefore = st.CommittedHead().Batch, st.Head().DepositCount
		if from > oldLast {
			pre = fmt.Errorf("node: re-seal: batch %d not sealed (last %d)", from, oldLast)
			return nil
		}
		if t := st.CommittedHead().Time; uint32(min(uint64(floor), 1<<32-1)) < t {
			floor = t
		}
		var drop []string
		for b := from; b <= oldLast; b++ {
			drop = append(drop, metaKey(b), tracesKey(b), witnessKey(b), proofKey(b), blobKey(b))
		}
		if err := e.Reseal(from, floor, drop); err != nil {
			return err
		}
		if err := n.replay(func(bs []engine.Sealed) { sealed = append(sealed, bs...) }); err != nil {
			return fmt.Errorf("node: re-seal replay: %w", err)
		}
		newLast, depositsAt = st.CommittedHead().Batch, st.Head().DepositCount
		return nil
	})
	if err != nil {
		return err
	}
	if pre != nil {
		return pre
	}
	for b := from; b <= oldLast; b++ {
		n.proofs.drop(b)
		n.queue.Forget(b)
	}
	n.track.dropFrom(from)
	var fresh []engine.Sealed
	for _, b := range sealed {
		if b.Number >= from {
			fresh = append(fresh, b)
		}
	}
	n.track.sealed(fresh)
	for _, b := range fresh {
		n.queue.Add(b.Number)
	}
	n.m.sealedBatch.Set(float64(newLast))
	n.m.proverQueue.Set(float64(n.queue.Pending()))
	n.m.reseals.Inc()
	if depositsAt < depositsBefore { // an entry the new time refuses: follow the queue again from its block
		if blk, ok := n.l1.entryBlock[depositsAt]; ok && blk > 0 {
			n.l1.scanned = blk - 1
		} else {
			n.l1.scanned = max(n.cfg.L1.StartBlock, 1) - 1
		}
		n.log.Warn("re-seal: priority-queue entries to apply again", "from_index", depositsAt, "were", depositsBefore)
	}
	n.rejected.Store(nil)
	n.log.Warn("re-sealed the batches after the last verified one", "refused", rej.Batch, "reason", rej.Reason,
		"floor", floor, "batches_before", oldLast, "batches_now", newLast, "new_batches", len(fresh))
	return nil
}

// do2 runs f on the core goroutine as a control request (request.ctl): f's error stops the core.
func (n *Node) do2(ctx context.Context, f func(*engine.Engine) error) error {
	var ferr error
	_, err := n.do(ctx, &request{ctl: func(e *engine.Engine) error { ferr = f(e); return ferr }, reply: make(chan reply, 1)})
	if err != nil {
		return err
	}
	return ferr
}

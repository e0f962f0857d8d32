package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/kv"
)

// Re-seal (docs/node.md "Rejected batches"). L1 refuses some batches for good: a batch proven too late for its
// time (BatchTooOld), or one whose mark is not the oracle's latest round at the batch time. Every later batch builds
// on the refused one, so the sequencer rebuilds them all from the last L1-verified batch N with a later time:
//
//  1. Reseal rolls the state back to the last seal that ended at or below N (its checkpoint is kept under
//     checkpointAt until N is verified) and, in the same atomic write, makes that checkpoint the engine's, with a
//     Floor{From: N+1, Time: floor} added;
//  2. the caller replays the WAL from NextSeq, as after a crash. Batches up to N come out as L1 verified them
//     (same inputs, same times); every batch from N+1 on is dated no earlier than the floor (fixBatchTime), and a
//     seal that holds both batch N and batch N+1 is split (splitAtFloor).
//
// Acked inputs are replayed, none is dropped. What the later time refuses is refused as it would be live: a fill
// of an order that expired in between (both orders are then cancelled), a liquidation whose mark is too old, a
// mark read before the new batch time. A crash during the replay is recovered by the ordinary replay: the floor is
// in the checkpoint.

// checkpointFor returns the checkpoint of the last seal that ended at or below batch n, following the chain of
// per-seal checkpoints back from the engine's own; a zero checkpoint (replay from the first record) when no seal
// ended there.
func checkpointFor(st *state.State, n uint64) (*checkpoint, error) {
	raw, err := st.Extra(checkpointKey)
	if errors.Is(err, kv.ErrNotFound) {
		return &checkpoint{Seq: ^uint64(0)}, nil
	}
	for {
		if err != nil {
			return nil, fmt.Errorf("%w: checkpoint at or below batch %d: %w", ErrReseal, n, err)
		}
		cp, derr := unmarshalCheckpoint(raw)
		if derr != nil {
			return nil, fmt.Errorf("%w: %w", ErrReseal, derr)
		}
		if cp.Batch <= n {
			return cp, nil
		}
		if cp.Prev == 0 {
			return &checkpoint{Seq: ^uint64(0)}, nil
		}
		raw, err = st.Extra(checkpointAt(cp.Prev))
	}
}

// CheckpointSeq returns the WAL sequence number of the last input covered by the checkpoint a re-seal from batch
// n+1 would restart from (^0: none, the WAL is replayed from its first record): the WAL must keep every record
// after it while batch n is the last one verified on L1. Safe to call off the engine's goroutine (it reads the
// store only).
func CheckpointSeq(st *state.State, n uint64) (uint64, error) {
	cp, err := checkpointFor(st, n)
	if err != nil {
		return 0, err
	}
	return cp.Seq, nil
}

// PruneCheckpoints deletes the per-seal checkpoints below the one a re-seal after batch n would use (batch n is
// verified on L1: nothing at or below it is re-sealed again). Safe off the engine's goroutine.
func PruneCheckpoints(st *state.State, n uint64) (int, error) {
	cp, err := checkpointFor(st, n)
	if err != nil {
		return 0, err
	}
	var del []string
	for prev := cp.Prev; prev != 0; {
		raw, err := st.Extra(checkpointAt(prev))
		if errors.Is(err, kv.ErrNotFound) {
			break // pruned before
		}
		if err != nil {
			return 0, err
		}
		var older struct {
			Prev uint64 `json:"prev"`
		}
		if err := json.Unmarshal(raw, &older); err != nil {
			return 0, fmt.Errorf("engine: decode checkpoint %d: %w", prev, err)
		}
		del = append(del, checkpointAt(prev))
		prev = older.Prev
	}
	if len(del) == 0 {
		return 0, nil
	}
	return len(del), st.DeleteExtra(del...)
}

// Reseal prepares the re-seal of every batch from `from` on (batch from-1 is the last one L1 verified) with the
// batch time floor: it rolls the state and the engine back to the last seal at or below from-1, deleting drop (the
// caller's stored data of the batches being rebuilt) in the same write. The caller then replays the WAL from
// NextSeq.
func (e *Engine) Reseal(from uint64, floor uint32, drop []string) error {
	committed := e.st.CommittedHead().Batch
	if from == 0 || from > committed {
		return fmt.Errorf("%w: batch %d is not sealed (last sealed %d)", ErrReseal, from, committed)
	}
	cp, err := checkpointFor(e.st, from-1)
	if err != nil {
		return err
	}
	floors := []Floor{}
	for _, f := range append(slices.Clone(cp.Floors), e.floors...) {
		if f.From > cp.Batch && !slices.Contains(floors, f) {
			floors = append(floors, f)
		}
	}
	floors = append(floors, Floor{From: from, Time: floor})
	cp.Floors = floors
	raw, err := cp.marshal()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrReseal, err)
	}
	if err := e.st.RollbackExtra(cp.Batch, map[string][]byte{checkpointKey: raw}, drop); err != nil {
		return fmt.Errorf("%w: %w", ErrReseal, err)
	}
	if err := e.load(cp); err != nil {
		return fmt.Errorf("%w: %w", ErrReseal, err)
	}
	e.log.Warn("re-seal: state and books back at the last seal before the refused batch", "from", from,
		"floor", floor, "restart_batch", cp.Batch, "replay_from_seq", e.NextSeq())
	return nil
}

// floorIn returns a floor that starts inside a seal of batches first..last (after its first batch, whose time
// the floor already set if it applied) and is later than the pending batch time.
func (e *Engine) floorIn(first, last uint64) (Floor, bool) {
	for _, f := range e.floors {
		if f.From > first && f.From <= last && f.Time > e.st.Time() {
			return f, true
		}
	}
	return Floor{}, false
}

// splitAtFloor rebuilds a seal that crosses a floor: the batches below f.From are applied again as they were
// (same txs, same time: the roots L1 verified, checked), then the later txs at the floor's time. A tx the new time
// refuses is dropped as it would be refused live; a dropped fill cancels both its orders (their book fill did not
// settle).
func (e *Engine) splitAtFloor(next uint64, groups []group, f Floor) ([]group, error) {
	keep := int(f.From - next)
	t0 := groups[0].trs[0].After.Time
	n := 0 // txs of the batches that stay
	for _, g := range groups[:keep] {
		n += len(g.trs)
	}
	e.st.Discard()
	if err := e.st.SetTime(t0); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrReseal, err)
	}
	var out []group
	for _, g := range groups[:keep] {
		var ng group
		for i, tr := range g.trs {
			tr2, err := e.st.Apply(tr.Tx)
			if err != nil || tr2.After.AccountsRoot != tr.After.AccountsRoot || tr2.After.MarketsRoot != tr.After.MarketsRoot ||
				tr2.After.DepositHash != tr.After.DepositHash {
				return nil, fmt.Errorf("%w: batch %d does not replay as sealed (tx %d: %v)", ErrReseal, next, g.idx[i], err)
			}
			ng.trs, ng.idx = append(ng.trs, tr2), append(ng.idx, g.idx[i])
		}
		out = append(out, ng)
	}
	if err := e.st.SetTime(f.Time); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrReseal, err)
	}
	var later group
	type ref struct {
		market      uint8
		account, id uint32
	}
	var cancel []ref
	touched := map[[2]uint32]struct{}{}
	dropped := 0
	for i := n; i < len(e.pending); i++ {
		tr := e.pending[i]
		if r := e.pendingRead[i]; r > 0 && r < uint64(f.Time) {
			e.log.Warn("re-seal: mark dropped (its oracle read is older than the new batch time)", "tx", e.pendingIdx[i],
				"read_at", r, "batch_time", f.Time)
			dropped++
			continue
		}
		tr2, err := e.st.Apply(tr.Tx)
		switch tx := tr.Tx.(type) {
		case state.Fill:
			touched[[2]uint32{tx.Maker.Account, uint32(tx.Maker.Market)}] = struct{}{}
			touched[[2]uint32{tx.Taker.Account, uint32(tx.Taker.Market)}] = struct{}{}
			if err != nil {
				cancel = append(cancel, ref{tx.Maker.Market, tx.Maker.Account, tx.Maker.ID},
					ref{tx.Taker.Market, tx.Taker.Account, tx.Taker.ID})
			}
		case state.Liquidate:
			touched[[2]uint32{tx.Account, uint32(tx.Market)}] = struct{}{}
			touched[[2]uint32{state.BackstopAccount, uint32(tx.Market)}] = struct{}{}
		case state.PositionMargin:
			touched[[2]uint32{tx.Account, uint32(tx.Market)}] = struct{}{}
		}
		if err != nil {
			e.log.Warn("re-seal: tx refused at the new batch time", "tx", e.pendingIdx[i], "type", tr.Tx.Type(),
				"batch_time", f.Time, "err", err)
			dropped++
			continue
		}
		later.trs, later.idx = append(later.trs, tr2), append(later.idx, e.pendingIdx[i])
	}
	for _, r := range cancel {
		if b, ok := e.books[r.market]; ok {
			_ = b.Cancel(e.now, r.account, uint64(r.id))
		}
	}
	for k := range touched {
		if _, ok := e.open[uint8(k[1])]; ok {
			e.trackOpen(uint8(k[1]), k[0])
		}
	}
	e.log.Warn("re-seal: seal split at the floor", "verified_batches", keep, "from", f.From, "floor", f.Time,
		"txs_after", len(later.trs), "dropped", dropped)
	if len(later.trs) > 0 {
		rest, err := e.cut(later.trs, later.idx)
		if err != nil {
			return nil, err
		}
		out = append(out, rest...)
	}
	return out, nil
}

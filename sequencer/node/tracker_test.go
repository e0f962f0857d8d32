package node

import (
	"context"
	"testing"

	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
)

// The batch feed (perp_subscribe "batchFeed") sends the tracker's batches in batch order, whatever the map's.
func TestTrackerBatchesInOrder(t *testing.T) {
	tr := newTracker()
	for _, n := range []uint64{8, 11, 12, 1, 2, 5, 3} {
		tr.advance(n, StageSealed, nil)
	}
	for i := 0; i < 20; i++ { // map iteration order varies between calls
		all := tr.all()
		for j := 1; j < len(all); j++ {
			if all[j-1].Number >= all[j].Number {
				t.Fatalf("batches out of order: %d before %d", all[j-1].Number, all[j].Number)
			}
		}
	}
	tr.dropFrom(5)
	if all := tr.all(); len(all) != 3 || all[2].Number != 3 {
		t.Fatalf("after dropFrom(5): %+v", all)
	}
}

// After a restart the tracker rebuilds the txs of the batches it restores from the store (their stage follows the
// batch's), learns those of batches sealed since from the batches themselves (the WAL's replay applies them without
// it), and answers an index below the first such batch's as verified (its batch was verified before the start);
// a later index it never saw stays unknown.
func TestTrackerTxsAfterRestart(t *testing.T) {
	tr := newTracker()
	if _, ok := tr.txStatus(3); ok {
		t.Fatal("an unknown tx is tracked")
	}
	sealedBatch := engine.Sealed{Number: 7, After: state.Head{Time: 1_700_000_100}, TxIdx: []uint64{13, 14, 0},
		Traces: []*state.Trace{{Tx: state.Deposit{}}, {Tx: state.Withdraw{}}, {Tx: state.Deposit{}}}}
	tr.tx(engine.TxResult{Index: 13, Type: state.TxDeposit}, 1_700_000_099_500) // applied live after the start
	// Sealed before the earlier batches are restored (the node restores them first, at start): the bound still
	// comes from the lowest batch.
	tr.sealed([]engine.Sealed{sealedBatch})
	tr.restore(&BatchMeta{Number: 5, BatchTime: 1_700_000_000, TxIdx: []uint64{0, 10, 11},
		Types: []uint8{uint8(state.TxDeposit), uint8(state.TxPositionMargin), uint8(state.TxFill)}}, StageProven)
	tr.restore(&BatchMeta{Number: 6, BatchTime: 1_700_000_050, TxIdx: []uint64{12}, Types: []uint8{uint8(state.TxWithdraw)}},
		StageSealed)
	for idx, want := range map[uint64]TxStatus{
		9:  {Index: 9, Stage: StageVerified},
		10: {Index: 10, Type: "position_margin", Batch: 5, Stage: StageProven, MatchedAt: 1_700_000_000_000},
		11: {Index: 11, Type: "fill", Batch: 5, Stage: StageProven, MatchedAt: 1_700_000_000_000},
		12: {Index: 12, Type: "withdraw", Batch: 6, Stage: StageSealed, MatchedAt: 1_700_000_050_000},
		13: {Index: 13, Type: "deposit", Batch: 7, Stage: StageSealed, MatchedAt: 1_700_000_099_500},
		14: {Index: 14, Type: "withdraw", Batch: 7, Stage: StageSealed, MatchedAt: 1_700_000_100_000},
	} {
		if s, ok := tr.txStatus(idx); !ok || s != want {
			t.Fatalf("tx %d: %+v %v, want %+v", idx, s, ok, want)
		}
	}
	for _, idx := range []uint64{0, 15} {
		if s, ok := tr.txStatus(idx); ok {
			t.Fatalf("tx %d tracked: %+v", idx, s)
		}
	}
	tr.advance(5, StageVerified, nil)
	tr.advance(6, StageSubmitted, nil)
	if s, _ := tr.txStatus(11); s.Stage != StageVerified {
		t.Fatalf("tx 11 after its batch was verified: %+v", s)
	}
	if s, _ := tr.txStatus(12); s.Stage != StageSubmitted {
		t.Fatalf("tx 12 after its batch was submitted: %+v", s)
	}
	if b, ok := tr.batch(5); !ok || b.Txs != 2 || b.Fills != 1 {
		t.Fatalf("batch 5: %+v %v", b, ok)
	}
}

// A restarted node answers perp_txStatus for the txs of the batches it restores (sealed, not yet verified) from the
// stored batch metadata, and for the txs the WAL's replay applied once they are sealed.
func TestTxStatusAfterRestart(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n, _, _ := f.startOperator(ctx, nil)
	f.sealBatches(ctx, n, 2) // the deposits, then a margin move; nothing proven
	f.margin(n, 1, 1000)     // acknowledged, in no batch
	var before []TxStatus
	for idx := uint64(1); ; idx++ {
		s, ok := n.track.txStatus(idx)
		if !ok {
			break
		}
		before = append(before, s)
	}
	if len(before) < 3 || before[len(before)-1].Batch != 0 || before[len(before)-2].Batch != 2 {
		t.Fatalf("txs before the restart: %+v", before)
	}
	n.Stop()
	n, _, _ = f.startOperator(ctx, nil)
	api := &API{n: n}
	last := before[len(before)-1]
	for _, want := range before[:len(before)-1] {
		s, err := api.TxStatus(ctx, want.Index)
		if err != nil || s.Type != want.Type || s.Batch != want.Batch || s.Stage != StageSealed || s.MatchedAt == 0 {
			t.Fatalf("tx %d after the restart: %+v %v, want %+v", want.Index, s, err, want)
		}
	}
	if out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindSeal}); err != nil || len(out.Sealed) != 1 {
		t.Fatalf("seal: %v %+v", err, out)
	}
	if s, err := api.TxStatus(ctx, last.Index); err != nil || s.Type != last.Type || s.Batch != 3 || s.Stage != StageSealed {
		t.Fatalf("tx %d (replayed) after its seal: %+v %v", last.Index, s, err)
	}
}

package node

import (
	"context"
	"encoding/binary"
	"errors"
	"testing"
	"time"

	"github.com/zkperp/zkperp/internal/proverrpc"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/kv"
)

// waitExtrasPruned waits until the batches' stored extras are deleted below batch `below` (the state prune's floor
// is raised before its sweep; the extras go after it).
func waitExtrasPruned(t *testing.T, f *fixture, n *Node, below uint64) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		got, err := extrasPruned(n.eng.State())
		if err != nil {
			t.Fatal(err)
		}
		if got >= below {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("batch extras pruned below %d, want %d", got, below)
		}
		f.sim.Commit()
	}
}

// checkExtras checks that batches 1..gone-1 have none of their stored extras and batches gone..last all of theirs
// that a dummy-proven calldata batch has (metadata, traces, witness, proof).
func checkExtras(t *testing.T, n *Node, gone, last uint64) {
	t.Helper()
	st := n.eng.State()
	for b := uint64(1); b <= last; b++ {
		for _, k := range batchExtraKeys(b) {
			_, err := st.Extra(k)
			switch {
			case b < gone && !errors.Is(err, kv.ErrNotFound):
				t.Fatalf("%s below the prune floor %d: %v", k, gone, err)
			case b >= gone && k != blobKey(b) && k != witnessKey(b) && err != nil: // witnesses are not stored
				t.Fatalf("%s at or above the prune floor %d: %v", k, gone, err)
			}
		}
	}
}

// With prune_keep_batches 1, each verified batch prunes the state below the batch before it in the background: the
// pruned batch heads are refused, the node goes on sealing and proving, the conserved-ledger check stays clean, and
// a restart (genesis check, recovery) works on the pruned store.
func TestStatePrunedAfterVerifiedBatches(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	edit := func(c *Config) { c.PruneKeepBatches, c.PruneEvery = 1, 1 }
	n, _, opURL := f.startOperator(ctx, edit)
	op := dialOperator(t, opURL)
	prove := func(jobs int) {
		for i := 0; i < jobs; i++ {
			var job *proverrpc.Job
			if err := op.CallContext(ctx, &job, "prover_getJob", "w1", "dummy"); err != nil || job == nil {
				t.Fatalf("getJob: %v %v", job, err)
			}
			if err := op.CallContext(ctx, nil, "prover_submitProof", proverrpc.Result{JobID: job.ID, Worker: "w1",
				Proof: rawDummyProof(t, f.keys, job)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	waitFloor := func(n *Node, floor uint64) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); n.eng.State().PruneFloor() < floor; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("prune floor %d, want %d", n.eng.State().PruneFloor(), floor)
			}
			f.sim.Commit()
		}
	}
	f.sealBatches(ctx, n, 3)
	prove(3)
	waitLedger(t, f, n, 3)
	waitFloor(n, 2)
	st := n.eng.State()
	if _, err := st.BatchHead(1); !errors.Is(err, state.ErrPruned) {
		t.Fatalf("batch 1 after the prune: %v", err)
	}
	if _, err := st.BatchHead(2); err != nil {
		t.Fatal(err)
	}
	waitExtrasPruned(t, f, n, 2)
	checkExtras(t, n, 2, 3)
	f.margin(n, 1, 1000)
	if out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindSeal}); err != nil || len(out.Sealed) != 1 {
		t.Fatalf("seal: %v %+v", err, out)
	}
	for deadline := time.Now().Add(5 * time.Second); n.queue.Pending() != 1; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("batch 4 not queued")
		}
	}
	prove(1)
	waitLedger(t, f, n, 4)
	waitFloor(n, 3)
	waitExtrasPruned(t, f, n, 3) // only batch 2's extras: the mark says batch 1's are gone
	checkExtras(t, n, 3, 4)
	n.Stop()
	n, _, opURL = f.startOperator(ctx, edit)
	op = dialOperator(t, opURL)
	if got := n.eng.State().PruneFloor(); got != 3 {
		t.Fatalf("floor after restart %d", got)
	}
	if got, err := extrasPruned(n.eng.State()); err != nil || got != 3 {
		t.Fatalf("batch extras pruned below %d after restart (%v), want 3", got, err)
	}
	checkExtras(t, n, 3, 4)
	if a, err := f.account(n, 1); err != nil || a.Free == 0 {
		t.Fatalf("account after restart %+v %v", a, err)
	}
	waitLedger(t, f, n, 4)
	// A pruned batch's status, which no stored metadata backs any more, is answered from the verified batch.
	api := &API{n: n}
	for _, b := range []uint64{1, 2} {
		if st, err := api.BatchStatus(ctx, b); err != nil || st.Number != b || st.Stage != StageVerified {
			t.Fatalf("status of pruned batch %d after restart: %+v %v", b, st, err)
		}
	}
	// The next prune goes on from the mark: batch 5 verified, the floor moves to 4 and only batch 3's extras go.
	f.margin(n, 1, 1000)
	if out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindSeal}); err != nil || len(out.Sealed) != 1 {
		t.Fatalf("seal: %v %+v", err, out)
	}
	for deadline := time.Now().Add(5 * time.Second); n.queue.Pending() != 1; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("batch 5 not queued")
		}
	}
	// The txs of the batches verified before the restart (batch 1's first deposit: tx 1) are answered as verified,
	// once the tracker learned the first batch sealed since (batch 5, its txs after every earlier one's).
	if st, err := api.TxStatus(ctx, 1); err != nil || st.Stage != StageVerified {
		t.Fatalf("tx 1 after the restart: %+v %v", st, err)
	}
	prove(1)
	waitLedger(t, f, n, 5)
	waitFloor(n, 4)
	waitExtrasPruned(t, f, n, 4)
	checkExtras(t, n, 4, 5)
}

// pruneExtras deletes the batches' extras below the floor in bounded writes from the stored mark on: a cancelled
// run deletes nothing, a run with the mark behind what was deleted (a crash between a chunk and its mark) deletes
// again harmlessly, and the extras at and above the floor stay.
func TestPruneExtrasChunked(t *testing.T) {
	db := &batchSizes{Store: kv.NewMemory()}
	st, err := state.Open(state.Config{AccountDepth: 5, PositionDepth: 2, OrderDepth: 4}, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	const last, floor = 3*pruneExtrasChunk + 50, 2*pruneExtrasChunk + 30 // three chunks
	for b := uint64(1); b <= last; b++ {
		for _, k := range batchExtraKeys(b) {
			if err := st.PutExtra(k, []byte{1}); err != nil {
				t.Fatal(err)
			}
		}
	}
	present := func(b uint64) int {
		c := 0
		for _, k := range batchExtraKeys(b) {
			if _, err := st.Extra(k); err == nil {
				c++
			} else if !errors.Is(err, kv.ErrNotFound) {
				t.Fatal(err)
			}
		}
		return c
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got, err := pruneExtras(ctx, st, floor); !errors.Is(err, context.Canceled) || got != 1 || present(1) != 5 {
		t.Fatalf("cancelled: mark %d, %v, batch 1 has %d extras", got, err, present(1))
	}
	db.writes = 0
	if got, err := pruneExtras(context.Background(), st, floor); err != nil || got != floor {
		t.Fatalf("prune: mark %d, %v", got, err)
	}
	if db.writes != 3 || db.max != 5*pruneExtrasChunk {
		t.Fatalf("%d delete writes of at most %d keys, want 3 of at most %d", db.writes, db.max, 5*pruneExtrasChunk)
	}
	for b := uint64(1); b <= last; b++ {
		if want := map[bool]int{true: 0, false: 5}[b < floor]; present(b) != want {
			t.Fatalf("batch %d (floor %d): %d extras, want %d", b, floor, present(b), want)
		}
	}
	// A crash lost the last chunk's mark: the next run deletes that chunk again, then goes on.
	if err := st.PutExtra(extrasPrunedKey, binary.BigEndian.AppendUint64(nil, 2*pruneExtrasChunk)); err != nil {
		t.Fatal(err)
	}
	if got, err := pruneExtras(context.Background(), st, floor+10); err != nil || got != floor+10 {
		t.Fatalf("after a lost mark: mark %d, %v", got, err)
	}
	if present(floor+9) != 0 || present(floor+10) != 5 {
		t.Fatalf("after a lost mark: batch %d has %d extras, batch %d %d", floor+9, present(floor+9), floor+10,
			present(floor+10))
	}
	// A lower floor (the node's never goes down) deletes nothing and keeps the mark.
	if got, err := pruneExtras(context.Background(), st, 5); err != nil || got != floor+10 {
		t.Fatalf("lower floor: mark %d, %v", got, err)
	}
}

// batchSizes counts a store's batch writes and their largest size.
type batchSizes struct {
	kv.Store
	writes, max int
}

func (s *batchSizes) NewBatch() kv.Batch { return &sizedBatch{Batch: s.Store.NewBatch(), s: s} }

type sizedBatch struct {
	kv.Batch
	s *batchSizes
}

func (b *sizedBatch) Write() error {
	b.s.writes++
	b.s.max = max(b.s.max, b.Len())
	return b.Batch.Write()
}

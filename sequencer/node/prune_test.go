package node

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/zkperp/zkperp/internal/proverrpc"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
)

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
	n.Stop()
	n, _, _ = f.startOperator(ctx, edit)
	if got := n.eng.State().PruneFloor(); got != 3 {
		t.Fatalf("floor after restart %d", got)
	}
	if a, err := f.account(n, 1); err != nil || a.Free == 0 {
		t.Fatalf("account after restart %+v %v", a, err)
	}
	waitLedger(t, f, n, 4)
}

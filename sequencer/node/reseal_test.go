package node

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/rpc"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/internal/proverrpc"
	"github.com/zkperp/zkperp/sequencer/engine"
)

// proveUntil serves the node's proving jobs (dummy proofs) and commits L1 blocks until done() holds.
func (f *fixture) proveUntil(ctx context.Context, op *rpc.Client, what string, done func() bool) {
	f.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !done() {
		var job *proverrpc.Job
		if err := op.CallContext(ctx, &job, "prover_getJob", "w1", "dummy"); err != nil {
			f.t.Fatalf("getJob: %v", err)
		}
		if job != nil {
			raw := rawDummyProof(f.t, f.keys, job)
			// A proof of a batch re-sealed since it was leased is refused: fine, its new job comes next.
			_ = op.CallContext(ctx, nil, "prover_submitProof", proverrpc.Result{JobID: job.ID, Worker: "w1", Proof: raw})
		}
		f.sim.Commit()
		if time.Now().After(deadline) {
			f.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

func (f *fixture) l1Root(ctx context.Context) *big.Int {
	f.t.Helper()
	r := bindings.NewRollup()
	raw, err := f.chain.RollupC.CallRaw(nil, r.PackStateRoot())
	if err != nil {
		f.t.Fatal(err)
	}
	v, err := r.UnpackStateRoot(raw)
	if err != nil {
		f.t.Fatal(err)
	}
	return v
}

// The race of the mark: a mark of an oracle round that a newer round dated at or before the batch time replaced
// is refused by L1 for good (MarkRoundNotLatest). The node re-seals from the last verified batch with the L1 time
// (again if L1's time had not moved past the mark's read time yet): the mark, read before the new batch time, is
// dropped; the fill in the same batch is kept; the new batch is proven
// and verified, and L1's root is the node's.
func TestPermanentRejectionReseals(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n, _, opURL := f.startOperator(ctx, nil)
	op := dialOperator(t, opURL)
	f.waitDeposits(n)
	f.margin(n, 1, 1_000_000)
	f.margin(n, 2, 1_000_000)
	if out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindSeal}); err != nil || len(out.Sealed) != 1 {
		t.Fatalf("seal: %v %+v", err, out)
	}
	f.proveUntil(ctx, op, "batch 1 verified", func() bool { return n.verifiedNum() == 1 })

	rounds := f.oracleRounds(ctx, 1000, 1001)
	for deadline := time.Now().Add(10 * time.Second); uint64(n.l1Time.Load()/1000) < rounds[1].UpdatedAt.Uint64(); {
		f.sim.Commit()
		if time.Now().After(deadline) {
			t.Fatal("the node did not see the oracle's block")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if out := f.order(n, 1, 1, false, 1000, 3); out.Err != nil {
		t.Fatal(out.Err)
	}
	if out := f.order(n, 2, 1, true, 1000, 3); out.Err != nil || len(out.Txs) != 1 {
		t.Fatalf("fill: %+v", out)
	}
	// The stale round, as a node that read the oracle just before round 2 was published would mark it.
	readAt := uint64(n.l1Time.Load() / 1000)
	out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindMark, Mark: &engine.Mark{Market: 0, Price: 1000,
		Round: rounds[0].RoundId.Uint64(), UpdatedAt: rounds[0].UpdatedAt.Uint64(), ReadAt: readAt}})
	if err != nil || out.Err != nil {
		t.Fatalf("mark: %v %v", err, out.Err)
	}
	if out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindSeal}); err != nil || len(out.Sealed) != 1 {
		t.Fatalf("seal: %v %+v", err, out)
	}
	before, _ := n.loadMeta(2)

	f.proveUntil(ctx, op, "batch 2 verified after a re-seal", func() bool { return n.verifiedNum() == 2 })
	// One re-seal, or more when L1 had no block after the mark was read by the time of the first: that one keeps the
	// batch time (the L1 time) at the mark's read time, keeps the mark, and is refused for it again; each re-seal
	// takes the L1 time anew (a loaded machine delays the simulated L1's blocks).
	rej := testutil.ToFloat64(n.m.l1Rejections.WithLabelValues("MarkRoundNotLatest"))
	if rej < 1 || rej > maxReseals {
		t.Fatalf("rejections %v", rej)
	}
	if c := testutil.ToFloat64(n.m.reseals); c != rej {
		t.Fatalf("re-seals %v after %v rejections", c, rej)
	}
	if n.Rejected() != nil {
		t.Fatalf("still rejected: %v", n.Rejected())
	}
	after, err := n.loadMeta(2)
	if err != nil {
		t.Fatal(err)
	}
	if after.BatchTime <= before.BatchTime || uint64(after.BatchTime) <= readAt || len(after.Pubdata) != len(before.Pubdata) {
		t.Fatalf("re-sealed batch time %d (was %d, mark read at %d)", after.BatchTime, before.BatchTime, readAt)
	}
	if p := f.position(n, 2, 0); p.Size != 3 {
		t.Fatalf("the fill did not survive the re-seal: position %d", p.Size)
	}
	var root *big.Int
	_ = n.Query(ctx, func(e *engine.Engine) { r := e.State().Root(); root = r.BigInt(new(big.Int)) })
	if got := f.l1Root(ctx); got.Cmp(root) != 0 {
		t.Fatalf("L1 root %v, node %v", got, root)
	}
}

// A batch proven after L1's maxBatchAge has passed since its time (a slow prover) is refused for good
// (BatchTooOld); the node re-seals it with the current L1 time and it is verified.
func TestBatchTooOldReseals(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n, _, opURL := f.startOperator(ctx, nil)
	op := dialOperator(t, opURL)
	f.waitDeposits(n)
	f.margin(n, 1, 1_000)
	if out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindSeal}); err != nil || len(out.Sealed) != 1 {
		t.Fatalf("seal: %v %+v", err, out)
	}
	before, _ := n.loadMeta(1)
	f.sim.Rollback() // see contracts' env.adjustTime
	if err := f.sim.AdjustTime(2 * time.Hour); err != nil {
		t.Fatal(err)
	}
	f.sim.Commit()
	f.proveUntil(ctx, op, "batch 1 verified after a re-seal", func() bool { return n.verifiedNum() == 1 })
	if c := testutil.ToFloat64(n.m.l1Rejections.WithLabelValues("BatchTooOld")); c != 1 {
		t.Fatalf("BatchTooOld rejections %v", c)
	}
	after, _ := n.loadMeta(1)
	if after.BatchTime < before.BatchTime+7000 {
		t.Fatalf("re-sealed batch time %d, was %d", after.BatchTime, before.BatchTime)
	}
	if a, _ := f.account(n, 1); a.Nonce != 1 {
		t.Fatalf("the margin move did not survive the re-seal: nonce %d", a.Nonce)
	}
}

package node

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zkperp/zkperp/sequencer/engine"
)

// startWAL starts a node of the fixture like startConf, with WAL segments of segBytes and the operator endpoint
// (its URL is f.opURL).
func (f *fixture) startWAL(ctx context.Context, segBytes int64) (*Node, string) {
	cfg := f.config()
	cfg.WALSegmentBytes = segBytes
	cfg.Operator = OperatorConfig{HTTP: "127.0.0.1:0", JWTSecret: testSecret}
	n := f.build(cfg, nil)
	if err := n.Start(ctx); err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { assertLedgerClean(f.t, n) })
	addr, err := n.ServeOperator()
	if err != nil {
		f.t.Fatal(err)
	}
	return n, "http://" + addr.String()
}

// Under a steady load of orders, fills and seals, proven and verified on L1 as they come, the WAL stays within a
// few segments (the segments the checkpoint of the last L1-verified batch covers are deleted), and a restart from
// the truncated WAL replays to the same root, batches and book.
func TestWALBoundedAndRestart(t *testing.T) {
	const seg = 4 << 10
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	n, opURL := f.startWAL(ctx, seg)
	op := dialOperator(t, opURL)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		f.sim.Commit()
		if a, _ := f.account(n, 2); a.Free > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("deposits not picked up from L1")
		}
	}
	f.margin(n, 1, 3_000_000)
	f.margin(n, 2, 3_000_000)
	const rounds = 150
	var peak int64
	for i := uint32(1); i <= rounds; i++ {
		f.order(n, 1, i, false, 1000, 1)
		if out := f.order(n, 2, i, true, 1000, 1); len(out.Txs) != 1 {
			t.Fatalf("round %d: no fill: %+v", i, out)
		}
		if i%5 == 0 {
			if _, err := n.Submit(ctx, &engine.Input{Kind: engine.KindSeal}); err != nil {
				t.Fatal(err)
			}
			var sealed uint64
			_ = n.Query(ctx, func(e *engine.Engine) { sealed = e.State().CommittedHead().Batch })
			f.proveUntil(ctx, op, "sealed batches verified", func() bool { return n.verifiedNum() >= sealed })
		}
		peak = max(peak, n.wal.Size())
	}
	written := n.wal.Next() // records ever written
	// The truncator runs asynchronously: wait for it to catch up with the last seal.
	for deadline := time.Now().Add(5 * time.Second); n.wal.Truncatable(n.walCover.Load()); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("WAL not truncated after the last seal")
		}
	}
	size, first := n.wal.Size(), n.wal.First()
	t.Logf("WAL: %d records written, first kept %d, %d bytes in %d segments (peak %d bytes, segment %d)", written,
		first, size, n.wal.Segments(), peak, seg)
	if first == 0 || size > 3*seg || peak > 6*seg {
		t.Fatalf("WAL not bounded: first %d, size %d, peak %d (segment %d)", first, size, peak, seg)
	}
	// Inputs after the last seal (a resting order) must survive the restart from the truncated WAL.
	f.order(n, 1, rounds+1, false, 1010, 7)
	f.order(n, 2, rounds+1, true, 990, 3)
	before := snap(t, n)
	cancel()
	n.Stop()

	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	n2, _ := f.startWAL(ctx2, seg)
	defer n2.Stop()
	if after := snap(t, n2); after != before {
		t.Fatalf("state after restart differs:\n before %+v\n after  %+v", before, after)
	}
	if n2.wal.First() < first || n2.wal.Next() != written+2 {
		t.Fatalf("restarted WAL: first %d next %d", n2.wal.First(), n2.wal.Next())
	}
	if out := f.order(n2, 2, rounds+2, true, 1010, 7); len(out.Txs) != 1 || out.Txs[0].Err != nil {
		t.Fatalf("order after restart did not match the recovered resting order: %+v", out.Txs)
	}
}

// A data directory of an older version (one WAL file, inputs.wal) is upgraded in place: the restarted node replays
// it from its segment 0 to the same state.
func TestWALLegacyUpgrade(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	n := f.start(ctx)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		f.sim.Commit()
		if a, _ := f.account(n, 2); a.Free > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("deposits not picked up from L1")
		}
	}
	f.margin(n, 1, 3_000_000)
	f.order(n, 1, 1, false, 1000, 5)
	before := snap(t, n)
	cancel()
	n.Stop()
	dir := filepath.Join(f.dir, "node")
	if err := os.Rename(filepath.Join(dir, "wal", "00000000000000000000.wal"), filepath.Join(dir, "inputs.wal")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "wal")); err != nil {
		t.Fatal(err)
	}
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	n2 := f.start(ctx2)
	defer n2.Stop()
	if after := snap(t, n2); after != before {
		t.Fatalf("state after upgrade differs:\n before %+v\n after  %+v", before, after)
	}
	if _, err := os.Stat(filepath.Join(dir, "inputs.wal")); !os.IsNotExist(err) {
		t.Fatal("legacy WAL file left")
	}
}

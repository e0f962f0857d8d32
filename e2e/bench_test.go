package e2e

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/rpc"

	"github.com/zkperp/zkperp/internal/devnet"
	"github.com/zkperp/zkperp/sequencer/node"
)

// BenchmarkTradeToL1Finality measures, on the devnet (in-process L1, one in-process prover worker, real PLONK
// proofs), the time from a fill's acknowledgement to its batch being verified on L1. Run with -benchtime 3x.
func BenchmarkTradeToL1Finality(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	t := b
	d, err := devnet.Start(ctx, devnet.Options{DataDir: b.TempDir(), HTTP: "127.0.0.1:0", WS: "", BlockTime: 500 * time.Millisecond,
		Seal: time.Second, Funding: time.Hour, MarkMaxAge: time.Hour, KeysDir: filepath.Join(os.TempDir(), "zkperp-devnet-keys")},
		io.Discard, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Stop()
	c, err := rpc.DialContext(ctx, "http://"+d.HTTPAddr())
	if err != nil {
		b.Fatal(err)
	}
	maker, taker := newTrader(t, d, "maker-2", c), newTrader(t, d, "taker-2", c)
	maker.deposit(ctx, d, 1_000_000_000_000)
	taker.deposit(ctx, d, 1_000_000_000_000)
	idle := func() bool {
		var st node.NodeStatus
		return c.CallContext(ctx, &st, "perp_status") == nil && st.PendingTxs == 0 && st.VerifiedBatch == st.SealedBatch && st.SealedBatch > 0
	}
	waitFor(t, ctx, "deposits", func() bool {
		var a node.AccountView
		return c.CallContext(ctx, &a, "perp_account", taker.account) == nil && a.Free != "0"
	})
	maker.margin(ctx, 1, 100_000)
	taker.margin(ctx, 1, 100_000)
	waitFor(t, ctx, "idle", idle)
	b.ResetTimer()
	var total time.Duration
	for i := 0; i < b.N; i++ {
		if _, err := maker.order(ctx, c, 1, "sell", "3000", "1", ""); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		ack, err := taker.order(ctx, c, 1, "buy", "3000", "1", "IOC")
		if err != nil {
			b.Fatal(err)
		}
		idx := ack.Txs[0].Index
		waitFor(t, ctx, "finality", func() bool {
			var s node.TxStatus
			return c.CallContext(ctx, &s, "perp_txStatus", idx) == nil && s.Stage == node.StageVerified
		})
		total += time.Since(start)
		b.StopTimer()
		waitFor(t, ctx, "idle", idle)
		b.StartTimer()
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "s/trade-to-L1")
}

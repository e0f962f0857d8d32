// Package e2e runs zkperp end to end in process: a devnet (in-process L1 with the committed verifier, node, prover
// worker), traders over real HTTP and WebSocket JSON-RPC, batches proven with real PLONK and verified by the
// contract, and a withdrawal claimed on L1.
package e2e

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/zkperp/zkperp/client/l1"
	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/internal/beacon"
	"github.com/zkperp/zkperp/internal/devnet"
	"github.com/zkperp/zkperp/internal/l1verify"
	"github.com/zkperp/zkperp/sequencer/node"
	"github.com/zkperp/zkperp/state"
)

type trader struct {
	t       testing.TB
	eth     *ecdsa.PrivateKey
	key     *state.PrivateKey
	account uint32
	l1      *contracts.Sender
	http    *rpc.Client
	nextID  uint32
}

func newTrader(t testing.TB, d *devnet.Run, name string, http *rpc.Client) *trader {
	eth := devnet.TraderKey(name)
	k, err := state.DeriveL2Key(eth, d.Domain())
	if err != nil {
		t.Fatal(err)
	}
	return &trader{t: t, eth: eth, key: k, http: http,
		l1: &contracts.Sender{Backend: d.L1(), Opts: bind.NewKeyedTransactor(eth, big.NewInt(devnet.ChainID))}}
}

func (tr *trader) deposit(ctx context.Context, d *devnet.Run, amount uint64) {
	l1, err := l1.NewL1(ctx, l1.L1Config{Backend: d.L1(), Key: tr.eth, ChainID: big.NewInt(devnet.ChainID),
		Rollup: d.Chain().Rollup, Token: d.Chain().Token})
	if err != nil {
		tr.t.Fatal(err)
	}
	if _, err := l1.Mint(ctx, amount); err != nil {
		tr.t.Fatal(err)
	}
	if _, err := l1.DepositUnits(ctx, amount); err != nil {
		tr.t.Fatal(err)
	}
	if tr.account, err = l1.Account(ctx); err != nil {
		tr.t.Fatal(err)
	}
}

func (tr *trader) view(ctx context.Context) node.AccountView {
	var v node.AccountView
	if err := tr.http.CallContext(ctx, &v, "perp_account", tr.account); err != nil {
		tr.t.Fatal(err)
	}
	return v
}

func (tr *trader) margin(ctx context.Context, market uint8, usd uint64) {
	n := tr.view(ctx).Nonce
	pm := state.PositionMargin{Account: tr.account, Market: market, ToPosition: true, Amount: usd * 1_000_000, Nonce: n}
	_ = tr.key.SignPositionMargin(&pm)
	var ack node.Ack
	if err := tr.http.CallContext(ctx, &ack, "perp_positionMargin", node.MarginRequest{Account: tr.account, Market: market,
		ToPosition: true, Amount: fmt.Sprint(usd), Nonce: n, Sig: pm.Sig[:]}); err != nil {
		tr.t.Fatal(err)
	}
}

func (tr *trader) order(ctx context.Context, c *rpc.Client, market uint8, side, price, size, tif string) (*node.Ack, error) {
	tr.nextID++
	req := node.OrderRequest{Account: tr.account, ID: tr.nextID, Market: market, Side: side, Price: price, Size: size,
		MaxMakerFee: 1000, MaxTakerFee: 1000, TIF: tif}
	p, err := node.ToOrder(devnet.Markets()[market], &req)
	if err != nil {
		return nil, err
	}
	_ = tr.key.SignOrder(&p.Order)
	req.Sig = p.Order.Sig[:]
	var ack node.Ack
	return &ack, c.CallContext(ctx, &ack, "perp_placeOrder", req)
}

// needTime skips a long test when the test binary's -timeout leaves less than d: `go test ./...` (10 minutes per
// package) runs the end-to-end pipeline and skips what does not fit, with this message; CI runs everything (.ci/run:
// go test -timeout 45m).
func needTime(t *testing.T, d time.Duration) {
	t.Helper()
	if deadline, ok := t.Deadline(); ok && time.Until(deadline) < d {
		t.Skipf("needs about %s, %s left of this package's -timeout: run go test -timeout 45m ./e2e (as CI does)",
			d, time.Until(deadline).Round(time.Second))
	}
}

func waitFor(t testing.TB, ctx context.Context, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", what)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// TestEndToEnd: deposits on L1 → orders over HTTP and WS → a fill → batches proven with real PLONK (the devnet
// circuit) → verified by the contract → a withdrawal claimed on L1 with the exact balance.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("real PLONK proving: skipped in -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("ZKPERP_E2E_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	d, err := devnet.Start(ctx, devnet.Options{DataDir: dir, HTTP: "127.0.0.1:0", WS: "127.0.0.1:0", Beacon: "127.0.0.1:0", BlockTime: 200 * time.Millisecond,
		Seal: time.Second, Funding: time.Hour, MarkMaxAge: time.Hour, KeysDir: filepath.Join(os.TempDir(), "zkperp-devnet-keys")}, io.Discard, log)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Stop()
	httpc, err := rpc.DialContext(ctx, "http://"+d.HTTPAddr())
	if err != nil {
		t.Fatal(err)
	}
	defer httpc.Close()
	wsc, err := rpc.DialContext(ctx, "ws://"+d.WSAddr())
	if err != nil {
		t.Fatal(err)
	}
	defer wsc.Close()

	maker, taker := newTrader(t, d, "maker-1", httpc), newTrader(t, d, "taker-1", httpc)
	maker.deposit(ctx, d, 100_000_000_000) // 100k tUSD
	taker.deposit(ctx, d, 50_000_000_000)
	waitFor(t, ctx, "deposits credited", func() bool {
		var a, b node.AccountView
		return httpc.CallContext(ctx, &a, "perp_account", maker.account) == nil && a.Free == "100000" &&
			httpc.CallContext(ctx, &b, "perp_account", taker.account) == nil && b.Free == "50000"
	})
	maker.margin(ctx, 0, 20_000)
	taker.margin(ctx, 0, 10_000)

	trades := make(chan node.EventView, 16)
	sub, err := wsc.Subscribe(ctx, "perp", trades, "tradesFeed", uint8(0))
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()
	if _, err := maker.order(ctx, wsc, 0, "sell", "60000", "0.5", ""); err != nil {
		t.Fatal(err)
	}
	ack, err := taker.order(ctx, httpc, 0, "buy", "60100", "0.2", "IOC")
	if err != nil {
		t.Fatal(err)
	}
	var fillIdx uint64
	for _, tx := range ack.Txs {
		if tx.Type == "fill" && tx.Error == "" {
			fillIdx = tx.Index
		}
	}
	if fillIdx == 0 {
		t.Fatalf("no fill in the ack: %+v", ack)
	}
	select {
	case tr := <-trades:
		if tr.Price != "60000" || tr.Size != "0.2" {
			t.Fatalf("trade %+v", tr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no trade on the WebSocket feed")
	}
	pos := taker.view(ctx).Positions
	if len(pos) != 1 || pos[0].Size != "0.2" || pos[0].EntryPrice != "60000" {
		t.Fatalf("taker positions %+v", pos)
	}
	// A withdrawal of 7.5 tUSD, claimable on L1 once its batch is verified.
	n := taker.view(ctx).Nonce
	w := state.Withdraw{Account: taker.account, Amount: 7_500_000, Nonce: n}
	_ = taker.key.SignWithdraw(&w)
	var wack node.Ack
	if err := httpc.CallContext(ctx, &wack, "perp_withdraw", node.WithdrawRequest{Account: taker.account, Amount: "7.5", Nonce: n, Sig: w.Sig[:]}); err != nil {
		t.Fatal(err)
	}

	// Every batch is proven (real PLONK) and verified on L1, in order.
	var st node.NodeStatus
	waitFor(t, ctx, "batches verified on L1", func() bool {
		if err := httpc.CallContext(ctx, &st, "perp_status"); err != nil {
			return false
		}
		return st.PendingTxs == 0 && st.SealedBatch >= 2 && st.VerifiedBatch == st.SealedBatch
	})
	var fs node.TxStatus
	if err := httpc.CallContext(ctx, &fs, "perp_txStatus", fillIdx); err != nil || fs.Stage != node.StageVerified {
		t.Fatalf("fill finality %+v %v", fs, err)
	}
	roll := bindings.NewRollup()
	raw, _ := d.Chain().RollupC.CallRaw(&bind.CallOpts{Context: ctx}, roll.PackStateRoot())
	onchain, _ := roll.UnpackStateRoot(raw)
	if !strings.EqualFold(onchain.String(), mustRoot(t, st.Root)) {
		t.Fatalf("L1 root %s, node root %s", onchain, st.Root)
	}

	// The devnet runs in blob DA mode: its batches' words are in blobs.
	if raw, err := d.Chain().RollupC.CallRaw(&bind.CallOpts{Context: ctx}, roll.PackBlobMode()); err != nil {
		t.Fatal(err)
	} else if on, err := roll.UnpackBlobMode(raw); err != nil || !on {
		t.Fatalf("rollup blobMode() = %v (%v)", on, err)
	}
	// An L1 verifier rebuilds the same state from L1 data alone: events, calldata (L1 ops, openings) and the blobs,
	// from the devnet's beacon API (blob DA mode).
	client, ok := d.L1().(l1verify.Client)
	if !ok {
		t.Fatal("L1 client cannot serve the verifier")
	}
	bc, err := beacon.NewClient(log, beacon.ClientConfig{URL: d.BeaconURL()})
	if err != nil {
		t.Fatal(err)
	}
	v, err := l1verify.New(l1verify.Config{Rollup: d.Chain().Rollup, Genesis: d.Genesis(), Blobs: bc}, client, log)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	sum, err := v.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	vr := v.Root()
	if sum.LastBatch != st.VerifiedBatch || vr.String() != st.Root {
		t.Fatalf("verifier rebuilt batch %d root %s; node at %d root %s", sum.LastBatch, vr.String(), st.VerifiedBatch, st.Root)
	}
	rep, err := v.Account(taker.account)
	if err != nil || len(rep.Positions) == 0 {
		t.Fatalf("verifier account report: %+v %v", rep, err)
	}

	// Claim on L1: the taker's token balance grows by exactly the withdrawal.
	tok := bindings.NewTestToken()
	me := crypto.PubkeyToAddress(taker.eth.PublicKey)
	balance := func() *big.Int {
		raw, _ := d.Chain().TokenC.CallRaw(&bind.CallOpts{Context: ctx}, tok.PackBalanceOf(me))
		b, _ := tok.UnpackBalanceOf(raw)
		return b
	}
	before := balance()
	if _, err := taker.l1.Transact(ctx, d.Chain().RollupC, roll.PackWithdraw()); err != nil {
		t.Fatal(err)
	}
	if got := new(big.Int).Sub(balance(), before); got.Cmp(big.NewInt(7_500_000)) != 0 {
		t.Fatalf("claimed %s, want 7500000", got)
	}
}

// mustRoot converts the node's root (decimal string of the field element) for comparison.
func mustRoot(t *testing.T, s string) string {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		t.Fatalf("root %q", s)
	}
	return v.String()
}

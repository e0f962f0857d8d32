package node

import (
	"context"
	"errors"
	"log/slog"
	"math/big"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/blobtx"
	"github.com/zkperp/zkperp/internal/beacon"
	"github.com/zkperp/zkperp/internal/l1verify"
	"github.com/zkperp/zkperp/sequencer/engine"
)

// Blob DA mode end to end on the simulated L1 (dummy proofs): the node seals, builds the blob opening with the
// witness, proves, and submits each batch in a blob transaction whose calldata holds only the L1 ops; L1 verifies
// it and its root is the node's; the blob, served by the beacon API from the node's sidecar store, decodes to the
// batch's words.
func TestBlobModeNode(t *testing.T) {
	const k = contracts.DummyVerifierSlots - contracts.BlobInputs // l1op inputs the dummy verifier takes
	f := newFixture(t, func(c *contracts.DevnetConfig) { c.Slots, c.BlobMode = k, true })
	store, err := beacon.OpenStore(slog.New(slog.DiscardHandler), beacon.StoreConfig{Dir: filepath.Join(f.dir, "blobs")})
	if err != nil {
		t.Fatal(err)
	}
	f.recorder = store
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n, _, opURL := f.startOperator(ctx, func(c *Config) { c.Blob, c.L1Slots = true, k })
	op := dialOperator(t, opURL)
	f.waitDeposits(n)
	f.margin(n, 1, 1_000_000) // deposits and margin moves: 2 L1 ops, 2 not
	f.margin(n, 2, 1_000_000)
	if out := f.order(n, 1, 1, false, 1000, 3); out.Err != nil {
		t.Fatal(out.Err)
	}
	if out := f.order(n, 2, 1, true, 1000, 3); out.Err != nil || len(out.Txs) != 1 {
		t.Fatalf("fill: %+v", out)
	}
	if out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindSeal}); err != nil || len(out.Sealed) != 1 {
		t.Fatalf("seal: %v %+v", err, out)
	}
	f.proveUntil(ctx, op, "blob batch verified", func() bool { return n.verifiedNum() == 1 })
	var root *big.Int
	_ = n.Query(ctx, func(e *engine.Engine) { r := e.State().Root(); root = r.BigInt(new(big.Int)) })
	if got := f.l1Root(ctx); got.Cmp(root) != 0 {
		t.Fatalf("L1 root %v, node %v", got, root)
	}
	m, err := n.loadMeta(1)
	if err != nil || m.Blob == nil {
		t.Fatalf("meta %+v %v", m, err)
	}
	st, ok := n.track.batch(1)
	if !ok || st.TxHash == "" {
		t.Fatalf("batch status %+v", st)
	}
	r, err := f.sim.Client().TransactionReceipt(ctx, common.HexToHash(st.TxHash))
	if err != nil || r.BlobGasUsed == 0 {
		t.Fatalf("receipt %+v %v", r, err)
	}
	t.Logf("blob batch: %d gas, %d blob gas, %d L1-op inputs", r.GasUsed, r.BlobGasUsed, len(m.Blob.L1Ops))

	srv, err := beacon.NewServer(slog.New(slog.DiscardHandler), beacon.ServerConfig{}, f.sim.Client(), store)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	bc, err := beacon.NewClient(slog.New(slog.DiscardHandler), beacon.ClientConfig{URL: hs.URL})
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := bc.FetchTxBlobs(ctx, f.sim.Client(), common.HexToHash(st.TxHash))
	if err != nil || len(blobs) != 1 {
		t.Fatalf("fetch: %v (%d blobs)", err, len(blobs))
	}
	words, err := blobtx.DecodeN(&blobs[0], len(m.Pubdata))
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range words {
		if w.BigInt(new(big.Int)).Cmp(m.Pubdata[i]) != 0 {
			t.Fatalf("blob word %d differs from the batch's pubdata", i)
		}
	}
	l1 := 0
	for _, w := range m.Blob.L1Ops {
		if w.Sign() != 0 {
			l1++
		}
	}
	if l1 != 2 { // the two deposits (margin moves and fills are not L1 ops)
		t.Fatalf("L1 ops %v", m.Blob.L1Ops)
	}

	// An L1 verifier rebuilds the state from L1 and the beacon API alone; without a beacon API it refuses, clearly.
	if _, err := verifyFromL1(ctx, f, nil); !errors.Is(err, l1verify.ErrConfigMismatch) {
		t.Fatalf("verifier without blobs: %v", err)
	}
	sum, err := verifyFromL1(ctx, f, bc)
	if err != nil {
		t.Fatal(err)
	}
	if sum.LastBatch != 1 || sum.Root.BigInt(new(big.Int)).Cmp(root) != 0 {
		t.Fatalf("verifier: batch %d root %s, node root %v", sum.LastBatch, sum.Root.String(), root)
	}
}

func verifyFromL1(ctx context.Context, f *fixture, blobs l1verify.BlobSource) (*l1verify.Summary, error) {
	v, err := l1verify.New(l1verify.Config{Rollup: f.chain.Rollup, Genesis: testGenesis, Blobs: blobs}, f.sim.Client(), nil)
	if err != nil {
		return nil, err
	}
	defer v.Close()
	return v.Run(ctx)
}

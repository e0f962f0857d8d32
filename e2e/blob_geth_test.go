//go:build unix

package e2e

import (
	"context"
	"errors"
	"log/slog"
	"math/big"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"

	"github.com/zkperp/zkperp/contracts/blobtx"
	"github.com/zkperp/zkperp/internal/beacon"
)

// TestGethDevBlobs sends a blob transaction carrying pubdata words through blobtx.Sender to a real `geth --dev`
// (priced with eth_blobBaseFee: no chain config given), to the blobtx checker contract, which verifies a KZG point
// proof of the blob with the point-evaluation precompile; then it serves the recorded sidecar with the
// internal/beacon Server over geth's chain and fetches the blob back with beacon.FetchBlobs at the block's slot,
// and decodes the words. geth is found (or built) as for TestGethDev.
func TestGethDevBlobs(t *testing.T) {
	if testing.Short() {
		t.Skip("geth --dev: skipped in -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	url := startGeth(t, ctx, findGeth(t, ctx))
	ec, err := ethclient.DialContext(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer ec.Close()
	log := slog.New(slog.DiscardHandler)
	if os.Getenv("ZKPERP_E2E_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}

	// A fresh key funded by geth's dev account (the blob sender's account sends only blob txs).
	key, _ := crypto.GenerateKey()
	from := crypto.PubkeyToAddress(key.PublicKey)
	var accts []common.Address
	if err := ec.Client().CallContext(ctx, &accts, "eth_accounts"); err != nil || len(accts) == 0 {
		t.Fatalf("eth_accounts: %v %v", accts, err)
	}
	var fund common.Hash
	if err := ec.Client().CallContext(ctx, &fund, "eth_sendTransaction", map[string]any{"from": accts[0], "to": from,
		"value": (*hexutil.Big)(new(big.Int).Mul(big.NewInt(100), big.NewInt(params.Ether)))}); err != nil {
		t.Fatal(err)
	}
	if _, err := bind.WaitMined(ctx, ec, fund); err != nil {
		t.Fatal(err)
	}
	chainID, err := ec.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	opts := bind.NewKeyedTransactor(key, chainID)
	opts.Context = ctx
	checker, dtx, err := bind.DeployContract(opts, blobtx.CheckerInitCode(), ec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bind.WaitDeployed(ctx, ec, dtx.Hash()); err != nil {
		t.Fatal(err)
	}

	// The pubdata words, the blob, a point proof and the blob tx.
	words := make([]fr.Element, 1000)
	for i := range words {
		_, _ = words[i].SetRandom()
	}
	blob, err := blobtx.Encode(words)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := blobtx.Sidecar([]kzg4844.Blob{*blob})
	if err != nil {
		t.Fatal(err)
	}
	z := blobtx.PointAt(42)
	proof, y, err := blobtx.PointProof(blob, z)
	if err != nil {
		t.Fatal(err)
	}
	store, err := beacon.OpenStore(log, beacon.StoreConfig{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	snd, err := blobtx.NewSender(log, blobtx.SenderConfig{Recorder: store, ResubmitAfter: 10 * time.Second}, ec, opts)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, err := snd.Send(ctx, checker, blobtx.CheckerCalldata(z, y, sc.Commitments[0], proof), sc)
	if err != nil {
		t.Fatal(err)
	}
	r := res.Receipt
	t.Logf("blob tx %s in block %d after %s: gas %d, blob gas %d at %v wei, %d version(s)", r.TxHash, r.BlockNumber,
		time.Since(start).Round(time.Millisecond), r.GasUsed, r.BlobGasUsed, r.BlobGasPrice, len(res.Sent))
	if r.BlobGasUsed != params.BlobTxBlobGasPerBlob {
		t.Fatalf("blob gas used %d", r.BlobGasUsed)
	}

	// Served over the beacon API at the block's slot and fetched back.
	srv, err := beacon.NewServer(log, beacon.ServerConfig{}, ec, store)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	header, err := ec.HeaderByHash(ctx, r.BlockHash)
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := beacon.FetchBlobs(ctx, hs.URL, header, res.Tx.BlobHashes())
	if err != nil {
		t.Fatal(err)
	}
	got, err := blobtx.DecodeN(&blobs[0], len(words))
	if err != nil {
		t.Fatal(err)
	}
	for i := range words {
		if !got[i].Equal(&words[i]) {
			t.Fatalf("word %d differs", i)
		}
	}
	// The previous block has no blob of ours.
	parent, err := ec.HeaderByHash(ctx, header.ParentHash)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := beacon.FetchBlobs(ctx, hs.URL, parent, res.Tx.BlobHashes()); !errors.Is(err, beacon.ErrBlobMissing) {
		t.Fatalf("parent block: %v, want ErrBlobMissing", err)
	}
	t.Logf("%d words fetched back from block %d (time %d) through the beacon API", len(words), header.Number, header.Time)
}

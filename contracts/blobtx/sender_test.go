package blobtx

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/consensus/misc/eip4844"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"

	"github.com/zkperp/zkperp/contracts"
)

// simChain is an in-process L1 (Osaka rules, as the devnet's) with a funded key and the checker contract.
type simChain struct {
	backend *simulated.Backend
	client  simulated.Client
	key     *ecdsa.PrivateKey
	opts    *bind.TransactOpts
	checker common.Address
	config  *params.ChainConfig
}

// newSimChain starts the chain; excessBlobGas is the genesis excess blob gas (a non-zero one makes blob gas
// expensive at first).
func newSimChain(t testing.TB, excessBlobGas uint64) *simChain {
	t.Helper()
	key, _ := crypto.GenerateKey()
	from := crypto.PubkeyToAddress(key.PublicKey)
	eth := new(big.Int).Exp(big.NewInt(10), big.NewInt(24), nil)
	b := simulated.NewBackend(types.GenesisAlloc{from: {Balance: eth}}, contracts.WithOsaka(),
		simulated.WithBlockGasLimit(60_000_000), func(_ *node.Config, ec *ethconfig.Config) {
			if excessBlobGas != 0 {
				ec.Genesis.ExcessBlobGas = &excessBlobGas
				zero := uint64(0)
				ec.Genesis.BlobGasUsed = &zero
			}
		})
	t.Cleanup(func() { b.Close() })
	opts := bind.NewKeyedTransactor(key, big.NewInt(1337))
	s := &simChain{backend: b, client: b.Client(), key: key, opts: opts, config: contracts.OsakaChainConfig()}
	addr, tx, err := bind.DeployContract(opts, CheckerInitCode(), s.client, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Commit()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := bind.WaitDeployed(ctx, s.client, tx.Hash()); err != nil {
		t.Fatal(err)
	}
	s.checker = addr
	return s
}

// mine seals a block every period until the test ends.
func (s *simChain) mine(t testing.TB, period time.Duration) {
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tk := time.NewTicker(period)
		defer tk.Stop()
		for {
			select {
			case <-done:
				return
			case <-tk.C:
				s.backend.Commit()
			}
		}
	}()
	t.Cleanup(func() { close(done); <-stopped })
}

func (s *simChain) sender(t testing.TB, cfg SenderConfig) *Sender {
	t.Helper()
	if cfg.ChainConfig == nil {
		cfg.ChainConfig = s.config
	}
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 20 * time.Millisecond
	}
	snd, err := NewSender(slog.New(slog.NewTextHandler(io.Discard, nil)), cfg, s.client, s.opts)
	if err != nil {
		t.Fatal(err)
	}
	return snd
}

// checkedBlob is a blob carrying words, its sidecar and the checker's calldata for the point z.
type checkedBlob struct {
	sc   *types.BlobTxSidecar
	data []byte // correct (z, y)
	bad  []byte // y + 1
}

func newCheckedBlob(t testing.TB, nWords int, z uint64) checkedBlob {
	t.Helper()
	blob, err := Encode(testWords(nWords))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Sidecar([]kzg4844.Blob{*blob})
	if err != nil {
		t.Fatal(err)
	}
	proof, y, err := PointProof(blob, PointAt(z))
	if err != nil {
		t.Fatal(err)
	}
	good := CheckerCalldata(PointAt(z), y, sc.Commitments[0], proof)
	y[31] ^= 1
	bad := CheckerCalldata(PointAt(z), y, sc.Commitments[0], proof)
	return checkedBlob{sc: sc, data: good, bad: bad}
}

// TestSendBlobTx sends a blob tx through the Sender to the checker on the simulated L1: it is included with one
// blob's blob gas, the precompile accepts the right y (eth_call returns FIELD_ELEMENTS_PER_BLOB ‖ BLS_MODULUS)
// and rejects a wrong one (the call reverts, and a mined tx with it fails with ErrReverted).
func TestSendBlobTx(t *testing.T) {
	s := newSimChain(t, 0)
	s.mine(t, 50*time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cb := newCheckedBlob(t, 300, 7)
	hashes := cb.sc.BlobHashes()

	call := func(data []byte) ([]byte, error) {
		return s.client.CallContract(ctx, ethereum.CallMsg{From: s.opts.From, To: &s.checker, Data: data,
			BlobHashes: hashes}, nil)
	}
	out, err := call(cb.data)
	if err != nil {
		t.Fatalf("eth_call with the right y: %v", err)
	}
	if len(out) != 64 || new(big.Int).SetBytes(out[:32]).Uint64() != WordsPerBlob ||
		new(big.Int).SetBytes(out[32:]).Text(16) != "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001" {
		t.Fatalf("precompile output %x", out)
	}
	if _, err := call(cb.bad); err == nil || !strings.Contains(err.Error(), "revert") {
		t.Fatalf("eth_call with a wrong y: %v, want a revert", err)
	}

	res, err := s.sender(t, SenderConfig{}).Send(ctx, s.checker, cb.data, cb.sc)
	if err != nil {
		t.Fatal(err)
	}
	r := res.Receipt
	if r.Status != types.ReceiptStatusSuccessful || r.BlobGasUsed != params.BlobTxBlobGasPerBlob || len(res.Sent) != 1 {
		t.Fatalf("receipt status %d, blob gas %d, %d versions", r.Status, r.BlobGasUsed, len(res.Sent))
	}
	blk, err := s.client.BlockByHash(ctx, r.BlockHash)
	if err != nil {
		t.Fatal(err)
	}
	tx := blk.Transactions()[r.TransactionIndex]
	if tx.Type() != types.BlobTxType || len(tx.BlobHashes()) != 1 || tx.BlobHashes()[0] != hashes[0] {
		t.Fatalf("included tx type %d, blob hashes %v", tx.Type(), tx.BlobHashes())
	}
	t.Logf("blob tx %s: block %d, gas %d, blob gas %d at %v wei", r.TxHash, r.BlockNumber, r.GasUsed, r.BlobGasUsed, r.BlobGasPrice)

	// A wrong y on chain: a fixed gas limit skips the estimate (which would fail first).
	cb2 := newCheckedBlob(t, 10, 9)
	res, err = s.sender(t, SenderConfig{GasLimit: 200_000}).Send(ctx, s.checker, cb2.bad, cb2.sc)
	if !errors.Is(err, ErrReverted) || res == nil || res.Receipt.Status != types.ReceiptStatusFailed {
		t.Fatalf("wrong y sent: %v, want ErrReverted with a failed receipt", err)
	}
	// Estimating it fails with ErrEstimate.
	if _, err := s.sender(t, SenderConfig{}).Send(ctx, s.checker, cb2.bad, cb2.sc); !errors.Is(err, ErrEstimate) {
		t.Fatalf("wrong y estimated: %v, want ErrEstimate", err)
	}
}

// TestSendV0Sidecar: a version-0 sidecar (one blob proof per blob) is also accepted on the Osaka simulated L1,
// where eth_sendRawTransaction converts it to cell proofs before the blob pool (which takes only version 1) sees
// it.
func TestSendV0Sidecar(t *testing.T) {
	s := newSimChain(t, 0)
	s.mine(t, 50*time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	blob, err := Encode(testWords(40))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := SidecarVersion(types.BlobSidecarVersion0, []kzg4844.Blob{*blob})
	if err != nil {
		t.Fatal(err)
	}
	proof, y, err := PointProof(blob, PointAt(1))
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.sender(t, SenderConfig{}).Send(ctx, s.checker, CheckerCalldata(PointAt(1), y, sc.Commitments[0], proof), sc)
	if err != nil {
		t.Fatal(err)
	}
	if res.Receipt.BlobGasUsed != params.BlobTxBlobGasPerBlob {
		t.Fatalf("blob gas %d", res.Receipt.BlobGasUsed)
	}
}

// TestBlobPoolReplacementRule checks, against geth's blob pool on the simulated L1, the rule the Sender's
// replacements follow: a same-nonce replacement needs each of tip, fee cap and blob fee cap at least doubled.
func TestBlobPoolReplacementRule(t *testing.T) {
	s := newSimChain(t, 0) // no mining: the transactions stay pending
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	snd := s.sender(t, SenderConfig{})
	snd.chainID = big.NewInt(1337)
	cb := newCheckedBlob(t, 5, 3)
	nonce, err := s.client.PendingNonceAt(ctx, s.opts.From)
	if err != nil {
		t.Fatal(err)
	}
	base := prices{tip: big.NewInt(1e9), feeCap: big.NewInt(10e9), blobFeeCap: big.NewInt(1000)}
	send := func(p prices) error {
		tx, err := snd.sign(nonce, 200_000, s.checker, cb.data, cb.sc.BlobHashes(), cb.sc, p)
		if err != nil {
			t.Fatal(err)
		}
		return s.client.SendTransaction(ctx, tx)
	}
	if err := send(base); err != nil {
		t.Fatal(err)
	}
	scale := func(x *big.Int, pct int64) *big.Int {
		return new(big.Int).Div(new(big.Int).Mul(x, big.NewInt(pct)), big.NewInt(100))
	}
	for _, c := range []struct {
		name string
		p    prices
	}{
		{"all +99%", prices{scale(base.tip, 199), scale(base.feeCap, 199), scale(base.blobFeeCap, 199)}},
		{"tip only +50%", prices{scale(base.tip, 150), scale(base.feeCap, 200), scale(base.blobFeeCap, 200)}},
		{"blob fee cap only +50%", prices{scale(base.tip, 200), scale(base.feeCap, 200), scale(base.blobFeeCap, 150)}},
	} {
		if err := send(c.p); err == nil || !strings.Contains(err.Error(), "replacement transaction underpriced") {
			t.Fatalf("%s: %v, want replacement transaction underpriced", c.name, err)
		}
	}
	// The Sender's bump of each price is exactly enough.
	next := prices{snd.bump(base.tip, common.Big0), snd.bump(base.feeCap, common.Big0), snd.bump(base.blobFeeCap, common.Big0)}
	if next.tip.Cmp(scale(base.tip, 200)) != 0 || next.blobFeeCap.Cmp(scale(base.blobFeeCap, 200)) != 0 {
		t.Fatalf("bump %v", next)
	}
	if err := send(next); err != nil {
		t.Fatalf("replacement with every price doubled: %v", err)
	}
}

// TestSenderReplacesStuckTx: the first version's blob fee cap (1 wei, forced by InitialBlobFeeCap) is below the
// blob base fee, which a high genesis excess blob gas makes about 10^8 wei, so it is not included; after
// ResubmitAfter the Sender replaces it (same nonce, every price at least doubled and at least the market's) and
// the replacement is included.
func TestSenderReplacesStuckTx(t *testing.T) {
	s := newSimChain(t, 95_000_000)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	head, err := s.client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	fee := calcBlobFeeOf(s.config, head)
	if fee.Cmp(big.NewInt(1e6)) < 0 {
		t.Fatalf("blob base fee %v: the genesis excess did not take", fee)
	}
	cb := newCheckedBlob(t, 64, 5) // before mining starts: the blob fee decays ~14.5% per empty block
	s.mine(t, 100*time.Millisecond)
	res, err := s.sender(t, SenderConfig{InitialBlobFeeCap: big.NewInt(1), ResubmitAfter: 500 * time.Millisecond}).
		Send(ctx, s.checker, cb.data, cb.sc)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sent) < 2 || res.Tx.Hash() == res.Sent[0].Hash() {
		t.Fatalf("%d versions sent, included %s (first %s): want a replacement included", len(res.Sent), res.Tx.Hash(), res.Sent[0].Hash())
	}
	for i := 1; i < len(res.Sent); i++ {
		a, b := res.Sent[i-1], res.Sent[i]
		two := big.NewInt(2)
		if b.Nonce() != a.Nonce() || b.GasTipCap().Cmp(new(big.Int).Mul(a.GasTipCap(), two)) < 0 ||
			b.GasFeeCap().Cmp(new(big.Int).Mul(a.GasFeeCap(), two)) < 0 ||
			b.BlobGasFeeCap().Cmp(new(big.Int).Mul(a.BlobGasFeeCap(), two)) < 0 {
			t.Fatalf("version %d does not double version %d's prices", i, i-1)
		}
	}
	t.Logf("stuck blob tx (blob fee cap 1 wei, blob base fee %v) replaced %d time(s); included at blob fee cap %v, blob gas price %v",
		fee, len(res.Sent)-1, res.Tx.BlobGasFeeCap(), res.Receipt.BlobGasPrice)
}

// BenchmarkBlobTx sends one full blob (4096 words) with a point check per transaction on the simulated L1 and
// reports the transaction's gas and blob gas.
func BenchmarkBlobTx(b *testing.B) {
	s := newSimChain(b, 0)
	s.mine(b, 20*time.Millisecond)
	snd := s.sender(b, SenderConfig{})
	ctx := context.Background()
	var gas, blobGas uint64
	var prep, send time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		cb := newCheckedBlob(b, WordsPerBlob, uint64(i)+11) // commitment, 128 cell proofs, point proof
		t1 := time.Now()
		res, err := snd.Send(ctx, s.checker, cb.data, cb.sc)
		if err != nil {
			b.Fatal(err)
		}
		prep += t1.Sub(t0)
		send += time.Since(t1)
		gas += res.Receipt.GasUsed
		blobGas += res.Receipt.BlobGasUsed
	}
	n := float64(b.N)
	b.ReportMetric(float64(gas)/n, "gas/tx")
	b.ReportMetric(float64(blobGas)/n, "blobgas/tx")
	b.ReportMetric(float64(blobGas)/n/params.BlobTxBlobGasPerBlob, "blobs/tx")
	b.ReportMetric(float64(prep.Milliseconds())/n, "sidecar-ms/tx")
	b.ReportMetric(float64(send.Milliseconds())/n, "send-to-receipt-ms/tx")
}

func calcBlobFeeOf(cc *params.ChainConfig, h *types.Header) *big.Int {
	return eip4844.CalcBlobFee(cc, h)
}

package contracts

import (
	"context"
	"log/slog"
	"math/big"
	"testing"
	"time"

	bnfr "github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"

	"github.com/zkperp/zkperp/circuits/gadget/blob"
	"github.com/zkperp/zkperp/contracts/blobtx"
)

// blobBatch is a batch in blob DA mode: the blob of its words and the opening the proof binds.
type blobBatch struct {
	sidecar *types.BlobTxSidecar
	vh      common.Hash
	opening []byte // z ‖ y ‖ commitment ‖ KZG proof (submitBatch's blob argument)
	z, y    *big.Int
}

// openBlob encodes words into a blob and opens it at the Fiat–Shamir point of (versioned hash, claimed), the words
// the proof is about (claimed = words for an honest batch).
func openBlob(t testing.TB, words, claimed []*big.Int) *blobBatch {
	t.Helper()
	toFr := func(ws []*big.Int) []bnfr.Element {
		out := make([]bnfr.Element, len(ws))
		for i, w := range ws {
			out[i].SetBigInt(w)
		}
		return out
	}
	b, err := blobtx.Encode(toFr(words))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := blobtx.Sidecar([]kzg4844.Blob{*b})
	if err != nil {
		t.Fatal(err)
	}
	vh := sc.BlobHashes()[0]
	z, y, err := blob.Opening(vh, toFr(claimed))
	if err != nil {
		t.Fatal(err)
	}
	zb, yb := z.Bytes(), y.Bytes()
	proof, claim, err := blobtx.PointProof(b, kzg4844.Point(zb))
	if err != nil {
		t.Fatal(err)
	}
	if claim != kzg4844.Claim(yb) && len(words) == len(claimed) && words[0].Cmp(claimed[0]) == 0 {
		t.Fatalf("the KZG opening %x differs from the barycentric evaluation %x", claim, yb)
	}
	op := append(append(append(append([]byte{}, zb[:]...), yb[:]...), sc.Commitments[0][:]...), proof[:]...)
	return &blobBatch{sidecar: sc, vh: vh, opening: op, z: new(big.Int).SetBytes(zb[:]), y: new(big.Int).SetBytes(yb[:])}
}

// blobInputs returns the proof's public inputs in blob mode: the calldata-mode inputs of the L1 ops with vhHi, vhLo,
// z, yHi, yLo after the domain.
func (e *env) blobInputs(newRoot *big.Int, ops []*big.Int, bb *blobBatch) []*big.Int {
	in := e.batchInputs(newRoot, ops)
	mask := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 128), big.NewInt(1))
	vh := new(big.Int).SetBytes(bb.vh[:])
	extra := []*big.Int{new(big.Int).Rsh(vh, 128), new(big.Int).And(vh, mask), bb.z, new(big.Int).Rsh(bb.y, 128),
		new(big.Int).And(bb.y, mask)}
	return append(append(append([]*big.Int{}, in[:7]...), extra...), in[7:]...)
}

// sendBlob sends submitBatch as the sequencer in a blob transaction carrying sc (nil: a plain transaction), mining
// blocks while it waits.
func (e *env) sendBlob(data []byte, sc *types.BlobTxSidecar) (*types.Receipt, error) {
	e.t.Helper()
	if sc == nil {
		return e.send("sequencer", e.dev.RollupC, data)
	}
	s, err := blobtx.NewSender(slog.New(slog.DiscardHandler), blobtx.SenderConfig{ChainConfig: OsakaChainConfig(), PollInterval: 20 * time.Millisecond},
		e.sim.Client(), e.senders["sequencer"].Opts)
	if err != nil {
		e.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(e.ctx, 30*time.Second)
	defer cancel()
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
				e.sim.Commit()
			}
		}
	}()
	r, err := s.Send(ctx, e.dev.Rollup, data, sc)
	if err != nil {
		return nil, err
	}
	return r.Receipt, nil
}

// Blob DA mode on the simulated L1: a batch whose words are in the transaction's blob and whose L1 ops are in
// calldata is verified (the point-evaluation precompile opens BLOBHASH(0) at the proof's z); a blob whose content
// differs from the words the proof is about, a transaction without a blob, a malformed opening, and a proof of
// another opening are refused, each for its reason, and change nothing. A calldata-mode rollup refuses an opening.
func TestBlobModeSubmit(t *testing.T) {
	cfg := testConfig()
	cfg.slots, cfg.blobMode = DummyVerifierSlots-BlobInputs, true
	e := newEnv(t, cfg)
	ops := e.pad()
	words := make([]*big.Int, 64) // the batch's words: fills and no-ops L1 does not read
	for i := range words {
		words[i] = new(big.Int).SetUint64(uint64(i*7919+3) << 3) // type 0 words with content
	}
	root := big.NewInt(4242)
	pack := func(bb *blobBatch, proofInputs []*big.Int, opening []byte) []byte {
		return e.rollup.PackSubmitBatch(root, batchTimeOf(proofInputs), ops, e.prove(proofInputs), opening)
	}
	before := e.stateRoot()

	// The blob holds other words than the proof's: y is not the blob's value at z.
	other := append([]*big.Int{big.NewInt(8)}, words[1:]...)
	bad := openBlob(t, other, words)
	bad.sidecar = openBlob(t, other, other).sidecar
	in := e.blobInputs(root, ops, bad)
	_, err := e.sendBlob(pack(bad, in, bad.opening), bad.sidecar)
	e.expectRevert(err, "BlobOpeningInvalid")

	good := openBlob(t, words, words)
	in = e.blobInputs(root, ops, good)
	// No blob at all.
	_, err = e.sendBlob(pack(good, in, good.opening), nil)
	e.expectRevert(err, "NoBlob")
	// A truncated opening.
	_, err = e.sendBlob(pack(good, in, good.opening[:159]), good.sidecar)
	e.expectRevert(err, "BadBlobOpening")
	// A proof about another y than the one L1 checked.
	forged := *good
	forged.y = new(big.Int).Add(good.y, big.NewInt(1))
	_, err = e.sendBlob(pack(good, e.blobInputs(root, ops, &forged), good.opening), good.sidecar)
	e.expectRevert(err, "InvalidProof")
	if e.stateRoot().Cmp(before) != 0 {
		t.Fatal("a refused blob batch moved the root")
	}

	r, err := e.sendBlob(pack(good, in, good.opening), good.sidecar)
	if err != nil {
		v, _ := RollupError(err)
		t.Fatalf("blob batch: %v %+v", err, v)
	}
	if e.stateRoot().Cmp(root) != 0 {
		t.Fatal("blob batch did not move the root")
	}
	t.Logf("blob-mode batch of %d words with %d L1-op inputs: %d gas, %d blob gas", len(words), len(ops), r.GasUsed,
		r.BlobGasUsed)
}

// A calldata-mode rollup refuses a blob opening (BadBlobOpening): the mode is the deployment's, not the caller's.
func TestCalldataModeRefusesBlobOpening(t *testing.T) {
	e := newEnv(t, testConfig())
	in := e.batchInputs(big.NewInt(7), e.pad())
	_, err := e.send("sequencer", e.dev.RollupC, e.rollup.PackSubmitBatch(big.NewInt(7), batchTimeOf(in), e.pad(),
		e.prove(in), make([]byte, 160)))
	e.expectRevert(err, "BadBlobOpening")
}

package batch

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"

	"github.com/zkperp/zkperp/circuits/gadget/blob"
	"github.com/zkperp/zkperp/contracts/blobtx"
	"github.com/zkperp/zkperp/state"
)

// Blob DA mode (Config.Blob, docs/circuits.md "Blob DA mode").

// Opening's public inputs, in order.
const (
	openVhHi = iota // versioned hash, bytes 0..15 (big-endian)
	openVhLo        // versioned hash, bytes 16..31
	openZ           // evaluation point (< p_BN254)
	openYHi         // P_blob(z), bytes 0..15 of its canonical 32-byte form
	openYLo         // bytes 16..31
	nbOpening
)

// wordBits bounds a pubdata word: the widest packing is a Fill's, 3 + 32 + 32
// + 8 + 1 + 48 + 48 + 32 + 32 = 236 bits (docs/protocol.md §5).
const wordBits = 236

// Tx type bits of a pubdata word and the forced-close bit of a Liquidate.
const (
	typeMask       = 7
	forcedCloseBit = 43
)

// ErrTooManyL1Ops reports a blob-mode batch with more slots L1 acts on than
// the circuit's l1op public inputs (Config.L1Ops); cut batches with
// L1OpsNeeded.
var ErrTooManyL1Ops = errors.New("batch: too many L1 ops for the l1op public inputs")

// blobMode asserts the blob statement over the slots' words (in slot order,
// NoOp words 0) and the L1-op list. opening is [vhHi, vhLo, z, yHi, yLo],
// l1ops the K l1op public inputs, isL1[i] slot i's L1-op indicator (0 or 1,
// from the slot's type selectors and forced bit).
func (g *gadgets) blobMode(opening, l1ops, words, isL1 []frontend.Variable) error {
	api, a := g.api, g.a
	// L1 ops by a unary running count: pos[k] = 1 iff k L1 ops precede the
	// slot (pos[K]: K of them, the list is full), t[k] = isL1·pos[k] selects
	// the slot as op k, and acc[k] sums the selected words. pos starts as the
	// constant (1, 0, …, 0): the compiler folds the products with constant
	// zeros, so slot i costs ~5·min(i+1, K+1) constraints.
	k := len(l1ops)
	pos := make([]frontend.Variable, k+1)
	acc := make([]frontend.Variable, k)
	for j := range pos {
		pos[j] = 0
	}
	pos[0] = 1
	for j := range acc {
		acc[j] = 0
	}
	var over frontend.Variable = 0 // L1 ops met with the list full
	for i := range words {
		t := make([]frontend.Variable, k+1)
		for j := range pos {
			t[j] = api.Mul(isL1[i], pos[j])
		}
		for j := range acc {
			acc[j] = api.Add(acc[j], api.Mul(t[j], words[i]))
		}
		over = api.Add(over, t[k])
		for j := range pos {
			pos[j] = api.Sub(pos[j], t[j])
			if j > 0 {
				pos[j] = api.Add(pos[j], t[j-1])
			}
		}
	}
	// at most K L1 ops: more would be left out of the list, unseen by L1
	a.Rule("blob.l1ops-fit").AssertEq(over, 0)
	// l1op_j is the word of the j-th L1 op, 0 after the last one
	for j := range acc {
		a.Rule("blob.l1ops").AssertEq(acc[j], l1ops[j])
	}

	// The opening (blob.Evaluator.AssertOpening with its three equalities
	// named): z = H(vh, words), and y = P_words(z); L1 checks y = P_blob(z)
	// for the blob BLOBHASH(0) names.
	e, err := blob.New(api, wordBits)
	if err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	z := opening[openZ]
	a.Rule("blob.challenge").AssertEq(e.Challenge(opening[openVhHi], opening[openVhLo], words), z)
	y, err := e.Evaluate(z, words)
	if err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	hi, lo := e.Halves(y)
	a.Rule("blob.y").AssertEq(hi, opening[openYHi])
	a.Rule("blob.y").AssertEq(lo, opening[openYLo])
	return nil
}

// IsL1Op reports whether L1 acts on the slot with pubdata word w, i.e.
// whether Rollup.submitBatch reads it: a Deposit-type slot (deposit, refund
// or forced exit), a Withdraw, a MarkPrice, or a Liquidate with the forced
// bit (bit 43, a forced close).
func IsL1Op(w *fr.Element) bool {
	v := w.BigInt(new(big.Int))
	switch v.Uint64() & typeMask {
	case tDeposit, tWithdraw, tMark:
		return true
	case tLiquidate:
		return v.Bit(forcedCloseBit) == 1
	}
	return false
}

// L1OpsNeeded returns the number of l1op public inputs the traces need (the
// slots IsL1Op holds for). A batch fits a blob-mode circuit when this is at
// most Config.L1Ops().
func L1OpsNeeded(traces []*state.Trace) int {
	n := 0
	for _, tr := range traces {
		if IsL1Op(&tr.Pubdata) {
			n++
		}
	}
	return n
}

// BlobPublic is the native blob of a blob-mode batch and its public inputs.
type BlobPublic struct {
	Blob          *kzg4844.Blob      // the slots' words (32 bytes big-endian each), then zeros
	Commitment    kzg4844.Commitment // KZG commitment of Blob
	VersionedHash [32]byte           // 0x01 ‖ sha256(Commitment)[1:]: L1's BLOBHASH(0)
	Z             kzg4844.Point      // the evaluation point (big-endian, < p_BN254)
	Y             kzg4844.Claim      // P_blob(Z), canonical (< r_BLS12-381), big-endian
	// L1Ops are the words of the slots L1 acts on, in slot order, then zeros:
	// Config.L1Ops() entries.
	L1Ops []*big.Int
}

// NewBlobPublic returns the blob of a batch with the given pubdata words (one
// per slot, NoOp 0) and the blob-mode public inputs of cfg. It fails with
// ErrTooManyL1Ops when more than cfg.L1Ops() words are L1 ops.
func NewBlobPublic(cfg Config, words []fr.Element) (*BlobPublic, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if !cfg.Blob {
		return nil, errors.New("batch: NewBlobPublic needs a blob-mode config")
	}
	if len(words) != cfg.Slots {
		return nil, fmt.Errorf("%w: %d words for %d slots", ErrTraces, len(words), cfg.Slots)
	}
	p := &BlobPublic{L1Ops: make([]*big.Int, cfg.L1Ops())}
	n := 0
	for i := range words {
		if !IsL1Op(&words[i]) {
			continue
		}
		if n == len(p.L1Ops) {
			return nil, fmt.Errorf("%w: more than %d", ErrTooManyL1Ops, len(p.L1Ops))
		}
		p.L1Ops[n] = words[i].BigInt(new(big.Int))
		n++
	}
	for ; n < len(p.L1Ops); n++ {
		p.L1Ops[n] = new(big.Int)
	}
	var err error
	if p.Blob, err = blobtx.Encode(words); err != nil {
		return nil, fmt.Errorf("batch: %w", err)
	}
	if p.VersionedHash, p.Commitment, err = blob.VersionedHash(p.Blob); err != nil {
		return nil, fmt.Errorf("batch: %w", err)
	}
	z, y, err := blob.Opening(p.VersionedHash, words)
	if err != nil {
		return nil, fmt.Errorf("batch: %w", err)
	}
	p.Z, p.Y = z.Bytes(), y.Bytes()
	return p, nil
}

// BlobPublicOf returns NewBlobPublic of the traces' pubdata (one trace per
// slot, padded with Pad).
func BlobPublicOf(cfg Config, traces []*state.Trace) (*BlobPublic, error) {
	words := make([]fr.Element, len(traces))
	for i, tr := range traces {
		words[i] = tr.Pubdata
	}
	return NewBlobPublic(cfg, words)
}

// Inputs returns the blob-mode public inputs after domain, in order: vhHi,
// vhLo, z, yHi, yLo, l1op_0..l1op_{K−1}.
func (p *BlobPublic) Inputs() []*big.Int {
	half := func(b []byte) *big.Int { return new(big.Int).SetBytes(b) }
	out := []*big.Int{half(p.VersionedHash[:16]), half(p.VersionedHash[16:]), half(p.Z[:]), half(p.Y[:16]), half(p.Y[16:])}
	for _, v := range p.L1Ops {
		out = append(out, new(big.Int).Set(v))
	}
	return out
}

// setBlob fills c's blob-mode public inputs from p.
func (c *Circuit) setBlob(p *BlobPublic) {
	in := p.Inputs()
	for i := range c.Opening {
		c.Opening[i] = in[i]
	}
	for j := range c.L1Ops {
		c.L1Ops[j] = in[nbOpening+j]
	}
	c.blobPub = p
}

// BlobPublic returns the blob and public inputs Assign computed for a
// blob-mode batch (nil in calldata mode): the sequencer sends the blob (with
// Commitment and a KZG proof of Y at Z) and passes Z, Y and L1Ops to L1.
func (c *Circuit) BlobPublic() *BlobPublic { return c.blobPub }

package gadget

import (
	"bytes"
	"fmt"
	"math/big"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	nativeeddsa "github.com/consensys/gnark-crypto/ecc/bn254/twistededwards/eddsa"
	tedwards "github.com/consensys/gnark-crypto/ecc/twistededwards"
	cryptohash "github.com/consensys/gnark-crypto/hash"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/algebra/native/twistededwards"
	"github.com/consensys/gnark/std/hash"
	p2hash "github.com/consensys/gnark/std/hash/poseidon2"
	"github.com/consensys/gnark/std/rangecheck"
)

// PublicKey is an EdDSA public key (a point of BN254's twisted Edwards curve).
type PublicKey struct {
	X, Y frontend.Variable
}

// Signature is an EdDSA signature (R, S).
type Signature struct {
	RX, RY, S frontend.Variable
}

// SigVerifier checks gnark-crypto EdDSA signatures (BN254 twisted Edwards,
// hash.POSEIDON2_BN254 Merkle–Damgård) of one field-element message: the
// native signer hashes R.X, R.Y, A.X, A.Y and the 32-byte big-endian message,
// block by block, which is the circuit hasher fed the same five elements.
type SigVerifier struct {
	api   frontend.API
	curve twistededwards.Curve
	dummy dummySig
}

// dummySig is a valid signature substituted in disabled slots, so a slot that
// needs no signature costs the same constraints and always has a witness.
type dummySig struct {
	pkX, pkY, rX, rY, s, msg *big.Int
}

var loadDummy = sync.OnceValues(func() (dummySig, error) {
	seed := bytes.Repeat([]byte("zkperp-dummy-signature-key-seed!"), 1)
	sk, err := nativeeddsa.GenerateKey(bytes.NewReader(seed))
	if err != nil {
		return dummySig{}, err
	}
	var msg fr.Element
	mb := msg.Bytes()
	sb, err := sk.Sign(mb[:], cryptohash.POSEIDON2_BN254.New())
	if err != nil {
		return dummySig{}, err
	}
	var sig nativeeddsa.Signature
	if _, err := sig.SetBytes(sb); err != nil {
		return dummySig{}, err
	}
	pk := sk.PublicKey.A
	d := dummySig{
		pkX: pk.X.BigInt(new(big.Int)), pkY: pk.Y.BigInt(new(big.Int)),
		rX: sig.R.X.BigInt(new(big.Int)), rY: sig.R.Y.BigInt(new(big.Int)),
		s: new(big.Int).SetBytes(sig.S[:]), msg: new(big.Int),
	}
	return d, nil
})

// NewSigVerifier returns the signature gadget of api.
func NewSigVerifier(api frontend.API) (*SigVerifier, error) {
	curve, err := twistededwards.NewEdCurve(api, tedwards.BN254)
	if err != nil {
		return nil, fmt.Errorf("gadget: edwards curve: %w", err)
	}
	d, err := loadDummy()
	if err != nil {
		return nil, fmt.Errorf("gadget: dummy signature: %w", err)
	}
	return &SigVerifier{api: api, curve: curve, dummy: d}, nil
}

// Verify asserts that sig is pk's signature of msg when enabled = 1 (enabled
// must be boolean; it is not checked here). When enabled = 0 the inputs are
// replaced by a fixed valid signature and nothing is asserted about them.
func (v *SigVerifier) Verify(enabled frontend.Variable, pk PublicKey, sig Signature, msg frontend.Variable) error {
	_, err := v.VerifyEntry(enabled, pk, sig, msg)
	return err
}

// VerifyEntry is Verify returning the key that was verified: pk when
// enabled = 1 (with a signature of msg), the fixed dummy key (with the dummy
// signature of the dummy message) when enabled = 0. Whatever the witness, the
// returned key carries a valid signature, so the caller can feed a table of
// verified (key, message) pairs with it and enabled·msg. The dummy's secret
// key comes from a public seed: the dummy pair proves nothing about any
// account, and message 0 is no protocol message (every signed message has a
// non-zero tag in its low bits).
func (v *SigVerifier) VerifyEntry(enabled frontend.Variable, pk PublicKey, sig Signature, msg frontend.Variable) (PublicKey, error) {
	api := v.api
	sel := func(x frontend.Variable, d *big.Int) frontend.Variable { return api.Select(enabled, x, d) }
	h, err := p2hash.New(api)
	if err != nil {
		return PublicKey{}, fmt.Errorf("gadget: poseidon2 hasher: %w", err)
	}
	key := PublicKey{X: sel(pk.X, v.dummy.pkX), Y: sel(pk.Y, v.dummy.pkY)}
	m := sel(msg, v.dummy.msg)
	err = v.verify(twistededwards.Point{X: sel(sig.RX, v.dummy.rX), Y: sel(sig.RY, v.dummy.rY)}, sel(sig.S, v.dummy.s), m,
		twistededwards.Point{X: key.X, Y: key.Y}, h)
	return key, err
}

// verify is std/signature/eddsa.Verify with cheaper steps: S < ℓ is two
// range checks (S and ℓ−1−S below 2^bitlen(ℓ); a negative difference wraps to
// ≈ r) instead of the generic comparator, the cofactor-cleared difference is
// asserted to be the identity directly, and [S]G − [H]A is not checked to be
// on the curve (it is for every key an account can hold: see below).
func (v *SigVerifier) verify(r twistededwards.Point, s, msg frontend.Variable, a twistededwards.Point, h hash.FieldHasher) error {
	api, curve := v.api, v.curve
	h.Write(r.X, r.Y, a.X, a.Y, msg)
	hRAM := h.Sum()
	order := curve.Params().Order
	rc := rangecheck.New(api)
	rc.Check(s, order.BitLen())
	rc.Check(api.Sub(new(big.Int).Sub(order, big.NewInt(1)), s), order.BitLen())
	base := twistededwards.Point{X: curve.Params().Base[0], Y: curve.Params().Base[1]}
	// [S]G − [H(R,A,M)]A − R, times the cofactor, is the identity
	// q is on the curve without a check: G is, every account key is (L1 registers only keys on the curve, see
	// Rollup.onCurve; the dummy key is), and the complete addition law keeps sums on it. An entry with a key off
	// the curve matches no account.
	q := curve.DoubleBaseScalarMul(base, curve.Neg(a), s, hRAM)
	q = curve.Add(curve.Neg(q), r)
	if c := curve.Params().Cofactor; !c.IsUint64() || c.Uint64() != 8 {
		return fmt.Errorf("gadget: eddsa: cofactor %s, want 8", c)
	}
	q = curve.Double(curve.Double(curve.Double(q)))
	api.AssertIsEqual(q.X, 0)
	api.AssertIsEqual(q.Y, 1)
	return nil
}

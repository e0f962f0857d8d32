package batch

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
	nativeeddsa "github.com/consensys/gnark-crypto/ecc/bn254/twistededwards/eddsa"
	"github.com/consensys/gnark-crypto/hash"
	"github.com/consensys/gnark/test"

	"github.com/zkperp/zkperp/circuits/gadget"
	"github.com/zkperp/zkperp/state"
)

// The signature lookup binds the key's two coordinates and the message
// separately. A key that shares one coordinate with the account's key is −A
// = (−x, y) or −A + T = (x, −y) (T the point of order 2, which the verifier's
// cofactor clearing ignores): a valid signature for it needs the secret −a,
// which in these tests is known (the account's key is built from a chosen
// scalar). Each such entry is rejected by exactly one coordinate's rule.
var sigCases = []ruleCase{
	{name: "withdrawal signed by the key with the other x", rules: []string{"sig.a.key-x"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		return sigKeyWitness(t, 0, func(p *twistededwards.PointAffine) { p.X.Neg(&p.X) }), nil
	}},
	{name: "withdrawal signed by the key with the other y", rules: []string{"sig.a.key-y"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		return sigKeyWitness(t, 0, func(p *twistededwards.PointAffine) { p.Y.Neg(&p.Y) }), nil
	}},
	{name: "taker order signed by the key with the other x", rules: []string{"sig.b.key-x"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		return sigKeyWitness(t, 1, func(p *twistededwards.PointAffine) { p.X.Neg(&p.X) }), nil
	}},
	{name: "taker order signed by the key with the other y", rules: []string{"sig.b.key-y"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		return sigKeyWitness(t, 1, func(p *twistededwards.PointAffine) { p.Y.Neg(&p.Y) }), nil
	}},
}

// sigScalar is the secret of account 7's key in these tests.
var sigScalar = big.NewInt(31_415_926_535)

// sigKeyWitness returns a one-slot witness signed by account 7 (a Withdraw
// for side 0, a Fill with 7 as the taker for side 1) whose signature entry
// holds the key change(A) and a valid signature for it by −a. It checks that
// the honest entry (key A, signed by a) is accepted first.
func sigKeyWitness(t *testing.T, side int, change func(*twistededwards.PointAffine)) *Circuit {
	t.Helper()
	e := setupEnv(t)
	var a twistededwards.PointAffine
	a.ScalarMultiplicationBase(sigScalar)
	pk := state.PublicKey{X: a.X, Y: a.Y}
	e.apply(state.Deposit{Account: 7, PubKey: pk, Amount: 1_000_000})
	m := state.PositionMargin{Account: 7, Market: 0, ToPosition: true, Amount: 200_000}
	m.Sig = nativeSig(t, sigScalar, a, m.Message())
	e.apply(m)
	var w *Circuit
	if side == 0 {
		tx := state.Withdraw{Account: 7, Amount: 10, Nonce: 1}
		tx.Sig = nativeSig(t, sigScalar, a, tx.Message())
		w = single(t, e, tx)
	} else {
		taker := state.Order{Account: 7, ID: 3, Market: 0, Buy: true, Price: 1010, Size: 100, MaxMakerFee: 300, MaxTakerFee: 600}
		taker.Sig = nativeSig(t, sigScalar, a, taker.Message())
		w = single(t, e, state.Fill{Maker: e.order(1, 9, 0, false, 1000, 100), Taker: taker, Price: 1000, Size: 100})
	}
	en := entry(w, 0, side)
	forged := a
	change(&forged)
	curve := twistededwards.GetEdwardsCurve()
	neg := new(big.Int).Sub(&curve.Order, sigScalar)
	var msg fr.Element
	msg.SetBigInt(bigOf(en.Msg))
	en.PK = gadget.PublicKey{X: forged.X, Y: forged.Y}
	en.Sig = mustSig(t, nativeSig(t, neg, forged, msg))
	return w
}

// nativeSig signs msg for testDomain with the scalar for the key pk (EdDSA
// over Poseidon2 as state signs: R, A, H(domain, M) hashed; S = r + H·scalar
// mod ℓ).
func nativeSig(t *testing.T, scalar *big.Int, pk twistededwards.PointAffine, msg fr.Element) state.Signature {
	t.Helper()
	curve := twistededwards.GetEdwardsCurve()
	order := &curve.Order
	r := big.NewInt(424_242_424_242)
	var sig nativeeddsa.Signature
	sig.R.ScalarMultiplicationBase(r)
	h := hash.POSEIDON2_BN254.New()
	for _, v := range []fr.Element{sig.R.X, sig.R.Y, pk.X, pk.Y, testDomain.Wrap(msg)} {
		b := v.Bytes()
		h.Write(b[:])
	}
	s := new(big.Int).Mul(new(big.Int).SetBytes(h.Sum(nil)), scalar)
	s.Add(s, r).Mod(s, order)
	s.FillBytes(sig.S[:])
	var out state.Signature
	copy(out[:], sig.Bytes())
	return out
}

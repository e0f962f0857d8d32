package gadget

import (
	"bytes"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
	nativeeddsa "github.com/consensys/gnark-crypto/ecc/bn254/twistededwards/eddsa"
	"github.com/consensys/gnark-crypto/hash"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"
)

type sigCircuit struct {
	Enabled frontend.Variable
	PK      PublicKey
	Sig     Signature
	Msg     frontend.Variable
}

func (c *sigCircuit) Define(api frontend.API) error {
	v, err := NewSigVerifier(api)
	if err != nil {
		return err
	}
	return v.Verify(c.Enabled, c.PK, c.Sig, c.Msg)
}

type testKey struct {
	sk *nativeeddsa.PrivateKey
}

func newTestKey(t testing.TB, seed byte) testKey {
	sk, err := nativeeddsa.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{seed}, 32)))
	if err != nil {
		t.Fatal(err)
	}
	return testKey{sk: sk}
}

func (k testKey) pk() PublicKey {
	return PublicKey{X: k.sk.PublicKey.A.X, Y: k.sk.PublicKey.A.Y}
}

// sign signs the 32-byte big-endian encoding of msg, as protocol.md §5 says.
func (k testKey) sign(t testing.TB, msg *big.Int) Signature {
	var m fr.Element
	m.SetBigInt(msg)
	mb := m.Bytes()
	sb, err := k.sk.Sign(mb[:], hash.POSEIDON2_BN254.New())
	if err != nil {
		t.Fatal(err)
	}
	// the native verifier accepts it
	ok, err := k.sk.PublicKey.Verify(sb, mb[:], hash.POSEIDON2_BN254.New())
	if err != nil || !ok {
		t.Fatalf("native verify: %v %v", ok, err)
	}
	var sig nativeeddsa.Signature
	if _, err := sig.SetBytes(sb); err != nil {
		t.Fatal(err)
	}
	return Signature{RX: sig.R.X, RY: sig.R.Y, S: new(big.Int).SetBytes(sig.S[:])}
}

func TestSigVerifier(t *testing.T) {
	k1, k2 := newTestKey(t, 1), newTestKey(t, 2)
	// an order message of protocol.md §5 (237 bits)
	msg := new(big.Int).Lsh(big.NewInt(0xdeadbeef), 205)
	msg.Add(msg, big.NewInt(1+16*42))
	sig := k1.sign(t, msg)

	good := &sigCircuit{Enabled: 1, PK: k1.pk(), Sig: sig, Msg: msg}
	wrongKey := &sigCircuit{Enabled: 1, PK: k2.pk(), Sig: sig, Msg: msg}
	wrongMsg := &sigCircuit{Enabled: 1, PK: k1.pk(), Sig: sig, Msg: new(big.Int).Add(msg, big.NewInt(16))}
	badS := sig
	badS.S = new(big.Int).Add(sig.S.(*big.Int), big.NewInt(1))
	wrongSig := &sigCircuit{Enabled: 1, PK: k1.pk(), Sig: badS, Msg: msg}
	// S + ℓ satisfies the curve equation ([ℓ]G is the identity): only S < ℓ rejects it
	order := twistededwards.GetEdwardsCurve().Order
	malleated := sig
	malleated.S = new(big.Int).Add(sig.S.(*big.Int), &order)
	sMalleated := &sigCircuit{Enabled: 1, PK: k1.pk(), Sig: malleated, Msg: msg}
	unregistered := &sigCircuit{Enabled: 1, PK: PublicKey{X: 0, Y: 0}, Sig: sig, Msg: msg}
	// disabled: any garbage passes
	skipped := &sigCircuit{Enabled: 0, PK: PublicKey{X: 0, Y: 0}, Sig: Signature{RX: 1, RY: 2, S: 3}, Msg: 4}

	test.NewAssert(t).CheckCircuit(&sigCircuit{}, checkOpts(good, wrongKey, wrongMsg, wrongSig, sMalleated, unregistered)...)
	if err := test.IsSolved(&sigCircuit{}, skipped, frBN254()); err != nil {
		t.Fatal(err)
	}
}

// TestSigVerifierScalarRange forges the two other encodings of a valid S that
// satisfy the curve equation: S + ℓ (below 2^bitlen(ℓ) for some signatures,
// so only S ≤ ℓ − 1 rejects it) and the field element S − ℓ + r·k chosen
// ≡ S (mod ℓ) with ℓ − 1 − S' below 2^bitlen(ℓ) (so only the range check of S
// itself rejects it). Each must be rejected.
func TestSigVerifierScalarRange(t *testing.T) {
	k := newTestKey(t, 3)
	order := twistededwards.GetEdwardsCurve().Order
	bound := new(big.Int).Lsh(big.NewInt(1), uint(order.BitLen()))
	r := frBN254()
	var plusL, wrapped *sigCircuit
	for i := int64(1); i < 200 && (plusL == nil || wrapped == nil); i++ {
		msg := big.NewInt(1 + 16*i)
		sig := k.sign(t, msg)
		s := sig.S.(*big.Int)
		if sl := new(big.Int).Add(s, &order); plusL == nil && sl.Cmp(bound) < 0 {
			f := sig
			f.S = sl
			plusL = &sigCircuit{Enabled: 1, PK: k.pk(), Sig: f, Msg: msg}
		}
		// S' = r − k with k ≡ r − S (mod ℓ): S' ≡ S (mod ℓ) as a scalar, "negative" as a field element
		kk := new(big.Int).Sub(r, s)
		kk.Mod(kk, &order)
		if wrapped == nil && new(big.Int).Add(&order, kk).Cmp(bound) < 0 {
			f := sig
			f.S = new(big.Int).Sub(r, kk)
			wrapped = &sigCircuit{Enabled: 1, PK: k.pk(), Sig: f, Msg: msg}
		}
	}
	if plusL == nil || wrapped == nil {
		t.Fatal("no signature with the needed S found")
	}
	for name, c := range map[string]*sigCircuit{"S + ℓ": plusL, "S − ℓ wrapped": wrapped} {
		if err := test.IsSolved(&sigCircuit{}, c, r); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

// TestSigVerifierOffCurveR forges a signature whose R is off the curve,
// built from a chosen point: with q0 = [t]G and R = q0 + (0, y) by the
// addition formulas, S = t + H(R, A, M)·a makes [S]G − [H]A = q0 on the
// curve, and R − q0 is (0, y'), which the three doublings keep at X = 0.
// Only the final Y = 1 check rejects it (y'^… ≠ 1).
func TestSigVerifierOffCurveR(t *testing.T) {
	a, tt := big.NewInt(123456789), big.NewInt(987654321)
	var pk, q0 twistededwards.PointAffine
	pk.ScalarMultiplicationBase(a)
	q0.ScalarMultiplicationBase(tt)
	// R = q0 ⊕ (0, y): (x_q·y, y_q·y) by the unified formula (the x·0 terms vanish)
	var y fr.Element
	y.SetUint64(2)
	var r twistededwards.PointAffine
	r.X.Mul(&q0.X, &y)
	r.Y.Mul(&q0.Y, &y)
	if r.IsOnCurve() {
		t.Fatal("R on the curve")
	}
	forged := chosenSig(r, pk, a, tt, big.NewInt(1+16*7))
	if err := test.IsSolved(&sigCircuit{}, forged, frBN254()); err == nil {
		t.Fatal("signature with an off-curve R accepted")
	}
}

// TestSigVerifierOffCurveRNonZeroX forges an off-curve R with R − q0 =
// (x0, 1), x0 ≠ 0 (R solved from the addition formulas): the doublings keep
// Y = 1 and X ≠ 0, so only the final X = 0 check rejects it.
func TestSigVerifierOffCurveRNonZeroX(t *testing.T) {
	curve := twistededwards.GetEdwardsCurve()
	a, tt := big.NewInt(55555), big.NewInt(777777)
	var pk, q0 twistededwards.PointAffine
	pk.ScalarMultiplicationBase(a)
	q0.ScalarMultiplicationBase(tt)
	var x1, y1 fr.Element // −q0
	x1.Neg(&q0.X)
	y1.Set(&q0.Y)
	var r *twistededwards.PointAffine
	for x0 := uint64(3); x0 < 200 && r == nil; x0++ {
		var x3 fr.Element
		x3.SetUint64(x0)
		r = solveAddend(&curve.A, &curve.D, &x1, &y1, &x3)
	}
	if r == nil {
		t.Fatal("no R found")
	}
	forged := chosenSig(*r, pk, a, tt, big.NewInt(1+16*9))
	if err := test.IsSolved(&sigCircuit{}, forged, frBN254()); err == nil {
		t.Fatal("signature with an off-curve R accepted")
	}
}

// solveAddend returns (u, v) with (x1, y1) ⊕ (u, v) = (x3, 1) under the
// unified twisted Edwards addition formulas, or nil when the quadratic in
// w = u·v has no root.
func solveAddend(a, d, x1, y1, x3 *fr.Element) *twistededwards.PointAffine {
	var one, c, det, t0, t1 fr.Element
	one.SetOne()
	c.Mul(d, x1).Mul(&c, y1)
	det.Square(y1)
	t0.Square(x1)
	t0.Mul(&t0, a)
	det.Add(&det, &t0)
	// u = (α + βw)/det, v = (γ + δw)/det with y3 = 1
	var alpha, beta, gamma, delta fr.Element
	alpha.Mul(y1, x3).Sub(&alpha, x1)
	t0.Mul(y1, x3)
	beta.Add(&t0, x1).Mul(&beta, &c)
	t1.Mul(a, x1).Mul(&t1, x3)
	gamma.Add(y1, &t1)
	delta.Sub(&t1, y1).Mul(&delta, &c)
	// βδ w² + (αδ + βγ − det²) w + αγ = 0
	var qa, qb, qc, disc, sq, w fr.Element
	qa.Mul(&beta, &delta)
	qb.Mul(&alpha, &delta)
	t0.Mul(&beta, &gamma)
	qb.Add(&qb, &t0)
	t0.Square(&det)
	qb.Sub(&qb, &t0)
	qc.Mul(&alpha, &gamma)
	disc.Square(&qb)
	t0.Mul(&qa, &qc)
	t0.Double(&t0).Double(&t0)
	disc.Sub(&disc, &t0)
	if sq.Sqrt(&disc) == nil || qa.IsZero() {
		return nil
	}
	w.Sub(&sq, &qb)
	t0.Double(&qa)
	t0.Inverse(&t0)
	w.Mul(&w, &t0)
	var detInv, u, v fr.Element
	detInv.Inverse(&det)
	u.Mul(&beta, &w).Add(&u, &alpha).Mul(&u, &detInv)
	v.Mul(&delta, &w).Add(&v, &gamma).Mul(&v, &detInv)
	// check (x1, y1) ⊕ (u, v) = (x3, 1)
	var num, den, xs, ys fr.Element
	t0.Mul(x1, y1).Mul(&t0, &u).Mul(&t0, &v).Mul(&t0, d) // d·x1·x2·y1·y2
	num.Mul(x1, &v)
	t1.Mul(y1, &u)
	num.Add(&num, &t1)
	den.Add(&one, &t0)
	xs.Div(&num, &den)
	num.Mul(y1, &v)
	t1.Mul(a, x1).Mul(&t1, &u)
	num.Sub(&num, &t1)
	den.Sub(&one, &t0)
	ys.Div(&num, &den)
	if !xs.Equal(x3) || !ys.IsOne() {
		return nil
	}
	return &twistededwards.PointAffine{X: u, Y: v}
}

// chosenSig returns the signature entry of msg by the key pk = [a]G with
// the given R: S = t + H(R, pk, msg)·a mod ℓ, so [S]G − [H]pk = [t]G whatever
// R is (the tests choose an R off the curve).
func chosenSig(r, pk twistededwards.PointAffine, a, t, msg *big.Int) *sigCircuit {
	curve := twistededwards.GetEdwardsCurve()
	var m fr.Element
	m.SetBigInt(msg)
	h := hash.POSEIDON2_BN254.New()
	for _, e := range []fr.Element{r.X, r.Y, pk.X, pk.Y, m} {
		b := e.Bytes()
		h.Write(b[:])
	}
	s := new(big.Int).Mul(new(big.Int).SetBytes(h.Sum(nil)), a)
	s.Add(s, t).Mod(s, &curve.Order)
	return &sigCircuit{Enabled: 1, PK: PublicKey{X: pk.X, Y: pk.Y}, Sig: Signature{RX: r.X, RY: r.Y, S: s}, Msg: msg}
}

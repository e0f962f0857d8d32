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

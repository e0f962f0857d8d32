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

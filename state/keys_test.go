package state

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum/crypto"
)

func TestSignVerify(t *testing.T) {
	var s1, s2 [32]byte
	s2[0] = 1
	k1, _ := NewPrivateKey(s1)
	k2, _ := NewPrivateKey(s2)
	var msg fr.Element
	msg.SetUint64(123456789)
	sig, err := k1.SignMessage(msg)
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifySignature(k1.Public(), msg, sig); err != nil {
		t.Fatalf("valid signature rejected: %v", err)
	}
	wantErr(t, VerifySignature(k2.Public(), msg, sig), ErrBadSignature)
	var other fr.Element
	other.SetUint64(123456788)
	wantErr(t, VerifySignature(k1.Public(), other, sig), ErrBadSignature)
	bad := sig
	bad[40] ^= 1
	wantErr(t, VerifySignature(k1.Public(), msg, bad), ErrBadSignature)
	var junk Signature
	for i := range junk {
		junk[i] = 0xff
	}
	wantErr(t, VerifySignature(k1.Public(), msg, junk), ErrBadSignature)
	wantErr(t, VerifySignature(PublicKey{}, msg, sig), ErrBadSignature)
	var offCurve PublicKey
	offCurve.X.SetUint64(5)
	offCurve.Y.SetUint64(7)
	wantErr(t, VerifySignature(offCurve, msg, sig), ErrBadSignature)
}

func TestDeriveL2Key(t *testing.T) {
	eth, _ := crypto.HexToECDSA("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
	a, err := DeriveL2Key(eth)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := DeriveL2Key(eth)
	if a.Public() != b.Public() {
		t.Fatal("derivation not deterministic")
	}
	eth2, _ := crypto.GenerateKey()
	c, _ := DeriveL2Key(eth2)
	if c.Public() == a.Public() {
		t.Fatal("two ethereum keys gave one L2 key")
	}
	if _, err := DeriveL2Key(nil); err == nil {
		t.Fatal("nil key accepted")
	}
}

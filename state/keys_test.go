package state

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum/common"
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
	if err := VerifySignature(Domain{}, k1.Public(), msg, sig); err != nil {
		t.Fatalf("valid signature rejected: %v", err)
	}
	wantErr(t, VerifySignature(Domain{}, k2.Public(), msg, sig), ErrBadSignature)
	var other fr.Element
	other.SetUint64(123456788)
	wantErr(t, VerifySignature(Domain{}, k1.Public(), other, sig), ErrBadSignature)
	bad := sig
	bad[40] ^= 1
	wantErr(t, VerifySignature(Domain{}, k1.Public(), msg, bad), ErrBadSignature)
	var junk Signature
	for i := range junk {
		junk[i] = 0xff
	}
	wantErr(t, VerifySignature(Domain{}, k1.Public(), msg, junk), ErrBadSignature)
	wantErr(t, VerifySignature(Domain{}, PublicKey{}, msg, sig), ErrBadSignature)
	var offCurve PublicKey
	offCurve.X.SetUint64(5)
	offCurve.Y.SetUint64(7)
	wantErr(t, VerifySignature(Domain{}, offCurve, msg, sig), ErrBadSignature)
	// another deployment: the same signature fails, the key bound to it signs validly there
	dev := Domain{ChainID: 1337, Rollup: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}
	wantErr(t, VerifySignature(dev, k1.Public(), msg, sig), ErrBadSignature)
	sig2, _ := k1.For(dev).SignMessage(msg)
	if err := VerifySignature(dev, k1.Public(), msg, sig2); err != nil {
		t.Fatalf("signature for the key's domain rejected: %v", err)
	}
	wantErr(t, VerifySignature(Domain{}, k1.Public(), msg, sig2), ErrBadSignature)
	other2 := dev
	other2.ChainID = 1
	wantErr(t, VerifySignature(other2, k1.Public(), msg, sig2), ErrBadSignature)
}

func TestDeriveL2Key(t *testing.T) {
	eth, _ := crypto.HexToECDSA("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
	dom := Domain{ChainID: 1337, Rollup: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}
	a, err := DeriveL2Key(eth, dom)
	if err != nil {
		t.Fatal(err)
	}
	if a.Domain() != dom {
		t.Fatalf("derived key signs for %+v, want %+v", a.Domain(), dom)
	}
	b, _ := DeriveL2Key(eth, dom)
	if a.Public() != b.Public() {
		t.Fatal("derivation not deterministic")
	}
	eth2, _ := crypto.GenerateKey()
	c, _ := DeriveL2Key(eth2, dom)
	if c.Public() == a.Public() {
		t.Fatal("two ethereum keys gave one L2 key")
	}
	// another chain or another rollup contract: another L2 key
	for _, d := range []Domain{{ChainID: 1, Rollup: dom.Rollup}, {ChainID: dom.ChainID, Rollup: common.Address{1}}} {
		if k, _ := DeriveL2Key(eth, d); k.Public() == a.Public() {
			t.Fatalf("domain %+v gave the same L2 key", d)
		}
	}
	if _, err := DeriveL2Key(nil, dom); err == nil {
		t.Fatal("nil key accepted")
	}
}

func TestSigCache(t *testing.T) {
	var seed [32]byte
	k, _ := NewPrivateKey(seed)
	var msg fr.Element
	msg.SetUint64(9)
	sig, _ := k.SignMessage(msg)
	c := NewSigCache(2)
	for i := 0; i < 2; i++ {
		if err := c.Verify(Domain{}, k.Public(), msg, sig); err != nil {
			t.Fatal(err)
		}
	}
	bad := sig
	bad[63] ^= 1
	for i := 0; i < 2; i++ { // a bad signature is never cached as good
		wantErr(t, c.Verify(Domain{}, k.Public(), msg, bad), ErrBadSignature)
	}
	var other fr.Element
	other.SetUint64(10)
	wantErr(t, c.Verify(Domain{}, k.Public(), other, sig), ErrBadSignature)
}

func TestPreviewFillMatchesApply(t *testing.T) {
	e := newEnv(t, nil)
	openPair(e, 10, 1000, 5000)
	m, _ := e.s.Market(0)
	p, _ := e.s.Position(1, 0)
	want, err := PreviewFill(p, m, true, 5, 1000, m.Params.TakerFee)
	if err != nil {
		t.Fatal(err)
	}
	mk := e.order(2, 9, 0, false, 1000, 5)
	tk := e.order(1, 9, 0, true, 1000, 5)
	e.must(Fill{Maker: mk, Taker: tk, Price: 1000, Size: 5})
	if got, _ := e.s.Position(1, 0); got != want {
		t.Fatalf("preview %+v, applied %+v", want, got)
	}
	if _, err := PreviewFill(p, m, true, 1000, 1000, m.Params.TakerFee); err == nil {
		t.Fatal("preview allowed an under-margin fill")
	}
}

// LiquidationPrice is the boundary of the maintenance rule: at it the position is liquidatable, one tick of mark
// on the safe side it is not.
func TestLiquidationPriceBoundary(t *testing.T) {
	m := Market{Params: testParams, Mark: 1000, FundingIndex: 7}
	for _, p := range []Position{
		{Size: 10, Collateral: 1500, EntryNotional: 10_000, FundingIndex: 3},
		{Size: -25, Collateral: 4000, EntryNotional: 26_000, FundingIndex: 9},
		{Size: 3, Collateral: 100, EntryNotional: 3_000},
	} {
		lp, ok := LiquidationPrice(p, m)
		if !ok {
			t.Fatalf("no liquidation price for %+v", p)
		}
		at, safe := m, m
		at.Mark = lp
		if p.Size > 0 {
			safe.Mark = lp + 1
		} else {
			safe.Mark = lp - 1
		}
		if MeetsMaintenance(p, at) || !MeetsMaintenance(p, safe) {
			t.Fatalf("%+v: boundary %d wrong", p, lp)
		}
	}
	if _, ok := LiquidationPrice(Position{}, m); ok {
		t.Fatal("empty position has a liquidation price")
	}
}

// A SigCache keeps one domain's element: switching domains must not reuse it (a signature for one deployment is
// refused for the other, then accepted again for its own, alone and in batches).
func TestSigCacheDomains(t *testing.T) {
	var seed [32]byte
	a := Domain{ChainID: 1, Rollup: common.Address{1}}
	b := Domain{ChainID: 2, Rollup: common.Address{1}}
	k, _ := NewPrivateKey(seed)
	var msg fr.Element
	msg.SetUint64(77)
	sig, _ := k.For(a).SignMessage(msg)
	c := NewSigCache(10)
	in := []SigInput{{Key: k.Public(), Msg: msg, Sig: sig}}
	for i := 0; i < 2; i++ {
		wantErr(t, c.Verify(b, k.Public(), msg, sig), ErrBadSignature)
		wantErr(t, c.VerifyBatch(b, in)[0], ErrBadSignature)
		if err := c.Verify(a, k.Public(), msg, sig); err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
		if err := NewSigCache(10).VerifyBatch(a, in)[0]; err != nil {
			t.Fatalf("round %d, batch: %v", i, err)
		}
	}
}

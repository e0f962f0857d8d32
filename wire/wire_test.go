package wire_test

import (
	"crypto/ecdsa"
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/sign"
	"github.com/zkperp/zkperp/wire"
)

var btc = wire.MarketInfo{ID: 0, Name: "BTC-USD", SizeDecimals: 4, QuoteDecimals: 6, MakerFee: 100, TakerFee: 400}

func key(t *testing.T) (*ecdsa.PrivateKey, *sign.PrivateKey, sign.Domain) {
	t.Helper()
	eth, err := crypto.HexToECDSA("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
	if err != nil {
		t.Fatal(err)
	}
	d := sign.Domain{ChainID: 1337, Rollup: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}
	k, err := sign.DeriveL2Key(eth, d)
	if err != nil {
		t.Fatal(err)
	}
	return eth, k, d
}

// What wire signs verifies with the state's verifier over the messages the engine and the state build.
func TestSignedRequestsVerify(t *testing.T) {
	_, k, d := key(t)
	pk := k.Public()
	r := wire.OrderRequest{Account: 3, ID: 77, Market: 0, Side: "BUY", Price: "60000.5", Size: "0.01", Type: "limit",
		TIF: "GTC", Expiry: 1900000000}
	if err := wire.SignOrder(k, btc, &r); err != nil {
		t.Fatal(err)
	}
	if r.Side != "buy" || r.MaxMakerFee != 100 || r.MaxTakerFee != 400 {
		t.Fatalf("defaults not filled: %+v", r)
	}
	p, err := wire.ParseOrder(wire.UnitsOf(btc), &r)
	if err != nil {
		t.Fatal(err)
	}
	if p.Order.Price != 6000050 || p.Order.Size != 100 || !p.Order.Buy {
		t.Fatalf("order %+v", p.Order)
	}
	if err := state.VerifySignature(d, pk, p.Order.Message(), p.Order.Sig); err != nil {
		t.Fatalf("order: %v", err)
	}
	a, err := wire.SignAmend(k, btc, &r, 5)
	if err != nil {
		t.Fatal(err)
	}
	am := engine.Amend{Order: p.Order, Version: 5}
	if err := state.VerifySignature(d, pk, am.Message(), sign.Signature(a.AmendSig)); err != nil {
		t.Fatalf("amend: %v", err)
	}
	c, err := wire.SignCancel(k, 3, 0, 77)
	if err != nil {
		t.Fatal(err)
	}
	ec := engine.Cancel{Account: 3, Market: 0, OrderID: 77}
	if err := state.VerifySignature(d, pk, ec.Message(), sign.Signature(c.Sig)); err != nil {
		t.Fatalf("cancel: %v", err)
	}
	ca, err := wire.SignCancelAll(k, 3, 0, 1<<32-1, 123)
	if err != nil {
		t.Fatal(err)
	}
	eca := engine.CancelAll{Account: 3, Market: 0, UpTo: 1<<32 - 1, Nonce: 123}
	if err := state.VerifySignature(d, pk, eca.Message(), sign.Signature(ca.Sig)); err != nil {
		t.Fatalf("cancel-all: %v", err)
	}
	coll := wire.Units{QuoteDecimals: 6}
	w, err := wire.SignWithdraw(k, coll, 3, "250.50", 4)
	if err != nil {
		t.Fatal(err)
	}
	sw := state.Withdraw{Account: 3, Amount: 250_500_000, Nonce: 4}
	if w.Amount != "250.5" {
		t.Fatalf("amount %q", w.Amount)
	}
	if err := state.VerifySignature(d, pk, sw.Message(), sign.Signature(w.Sig)); err != nil {
		t.Fatalf("withdraw: %v", err)
	}
	m, err := wire.SignMargin(k, coll, 3, 0, true, "10", 5)
	if err != nil {
		t.Fatal(err)
	}
	sm := state.PositionMargin{Account: 3, Market: 0, ToPosition: true, Amount: 10_000_000, Nonce: 5}
	if err := state.VerifySignature(d, pk, sm.Message(), sign.Signature(m.Sig)); err != nil {
		t.Fatalf("margin: %v", err)
	}
	// another deployment refuses them
	other := d
	other.ChainID++
	if err := state.VerifySignature(other, pk, p.Order.Message(), p.Order.Sig); !errors.Is(err, state.ErrBadSignature) {
		t.Fatalf("order verified in another deployment: %v", err)
	}
}

// A wallet's personal_sign signature (v = 27/28) gives the key DeriveL2Key gives for the wallet's key.
func TestDeriveFromWalletSignature(t *testing.T) {
	eth, k, d := key(t)
	sig, err := crypto.Sign(accounts.TextHash([]byte(sign.KeyDerivationMessage(d))), eth)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []byte{0, 27} {
		s := append([]byte(nil), sig...)
		s[64] += v
		w, err := sign.DeriveL2KeyFromSignature(s, d)
		if err != nil {
			t.Fatal(err)
		}
		if w.Public() != k.Public() || w.Domain() != d {
			t.Fatalf("v+%d: another key", v)
		}
	}
	if _, err := sign.DeriveL2KeyFromSignature(sig[:64], d); !errors.Is(err, sign.ErrBadDerivationSignature) {
		t.Fatalf("short signature: %v", err)
	}
	bad := append([]byte(nil), sig...)
	bad[64] = 5
	if _, err := sign.DeriveL2KeyFromSignature(bad, d); !errors.Is(err, sign.ErrBadDerivationSignature) {
		t.Fatalf("v=5: %v", err)
	}
}

func TestParseOrderErrors(t *testing.T) {
	u := wire.UnitsOf(btc)
	base := wire.OrderRequest{Side: "sell", Price: "60000", Size: "0.01"}
	for _, c := range []struct {
		mut    func(r *wire.OrderRequest)
		reason string
	}{
		{func(r *wire.OrderRequest) { r.Side = "long" }, "bad_side"},
		{func(r *wire.OrderRequest) { r.Price = "1e3" }, "bad_decimal"},
		{func(r *wire.OrderRequest) { r.Price = " 60000" }, "bad_decimal"},
		{func(r *wire.OrderRequest) { r.Price = ".5" }, "bad_decimal"},
		{func(r *wire.OrderRequest) { r.Price = "60000.001" }, "off_step"},
		{func(r *wire.OrderRequest) { r.Size = "0.00001" }, "below_min_size"},
		{func(r *wire.OrderRequest) { r.Size = "99999999999999999999999" }, "out_of_range"},
		{func(r *wire.OrderRequest) { r.Type = "stop" }, "bad_type"},
		{func(r *wire.OrderRequest) { r.TIF = "forever" }, "bad_tif"},
		{func(r *wire.OrderRequest) { r.Trigger = "x" }, "bad_trigger"},
		{func(r *wire.OrderRequest) { r.Peg = "mid" }, "bad_peg"},
		{func(r *wire.OrderRequest) { r.Peg, r.PegOffset = "mark", "-1e2" }, "bad_decimal"},
		{func(r *wire.OrderRequest) { r.STP = "none" }, "bad_stp"},
	} {
		r := base
		c.mut(&r)
		_, err := wire.ParseOrder(u, &r)
		var ae *wire.APIError
		if !errors.As(err, &ae) || ae.Code != wire.CodeInvalidParams || ae.Reason != c.reason {
			t.Errorf("%+v: got %v, want %s", r, err, c.reason)
		}
	}
	r := base
	r.Type, r.Peg, r.PegOffset = "pegged", "best_ask", "-0.5"
	p, err := wire.ParseOrder(u, &r)
	if err != nil || p.Type != wire.TypePegged || p.Peg != wire.PegBestAsk || p.PegOffset != -50 {
		t.Fatalf("pegged: %+v %v", p, err)
	}
	r = base
	r.Type = "market"
	if p, err = wire.ParseOrder(u, &r); err != nil || p.TIF != wire.TIFIOC {
		t.Fatalf("market: %+v %v", p, err)
	}
}

func TestDecimalRoundTrip(t *testing.T) {
	u := wire.UnitsOf(btc)
	for _, s := range []string{"0", "1", "60000.5", "0.1"} {
		v, err := u.Price(s)
		if err != nil || u.FmtPrice(v) != s {
			t.Fatalf("%s: %d %q %v", s, v, u.FmtPrice(v), err)
		}
	}
}

package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/zkperp/zkperp/sequencer/node"
	"github.com/zkperp/zkperp/state/sign"
	"github.com/zkperp/zkperp/web"
	"github.com/zkperp/zkperp/wire"
)

// buildSigner builds the WebAssembly signer into a temporary directory (web.BuildSigner: what the devnet does at
// startup).
func buildSigner(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: building the WebAssembly signer takes up to a minute")
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := web.BuildSigner(ctx, dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestHandler(t *testing.T) {
	dir := buildSigner(t)
	h, err := web.Handler(web.Options{WS: "ws://127.0.0.1:1/", SignerDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "api") })
	srv := httptest.NewServer(node.WithPage(api, h))
	defer srv.Close()
	get := func(path string) (*http.Response, string) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	if resp, body := get("/"); resp.StatusCode != 200 || !strings.Contains(body, "zkperp") ||
		!strings.Contains(resp.Header.Get("Content-Security-Policy"), "wasm-unsafe-eval") {
		t.Fatalf("/: %d %q", resp.StatusCode, body[:min(len(body), 80)])
	}
	if resp, body := get("/config.json"); resp.StatusCode != 200 || !strings.Contains(body, `"ws":"ws://127.0.0.1:1/"`) {
		t.Fatalf("/config.json: %d %s", resp.StatusCode, body)
	}
	if resp, _ := get("/signer.wasm"); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/wasm" {
		t.Fatalf("/signer.wasm: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, p := range []string{"/app.js", "/style.css", "/wasm_exec.js"} {
		if resp, _ := get(p); resp.StatusCode != 200 {
			t.Fatalf("%s: %d", p, resp.StatusCode)
		}
	}
	resp, err := http.Post(srv.URL+"/", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "api" {
		t.Fatalf("POST went to %q, want the API", b)
	}
	if _, err := web.Handler(web.Options{SignerDir: t.TempDir()}); err == nil {
		t.Fatal("a signer dir without the signer was accepted")
	}
}

// The WebAssembly signer signs exactly what the Go SDK signs: the same requests, byte for byte (EdDSA signatures
// are deterministic), run under Node.js (skipped without it; the browser tests run it in Chromium).
func TestWasmSignerMatchesGo(t *testing.T) {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node (Node.js) on PATH to run the WebAssembly signer")
	}
	dir := buildSigner(t)
	const ethHex = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
	d := sign.Domain{ChainID: 1337, Rollup: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}
	m := wire.MarketInfo{ID: 1, Name: "ETH-USD", SizeDecimals: 3, QuoteDecimals: 6, MakerFee: 100, TakerFee: 400}
	order := wire.OrderRequest{Account: 4, ID: 1234567, Market: 1, Side: "sell", Price: "3000.5", Size: "1.5",
		Type: "limit", TIF: "GTT", Expiry: 1900000000, PostOnly: true, STP: "expire_maker"}
	mj, _ := json.Marshal(m)
	oj, _ := json.Marshal(order)
	script := `
const fs = require("fs");
require(process.argv[2]);
const go = new Go();
globalThis.zkperpSignerReady = () => {
  const S = globalThis.zkperpSigner;
  const s = S.fromEthKey("` + ethHex + `", "1337", "` + d.Rollup.Hex() + `");
  const bad = s.signOrder(process.argv[4], JSON.stringify({...JSON.parse(process.argv[5]), price: "3000.5555"}));
  const out = {
    msg: S.keyDerivationMessage("1337", "` + d.Rollup.Hex() + `"),
    pub: s.publicKey, address: s.address,
    order: JSON.parse(s.signOrder(process.argv[4], process.argv[5])),
    amend: JSON.parse(s.signAmend(process.argv[4], process.argv[5], "1795621055670")),
    cancel: JSON.parse(s.signCancel(4, 1, 1234567)),
    cancelAll: JSON.parse(s.signCancelAll(4, 1, 4294967295, "1795621055671")),
    withdraw: JSON.parse(s.signWithdraw(6, 4, "250.5", 3)),
    margin: JSON.parse(s.signMargin(6, 4, 1, true, "100", 4)),
    bad: bad.error,
    wallet: S.fromSignature(process.argv[6], "1337", "` + d.Rollup.Hex() + `").publicKey,
    badWallet: S.fromSignature("0x1234", "1337", "` + d.Rollup.Hex() + `").error,
  };
  console.log(JSON.stringify(out));
  process.exit(0);
};
WebAssembly.instantiate(fs.readFileSync(process.argv[3]), go.importObject).then((r) => go.run(r.instance));
`
	// a wallet's personal_sign of the key-derivation message: v is 27 or 28
	eth, _ := crypto.HexToECDSA(ethHex)
	walletSig, err := crypto.Sign(accounts.TextHash([]byte(sign.KeyDerivationMessage(d))), eth)
	if err != nil {
		t.Fatal(err)
	}
	walletSig[64] += 27
	js := filepath.Join(t.TempDir(), "run.js")
	if err := os.WriteFile(js, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	raw, err := exec.CommandContext(ctx, nodeBin, js, filepath.Join(dir, web.WasmExecJS), filepath.Join(dir, web.SignerWasm),
		string(mj), string(oj), hexutil.Encode(walletSig)).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, raw)
	}
	var got struct {
		Msg       string
		Pub       struct{ X, Y string }
		Address   string
		Order     wire.OrderRequest
		Amend     wire.AmendRequest
		Cancel    wire.CancelRequest
		CancelAll wire.CancelAllRequest
		Withdraw  wire.WithdrawRequest
		Margin    wire.MarginRequest
		Bad       struct {
			Code   int
			Reason string
		}
		Wallet    struct{ X, Y string }
		BadWallet struct{ Message string }
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	k, err := sign.DeriveL2Key(eth, d)
	if err != nil {
		t.Fatal(err)
	}
	if got.Msg != sign.KeyDerivationMessage(d) || got.Address != crypto.PubkeyToAddress(eth.PublicKey).Hex() {
		t.Fatalf("message %q address %s", got.Msg, got.Address)
	}
	if pk := k.Public(); got.Pub.X != pk.X.String() || got.Pub.Y != pk.Y.String() ||
		got.Wallet.X != pk.X.String() || got.Wallet.Y != pk.Y.String() {
		t.Fatalf("public key %+v (from the wallet's signature %+v), want %s %s", got.Pub, got.Wallet, pk.X.String(), pk.Y.String())
	}
	if !strings.Contains(got.BadWallet.Message, "65 bytes") {
		t.Fatalf("short wallet signature: %q", got.BadWallet.Message)
	}
	want := order
	if err := wire.SignOrder(k, m, &want); err != nil {
		t.Fatal(err)
	}
	same := func(what string, a, b any) {
		t.Helper()
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if string(ja) != string(jb) {
			t.Fatalf("%s: wasm %s\ngo %s", what, ja, jb)
		}
	}
	same("order", got.Order, want)
	wa := order
	wantAmend, err := wire.SignAmend(k, m, &wa, 1795621055670)
	if err != nil {
		t.Fatal(err)
	}
	same("amend", got.Amend, wantAmend)
	wc, _ := wire.SignCancel(k, 4, 1, 1234567)
	same("cancel", got.Cancel, wc)
	wca, _ := wire.SignCancelAll(k, 4, 1, 4294967295, 1795621055671)
	same("cancel-all", got.CancelAll, wca)
	ww, _ := wire.SignWithdraw(k, wire.Units{QuoteDecimals: 6}, 4, "250.5", 3)
	same("withdraw", got.Withdraw, ww)
	wm, _ := wire.SignMargin(k, wire.Units{QuoteDecimals: 6}, 4, 1, true, "100", 4)
	same("margin", got.Margin, wm)
	if got.Bad.Code != wire.CodeInvalidParams || got.Bad.Reason != "off_step" {
		t.Fatalf("off-step price: %+v, want -32602 off_step", got.Bad)
	}
}

// Without a signer dir the handler serves the embedded signer (go generate ./web), or refuses to start without one.
func TestHandlerEmbedded(t *testing.T) {
	_, err := web.Handler(web.Options{})
	if web.EmbeddedSigner() != (err == nil) {
		t.Fatalf("embedded signer %v, Handler: %v", web.EmbeddedSigner(), err)
	}
	if err != nil && !errors.Is(err, web.ErrNoSigner) {
		t.Fatalf("Handler without a signer: %v, want ErrNoSigner", err)
	}
}

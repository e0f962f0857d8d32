package devnet

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/zkperp/zkperp/client/clienttest"
	"github.com/zkperp/zkperp/contracts/bindings"
)

// The faucet funds an address once a minute with ETH and test tokens; bad requests get a JSON error and change
// nothing.
func TestFaucet(t *testing.T) {
	env := clienttest.Start(t, clienttest.Config{})
	h, err := NewFaucetHandler(FaucetConfig{Backend: env.Sim.Client(), Key: env.Keys[8], ChainID: env.ChainID,
		Token: env.Dev.Token, Mine: env.Mine})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	post := func(body string) (int, []byte) {
		t.Helper()
		r, err := http.Post(srv.URL, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		var b bytes.Buffer
		_, _ = b.ReadFrom(r.Body)
		return r.StatusCode, b.Bytes()
	}
	to := crypto.PubkeyToAddress(DevAccountKey(99).PublicKey)
	for _, bad := range []string{"", "{", `{"address":"0x12"}`, `{"address":"` + strings.Repeat("a", 100) + `"}`} {
		code, body := post(bad)
		var fe FaucetError
		if code != http.StatusBadRequest || json.Unmarshal(body, &fe) != nil || fe.Error == "" {
			t.Fatalf("%q: HTTP %d %s", bad, code, body)
		}
	}
	if r, err := http.Get(srv.URL); err != nil || r.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET: %v %v", r, err)
	}
	code, body := post(`{"address":"` + to.Hex() + `"}`)
	var res FaucetResponse
	if code != http.StatusOK || json.Unmarshal(body, &res) != nil || res.Address != to.Hex() {
		t.Fatalf("grant: HTTP %d %s", code, body)
	}
	ctx := context.Background()
	bal, err := env.Sim.Client().BalanceAt(ctx, to, nil)
	if err != nil || bal.Cmp(ether(FaucetETH)) != 0 {
		t.Fatalf("ETH balance %v %v", bal, err)
	}
	tok := bindings.NewTestToken()
	raw, err := env.Sim.Client().CallContract(ctx, callMsg(env.Dev.Token, tok.PackBalanceOf(to)), nil)
	if err != nil {
		t.Fatal(err)
	}
	tb, err := tok.UnpackBalanceOf(raw)
	if err != nil || tb.Cmp(new(big.Int).Mul(big.NewInt(FaucetTokens), big.NewInt(1_000_000))) != 0 {
		t.Fatalf("token balance %v %v", tb, err)
	}
	if code, body := post(`{"address":"` + to.Hex() + `"}`); code != http.StatusTooManyRequests {
		t.Fatalf("second grant within a minute: HTTP %d %s", code, body)
	}
	// Dev account keys are deterministic and distinct.
	if crypto.PubkeyToAddress(DevAccountKey(0).PublicKey) != crypto.PubkeyToAddress(DevAccountKey(0).PublicKey) ||
		DevAccountKey(0).D.Cmp(DevAccountKey(1).D) == 0 || FaucetKey().D.Cmp(DevAccountKey(0).D) == 0 {
		t.Fatal("dev keys")
	}
}

func callMsg(to common.Address, data []byte) ethereum.CallMsg {
	return ethereum.CallMsg{To: &to, Data: data}
}

// The dev accounts are printed with their keys and get their test tokens minted (each with its own key).
func TestDevAccounts(t *testing.T) {
	env := clienttest.Start(t, clienttest.Config{})
	h, err := NewFaucetHandler(FaucetConfig{Backend: env.Sim.Client(), Key: env.Keys[8], ChainID: env.ChainID,
		Token: env.Dev.Token, Mine: env.Mine})
	if err != nil {
		t.Fatal(err)
	}
	keys := []*ecdsa.PrivateKey{DevAccountKey(0), DevAccountKey(1)}
	for _, k := range keys { // the genesis alloc's ETH, here from the faucet (with its tokens)
		req := httptest.NewRequest(http.MethodPost, FaucetPath, strings.NewReader(`{"address":"`+
			crypto.PubkeyToAddress(k.PublicKey).Hex()+`"}`))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			t.Fatalf("fund: %d %s", w.Code, w.Body)
		}
	}
	var out bytes.Buffer
	d := &Run{log: slog.New(slog.DiscardHandler), out: &out, start: time.Now(), l1: env.Sim.Client(), chain: env.Dev}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	d.printDevAccounts(ctx, keys, &out)
	for i, k := range keys {
		line := fmt.Sprintf("(%d) %s  key 0x%x", i, crypto.PubkeyToAddress(k.PublicKey).Hex(), crypto.FromECDSA(k))
		if !strings.Contains(out.String(), line) {
			t.Fatalf("no %q in\n%s", line, out.String())
		}
	}
	tok := bindings.NewTestToken()
	want := new(big.Int).Mul(big.NewInt(FaucetTokens+DevAccountTokens), big.NewInt(1_000_000))
	if err := clienttest.WaitFor(15*time.Second, func() (bool, error) {
		for _, k := range keys {
			raw, err := env.Sim.Client().CallContract(ctx, callMsg(env.Dev.Token, tok.PackBalanceOf(crypto.PubkeyToAddress(k.PublicKey))), nil)
			if err != nil {
				return false, err
			}
			if b, err := tok.UnpackBalanceOf(raw); err != nil || b.Cmp(want) != 0 {
				return false, err
			}
		}
		return true, nil
	}); err != nil {
		t.Fatalf("dev account tokens: %v", err)
	}
}

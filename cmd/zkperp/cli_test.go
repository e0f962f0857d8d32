package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/client/clienttest"
)

// cliEnv runs the CLI against a clienttest node; L1 "URLs" resolve to the simulated chain.
type cliEnv struct {
	t    *testing.T
	env  *clienttest.Env
	d    cliDeps
	vars map[string]string
}

func newCLIEnv(t *testing.T) *cliEnv {
	env := clienttest.Start(t, clienttest.Config{})
	e := &cliEnv{t: t, env: env, vars: map[string]string{}}
	e.d = cliDeps{
		dialL1: func(ctx context.Context, url string) (cliL1Backend, func(), error) {
			return env.Sim.Client(), func() {}, nil
		},
		mine:   env.Mine,
		getenv: func(k string) (string, bool) { v, ok := e.vars[k]; return v, ok },
	}
	return e
}

func (e *cliEnv) run(args ...string) (string, error) {
	e.t.Helper()
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, c := range e.d.commands() {
		if c.name == args[0] {
			err := c.run(ctx, args[1:], &out, slog.New(slog.DiscardHandler))
			return out.String(), err
		}
	}
	e.t.Fatalf("no command %s", args[0])
	return "", nil
}

func (e *cliEnv) must(args ...string) string {
	e.t.Helper()
	s, err := e.run(args...)
	if err != nil {
		e.t.Fatalf("%v: %v\n%s", args, err, s)
	}
	return s
}

func TestCLI(t *testing.T) {
	e := newCLIEnv(t)
	alice := "0x" + hex.EncodeToString(crypto.FromECDSA(e.env.Keys[1]))
	bob := "0x" + hex.EncodeToString(crypto.FromECDSA(e.env.Keys[2]))
	rollup := e.env.Dev.Rollup.Hex()
	// Common settings from the environment, like a shell would.
	e.vars["ZKPERP_NODE"] = e.env.HTTPURL
	e.vars["ZKPERP_WS"] = e.env.WSURL
	e.vars["ZKPERP_L1"] = "sim://"

	// keys new / keys
	out := e.must("keys", "new", "--json")
	var k keysOut
	if err := json.Unmarshal([]byte(out), &k); err != nil || k.EthKey == "" || k.L2PubX == "" {
		t.Fatalf("keys new: %s %v", out, err)
	}
	out = e.must("keys", "--eth-key", k.EthKey)
	if !strings.Contains(out, k.Address) || !strings.Contains(out, k.L2PubY) {
		t.Fatalf("keys: %s", out)
	}
	if _, err := e.run("keys"); err == nil {
		t.Fatal("keys without a key")
	}

	// deposit (with the env var for the key), then the node credits it.
	for _, key := range []string{alice, bob} {
		e.vars["ZKPERP_ETH_KEY"] = key
		out = e.must("deposit", "--rollup", rollup, "--amount", "5000.5", "--mint")
		if !strings.Contains(out, "deposited 5000.5") {
			t.Fatalf("deposit: %s", out)
		}
	}
	out = e.must("keys", "--eth-key", alice, "--rollup", rollup)
	if !strings.Contains(out, "account     1") {
		t.Fatalf("keys with account: %s", out)
	}
	if err := clienttest.WaitFor(10*time.Second, func() (bool, error) {
		s, err := e.run("positions", "--account", "2", "--json")
		return strings.Contains(s, `"free": "5000.5"`), err
	}); err != nil {
		t.Fatal(err)
	}

	// orders: alice rests an ask (moving margin first), bob lifts part of it.
	out = e.must("order", "--eth-key", alice, "--market", "BTC-USD", "--side", "sell", "--price", "60000",
		"--size", "0.01", "--margin", "1000", "--post-only")
	if !strings.Contains(out, "placed: order") || !strings.Contains(out, "placed") {
		t.Fatalf("order: %s", out)
	}
	out = e.must("book", "--market", "0", "--json")
	var b struct {
		Asks []struct{ Price, Size string }
	}
	if err := json.Unmarshal([]byte(out), &b); err != nil || len(b.Asks) != 1 || b.Asks[0].Price != "60000" {
		t.Fatalf("book: %s", out)
	}
	if out = e.must("book", "--market", "BTC-USD"); !strings.Contains(out, "ask   60000") {
		t.Fatalf("book table: %s", out)
	}

	// watch in the background while bob trades.
	watchOut := make(chan string, 1)
	go func() {
		s, err := e.run("watch", "--market", "0", "--book=false", "--batches=false", "--account", "1", "--count", "2")
		if err != nil {
			s += "\nerror: " + err.Error()
		}
		watchOut <- s
	}()
	time.Sleep(300 * time.Millisecond) // let the subscriptions start
	e.must("margin", "--eth-key", bob, "--market", "BTC-USD", "--amount", "1000", "--to-position")
	out = e.must("order", "--eth-key", bob, "--market", "0", "--side", "buy", "--type", "market", "--size", "0.004",
		"--json")
	var ack struct {
		ID     uint32
		Events []struct{ Kind string }
	}
	if err := json.Unmarshal([]byte(out), &ack); err != nil || ack.ID == 0 || len(ack.Events) == 0 {
		t.Fatalf("market order: %s %v", out, err)
	}
	select {
	case s := <-watchOut:
		if strings.Count(s, "fill 0.004@60000") != 2 || !strings.Contains(s, "trade") || !strings.Contains(s, "account") {
			t.Fatalf("watch: %s", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("watch printed nothing")
	}
	out = e.must("positions", "--eth-key", bob)
	if !strings.Contains(out, "BTC-USD") || !strings.Contains(out, "0.004") {
		t.Fatalf("positions: %s", out)
	}
	out = e.must("orders", "--eth-key", alice, "--json")
	var ov []struct {
		ID     uint64
		Filled string
	}
	if err := json.Unmarshal([]byte(out), &ov); err != nil || len(ov) != 1 || ov[0].Filled != "0.004" {
		t.Fatalf("orders: %s %v", out, err)
	}
	e.must("cancel", "--eth-key", alice, "--market", "0", "--id", jsonNum(ov[0].ID))
	if out = e.must("orders", "--eth-key", alice); strings.Contains(out, "sell") {
		t.Fatalf("orders after cancel: %s", out)
	}
	e.must("order", "--eth-key", alice, "--market", "0", "--side", "buy", "--price", "59000", "--size", "0.001")
	e.must("cancel", "--eth-key", alice, "--market", "0", "--all")

	// withdraw, then claim: not claimable until the batch is verified (no prover runs here).
	out = e.must("withdraw", "--eth-key", alice, "--amount", "10")
	if !strings.Contains(out, "withdrawal queued") {
		t.Fatalf("withdraw: %s", out)
	}
	if out = e.must("claim", "--eth-key", alice, "--rollup", rollup); !strings.Contains(out, "nothing to claim") {
		t.Fatalf("claim: %s", out)
	}

	// Typed errors come through.
	_, err := e.run("order", "--eth-key", alice, "--market", "0", "--side", "buy", "--price", "59000.05", "--size", "0.001")
	if client.Code(err) != client.CodeOrderRejected {
		t.Fatalf("off-tick order: %v", err)
	}
	if _, err := e.run("order", "--eth-key", alice, "--market", "DOGE", "--side", "buy", "--price", "1", "--size", "1"); err == nil {
		t.Fatal("unknown market accepted")
	}
	if _, err := e.run("margin", "--eth-key", alice, "--market", "0", "--amount", "1"); err == nil {
		t.Fatal("margin without a direction")
	}
	if out = e.must("status"); !strings.Contains(out, "deposits 2") {
		t.Fatalf("status: %s", out)
	}
	if out = e.must("markets"); !strings.Contains(out, "ETH-USD") {
		t.Fatalf("markets: %s", out)
	}
	if _, err := e.run("book", "--nope"); err == nil {
		t.Fatal("unknown flag accepted")
	}
}

func jsonNum(v uint64) string { b, _ := json.Marshal(v); return string(b) }

func TestCLIEnvNames(t *testing.T) {
	if got := cliEnvName("eth-key"); got != "ZKPERP_ETH_KEY" {
		t.Fatal(got)
	}
	names := map[string]bool{}
	for _, c := range commands() {
		if names[c.name] {
			t.Fatalf("duplicate command %s", c.name)
		}
		names[c.name] = true
	}
	for _, c := range cliCommands() {
		if !names[c.name] {
			t.Fatalf("trader command %s not registered", c.name)
		}
	}
}

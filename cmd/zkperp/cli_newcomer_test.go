package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/client/clienttest"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/internal/devnet"
	"github.com/zkperp/zkperp/sequencer/node"
)

// The newcomer's paths of issue 14: each test follows README's quick start on a clienttest node (simulated L1).

// newcomerEnv is a cliEnv with ZKPERP_NODE/WS/L1 set, as the README's export line does (no ZKPERP_ROLLUP: the
// CLI asks the node).
func newcomerEnv(t *testing.T) *cliEnv {
	e := newCLIEnv(t)
	e.vars["ZKPERP_NODE"] = e.env.HTTPURL
	e.vars["ZKPERP_WS"] = e.env.WSURL
	e.vars["ZKPERP_L1"] = "sim://"
	return e
}

func hexKey(e *cliEnv, i int) string {
	return "0x" + hex.EncodeToString(crypto.FromECDSA(e.env.Keys[i]))
}

// deposit deposits with --mint without --rollup and waits until the node credits it; it returns the account.
func (e *cliEnv) depositFor(key, amount string) string {
	e.t.Helper()
	out := e.must("deposit", "--eth-key", key, "--amount", amount, "--mint")
	m := regexp.MustCompile(`to account (\d+)`).FindStringSubmatch(out)
	if m == nil {
		e.t.Fatalf("deposit: %s", out)
	}
	if err := clienttest.WaitFor(10*time.Second, func() (bool, error) {
		s, err := e.run("positions", "--account", m[1], "--json")
		return strings.Contains(s, `"free": "`+amount+`"`), err
	}); err != nil {
		e.t.Fatal(err)
	}
	return m[1]
}

// txIndex returns the first "tx N" an ack printed.
func txIndex(t *testing.T, out string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^tx (\d+) `).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no tx index in %q", out)
	}
	return m[1]
}

// deposit and claim take the rollup from the node (perp_status) like the trading commands; amounts print in token
// units.
func TestCLIDepositClaimRollupFromNode(t *testing.T) {
	e := newcomerEnv(t)
	alice := hexKey(e, 1)
	out := e.must("deposit", "--eth-key", alice, "--amount", "250.5", "--mint")
	if !strings.Contains(out, "deposited 250.5 (250500000 quantums) to account 1") {
		t.Fatalf("deposit without --rollup: %s", out)
	}
	out = e.must("claim", "--eth-key", alice)
	if !strings.Contains(out, "nothing to claim") {
		t.Fatalf("claim without --rollup: %s", out)
	}
	// Without a node to ask and without --rollup: a clear error, nothing sent.
	if _, err := e.run("deposit", "--eth-key", alice, "--amount", "1", "--node", ""); err == nil ||
		!strings.Contains(err.Error(), "--rollup is required") {
		t.Fatalf("deposit without node and rollup: %v", err)
	}
	if got := fmtTokens(big.NewInt(100_000_000), 6); got != "100" {
		t.Fatalf("fmtTokens: %s", got)
	}
	if got := fmtTokens(big.NewInt(1_500_001), 6); got != "1.500001" {
		t.Fatalf("fmtTokens: %s", got)
	}
}

// A first order without position margin says what to do: isolated margin, --margin, zkperp margin.
func TestCLIOrderMarginHint(t *testing.T) {
	e := newcomerEnv(t)
	alice := hexKey(e, 1)
	e.depositFor(alice, "1000")
	_, err := e.run("order", "--eth-key", alice, "--market", "BTC-USD", "--side", "buy", "--price", "60000", "--size", "0.01")
	if client.Code(err) != client.CodeInsufficientMargin {
		t.Fatalf("order without margin: %v", err)
	}
	for _, want := range []string{"isolated margin", "zkperp margin --market BTC-USD", "--margin"} {
		if !strings.Contains(err.Error(), want) {
			t.Fatalf("order without margin: no %q in %v", want, err)
		}
	}
	// With --margin the same order rests.
	out := e.must("order", "--eth-key", alice, "--market", "BTC-USD", "--side", "buy", "--price", "60000", "--size",
		"0.01", "--margin", "100")
	if !strings.Contains(out, "posted") || !strings.Contains(out, "rests in the book: no L2 tx until it fills") {
		t.Fatalf("order: %s", out)
	}
}

// zkperp tx follows a tx to its batch; zkperp amend re-prices a resting order; watch --tx names the batch.
func TestCLITxAmendWatch(t *testing.T) {
	e := newcomerEnv(t)
	alice, bob := hexKey(e, 1), hexKey(e, 2)
	e.depositFor(alice, "5000")
	e.depositFor(bob, "5000")
	out := e.must("order", "--eth-key", alice, "--market", "0", "--side", "sell", "--price", "60000", "--size", "0.01",
		"--margin", "1000", "--post-only", "--json")
	var placed struct{ ID uint32 }
	if err := json.Unmarshal([]byte(out), &placed); err != nil || placed.ID == 0 {
		t.Fatalf("order: %s %v", out, err)
	}
	id := jsonNum(uint64(placed.ID))

	// amend: the price moves, the id stays.
	out = e.must("amend", "--eth-key", alice, "--market", "BTC-USD", "--id", id, "--price", "60100")
	if !strings.Contains(out, "amended: order "+id) {
		t.Fatalf("amend: %s", out)
	}
	if out = e.must("book", "--market", "0"); !strings.Contains(out, "60100") || strings.Contains(out, "ask   60000 ") {
		t.Fatalf("book after amend: %s", out)
	}
	if _, err := e.run("amend", "--eth-key", alice, "--market", "0", "--id", "123"); !errors.Is(err, ErrUsage) {
		t.Fatalf("amend without price or size: %v", err)
	}
	if _, err := e.run("amend", "--eth-key", alice, "--market", "0", "--id", "123", "--size", "0.001"); !errors.Is(err, ErrOrderNotLive) {
		t.Fatalf("amend of an unknown order: %v", err)
	}

	// bob's fill: a tx; zkperp tx shows it and, once sealed (2 s), its batch.
	e.must("margin", "--eth-key", bob, "--market", "0", "--amount", "1000", "--to-position")
	out = e.must("order", "--eth-key", bob, "--market", "0", "--side", "buy", "--type", "market", "--size", "0.004")
	idx := txIndex(t, out)
	if !strings.Contains(out, "zkperp tx "+idx+" --follow") {
		t.Fatalf("order output does not say how to follow the tx: %s", out)
	}
	out = e.must("tx", idx)
	if !strings.Contains(out, "tx "+idx+" fill: ") {
		t.Fatalf("tx: %s", out)
	}
	// --follow: no prover runs here, so it stops at --timeout, having printed the sealed batch.
	out, err := e.run("tx", idx, "--follow", "--timeout", "5s")
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(out, "sealed in batch") ||
		!strings.Contains(out, "waiting for a prover") {
		t.Fatalf("tx --follow: %v\n%s", err, out)
	}
	var ts struct {
		Tx    node.TxStatus
		Batch *node.BatchStatus
	}
	out = e.must("tx", idx, "--json")
	if err := json.Unmarshal([]byte(out), &ts); err != nil || ts.Batch == nil || ts.Tx.Batch != ts.Batch.Number {
		t.Fatalf("tx --json: %s %v", out, err)
	}
	if _, err := e.run("tx", "abc"); !errors.Is(err, ErrUsage) {
		t.Fatalf("tx abc: %v", err)
	}
	if _, err := e.run("tx", "999999"); client.Code(err) != client.CodeNotFound {
		t.Fatalf("unknown tx: %v", err)
	}

	// watch --batches --tx: the batches sealed so far come in order (none is verified: no prover), the tx's is
	// marked.
	b := ts.Batch.Number
	out = e.must("watch", "--book=false", "--trades=false", "--events=false", "--tx", idx, "--count", jsonNum(b))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if uint64(len(lines)) != b {
		t.Fatalf("watch: %d lines for %d batches:\n%s", len(lines), b, out)
	}
	for i, l := range lines {
		n := uint64(i + 1)
		if !strings.Contains(l, " batch "+jsonNum(n)+" sealed") || strings.Contains(l, "<- holds tx") != (n == b) {
			t.Fatalf("watch line %d: %q\n%s", i, l, out)
		}
	}
}

// The batch feed's bursts (every batch, in map order, on the first tick) come out in batch order, once per stage,
// without the batches verified before the watch.
func TestCLIWatchBatchesInOrder(t *testing.T) {
	o := newBatchOrderer(2)
	in := make(chan node.BatchStatus, 16)
	for _, n := range []uint64{8, 11, 12, 1, 2, 3, 9, 10, 4, 5, 6, 7} {
		st := node.StageSealed
		if n <= 2 {
			st = node.StageVerified
		}
		in <- node.BatchStatus{Number: n, Stage: st}
	}
	var got []uint64
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	done := make(chan struct{})
	go func() {
		orderBatches(ctx, in, o, 50*time.Millisecond, nil, func(b node.BatchStatus) bool { got = append(got, b.Number); return true })
		close(done)
	}()
	time.Sleep(200 * time.Millisecond)
	in <- node.BatchStatus{Number: 3, Stage: node.StageSealed} // a repeat: not shown again
	in <- node.BatchStatus{Number: 3, Stage: node.StageProven}
	close(in)
	<-done
	want := []uint64{3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 3}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	// The backlog read at the start comes first, in order; the feed's first tick repeats it: not shown again.
	in2 := make(chan node.BatchStatus, 4)
	in2 <- node.BatchStatus{Number: 4, Stage: node.StageSealed}
	in2 <- node.BatchStatus{Number: 3, Stage: node.StageSealed}
	in2 <- node.BatchStatus{Number: 4, Stage: node.StageProven}
	close(in2)
	got = nil
	orderBatches(ctx, in2, newBatchOrderer(2), 50*time.Millisecond,
		[]node.BatchStatus{{Number: 4, Stage: node.StageSealed}, {Number: 3, Stage: node.StageSealed}},
		func(b node.BatchStatus) bool { got = append(got, b.Number*10+uint64(stageRank[b.Stage])); return true })
	if len(got) != 3 || got[0] != 31 || got[1] != 41 || got[2] != 42 {
		t.Fatalf("backlog then feed: %v", got)
	}
}

// keys --rollup without --l1 cannot look the account up: an error that says so, not a silent omission.
func TestCLIKeysRollupNeedsL1(t *testing.T) {
	e := newCLIEnv(t)
	e.vars["ZKPERP_NODE"] = e.env.HTTPURL
	_, err := e.run("keys", "--eth-key", hexKey(e, 1), "--rollup", e.env.Dev.Rollup.Hex())
	if !errors.Is(err, ErrNoL1) {
		t.Fatalf("keys --rollup without --l1: %v", err)
	}
	out := e.must("keys", "--eth-key", hexKey(e, 1), "--rollup", e.env.Dev.Rollup.Hex(), "--l1", "sim://")
	if !strings.Contains(out, "account     none yet") {
		t.Fatalf("keys with --l1: %s", out)
	}
	// --l1 alone: the rollup is the node's.
	out = e.must("keys", "--eth-key", hexKey(e, 1), "--l1", "sim://")
	if !strings.Contains(out, "account     none yet") {
		t.Fatalf("keys --l1 without --rollup: %s", out)
	}
}

// A deposit without tokens suggests --mint (no Go type dump); one without ETH suggests the faucet; the faucet
// funds a fresh key, which can then deposit: the newcomer's path.
func TestCLINewKeyFaucetDeposit(t *testing.T) {
	e := newcomerEnv(t)
	alice := hexKey(e, 1)
	_, err := e.run("deposit", "--eth-key", alice, "--amount", "100")
	if !errors.Is(err, ErrNoTokens) || !strings.Contains(err.Error(), "--mint") || strings.Contains(err.Error(), "bindings") {
		t.Fatalf("deposit without tokens: %v", err)
	}
	// A revert comes back in words, not as a Go type dump.
	_, err = e.run("deposit", "--eth-key", alice, "--amount", "0", "--mint")
	if !errors.Is(err, ErrL1Refused) || !strings.Contains(err.Error(), "the amount is zero") ||
		strings.Contains(err.Error(), "bindings") {
		t.Fatalf("deposit of 0: %v", err)
	}
	if out := e.must("keys", "new"); !strings.Contains(out, "zkperp faucet --to 0x") {
		t.Fatalf("keys new does not say where to get ETH: %s", out)
	}
	out := e.must("keys", "new", "--json")
	var k keysOut
	if err := json.Unmarshal([]byte(out), &k); err != nil {
		t.Fatal(err)
	}
	_, err = e.run("deposit", "--eth-key", k.EthKey, "--amount", "100", "--mint")
	if !errors.Is(err, ErrNoGas) || !strings.Contains(err.Error(), "zkperp faucet --to "+k.Address) {
		t.Fatalf("deposit without ETH: %v", err)
	}
	h, err := devnet.NewFaucetHandler(devnet.FaucetConfig{Backend: e.env.Sim.Client(), Key: e.env.Keys[8],
		ChainID: e.env.ChainID, Token: e.env.Dev.Token, Mine: e.env.Mine})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	out = e.must("faucet", "--faucet", srv.URL, "--to", k.Address)
	if !strings.Contains(out, "sent 10 ETH") || !strings.Contains(out, k.Address) {
		t.Fatalf("faucet: %s", out)
	}
	if _, err := e.run("faucet", "--faucet", srv.URL, "--to", k.Address); !errors.Is(err, ErrFaucet) {
		t.Fatalf("second faucet request within a minute: %v", err)
	}
	if _, err := e.run("faucet", "--faucet", srv.URL, "--to", "0x12"); err == nil {
		t.Fatal("faucet to a bad address")
	}
	// The faucet's tokens suffice: no --mint.
	out = e.must("deposit", "--eth-key", k.EthKey, "--amount", "100")
	if !strings.Contains(out, "deposited 100 (100000000 quantums)") {
		t.Fatalf("deposit after the faucet: %s", out)
	}
}

// status prints the root in 0x-hex, as verify does.
func TestCLIStatusHexRoot(t *testing.T) {
	e := newcomerEnv(t)
	out := e.must("status")
	if !regexp.MustCompile(`(?m)^root 0x[0-9a-f]{64}$`).MatchString(out) {
		t.Fatalf("status root: %s", out)
	}
	out = e.must("status", "--json")
	if !regexp.MustCompile(`"root": "0x[0-9a-f]{64}"`).MatchString(out) {
		t.Fatalf("status --json root: %s", out)
	}
}

// -h prints the usage and succeeds; trader commands log only warnings unless -v.
func TestCLIHelpAndQuietLogs(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"help"}, {"book", "-h"}, {"tx", "--help"}, {"deposit", "-h"}, {"-v", "keys", "-h"}, {"devnet", "-h"}, {"amend", "-h"}, {"faucet", "-h"}} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, &out, &errOut); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if !strings.Contains(out.String(), "usage") && !strings.Contains(out.String(), "-") {
			t.Fatalf("%v: no usage: %q", args, out.String())
		}
	}
	if err := run(context.Background(), []string{"nope"}, &bytes.Buffer{}, &bytes.Buffer{}); err == nil {
		t.Fatal("unknown command accepted")
	}
	if a, v := stripVerbose([]string{"order", "-v", "--size", "1"}); !v || strings.Join(a, " ") != "order --size 1" {
		t.Fatalf("stripVerbose: %v %v", a, v)
	}
	// A deposit through the command's logger: the client's info line stays off stderr, and off stdout.
	e := newcomerEnv(t)
	var out, errOut bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := e.d.deposit(ctx, []string{"--eth-key", hexKey(e, 1), "--amount", "10", "--mint"}, &out,
		commandLogger("deposit", false, &errOut)); err != nil {
		t.Fatal(err)
	}
	if errOut.Len() != 0 || strings.Contains(out.String(), "level=") {
		t.Fatalf("log lines in a quiet command: stderr %q stdout %q", errOut.String(), out.String())
	}
	if err := e.d.deposit(ctx, []string{"--eth-key", hexKey(e, 1), "--amount", "10", "--mint"}, &out,
		commandLogger("deposit", true, &errOut)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "deposited on L1") {
		t.Fatalf("-v: no log: %q", errOut.String())
	}
	if l := commandLogger("devnet", false, &errOut); !l.Enabled(ctx, 0) {
		t.Fatal("the devnet logs at info")
	}
}

// The devnet console gets warnings and errors only (the full log goes to <datadir>/devnet.log; --verbose: all).
func TestDevnetConsoleWarnOnly(t *testing.T) {
	var console, file bytes.Buffer
	log := slog.New(slog.NewMultiHandler(slog.NewTextHandler(&file, nil),
		warnOnly{slog.NewTextHandler(&console, nil)}))
	log.Info("batch sealed", "batch", 1)
	log.With("c", "x").Warn("oracle update failed")
	if strings.Contains(console.String(), "batch sealed") || !strings.Contains(console.String(), "oracle update failed") ||
		!strings.Contains(file.String(), "batch sealed") || !strings.Contains(file.String(), "oracle update failed") {
		t.Fatalf("console %q file %q", console.String(), file.String())
	}
}

// revertErr is an RPC error carrying revert data, as eth_estimateGas returns it.
type revertErr struct{ data []byte }

func (e revertErr) Error() string  { return "execution reverted" }
func (e revertErr) ErrorData() any { return e.data }

// Rollup reverts come back in words and token units, the original error still wrapped.
func TestCLIDescribeRevert(t *testing.T) {
	arg := func(v uint64) []byte { return common.LeftPadBytes(new(big.Int).SetUint64(v).Bytes(), 32) }
	tooSmall := append(append(bindings.RollupDepositTooSmallErrorID().Bytes()[:4:4], arg(500_000)...), arg(1_000_000)...)
	err := describeRevert(fmt.Errorf("client: deposit: %w", revertErr{tooSmall}), "deposit", 6)
	if !errors.Is(err, ErrL1Refused) || !errors.As(err, new(revertErr)) ||
		err.Error() != "refused on L1: deposit 0.5 is below the rollup's minimum deposit of 1" {
		t.Fatalf("DepositTooSmall: %v", err)
	}
	err = describeRevert(revertErr{bindings.RollupNothingToClaimErrorID().Bytes()[:4]}, "claim", 6)
	if !errors.Is(err, ErrL1Refused) || err.Error() != "refused on L1: claim: the rollup reverted with NothingToClaim" {
		t.Fatalf("NothingToClaim: %v", err)
	}
	if other := errors.New("dial tcp: refused"); describeRevert(other, "claim", 6) != other {
		t.Fatal("a non-revert error changed")
	}
}

//go:build unix

package e2e

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/zkperp/zkperp/circuits/dummy"
	"github.com/zkperp/zkperp/client/clienttest"
	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/internal/devnet"
	"github.com/zkperp/zkperp/internal/drill"
	"github.com/zkperp/zkperp/internal/l1verify"
	"github.com/zkperp/zkperp/state"
)

// TestGethExodusDrill is the exodus drill once against a real `geth --dev` (1 s blocks), through the zkperp
// binary: the devnet contracts with the dummy verifier, a forced delay of 5 blocks (the minimum) and a 60 s claim
// window (the minimum) are deployed over JSON-RPC; the traders deposit with `zkperp deposit`; the test plays the
// sequencer (real state, batches proven with the dummy circuit: drill.Trade) leaving winning, losing and bankrupt
// positions, free collateral, a credited withdrawal and a fee pool; frank deposits and the sequencer stops;
// `zkperp exodus activate` is refused until the deadline block, then activates; every account registers with
// `zkperp exit` and the sequencer with `zkperp exit --fees`; after the window (geth's own block times) every claim
// is paid with `zkperp exit --payout`, frank's deposit comes back with `--refund`, erin's withdrawal with
// `zkperp claim`; the contract ends holding only the dust (< the number of claims).
func TestGethExodusDrill(t *testing.T) {
	if testing.Short() {
		t.Skip("geth --dev: skipped in -short")
	}
	needTime(t, 6*time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	gethBin := findGeth(t, ctx)
	zkperp := buildZkperp(t, ctx)
	url := startGeth(t, ctx, gethBin)
	ec, err := ethclient.DialContext(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer ec.Close()
	chainID, err := ec.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()

	users := []string{"sequencer", "alice", "bob", "carol", "dave", "erin", "frank"}
	keys := map[string]*ecdsa.PrivateKey{}
	for _, u := range users {
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		keys[u] = k
	}
	fundFromDev(t, ctx, ec, keys)
	addr := func(u string) common.Address { return crypto.PubkeyToAddress(keys[u].PublicKey) }
	hexKey := func(u string) string { return "0x" + hex.EncodeToString(crypto.FromECDSA(keys[u])) }

	gen := clienttest.Genesis()
	gen.Config = devnet.StateConfig
	root, err := gen.Root()
	if err != nil {
		t.Fatal(err)
	}
	seq := &contracts.Sender{Backend: ec, Opts: bind.NewKeyedTransactor(keys["sequencer"], chainID)}
	dev, err := contracts.DeployDevnet(ctx, seq, contracts.DevnetConfig{Sequencer: addr("sequencer"),
		GenesisRoot: root.BigInt(new(big.Int)), AccountDepth: uint8(gen.Config.AccountDepth),
		PositionDepth: uint8(gen.Config.PositionDepth), Slots: dummy.TestSlots, ForcedDelay: 5, DelayInBlocks: true,
		ClaimWindow: 60})
	if err != nil {
		t.Fatalf("deploy on geth: %v", err)
	}
	genFile := filepath.Join(t.TempDir(), "genesis.json")
	if b, err := json.Marshal(gen); err != nil {
		t.Fatal(err)
	} else if err := os.WriteFile(genFile, b, 0o644); err != nil {
		t.Fatal(err)
	}
	rollup := dev.Rollup.Hex()
	t.Logf("%s: devnet contracts on geth, rollup %s", time.Since(start).Round(time.Second), rollup)

	// cli runs the zkperp binary with u's key against geth.
	cli := func(u string, args ...string) (string, error) {
		args = append(args, "--eth-key", hexKey(u), "--l1", url, "--rollup", rollup)
		cmd := exec.CommandContext(ctx, zkperp, args...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return string(out) + stderr.String(), err
		}
		return string(out), nil
	}
	mustJSON := func(v any, u string, args ...string) {
		t.Helper()
		out, err := cli(u, append(args, "--json")...)
		if err != nil || json.Unmarshal([]byte(out), v) != nil {
			t.Fatalf("zkperp %v as %s: %v\n%s", args, u, err, out)
		}
	}
	type exitRes struct {
		Account uint32
		Claim   string
		Paid    string
		GasUsed uint64
	}
	exit := func(u string, extra ...string) exitRes {
		t.Helper()
		var r exitRes
		mustJSON(&r, u, append([]string{"exit", "--genesis", genFile}, extra...)...)
		return r
	}
	deposit := func(u, amount string) (uint32, uint64) {
		t.Helper()
		var r struct {
			Account  uint32
			Quantums uint64
		}
		mustJSON(&r, u, "deposit", "--amount", amount, "--mint")
		return r.Account, r.Quantums
	}
	tok := bindings.NewTestToken()
	balance := func(a common.Address) *big.Int {
		return drill.Call(t, ctx, dev.TokenC, tok.PackBalanceOf(a), tok.UnpackBalanceOf)
	}

	// The traders deposit through the CLI; the test seals the drill's three batches.
	acct, q := map[string]uint32{}, map[string]uint64{}
	for _, d := range drill.Traders {
		acct[d[0]], q[d[0]] = deposit(d[0], d[1])
	}
	b := drill.New(t, ctx, ec, seq, dev, gen, chainID.Uint64())
	l2 := func(u string) *state.PrivateKey {
		k, err := state.DeriveL2Key(keys[u], b.Domain)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	debt := b.Trade(acct, q, l2)
	t.Logf("%s: 3 batches verified on geth; bob's equity %s", time.Since(start).Round(time.Second), debt)

	// The sequencer stops: frank's deposit is never served. Activation is refused until its deadline block.
	acct["frank"], q["frank"] = deposit("frank", "1")
	if out, err := cli("erin", "exodus", "activate"); err == nil ||
		!strings.Contains(out, "not past its deadline") || !strings.Contains(out, "more blocks") {
		t.Fatalf("activation before the deadline: %v\n%s", err, out)
	} else {
		t.Logf("before the deadline: %s", strings.TrimSpace(out))
	}
	var act struct {
		QueueIndex     uint64
		ClaimWindowEnd uint64
		Block          uint64
	}
	waitFor(t, ctx, "exodus activated", func() bool {
		out, err := cli("erin", "exodus", "activate", "--json")
		if err != nil {
			if !strings.Contains(out, "not past its deadline") {
				t.Fatalf("zkperp exodus activate: %v\n%s", err, out)
			}
			return false
		}
		if err := json.Unmarshal([]byte(out), &act); err != nil {
			t.Fatal(err)
		}
		return true
	})
	t.Logf("%s: exodus activated in block %d (queue entry %d); the window ends at unix %d",
		time.Since(start).Round(time.Second), act.Block, act.QueueIndex, act.ClaimWindowEnd)

	// Registration in the window.
	claims := map[string]*big.Int{}
	for _, u := range append(drill.Traders[:0:0], drill.Traders...) {
		r := exit(u[0])
		claims[u[0]], _ = new(big.Int).SetString(r.Claim, 10)
		t.Logf("register %s (account %d): claim %s, gas %d", u[0], r.Account, r.Claim, r.GasUsed)
	}
	r := exit("frank")
	claims["frank"], _ = new(big.Int).SetString(r.Claim, 10)
	fees := exit("sequencer", "--fees")
	claims["fees"], _ = new(big.Int).SetString(fees.Claim, 10)
	t.Logf("register the fee claim: %s, gas %d", fees.Claim, fees.GasUsed)
	if claims["fees"].Sign() == 0 || claims["frank"].Sign() != 0 {
		t.Fatalf("claims %v", claims)
	}
	if out, err := cli("alice", "exit", "--payout"); err == nil || !strings.Contains(out, "claim window is still open") {
		t.Fatalf("payout in the window: %v\n%s", err, out)
	}

	// The window passes on geth's clock (a block every second, stamped with the wall clock).
	wctx, wcancel := context.WithTimeout(ctx, 2*time.Minute)
	defer wcancel()
	waitFor(t, wctx, "a block after the claim window", func() bool {
		h, err := ec.HeaderByNumber(wctx, nil)
		return err == nil && h.Time > act.ClaimWindowEnd
	})
	t.Logf("%s: the claim window is over", time.Since(start).Round(time.Second))

	pool, err := l1verify.PoolNow(ctx, ec, dev.Rollup)
	if err != nil {
		t.Fatal(err)
	}
	total := new(big.Int)
	for _, c := range claims {
		total.Add(total, c)
	}
	t.Logf("pool %s, total claims %s (bad debt %s shared pro rata)", pool, total, new(big.Int).Neg(debt))
	if pool.Cmp(total) >= 0 {
		t.Fatalf("the bankruptcy should leave the pool (%s) short of the claims (%s)", pool, total)
	}
	paid := new(big.Int)
	for _, u := range []string{"alice", "bob", "carol", "dave", "erin"} { // bob: his free collateral only
		before := balance(addr(u))
		r := exit("sequencer", "--payout", "--account", jsonU(acct[u])) // anyone may pay out
		got := new(big.Int).Sub(balance(addr(u)), before)
		want := new(big.Int).Div(new(big.Int).Mul(claims[u], pool), total)
		if got.Cmp(want) != 0 || r.Paid != got.String() {
			t.Fatalf("%s: paid %s (reported %s), want %s", u, got, r.Paid, want)
		}
		paid.Add(paid, got)
		t.Logf("payout %s: %s of claim %s, gas %d", u, got, claims[u], r.GasUsed)
	}
	if out, err := cli("frank", "exit", "--payout"); err == nil || !strings.Contains(out, "nothing to pay") {
		t.Fatalf("payout of frank's 0 claim (his deposit was never served): %v\n%s", err, out)
	}
	before := balance(addr("sequencer"))
	fp := exit("erin", "--payout", "--fees")
	got := new(big.Int).Sub(balance(addr("sequencer")), before)
	if want := new(big.Int).Div(new(big.Int).Mul(claims["fees"], pool), total); got.Cmp(want) != 0 {
		t.Fatalf("fee payout %s, want %s", got, want)
	}
	paid.Add(paid, got)
	t.Logf("payout the fee claim: %s of %s, gas %d", got, claims["fees"], fp.GasUsed)

	before = balance(addr("frank"))
	if out, err := cli("frank", "exit", "--refund"); err != nil {
		t.Fatalf("refund: %v\n%s", err, out)
	}
	if d := new(big.Int).Sub(balance(addr("frank")), before); d.Uint64() != q["frank"] {
		t.Fatalf("frank refunded %s, want %d", d, q["frank"])
	}
	if out, err := cli("erin", "claim"); err != nil || !strings.Contains(out, "(100000 quantums)") { // token units, quantums in parentheses
		t.Fatalf("erin's claim: %v\n%s", err, out)
	}
	dust := new(big.Int).Sub(pool, paid)
	left := balance(dev.Rollup)
	t.Logf("%s: paid %s of pool %s: dust %s; the contract holds %s", time.Since(start).Round(time.Second), paid, pool,
		dust, left)
	if dust.Sign() < 0 || dust.Cmp(big.NewInt(int64(len(claims)))) >= 0 || left.Cmp(dust) != 0 {
		t.Fatalf("dust %s (claims %d), contract balance %s", dust, len(claims), left)
	}
}

func jsonU(v uint32) string { b, _ := json.Marshal(v); return string(b) }

// buildZkperp builds the zkperp binary into a temporary directory.
func buildZkperp(t *testing.T, ctx context.Context) string {
	bin := filepath.Join(t.TempDir(), "zkperp")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/zkperp")
	cmd.Dir = repoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/zkperp: %v\n%s", err, out)
	}
	return bin
}

// fundFromDev sends 100 ether from geth's unlocked dev account to each key.
func fundFromDev(t *testing.T, ctx context.Context, ec *ethclient.Client, keys map[string]*ecdsa.PrivateKey) {
	var accts []common.Address
	if err := ec.Client().CallContext(ctx, &accts, "eth_accounts"); err != nil || len(accts) == 0 {
		t.Fatalf("geth has no unlocked dev account: %v", err)
	}
	// explicit nonces: geth's own pick for eth_sendTransaction can repeat one while a dev block is sealed
	// ("replacement transaction underpriced")
	nonce, err := ec.PendingNonceAt(ctx, accts[0])
	if err != nil {
		t.Fatalf("fund: nonce: %v", err)
	}
	var hashes []common.Hash
	for _, k := range keys {
		var h common.Hash
		tx := map[string]any{"from": accts[0], "to": crypto.PubkeyToAddress(k.PublicKey),
			"value": "0x" + new(big.Int).Mul(big.NewInt(100), big.NewInt(1e18)).Text(16),
			"nonce": fmt.Sprintf("0x%x", nonce)}
		nonce++
		if err := ec.Client().CallContext(ctx, &h, "eth_sendTransaction", tx); err != nil {
			t.Fatalf("fund: %v", err)
		}
		hashes = append(hashes, h)
	}
	for _, h := range hashes {
		if _, err := bind.WaitMined(ctx, ec, h); err != nil {
			t.Fatalf("fund: %v", err)
		}
	}
}

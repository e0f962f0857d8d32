package main

import (
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"

	"github.com/zkperp/zkperp/client/clienttest"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/internal/devnet"
	"github.com/zkperp/zkperp/internal/drill"
	"github.com/zkperp/zkperp/internal/l1verify"
)

// TestExodusDrill is the whole exodus drill through the CLI on the simulated L1 with the devnet contracts (dummy
// verifier, devnet tree depths 10/2) and a real state: alice (long, winning) and bob (short, bankrupt once the mark
// moves: equity < 0, with an empty insurance fund) trade against each other, carol (long, winning) against dave
// (short, losing but solvent), erin holds free collateral and a credited, unwithdrawn withdrawal; fills pay fees
// into the fee pool. The sequencer stops with frank's deposit unserved; the delay passes; `zkperp exodus activate`;
// every account registers with `zkperp exit` and the sequencer registers the fee claim (`--fees`); the window
// passes; `zkperp exit --payout` pays every claim and `--payout --fees` the fee claim; frank's deposit comes back
// with `--refund`, erin's withdrawal with `zkperp claim`. No transaction reverts; Σ payouts + dust == pool with
// dust < number of claims, and the contract ends holding only the dust. It logs the gas of each registration and
// payout (docs/verifier.md quotes them).
func TestExodusDrill(t *testing.T) {
	gen := clienttest.Genesis()
	gen.Config = devnet.StateConfig
	e := newExodusEnvWith(t, gen)
	acct := map[string]uint32{}
	q := map[string]uint64{}
	for _, d := range drill.Traders {
		acct[d[0]], q[d[0]] = e.deposit(d[0], d[1]) // queued in this order: the batch applies them in it
	}
	// Batches 1–3 (internal/drill, shared with e2e.TestGethExodusDrill): a fresh mark, deposits, margins, two fills
	// at 6,000,000, erin's withdrawal; then the mark moves up 500,000: bob's short is bankrupt.
	b := e.b
	debt := b.Trade(acct, q, e.l2)

	// The sequencer stops: frank's deposit is never served. The delay (5 blocks) passes; exodus.
	acct["frank"], q["frank"] = e.deposit("frank", "1")
	if _, err := e.activate("erin"); !errors.Is(err, ErrDeadlineNotReached) ||
		!strings.Contains(err.Error(), "a deposit of 1 (1000000 quantums)") { // token units, quantums in parentheses
		t.Fatalf("activation before the deadline: %v", err)
	}
	for range 6 {
		e.sim.Commit()
	}
	if out, err := e.activate("erin"); err != nil { // anyone may activate
		t.Fatalf("zkperp exodus activate: %v\n%s", err, out)
	}

	// Registration in the window, all through the CLI.
	users := []string{"alice", "bob", "carol", "dave", "erin", "frank"}
	claims := map[string]*big.Int{}
	for _, u := range users {
		res := e.exitJSON(u)
		claims[u], _ = new(big.Int).SetString(res.Claim, 10)
		t.Logf("register %s (account %d): claim %s, gas %d", u, res.Account, res.Claim, res.GasUsed)
	}
	fees := e.exitJSON("sequencer", "--fees")
	claims["fees"], _ = new(big.Int).SetString(fees.Claim, 10)
	t.Logf("register the fee claim: %s, gas %d", fees.Claim, fees.GasUsed)
	if claims["fees"].Sign() == 0 || claims["frank"].Sign() != 0 {
		t.Fatalf("claims %v", claims)
	}
	// the verifier's report agrees, and announces the payout once the window is over
	v, err := l1verify.New(l1verify.Config{Rollup: e.dev.Rollup, Genesis: e.gen}, e.sim.Client(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if _, err := v.Run(e.ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e.exit("alice", "--payout"); !errors.Is(err, ErrClaimWindowOpen) {
		t.Fatalf("payout in the window: %v", err)
	}

	e.passWindow()
	pool, err := l1verify.PoolNow(e.ctx, e.sim.Client(), e.dev.Rollup)
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
	for _, u := range users {
		if claims[u].Sign() == 0 {
			if _, err := e.exit(u, "--payout"); !errors.Is(err, ErrNothingToPay) {
				t.Fatalf("payout of %s's empty claim: %v", u, err)
			}
			continue
		}
		rep, err := v.Exodus(e.ctx, acct[u])
		if err != nil {
			t.Fatal(err)
		}
		before := e.balance(u)
		res := e.exitJSON("sequencer", "--payout", "--account", jsonNum(uint64(acct[u]))) // anyone may pay out
		got := new(big.Int).Sub(e.balance(u), before)
		want := new(big.Int).Div(new(big.Int).Mul(claims[u], pool), total)
		if got.Cmp(want) != 0 || res.Paid != got.String() || rep.Payout != got.String() || !rep.Final {
			t.Fatalf("%s: paid %s (reported %s, verify announced %s), want %s", u, got, res.Paid, rep.Payout, want)
		}
		paid.Add(paid, got)
		t.Logf("payout %s: %s of claim %s, gas %d", u, got, claims[u], res.GasUsed)
	}
	before := e.balance("sequencer")
	fp := e.exitJSON("erin", "--payout", "--fees")
	got := new(big.Int).Sub(e.balance("sequencer"), before)
	if want := new(big.Int).Div(new(big.Int).Mul(claims["fees"], pool), total); got.Cmp(want) != 0 {
		t.Fatalf("fee payout %s, want %s", got, want)
	}
	paid.Add(paid, got)
	t.Logf("payout the fee claim: %s of %s, gas %d", got, claims["fees"], fp.GasUsed)

	// refunds and the credited withdrawal
	before = e.balance("frank")
	if out, err := e.exit("frank", "--refund"); err != nil {
		t.Fatalf("refund: %v\n%s", err, out)
	}
	if d := new(big.Int).Sub(e.balance("frank"), before); d.Uint64() != q["frank"] {
		t.Fatalf("frank refunded %s, want %d", d, q["frank"])
	}
	if out, err := e.run("claim", "--eth-key", e.ethKey("erin"), "--l1", "sim://", "--rollup",
		e.dev.Rollup.Hex()); err != nil || !strings.Contains(out, "claimed 0.1 (100000 quantums)") {
		t.Fatalf("erin's claim (token units, quantums in parentheses): %v\n%s", err, out)
	}

	dust := new(big.Int).Sub(pool, paid)
	left := e.contractBalance()
	t.Logf("paid %s of pool %s: dust %s; contract holds %s", paid, pool, dust, left)
	if dust.Sign() < 0 || dust.Cmp(big.NewInt(int64(len(claims)))) >= 0 || left.Cmp(dust) != 0 {
		t.Fatalf("dust %s (claims %d), contract balance %s", dust, len(claims), left)
	}
}

// exitJSON runs `zkperp exit --json` with u's key and fails the test on an error.
func (e *exodusEnv) exitJSON(u string, extra ...string) exitResult {
	e.t.Helper()
	out, err := e.exit(u, append(extra, "--json")...)
	var res exitResult
	if err != nil || json.Unmarshal([]byte(out), &res) != nil {
		e.t.Fatalf("zkperp exit %v as %s: %v\n%s", extra, u, err, out)
	}
	return res
}

func (e *exodusEnv) contractBalance() *big.Int {
	tok := bindings.NewTestToken()
	v, err := bind.Call(e.dev.TokenC, &bind.CallOpts{Context: e.ctx}, tok.PackBalanceOf(e.dev.Rollup), tok.UnpackBalanceOf)
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

package main

import (
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"

	"github.com/zkperp/zkperp/client/clienttest"
	"github.com/zkperp/zkperp/state"
)

// l1cmd runs an L1-only command with u's key against the simulated chain.
func (e *exodusEnv) l1cmd(name, u string, extra ...string) (string, error) {
	return e.run(append([]string{name, "--eth-key", e.ethKey(u), "--l1", "sim://", "--rollup", e.dev.Rollup.Hex()},
		extra...)...)
}

// activate runs `zkperp exodus activate` with u's key.
func (e *exodusEnv) activate(u string, extra ...string) (string, error) {
	return e.run(append([]string{"exodus", "activate", "--eth-key", e.ethKey(u), "--l1", "sim://", "--rollup",
		e.dev.Rollup.Hex()}, extra...)...)
}

func (e *exodusEnv) ethBalance(u string) *big.Int {
	b, err := e.sim.Client().BalanceAt(e.ctx, e.addr(u), nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// The escape-hatch commands: `zkperp forced-close --market M` and `zkperp forced-exit` queue their requests paying
// the forcedRequestFee (escrowed, refunded by `zkperp exit --refund` in exodus), a second request of the same kind
// is ErrForcedPending; `zkperp exodus activate` explains ErrNoPendingPriorityOp and ErrDeadlineNotReached (with
// the blocks left), activates once the head entry is past its deadline, and then refuses with ErrExodusActive, as
// do the forced requests.
func TestForcedAndActivateCommands(t *testing.T) {
	fee := big.NewInt(1e15)
	e := newExodusEnvFee(t, clienttest.Genesis(), fee)
	if _, err := e.activate("bob"); !errors.Is(err, ErrNoPendingPriorityOp) {
		t.Fatalf("activate with an empty queue: %v", err)
	}
	if _, err := e.run("exodus", "deactivate"); err == nil {
		t.Fatal("exodus deactivate accepted")
	}
	alice, qa := e.deposit("alice", "2")
	e.apply(state.Deposit{Account: alice, PubKey: e.l2("alice").Public(), Amount: qa})
	e.seal(1)
	if _, err := e.activate("bob"); !errors.Is(err, ErrNoPendingPriorityOp) {
		t.Fatalf("activate with every entry served: %v", err)
	}
	if _, err := e.l1cmd("forced-close", "carol", "--market", "0"); !errors.Is(err, ErrNoAccount) {
		t.Fatalf("forced close without an account: %v", err)
	}
	if _, err := e.l1cmd("forced-close", "alice", "--market", "BTC"); err == nil ||
		!strings.Contains(err.Error(), "market id") {
		t.Fatalf("forced close --market BTC: %v", err)
	}
	if _, err := e.l1cmd("forced-close", "alice", "--market", "4"); err == nil ||
		!strings.Contains(err.Error(), "market 4 does not exist") {
		t.Fatalf("forced close of market 4 (position depth 2): %v", err)
	}

	before := e.ethBalance("alice")
	out, err := e.l1cmd("forced-close", "alice", "--market", "1", "--json")
	var fc forcedResult
	if err != nil || json.Unmarshal([]byte(out), &fc) != nil {
		t.Fatalf("forced close: %v\n%s", err, out)
	}
	if fc.Account != alice || fc.Market == nil || *fc.Market != 1 || fc.Fee != fee.String() || !fc.InBlocks ||
		fc.Deadline <= fc.Block {
		t.Fatalf("forced close result %+v", fc)
	}
	if spent := new(big.Int).Sub(before, e.ethBalance("alice")); spent.Cmp(fee) < 0 {
		t.Fatalf("alice spent %s wei, less than the fee %s", spent, fee)
	}
	if _, err := e.l1cmd("forced-close", "alice", "--market", "1"); !errors.Is(err, ErrForcedPending) {
		t.Fatalf("second forced close: %v", err)
	}
	out, err = e.l1cmd("forced-exit", "alice")
	if err != nil || !strings.Contains(out, "forced exit") || !strings.Contains(out, "fee "+fee.String()+" wei") ||
		!strings.Contains(out, "zkperp exodus activate") {
		t.Fatalf("forced exit: %v\n%s", err, out)
	}
	t.Logf("forced-exit: %s", out)
	if _, err := e.l1cmd("forced-exit", "alice"); !errors.Is(err, ErrForcedPending) {
		t.Fatalf("second forced exit: %v", err)
	}

	// The head entry (the forced close) is not past its deadline: the refusal says when.
	_, err = e.activate("bob")
	if !errors.Is(err, ErrDeadlineNotReached) || !strings.Contains(err.Error(), "queue index 1 (a forced request") ||
		!strings.Contains(err.Error(), "more blocks") {
		t.Fatalf("activate before the deadline: %v", err)
	}
	t.Logf("before the deadline: %v", err)
	for range 6 {
		e.sim.Commit()
	}
	out, err = e.activate("bob")
	if err != nil || !strings.Contains(out, "exodus activated") || !strings.Contains(out, "queue entry 1") ||
		!strings.Contains(out, "frozen at batch 1") {
		t.Fatalf("activate: %v\n%s", err, out)
	}
	t.Logf("activate: %s", out)
	if ex, err := bind.Call(e.dev.RollupC, &bind.CallOpts{Context: e.ctx}, e.rollup.PackExodus(),
		e.rollup.UnpackExodus); err != nil || !ex {
		t.Fatalf("exodus() = %v, %v", ex, err)
	}
	if _, err := e.activate("bob"); !errors.Is(err, ErrExodusActive) {
		t.Fatalf("second activation: %v", err)
	}
	if _, err := e.l1cmd("forced-exit", "bob"); err == nil {
		t.Fatal("forced exit in exodus accepted")
	}
	if _, err := e.l1cmd("forced-close", "alice", "--market", "0"); !errors.Is(err, ErrExodusActive) {
		t.Fatalf("forced close in exodus: %v", err)
	}
	// Both fees come back with --refund.
	before = e.ethBalance("alice")
	out, err = e.exit("alice", "--refund", "--json")
	var rf exitResult
	if err != nil || json.Unmarshal([]byte(out), &rf) != nil || len(rf.Refunded) != 2 {
		t.Fatalf("refund: %v\n%s", err, out)
	}
	if got := new(big.Int).Sub(e.ethBalance("alice"), before); got.Sign() <= 0 {
		t.Fatalf("alice's ether after the refund of two fees changed by %s", got)
	}
}

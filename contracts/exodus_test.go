package contracts

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/core/types"
)

// exodusSetup brings the chain to: alice (account 1) long 10 @ 50,000 and bob (account 2) short 10 @ 50,000 in
// market 1, both verified in batch 1; mark 51,000, funding index 5; then bob queues an extra deposit that no
// batch consumes. Returns the model (the verified state).
func exodusSetup(t *testing.T, e *env) {
	t.Helper()
	e.fund("alice", aliceDeposit)
	e.fund("bob", aliceDeposit+777)
	e.must(e.deposit("alice", aliceDeposit))
	e.must(e.deposit("bob", aliceDeposit))
	e.model.markets[1] = market{params: new(big.Int).Add(new(big.Int).Lsh(big.NewInt(100_000), 48), big.NewInt(1)), mark: 51_000, fund: 5, oi: 10,
		funds: big.NewInt(0)}
	alice := e.aliceAccount(800_000, 0)
	alice.positions[1] = position{size: 10, collateral: 200_000, entry: 500_000}
	pb := e.pks["bob"]
	bob := &account{pkX: pb[0], pkY: pb[1], free: 800_000, positions: map[uint8]position{
		1: {size: -10, collateral: 200_000, entry: 500_000},
	}}
	e.model.accounts[1], e.model.accounts[2] = alice, bob
	e.proveAndSubmit(e.model.root(), e.pad(pdDeposit(1, aliceDeposit), pdDeposit(2, aliceDeposit)))
	e.must(e.deposit("bob", 777)) // queued, never batched
}

func TestForcedWithdrawalExodusExit(t *testing.T) {
	e := newEnv(t, testConfig())
	r, rc := e.rollup, e.dev.RollupC
	exodusSetup(t, e)

	_, err := e.send("alice", rc, r.PackExit(e.model.exitProof(1)))
	e.expectRevert(err, "NotInExodus")
	_, err = e.send("deployer", rc, r.PackRequestForcedWithdrawal())
	e.expectRevert(err, "UnknownAccount")
	rec := e.must(e.send("alice", rc, r.PackRequestForcedWithdrawal()))
	t.Logf("requestForcedWithdrawal: %d gas", rec.GasUsed)
	_, err = e.send("alice", rc, r.PackRequestForcedWithdrawal())
	e.expectRevert(err, "ForcedWithdrawalPending")
	_, err = e.send("bob", rc, r.PackActivateExodus(1))
	e.expectRevert(err, "DeadlineNotReached")
	_, err = e.send("bob", rc, r.PackActivateExodus(2))
	e.expectRevert(err, "NoForcedWithdrawal")

	// The sequencer ignores the request past the deadline (10 blocks after the request's block).
	for range 11 {
		e.sim.Commit()
	}
	rec = e.must(e.send("bob", rc, r.PackActivateExodus(1)))
	t.Logf("activateExodus: %d gas", rec.GasUsed)
	_, err = e.submit("sequencer", e.model.root(), e.pad(), nil)
	e.expectRevert(err, "ExodusActive")
	_, err = e.deposit("alice", 1)
	e.expectRevert(err, "ExodusActive")

	// Wrong proofs fail.
	bad := e.model.exitProof(1)
	bad.Free++
	_, err = e.send("alice", rc, r.PackExit(bad))
	e.expectRevert(err, "RootMismatch")
	bad = e.model.exitProof(1)
	bad.Positions[1] = new(big.Int).Add(bad.Positions[1], big.NewInt(1<<49)) // +1 collateral
	_, err = e.send("alice", rc, r.PackExit(bad))
	e.expectRevert(err, "RootMismatch")
	bad = e.model.exitProof(1)
	bad.AccountSiblings[0] = big.NewInt(3)
	_, err = e.send("alice", rc, r.PackExit(bad))
	e.expectRevert(err, "RootMismatch")
	bad = e.model.exitProof(1)
	bad.Account = 2 // alice's leaf at bob's index
	_, err = e.send("alice", rc, r.PackExit(bad))
	e.expectRevert(err, "RootMismatch")
	bad = e.model.exitProof(1)
	bad.Positions = bad.Positions[:2]
	_, err = e.send("alice", rc, r.PackExit(bad))
	e.expectRevert(err, "BadLength")

	// alice: 800,000 free + equity 200,000 + 10·(51,000−50,000) − 10·5 = 1,009,950.
	aliceBefore := e.balance("alice")
	rec = e.must(e.send("bob", rc, r.PackExit(e.model.exitProof(1)))) // anyone may trigger; pays the owner
	t.Logf("exit (account depth 4, position depth 2): %d gas", rec.GasUsed)
	if got := new(big.Int).Sub(e.balance("alice"), aliceBefore).Int64(); got != 1_009_950 {
		t.Fatalf("alice exit paid %d", got)
	}
	_, err = e.send("alice", rc, r.PackExit(e.model.exitProof(1)))
	e.expectRevert(err, "AlreadyExited")

	// bob: 800,000 + 200,000 − 10,000 + 50 = 990,050; plus the refund of his unbatched deposit.
	bobBefore := e.balance("bob")
	e.must(e.send("bob", rc, r.PackExit(e.model.exitProof(2))))
	_, err = e.send("bob", rc, r.PackRefundDeposit(1)) // consumed by batch 1
	e.expectRevert(err, "NotRefundable")
	e.must(e.send("alice", rc, r.PackRefundDeposit(2)))
	_, err = e.send("bob", rc, r.PackRefundDeposit(2))
	e.expectRevert(err, "NotRefundable")
	if got := new(big.Int).Sub(e.balance("bob"), bobBefore).Int64(); got != 990_050+777 {
		t.Fatalf("bob exit + refund paid %d", got)
	}
	if got := call(e, e.dev.TokenC, e.token.PackBalanceOf(e.dev.Rollup), e.token.UnpackBalanceOf); got.Sign() != 0 {
		t.Fatalf("rollup keeps %s after all exits", got)
	}
}

func TestForcedWithdrawalServed(t *testing.T) {
	e := newEnv(t, testConfig())
	r, rc := e.rollup, e.dev.RollupC
	e.fund("alice", aliceDeposit)
	e.must(e.deposit("alice", aliceDeposit))
	e.model.accounts[1] = e.aliceAccount(aliceDeposit, 0)
	e.proveAndSubmit(e.model.root(), e.pad(pdDeposit(1, aliceDeposit)))
	e.must(e.send("alice", rc, r.PackRequestForcedWithdrawal()))

	e.model.accounts[1] = e.aliceAccount(0, 1)
	rec := e.proveAndSubmit(e.model.root(), e.pad(pdWithdraw(1, aliceDeposit)))
	if !hasLog(rec, r.GetABI().Events["ForcedWithdrawalServed"].ID) {
		t.Fatal("no ForcedWithdrawalServed event")
	}
	for range 11 {
		e.sim.Commit()
	}
	_, err := e.send("bob", rc, r.PackActivateExodus(1))
	e.expectRevert(err, "NoForcedWithdrawal")
	e.must(e.send("alice", rc, r.PackWithdraw()))
	if got := e.balance("alice").Int64(); got != aliceDeposit {
		t.Fatalf("alice balance %d", got)
	}
}

func hasLog(r *types.Receipt, topic [32]byte) bool {
	for _, l := range r.Logs {
		if len(l.Topics) > 0 && l.Topics[0] == topic {
			return true
		}
	}
	return false
}

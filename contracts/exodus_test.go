package contracts

import (
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core/types"

	"github.com/zkperp/zkperp/contracts/bindings"
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

// An unconsumed priority-queue entry (here bob's deposit) older than the delay lets anyone activate exodus; then
// exits register claims from the last verified root during the claim window, unconsumed deposits are refunded
// (forced exits have nothing to refund), and after the window each claim is paid (here in full: the pool covers
// the claims exactly).
func TestForcedWithdrawalExodusExit(t *testing.T) {
	e := newEnv(t, testConfig())
	r, rc := e.rollup, e.dev.RollupC
	exodusSetup(t, e)

	_, err := e.send("alice", rc, r.PackExit(e.model.exitProof(1)))
	e.expectRevert(err, "NotInExodus")
	_, err = e.send("deployer", rc, r.PackRequestForcedWithdrawal(e.pks["alice"][0], e.pks["alice"][1]))
	e.expectRevert(err, "UnknownAccount")
	_, err = e.send("alice", rc, r.PackRequestForcedWithdrawal(e.pks["bob"][0], e.pks["bob"][1]))
	e.expectRevert(err, "KeyMismatch")
	rec := e.must(e.requestForced("alice"))
	t.Logf("requestForcedWithdrawal: %d gas", rec.GasUsed)
	_, err = e.requestForced("alice")
	e.expectRevert(err, "ForcedWithdrawalPending")
	_, err = e.send("bob", rc, r.PackActivateExodus())
	e.expectRevert(err, "DeadlineNotReached")

	// The sequencer ignores the queue past the deadline (10 blocks after bob's deposit, the oldest entry).
	for range 11 {
		e.sim.Commit()
	}
	rec = e.must(e.send("bob", rc, r.PackActivateExodus()))
	t.Logf("activateExodus: %d gas", rec.GasUsed)
	_, err = e.submit("sequencer", e.model.root(), e.now(), e.pad(), nil)
	e.expectRevert(err, "ExodusActive")
	_, err = e.deposit("alice", 1)
	e.expectRevert(err, "ExodusActive")
	_, err = e.requestForced("bob")
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

	// alice: 800,000 free + equity 200,000 + 10·(51,000−50,000) − 10·5 = 1,009,950, registered (not paid yet).
	aliceBefore := e.balance("alice")
	rec = e.must(e.send("bob", rc, r.PackExit(e.model.exitProof(1)))) // anyone may trigger; claims for the owner
	t.Logf("exit registration (account depth 4, position depth 2): %d gas", rec.GasUsed)
	if got := call(e, rc, r.PackExitClaim(1), r.UnpackExitClaim); got.Int64() != 1_009_950 {
		t.Fatalf("alice's claim %s", got)
	}
	if got := e.balance("alice"); got.Cmp(aliceBefore) != 0 {
		t.Fatal("exit paid during the claim window")
	}
	_, err = e.send("alice", rc, r.PackExit(e.model.exitProof(1)))
	e.expectRevert(err, "AlreadyExited")
	_, err = e.send("alice", rc, r.PackPayout(1))
	e.expectRevert(err, "ClaimWindowOpen")

	// bob: 800,000 + 200,000 − 10,000 + 50 = 990,050; plus the refund of his unbatched deposit.
	bobBefore := e.balance("bob")
	e.must(e.send("bob", rc, r.PackExit(e.model.exitProof(2))))
	if got := call(e, rc, r.PackTotalClaims(), r.UnpackTotalClaims); got.Int64() != 2_000_000 {
		t.Fatalf("total claims %s", got)
	}
	_, err = e.send("bob", rc, r.PackRefundDeposit(1)) // consumed by batch 1
	e.expectRevert(err, "NotRefundable")
	e.must(e.send("alice", rc, r.PackRefundDeposit(2)))
	_, err = e.send("bob", rc, r.PackRefundDeposit(2))
	e.expectRevert(err, "NotRefundable")
	_, err = e.send("alice", rc, r.PackRefundDeposit(3)) // alice's forced exit: nothing to refund
	e.expectRevert(err, "NotRefundable")

	// After the window: no more registrations; each claim is paid (pool 2,000,000 = the claims: paid in full).
	e.afterClaimWindow()
	_, err = e.send("alice", rc, r.PackExit(e.model.exitProof(1)))
	e.expectRevert(err, "ClaimWindowClosed")
	rec = e.must(e.send("bob", rc, r.PackPayout(1))) // anyone may trigger; pays the owner
	t.Logf("payout (first: fixes the pool): %d gas", rec.GasUsed)
	if got := new(big.Int).Sub(e.balance("alice"), aliceBefore).Int64(); got != 1_009_950 {
		t.Fatalf("alice exit paid %d", got)
	}
	_, err = e.send("alice", rc, r.PackPayout(1))
	e.expectRevert(err, "NothingToClaim")
	e.must(e.send("bob", rc, r.PackPayout(2)))
	if got := new(big.Int).Sub(e.balance("bob"), bobBefore).Int64(); got != 990_050+777 {
		t.Fatalf("bob exit + refund paid %d", got)
	}
	if got := call(e, e.dev.TokenC, e.token.PackBalanceOf(e.dev.Rollup), e.token.UnpackBalanceOf); got.Sign() != 0 {
		t.Fatalf("rollup keeps %s after all exits", got)
	}
}

// A forced exit is a priority-queue entry: the batch that consumes it credits the account's whole free collateral
// to its owner without an L2 signature, and a user cannot push a sequencer that keeps consuming the queue into
// exodus.
func TestForcedWithdrawalServed(t *testing.T) {
	e := newEnv(t, testConfig())
	r, rc := e.rollup, e.dev.RollupC
	pk := e.pks["alice"]
	e.fund("alice", aliceDeposit)
	e.must(e.deposit("alice", aliceDeposit))
	e.model.accounts[1] = e.aliceAccount(aliceDeposit, 0)
	e.proveAndSubmit(e.model.root(), e.pad(pdDeposit(1, aliceDeposit)))
	_, err := e.send("bob", rc, r.PackActivateExodus())
	e.expectRevert(err, "NoPendingPriorityOp")

	// The request enters the deposit queue: kind 1, amount 0, alice's key.
	q1 := depositStep(new(big.Int), 1, aliceDeposit, pk[0], pk[1])
	rec := e.must(e.requestForced("alice"))
	var queued *bindings.RollupDepositQueued
	for _, l := range rec.Logs {
		if ev, err := r.UnpackDepositQueuedEvent(l); err == nil {
			queued = ev
		}
	}
	q2 := forcedExitStep(q1, 1, pk[0], pk[1])
	if queued == nil || queued.Kind != 1 || queued.Amount != 0 || queued.QueueIndex != 1 || queued.Account != 1 ||
		queued.QueueHash.Cmp(q2) != 0 || queued.PkX.Cmp(pk[0]) != 0 || queued.PkY.Cmp(pk[1]) != 0 {
		t.Fatalf("DepositQueued of the forced exit: %+v", queued)
	}
	if got := call(e, rc, r.PackDepositHead(), r.UnpackDepositHead); got.Cmp(q2) != 0 {
		t.Fatal("deposit head is not the forced-exit step")
	}
	if d := call(e, rc, r.PackForcedDeadline(1), r.UnpackForcedDeadline); d == 0 {
		t.Fatal("no forced deadline recorded")
	}

	// A batch that does not consume it is fine before the deadline.
	e.proveAndSubmit(e.model.root(), e.pad(pdFill(0)))
	_, err = e.send("bob", rc, r.PackActivateExodus())
	e.expectRevert(err, "DeadlineNotReached")

	// The batch that consumes it withdraws alice's whole free collateral.
	e.model.accounts[1] = e.aliceAccount(0, 0)
	rec = e.proveAndSubmit(e.model.root(), e.pad(pdFill(1), pdForcedExit(1, aliceDeposit)))
	t.Logf("submitBatch (8 slots, 1 forced exit, 1 fill): %d gas", rec.GasUsed)
	if !hasLog(rec, r.GetABI().Events["ForcedWithdrawalServed"].ID) || !hasLog(rec, r.GetABI().Events["WithdrawalCredited"].ID) {
		t.Fatal("no ForcedWithdrawalServed / WithdrawalCredited event")
	}
	if got := call(e, rc, r.PackClaimable(e.addr("alice")), r.UnpackClaimable); got.Int64() != aliceDeposit {
		t.Fatalf("claimable %s, want %d", got, aliceDeposit)
	}
	if c := call(e, rc, r.PackDepositCursor(), r.UnpackDepositCursor); c != 2 {
		t.Fatalf("deposit cursor %d", c)
	}
	if d := call(e, rc, r.PackForcedDeadline(1), r.UnpackForcedDeadline); d != 0 {
		t.Fatalf("forced deadline %d after the exit was served", d)
	}
	for range 11 {
		e.sim.Commit()
	}
	_, err = e.send("bob", rc, r.PackActivateExodus())
	e.expectRevert(err, "NoPendingPriorityOp")
	e.must(e.send("alice", rc, r.PackWithdraw()))
	if got := e.balance("alice").Int64(); got != aliceDeposit {
		t.Fatalf("alice balance %d", got)
	}

	// A user who keeps requesting cannot trigger exodus while the sequencer consumes each request in time.
	for i := range 3 {
		e.must(e.requestForced("alice"))
		for range 8 { // within the 10-block delay
			e.sim.Commit()
		}
		_, err = e.send("bob", rc, r.PackActivateExodus())
		e.expectRevert(err, "DeadlineNotReached")
		e.proveAndSubmit(e.model.root(), e.pad(pdForcedExit(1, 0))) // nothing left to withdraw
		for range 11 {
			e.sim.Commit()
		}
		_, err = e.send("bob", rc, r.PackActivateExodus())
		e.expectRevert(err, "NoPendingPriorityOp")
		if c := call(e, rc, r.PackDepositCursor(), r.UnpackDepositCursor); c != uint64(3+i) {
			t.Fatalf("deposit cursor %d", c)
		}
	}
	if got := call(e, rc, r.PackClaimable(e.addr("alice")), r.UnpackClaimable); got.Sign() != 0 {
		t.Fatalf("claimable %s after empty forced exits", got)
	}
}

// A forced exit the sequencer ignores (it keeps submitting batches that do not consume it) activates exodus after
// the deadline, and the account exits with its free collateral from the last verified root.
func TestForcedWithdrawalIgnored(t *testing.T) {
	e := newEnv(t, testConfig())
	r, rc := e.rollup, e.dev.RollupC
	e.fund("alice", aliceDeposit)
	e.must(e.deposit("alice", aliceDeposit))
	e.model.accounts[1] = e.aliceAccount(aliceDeposit, 0)
	e.proveAndSubmit(e.model.root(), e.pad(pdDeposit(1, aliceDeposit)))
	e.must(e.requestForced("alice"))
	for i := range 4 {
		e.proveAndSubmit(e.model.root(), e.pad(pdFill(i)))
		_, err := e.send("bob", rc, r.PackActivateExodus())
		e.expectRevert(err, "DeadlineNotReached")
	}
	for range 7 {
		e.sim.Commit()
	}
	rec := e.must(e.send("bob", rc, r.PackActivateExodus()))
	if !hasLog(rec, r.GetABI().Events["ExodusActivated"].ID) {
		t.Fatal("no ExodusActivated event")
	}
	e.must(e.send("alice", rc, r.PackExit(e.model.exitProof(1))))
	e.afterClaimWindow()
	e.must(e.send("alice", rc, r.PackPayout(1)))
	if got := e.balance("alice").Int64(); got != aliceDeposit {
		t.Fatalf("alice exit paid %d", got)
	}
}

// afterClaimWindow moves the clock past the exodus claim window (DeployDevnet's default, 1 day).
func (e *env) afterClaimWindow() {
	e.t.Helper()
	e.adjustTime((DefaultClaimWindow + 1) * time.Second)
}

func hasLog(r *types.Receipt, topic [32]byte) bool {
	for _, l := range r.Logs {
		if len(l.Topics) > 0 && l.Topics[0] == topic {
			return true
		}
	}
	return false
}

package contracts

import (
	"math/big"
	"testing"

	"github.com/zkperp/zkperp/contracts/bindings"
)

// Forced close (issue 11, part A): a priority-queue entry of kind 2 that a Liquidate slot with the forced bit serves.

func (e *env) requestClose(u string, mkt uint8, fee *big.Int) error {
	pk := e.pks[u]
	_, err := e.sendValue(u, e.dev.RollupC, e.rollup.PackRequestForcedClose(pk[0], pk[1], mkt), fee)
	return err
}

// The request: exact fee, a registered account with its key, a market below 2^positionDepth, one pending per
// (account, market); it is queued as kind 2 (amount 0, the market in the amount field) and pending until a batch
// consumes it with a forced Liquidate slot, which advances the deposit cursor, earns the fee and clears the flag.
// A plain Liquidate of the same position does not consume it; a forced exit queued after it is served in the same
// batch. A request no batch consumes lets exodus activate after its deadline, and its fee is refunded.
func TestForcedClose(t *testing.T) {
	cfg := testConfig()
	fee := big.NewInt(1e15)
	cfg.forcedFee = fee
	e := newEnv(t, cfg)
	r, rc := e.rollup, e.dev.RollupC
	pk := e.pks["alice"]
	e.fund("alice", aliceDeposit)
	e.must(e.deposit("alice", aliceDeposit))
	e.model.accounts[1] = e.aliceAccount(aliceDeposit, 0)
	e.proveAndSubmit(e.model.root(), e.pad(pdDeposit(1, aliceDeposit)))
	q1 := depositStep(new(big.Int), 1, aliceDeposit, pk[0], pk[1])

	e.expectRevert(e.requestClose("alice", 1, nil), "WrongForcedFee")
	e.expectRevert(e.requestClose("bob", 1, fee), "UnknownAccount")
	_, err := e.sendValue("alice", rc, r.PackRequestForcedClose(e.pks["bob"][0], e.pks["bob"][1], 1), fee)
	e.expectRevert(err, "KeyMismatch")
	e.expectRevert(e.requestClose("alice", 4, fee), "BadMarket") // position depth 2: markets 0..3

	rec, err := e.sendValue("alice", rc, r.PackRequestForcedClose(pk[0], pk[1], 1), fee)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("requestForcedClose: %d gas", rec.GasUsed)
	q2 := forcedCloseStep(q1, 1, 1, pk[0], pk[1])
	var queued *bindings.RollupDepositQueued
	var requested *bindings.RollupForcedCloseRequested
	for _, l := range rec.Logs {
		if ev, err := r.UnpackDepositQueuedEvent(l); err == nil {
			queued = ev
		}
		if ev, err := r.UnpackForcedCloseRequestedEvent(l); err == nil {
			requested = ev
		}
	}
	if queued == nil || queued.Kind != 2 || queued.Amount != 0 || queued.QueueIndex != 1 || queued.Account != 1 ||
		queued.QueueHash.Cmp(q2) != 0 || queued.Owner != e.addr("alice") {
		t.Fatalf("DepositQueued of the forced close: %+v", queued)
	}
	deadline := call(e, rc, r.PackForcedCloseDeadline(1, 1), r.UnpackForcedCloseDeadline)
	if requested == nil || requested.Account != 1 || requested.Market != 1 || requested.Owner != e.addr("alice") ||
		requested.Deadline != deadline || deadline != rec.BlockNumber.Uint64()+10 {
		t.Fatalf("ForcedCloseRequested %+v, deadline %d", requested, deadline)
	}
	if got := call(e, rc, r.PackDepositHead(), r.UnpackDepositHead); got.Cmp(q2) != 0 {
		t.Fatal("deposit head is not the forced-close step")
	}
	if n := call(e, rc, r.PackPendingForcedExits(), r.UnpackPendingForcedExits); n != 1 {
		t.Fatalf("pending forced requests %d", n)
	}
	if p := call(e, rc, r.PackPendingDeposits(1), r.UnpackPendingDeposits); p.Owner != e.addr("alice") || p.Amount != 0 ||
		uint64(p.Deadline) != deadline {
		t.Fatalf("queue entry %+v", p)
	}
	if got := e.bigView(r.PackPendingDepositAmount()); got.Sign() != 0 {
		t.Fatalf("a forced close counted %s as a pending deposit", got)
	}
	e.expectRevert(e.requestClose("alice", 1, fee), "ForcedClosePending")
	if err := e.requestClose("alice", 2, fee); err != nil { // another market: its own request (queue index 2)
		t.Fatal(err)
	}
	e.must(e.sendValue("alice", rc, r.PackRequestForcedWithdrawal(pk[0], pk[1]), fee)) // index 3: exit after the closes

	// A batch with a plain Liquidate of the position does not consume the request.
	e.proveAndSubmit(e.model.root(), e.pad(pdLiquidate(1, 1, false), pdFill(0)))
	if c := call(e, rc, r.PackDepositCursor(), r.UnpackDepositCursor); c != 1 {
		t.Fatalf("cursor %d after a plain liquidation", c)
	}

	// The batch that serves it: the forced Liquidate of (1, 1) consumes entry 1.
	rec = e.proveAndSubmit(e.model.root(), e.pad(pdFill(1), pdLiquidate(1, 1, true)))
	t.Logf("submitBatch (8 slots, 1 forced close, 1 fill): %d gas", rec.GasUsed)
	var served *bindings.RollupForcedCloseServed
	for _, l := range rec.Logs {
		if ev, err := r.UnpackForcedCloseServedEvent(l); err == nil {
			served = ev
		}
	}
	if served == nil || served.Account != 1 || served.Market != 1 || served.BatchNumber != 3 {
		t.Fatalf("ForcedCloseServed %+v", served)
	}
	if c := call(e, rc, r.PackDepositCursor(), r.UnpackDepositCursor); c != 2 {
		t.Fatalf("cursor %d", c)
	}
	if d := call(e, rc, r.PackForcedCloseDeadline(1, 1), r.UnpackForcedCloseDeadline); d != 0 {
		t.Fatalf("forced close deadline %d after it was served", d)
	}
	if got := call(e, rc, r.PackFeesEarned(), r.UnpackFeesEarned); got.Cmp(fee) != 0 {
		t.Fatalf("fees earned %s", got)
	}
	if n := call(e, rc, r.PackPendingForcedExits(), r.UnpackPendingForcedExits); n != 2 {
		t.Fatalf("pending forced requests %d", n)
	}
	if err := e.requestClose("alice", 1, fee); err != nil { // served: a new request is accepted (index 4)
		t.Fatal(err)
	}

	// The close of market 2 and the forced exit in one batch: two entries, in queue order.
	e.model.accounts[1] = e.aliceAccount(0, 0)
	rec = e.proveAndSubmit(e.model.root(), e.pad(pdLiquidate(1, 2, true), pdForcedExit(1, aliceDeposit)))
	if c := call(e, rc, r.PackDepositCursor(), r.UnpackDepositCursor); c != 4 {
		t.Fatalf("cursor %d", c)
	}
	if got := call(e, rc, r.PackClaimable(e.addr("alice")), r.UnpackClaimable); got.Int64() != aliceDeposit {
		t.Fatalf("claimable %s", got)
	}
	if got := call(e, rc, r.PackFeesEarned(), r.UnpackFeesEarned); got.Cmp(new(big.Int).Mul(fee, big.NewInt(3))) != 0 {
		t.Fatalf("fees earned %s", got)
	}

	// The request of index 4 is never served: batches that skip it are fine until its deadline, then exodus.
	deadline = call(e, rc, r.PackForcedCloseDeadline(1, 1), r.UnpackForcedCloseDeadline)
	for i := range 3 {
		e.proveAndSubmit(e.model.root(), e.pad(pdFill(i), pdLiquidate(1, 1, false)))
		_, err = e.send("bob", rc, r.PackActivateExodus())
		e.expectRevert(err, "DeadlineNotReached")
	}
	for {
		h, err := e.sim.Client().BlockNumber(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if h >= deadline {
			break
		}
		e.sim.Commit()
	}
	_, err = e.send("bob", rc, r.PackActivateExodus())
	e.expectRevert(err, "DeadlineNotReached")
	e.sim.Commit()
	rec = e.must(e.send("bob", rc, r.PackActivateExodus()))
	var act *bindings.RollupExodusActivated
	for _, l := range rec.Logs {
		if ev, err := r.UnpackExodusActivatedEvent(l); err == nil {
			act = ev
		}
	}
	if act == nil || act.QueueIndex != 4 {
		t.Fatalf("ExodusActivated %+v", act)
	}
	e.expectRevert(e.requestClose("alice", 2, fee), "ExodusActive")
	aliceBefore := e.ethBalance(e.addr("alice"))
	e.must(e.send("bob", rc, r.PackRefundDeposit(4)))
	if got := new(big.Int).Sub(e.ethBalance(e.addr("alice")), aliceBefore); got.Cmp(fee) != 0 {
		t.Fatalf("alice got %s wei back", got)
	}
	_, err = e.send("bob", rc, r.PackRefundDeposit(4))
	e.expectRevert(err, "NotRefundable")
	_, err = e.send("bob", rc, r.PackRefundDeposit(2)) // served
	e.expectRevert(err, "NotRefundable")
	// the sequencer's 3 fees stay claimable; the rollup holds exactly them
	e.must(e.send("bob", rc, r.PackClaimFees()))
	if got := e.ethBalance(e.dev.Rollup); got.Sign() != 0 {
		t.Fatalf("rollup keeps %s wei", got)
	}
}

// A forced close is never refused for a full queue (like a forced exit), and counts as a forced request, not as a
// deposit, for the cap.
func TestForcedCloseWithFullQueue(t *testing.T) {
	cfg := testConfig()
	cfg.maxPending = 2
	e := newEnv(t, cfg)
	e.fund("alice", aliceDeposit)
	e.must(e.deposit("alice", 1))
	e.must(e.deposit("alice", 1))
	_, err := e.deposit("alice", 1)
	e.expectRevert(err, "PriorityQueueFull")
	for mkt := range uint8(4) {
		if err := e.requestClose("alice", mkt, nil); err != nil {
			t.Fatal(err)
		}
	}
	_, err = e.deposit("alice", 1)
	e.expectRevert(err, "PriorityQueueFull")
	e.proveAndSubmit(big.NewInt(5), e.pad(pdDeposit(1, 1), pdDeposit(1, 1), pdLiquidate(1, 0, true)))
	if n := call(e, e.dev.RollupC, e.rollup.PackPendingForcedExits(), e.rollup.UnpackPendingForcedExits); n != 3 {
		t.Fatalf("pending forced requests %d", n)
	}
	e.must(e.deposit("alice", 1))
	e.must(e.deposit("alice", 1))
	_, err = e.deposit("alice", 1)
	e.expectRevert(err, "PriorityQueueFull")
}

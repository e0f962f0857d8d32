package node

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/internal/proverrpc"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
)

// position reads a position from the node's state.
func (f *fixture) position(n *Node, acct uint32, m uint8) state.Position {
	var p state.Position
	_ = n.Query(context.Background(), func(e *engine.Engine) { p, _ = e.State().Position(acct, m) })
	return p
}

// user sends L1 transactions as fixture user i, with value wei.
func (f *fixture) user(i int, value *big.Int) *contracts.Sender {
	opts := bind.NewKeyedTransactor(f.users[i], big.NewInt(1337))
	opts.Value = value
	return &contracts.Sender{Backend: f.sim.Client(), Opts: opts, Mine: func() { f.sim.Commit() }}
}

// An account with an open position asks L1 for a forced close. The node serves it in queue order: the market's mark
// is stale (nothing marked it for longer than state.MaxMarkAge), so the node marks it from the oracle first, then
// cancels the account's resting order and closes the position at the mark against the backstop, the equity going
// to free collateral. A forced exit queued after it takes everything out. Once the batches are proven and verified,
// L1 has consumed both entries (deposit cursor), emitted ForcedCloseServed, cleared the pending flag, paid both
// fees to the sequencer, and the owner can claim the whole balance.
func TestForcedCloseFromL1(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	or, roll := bindings.NewPriceOracle(), bindings.NewRollup()
	if _, err := f.deployer().Transact(ctx, f.chain.OracleC, or.PackSetPrice(0, big.NewInt(1000))); err != nil {
		t.Fatal(err)
	}
	n, _, opURL := f.startOperator(ctx, func(c *Config) { c.L1.Oracle = f.chain.Oracle })
	f.waitDeposits(n)
	f.margin(n, 1, 1_000_000)
	f.margin(n, 2, 1_000_000)
	f.order(n, 2, 1, false, 1000, 10)
	if out := f.order(n, 1, 1, true, 1000, 10); len(out.Txs) != 1 || out.Txs[0].Err != nil {
		t.Fatalf("fill: %+v", out.Txs)
	}
	if out := f.order(n, 1, 2, true, 900, 2); out.Err != nil { // rests: the forced close cancels it
		t.Fatal(out.Err)
	}
	if out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindSeal}); err != nil || len(out.Sealed) != 1 {
		t.Fatalf("seal: %v %+v", err, out)
	}
	a1, _ := f.account(n, 1)
	var equity int64
	var stale bool
	_ = n.Query(ctx, func(e *engine.Engine) {
		p, _ := e.State().Position(1, 0)
		m, _ := e.State().Market(0)
		equity = state.Equity(p, m).Int64() // at mark 1000, the oracle's price
		stale = uint64(e.BatchTime()) > uint64(m.MarkTime)+state.MaxMarkAge
	})
	if !stale {
		t.Fatal("want a stale mark before the forced close")
	}
	if p := f.position(n, 1, 0); p.Size != 10 || equity <= 0 {
		t.Fatalf("position before %+v, equity %d", p, equity)
	}

	fee, err := bind.Call(f.chain.RollupC, nil, roll.PackForcedRequestFee(), roll.UnpackForcedRequestFee)
	if err != nil {
		t.Fatal(err)
	}
	pk := f.l2[0].Public()
	pkX, pkY := pk.X.BigInt(new(big.Int)), pk.Y.BigInt(new(big.Int))
	if _, err := f.user(0, fee).Transact(ctx, f.chain.RollupC, roll.PackRequestForcedClose(pkX, pkY, 0)); err != nil {
		v, _ := contracts.RollupError(err)
		t.Fatalf("requestForcedClose: %v %+v", err, v)
	}
	deadline := time.Now().Add(20 * time.Second)
	for f.position(n, 1, 0).Size != 0 {
		f.sim.Commit()
		if time.Now().After(deadline) {
			t.Fatal("forced close not served")
		}
		time.Sleep(50 * time.Millisecond)
	}
	after, _ := f.account(n, 1)
	if int64(after.Free-a1.Free) != equity {
		t.Fatalf("free %d → %d, want + equity %d", a1.Free, after.Free, equity)
	}
	if p := f.position(n, 1, 0); p.Collateral != 0 {
		t.Fatalf("position after forced close %+v", p)
	}
	var markTime, batchTime uint32
	_ = n.Query(ctx, func(e *engine.Engine) {
		m, _ := e.State().Market(0)
		markTime, batchTime = m.MarkTime, e.State().Time()
	})
	if markTime != batchTime { // the node marked the market in the forced close's batch
		t.Fatalf("mark time %d, batch time %d", markTime, batchTime)
	}
	if b := f.position(n, state.BackstopAccount, 0); b.Size != 10 {
		t.Fatalf("backstop %+v", b)
	}
	var live bool
	var count uint64
	_ = n.Query(ctx, func(e *engine.Engine) {
		_, live = e.SignedOrder(1, 2)
		count = e.State().Head().DepositCount
	})
	if live || count != 3 {
		t.Fatalf("resting order live %v, queue count %d", live, count)
	}

	// A forced exit, queued after the close, withdraws all free collateral.
	if _, err := f.user(0, fee).Transact(ctx, f.chain.RollupC, roll.PackRequestForcedWithdrawal(pkX, pkY)); err != nil {
		t.Fatal(err)
	}
	for a, _ := f.account(n, 1); a.Free != 0; a, _ = f.account(n, 1) {
		f.sim.Commit()
		if time.Now().After(deadline) {
			t.Fatal("forced exit not served")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// A restart replays the WAL since the last seal (the refused forced close, the mark, the forced close, the forced
	// exit) to the same state and book.
	before := snap(t, n)
	n.Stop()
	n, _, opURL = f.startOperator(ctx, func(c *Config) { c.L1.Oracle = f.chain.Oracle })
	if got := snap(t, n); got != before {
		t.Fatalf("after restart:\n%+v\nwant\n%+v", got, before)
	}
	if out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindSeal}); err != nil || len(out.Sealed) != 1 {
		t.Fatalf("seal: %v %+v", err, out)
	}

	// Prove both batches (dummy circuit) and let the node submit them.
	op := dialOperator(t, opURL)
	for i := 0; i < 2; i++ {
		var job *proverrpc.Job
		if err := op.CallContext(ctx, &job, "prover_getJob", "w1", "dummy"); err != nil || job == nil {
			t.Fatalf("getJob: %v %v", job, err)
		}
		raw := rawDummyProof(t, f.keys, job)
		if err := op.CallContext(ctx, nil, "prover_submitProof", proverrpc.Result{JobID: job.ID, Worker: "w1", Proof: raw}); err != nil {
			t.Fatal(err)
		}
	}
	deadline = time.Now().Add(30 * time.Second)
	for n.verifiedNum() < 2 {
		f.sim.Commit()
		if r := n.Rejected(); r != nil {
			t.Fatalf("L1 rejected: %v", r)
		}
		if time.Now().After(deadline) {
			t.Fatalf("verified %d", n.verifiedNum())
		}
		time.Sleep(50 * time.Millisecond)
	}
	call := func(data []byte) []byte {
		raw, err := f.chain.RollupC.CallRaw(nil, data)
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	if cur, err := roll.UnpackDepositCursor(call(roll.PackDepositCursor())); err != nil || cur != 4 {
		t.Fatalf("deposit cursor %d %v", cur, err)
	}
	if d, err := roll.UnpackForcedCloseDeadline(call(roll.PackForcedCloseDeadline(1, 0))); err != nil || d != 0 {
		t.Fatalf("forced close still pending: %d %v", d, err)
	}
	if c, err := roll.UnpackClaimable(call(roll.PackClaimable(crypto.PubkeyToAddress(f.users[0].PublicKey)))); err != nil ||
		c.Uint64() != after.Free {
		t.Fatalf("claimable %v %v, want %d", c, err, after.Free)
	}
	if fe, err := roll.UnpackFeesEarned(call(roll.PackFeesEarned())); err != nil || fe.Cmp(new(big.Int).Mul(fee, big.NewInt(2))) != 0 {
		t.Fatalf("fees earned %v %v", fe, err)
	}
	ev := roll.GetABI().Events[bindings.RollupForcedCloseServedEventName].ID
	logs, err := f.sim.Client().FilterLogs(ctx, ethereum.FilterQuery{FromBlock: big.NewInt(0),
		Addresses: []common.Address{f.chain.Rollup}, Topics: [][]common.Hash{{ev}}})
	if err != nil || len(logs) != 1 {
		t.Fatalf("ForcedCloseServed logs: %d %v", len(logs), err)
	}
	if e, err := roll.UnpackForcedCloseServedEvent(&logs[0]); err != nil || e.Account != 1 || e.Market != 0 || e.BatchNumber != 2 {
		t.Fatalf("ForcedCloseServed %+v %v", e, err)
	}
	if got := testutil.ToFloat64(n.m.l1QueueRefusals.WithLabelValues("forced_close", "stale_mark")); got != 0 {
		t.Fatalf("refusals counted %v (the stale mark was refreshed at once)", got)
	}
}

// A forced close the state refuses (here: an open position at a stale mark and no oracle to refresh it) is not skipped: it is logged,
// counted and retried, and no later queue entry (a deposit) is applied before it. Once the market has a fresh mark,
// the retry serves it and the queue moves on.
func TestForcedCloseRetriedNotSkipped(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := f.start(ctx) // no oracle: the node cannot refresh the mark itself
	defer n.Stop()
	f.waitDeposits(n)
	f.margin(n, 1, 1_000_000) // an open position (a flat one needs no mark)
	f.margin(n, 2, 1_000_000)
	f.order(n, 2, 1, false, 1000, 10)
	if out := f.order(n, 1, 1, true, 1000, 10); len(out.Txs) != 1 || out.Txs[0].Err != nil {
		t.Fatalf("fill: %+v", out.Txs)
	}
	roll, tok := bindings.NewRollup(), bindings.NewTestToken()
	fee, err := bind.Call(f.chain.RollupC, nil, roll.PackForcedRequestFee(), roll.UnpackForcedRequestFee)
	if err != nil {
		t.Fatal(err)
	}
	pk := f.l2[0].Public()
	if _, err := f.user(0, fee).Transact(ctx, f.chain.RollupC, roll.PackRequestForcedClose(pk.X.BigInt(new(big.Int)), pk.Y.BigInt(new(big.Int)), 0)); err != nil {
		t.Fatal(err)
	}
	// user 2 deposits again: queued after the forced close
	u2 := f.user(1, nil)
	me := crypto.PubkeyToAddress(f.users[1].PublicKey)
	for _, data := range [][]byte{tok.PackMint(me, big.NewInt(500)), tok.PackApprove(f.chain.Rollup, big.NewInt(500))} {
		if _, err := u2.Transact(ctx, f.chain.TokenC, data); err != nil {
			t.Fatal(err)
		}
	}
	pk2 := f.l2[1].Public()
	if _, err := u2.Transact(ctx, f.chain.RollupC, roll.PackDeposit(pk2.X.BigInt(new(big.Int)), pk2.Y.BigInt(new(big.Int)), 500)); err != nil {
		t.Fatal(err)
	}
	refusals := func() float64 {
		return testutil.ToFloat64(n.m.l1QueueRefusals.WithLabelValues("forced_close", "stale_mark"))
	}
	count := func() uint64 {
		var c uint64
		_ = n.Query(ctx, func(e *engine.Engine) { c = e.State().Head().DepositCount })
		return c
	}
	deadline := time.Now().Add(20 * time.Second)
	for refusals() < 3 { // tried at every poll
		f.sim.Commit()
		if time.Now().After(deadline) {
			t.Fatalf("refusals %v", refusals())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if c := count(); c != 2 {
		t.Fatalf("queue count %d while the forced close is refused: an entry was skipped", c)
	}
	a2, _ := f.account(n, 2)
	// A fresh mark (as the oracle feed would send): the next retry serves the forced close, then the deposit.
	if out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindMark, Mark: &engine.Mark{Market: 0, Price: 1000}}); err != nil || out.Err != nil {
		t.Fatalf("mark: %v %v", err, out)
	}
	for count() != 4 {
		f.sim.Commit()
		if time.Now().After(deadline) {
			t.Fatalf("queue count %d after the mark", count())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if a, _ := f.account(n, 2); a.Free != a2.Free+500 {
		t.Fatalf("deposit after the forced close: free %d → %d", a2.Free, a.Free)
	}
	if p := f.position(n, 1, 0); p.Size != 0 {
		t.Fatalf("position after the forced close %+v", p)
	}
}

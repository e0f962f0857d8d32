package contracts

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/zkperp/zkperp/contracts/bindings"
)

// The escape hatch's attacks (issue: a queue no one can jam, bounded parameters, a stale oracle), each a transaction
// sequence on the simulated chain that must revert for the intended reason.

// sendValue sends calldata with `value` wei attached.
func (e *env) sendValue(u string, c *bind.BoundContract, data []byte, value *big.Int) (*types.Receipt, error) {
	s := *e.senders[u]
	opts := *s.Opts
	opts.Value = value
	s.Opts = &opts
	return s.Transact(e.ctx, c, data)
}

func (e *env) ethBalance(a common.Address) *big.Int {
	e.t.Helper()
	b, err := e.sim.Client().BalanceAt(e.ctx, a, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// validRollupConfig is a configuration the constructor accepts, on the env's token, oracle and verifier.
func (e *env) validRollupConfig() bindings.RollupConfig {
	return bindings.RollupConfig{Verifier: e.dev.Verifier, Token: e.dev.Token, Oracle: e.dev.Oracle,
		Sequencer: e.addr("sequencer"), GenesisRoot: e.model.root(), AccountDepth: 4, PositionDepth: 2, Slots: 8,
		OracleBandBps: 100, OracleMaxAge: 3600, ForcedWithdrawalDelay: 10, ForcedDelayInBlocks: true, MinDeposit: 1,
		ForcedRequestFee: new(big.Int), MaxPendingPriority: 4096, PriorityInterval: 1, MaxBatchAge: DefaultMaxBatchAge,
		ExodusClaimWindow: DefaultClaimWindow}
}

func (e *env) deployRollup(c bindings.RollupConfig) error {
	_, _, err := e.senders["deployer"].Deploy(e.ctx, &bindings.RollupMetaData, e.rollup.PackConstructor(c))
	return err
}

// The constructor rejects every escape-hatch parameter outside its documented range: a delay of 0 (anyone freezes the
// rollup a block after a deposit) or 2^64−1 (the deadline overflows: the hatch is dead), a 655% oracle band, no
// staleness bound, a token without code, … and accepts the devnet's values.
func TestConstructorBounds(t *testing.T) {
	e := newEnv(t, testConfig())
	type tc struct {
		name string
		mod  func(c *bindings.RollupConfig)
		err  string
	}
	cases := []tc{
		{"delay 0 blocks", func(c *bindings.RollupConfig) { c.ForcedWithdrawalDelay = 0 }, "BadDelay"},
		{"delay 4 blocks", func(c *bindings.RollupConfig) { c.ForcedWithdrawalDelay = 4 }, "BadDelay"},
		{"delay 2^64-1 blocks", func(c *bindings.RollupConfig) { c.ForcedWithdrawalDelay = ^uint64(0) }, "BadDelay"},
		{"delay 216,001 blocks", func(c *bindings.RollupConfig) { c.ForcedWithdrawalDelay = 216_001 }, "BadDelay"},
		{"delay 59 s", func(c *bindings.RollupConfig) {
			c.ForcedDelayInBlocks, c.ForcedWithdrawalDelay = false, 59
		}, "BadDelay"},
		{"delay 2^64-1 s", func(c *bindings.RollupConfig) {
			c.ForcedDelayInBlocks, c.ForcedWithdrawalDelay = false, ^uint64(0)
		}, "BadDelay"},
		{"interval 0", func(c *bindings.RollupConfig) { c.PriorityInterval = 0 }, "BadPriorityInterval"},
		{"interval above the delay", func(c *bindings.RollupConfig) { c.PriorityInterval = 11 }, "BadPriorityInterval"},
		{"max pending 0", func(c *bindings.RollupConfig) { c.MaxPendingPriority = 0 }, "BadMaxPending"},
		{"max pending 65,537", func(c *bindings.RollupConfig) { c.MaxPendingPriority = 65_537 }, "BadMaxPending"},
		// delay + maxPending × interval above the maximum delay: deadlines would reach type(uint32).max
		{"max wait 216,001 blocks", func(c *bindings.RollupConfig) {
			c.ForcedWithdrawalDelay, c.MaxPendingPriority, c.PriorityInterval = 216_000, 1, 1
		}, "BadMaxWait"},
		{"max wait 65,536 × 10 blocks", func(c *bindings.RollupConfig) {
			c.MaxPendingPriority, c.PriorityInterval = 65_536, 10
		}, "BadMaxWait"},
		{"max wait 30 days + 1 s", func(c *bindings.RollupConfig) {
			c.ForcedDelayInBlocks, c.ForcedWithdrawalDelay = false, 30*86400-4096*600+1
			c.MaxPendingPriority, c.PriorityInterval = 4096, 600
		}, "BadMaxWait"},
		{"band 0", func(c *bindings.RollupConfig) { c.OracleBandBps = 0 }, "BadOracleBand"},
		{"band 655%", func(c *bindings.RollupConfig) { c.OracleBandBps = 65_535 }, "BadOracleBand"},
		{"band 25.01%", func(c *bindings.RollupConfig) { c.OracleBandBps = 2_501 }, "BadOracleBand"},
		{"no staleness bound", func(c *bindings.RollupConfig) { c.OracleMaxAge = 0 }, "BadOracleMaxAge"},
		{"staleness bound 30 days", func(c *bindings.RollupConfig) { c.OracleMaxAge = 30 * 86400 }, "BadOracleMaxAge"},
		{"no batch age bound", func(c *bindings.RollupConfig) { c.MaxBatchAge = 0 }, "BadMaxBatchAge"},
		{"batch age 599 s", func(c *bindings.RollupConfig) { c.MaxBatchAge = 599 }, "BadMaxBatchAge"},
		{"batch age 7 days + 1 s", func(c *bindings.RollupConfig) { c.MaxBatchAge = 7*86400 + 1 }, "BadMaxBatchAge"},
		{"min deposit 0", func(c *bindings.RollupConfig) { c.MinDeposit = 0 }, "BadMinDeposit"},
		{"min deposit 2^63+1", func(c *bindings.RollupConfig) { c.MinDeposit = 1<<63 + 1 }, "BadMinDeposit"},
		{"fee 2 ether", func(c *bindings.RollupConfig) {
			c.ForcedRequestFee = new(big.Int).Mul(big.NewInt(2), big.NewInt(1e18))
		}, "BadForcedFee"},
		{"token without code", func(c *bindings.RollupConfig) { c.Token = e.addr("alice") }, "TokenHasNoCode"},
		{"no claim window", func(c *bindings.RollupConfig) { c.ExodusClaimWindow = 0 }, "BadClaimWindow"},
		{"claim window 59 s", func(c *bindings.RollupConfig) { c.ExodusClaimWindow = 59 }, "BadClaimWindow"},
		{"claim window 60 days + 1 s", func(c *bindings.RollupConfig) { c.ExodusClaimWindow = 60*86400 + 1 }, "BadClaimWindow"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := e.validRollupConfig()
			c.mod(&cfg)
			e.expectRevert(e.deployRollup(cfg), c.err)
		})
	}
	// In range: the bounds themselves, and the devnet's values (internal/devnet: 600 s delay, 5% band, 1 h staleness).
	for name, mod := range map[string]func(c *bindings.RollupConfig){
		"lowest": func(c *bindings.RollupConfig) {
			c.ForcedWithdrawalDelay, c.PriorityInterval, c.MaxPendingPriority = 5, 5, 1
			c.MaxBatchAge = 600
			c.ExodusClaimWindow = 60
		},
		"highest": func(c *bindings.RollupConfig) {
			c.ForcedWithdrawalDelay, c.OracleBandBps, c.OracleMaxAge = 216_000-4096, 2_500, 2*86400
			c.MaxBatchAge = 7 * 86400
			c.ExodusClaimWindow = 60 * 86400
		},
		"highest wait in seconds": func(c *bindings.RollupConfig) {
			c.ForcedDelayInBlocks, c.ForcedWithdrawalDelay = false, 30*86400-4096*600
			c.MaxPendingPriority, c.PriorityInterval = 4096, 600
		},
		"devnet": func(c *bindings.RollupConfig) {
			c.ForcedDelayInBlocks, c.ForcedWithdrawalDelay, c.PriorityInterval, c.OracleBandBps = false, 600, 12, 500
			c.MinDeposit, c.ForcedRequestFee = 1_000_000, big.NewInt(1e15)
		},
	} {
		cfg := e.validRollupConfig()
		mod(&cfg)
		if err := e.deployRollup(cfg); err != nil {
			v, _ := RollupError(err)
			t.Fatalf("%s: %v %+v", name, err, v)
		}
	}
}

// Two deposits of 2^63 to one account would overflow its free collateral (64 bits): the state would refuse the
// second and every later queue entry would fail the in-order check. L1 caps an account's lifetime deposits at 2^63.
func TestDepositCap(t *testing.T) {
	e := newEnv(t, testConfig())
	half := uint64(1) << 63
	e.must(e.send("alice", e.dev.TokenC, e.token.PackMint(e.addr("alice"), new(big.Int).Lsh(big.NewInt(1), 65))))
	e.must(e.send("alice", e.dev.TokenC, e.token.PackApprove(e.dev.Rollup, new(big.Int).Lsh(big.NewInt(1), 200))))
	e.must(e.deposit("alice", half))
	_, err := e.deposit("alice", half)
	e.expectRevert(err, "DepositCapExceeded")
	_, err = e.deposit("alice", 1)
	e.expectRevert(err, "DepositCapExceeded")
	// Split over the cap in smaller steps: the same.
	e.fund("bob", 0)
	e.must(e.send("bob", e.dev.TokenC, e.token.PackMint(e.addr("bob"), new(big.Int).Lsh(big.NewInt(1), 65))))
	e.must(e.deposit("bob", half-10))
	e.must(e.deposit("bob", 10))
	_, err = e.deposit("bob", 1)
	e.expectRevert(err, "DepositCapExceeded")
	info := call(e, e.dev.RollupC, e.rollup.PackAccounts(e.addr("bob")), e.rollup.UnpackAccounts)
	if info.Deposited != half {
		t.Fatalf("bob deposited %d, want 2^63", info.Deposited)
	}
}

// A deposit below minDeposit reverts; one at the minimum is queued.
func TestMinDeposit(t *testing.T) {
	cfg := testConfig()
	cfg.minDeposit = 1_000
	e := newEnv(t, cfg)
	e.fund("alice", 10_000)
	_, err := e.deposit("alice", 1)
	e.expectRevert(err, "DepositTooSmall")
	_, err = e.deposit("alice", 999)
	e.expectRevert(err, "DepositTooSmall")
	e.must(e.deposit("alice", 1_000))
}

// A fee-on-transfer token (1% burnt) credits what the rollup received, not what the depositor named, both in the
// event and in the queue hash the circuit recomputes; a deposit whose received amount is below the minimum reverts.
func TestDepositCreditsReceivedBalance(t *testing.T) {
	e := newEnv(t, testConfig())
	feeToken, _, err := e.senders["deployer"].Deploy(e.ctx, &bindings.FeeOnTransferTokenMetaData, nil)
	if err != nil {
		t.Fatal(err)
	}
	dev, err := DeployDevnet(e.ctx, e.senders["deployer"], DevnetConfig{Sequencer: e.addr("sequencer"),
		Verifier: e.dev.Verifier, Token: feeToken, GenesisRoot: e.model.root(), AccountDepth: 4, PositionDepth: 2,
		Slots: 8, ForcedDelay: 10, DelayInBlocks: true, MinDeposit: 1_000})
	if err != nil {
		t.Fatal(err)
	}
	e.dev = dev
	e.fund("alice", 10*aliceDeposit)
	rec := e.must(e.deposit("alice", aliceDeposit))
	var queued *bindings.RollupDepositQueued
	for _, l := range rec.Logs {
		if ev, err := e.rollup.UnpackDepositQueuedEvent(l); err == nil {
			queued = ev
		}
	}
	const received = aliceDeposit - aliceDeposit/100
	pk := e.pks["alice"]
	if queued == nil || queued.Amount != received ||
		queued.QueueHash.Cmp(depositStep(new(big.Int), 1, received, pk[0], pk[1])) != 0 {
		t.Fatalf("DepositQueued %+v, want amount %d", queued, received)
	}
	if got := e.balance("alice"); got.Int64() != 9*aliceDeposit {
		t.Fatalf("alice keeps %s", got)
	}
	// The batch that consumes it publishes (and the circuit applies) the received amount.
	e.model.accounts[1] = e.aliceAccount(received, 0)
	e.proveAndSubmit(e.model.root(), e.pad(pdDeposit(1, received)))
	// 1,000 sent, 990 received: below the minimum.
	_, err = e.deposit("alice", 1_000)
	e.expectRevert(err, "DepositTooSmall")
}

// A forced-exit request escrows forcedRequestFee wei (exactly): the sequencer is paid when a batch serves it, the
// requester gets it back in exodus if none did.
func TestForcedRequestFee(t *testing.T) {
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

	req := r.PackRequestForcedWithdrawal(pk[0], pk[1])
	_, err := e.requestForced("alice")
	e.expectRevert(err, "WrongForcedFee")
	_, err = e.sendValue("alice", rc, req, new(big.Int).Add(fee, big.NewInt(1)))
	e.expectRevert(err, "WrongForcedFee")
	e.must(e.sendValue("alice", rc, req, fee))
	_, err = e.send("bob", rc, r.PackClaimFees())
	e.expectRevert(err, "NothingToClaim")

	e.model.accounts[1] = e.aliceAccount(0, 0)
	e.proveAndSubmit(e.model.root(), e.pad(pdForcedExit(1, aliceDeposit)))
	if got := call(e, rc, r.PackFeesEarned(), r.UnpackFeesEarned); got.Cmp(fee) != 0 {
		t.Fatalf("fees earned %s", got)
	}
	seqBefore := e.ethBalance(e.addr("sequencer"))
	e.must(e.send("bob", rc, r.PackClaimFees())) // anyone may trigger; pays the sequencer
	if got := new(big.Int).Sub(e.ethBalance(e.addr("sequencer")), seqBefore); got.Cmp(fee) != 0 {
		t.Fatalf("sequencer got %s wei", got)
	}

	// Not served: exodus, and the fee comes back to the requester (once).
	e.must(e.sendValue("alice", rc, req, fee)) // queue index 2
	for range 11 {
		e.sim.Commit()
	}
	e.must(e.send("bob", rc, r.PackActivateExodus()))
	aliceBefore := e.ethBalance(e.addr("alice"))
	e.must(e.send("bob", rc, r.PackRefundDeposit(2)))
	if got := new(big.Int).Sub(e.ethBalance(e.addr("alice")), aliceBefore); got.Cmp(fee) != 0 {
		t.Fatalf("alice got %s wei back", got)
	}
	_, err = e.send("bob", rc, r.PackRefundDeposit(2))
	e.expectRevert(err, "NotRefundable")
	if got := e.ethBalance(e.dev.Rollup); got.Sign() != 0 {
		t.Fatalf("rollup keeps %s wei", got)
	}
}

// At maxPendingPriority unconsumed deposits, deposits revert until a batch consumes some; forced-exit requests do
// not count against the cap and are queued even when it is reached.
func TestPriorityQueueCap(t *testing.T) {
	cfg := testConfig()
	cfg.maxPending = 3
	e := newEnv(t, cfg)
	e.fund("alice", aliceDeposit)
	e.fund("bob", aliceDeposit)
	e.must(e.deposit("alice", 10))
	e.must(e.deposit("alice", 10))
	e.must(e.deposit("bob", 10))
	_, err := e.deposit("alice", 10)
	e.expectRevert(err, "PriorityQueueFull")
	e.must(e.requestForced("alice")) // queue: 3 deposits, 1 forced exit
	_, err = e.requestForced("alice")
	e.expectRevert(err, "ForcedWithdrawalPending")
	e.must(e.requestForced("bob"))
	_, err = e.deposit("bob", 10)
	e.expectRevert(err, "PriorityQueueFull")
	// One deposit consumed: room for exactly one more, however many forced exits are queued.
	e.proveAndSubmit(big.NewInt(5), e.pad(pdDeposit(1, 10)))
	e.must(e.deposit("bob", 10))
	_, err = e.deposit("bob", 10)
	e.expectRevert(err, "PriorityQueueFull")
}

// The hatch cannot be blocked by a deposit flood: with the queue full of (minimum) deposits, a victim's forced-exit
// request is still queued, with the deadline of the formula (now + delay + interval × entries ahead); serving it
// takes it off the forced-exit count.
func TestForcedExitWithFullQueue(t *testing.T) {
	cfg := testConfig()
	cfg.maxPending, cfg.interval = 3, 2
	e := newEnv(t, cfg)
	r, rc := e.rollup, e.dev.RollupC
	e.fund("alice", aliceDeposit)
	e.fund("bob", aliceDeposit)
	e.must(e.deposit("alice", 1)) // the victim's account (1)
	e.must(e.deposit("bob", 1))   // the attacker (2) fills the queue with minimum deposits
	e.must(e.deposit("bob", 1))
	_, err := e.deposit("bob", 1)
	e.expectRevert(err, "PriorityQueueFull")

	rec := e.must(e.requestForced("alice"))
	want := rec.BlockNumber.Uint64() + 10 + 3*2
	if got := call(e, rc, r.PackForcedDeadline(1), r.UnpackForcedDeadline); got != want {
		t.Fatalf("forced deadline %d, want %d", got, want)
	}
	if p := call(e, rc, r.PackPendingDeposits(3), r.UnpackPendingDeposits); uint64(p.Deadline) != want ||
		p.Owner != e.addr("alice") || p.Amount != 0 {
		t.Fatalf("queue entry 3 %+v, want alice's forced exit with deadline %d", p, want)
	}
	if n := call(e, rc, r.PackPendingForcedExits(), r.UnpackPendingForcedExits); n != 1 {
		t.Fatalf("pending forced exits %d", n)
	}
	_, err = e.deposit("bob", 1)
	e.expectRevert(err, "PriorityQueueFull")

	// Served in order: the count drops back and deposits are accepted again.
	e.proveAndSubmit(big.NewInt(5), e.pad(pdDeposit(1, 1), pdDeposit(2, 1), pdDeposit(2, 1), pdForcedExit(1, 1)))
	if n := call(e, rc, r.PackPendingForcedExits(), r.UnpackPendingForcedExits); n != 0 {
		t.Fatalf("pending forced exits %d after the batch", n)
	}
	if d := call(e, rc, r.PackForcedDeadline(1), r.UnpackForcedDeadline); d != 0 {
		t.Fatalf("forced deadline %d after the batch", d)
	}
	e.must(e.deposit("bob", 1))
}

// The flood: 300 one-quantum deposits in one block. Under the old rule (deadline = queue time + delay) they let
// anyone activate exodus after the delay against a sequencer consuming 8 entries per batch; now entry i's deadline is
// its queue time + delay + interval × (entries ahead), so a sequencer serving one entry per interval is never pushed
// into exodus, and one that stops is, at the next deadline.
func TestPriorityQueueFlood(t *testing.T) {
	cfg := testConfig()
	cfg.interval = 2 // blocks per entry ahead
	e := newEnv(t, cfg)
	r, rc := e.rollup, e.dev.RollupC
	const flood = 300
	e.fund("alice", flood)

	// All in one block: sign with explicit nonces and gas, mine once.
	s := e.senders["alice"]
	nonce, err := e.sim.Client().PendingNonceAt(e.ctx, e.addr("alice"))
	if err != nil {
		t.Fatal(err)
	}
	pk := e.pks["alice"]
	data := r.PackDeposit(pk[0], pk[1], 1)
	var last *types.Transaction
	for i := range flood {
		opts := *s.Opts
		opts.Context, opts.Nonce, opts.GasLimit = e.ctx, new(big.Int).SetUint64(nonce+uint64(i)), 250_000
		if last, err = rc.RawTransact(&opts, data); err != nil {
			t.Fatal(err)
		}
	}
	// the pool promotes sent txs on a goroutine of its own: mine only once all of them are pending, or the block
	// would take part of the flood and nothing would mine the rest
	for tries := 0; ; tries++ {
		pending, err := e.sim.Client().PendingNonceAt(e.ctx, e.addr("alice"))
		if err != nil {
			t.Fatal(err)
		}
		if pending == nonce+flood {
			break
		}
		if tries == 500 {
			t.Fatalf("%d of %d flood deposits pending after 5 s", pending-nonce, flood)
		}
		time.Sleep(10 * time.Millisecond)
	}
	e.sim.Commit()
	wctx, cancel := context.WithTimeout(e.ctx, 30*time.Second)
	defer cancel()
	rec, err := bind.WaitMined(wctx, e.sim.Client(), last.Hash())
	if err != nil || rec.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("last flood deposit: %v %+v", err, rec)
	}
	t0 := rec.BlockNumber.Uint64()
	if n := call(e, rc, r.PackDepositCount(), r.UnpackDepositCount); n != flood {
		t.Fatalf("queued %d", n)
	}
	deadline := func(i uint64) uint64 {
		p := call(e, rc, r.PackPendingDeposits(i), r.UnpackPendingDeposits)
		return uint64(p.Deadline)
	}
	for _, i := range []uint64{0, 1, 150, flood - 1} {
		if got, want := deadline(i), t0+10+2*i; got != want {
			t.Fatalf("deadline of entry %d: %d, want %d", i, got, want)
		}
	}
	head := func() uint64 {
		h, err := e.sim.Client().BlockNumber(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	mineTo := func(b uint64) {
		for head() < b {
			e.sim.Commit()
		}
	}
	noExodus := func() {
		t.Helper()
		_, err := e.send("bob", rc, r.PackActivateExodus())
		e.expectRevert(err, "DeadlineNotReached")
	}

	// The sequencer proves for the whole delay, then consumes 8 entries every 16 blocks: one per interval.
	pd := make([]*big.Int, 8)
	for i := range pd {
		pd[i] = pdDeposit(1, 1)
	}
	const served = 20
	for k := range uint64(served) {
		mineTo(t0 + 10 + 16*k - 1) // the batch lands in block t0 + 10 + 16k: entry 8k's deadline
		noExodus()
		e.proveAndSubmit(big.NewInt(int64(k+1)), pd)
		noExodus()
	}
	if c := call(e, rc, r.PackDepositCursor(), r.UnpackDepositCursor); c != 8*served {
		t.Fatalf("cursor %d", c)
	}
	// It stops: exodus exactly after the deadline of the next entry.
	next := deadline(8 * served)
	mineTo(next)
	noExodus()
	e.sim.Commit()
	e.must(e.send("bob", rc, r.PackActivateExodus()))
}

// A mark against an oracle round older than oracleMaxAge at the batch's time is rejected, with DeployDevnet's default
// staleness bound (1 hour, never 0): the latest round 30 days old (OracleStale); once the feed resumes, the old round
// is no longer the latest (MarkRoundNotLatest), and dating the batch a second before the new round, when the old one
// was still the latest, finds it 30 days stale (OracleStale).
func TestStaleOracleRound(t *testing.T) {
	e := newEnv(t, testConfig()) // DeployDevnet's default staleness bound: 1 hour
	r, rc := e.rollup, e.dev.RollupC
	if a := call(e, rc, r.PackOracleMaxAge(), r.UnpackOracleMaxAge); a != 3600 {
		t.Fatalf("oracleMaxAge %d", a)
	}
	root := big.NewInt(3)
	e.setPrice(0, 50_000)
	e.adjustTime(30 * 24 * time.Hour)
	pd := e.pad(e.mark(0, 50_000))
	_, err := e.tryBatch(root, pd)
	e.expectRevert(err, "OracleStale")

	// The feed resumes at 60,000: the 30-day-old 50,000 was current a second ago, but it is stale.
	e.setPrice(0, 60_000)
	_, err = e.tryBatch(root, pd)
	e.expectRevert(err, "MarkRoundNotLatest")
	_, err = e.tryBatchAt(root, e.roundTime(0, 2)-1, pd)
	e.expectRevert(err, "OracleStale")
	e.proveAndSubmit(root, e.pad(e.mark(0, 60_000)))
}

package node

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/internal/proverrpc"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
)

// waitDeposits commits blocks until the fixture's two deposits are applied.
func (f *fixture) waitDeposits(n *Node) {
	f.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		f.sim.Commit()
		if a, _ := f.account(n, 2); a.Free > 0 {
			return
		}
		if time.Now().After(deadline) {
			f.t.Fatal("deposits not applied")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// An order, cancel, withdrawal and margin move signed for another deployment (another rollup on the same chain)
// are refused with a bad-signature error; a 1970-expiry order is refused at admission.
func TestOtherDomainAndExpiredRefused(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := f.start(ctx)
	defer n.Stop()
	f.waitDeposits(n)
	f.margin(n, 1, 1_000_000)

	other := f.l2[0].For(state.Domain{ChainID: 1337, Rollup: common.HexToAddress("0x00000000000000000000000000000000000000aa")})
	submit := func(in *engine.Input) error {
		out, err := n.Submit(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		return out.Err
	}
	badSig := func(what string, err error) {
		t.Helper()
		ae := toAPIError(err).(*APIError)
		if !errors.Is(err, state.ErrBadSignature) || ae.Code != CodeBadSignature {
			t.Fatalf("%s signed for another deployment: %v", what, err)
		}
	}
	o := state.Order{Account: 1, ID: 7, Market: 0, Buy: true, Price: 900, Size: 1, MaxMakerFee: 1000, MaxTakerFee: 1000}
	_ = other.SignOrder(&o)
	badSig("order", submit(&engine.Input{Kind: engine.KindPlace, Place: &engine.Place{Order: o}}))
	if err := n.precheck(ctx, &engine.Place{Order: o}); !errors.Is(err, state.ErrBadSignature) {
		t.Fatalf("ingress check of an order for another deployment: %v", err)
	}

	if out := f.order(n, 1, 8, true, 900, 1); out.Err != nil {
		t.Fatal(out.Err)
	}
	c := engine.Cancel{Account: 1, Market: 0, OrderID: 8}
	c.Sig, _ = other.SignMessage(c.Message())
	badSig("cancel", submit(&engine.Input{Kind: engine.KindCancel, Cancel: &c}))

	a, _ := f.account(n, 1)
	w := state.Withdraw{Account: 1, Amount: 1, Nonce: a.Nonce}
	_ = other.SignWithdraw(&w)
	badSig("withdrawal", submit(&engine.Input{Kind: engine.KindWithdraw, Withdraw: &w}))
	pm := state.PositionMargin{Account: 1, Market: 0, ToPosition: true, Amount: 1, Nonce: a.Nonce}
	_ = other.SignPositionMargin(&pm)
	badSig("margin move", submit(&engine.Input{Kind: engine.KindMargin, Margin: &pm}))

	// The same requests signed for this deployment pass.
	c.Sig, _ = f.l2[0].SignMessage(c.Message())
	if err := submit(&engine.Input{Kind: engine.KindCancel, Cancel: &c}); err != nil {
		t.Fatalf("cancel for this deployment: %v", err)
	}
	_ = f.l2[0].SignWithdraw(&w)
	if err := submit(&engine.Input{Kind: engine.KindWithdraw, Withdraw: &w}); err != nil {
		t.Fatalf("withdrawal for this deployment: %v", err)
	}

	// Expiry 1 (1970): refused at admission, clearly.
	o = state.Order{Account: 1, ID: 9, Market: 0, Buy: true, Price: 900, Size: 1, MaxMakerFee: 1000, MaxTakerFee: 1000, Expiry: 1}
	_ = f.l2[0].SignOrder(&o)
	err := submit(&engine.Input{Kind: engine.KindPlace, Place: &engine.Place{Order: o}})
	if ae, ok := toAPIError(err).(*APIError); !errors.Is(err, engine.ErrOrderExpired) || !ok || ae.Reason != "order_expired" {
		t.Fatalf("1970 expiry: %v", err)
	}
	t.Log(err)
}

// A sealed batch carries its time and the domain: the proof's public inputs are [oldRoot, newRoot, batchNumber,
// depositBefore, depositAfter, batchTime, domain, pubdata...].
func TestBatchPublicInputs(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := f.start(ctx)
	defer n.Stop()
	f.waitDeposits(n)
	before := max(time.Now().Unix(), n.l1Time.Load()/1000)
	out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindSeal})
	if err != nil || len(out.Sealed) != 1 {
		t.Fatalf("seal: %v %+v", err, out)
	}
	m, err := n.loadMeta(1)
	if err != nil {
		t.Fatal(err)
	}
	pub := m.Public()
	dom := f.domain.Element()
	if len(pub) != 7+8 || pub[5].Uint64() != uint64(m.BatchTime) || pub[6].Cmp(dom.BigInt(new(big.Int))) != 0 {
		t.Fatalf("public inputs %v", pub[:7])
	}
	if int64(m.BatchTime) > before+1 || int64(m.BatchTime) < before-60 || m.BatchTime != out.Sealed[0].After.Time {
		t.Fatalf("batch time %d, sealed around %d", m.BatchTime, before)
	}
}

// A batch L1 refuses for good (here a mark of an oracle round that is not the latest at the batch time) is logged,
// counted, shown in the status, and not resubmitted (l1.no_reseal: the re-seal is TestPermanentRejectionReseals').
func TestPermanentRejectionStopsSubmission(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n, _, opURL := f.startOperator(ctx, func(c *Config) { c.L1.NoReseal = true })
	f.waitDeposits(n)
	if out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindSeal}); err != nil || len(out.Sealed) != 1 {
		t.Fatalf("seal: %v %+v", err, out)
	}
	// Two oracle rounds; the node marks the first at the second's time, when it is no longer the latest.
	rounds := f.oracleRounds(ctx, 1000, 1001)
	out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindMark, Mark: &engine.Mark{Market: 0, Price: 1000,
		Round: rounds[0].RoundId.Uint64(), UpdatedAt: rounds[1].UpdatedAt.Uint64()}})
	if err != nil || out.Err != nil {
		t.Fatalf("mark: %v %v", err, out)
	}
	if out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindSeal}); err != nil || len(out.Sealed) != 1 {
		t.Fatalf("seal: %v %+v", err, out)
	}
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
	deadline := time.Now().Add(20 * time.Second)
	for n.Rejected() == nil {
		f.sim.Commit()
		if time.Now().After(deadline) {
			t.Fatalf("no rejection; verified %d", n.verifiedNum())
		}
		time.Sleep(50 * time.Millisecond)
	}
	r := n.Rejected()
	if r.Batch != 2 || r.Reason != "MarkRoundNotLatest" || n.verifiedNum() != 1 {
		t.Fatalf("rejection %+v, verified %d", r, n.verifiedNum())
	}
	if c := testutil.ToFloat64(n.m.l1Rejections.WithLabelValues("MarkRoundNotLatest")); c != 1 {
		t.Fatalf("rejections counted %v", c)
	}
	for i := 0; i < 5; i++ { // not resubmitted
		f.sim.Commit()
		time.Sleep(60 * time.Millisecond)
	}
	if c := testutil.ToFloat64(n.m.l1Rejections.WithLabelValues("MarkRoundNotLatest")); c != 1 || n.verifiedNum() != 1 {
		t.Fatalf("after more blocks: %v rejections, verified %d", c, n.verifiedNum())
	}
	st, err := (&API{n: n}).Status(ctx)
	if err != nil || st.Rejected == nil || !strings.Contains(st.Rejected.Error(), "MarkRoundNotLatest") {
		t.Fatalf("status %+v %v", st, err)
	}
}

// oracleRounds publishes one oracle round of market 0 per price and returns each round as the oracle reports it.
func (f *fixture) oracleRounds(ctx context.Context, prices ...int64) []bindings.LatestRoundDataOutput {
	f.t.Helper()
	or := bindings.NewPriceOracle()
	var rounds []bindings.LatestRoundDataOutput
	for _, p := range prices {
		if _, err := f.deployer().Transact(ctx, f.chain.OracleC, or.PackSetPrice(0, big.NewInt(p))); err != nil {
			f.t.Fatal(err)
		}
		raw, err := f.chain.OracleC.CallRaw(nil, or.PackLatestRoundData(0))
		if err != nil {
			f.t.Fatal(err)
		}
		rd, err := or.UnpackLatestRoundData(raw)
		if err != nil {
			f.t.Fatal(err)
		}
		rounds = append(rounds, rd)
	}
	return rounds
}

// deployer sends L1 transactions as the fixture's deployer (the sequencer key, owner of the oracle).
func (f *fixture) deployer() *contracts.Sender {
	return &contracts.Sender{Backend: f.sim.Client(), Opts: bind.NewKeyedTransactor(f.seq, big.NewInt(1337)),
		Mine: func() { f.sim.Commit() }}
}

package engine

import (
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/kv"
)

// A batch's time is fixed by its first tx (the engine clock in seconds, never back) and kept until the seal; the
// next batch takes the clock again.
func TestBatchTimeFixedAtFirstTx(t *testing.T) {
	h := newHarness(t)
	h.now = 5_000_000 // ms
	h.deposit(1, 1_000_000)
	if got := h.e.State().Time(); got != 5000 {
		t.Fatalf("batch time %d, want 5000", got)
	}
	h.now += 30_000
	h.deposit(2, 1_000_000)
	h.margin(1, 0, 10_000)
	if got := h.e.State().Time(); got != 5000 {
		t.Fatalf("batch time moved within the batch: %d", got)
	}
	out := h.do(&Input{Kind: KindSeal})
	if len(out.Sealed) != 1 || out.Sealed[0].After.Time != 5000 || h.e.State().CommittedHead().Time != 5000 {
		t.Fatalf("sealed %+v", out.Sealed)
	}
	for _, tr := range out.Sealed[0].Traces {
		if tr.Before.Time != 5000 || tr.After.Time != 5000 {
			t.Fatalf("trace at time %d/%d", tr.Before.Time, tr.After.Time)
		}
	}
	h.now += 10_000
	h.margin(2, 0, 10_000)
	if got := h.e.State().Time(); got != 5040 {
		t.Fatalf("next batch time %d, want 5040", got)
	}
	if h.e.BatchTime() != 5040 {
		t.Fatalf("BatchTime %d", h.e.BatchTime())
	}
}

// An order whose signed expiry is before the batch time is refused at admission; a GTC order with an expiry
// leaves the book at its expiry (the state would refuse its fills after it).
func TestOrderExpiry(t *testing.T) {
	h := newHarness(t)
	h.now = 2_000_000
	for a := uint32(1); a <= 2; a++ {
		h.deposit(a, 1_000_000)
		h.margin(a, 0, 50_000)
	}
	place := func(a uint32, buy bool, expiry uint32) *Output {
		h.ids[a]++
		o := state.Order{Account: a, ID: h.ids[a], Market: 0, Buy: buy, Price: 1000, Size: 1, MaxMakerFee: 1000,
			MaxTakerFee: 1000, Expiry: expiry}
		_ = h.key(a).SignOrder(&o)
		return h.do(&Input{Kind: KindPlace, Place: &Place{Order: o}})
	}
	if out := place(1, false, 1); !errors.Is(out.Err, ErrOrderExpired) {
		t.Fatalf("1970 expiry: %v", out.Err)
	}
	if out := place(1, false, 2100); out.Err != nil {
		t.Fatal(out.Err)
	}
	h.now = 2_200_000
	h.do(&Input{Kind: KindTick})
	if out := place(2, true, 0); out.Err == nil && fills(out) != 0 {
		t.Fatal("filled against an expired order")
	}
	b, _ := h.e.Book(0)
	if _, ok := b.BestAsk(); ok {
		t.Fatal("expired order still in the book")
	}
}

// At most one mark per market in a pending batch; round ids never go back; a round newer than a started batch's
// time waits for the seal, and a mark that starts a batch moves its time up to the round's.
func TestMarkRounds(t *testing.T) {
	h := newHarness(t)
	h.now = 3_000_000
	mark := func(m uint8, price, round, at uint64) error {
		return h.do(&Input{Kind: KindMark, Mark: &Mark{Market: m, Price: price, Round: round, UpdatedAt: at}}).Err
	}
	if err := mark(0, 1000, 5, 2990); err != nil {
		t.Fatal(err)
	}
	if err := mark(0, 1010, 6, 2995); !errors.Is(err, ErrMarkPending) {
		t.Fatalf("second mark in the batch: %v", err)
	}
	if err := mark(1, 1000, 9, 3500); !errors.Is(err, ErrMarkRoundFuture) {
		t.Fatalf("round after the batch time: %v", err)
	}
	if err := mark(1, 1000, 9, 2999); err != nil {
		t.Fatal(err)
	}
	h.do(&Input{Kind: KindSeal})
	if err := mark(0, 1000, 4, 2000); !errors.Is(err, ErrMarkRoundBackwards) {
		t.Fatalf("backwards round: %v", err)
	}
	if err := mark(0, 1000, 5, 2990); err != nil { // the same round again (a refresh)
		t.Fatal(err)
	}
	h.do(&Input{Kind: KindSeal})
	if err := mark(0, 1000, 7, 3100); err != nil { // L1 clock ahead: the batch time follows the round
		t.Fatal(err)
	}
	if bt := h.e.State().Time(); bt != 3100 {
		t.Fatalf("batch time %d, want the round's 3100", bt)
	}
	if m, _ := h.e.State().Market(0); m.MarkTime != 3100 {
		t.Fatalf("mark time %d", m.MarkTime)
	}
}

// The funding rate is clamped to maxFunding per hour since the market's last tick.
func TestFundingRateBound(t *testing.T) {
	h := newHarness(t)
	mk, _ := h.e.State().Market(0)
	for a := uint32(1); a <= 2; a++ {
		h.deposit(a, 1_000_000)
		h.margin(a, 0, 50_000)
	}
	h.place(1, 0, true, 1500, 1, OrderFlags{})  // a bid far above the mark: a large premium
	h.place(2, 0, false, 1600, 1, OrderFlags{}) // and an ask
	b, _ := h.e.Book(0)
	if r := FundingRate(b, mk, mk.LastFunding); r != 0 {
		t.Fatalf("rate %d with no time since the last tick", r)
	}
	if r := FundingRate(b, mk, mk.LastFunding+1800); r != int64(params.MaxFunding)/2 {
		t.Fatalf("rate %d after half an hour, want %d", r, params.MaxFunding/2)
	}
	h.now += 7_200_000
	h.do(&Input{Kind: KindSeal})
	out := h.do(&Input{Kind: KindFunding, Funding: &Funding{Market: 0}})
	if out.Err != nil || len(out.Txs) != 1 {
		t.Fatalf("funding: %v %+v", out.Err, out.Txs)
	}
	if ft := out.Txs[0].Tx.(state.FundingTick); ft.Rate <= 0 || uint64(ft.Rate) > state.FundingBound(mk, h.e.State().Time()) {
		t.Fatalf("rate %d", ft.Rate)
	}
}

// Signatures are checked for the engine's deployment: an order, cancel, cancel-all and amend signed for another
// one are refused.
func TestOtherDomainRefused(t *testing.T) {
	mine := state.Domain{ChainID: 1337, Rollup: common.HexToAddress("0x1000000000000000000000000000000000000001")}
	other := state.Domain{ChainID: 1337, Rollup: common.HexToAddress("0x2000000000000000000000000000000000000002")}
	db := kv.NewMemory()
	genesis(t, db)
	cfg := cfgState
	cfg.Domain = mine
	st, err := state.Open(cfg, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := &nopSealer{}
	e, err := New(Config{Markets: []MarketConfig{{ID: 0}, {ID: 1}}, Slots: 4, Sigs: state.NewSigCache(64)}, st, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, db: db, e: e, sealer: s, keys: map[uint32]*state.PrivateKey{}, ids: map[uint32]uint32{}, now: 1000}
	for a := uint32(1); a <= 2; a++ {
		h.keys[a] = h.key(a).For(mine)
		h.deposit(a, 1_000_000)
		h.margin(a, 0, 50_000)
	}
	wrong := h.keys[1].For(other)
	o := state.Order{Account: 1, ID: 1, Market: 0, Buy: true, Price: 900, Size: 1, MaxMakerFee: 1000, MaxTakerFee: 1000}
	_ = wrong.SignOrder(&o)
	if out := h.do(&Input{Kind: KindPlace, Place: &Place{Order: o}}); !errors.Is(out.Err, state.ErrBadSignature) {
		t.Fatalf("order for another domain: %v", out.Err)
	}
	out, id := h.place(1, 0, true, 900, 1, OrderFlags{})
	if out.Err != nil {
		t.Fatal(out.Err)
	}
	c := Cancel{Account: 1, Market: 0, OrderID: id}
	c.Sig, _ = wrong.SignMessage(c.Message())
	if out := h.do(&Input{Kind: KindCancel, Cancel: &c}); !errors.Is(out.Err, state.ErrBadSignature) {
		t.Fatalf("cancel for another domain: %v", out.Err)
	}
	ca := CancelAll{Account: 1, Market: 0, UpTo: id, Nonce: 1}
	ca.Sig, _ = wrong.SignMessage(ca.Message())
	if out := h.do(&Input{Kind: KindCancelAll, CancelAll: &ca}); !errors.Is(out.Err, state.ErrBadSignature) {
		t.Fatalf("cancel-all for another domain: %v", out.Err)
	}
	ord, _ := h.e.SignedOrder(1, id)
	ord.Price = 910
	_ = h.keys[1].SignOrder(&ord)
	am := Amend{Order: ord, Version: 1}
	am.Sig, _ = wrong.SignMessage(am.Message())
	if out := h.do(&Input{Kind: KindAmend, Amend: &am}); !errors.Is(out.Err, state.ErrBadSignature) {
		t.Fatalf("amend for another domain: %v", out.Err)
	}
	w := state.Withdraw{Account: 1, Amount: 1, Nonce: 1}
	_ = wrong.SignWithdraw(&w)
	if out := h.do(&Input{Kind: KindWithdraw, Withdraw: &w}); !errors.Is(out.Err, state.ErrBadSignature) {
		t.Fatalf("withdrawal for another domain: %v", out.Err)
	}
	pm := state.PositionMargin{Account: 1, Market: 0, ToPosition: true, Amount: 1, Nonce: 1}
	_ = wrong.SignPositionMargin(&pm)
	if out := h.do(&Input{Kind: KindMargin, Margin: &pm}); !errors.Is(out.Err, state.ErrBadSignature) {
		t.Fatalf("margin move for another domain: %v", out.Err)
	}
	c.Sig, _ = h.keys[1].SignMessage(c.Message())
	if out := h.do(&Input{Kind: KindCancel, Cancel: &c}); out.Err != nil {
		t.Fatalf("cancel for this domain: %v", out.Err)
	}
}

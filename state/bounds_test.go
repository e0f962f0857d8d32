package state

import (
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/zkperp/zkperp/state/kv"
)

// The operator picks the batch time; these tests play it against the bounds the time gives (docs/protocol.md
// "What the operator can and cannot do").

// An order signed with expiry 1 (1970) is never filled; expiry 0 means none; an expiry at the batch time still fills.
func TestFillRefusesExpiredOrder(t *testing.T) {
	e := newEnv(t, nil)
	for _, a := range []uint32{1, 2} {
		e.deposit(a, 1_000_000)
		e.must(e.margin(a, 0, true, 50_000))
	}
	signed := func(acc, id uint32, buy bool, expiry uint32) Order {
		o := Order{Account: acc, ID: id, Market: 0, Buy: buy, Price: 1000, Size: 5, MaxMakerFee: 1000, MaxTakerFee: 1000, Expiry: expiry}
		if err := e.key(acc).SignOrder(&o); err != nil {
			t.Fatal(err)
		}
		return o
	}
	now := e.s.Time()
	_, err := e.apply(Fill{Maker: signed(1, 1, false, 1), Taker: signed(2, 1, true, 0), Price: 1000, Size: 1})
	wantErr(t, err, ErrOrderExpired)
	_, err = e.apply(Fill{Maker: signed(1, 2, false, 0), Taker: signed(2, 2, true, now-1), Price: 1000, Size: 1})
	wantErr(t, err, ErrOrderExpired)
	e.must(Fill{Maker: signed(1, 3, false, now), Taker: signed(2, 3, true, 0), Price: 1000, Size: 1})
	e.advance(1) // the same order one second later has expired
	_, err = e.apply(Fill{Maker: signed(1, 3, false, now), Taker: signed(2, 4, true, 0), Price: 1000, Size: 1})
	wantErr(t, err, ErrOrderExpired)
	e.checkInvariants(3)
}

// 51 max-rate funding ticks in one batch: only what the elapsed time allows is accepted, so the funding a position
// pays over any period is bounded by maxFunding per hour whatever the operator does.
func TestFundingBoundedByElapsedTime(t *testing.T) {
	e := newEnv(t, nil)
	openPair(e, 10, 1000, 5_000)
	max := int64(testParams.MaxFunding)
	_, err := e.apply(FundingTick{Market: 0, Rate: 1}) // no time since genesis: nothing to pay
	wantErr(t, err, ErrFundingRate)
	e.advance(FundingPeriod / 2)
	_, err = e.apply(FundingTick{Market: 0, Rate: max}) // half an hour: half the hourly bound
	wantErr(t, err, ErrFundingRate)
	e.must(FundingTick{Market: 0, Rate: -max / 2})
	accepted := 1
	for i := 0; i < 50; i++ { // the rest of the 51 ticks, in the same batch (same time)
		if _, err := e.apply(FundingTick{Market: 0, Rate: -max}); err == nil {
			accepted++
		} else {
			wantErr(t, err, ErrFundingRate)
		}
	}
	if accepted != 1 {
		t.Fatalf("%d of 51 ticks accepted at one batch time", accepted)
	}
	m, _ := e.s.Market(0)
	if want := -int64(testParams.MaxFunding/2) * 1000 / Ppm; m.FundingIndex != want {
		t.Fatalf("funding index %d, want %d (half an hour at the bound)", m.FundingIndex, want)
	}
	if m.LastFunding != e.s.Time() {
		t.Fatalf("last funding %d, want the batch time %d", m.LastFunding, e.s.Time())
	}
	// ten hours without a tick: one tick may catch up ten hours, no more
	e.advance(10 * FundingPeriod)
	_, err = e.apply(FundingTick{Market: 0, Rate: 10*max + 1})
	wantErr(t, err, ErrFundingRate)
	e.must(FundingTick{Market: 0, Rate: 10 * max})
	e.checkInvariants(3)
}

// A liquidation needs a mark set at most MaxMarkAge before the batch time: the operator cannot liquidate at an old
// dip after the oracle came back.
func TestLiquidateNeedsFreshMark(t *testing.T) {
	e := newEnv(t, nil)
	openPair(e, 10, 1000, 1200)
	e.must(MarkPrice{Market: 0, Price: 800}) // the dip: the long is below maintenance
	e.advance(MaxMarkAge + 1)
	_, err := e.apply(Liquidate{Account: 1, Market: 0})
	wantErr(t, err, ErrStaleMark)
	e.must(MarkPrice{Market: 0, Price: 800}) // a fresh mark (L1 checks it against the current oracle round)
	m, _ := e.s.Market(0)
	if m.MarkTime != e.s.Time() {
		t.Fatalf("mark time %d, want the batch time %d", m.MarkTime, e.s.Time())
	}
	e.must(Liquidate{Account: 1, Market: 0})
	e.checkInvariants(3)
}

func TestBatchTimeNeverGoesBack(t *testing.T) {
	e := newEnv(t, nil)
	e.advance(10)
	if err := e.s.SetTime(e.s.Time() - 1); err == nil {
		t.Fatal("batch time went back")
	}
	now := e.s.Time()
	e.deposit(1, 10)
	if err := e.s.Commit(1); err != nil {
		t.Fatal(err)
	}
	if h, _ := e.s.BatchHead(1); h.Time != now {
		t.Fatalf("stored head time %d, want %d", h.Time, now)
	}
	g := Genesis{Config: testCfg, Time: 1234, Markets: []GenesisMarket{{ID: 0, Params: testParams, Mark: 1000}}}
	s, err := g.Build(kv.NewMemory(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Market(0); m.LastFunding != 1234 || m.MarkTime != 1234 || s.Time() != 1234 {
		t.Fatalf("genesis clocks: %+v, state time %d", m, s.Time())
	}
	g2 := g
	g2.Time++
	if r1, _ := g.Root(); func() bool { r2, _ := g2.Root(); return r1 == r2 }() {
		t.Fatal("the genesis time does not enter the genesis root")
	}
}

// A signature made for one deployment is refused by every other: orders, withdrawals and margin moves.
func TestSignaturesBoundToDomain(t *testing.T) {
	here := Domain{ChainID: 1337, Rollup: common.HexToAddress("0x00000000000000000000000000000000000a11ce")}
	cfg := testCfg
	cfg.Domain = here
	s, err := Open(cfg, kv.NewMemory(), nil)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, s: s, keys: map[uint32]*PrivateKey{}}
	e.deposited, e.withdrawn = newEnv(t, nil).deposited, newEnv(t, nil).withdrawn
	if err := s.InitMarket(0, testParams, 1000); err != nil {
		t.Fatal(err)
	}
	for _, a := range []uint32{1, 2} {
		e.key(a)
		e.keys[a] = e.keys[a].For(here)
		e.deposit(a, 1_000_000)
	}
	elsewhere := []Domain{{ChainID: 1, Rollup: here.Rollup}, {ChainID: here.ChainID, Rollup: common.Address{0xbe, 0xef}}, {}}
	for _, d := range elsewhere {
		replay := func(acc uint32) *PrivateKey { return e.keys[acc].For(d) }
		w := Withdraw{Account: 1, Amount: 10, Nonce: e.nonce(1)}
		_ = replay(1).SignWithdraw(&w)
		_, err := e.apply(w)
		wantErr(t, err, ErrBadSignature)
		m := PositionMargin{Account: 1, Market: 0, ToPosition: true, Amount: 10, Nonce: e.nonce(1)}
		_ = replay(1).SignPositionMargin(&m)
		_, err = e.apply(m)
		wantErr(t, err, ErrBadSignature)
		mk := Order{Account: 1, ID: 1, Market: 0, Price: 1000, Size: 1, MaxMakerFee: 1000, MaxTakerFee: 1000}
		tk := Order{Account: 2, ID: 1, Market: 0, Buy: true, Price: 1000, Size: 1, MaxMakerFee: 1000, MaxTakerFee: 1000}
		_ = replay(1).SignOrder(&mk)
		_ = e.keys[2].SignOrder(&tk)
		_, err = e.apply(Fill{Maker: mk, Taker: tk, Price: 1000, Size: 1})
		wantErr(t, err, ErrBadSignature)
	}
	e.must(e.withdraw(1, 10)) // signed for this deployment
}

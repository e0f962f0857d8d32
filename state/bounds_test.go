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

// A forced close (an L1 priority-queue entry) closes a position at the mark against the backstop whatever its
// margin, with no penalty, and credits the remaining equity to free collateral; it advances the priority queue like
// a deposit. A bankrupt position leaves its deficit to the insurance fund; a flat one still consumes its entry.
func TestForcedClose(t *testing.T) {
	e := newEnv(t, nil)
	openPair(e, 10, 1000, 5000) // 1 long 10 @1000, 2 short 10
	e.must(MarkPrice{Market: 0, Price: 1100, Round: 1})
	a1, _ := e.s.Account(1)
	p1, _ := e.s.Position(1, 0)
	before := e.s.Head()
	eq := Equity(p1, mustMarket(t, e, 0)).Int64()
	tr := e.must(Liquidate{Account: 1, Market: 0, Forced: true}) // healthy: a liquidation would be refused
	after, _ := e.s.Account(1)
	if got := int64(after.Free - a1.Free); got != eq {
		t.Fatalf("free grew by %d, want the equity %d", got, eq)
	}
	if p, _ := e.s.Position(1, 0); p.Size != 0 || p.Collateral != 0 || p.EntryNotional != 0 {
		t.Fatalf("position after a forced close: %+v", p)
	}
	if b, _ := e.s.Position(BackstopAccount, 0); b.Size != 10 {
		t.Fatalf("backstop took %d", b.Size)
	}
	want := e.s.QueueStep(before.DepositHash, 1, 0, QueueForcedClose, a1.PubKey)
	if tr.After.DepositHash != want || tr.After.DepositCount != before.DepositCount+1 {
		t.Fatal("a forced close does not consume its priority-queue entry")
	}
	_, err := e.apply(Liquidate{Account: 2, Market: 0}) // the short at 1100: healthy
	wantErr(t, err, ErrNotLiquidatable)
	// bankrupt: the short at 2000 owes more than its collateral: the fund pays, free is unchanged
	e.must(MarkPrice{Market: 0, Price: 2000, Round: 2})
	a2, _ := e.s.Account(2)
	m0 := mustMarket(t, e, 0)
	p2, _ := e.s.Position(2, 0)
	eq2 := Equity(p2, m0).Int64()
	if eq2 >= 0 {
		t.Fatalf("want a bankrupt short, equity %d", eq2)
	}
	e.must(Liquidate{Account: 2, Market: 0, Forced: true})
	if b, _ := e.s.Account(2); b.Free != a2.Free {
		t.Fatalf("a bankrupt forced close moved free %d → %d", a2.Free, b.Free)
	}
	// the fund takes the deficit and the backstop's realized PnL (its long 10 from 1100 closed at 2000)
	if m1 := mustMarket(t, e, 0); m1.Insurance-m0.Insurance != eq2+10*(2000-1100) {
		t.Fatalf("insurance %d → %d, want the deficit %d plus the backstop's 9000", m0.Insurance, m1.Insurance, eq2)
	}
	// flat: nothing moves but the queue
	h := e.s.Head()
	tr = e.must(Liquidate{Account: 1, Market: 0, Forced: true})
	if tr.After.DepositCount != h.DepositCount+1 {
		t.Fatal("a flat forced close does not consume its entry")
	}
	e.checkInvariants(3)
}

func mustMarket(t *testing.T, e *env, id uint8) Market {
	t.Helper()
	m, err := e.s.Market(id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A forced close naming a market that was never initialized (but within the tree) still consumes its queue entry,
// so no user can freeze the queue with it; one beyond the tree is refused (L1 refuses to queue it: BadMarket).
func TestForcedCloseOfUninitializedMarket(t *testing.T) {
	e := newEnv(t, nil) // markets 0 and 1 of 4
	e.deposit(1, 1_000)
	h := e.s.Head()
	tr := e.must(Liquidate{Account: 1, Market: 3, Forced: true})
	if tr.After.DepositCount != h.DepositCount+1 || tr.After.MarketsRoot != h.MarketsRoot {
		t.Fatal("a forced close of an uninitialized market must consume its entry and change no market")
	}
	if a, _ := e.s.Account(1); a.Free != 1_000 {
		t.Fatalf("free %d", a.Free)
	}
	_, err := e.apply(Liquidate{Account: 1, Market: 3}) // a plain liquidation there is refused
	wantErr(t, err, ErrUnknownMarket)
	_, err = e.apply(Liquidate{Account: 1, Market: 4, Forced: true})
	wantErr(t, err, ErrUnknownMarket)
	e.checkInvariants(2)
}

// A deposit the account's free collateral cannot hold is refunded (consumed, nothing credited; L1 returns it)
// instead of blocking the priority queue; a replayed refund must really overflow.
func TestDepositRefundedOnOverflow(t *testing.T) {
	e := newEnv(t, nil)
	e.deposit(1, MaxAmount-10)
	h := e.s.Head()
	tr := e.must(Deposit{Account: 1, PubKey: e.key(1).Public(), Amount: 11})
	d, _ := tr.Tx.(Deposit)
	if !d.Refunded || d.Amount != 11 || tr.After.DepositCount != h.DepositCount+1 {
		t.Fatalf("overflowing deposit: %+v", tr.Tx)
	}
	if a, _ := e.s.Account(1); a.Free != MaxAmount-10 {
		t.Fatalf("a refunded deposit credited: free %d", a.Free)
	}
	if want := pack([]uint64{1, 1, 11, 0, 1}, []uint{3, 32, 64, 1, 1}); tr.Pubdata != want {
		t.Fatal("refunded deposit pubdata")
	}
	e.must(Deposit{Account: 1, PubKey: e.key(1).Public(), Amount: 10}) // fits exactly
	_, err := e.apply(Deposit{Account: 2, PubKey: e.key(2).Public(), Amount: 5, Refunded: true})
	wantErr(t, err, ErrInvalidTx) // a replayed refund that fits
	_, err = e.apply(Deposit{Account: 2, PubKey: e.key(2).Public(), ForcedExit: true, Refunded: true})
	wantErr(t, err, ErrInvalidTx)
	e.checkInvariants(3)
}

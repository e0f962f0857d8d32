package state

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

func TestDeposit(t *testing.T) {
	e := newEnv(t, nil)
	e.deposit(1, 5000)
	e.deposit(1, 7)
	a, _ := e.s.Account(1)
	if a.Free != 5007 || a.PubKey != e.key(1).Public() {
		t.Fatalf("account after deposits: %+v", a)
	}
	h := e.s.Head()
	if h.DepositCount != 2 || h.DepositHash.IsZero() {
		t.Fatalf("deposit queue not advanced: %+v", h)
	}
	cases := []struct {
		name string
		tx   Deposit
		err  error
	}{
		{"other key", Deposit{Account: 1, PubKey: e.key(2).Public(), Amount: 1}, ErrKeyMismatch},
		{"backstop", Deposit{Account: 0, PubKey: e.key(2).Public(), Amount: 1}, ErrInvalidTx},
		{"no key", Deposit{Account: 3, Amount: 1}, ErrInvalidTx},
		{"index beyond tree", Deposit{Account: 1 << 5, PubKey: e.key(2).Public(), Amount: 1}, ErrUnknownAccount},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.apply(c.tx)
			wantErr(t, err, c.err)
		})
	}
}

func TestForcedExit(t *testing.T) {
	e := newEnv(t, nil)
	e.deposit(1, 5000)
	e.must(e.margin(1, 0, true, 1200))
	h0 := e.s.Head()
	fx := Deposit{Account: 1, PubKey: e.key(1).Public(), ForcedExit: true}
	tr := e.must(fx)
	done, ok := tr.Tx.(Deposit)
	if !ok || !done.ForcedExit || done.Amount != 3800 {
		t.Fatalf("executed forced exit: %+v", tr.Tx)
	}
	a, _ := e.s.Account(1)
	if a.Free != 0 || a.Nonce != 1 {
		t.Fatalf("after forced exit: %+v", a)
	}
	if p, _ := e.s.Position(1, 0); p.Collateral != 1200 {
		t.Fatalf("forced exit touched the position: %+v", p)
	}
	// pubdata: type 1, account, amount withdrawn, kind bit 1
	if want := pack([]uint64{1, 1, 3800, 1}, []uint{3, 32, 64, 1}); tr.Pubdata != want {
		t.Fatal("forced exit pubdata")
	}
	// the queue entry has amount 0 and kind 1, whatever amount the executed tx carries
	h := e.s.Head()
	want := e.s.DepositHashStep(h0.DepositHash, Deposit{Account: 1, PubKey: e.key(1).Public(), ForcedExit: true})
	if h.DepositHash != want || h.DepositCount != h0.DepositCount+1 {
		t.Fatal("forced exit queue step")
	}
	if want == e.s.DepositHashStep(h0.DepositHash, Deposit{Account: 1, PubKey: e.key(1).Public()}) {
		t.Fatal("kind bit not in the queue hash")
	}
	// nothing left: a second forced exit withdraws 0
	if tr := e.must(fx); tr.Tx.(Deposit).Amount != 0 {
		t.Fatalf("second forced exit: %+v", tr.Tx)
	}
	e.deposit(1, 10)
	_, err := e.apply(Deposit{Account: 1, PubKey: e.key(1).Public(), ForcedExit: true, Amount: 9})
	wantErr(t, err, ErrInvalidTx)
	_, err = e.apply(Deposit{Account: 1, PubKey: e.key(2).Public(), ForcedExit: true})
	wantErr(t, err, ErrKeyMismatch)
	_, err = e.apply(Deposit{Account: 0, PubKey: e.key(2).Public(), ForcedExit: true})
	wantErr(t, err, ErrInvalidTx)
	e.must(Deposit{Account: 1, PubKey: e.key(1).Public(), ForcedExit: true, Amount: 10}) // the published form

	// a replica checks the published amount against the free collateral
	r := newEnv(t, nil)
	lookup := func(a uint32) (PublicKey, bool) { return e.key(a).Public(), true }
	for _, pd := range e.pubdata {
		if _, err := r.s.ApplyProven(pd, lookup); err != nil {
			t.Fatal(err)
		}
	}
	if r.s.Root() != e.s.Root() || r.s.Head().DepositHash != e.s.Head().DepositHash {
		t.Fatal("replica differs")
	}
	r.deposit(1, 10)
	for _, amt := range []uint64{9, 0, 11} {
		pd := Pubdata(Deposit{Account: 1, Amount: amt, ForcedExit: true})
		if _, err := r.s.ApplyProven(pd.Bytes(), lookup); err == nil {
			t.Fatalf("replica accepted a forced exit of %d with 10 free", amt)
		}
	}
	pd := Pubdata(Deposit{Account: 3, Amount: 77, ForcedExit: true})
	dec, err := DecodePubdata(pd.Bytes())
	if err != nil || dec != (Deposit{Account: 3, Amount: 77, ForcedExit: true}) {
		t.Fatalf("decode: %+v %v", dec, err)
	}
}

func TestWithdraw(t *testing.T) {
	e := newEnv(t, nil)
	e.deposit(1, 1000)
	e.deposit(2, 1000)
	w := e.withdraw(1, 400)
	e.must(w)
	if a, _ := e.s.Account(1); a.Free != 600 || a.Nonce != 1 {
		t.Fatalf("after withdraw: %+v", a)
	}
	_, err := e.apply(w) // replay: nonce now 1
	wantErr(t, err, ErrBadNonce)
	big := e.withdraw(1, 601)
	_, err = e.apply(big)
	wantErr(t, err, ErrInsufficientFunds)
	forged := e.withdraw(1, 10)
	forged.Amount = 11
	_, err = e.apply(forged)
	wantErr(t, err, ErrBadSignature)
	wrongKey := Withdraw{Account: 1, Amount: 10, Nonce: 1}
	_ = e.key(2).SignWithdraw(&wrongKey)
	_, err = e.apply(wrongKey)
	wantErr(t, err, ErrBadSignature)
	_, err = e.apply(e.withdraw(9, 1)) // never deposited: no key
	wantErr(t, err, ErrUnknownAccount)
	_, err = e.apply(e.withdraw(1, 0))
	wantErr(t, err, ErrInvalidTx)
	e.checkInvariants(4)
}

func TestPositionMargin(t *testing.T) {
	e := newEnv(t, nil)
	e.deposit(1, 1000)
	e.must(e.margin(1, 0, true, 300))
	p, _ := e.s.Position(1, 0)
	a, _ := e.s.Account(1)
	if p.Collateral != 300 || a.Free != 700 || a.Nonce != 1 {
		t.Fatalf("after margin in: %+v %+v", p, a)
	}
	if q, _ := e.s.Position(1, 1); q != (Position{}) {
		t.Fatal("other market's position touched")
	}
	e.must(e.margin(1, 0, false, 100))
	_, err := e.apply(e.margin(1, 0, false, 201))
	wantErr(t, err, ErrInsufficientMargin)
	_, err = e.apply(e.margin(1, 0, true, 2000))
	wantErr(t, err, ErrInsufficientFunds)
	_, err = e.apply(e.margin(1, 3, true, 1)) // market 3 not initialized
	wantErr(t, err, ErrUnknownMarket)
	e.checkInvariants(3)
}

// openPair funds 1 (long) and 2 (short) and fills size at price on market 0.
func openPair(e *env, size, price, coll uint64) {
	for _, a := range []uint32{1, 2} {
		e.deposit(a, 1_000_000)
		e.must(e.margin(a, 0, true, coll))
	}
	mk := e.order(2, 1, 0, false, price, size)
	tk := e.order(1, 1, 0, true, price, size)
	e.must(Fill{Maker: mk, Taker: tk, Price: mk.Price, Size: size})
}

func TestFillOpensAndCloses(t *testing.T) {
	e := newEnv(t, nil)
	openPair(e, 10, 1000, 5000)
	l, _ := e.s.Position(1, 0)
	sh, _ := e.s.Position(2, 0)
	// notional 10_000: taker fee 5 (500 ppm), maker fee 2 (200 ppm)
	if l.Size != 10 || l.EntryNotional != 10_000 || l.Collateral != 4995 {
		t.Fatalf("long: %+v", l)
	}
	if sh.Size != -10 || sh.EntryNotional != 10_000 || sh.Collateral != 4998 {
		t.Fatalf("short: %+v", sh)
	}
	m, _ := e.s.Market(0)
	if m.OpenInterest != 10 || m.FeePool != 7 {
		t.Fatalf("market: %+v", m)
	}
	// Long closes 4 at 1100 to a new buyer 3: realizes 4·1100 − 4000 = 400.
	e.deposit(3, 1_000_000)
	e.must(e.margin(3, 0, true, 5000))
	mk := e.order(3, 5, 0, true, 1100, 4)
	tk := e.order(1, 2, 0, false, 1100, 4)
	e.must(Fill{Maker: mk, Taker: tk, Price: mk.Price, Size: 4})
	l, _ = e.s.Position(1, 0)
	if l.Size != 6 || l.EntryNotional != 6000 || l.Collateral != 4995+400-2 { // taker fee floor(4400·500/1e6) = 2
		t.Fatalf("long after partial close: %+v", l)
	}
	e.checkInvariants(4)
}

func TestFillRules(t *testing.T) {
	e := newEnv(t, nil)
	openPair(e, 10, 1000, 5000)
	e.deposit(3, 1_000_000)
	e.must(e.margin(3, 0, true, 100))
	mk := e.order(2, 7, 0, false, 1000, 5)
	tk := e.order(1, 7, 0, true, 1000, 5)
	badSig := tk
	badSig.Size = 6
	wrongKey := tk
	_ = e.key(3).SignOrder(&wrongKey)
	offTick := e.order(2, 8, 0, false, 1005, 5)
	tkLow := e.order(1, 8, 0, true, 990, 5)
	sameSide := e.order(2, 9, 0, true, 1000, 5)
	otherMarket := e.order(1, 9, 1, true, 1000, 5)
	lowFee := e.order(1, 10, 0, true, 1000, 5)
	lowFee.MaxTakerFee = 100
	_ = e.key(1).SignOrder(&lowFee)
	poor := e.order(3, 1, 0, true, 1000, 5) // 100 collateral vs 500 initial margin
	cases := []struct {
		name string
		f    Fill
		err  error
	}{
		{"overfill", Fill{Maker: mk, Taker: tk, Price: mk.Price, Size: 6}, ErrOverfill},
		{"forged", Fill{Maker: mk, Taker: badSig, Price: mk.Price, Size: 1}, ErrBadSignature},
		{"wrong key", Fill{Maker: mk, Taker: wrongKey, Price: mk.Price, Size: 1}, ErrBadSignature},
		{"off tick", Fill{Maker: offTick, Taker: tk, Price: offTick.Price, Size: 1}, ErrPriceNotOnTick},
		{"taker limit", Fill{Maker: mk, Taker: tkLow, Price: mk.Price, Size: 1}, ErrPriceLimit},
		{"same side", Fill{Maker: sameSide, Taker: tk, Price: sameSide.Price, Size: 1}, ErrSideMismatch},
		{"market mismatch", Fill{Maker: mk, Taker: otherMarket, Price: mk.Price, Size: 1}, ErrMarketMismatch},
		{"fee bound", Fill{Maker: mk, Taker: lowFee, Price: mk.Price, Size: 1}, ErrFeeAboveBound},
		{"under margin", Fill{Maker: mk, Taker: poor, Price: mk.Price, Size: 5}, ErrInsufficientMargin},
		{"self trade", Fill{Maker: e.order(1, 11, 0, false, 1000, 1), Taker: tk, Price: 1000, Size: 1}, ErrSelfTrade},
		{"maker limit", Fill{Maker: mk, Taker: tk, Price: 990, Size: 1}, ErrPriceLimit},
		{"zero", Fill{Maker: mk, Taker: tk, Price: mk.Price, Size: 0}, ErrOverflow},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.apply(c.f)
			wantErr(t, err, c.err)
		})
	}
	// A pegged maker (signed price = its cap) may fill at a better price inside both limits.
	pegMaker := e.order(2, 30, 0, false, 1000, 1)
	wideTaker := e.order(1, 30, 0, true, 1020, 1)
	e.must(Fill{Maker: pegMaker, Taker: wideTaker, Price: 1010, Size: 1})
	// Partial fills accumulate; the slot refuses the rest beyond the size, and an old id after a newer one.
	e.must(Fill{Maker: mk, Taker: tk, Price: mk.Price, Size: 3})
	_, err := e.apply(Fill{Maker: mk, Taker: tk, Price: mk.Price, Size: 3})
	wantErr(t, err, ErrOverfill)
	e.must(Fill{Maker: mk, Taker: tk, Price: mk.Price, Size: 2})
	newer := e.order(1, 7+8, 0, true, 1000, 1) // same slot (depth 3), larger id
	mk2 := e.order(2, 20, 0, false, 1000, 1)
	e.must(Fill{Maker: mk2, Taker: newer, Price: mk2.Price, Size: 1})
	mk3 := e.order(2, 21, 0, false, 1000, 1)
	_, err = e.apply(Fill{Maker: mk3, Taker: tk, Price: mk3.Price, Size: 0 + 1})
	wantErr(t, err, ErrStaleOrder)
	e.checkInvariants(4)
}

func TestFlipPosition(t *testing.T) {
	e := newEnv(t, nil)
	openPair(e, 10, 1000, 5000) // 1 long 10, 2 short 10
	// 1 sells 15 to 2 at 1200: closes 10 (realizes +2000), opens short 5 @1200.
	mk := e.order(2, 2, 0, true, 1200, 15)
	tk := e.order(1, 2, 0, false, 1200, 15)
	e.must(Fill{Maker: mk, Taker: tk, Price: mk.Price, Size: 15})
	l, _ := e.s.Position(1, 0)
	if l.Size != -5 || l.EntryNotional != 6000 {
		t.Fatalf("flipped: %+v", l)
	}
	e.checkInvariants(3)
}

func TestFundingAndLiquidation(t *testing.T) {
	e := newEnv(t, nil)
	openPair(e, 10, 1000, 1500) // IM 10% of 10_000 = 1000
	e.advance(FundingPeriod)
	_, err := e.apply(FundingTick{Market: 0, Rate: 1001}) // above 1000 ppm for one period
	wantErr(t, err, ErrFundingRate)
	e.must(FundingTick{Market: 0, Rate: 1000}) // +1 per step: longs pay
	// Mark drops to 900: long equity ≈ 1495 − 1000 − 10 = 485 < MM 450? no: 485 ≥ 450, not liquidatable.
	e.must(MarkPrice{Market: 0, Price: 900})
	_, err = e.apply(Liquidate{Account: 1, Market: 0})
	wantErr(t, err, ErrNotLiquidatable)
	e.must(MarkPrice{Market: 0, Price: 890})
	e.must(Liquidate{Account: 1, Market: 0})
	l, _ := e.s.Position(1, 0)
	b, _ := e.s.Position(BackstopAccount, 0)
	if l.Size != 0 || b.Size != 10 || b.EntryNotional != 8900 {
		t.Fatalf("after liquidation: liquidated %+v backstop %+v", l, b)
	}
	// The short is untouched by the long's liquidation (isolation), apart from funding owed when next touched.
	s, _ := e.s.Position(2, 0)
	if s.Size != -10 || s.Collateral != 1500-2 {
		t.Fatalf("short changed: %+v", s)
	}
	_, err = e.apply(Liquidate{Account: 2, Market: 0})
	wantErr(t, err, ErrNotLiquidatable)
	e.checkInvariants(3)
}

func TestBankruptcyUsesInsurance(t *testing.T) {
	e := newEnv(t, nil)
	openPair(e, 10, 1000, 1200)
	e.must(MarkPrice{Market: 0, Price: 800}) // long equity 1195 − 2000 < 0
	before, _ := e.s.Market(0)
	e.must(Liquidate{Account: 1, Market: 0})
	after, _ := e.s.Market(0)
	if after.Insurance >= before.Insurance {
		t.Fatalf("insurance did not pay the deficit: %d → %d", before.Insurance, after.Insurance)
	}
	e.checkInvariants(3)
}

func TestMarkPriceAndNoOp(t *testing.T) {
	e := newEnv(t, nil)
	r := e.s.Root()
	tr := e.must(NoOp{})
	if e.s.Root() != r || !tr.Pubdata.IsZero() {
		t.Fatal("noop changed state")
	}
	_, err := e.apply(MarkPrice{Market: 0, Price: 0})
	wantErr(t, err, ErrOverflow)
	_, err = e.apply(MarkPrice{Market: 2, Price: 5})
	wantErr(t, err, ErrUnknownMarket)
	e.must(MarkPrice{Market: 1, Price: 5})
	if m, _ := e.s.Market(1); m.Mark != 5 {
		t.Fatal("mark not set")
	}
}

func TestPubdataFitsAndDiffers(t *testing.T) {
	e := newEnv(t, nil)
	mk := e.order(2, MaxOrderID, 1, false, MaxSize, MaxSize)
	tk := e.order(1<<31, MaxOrderID, 1, true, MaxSize, MaxSize)
	pd := Pubdata(Fill{Maker: mk, Taker: tk, Price: mk.Price, Size: MaxSize})
	var b big.Int
	pd.BigInt(&b)
	if b.BitLen() > 236 {
		t.Fatalf("fill pubdata uses %d bits", b.BitLen())
	}
	a := Pubdata(Withdraw{Account: 1, Amount: 5})
	c := Pubdata(Deposit{Account: 1, Amount: 5})
	if a.Equal(&c) {
		t.Fatal("withdraw and deposit pubdata collide")
	}
	var msgs []fr.Element
	msgs = append(msgs, mk.Message())
	w := Withdraw{Account: 2, Amount: MaxAmount, Nonce: MaxNonce}
	msgs = append(msgs, w.Message())
	for _, m := range msgs {
		var x big.Int
		m.BigInt(&x)
		if x.BitLen() > 240 {
			t.Fatalf("message uses %d bits", x.BitLen())
		}
	}
}

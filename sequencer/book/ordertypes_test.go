package book

import (
	"errors"
	"testing"
)

func TestSelfTradePrevention(t *testing.T) {
	cases := []struct {
		mode STPMode
		want []string
		asks []string
	}{
		{STPExpireTaker, []string{"accepted 1/9 5@1010", "fill 1/9<-2/1 2@1000 fees 0/0",
			"expired 1/9 3 self-trade prevented"}, []string{"1/1:2@1000", "3/1:2@1010"}},
		{STPExpireMaker, []string{"accepted 1/9 5@1010", "fill 1/9<-2/1 2@1000 fees 0/0",
			"expired 1/1 2 self-trade prevented", "fill 1/9<-3/1 2@1010 fees 0/0", "posted 1/9 1@1010"}, nil},
		{STPExpireBoth, []string{"accepted 1/9 5@1010", "fill 1/9<-2/1 2@1000 fees 0/0",
			"expired 1/1 2 self-trade prevented", "expired 1/9 3 self-trade prevented"}, []string{"3/1:2@1010"}},
	}
	for _, c := range cases {
		t.Run(c.mode.String(), func(t *testing.T) {
			x := newTBook(t)
			x.mustPlace(lim(2, 1, Sell, 1000, 2), lim(1, 1, Sell, 1000, 2), lim(3, 1, Sell, 1010, 2))
			x.mustPlace(with(lim(1, 9, Buy, 1010, 5), func(o *Order) { o.STP = c.mode }))
			x.expect(c.want...)
			x.expectQueue(Sell, c.asks...)
		})
	}
}

func TestStopLossTakeProfit(t *testing.T) {
	cond := func(o Order, k TriggerKind, trig uint64) Order {
		o.Trigger, o.TriggerPrice = k, trig
		return o
	}
	mkt := func(o Order) Order { o.Type = Market; return o }
	x := newTBook(t)
	if err := x.mark(1000); err != nil {
		t.Fatal(err)
	}
	x.mustPlace(lim(9, 1, Buy, 950, 10), lim(9, 2, Sell, 1050, 10))
	x.mustPlace(
		cond(mkt(lim(1, 1, Sell, 900, 3)), StopLoss, 960),     // sell stop: mark ≤ 960
		cond(lim(2, 1, Buy, 1060, 3), StopLoss, 1040),         // buy stop: mark ≥ 1040, then a limit
		cond(mkt(lim(3, 1, Sell, 1000, 2)), TakeProfit, 1030), // sell take-profit: mark ≥ 1030
		cond(lim(4, 1, Buy, 940, 2), TakeProfit, 970),         // buy take-profit: mark ≤ 970, rests at 940
		cond(mkt(lim(5, 1, Sell, 900, 1)), StopLoss, 950),     // a second sell stop, lower
	)
	x.expect("accepted 5/1 1@900")
	if got := len(x.b.Pending(nil)); got != 5 {
		t.Fatalf("%d pending", got)
	}
	if _, ok := x.b.Lookup(1, 1); !ok {
		t.Fatal("pending order not found")
	}
	x.expectQueue(Buy, "9/1:10@950")
	// mark 1010: nothing fires
	if err := x.mark(1010); err != nil {
		t.Fatal(err)
	}
	x.expect()
	// mark 960: the first sell stop and the buy take-profit fire, in arrival order
	if err := x.mark(960); err != nil {
		t.Fatal(err)
	}
	x.expect("triggered 1/1 3", "fill 1/1<-9/1 3@950 fees 0/0",
		"triggered 4/1 2", "posted 4/1 2@940")
	// mark 1040 fires the buy stop (a limit that trades) and the sell take-profit (a market order whose worst
	// price 1000 is above the best bid: it expires)
	if err := x.mark(1040); err != nil {
		t.Fatal(err)
	}
	x.expect("triggered 2/1 3", "fill 2/1<-9/2 3@1050 fees 0/0",
		"triggered 3/1 2", "expired 3/1 2 unfilled rest of an immediate order")
	if x.b.Mark() != 1040 || len(x.b.Pending(nil)) != 1 {
		t.Fatal("pending orders left")
	}
}

func TestTriggeredOrdersRechecked(t *testing.T) {
	stop := func(o Order) Order {
		o.Trigger, o.TriggerPrice = StopLoss, 990
		return o
	}
	x := newTBook(t)
	x.mustPlace(lim(9, 1, Buy, 980, 10), lim(9, 2, Sell, 1000, 10))
	x.risk.pos[1] = 2
	x.mustPlace(
		stop(with(lim(1, 1, Sell, 970, 5), func(o *Order) { o.ReduceOnly = true })),        // clamped to the position at trigger
		stop(with(lim(1, 2, Sell, 970, 5), func(o *Order) { o.ReduceOnly = true })),        // then flat: expires
		stop(with(lim(2, 1, Sell, 980, 5), func(o *Order) { o.PostOnly = true })),          // would cross at trigger
		stop(with(lim(3, 1, Sell, 990, 7), func(o *Order) {})),                             // refused by risk at trigger
		stop(with(lim(4, 1, Sell, 990, 2), func(o *Order) { o.TIF = FOK; o.Price = 980 })), // fills whole
	)
	if err := x.mark(990); err != nil {
		t.Fatal(err)
	}
	x.expect("triggered 1/1 2", "fill 1/1<-9/1 2@980 fees 0/0",
		"triggered 1/2 5", "expired 1/2 5 reduce-only order would increase or flip the position",
		"triggered 2/1 5", "expired 2/1 5 post-only order would cross the book",
		"triggered 3/1 7", "expired 3/1 7 risk check failed",
		"triggered 4/1 2", "fill 4/1<-9/1 2@980 fees 0/0")
	// amending a pending order changes it in place
	x.mustPlace(with(lim(5, 1, Sell, 970, 5), func(o *Order) { o.Trigger, o.TriggerPrice = StopLoss, 900 }))
	if err := x.do(func() error { return x.b.Amend(x.now, 5, 1, 960, 4) }); err != nil {
		t.Fatal(err)
	}
	x.expect("amended 5/1 4@960 kept")
	if o, _ := x.b.Lookup(5, 1); !o.Pending || o.Price != 960 || o.Size != 4 {
		t.Fatalf("pending order %+v", o)
	}
}

func TestIceberg(t *testing.T) {
	x := newTBook(t)
	x.mustPlace(with(lim(1, 1, Sell, 1000, 10), func(o *Order) { o.DisplaySize = 3 }), lim(2, 1, Sell, 1000, 2))
	x.expectQueue(Sell, "1/1:3@1000", "2/1:2@1000")
	if d := x.b.Depth(Sell, 0, nil); len(d) != 1 || d[0] != (Level{Price: 1000, Size: 5, Orders: 2}) {
		t.Fatalf("depth %+v shows hidden size", d)
	}
	// taking the slice refills it at the back of the level
	x.mustPlace(lim(3, 1, Buy, 1000, 4))
	x.expect("accepted 3/1 4@1000", "fill 3/1<-1/1 3@1000 fees 0/0", "refilled 1/1 3@1000",
		"fill 3/1<-2/1 1@1000 fees 0/0")
	x.expectQueue(Sell, "2/1:1@1000", "1/1:3@1000")
	// a large taker eats the whole iceberg, slice by slice
	x.mustPlace(lim(4, 1, Buy, 1000, 20))
	x.expect("accepted 4/1 20@1000", "fill 4/1<-2/1 1@1000 fees 0/0", "fill 4/1<-1/1 3@1000 fees 0/0",
		"refilled 1/1 3@1000", "fill 4/1<-1/1 3@1000 fees 0/0", "refilled 1/1 1@1000",
		"fill 4/1<-1/1 1@1000 fees 0/0", "posted 4/1 12@1000")
	// an iceberg taker shows only its slice when it rests
	x.mustPlace(with(lim(5, 1, Sell, 990, 20), func(o *Order) { o.DisplaySize = 5 }))
	x.expect("accepted 5/1 20@990", "fill 5/1<-4/1 12@1000 fees 1/2", "posted 5/1 5@990")
}

func TestPegged(t *testing.T) {
	peg := func(o Order, ref PegRef, off int64) Order {
		o.Type, o.Peg, o.PegOffset = Pegged, ref, off
		return o
	}
	x := newTBook(t)
	x.mustPlace(lim(9, 1, Buy, 1000, 5), lim(9, 2, Sell, 1100, 5))
	x.mustPlace(peg(lim(1, 1, Buy, 0, 2), PegBestBid, 10))  // joins one tick above the best bid
	x.mustPlace(peg(lim(2, 1, Sell, 0, 2), PegBestBid, 60)) // a sell pegged to the bid side
	x.mustPlace(peg(lim(3, 1, Buy, 0, 2), PegBestAsk, -10)) // one tick below the ask
	// the buy pegged to the ask (1100 - 10) stays one tick under the actual best ask, the pegged 2/1
	x.expectQueue(Buy, "3/1:2@1050", "1/1:2@1010", "9/1:5@1000")
	x.expectQueue(Sell, "2/1:2@1060", "9/2:5@1100")
	// the best non-pegged bid moves up: the orders pegged to it follow
	x.mustPlace(lim(9, 3, Buy, 1020, 1))
	x.expect("accepted 9/3 1@1020", "posted 9/3 1@1020", "repriced 1/1 2@1030", "repriced 2/1 2@1080")
	// the best non-pegged ask moves down: the buy pegged to it follows
	x.mustPlace(lim(9, 4, Sell, 1070, 1))
	x.expect("accepted 9/4 1@1070", "posted 9/4 1@1070", "repriced 3/1 2@1060")
	// the mark peg needs a mark, follows SetMark (rounded down to the tick) and respects its cap
	if err := x.place(peg(lim(4, 2, Buy, 0, 1), PegMark, 0)); !errors.Is(err, ReasonNoPegReference) {
		t.Fatalf("got %v", err)
	}
	if err := x.mark(1037); err != nil {
		t.Fatal(err)
	}
	x.expect()
	x.mustPlace(peg(lim(4, 1, Buy, 1020, 1), PegMark, 0))
	x.expect("accepted 4/1 1@1020", "posted 4/1 1@1020")
	if err := x.mark(1005); err != nil {
		t.Fatal(err)
	}
	x.expect("repriced 4/1 1@1000")
	if err := x.mark(1500); err != nil {
		t.Fatal(err)
	}
	x.expect("repriced 4/1 1@1020")
	// a target that would cross is kept one tick passive of the opposite best
	x.mustPlace(peg(lim(4, 3, Buy, 0, 1), PegMark, 0))
	x.expect("accepted 4/3 1@1060", "posted 4/3 1@1060")
	// cancelling the best bid moves the reference back down; the sell peg stays above the (pegged) best bid
	if err := x.do(func() error { return x.b.Cancel(x.now, 9, 3) }); err != nil {
		t.Fatal(err)
	}
	x.expect("cancelled 9/3 1", "repriced 1/1 2@1010", "repriced 2/1 2@1070")
	// a pegged order can change size (not price)
	if err := x.do(func() error { return x.b.Amend(x.now, 1, 1, 0, 1) }); err != nil {
		t.Fatal(err)
	}
	x.expect("amended 1/1 1@1010 kept")
}

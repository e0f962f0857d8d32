package book

import (
	"errors"
	"testing"
)

func TestNewRejectsBadConfig(t *testing.T) {
	for _, c := range []Config{
		{TickSize: 0},
		{TickSize: MaxPrice + 1},
		{TickSize: 1, LotSize: MaxSize + 1},
		{TickSize: 1, MaxSize: MaxSize + 1},
		{TickSize: 1, MinSize: 10, MaxSize: 5},
		{TickSize: 1, MakerFeePpm: MaxFeePpm + 1},
		{TickSize: 1, MaxOrders: -1},
	} {
		if _, err := New(c, nil); err == nil || c.Check() == nil {
			t.Errorf("config %+v accepted", c)
		}
	}
}

// TestRejections covers every rejection reason of Place: the order is refused with one Rejected event, the
// error is the reason, and the book is unchanged.
func TestRejections(t *testing.T) {
	base := lim(1, 1, Buy, 1000, 5)
	cases := []struct {
		name   string
		cfg    func(*Config)
		setup  []Order
		pos    int64 // position of account 1
		mark   uint64
		order  Order
		reason Reason
	}{
		{name: "side", order: with(base, func(o *Order) { o.Side = 0 }), reason: ReasonInvalidSide},
		{name: "type", order: with(base, func(o *Order) { o.Type = 9 }), reason: ReasonInvalidType},
		{name: "tif", order: with(base, func(o *Order) { o.TIF = 9 }), reason: ReasonInvalidTIF},
		{name: "market GTT", order: with(base, func(o *Order) { o.Type, o.TIF, o.ExpiresAt = Market, GTT, 5000 }), reason: ReasonInvalidTIF},
		{name: "pegged IOC", order: with(base, func(o *Order) { o.Type, o.Peg, o.TIF = Pegged, PegMark, IOC }), mark: 1000, reason: ReasonInvalidTIF},
		{name: "stp", order: with(base, func(o *Order) { o.STP = 3 }), reason: ReasonInvalidSTP},
		{name: "zero size", order: with(base, func(o *Order) { o.Size = 0 }), reason: ReasonSizeRange},
		{name: "size above max", cfg: func(c *Config) { c.MaxSize = 100 }, order: with(base, func(o *Order) { o.Size = 101 }), reason: ReasonSizeRange},
		{name: "off step", cfg: func(c *Config) { c.LotSize = 2 }, order: with(base, func(o *Order) { o.Size = 5 }), reason: ReasonOffStep},
		{name: "below min", cfg: func(c *Config) { c.LotSize, c.MinSize = 2, 6 }, order: with(base, func(o *Order) { o.Size = 4 }), reason: ReasonBelowMinSize},
		{name: "zero price", order: with(base, func(o *Order) { o.Price = 0 }), reason: ReasonPriceRange},
		{name: "price above max", cfg: func(c *Config) { c.TickSize = 1 }, order: with(base, func(o *Order) { o.Price = MaxPrice + 1 }), reason: ReasonPriceRange},
		{name: "off tick", order: with(base, func(o *Order) { o.Price = 1005 }), reason: ReasonOffTick},
		{name: "market without bound", order: with(base, func(o *Order) { o.Type, o.Price = Market, 0 }), reason: ReasonNoPriceBound},
		{name: "notional overflow", cfg: func(c *Config) { c.TickSize = 1 }, order: with(base, func(o *Order) { o.Price, o.Size = 1<<40, 1<<24 }), reason: ReasonNotionalOverflow},
		{name: "GTT in the past", order: with(base, func(o *Order) { o.TIF, o.ExpiresAt = GTT, 1000 }), reason: ReasonExpiryInPast},
		{name: "expiry on GTC", order: with(base, func(o *Order) { o.ExpiresAt = 5000 }), reason: ReasonExpiryInPast},
		{name: "post-only IOC", order: with(base, func(o *Order) { o.PostOnly, o.TIF = true, IOC }), reason: ReasonInvalidFlags},
		{name: "post-only market", order: with(base, func(o *Order) { o.PostOnly, o.Type = true, Market }), reason: ReasonInvalidFlags},
		{name: "iceberg display ≥ size", order: with(base, func(o *Order) { o.DisplaySize = 5 }), reason: ReasonInvalidIceberg},
		{name: "iceberg off lot", cfg: func(c *Config) { c.LotSize = 2 }, order: with(base, func(o *Order) { o.Size, o.DisplaySize = 6, 3 }), reason: ReasonInvalidIceberg},
		{name: "iceberg IOC", order: with(base, func(o *Order) { o.DisplaySize, o.TIF = 1, IOC }), reason: ReasonInvalidIceberg},
		{name: "iceberg reduce-only", order: with(base, func(o *Order) { o.DisplaySize, o.ReduceOnly = 1, true }), reason: ReasonInvalidIceberg},
		{name: "trigger kind", order: with(base, func(o *Order) { o.Trigger, o.TriggerPrice = 3, 900 }), reason: ReasonInvalidTrigger},
		{name: "trigger price zero", order: with(base, func(o *Order) { o.Trigger = StopLoss }), reason: ReasonInvalidTrigger},
		{name: "trigger off tick", order: with(base, func(o *Order) { o.Trigger, o.TriggerPrice = StopLoss, 905 }), reason: ReasonInvalidTrigger},
		{name: "trigger price without kind", order: with(base, func(o *Order) { o.TriggerPrice = 900 }), reason: ReasonInvalidTrigger},
		{name: "pegged with trigger", order: with(base, func(o *Order) { o.Type, o.Peg, o.Trigger, o.TriggerPrice = Pegged, PegMark, StopLoss, 900 }), reason: ReasonInvalidTrigger},
		{name: "peg reference", order: with(base, func(o *Order) { o.Type, o.Peg = Pegged, 7 }), reason: ReasonInvalidPeg},
		{name: "peg offset off tick", order: with(base, func(o *Order) { o.Type, o.Peg, o.PegOffset = Pegged, PegMark, 5 }), reason: ReasonInvalidPeg},
		{name: "peg on a limit order", order: with(base, func(o *Order) { o.Peg = PegMark }), reason: ReasonInvalidPeg},
		{name: "maker fee above bound", order: with(base, func(o *Order) { o.MaxMakerFeePpm = 99 }), reason: ReasonFeeAboveBound},
		{name: "taker fee above bound", order: with(base, func(o *Order) { o.MaxTakerFeePpm = 199 }), reason: ReasonFeeAboveBound},
		{name: "duplicate", setup: []Order{base}, order: base, reason: ReasonDuplicateOrder},
		{name: "duplicate of a pending order", setup: []Order{with(base, func(o *Order) { o.Trigger, o.TriggerPrice = StopLoss, 2000 })}, order: base, reason: ReasonDuplicateOrder},
		{name: "book full", cfg: func(c *Config) { c.MaxOrders = 1 }, setup: []Order{lim(2, 1, Sell, 2000, 1)}, order: base, reason: ReasonBookFull},
		{name: "post-only would cross", setup: []Order{lim(2, 1, Sell, 1000, 1)}, order: with(base, func(o *Order) { o.PostOnly = true }), reason: ReasonPostOnlyWouldCross},
		{name: "reduce-only flat", order: with(base, func(o *Order) { o.ReduceOnly = true }), reason: ReasonReduceOnly},
		{name: "reduce-only same direction", pos: 5, order: with(base, func(o *Order) { o.ReduceOnly = true }), reason: ReasonReduceOnly},
		{name: "risk", order: with(base, func(o *Order) { o.Account, o.Size = 3, 7 }), reason: ReasonRisk},
		{name: "stop already triggered", mark: 1000, order: with(base, func(o *Order) { o.Trigger, o.TriggerPrice = StopLoss, 1000 }), reason: ReasonWouldTrigger},
		{name: "take-profit already triggered", mark: 1000, order: with(base, func(o *Order) { o.Side, o.Trigger, o.TriggerPrice = Sell, TakeProfit, 990 }), reason: ReasonWouldTrigger},
		{name: "peg without reference", order: with(base, func(o *Order) { o.Type, o.Peg = Pegged, PegBestBid }), reason: ReasonNoPegReference},
		{name: "peg without passive price", setup: []Order{lim(2, 1, Sell, 10, 1)}, mark: 1000, order: with(base, func(o *Order) { o.Type, o.Peg = Pegged, PegMark }), reason: ReasonPegNoPrice},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfgs := []func(*Config){}
			if c.cfg != nil {
				cfgs = append(cfgs, c.cfg)
			}
			x := newTBook(t, cfgs...)
			x.risk.pos[1] = c.pos
			if c.mark != 0 {
				if err := x.mark(c.mark); err != nil {
					t.Fatal(err)
				}
			}
			x.mustPlace(c.setup...)
			before := x.b.Snapshot()
			err := x.place(c.order)
			if !errors.Is(err, c.reason) || ReasonOf(err) != c.reason {
				t.Fatalf("got %v, want %v", err, c.reason)
			}
			x.expect("rejected " + refStr(OrderRef{c.order.Account, c.order.ID}) + " " + c.reason.String())
			after := x.b.Snapshot()
			after.Seq--
			after.Now = before.Now // the clock moves with every operation
			if !snapshotsEqual(before, after) {
				t.Fatalf("book changed by a rejected order: %+v vs %+v", *before, *after)
			}
		})
	}
}

func TestRiskErrorWrapsChecker(t *testing.T) {
	x := newTBook(t)
	err := x.place(lim(3, 1, Buy, 1000, 7))
	var re *RiskError
	if !errors.As(err, &re) || !errors.Is(err, errRefused) || !errors.Is(err, ReasonRisk) || re.Ref != (OrderRef{3, 1}) {
		t.Fatalf("got %v", err)
	}
}

func TestOperationRejections(t *testing.T) {
	x := newTBook(t)
	x.mustPlace(lim(1, 1, Buy, 1000, 5), with(lim(1, 2, Buy, 1000, 5), func(o *Order) { o.Type, o.Peg = Pegged, PegBestBid }))
	check := func(name string, err error, want Reason) {
		t.Helper()
		if ReasonOf(err) != want {
			t.Fatalf("%s: got %v, want %v", name, err, want)
		}
		if len(x.buf.Events) != 1 || x.buf.Events[0].Kind != EventRejected || x.buf.Events[0].Reason != want {
			t.Fatalf("%s: events %v", name, x.events())
		}
	}
	check("cancel unknown", x.do(func() error { return x.b.Cancel(x.now, 1, 9) }), ReasonUnknownOrder)
	check("amend unknown", x.do(func() error { return x.b.Amend(x.now, 1, 9, 1000, 0) }), ReasonUnknownOrder)
	check("amend off tick", x.do(func() error { return x.b.Amend(x.now, 1, 1, 1001, 0) }), ReasonOffTick)
	check("amend price range", x.do(func() error { return x.b.Amend(x.now, 1, 1, MaxPrice+1, 0) }), ReasonPriceRange)
	check("amend size range", x.do(func() error { return x.b.Amend(x.now, 1, 1, 0, MaxSize+1) }), ReasonSizeRange)
	check("amend pegged price", x.do(func() error { return x.b.Amend(x.now, 1, 2, 990, 0) }), ReasonInvalidAmend)
	check("amend risk", x.do(func() error { return x.b.Amend(x.now, 1, 1, 0, 70) }), ReasonRisk)
	check("amend reduce-only", func() error {
		x.risk.pos[2] = 3
		x.mustPlace(with(lim(2, 1, Sell, 2000, 2), func(o *Order) { o.ReduceOnly = true }))
		return x.do(func() error { return x.b.Amend(x.now, 2, 1, 0, 4) })
	}(), ReasonReduceOnly)
	check("mark zero", x.do(func() error { return x.b.SetMark(x.now, 0) }), ReasonInvalidMark)
	check("mark range", x.do(func() error { return x.b.SetMark(x.now, MaxPrice+1) }), ReasonInvalidMark)
	check("time backwards", x.do(func() error { return x.b.Cancel(x.now-1, 1, 1) }), ReasonTimeBackwards)
	check("time backwards advance", x.do(func() error { return x.b.Advance(x.now - 1) }), ReasonTimeBackwards)
	check("time backwards place", x.do(func() error { return x.b.Place(x.now-1, lim(1, 5, Buy, 1000, 1)) }), ReasonTimeBackwards)
	if err := x.b.SetFees(MaxFeePpm+1, 0); !errors.Is(err, ReasonInvalidFee) {
		t.Fatalf("SetFees: %v", err)
	}
	// a partly filled order cannot shrink to its filled size
	x.mustPlace(lim(4, 1, Sell, 1000, 2))
	check("amend to filled", x.do(func() error { return x.b.Amend(x.now, 1, 1, 0, 2) }), ReasonInvalidAmend)
}

func TestReentrantCallsRefused(t *testing.T) {
	var b *Book
	var inner []error
	cfg := testConfig()
	cfg.Sink = SinkFunc(func(e *Event) {
		inner = append(inner, b.Cancel(0, 1, 1), b.Place(0, lim(9, 9, Buy, 1000, 1)), b.SetFees(0, 0))
		_, err := b.CancelAll(0, 1)
		inner = append(inner, err, b.Amend(0, 1, 1, 0, 1), b.SetMark(0, 1), b.Advance(0))
	})
	b, _ = New(cfg, nil)
	if err := b.Place(1, lim(1, 1, Buy, 1000, 2)); err != nil {
		t.Fatal(err)
	}
	for _, err := range inner {
		if !errors.Is(err, ReasonReentrant) {
			t.Fatalf("inner call: %v", err)
		}
	}
	if b.Len() != 1 {
		t.Fatal("inner calls changed the book")
	}
}

func TestLimitPriceTimePriority(t *testing.T) {
	x := newTBook(t)
	x.mustPlace(lim(1, 1, Sell, 1010, 2), lim(2, 1, Sell, 1000, 3), lim(3, 1, Sell, 1000, 4), lim(1, 2, Sell, 1020, 5))
	x.expectQueue(Sell, "2/1:3@1000", "3/1:4@1000", "1/1:2@1010", "1/2:5@1020")
	// a buy sweeping 10 at ≤ 1010: best price first, FIFO within the price, at the makers' prices; rest posted
	if err := x.place(lim(4, 1, Buy, 1010, 10)); err != nil {
		t.Fatal(err)
	}
	x.expect("accepted 4/1 10@1010",
		"fill 4/1<-2/1 3@1000 fees 0/0",
		"fill 4/1<-3/1 4@1000 fees 0/0",
		"fill 4/1<-1/1 2@1010 fees 0/0",
		"posted 4/1 1@1010")
	x.expectQueue(Buy, "4/1:1@1010")
	x.expectQueue(Sell, "1/2:5@1020")
	if bb, ok := x.b.BestBid(); !ok || bb != (Level{Price: 1010, Size: 1, Orders: 1}) {
		t.Fatalf("best bid %+v", bb)
	}
}

func TestFees(t *testing.T) {
	x := newTBook(t)
	x.mustPlace(lim(1, 1, Sell, 100_000, 50))
	x.mustPlace(lim(2, 1, Buy, 100_000, 50)) // notional 5e6: maker 100 ppm = 500, taker 200 ppm = 1000
	x.expect("accepted 2/1 50@100000", "fill 2/1<-1/1 50@100000 fees 500/1000")
	// fees raised after an order rested never exceed what it signed
	x.mustPlace(with(lim(5, 2, Sell, 100_000, 50), func(o *Order) { o.MaxMakerFeePpm = 150 }))
	if err := x.b.SetFees(300, 250); err != nil {
		t.Fatal(err)
	}
	x.mustPlace(with(lim(6, 2, Buy, 100_000, 50), func(o *Order) { o.MaxTakerFeePpm = 250 }))
	x.expect("accepted 6/2 50@100000", "fill 6/2<-5/2 50@100000 fees 750/1250")
	if m, tk := x.b.Fees(); m != 300 || tk != 250 {
		t.Fatalf("fees %d/%d", m, tk)
	}
	// floor rounding, and the largest notional
	if fee(999_999, 1) != 0 || fee(1_000_000, 1) != 1 || fee(1<<64-1, MaxFeePpm) != 1208907372870555465 {
		t.Fatal("fee rounding")
	}
}

func TestGTT(t *testing.T) {
	x := newTBook(t)
	x.mustPlace(with(lim(1, 1, Buy, 1000, 5), func(o *Order) { o.TIF, o.ExpiresAt = GTT, 1010 }),
		with(lim(1, 2, Buy, 990, 5), func(o *Order) { o.TIF, o.ExpiresAt = GTT, 1005 }),
		with(lim(1, 3, Sell, 2000, 5), func(o *Order) { o.TIF, o.ExpiresAt, o.Trigger, o.TriggerPrice = GTT, 1005, StopLoss, 500 }))
	x.now = 1004
	if err := x.do(func() error { return x.b.Advance(x.now) }); err != nil {
		t.Fatal(err)
	}
	x.expect()
	x.now = 1005 // due orders expire first, in (expiry, arrival) order, inside the next operation
	if err := x.place(lim(2, 1, Sell, 1000, 1)); err != nil {
		t.Fatal(err)
	}
	x.expect("expired 1/2 5 order expired", "expired 1/3 5 order expired", "accepted 2/1 1@1000", "fill 2/1<-1/1 1@1000 fees 0/0")
	x.now = 1010
	if err := x.do(func() error { return x.b.Advance(x.now) }); err != nil {
		t.Fatal(err)
	}
	x.expect("expired 1/1 4 order expired")
	if x.b.Len() != 0 || x.b.Now() != 1010 {
		t.Fatal("book not empty")
	}
}

func TestIOCAndMarket(t *testing.T) {
	x := newTBook(t)
	x.mustPlace(lim(1, 1, Sell, 1000, 2), lim(1, 2, Sell, 1010, 2), lim(1, 3, Sell, 1020, 2))
	x.mustPlace(with(lim(2, 1, Buy, 1010, 5), func(o *Order) { o.TIF = IOC }))
	x.expect("accepted 2/1 5@1010", "fill 2/1<-1/1 2@1000 fees 0/0", "fill 2/1<-1/2 2@1010 fees 0/0",
		"expired 2/1 1 unfilled rest of an immediate order")
	// a market order stops at its worst price
	x.mustPlace(Order{Account: 2, ID: 2, Side: Buy, Type: Market, Price: 1020, Size: 5, MaxMakerFeePpm: 100, MaxTakerFeePpm: 200})
	x.expect("accepted 2/2 5@1020", "fill 2/2<-1/3 2@1020 fees 0/0", "expired 2/2 3 unfilled rest of an immediate order")
	// nothing to trade: IOC expires whole
	x.mustPlace(with(lim(2, 3, Sell, 1000, 1), func(o *Order) { o.TIF = IOC }))
	x.expect("accepted 2/3 1@1000", "expired 2/3 1 unfilled rest of an immediate order")
	if x.b.Len() != 0 {
		t.Fatal("immediate orders rest")
	}
}

func TestFOK(t *testing.T) {
	fok := func(o Order) Order { o.TIF = FOK; return o }
	t.Run("kill leaves the book untouched", func(t *testing.T) {
		x := newTBook(t)
		x.mustPlace(lim(1, 1, Sell, 1000, 2), lim(1, 2, Sell, 1010, 2))
		x.mustPlace(fok(lim(2, 1, Buy, 1010, 5)))
		x.expect("accepted 2/1 5@1010", "expired 2/1 5 fill-or-kill order could not fill completely")
		x.expectQueue(Sell, "1/1:2@1000", "1/2:2@1010")
	})
	t.Run("fills across levels", func(t *testing.T) {
		x := newTBook(t)
		x.mustPlace(lim(1, 1, Sell, 1000, 2), lim(1, 2, Sell, 1010, 3))
		x.mustPlace(fok(lim(2, 1, Buy, 1010, 5)))
		x.expect("accepted 2/1 5@1010", "fill 2/1<-1/1 2@1000 fees 0/0", "fill 2/1<-1/2 3@1010 fees 0/0")
	})
	t.Run("counts iceberg hidden size", func(t *testing.T) {
		x := newTBook(t)
		x.mustPlace(with(lim(1, 1, Sell, 1000, 6), func(o *Order) { o.DisplaySize = 2 }), lim(3, 1, Sell, 1000, 1))
		x.mustPlace(fok(lim(2, 1, Buy, 1000, 7)))
		x.expect("accepted 2/1 7@1000", "fill 2/1<-1/1 2@1000 fees 0/0", "refilled 1/1 2@1000",
			"fill 2/1<-3/1 1@1000 fees 0/0", "fill 2/1<-1/1 2@1000 fees 0/0", "refilled 1/1 2@1000",
			"fill 2/1<-1/1 2@1000 fees 0/0")
	})
	t.Run("own order stops an expire-taker FOK", func(t *testing.T) {
		x := newTBook(t)
		x.mustPlace(lim(1, 1, Sell, 1000, 2), lim(2, 9, Sell, 1000, 2), lim(1, 2, Sell, 1000, 2))
		x.mustPlace(fok(lim(2, 1, Buy, 1000, 4)))
		x.expect("accepted 2/1 4@1000", "expired 2/1 4 fill-or-kill order could not fill completely")
		// expire-maker skips (and then removes) the own order
		x.mustPlace(with(fok(lim(2, 2, Buy, 1000, 4)), func(o *Order) { o.STP = STPExpireMaker }))
		x.expect("accepted 2/2 4@1000", "fill 2/2<-1/1 2@1000 fees 0/0", "expired 2/9 2 self-trade prevented",
			"fill 2/2<-1/2 2@1000 fees 0/0")
	})
	t.Run("reduce-only makers after the same account's fills", func(t *testing.T) {
		// account 1 is long 4: its plain sell fills first and uses up the position its reduce-only sell needs
		x := newTBook(t)
		x.risk.pos[1], x.risk.pos[5] = 4, -4
		x.mustPlace(lim(1, 1, Sell, 1000, 3), with(lim(1, 2, Sell, 1000, 3), func(o *Order) { o.ReduceOnly = true }),
			lim(3, 1, Sell, 1010, 1))
		x.mustPlace(fok(lim(2, 1, Buy, 1010, 6)))
		x.expect("accepted 2/1 6@1010", "expired 2/1 6 fill-or-kill order could not fill completely")
		x.mustPlace(fok(lim(2, 2, Buy, 1010, 5)))
		x.expect("accepted 2/2 5@1010", "fill 2/2<-1/1 3@1000 fees 0/0", "fill 2/2<-1/2 1@1000 fees 0/0",
			"expired 1/2 2 reduce-only order would increase or flip the position", "fill 2/2<-3/1 1@1010 fees 0/0")
	})
}

func TestPostOnly(t *testing.T) {
	x := newTBook(t)
	x.mustPlace(lim(1, 1, Sell, 1010, 2))
	x.mustPlace(with(lim(2, 1, Buy, 1000, 2), func(o *Order) { o.PostOnly = true }))
	x.expect("accepted 2/1 2@1000", "posted 2/1 2@1000")
	err := x.place(with(lim(2, 2, Buy, 1010, 2), func(o *Order) { o.PostOnly = true }))
	if !errors.Is(err, ReasonPostOnlyWouldCross) || err.Error() != "book: post-only order would cross the book" {
		t.Fatalf("got %v", err)
	}
	// an amend that would cross is refused too
	err = x.do(func() error { return x.b.Amend(x.now, 2, 1, 1010, 0) })
	if !errors.Is(err, ReasonPostOnlyWouldCross) {
		t.Fatalf("amend: %v", err)
	}
}

func TestReduceOnly(t *testing.T) {
	ro := func(o Order) Order { o.ReduceOnly = true; return o }
	x := newTBook(t)
	x.risk.pos[1], x.risk.pos[2] = 3, -10
	x.mustPlace(lim(2, 1, Buy, 1000, 10))
	// long 3: a reduce-only sell of 5 is clamped to 3
	x.mustPlace(ro(lim(1, 1, Sell, 1000, 5)))
	x.expect("accepted 1/1 3@1000", "fill 1/1<-2/1 3@1000 fees 0/0")
	if x.risk.pos[1] != 0 {
		t.Fatal("position not flat")
	}
	// flat now: another reduce-only sell is refused
	if err := x.place(ro(lim(1, 2, Sell, 1000, 1))); !errors.Is(err, ReasonReduceOnly) {
		t.Fatalf("got %v", err)
	}
	// a resting reduce-only order is checked again when it would trade
	x.risk.pos[1] = 2
	x.mustPlace(ro(lim(1, 3, Sell, 1100, 2)))
	x.risk.pos[1] = 1 // the position shrank elsewhere
	x.mustPlace(lim(3, 1, Buy, 1100, 5))
	x.expect("accepted 3/1 5@1100", "fill 3/1<-1/3 1@1100 fees 0/0",
		"expired 1/3 1 reduce-only order would increase or flip the position", "posted 3/1 4@1100")
	// a resting reduce-only order whose position flipped expires without trading
	x.risk.pos[1] = 2
	x.mustPlace(ro(lim(1, 4, Sell, 1200, 2)))
	x.risk.pos[1] = -1
	x.mustPlace(lim(4, 1, Buy, 1200, 1))
	x.expect("accepted 4/1 1@1200", "expired 1/4 2 reduce-only order would increase or flip the position", "posted 4/1 1@1200")
}

func TestBookFullStillTakesImmediateOrders(t *testing.T) {
	x := newTBook(t, func(c *Config) { c.MaxOrders = 1 })
	x.mustPlace(lim(1, 1, Sell, 1000, 5))
	x.mustPlace(with(lim(2, 1, Buy, 1000, 2), func(o *Order) { o.TIF = IOC }))
	x.expect("accepted 2/1 2@1000", "fill 2/1<-1/1 2@1000 fees 0/0")
	if err := x.place(lim(2, 2, Buy, 990, 2)); !errors.Is(err, ReasonBookFull) {
		t.Fatalf("got %v", err)
	}
}

package book

import (
	"cmp"
	"log/slog"
	"slices"
)

// Book is the order book of one market. It is a deterministic state machine: the same operations with the same
// times, risk answers and configuration give the same event stream. It is not safe for concurrent use: one
// goroutine (the sequencer's core) owns it.
//
// Every mutating method takes the current time `now` (any monotonic unit, e.g. unix milliseconds; never read from
// the wall clock here). It first moves the book clock to now and expires the GTT orders due (Expired events), then
// does its work, then reprices pegged orders whose reference moved. A method that fails emits one Rejected event
// and returns the Reason (or a *RiskError).
type Book struct {
	cfg      Config
	log      *slog.Logger
	risk     RiskChecker
	sink     Sink
	makerFee uint32
	takerFee uint32
	maxPrice uint64 // the largest price on tick

	seq  uint64 // last event sequence number
	prio uint64 // last queue stamp
	now  uint64
	mark uint64
	// lastRef holds, per peg reference (PegRef-1), the value the pegged orders were last priced against.
	lastRef [3]uint64

	bids, asks   ladder
	above, below ladder // pending stop-loss/take-profit orders: triggered when mark ≥ / ≤ their trigger price
	pools        pools

	ids     map[orderKey]*order
	accts   map[uint32]orderList
	pegs    [3]orderList // pegged orders per reference, arrival order
	expiry  []*order     // min-heap on (expiresAt, seq)
	roCount int          // indexed reduce-only orders

	ev   Event // the event being emitted
	op   Op
	busy bool
	trig []*order  // scratch: orders triggered by a mark update
	sim  []simFill // scratch: fill-or-kill simulation
}

// New returns an empty book for cfg. log may be nil.
func New(cfg Config, log *slog.Logger) (*Book, error) {
	c, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &Book{
		cfg:      c,
		log:      log.With("market", c.Market),
		risk:     c.Risk,
		sink:     c.Sink,
		makerFee: c.MakerFeePpm,
		takerFee: c.TakerFeePpm,
		maxPrice: MaxPrice / c.TickSize * c.TickSize,
		ids:      make(map[orderKey]*order, c.ExpectedOrders),
		accts:    make(map[uint32]orderList, c.ExpectedOrders),
		expiry:   make([]*order, 0, 64),
		trig:     make([]*order, 0, 64),
		sim:      make([]simFill, 0, 16),
	}
	b.bids = ladder{flip: 0, pools: &b.pools}
	b.asks = ladder{flip: ^uint64(0), pools: &b.pools}
	b.below = ladder{flip: 0, pools: &b.pools}
	b.above = ladder{flip: ^uint64(0), pools: &b.pools}
	for _, d := range []*ladder{&b.bids, &b.asks, &b.above, &b.below} {
		d.chunks = make([]*chunk, 0, c.ExpectedOrders/chunkCap+8)
	}
	b.pools.reserve(c.ExpectedOrders)
	return b, nil
}

// Market returns the market id.
func (b *Book) Market() uint8 { return b.cfg.Market }

// Seq returns the sequence number of the last event.
func (b *Book) Seq() uint64 { return b.seq }

// Now returns the book clock.
func (b *Book) Now() uint64 { return b.now }

// Mark returns the last mark price (0: none yet).
func (b *Book) Mark() uint64 { return b.mark }

// Fees returns the current maker and taker fee rates in ppm.
func (b *Book) Fees() (maker, taker uint32) { return b.makerFee, b.takerFee }

// Len returns the number of live orders (resting and pending).
func (b *Book) Len() int { return len(b.ids) }

// SetFees changes the market's fee rates. Orders already live keep their signed bounds: a fill never charges
// more than the order signed.
func (b *Book) SetFees(makerPpm, takerPpm uint32) error {
	if b.busy {
		return ReasonReentrant
	}
	if makerPpm > MaxFeePpm || takerPpm > MaxFeePpm {
		return ReasonInvalidFee
	}
	b.makerFee, b.takerFee = makerPpm, takerPpm
	return nil
}

// Place submits a new order.
func (b *Book) Place(now uint64, req Order) error {
	if b.busy {
		return ReasonReentrant
	}
	if r := b.begin(now, OpPlace); r != ReasonNone {
		return b.finish(b.rejectOrder(&req, r, nil))
	}
	return b.finish(b.place(&req))
}

// Cancel cancels a live order (resting or pending).
func (b *Book) Cancel(now uint64, account uint32, id uint64) error {
	if b.busy {
		return ReasonReentrant
	}
	ref := OrderRef{Account: account, ID: id}
	if r := b.begin(now, OpCancel); r != ReasonNone {
		return b.finish(b.rejectRef(ref, r))
	}
	o := b.ids[keyOf(account, id)]
	if o == nil {
		return b.finish(b.rejectRef(ref, ReasonUnknownOrder))
	}
	b.drop(o, EventCancelled, ReasonNone)
	return b.finish(nil)
}

// CancelAll cancels every live order of the account in this market, in arrival order, and returns how many.
func (b *Book) CancelAll(now uint64, account uint32) (int, error) {
	if b.busy {
		return 0, ReasonReentrant
	}
	if r := b.begin(now, OpCancelAll); r != ReasonNone {
		return 0, b.finish(b.rejectRef(OrderRef{Account: account}, r))
	}
	n := b.dropAccount(account, EventCancelled, ReasonNone, func(*order) bool { return true })
	return n, b.finish(nil)
}

// dropAccount removes the account's orders that keep accepts, in arrival order, with the event kind and reason, and
// returns how many.
func (b *Book) dropAccount(account uint32, kind EventKind, r Reason, keep func(*order) bool) int {
	n := 0
	for o := b.accts[account].head; o != nil; {
		next := o.anext
		if keep(o) {
			b.drop(o, kind, r)
			n++
		}
		o = next
	}
	return n
}

// Amend changes a live order's price and/or total size (0 keeps the current value). A smaller size at the same
// price keeps the order's queue position; a larger size or a new price sends it to the back of its (new) level.
// A new price that crosses trades at once as a taker (post-only orders are rejected instead). A pegged order's
// price cannot be amended.
func (b *Book) Amend(now uint64, account uint32, id uint64, newPrice, newSize uint64) error {
	if b.busy {
		return ReasonReentrant
	}
	ref := OrderRef{Account: account, ID: id}
	if r := b.begin(now, OpAmend); r != ReasonNone {
		return b.finish(b.rejectRef(ref, r))
	}
	return b.finish(b.amend(ref, newPrice, newSize))
}

// SetMark sets the mark price: stop-loss/take-profit orders whose condition now holds trigger (in arrival order)
// and orders pegged to the mark are repriced.
func (b *Book) SetMark(now, mark uint64) error {
	if b.busy {
		return ReasonReentrant
	}
	if r := b.begin(now, OpSetMark); r != ReasonNone {
		return b.finish(b.rejectRef(OrderRef{}, r))
	}
	if mark == 0 || mark > MaxPrice {
		return b.finish(b.rejectRef(OrderRef{}, ReasonInvalidMark))
	}
	b.mark = mark
	b.trig = b.trig[:0]
	for l := b.above.best(); l != nil && l.price <= mark; l = b.above.best() {
		b.collect(l)
	}
	for l := b.below.best(); l != nil && l.price >= mark; l = b.below.best() {
		b.collect(l)
	}
	slices.SortFunc(b.trig, func(x, y *order) int { return cmp.Compare(x.seq, y.seq) })
	for i, o := range b.trig {
		b.trig[i] = nil
		b.activate(o)
	}
	return b.finish(nil)
}

// Advance moves the clock to now, expiring GTT orders that are due.
func (b *Book) Advance(now uint64) error {
	if b.busy {
		return ReasonReentrant
	}
	if r := b.begin(now, OpAdvance); r != ReasonNone {
		return b.finish(b.rejectRef(OrderRef{}, r))
	}
	return b.finish(nil)
}

// begin starts an operation: the clock moves to now and due GTT orders expire.
func (b *Book) begin(now uint64, op Op) Reason {
	b.busy, b.op = true, op
	if now < b.now {
		return ReasonTimeBackwards
	}
	b.now = now
	for len(b.expiry) > 0 && b.expiry[0].expiresAt <= now {
		b.drop(b.expiry[0], EventExpired, ReasonGTTExpired)
	}
	return ReasonNone
}

// finish ends an operation: pegged orders follow their references.
func (b *Book) finish(err error) error {
	b.repeg()
	b.busy = false
	return err
}

func (b *Book) place(req *Order) error {
	if req.Type == Market && req.TIF == GTC {
		req.TIF = IOC // a market order is immediate
	}
	if r := validate(&b.cfg, b.makerFee, b.takerFee, req, b.now); r != ReasonNone {
		return b.rejectOrder(req, r, nil)
	}
	if _, dup := b.ids[keyOf(req.Account, req.ID)]; dup {
		return b.rejectOrder(req, ReasonDuplicateOrder, nil)
	}
	if b.cfg.MaxOrders > 0 && len(b.ids) >= b.cfg.MaxOrders && mayRest(req) {
		return b.rejectOrder(req, ReasonBookFull, nil)
	}
	if req.Trigger != TriggerNone {
		if b.mark != 0 && triggered(req.Trigger, req.Side, req.TriggerPrice, b.mark) {
			return b.rejectOrder(req, ReasonWouldTrigger, nil)
		}
		o := b.newOrder(req, req.Size, req.Price)
		o.pending = true
		b.accept(o)
		b.index(o)
		o.prio = b.nextPrio()
		b.trigLadder(o).getOrAdd(o.trigPrice).push(o)
		return nil
	}
	size := req.Size
	if req.ReduceOnly {
		a := b.allowance(req.Account, req.Side)
		if a == 0 {
			return b.rejectOrder(req, ReasonReduceOnly, nil)
		}
		size = min(size, a)
	}
	price := req.Price
	if req.Type == Pegged {
		p, r := b.pegTarget(req.Side, req.Peg, req.PegOffset, req.Price)
		if r == ReasonNone && overflows(req.Size, p) {
			r = ReasonNotionalOverflow
		}
		if r != ReasonNone {
			return b.rejectOrder(req, r, nil)
		}
		price = p
	} else if req.PostOnly && b.wouldCross(req.Side, price) {
		return b.rejectOrder(req, ReasonPostOnlyWouldCross, nil)
	}
	o := b.newOrder(req, size, price)
	if err := b.checkRisk(StagePlace, o, price, size); err != nil {
		b.pools.freeOrder(o)
		return b.rejectOrder(req, ReasonRisk, err)
	}
	b.accept(o)
	b.enter(o)
	return nil
}

// mayRest reports whether an order can take a place in the book (and so counts against Config.MaxOrders).
func mayRest(o *Order) bool { return o.Trigger != TriggerNone || o.TIF == GTC || o.TIF == GTT }

func (b *Book) amend(ref OrderRef, newPrice, newSize uint64) error {
	o := b.ids[keyOf(ref.Account, ref.ID)]
	if o == nil {
		return b.rejectRef(ref, ReasonUnknownOrder)
	}
	price, size := o.price, o.size
	if newPrice != 0 {
		switch {
		case o.peg != PegNone:
			return b.rejectRef(ref, ReasonInvalidAmend)
		case newPrice > MaxPrice:
			return b.rejectRef(ref, ReasonPriceRange)
		case newPrice%b.cfg.TickSize != 0:
			return b.rejectRef(ref, ReasonOffTick)
		}
		price = newPrice
	}
	if newSize != 0 {
		switch {
		case newSize > b.cfg.MaxSize:
			return b.rejectRef(ref, ReasonSizeRange)
		case newSize%b.cfg.LotSize != 0:
			return b.rejectRef(ref, ReasonOffStep)
		case newSize < b.cfg.MinSize:
			return b.rejectRef(ref, ReasonBelowMinSize)
		case newSize <= o.filled:
			return b.rejectRef(ref, ReasonInvalidAmend)
		}
		size = newSize
	}
	if overflows(size, price) {
		return b.rejectRef(ref, ReasonNotionalOverflow)
	}
	if o.pending {
		o.price, o.size = price, size
		b.amended(o, true)
		return nil
	}
	open, was := size-o.filled, o.open()
	moved, grew := price != o.price, open > was
	if o.reduceOnly && grew && open > b.allowance(o.account, o.side) {
		return b.rejectRef(ref, ReasonReduceOnly)
	}
	if moved && o.postOnly && b.wouldCross(o.side, price) {
		return b.rejectRef(ref, ReasonPostOnlyWouldCross)
	}
	if moved || grew {
		if err := b.checkRisk(StageAmend, o, price, open); err != nil {
			b.rejectRef(ref, ReasonRisk)
			return &RiskError{Ref: ref, Err: err}
		}
	}
	switch {
	case !moved && !grew: // in place
		o.size = size
		if o.visible > open {
			o.lvl.visible -= o.visible - open
			o.visible = open
		}
		b.amended(o, true)
	case !moved: // larger at the same price: back of the queue
		l := o.lvl
		l.unlink(o)
		o.size = size
		o.visible = visibleOf(o)
		o.prio = b.nextPrio()
		l.push(o)
		b.amended(o, false)
	default: // new price: re-enter, possibly trading
		b.unlinkLevel(o)
		o.price, o.size = price, size
		b.amended(o, false)
		if b.match(o) {
			b.rest(o, false)
		}
	}
	return nil
}

func (b *Book) amended(o *order, kept bool) {
	e := b.event(EventAmended, ReasonNone, o)
	e.Price, e.Size, e.Remaining, e.KeptPriority = o.price, o.size, o.open(), kept
	b.send()
}

// checkRisk asks the risk checker whether o may trade or rest size steps at price.
func (b *Book) checkRisk(stage RiskStage, o *order, price, size uint64) error {
	if b.risk == nil {
		return nil
	}
	return b.risk.CheckOrder(RiskCheck{
		Stage: stage, Market: b.cfg.Market, Account: o.account, OrderID: o.id, Side: o.side, Price: price,
		Size: size, ReduceOnly: o.reduceOnly, PostOnly: o.postOnly || o.peg != PegNone,
	})
}

// newOrder takes an order from the pool, filled from the request.
func (b *Book) newOrder(req *Order, size, price uint64) *order {
	o := b.pools.newOrder()
	o.side, o.typ, o.tif, o.trigger, o.peg, o.stp = req.Side, req.Type, req.TIF, req.Trigger, req.Peg, req.STP
	o.postOnly, o.reduceOnly = req.PostOnly, req.ReduceOnly
	o.account, o.id = req.Account, req.ID
	o.price, o.trigPrice, o.pegOffset = price, req.TriggerPrice, req.PegOffset
	if req.Type == Pegged {
		o.limit = req.Price
	}
	o.size, o.display, o.expiresAt = size, req.DisplaySize, req.ExpiresAt
	o.makerMax, o.takerMax = req.MaxMakerFeePpm, req.MaxTakerFeePpm
	o.sig = sigOK
	if req.Unverified {
		o.sig = sigUnchecked
	}
	return o
}

func (b *Book) accept(o *order) {
	e := b.event(EventAccepted, ReasonNone, o)
	e.Price, e.Size, e.Remaining = o.price, o.size, o.open()
	b.send()
	o.seq = e.Seq
}

// index registers o in the id map, its account's list, the expiry heap and its peg list.
func (b *Book) index(o *order) {
	o.indexed = true
	k := keyOf(o.account, o.id)
	b.ids[k] = o
	l := b.accts[o.account]
	l.pushAcct(o)
	b.accts[o.account] = l
	if o.tif == GTT {
		b.heapPush(o)
	}
	if o.peg != PegNone {
		b.pegs[o.peg-1].pushPeg(o)
	}
	if o.reduceOnly {
		b.roCount++
	}
}

func (b *Book) unindex(o *order) {
	o.indexed = false
	delete(b.ids, keyOf(o.account, o.id))
	l := b.accts[o.account]
	l.removeAcct(o)
	if l.n == 0 {
		delete(b.accts, o.account)
	} else {
		b.accts[o.account] = l
	}
	if o.heapIdx >= 0 {
		b.heapRemove(int(o.heapIdx))
	}
	if o.peg != PegNone {
		b.pegs[o.peg-1].removePeg(o)
	}
	if o.reduceOnly {
		b.roCount--
	}
}

// drop emits kind (Cancelled or Expired) for o and removes it.
func (b *Book) drop(o *order, kind EventKind, r Reason) {
	e := b.event(kind, r, o)
	e.Price, e.Size = o.price, o.open()
	b.send()
	b.discard(o)
}

// discard removes o from every structure and returns it to the pool.
func (b *Book) discard(o *order) {
	if o.lvl != nil {
		b.unlinkLevel(o)
	}
	if o.indexed {
		b.unindex(o)
	}
	b.pools.freeOrder(o)
}

func (b *Book) unlinkLevel(o *order) {
	l := o.lvl
	l.unlink(o)
	if l.orders == 0 {
		l.ladder.remove(l)
	}
}

// rest puts o at the back of its price level, emitting Posted if posted.
func (b *Book) rest(o *order, posted bool) {
	if !o.indexed {
		b.index(o)
	}
	o.visible = visibleOf(o)
	o.prio = b.nextPrio()
	b.sideLadder(o.side).getOrAdd(o.price).push(o)
	if posted {
		e := b.event(EventPosted, ReasonNone, o)
		e.Price, e.Size, e.Remaining = o.price, o.visible, o.open()
		b.send()
	}
}

// visibleOf is the size an order shows when it (re)enters a level.
func visibleOf(o *order) uint64 {
	if open := o.open(); o.display == 0 || o.display > open {
		return open
	}
	return o.display
}

func (b *Book) nextPrio() uint64 {
	b.prio++
	return b.prio
}

func (b *Book) sideLadder(s Side) *ladder {
	if s == Buy {
		return &b.bids
	}
	return &b.asks
}

func (b *Book) oppLadder(s Side) *ladder {
	if s == Buy {
		return &b.asks
	}
	return &b.bids
}

// trigLadder is the ladder of a pending order: above (mark ≥ trigger) for buy stops and sell take-profits.
func (b *Book) trigLadder(o *order) *ladder {
	if (o.trigger == StopLoss) == (o.side == Buy) {
		return &b.above
	}
	return &b.below
}

// triggered reports whether a trigger condition holds at mark.
func triggered(k TriggerKind, s Side, trig, mark uint64) bool {
	if (k == StopLoss) == (s == Buy) {
		return mark >= trig
	}
	return mark <= trig
}

// crosses reports whether an order on side s limited at price trades with a level at lp.
func crosses(s Side, price, lp uint64) bool {
	if s == Buy {
		return lp <= price
	}
	return lp >= price
}

// wouldCross reports whether an order on side s at price would take liquidity.
func (b *Book) wouldCross(s Side, price uint64) bool {
	l := b.oppLadder(s).best()
	return l != nil && crosses(s, price, l.price)
}

// allowance is how much a reduce-only order of account on side s may still trade.
func (b *Book) allowance(account uint32, s Side) uint64 {
	if b.risk == nil {
		return 0
	}
	return allowance(s, b.risk.Position(account, b.cfg.Market))
}

// event starts the next event; the caller fills the kind-specific fields and calls send.
func (b *Book) event(kind EventKind, r Reason, o *order) *Event {
	b.seq++
	b.ev = Event{Seq: b.seq, Time: b.now, Kind: kind, Op: b.op, Reason: r, Market: b.cfg.Market}
	if o != nil {
		b.ev.Side, b.ev.Order = o.side, OrderRef{Account: o.account, ID: o.id}
	}
	return &b.ev
}

func (b *Book) send() {
	if b.sink != nil {
		b.sink.OnEvent(&b.ev)
	}
}

func (b *Book) rejectOrder(req *Order, r Reason, err error) error {
	e := b.event(EventRejected, r, nil)
	e.Side, e.Order = req.Side, OrderRef{Account: req.Account, ID: req.ID}
	e.Price, e.Size = req.Price, req.Size
	b.send()
	if err != nil {
		return &RiskError{Ref: e.Order, Err: err}
	}
	return r
}

func (b *Book) rejectRef(ref OrderRef, r Reason) error {
	e := b.event(EventRejected, r, nil)
	e.Order = ref
	b.send()
	return r
}

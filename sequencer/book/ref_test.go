package book

import (
	"cmp"
	"math/big"
	"slices"
)

// refBook is the reference book: the same semantics as Book written as plainly as possible. Orders live in one
// slice; every decision scans it (best maker = best price, then lowest queue stamp). A fill-or-kill order is
// checked by running the real matching on a deep copy of the book and of the positions. It is slow and obviously
// correct; the fuzz target drives it and Book with the same operations and compares every event and the final
// state.
type refBook struct {
	cfg          Config
	risk         *mockRisk // nil: no risk checks
	out          func(Event)
	maker, taker uint32
	maxPrice     uint64
	seq, prio    uint64
	now, mark    uint64
	lastRef      [3]uint64
	orders       []*refOrder // live orders (resting and pending), not the one in flight
	op           Op
}

type refOrder struct {
	OrderInfo
	resting bool
}

func newRefBook(cfg Config, risk *mockRisk, out func(Event)) *refBook {
	c, err := cfg.withDefaults()
	if err != nil {
		panic(err)
	}
	return &refBook{cfg: c, risk: risk, out: out, maker: c.MakerFeePpm, taker: c.TakerFeePpm,
		maxPrice: MaxPrice / c.TickSize * c.TickSize}
}

// clone deep-copies the book and its positions; events of the copy update only the copied positions.
func (r *refBook) clone() *refBook {
	c := *r
	c.orders = nil
	for _, o := range r.orders {
		oc := *o
		c.orders = append(c.orders, &oc)
	}
	if r.risk != nil {
		c.risk = r.risk.clone()
	}
	c.out = func(e Event) {
		if c.risk != nil {
			c.risk.apply(&e)
		}
	}
	return &c
}

func (r *refBook) emit(e Event) {
	r.seq++
	e.Seq, e.Time, e.Op, e.Market = r.seq, r.now, r.op, r.cfg.Market
	r.out(e)
}

func refOf(o *refOrder) OrderRef { return OrderRef{Account: o.Account, ID: o.ID} }

func (r *refBook) orderEvent(kind EventKind, why Reason, o *refOrder) Event {
	return Event{Kind: kind, Reason: why, Side: o.Side, Order: refOf(o)}
}

func (r *refBook) find(account uint32, id uint64) *refOrder {
	for _, o := range r.orders {
		if o.Account == account && o.ID == id {
			return o
		}
	}
	return nil
}

func (r *refBook) remove(o *refOrder) {
	if i := slices.Index(r.orders, o); i >= 0 {
		r.orders = slices.Delete(r.orders, i, i+1)
	}
}

func (r *refBook) drop(o *refOrder, kind EventKind, why Reason) {
	e := r.orderEvent(kind, why, o)
	e.Price, e.Size = o.Price, o.Open()
	r.emit(e)
	r.remove(o)
}

func better(s Side, a, b uint64) bool {
	if s == Buy {
		return a > b
	}
	return a < b
}

func opposite(s Side) Side {
	if s == Buy {
		return Sell
	}
	return Buy
}

// bestMaker is the resting order of side s first in price-time priority.
func (r *refBook) bestMaker(s Side) *refOrder {
	var best *refOrder
	for _, o := range r.orders {
		if !o.resting || o.Side != s {
			continue
		}
		if best == nil || better(s, o.Price, best.Price) || o.Price == best.Price && o.Prio < best.Prio {
			best = o
		}
	}
	return best
}

func (r *refBook) bestPrice(s Side, unpegged bool) uint64 {
	var p uint64
	for _, o := range r.orders {
		if o.resting && o.Side == s && !(unpegged && o.Peg != PegNone) && (p == 0 || better(s, o.Price, p)) {
			p = o.Price
		}
	}
	return p
}

func (r *refBook) wouldCross(s Side, price uint64) bool {
	p := r.bestPrice(opposite(s), false)
	if p == 0 {
		return false
	}
	if s == Buy {
		return p <= price
	}
	return p >= price
}

func (r *refBook) allowance(account uint32, s Side) uint64 {
	if r.risk == nil {
		return 0
	}
	pos := r.risk.Position(account, r.cfg.Market)
	switch {
	case s == Sell && pos > 0:
		return uint64(pos)
	case s == Buy && pos < 0:
		return uint64(-pos)
	}
	return 0
}

func refFee(notional uint64, ppm uint32) uint64 {
	n := new(big.Int).SetUint64(notional)
	n.Mul(n, big.NewInt(int64(ppm)))
	n.Quo(n, big.NewInt(1_000_000))
	return n.Uint64()
}

func (r *refBook) nextPrio() uint64 { r.prio++; return r.prio }

func visibleFor(o *refOrder) uint64 {
	open := o.Open()
	if o.Display != 0 && o.Display < open {
		return o.Display
	}
	return open
}

func (r *refBook) begin(now uint64, op Op) bool {
	r.op = op
	if now < r.now {
		return false
	}
	r.now = now
	var due []*refOrder
	for _, o := range r.orders {
		if o.TIF == GTT && o.ExpiresAt <= now {
			due = append(due, o)
		}
	}
	slices.SortFunc(due, func(x, y *refOrder) int {
		return cmp.Or(cmp.Compare(x.ExpiresAt, y.ExpiresAt), cmp.Compare(x.Seq, y.Seq))
	})
	for _, o := range due {
		r.drop(o, EventExpired, ReasonGTTExpired)
	}
	return true
}

func (r *refBook) finish(err error) error {
	r.repeg()
	return err
}

func (r *refBook) rejectOrder(req *Order, why Reason, err error) error {
	r.emit(Event{Kind: EventRejected, Reason: why, Side: req.Side, Order: OrderRef{req.Account, req.ID},
		Price: req.Price, Size: req.Size})
	if err != nil {
		return &RiskError{Ref: OrderRef{req.Account, req.ID}, Err: err}
	}
	return why
}

func (r *refBook) rejectRef(ref OrderRef, why Reason) error {
	r.emit(Event{Kind: EventRejected, Reason: why, Order: ref})
	return why
}

func (r *refBook) SetFees(maker, taker uint32) error {
	if maker > MaxFeePpm || taker > MaxFeePpm {
		return ReasonInvalidFee
	}
	r.maker, r.taker = maker, taker
	return nil
}

func (r *refBook) Place(now uint64, req Order) error {
	if !r.begin(now, OpPlace) {
		return r.finish(r.rejectOrder(&req, ReasonTimeBackwards, nil))
	}
	if req.Type == Market && req.TIF == GTC {
		req.TIF = IOC
	}
	if why := validate(&r.cfg, r.maker, r.taker, &req, r.now); why != ReasonNone {
		return r.finish(r.rejectOrder(&req, why, nil))
	}
	if r.find(req.Account, req.ID) != nil {
		return r.finish(r.rejectOrder(&req, ReasonDuplicateOrder, nil))
	}
	if r.cfg.MaxOrders > 0 && len(r.orders) >= r.cfg.MaxOrders && (req.Trigger != TriggerNone || req.TIF == GTC || req.TIF == GTT) {
		return r.finish(r.rejectOrder(&req, ReasonBookFull, nil))
	}
	o := &refOrder{OrderInfo: OrderInfo{
		Account: req.Account, ID: req.ID, Side: req.Side, Type: req.Type, TIF: req.TIF, Trigger: req.Trigger,
		Peg: req.Peg, STP: req.STP, PostOnly: req.PostOnly, ReduceOnly: req.ReduceOnly, Price: req.Price,
		TriggerPrice: req.TriggerPrice, PegOffset: req.PegOffset, Size: req.Size, Display: req.DisplaySize,
		ExpiresAt: req.ExpiresAt, MaxMakerFee: req.MaxMakerFeePpm, MaxTakerFee: req.MaxTakerFeePpm,
	}}
	if req.Trigger != TriggerNone {
		if r.mark != 0 && triggered(req.Trigger, req.Side, req.TriggerPrice, r.mark) {
			return r.finish(r.rejectOrder(&req, ReasonWouldTrigger, nil))
		}
		o.Pending = true
		r.accept(o)
		o.Prio = r.nextPrio()
		r.orders = append(r.orders, o)
		return r.finish(nil)
	}
	if req.ReduceOnly {
		a := r.allowance(req.Account, req.Side)
		if a == 0 {
			return r.finish(r.rejectOrder(&req, ReasonReduceOnly, nil))
		}
		o.Size = min(o.Size, a)
	}
	if req.Type == Pegged {
		o.Limit = req.Price
		p, why := r.pegTarget(o)
		if why == ReasonNone && overflows(req.Size, p) {
			why = ReasonNotionalOverflow
		}
		if why != ReasonNone {
			return r.finish(r.rejectOrder(&req, why, nil))
		}
		o.Price = p
	} else if req.PostOnly && r.wouldCross(req.Side, req.Price) {
		return r.finish(r.rejectOrder(&req, ReasonPostOnlyWouldCross, nil))
	}
	if r.risk != nil {
		if err := r.risk.CheckOrder(RiskCheck{Stage: StagePlace, Market: r.cfg.Market, Account: o.Account,
			OrderID: o.ID, Side: o.Side, Price: o.Price, Size: o.Size, ReduceOnly: o.ReduceOnly,
			PostOnly: o.PostOnly || o.Type == Pegged}); err != nil {
			return r.finish(r.rejectOrder(&req, ReasonRisk, err))
		}
	}
	r.accept(o)
	r.enter(o)
	return r.finish(nil)
}

func (r *refBook) accept(o *refOrder) {
	e := r.orderEvent(EventAccepted, ReasonNone, o)
	e.Price, e.Size, e.Remaining = o.Price, o.Size, o.Open()
	r.emit(e)
	o.Seq = r.seq
}

func (r *refBook) enter(o *refOrder) {
	if o.TIF == FOK && !r.fillable(o) {
		r.drop(o, EventExpired, ReasonFOKUnfilled)
		return
	}
	if !r.match(o) {
		return
	}
	if o.TIF == IOC || o.TIF == FOK {
		r.drop(o, EventExpired, ReasonIOCRemainder)
		return
	}
	r.rest(o, true)
}

// fillable runs the matching on a copy and looks whether the taker filled completely.
func (r *refBook) fillable(o *refOrder) bool {
	c := r.clone()
	t := *o
	c.remove(c.find(o.Account, o.ID)) // an in-flight order is not in the copy's slice anyway
	c.match(&t)
	return t.Filled == t.Size
}

func (r *refBook) match(t *refOrder) bool {
	for {
		m := r.bestMaker(opposite(t.Side))
		if m == nil || !r.crossesPrice(t, m.Price) {
			return true
		}
		if m.Account == t.Account {
			switch t.STP {
			case STPExpireMaker:
				r.drop(m, EventExpired, ReasonSelfTrade)
				continue
			case STPExpireBoth:
				r.drop(m, EventExpired, ReasonSelfTrade)
			}
			r.drop(t, EventExpired, ReasonSelfTrade)
			return false
		}
		q := min(t.Open(), m.Visible)
		capped := false
		if m.ReduceOnly {
			a := r.allowance(m.Account, m.Side)
			if a == 0 {
				r.drop(m, EventExpired, ReasonReduceOnly)
				continue
			}
			if a <= q {
				q, capped = a, true
			}
		}
		m.Filled += q
		m.Visible -= q
		t.Filled += q
		notional := m.Price * q
		r.emit(Event{Kind: EventFill, Side: t.Side, Order: refOf(t), Maker: refOf(m), Price: m.Price, Size: q,
			Remaining: t.Open(), MakerRemaining: m.Open(),
			MakerFee: refFee(notional, min(r.maker, m.MaxMakerFee)),
			TakerFee: refFee(notional, min(r.taker, t.MaxTakerFee))})
		switch {
		case m.Filled == m.Size:
			r.remove(m)
		case capped:
			r.drop(m, EventExpired, ReasonReduceOnly)
		case m.Visible == 0:
			m.Visible = visibleFor(m)
			m.Prio = r.nextPrio()
			e := r.orderEvent(EventRefilled, ReasonNone, m)
			e.Price, e.Size, e.Remaining = m.Price, m.Visible, m.Open()
			r.emit(e)
		}
		if t.Filled == t.Size {
			r.remove(t)
			return false
		}
	}
}

func (r *refBook) crossesPrice(t *refOrder, p uint64) bool {
	if t.Side == Buy {
		return p <= t.Price
	}
	return p >= t.Price
}

func (r *refBook) rest(o *refOrder, posted bool) {
	if !slices.Contains(r.orders, o) {
		r.orders = append(r.orders, o)
	}
	o.resting = true
	o.Visible = visibleFor(o)
	o.Prio = r.nextPrio()
	if posted {
		e := r.orderEvent(EventPosted, ReasonNone, o)
		e.Price, e.Size, e.Remaining = o.Price, o.Visible, o.Open()
		r.emit(e)
	}
}

func (r *refBook) Cancel(now uint64, account uint32, id uint64) error {
	ref := OrderRef{account, id}
	if !r.begin(now, OpCancel) {
		return r.finish(r.rejectRef(ref, ReasonTimeBackwards))
	}
	o := r.find(account, id)
	if o == nil {
		return r.finish(r.rejectRef(ref, ReasonUnknownOrder))
	}
	r.drop(o, EventCancelled, ReasonNone)
	return r.finish(nil)
}

func (r *refBook) CancelAll(now uint64, account uint32) (int, error) {
	if !r.begin(now, OpCancelAll) {
		return 0, r.finish(r.rejectRef(OrderRef{Account: account}, ReasonTimeBackwards))
	}
	var mine []*refOrder
	for _, o := range r.orders {
		if o.Account == account {
			mine = append(mine, o)
		}
	}
	slices.SortFunc(mine, func(x, y *refOrder) int { return cmp.Compare(x.Seq, y.Seq) })
	for _, o := range mine {
		r.drop(o, EventCancelled, ReasonNone)
	}
	return len(mine), r.finish(nil)
}

func (r *refBook) Amend(now uint64, account uint32, id uint64, newPrice, newSize uint64) error {
	ref := OrderRef{account, id}
	if !r.begin(now, OpAmend) {
		return r.finish(r.rejectRef(ref, ReasonTimeBackwards))
	}
	return r.finish(r.amend(ref, newPrice, newSize))
}

func (r *refBook) amend(ref OrderRef, newPrice, newSize uint64) error {
	o := r.find(ref.Account, ref.ID)
	if o == nil {
		return r.rejectRef(ref, ReasonUnknownOrder)
	}
	price, size := o.Price, o.Size
	if newPrice != 0 {
		switch {
		case o.Peg != PegNone:
			return r.rejectRef(ref, ReasonInvalidAmend)
		case newPrice > MaxPrice:
			return r.rejectRef(ref, ReasonPriceRange)
		case newPrice%r.cfg.TickSize != 0:
			return r.rejectRef(ref, ReasonOffTick)
		}
		price = newPrice
	}
	if newSize != 0 {
		switch {
		case newSize > r.cfg.MaxSize:
			return r.rejectRef(ref, ReasonSizeRange)
		case newSize%r.cfg.LotSize != 0:
			return r.rejectRef(ref, ReasonOffStep)
		case newSize < r.cfg.MinSize:
			return r.rejectRef(ref, ReasonBelowMinSize)
		case newSize <= o.Filled:
			return r.rejectRef(ref, ReasonInvalidAmend)
		}
		size = newSize
	}
	if overflows(size, price) {
		return r.rejectRef(ref, ReasonNotionalOverflow)
	}
	amended := func(kept bool) {
		e := r.orderEvent(EventAmended, ReasonNone, o)
		e.Price, e.Size, e.Remaining, e.KeptPriority = o.Price, o.Size, o.Open(), kept
		r.emit(e)
	}
	if o.Pending {
		o.Price, o.Size = price, size
		amended(true)
		return nil
	}
	open, was := size-o.Filled, o.Open()
	moved, grew := price != o.Price, open > was
	if o.ReduceOnly && grew && open > r.allowance(o.Account, o.Side) {
		return r.rejectRef(ref, ReasonReduceOnly)
	}
	if moved && o.PostOnly && r.wouldCross(o.Side, price) {
		return r.rejectRef(ref, ReasonPostOnlyWouldCross)
	}
	if (moved || grew) && r.risk != nil {
		if err := r.risk.CheckOrder(RiskCheck{Stage: StageAmend, Market: r.cfg.Market, Account: o.Account,
			OrderID: o.ID, Side: o.Side, Price: price, Size: open, ReduceOnly: o.ReduceOnly,
			PostOnly: o.PostOnly || o.Peg != PegNone}); err != nil {
			r.rejectRef(ref, ReasonRisk)
			return &RiskError{Ref: ref, Err: err}
		}
	}
	switch {
	case !moved && !grew:
		o.Size = size
		o.Visible = min(o.Visible, open)
		amended(true)
	case !moved:
		o.Size = size
		o.Visible = visibleFor(o)
		o.Prio = r.nextPrio()
		amended(false)
	default:
		o.resting = false
		o.Price, o.Size = price, size
		amended(false)
		if r.match(o) {
			r.rest(o, false)
		}
	}
	return nil
}

func (r *refBook) SetMark(now, mark uint64) error {
	if !r.begin(now, OpSetMark) {
		return r.finish(r.rejectRef(OrderRef{}, ReasonTimeBackwards))
	}
	if mark == 0 || mark > MaxPrice {
		return r.finish(r.rejectRef(OrderRef{}, ReasonInvalidMark))
	}
	r.mark = mark
	var fired []*refOrder
	for _, o := range r.orders {
		if o.Pending && triggered(o.Trigger, o.Side, o.TriggerPrice, mark) {
			fired = append(fired, o)
		}
	}
	slices.SortFunc(fired, func(x, y *refOrder) int { return cmp.Compare(x.Seq, y.Seq) })
	for _, o := range fired {
		o.Pending = false
		var a uint64
		if o.ReduceOnly {
			a = r.allowance(o.Account, o.Side)
			if a > 0 {
				o.Size = min(o.Size, a)
			}
		}
		e := r.orderEvent(EventTriggered, ReasonNone, o)
		e.Price, e.Size, e.Remaining = o.TriggerPrice, o.Size, o.Open()
		r.emit(e)
		if o.ReduceOnly && a == 0 {
			r.drop(o, EventExpired, ReasonReduceOnly)
			continue
		}
		if o.PostOnly && r.wouldCross(o.Side, o.Price) {
			r.drop(o, EventExpired, ReasonPostOnlyWouldCross)
			continue
		}
		if r.risk != nil {
			if err := r.risk.CheckOrder(RiskCheck{Stage: StageTrigger, Market: r.cfg.Market, Account: o.Account,
				OrderID: o.ID, Side: o.Side, Price: o.Price, Size: o.Open(), ReduceOnly: o.ReduceOnly,
				PostOnly: o.PostOnly}); err != nil {
				r.drop(o, EventExpired, ReasonRisk)
				continue
			}
		}
		r.enter(o)
	}
	return r.finish(nil)
}

func (r *refBook) Advance(now uint64) error {
	if !r.begin(now, OpAdvance) {
		return r.finish(r.rejectRef(OrderRef{}, ReasonTimeBackwards))
	}
	return r.finish(nil)
}

func (r *refBook) pegRef(k PegRef) uint64 {
	switch k {
	case PegBestBid:
		return r.bestPrice(Buy, true)
	case PegBestAsk:
		return r.bestPrice(Sell, true)
	}
	return r.mark / r.cfg.TickSize * r.cfg.TickSize
}

func (r *refBook) pegTarget(o *refOrder) (uint64, Reason) {
	ref := r.pegRef(o.Peg)
	if ref == 0 {
		return 0, ReasonNoPegReference
	}
	tick := int64(r.cfg.TickSize)
	t := max(int64(ref)+o.PegOffset, tick)
	t = min(t, int64(r.maxPrice))
	p := uint64(t)
	if o.Side == Buy {
		if o.Limit != 0 && p > o.Limit {
			p = o.Limit
		}
		if a := r.bestPrice(Sell, false); a != 0 && p >= a {
			if a == r.cfg.TickSize {
				return 0, ReasonPegNoPrice
			}
			p = a - r.cfg.TickSize
		}
	} else {
		if o.Limit != 0 && p < o.Limit {
			p = o.Limit
		}
		if bb := r.bestPrice(Buy, false); bb != 0 && p <= bb {
			if bb == r.maxPrice {
				return 0, ReasonPegNoPrice
			}
			p = bb + r.cfg.TickSize
		}
	}
	return p, ReasonNone
}

func (r *refBook) repeg() {
	for k := PegBestBid; k <= PegMark; k++ {
		var pegged []*refOrder
		for _, o := range r.orders {
			if o.Peg == k {
				pegged = append(pegged, o)
			}
		}
		if len(pegged) == 0 {
			continue
		}
		ref := r.pegRef(k)
		if ref == r.lastRef[k-1] {
			continue
		}
		r.lastRef[k-1] = ref
		if ref == 0 {
			continue
		}
		slices.SortFunc(pegged, func(x, y *refOrder) int { return cmp.Compare(x.Seq, y.Seq) })
		for _, o := range pegged {
			p, why := r.pegTarget(o)
			if why == ReasonNone && p == o.Price {
				continue
			}
			if why == ReasonNone && overflows(o.Size, p) {
				why = ReasonNotionalOverflow
			}
			if why == ReasonNone && r.risk != nil {
				if err := r.risk.CheckOrder(RiskCheck{Stage: StageReprice, Market: r.cfg.Market, Account: o.Account,
					OrderID: o.ID, Side: o.Side, Price: p, Size: o.Open(), ReduceOnly: o.ReduceOnly,
					PostOnly: true}); err != nil {
					why = ReasonRisk
				}
			}
			if why != ReasonNone {
				r.drop(o, EventExpired, why)
				continue
			}
			o.Price = p
			o.Prio = r.nextPrio()
			e := r.orderEvent(EventRepriced, ReasonNone, o)
			e.Price, e.Size, e.Remaining = p, o.Visible, o.Open()
			r.emit(e)
		}
	}
}

// Snapshot returns the reference state in the form Book.Snapshot uses.
func (r *refBook) Snapshot() *Snapshot {
	s := &Snapshot{Market: r.cfg.Market, Seq: r.seq, Prio: r.prio, Now: r.now, Mark: r.mark,
		MakerFeePpm: r.maker, TakerFeePpm: r.taker, LastRef: r.lastRef, Orders: []OrderInfo{}}
	for _, o := range r.orders {
		s.Orders = append(s.Orders, o.OrderInfo)
	}
	sortBySeq(s.Orders)
	return s
}

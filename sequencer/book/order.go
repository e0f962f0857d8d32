package book

// order is a live order. Orders are pooled and linked intrusively into up to three lists: their price level's
// FIFO (prev/next), their account's list (aprev/anext) and, for pegged orders, their reference's list
// (pprev/pnext). An order that is being matched as a taker (placed, triggered or amended across the spread) is
// "in flight": it is in no level.
type order struct {
	prev, next   *order // level FIFO; next also links the free list
	aprev, anext *order // account list, in arrival order
	pprev, pnext *order // pegged list, in arrival order
	lvl          *level // level holding the order, nil when in flight
	heapIdx      int32  // index in the expiry heap, -1 if not there
	indexed      bool   // in the id map and the account list (and expiry heap, pegged list)

	side       Side
	typ        OrderType
	tif        TimeInForce
	trigger    TriggerKind
	peg        PegRef
	stp        STPMode
	postOnly   bool
	reduceOnly bool
	pending    bool // waiting for its trigger (lvl is a trigger level)
	sig        sigState

	account   uint32
	id        uint64
	seq       uint64 // arrival: seq of the Accepted event
	prio      uint64 // queue stamp, increasing along a level
	price     uint64 // resting price; limit or worst price of an order not yet resting
	limit     uint64 // pegged cap, 0: none
	trigPrice uint64
	pegOffset int64
	size      uint64
	filled    uint64
	visible   uint64 // shown open size of a resting order; open - visible is hidden
	display   uint64
	expiresAt uint64
	makerMax  uint32
	takerMax  uint32
}

func (o *order) open() uint64 { return o.size - o.filled }

func (o *order) info() OrderInfo {
	return OrderInfo{
		Account: o.account, ID: o.id, Seq: o.seq, Prio: o.prio, Pending: o.pending,
		Side: o.side, Type: o.typ, TIF: o.tif, Trigger: o.trigger, Peg: o.peg, STP: o.stp,
		PostOnly: o.postOnly, ReduceOnly: o.reduceOnly,
		Price: o.price, Limit: o.limit, TriggerPrice: o.trigPrice, PegOffset: o.pegOffset,
		Size: o.size, Filled: o.filled, Visible: o.visible, Display: o.display, ExpiresAt: o.expiresAt,
		MaxMakerFee: o.makerMax, MaxTakerFee: o.takerMax, Unverified: o.sig != sigOK,
	}
}

// orderKey keys the id map; two uint64 words hash fast and have no padding.
type orderKey struct{ id, account uint64 }

func keyOf(account uint32, id uint64) orderKey { return orderKey{id: id, account: uint64(account)} }

// orderList is an intrusive doubly linked list through aprev/anext or pprev/pnext (chosen by the methods).
type orderList struct {
	head, tail *order
	n          int
}

func (l *orderList) pushAcct(o *order) {
	o.aprev, o.anext = l.tail, nil
	if l.tail != nil {
		l.tail.anext = o
	} else {
		l.head = o
	}
	l.tail = o
	l.n++
}

func (l *orderList) removeAcct(o *order) {
	if o.aprev != nil {
		o.aprev.anext = o.anext
	} else {
		l.head = o.anext
	}
	if o.anext != nil {
		o.anext.aprev = o.aprev
	} else {
		l.tail = o.aprev
	}
	o.aprev, o.anext = nil, nil
	l.n--
}

func (l *orderList) pushPeg(o *order) {
	o.pprev, o.pnext = l.tail, nil
	if l.tail != nil {
		l.tail.pnext = o
	} else {
		l.head = o
	}
	l.tail = o
	l.n++
}

func (l *orderList) removePeg(o *order) {
	if o.pprev != nil {
		o.pprev.pnext = o.pnext
	} else {
		l.head = o.pnext
	}
	if o.pnext != nil {
		o.pnext.pprev = o.pprev
	} else {
		l.tail = o.pprev
	}
	o.pprev, o.pnext = nil, nil
	l.n--
}

// pools recycle orders, levels and ladder chunks through free lists; they grow by slabs and never shrink, so a
// book in steady state allocates nothing.
type pools struct {
	orders *order
	levels *level
	chunks *chunk
}

const slab = 256

func (p *pools) newOrder() *order {
	if p.orders == nil {
		s := make([]order, slab)
		for i := range s {
			s[i].next = p.orders
			p.orders = &s[i]
		}
	}
	o := p.orders
	p.orders = o.next
	o.next = nil
	o.heapIdx = -1
	return o
}

func (p *pools) freeOrder(o *order) {
	*o = order{next: p.orders}
	p.orders = o
}

func (p *pools) newLevel() *level {
	if p.levels == nil {
		s := make([]level, slab)
		for i := range s {
			s[i].free = p.levels
			p.levels = &s[i]
		}
	}
	l := p.levels
	p.levels = l.free
	l.free = nil
	return l
}

func (p *pools) freeLevel(l *level) {
	*l = level{free: p.levels}
	p.levels = l
}

func (p *pools) newChunk() *chunk {
	if p.chunks == nil {
		s := make([]chunk, 16)
		for i := range s {
			s[i].free = p.chunks
			p.chunks = &s[i]
		}
	}
	c := p.chunks
	p.chunks = c.free
	c.free = nil
	return c
}

func (p *pools) freeChunk(c *chunk) {
	c.n = 0
	clear(c.lvls[:])
	c.free = p.chunks
	p.chunks = c
}

// reserve pre-grows the pools for n orders (and as many levels).
func (p *pools) reserve(n int) {
	os := make([]order, n)
	for i := range os {
		p.freeOrder(&os[i])
	}
	ls := make([]level, n)
	for i := range ls {
		p.freeLevel(&ls[i])
	}
	cs := make([]chunk, n/chunkCap*2+8)
	for i := range cs {
		p.freeChunk(&cs[i])
	}
}

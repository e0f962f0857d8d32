package book

// repeg reprices pegged orders whose reference moved. For each reference with pegged orders (best bid, best ask,
// mark, in that order): if its value differs from the one last used, the new value is remembered and, unless it
// is 0 (no reference), every order pegged to it is repriced in arrival order. Repricing never moves a reference
// (the references ignore pegged orders), so one pass suffices.
func (b *Book) repeg() {
	for k := PegBestBid; k <= PegMark; k++ {
		l := &b.pegs[k-1]
		if l.n == 0 {
			continue
		}
		r := b.pegRef(k)
		if r == b.lastRef[k-1] {
			continue
		}
		b.lastRef[k-1] = r
		if r == 0 {
			continue
		}
		for o := l.head; o != nil; {
			next := o.pnext
			b.reprice(o)
			o = next
		}
	}
}

// pegRef is the current value of a peg reference, 0 if there is none.
func (b *Book) pegRef(k PegRef) uint64 {
	switch k {
	case PegBestBid:
		return bestUnpegged(&b.bids)
	case PegBestAsk:
		return bestUnpegged(&b.asks)
	case PegMark:
		return b.mark / b.cfg.TickSize * b.cfg.TickSize
	}
	return 0
}

// bestUnpegged is the best price of a side among levels holding a non-pegged order.
func bestUnpegged(d *ladder) uint64 {
	cu := d.walk()
	for l := cu.next(); l != nil; l = cu.next() {
		if l.orders > l.pegged {
			return l.price
		}
	}
	return 0
}

// pegTarget is the price of a pegged order: reference + offset, kept within 1 tick..max price, capped by limit
// (buy: at most; sell: at least) and kept one tick passive of the opposite best.
func (b *Book) pegTarget(s Side, k PegRef, offset int64, limit uint64) (uint64, Reason) {
	ref := b.pegRef(k)
	if ref == 0 {
		return 0, ReasonNoPegReference
	}
	tick := b.cfg.TickSize
	var p uint64
	switch t := int64(ref) + offset; { // |offset| ≤ MaxPrice: no overflow
	case t < int64(tick):
		p = tick
	case t > int64(b.maxPrice):
		p = b.maxPrice
	default:
		p = uint64(t)
	}
	if s == Buy {
		if limit != 0 {
			p = min(p, limit)
		}
		if a := b.asks.best(); a != nil && p >= a.price {
			if a.price <= tick {
				return 0, ReasonPegNoPrice
			}
			p = a.price - tick
		}
	} else {
		if limit != 0 {
			p = max(p, limit)
		}
		if bb := b.bids.best(); bb != nil && p <= bb.price {
			if bb.price >= b.maxPrice {
				return 0, ReasonPegNoPrice
			}
			p = bb.price + tick
		}
	}
	return p, ReasonNone
}

// reprice moves a resting pegged order to its target price (back of the new level), or expires it if it has no
// valid passive price or the risk checker refuses the new price.
func (b *Book) reprice(o *order) {
	p, r := b.pegTarget(o.side, o.peg, o.pegOffset, o.limit)
	if r == ReasonNone && p == o.price {
		return
	}
	if r == ReasonNone && overflows(o.size, p) {
		r = ReasonNotionalOverflow
	}
	if r == ReasonNone {
		if err := b.checkRisk(StageReprice, o, p, o.open()); err != nil {
			b.log.Debug("repriced order refused by risk", "account", o.account, "id", o.id, "err", err)
			r = ReasonRisk
		}
	}
	if r != ReasonNone {
		b.drop(o, EventExpired, r)
		return
	}
	b.unlinkLevel(o)
	o.price = p
	o.prio = b.nextPrio()
	b.sideLadder(o.side).getOrAdd(p).push(o)
	e := b.event(EventRepriced, ReasonNone, o)
	e.Price, e.Size, e.Remaining = p, o.visible, o.open()
	b.send()
}

package book

// BestBid returns the best bid level (visible size), ok=false if there are no bids.
func (b *Book) BestBid() (Level, bool) { return top(&b.bids) }

// BestAsk returns the best ask level (visible size), ok=false if there are no asks.
func (b *Book) BestAsk() (Level, bool) { return top(&b.asks) }

func top(d *ladder) (Level, bool) {
	l := d.best()
	if l == nil {
		return Level{}, false
	}
	return Level{Price: l.price, Size: l.visible, Orders: int(l.orders)}, true
}

// Depth appends up to max aggregated levels of side s (L2, visible sizes only), best first, to dst; max ≤ 0
// means all.
func (b *Book) Depth(s Side, max int, dst []Level) []Level {
	if s != Buy && s != Sell {
		return dst
	}
	cu := b.sideLadder(s).walk()
	for l, n := cu.next(), 0; l != nil && (max <= 0 || n < max); l, n = cu.next(), n+1 {
		dst = append(dst, Level{Price: l.price, Size: l.visible, Orders: int(l.orders)})
	}
	return dst
}

// Orders appends up to max resting orders of side s (L3), in priority order (best price first, FIFO within a
// price), to dst; max ≤ 0 means all. OrderInfo includes the hidden size and the owner: the API decides what to
// publish.
func (b *Book) Orders(s Side, max int, dst []OrderInfo) []OrderInfo {
	if s != Buy && s != Sell {
		return dst
	}
	n := 0
	cu := b.sideLadder(s).walk()
	for l := cu.next(); l != nil; l = cu.next() {
		for o := l.head; o != nil; o = o.next {
			if max > 0 && n == max {
				return dst
			}
			dst = append(dst, o.info())
			n++
		}
	}
	return dst
}

// Pending appends the stop-loss/take-profit orders waiting for their trigger, in arrival order, to dst.
func (b *Book) Pending(dst []OrderInfo) []OrderInfo {
	start := len(dst)
	for _, d := range []*ladder{&b.above, &b.below} {
		cu := d.walk()
		for l := cu.next(); l != nil; l = cu.next() {
			for o := l.head; o != nil; o = o.next {
				dst = append(dst, o.info())
			}
		}
	}
	sortBySeq(dst[start:])
	return dst
}

// Lookup returns a live order (resting or pending).
func (b *Book) Lookup(account uint32, id uint64) (OrderInfo, bool) {
	o := b.ids[keyOf(account, id)]
	if o == nil {
		return OrderInfo{}, false
	}
	return o.info(), true
}

// AccountOrders appends the account's live orders in this market, in arrival order, to dst.
func (b *Book) AccountOrders(account uint32, dst []OrderInfo) []OrderInfo {
	for o := b.accts[account].head; o != nil; o = o.anext {
		dst = append(dst, o.info())
	}
	return dst
}

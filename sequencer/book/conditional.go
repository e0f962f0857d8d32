package book

// collect takes every order of the trigger level l off its ladder into b.trig.
func (b *Book) collect(l *level) {
	for o := l.head; o != nil; {
		next := o.next
		b.unlinkLevel(o) // frees l with its last order
		b.trig = append(b.trig, o)
		o = next
	}
}

// activate enters a triggered stop-loss/take-profit order as a market or limit order.
func (b *Book) activate(o *order) {
	o.pending = false
	var a uint64
	if o.reduceOnly {
		a = b.allowance(o.account, o.side)
		if a > 0 {
			o.size = min(o.size, o.filled+a) // the clamp shows in the Triggered event
		}
	}
	e := b.event(EventTriggered, ReasonNone, o)
	e.Price, e.Size, e.Remaining = o.trigPrice, o.size, o.open()
	b.send()
	if o.reduceOnly && a == 0 {
		b.drop(o, EventExpired, ReasonReduceOnly)
		return
	}
	if o.postOnly && b.wouldCross(o.side, o.price) {
		b.drop(o, EventExpired, ReasonPostOnlyWouldCross)
		return
	}
	if err := b.checkRisk(StageTrigger, o, o.price, o.open()); err != nil {
		b.log.Debug("triggered order refused by risk", "account", o.account, "id", o.id, "err", err)
		b.drop(o, EventExpired, ReasonRisk)
		return
	}
	b.enter(o)
}

// The expiry heap is a binary min-heap of GTT orders on (expiresAt, seq); seq is unique, so the order in which
// due orders expire is fully determined.

func expiresBefore(x, y *order) bool {
	if x.expiresAt != y.expiresAt {
		return x.expiresAt < y.expiresAt
	}
	return x.seq < y.seq
}

func (b *Book) heapPush(o *order) {
	o.heapIdx = int32(len(b.expiry))
	b.expiry = append(b.expiry, o)
	b.heapUp(int(o.heapIdx))
}

func (b *Book) heapRemove(i int) {
	h := b.expiry
	last := len(h) - 1
	h[i].heapIdx = -1
	if i != last {
		h[i] = h[last]
		h[i].heapIdx = int32(i)
	}
	h[last] = nil
	b.expiry = h[:last]
	if i < last {
		b.heapDown(i)
		b.heapUp(i)
	}
}

func (b *Book) heapUp(i int) {
	h := b.expiry
	for i > 0 {
		p := (i - 1) / 2
		if !expiresBefore(h[i], h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		h[i].heapIdx, h[p].heapIdx = int32(i), int32(p)
		i = p
	}
}

func (b *Book) heapDown(i int) {
	h := b.expiry
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if r := c + 1; r < len(h) && expiresBefore(h[r], h[c]) {
			c = r
		}
		if !expiresBefore(h[c], h[i]) {
			return
		}
		h[i], h[c] = h[c], h[i]
		h[i].heapIdx, h[c].heapIdx = int32(i), int32(c)
		i = c
	}
}

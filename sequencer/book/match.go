package book

import "math/bits"

// enter runs an accepted (or triggered) order: fill-or-kill check, matching, then rest or expiry of the rest.
func (b *Book) enter(o *order) {
	if o.tif == FOK && !b.fillable(o) {
		b.drop(o, EventExpired, ReasonFOKUnfilled)
		return
	}
	if !b.match(o) {
		return
	}
	if o.tif == IOC || o.tif == FOK {
		b.drop(o, EventExpired, ReasonIOCRemainder)
		return
	}
	b.rest(o, true)
}

// match trades the in-flight order t against the opposite side in price-time priority while it crosses. It
// reports whether t is still live with an open size; false means t was filled completely or expired by
// self-trade prevention, and is gone.
func (b *Book) match(t *order) bool {
	opp := b.oppLadder(t.side)
	for {
		l := opp.best()
		if l == nil || !crosses(t.side, t.price, l.price) {
			return true
		}
		m := l.head
		if m.account == t.account {
			switch t.stp {
			case STPExpireMaker:
				b.drop(m, EventExpired, ReasonSelfTrade)
				continue
			case STPExpireBoth:
				b.drop(m, EventExpired, ReasonSelfTrade)
			}
			b.drop(t, EventExpired, ReasonSelfTrade)
			return false
		}
		if !b.signed(m) {
			b.drop(m, EventExpired, ReasonBadSignature)
			continue
		}
		q := min(t.open(), m.visible)
		capped := false
		if m.reduceOnly {
			a := b.allowance(m.account, m.side)
			if a == 0 {
				b.drop(m, EventExpired, ReasonReduceOnly)
				continue
			}
			if a <= q {
				q, capped = a, true
			}
		}
		b.trade(t, m, q)
		switch {
		case m.filled == m.size:
			b.discard(m)
		case capped: // the position is now flat: the rest cannot reduce anything
			b.drop(m, EventExpired, ReasonReduceOnly)
		case m.visible == 0:
			b.refill(m)
		}
		if t.filled == t.size {
			b.discard(t)
			return false
		}
	}
}

// trade fills q steps between taker t and maker m at m's price and emits the Fill.
func (b *Book) trade(t, m *order, q uint64) {
	notional := m.price * q // < 2^64: q ≤ m's size and m's size·price was checked
	m.filled += q
	m.visible -= q
	m.lvl.visible -= q
	t.filled += q
	e := b.event(EventFill, ReasonNone, t)
	e.Maker = OrderRef{Account: m.account, ID: m.id}
	e.Price, e.Size = m.price, q
	e.Remaining, e.MakerRemaining = t.open(), m.open()
	e.MakerFee = fee(notional, min(b.makerFee, m.makerMax))
	e.TakerFee = fee(notional, min(b.takerFee, t.takerMax))
	b.send()
}

// refill shows an iceberg's next slice and sends it to the back of its level.
func (b *Book) refill(m *order) {
	l := m.lvl
	l.unlink(m)
	m.visible = visibleOf(m)
	m.prio = b.nextPrio()
	l.push(m)
	e := b.event(EventRefilled, ReasonNone, m)
	e.Price, e.Size, e.Remaining = m.price, m.visible, m.open()
	b.send()
}

// simFill is what one account's makers would trade during a fill-or-kill simulation.
type simFill struct {
	account uint32
	size    uint64
}

// fillable reports whether the fill-or-kill order t would fill completely. It follows match exactly without
// changing anything but the signature state of unverified makers (checked here as match would check them): each level is visited in FIFO order (an own order stops the taker unless the mode is
// expire-maker, which skips it; a reduce-only maker gives at most what its position allows), then the hidden
// parts of the level's icebergs (refilled behind the first pass; reduce-only orders are never icebergs). While
// the taker is not yet filled every visited order is consumed completely, so the running total is exact.
func (b *Book) fillable(t *order) bool {
	need, got := t.open(), uint64(0)
	track := b.roCount > 0 && b.risk != nil // reduce-only makers depend on the fills before them
	b.sim = b.sim[:0]
	cu := b.oppLadder(t.side).walk()
	for l := cu.next(); l != nil && crosses(t.side, t.price, l.price); l = cu.next() {
		for m := l.head; m != nil; m = m.next {
			if m.account == t.account {
				if t.stp == STPExpireMaker {
					continue
				}
				return false
			}
			if !b.signed(m) { // match removes it (checking it here is the check match would make: deterministic)
				continue
			}
			q := m.visible
			if m.reduceOnly {
				q = min(q, b.simAllowance(m))
			}
			if got += q; got >= need {
				return true
			}
			if track {
				b.simAdd(m.account, q)
			}
		}
		for m := l.head; m != nil; m = m.next {
			if m.account == t.account || m.sig == sigBad {
				continue
			}
			if h := m.open() - m.visible; h > 0 {
				if got += h; got >= need {
					return true
				}
				if track {
					b.simAdd(m.account, h)
				}
			}
		}
	}
	return false
}

func (b *Book) simAdd(account uint32, q uint64) {
	for i := range b.sim {
		if b.sim[i].account == account {
			b.sim[i].size += q
			return
		}
	}
	b.sim = append(b.sim, simFill{account: account, size: q})
}

// simAllowance is the reduce-only allowance of maker m after the simulated fills so far.
func (b *Book) simAllowance(m *order) uint64 {
	if b.risk == nil {
		return 0
	}
	pos := b.risk.Position(m.account, b.cfg.Market)
	for _, s := range b.sim {
		if s.account == m.account {
			d := int64(s.size) // < 2^50: sums of sizes below the taker's size
			if m.side == Sell {
				pos -= d
			} else {
				pos += d
			}
			break
		}
	}
	return allowance(m.side, pos)
}

// fee is floor(notional·ppm/1e6).
func fee(notional uint64, ppm uint32) uint64 {
	hi, lo := bits.Mul64(notional, uint64(ppm))
	if hi == 0 {
		return lo / 1_000_000
	}
	q, _ := bits.Div64(hi, lo, 1_000_000) // hi < 2^16 < 1e6: no overflow
	return q
}

// overflows reports whether size·price does not fit in 64 bits.
func overflows(size, price uint64) bool {
	hi, _ := bits.Mul64(size, price)
	return hi != 0
}

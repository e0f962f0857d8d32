package gadget

import (
	"github.com/consensys/gnark/frontend"
)

// Bounds of intermediate signed values (all far below r/2, so nothing wraps).
const (
	bitsOwed   = BitsSize + BitsAmount + 1 // |size·(F − fund)| < 2^48 · 2^64
	bitsEquity = bitsOwed + 3              // |C + pnl − owed| (C, E < 2^64, |s·M| < 2^96)
	bitsMargin = bitsEquity + 21           // |equity·10^6 − |s|·M·frac|
)

// Perp applies the perpetual-futures rules of docs/protocol.md §3–§5 on top of
// an Arith (whose condition, see Arith.If, gates every assertion).
type Perp struct {
	a *Arith
}

// NewPerp returns the rules gadget over a.
func NewPerp(a *Arith) *Perp { return &Perp{a: a} }

// If returns the rules gadget asserting only when en = 1.
func (p *Perp) If(en frontend.Variable) *Perp { return &Perp{a: p.a.If(en)} }

// Rule names the assertions made through the returned gadget (see Arith.Rule).
func (p *Perp) Rule(name string) *Perp { return &Perp{a: p.a.Rule(name)} }

// Arith returns the underlying arithmetic gadget.
func (p *Perp) Arith() *Arith { return p.a }

// AssertFeeBound asserts the market's fee rate is at most the rate the order signed.
func (p *Perp) AssertFeeBound(marketFeePpm, maxFeePpm frontend.Variable) {
	p.a.Rule("perp.fee-bound").AssertLessEq(marketFeePpm, maxFeePpm, BitsFeePpm)
}

// Owed returns the funding a position owes since its snapshot, size·(F − fund),
// as a signed field element (positive: the position pays).
func (p *Perp) Owed(pos PositionLeaf, index Signed) frontend.Variable {
	api := p.a.api
	return api.Mul(p.a.Value(pos.Size), api.Sub(p.a.Value(index), p.a.Value(pos.Fund)))
}

// SettleFunding settles funding: C −= owed, fund = F. It asserts the new
// collateral is in [0, 2^64) and returns the settled position and owed (the
// insurance fund receives owed).
func (p *Perp) SettleFunding(pos PositionLeaf, index Signed) (PositionLeaf, frontend.Variable) {
	owed := p.Owed(pos, index)
	out := pos
	out.Collateral = p.a.api.Sub(pos.Collateral, owed)
	p.a.Rule("perp.settle.collateral-range").Check(out.Collateral, BitsAmount)
	out.Fund = index
	return out, owed
}

// PnL returns the unrealized PnL at mark: s·M − E for a long, E − |s|·M for a
// short, i.e. value(s)·M − sign(s)·E.
func (p *Perp) PnL(pos PositionLeaf, mark frontend.Variable) frontend.Variable {
	api := p.a.api
	signedEntry := p.a.Value(Signed{Mag: pos.Entry, Neg: pos.Size.Neg})
	return api.Sub(api.Mul(p.a.Value(pos.Size), mark), signedEntry)
}

// Equity returns C + pnl − owed as a signed field element.
func (p *Perp) Equity(pos PositionLeaf, mark frontend.Variable, index Signed) frontend.Variable {
	api := p.a.api
	return api.Sub(api.Add(pos.Collateral, p.PnL(pos, mark)), p.Owed(pos, index))
}

// MarginOK returns 1 if equity·10^6 ≥ |s|·M·frac (frac: imf or mmf in ppm), else 0.
func (p *Perp) MarginOK(equity, sizeMag, mark, frac frontend.Variable) frontend.Variable {
	api := p.a.api
	d := api.Sub(api.Mul(equity, PPM), api.Mul(sizeMag, mark, frac))
	return api.Sub(1, p.a.IsNeg(d, bitsMargin))
}

// FillOrderSlot applies a fill of size fill to an order (id, size) whose fill
// slot holds slot: a larger id restarts the slot at 0, an equal id continues,
// a smaller id is stale (asserted false). It asserts the new filled size does
// not exceed size, and returns the new slot.
func (p *Perp) FillOrderSlot(slot OrderLeaf, id, size, fill frontend.Variable) OrderLeaf {
	api := p.a.api
	isNew := p.a.IsLess(slot.ID, id, BitsOrderID)
	// not new ⇒ same id (a smaller id is stale)
	p.a.Rule("perp.order.stale").AssertEq(api.Mul(api.Sub(1, isNew), api.Sub(id, slot.ID)), 0)
	// filled ≥ 0 (both terms are); ≤ size < 2^48 by the overfill rule
	filled := api.Add(api.Mul(api.Sub(1, isNew), slot.Filled), fill)
	p.a.Rule("perp.order.overfill").AssertLessEq(filled, size, BitsSize)
	return OrderLeaf{ID: id, Filled: filled}
}

// AdvanceFunding returns the funding index after a tick of rate (ppm, signed):
// F + sign(rate)·floor(|rate|·mark / 10^6), asserting |rate|·FundingPeriod ≤
// maxFunding·elapsed (maxFunding is per period; elapsed = batch time − the
// market's last funding time, both < 2^32) and |new F| < 2^63.
func (p *Perp) AdvanceFunding(index, rate Signed, maxFunding, elapsed, mark frontend.Variable) Signed {
	api := p.a.api
	p.a.Rule("perp.funding.rate-range").CheckSigned(rate, BitsFundRate)
	// |rate|·period ≤ maxFunding·elapsed: maxFunding < 2^20 and elapsed < 2^32 keep the right side below 2^52, and a
	// negative elapsed (a batch time before the last funding) makes it ≈ r, so the difference fails the range
	// check unless maxFunding·elapsed = 0 and rate = 0, which moves no money.
	p.a.Rule("perp.funding.rate-bound").AssertLessEq(api.Mul(rate.Mag, FundingPeriod), api.Mul(maxFunding, elapsed), 53)
	delta := p.a.MulPPM(rate.Mag, mark, BitsFundRate+BitsSize)
	next := api.Add(p.a.Value(index), p.a.Value(Signed{Mag: delta, Neg: rate.Neg}))
	return p.a.ToSigned(next, BitsFunding)
}

// Trade is the result of applying a buy or sell to a position.
type Trade struct {
	Pos      PositionLeaf      // size and entry notional updated; collateral and fund unchanged
	Realized frontend.Variable // signed PnL realized by the closed part
	OpenQty  frontend.Variable // part of the trade that opened or increased exposure
}

// Trade applies a buy (buy = 1) or sell of q steps at price to pos (state's
// trade): the closed part min(q, |s|) (when the trade opposes s) realizes
// ±(closeQty·price − floor(E·closeQty/|s|)); the opened part adds
// openQty·price to the entry notional, which must stay below 2^64; the new
// size must stay below 2^48 in magnitude. q and price must be range-checked
// to 48 bits by the caller, buy boolean.
func (p *Perp) Trade(pos PositionLeaf, buy, q, price frontend.Variable) Trade {
	api, a := p.a.api, p.a
	mag, neg := pos.Size.Mag, pos.Size.Neg
	// opposite: s ≠ 0 and (s > 0) ≠ buy, i.e. neg = buy
	sameNegBuy := api.Sub(1, api.Add(neg, buy), api.Mul(-2, neg, buy))
	opp := api.Mul(sameNegBuy, api.Sub(1, api.IsZero(mag)))
	lt := a.IsLess(q, mag, BitsSize)
	closeQty := api.Mul(opp, api.Select(lt, q, mag))
	openQty := api.Sub(q, closeQty)
	// closedE = floor(E·closeQty / |s|); the divisor is 1 when nothing closes
	div := api.Select(opp, mag, 1)
	closedE, _ := a.DivVar(api.Mul(pos.Entry, closeQty), div, BitsAmount, BitsSize)
	gain := api.Sub(api.Mul(closeQty, price), closedE)
	realized := api.Sub(gain, api.Mul(2, neg, gain)) // negated for a short
	// the new entry's 64-bit bound is the position leaf's packing
	entry := api.Add(api.Sub(pos.Entry, closedE), api.Mul(openQty, price))
	delta := api.Sub(q, api.Mul(2, api.Sub(1, buy), q)) // +q for a buy, −q for a sell
	size := a.ToSigned(api.Add(a.Value(pos.Size), delta), BitsSize)
	out := pos
	out.Size, out.Entry = size, entry
	return Trade{Pos: out, Realized: realized, OpenQty: openQty}
}

// LongSize returns max(size, 0) of a well-formed signed size.
func (p *Perp) LongSize(s Signed) frontend.Variable {
	return p.a.api.Sub(s.Mag, p.a.api.Mul(s.Neg, s.Mag))
}

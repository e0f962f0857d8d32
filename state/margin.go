package state

import (
	"fmt"
	"math/big"
)

// The pure arithmetic of positions (docs/protocol.md §3–§4). Intermediate values use big.Int; results are checked
// against the encoded bounds, so nothing wraps.

var (
	bigPpm       = big.NewInt(Ppm)
	bigMaxAmount = new(big.Int).SetUint64(MaxAmount)
	bigMaxFund   = big.NewInt(MaxFunding)
)

func bi(v int64) *big.Int { return big.NewInt(v) }

func abs64(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

// signedEntry returns the entry notional with the sign of size.
func signedEntry(p Position) *big.Int {
	e := u(p.EntryNotional)
	if p.Size < 0 {
		e.Neg(e)
	}
	return e
}

// FundingOwed returns size·(index − snapshot): what the position pays (negative: receives).
func FundingOwed(p Position, index int64) *big.Int {
	d := new(big.Int).Sub(bi(index), bi(p.FundingIndex))
	return d.Mul(d, bi(p.Size))
}

// pnl returns size·mark − signedEntry, the unrealized PnL at mark.
func pnl(p Position, mark uint64) *big.Int {
	v := new(big.Int).Mul(bi(p.Size), u(mark))
	return v.Sub(v, signedEntry(p))
}

// Equity returns collateral + pnl − owed funding at the market's mark and index.
func Equity(p Position, m Market) *big.Int {
	e := u(p.Collateral)
	e.Add(e, pnl(p, m.Mark))
	return e.Sub(e, FundingOwed(p, m.FundingIndex))
}

// marginOK reports equity·1e6 ≥ |size|·mark·fraction.
func marginOK(equity *big.Int, size int64, mark uint64, fractionPpm uint32) bool {
	lhs := new(big.Int).Mul(equity, bigPpm)
	rhs := new(big.Int).Mul(u(abs64(size)), u(mark))
	rhs.Mul(rhs, u(uint64(fractionPpm)))
	return lhs.Cmp(rhs) >= 0
}

// MeetsInitial reports whether the position meets initial margin at mark.
func MeetsInitial(p Position, m Market) bool {
	return marginOK(Equity(p, m), p.Size, m.Mark, m.Params.IMF)
}

// MeetsMaintenance reports whether the position meets maintenance margin at mark.
func MeetsMaintenance(p Position, m Market) bool {
	return marginOK(Equity(p, m), p.Size, m.Mark, m.Params.MMF)
}

func toAmount(v *big.Int, what string) (uint64, error) {
	if v.Sign() < 0 {
		return 0, fmt.Errorf("%w: %s negative", ErrInsufficientMargin, what)
	}
	if v.Cmp(bigMaxAmount) > 0 {
		return 0, fmt.Errorf("%w: %s above 2^64", ErrOverflow, what)
	}
	return v.Uint64(), nil
}

func toSigned63(v *big.Int, what string) (int64, error) {
	if new(big.Int).Abs(v).Cmp(bigMaxFund) > 0 {
		return 0, fmt.Errorf("%w: |%s| above 2^63", ErrOverflow, what)
	}
	return v.Int64(), nil
}

// settle pays the funding owed since the position's snapshot into (or out of) the market's insurance fund.
func settle(p Position, m Market) (Position, Market, error) {
	owed := FundingOwed(p, m.FundingIndex)
	c, err := toAmount(new(big.Int).Sub(u(p.Collateral), owed), "collateral after funding")
	if err != nil {
		return p, m, err
	}
	ins, err := toSigned63(new(big.Int).Add(bi(m.Insurance), owed), "insurance fund")
	if err != nil {
		return p, m, err
	}
	p.Collateral, p.FundingIndex, m.Insurance = c, m.FundingIndex, ins
	return p, m, nil
}

// tradeResult is a position after a trade and what the trade realized.
type tradeResult struct {
	pos      Position
	realized *big.Int // PnL realized by the closed part
	openQty  uint64   // part of the trade that opened or increased exposure
}

// trade applies a buy (or sell) of q steps at price p to the position's size and cost basis. The closed part
// realizes closeQty·p − floor(E·closeQty/|s|) for a long (the opposite for a short); the opened part adds openQty·p.
func trade(pos Position, buy bool, q, price uint64) (tradeResult, error) {
	mag := abs64(pos.Size)
	var closeQty uint64
	if pos.Size != 0 && (pos.Size > 0) != buy {
		closeQty = min(q, mag)
	}
	openQty := q - closeQty
	closedE := new(big.Int)
	if closeQty > 0 {
		closedE.Mul(u(pos.EntryNotional), u(closeQty))
		closedE.Quo(closedE, u(mag))
	}
	realized := new(big.Int)
	if closeQty > 0 {
		realized.Mul(u(closeQty), u(price))
		realized.Sub(realized, closedE)
		if pos.Size < 0 {
			realized.Neg(realized)
		}
	}
	e := new(big.Int).Sub(u(pos.EntryNotional), closedE)
	e.Add(e, new(big.Int).Mul(u(openQty), u(price)))
	if e.Cmp(bigMaxAmount) > 0 {
		return tradeResult{}, fmt.Errorf("%w: position notional above 2^64", ErrOverflow)
	}
	var size int64
	if buy {
		size = pos.Size + int64(q)
	} else {
		size = pos.Size - int64(q)
	}
	if abs64(size) > MaxSize {
		return tradeResult{}, fmt.Errorf("%w: position size above 2^48", ErrOverflow)
	}
	pos.Size, pos.EntryNotional = size, e.Uint64()
	return tradeResult{pos: pos, realized: realized, openQty: openQty}, nil
}

// Fee returns floor(q·price·ppm / 1e6).
func Fee(q, price uint64, ppm uint16) *big.Int {
	f := new(big.Int).Mul(u(q), u(price))
	f.Mul(f, u(uint64(ppm)))
	return f.Quo(f, bigPpm)
}

// fillSide applies one side of a fill to its (settled) position: trade, realized PnL and fee into collateral, and the
// initial-margin check when the fill opens exposure.
func fillSide(pos Position, m Market, buy bool, q, price uint64, feePpm uint16) (Position, uint64, error) {
	tr, err := trade(pos, buy, q, price)
	if err != nil {
		return pos, 0, err
	}
	fee := Fee(q, price, feePpm)
	if fee.Cmp(bigMaxAmount) > 0 {
		return pos, 0, fmt.Errorf("%w: fee above 2^64", ErrOverflow)
	}
	c := u(tr.pos.Collateral)
	c.Add(c, tr.realized).Sub(c, fee)
	coll, err := toAmount(c, "collateral after fill")
	if err != nil {
		return pos, 0, err
	}
	tr.pos.Collateral = coll
	if tr.openQty > 0 && !MeetsInitial(tr.pos, m) {
		return pos, 0, fmt.Errorf("%w: below initial margin after fill", ErrInsufficientMargin)
	}
	return tr.pos, fee.Uint64(), nil
}

// longSize returns max(size, 0).
func longSize(s int64) uint64 {
	if s > 0 {
		return uint64(s)
	}
	return 0
}

// openInterest returns OI − long(before) + long(after) for each changed position.
func openInterest(oi uint64, before, after []Position) (uint64, error) {
	v := u(oi)
	for i := range before {
		v.Sub(v, u(longSize(before[i].Size)))
		v.Add(v, u(longSize(after[i].Size)))
	}
	if v.Sign() < 0 {
		return 0, fmt.Errorf("%w: negative open interest", ErrOverflow)
	}
	return toAmount(v, "open interest")
}

// fundingDelta returns sign(rate)·floor(|rate|·mark/1e6).
func fundingDelta(rate int64, mark uint64) *big.Int {
	d := new(big.Int).Mul(u(abs64(rate)), u(mark))
	d.Quo(d, bigPpm)
	if rate < 0 {
		d.Neg(d)
	}
	return d
}

// LiquidationPrice returns the first integer mark price at which the position fails maintenance margin
// (equity·10⁶ < |size|·mark·mmf), with the market's current funding index: for a long, every mark ≤ the returned
// price; for a short, every mark ≥ it. ok is false for an empty position or when no mark in 1..2^48−1 qualifies.
func LiquidationPrice(p Position, m Market) (price uint64, ok bool) {
	if p.Size == 0 {
		return 0, false
	}
	ppm := big.NewInt(Ppm)
	mmf := big.NewInt(int64(m.Params.MMF))
	owed := FundingOwed(p, m.FundingIndex)
	c := new(big.Int).SetUint64(p.Collateral)
	e := new(big.Int).SetUint64(p.EntryNotional)
	maxMark := big.NewInt(MaxSize)
	if p.Size > 0 {
		// liquidatable iff M·s·(10⁶ − mmf) < (E + owed − C)·10⁶
		num := new(big.Int).Add(e, owed)
		num.Sub(num, c).Mul(num, ppm)
		den := new(big.Int).Sub(ppm, mmf)
		den.Mul(den, big.NewInt(p.Size))
		if num.Sign() <= 0 || den.Sign() <= 0 {
			return 0, false
		}
		// highest M with M·den < num: ceil(num/den) − 1
		q := new(big.Int).Add(num, new(big.Int).Sub(den, big.NewInt(1)))
		q.Div(q, den).Sub(q, big.NewInt(1))
		if q.Sign() <= 0 {
			return 0, false
		}
		if q.Cmp(maxMark) > 0 {
			q = maxMark
		}
		return q.Uint64(), true
	}
	// short, q = |s|: liquidatable iff M·q·(10⁶ + mmf) > (C + E − owed)·10⁶
	num := new(big.Int).Add(c, e)
	num.Sub(num, owed).Mul(num, ppm)
	den := new(big.Int).Add(ppm, mmf)
	den.Mul(den, big.NewInt(-p.Size))
	// lowest M with M·den > num: floor(num/den) + 1 (Div is Euclidean: floor for den > 0)
	q := new(big.Int).Div(num, den)
	q.Add(q, big.NewInt(1))
	if q.Sign() <= 0 {
		q.SetInt64(1)
	}
	if q.Cmp(maxMark) > 0 {
		return 0, false
	}
	return q.Uint64(), true
}

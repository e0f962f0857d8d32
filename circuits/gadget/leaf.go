package gadget

import (
	"github.com/consensys/gnark/frontend"
)

// Bit widths of docs/protocol.md §2 (mirrored by state's Bits* constants; a
// test keeps them equal).
const (
	BitsSize     = 48 // |size|, order size and filled, price, tick, mark
	BitsAmount   = 64 // collateral, free, entry notional, fee pool, open interest, amounts
	BitsNonce    = 32
	BitsOrderID  = 32
	BitsAccount  = 32
	BitsMarket   = 8
	BitsFunding  = 63 // |funding index|
	BitsIns      = 63 // |insurance fund|: packed in 64 bits, bounded by the native int64
	BitsRatePpm  = 20 // imf, mmf, maxFunding, liqFee
	BitsFeePpm   = 16 // maker and taker fees
	BitsFundRate = 32 // |funding rate| of a FundingTick
	BitsExpiry   = 32
	BitsTime     = 32 // unix seconds: batch time, a market's last funding and mark times
	// MaxMarkAge is the oldest mark (seconds of batch time since the MarkPrice that set it) a Liquidate may use
	// (state.MaxMarkAge).
	MaxMarkAge = 3600
	// FundingPeriod is the period of a market's maxFunding bound (state.FundingPeriod).
	FundingPeriod = 3600
)

// AccountLeaf is the account leaf: Chain(1, pkX, pkY, nonce·2^64 + free, positionsRoot, ordersRoot).
type AccountLeaf struct {
	PK            PublicKey
	Nonce, Free   frontend.Variable
	PositionsRoot frontend.Variable
	OrdersRoot    frontend.Variable
}

// KeyPrefix returns H(H(1, pkX), pkY), the part of the account hash that only
// a key change alters; share it between the old and new leaf of an update.
func (l AccountLeaf) KeyPrefix(h *Hasher) frontend.Variable {
	return h.Chain(TagAccount, l.PK.X, l.PK.Y)
}

// HashWithPrefix returns the leaf hash continuing from KeyPrefix (range-checking nonce and free).
func (l AccountLeaf) HashWithPrefix(a *Arith, h *Hasher, prefix frontend.Variable) frontend.Variable {
	nf := a.Pack(Field{l.Free, BitsAmount}, Field{l.Nonce, BitsNonce})
	return h.Chain(prefix, nf, l.PositionsRoot, l.OrdersRoot)
}

// Hash returns the account leaf hash.
func (l AccountLeaf) Hash(a *Arith, h *Hasher) frontend.Variable {
	return l.HashWithPrefix(a, h, l.KeyPrefix(h))
}

// PositionLeaf is one isolated position.
type PositionLeaf struct {
	Size       Signed            // steps, |size| < 2^48
	Collateral frontend.Variable // < 2^64
	Entry      frontend.Variable // entry notional magnitude, < 2^64; its sign is Size's
	Fund       Signed            // funding index at the last settlement, |fund| < 2^63
}

// Packed range-checks the position (canonical signs included) and returns its packed field.
func (l PositionLeaf) Packed(a *Arith) frontend.Variable {
	a.Rule("leaf.position.size").CheckSigned(l.Size, BitsSize)
	a.Rule("leaf.position.fund").CheckSigned(l.Fund, BitsFunding)
	a.Rule("leaf.position.collateral").Check(l.Collateral, 64)
	a.Rule("leaf.position.entry").Check(l.Entry, 64)
	// the signed parts are checked above: combine without checking them twice
	return a.Combine(Field{l.Size.Mag, 48}, Field{l.Size.Neg, 1}, Field{l.Collateral, 64}, Field{l.Entry, 64},
		Field{l.Fund.Mag, 63}, Field{l.Fund.Neg, 1})
}

// Hash returns Chain(2, packed).
func (l PositionLeaf) Hash(a *Arith, h *Hasher) frontend.Variable {
	return h.Chain(TagPosition, l.Packed(a))
}

// OrderLeaf is an order fill slot.
type OrderLeaf struct {
	ID, Filled frontend.Variable
}

// Hash returns Chain(3, filled + 2^48·id), range-checking both.
func (l OrderLeaf) Hash(a *Arith, h *Hasher) frontend.Variable {
	return h.Chain(TagOrder, a.Pack(Field{l.Filled, BitsSize}, Field{l.ID, BitsOrderID}))
}

// MarketParams are the fixed parameters of a market.
type MarketParams struct {
	Tick, IMF, MMF, MaxFunding, MakerFee, TakerFee, LiqFee frontend.Variable
}

// MarketLeaf is the market leaf.
type MarketLeaf struct {
	Params       MarketParams
	Mark         frontend.Variable
	Fund         Signed
	OpenInterest frontend.Variable
	Ins          Signed
	FeePool      frontend.Variable
	LastFunding  frontend.Variable // batch time of the last FundingTick, < 2^32
	MarkTime     frontend.Variable // batch time of the last MarkPrice, < 2^32
}

// PackedParams range-checks and packs the parameters.
func (l MarketLeaf) PackedParams(a *Arith) frontend.Variable {
	p := l.Params
	return a.Pack(Field{p.Tick, 48}, Field{p.IMF, 20}, Field{p.MMF, 20}, Field{p.MaxFunding, 20},
		Field{p.MakerFee, 16}, Field{p.TakerFee, 16}, Field{p.LiqFee, 20})
}

// PackedState range-checks and packs mark, funding index, open interest, last funding time and mark time.
func (l MarketLeaf) PackedState(a *Arith) frontend.Variable {
	a.Rule("leaf.market.last-funding").Check(l.LastFunding, BitsTime)
	a.Rule("leaf.market.mark-time").Check(l.MarkTime, BitsTime)
	return l.PackedStateKeepTimes(a)
}

// PackedStateKeepTimes is PackedState without the range checks of the two times: for a new leaf whose times are
// each the old leaf's (checked there) or the batch time (checked once per batch).
func (l MarketLeaf) PackedStateKeepTimes(a *Arith) frontend.Variable {
	a.Rule("leaf.market.fund").CheckSigned(l.Fund, BitsFunding)
	a.Rule("leaf.market.mark").Check(l.Mark, 48)
	a.Rule("leaf.market.open-interest").Check(l.OpenInterest, 64)
	return a.Combine(Field{l.Mark, 48}, Field{l.Fund.Mag, 63}, Field{l.Fund.Neg, 1}, Field{l.OpenInterest, 64},
		Field{l.LastFunding, BitsTime}, Field{l.MarkTime, BitsTime})
}

// PackedFunds range-checks and packs the insurance fund and fee pool.
func (l MarketLeaf) PackedFunds(a *Arith) frontend.Variable {
	a.Rule("leaf.market.insurance").CheckSigned(l.Ins, BitsIns)
	a.Rule("leaf.market.fee-pool").Check(l.FeePool, 64)
	return a.Combine(Field{l.Ins.Mag, 64}, Field{l.Ins.Neg, 1}, Field{l.FeePool, 64})
}

// Hash returns Chain(4, params, state, funds).
func (l MarketLeaf) Hash(a *Arith, h *Hasher) frontend.Variable {
	return h.Chain(TagMarket, l.PackedParams(a), l.PackedState(a), l.PackedFunds(a))
}

package book

// Limits shared with the state package (docs/protocol.md §3).
const (
	// MaxPrice is the largest price (quantums per step); prices are 1..MaxPrice and multiples of the tick.
	MaxPrice = 1<<48 - 1
	// MaxSize is the largest order size in steps.
	MaxSize = 1<<48 - 1
	// MaxFeePpm is the largest fee rate in parts per million.
	MaxFeePpm = 65535
)

// Side is the side of an order. The zero value is invalid.
type Side uint8

// Sides.
const (
	Buy Side = iota + 1
	Sell
)

func (s Side) String() string {
	switch s {
	case Buy:
		return "buy"
	case Sell:
		return "sell"
	}
	return "invalid-side"
}

// OrderType is how an order is priced.
type OrderType uint8

// Order types.
const (
	// Limit rests at (or trades up to) Price.
	Limit OrderType = iota
	// Market trades immediately up to the worst price Price (required: there are no unbounded market orders)
	// and never rests. Its time in force is IOC (the default) or FOK.
	Market
	// Pegged rests at a price that tracks a reference (PegBestBid, PegBestAsk, PegMark) plus PegOffset, capped by
	// Price when Price is not 0. A pegged order never takes liquidity: its price is kept one tick passive of the
	// opposite best.
	Pegged
)

func (t OrderType) String() string {
	switch t {
	case Limit:
		return "limit"
	case Market:
		return "market"
	case Pegged:
		return "pegged"
	}
	return "invalid-type"
}

// TimeInForce says how long an order stays live.
type TimeInForce uint8

// Times in force.
const (
	GTC TimeInForce = iota // good till cancelled
	GTT                    // good till time: expires when the book's clock reaches Order.ExpiresAt
	IOC                    // immediate or cancel: the unfilled rest expires
	FOK                    // fill or kill: fills completely at once or expires without any fill
)

func (t TimeInForce) String() string {
	switch t {
	case GTC:
		return "GTC"
	case GTT:
		return "GTT"
	case IOC:
		return "IOC"
	case FOK:
		return "FOK"
	}
	return "invalid-tif"
}

// TriggerKind makes an order conditional on the mark price.
type TriggerKind uint8

// Trigger kinds. A buy stop-loss and a sell take-profit trigger when mark ≥ TriggerPrice; a sell stop-loss and a
// buy take-profit trigger when mark ≤ TriggerPrice.
const (
	TriggerNone TriggerKind = iota
	StopLoss
	TakeProfit
)

func (k TriggerKind) String() string {
	switch k {
	case TriggerNone:
		return "none"
	case StopLoss:
		return "stop-loss"
	case TakeProfit:
		return "take-profit"
	}
	return "invalid-trigger"
}

// PegRef is the reference price of a pegged order.
type PegRef uint8

// Peg references. Best bid and best ask are those of the non-pegged orders (so pegged orders never chase each
// other); the mark is rounded down to the tick.
const (
	PegNone PegRef = iota
	PegBestBid
	PegBestAsk
	PegMark
)

func (p PegRef) String() string {
	switch p {
	case PegNone:
		return "none"
	case PegBestBid:
		return "best-bid"
	case PegBestAsk:
		return "best-ask"
	case PegMark:
		return "mark"
	}
	return "invalid-peg"
}

// STPMode is the self-trade prevention mode of an incoming (taker) order. Two orders of the same account never
// trade with each other; the taker's mode says which of them is removed.
type STPMode uint8

// Self-trade prevention modes.
const (
	STPExpireTaker STPMode = iota // the taker's rest expires; the resting order stays (the default)
	STPExpireMaker                // the resting order expires; the taker keeps matching
	STPExpireBoth                 // both expire
)

func (m STPMode) String() string {
	switch m {
	case STPExpireTaker:
		return "expire-taker"
	case STPExpireMaker:
		return "expire-maker"
	case STPExpireBoth:
		return "expire-both"
	}
	return "invalid-stp"
}

// Order is a request to place an order. The sequencer has already checked the trader's signature; the book checks
// everything else. Zero values give a GTC limit order with self-trade mode expire-taker.
type Order struct {
	Account uint32
	ID      uint64 // the trader's order id, unique among the account's live orders in this market
	Side    Side
	Type    OrderType
	TIF     TimeInForce
	// Price is the limit price (Limit), the worst acceptable price (Market, required) or the optional price cap
	// of a pegged order (0: none). A multiple of the tick, 1..MaxPrice.
	Price uint64
	// Size in steps: a multiple of the market's lot size, MinSize..MaxSize.
	Size uint64
	// ExpiresAt is the expiry time of a GTT order (book clock units); 0 for other orders.
	ExpiresAt uint64
	// PostOnly orders never take liquidity: one that would cross is rejected.
	PostOnly bool
	// ReduceOnly orders may only reduce the account's position, never increase or flip it. The size is clamped
	// to the position when the order enters; a resting reduce-only order trades only what still reduces.
	ReduceOnly bool
	// DisplaySize > 0 makes an iceberg: only DisplaySize steps show; when they are filled the next slice shows
	// and the order goes to the back of its level.
	DisplaySize uint64
	// Trigger and TriggerPrice make a stop-loss or take-profit order: it waits off the book until the mark price
	// reaches TriggerPrice, then enters as a market (Type Market) or limit order.
	Trigger      TriggerKind
	TriggerPrice uint64
	// Peg and PegOffset (quantums, a multiple of the tick, may be negative) configure a Pegged order.
	Peg       PegRef
	PegOffset int64
	STP       STPMode
	// The fee rates the trader signed as acceptable; the market's rates must not exceed them.
	MaxMakerFeePpm uint32
	MaxTakerFeePpm uint32
	// Unverified: the order's signature has not been checked yet. Only a post-only limit order without a trigger
	// may be unverified (it cannot take liquidity, so it can only trade as a maker), and only in a book with
	// Config.Signatures: the book asks it the first time the order is about to trade, and removes the order
	// (EventExpired, ReasonBadSignature) instead of trading it when the check fails.
	Unverified bool
}

// OrderRef names an order: the book keys orders by (account, id).
type OrderRef struct {
	Account uint32
	ID      uint64
}

// Level is one aggregated price level (L2).
type Level struct {
	Price  uint64
	Size   uint64 // sum of the visible sizes
	Orders int    // number of orders
}

// OrderInfo describes a live order (L3 queries, lookups and snapshots).
type OrderInfo struct {
	Account      uint32
	ID           uint64
	Seq          uint64 // sequence number of the Accepted event: arrival order
	Prio         uint64 // queue stamp: FIFO order within a price level (larger is later)
	Pending      bool   // a stop-loss/take-profit order waiting for its trigger (not on the book)
	Side         Side
	Type         OrderType
	TIF          TimeInForce
	Trigger      TriggerKind
	Peg          PegRef
	STP          STPMode
	PostOnly     bool
	ReduceOnly   bool
	Price        uint64 // resting price; for pending orders the limit or worst price
	Limit        uint64 // the cap of a pegged order (0: none)
	TriggerPrice uint64
	PegOffset    int64
	Size         uint64 // total size (after any reduce-only clamp)
	Filled       uint64
	Visible      uint64 // the shown part of the open size (open = Size - Filled; the rest is hidden)
	Display      uint64 // iceberg slice size (0: not an iceberg)
	ExpiresAt    uint64
	MaxMakerFee  uint32
	MaxTakerFee  uint32
	Unverified   bool // its signature is still to be checked before it first trades (Order.Unverified)
}

// Open is the size still open.
func (o *OrderInfo) Open() uint64 { return o.Size - o.Filled }

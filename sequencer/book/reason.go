package book

import "errors"

// Reason says why an operation was rejected or why the book removed an order. A Reason is an error: every error a
// Book method returns is a Reason or wraps one, so callers test with errors.Is(err, book.ReasonPostOnlyWouldCross).
// Event.Reason carries the same code. Returning a Reason never allocates.
type Reason uint8

// Rejections: the operation changed nothing (except advancing the clock and expiring due GTT orders).
const (
	ReasonNone Reason = iota

	ReasonInvalidSide
	ReasonInvalidType
	ReasonInvalidTIF
	ReasonInvalidSTP
	ReasonSizeRange          // size is 0 or above the market's maximum
	ReasonOffStep            // size is not a multiple of the lot size
	ReasonBelowMinSize       // size is below the market's minimum
	ReasonPriceRange         // price is 0 (where one is needed) or above MaxPrice
	ReasonOffTick            // price is not a multiple of the tick size
	ReasonNoPriceBound       // a market order without a worst price
	ReasonNotionalOverflow   // size·price does not fit in 64 bits
	ReasonExpiryInPast       // a GTT order whose expiry is not after now, or ExpiresAt on a non-GTT order
	ReasonInvalidFlags       // incompatible flags (post-only with IOC/FOK/market)
	ReasonInvalidIceberg     // bad display size, or an iceberg that cannot rest, or reduce-only
	ReasonInvalidTrigger     // bad trigger kind or price
	ReasonInvalidPeg         // bad peg reference or offset, or peg fields on a non-pegged order
	ReasonFeeAboveBound      // the market's fee rate exceeds what the order signed
	ReasonDuplicateOrder     // (account, id) is already live
	ReasonUnknownOrder       // no live order (account, id)
	ReasonBookFull           // the book holds Config.MaxOrders orders
	ReasonPostOnlyWouldCross // a post-only order (or amend) would take liquidity
	ReasonReduceOnly         // a reduce-only order would increase or flip the position
	ReasonRisk               // the risk checker refused the order (the error wraps the checker's error)
	ReasonWouldTrigger       // a stop-loss/take-profit whose trigger condition already holds
	ReasonNoPegReference     // the peg reference does not exist (empty side, no mark)
	ReasonInvalidAmend       // new size not above the filled size, or a price change on a pegged order
	ReasonTimeBackwards      // now is before the book's clock
	ReasonInvalidFee         // a fee rate above MaxFeePpm
	ReasonInvalidMark        // a mark price of 0 or above MaxPrice
	ReasonReentrant          // a book method called from inside the event sink

	// Removal causes (Event.Reason of Expired events).

	ReasonIOCRemainder // the unfilled rest of an IOC or market order
	ReasonFOKUnfilled  // a FOK order that could not fill completely
	ReasonSelfTrade    // self-trade prevention
	ReasonGTTExpired   // a GTT order reached its expiry
	ReasonPegNoPrice   // a pegged order has no passive price (also a rejection at placement)
	ReasonBadSignature // an unverified order's signature failed its check when it was first about to trade

	numReasons
)

var reasonText = [numReasons]string{
	ReasonNone:               "none",
	ReasonInvalidSide:        "invalid side",
	ReasonInvalidType:        "invalid order type",
	ReasonInvalidTIF:         "invalid time in force for this order",
	ReasonInvalidSTP:         "invalid self-trade prevention mode",
	ReasonSizeRange:          "size out of range",
	ReasonOffStep:            "size not a multiple of the lot size",
	ReasonBelowMinSize:       "size below the market minimum",
	ReasonPriceRange:         "price out of range",
	ReasonOffTick:            "price not a multiple of the tick size",
	ReasonNoPriceBound:       "market order without a worst-price bound",
	ReasonNotionalOverflow:   "notional size·price overflows 64 bits",
	ReasonExpiryInPast:       "bad expiry: not in the future, or set on a non-GTT order",
	ReasonInvalidFlags:       "incompatible order flags",
	ReasonInvalidIceberg:     "invalid iceberg order",
	ReasonInvalidTrigger:     "invalid trigger",
	ReasonInvalidPeg:         "invalid peg",
	ReasonFeeAboveBound:      "market fee rate above the order's signed bound",
	ReasonDuplicateOrder:     "duplicate order id",
	ReasonUnknownOrder:       "unknown order",
	ReasonBookFull:           "book full",
	ReasonPostOnlyWouldCross: "post-only order would cross the book",
	ReasonReduceOnly:         "reduce-only order would increase or flip the position",
	ReasonRisk:               "risk check failed",
	ReasonWouldTrigger:       "trigger condition already met",
	ReasonNoPegReference:     "peg reference price unavailable",
	ReasonInvalidAmend:       "invalid amend",
	ReasonTimeBackwards:      "time went backwards",
	ReasonInvalidFee:         "invalid fee rate",
	ReasonInvalidMark:        "invalid mark price",
	ReasonReentrant:          "book called from its own event sink",
	ReasonIOCRemainder:       "unfilled rest of an immediate order",
	ReasonFOKUnfilled:        "fill-or-kill order could not fill completely",
	ReasonSelfTrade:          "self-trade prevented",
	ReasonGTTExpired:         "order expired",
	ReasonPegNoPrice:         "no passive price for the pegged order",
	ReasonBadSignature:       "bad signature",
}

// String returns the short text of the reason.
func (r Reason) String() string {
	if r < numReasons {
		return reasonText[r]
	}
	return "unknown reason"
}

// Error implements error.
func (r Reason) Error() string { return "book: " + r.String() }

// RiskError is returned when the RiskChecker refuses an order. errors.Is(err, ReasonRisk) holds, and Unwrap gives
// the checker's own error.
type RiskError struct {
	Ref OrderRef
	Err error
}

func (e *RiskError) Error() string { return "book: risk check failed: " + e.Err.Error() }

// Unwrap returns the checker's error.
func (e *RiskError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ReasonRisk) hold.
func (e *RiskError) Is(target error) bool { return target == ReasonRisk }

// ReasonOf extracts the Reason from an error returned by the book (ReasonNone for nil or foreign errors).
func ReasonOf(err error) Reason {
	var r Reason
	if errors.As(err, &r) {
		return r
	}
	if errors.Is(err, ReasonRisk) {
		return ReasonRisk
	}
	return ReasonNone
}

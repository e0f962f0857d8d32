// Package state is the domain of zkperp and its deterministic state transition: accounts with isolated positions
// and order fill slots, markets, and the seven transaction types of docs/protocol.md §5. Every applied transaction
// yields a Trace (leaves before and after, Merkle witnesses) from which the circuit witness is built. A rejected
// transaction returns a typed error and changes nothing.
package state

import "errors"

// Errors returned by the transition. Match them with errors.Is; the wrapping message carries the details.
var (
	ErrUnknownAccount     = errors.New("unknown account")
	ErrUnknownMarket      = errors.New("unknown market")
	ErrBadSignature       = errors.New("bad signature")
	ErrBadNonce           = errors.New("bad nonce")
	ErrStaleOrder         = errors.New("stale order id")
	ErrOverfill           = errors.New("fill exceeds order size")
	ErrInsufficientFunds  = errors.New("insufficient free collateral")
	ErrInsufficientMargin = errors.New("insufficient margin")
	ErrNotLiquidatable    = errors.New("position above maintenance margin")
	ErrOverflow           = errors.New("value out of range")
	ErrPriceNotOnTick     = errors.New("price not on tick")
	ErrPriceLimit         = errors.New("price outside the order's limit")
	ErrFeeAboveBound      = errors.New("fee rate above the signed bound")
	ErrSideMismatch       = errors.New("orders not on opposite sides")
	ErrMarketMismatch     = errors.New("orders on different markets")
	ErrSelfTrade          = errors.New("maker and taker are the same account")
	ErrFundingRate        = errors.New("funding rate above the market bound")
	ErrKeyMismatch        = errors.New("deposit key differs from the account key")
	ErrBadParams          = errors.New("bad market parameters")
	ErrMarketExists       = errors.New("market already initialized")
	ErrInvalidTx          = errors.New("invalid transaction")
	ErrBatchFull          = errors.New("batch full")
	ErrOrderExpired       = errors.New("order expired at the batch time")
	ErrStaleMark          = errors.New("mark older than the liquidation bound")
	ErrTimeBackwards      = errors.New("batch time before the previous batch's")
)

// Package wire holds what the zkperp node and its clients share on the wire (docs/api.md): the request and
// response types of the perp_ JSON-RPC API, its error codes and typed error, the decimal units of prices, sizes and
// amounts, and the conversion of an order request into the signed order (ParseOrder) with the signing of every
// request (SignOrder, SignAmend, SignCancel, SignCancelAll, SignWithdraw, SignMargin).
//
// The node (sequencer/node) answers with these types and parses requests with these functions; the Go SDK (client)
// and the browser signer (web/signer) build and sign requests with them. It imports only go-ethereum's common
// packages and state/sign (gnark-crypto): a program that imports the SDK does not compile the node, the circuits
// or the storage.
package wire

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common/hexutil"
)

// MarketInfo describes a market.
type MarketInfo struct {
	ID            uint8  `json:"id"`
	Name          string `json:"name"`
	SizeDecimals  int    `json:"sizeDecimals"`
	QuoteDecimals int    `json:"quoteDecimals"`
	Tick          string `json:"tick"`
	TickUnits     uint64 `json:"tickUnits"` // quantums per step
	MinSize       string `json:"minSize"`
	IMF           uint32 `json:"imfPpm"`
	MMF           uint32 `json:"mmfPpm"`
	MakerFee      uint16 `json:"makerFeePpm"`
	TakerFee      uint16 `json:"takerFeePpm"`
	MaxFunding    uint32 `json:"maxFundingPpm"`
	Mark          string `json:"mark"`
	FundingIndex  int64  `json:"fundingIndex"`
	OpenInterest  string `json:"openInterest"`
	Insurance     string `json:"insurance"`
}

// OrderRequest is a signed order. Price and Size are decimals; the signature covers the integer order of
// sign.Order built from them (ParseOrder, SignOrder).
type OrderRequest struct {
	Account     uint32        `json:"account"`
	ID          uint32        `json:"id"`
	Market      uint8         `json:"market"`
	Side        string        `json:"side"` // "buy" | "sell"
	Price       string        `json:"price"`
	Size        string        `json:"size"`
	MaxMakerFee uint16        `json:"maxMakerFeePpm"`
	MaxTakerFee uint16        `json:"maxTakerFeePpm"`
	Expiry      uint32        `json:"expiry,omitempty"` // unix seconds (GTT)
	Type        string        `json:"type,omitempty"`   // limit (default) | market | pegged
	TIF         string        `json:"tif,omitempty"`    // GTC (default) | GTT | IOC | FOK
	PostOnly    bool          `json:"postOnly,omitempty"`
	ReduceOnly  bool          `json:"reduceOnly,omitempty"`
	Display     string        `json:"display,omitempty"` // iceberg slice size
	Trigger     string        `json:"trigger,omitempty"` // stop_loss | take_profit
	TriggerAt   string        `json:"triggerPrice,omitempty"`
	Peg         string        `json:"peg,omitempty"`       // best_bid | best_ask | mark
	PegOffset   string        `json:"pegOffset,omitempty"` // signed decimal
	STP         string        `json:"stp,omitempty"`       // expire_taker (default) | expire_maker | expire_both
	Sig         hexutil.Bytes `json:"sig"`
}

// EventView is a book event in API units.
type EventView struct {
	Seq       uint64 `json:"seq"`
	Time      uint64 `json:"time"`
	Kind      string `json:"kind"`
	Reason    string `json:"reason,omitempty"`
	Market    uint8  `json:"market"`
	Side      string `json:"side,omitempty"`
	Account   uint32 `json:"account"`
	OrderID   uint64 `json:"orderId"`
	Maker     uint32 `json:"makerAccount,omitempty"`
	MakerID   uint64 `json:"makerOrderId,omitempty"`
	Price     string `json:"price,omitempty"`
	Size      string `json:"size,omitempty"`
	Remaining string `json:"remaining,omitempty"`
	MakerFee  string `json:"makerFee,omitempty"`
	TakerFee  string `json:"takerFee,omitempty"`
	// Tx is, for a fill, the index of the state tx it became (perp_txStatus follows its finality); absent when the
	// state refused the fill and for other kinds.
	Tx uint64 `json:"tx,omitempty"`
}

// Ack is the answer to an accepted input: its WAL sequence, the book events and the state txs it caused.
type Ack struct {
	Seq    uint64      `json:"seq"`
	Events []EventView `json:"events"`
	Txs    []TxView    `json:"txs"`
}

// TxView is a state transaction an input caused.
type TxView struct {
	Index uint64 `json:"index"`
	Type  string `json:"type"`
	Error string `json:"error,omitempty"`
}

// AmendRequest is an amend: the re-signed order (same id, side, fees and expiry as the live order; new price and/or
// size) and the amend's own signature AmendSig over (account, id, version, price, size) (sign.AmendMessage).
// Version must be above the order's current version (0 when placed): each amend is valid once. AmendSig may be
// left out in a session (perp_logon): the re-signed order's signature is still required and checked.
type AmendRequest struct {
	OrderRequest
	Version  uint64        `json:"version"`
	AmendSig hexutil.Bytes `json:"amendSig,omitempty"`
}

// CancelRequest cancels one order (signature over sign.CancelMessage). Sig may be left out over a WebSocket
// connection where the account is logged on (perp_logon, docs/api.md §2 "Sessions").
type CancelRequest struct {
	Account uint32        `json:"account"`
	Market  uint8         `json:"market"`
	OrderID uint32        `json:"orderId"`
	Sig     hexutil.Bytes `json:"sig,omitempty"`
}

// CancelAllRequest cancels an account's orders in a market with id ≤ UpTo. Nonce must be above the account's last
// accepted cancel-all nonce (the Go client uses the time in ms): each cancel-all is valid once. Sig may be left out
// in a session, as CancelRequest's.
type CancelAllRequest struct {
	Account uint32        `json:"account"`
	Market  uint8         `json:"market"`
	UpTo    uint32        `json:"upTo"`
	Nonce   uint64        `json:"nonce"`
	Sig     hexutil.Bytes `json:"sig,omitempty"`
}

// LogonRequest logs an account on to the WebSocket connection it is sent over: Sig signs sign.LogonMessage over
// the account and Challenge, which perp_sessionChallenge drew for this connection (16 bytes, used once).
type LogonRequest struct {
	Account   uint32        `json:"account"`
	Challenge hexutil.Bytes `json:"challenge"`
	Sig       hexutil.Bytes `json:"sig"`
}

// Session is the answer of perp_logon and perp_logoff: the accounts logged on to the connection.
type Session struct {
	Accounts []uint32 `json:"accounts"`
}

// WithdrawRequest withdraws free collateral to the account's L1 owner (signature over sign.Withdraw.Message).
type WithdrawRequest struct {
	Account uint32        `json:"account"`
	Amount  string        `json:"amount"`
	Nonce   uint32        `json:"nonce"`
	Sig     hexutil.Bytes `json:"sig"`
}

// MarginRequest moves collateral between free and a position (signature over sign.PositionMargin.Message).
type MarginRequest struct {
	Account    uint32        `json:"account"`
	Market     uint8         `json:"market"`
	ToPosition bool          `json:"toPosition"`
	Amount     string        `json:"amount"`
	Nonce      uint32        `json:"nonce"`
	Sig        hexutil.Bytes `json:"sig"`
}

// Level is an aggregated price level.
type Level struct {
	Price  string `json:"price"`
	Size   string `json:"size"`
	Orders int    `json:"orders"`
}

// BookSnapshot is the L2 book at event sequence Seq (apply deltas with a larger Seq).
type BookSnapshot struct {
	Market uint8   `json:"market"`
	Seq    uint64  `json:"seq"`
	Time   uint64  `json:"time"`
	Mark   string  `json:"mark"`
	Bids   []Level `json:"bids"`
	Asks   []Level `json:"asks"`
}

// Limits of the read methods' sizes.
const (
	MaxBookDepth   = 500  // perp_book levels per side
	MaxTradesLimit = 1000 // perp_trades
)

// OrderView is a live order.
type OrderView struct {
	Account uint32 `json:"account"`
	ID      uint64 `json:"id"`
	Market  uint8  `json:"market"`
	Side    string `json:"side"`
	Type    string `json:"type"`
	TIF     string `json:"tif"`
	Price   string `json:"price"`
	Size    string `json:"size"`
	Filled  string `json:"filled"`
	Visible string `json:"visible"`
	Pending bool   `json:"pending"` // a stop/take-profit waiting for its trigger
}

// OrderStatus is an order's state: live (with its book view) or done (with its fill slot from the state).
type OrderStatus struct {
	Live   bool       `json:"live"`
	Order  *OrderView `json:"order,omitempty"`
	Filled string     `json:"filled"` // from the state's fill slot (proven part)
}

// PositionView is an isolated position with its margin figures.
type PositionView struct {
	Market        uint8  `json:"market"`
	Size          string `json:"size"` // signed
	Collateral    string `json:"collateral"`
	EntryPrice    string `json:"entryPrice,omitempty"`
	EntryNotional string `json:"entryNotional"`
	Equity        string `json:"equity"`
	UnrealizedPnl string `json:"unrealizedPnl"`
	FundingOwed   string `json:"fundingOwed"`
	LiqPrice      string `json:"liquidationPrice,omitempty"`
	MeetsInitial  bool   `json:"meetsInitial"`
	Liquidatable  bool   `json:"liquidatable"`
}

// AccountView is an account with its positions.
type AccountView struct {
	Index     uint32         `json:"index"`
	PubKeyX   string         `json:"pubKeyX"`
	PubKeyY   string         `json:"pubKeyY"`
	Nonce     uint32         `json:"nonce"`
	Free      string         `json:"free"`
	Positions []PositionView `json:"positions"`
}

// NodeStatus summarizes the node.
type NodeStatus struct {
	ChainID       uint64 `json:"chainId"`
	Rollup        string `json:"rollup"`
	Root          string `json:"root"`
	SealedBatch   uint64 `json:"sealedBatch"`
	VerifiedBatch uint64 `json:"verifiedBatch"`
	PendingTxs    int    `json:"pendingTxs"`
	ProverQueue   int    `json:"proverQueue"`
	Deposits      uint64 `json:"depositsApplied"`
	Slots         int    `json:"slots"`
	// Exodus is true once the rollup is in exodus on L1: the node no longer seals or submits batches, and users
	// exit on L1 from the last verified root.
	Exodus bool `json:"exodus"`
	// Rejected is set when L1 refused a batch for a reason resubmitting cannot fix (BatchTooOld, MarkRoundNotLatest,
	// InvalidProof, ...) and it is not re-sealed: the node re-seals the batches after the last verified one at a
	// later time and clears it (docs/node.md "Rejected batches"), unless l1.no_reseal is set or the same batch was
	// refused after 3 re-seals; then submission stays stopped and nothing sealed after the last verified batch
	// settles.
	Rejected *Rejection `json:"rejected,omitempty"`
	// BatchTime is the time (unix seconds) the pending batch's txs are applied at (or the next tx would be).
	BatchTime uint32 `json:"batchTime"`
	// Ledger is the last conserved-ledger check at an L1-verified root (docs/node.md "The conserved ledger").
	Ledger *LedgerStatus `json:"ledger,omitempty"`
}

// BookDelta is one book event of a market with its sequence number: a client applies deltas with Seq greater than
// its snapshot's Seq and resyncs if it sees a gap.
type BookDelta struct {
	EventView
}

// Dropped is the last notification of a subscription the node ended: Reason "fell_behind" when the subscriber fell
// more than Limits.SubscriptionBuffer outputs behind. Nothing follows it on that subscription; resubscribe and
// resync from a snapshot (perp_book).
type Dropped struct {
	Kind   string `json:"kind"` // "dropped"
	Reason string `json:"reason"`
}

// FellBehind is the notice of a subscriber that fell behind.
var FellBehind = Dropped{Kind: "dropped", Reason: "fell_behind"}

// MarkUpdate is a mark price or funding tick.
type MarkUpdate struct {
	Market      uint8  `json:"market"`
	Kind        string `json:"kind"` // mark_price | funding_tick
	Mark        string `json:"mark,omitempty"`
	FundingRate int64  `json:"fundingRatePpm,omitempty"`
	Time        uint64 `json:"time"`
}

// Stage is how final a transaction is.
type Stage string

// Finality stages (DESIGN §7): matched (soft) → in a sealed batch → proven → submitted → verified on L1 (final).
const (
	StageMatched   Stage = "matched"
	StageSealed    Stage = "sealed"
	StageProven    Stage = "proven"
	StageSubmitted Stage = "submitted"
	StageVerified  Stage = "verified"
)

// BatchStatus is a batch's progress.
type BatchStatus struct {
	Number      uint64 `json:"number"`
	Stage       Stage  `json:"stage"`
	Txs         int    `json:"txs"`
	Fills       int    `json:"fills"`
	SealedAt    int64  `json:"sealedAt"`
	ProvenAt    int64  `json:"provenAt,omitempty"`
	SubmittedAt int64  `json:"submittedAt,omitempty"`
	VerifiedAt  int64  `json:"verifiedAt,omitempty"`
	ProveMillis int64  `json:"proveMillis,omitempty"`
	GasUsed     uint64 `json:"gasUsed,omitempty"`
	TxHash      string `json:"l1Tx,omitempty"`
	// FirstTxAt is when the batch's earliest tx was matched/applied (unix ms): trade → L1 finality is
	// VerifiedAt − FirstTxAt.
	FirstTxAt int64 `json:"firstTxAt,omitempty"`
}

// TxStatus is one transaction's finality.
type TxStatus struct {
	Index     uint64 `json:"index"`
	Type      string `json:"type"`
	Batch     uint64 `json:"batch,omitempty"`
	Stage     Stage  `json:"stage"`
	MatchedAt int64  `json:"matchedAt"`
}

// LedgerStatus is the last conserved-ledger check, as perp_status shows it.
type LedgerStatus struct {
	Batch      uint64 `json:"batch"`   // the verified batch checked
	L1Block    uint64 `json:"l1Block"` // the block the L1 values were read at
	State      string `json:"state"`   // L of the state at that batch (quantums)
	L1Holds    string `json:"l1Holds"` // balance − totalClaimable − pendingDepositAmount
	Balance    string `json:"balance"`
	Claimable  string `json:"totalClaimable"`
	Pending    string `json:"pendingDeposits"`
	Difference string `json:"difference"` // L1Holds − State: "0" when balanced
	Skipped    string `json:"skipped,omitempty"`
	Violations uint64 `json:"violations"` // since start
	CheckedAt  int64  `json:"checkedAt"`  // unix ms
	Millis     int64  `json:"millis"`     // duration of the check
	Error      string `json:"error,omitempty"`
}

// DepositView is an L1 deposit as the node applied it.
type DepositView struct {
	Index   uint64 `json:"index"`
	Account uint32 `json:"account"`
	Owner   string `json:"owner"`
	Amount  uint64 `json:"amount"` // quantums
	L1Block uint64 `json:"l1Block"`
	L1Tx    string `json:"l1Tx"`
	Applied bool   `json:"applied"`
}

// Rejection is a refusal of a batch by L1 that resubmitting cannot fix: the contract's error and its fields
// (perp_status.rejected). The node's own type (sequencer/node.Rejection, an error) converts to it.
type Rejection struct {
	Batch  uint64 `json:"batch"`
	Reason string `json:"reason"` // the Rollup error's name, e.g. BatchTooOld
	Detail string `json:"detail"`
	At     int64  `json:"at"` // unix ms
}

func (r *Rejection) Error() string {
	return fmt.Sprintf("L1 rejected the batch: batch %d: %s %s", r.Batch, r.Reason, r.Detail)
}

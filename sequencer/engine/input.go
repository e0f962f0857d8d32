// Package engine is the sequencer's deterministic core: one goroutine applies logged inputs (orders, cancels,
// deposits, withdrawals, margin transfers, mark prices, funding ticks, seals) to the order books and the state, in
// WAL order. The same inputs always give the same events, fills, batches and roots, so a restart that replays the
// WAL from the last checkpoint rebuilds exactly the state that was acknowledged.
package engine

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/sequencer/book"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/sign"
)

// Kind is the kind of an input.
type Kind string

// Input kinds (the WAL stores them by name: a kind once logged keeps its name).
const (
	KindPlace     Kind = "place"
	KindCancel    Kind = "cancel"
	KindCancelAll Kind = "cancelAll"
	KindAmend     Kind = "amend"
	KindDeposit   Kind = "deposit"
	// KindForcedClose is an L1 priority-queue entry of kind 2 (state.QueueForcedClose): a forced close.
	KindForcedClose Kind = "forcedClose"
	KindWithdraw    Kind = "withdraw"
	KindMargin      Kind = "margin"
	KindMark        Kind = "mark"
	KindFunding     Kind = "funding"
	KindTick        Kind = "tick" // advances the book clocks (GTT expiry)
	KindSeal        Kind = "seal"
)

// OrderFlags are the book-level fields of an order that the circuit does not see.
type OrderFlags struct {
	Type         book.OrderType   `json:"type,omitempty"`
	TIF          book.TimeInForce `json:"tif,omitempty"`
	PostOnly     bool             `json:"postOnly,omitempty"`
	ReduceOnly   bool             `json:"reduceOnly,omitempty"`
	DisplaySize  uint64           `json:"display,omitempty"`
	Trigger      book.TriggerKind `json:"trigger,omitempty"`
	TriggerPrice uint64           `json:"triggerPrice,omitempty"`
	Peg          book.PegRef      `json:"peg,omitempty"`
	PegOffset    int64            `json:"pegOffset,omitempty"`
	STP          book.STPMode     `json:"stp,omitempty"`
}

// Place is a signed order with its book flags.
type Place struct {
	Order state.Order `json:"order"`
	Flags OrderFlags  `json:"flags"`
	// Deferred: the order's signature was not checked at admission. The node defers it for a post-only limit order
	// from an account logged on to the connection it came on (the session shows who sent it): such an order can
	// trade only as a maker, so its signature matters only when a taker reaches it. The book then asks the engine
	// (CheckSignature) and removes the order (expired, book.ReasonBadSignature) if the signature is bad; an order
	// amended or cancelled before it trades is never checked. Any other order is refused (ErrBadInput).
	Deferred bool `json:"deferred,omitempty"`
}

// Cancel removes one order. Signed by the account (message tag 4).
type Cancel struct {
	Account uint32          `json:"account"`
	Market  uint8           `json:"market"`
	OrderID uint32          `json:"orderId"`
	Sig     state.Signature `json:"sig"`
	// Admitted: the signature was verified at admission before the input was logged (the node's ingress); the
	// engine does not verify it again, live or on replay. Inputs without it are verified by the engine.
	Admitted bool `json:"admitted,omitempty"`
}

// CancelAll removes every order of an account in a market with id ≤ UpTo. Signed (message tag 5). Nonce must be
// above the account's last accepted cancel-all nonce, so a signed cancel-all is valid once.
type CancelAll struct {
	Account uint32          `json:"account"`
	Market  uint8           `json:"market"`
	UpTo    uint32          `json:"upTo"`
	Nonce   uint64          `json:"nonce"`
	Sig     state.Signature `json:"sig"`
	// Admitted: as Cancel.Admitted.
	Admitted bool `json:"admitted,omitempty"`
}

// Amend replaces a live order's price and/or size with a newly signed order of the same id. Order is the new
// signed order (its signature is what fills prove); Sig signs the amend itself (message tag 6) over the order's
// account, id, new price and size and Version, which must be above the order's current version (0 when placed),
// so an amend is valid once and an older version of the order can never be brought back.
type Amend struct {
	Order   state.Order     `json:"order"`
	Version uint64          `json:"version"`
	Sig     state.Signature `json:"sig"`
	// Admitted: both signatures (the amend's and the new order's) were verified at admission (as Cancel.Admitted).
	Admitted bool `json:"admitted,omitempty"`
	// Deferred: a session's amend (no amend signature) of a live post-only limit order whose new signature was
	// not checked at admission: it is checked as a deferred place's is (Place.Deferred). Any other order is
	// refused (ErrBadInput).
	Deferred bool `json:"deferred,omitempty"`
}

// Deposit is a confirmed L1 deposit (or forced exit: Deposit.ForcedExit) at queue position Index. QueueHash, when
// set, is L1's queue hash after the entry (DepositQueued.queueHash): the engine refuses the entry (ErrQueueHash)
// unless its own queue hash chain gives the same, so the node never proves a priority queue L1 does not hold. WAL
// records from before it decode without it (no check).
type Deposit struct {
	Index     uint64        `json:"index"`
	Deposit   state.Deposit `json:"deposit"`
	QueueHash *fr.Element   `json:"queueHash,omitempty"`
}

// ForcedClose is a confirmed L1 forced close (priority-queue kind 2, Rollup.requestForcedClose) at queue position
// Index: the engine cancels the account's resting orders in Market, then applies state.Liquidate{Account, Market,
// Forced: true} (the position closes at the mark against the backstop; the equity goes to free collateral).
// QueueHash: as for Deposit.
type ForcedClose struct {
	Index     uint64      `json:"index"`
	Account   uint32      `json:"account"`
	Market    uint8       `json:"market"`
	QueueHash *fr.Element `json:"queueHash,omitempty"`
}

// Mark is a mark price from the oracle: its round id (L1 checks the MarkPrice against that round) and the round's
// updatedAt (unix seconds; the round must exist at the batch time). WAL records from before rounds decode with
// Round and UpdatedAt 0.
type Mark struct {
	Market    uint8  `json:"market"`
	Price     uint64 `json:"price"`
	Round     uint64 `json:"round,omitempty"`
	UpdatedAt uint64 `json:"updatedAt,omitempty"`
	// ReadAt is the timestamp of the L1 block (or a lower bound of it) at which the round was read as the oracle's
	// latest (unix seconds; 0 unknown). A mark read before the batch time is refused (ErrMarkReadEarly): a round
	// dated at or before the batch time but published after the read would make L1 refuse the batch
	// (MarkRoundNotLatest), so every round dated at or before the batch time must have been visible to the read.
	ReadAt uint64 `json:"readAt,omitempty"`
}

// Funding asks for a funding tick on a market; the engine derives the rate from its book and mark.
type Funding struct {
	Market uint8 `json:"market"`
}

// Input is one WAL record: exactly one payload matching Kind. Time is the node clock (ms) at admission; L1Time the
// latest L1 block timestamp the node had seen then (unix seconds; 0 unknown): a batch opened by the input is dated
// no later than it (Engine.fixBatchTime), so a mark read after the batch opened sees every round dated at or before
// the batch time.
type Input struct {
	Kind      Kind       `json:"k"`
	Time      uint64     `json:"t"`
	L1Time    uint64     `json:"l1t,omitempty"`
	Place     *Place     `json:"place,omitempty"`
	Cancel    *Cancel    `json:"cancel,omitempty"`
	CancelAll *CancelAll `json:"cancelAll,omitempty"`
	Amend     *Amend     `json:"amend,omitempty"`
	Deposit   *Deposit   `json:"deposit,omitempty"`
	// ForcedClose: KindForcedClose (WAL records from before forced closes decode without it).
	ForcedClose *ForcedClose          `json:"forcedClose,omitempty"`
	Withdraw    *state.Withdraw       `json:"withdraw,omitempty"`
	Margin      *state.PositionMargin `json:"margin,omitempty"`
	Mark        *Mark                 `json:"mark,omitempty"`
	Funding     *Funding              `json:"funding,omitempty"`
}

// ErrBadInput is wrapped by decoding and shape errors.
var ErrBadInput = errors.New("engine: bad input")

// ErrForged refuses, without a check, the unverified orders of an account one of whose deferred signature checks
// failed (Engine.CheckSignature).
var ErrForged = errors.New("engine: an earlier deferred signature check of this account failed")

// DecodeInput parses a WAL record (either encoding of Input.Encode).
func DecodeInput(b []byte) (*Input, error) {
	if len(b) > 0 && b[0] == binaryTag {
		return decodeBinary(b)
	}
	var in Input
	if err := json.Unmarshal(b, &in); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadInput, err)
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	return &in, nil
}

func (in *Input) check() error {
	var ok bool
	switch in.Kind {
	case KindPlace:
		ok = in.Place != nil
	case KindCancel:
		ok = in.Cancel != nil
	case KindCancelAll:
		ok = in.CancelAll != nil
	case KindAmend:
		ok = in.Amend != nil
	case KindDeposit:
		ok = in.Deposit != nil
	case KindForcedClose:
		ok = in.ForcedClose != nil
	case KindWithdraw:
		ok = in.Withdraw != nil
	case KindMargin:
		ok = in.Margin != nil
	case KindMark:
		ok = in.Mark != nil
	case KindFunding:
		ok = in.Funding != nil
	case KindTick, KindSeal:
		ok = true
	}
	if !ok {
		return fmt.Errorf("%w: kind %q without its payload", ErrBadInput, in.Kind)
	}
	return nil
}

// Message returns the signed element of a cancel (sign.CancelMessage).
func (c *Cancel) Message() fr.Element { return sign.CancelMessage(c.Account, c.Market, c.OrderID) }

// Message returns the signed element of a cancel-all (sign.CancelAllMessage).
func (c *CancelAll) Message() fr.Element {
	return sign.CancelAllMessage(c.Account, c.Market, c.UpTo, c.Nonce)
}

// Message returns the signed element of an amend over the new order's account, id, price and size and the
// version (sign.AmendMessage).
func (a *Amend) Message() fr.Element { return sign.AmendMessage(&a.Order, a.Version) }

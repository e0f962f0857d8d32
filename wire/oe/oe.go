// Package oe is the binary order-entry protocol of the zkperp node (docs/api.md "Binary order entry"): fixed-layout
// big-endian messages, several per WebSocket binary frame, for market makers whose inputs the JSON-RPC layer would
// cost more CPU to carry than the node spends admitting them.
//
// Every message is a 3-byte header — its Type (u8) and the length of its body (u16) — and the body. Every body
// starts with the client's request id (u64); the node answers each request with exactly one Ack (or ChallengeAck)
// carrying the same id. The length makes a frame splittable even where one message is bad: a message of an
// unknown type or a wrong length for its type is refused alone (MsgError, with its request id), while a header or
// body cut short (ErrShort) makes the rest of the frame unreadable.
//
// Encoders append to a []byte (no allocation once the buffer has grown); the Reader decodes into a caller's Msg
// (fixed-size values, no allocation except an Ack's events, at most MaxEvents of them).
package oe

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Type is a message type. Client → node types are below 0x80, node → client types 0x80 and above.
type Type uint8

// Message types.
const (
	TypeChallenge    Type = 0x01 // draw a session challenge for this connection
	TypeLogon        Type = 0x02 // log an account on to this connection
	TypeLogoff       Type = 0x03 // end an account's session on this connection
	TypePlace        Type = 0x04 // a signed order with its book flags
	TypeAmend        Type = 0x05 // a re-signed order of a live id, with or without the amend's own signature
	TypeCancel       Type = 0x06 // cancel one order, signed or in a session
	TypeCancelAll    Type = 0x07 // cancel an account's orders in a market up to an id, signed or in a session
	TypeAck          Type = 0x81 // the answer to a request
	TypeChallengeAck Type = 0x82 // the answer to a Challenge that drew one
)

func (t Type) String() string {
	switch t {
	case TypeChallenge:
		return "challenge"
	case TypeLogon:
		return "logon"
	case TypeLogoff:
		return "logoff"
	case TypePlace:
		return "place"
	case TypeAmend:
		return "amend"
	case TypeCancel:
		return "cancel"
	case TypeCancelAll:
		return "cancel_all"
	case TypeAck:
		return "ack"
	case TypeChallengeAck:
		return "challenge_ack"
	}
	return fmt.Sprintf("type_0x%02x", uint8(t))
}

// Sizes and limits of the layout.
const (
	HeaderLen = 3  // type u8, body length u16
	SigLen    = 64 // every signature
	// OrderLen is a signed order's layout: account u32, id u32, market u8, side u8 (1 buy, 0 sell), price u64,
	// size u64, maxMakerFee u16, maxTakerFee u16, expiry u32, sig [64].
	OrderLen = 4 + 4 + 1 + 1 + 8 + 8 + 2 + 2 + 4 + SigLen

	ChallengeLen      = 8                                   // id
	LogonLen          = 8 + 4 + 16 + SigLen                 // id, account, challenge, sig
	LogoffLen         = 8 + 4                               // id, account
	PlaceLen          = 8 + OrderLen + 6 + 8 + 8 + 8        // id, order, type, tif, flags, trigger, peg, stp, display, triggerPrice, pegOffset
	AmendLen          = 8 + OrderLen + 8 + 1                // id, order, version, flags (session amend)
	AmendSignedLen    = AmendLen + SigLen                   // ... amendSig
	CancelLen         = 8 + 4 + 1 + 4                       // id, account, market, orderId (session cancel)
	CancelSignedLen   = CancelLen + SigLen                  // ... sig
	CancelAllLen      = 8 + 4 + 1 + 4 + 8                   // id, account, market, upTo, nonce (session)
	CancelAllSigned   = CancelAllLen + SigLen               // ... sig
	ChallengeAckLen   = 8 + 16                              // id, challenge
	ackFixedLen       = 8 + 4 + 8 + 1 + 1 + 1 + 1           // id, code, seq, flags, events, reasonLen, msgLen
	eventFixedLen     = 1 + 1 + 1 + 1 + 4 + 8 + 4 + 8 + 6*8 // kind, side, market, reasonLen, account, orderId, maker account, maker order, price, size, remaining, makerFee, takerFee, tx
	MaxReasonLen      = 255                                 // an Ack's reason and message are clipped to it
	MaxEventReasonLen = 64                                  // an event's reason is clipped to it (the book's are shorter)
	MaxEvents         = 255                                 // events per Ack; more set AckTruncated
	MaxBodyLen        = 1<<16 - 1
	MaxAckLen         = ackFixedLen + 2*MaxReasonLen + MaxEvents*(eventFixedLen+MaxEventReasonLen)
	_                 = uint(MaxBodyLen - MaxAckLen) // compile-time check: an Ack body fits its u16 length
)

// Errors of the Reader. ErrShort and ErrEmpty concern the frame (nothing after them can be read); ErrUnknownType and
// ErrLength one message (MsgError carries them with the message's request id, and the Reader goes on).
var (
	ErrShort       = errors.New("oe: frame cut short")
	ErrEmpty       = errors.New("oe: empty frame")
	ErrUnknownType = errors.New("oe: unknown message type")
	ErrLength      = errors.New("oe: wrong body length for the message type")
)

// MsgError is a message the Reader skipped: of an unknown type or of a wrong length for its type. HasID says
// whether its body was long enough to hold a request id (ReqID).
type MsgError struct {
	Type  Type
	ReqID uint64
	HasID bool
	Len   int // its body length
	Err   error
}

func (e *MsgError) Error() string {
	if e.HasID {
		return fmt.Sprintf("%v: %v (request %d, body %d bytes)", e.Err, e.Type, e.ReqID, e.Len)
	}
	return fmt.Sprintf("%v: %v (body %d bytes)", e.Err, e.Type, e.Len)
}

func (e *MsgError) Unwrap() error { return e.Err }

// Order is a signed order (state/sign Order, field for field): Buy is the side byte (1 buy, 0 sell; anything else
// is refused by the node as bad_side), Price in quantums per step and Size in steps (below 2^48).
type Order struct {
	Account     uint32
	ID          uint32
	Market      uint8
	Side        uint8
	Price       uint64
	Size        uint64
	MaxMakerFee uint16
	MaxTakerFee uint16
	Expiry      uint32
	Sig         [SigLen]byte
}

// Side bytes.
const (
	SideSell uint8 = 0
	SideBuy  uint8 = 1
)

// Place flags (Place.Flags); other bits are refused (bad_flags).
const (
	FlagPostOnly   uint8 = 1 << 0
	FlagReduceOnly uint8 = 1 << 1
)

// Challenge asks for a session challenge.
type Challenge struct{ ReqID uint64 }

// Logon logs Account on to the connection with its signature over the challenge (sign.LogonMessage).
type Logon struct {
	ReqID     uint64
	Account   uint32
	Challenge [16]byte
	Sig       [SigLen]byte
}

// Logoff ends Account's session.
type Logoff struct {
	ReqID   uint64
	Account uint32
}

// Place is a new order. Type, TIF, Trigger, Peg and STP are package wire's enumerations (wire.OrderType, wire.TIF,
// wire.Trigger, wire.Peg, wire.STP: TIF 0 is the book's default, GTC, or IOC for a market order); DisplaySize in
// steps (0: not an iceberg), TriggerPrice in quantums per step (0: none), PegOffset signed quantums per step.
type Place struct {
	ReqID        uint64
	Order        Order
	Type         uint8
	TIF          uint8
	Flags        uint8
	Trigger      uint8
	Peg          uint8
	STP          uint8
	DisplaySize  uint64
	TriggerPrice uint64
	PegOffset    int64
}

// Amend is a re-signed order of a live id with a new price and/or size and the version (above the order's last).
// Flags: FlagPostOnly says the order is post-only (as the JSON request's postOnly: in a session, a post-only
// order's amend has its signature check deferred to its next trade); other bits are refused. HasSig: AmendSig
// (sign.AmendMessage) is present; without it the amend is a session amend.
type Amend struct {
	ReqID    uint64
	Order    Order
	Version  uint64
	Flags    uint8
	HasSig   bool
	AmendSig [SigLen]byte
}

// Cancel cancels one order; without HasSig it is a session cancel.
type Cancel struct {
	ReqID   uint64
	Account uint32
	Market  uint8
	OrderID uint32
	HasSig  bool
	Sig     [SigLen]byte
}

// CancelAll cancels the account's orders in Market with id ≤ UpTo; Nonce above the account's last cancel-all's.
// Without HasSig it is a session cancel-all.
type CancelAll struct {
	ReqID   uint64
	Account uint32
	Market  uint8
	UpTo    uint32
	Nonce   uint64
	HasSig  bool
	Sig     [SigLen]byte
}

// ChallengeAck carries the challenge drawn for the connection.
type ChallengeAck struct {
	ReqID     uint64
	Challenge [16]byte
}

// Ack flags (Ack.Flags).
const (
	// AckRests: after this input the request's order rests on the book (place, amend).
	AckRests uint8 = 1 << 0
	// AckTruncated: the output had more than MaxEvents events; the first MaxEvents are here (perp_subscribe and
	// perp_orderStatus have the rest).
	AckTruncated uint8 = 1 << 1
)

// Ack answers one request: Code 0 is accepted (Seq is the input's WAL sequence), anything else the JSON API's error
// code with its Reason token (wire.APIError) and a human-readable Msg, both clipped to MaxReasonLen bytes.
type Ack struct {
	ReqID  uint64
	Code   int32
	Seq    uint64
	Flags  uint8
	Reason string
	Msg    string
	Events []Event
}

// Event kinds (Event.Kind): the book's events (docs/matching.md).
const (
	EventAccepted  uint8 = 1
	EventRejected  uint8 = 2
	EventFill      uint8 = 3
	EventPosted    uint8 = 4
	EventCancelled uint8 = 5
	EventExpired   uint8 = 6
	EventTriggered uint8 = 7
	EventAmended   uint8 = 8
	EventRepriced  uint8 = 9
)

// Event is one book event an input caused. For a fill, Account/OrderID are the taker's and MakerAccount/
// MakerOrderID the maker's, Side the taker's (SideBuy/SideSell + 1: 0 none, 1 buy, 2 sell), Tx the index of the
// state tx it became (0: none); Reason is the book's reason of a rejection or expiry, as the JSON API's events
// give it ("self-trade prevented"; "" none).
type Event struct {
	Kind         uint8
	Side         uint8
	Market       uint8
	Reason       string
	Account      uint32
	OrderID      uint64
	MakerAccount uint32
	MakerOrderID uint64
	Price        uint64
	Size         uint64
	Remaining    uint64
	MakerFee     uint64
	TakerFee     uint64
	Tx           uint64
}

// Event sides (Event.Side).
const (
	EventSideNone uint8 = 0
	EventSideBuy  uint8 = 1
	EventSideSell uint8 = 2
)

// Msg is one decoded message: Type and ReqID, and the field of its type.
type Msg struct {
	Type         Type
	ReqID        uint64
	Challenge    Challenge
	Logon        Logon
	Logoff       Logoff
	Place        Place
	Amend        Amend
	Cancel       Cancel
	CancelAll    CancelAll
	Ack          Ack
	ChallengeAck ChallengeAck
}

var be = binary.BigEndian

// Limits of the protocol (the node's; docs/api.md "Binary order entry").
const (
	// Path is the path of the order-entry WebSocket on the node's public listener.
	Path = "/oe"

	// MaxFrame is the largest client → node frame: a longer one closes the connection (1009).
	MaxFrame = 64 << 10
	// MaxMsgsPerFrame is the most messages one client → node frame may hold: more close the connection (1008).
	MaxMsgsPerFrame = 512
	// MaxInFlight is how many requests of one connection the node admits at once: it reads no further frame while
	// that many wait for their acks (back-pressure, not an error).
	MaxInFlight = 1024
	// MaxAckFrame is the largest node → client frame: acks are coalesced up to MaxFrame bytes, and the last one
	// may end past it by one Ack at most.
	MaxAckFrame = MaxFrame + HeaderLen + MaxAckLen
)

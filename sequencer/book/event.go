package book

// EventKind is the kind of an Event.
type EventKind uint8

// Event kinds. See docs/matching.md for the exact order in which an operation emits them.
const (
	// EventAccepted: the order passed every check and enters the book process (for a stop-loss/take-profit: it
	// now waits for its trigger). Price is its limit, worst or pegged price; Size its size after any reduce-only
	// clamp. Seq is the order's arrival number (OrderInfo.Seq).
	EventAccepted EventKind = iota + 1
	// EventRejected: the operation changed nothing. Reason says why; Op says which operation. For a Place the
	// order fields are those of the request.
	EventRejected
	// EventFill: a trade. Order is the taker, Maker the resting order; Price the maker's price; Size the traded
	// size; Remaining and MakerRemaining the open sizes after the trade (0: that order is done and gone);
	// MakerFee and TakerFee in quantums. Side is the taker's side.
	EventFill
	// EventPosted: the order (or its rest after fills) now rests at Price with Size visible and Remaining open.
	EventPosted
	// EventCancelled: removed at the owner's request (Cancel, CancelAll). Size is the open size removed.
	EventCancelled
	// EventExpired: removed by the book; Reason says why (IOC rest, FOK, self-trade, GTT expiry, reduce-only,
	// risk refused at trigger or reprice, no passive peg price). Size is the open size removed.
	EventExpired
	// EventTriggered: a stop-loss/take-profit order's trigger fired (Price is its trigger price). Its entry
	// events follow: fills, then Posted or Expired.
	EventTriggered
	// EventAmended: the owner changed price and/or size. KeptPriority says whether the order kept its place in
	// the queue (size down at the same price). Price is the new price, Size the new total size, Remaining the
	// open size. A new price that crosses trades at once (taker fills follow); the rest stays on the book.
	EventAmended
	// EventRepriced: a pegged order followed its reference to Price (it goes to the back of the new level).
	EventRepriced
	// EventRefilled: an iceberg showed its next slice of Size steps and went to the back of its level.
	EventRefilled
)

var eventKindText = [...]string{"invalid", "accepted", "rejected", "fill", "posted", "cancelled", "expired",
	"triggered", "amended", "repriced", "refilled"}

func (k EventKind) String() string {
	if int(k) < len(eventKindText) {
		return eventKindText[k]
	}
	return "invalid"
}

// Op is the book operation that produced an event.
type Op uint8

// Operations.
const (
	OpPlace Op = iota + 1
	OpCancel
	OpCancelAll
	OpAmend
	OpSetMark
	OpAdvance
)

var opText = [...]string{"invalid", "place", "cancel", "cancel-all", "amend", "set-mark", "advance"}

func (o Op) String() string {
	if int(o) < len(opText) {
		return opText[o]
	}
	return "invalid"
}

// Event is one entry of a book's output stream. Seq numbers are consecutive from 1 per book, so a consumer can
// detect gaps; Time is the book clock when the event happened. Events hold no pointers: copy them freely.
type Event struct {
	Seq    uint64
	Time   uint64
	Kind   EventKind
	Op     Op
	Reason Reason
	Market uint8
	Side   Side     // the order's side; for fills the taker's side
	Order  OrderRef // the order concerned; for fills the taker
	Maker  OrderRef // fills only: the resting order

	Price          uint64
	Size           uint64
	Remaining      uint64 // open size of Order after the event
	MakerRemaining uint64 // fills only
	MakerFee       uint64 // fills only, quantums
	TakerFee       uint64 // fills only, quantums
	KeptPriority   bool   // amends only
}

// Sink receives the event stream. OnEvent is called synchronously, in order, from inside the Book method that
// produced the event; the pointer is valid only during the call (copy the event to keep it). OnEvent must not
// call back into the same Book. A sequencer that uses a RiskChecker applies each fill to the positions the
// checker reports before OnEvent returns (see RiskChecker).
type Sink interface {
	OnEvent(ev *Event)
}

// SinkFunc adapts a function to a Sink.
type SinkFunc func(ev *Event)

// OnEvent calls f(ev).
func (f SinkFunc) OnEvent(ev *Event) { f(ev) }

// Buffer is a Sink that appends events to a slice it reuses after Reset: no allocation once it has grown.
type Buffer struct {
	Events []Event
}

// OnEvent appends a copy of ev.
func (b *Buffer) OnEvent(ev *Event) { b.Events = append(b.Events, *ev) }

// Reset empties the buffer, keeping its capacity.
func (b *Buffer) Reset() { b.Events = b.Events[:0] }

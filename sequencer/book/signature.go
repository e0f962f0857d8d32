package book

// SignatureChecker checks the signature of an unverified order (Order.Unverified) the first time it is about to
// trade: a post-only order can only trade as a maker, so its signature matters only then, and an order that is
// amended or cancelled before it trades is never checked. Implemented by the sequencer over its signed orders.
//
// Contract: called synchronously from the book's goroutine (while a taker is matched, or while a fill-or-kill
// order is simulated), at most once per order and signed version unless it fails; it must not call back into the
// book, and it must be deterministic for replay (the same order, key and signature always give the same answer).
type SignatureChecker interface {
	CheckSignature(account uint32, id uint64) error
}

// sigState is where an order's signature stands.
type sigState uint8

const (
	sigOK        sigState = iota // verified (before it reached the book, or by Config.Signatures)
	sigUnchecked                 // to be checked before it first trades
	sigBad                       // checked and refused: the order is removed instead of trading
)

// signed reports whether maker m may trade: an unchecked signature is checked now (once).
func (b *Book) signed(m *order) bool {
	if m.sig == sigUnchecked {
		m.sig = sigOK
		if b.cfg.Signatures.CheckSignature(m.account, m.id) != nil {
			m.sig = sigBad
		}
	}
	return m.sig == sigOK
}

// MarkUnverified sets whether a live post-only order's signature is still to be checked (after an amend replaced
// its signed order: unverified true when the new signature was not checked, false when it was). It changes
// nothing else and emits no event.
func (b *Book) MarkUnverified(account uint32, id uint64, unverified bool) error {
	if b.busy {
		return ReasonReentrant
	}
	o := b.ids[keyOf(account, id)]
	switch {
	case o == nil:
		return ReasonUnknownOrder
	case unverified && (!o.postOnly || o.typ != Limit || o.trigger != TriggerNone || b.cfg.Signatures == nil):
		return ReasonInvalidFlags
	case unverified:
		o.sig = sigUnchecked
	default:
		o.sig = sigOK
	}
	return nil
}

// DropUnverified removes every order of the account whose signature is unchecked or was refused (expired,
// ReasonBadSignature), in arrival order, and returns how many: the sequencer's answer to one refused deferred check
// (the account's other unverified quotes cannot be trusted either, and each would cost a check when reached).
func (b *Book) DropUnverified(now uint64, account uint32) (int, error) {
	if b.busy {
		return 0, ReasonReentrant
	}
	if r := b.begin(now, OpCancelAll); r != ReasonNone {
		return 0, b.finish(b.rejectRef(OrderRef{Account: account}, r))
	}
	n := b.dropAccount(account, EventExpired, ReasonBadSignature, func(o *order) bool { return o.sig != sigOK })
	return n, b.finish(nil)
}

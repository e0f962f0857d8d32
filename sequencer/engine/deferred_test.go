package engine

import (
	"errors"
	"testing"

	"github.com/zkperp/zkperp/sequencer/book"
	"github.com/zkperp/zkperp/state"
)

// fund deposits to accounts 1..n and moves margin of each into market 0.
func (h *harness) fund(n uint32, deposit, margin uint64) {
	for a := uint32(1); a <= n; a++ {
		h.deposit(a, deposit)
		h.margin(a, 0, margin)
	}
}

// deferred places a post-only ask whose signature is not checked before it trades (Place.Deferred); forged: signed
// by another key.
func (h *harness) deferred(a uint32, price, size uint64, forged bool) uint32 {
	h.t.Helper()
	h.ids[a]++
	o := state.Order{Account: a, ID: h.ids[a], Market: 0, Price: price, Size: size, MaxMakerFee: 1000, MaxTakerFee: 1000}
	k := h.key(a)
	if forged {
		k = h.key(a + 100)
	}
	_ = k.SignOrder(&o)
	out := h.do(&Input{Kind: KindPlace, Place: &Place{Order: o, Flags: OrderFlags{PostOnly: true}, Deferred: true}})
	if out.Err != nil {
		h.t.Fatalf("deferred place: %v", out.Err)
	}
	return o.ID
}

func expired(out *Output, account uint32) book.Reason {
	for _, ev := range out.Events {
		if ev.Kind == book.EventExpired && ev.Order.Account == account {
			return ev.Reason
		}
	}
	return book.ReasonNone
}

// A deferred order with a forged signature rests, and is removed (bad signature) when a taker reaches it: the taker
// fills against the next maker; the good deferred maker is checked once; a restart that replays the WAL (over a
// checkpoint holding an unverified order) gives the same results.
func TestDeferredSignatureCheckedAtFirstTrade(t *testing.T) {
	h := newHarness(t)
	h.fund(4, 1_000_000, 100_000)
	h.deferred(1, 1000, 5, true)
	good := h.deferred(2, 1000, 5, false)
	h.deferred(3, 1010, 5, false) // never reached: never checked
	if n := h.e.DeferredChecks(); n != 0 {
		t.Fatalf("%d checks before any trade", n)
	}
	h.do(&Input{Kind: KindSeal}) // a checkpoint with the unverified orders in it
	h.restart()
	out, _ := h.place(4, 0, true, 1000, 3, OrderFlags{TIF: book.IOC})
	if out.Err != nil || expired(out, 1) != book.ReasonBadSignature || fills(out) != 1 {
		t.Fatalf("taker: err %v, forged maker %v, fills %d", out.Err, expired(out, 1), fills(out))
	}
	if _, live := h.e.SignedOrder(1, 1); live {
		t.Fatal("the forged order is still live")
	}
	h.place(4, 0, true, 1000, 1, OrderFlags{TIF: book.IOC})
	if n := h.e.DeferredChecks(); n != 2 {
		t.Fatalf("%d deferred checks, want 2 (the forged and the good maker, once each)", n)
	}
	root := h.e.State().Root()
	h.restart()
	if h.e.State().Root() != root {
		t.Fatal("replay gave another root")
	}
	if o, ok := h.e.SignedOrder(2, good); !ok || o.Size != 5 {
		t.Fatal("the good maker is gone after replay")
	}
}

// A deferred amend (a session's, of a post-only order) marks the order unverified again: a forged re-signed order is
// removed at its first trade. A deferred check is refused for an order that could take liquidity.
func TestDeferredAmend(t *testing.T) {
	h := newHarness(t)
	h.fund(2, 1_000_000, 100_000)
	id := h.deferred(1, 1000, 5, false)
	o, _ := h.e.SignedOrder(1, id)
	o.Price = 990
	_ = h.key(101).SignOrder(&o) // forged
	if out := h.do(&Input{Kind: KindAmend, Amend: &Amend{Order: o, Version: 1, Admitted: true, Deferred: true}}); out.Err != nil {
		t.Fatal(out.Err)
	}
	out, _ := h.place(2, 0, true, 1000, 1, OrderFlags{TIF: book.IOC})
	if expired(out, 1) != book.ReasonBadSignature || fills(out) != 0 {
		t.Fatalf("forged amend traded: %v, fills %d", expired(out, 1), fills(out))
	}
	// an order that can take may not defer its check, placed or amended
	h.ids[1]++
	g := state.Order{Account: 1, ID: h.ids[1], Market: 0, Price: 1100, Size: 1, MaxMakerFee: 1000, MaxTakerFee: 1000}
	_ = h.key(1).SignOrder(&g)
	if out := h.do(&Input{Kind: KindPlace, Place: &Place{Order: g, Deferred: true}}); !errors.Is(out.Err, ErrBadInput) {
		t.Fatalf("deferred GTC order: %v", out.Err)
	}
	_, gid := h.place(1, 0, false, 1200, 1, OrderFlags{})
	g, _ = h.e.SignedOrder(1, gid)
	g.Price = 1190
	_ = h.key(1).SignOrder(&g)
	if out := h.do(&Input{Kind: KindAmend, Amend: &Amend{Order: g, Version: 1, Admitted: true, Deferred: true}}); !errors.Is(out.Err, ErrBadInput) {
		t.Fatalf("deferred amend of a GTC order: %v", out.Err)
	}
}

// One taker reaching many forged quotes of one account costs one check: the first refused check marks the account
// forged, its other unverified orders are refused without a check and all are removed after the operation (in every
// market); from then on its deferred inputs are checked when applied, also after a restart over a checkpoint.
func TestForgedAccountCostsOneCheck(t *testing.T) {
	h := newHarness(t)
	h.fund(3, 10_000_000, 1_000_000)
	for i := 0; i < 20; i++ {
		h.deferred(1, 1000+uint64(i%3)*10, 1, true)
	}
	h.deferred(1, 1100, 1, false) // a well-signed one of the same account, not reached: removed too
	good := h.deferred(2, 1050, 5, false)
	out, _ := h.place(3, 0, true, 1050, 1, OrderFlags{TIF: book.IOC})
	removed := 0
	for _, ev := range out.Events {
		if ev.Kind == book.EventExpired && ev.Order.Account == 1 && ev.Reason == book.ReasonBadSignature {
			removed++
		}
	}
	if n := h.e.DeferredChecks(); n != 2 || removed != 21 || fills(out) != 1 {
		t.Fatalf("checks %d (want 2: the first forged quote and the good maker), removed %d (want 21), fills %d",
			n, removed, fills(out))
	}
	if o, ok := h.e.SignedOrder(2, good); !ok || o.Size != 5 {
		t.Fatal("the good maker is gone")
	}
	if !h.e.Forged(1) {
		t.Fatal("account 1 not marked forged")
	}
	h.do(&Input{Kind: KindSeal})
	h.restart()
	// from now on account 1's deferred orders are checked when applied: a forged one is refused, a good one rests
	// verified
	h.ids[1]++
	o := state.Order{Account: 1, ID: h.ids[1], Market: 0, Price: 1200, Size: 1, MaxMakerFee: 1000, MaxTakerFee: 1000}
	_ = h.key(101).SignOrder(&o)
	if out := h.do(&Input{Kind: KindPlace, Place: &Place{Order: o, Flags: OrderFlags{PostOnly: true}, Deferred: true}}); !errors.Is(out.Err, state.ErrBadSignature) {
		t.Fatalf("forged deferred order of a forged account after a restart: %v", out.Err)
	}
	id := h.deferred(1, 1200, 1, false)
	b, _ := h.e.Book(0)
	if info, ok := b.Lookup(1, uint64(id)); !ok || info.Unverified {
		t.Fatalf("a forged account's deferred order: live %v, unverified %v", ok, info.Unverified)
	}
	// a deferred amend must come from a session (admitted)
	oo, _ := h.e.SignedOrder(1, id)
	oo.Price = 1210
	_ = h.key(1).SignOrder(&oo)
	if out := h.do(&Input{Kind: KindAmend, Amend: &Amend{Order: oo, Version: 1, Deferred: true}}); !errors.Is(out.Err, ErrBadInput) {
		t.Fatalf("deferred amend without admission: %v", out.Err)
	}
}

// A fill-or-kill order that finds a forged quote in its simulation does not fill, and the account's unverified
// quotes are removed after it.
func TestForgedQuoteFoundByFOK(t *testing.T) {
	h := newHarness(t)
	h.fund(2, 10_000_000, 1_000_000)
	h.deferred(1, 1000, 5, true)
	h.deferred(1, 1010, 5, false)
	out, _ := h.place(2, 0, true, 1010, 10, OrderFlags{TIF: book.FOK})
	if fills(out) != 0 || expired(out, 1) != book.ReasonBadSignature {
		t.Fatalf("FOK over a forged quote: fills %d, forged maker %v", fills(out), expired(out, 1))
	}
	b, _ := h.e.Book(0)
	if n := len(b.AccountOrders(1, nil)); n != 0 {
		t.Fatalf("%d orders of the forged account left", n)
	}
}

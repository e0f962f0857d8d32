package engine

import (
	"errors"
	"testing"

	"github.com/zkperp/zkperp/state"
)

func (h *harness) cancelAll(a uint32, m uint8, nonce uint64) *CancelAll {
	c := &CancelAll{Account: a, Market: m, UpTo: ^uint32(0), Nonce: nonce}
	c.Sig, _ = h.key(a).SignMessage(c.Message())
	return c
}

func (h *harness) amendOf(o state.Order, price, size, version uint64) *Amend {
	o.Price, o.Size = price, size
	_ = h.key(o.Account).SignOrder(&o)
	a := &Amend{Order: o, Version: version}
	a.Sig, _ = h.key(o.Account).SignMessage(a.Message())
	return a
}

// restart reopens the engine from its store and replays the whole log, as a node does after a crash.
func (h *harness) restart() {
	h.t.Helper()
	e2, _ := open(h.t, h.db)
	for seq := e2.NextSeq(); seq < uint64(len(h.log)); seq++ {
		if _, err := e2.Apply(seq, h.log[seq]); err != nil {
			h.t.Fatal(err)
		}
	}
	h.e = e2
}

// A seen cancel-all cannot be replayed: not at once, not after a seal (checkpoint) and a restart; a fresh nonce
// works.
func TestCancelAllReplayRefused(t *testing.T) {
	h := newHarness(t)
	h.deposit(1, 1_000_000)
	h.margin(1, 0, 50_000)
	h.place(1, 0, true, 900, 5, OrderFlags{})
	c := h.cancelAll(1, 0, 7)
	if out := h.do(&Input{Kind: KindCancelAll, CancelAll: c}); out.Err != nil {
		t.Fatal(out.Err)
	}
	_, id := h.place(1, 0, true, 900, 5, OrderFlags{})
	if out := h.do(&Input{Kind: KindCancelAll, CancelAll: c}); !errors.Is(out.Err, ErrStaleNonce) || len(out.Events) != 0 {
		t.Fatalf("replayed cancel-all: err %v events %d", out.Err, len(out.Events))
	}
	h.do(&Input{Kind: KindSeal})
	h.restart()
	if out := h.do(&Input{Kind: KindCancelAll, CancelAll: c}); !errors.Is(out.Err, ErrStaleNonce) {
		t.Fatalf("replayed after restart: %v", out.Err)
	}
	if _, live := h.e.SignedOrder(1, id); !live {
		t.Fatal("a replayed cancel-all cancelled an order")
	}
	// An older nonce is as stale as the same one; a forged nonce does not verify.
	if out := h.do(&Input{Kind: KindCancelAll, CancelAll: h.cancelAll(1, 0, 3)}); !errors.Is(out.Err, ErrStaleNonce) {
		t.Fatalf("older nonce: %v", out.Err)
	}
	forged := *c
	forged.Nonce = 8
	if out := h.do(&Input{Kind: KindCancelAll, CancelAll: &forged}); !errors.Is(out.Err, state.ErrBadSignature) {
		t.Fatalf("forged nonce: %v", out.Err)
	}
	if out := h.do(&Input{Kind: KindCancelAll, CancelAll: h.cancelAll(1, 0, 8)}); out.Err != nil {
		t.Fatal(out.Err)
	}
	if _, live := h.e.SignedOrder(1, id); live {
		t.Fatal("fresh cancel-all did not cancel")
	}
}

// An amend is valid once, and no older signed version of an order (the place request, an earlier amend) can be
// replayed to revert the owner's latest amend — also across a restart without a seal (WAL replay only).
func TestAmendReplayRefused(t *testing.T) {
	h := newHarness(t)
	h.deposit(1, 1_000_000)
	h.margin(1, 0, 50_000)
	out, id := h.place(1, 0, true, 900, 5, OrderFlags{})
	if out.Err != nil {
		t.Fatal(out.Err)
	}
	orig, _ := h.e.SignedOrder(1, id)
	a1 := h.amendOf(orig, 910, 4, 1)
	a2 := h.amendOf(orig, 920, 2, 2)
	for _, a := range []*Amend{a1, a2} {
		if out := h.do(&Input{Kind: KindAmend, Amend: a}); out.Err != nil {
			t.Fatal(out.Err)
		}
	}
	check := func(what string) {
		t.Helper()
		b, _ := h.e.Book(0)
		oi, ok := b.Lookup(1, uint64(id))
		if !ok || oi.Price != 920 || oi.Size != 2 || h.e.OrderVersion(1, id) != 2 {
			t.Fatalf("%s: order reverted: %+v version %d", what, oi, h.e.OrderVersion(1, id))
		}
	}
	for _, a := range []*Amend{a1, a2} {
		if out := h.do(&Input{Kind: KindAmend, Amend: a}); !errors.Is(out.Err, ErrStaleVersion) {
			t.Fatalf("replayed amend v%d: %v", a.Version, out.Err)
		}
	}
	// The original place as an amend: version 0 (or any old version with the original's signature) is stale, and
	// the place's order signature alone does not sign an amend.
	if out := h.do(&Input{Kind: KindAmend, Amend: &Amend{Order: orig}}); !errors.Is(out.Err, ErrStaleVersion) {
		t.Fatalf("place replayed as amend: %v", out.Err)
	}
	if out := h.do(&Input{Kind: KindAmend, Amend: &Amend{Order: orig, Version: 3, Sig: a2.Sig}}); !errors.Is(out.Err, state.ErrBadSignature) {
		t.Fatalf("place with a borrowed amend signature: %v", out.Err)
	}
	check("replays")
	h.restart() // no seal since the place: the WAL replay alone rebuilds the versions
	check("restart")
	if out := h.do(&Input{Kind: KindAmend, Amend: a1}); !errors.Is(out.Err, ErrStaleVersion) {
		t.Fatalf("replayed amend after restart: %v", out.Err)
	}
	h.do(&Input{Kind: KindSeal})
	h.restart() // from the checkpoint
	check("checkpoint")
	if out := h.do(&Input{Kind: KindAmend, Amend: h.amendOf(orig, 900, 5, 3)}); out.Err != nil {
		t.Fatal(out.Err) // the owner may go back to the old price with a new version
	}
	if out := h.do(&Input{Kind: KindAmend, Amend: h.amendOf(orig, 900, 5, 3)}); !errors.Is(out.Err, ErrStaleVersion) {
		t.Fatalf("same version twice: %v", out.Err)
	}
}

package book

import (
	"errors"
	"testing"
)

// sigChecker refuses the orders in bad and counts its calls per order.
type sigChecker struct {
	bad   map[OrderRef]bool
	calls map[OrderRef]int
}

func (c *sigChecker) CheckSignature(account uint32, id uint64) error {
	r := OrderRef{Account: account, ID: id}
	c.calls[r]++
	if c.bad[r] {
		return errors.New("forged")
	}
	return nil
}

func newSigBook(t *testing.T, bad ...OrderRef) (*tbook, *sigChecker) {
	c := &sigChecker{bad: map[OrderRef]bool{}, calls: map[OrderRef]int{}}
	for _, r := range bad {
		c.bad[r] = true
	}
	return newTBook(t, func(cfg *Config) { cfg.Signatures = c }), c
}

func unverified(o Order) Order {
	return with(o, func(o *Order) { o.PostOnly, o.Unverified = true, true })
}

// An unverified maker is checked the first time it is about to trade, once; a forged one is removed (expired, bad
// signature) and the taker goes on to the next maker. An order that never trades is never checked.
func TestUnverifiedMakerCheckedWhenItTrades(t *testing.T) {
	x, c := newSigBook(t, OrderRef{Account: 2, ID: 1})
	x.mustPlace(unverified(lim(2, 1, Sell, 100, 5)), unverified(lim(3, 1, Sell, 100, 5)), unverified(lim(4, 1, Sell, 200, 5)))
	if len(c.calls) != 0 {
		t.Fatalf("checked before trading: %v", c.calls)
	}
	x.mustPlace(lim(9, 1, Buy, 100, 2))
	x.expect("accepted 9/1 2@100", "expired 2/1 5 bad signature", "fill 9/1<-3/1 2@100 fees 0/0")
	x.mustPlace(lim(9, 2, Buy, 100, 2))
	x.expect("accepted 9/2 2@100", "fill 9/2<-3/1 2@100 fees 0/0")
	if c.calls[OrderRef{2, 1}] != 1 || c.calls[OrderRef{3, 1}] != 1 || c.calls[OrderRef{4, 1}] != 0 {
		t.Fatalf("checks: %v", c.calls)
	}
	x.expectQueue(Sell, "3/1:1@100", "4/1:5@200")
}

// A fill-or-kill taker sees exactly what match would do: a forged maker's size does not count.
func TestUnverifiedMakerFOK(t *testing.T) {
	x, _ := newSigBook(t, OrderRef{Account: 2, ID: 1})
	x.mustPlace(unverified(lim(2, 1, Sell, 100, 5)), unverified(lim(3, 1, Sell, 100, 5)))
	x.mustPlace(with(lim(9, 1, Buy, 100, 6), func(o *Order) { o.TIF = FOK }))
	x.expect("accepted 9/1 6@100", "expired 9/1 6 fill-or-kill order could not fill completely")
	x.expectQueue(Sell, "2/1:5@100", "3/1:5@100") // the simulation removed nothing
	x.mustPlace(with(lim(9, 2, Buy, 100, 5), func(o *Order) { o.TIF = FOK }))
	x.expect("accepted 9/2 5@100", "expired 2/1 5 bad signature", "fill 9/2<-3/1 5@100 fees 0/0")
}

// Only a post-only limit order without a trigger may be unverified, and only with a checker; a snapshot keeps the
// mark; MarkUnverified sets it after an amend.
func TestUnverifiedRules(t *testing.T) {
	x, c := newSigBook(t)
	for _, o := range []Order{
		with(lim(2, 1, Sell, 100, 5), func(o *Order) { o.Unverified = true }),
		with(unverified(lim(2, 2, Sell, 100, 5)), func(o *Order) { o.Trigger, o.TriggerPrice = StopLoss, 90 }),
	} {
		if err := x.place(o); !errors.Is(err, ReasonInvalidFlags) {
			t.Fatalf("%+v: %v", o, err)
		}
	}
	y := newTBook(t)
	if err := y.place(unverified(lim(2, 1, Sell, 100, 5))); !errors.Is(err, ReasonInvalidFlags) {
		t.Fatalf("no checker: %v", err)
	}
	x.mustPlace(unverified(lim(2, 3, Sell, 100, 5)), lim(2, 4, Sell, 110, 5))
	if err := x.b.MarkUnverified(2, 4, true); !errors.Is(err, ReasonInvalidFlags) {
		t.Fatalf("mark a GTC order: %v", err)
	}
	if err := x.b.MarkUnverified(2, 9, false); !errors.Is(err, ReasonUnknownOrder) {
		t.Fatalf("mark an unknown order: %v", err)
	}
	snap := x.b.Snapshot()
	data, err := snap.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Snapshot
	if err := back.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig()
	cfg.Signatures = c
	r, err := Restore(cfg, &back, nil)
	if err != nil {
		t.Fatal(err)
	}
	if o, _ := r.Lookup(2, 3); !o.Unverified {
		t.Fatal("the snapshot lost the unverified mark")
	}
	if _, err := Restore(testConfig(), &back, nil); !errors.Is(err, ErrBadSnapshot) {
		t.Fatalf("an unverified order restored without a checker: %v", err)
	}
	if err := x.b.MarkUnverified(2, 3, false); err != nil {
		t.Fatal(err)
	}
	c.bad[OrderRef{2, 3}] = true // verified (by the caller): not checked again
	x.mustPlace(lim(9, 1, Buy, 100, 1))
	x.expect("accepted 9/1 1@100", "fill 9/1<-2/3 1@100 fees 0/0")
	if c.calls[OrderRef{2, 3}] != 0 {
		t.Fatal("a verified order was checked")
	}
}

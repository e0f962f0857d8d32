package node

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
)

// Inputs arriving together are verified in one admission batch: with one forged signature among them, every other
// input is acknowledged and exactly the forged one is refused with the bad-signature code.
func TestAdmissionBatchOneForged(t *testing.T) {
	const n = 12
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	node := f.start(ctx)
	// the batch closes when all n have joined
	node.admit.maxBatch, node.admit.maxDelay, node.admit.forceWait = n, 10*time.Second, true
	defer node.Stop()
	f.waitDeposits(node)
	f.margin(node, 1, 1_000_000)
	f.margin(node, 2, 1_000_000)
	// keys cached before the batch, so every input reaches the batcher without a core query
	for _, a := range []uint32{1, 2} {
		if _, err := node.keyOf(ctx, a); err != nil {
			t.Fatal(err)
		}
	}

	const forged = 5
	places := make([]*engine.Place, n)
	for i := range places {
		acct := uint32(1 + i%2)
		o := state.Order{Account: acct, ID: uint32(100 + i), Market: 0, Buy: acct == 1, Price: 500 + 10*uint64(i),
			Size: 1, MaxMakerFee: 1000, MaxTakerFee: 1000}
		if acct == 2 {
			o.Price += 1000 // no crossing
		}
		if err := f.l2[acct-1].SignOrder(&o); err != nil {
			t.Fatal(err)
		}
		if i == forged {
			o.Price += 10 // signed for another price
		}
		places[i] = &engine.Place{Order: o}
	}
	// all n arrive together and are verified in one batch; then the admitted ones are submitted in id order (ids
	// must rise per account slot)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range places {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := node.precheck(ctx, places[i]); err != nil {
				errs[i] = toAPIError(err)
			}
		}()
	}
	wg.Wait()
	for i := range places {
		if errs[i] != nil {
			continue
		}
		out, err := node.Submit(ctx, &engine.Input{Kind: engine.KindPlace, Place: places[i]})
		if err != nil {
			t.Fatal(err)
		}
		errs[i] = out.Err
	}
	for i, err := range errs {
		if i != forged {
			if err != nil {
				t.Fatalf("input %d refused: %v", i, err)
			}
			continue
		}
		var ae *APIError
		if !errors.As(err, &ae) || ae.Code != CodeBadSignature {
			t.Fatalf("forged input %d: %v, want code %d", i, err, CodeBadSignature)
		}
	}
	// the good ones are in the book; the forged one is not
	if err := node.Query(ctx, func(e *engine.Engine) {
		for i := range places {
			_, ok := e.SignedOrder(places[i].Order.Account, places[i].Order.ID)
			if ok != (i != forged) {
				t.Errorf("order %d in book: %v", i, ok)
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
}

// A batch of only forged inputs: each is refused alone, none hangs.
func TestAdmissionSingleAndAllBad(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	node := f.start(ctx)
	defer node.Stop()
	f.waitDeposits(node)
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := state.Order{Account: 1, ID: uint32(200 + i), Market: 0, Buy: true, Price: 500, Size: 1, MaxMakerFee: 1000, MaxTakerFee: 1000}
			_ = f.l2[1].SignOrder(&o) // account 2's key for account 1
			if err := node.precheck(ctx, &engine.Place{Order: o}); !errors.Is(err, state.ErrBadSignature) {
				t.Errorf("order %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
}

// Cancels, cancel-alls and amends are verified at admission in batches as orders are (the core does not verify
// them again): in one batch of good ones, a forged cancel, a forged cancel-all and a forged amend are each refused
// alone with the bad-signature code, and every other input is acknowledged.
func TestAdmissionBatchForgedCancelAmend(t *testing.T) {
	const n = 10 // resting orders: even ones amended, odd ones cancelled
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	node := f.start(ctx)
	defer node.Stop()
	f.waitDeposits(node)
	f.margin(node, 1, 1_000_000)
	for _, a := range []uint32{1, 2} {
		if _, err := node.keyOf(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	key := f.l2[0]
	sign := func(msg fr.Element) state.Signature {
		s, err := key.SignMessage(msg)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	orders := make([]state.Order, n)
	for i := range orders {
		o := state.Order{Account: 1, ID: uint32(100 + i), Market: 0, Buy: true, Price: 500 + 10*uint64(i), Size: 1,
			MaxMakerFee: 1000, MaxTakerFee: 1000}
		if err := key.SignOrder(&o); err != nil {
			t.Fatal(err)
		}
		p := &engine.Place{Order: o}
		if err := node.precheck(ctx, p); err != nil {
			t.Fatal(err)
		}
		out, err := node.Submit(ctx, &engine.Input{Kind: engine.KindPlace, Place: p})
		if err != nil || out.Err != nil {
			t.Fatalf("place %d: %v %v", i, err, out.Err)
		}
		orders[i] = o
	}

	const forgedAmend, forgedCancel = 2, 5
	// inputs: n amends/cancels, then a good cancel-all (of no order) and a forged one
	// one batch: an amend has two signatures
	node.admit.maxBatch, node.admit.maxDelay, node.admit.forceWait = n/2*2+n/2+2, 10*time.Second, true
	ins := make([]*engine.Input, n+2)
	for i, o := range orders {
		if i%2 == 0 {
			no := o
			no.Price += 10
			if err := key.SignOrder(&no); err != nil {
				t.Fatal(err)
			}
			am := &engine.Amend{Order: no, Version: 1}
			am.Sig = sign(am.Message())
			if i == forgedAmend {
				am.Order.Price += 10 // the amend and order signatures are for another price
			}
			ins[i] = &engine.Input{Kind: engine.KindAmend, Amend: am}
			continue
		}
		c := &engine.Cancel{Account: 1, Market: 0, OrderID: o.ID}
		c.Sig = sign(c.Message())
		if i == forgedCancel {
			c.OrderID = orders[i-1].ID // signed for another order
		}
		ins[i] = &engine.Input{Kind: engine.KindCancel, Cancel: c}
	}
	for j, nonce := range []uint64{1, 2} {
		c := &engine.CancelAll{Account: 1, Market: 0, UpTo: 99, Nonce: nonce} // below every id: cancels nothing
		c.Sig = sign(c.Message())
		if j == 1 {
			c.Nonce = 3 // signed for nonce 2
		}
		ins[n+j] = &engine.Input{Kind: engine.KindCancelAll, CancelAll: c}
	}
	forged := map[int]bool{forgedAmend: true, forgedCancel: true, n + 1: true}
	errs := make([]error, len(ins))
	var wg sync.WaitGroup
	for i, in := range ins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			switch in.Kind {
			case engine.KindAmend:
				err = node.precheckAmend(ctx, in.Amend, false)
			case engine.KindCancel:
				err = node.precheckCancel(ctx, in.Cancel)
			case engine.KindCancelAll:
				err = node.precheckCancelAll(ctx, in.CancelAll)
			}
			errs[i] = toAPIError(err)
		}()
	}
	wg.Wait()
	for i, in := range ins {
		if errs[i] != nil {
			continue
		}
		out, err := node.Submit(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		errs[i] = out.Err
	}
	for i, err := range errs {
		if !forged[i] {
			if err != nil {
				t.Fatalf("input %d (%s) refused: %v", i, ins[i].Kind, err)
			}
			continue
		}
		var ae *APIError
		if !errors.As(err, &ae) || ae.Code != CodeBadSignature {
			t.Fatalf("forged input %d (%s): %v, want code %d", i, ins[i].Kind, err, CodeBadSignature)
		}
	}
	if err := node.Query(ctx, func(e *engine.Engine) {
		for i, o := range orders {
			so, live := e.SignedOrder(1, o.ID)
			switch {
			case i%2 == 1 && live != (i == forgedCancel):
				t.Errorf("order %d live %v after its cancel", i, live)
			case i%2 == 0 && (!live || (so.Price == o.Price) != (i == forgedAmend)):
				t.Errorf("order %d after its amend: live %v, price %d (was %d)", i, live, so.Price, o.Price)
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
}

// An input not verified at admission (no Admitted mark: e.g. a WAL record from before admission checks) is
// verified by the core: a forged cancel submitted directly is refused.
func TestCoreVerifiesUnadmittedCancel(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	node := f.start(ctx)
	defer node.Stop()
	f.waitDeposits(node)
	c := &engine.Cancel{Account: 1, Market: 0, OrderID: 7}
	s, err := f.l2[1].SignMessage(c.Message()) // another account's key
	if err != nil {
		t.Fatal(err)
	}
	c.Sig = s
	out, err := node.Submit(ctx, &engine.Input{Kind: engine.KindCancel, Cancel: c})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(out.Err, state.ErrBadSignature) {
		t.Fatalf("forged unadmitted cancel: %v", out.Err)
	}
}

// A request whose caller gave up before a verifier took it leaves the queue: its signatures are not verified.
func TestAdmissionDropsCancelledRequest(t *testing.T) {
	var a admitter
	r1 := &sigReq{in: make([]state.SigInput, 2)}
	r2 := &sigReq{in: make([]state.SigInput, 1)}
	a.pending, a.nsig = []*sigReq{r1, r2}, 3
	a.drop(r1)
	if len(a.pending) != 1 || a.pending[0] != r2 || a.nsig != 1 {
		t.Fatalf("after dropping the first: %d waiting, %d signatures", len(a.pending), a.nsig)
	}
	a.drop(r1) // taken already (or dropped): nothing changes
	if len(a.pending) != 1 || a.nsig != 1 {
		t.Fatal("dropping a request that no longer waits changed the queue")
	}
}

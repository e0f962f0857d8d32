package node

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

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

package client_test

import (
	"strings"
	"testing"
	"time"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/client/clienttest"
)

// TestRequestForcedClose: a trader with an open position and a resting order asks L1 to close the position (no L2
// signature); the node serves the queue entry: the resting order is cancelled, the position is closed at the mark
// (the node marks the market from the oracle first: its genesis mark is stale) and its equity moves to free
// collateral. The request is pending on L1 until a verified batch serves it (no prover runs here); a second
// request for the same market is refused while it is.
func TestRequestForcedClose(t *testing.T) {
	env := clienttest.Start(t, clienttest.Config{Users: 2})
	ctx := ctxT(t)
	env.SetOraclePrice(t, 0, 60_000*100) // $60,000 (the genesis mark)
	c := env.Dial(t, false)
	alice := env.Fund(t, c, 1, "10000")
	bob := env.Fund(t, c, 2, "10000")
	for _, tr := range []*client.Trader{alice, bob} {
		if _, err := tr.PositionMargin(ctx, 0, true, "2000"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := alice.PlaceLimit(ctx, 0, client.Sell, "60000", "0.01"); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.PlaceLimit(ctx, 0, client.Buy, "60000", "0.01"); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.PlaceLimit(ctx, 0, client.Buy, "59000", "0.001"); err != nil {
		t.Fatal(err)
	}
	before, err := bob.AccountView(ctx)
	if err != nil || len(before.Positions) != 1 || before.Positions[0].Size != "0.01" {
		t.Fatalf("bob before: %+v %v", before, err)
	}
	x := env.L1(t, 2)
	r, err := x.RequestForcedClose(ctx, 0)
	if err != nil || r.Status != 1 {
		t.Fatalf("RequestForcedClose: %v %v", r, err)
	}
	if d, err := x.ForcedClosePending(ctx, 0); err != nil || d == 0 {
		t.Fatalf("pending deadline %d %v", d, err)
	}
	if _, err := x.RequestForcedClose(ctx, 0); err == nil || !strings.Contains(err.Error(), "ForcedClosePending") {
		t.Fatalf("second request while pending: %v", err)
	}
	if err := clienttest.WaitFor(10*time.Second, func() (bool, error) {
		a, err := bob.AccountView(ctx)
		return err == nil && len(a.Positions) == 0, err
	}); err != nil {
		t.Fatalf("forced close not served: %v", err)
	}
	after, _ := bob.AccountView(ctx)
	free0, _ := client.Units{QuoteDecimals: 6}.Amount(before.Free)
	free1, _ := client.Units{QuoteDecimals: 6}.Amount(after.Free)
	eq, _ := client.Units{QuoteDecimals: 6}.Amount(before.Positions[0].Equity)
	if free1 != free0+eq {
		t.Fatalf("free %s → %s, want + equity %s", before.Free, after.Free, before.Positions[0].Equity)
	}
	if open, err := bob.OpenOrders(ctx, 0); err != nil || len(open) != 0 {
		t.Fatalf("bob's resting order after the forced close: %+v %v", open, err)
	}
	// The short side is untouched.
	if pa, err := alice.Positions(ctx); err != nil || len(pa) != 1 || pa[0].Size != "-0.01" {
		t.Fatalf("alice %+v %v", pa, err)
	}
}

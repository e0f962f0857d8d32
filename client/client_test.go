package client_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/client/clienttest"
	"github.com/zkperp/zkperp/sequencer/node"
)

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func recv[T any](t *testing.T, s *client.Subscription[T], what string, match func(T) bool) T {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case v := <-s.C:
			if match(v) {
				return v
			}
		case err := <-s.Err():
			t.Fatalf("%s: subscription ended: %v", what, err)
		case <-timeout:
			t.Fatalf("%s: nothing received", what)
		}
	}
}

// TestTradeFlow: deposit on L1 → the node credits it → two traders over WebSocket cross → the fill shows on the
// trades and account subscriptions, positions update; cancel, amend, margin and withdraw.
func TestTradeFlow(t *testing.T) {
	env := clienttest.Start(t, clienttest.Config{})
	ctx := ctxT(t)
	ca, cb := env.Dial(t, true), env.Dial(t, true)
	alice := env.Fund(t, ca, 1, "10000")
	bob := env.Fund(t, cb, 2, "10000")
	if alice.Index() == bob.Index() {
		t.Fatal("same account")
	}
	acc, err := alice.AccountView(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if acc.Free != "10000" {
		t.Fatalf("alice free %s", acc.Free)
	}
	// Isolated margin: collateral goes into the market's position before trading.
	for _, tr := range []*client.Trader{alice, bob} {
		if _, err := tr.PositionMargin(ctx, 0, true, "2000"); err != nil {
			t.Fatal(err)
		}
	}

	trades, err := ca.SubscribeTrades(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer trades.Unsubscribe()
	deltas, err := ca.SubscribeBookDeltas(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer deltas.Unsubscribe()
	bobEvents, err := bob.SubscribeEvents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer bobEvents.Unsubscribe()

	ask, err := alice.PlaceLimit(ctx, 0, client.Sell, "60000.5", "0.01")
	if err != nil {
		t.Fatal(err)
	}
	d := recv(t, deltas, "ask delta", func(d node.BookDelta) bool { return d.OrderID == uint64(ask.ID) })
	if d.Seq == 0 || d.Side != "sell" {
		t.Fatalf("delta %+v", d)
	}
	book, err := cb.Book(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(book.Asks) != 1 || book.Asks[0].Price != "60000.5" || book.Asks[0].Size != "0.01" {
		t.Fatalf("book %+v", book)
	}

	bid, err := bob.PlaceLimit(ctx, 0, client.Buy, "60001", "0.004")
	if err != nil {
		t.Fatal(err)
	}
	fill := recv(t, trades, "trade", func(v node.EventView) bool { return v.Kind == "fill" })
	if fill.Price != "60000.5" || fill.Size != "0.004" || fill.Account != bob.Index() || fill.Maker != alice.Index() ||
		fill.MakerID != uint64(ask.ID) || fill.OrderID != uint64(bid.ID) {
		t.Fatalf("fill %+v", fill)
	}
	// a fill names its state tx, the one the ack lists (perp_txStatus follows it), in the feeds and in the ack
	var ackFill node.EventView
	for _, e := range bid.Events {
		if e.Kind == "fill" {
			ackFill = e
		}
	}
	if fill.Tx == 0 || ackFill.Tx != fill.Tx || len(bid.Txs) == 0 || bid.Txs[0].Index != fill.Tx || bid.Txs[0].Type != "fill" {
		t.Fatalf("fill tx %d, ack's fill event tx %d, ack txs %+v", fill.Tx, ackFill.Tx, bid.Txs)
	}
	mine := recv(t, bobEvents, "bob's fill", func(v node.EventView) bool { return v.Kind == "fill" && v.OrderID == uint64(bid.ID) })
	if mine.Tx != fill.Tx {
		t.Fatalf("account feed's fill tx %d, trades feed's %d", mine.Tx, fill.Tx)
	}
	filled := false
	for _, tx := range bid.Txs {
		filled = filled || (tx.Type == "Fill" || tx.Type == "fill") && tx.Error == ""
	}
	if len(bid.Txs) == 0 || !filled {
		t.Fatalf("bid ack txs %+v", bid.Txs)
	}

	pb, err := bob.Positions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pb) != 1 || pb[0].Size != "0.004" || pb[0].EntryPrice != "60000.5" {
		t.Fatalf("bob positions %+v", pb)
	}
	pa, err := alice.Positions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pa) != 1 || pa[0].Size != "-0.004" {
		t.Fatalf("alice positions %+v", pa)
	}
	// perp_trades is fed asynchronously from the output stream (not read-your-writes).
	if err := clienttest.WaitFor(5*time.Second, func() (bool, error) {
		tr, err := cb.Trades(ctx, 0, 10)
		return len(tr) == 1 && tr[0].Price == "60000.5", err
	}); err != nil {
		t.Fatalf("trades: %v", err)
	}
	st, err := bob.OrderStatus(ctx, 0, bid.ID)
	if err != nil || st.Live || st.Filled != "0.004" {
		t.Fatalf("bid status %+v %v", st, err)
	}

	// The rest of the ask is live; amend it, then cancel it.
	open, err := alice.OpenOrders(ctx, 0)
	if err != nil || len(open) != 1 || open[0].Filled != "0.004" {
		t.Fatalf("open %+v %v", open, err)
	}
	if _, err := alice.Amend(ctx, ask.Request, "60010", ""); err != nil {
		t.Fatal(err)
	}
	book, _ = cb.Book(ctx, 0, 10)
	if len(book.Asks) != 1 || book.Asks[0].Price != "60010" {
		t.Fatalf("book after amend %+v", book)
	}
	if _, err := alice.Cancel(ctx, 0, ask.ID); err != nil {
		t.Fatal(err)
	}
	recv(t, deltas, "cancel delta", func(d node.BookDelta) bool { return d.OrderID == uint64(ask.ID) && d.Kind == "cancelled" })
	if book, _ = cb.Book(ctx, 0, 10); len(book.Asks) != 0 {
		t.Fatalf("book after cancel %+v", book)
	}
	if _, err := alice.Cancel(ctx, 0, ask.ID); client.Code(err) != client.CodeUnknownOrder {
		t.Fatalf("second cancel: %v", err)
	}

	// Cancel-all.
	for _, p := range []string{"59000", "59001", "59002"} {
		if _, err := alice.PlaceLimit(ctx, 0, client.Buy, p, "0.001"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := alice.CancelAll(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if open, _ = alice.OpenOrders(ctx, 0); len(open) != 0 {
		t.Fatalf("open after cancel-all %+v", open)
	}

	// Margin into bob's position and back, then a withdrawal (nonces read from the node).
	if _, err := bob.PositionMargin(ctx, 0, true, "100"); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.PositionMargin(ctx, 0, false, "50"); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.Withdraw(ctx, "1.5"); err != nil {
		t.Fatal(err)
	}
	ab, _ := bob.AccountView(ctx)
	if ab.Nonce != 4 {
		t.Fatalf("bob nonce %d", ab.Nonce)
	}
	if _, err := bob.Withdraw(ctx, "1000000"); client.Code(err) != client.CodeInsufficientFunds {
		t.Fatalf("overdraw: %v", err)
	}

	// Market order against a fresh ask.
	if _, err := alice.PlaceLimit(ctx, 0, client.Sell, "60100", "0.002"); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.PlaceMarket(ctx, 0, client.Buy, "0.002", ""); err != nil {
		t.Fatal(err)
	}
	if pb, _ = bob.Positions(ctx); pb[0].Size != "0.006" {
		t.Fatalf("bob after market %+v", pb)
	}
	status, err := ca.Status(ctx)
	if err != nil || status.Deposits != 2 {
		t.Fatalf("status %+v %v", status, err)
	}
	var ce *client.Error
	if _, err := ca.TxStatus(ctx, 1<<40); !errors.As(err, &ce) || ce.Code != client.CodeNotFound {
		t.Fatalf("tx status: %v", err)
	}
}

// TestOrderIDs: a second trader of the same account whose clock gives an id already used skips ahead.
func TestOrderIDs(t *testing.T) {
	env := clienttest.Start(t, clienttest.Config{Users: 2})
	ctx := ctxT(t)
	c := env.Dial(t, true)
	a := env.Fund(t, c, 1, "1000")
	if _, err := a.PositionMargin(ctx, 0, true, "500"); err != nil {
		t.Fatal(err)
	}
	first, err := a.PlaceLimit(ctx, 0, client.Buy, "50000", "0.001")
	if err != nil {
		t.Fatal(err)
	}
	if now := uint32(time.Now().Unix()); first.ID+5 < now || first.ID > now+5 {
		t.Fatalf("first id %d, clock %d", first.ID, now)
	}
	// A restarted trader picks an id above the live ones.
	a2, err := client.NewTrader(ctx, c, client.TraderConfig{Key: env.L1(t, 1).L2Key(), Account: a.Index()})
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := a2.NextOrderID(); id <= first.ID {
		t.Fatalf("restarted trader id %d ≤ live id %d", id, first.ID)
	}
	// One whose counter collides retries with later ids.
	a3, err := client.NewTrader(ctx, c, client.TraderConfig{Key: env.L1(t, 1).L2Key(), Account: a.Index(), FirstOrderID: first.ID})
	if err != nil {
		t.Fatal(err)
	}
	p, err := a3.PlaceLimit(ctx, 0, client.Buy, "50000", "0.001")
	if err != nil || p.ID <= first.ID {
		t.Fatalf("colliding trader: %v %+v", err, p)
	}
	// An explicit id is not retried.
	_, err = a3.PlaceOrder(ctx, node.OrderRequest{ID: first.ID, Market: 0, Side: "buy", Price: "50000", Size: "0.001"})
	if client.Code(err) != client.CodeStaleOrder {
		t.Fatalf("explicit duplicate id: %v", err)
	}
	// Another key cannot use the account.
	if _, err := client.NewTrader(ctx, c, client.TraderConfig{Key: env.L1(t, 2).L2Key(), Account: a.Index()}); !errors.Is(err, client.ErrKeyMismatch) {
		t.Fatalf("foreign key: %v", err)
	}
}

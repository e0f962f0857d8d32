package client_test

import (
	"context"
	"testing"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/client/clienttest"
	"github.com/zkperp/zkperp/wire"
)

// Sessions (docs/api.md §2 "Sessions"): a logon on one WebSocket connection lets that connection's cancels and
// cancel-alls go unsigned and its amends carry only the re-signed order's signature — and nothing else: not another
// connection, not HTTP, not a replayed or foreign challenge, not a key that is not the account's, not after logoff
// or reconnect; an amend's order signature is still checked.
func TestSessions(t *testing.T) {
	env := clienttest.Start(t, clienttest.Config{Users: 2})
	ctx := context.Background()
	ws := env.Dial(t, true)
	alice := env.Fund(t, ws, 1, "10000")
	bob := env.Fund(t, ws, 2, "10000")
	for _, tr := range []*client.Trader{alice, bob} {
		if _, err := tr.PositionMargin(ctx, 0, true, "5000"); err != nil {
			t.Fatal(err)
		}
	}
	place := func(tr *client.Trader, price string) *client.Placed {
		t.Helper()
		p, err := tr.PlaceOrder(ctx, wire.OrderRequest{Market: 0, Side: client.Buy, Price: price, Size: "0.01", PostOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	wantErr := func(what string, err error, code int, reason string) {
		t.Helper()
		if client.Code(err) != code || client.Reason(err) != reason {
			t.Fatalf("%s: %v (code %d, reason %q), want code %d reason %q", what, err, client.Code(err),
				client.Reason(err), code, reason)
		}
	}
	unsigned := func(c *client.Client, acct uint32, id uint32) error {
		_, err := c.CancelOrder(ctx, wire.CancelRequest{Account: acct, Market: 0, OrderID: id})
		return err
	}

	o := place(alice, "50000")
	// no session: an unsigned cancel is refused, the order stays
	wantErr("unsigned cancel without a session", unsigned(ws, alice.Index(), o.ID), client.CodeBadSignature, "no_session")
	// HTTP carries no session
	httpc := env.Dial(t, false)
	_, err := httpc.SessionChallenge(ctx)
	wantErr("challenge over HTTP", err, client.CodeInvalidParams, "websocket_only")

	// a logon signed by another account's key is refused, and its challenge is spent
	ch, err := ws.SessionChallenge(ctx)
	if err != nil {
		t.Fatal(err)
	}
	forged, err := wire.SignLogon(env.L1(t, 2).L2Key(), alice.Index(), ch)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ws.Logon(ctx, *forged)
	wantErr("logon with bob's key for alice", err, client.CodeBadSignature, "bad_signature")
	good, err := wire.SignLogon(env.L1(t, 1).L2Key(), alice.Index(), ch)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ws.Logon(ctx, *good)
	wantErr("logon with a spent challenge", err, client.CodeStaleRequest, "stale_challenge")
	// a challenge drawn on one connection does not log on another
	other := env.Dial(t, true)
	ch2, err := other.SessionChallenge(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cross, err := wire.SignLogon(env.L1(t, 1).L2Key(), alice.Index(), ch2)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ws.Logon(ctx, *cross)
	wantErr("logon with another connection's challenge", err, client.CodeStaleRequest, "stale_challenge")

	// logged on: unsigned cancels and order-only amends are acked
	if err := alice.Logon(ctx); err != nil {
		t.Fatal(err)
	}
	if err := unsigned(ws, alice.Index(), o.ID); err != nil {
		t.Fatalf("session cancel: %v", err)
	}
	if st, err := ws.OrderStatus(ctx, alice.Index(), 0, o.ID); err != nil || st.Live {
		t.Fatalf("order after session cancel: %+v %v", st, err)
	}
	o = place(alice, "50001")
	am, err := alice.Amend(ctx, o.Request, "50002", "")
	if err != nil {
		t.Fatalf("session amend: %v", err)
	}
	// the amend's order signature is still checked: one signed for another price is refused at admission when the
	// amend does not ask to defer it (postOnly false); a post-only amend's is checked when the quote first trades
	// (docs/api.md §2 "Sessions"; sequencer/node TestDeferredSignatures)
	req := am.Request
	req.PostOnly = false
	bad, err := alice.SessionAmend(&req, 1<<62)
	if err != nil {
		t.Fatal(err)
	}
	bad.Price = "50003"
	_, err = ws.AmendOrder(ctx, *bad)
	wantErr("session amend with a forged order signature", err, client.CodeBadSignature, "bad_signature")
	if _, err := alice.CancelAll(ctx, 0); err != nil {
		t.Fatalf("session cancel-all: %v", err)
	}

	// the session is alice's on ws only: bob's unsigned cancel, and alice's on another connection, are refused
	ob := place(bob, "49000")
	wantErr("unsigned cancel of another account", unsigned(ws, bob.Index(), ob.ID), client.CodeBadSignature, "no_session")
	o = place(alice, "50004")
	wantErr("unsigned cancel on another connection", unsigned(other, alice.Index(), o.ID), client.CodeBadSignature,
		"no_session")

	// logoff ends it
	if err := alice.Logoff(ctx); err != nil {
		t.Fatal(err)
	}
	wantErr("unsigned cancel after logoff", unsigned(ws, alice.Index(), o.ID), client.CodeBadSignature, "no_session")

	// a session that ended under the Trader (here logged off behind its back; in practice the rpc client
	// reconnected): its unsigned cancel is refused with no_session, and it signs the cancel and the ones after
	if err := alice.Logon(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Logoff(ctx, alice.Index()); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.Cancel(ctx, 0, o.ID); err != nil {
		t.Fatalf("cancel after the session ended: %v", err)
	}
	o = place(alice, "50005")
	if _, err := alice.Amend(ctx, o.Request, "50006", ""); err != nil {
		t.Fatalf("amend after the session ended: %v", err)
	}

	// a session ends with its connection
	c2 := env.Dial(t, true)
	alice2, err := client.NewTrader(ctx, c2, client.TraderConfig{Key: env.L1(t, 1).L2Key(), Account: alice.Index(),
		FirstOrderID: o.ID + 1000})
	if err != nil {
		t.Fatal(err)
	}
	if err := alice2.Logon(ctx); err != nil {
		t.Fatal(err)
	}
	c2.Close()
	c3 := env.Dial(t, true)
	wantErr("unsigned cancel after reconnect", unsigned(c3, alice.Index(), o.ID), client.CodeBadSignature, "no_session")
	if st, err := c3.OrderStatus(ctx, alice.Index(), 0, o.ID); err != nil || !st.Live {
		t.Fatalf("order refused cancels must leave live: %+v %v", st, err)
	}
}

package node

import (
	"context"
	"net"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/wire"
)

// Inputs admitted in a session (unsigned cancels and cancel-alls, amends with only the order's signature) are logged
// as admitted: after a crash, replaying the WAL gives the same book and root, and the restarted node does not need
// the session (which ended with the connection) to replay them.
func TestSessionInputsReplay(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	n := f.start(ctx)
	f.waitDeposits(n)
	f.margin(n, 1, 3_000_000)
	srv := httptest.NewServer(n.Handler())
	c, err := client.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := client.NewTrader(ctx, c, client.TraderConfig{Key: f.l2[0], Account: 1, FirstOrderID: 10})
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Logon(ctx); err != nil {
		t.Fatal(err)
	}
	var placed []*client.Placed
	for i, px := range []string{"0.0005", "0.0006", "0.0007", "0.0008"} {
		p, err := tr.PlaceOrder(ctx, wire.OrderRequest{Market: 0, Side: client.Buy, Price: px, Size: "10", PostOnly: true})
		if err != nil {
			t.Fatalf("place %d: %v", i, err)
		}
		placed = append(placed, p)
	}
	if _, err := tr.Amend(ctx, placed[0].Request, "0.0004", "12"); err != nil {
		t.Fatalf("session amend: %v", err)
	}
	if _, err := tr.Cancel(ctx, 0, placed[1].ID); err != nil {
		t.Fatalf("session cancel: %v", err)
	}
	if _, err := tr.CancelAllUpTo(ctx, 0, placed[2].ID); err != nil { // cancels placed[0] and placed[2]
		t.Fatalf("session cancel-all: %v", err)
	}
	before := snap(t, n)
	if before.orders != 1 {
		t.Fatalf("book after the session's inputs: %d orders, want 1\n%s", before.orders, before.book)
	}
	c.Close()
	srv.Close()
	n2, _ := f.restart(n, cancel) // no seal: the session's inputs are only in the WAL
	if after := snap(t, n2); after != before {
		t.Fatalf("replay differs:\n before %+v\n after  %+v", before, after)
	}
}

// Connections are named by id, not by address: two connections from one address (two listeners, a reused port, a
// proxy) never share a session, a closed connection's sessions are gone, and the rate limits still see the address.
func TestConnectionNames(t *testing.T) {
	var w wsConns
	a, b := w.open(), w.open()
	if a == b {
		t.Fatal("two connections got one id")
	}
	w.m[a].accounts = map[uint32]struct{}{7: {}}
	if len(w.m[b].accounts) != 0 {
		t.Fatal("a session leaked to another connection")
	}
	w.close(a)
	if _, ok := w.m[a]; ok {
		t.Fatal("a closed connection kept its sessions")
	}
	if c := w.open(); c == a || len(w.m[c].accounts) != 0 {
		t.Fatal("a new connection inherited a closed one's id or sessions")
	}
	addr := &net.TCPAddr{IP: net.IPv4(10, 0, 0, 1), Port: 4242}
	name := connAddr{Addr: addr, id: 9}.String()
	if name != "10.0.0.1:4242#9" {
		t.Fatalf("connection name %q", name)
	}
	if src := sourceOf(name); src != sourceOf(addr.String()) {
		t.Fatalf("rate-limit source of %q is %q, of the address %q", name, src, sourceOf(addr.String()))
	}
}

// A logged-on account's post-only orders are admitted without their signature check (deferred to their first
// trade). A forged one rests until a taker reaches it: then it is removed with reason "bad signature", with every
// other unverified quote of its account, and the account's sessions end (its next unsigned input is refused); its
// quotes are never deferred again (a forged one is refused at admission, even in a new session). Without a session
// the same forgery is refused at admission.
func TestDeferredSignatures(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := f.start(ctx)
	defer n.Stop()
	f.waitDeposits(n)
	f.margin(n, 1, 3_000_000)
	f.margin(n, 2, 3_000_000)
	srv := httptest.NewServer(n.Handler())
	defer srv.Close()
	dial := func() *client.Client {
		c, err := client.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(c.Close)
		return c
	}
	c1, c2 := dial(), dial()
	tr1, err := client.NewTrader(ctx, c1, client.TraderConfig{Key: f.l2[0], Account: 1, FirstOrderID: 10})
	if err != nil {
		t.Fatal(err)
	}
	tr2, err := client.NewTrader(ctx, c2, client.TraderConfig{Key: f.l2[1], Account: 2, FirstOrderID: 10})
	if err != nil {
		t.Fatal(err)
	}
	forge := func(id uint32) wire.OrderRequest {
		r := wire.OrderRequest{Market: 0, Side: client.Buy, Price: "0.0007", Size: "10", PostOnly: true, ID: id}
		if err := tr2.SignOrder(&r); err != nil { // account 2's key over account 2's order ...
			t.Fatal(err)
		}
		r.Account = 1 // ... sent as account 1's
		return r
	}
	if _, err := c1.PlaceOrder(ctx, forge(10)); client.Code(err) != client.CodeBadSignature {
		t.Fatalf("forged order without a session: %v", err)
	}
	if err := tr1.Logon(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c1.PlaceOrder(ctx, forge(11)); err != nil {
		t.Fatalf("forged order in a session (deferred check): %v", err)
	}
	// a well-signed quote of the same account behind the forged one (engine tests show a taker going on to other
	// accounts' quotes: TestForgedAccountCostsOneCheck)
	own, err := tr1.PlaceOrder(ctx, wire.OrderRequest{Market: 0, Side: client.Buy, Price: "0.0007", Size: "10", PostOnly: true, ID: 20})
	if err != nil {
		t.Fatal(err)
	}
	ack, err := tr2.PlaceOrder(ctx, wire.OrderRequest{Market: 0, Side: client.Sell, Price: "0.0007", Size: "4", TIF: "IOC"})
	if err != nil {
		t.Fatal(err)
	}
	removed := map[uint64]bool{}
	fills := 0
	for _, ev := range ack.Events {
		if ev.Kind == "expired" && ev.Account == 1 && ev.Reason == "bad signature" {
			removed[ev.OrderID] = true
		}
		if ev.Kind == "fill" {
			fills++
		}
	}
	// the forged quote is removed, and with it every unverified quote of its account
	if !removed[11] || !removed[uint64(own.ID)] || fills != 0 {
		t.Fatalf("taker's events (want account 1's quotes removed, no fill): %+v", ack.Events)
	}
	if _, err := c1.CancelOrder(ctx, wire.CancelRequest{Account: 1, Market: 0, OrderID: own.ID}); client.Reason(err) != "no_session" {
		t.Fatalf("unsigned cancel after a failed deferred check: %v", err)
	}
	// the account's quotes are no longer deferred, even in a new session: a forged one is refused at admission
	if err := tr1.Logon(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c1.PlaceOrder(ctx, forge(30)); client.Code(err) != client.CodeBadSignature {
		t.Fatalf("forged quote of a forged account in a new session: %v", err)
	}
	for outcome, want := range map[string]float64{"admitted": 2, "checked": 1, "bad": 2} {
		if got := testutil.ToFloat64(n.m.deferred.WithLabelValues(outcome)); got != want {
			t.Errorf("zkperp_deferred_signatures_total{outcome=%q} = %v, want %v", outcome, got, want)
		}
	}
}

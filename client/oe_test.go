package client_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/client/clienttest"
	"github.com/zkperp/zkperp/wire"
	"github.com/zkperp/zkperp/wire/oe"
)

// Order entry against a node: orders signed with the Trader go out as binary messages; many requests pipelined on
// one connection (sent without waiting, answered out of order) are matched to their acks by request id — each ack
// carries its own order's amended price, and the one refused request its own error; a session logs on and cancels
// unsigned; a closed connection fails what is sent on it.
func TestOrderEntry(t *testing.T) {
	env := clienttest.Start(t, clienttest.Config{Users: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	alice := env.Fund(t, env.Dial(t, true), 1, "10000")
	if _, err := alice.PositionMargin(ctx, 0, true, "5000"); err != nil {
		t.Fatal(err)
	}
	m, err := alice.Market("0")
	if err != nil {
		t.Fatal(err)
	}
	oc, err := client.DialOE(ctx, env.WSURL)
	if err != nil {
		t.Fatal(err)
	}
	defer oc.Close()

	const n = 40
	orders := make([]wire.OrderRequest, n)
	for i := range orders {
		orders[i] = wire.OrderRequest{Market: 0, Side: client.Buy, Price: fmt.Sprint(40000 + 10*i), Size: "0.01",
			PostOnly: true}
		if err := alice.SignOrder(&orders[i]); err != nil {
			t.Fatal(err)
		}
		p, err := client.OEPlace(m, &orders[i])
		if err != nil {
			t.Fatal(err)
		}
		ack, err := oc.Place(ctx, &p) // one at a time: the ids of an account must grow
		if err != nil {
			t.Fatalf("order %d: %v", i, err)
		}
		if ack.Flags&oe.AckRests == 0 || ack.Seq == 0 {
			t.Fatalf("order %d: ack %+v, want resting", i, ack)
		}
	}

	// pipelined: an amend of every order to its own price, and a cancel of an order that does not exist
	done := make(chan *client.OEAnswer, n+1)
	want := map[uint64]uint32{} // request id → order id
	for i := range orders {
		r := orders[i]
		r.Price = fmt.Sprint(30000 + 10*i)
		am, err := alice.SignAmend(&r, 1)
		if err != nil {
			t.Fatal(err)
		}
		a, err := client.OEAmend(m, am)
		if err != nil {
			t.Fatal(err)
		}
		a.ReqID = oc.NextID()
		want[a.ReqID] = r.ID
		if err := oc.Send(a.ReqID, oe.AppendAmend(nil, &a), done); err != nil {
			t.Fatal(err)
		}
	}
	cr, err := wire.SignCancel(env.L1(t, 1).L2Key(), alice.Index(), 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	bad, err := client.OECancel(cr)
	if err != nil {
		t.Fatal(err)
	}
	bad.ReqID = oc.NextID()
	if err := oc.Send(bad.ReqID, oe.AppendCancel(nil, &bad), done); err != nil {
		t.Fatal(err)
	}
	for range n + 1 {
		a := <-done
		if a.ReqID == bad.ReqID {
			if client.Code(a.Err) != client.CodeUnknownOrder {
				t.Fatalf("cancel of an unknown order: %v", a.Err)
			}
			continue
		}
		id, ok := want[a.ReqID]
		if !ok || a.Err != nil {
			t.Fatalf("answer %d: %v (known request: %v)", a.ReqID, a.Err, ok)
		}
		delete(want, a.ReqID)
		var amended bool
		for _, ev := range a.Ack.Events {
			i := int(id - orders[0].ID)
			p, _ := wire.UnitsOf(m).Price(fmt.Sprint(30000 + 10*i))
			amended = amended || ev.Kind == oe.EventAmended && uint32(ev.OrderID) == id && ev.Price == p
		}
		if !amended || a.Ack.Flags&oe.AckRests == 0 {
			t.Fatalf("request %d (order %d): ack %+v, want its own amend, resting", a.ReqID, id, a.Ack)
		}
	}

	// an IOC that finds nothing to trade: its rest expires, with the book's reason
	ioc := wire.OrderRequest{Market: 0, Side: client.Sell, Price: "60000", Size: "0.01", TIF: "IOC"}
	if err := alice.SignOrder(&ioc); err != nil {
		t.Fatal(err)
	}
	ip, err := client.OEPlace(m, &ioc)
	if err != nil {
		t.Fatal(err)
	}
	ack, err := oc.Place(ctx, &ip)
	if err != nil {
		t.Fatal(err)
	}
	last := ack.Events[len(ack.Events)-1]
	if ack.Flags&oe.AckRests != 0 || last.Kind != oe.EventExpired || last.Reason != "unfilled rest of an immediate order" {
		t.Fatalf("IOC without a match: %+v", ack)
	}

	// a session: unsigned cancels of this connection's account
	c0, _ := client.OECancel(&wire.CancelRequest{Account: alice.Index(), Market: 0, OrderID: orders[0].ID})
	if _, err := oc.Cancel(ctx, &c0); client.Reason(err) != "no_session" {
		t.Fatalf("unsigned cancel without a session: %v", err)
	}
	if err := oc.Logon(ctx, env.L1(t, 1).L2Key(), alice.Index()); err != nil {
		t.Fatal(err)
	}
	ack, err = oc.Cancel(ctx, &c0)
	if err != nil || len(ack.Events) != 1 || ack.Events[0].Kind != oe.EventCancelled {
		t.Fatalf("session cancel: %+v %v", ack, err)
	}
	ca := oe.CancelAll{Account: alice.Index(), Market: 0, UpTo: orders[n-1].ID, Nonce: uint64(time.Now().UnixMilli())}
	if ack, err = oc.CancelAll(ctx, &ca); err != nil || len(ack.Events) != n-1 {
		t.Fatalf("session cancel-all: %d events, %v", len(ack.Events), err)
	}

	// more requests at once than one frame holds: the connection splits them into frames the node takes
	const burst = oe.MaxMsgsPerFrame + 100
	answers := make(chan *client.OEAnswer, burst)
	for range burst {
		id := oc.NextID()
		if err := oc.Send(id, oe.AppendChallenge(nil, &oe.Challenge{ReqID: id}), answers); err != nil {
			t.Fatal(err)
		}
	}
	for range burst {
		if a := <-answers; a.Err != nil && client.Code(a.Err) == 0 {
			t.Fatalf("challenge %d: %v", a.ReqID, a.Err)
		}
	}

	_ = oc.Close()
	if _, err := oc.Challenge(ctx); !errors.Is(err, client.ErrOEClosed) {
		t.Fatalf("request on a closed connection: %v", err)
	}
}

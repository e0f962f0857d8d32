package node

import (
	"bytes"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/zkperp/zkperp/wire"
	"github.com/zkperp/zkperp/wire/oe"
)

// oeLogon logs account acct (key of the fixture) on to connection c with requests req and req+1.
func oeLogon(t *testing.T, f *fixture, c *websocket.Conn, acct uint32, req uint64) {
	t.Helper()
	oeSend(t, c, oe.AppendChallenge(nil, &oe.Challenge{ReqID: req}))
	ch := oeAcks(t, c, 1)[req]
	if ch.Type != oe.TypeChallengeAck {
		t.Fatalf("challenge answer: %+v", ch)
	}
	lr, err := wire.SignLogon(f.l2[acct-1], acct, ch.ChallengeAck.Challenge[:])
	if err != nil {
		t.Fatal(err)
	}
	logon := oe.Logon{ReqID: req + 1, Account: acct, Challenge: ch.ChallengeAck.Challenge}
	copy(logon.Sig[:], lr.Sig)
	oeSend(t, c, oe.AppendLogon(nil, &logon))
	wantAck(t, "logon", oeAcks(t, c, 1)[req+1], 0, "")
}

// postOnly is a session's post-only place of order o (its signature check deferred, docs/api.md §2).
func postOnly(req uint64, o oe.Order) []byte {
	return oe.AppendPlace(nil, &oe.Place{ReqID: req, Order: o, Flags: oe.FlagPostOnly})
}

// The reader admits an input itself, without a goroutine or a wait, when its admission needs no signature check
// (handoff.go): a logged-on account's post-only order and its unsigned cancel. Everything else takes the path it
// took before: a signed order waits for its admission batch on a goroutine of its own, as does an input whose
// account key is not cached yet (the lookup runs on the core). The answers are the same either way: accepted
// inputs with their sequence and events, refusals at admission (no session) and on the core (unknown order) with
// their codes.
func TestOEDirectAdmission(t *testing.T) {
	f, n, url := oeNode(t, nil)
	c := oeDial(t, url)
	oeLogon(t, f, c, 1, 1)
	reader, goro := testutil.ToFloat64(n.m.oeReader), testutil.ToFloat64(n.m.oeGoro)

	frame := bytes.Join([][]byte{
		postOnly(10, oeOrder(t, f.l2[0], 1, 30, 500)),                                     // reader
		postOnly(11, oeOrder(t, f.l2[0], 1, 31, 500)),                                     // reader
		oe.AppendCancel(nil, &oe.Cancel{ReqID: 12, Account: 1, Market: 0, OrderID: 999}),  // reader; unknown order
		oe.AppendCancel(nil, &oe.Cancel{ReqID: 13, Account: 2, Market: 0, OrderID: 30}),   // reader; no session
		oe.AppendPlace(nil, &oe.Place{ReqID: 14, Order: oeOrder(t, f.l2[1], 2, 30, 500)}), // goroutine: signed
		oe.AppendPlace(nil, &oe.Place{ReqID: 15, Order: oeOrder(t, f.l2[1], 1, 32, 500)}), // goroutine: forged
	}, nil)
	oeSend(t, c, frame)
	acks := oeAcks(t, c, 6)
	for _, id := range []uint64{10, 11, 14} {
		m := acks[id]
		wantAck(t, "order", m, 0, "")
		if m.Ack.Seq == 0 || m.Ack.Flags&oe.AckRests == 0 || len(m.Ack.Events) == 0 {
			t.Fatalf("request %d: ack %+v, want a sequence, resting, events", id, m.Ack)
		}
	}
	if acks[12].Ack.Code == 0 || acks[12].Ack.Reason != "unknown_order" {
		t.Fatalf("cancel of an unknown order: %+v, want the core's refusal", acks[12].Ack)
	}
	wantAck(t, "cancel without a session", acks[13], CodeBadSignature, "no_session")
	wantAck(t, "forged order", acks[15], CodeBadSignature, "bad_signature")
	if r, g := testutil.ToFloat64(n.m.oeReader)-reader, testutil.ToFloat64(n.m.oeGoro)-goro; r != 4 || g != 2 {
		t.Fatalf("admitted on the reader %v, on goroutines %v; want 4 and 2", r, g)
	}

	// an unsigned cancel in the session, on the reader
	oeSend(t, c, oe.AppendCancel(nil, &oe.Cancel{ReqID: 16, Account: 1, Market: 0, OrderID: 30}))
	m := oeAcks(t, c, 1)[16]
	wantAck(t, "session cancel", m, 0, "")
	if len(m.Ack.Events) != 1 || m.Ack.Events[0].Kind != oe.EventCancelled {
		t.Fatalf("cancel's ack: %+v", m.Ack)
	}

	// an account key not cached: the lookup would wait on the core, so the request goes to a goroutine
	n.keys.mu.Lock()
	delete(n.keys.m, 1)
	n.keys.mu.Unlock()
	goro = testutil.ToFloat64(n.m.oeGoro)
	oeSend(t, c, postOnly(17, oeOrder(t, f.l2[0], 1, 33, 500)))
	wantAck(t, "post-only order, key not cached", oeAcks(t, c, 1)[17], 0, "")
	if g := testutil.ToFloat64(n.m.oeGoro) - goro; g != 1 {
		t.Fatalf("a key lookup was admitted on goroutines %v times, want 1", g)
	}
}

// A node that stops while a connection's reader has inputs with the core ends the connection: serve does not wait
// for answers the stopped core will never give, and every answer the client got is a real outcome.
func TestOEDirectNodeStops(t *testing.T) {
	f, n, url := oeNode(t, func(c *Config) {
		c.RateLimit, c.RateBurst, c.Limits.AccountRate, c.Limits.AccountBurst = 1e9, 1<<30, 1e9, 1<<30
	})
	c := oeDial(t, url)
	oeLogon(t, f, c, 1, 1)
	done := make(chan int)
	go func() {
		got := 0
		_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
		for {
			_, fr, err := c.ReadMessage()
			if err != nil {
				done <- got
				return
			}
			r := oe.NewReader(fr)
			for m := (oe.Msg{}); r.Next(&m) == nil; got++ {
				switch m.Ack.Code { // accepted, stopped, or a cancel whose order the stopped node never took
				case 0, CodeUnavailable, wire.CodeUnknownOrder:
				default:
					t.Errorf("request %d: %d %q %q", m.ReqID, m.Ack.Code, m.Ack.Reason, m.Ack.Msg)
				}
			}
		}
	}()
	var frame []byte
	for i := range 2000 {
		req := uint64(100 + i)
		if i%2 == 0 {
			frame = append(frame, postOnly(req, oeOrder(t, f.l2[0], 1, uint32(100+i), 500))...)
		} else {
			frame = oe.AppendCancel(frame, &oe.Cancel{ReqID: req, Account: 1, Market: 0, OrderID: uint32(99 + i)})
		}
		if (i+1)%oe.MaxMsgsPerFrame == 0 {
			if err := c.WriteMessage(websocket.BinaryMessage, frame); err != nil {
				break
			}
			frame = frame[:0]
		}
		if i == 1000 {
			go n.Stop()
		}
	}
	select {
	case got := <-done:
		t.Logf("%d answers before the connection closed", got)
	case <-time.After(20 * time.Second):
		t.Fatal("the connection stayed open after the node stopped")
	}
	if err := oeWaitFor(10*time.Second, func() bool { return n.WSConns() == 0 }); err != nil {
		t.Fatalf("the connection is still counted after the node stopped: %v", err)
	}
}

package node

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/sign"
	"github.com/zkperp/zkperp/wire"
	"github.com/zkperp/zkperp/wire/oe"
)

// oeNode starts a node of the fixture's config (edit changes it) with accounts 1 and 2 funded and margined, and serves its public
// handler; it returns the fixture and the order-entry URL.
func oeNode(t *testing.T, edit func(*Config)) (*fixture, *Node, string) {
	t.Helper()
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cfg := f.config()
	if edit != nil {
		edit(&cfg)
	}
	n := f.build(cfg, nil)
	if err := n.Start(ctx); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(n.Handler())
	t.Cleanup(func() { cancel(); n.Stop(); srv.Close(); assertLedgerClean(t, n) })
	f.waitDeposits(n)
	f.margin(n, 1, 3_000_000)
	f.margin(n, 2, 3_000_000)
	return f, n, "ws" + strings.TrimPrefix(srv.URL, "http") + OEPath
}

func oeDial(t *testing.T, url string) *websocket.Conn {
	t.Helper()
	c, resp, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatalf("dial %s: %v (%v)", url, err, resp)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func oeSend(t *testing.T, c *websocket.Conn, frame []byte) {
	t.Helper()
	if err := c.WriteMessage(websocket.BinaryMessage, frame); err != nil {
		t.Fatal(err)
	}
}

// oeAcks reads answers until every id of want has one.
func oeAcks(t *testing.T, c *websocket.Conn, want int) map[uint64]oe.Msg {
	t.Helper()
	got := map[uint64]oe.Msg{}
	_ = c.SetReadDeadline(time.Now().Add(20 * time.Second))
	for len(got) < want {
		_, frame, err := c.ReadMessage()
		if err != nil {
			t.Fatalf("after %d of %d answers: %v", len(got), want, err)
		}
		r := oe.NewReader(frame)
		for {
			var m oe.Msg
			if err := r.Next(&m); err != nil {
				if !errors.Is(err, io.EOF) {
					t.Fatalf("answer frame: %v", err)
				}
				break
			}
			if _, dup := got[m.ReqID]; dup {
				t.Fatalf("two answers to request %d", m.ReqID)
			}
			got[m.ReqID] = m
		}
	}
	return got
}

// oeOrder is a signed buy of account acct (key k) resting far below any ask.
func oeOrder(t *testing.T, k *state.PrivateKey, acct, id uint32, price uint64) oe.Order {
	t.Helper()
	o := state.Order{Account: acct, ID: id, Market: 0, Buy: true, Price: price, Size: 10, MaxMakerFee: 1000,
		MaxTakerFee: 1000}
	if err := k.SignOrder(&o); err != nil {
		t.Fatal(err)
	}
	return oe.FromSigned(&o)
}

func wantAck(t *testing.T, what string, m oe.Msg, code int, reason string) {
	t.Helper()
	if m.Type != oe.TypeAck || int(m.Ack.Code) != code || m.Ack.Reason != reason {
		t.Fatalf("%s: %v code %d reason %q (%s), want code %d reason %q", what, m.Type, m.Ack.Code, m.Ack.Reason,
			m.Ack.Msg, code, reason)
	}
}

// One frame of pipelined signed inputs of two accounts — new orders, signed amends and a signed cancel of orders
// placed before — with one forged order signature, an order with a bad field and a message of an unknown type:
// every good input is accepted, and exactly the bad ones are refused, each with its code. (The inputs of one frame
// are admitted concurrently, so the frame holds one new order per account: ids must grow per account.)
func TestOEPipelinedForgery(t *testing.T) {
	f, _, url := oeNode(t, nil)
	c := oeDial(t, url)
	placed := map[uint32]map[uint32]oe.Order{1: {}, 2: {}}
	for i, p := range []struct{ acct, id uint32 }{{1, 10}, {1, 11}, {2, 10}} {
		o := oeOrder(t, f.l2[p.acct-1], p.acct, p.id, 500)
		oeSend(t, c, oe.AppendPlace(nil, &oe.Place{ReqID: uint64(i), Order: o}))
		wantAck(t, "place before", oeAcks(t, c, 1)[uint64(i)], 0, "")
		placed[p.acct][p.id] = o
	}
	amend := func(req uint64, acct, id uint32) []byte {
		o := placed[acct][id]
		so, _ := o.Signed()
		so.Price = 480
		k := f.l2[acct-1]
		if err := k.SignOrder(&so); err != nil {
			t.Fatal(err)
		}
		sig, err := k.SignMessage(sign.AmendMessage(&so, 1))
		if err != nil {
			t.Fatal(err)
		}
		return oe.AppendAmend(nil, &oe.Amend{ReqID: req, Order: oe.FromSigned(&so), Version: 1, HasSig: true,
			AmendSig: sig})
	}
	cancelSig, err := f.l2[0].SignMessage(sign.CancelMessage(1, 0, 11))
	if err != nil {
		t.Fatal(err)
	}
	forged := oeOrder(t, f.l2[1], 1, 21, 500) // account 2's key over account 1's order
	badSide := oeOrder(t, f.l2[1], 2, 21, 500)
	badSide.Side = 7
	frame := bytes.Join([][]byte{
		oe.AppendPlace(nil, &oe.Place{ReqID: 100, Order: oeOrder(t, f.l2[0], 1, 20, 510)}),
		oe.AppendPlace(nil, &oe.Place{ReqID: 101, Order: oeOrder(t, f.l2[1], 2, 20, 510)}),
		amend(102, 1, 10),
		oe.AppendCancel(nil, &oe.Cancel{ReqID: 103, Account: 1, Market: 0, OrderID: 11, HasSig: true, Sig: cancelSig}),
		amend(104, 2, 10),
		oe.AppendPlace(nil, &oe.Place{ReqID: 105, Order: forged}),
		oe.AppendPlace(nil, &oe.Place{ReqID: 106, Order: badSide}),
		{0x7e, 0, 8, 0, 0, 0, 0, 0, 0, 0, 107}, // type 0x7e, request 107
	}, nil)
	oeSend(t, c, frame)
	acks := oeAcks(t, c, 8)
	for _, id := range []uint64{100, 101, 102, 104} {
		m := acks[id]
		wantAck(t, "input", m, 0, "")
		if m.Ack.Seq == 0 || m.Ack.Flags&oe.AckRests == 0 || len(m.Ack.Events) == 0 {
			t.Fatalf("request %d: ack %+v, want a sequence, resting, events", id, m.Ack)
		}
	}
	wantAck(t, "signed cancel", acks[103], 0, "")
	wantAck(t, "forged order", acks[105], CodeBadSignature, "bad_signature")
	wantAck(t, "bad side", acks[106], CodeInvalidParams, "bad_side")
	wantAck(t, "unknown type", acks[107], CodeInvalidParams, "unknown_type")
}

// A client that sends and does not read its acks is disconnected once the node holds OEMaxPendingAcks for it
// (before any write times out: the write timeout is a minute here), rather than making the node hold its acks
// without bound; the node goes on serving others.
func TestOESlowReader(t *testing.T) {
	_, n, url := oeNode(t, func(c *Config) { c.Limits.WSSendBuffer, c.Limits.WSWriteTimeout = 4096, time.Minute })
	d := websocket.Dialer{NetDial: func(network, addr string) (net.Conn, error) {
		c, err := net.Dial(network, addr)
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetReadBuffer(4096) // the acks pile up on the node, not in this socket
		}
		return c, err
	}}
	c, _, err := d.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	const frames = 3 * OEMaxPendingAcks / oe.MaxMsgsPerFrame
	for f := range frames {
		var frame []byte
		for i := range oe.MaxMsgsPerFrame {
			frame = oe.AppendChallenge(frame, &oe.Challenge{ReqID: uint64(f*oe.MaxMsgsPerFrame + i)})
		}
		_ = c.SetWriteDeadline(time.Now().Add(5 * time.Second))
		if err := c.WriteMessage(websocket.BinaryMessage, frame); err != nil {
			break // the node closed the connection already
		}
	}
	time.Sleep(time.Second) // the node answers into its full socket
	answers := 0
	_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
	for {
		_, frame, err := c.ReadMessage()
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Fatalf("the connection of a client that did not read stayed open (%d answers read)", answers)
			}
			t.Logf("after %d answers: %v", answers, err)
			break
		}
		r := oe.NewReader(frame)
		for m := (oe.Msg{}); r.Next(&m) == nil; answers++ {
		}
	}
	if answers >= frames*oe.MaxMsgsPerFrame {
		t.Fatalf("all %d requests answered: the client was never behind", answers)
	}
	if err := oeWaitFor(10*time.Second, func() bool { return n.WSConns() == 0 }); err != nil {
		t.Fatalf("the slow reader's connection is still counted: %v", err)
	}
	other := oeDial(t, url)
	oeSend(t, other, oe.AppendChallenge(nil, &oe.Challenge{ReqID: 1}))
	oeAcks(t, other, 1)
}

func oeWaitFor(d time.Duration, cond func() bool) error {
	for end := time.Now().Add(d); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			return errors.New("timed out")
		}
	}
	return nil
}

// Sessions over order entry: a challenge, a logon, then unsigned cancels on that connection; an unsigned cancel on
// another connection (the account's session is not its) or before the logon is refused with no_session.
func TestOESessions(t *testing.T) {
	f, _, url := oeNode(t, nil)
	a, b := oeDial(t, url), oeDial(t, url)
	oeSend(t, a, oe.AppendPlace(nil, &oe.Place{ReqID: 1, Order: oeOrder(t, f.l2[0], 1, 20, 500)}))
	wantAck(t, "place", oeAcks(t, a, 1)[1], 0, "")
	unsigned := func(c *websocket.Conn, req uint64) oe.Msg {
		oeSend(t, c, oe.AppendCancel(nil, &oe.Cancel{ReqID: req, Account: 1, Market: 0, OrderID: 20}))
		return oeAcks(t, c, 1)[req]
	}
	wantAck(t, "unsigned cancel before logon", unsigned(a, 2), CodeBadSignature, "no_session")

	oeSend(t, a, oe.AppendChallenge(nil, &oe.Challenge{ReqID: 3}))
	ch := oeAcks(t, a, 1)[3]
	if ch.Type != oe.TypeChallengeAck || ch.ChallengeAck.Challenge == [16]byte{} {
		t.Fatalf("challenge answer: %+v", ch)
	}
	lr, err := wire.SignLogon(f.l2[0], 1, ch.ChallengeAck.Challenge[:])
	if err != nil {
		t.Fatal(err)
	}
	logon := oe.Logon{ReqID: 4, Account: 1, Challenge: ch.ChallengeAck.Challenge}
	copy(logon.Sig[:], lr.Sig)
	oeSend(t, a, oe.AppendLogon(nil, &logon))
	wantAck(t, "logon", oeAcks(t, a, 1)[4], 0, "")

	wantAck(t, "unsigned cancel on another connection", unsigned(b, 5), CodeBadSignature, "no_session")
	ok := unsigned(a, 6)
	wantAck(t, "unsigned cancel in the session", ok, 0, "")
	if len(ok.Ack.Events) != 1 || ok.Ack.Events[0].Kind != oe.EventCancelled || ok.Ack.Flags&oe.AckRests != 0 {
		t.Fatalf("cancel's ack: %+v", ok.Ack)
	}
	oeSend(t, a, oe.AppendLogoff(nil, &oe.Logoff{ReqID: 7, Account: 1}))
	wantAck(t, "logoff", oeAcks(t, a, 1)[7], 0, "")
	wantAck(t, "unsigned cancel after logoff", unsigned(a, 8), CodeBadSignature, "no_session")
}

// A frame that is not order entry closes its connection with a close code that says why; the node goes on serving
// the other connections.
func TestOEGarbageCloses(t *testing.T) {
	_, _, url := oeNode(t, nil)
	many := []byte{}
	for i := range oe.MaxMsgsPerFrame + 1 {
		many = oe.AppendChallenge(many, &oe.Challenge{ReqID: uint64(i)})
	}
	for _, c := range []struct {
		name  string
		kind  int
		frame []byte
		code  int
	}{
		{"text frame", websocket.TextMessage, []byte(`{"jsonrpc":"2.0"}`), websocket.CloseUnsupportedData},
		{"cut short", websocket.BinaryMessage, []byte{byte(oe.TypePlace), 0xff, 0xff, 1}, websocket.CloseInvalidFramePayloadData},
		{"empty", websocket.BinaryMessage, nil, websocket.CloseInvalidFramePayloadData},
		{"a node's message", websocket.BinaryMessage, oe.AppendChallengeAck(nil, &oe.ChallengeAck{ReqID: 1}), websocket.CloseInvalidFramePayloadData},
		{"bad message without an id", websocket.BinaryMessage, []byte{byte(oe.TypeCancel), 0, 2, 1, 2}, websocket.CloseInvalidFramePayloadData},
		{"too many messages", websocket.BinaryMessage, many, websocket.ClosePolicyViolation},
		{"oversized", websocket.BinaryMessage, bytes.Repeat([]byte{1}, oe.MaxFrame+1), websocket.CloseMessageTooBig},
	} {
		conn := oeDial(t, url)
		if err := conn.WriteMessage(c.kind, c.frame); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, _, err := conn.ReadMessage()
		var ce *websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != c.code {
			t.Fatalf("%s: %v, want close %d", c.name, err, c.code)
		}
	}
	c := oeDial(t, url)
	oeSend(t, c, oe.AppendChallenge(nil, &oe.Challenge{ReqID: 1}))
	if m := oeAcks(t, c, 1)[1]; m.Type != oe.TypeChallengeAck {
		t.Fatalf("after the garbage: %+v", m)
	}
}

// Order entry applies the WebSocket policy: a foreign Origin is refused, and its connections count against the
// per-source cap with the JSON-RPC ones.
func TestOEOriginAndCaps(t *testing.T) {
	_, n, url := oeNode(t, func(c *Config) { c.Limits.WSConnsPerSource = 2 })
	_, resp, err := websocket.DefaultDialer.Dial(url, http.Header{"Origin": {"https://evil.example"}})
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("foreign origin: %v %v, want 403", err, resp)
	}
	oeDial(t, url)
	oeDial(t, strings.TrimSuffix(url, OEPath)) // a JSON-RPC WebSocket of the same source
	_, resp, err = websocket.DefaultDialer.Dial(url, nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("third connection of a source capped at 2: %v %v, want 429", err, resp)
	}
	if got := n.WSConns(); got != 2 {
		t.Fatalf("open WebSocket connections: %d, want 2", got)
	}
}

// The WebSocket handler alone (the node's ws listener) serves order entry on its path too.
func TestOEOnWSHandler(t *testing.T) {
	_, n, _ := oeNode(t, nil)
	srv := httptest.NewServer(n.WSHandler())
	defer srv.Close()
	c := oeDial(t, "ws"+strings.TrimPrefix(srv.URL, "http")+OEPath)
	oeSend(t, c, oe.AppendChallenge(nil, &oe.Challenge{ReqID: 1}))
	if m := oeAcks(t, c, 1)[1]; m.Type != oe.TypeChallengeAck {
		t.Fatalf("answer: %+v", m)
	}
	_ = c.Close()
}

// Order entry's signed inputs are charged to the account's bucket as the JSON methods' are, once, whether the
// connection's reader admits them or a goroutine of their own does.
func TestOERateLimits(t *testing.T) {
	for _, tc := range []struct {
		name    string
		session bool
		burst   int
		signed  []bool // per input: signed (checked in an admission batch, on a goroutine) or a session's quote
	}{
		{"signed", false, 2, []bool{true, true, true}},
		// a session: the logon takes one token; quotes are admitted on the reader, the signed one on a goroutine
		// with the charge the reader took (charged once, settled when the answer reaches the writer)
		{"session", true, 4, []bool{false, true, false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, _, url := oeNode(t, func(c *Config) { c.Limits.AccountRate, c.Limits.AccountBurst = 0.01, tc.burst })
			c := oeDial(t, url)
			if tc.session {
				oeLogon(t, f, c, 1, 1000)
			}
			for i, signed := range tc.signed {
				o := oeOrder(t, f.l2[0], 1, uint32(10+i), 500)
				frame := postOnly(uint64(i), o)
				if signed {
					frame = oe.AppendPlace(nil, &oe.Place{ReqID: uint64(i), Order: o})
				}
				oeSend(t, c, frame)
				m := oeAcks(t, c, 1)[uint64(i)]
				if i < len(tc.signed)-1 {
					wantAck(t, "order within the burst", m, 0, "")
				} else {
					wantAck(t, "order over the account's burst", m, CodeRateLimited, "rate_limited")
				}
			}
		})
	}
}

// A client that sends a frame of orders and half-closes its side (still reading) never gets a refusal for an order
// the node took: the requests cancelled with the connection get no answer (outcome unknown), and every answer the
// node gave goes out before the close. (From an adversarial review: they were answered 1099 "context canceled".)
func TestOEHalfCloseNeverMisreports(t *testing.T) {
	f, n, url := oeNode(t, func(c *Config) {
		c.RateLimit, c.RateBurst, c.Limits.AccountRate, c.Limits.AccountBurst = 1e9, 1<<30, 1e9, 1<<30
	})
	var tcp *net.TCPConn
	d := websocket.Dialer{NetDial: func(network, addr string) (net.Conn, error) {
		c, err := net.Dial(network, addr)
		tcp, _ = c.(*net.TCPConn)
		return c, err
	}}
	answered := 0
	// Six rounds, and more (up to 30) while no answer has gone out yet: on a loaded machine the reader may see the
	// close before the core has answered anything in a round.
	for round := 0; round < 6 || (answered == 0 && round < 30); round++ {
		c, _, err := d.Dial(url, nil)
		if err != nil {
			t.Fatal(err)
		}
		var frame []byte
		const k = 200
		base := uint32(10 + round*1000)
		for i := range k {
			acct := uint32(1 + i%2)
			frame = oe.AppendPlace(frame, &oe.Place{ReqID: uint64(i), Order: oeOrder(t, f.l2[acct-1], acct, base+uint32(i/2), 500)})
		}
		oeSend(t, c, frame)
		time.Sleep(time.Duration(round%3) * time.Millisecond)
		_ = tcp.CloseWrite()
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		for {
			_, fr, err := c.ReadMessage()
			if err != nil {
				break
			}
			r := oe.NewReader(fr)
			for m := (oe.Msg{}); r.Next(&m) == nil; {
				answered++
				if m.Ack.Code == 0 {
					continue
				}
				i := int(m.ReqID)
				acct, id := uint32(1+i%2), base+uint32(i/2)
				if st, err := (&API{n: n}).OrderStatus(context.Background(), acct, 0, id); err == nil && st.Live {
					t.Errorf("round %d request %d: refused %d %q %q, but order %d/%d is live", round, i, m.Ack.Code,
						m.Ack.Reason, m.Ack.Msg, acct, id)
				}
			}
		}
		_ = c.Close()
	}
	if answered == 0 {
		t.Fatal("no answer reached a half-closed client: the answers given must go out before the close")
	}
}

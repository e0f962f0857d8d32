//go:build unix

package node_test

import (
	"context"
	"encoding/json"
	"math"
	"net"
	"net/http"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/rpc"
	"github.com/gorilla/websocket"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/client/clienttest"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/sequencer/node"
)

// 3,000 calls, each on a fresh TCP connection, are limited by their source address: a new connection (a new port)
// does not get a new bucket.
func TestAttackFreshConnectionPerCall(t *testing.T) {
	const rate, burst, calls = 100, 200, 3000
	env := clienttest.Start(t, clienttest.Config{RateLimit: rate, RateBurst: burst, Users: 1})
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	start := time.Now()
	served, limited := 0, 0
	for i := 0; i < calls; i++ {
		_, a, raw := post(t, hc, env.HTTPURL, `{"jsonrpc":"2.0","id":1,"method":"perp_markets","params":[]}`)
		switch {
		case a.Error == nil:
			served++
		case a.Error.Code == node.CodeRateLimited:
			limited++
		default:
			t.Fatalf("call %d: %s", i, raw)
		}
	}
	allowed := burst + int(rate*time.Since(start).Seconds()) + 1
	if served > allowed || limited == 0 {
		t.Fatalf("%d of %d calls on fresh connections served (at most %d allowed), %d limited", served, calls, allowed, limited)
	}
	t.Logf("%d served, %d limited in %v", served, limited, time.Since(start))
}

// A signed call's account has its own bucket; calls anyone could send (replays of a seen request) are charged to
// their source address, so replaying an account's requests does not use up its bucket.
func TestAttackSignedCallsPerAccount(t *testing.T) {
	env := clienttest.Start(t, clienttest.Config{Users: 1, Limits: node.Limits{AccountRate: 0.01, AccountBurst: 8}})
	ctx := ctxT(t)
	c := env.Dial(t, false)
	alice := env.Fund(t, c, 1, "10000")
	seen, err := alice.SignCancelAll(0, math.MaxUint32, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CancelAll(ctx, *seen); err != nil { // 1 token
		t.Fatal(err)
	}
	attacker := env.Dial(t, false)
	for i := 0; i < 50; i++ {
		_, err := attacker.CancelAll(ctx, *seen)
		wantCode(t, "replay", err, client.CodeStaleRequest, "stale_nonce")
	}
	if _, err := alice.PositionMargin(ctx, 0, true, "5000"); err != nil { // 2
		t.Fatal(err)
	}
	n := 0
	for ; n < 20; n++ {
		if _, err = alice.PlaceLimit(ctx, 0, client.Buy, "50000", "0.001"); err != nil {
			break
		}
	}
	wantCode(t, "account over its bucket", err, client.CodeRateLimited, "rate_limited")
	if n != 6 {
		t.Fatalf("account limited after %d orders, want 6 (burst 8, 2 used)", n)
	}
	if _, err := attacker.Markets(ctx); err != nil { // the address still has its own tokens
		t.Fatal(err)
	}
}

func wsURL(env *clienttest.Env) string { return env.WSURL }

func dialWS(url string, header http.Header) (*websocket.Conn, int, error) {
	c, resp, err := websocket.DefaultDialer.Dial(url, header)
	if err != nil {
		if resp != nil {
			return nil, resp.StatusCode, err
		}
		return nil, 0, err
	}
	return c, http.StatusSwitchingProtocols, nil
}

// Too many WebSocket connections from one address, or in all, are refused with HTTP 429; closed ones free their
// slots.
func TestAttackWebSocketFlood(t *testing.T) {
	env := clienttest.Start(t, clienttest.Config{Users: 1, Limits: node.Limits{WSConnsPerSource: 8, WSConns: 100}})
	var conns []*websocket.Conn
	for i := 0; i < 8; i++ {
		c, code, err := dialWS(wsURL(env), nil)
		if err != nil {
			t.Fatalf("connection %d: %d %v", i, code, err)
		}
		conns = append(conns, c)
	}
	if _, code, err := dialWS(wsURL(env), nil); code != http.StatusTooManyRequests {
		t.Fatalf("9th connection from one address: status %d, %v", code, err)
	}
	for _, c := range conns {
		_ = c.Close()
	}
	if err := clienttest.WaitFor(5*time.Second, func() (bool, error) { return env.Node.WSConns() == 0, nil }); err != nil {
		t.Fatal(err)
	}
	c, _, err := dialWS(wsURL(env), nil)
	if err != nil {
		t.Fatalf("after closing: %v", err)
	}
	_ = c.Close()

	total := clienttest.Start(t, clienttest.Config{Users: 1, Limits: node.Limits{WSConnsPerSource: 50, WSConns: 3}})
	for i := 0; i < 3; i++ {
		c, _, err := dialWS(wsURL(total), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	if _, code, _ := dialWS(wsURL(total), nil); code != http.StatusTooManyRequests {
		t.Fatalf("connection over the total cap: status %d", code)
	}
}

// A browser page from another origin cannot open a WebSocket; the node's own host (a page it serves, on any port),
// an allowed origin and non-browser clients (no Origin) can.
func TestAttackWebSocketOrigin(t *testing.T) {
	env := clienttest.Start(t, clienttest.Config{Users: 1, Limits: node.Limits{WSOrigins: []string{"https://trade.example"}}})
	for _, tc := range []struct {
		origin string
		ok     bool
	}{{"https://evil.example", false}, {"null", false}, {"http://127.0.0.1.evil.example", false},
		{"http://127.0.0.1:1234", true}, {"https://trade.example", true}, {"", true}} {
		h := http.Header{}
		if tc.origin != "" {
			h.Set("Origin", tc.origin)
		}
		c, code, err := dialWS(wsURL(env), h)
		if tc.ok != (err == nil) {
			t.Fatalf("origin %q: status %d, err %v; want allowed=%v", tc.origin, code, err, tc.ok)
		}
		if err == nil {
			_ = c.Close()
		} else if code != http.StatusForbidden {
			t.Fatalf("origin %q refused with status %d, want 403", tc.origin, code)
		}
	}
}

// rawSub is a WebSocket client that reads only when told to.
type rawSub struct {
	t  *testing.T
	c  *websocket.Conn
	id string
}

func dialSlow(t *testing.T, url string) *rawSub {
	// A small receive buffer from the start (before the window is advertised), so a client that does not read
	// pushes back at once.
	nd := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		return rc.Control(func(fd uintptr) { _ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 2048) })
	}}
	d := websocket.Dialer{NetDial: func(network, addr string) (net.Conn, error) { return nd.Dial(network, addr) },
		ReadBufferSize: 1024}
	c, _, err := d.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	s := &rawSub{t: t, c: c}
	s.send(`{"jsonrpc":"2.0","id":1,"method":"perp_subscribe","params":["markFeed"]}`)
	a := s.read(5 * time.Second)
	if a.Error != nil || json.Unmarshal(a.Result, &s.id) != nil {
		t.Fatalf("subscribe: %+v", a)
	}
	return s
}

func (s *rawSub) send(msg string) {
	s.t.Helper()
	if err := s.c.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
		s.t.Fatal(err)
	}
}

func (s *rawSub) read(timeout time.Duration) rpcAnswer {
	s.t.Helper()
	a, err := s.tryRead(timeout)
	if err != nil {
		s.t.Fatal(err)
	}
	return a
}

func (s *rawSub) tryRead(timeout time.Duration) (rpcAnswer, error) {
	_ = s.c.SetReadDeadline(time.Now().Add(timeout))
	_, raw, err := s.c.ReadMessage()
	var a rpcAnswer
	if err == nil {
		err = json.Unmarshal(raw, &a)
	}
	return a, err
}

// marks pushes n funding ticks into the node (each is a markFeed notification).
func marks(t *testing.T, n *node.Node, count int) {
	t.Helper()
	for i := 0; i < count; i++ {
		// Funding ticks, which the mark feed streams too: a batch takes one mark per market (engine.ErrMarkPending).
		in := &engine.Input{Kind: engine.KindFunding, Funding: &engine.Funding{Market: uint8(i % 2)}}
		out, err := n.Submit(context.Background(), in)
		if err != nil || out.Err != nil {
			t.Fatalf("mark %d: %v %v", i, err, out.Err)
		}
	}
}

// A subscriber that stops reading and falls behind gets the fell_behind notice after what it was sent, nothing
// more on that subscription, and its connection keeps answering; one that never reads again is disconnected after
// the write timeout (its connection is served or closed, never half-dead).
func TestAttackSlowSubscriber(t *testing.T) {
	// Neither client reads while the node produces count outputs. The sockets hold only a few dozen notifications
	// (small kernel buffers on both ends), so each feed blocks on its write almost at once and the bus (buffer
	// outputs per subscriber) drops both subscribers: count is far above buffer plus what the sockets hold. After
	// the drop each feed still has buffer notifications to write, far more than the sockets hold, so the one that
	// never reads again stays blocked until the write timeout. The write timeout is far longer than producing
	// count outputs takes (lag's blocked write must not time out before lag reads).
	const count, buffer = 800, 128
	env := clienttest.Start(t, clienttest.Config{Users: 1, Limits: node.Limits{SubscriptionBuffer: buffer,
		WSWriteTimeout: 5 * time.Second, WSSendBuffer: 4096}})
	lag := dialSlow(t, wsURL(env))
	dead := dialSlow(t, wsURL(env))
	start := time.Now()
	marks(t, env.Node, count) // neither reads meanwhile
	t.Logf("%d marks in %v", count, time.Since(start))
	got, fell := 0, false
	for !fell {
		a := lag.read(5 * time.Second)
		if a.Params.Subscription != lag.id {
			t.Fatalf("unexpected message after %d notifications: %+v", got, a)
		}
		var d node.Dropped
		if json.Unmarshal(a.Params.Result, &d) == nil && d == node.FellBehind {
			fell = true
			continue
		}
		got++
	}
	t.Logf("%d notifications before fell_behind", got)
	if got >= count {
		t.Fatalf("no gap: %d notifications before fell_behind", got)
	}
	marks(t, env.Node, 3)
	lag.send(`{"jsonrpc":"2.0","id":2,"method":"perp_status","params":[]}`)
	if a := lag.read(5 * time.Second); string(a.ID) != "2" || a.Error != nil {
		t.Fatalf("after fell_behind: want the perp_status answer and no more notifications, got %+v", a)
	}
	// The other never read: the node closed its connection once a write timed out.
	if err := clienttest.WaitFor(15*time.Second, func() (bool, error) { return env.Node.WSConns() == 1, nil }); err != nil {
		t.Fatalf("stalled subscriber not disconnected: %v", err)
	}
	var err error
	for err == nil {
		_, err = dead.tryRead(5 * time.Second)
	}
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("stalled connection still open: %v", err)
	}
}

// Client side: the Go client ends a dropped subscription with ErrFellBehind. The client's connection stops reading
// (its socket reads are held) while the node produces the outputs, so the node's feed of this subscriber blocks on
// its write and the bus drops it; the client then reads what was sent, the notice, and nothing overflows its
// own buffers (far fewer notifications fit in the sockets than the client buffers).
func TestClientSeesFellBehind(t *testing.T) {
	env := clienttest.Start(t, clienttest.Config{Users: 1, Limits: node.Limits{SubscriptionBuffer: 4,
		WSWriteTimeout: 30 * time.Second, WSSendBuffer: 4096}})
	var conn *heldConn
	nd := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		return rc.Control(func(fd uintptr) { _ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 2048) })
	}}
	d := websocket.Dialer{ReadBufferSize: 1024, NetDial: func(network, addr string) (net.Conn, error) {
		c, err := nd.Dial(network, addr)
		if err != nil {
			return nil, err
		}
		conn = &heldConn{Conn: c}
		return conn, nil
	}}
	rc, err := rpc.DialOptions(ctxT(t), wsURL(env), rpc.WithWebsocketDialer(d))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rc.Close)
	sub, err := client.New(rc).SubscribeMarks(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()
	conn.hold()
	defer conn.release() // before Unsubscribe, which talks to the node
	// Far more outputs than fit in the bus buffer (4) plus the sockets' buffers (a few KiB: a few dozen
	// notifications); what was written before the drop is far less than the client's own buffers
	// (client.DefaultSubscriptionBuffer twice over), so the client does not overflow first.
	const count = 1000
	marks(t, env.Node, count)
	conn.release()
	got := 0
	deadline := time.After(20 * time.Second)
	for {
		select {
		case <-sub.C:
			got++
		case err := <-sub.Err():
			if err != client.ErrFellBehind {
				t.Fatalf("subscription ended with %v after %d notifications, want ErrFellBehind", err, got)
			}
			t.Logf("%d notifications before fell_behind", got)
			if got >= count {
				t.Fatalf("no gap: %d notifications before ErrFellBehind", got)
			}
			return
		case <-deadline:
			t.Fatalf("no ErrFellBehind after %d marks with the client not reading (%d notifications seen)", count, got)
		}
	}
}

// heldConn is a connection whose reads can be held: while held, Read waits (a Read already under way completes).
type heldConn struct {
	net.Conn
	mu   sync.Mutex
	wait chan struct{} // nil: not held
}

func (c *heldConn) Read(p []byte) (int, error) {
	c.mu.Lock()
	w := c.wait
	c.mu.Unlock()
	if w != nil {
		<-w
	}
	return c.Conn.Read(p)
}

func (c *heldConn) hold() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.wait == nil {
		c.wait = make(chan struct{})
	}
}

func (c *heldConn) release() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.wait != nil {
		close(c.wait)
		c.wait = nil
	}
}

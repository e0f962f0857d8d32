package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/client/clienttest"
	"github.com/zkperp/zkperp/sequencer/node"
)

// snapshot is what a refused input must not change.
type snapshot struct {
	Root       string
	Bids, Asks []node.Level
	Accounts   []node.AccountView
	Open       [][]node.OrderView
	Trades     int
	Deposits   uint64
}

func snap(t *testing.T, c *client.Client, accounts ...uint32) snapshot {
	t.Helper()
	ctx := context.Background()
	st, err := c.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s := snapshot{Root: st.Root, Deposits: st.Deposits}
	b, err := c.Book(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	s.Bids, s.Asks = b.Bids, b.Asks
	for _, a := range accounts {
		v, err := c.Account(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		s.Accounts = append(s.Accounts, *v)
		o, err := c.OpenOrders(ctx, a, 0)
		if err != nil {
			t.Fatal(err)
		}
		s.Open = append(s.Open, o)
	}
	tr, err := c.Trades(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	s.Trades = len(tr)
	return s
}

func wantCode(t *testing.T, name string, err error, code int, reason string) {
	t.Helper()
	ce, ok := err.(*client.Error)
	if !ok {
		t.Fatalf("%s: want *client.Error code %d, got %T %v", name, code, err, err)
	}
	if ce.Code != code || (reason != "" && ce.Reason != reason) {
		t.Fatalf("%s: want code %d reason %q, got %d %q (%s)", name, code, reason, ce.Code, ce.Reason, ce.Message)
	}
}

// TestBadInput sends each kind of bad input and checks its typed error and that nothing changed.
func TestBadInput(t *testing.T) {
	env := clienttest.Start(t, clienttest.Config{})
	ctx := ctxT(t)
	c := env.Dial(t, true)
	alice := env.Fund(t, c, 1, "10000")
	bob := env.Fund(t, env.Dial(t, true), 2, "10000")
	for _, tr := range []*client.Trader{alice, bob} {
		if _, err := tr.PositionMargin(ctx, 0, true, "2000"); err != nil {
			t.Fatal(err)
		}
	}
	// A resting ask (live), and a filled order of bob's to replay.
	live, err := alice.PlaceLimit(ctx, 0, client.Sell, "60100", "0.01")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := alice.PlaceLimit(ctx, 0, client.Sell, "60050", "0.001"); err != nil {
		t.Fatal(err)
	}
	filled, err := bob.PlaceLimit(ctx, 0, client.Buy, "60050", "0.001")
	if err != nil {
		t.Fatal(err)
	}
	signed := func(mut func(r *node.OrderRequest)) node.OrderRequest {
		r := node.OrderRequest{Market: 0, Side: "buy", Price: "59000", Size: "0.001"}
		if err := alice.SignOrder(&r); err != nil {
			t.Fatal(err)
		}
		if mut != nil {
			mut(&r)
		}
		return r
	}
	accts := []uint32{alice.Index(), bob.Index()}
	// The node's recent-trades ring is fed asynchronously from the output stream: wait for the fill to show.
	if err := clienttest.WaitFor(5*time.Second, func() (bool, error) {
		tr, err := c.Trades(ctx, 0, 0)
		return len(tr) == 1, err
	}); err != nil {
		t.Fatal(err)
	}
	before := snap(t, c, accts...)
	t0 := time.Now()
	check := func(name string, err error, code int, reason string) {
		t.Helper()
		if testing.Verbose() {
			t.Logf("%v %s", time.Since(t0), name)
		}
		wantCode(t, name, err, code, reason)
		if after := snap(t, c, accts...); !reflect.DeepEqual(before, after) {
			t.Fatalf("%s changed the state:\nbefore %+v\nafter  %+v", name, before, after)
		}
	}

	// Malformed JSON over a raw HTTP POST.
	resp, err := http.Post(env.HTTPURL, "application/json", strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"perp_placeOrder","params":[{`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var jr struct {
		Error struct {
			Code int `json:"code"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &jr); err != nil || jr.Error.Code != client.CodeParseError {
		t.Fatalf("malformed JSON: %s (%v)", body, err)
	}
	// Wrong parameter types.
	var ack node.Ack
	check("wrong types", c.Call(ctx, &ack, "placeOrder", map[string]any{"account": "alice", "price": 5}), client.CodeInvalidParams, "invalid_params")
	check("wrong arity", c.Call(ctx, &ack, "book", "zero", "deep"), client.CodeInvalidParams, "")
	check("unknown method", c.Call(ctx, &ack, "noSuchMethod"), client.CodeMethodNotFound, "method_not_found")

	// Signatures.
	bad := signed(func(r *node.OrderRequest) { r.Sig[5] ^= 1 })
	_, err = c.PlaceOrder(ctx, bad)
	check("flipped signature", err, client.CodeBadSignature, "bad_signature")
	_, err = c.PlaceOrder(ctx, signed(func(r *node.OrderRequest) { r.Price = "59000.1" }))
	check("signature over other fields", err, client.CodeBadSignature, "bad_signature")
	_, err = c.PlaceOrder(ctx, signed(func(r *node.OrderRequest) { r.Account = bob.Index() }))
	check("signature of another account", err, client.CodeBadSignature, "bad_signature")
	_, err = c.PlaceOrder(ctx, signed(func(r *node.OrderRequest) { r.Sig = r.Sig[:10] }))
	check("short signature", err, client.CodeInvalidParams, "bad_signature_length")
	_, err = c.CancelOrder(ctx, node.CancelRequest{Account: alice.Index(), Market: 0, OrderID: live.ID, Sig: make([]byte, 64)})
	check("unsigned cancel", err, client.CodeBadSignature, "bad_signature")
	_, err = c.PlaceOrder(ctx, signed(func(r *node.OrderRequest) { r.Account = 30 }))
	check("account without key", err, client.CodeUnknownAccount, "unknown_account")

	// Replayed and stale order ids.
	_, err = c.PlaceOrder(ctx, live.Request)
	check("replayed live order", err, client.CodeStaleOrder, "stale_order_id")
	_, err = c.PlaceOrder(ctx, filled.Request)
	check("replayed filled order", err, client.CodeStaleOrder, "stale_order_id")
	_, err = bob.PlaceOrder(ctx, node.OrderRequest{ID: filled.ID - 8, Market: 0, Side: "buy", Price: "59000", Size: "0.001"})
	check("stale id (same slot, smaller)", err, client.CodeStaleOrder, "stale_order_id")
	_, err = alice.PlaceOrder(ctx, node.OrderRequest{ID: 0, Market: 0, Side: "buy", Price: "59000", Size: "0.001"}) // the trader fills an id...
	if err != nil {
		t.Fatal(err)
	}
	before = snap(t, c, accts...)
	zero := signed(nil)
	zero.ID = 0
	_, err = c.PlaceOrder(ctx, zero)
	check("order id 0", err, client.CodeStaleOrder, "stale_order_id")

	// Prices and sizes.
	_, err = alice.PlaceLimit(ctx, 0, client.Buy, "59000.05", "0.001") // 5 quantums per step: not on the 10 tick
	check("off-tick price", err, client.CodeOrderRejected, "")
	_, err = c.PlaceOrder(ctx, signed(func(r *node.OrderRequest) { r.Price = "59000.001" }))
	check("price below a quantum per step", err, client.CodeInvalidParams, "off_step")
	_, err = c.PlaceOrder(ctx, signed(func(r *node.OrderRequest) { r.Size = "0.00001" }))
	check("size below a step", err, client.CodeInvalidParams, "below_min_size")
	for _, d := range []string{"1e3", "-1", "abc", "", "1/2", "１", "1.2.3"} {
		_, err = c.PlaceOrder(ctx, signed(func(r *node.OrderRequest) { r.Price = d }))
		check("bad decimal "+d, err, client.CodeInvalidParams, "bad_decimal")
	}
	// The trader refuses what the node would take through big.Rat but is not a plain decimal.
	for _, d := range []string{"0x10", "1_000", "0b11", "1e3"} {
		_, err = alice.PlaceLimit(ctx, 0, client.Buy, d, "0.001")
		wantCode(t, "client-side bad decimal "+d, err, client.CodeInvalidParams, "bad_decimal")
	}
	_, err = c.PlaceOrder(ctx, signed(func(r *node.OrderRequest) { r.Size = "99999999999999999999999" }))
	check("size out of range", err, client.CodeInvalidParams, "out_of_range")
	_, err = alice.PlaceLimit(ctx, 0, client.Buy, "59000.001", "0.001")
	wantCode(t, "client-side off_step", err, client.CodeInvalidParams, "off_step")
	_, err = c.PlaceOrder(ctx, signed(func(r *node.OrderRequest) { r.Side = "long" }))
	check("bad side", err, client.CodeInvalidParams, "bad_side")
	_, err = c.PlaceOrder(ctx, signed(func(r *node.OrderRequest) { r.TIF = "forever" }))
	check("bad tif", err, client.CodeInvalidParams, "bad_tif")
	_, err = alice.PlaceLimit(ctx, 0, client.Buy, "59000", "50")
	check("insufficient margin", err, client.CodeInsufficientMargin, "insufficient_margin")

	// Unknown market.
	_, err = c.PlaceOrder(ctx, signed(func(r *node.OrderRequest) { r.Market = 7 }))
	check("unknown market order", err, client.CodeUnknownMarket, "unknown_market")
	_, err = c.Book(ctx, 9, 10)
	check("unknown market book", err, client.CodeUnknownMarket, "unknown_market")
	_, err = c.SubscribeTrades(ctx, 9)
	if client.Code(err) != client.CodeUnknownMarket {
		t.Fatalf("subscribe unknown market: %v", err)
	}

	// Nonces.
	_, err = c.Withdraw(ctx, node.WithdrawRequest{Account: alice.Index(), Amount: "1", Nonce: 99, Sig: make([]byte, 64)})
	if client.Code(err) != client.CodeBadSignature && client.Code(err) != client.CodeBadNonce {
		t.Fatalf("withdraw with a bad nonce: %v", err)
	}

	// Oversized requests: HTTP answers 413 (typed CodeHTTP); a WebSocket drops the connection.
	huge := signed(func(r *node.OrderRequest) { r.Display = strings.Repeat("1", env.NodeCfg.MaxRequestBytes) })
	ch := env.Dial(t, false)
	_, err = ch.PlaceOrder(ctx, huge)
	check("oversized over HTTP", err, client.CodeHTTP, "request_too_large")
	if err.(*client.Error).HTTPStatus != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized: %v", err)
	}
	// Over WebSocket the server closes the connection (close 1009, message too big); go-ethereum's client does not
	// always fail the pending call on that close, so the call needs its own deadline.
	cw := env.Dial(t, true)
	wctx, wcancel := context.WithTimeout(ctx, 2*time.Second)
	_, err = cw.PlaceOrder(wctx, huge)
	wcancel()
	if err == nil {
		t.Fatal("oversized over WebSocket accepted")
	}
	if after := snap(t, c, accts...); !reflect.DeepEqual(before, after) {
		t.Fatal("oversized WebSocket request changed the state")
	}
	// A request just under the limit is parsed (and refused for its content, not its size).
	ok := signed(func(r *node.OrderRequest) { r.STP = strings.Repeat("x", env.NodeCfg.MaxRequestBytes/2) })
	_, err = ch.PlaceOrder(ctx, ok)
	check("large but under the limit", err, client.CodeInvalidParams, "bad_stp")

	// Raw bytes: a body that is not JSON-RPC at all.
	resp, err = http.Post(env.HTTPURL, "application/json", bytes.NewReader([]byte(`[]`)))
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "-32600") {
		t.Fatalf("empty batch: %s", body)
	}
}

// TestRateLimit: a source address over its token bucket gets -32005 rate_limited, over HTTP and WebSocket, and a
// new connection from the same address does not get a new bucket.
func TestRateLimit(t *testing.T) {
	env := clienttest.Start(t, clienttest.Config{RateLimit: 1, RateBurst: 5, Users: 2})
	ctx := ctxT(t)
	c := env.Dial(t, true)
	var limited error
	n := 0
	for ; n < 20 && limited == nil; n++ {
		_, limited = c.Markets(ctx)
	}
	wantCode(t, "rate limit", limited, client.CodeRateLimited, "rate_limited")
	if n < 5 || n > 7 {
		t.Fatalf("limited after %d requests, burst is 5", n)
	}
	for _, ws := range []bool{true, false} {
		_, err := env.Dial(t, ws).Markets(ctx)
		wantCode(t, fmt.Sprintf("new connection (ws=%v)", ws), err, client.CodeRateLimited, "rate_limited")
	}
}

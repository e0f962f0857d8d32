package node_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/client/clienttest"
	"github.com/zkperp/zkperp/sequencer/node"
)

// Each confusing answer of the API is now a clear, typed error that names the field and speaks the API's units.
func TestClearErrors(t *testing.T) {
	env := clienttest.Start(t, clienttest.Config{Users: 1})
	ctx := ctxT(t)
	c := env.Dial(t, false)
	alice := env.Fund(t, c, 1, "10000")
	sig := "0x" + strings.Repeat("00", 64)
	order := func(field, value string) map[string]any {
		o := map[string]any{"account": alice.Index(), "id": 7, "market": 0, "side": "buy", "price": "60000",
			"size": "0.01", "sig": sig}
		o[field] = value
		return o
	}
	msg := func(err error) string {
		if e, ok := err.(*client.Error); ok {
			return e.Message
		}
		return ""
	}
	// pegOffset errors name pegOffset (not price); triggerPrice and display name themselves.
	for field, value := range map[string]string{"pegOffset": "-0.005", "triggerPrice": "1e3", "display": "0.00001"} {
		err := c.Call(ctx, nil, "placeOrder", order(field, value))
		if client.Code(err) != client.CodeInvalidParams || !strings.HasPrefix(msg(err), field+":") {
			t.Fatalf("%s %q: %v", field, value, err)
		}
	}
	// A size below one step is below the minimum, not off-step.
	err := c.Call(ctx, nil, "placeOrder", order("size", "0.00001"))
	wantCode(t, "size below one step", err, client.CodeInvalidParams, "below_min_size")
	// Space-padded decimals are refused: what is signed must be what was sent.
	for _, v := range []string{" 60000", "60000 ", "\t60000"} {
		err := c.Call(ctx, nil, "placeOrder", order("price", v))
		wantCode(t, "padded "+v, err, client.CodeInvalidParams, "bad_decimal")
	}
	// Withdrawing more than the free collateral is told in token units.
	_, err = alice.Withdraw(ctx, "20000")
	wantCode(t, "withdraw too much", err, client.CodeInsufficientFunds, "insufficient_funds")
	if m := msg(err); !strings.Contains(m, "20000 requested") || !strings.Contains(m, "10000 free") {
		t.Fatalf("withdraw error not in token units: %q", m)
	}
	// An order without position margin: the error says what to do, not "collateral after fill negative".
	_, err = alice.PlaceLimit(ctx, 0, client.Buy, "50000", "0.01")
	wantCode(t, "no margin", err, client.CodeInsufficientMargin, "insufficient_margin")
	if m := msg(err); strings.Contains(m, "after fill") || !strings.Contains(m, "perp_positionMargin") {
		t.Fatalf("margin error: %q", m)
	}
	// Out-of-range depth and limit are refused, not clamped.
	for _, d := range []int{-1, node.MaxBookDepth + 1} {
		_, err := c.Book(ctx, 0, d)
		wantCode(t, "depth", err, client.CodeInvalidParams, "out_of_range")
	}
	for _, l := range []int{-1, node.MaxTradesLimit + 1} {
		_, err := c.Trades(ctx, 0, l)
		wantCode(t, "limit", err, client.CodeInvalidParams, "out_of_range")
	}
	if _, err := c.Book(ctx, 0, 0); err != nil {
		t.Fatal(err)
	}
	// An empty POST body gets a JSON-RPC error.
	for _, body := range []string{"", "  \n"} {
		code, a, raw := post(t, http.DefaultClient, env.HTTPURL, body)
		if code != http.StatusOK || a.Error == nil || a.Error.Code != -32600 {
			t.Fatalf("empty body %q: HTTP %d %s", body, code, raw)
		}
	}
}

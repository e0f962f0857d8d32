package node_test

// Attacks on the node's public API by a hostile client, each over loopback against an in-process node
// (client/clienttest): every one must fail with its typed error and change nothing.

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/client/clienttest"
	"github.com/zkperp/zkperp/sequencer/node"
)

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func wantCode(t *testing.T, what string, err error, code int, reason string) {
	t.Helper()
	if client.Code(err) != code || (reason != "" && client.Reason(err) != reason) {
		t.Fatalf("%s: want code %d %q, got %v", what, code, reason, err)
	}
}

func live(t *testing.T, c *client.Client, account uint32, id uint32) *node.OrderView {
	t.Helper()
	st, err := c.OrderStatus(context.Background(), account, 0, id)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Live {
		return nil
	}
	return st.Order
}

// A cancel-all seen on the wire cannot be replayed: the node refuses its nonce as stale (1012 stale_nonce) and the
// account's later orders stay live.
func TestAttackReplayCancelAll(t *testing.T) {
	env := clienttest.Start(t, clienttest.Config{Users: 1})
	ctx := ctxT(t)
	c := env.Dial(t, false)
	alice := env.Fund(t, c, 1, "10000")
	if _, err := alice.PositionMargin(ctx, 0, true, "5000"); err != nil {
		t.Fatal(err)
	}
	if _, err := alice.PlaceLimit(ctx, 0, client.Buy, "50000", "0.01"); err != nil {
		t.Fatal(err)
	}
	seen, err := alice.SignCancelAll(0, math.MaxUint32, uint64(time.Now().UnixMilli()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CancelAll(ctx, *seen); err != nil {
		t.Fatal(err)
	}
	later, err := alice.PlaceLimit(ctx, 0, client.Buy, "50000", "0.01")
	if err != nil {
		t.Fatal(err)
	}
	_, err = env.Dial(t, true).CancelAll(ctx, *seen) // the attacker, on its own connection
	wantCode(t, "replayed cancel-all", err, client.CodeStaleRequest, "stale_nonce")
	if live(t, c, alice.Index(), later.ID) == nil {
		t.Fatal("the replayed cancel-all cancelled a later order")
	}
	if _, err := alice.CancelAll(ctx, 0); err != nil { // the owner's fresh cancel-all still works
		t.Fatal(err)
	}
	if live(t, c, alice.Index(), later.ID) != nil {
		t.Fatal("fresh cancel-all did not cancel")
	}
}

// An amend seen on the wire cannot be replayed to revert the owner's later amend (1012 stale_version), and the
// place request alone cannot amend at all.
func TestAttackRevertAmend(t *testing.T) {
	env := clienttest.Start(t, clienttest.Config{Users: 1})
	ctx := ctxT(t)
	c := env.Dial(t, false)
	alice := env.Fund(t, c, 1, "10000")
	if _, err := alice.PositionMargin(ctx, 0, true, "5000"); err != nil {
		t.Fatal(err)
	}
	p, err := alice.PlaceLimit(ctx, 0, client.Buy, "50000", "0.02")
	if err != nil {
		t.Fatal(err)
	}
	amend := func(price, size string, version uint64) *node.AmendRequest {
		r := p.Request
		r.Price, r.Size = price, size
		a, err := alice.SignAmend(&r, version)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.AmendOrder(ctx, *a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	v1 := amend("50010", "0.015", 1)
	amend("50020", "0.01", 2)
	attacker := env.Dial(t, true)
	_, err = attacker.AmendOrder(ctx, *v1)
	wantCode(t, "replayed amend", err, client.CodeStaleRequest, "stale_version")
	_, err = attacker.AmendOrder(ctx, node.AmendRequest{OrderRequest: p.Request, Version: 3, AmendSig: v1.AmendSig})
	wantCode(t, "place request as an amend", err, client.CodeBadSignature, "bad_signature")
	o := live(t, c, alice.Index(), p.ID)
	if o == nil || o.Price != "50020" || o.Size != "0.01" {
		t.Fatalf("order after the replays: %+v", o)
	}
	if _, err := alice.Amend(ctx, p.Request, "50000", "0.02"); err != nil { // the owner may go back, with a new version
		t.Fatal(err)
	}
}

// rpcAnswer is a JSON-RPC answer or notification.
type rpcAnswer struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Result json.RawMessage `json:"result"`
	Params struct {
		Subscription string          `json:"subscription"`
		Result       json.RawMessage `json:"result"`
	} `json:"params"`
	Error *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func post(t *testing.T, c *http.Client, url, body string) (int, rpcAnswer, string) {
	t.Helper()
	resp, err := c.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var a rpcAnswer
	_ = json.Unmarshal(raw, &a)
	return resp.StatusCode, a, string(raw)
}

// Package client is the Go SDK of the zkperp trader API (JSON-RPC namespace "perp", docs/api.md): a typed Client for
// every perp_ method and subscription, a Trader that fills and signs orders, cancels, amends, withdrawals and
// margin transfers with its L2 key.
//
// The request and response types, the error codes and the decimal units are package wire's, which the node uses
// too, so they cannot drift apart; keys and signatures are package state/sign's, the code the node verifies with.
// The package does not import the node, the circuits, the storage or the contracts (TestLightDeps); the L1 side
// (deposits, claims, the escape hatch) is package client/l1.
package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/zkperp/zkperp/state/sign"
	"github.com/zkperp/zkperp/wire"
)

// Namespace is the JSON-RPC namespace of the trader API.
const Namespace = "perp"

// Client calls the perp_ API of one wire. It is safe for concurrent use.
type Client struct {
	rpc *rpc.Client
}

// Dial connects to a node: http(s):// URLs use HTTP (no subscriptions), ws(s):// URLs a WebSocket.
func Dial(ctx context.Context, url string) (*Client, error) {
	c, err := rpc.DialContext(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("client: dial %s: %w", url, err)
	}
	return New(c), nil
}

// New wraps an rpc client (any transport, including rpc.DialInProc).
func New(c *rpc.Client) *Client { return &Client{rpc: c} }

// RPC returns the underlying rpc client.
func (c *Client) RPC() *rpc.Client { return c.rpc }

// Close closes the connection.
func (c *Client) Close() { c.rpc.Close() }

// ErrNilAck is returned when the node answered an input with a null result.
var ErrNilAck = errors.New("client: node returned no ack")

func (c *Client) call(ctx context.Context, result any, method string, args ...any) error {
	return wrapErr(Namespace+"_"+method, c.rpc.CallContext(ctx, result, Namespace+"_"+method, args...))
}

func (c *Client) ack(ctx context.Context, method string, arg any) (*wire.Ack, error) {
	var a *wire.Ack
	if err := c.call(ctx, &a, method, arg); err != nil {
		return nil, err
	}
	if a == nil {
		return nil, ErrNilAck
	}
	return a, nil
}

// PlaceOrder sends a signed order (perp_placeOrder). Trader.PlaceOrder fills and signs one.
func (c *Client) PlaceOrder(ctx context.Context, r wire.OrderRequest) (*wire.Ack, error) {
	return c.ack(ctx, "placeOrder", r)
}

// AmendOrder sends a newly signed order with the id of a live one and the amend's signature (perp_amendOrder): only
// price and size may change, and the version must be above the order's last.
func (c *Client) AmendOrder(ctx context.Context, r wire.AmendRequest) (*wire.Ack, error) {
	return c.ack(ctx, "amendOrder", r)
}

// CancelOrder sends a signed cancel (perp_cancelOrder).
func (c *Client) CancelOrder(ctx context.Context, r wire.CancelRequest) (*wire.Ack, error) {
	return c.ack(ctx, "cancelOrder", r)
}

// SessionChallenge draws the challenge a logon on this connection signs (perp_sessionChallenge; WebSocket only).
func (c *Client) SessionChallenge(ctx context.Context) ([]byte, error) {
	var ch hexutil.Bytes
	if err := c.call(ctx, &ch, "sessionChallenge"); err != nil {
		return nil, err
	}
	return ch, nil
}

// Logon logs an account on to this connection (perp_logon; WebSocket only): its cancels and cancel-alls then need
// no signature, and its amends only the re-signed order's.
func (c *Client) Logon(ctx context.Context, r wire.LogonRequest) (*wire.Session, error) {
	var s *wire.Session
	if err := c.call(ctx, &s, "logon", r); err != nil {
		return nil, err
	}
	return s, nil
}

// Logoff ends an account's session on this connection (perp_logoff).
func (c *Client) Logoff(ctx context.Context, account uint32) (*wire.Session, error) {
	var s *wire.Session
	if err := c.call(ctx, &s, "logoff", account); err != nil {
		return nil, err
	}
	return s, nil
}

// CancelAll sends a signed cancel-all (perp_cancelAll).
func (c *Client) CancelAll(ctx context.Context, r wire.CancelAllRequest) (*wire.Ack, error) {
	return c.ack(ctx, "cancelAll", r)
}

// Withdraw sends a signed withdrawal (perp_withdraw).
func (c *Client) Withdraw(ctx context.Context, r wire.WithdrawRequest) (*wire.Ack, error) {
	return c.ack(ctx, "withdraw", r)
}

// PositionMargin sends a signed margin transfer (perp_positionMargin).
func (c *Client) PositionMargin(ctx context.Context, r wire.MarginRequest) (*wire.Ack, error) {
	return c.ack(ctx, "positionMargin", r)
}

// Markets lists the markets (perp_markets).
func (c *Client) Markets(ctx context.Context) ([]wire.MarketInfo, error) {
	var out []wire.MarketInfo
	return out, c.call(ctx, &out, "markets")
}

// Book returns the aggregated book with depth levels per side, 0 for the maximum (perp_book).
func (c *Client) Book(ctx context.Context, market uint8, depth int) (*wire.BookSnapshot, error) {
	var out wire.BookSnapshot
	if err := c.call(ctx, &out, "book", market, depth); err != nil {
		return nil, err
	}
	return &out, nil
}

// OrderStatus returns an order's status (perp_orderStatus).
func (c *Client) OrderStatus(ctx context.Context, account uint32, market uint8, id uint32) (*wire.OrderStatus, error) {
	var out wire.OrderStatus
	if err := c.call(ctx, &out, "orderStatus", account, market, id); err != nil {
		return nil, err
	}
	return &out, nil
}

// OpenOrders lists an account's live orders in a market (perp_openOrders).
func (c *Client) OpenOrders(ctx context.Context, account uint32, market uint8) ([]wire.OrderView, error) {
	var out []wire.OrderView
	return out, c.call(ctx, &out, "openOrders", account, market)
}

// Account returns an account with its positions (perp_account).
func (c *Client) Account(ctx context.Context, index uint32) (*wire.AccountView, error) {
	var out wire.AccountView
	if err := c.call(ctx, &out, "account", index); err != nil {
		return nil, err
	}
	return &out, nil
}

// Positions returns an account's non-empty positions (perp_positions).
func (c *Client) Positions(ctx context.Context, index uint32) ([]wire.PositionView, error) {
	var out []wire.PositionView
	return out, c.call(ctx, &out, "positions", index)
}

// Domain returns the deployment the node checks signatures for (its L1 chain id and rollup, from perp_status): an
// L2 key signs for it (sign.PrivateKey.For).
func (c *Client) Domain(ctx context.Context) (sign.Domain, error) {
	st, err := c.Status(ctx)
	if err != nil {
		return sign.Domain{}, err
	}
	if !common.IsHexAddress(st.Rollup) || st.ChainID == 0 {
		return sign.Domain{}, fmt.Errorf("client: node status has no deployment (chain %d, rollup %q)", st.ChainID, st.Rollup)
	}
	return sign.Domain{ChainID: st.ChainID, Rollup: common.HexToAddress(st.Rollup)}, nil
}

// Status returns the node status (perp_status).
func (c *Client) Status(ctx context.Context) (*wire.NodeStatus, error) {
	var out wire.NodeStatus
	if err := c.call(ctx, &out, "status"); err != nil {
		return nil, err
	}
	return &out, nil
}

// TxStatus returns the finality stage of a state tx, by the index of an Ack's TxView (perp_txStatus).
func (c *Client) TxStatus(ctx context.Context, index uint64) (*wire.TxStatus, error) {
	var out wire.TxStatus
	if err := c.call(ctx, &out, "txStatus", index); err != nil {
		return nil, err
	}
	return &out, nil
}

// BatchStatus returns a batch's progress (perp_batchStatus).
func (c *Client) BatchStatus(ctx context.Context, number uint64) (*wire.BatchStatus, error) {
	var out wire.BatchStatus
	if err := c.call(ctx, &out, "batchStatus", number); err != nil {
		return nil, err
	}
	return &out, nil
}

// Trades returns a market's most recent trades, oldest first, at most limit (0: all kept, max 1000) (perp_trades).
func (c *Client) Trades(ctx context.Context, market uint8, limit int) ([]wire.EventView, error) {
	var out []wire.EventView
	return out, c.call(ctx, &out, "trades", market, limit)
}

// Call calls any perp_ method by its name without the namespace ("placeOrder") with raw arguments; errors are
// typed like those of the other methods.
func (c *Client) Call(ctx context.Context, result any, method string, args ...any) error {
	return c.call(ctx, result, method, args...)
}

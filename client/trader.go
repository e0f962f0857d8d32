package client

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/big"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zkperp/zkperp/state/sign"
	"github.com/zkperp/zkperp/wire"
)

// Order sides.
const (
	Buy  = "buy"
	Sell = "sell"
)

// ppm is one million: fee and slippage rates are in parts per million.
const ppm = 1_000_000

// DefaultMarketSlippagePpm bounds the signed limit price of a market order placed without one: the mark price
// plus (buy) or minus (sell) 5%, rounded away from the mark to the tick.
const DefaultMarketSlippagePpm = 50_000

// TraderConfig configures a Trader.
type TraderConfig struct {
	// Key is the account's L2 key (sign.DeriveL2Key of the owner's Ethereum key). Required. It must sign for the
	// node's deployment (Client.Domain); a key bound to no deployment (sign.NewPrivateKey) is bound to it.
	Key *sign.PrivateKey
	// Account is the account index (assigned by the first L1 deposit; L1.Account reads it). Required.
	Account uint32
	// FirstOrderID is the first order id to use. 0 picks max(current unix time in seconds truncated to 32 bits,
	// highest live order id of the account + 1): ids then grow by one per order, so they stay above every id the
	// account's fill slots hold as long as the account places on average at most one order per second across
	// restarts (otherwise keep the counter yourself, NextOrderID, and pass it here).
	FirstOrderID uint32
	Log          *slog.Logger
}

// Trader signs and sends one account's orders, cancels, amends, withdrawals and margin transfers. It is safe for
// concurrent use.
type Trader struct {
	c       *Client
	key     *sign.PrivateKey
	account uint32
	markets []wire.MarketInfo
	log     *slog.Logger
	nextID  atomic.Uint64
	nonceMu sync.Mutex // serializes nonce-bearing txs (read nonce, sign, send)
	fresh   freshCounter
	session atomic.Bool // logged on to c's connection (Logon): cancels unsigned, amends with the order's signature only
}

// freshCounter hands out strictly increasing values for cancel-all nonces and amend versions: the current unix
// time in milliseconds, bumped past the last value given. The node takes each value once (it must be above the
// last it accepted), and time keeps the values increasing across restarts of the trader.
type freshCounter struct {
	mu   sync.Mutex
	last uint64
	now  func() time.Time
}

func (f *freshCounter) next() uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now
	if f.now != nil {
		now = f.now
	}
	f.last = max(f.last+1, uint64(now().UnixMilli()))
	return f.last
}

// Errors of the Trader.
var (
	ErrKeyMismatch        = errors.New("client: the account is bound to another L2 key")
	ErrOrderIDsExhausted  = errors.New("client: order ids exhausted (2^32-1 reached)")
	ErrUnknownMarket      = errors.New("client: unknown market")
	ErrNoMarkets          = errors.New("client: the node lists no markets")
	ErrMissingKey         = errors.New("client: trader needs a key")
	ErrWrongDomain        = errors.New("client: the key signs for another deployment (chain, rollup) than the node's")
	ErrAccountNotAssigned = errors.New("client: account 0 is the backstop account; deposit on L1 first")
)

// NewTrader fetches the markets (for their decimals and fees), checks that the account is bound to the key (when
// the account exists already) and picks the first order id.
func NewTrader(ctx context.Context, c *Client, cfg TraderConfig) (*Trader, error) {
	if cfg.Key == nil {
		return nil, ErrMissingKey
	}
	if cfg.Account == 0 {
		return nil, ErrAccountNotAssigned
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	ms, err := c.Markets(ctx)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, ErrNoMarkets
	}
	d, err := c.Domain(ctx)
	if err != nil {
		return nil, err
	}
	switch kd := cfg.Key.Domain(); kd {
	case d:
	case sign.Domain{}:
		cfg.Key = cfg.Key.For(d)
	default:
		return nil, fmt.Errorf("%w: key for chain %d rollup %s, node on chain %d rollup %s", ErrWrongDomain, kd.ChainID,
			kd.Rollup.Hex(), d.ChainID, d.Rollup.Hex())
	}
	t := &Trader{c: c, key: cfg.Key, account: cfg.Account, markets: ms, log: cfg.Log}
	acc, err := c.Account(ctx, cfg.Account)
	if err != nil {
		return nil, err
	}
	pk := cfg.Key.Public()
	if (acc.PubKeyX != "0" || acc.PubKeyY != "0") && (acc.PubKeyX != pk.X.String() || acc.PubKeyY != pk.Y.String()) {
		return nil, fmt.Errorf("%w: account %d", ErrKeyMismatch, cfg.Account)
	}
	first := uint64(cfg.FirstOrderID)
	if first == 0 {
		first = uint64(uint32(time.Now().Unix()))
		for _, m := range ms {
			open, err := c.OpenOrders(ctx, cfg.Account, m.ID)
			if err != nil {
				return nil, err
			}
			for _, o := range open {
				first = max(first, o.ID+1)
			}
		}
	}
	t.nextID.Store(first)
	return t, nil
}

// Client returns the trader's client.
func (t *Trader) Client() *Client { return t.c }

// Index returns the account index.
func (t *Trader) Index() uint32 { return t.account }

// PublicKey returns the L2 public key.
func (t *Trader) PublicKey() sign.PublicKey { return t.key.Public() }

// Markets returns the markets as fetched at construction (parameters; the mark and open interest are stale:
// call Client.Markets for fresh ones).
func (t *Trader) Markets() []wire.MarketInfo { return append([]wire.MarketInfo(nil), t.markets...) }

// Market finds a market by name (case-insensitive, "BTC-USD") or by id ("0").
func (t *Trader) Market(nameOrID string) (wire.MarketInfo, error) {
	return FindMarket(t.markets, nameOrID)
}

// FindMarket finds a market by name (case-insensitive) or by decimal id.
func FindMarket(ms []wire.MarketInfo, nameOrID string) (wire.MarketInfo, error) {
	s := strings.TrimSpace(nameOrID)
	for _, m := range ms {
		if strings.EqualFold(m.Name, s) {
			return m, nil
		}
	}
	if id, err := strconv.ParseUint(s, 10, 8); err == nil {
		for _, m := range ms {
			if uint64(m.ID) == id {
				return m, nil
			}
		}
	}
	return wire.MarketInfo{}, fmt.Errorf("%w %q", ErrUnknownMarket, nameOrID)
}

func (t *Trader) marketByID(id uint8) (wire.MarketInfo, error) {
	for _, m := range t.markets {
		if m.ID == id {
			return m, nil
		}
	}
	return wire.MarketInfo{}, fmt.Errorf("%w %d", ErrUnknownMarket, id)
}

// Collateral returns the units of collateral amounts (the node's: the first market's quote decimals).
func (t *Trader) Collateral() Units { return Units{QuoteDecimals: t.markets[0].QuoteDecimals} }

// NextOrderID returns a fresh order id (monotonic).
func (t *Trader) NextOrderID() (uint32, error) {
	id := t.nextID.Add(1) - 1
	if id > math.MaxUint32 || id == 0 {
		return 0, ErrOrderIDsExhausted
	}
	return uint32(id), nil
}

// localErr turns a validation error raised locally (wire.ParseOrder, wire.Units: the node's own checks) into the
// *Error the node would answer.
func localErr(method string, err error) error {
	var ae *wire.APIError
	if errors.As(err, &ae) {
		return &Error{Method: method, Code: ae.Code, Reason: ae.Reason, Message: ae.Msg}
	}
	return fmt.Errorf("%s: %w", method, err)
}

// SignOrder fills the account, a fresh id when r.ID is 0, the market's current fees as the signed fee caps when
// they are 0, and signs (wire.SignOrder): the request is converted with wire.ParseOrder (the node's own
// conversion) into the integer sign.Order whose message the signature covers.
func (t *Trader) SignOrder(r *wire.OrderRequest) error {
	m, err := t.marketByID(r.Market)
	if err != nil {
		return err
	}
	r.Account = t.account
	if r.ID == 0 {
		if r.ID, err = t.NextOrderID(); err != nil {
			return err
		}
	}
	if err := wire.SignOrder(t.key, m, r); err != nil {
		return localErr("sign order", err)
	}
	return nil
}

// Placed is an accepted order: its id, the signed request (pass it to Amend) and the node's ack.
type Placed struct {
	ID      uint32
	Request wire.OrderRequest
	*wire.Ack
}

// MaxIDRetries bounds how often PlaceOrder retries an auto-assigned order id that the node refuses as stale.
const MaxIDRetries = 24

// PlaceOrder fills, signs and sends an order (see SignOrder). When the trader picked the id (r.ID == 0) and the
// node refuses it as stale (its fill slot holds a larger id: the account used ids ahead of this trader's clock,
// e.g. another process or several orders in the same second), it skips ahead — 1, 2, 4, ... ids — and retries,
// at most MaxIDRetries times.
func (t *Trader) PlaceOrder(ctx context.Context, r wire.OrderRequest) (*Placed, error) {
	auto := r.ID == 0
	for attempt := 0; ; attempt++ {
		req := r
		if err := t.SignOrder(&req); err != nil {
			return nil, err
		}
		ack, err := t.c.PlaceOrder(ctx, req)
		if err == nil {
			return &Placed{ID: req.ID, Request: req, Ack: ack}, nil
		}
		if !auto || Code(err) != CodeStaleOrder || attempt >= MaxIDRetries {
			return nil, err
		}
		t.nextID.Add(uint64(1)<<attempt - 1)
		t.log.Debug("order id stale, skipping ahead", "id", req.ID, "attempt", attempt+1)
	}
}

// PlaceLimit places a GTC limit order.
func (t *Trader) PlaceLimit(ctx context.Context, market uint8, side, price, size string) (*Placed, error) {
	return t.PlaceOrder(ctx, wire.OrderRequest{Market: market, Side: side, Price: price, Size: size})
}

// PlaceMarket places a market order (IOC). limitPrice is the signed worst price; "" uses the current mark ±
// DefaultMarketSlippagePpm.
func (t *Trader) PlaceMarket(ctx context.Context, market uint8, side, size, limitPrice string) (*Placed, error) {
	if limitPrice == "" {
		var err error
		if limitPrice, err = t.slippagePrice(ctx, market, side); err != nil {
			return nil, err
		}
	}
	return t.PlaceOrder(ctx, wire.OrderRequest{Market: market, Side: side, Price: limitPrice, Size: size, Type: "market"})
}

func (t *Trader) slippagePrice(ctx context.Context, market uint8, side string) (string, error) {
	ms, err := t.c.Markets(ctx)
	if err != nil {
		return "", err
	}
	var m wire.MarketInfo
	found := false
	for _, x := range ms {
		if x.ID == market {
			m, found = x, true
		}
	}
	if !found {
		return "", fmt.Errorf("%w %d", ErrUnknownMarket, market)
	}
	u := UnitsOf(m)
	mark, err := u.Price(m.Mark)
	if err != nil || m.TickUnits == 0 {
		return "", fmt.Errorf("client: market %d: mark %q: %w", market, m.Mark, err)
	}
	tick := new(big.Int).SetUint64(m.TickUnits)
	p := new(big.Int).SetUint64(mark)
	if strings.EqualFold(side, Buy) {
		p.Mul(p, big.NewInt(ppm+DefaultMarketSlippagePpm)).Div(p, big.NewInt(ppm))
		p.Add(p, new(big.Int).Sub(tick, big.NewInt(1))) // round up to the tick
	} else {
		p.Mul(p, big.NewInt(ppm-DefaultMarketSlippagePpm)).Div(p, big.NewInt(ppm))
	}
	p.Div(p, tick).Mul(p, tick)
	if p.Sign() == 0 {
		p.Set(tick)
	}
	if !p.IsUint64() || p.Uint64() > sign.MaxSize {
		return "", fmt.Errorf("client: market %d: price out of range", market)
	}
	return u.FmtPrice(p.Uint64()), nil
}

// Amend re-signs a placed order (same id, side, fees and expiry) with a new price and/or size ("" keeps the
// old one), signs the amend with a fresh version (see freshCounter) and sends it as perp_amendOrder.
func (t *Trader) Amend(ctx context.Context, prev wire.OrderRequest, price, size string) (*Placed, error) {
	r := prev
	if price != "" {
		r.Price = price
	}
	if size != "" {
		r.Size = size
	}
	if r.ID == 0 {
		return nil, &Error{Method: "amend", Code: CodeInvalidParams, Reason: "bad_order_id", Message: "amend needs the order id"}
	}
	var req *wire.AmendRequest
	var err error
	session := t.session.Load()
	if session {
		req, err = t.SessionAmend(&r, t.fresh.next())
	} else {
		req, err = t.SignAmend(&r, t.fresh.next())
	}
	if err != nil {
		return nil, err
	}
	ack, err := t.c.AmendOrder(ctx, *req)
	if session && t.sessionLost(err) { // the connection was re-established under us: sign this one
		if req, err = t.SignAmend(&r, t.fresh.next()); err != nil {
			return nil, err
		}
		ack, err = t.c.AmendOrder(ctx, *req)
	}
	if err != nil {
		return nil, err
	}
	return &Placed{ID: r.ID, Request: r, Ack: ack}, nil
}

// SignAmend signs r as the new version of its order (SignOrder) and the amend message over (account, id, version,
// price, size) (wire.SignAmend, sign.AmendMessage); version must be above the order's last.
func (t *Trader) SignAmend(r *wire.OrderRequest, version uint64) (*wire.AmendRequest, error) {
	if err := t.SignOrder(r); err != nil {
		return nil, err
	}
	m, err := t.marketByID(r.Market)
	if err != nil {
		return nil, err
	}
	a, err := wire.SignAmend(t.key, m, r, version)
	if err != nil {
		return nil, localErr("sign amend", err)
	}
	return a, nil
}

// SessionAmend is SignAmend for a session (Logon): only the new order is signed; the amend carries no signature of
// its own.
func (t *Trader) SessionAmend(r *wire.OrderRequest, version uint64) (*wire.AmendRequest, error) {
	if err := t.SignOrder(r); err != nil {
		return nil, err
	}
	return &wire.AmendRequest{OrderRequest: *r, Version: version}, nil
}

// Logon logs the account on to the client's WebSocket connection (perp_sessionChallenge, then perp_logon with the
// challenge signed). Afterwards Cancel and CancelAll send no signature and Amend signs only the new order. The
// session ends with the connection; the rpc client reconnects on its own, so when the node answers no_session the
// Trader signs that request and the next ones again (Logon again to resume the session).
func (t *Trader) Logon(ctx context.Context) error {
	ch, err := t.c.SessionChallenge(ctx)
	if err != nil {
		return err
	}
	req, err := wire.SignLogon(t.key, t.account, ch)
	if err != nil {
		return localErr("sign logon", err)
	}
	if _, err := t.c.Logon(ctx, *req); err != nil {
		return err
	}
	t.session.Store(true)
	return nil
}

// sessionLost reports a refusal for want of a session (the client's connection was re-established, which ends the
// session, or it was ended on the node): the Trader signs from then on, until Logon.
func (t *Trader) sessionLost(err error) bool {
	if err == nil || Reason(err) != "no_session" {
		return false
	}
	t.session.Store(false)
	t.log.Warn("session lost (reconnected?): signing cancels and amends again until Logon", "account", t.account)
	return true
}

// Logoff ends the account's session on the connection; cancels are signed again.
func (t *Trader) Logoff(ctx context.Context) error {
	t.session.Store(false)
	_, err := t.c.Logoff(ctx, t.account)
	return err
}

// Cancel cancels one order; the signature covers sign.CancelMessage (account, market, order id). In a session
// (Logon) the cancel is sent unsigned.
func (t *Trader) Cancel(ctx context.Context, market uint8, id uint32) (*wire.Ack, error) {
	if t.session.Load() {
		ack, err := t.c.CancelOrder(ctx, wire.CancelRequest{Account: t.account, Market: market, OrderID: id})
		if !t.sessionLost(err) {
			return ack, err
		}
	}
	req, err := wire.SignCancel(t.key, t.account, market, id)
	if err != nil {
		return nil, err
	}
	return t.c.CancelOrder(ctx, *req)
}

// CancelAll cancels every order of the account in a market.
func (t *Trader) CancelAll(ctx context.Context, market uint8) (*wire.Ack, error) {
	return t.CancelAllUpTo(ctx, market, math.MaxUint32)
}

// CancelAllUpTo cancels the account's orders in a market with id ≤ upTo (orders placed after the cancel was
// signed, with larger ids, survive); the signature covers sign.CancelAllMessage with a fresh nonce (see
// freshCounter), so the request cannot be replayed.
func (t *Trader) CancelAllUpTo(ctx context.Context, market uint8, upTo uint32) (*wire.Ack, error) {
	if t.session.Load() {
		ack, err := t.c.CancelAll(ctx, wire.CancelAllRequest{Account: t.account, Market: market, UpTo: upTo,
			Nonce: t.fresh.next()})
		if !t.sessionLost(err) {
			return ack, err
		}
	}
	req, err := t.SignCancelAll(market, upTo, t.fresh.next())
	if err != nil {
		return nil, err
	}
	return t.c.CancelAll(ctx, *req)
}

// SignCancelAll signs a cancel-all of the account's orders in a market with id ≤ upTo; nonce must be above the
// account's last accepted cancel-all nonce.
func (t *Trader) SignCancelAll(market uint8, upTo uint32, nonce uint64) (*wire.CancelAllRequest, error) {
	return wire.SignCancelAll(t.key, t.account, market, upTo, nonce)
}

// Withdraw signs and sends a withdrawal of free collateral (amount in collateral units, "100.5") with the
// account's current nonce; the owner claims it on L1 (l1.L1.Claim) once its batch is verified.
func (t *Trader) Withdraw(ctx context.Context, amount string) (*wire.Ack, error) {
	u := t.Collateral()
	if _, err := u.Amount(amount); err != nil {
		return nil, localErr("withdraw", err)
	}
	t.nonceMu.Lock()
	defer t.nonceMu.Unlock()
	acc, err := t.c.Account(ctx, t.account)
	if err != nil {
		return nil, err
	}
	req, err := wire.SignWithdraw(t.key, u, t.account, amount, acc.Nonce)
	if err != nil {
		return nil, localErr("withdraw", err)
	}
	return t.c.Withdraw(ctx, *req)
}

// PositionMargin moves collateral between free and a market's isolated position (toPosition: free → position),
// signed with the account's current nonce.
func (t *Trader) PositionMargin(ctx context.Context, market uint8, toPosition bool, amount string) (*wire.Ack, error) {
	u := t.Collateral()
	if _, err := u.Amount(amount); err != nil {
		return nil, localErr("position margin", err)
	}
	t.nonceMu.Lock()
	defer t.nonceMu.Unlock()
	acc, err := t.c.Account(ctx, t.account)
	if err != nil {
		return nil, err
	}
	req, err := wire.SignMargin(t.key, u, t.account, market, toPosition, amount, acc.Nonce)
	if err != nil {
		return nil, localErr("position margin", err)
	}
	return t.c.PositionMargin(ctx, *req)
}

// AccountView returns the account with its positions.
func (t *Trader) AccountView(ctx context.Context) (*wire.AccountView, error) {
	return t.c.Account(ctx, t.account)
}

// Positions returns the account's non-empty positions.
func (t *Trader) Positions(ctx context.Context) ([]wire.PositionView, error) {
	return t.c.Positions(ctx, t.account)
}

// OpenOrders returns the account's live orders in a market.
func (t *Trader) OpenOrders(ctx context.Context, market uint8) ([]wire.OrderView, error) {
	return t.c.OpenOrders(ctx, t.account, market)
}

// OrderStatus returns the status of one of the account's orders.
func (t *Trader) OrderStatus(ctx context.Context, market uint8, id uint32) (*wire.OrderStatus, error) {
	return t.c.OrderStatus(ctx, t.account, market, id)
}

// SubscribeEvents streams the account's order events (needs a WebSocket connection).
func (t *Trader) SubscribeEvents(ctx context.Context) (*Subscription[wire.EventView], error) {
	return t.c.SubscribeAccountEvents(ctx, t.account)
}

package node

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/zkperp/zkperp/sequencer/book"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
)

// API is the trader API, JSON-RPC namespace "perp". Prices, sizes and amounts are decimal strings in the market's
// human units; signatures are over the integer fields (docs/api.md explains the conversion, which the Go client
// does).
type API struct{ n *Node }

// MarketInfo describes a market.
type MarketInfo struct {
	ID            uint8  `json:"id"`
	Name          string `json:"name"`
	SizeDecimals  int    `json:"sizeDecimals"`
	QuoteDecimals int    `json:"quoteDecimals"`
	Tick          string `json:"tick"`
	TickUnits     uint64 `json:"tickUnits"` // quantums per step
	MinSize       string `json:"minSize"`
	IMF           uint32 `json:"imfPpm"`
	MMF           uint32 `json:"mmfPpm"`
	MakerFee      uint16 `json:"makerFeePpm"`
	TakerFee      uint16 `json:"takerFeePpm"`
	MaxFunding    uint32 `json:"maxFundingPpm"`
	Mark          string `json:"mark"`
	FundingIndex  int64  `json:"fundingIndex"`
	OpenInterest  string `json:"openInterest"`
	Insurance     string `json:"insurance"`
}

// OrderRequest is a signed order. Price and Size are decimals; the signature covers the integer order of
// state.Order built from them (Client.SignOrder).
type OrderRequest struct {
	Account     uint32        `json:"account"`
	ID          uint32        `json:"id"`
	Market      uint8         `json:"market"`
	Side        string        `json:"side"` // "buy" | "sell"
	Price       string        `json:"price"`
	Size        string        `json:"size"`
	MaxMakerFee uint16        `json:"maxMakerFeePpm"`
	MaxTakerFee uint16        `json:"maxTakerFeePpm"`
	Expiry      uint32        `json:"expiry,omitempty"` // unix seconds (GTT)
	Type        string        `json:"type,omitempty"`   // limit (default) | market | pegged
	TIF         string        `json:"tif,omitempty"`    // GTC (default) | GTT | IOC | FOK
	PostOnly    bool          `json:"postOnly,omitempty"`
	ReduceOnly  bool          `json:"reduceOnly,omitempty"`
	Display     string        `json:"display,omitempty"` // iceberg slice size
	Trigger     string        `json:"trigger,omitempty"` // stop_loss | take_profit
	TriggerAt   string        `json:"triggerPrice,omitempty"`
	Peg         string        `json:"peg,omitempty"`       // best_bid | best_ask | mark
	PegOffset   string        `json:"pegOffset,omitempty"` // signed decimal
	STP         string        `json:"stp,omitempty"`       // expire_taker (default) | expire_maker | expire_both
	Sig         hexutil.Bytes `json:"sig"`
}

// EventView is a book event in API units.
type EventView struct {
	Seq       uint64 `json:"seq"`
	Time      uint64 `json:"time"`
	Kind      string `json:"kind"`
	Reason    string `json:"reason,omitempty"`
	Market    uint8  `json:"market"`
	Side      string `json:"side,omitempty"`
	Account   uint32 `json:"account"`
	OrderID   uint64 `json:"orderId"`
	Maker     uint32 `json:"makerAccount,omitempty"`
	MakerID   uint64 `json:"makerOrderId,omitempty"`
	Price     string `json:"price,omitempty"`
	Size      string `json:"size,omitempty"`
	Remaining string `json:"remaining,omitempty"`
	MakerFee  string `json:"makerFee,omitempty"`
	TakerFee  string `json:"takerFee,omitempty"`
}

// Ack is the answer to an accepted input: its WAL sequence, the book events and the state txs it caused.
type Ack struct {
	Seq    uint64      `json:"seq"`
	Events []EventView `json:"events"`
	Txs    []TxView    `json:"txs"`
}

// TxView is a state transaction an input caused.
type TxView struct {
	Index uint64 `json:"index"`
	Type  string `json:"type"`
	Error string `json:"error,omitempty"`
}

func (a *API) market(id uint8) (engine.MarketConfig, error) {
	for _, m := range a.n.cfg.Markets {
		if m.ID == id {
			return m, nil
		}
	}
	return engine.MarketConfig{}, apiErr(CodeUnknownMarket, "unknown_market", fmt.Errorf("unknown market %d", id))
}

func errRateLimited(what string) *APIError {
	return &APIError{Code: CodeRateLimited, Msg: "too many requests from this " + what, Reason: "rate_limited"}
}

// limit charges an anonymous call to its source address.
func (a *API) limit(ctx context.Context) error {
	if !a.n.limits.allow(rpc.PeerInfoFromContext(ctx)) {
		return errRateLimited("address")
	}
	return nil
}

// signed runs a signed call under the limits: refused at once when its source address or its account has no
// token left; afterwards charged to the account when the node took the call or refused it for its content (only
// the key's owner can send those), and to the source address otherwise (bad params, bad signatures, replays:
// anyone can send those, so they must not use up the account's bucket).
func (a *API) signed(ctx context.Context, account uint32, call func() (*Ack, error)) (*Ack, error) {
	p := rpc.PeerInfoFromContext(ctx)
	if !a.n.limits.readySigned(p, account) {
		return nil, errRateLimited("address or account")
	}
	ack, err := call()
	a.n.limits.signedDone(p, account, ownersCall(err))
	return ack, err
}

// ownersCall reports whether a signed call's outcome shows it came from the account's owner.
func ownersCall(err error) bool {
	var ae *APIError
	if err == nil {
		return true
	}
	if !errors.As(err, &ae) {
		return false
	}
	switch ae.Code {
	case CodeInsufficientMargin, CodeInsufficientFunds, CodeOrderRejected:
		return true
	}
	return false
}

func (a *API) view(ev *book.Event) EventView {
	m, _ := a.market(ev.Market)
	u := unitsOf(m)
	v := EventView{Seq: ev.Seq, Time: ev.Time, Kind: ev.Kind.String(), Market: ev.Market, Account: ev.Order.Account,
		OrderID: ev.Order.ID}
	if ev.Reason != book.ReasonNone {
		v.Reason = ev.Reason.String()
	}
	if ev.Side != 0 {
		v.Side = ev.Side.String()
	}
	if ev.Price != 0 {
		v.Price = u.FmtPrice(ev.Price)
	}
	if ev.Size != 0 {
		v.Size = u.FmtSize(ev.Size)
	}
	v.Remaining = u.FmtSize(ev.Remaining)
	if ev.Kind == book.EventFill {
		v.Maker, v.MakerID = ev.Maker.Account, ev.Maker.ID
		v.MakerFee, v.TakerFee = u.FmtAmount(ev.MakerFee), u.FmtAmount(ev.TakerFee)
	}
	return v
}

func (a *API) ack(out *engine.Output) *Ack {
	ack := &Ack{Seq: out.Seq, Events: []EventView{}, Txs: []TxView{}}
	for i := range out.Events {
		ack.Events = append(ack.Events, a.view(&out.Events[i]))
	}
	for _, t := range out.Txs {
		tv := TxView{Index: t.Index, Type: t.Type.String()}
		if t.Err != nil {
			tv.Error = t.Err.Error()
		}
		ack.Txs = append(ack.Txs, tv)
	}
	return ack
}

func (a *API) submit(ctx context.Context, in *engine.Input) (*Ack, error) {
	out, err := a.n.Submit(ctx, in)
	if err != nil {
		return nil, toAPIError(err)
	}
	if out.Err != nil {
		return nil, toAPIError(out.Err)
	}
	return a.ack(out), nil
}

func checkSig(sig []byte) error { return checkSigField("sig", sig) }

func checkSigField(field string, sig []byte) error {
	if len(sig) != len(state.Signature{}) {
		return invalid("bad_signature_length", fmt.Sprintf("%s must be %d bytes, got %d", field, len(state.Signature{}),
			len(sig)))
	}
	return nil
}

// ToOrder converts a request into the signed order and its book flags.
func ToOrder(m engine.MarketConfig, r *OrderRequest) (*engine.Place, error) {
	u := unitsOf(m)
	o := state.Order{Account: r.Account, ID: r.ID, Market: r.Market, MaxMakerFee: r.MaxMakerFee,
		MaxTakerFee: r.MaxTakerFee, Expiry: r.Expiry}
	switch strings.ToLower(r.Side) {
	case "buy":
		o.Buy = true
	case "sell":
	default:
		return nil, invalid("bad_side", fmt.Sprintf("side %q: want buy or sell", r.Side))
	}
	var err error
	if o.Price, err = u.Price(r.Price); err != nil {
		return nil, err
	}
	if o.Size, err = u.Size(r.Size); err != nil {
		return nil, err
	}
	copy(o.Sig[:], r.Sig) // the length is checked by the API methods; a client signs after converting
	var f engine.OrderFlags
	switch strings.ToLower(r.Type) {
	case "", "limit":
	case "market":
		f.Type, f.TIF = book.Market, book.IOC
	case "pegged":
		f.Type = book.Pegged
	default:
		return nil, invalid("bad_type", fmt.Sprintf("type %q", r.Type))
	}
	switch strings.ToUpper(r.TIF) {
	case "":
	case "GTC":
		f.TIF = book.GTC
	case "GTT":
		f.TIF = book.GTT
	case "IOC":
		f.TIF = book.IOC
	case "FOK":
		f.TIF = book.FOK
	default:
		return nil, invalid("bad_tif", fmt.Sprintf("tif %q", r.TIF))
	}
	f.PostOnly, f.ReduceOnly = r.PostOnly, r.ReduceOnly
	if r.Display != "" {
		if f.DisplaySize, err = u.SizeField("display", r.Display); err != nil {
			return nil, err
		}
	}
	switch strings.ToLower(r.Trigger) {
	case "":
	case "stop_loss":
		f.Trigger = book.StopLoss
	case "take_profit":
		f.Trigger = book.TakeProfit
	default:
		return nil, invalid("bad_trigger", fmt.Sprintf("trigger %q", r.Trigger))
	}
	if r.TriggerAt != "" {
		if f.TriggerPrice, err = u.PriceField("triggerPrice", r.TriggerAt); err != nil {
			return nil, err
		}
	}
	switch strings.ToLower(r.Peg) {
	case "":
	case "best_bid":
		f.Peg = book.PegBestBid
	case "best_ask":
		f.Peg = book.PegBestAsk
	case "mark":
		f.Peg = book.PegMark
	default:
		return nil, invalid("bad_peg", fmt.Sprintf("peg %q", r.Peg))
	}
	if r.PegOffset != "" {
		s, neg := strings.CutPrefix(r.PegOffset, "-")
		v, err := u.PriceField("pegOffset", s)
		if err != nil {
			return nil, err
		}
		f.PegOffset = int64(v)
		if neg {
			f.PegOffset = -f.PegOffset
		}
	}
	switch strings.ToLower(r.STP) {
	case "", "expire_taker":
		f.STP = book.STPExpireTaker
	case "expire_maker":
		f.STP = book.STPExpireMaker
	case "expire_both":
		f.STP = book.STPExpireBoth
	default:
		return nil, invalid("bad_stp", fmt.Sprintf("stp %q", r.STP))
	}
	return &engine.Place{Order: o, Flags: f}, nil
}

// PlaceOrder admits a signed order: signature and order id are checked before it is logged; the ack returns once it
// is durable and matched.
func (a *API) PlaceOrder(ctx context.Context, r OrderRequest) (*Ack, error) {
	return a.signed(ctx, r.Account, func() (*Ack, error) { return a.placeOrder(ctx, &r) })
}

func (a *API) placeOrder(ctx context.Context, r *OrderRequest) (*Ack, error) {
	m, err := a.market(r.Market)
	if err != nil {
		return nil, err
	}
	if err := checkSig(r.Sig); err != nil {
		return nil, err
	}
	p, err := ToOrder(m, r)
	if err != nil {
		return nil, err
	}
	if err := a.n.precheck(ctx, p); err != nil {
		return nil, toAPIError(err)
	}
	return a.submit(ctx, &engine.Input{Kind: engine.KindPlace, Place: p})
}

// AmendRequest is an amend: the re-signed order (same id, side, fees and expiry as the live order; new price and/or
// size) and the amend's own signature AmendSig over (account, id, version, price, size) (engine.Amend.Message).
// Version must be above the order's current version (0 when placed): each amend is valid once.
type AmendRequest struct {
	OrderRequest
	Version  uint64        `json:"version"`
	AmendSig hexutil.Bytes `json:"amendSig"`
}

// AmendOrder replaces a live order's price and/or size with a newly signed order of the same id.
func (a *API) AmendOrder(ctx context.Context, r AmendRequest) (*Ack, error) {
	return a.signed(ctx, r.Account, func() (*Ack, error) { return a.amendOrder(ctx, &r) })
}

func (a *API) amendOrder(ctx context.Context, r *AmendRequest) (*Ack, error) {
	m, err := a.market(r.Market)
	if err != nil {
		return nil, err
	}
	if err := checkSig(r.Sig); err != nil {
		return nil, err
	}
	if err := checkSigField("amendSig", r.AmendSig); err != nil {
		return nil, err
	}
	p, err := ToOrder(m, &r.OrderRequest)
	if err != nil {
		return nil, err
	}
	am := &engine.Amend{Order: p.Order, Version: r.Version}
	copy(am.Sig[:], r.AmendSig)
	if err := a.n.precheckAmend(ctx, am); err != nil {
		return nil, toAPIError(err)
	}
	return a.submit(ctx, &engine.Input{Kind: engine.KindAmend, Amend: am})
}

// CancelRequest cancels one order (signature over engine.Cancel.Message).
type CancelRequest struct {
	Account uint32        `json:"account"`
	Market  uint8         `json:"market"`
	OrderID uint32        `json:"orderId"`
	Sig     hexutil.Bytes `json:"sig"`
}

// CancelOrder cancels one order.
func (a *API) CancelOrder(ctx context.Context, r CancelRequest) (*Ack, error) {
	return a.signed(ctx, r.Account, func() (*Ack, error) { return a.cancelOrder(ctx, &r) })
}

func (a *API) cancelOrder(ctx context.Context, r *CancelRequest) (*Ack, error) {
	if _, err := a.market(r.Market); err != nil {
		return nil, err
	}
	c := &engine.Cancel{Account: r.Account, Market: r.Market, OrderID: r.OrderID}
	if err := checkSig(r.Sig); err != nil {
		return nil, err
	}
	copy(c.Sig[:], r.Sig)
	if err := a.n.precheckCancel(ctx, c); err != nil {
		return nil, toAPIError(err)
	}
	return a.submit(ctx, &engine.Input{Kind: engine.KindCancel, Cancel: c})
}

// CancelAllRequest cancels an account's orders in a market with id ≤ UpTo. Nonce must be above the account's last
// accepted cancel-all nonce (the Go client uses the time in ms): each cancel-all is valid once.
type CancelAllRequest struct {
	Account uint32        `json:"account"`
	Market  uint8         `json:"market"`
	UpTo    uint32        `json:"upTo"`
	Nonce   uint64        `json:"nonce"`
	Sig     hexutil.Bytes `json:"sig"`
}

// CancelAll cancels an account's orders in a market.
func (a *API) CancelAll(ctx context.Context, r CancelAllRequest) (*Ack, error) {
	return a.signed(ctx, r.Account, func() (*Ack, error) { return a.cancelAll(ctx, &r) })
}

func (a *API) cancelAll(ctx context.Context, r *CancelAllRequest) (*Ack, error) {
	if _, err := a.market(r.Market); err != nil {
		return nil, err
	}
	c := &engine.CancelAll{Account: r.Account, Market: r.Market, UpTo: r.UpTo, Nonce: r.Nonce}
	if err := checkSig(r.Sig); err != nil {
		return nil, err
	}
	copy(c.Sig[:], r.Sig)
	if err := a.n.precheckCancelAll(ctx, c); err != nil {
		return nil, toAPIError(err)
	}
	return a.submit(ctx, &engine.Input{Kind: engine.KindCancelAll, CancelAll: c})
}

// WithdrawRequest withdraws free collateral to the account's L1 owner (signature over state.Withdraw.Message).
type WithdrawRequest struct {
	Account uint32        `json:"account"`
	Amount  string        `json:"amount"`
	Nonce   uint32        `json:"nonce"`
	Sig     hexutil.Bytes `json:"sig"`
}

// Withdraw queues a signed withdrawal; it is claimable on L1 once its batch is verified.
func (a *API) Withdraw(ctx context.Context, r WithdrawRequest) (*Ack, error) {
	return a.signed(ctx, r.Account, func() (*Ack, error) { return a.withdraw(ctx, &r) })
}

func (a *API) withdraw(ctx context.Context, r *WithdrawRequest) (*Ack, error) {
	amt, err := a.n.collateralUnits().Amount(r.Amount)
	if err != nil {
		return nil, err
	}
	w := &state.Withdraw{Account: r.Account, Amount: amt, Nonce: r.Nonce}
	if err := checkSig(r.Sig); err != nil {
		return nil, err
	}
	copy(w.Sig[:], r.Sig)
	ack, err := a.submit(ctx, &engine.Input{Kind: engine.KindWithdraw, Withdraw: w})
	return ack, a.inTokens(ctx, r.Account, r.Amount, err)
}

// MarginRequest moves collateral between free and a position (signature over state.PositionMargin.Message).
type MarginRequest struct {
	Account    uint32        `json:"account"`
	Market     uint8         `json:"market"`
	ToPosition bool          `json:"toPosition"`
	Amount     string        `json:"amount"`
	Nonce      uint32        `json:"nonce"`
	Sig        hexutil.Bytes `json:"sig"`
}

// PositionMargin moves collateral into or out of an isolated position.
func (a *API) PositionMargin(ctx context.Context, r MarginRequest) (*Ack, error) {
	return a.signed(ctx, r.Account, func() (*Ack, error) { return a.positionMargin(ctx, &r) })
}

func (a *API) positionMargin(ctx context.Context, r *MarginRequest) (*Ack, error) {
	if _, err := a.market(r.Market); err != nil {
		return nil, err
	}
	amt, err := a.n.collateralUnits().Amount(r.Amount)
	if err != nil {
		return nil, err
	}
	pm := &state.PositionMargin{Account: r.Account, Market: r.Market, ToPosition: r.ToPosition, Amount: amt, Nonce: r.Nonce}
	if err := checkSig(r.Sig); err != nil {
		return nil, err
	}
	copy(pm.Sig[:], r.Sig)
	ack, err := a.submit(ctx, &engine.Input{Kind: engine.KindMargin, Margin: pm})
	return ack, a.inTokens(ctx, r.Account, r.Amount, err)
}

// inTokens restates an insufficient-funds refusal in collateral token units (the state's error speaks quantums).
func (a *API) inTokens(ctx context.Context, account uint32, amount string, err error) error {
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != CodeInsufficientFunds {
		return err
	}
	free := "unknown"
	_ = a.n.Query(ctx, func(e *engine.Engine) {
		if acc, err := e.State().Account(account); err == nil {
			free = a.n.collateralUnits().FmtAmount(acc.Free)
		}
	})
	return &APIError{Code: ae.Code, Reason: ae.Reason,
		Msg: fmt.Sprintf("insufficient free collateral: %s requested, %s free (token units)", amount, free)}
}

// Markets lists the markets with their parameters and state.
func (a *API) Markets(ctx context.Context) ([]MarketInfo, error) {
	if err := a.limit(ctx); err != nil {
		return nil, err
	}
	var out []MarketInfo
	err := a.n.Query(ctx, func(e *engine.Engine) {
		for _, mc := range a.n.cfg.Markets {
			m, err := e.State().Market(mc.ID)
			if err != nil {
				continue
			}
			u := unitsOf(mc)
			out = append(out, MarketInfo{ID: mc.ID, Name: mc.Name, SizeDecimals: mc.SizeDecimals,
				QuoteDecimals: mc.QuoteDecimals, Tick: u.FmtPrice(m.Params.Tick), TickUnits: m.Params.Tick,
				MinSize: u.FmtSize(max(mc.MinSize, mc.LotSize, 1)), IMF: m.Params.IMF, MMF: m.Params.MMF,
				MakerFee: m.Params.MakerFee, TakerFee: m.Params.TakerFee, MaxFunding: m.Params.MaxFunding,
				Mark: u.FmtPrice(m.Mark), FundingIndex: m.FundingIndex, OpenInterest: u.FmtSize(m.OpenInterest),
				Insurance: u.FmtSigned(big.NewInt(m.Insurance))})
		}
	})
	return out, toAPIError(err)
}

// Level is an aggregated price level.
type Level struct {
	Price  string `json:"price"`
	Size   string `json:"size"`
	Orders int    `json:"orders"`
}

// BookSnapshot is the L2 book at event sequence Seq (apply deltas with a larger Seq).
type BookSnapshot struct {
	Market uint8   `json:"market"`
	Seq    uint64  `json:"seq"`
	Time   uint64  `json:"time"`
	Mark   string  `json:"mark"`
	Bids   []Level `json:"bids"`
	Asks   []Level `json:"asks"`
}

// Limits of the read methods' sizes.
const (
	MaxBookDepth   = 500  // perp_book levels per side
	MaxTradesLimit = 1000 // perp_trades
)

// Book returns the aggregated book, depth levels per side (1..MaxBookDepth; 0: MaxBookDepth).
func (a *API) Book(ctx context.Context, market uint8, depth int) (*BookSnapshot, error) {
	if err := a.limit(ctx); err != nil {
		return nil, err
	}
	mc, err := a.market(market)
	if err != nil {
		return nil, err
	}
	if depth < 0 || depth > MaxBookDepth {
		return nil, invalid("out_of_range", fmt.Sprintf("depth %d: want 1..%d levels per side, or 0 for %d",
			depth, MaxBookDepth, MaxBookDepth))
	}
	if depth == 0 {
		depth = MaxBookDepth
	}
	u := unitsOf(mc)
	snap := &BookSnapshot{Market: market, Bids: []Level{}, Asks: []Level{}}
	err = a.n.Query(ctx, func(e *engine.Engine) {
		b, _ := e.Book(market)
		snap.Seq, snap.Time, snap.Mark = b.Seq(), b.Now(), u.FmtPrice(b.Mark())
		for _, l := range b.Depth(book.Buy, depth, nil) {
			snap.Bids = append(snap.Bids, Level{Price: u.FmtPrice(l.Price), Size: u.FmtSize(l.Size), Orders: l.Orders})
		}
		for _, l := range b.Depth(book.Sell, depth, nil) {
			snap.Asks = append(snap.Asks, Level{Price: u.FmtPrice(l.Price), Size: u.FmtSize(l.Size), Orders: l.Orders})
		}
	})
	return snap, toAPIError(err)
}

// OrderView is a live order.
type OrderView struct {
	Account uint32 `json:"account"`
	ID      uint64 `json:"id"`
	Market  uint8  `json:"market"`
	Side    string `json:"side"`
	Type    string `json:"type"`
	TIF     string `json:"tif"`
	Price   string `json:"price"`
	Size    string `json:"size"`
	Filled  string `json:"filled"`
	Visible string `json:"visible"`
	Pending bool   `json:"pending"` // a stop/take-profit waiting for its trigger
}

func orderView(u units, m uint8, o book.OrderInfo) OrderView {
	return OrderView{Account: o.Account, ID: o.ID, Market: m, Side: o.Side.String(), Type: o.Type.String(),
		TIF: o.TIF.String(), Price: u.FmtPrice(o.Price), Size: u.FmtSize(o.Size), Filled: u.FmtSize(o.Filled),
		Visible: u.FmtSize(o.Visible), Pending: o.Pending}
}

// OrderStatus is an order's state: live (with its book view) or done (with its fill slot from the state).
type OrderStatus struct {
	Live   bool       `json:"live"`
	Order  *OrderView `json:"order,omitempty"`
	Filled string     `json:"filled"` // from the state's fill slot (proven part)
}

// OrderStatus returns the status of an order.
func (a *API) OrderStatus(ctx context.Context, account uint32, market uint8, id uint32) (*OrderStatus, error) {
	if err := a.limit(ctx); err != nil {
		return nil, err
	}
	mc, err := a.market(market)
	if err != nil {
		return nil, err
	}
	u := unitsOf(mc)
	st := &OrderStatus{}
	var qerr error
	err = a.n.Query(ctx, func(e *engine.Engine) {
		b, _ := e.Book(market)
		if oi, ok := b.Lookup(account, uint64(id)); ok {
			v := orderView(u, market, oi)
			st.Live, st.Order = true, &v
		}
		slot, err := e.State().OrderSlot(account, id)
		if err != nil {
			qerr = err
			return
		}
		if slot.OrderID == id {
			st.Filled = u.FmtSize(slot.Filled)
		} else {
			st.Filled = "0"
		}
	})
	if err == nil {
		err = qerr
	}
	return st, toAPIError(err)
}

// OpenOrders lists an account's live orders in a market.
func (a *API) OpenOrders(ctx context.Context, account uint32, market uint8) ([]OrderView, error) {
	if err := a.limit(ctx); err != nil {
		return nil, err
	}
	mc, err := a.market(market)
	if err != nil {
		return nil, err
	}
	out := []OrderView{}
	err = a.n.Query(ctx, func(e *engine.Engine) {
		b, _ := e.Book(market)
		for _, oi := range b.AccountOrders(account, nil) {
			out = append(out, orderView(unitsOf(mc), market, oi))
		}
	})
	return out, toAPIError(err)
}

// PositionView is an isolated position with its margin figures.
type PositionView struct {
	Market        uint8  `json:"market"`
	Size          string `json:"size"` // signed
	Collateral    string `json:"collateral"`
	EntryPrice    string `json:"entryPrice,omitempty"`
	EntryNotional string `json:"entryNotional"`
	Equity        string `json:"equity"`
	UnrealizedPnl string `json:"unrealizedPnl"`
	FundingOwed   string `json:"fundingOwed"`
	LiqPrice      string `json:"liquidationPrice,omitempty"`
	MeetsInitial  bool   `json:"meetsInitial"`
	Liquidatable  bool   `json:"liquidatable"`
}

// AccountView is an account with its positions.
type AccountView struct {
	Index     uint32         `json:"index"`
	PubKeyX   string         `json:"pubKeyX"`
	PubKeyY   string         `json:"pubKeyY"`
	Nonce     uint32         `json:"nonce"`
	Free      string         `json:"free"`
	Positions []PositionView `json:"positions"`
}

// Account returns an account and its non-empty positions.
func (a *API) Account(ctx context.Context, index uint32) (*AccountView, error) {
	if err := a.limit(ctx); err != nil {
		return nil, err
	}
	var v *AccountView
	var qerr error
	err := a.n.Query(ctx, func(e *engine.Engine) { v, qerr = a.n.accountView(e, index) })
	if err == nil {
		err = qerr
	}
	return v, toAPIError(err)
}

// Positions returns an account's non-empty positions.
func (a *API) Positions(ctx context.Context, index uint32) ([]PositionView, error) {
	v, err := a.Account(ctx, index)
	if err != nil {
		return nil, err
	}
	return v.Positions, nil
}

func (n *Node) accountView(e *engine.Engine, index uint32) (*AccountView, error) {
	acc, err := e.State().Account(index)
	if err != nil {
		return nil, err
	}
	cu := n.collateralUnits()
	v := &AccountView{Index: index, PubKeyX: acc.PubKey.X.String(), PubKeyY: acc.PubKey.Y.String(), Nonce: acc.Nonce,
		Free: cu.FmtAmount(acc.Free), Positions: []PositionView{}}
	for _, mc := range n.cfg.Markets {
		p, err := e.State().Position(index, mc.ID)
		if err != nil || (p == state.Position{}) {
			continue
		}
		m, err := e.State().Market(mc.ID)
		if err != nil {
			continue
		}
		v.Positions = append(v.Positions, positionView(unitsOf(mc), mc.ID, p, m))
	}
	return v, nil
}

func positionView(u units, id uint8, p state.Position, m state.Market) PositionView {
	eq := state.Equity(p, m)
	owed := state.FundingOwed(p, m.FundingIndex)
	pnl := new(big.Int).Sub(eq, new(big.Int).SetUint64(p.Collateral))
	pnl.Add(pnl, owed)
	sizeStr := u.FmtSize(abs(p.Size))
	if p.Size < 0 {
		sizeStr = "-" + sizeStr
	}
	pv := PositionView{Market: id, Size: sizeStr, Collateral: u.FmtAmount(p.Collateral),
		EntryNotional: u.FmtAmount(p.EntryNotional), Equity: u.FmtSigned(eq), UnrealizedPnl: u.FmtSigned(pnl),
		FundingOwed: u.FmtSigned(owed), MeetsInitial: state.MeetsInitial(p, m), Liquidatable: p.Size != 0 && !state.MeetsMaintenance(p, m)}
	if p.Size != 0 {
		pv.EntryPrice = u.FmtPrice(p.EntryNotional / abs(p.Size))
		if lp, ok := state.LiquidationPrice(p, m); ok {
			pv.LiqPrice = u.FmtPrice(lp)
		}
	}
	return pv
}

func abs(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

// NodeStatus summarizes the node.
type NodeStatus struct {
	ChainID       uint64 `json:"chainId"`
	Rollup        string `json:"rollup"`
	Root          string `json:"root"`
	SealedBatch   uint64 `json:"sealedBatch"`
	VerifiedBatch uint64 `json:"verifiedBatch"`
	PendingTxs    int    `json:"pendingTxs"`
	ProverQueue   int    `json:"proverQueue"`
	Deposits      uint64 `json:"depositsApplied"`
	Slots         int    `json:"slots"`
	// Exodus is true once the rollup is in exodus on L1: the node no longer seals or submits batches, and users
	// exit on L1 from the last verified root.
	Exodus bool `json:"exodus"`
	// Rejected is set when L1 refused a batch for a reason resubmitting cannot fix (BatchTooOld, MarkRoundNotLatest,
	// InvalidProof, ...): batch submission is stopped and nothing sealed after the last verified batch settles.
	Rejected *Rejection `json:"rejected,omitempty"`
	// BatchTime is the time (unix seconds) the pending batch's txs are applied at (or the next tx would be).
	BatchTime uint32 `json:"batchTime"`
	// Ledger is the last conserved-ledger check at an L1-verified root (docs/node.md "The conserved ledger").
	Ledger *LedgerStatus `json:"ledger,omitempty"`
}

// Status returns the node's status.
func (a *API) Status(ctx context.Context) (*NodeStatus, error) {
	if err := a.limit(ctx); err != nil {
		return nil, err
	}
	st := &NodeStatus{ChainID: a.n.cfg.L1.ChainID, Rollup: a.n.cfg.L1.Rollup.Hex(), Slots: a.n.cfg.Slots,
		VerifiedBatch: a.n.verifiedNum(), ProverQueue: a.n.queue.Pending(), Exodus: a.n.exodus.Load(),
		Rejected: a.n.rejected.Load(), Ledger: a.n.LedgerStatus()}
	err := a.n.Query(ctx, func(e *engine.Engine) {
		r := e.State().Root()
		st.Root, st.SealedBatch = r.String(), e.State().CommittedHead().Batch
		st.PendingTxs, st.Deposits = e.PendingTxs(), e.State().Head().DepositCount
		st.BatchTime = e.BatchTime()
	})
	return st, toAPIError(err)
}

// TxStatus returns the finality stage of a transaction (the index from an Ack).
func (a *API) TxStatus(ctx context.Context, index uint64) (*TxStatus, error) {
	if err := a.limit(ctx); err != nil {
		return nil, err
	}
	if s, ok := a.n.track.txStatus(index); ok {
		return &s, nil
	}
	return nil, &APIError{Code: CodeNotFound, Msg: fmt.Sprintf("tx %d not tracked", index), Reason: "not_found"}
}

// BatchStatus returns a batch's progress.
func (a *API) BatchStatus(ctx context.Context, number uint64) (*BatchStatus, error) {
	if err := a.limit(ctx); err != nil {
		return nil, err
	}
	if b, ok := a.n.track.batch(number); ok {
		return &b, nil
	}
	if number <= a.n.verifiedNum() {
		return &BatchStatus{Number: number, Stage: StageVerified}, nil
	}
	return nil, &APIError{Code: CodeNotFound, Msg: fmt.Sprintf("batch %d unknown", number), Reason: "not_found"}
}

// Trades returns the most recent trades of a market (newest last, at most limit ≤ 1000).
func (a *API) Trades(ctx context.Context, market uint8, limit int) ([]EventView, error) {
	if err := a.limit(ctx); err != nil {
		return nil, err
	}
	if _, err := a.market(market); err != nil {
		return nil, err
	}
	if limit < 0 || limit > MaxTradesLimit {
		return nil, invalid("out_of_range", fmt.Sprintf("limit %d: want 1..%d trades, or 0 for all kept",
			limit, MaxTradesLimit))
	}
	return a.n.trades.recent(market, limit), nil
}

// Deposits lists the L1 deposits of an account the node has seen since it started (the L1 events are the
// authoritative record: docs/verifier.md).
func (a *API) Deposits(ctx context.Context, account uint32) ([]DepositView, error) {
	if err := a.limit(ctx); err != nil {
		return nil, err
	}
	return a.n.deposits.of(account), nil
}

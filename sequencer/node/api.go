package node

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/zkperp/zkperp/sequencer/book"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/wire"
)

// The API's request and response types are package wire's (the client shares them); the aliases keep the node's
// names.
type (
	MarketInfo       = wire.MarketInfo
	OrderRequest     = wire.OrderRequest
	EventView        = wire.EventView
	Ack              = wire.Ack
	TxView           = wire.TxView
	AmendRequest     = wire.AmendRequest
	CancelRequest    = wire.CancelRequest
	CancelAllRequest = wire.CancelAllRequest
	WithdrawRequest  = wire.WithdrawRequest
	MarginRequest    = wire.MarginRequest
	Level            = wire.Level
	BookSnapshot     = wire.BookSnapshot
	OrderView        = wire.OrderView
	OrderStatus      = wire.OrderStatus
	PositionView     = wire.PositionView
	AccountView      = wire.AccountView
	NodeStatus       = wire.NodeStatus
	BookDelta        = wire.BookDelta
	Dropped          = wire.Dropped
	MarkUpdate       = wire.MarkUpdate
	Stage            = wire.Stage
	BatchStatus      = wire.BatchStatus
	TxStatus         = wire.TxStatus
	LedgerStatus     = wire.LedgerStatus
	DepositView      = wire.DepositView
)

// Finality stages (wire.Stage).
const (
	StageMatched   = wire.StageMatched
	StageSealed    = wire.StageSealed
	StageProven    = wire.StageProven
	StageSubmitted = wire.StageSubmitted
	StageVerified  = wire.StageVerified
)

// Limits of the read methods' sizes.
const (
	MaxBookDepth   = wire.MaxBookDepth   // perp_book levels per side
	MaxTradesLimit = wire.MaxTradesLimit // perp_trades
)

// FellBehind is the notice of a subscriber that fell behind (wire.FellBehind).
var FellBehind = wire.FellBehind

// API is the trader API, JSON-RPC namespace "perp". Prices, sizes and amounts are decimal strings in the market's
// human units; signatures are over the integer fields (docs/api.md explains the conversion, which the Go client
// does).
type API struct{ n *Node }

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
	if !a.n.limits.allow(peerOf(ctx)) {
		return errRateLimited("address")
	}
	return nil
}

// signed runs a signed call under the limits: refused at once when its source address or its account has no
// token left; the source's token is taken on admission (calls in flight together cannot share one), and once the
// outcome is known it goes back to the source and the account pays when the node took the call or refused it for
// its content (only the key's owner can send those), while the source keeps paying otherwise (bad params, bad
// signatures, replays: anyone can send those, so they must not use up the account's bucket).
func (a *API) signed(ctx context.Context, account uint32, call func() (*Ack, error)) (*Ack, error) {
	return signedAs(a, ctx, account, call)
}

func signedAs[T any](a *API, ctx context.Context, account uint32, call func() (T, error)) (T, error) {
	charge, ok := a.n.limits.readySigned(peerOf(ctx), account)
	if !ok {
		var zero T
		return zero, errRateLimited("address or account")
	}
	v, err := call()
	a.n.limits.signedDone(charge, account, ownersCall(err))
	return v, err
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

// fillTxs maps the fill events of an output to the indexes of the state txs they became (a fill the state
// refused has none): a fill event matches the first unused Fill tx with the same maker, taker and size. The txs
// come in the order of the fills, so the search starts after the last match (linear for a sweep of many levels).
func fillTxs(out *engine.Output) map[int]uint64 {
	var m map[int]uint64
	var used []bool
	next := 0
	for i := range out.Events {
		ev := &out.Events[i]
		if ev.Kind != book.EventFill {
			continue
		}
		if used == nil {
			used = make([]bool, len(out.Txs))
		}
		for k := range out.Txs {
			j := (next + k) % len(out.Txs)
			t := out.Txs[j]
			f, ok := t.Tx.(state.Fill)
			if used[j] || !ok || t.Err != nil || f.Size != ev.Size || f.Taker.Account != ev.Order.Account ||
				uint64(f.Taker.ID) != ev.Order.ID || f.Maker.Account != ev.Maker.Account || uint64(f.Maker.ID) != ev.Maker.ID {
				continue
			}
			used[j], next = true, j+1
			if m == nil {
				m = map[int]uint64{}
			}
			m[i] = t.Index
			break
		}
	}
	return m
}

// views returns the API views of an output's events whose index keep accepts (nil: all), fills with their tx.
func (a *API) views(out *engine.Output, keep func(ev *book.Event) bool) []EventView {
	var txs map[int]uint64
	matched := false
	var vs []EventView
	for i := range out.Events {
		ev := &out.Events[i]
		if keep != nil && !keep(ev) {
			continue
		}
		v := a.view(ev)
		if ev.Kind == book.EventFill {
			if !matched {
				txs, matched = fillTxs(out), true
			}
			v.Tx = txs[i]
		}
		vs = append(vs, v)
	}
	return vs
}

func (a *API) ack(out *engine.Output) *Ack {
	ack := &Ack{Seq: out.Seq, Events: []EventView{}, Txs: []TxView{}}
	ack.Events = append(ack.Events, a.views(out, nil)...)
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
	out, err := a.submitOut(ctx, in)
	if err != nil {
		return nil, err
	}
	return a.ack(out), nil
}

// submitOut submits an admitted input and returns its output; every error is an *APIError. Under a handoff
// (withHandoff) it submits nothing: it leaves the input in the handoff and returns errHandedOff.
func (a *API) submitOut(ctx context.Context, in *engine.Input) (*engine.Output, error) {
	if h := handoffOf(ctx); h != nil {
		h.in = in
		return nil, errHandedOff
	}
	return apiOutcome(a.n.Submit(ctx, in))
}

// apiOutcome is a submitted input's result as the API answers it: the output of an input the core took, or an
// *APIError (the submission's or the input's).
func apiOutcome(out *engine.Output, err error) (*engine.Output, error) {
	if err != nil {
		return nil, toAPIError(err)
	}
	if out.Err != nil {
		return nil, toAPIError(out.Err)
	}
	return out, nil
}

// ackOf is submitOut's answer as the JSON API's Ack.
func (a *API) ackOf(out *engine.Output, err error) (*Ack, error) {
	if err != nil {
		return nil, err
	}
	return a.ack(out), nil
}

func checkSig(sig []byte) error { return wire.CheckSig("sig", sig) }

func checkSigField(field string, sig []byte) error { return wire.CheckSig(field, sig) }

// ToOrder converts a request into the signed order and its book flags (wire.ParseOrder, the conversion the
// client signs with, mapped to the book's enums).
func ToOrder(m engine.MarketConfig, r *OrderRequest) (*engine.Place, error) {
	p, err := wire.ParseOrder(unitsOf(m).w(), r)
	if err != nil {
		return nil, err
	}
	return placeOf(p), nil
}

// placeOf maps a parsed order's wire enumerations to the book's (the JSON request through ToOrder, order entry
// directly).
func placeOf(p *wire.ParsedOrder) *engine.Place {
	f := engine.OrderFlags{PostOnly: p.PostOnly, ReduceOnly: p.ReduceOnly, DisplaySize: p.DisplaySize,
		TriggerPrice: p.TriggerPrice, PegOffset: p.PegOffset}
	switch p.Type {
	case wire.TypeMarket:
		f.Type = book.Market
	case wire.TypePegged:
		f.Type = book.Pegged
	}
	switch p.TIF {
	case wire.TIFGTC:
		f.TIF = book.GTC
	case wire.TIFGTT:
		f.TIF = book.GTT
	case wire.TIFIOC:
		f.TIF = book.IOC
	case wire.TIFFOK:
		f.TIF = book.FOK
	}
	switch p.Trigger {
	case wire.TriggerStopLoss:
		f.Trigger = book.StopLoss
	case wire.TriggerTakeProfit:
		f.Trigger = book.TakeProfit
	}
	switch p.Peg {
	case wire.PegBestBid:
		f.Peg = book.PegBestBid
	case wire.PegBestAsk:
		f.Peg = book.PegBestAsk
	case wire.PegMark:
		f.Peg = book.PegMark
	}
	switch p.STP {
	case wire.STPExpireMaker:
		f.STP = book.STPExpireMaker
	case wire.STPExpireBoth:
		f.STP = book.STPExpireBoth
	}
	return &engine.Place{Order: p.Order, Flags: f}
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
	return a.ackOf(a.admitPlace(ctx, p))
}

// admitPlace checks a parsed order at admission and submits it (errors are *APIError). A post-only limit order of
// an account logged on to the connection it came on is admitted with its signature check deferred to its first
// trade (engine.Place.Deferred, docs/api.md §2 "Sessions").
func (a *API) admitPlace(ctx context.Context, p *engine.Place) (*engine.Output, error) {
	if f := p.Flags; f.PostOnly && f.Type == book.Limit && f.Trigger == book.TriggerNone &&
		!a.n.forged(p.Order.Account) && a.n.conns.loggedOn(ctx, p.Order.Account) {
		p.Deferred = true
	}
	if err := a.n.precheck(ctx, p); err != nil {
		return nil, toAPIError(err)
	}
	return a.submitOut(ctx, &engine.Input{Kind: engine.KindPlace, Place: p})
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
	session := len(r.AmendSig) == 0
	if session {
		if !a.n.conns.loggedOn(ctx, r.Account) {
			return nil, errNoSession(r.Account)
		}
	} else if err := checkSigField("amendSig", r.AmendSig); err != nil {
		return nil, err
	}
	p, err := ToOrder(m, &r.OrderRequest)
	if err != nil {
		return nil, err
	}
	// in a session, the amend of a post-only order defers the new signature's check (the core refuses the amend if
	// the live order is not a post-only limit order)
	am := &engine.Amend{Order: p.Order, Version: r.Version, Deferred: session && r.PostOnly}
	copy(am.Sig[:], r.AmendSig)
	return a.ackOf(a.admitAmend(ctx, am, session))
}

// admitAmend checks a parsed amend at admission and submits it (errors are *APIError). session: it came without
// its own signature from a connection the account is logged on to (the caller checked that). am.Deferred (only in
// a session): the new order's signature is not checked here but before the order next trades.
func (a *API) admitAmend(ctx context.Context, am *engine.Amend, session bool) (*engine.Output, error) {
	if am.Deferred && a.n.forged(am.Order.Account) {
		am.Deferred = false // checked here, in an admission batch
	}
	if err := a.n.precheckAmend(ctx, am, session); err != nil {
		return nil, toAPIError(err)
	}
	return a.submitOut(ctx, &engine.Input{Kind: engine.KindAmend, Amend: am})
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
	if len(r.Sig) > 0 {
		if err := checkSig(r.Sig); err != nil {
			return nil, err
		}
		copy(c.Sig[:], r.Sig)
	}
	return a.ackOf(a.admitCancel(ctx, c, len(r.Sig) == 0))
}

// admitCancel checks a cancel at admission and submits it (errors are *APIError). session: it came without a
// signature, so the account must be logged on to the connection it came on.
func (a *API) admitCancel(ctx context.Context, c *engine.Cancel, session bool) (*engine.Output, error) {
	if session { // the connection shows who sent it
		if !a.n.conns.loggedOn(ctx, c.Account) {
			return nil, errNoSession(c.Account)
		}
		c.Admitted = true
	} else if err := a.n.precheckCancel(ctx, c); err != nil {
		return nil, toAPIError(err)
	}
	return a.submitOut(ctx, &engine.Input{Kind: engine.KindCancel, Cancel: c})
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
	if len(r.Sig) > 0 {
		if err := checkSig(r.Sig); err != nil {
			return nil, err
		}
		copy(c.Sig[:], r.Sig)
	}
	return a.ackOf(a.admitCancelAll(ctx, c, len(r.Sig) == 0))
}

// admitCancelAll is admitCancel for a cancel-all.
func (a *API) admitCancelAll(ctx context.Context, c *engine.CancelAll, session bool) (*engine.Output, error) {
	if session {
		if !a.n.conns.loggedOn(ctx, c.Account) {
			return nil, errNoSession(c.Account)
		}
		c.Admitted = true
	} else if err := a.n.precheckCancelAll(ctx, c); err != nil {
		return nil, toAPIError(err)
	}
	return a.submitOut(ctx, &engine.Input{Kind: engine.KindCancelAll, CancelAll: c})
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

func orderView(u units, m uint8, o book.OrderInfo) OrderView {
	return OrderView{Account: o.Account, ID: o.ID, Market: m, Side: o.Side.String(), Type: o.Type.String(),
		TIF: o.TIF.String(), Price: u.FmtPrice(o.Price), Size: u.FmtSize(o.Size), Filled: u.FmtSize(o.Filled),
		Visible: u.FmtSize(o.Visible), Pending: o.Pending}
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

// Status returns the node's status.
func (a *API) Status(ctx context.Context) (*NodeStatus, error) {
	if err := a.limit(ctx); err != nil {
		return nil, err
	}
	st := &NodeStatus{ChainID: a.n.cfg.L1.ChainID, Rollup: a.n.cfg.L1.Rollup.Hex(), Slots: a.n.cfg.Slots,
		VerifiedBatch: a.n.verifiedNum(), ProverQueue: a.n.queue.Pending(), Exodus: a.n.exodus.Load(),
		Rejected: (*wire.Rejection)(a.n.rejected.Load()), Ledger: a.n.LedgerStatus()}
	err := a.n.Query(ctx, func(e *engine.Engine) {
		r := e.State().Root()
		st.Root, st.SealedBatch = r.String(), a.n.sealedBatch(e) // in the store, not a commit in flight
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

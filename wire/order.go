package wire

import (
	"fmt"
	"strings"

	"github.com/zkperp/zkperp/state/sign"
)

// OrderType is an order's type (OrderRequest.Type).
type OrderType uint8

// Order types.
const (
	TypeLimit  OrderType = iota // "" or "limit"
	TypeMarket                  // "market": IOC unless the request names a TIF
	TypePegged                  // "pegged"
)

// TIF is an order's time in force (OrderRequest.TIF).
type TIF uint8

// Times in force; TIFNone is a request without one (the book's default, GTC).
const (
	TIFNone TIF = iota
	TIFGTC
	TIFGTT
	TIFIOC
	TIFFOK
)

// Trigger is a conditional order's trigger (OrderRequest.Trigger).
type Trigger uint8

// Triggers.
const (
	TriggerNone Trigger = iota
	TriggerStopLoss
	TriggerTakeProfit
)

// Peg is a pegged order's reference (OrderRequest.Peg).
type Peg uint8

// Pegs.
const (
	PegNone Peg = iota
	PegBestBid
	PegBestAsk
	PegMark
)

// STP is the self-trade prevention mode (OrderRequest.STP).
type STP uint8

// Self-trade prevention modes; STPExpireTaker is the default.
const (
	STPExpireTaker STP = iota
	STPExpireMaker
	STPExpireBoth
)

// ParsedOrder is an OrderRequest in integer units: the signed order and the book-only flags.
type ParsedOrder struct {
	Order        sign.Order
	Type         OrderType
	TIF          TIF
	PostOnly     bool
	ReduceOnly   bool
	DisplaySize  uint64 // steps; 0: not an iceberg
	Trigger      Trigger
	TriggerPrice uint64 // quantums per step
	Peg          Peg
	PegOffset    int64 // quantums per step, signed
	STP          STP
}

// ParseOrder converts a request into the signed order and its book flags with the market's units u: the node's
// admission and the client's signing both use it. Errors are *APIError (-32602) naming the field: bad_side,
// bad_decimal, off_step, below_min_size, out_of_range, bad_type, bad_tif, bad_trigger, bad_peg, bad_stp. r.Sig is
// copied as is (its length is the caller's to check).
func ParseOrder(u Units, r *OrderRequest) (*ParsedOrder, error) {
	p := &ParsedOrder{Order: sign.Order{Account: r.Account, ID: r.ID, Market: r.Market, MaxMakerFee: r.MaxMakerFee,
		MaxTakerFee: r.MaxTakerFee, Expiry: r.Expiry}}
	o := &p.Order
	switch strings.ToLower(r.Side) {
	case "buy":
		o.Buy = true
	case "sell":
	default:
		return nil, Invalidf("bad_side", "side %q: want buy or sell", Clip(r.Side))
	}
	var err error
	if o.Price, err = u.Price(r.Price); err != nil {
		return nil, err
	}
	if o.Size, err = u.Size(r.Size); err != nil {
		return nil, err
	}
	copy(o.Sig[:], r.Sig)
	switch strings.ToLower(r.Type) {
	case "", "limit":
	case "market":
		p.Type, p.TIF = TypeMarket, TIFIOC
	case "pegged":
		p.Type = TypePegged
	default:
		return nil, Invalidf("bad_type", "type %q", Clip(r.Type))
	}
	switch strings.ToUpper(r.TIF) {
	case "":
	case "GTC":
		p.TIF = TIFGTC
	case "GTT":
		p.TIF = TIFGTT
	case "IOC":
		p.TIF = TIFIOC
	case "FOK":
		p.TIF = TIFFOK
	default:
		return nil, Invalidf("bad_tif", "tif %q", Clip(r.TIF))
	}
	p.PostOnly, p.ReduceOnly = r.PostOnly, r.ReduceOnly
	if r.Display != "" {
		if p.DisplaySize, err = u.SizeField("display", r.Display); err != nil {
			return nil, err
		}
	}
	switch strings.ToLower(r.Trigger) {
	case "":
	case "stop_loss":
		p.Trigger = TriggerStopLoss
	case "take_profit":
		p.Trigger = TriggerTakeProfit
	default:
		return nil, Invalidf("bad_trigger", "trigger %q", Clip(r.Trigger))
	}
	if r.TriggerAt != "" {
		if p.TriggerPrice, err = u.PriceField("triggerPrice", r.TriggerAt); err != nil {
			return nil, err
		}
	}
	switch strings.ToLower(r.Peg) {
	case "":
	case "best_bid":
		p.Peg = PegBestBid
	case "best_ask":
		p.Peg = PegBestAsk
	case "mark":
		p.Peg = PegMark
	default:
		return nil, Invalidf("bad_peg", "peg %q", Clip(r.Peg))
	}
	if r.PegOffset != "" {
		s, neg := strings.CutPrefix(r.PegOffset, "-")
		v, err := u.PriceField("pegOffset", s)
		if err != nil {
			return nil, err
		}
		if v > sign.MaxSize {
			return nil, Invalidf("out_of_range", "pegOffset: %s out of range", Clip(r.PegOffset))
		}
		p.PegOffset = int64(v)
		if neg {
			p.PegOffset = -p.PegOffset
		}
	}
	switch strings.ToLower(r.STP) {
	case "", "expire_taker":
		p.STP = STPExpireTaker
	case "expire_maker":
		p.STP = STPExpireMaker
	case "expire_both":
		p.STP = STPExpireBoth
	default:
		return nil, Invalidf("bad_stp", "stp %q", Clip(r.STP))
	}
	return p, nil
}

// SigLen is the length of every signature field (sig, amendSig): 64 bytes.
const SigLen = len(sign.Signature{})

// CheckSig checks a signature field's length (bad_signature_length otherwise).
func CheckSig(field string, sig []byte) error {
	if len(sig) != SigLen {
		return Invalidf("bad_signature_length", "%s must be %d bytes, got %d", field, SigLen, len(sig))
	}
	return nil
}

// SignOrder signs an order request for market m with k: the side is lowercased, zero fee caps become the market's
// fees, and the signature covers the sign.Order that ParseOrder (the node's conversion) builds from r. r.Account
// and r.ID must be set.
func SignOrder(k *sign.PrivateKey, m MarketInfo, r *OrderRequest) error {
	if r.Market != m.ID {
		return fmt.Errorf("wire: order for market %d signed with market %d's units", r.Market, m.ID)
	}
	if r.MaxMakerFee == 0 {
		r.MaxMakerFee = m.MakerFee
	}
	if r.MaxTakerFee == 0 {
		r.MaxTakerFee = m.TakerFee
	}
	r.Side = strings.ToLower(r.Side)
	p, err := ParseOrder(UnitsOf(m), r)
	if err != nil {
		return err
	}
	if err := k.SignOrder(&p.Order); err != nil {
		return fmt.Errorf("wire: sign order: %w", err)
	}
	r.Sig = p.Order.Sig[:]
	return nil
}

// SignAmend signs r as the new version of its order (SignOrder) and the amend message over (account, id, version,
// price, size) (sign.AmendMessage); version must be above the order's last.
func SignAmend(k *sign.PrivateKey, m MarketInfo, r *OrderRequest, version uint64) (*AmendRequest, error) {
	if err := SignOrder(k, m, r); err != nil {
		return nil, err
	}
	p, err := ParseOrder(UnitsOf(m), r)
	if err != nil {
		return nil, err
	}
	sig, err := k.SignMessage(sign.AmendMessage(&p.Order, version))
	if err != nil {
		return nil, fmt.Errorf("wire: sign amend: %w", err)
	}
	return &AmendRequest{OrderRequest: *r, Version: version, AmendSig: sig[:]}, nil
}

// SignLogon signs the logon of account to the WebSocket connection that drew challenge (sign.LogonMessage).
func SignLogon(k *sign.PrivateKey, account uint32, challenge []byte) (*LogonRequest, error) {
	var c [16]byte
	if len(challenge) != len(c) {
		return nil, fmt.Errorf("wire: logon challenge must be %d bytes, got %d", len(c), len(challenge))
	}
	copy(c[:], challenge)
	sig, err := k.SignMessage(sign.LogonMessage(account, c))
	if err != nil {
		return nil, fmt.Errorf("wire: sign logon: %w", err)
	}
	return &LogonRequest{Account: account, Challenge: c[:], Sig: sig[:]}, nil
}

// SignCancel signs the cancel of one order (sign.CancelMessage).
func SignCancel(k *sign.PrivateKey, account uint32, market uint8, id uint32) (*CancelRequest, error) {
	sig, err := k.SignMessage(sign.CancelMessage(account, market, id))
	if err != nil {
		return nil, fmt.Errorf("wire: sign cancel: %w", err)
	}
	return &CancelRequest{Account: account, Market: market, OrderID: id, Sig: sig[:]}, nil
}

// SignCancelAll signs a cancel-all of the account's orders in a market with id ≤ upTo (sign.CancelAllMessage);
// nonce must be above the account's last accepted cancel-all nonce.
func SignCancelAll(k *sign.PrivateKey, account uint32, market uint8, upTo uint32, nonce uint64) (*CancelAllRequest, error) {
	sig, err := k.SignMessage(sign.CancelAllMessage(account, market, upTo, nonce))
	if err != nil {
		return nil, fmt.Errorf("wire: sign cancel-all: %w", err)
	}
	return &CancelAllRequest{Account: account, Market: market, UpTo: upTo, Nonce: nonce, Sig: sig[:]}, nil
}

// SignWithdraw signs a withdrawal of amount (collateral units u, "100.5") with the account's nonce
// (perp_account.nonce); the request's amount is the parsed value formatted back.
func SignWithdraw(k *sign.PrivateKey, u Units, account uint32, amount string, nonce uint32) (*WithdrawRequest, error) {
	amt, err := u.Amount(amount)
	if err != nil {
		return nil, err
	}
	w := sign.Withdraw{Account: account, Amount: amt, Nonce: nonce}
	if err := k.SignWithdraw(&w); err != nil {
		return nil, fmt.Errorf("wire: sign withdraw: %w", err)
	}
	return &WithdrawRequest{Account: account, Amount: u.FmtAmount(amt), Nonce: nonce, Sig: w.Sig[:]}, nil
}

// SignMargin signs a margin transfer of amount (collateral units u) between free collateral and the market's
// position (toPosition: free → position) with the account's nonce.
func SignMargin(k *sign.PrivateKey, u Units, account uint32, market uint8, toPosition bool, amount string,
	nonce uint32) (*MarginRequest, error) {
	amt, err := u.Amount(amount)
	if err != nil {
		return nil, err
	}
	pm := sign.PositionMargin{Account: account, Market: market, ToPosition: toPosition, Amount: amt, Nonce: nonce}
	if err := k.SignPositionMargin(&pm); err != nil {
		return nil, fmt.Errorf("wire: sign margin: %w", err)
	}
	return &MarginRequest{Account: account, Market: market, ToPosition: toPosition, Amount: u.FmtAmount(amt),
		Nonce: nonce, Sig: pm.Sig[:]}, nil
}

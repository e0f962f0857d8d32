package oe

import (
	"github.com/zkperp/zkperp/state/sign"
	"github.com/zkperp/zkperp/wire"
)

// The node checks a decoded order's fields as the JSON API checks the decimal ones after wire.ParseOrder: the
// enumerations must name a value, the flags no unknown bit, and price, size and peg offset fit the 48 bits a signed
// order packs them in (a wider value would overlap the next field of the signed message). Errors are
// *wire.APIError (-32602) with the JSON API's reasons.

// Signed returns the order as state/sign's Order (bad_side, out_of_range).
func (o *Order) Signed() (sign.Order, error) {
	so := sign.Order{Account: o.Account, ID: o.ID, Market: o.Market, Price: o.Price, Size: o.Size,
		MaxMakerFee: o.MaxMakerFee, MaxTakerFee: o.MaxTakerFee, Expiry: o.Expiry, Sig: o.Sig}
	switch o.Side {
	case SideBuy:
		so.Buy = true
	case SideSell:
	default:
		return so, wire.Invalidf("bad_side", "side %d: want %d (buy) or %d (sell)", o.Side, SideBuy, SideSell)
	}
	if o.Price > sign.MaxSize {
		return so, wire.Invalidf("out_of_range", "price: %d out of range (at most %d)", o.Price, uint64(sign.MaxSize))
	}
	if o.Size > sign.MaxSize {
		return so, wire.Invalidf("out_of_range", "size: %d out of range (at most %d)", o.Size, uint64(sign.MaxSize))
	}
	return so, nil
}

// FromSigned returns the layout of a signed order.
func FromSigned(o *sign.Order) Order {
	side := SideSell
	if o.Buy {
		side = SideBuy
	}
	return Order{Account: o.Account, ID: o.ID, Market: o.Market, Side: side, Price: o.Price, Size: o.Size,
		MaxMakerFee: o.MaxMakerFee, MaxTakerFee: o.MaxTakerFee, Expiry: o.Expiry, Sig: o.Sig}
}

// Parsed returns the order with its book flags as wire.ParseOrder gives them for the JSON request: a market order
// without a TIF is IOC. Errors: bad_side, out_of_range, bad_type, bad_tif, bad_trigger, bad_peg, bad_stp, bad_flags.
func (p *Place) Parsed() (*wire.ParsedOrder, error) {
	so, err := p.Order.Signed()
	if err != nil {
		return nil, err
	}
	po := &wire.ParsedOrder{Order: so, Type: wire.OrderType(p.Type), TIF: wire.TIF(p.TIF),
		PostOnly: p.Flags&FlagPostOnly != 0, ReduceOnly: p.Flags&FlagReduceOnly != 0, DisplaySize: p.DisplaySize,
		Trigger: wire.Trigger(p.Trigger), TriggerPrice: p.TriggerPrice, Peg: wire.Peg(p.Peg), PegOffset: p.PegOffset,
		STP: wire.STP(p.STP)}
	switch {
	case po.Type > wire.TypePegged:
		return nil, wire.Invalidf("bad_type", "type %d", p.Type)
	case po.TIF > wire.TIFFOK:
		return nil, wire.Invalidf("bad_tif", "tif %d", p.TIF)
	case po.Trigger > wire.TriggerTakeProfit:
		return nil, wire.Invalidf("bad_trigger", "trigger %d", p.Trigger)
	case po.Peg > wire.PegMark:
		return nil, wire.Invalidf("bad_peg", "peg %d", p.Peg)
	case po.STP > wire.STPExpireBoth:
		return nil, wire.Invalidf("bad_stp", "stp %d", p.STP)
	case p.Flags&^(FlagPostOnly|FlagReduceOnly) != 0:
		return nil, wire.Invalidf("bad_flags", "flags 0x%02x: unknown bits", p.Flags)
	case p.PegOffset > sign.MaxSize || p.PegOffset < -sign.MaxSize:
		return nil, wire.Invalidf("out_of_range", "pegOffset: %d out of range", p.PegOffset)
	}
	if po.Type == wire.TypeMarket && po.TIF == wire.TIFNone {
		po.TIF = wire.TIFIOC
	}
	return po, nil
}

// PlaceOf returns the layout of a parsed order (the inverse of Parsed; the Go client encodes with it).
func PlaceOf(reqID uint64, p *wire.ParsedOrder) Place {
	var flags uint8
	if p.PostOnly {
		flags |= FlagPostOnly
	}
	if p.ReduceOnly {
		flags |= FlagReduceOnly
	}
	return Place{ReqID: reqID, Order: FromSigned(&p.Order), Type: uint8(p.Type), TIF: uint8(p.TIF), Flags: flags,
		Trigger: uint8(p.Trigger), Peg: uint8(p.Peg), STP: uint8(p.STP), DisplaySize: p.DisplaySize,
		TriggerPrice: p.TriggerPrice, PegOffset: p.PegOffset}
}

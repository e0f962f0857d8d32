package book

// validate checks an order request against the market configuration and the current fee rates, without looking
// at the book. It returns the first failing check in the order below (the order is part of the contract: tests
// and the reference book rely on it). Market orders must have been normalised (GTC → IOC) first.
func validate(c *Config, makerFee, takerFee uint32, o *Order, now uint64) Reason {
	switch {
	case o.Side != Buy && o.Side != Sell:
		return ReasonInvalidSide
	case o.Type > Pegged:
		return ReasonInvalidType
	case o.TIF > FOK:
		return ReasonInvalidTIF
	case o.STP > STPExpireBoth:
		return ReasonInvalidSTP
	case o.Size == 0 || o.Size > c.MaxSize:
		return ReasonSizeRange
	case o.Size < c.MinSize: // before the lot check: a size below the minimum is that, whatever its step
		return ReasonBelowMinSize
	case o.Size%c.LotSize != 0:
		return ReasonOffStep
	}
	switch o.Type {
	case Limit:
		if o.Price == 0 {
			return ReasonPriceRange
		}
	case Market:
		switch {
		case o.Price == 0:
			return ReasonNoPriceBound
		case o.TIF != IOC && o.TIF != FOK:
			return ReasonInvalidTIF
		case o.PostOnly:
			return ReasonInvalidFlags
		}
	case Pegged:
		switch {
		case o.Peg < PegBestBid || o.Peg > PegMark || o.PegOffset < -MaxPrice || o.PegOffset > MaxPrice:
			return ReasonInvalidPeg
		case o.PegOffset%int64(c.TickSize) != 0:
			return ReasonInvalidPeg
		case o.TIF == IOC || o.TIF == FOK:
			return ReasonInvalidTIF
		case o.Trigger != TriggerNone:
			return ReasonInvalidTrigger
		}
	}
	if o.Type != Pegged && (o.Peg != PegNone || o.PegOffset != 0) {
		return ReasonInvalidPeg
	}
	switch {
	case o.Price > MaxPrice:
		return ReasonPriceRange
	case o.Price%c.TickSize != 0:
		return ReasonOffTick
	case overflows(o.Size, o.Price):
		return ReasonNotionalOverflow
	case (o.TIF == GTT) != (o.ExpiresAt != 0), o.TIF == GTT && o.ExpiresAt <= now:
		return ReasonExpiryInPast
	case o.PostOnly && (o.TIF == IOC || o.TIF == FOK):
		return ReasonInvalidFlags
	case o.Unverified && (!o.PostOnly || o.Type != Limit || o.Trigger != TriggerNone || c.Signatures == nil):
		return ReasonInvalidFlags
	}
	if o.DisplaySize != 0 {
		switch {
		case o.DisplaySize >= o.Size, o.DisplaySize%c.LotSize != 0,
			o.Type == Market, o.TIF == IOC || o.TIF == FOK, o.ReduceOnly:
			return ReasonInvalidIceberg
		}
	}
	switch {
	case o.Trigger > TakeProfit:
		return ReasonInvalidTrigger
	case o.Trigger == TriggerNone && o.TriggerPrice != 0:
		return ReasonInvalidTrigger
	case o.Trigger != TriggerNone && (o.TriggerPrice == 0 || o.TriggerPrice > MaxPrice || o.TriggerPrice%c.TickSize != 0):
		return ReasonInvalidTrigger
	}
	if makerFee > o.MaxMakerFeePpm || takerFee > o.MaxTakerFeePpm {
		return ReasonFeeAboveBound
	}
	return ReasonNone
}

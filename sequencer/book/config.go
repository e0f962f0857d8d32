package book

import "fmt"

// Config is the configuration of one market's book.
type Config struct {
	Market   uint8
	TickSize uint64 // price step in quantums per step; prices are multiples of it (required)
	LotSize  uint64 // sizes are multiples of it (0: 1)
	MinSize  uint64 // smallest order size (0: LotSize)
	MaxSize  uint64 // largest order size (0: MaxSize)

	MakerFeePpm uint32 // ≤ MaxFeePpm
	TakerFeePpm uint32 // ≤ MaxFeePpm

	// MaxOrders bounds the live orders (resting and pending) of the book: a new order that could rest is refused
	// when it is reached; 0: no bound.
	MaxOrders int
	// ExpectedOrders sizes the pools and the order index up front so that the hot path does not allocate.
	ExpectedOrders int

	// Risk is the pre-trade risk hook; nil: no risk checks, and reduce-only orders see a flat position.
	Risk RiskChecker
	// Signatures checks the signatures of unverified orders (Order.Unverified) before they first trade; nil:
	// unverified orders are refused (ReasonInvalidFlags).
	Signatures SignatureChecker
	// Sink receives the event stream; nil discards it.
	Sink Sink
}

// withDefaults returns c with zero fields defaulted, or an error if c is invalid.
func (c Config) withDefaults() (Config, error) {
	if c.TickSize == 0 || c.TickSize > MaxPrice {
		return c, fmt.Errorf("book: market %d: tick size %d out of range 1..%d", c.Market, c.TickSize, uint64(MaxPrice))
	}
	if c.LotSize == 0 {
		c.LotSize = 1
	}
	if c.MinSize == 0 {
		c.MinSize = c.LotSize
	}
	if c.MaxSize == 0 {
		c.MaxSize = MaxSize
	}
	switch {
	case c.LotSize > MaxSize:
		return c, fmt.Errorf("book: market %d: lot size %d above %d", c.Market, c.LotSize, uint64(MaxSize))
	case c.MaxSize > MaxSize:
		return c, fmt.Errorf("book: market %d: max size %d above %d", c.Market, c.MaxSize, uint64(MaxSize))
	case c.MinSize > c.MaxSize:
		return c, fmt.Errorf("book: market %d: min size %d above max size %d", c.Market, c.MinSize, c.MaxSize)
	case c.MakerFeePpm > MaxFeePpm || c.TakerFeePpm > MaxFeePpm:
		return c, fmt.Errorf("book: market %d: fee rates %d/%d ppm above %d", c.Market, c.MakerFeePpm, c.TakerFeePpm, MaxFeePpm)
	case c.MaxOrders < 0 || c.ExpectedOrders < 0:
		return c, fmt.Errorf("book: market %d: negative order counts", c.Market)
	}
	return c, nil
}

// Check reports whether the configuration is valid.
func (c Config) Check() error {
	_, err := c.withDefaults()
	return err
}

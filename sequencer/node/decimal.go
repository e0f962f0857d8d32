package node

import (
	"math/big"

	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/wire"
)

// units converts between the API's decimal strings and the integer units of the state with wire.Units, the rules
// the client signs with (docs/api.md §1): sizes in steps of 10^-SizeDecimals base units, prices in quantums
// (10^-QuoteDecimals) per step, amounts in quantums.
type units struct {
	sizeDec, quoteDec int
}

func unitsOf(m engine.MarketConfig) units {
	return units{sizeDec: m.SizeDecimals, quoteDec: m.QuoteDecimals}
}

func (u units) w() wire.Units { return wire.Units{SizeDecimals: u.sizeDec, QuoteDecimals: u.quoteDec} }

// Size parses a size in base units into steps.
func (u units) Size(s string) (uint64, error) { return u.w().Size(s) }

// SizeField parses a size-valued field (errors name it).
func (u units) SizeField(field, s string) (uint64, error) { return u.w().SizeField(field, s) }

// Price parses a price in quote per base unit into quantums per step.
func (u units) Price(s string) (uint64, error) { return u.w().Price(s) }

// PriceField parses a price-valued field (errors name it).
func (u units) PriceField(field, s string) (uint64, error) { return u.w().PriceField(field, s) }

// Amount parses a collateral amount into quantums.
func (u units) Amount(s string) (uint64, error) { return u.w().Amount(s) }

func (u units) FmtSize(v uint64) string   { return u.w().FmtSize(v) }
func (u units) FmtPrice(v uint64) string  { return u.w().FmtPrice(v) }
func (u units) FmtAmount(v uint64) string { return u.w().FmtAmount(v) }

// FmtSigned formats a signed amount in quantums.
func (u units) FmtSigned(v *big.Int) string { return u.w().FmtSigned(v) }

// clip shortens a value echoed in an error (wire.Clip).
func clip(s string) string { return wire.Clip(s) }

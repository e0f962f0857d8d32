package client

import "github.com/zkperp/zkperp/wire"

// Units converts between the API's decimal strings and the integer units the signatures cover, with exactly the
// node's rules (wire.Units, which the node parses with): a size is a whole number of steps of 10^-SizeDecimals base
// units, a price a whole number of quantums (10^-QuoteDecimals of the collateral) per step, an amount a whole
// number of quantums. Strings are plain non-negative decimals: digits and at most one '.' inside, at most 40
// characters. Errors are *wire.APIError (code -32602 with the node's reason).
type Units = wire.Units

// UnitsOf returns a market's units.
func UnitsOf(m wire.MarketInfo) Units { return wire.UnitsOf(m) }

package client

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/zkperp/zkperp/sequencer/node"
)

// Units converts between the API's decimal strings and the integer units the signatures cover, with exactly the
// node's rules (sequencer/node/decimal.go): a size is a whole number of steps of 10^-SizeDecimals base units, a
// price a whole number of quantums (10^-QuoteDecimals of the collateral) per step, an amount a whole number of
// quantums. Strings are plain non-negative decimals: digits and at most one '.', at most 40 characters.
type Units struct {
	SizeDecimals  int
	QuoteDecimals int
}

// UnitsOf returns a market's units.
func UnitsOf(m node.MarketInfo) Units {
	return Units{SizeDecimals: m.SizeDecimals, QuoteDecimals: m.QuoteDecimals}
}

func pow10(k int) *big.Rat {
	if k >= 0 {
		return new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil))
	}
	return new(big.Rat).Inv(pow10(-k))
}

// DecimalError is a decimal string the node would refuse; Reason is the node's reason for it.
type DecimalError struct {
	What, Value, Reason string
}

func (e *DecimalError) Error() string {
	switch e.Reason {
	case "off_step":
		return fmt.Sprintf("%s: %s is not a whole number of units", e.What, e.Value)
	case "out_of_range":
		return fmt.Sprintf("%s: %s out of range", e.What, e.Value)
	}
	return fmt.Sprintf("%s: %q is not a plain non-negative decimal", e.What, e.Value)
}

func parseScaled(s string, scale *big.Rat, what string) (uint64, error) {
	s = strings.TrimSpace(s)
	if !plainDecimal(s) {
		return 0, &DecimalError{What: what, Value: s, Reason: "bad_decimal"}
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, &DecimalError{What: what, Value: s, Reason: "bad_decimal"}
	}
	r.Mul(r, scale)
	if !r.IsInt() {
		return 0, &DecimalError{What: what, Value: s, Reason: "off_step"}
	}
	if n := r.Num(); n.IsUint64() {
		return n.Uint64(), nil
	}
	return 0, &DecimalError{What: what, Value: s, Reason: "out_of_range"}
}

// plainDecimal accepts digits with at most one '.', at least one digit, at most 40 characters. It is stricter than
// the node, which (through big.Rat) also takes base prefixes and underscores ("0x10", "1_000"): the client never
// sends those.
func plainDecimal(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	digits, dots := 0, 0
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dots++
		default:
			return false
		}
	}
	return digits > 0 && dots <= 1
}

func formatScaled(v uint64, scale *big.Rat) string {
	r := new(big.Rat).SetUint64(v)
	r.Quo(r, scale)
	s := r.FloatString(18)
	if strings.Contains(s, ".") {
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Size parses a size in base units into steps.
func (u Units) Size(s string) (uint64, error) { return parseScaled(s, pow10(u.SizeDecimals), "size") }

// Price parses a price in quote per base unit into quantums per step.
func (u Units) Price(s string) (uint64, error) {
	return parseScaled(s, pow10(u.QuoteDecimals-u.SizeDecimals), "price")
}

// Amount parses a collateral amount into quantums.
func (u Units) Amount(s string) (uint64, error) {
	return parseScaled(s, pow10(u.QuoteDecimals), "amount")
}

// FmtSize formats steps as a size.
func (u Units) FmtSize(v uint64) string { return formatScaled(v, pow10(u.SizeDecimals)) }

// FmtPrice formats quantums per step as a price.
func (u Units) FmtPrice(v uint64) string {
	return formatScaled(v, pow10(u.QuoteDecimals-u.SizeDecimals))
}

// FmtAmount formats quantums as an amount.
func (u Units) FmtAmount(v uint64) string { return formatScaled(v, pow10(u.QuoteDecimals)) }

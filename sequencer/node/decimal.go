package node

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/zkperp/zkperp/sequencer/engine"
)

// units converts between the API's decimal strings and the integer units of the state: sizes in steps of
// 10^-SizeDecimals base units, prices in quantums (10^-QuoteDecimals) per step, amounts in quantums.
type units struct {
	sizeDec, quoteDec int
}

func unitsOf(m engine.MarketConfig) units {
	return units{sizeDec: m.SizeDecimals, quoteDec: m.QuoteDecimals}
}

func pow10(k int) *big.Rat {
	if k >= 0 {
		return new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil))
	}
	return new(big.Rat).Inv(pow10(-k))
}

// parseScaled parses a non-negative decimal string and returns value·scale, which must be an integer < 2^64. White
// space is refused like any other character: what is signed must be what was sent.
func parseScaled(s string, scale *big.Rat, what string) (uint64, error) {
	return parseScaledMin(s, scale, what, "off_step")
}

// parseScaledMin is parseScaled with the reason of a positive value below one unit (below_min_size for sizes).
func parseScaledMin(s string, scale *big.Rat, what, belowReason string) (uint64, error) {
	if !plainDecimal(s) {
		return 0, invalid("bad_decimal", fmt.Sprintf("%s: %q is not a plain non-negative decimal", what, clip(s)))
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, invalid("bad_decimal", fmt.Sprintf("%s: %q is not a decimal", what, clip(s)))
	}
	r.Mul(r, scale)
	if !r.IsInt() {
		if r.Sign() > 0 && r.Cmp(big.NewRat(1, 1)) < 0 {
			return 0, invalid(belowReason, fmt.Sprintf("%s: %s is below one step (%s)", what, clip(s),
				new(big.Rat).Inv(scale).FloatString(precision(scale))))
		}
		return 0, invalid("off_step", fmt.Sprintf("%s: %s is not a whole number of steps (%s)", what, clip(s),
			new(big.Rat).Inv(scale).FloatString(precision(scale))))
	}
	n := r.Num()
	if !n.IsUint64() {
		return 0, invalid("out_of_range", fmt.Sprintf("%s: %s out of range", what, clip(s)))
	}
	return n.Uint64(), nil
}

func formatScaled(v uint64, scale *big.Rat) string {
	r := new(big.Rat).SetUint64(v)
	r.Quo(r, scale)
	return trimDecimal(r.FloatString(18))
}

func trimDecimal(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return s
}

// precision is the number of decimals of 1/scale for a power-of-ten scale.
func precision(scale *big.Rat) int {
	return max(len(scale.Num().String())-1, 0)
}

// Size parses a size in base units into steps.
func (u units) Size(s string) (uint64, error) { return u.SizeField("size", s) }

// SizeField parses a size-valued field (errors name it).
func (u units) SizeField(field, s string) (uint64, error) {
	return parseScaledMin(s, pow10(u.sizeDec), field, "below_min_size")
}

// Price parses a price in quote per base unit into quantums per step.
func (u units) Price(s string) (uint64, error) { return u.PriceField("price", s) }

// PriceField parses a price-valued field (errors name it).
func (u units) PriceField(field, s string) (uint64, error) {
	return parseScaled(s, pow10(u.quoteDec-u.sizeDec), field)
}

// Amount parses a collateral amount into quantums.
func (u units) Amount(s string) (uint64, error) { return parseScaled(s, pow10(u.quoteDec), "amount") }

func (u units) FmtSize(v uint64) string   { return formatScaled(v, pow10(u.sizeDec)) }
func (u units) FmtPrice(v uint64) string  { return formatScaled(v, pow10(u.quoteDec-u.sizeDec)) }
func (u units) FmtAmount(v uint64) string { return formatScaled(v, pow10(u.quoteDec)) }

// FmtSigned formats a signed amount in quantums.
func (u units) FmtSigned(v *big.Int) string {
	r := new(big.Rat).SetInt(v)
	r.Quo(r, pow10(u.quoteDec))
	return trimDecimal(r.FloatString(18))
}

// plainDecimal accepts digits with at most one dot inside (no signs, exponents, prefixes or separators).
func plainDecimal(s string) bool {
	if s == "" || len(s) > 40 || s[0] == '.' || s[len(s)-1] == '.' {
		return false
	}
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.' && !dot:
			dot = true
		case c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return true
}

// clip shortens a value echoed in an error.
func clip(s string) string {
	if len(s) > 48 {
		return s[:48] + "…"
	}
	return s
}

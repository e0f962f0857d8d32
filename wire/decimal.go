package wire

import (
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// Units converts between the API's decimal strings and the integer units of the state (docs/api.md §1): sizes in
// steps of 10^-SizeDecimals base units, prices in quantums (10^-QuoteDecimals of the collateral) per step, amounts
// in quantums. The node parses requests with it and the client signs with it: the two cannot disagree.
//
// Strings are plain non-negative decimals: digits with at most one '.' inside, at most 40 characters, no sign,
// exponent, prefix, separator or white space (what is signed must be what was sent). Errors are *APIError with
// code -32602 and reason bad_decimal, off_step, below_min_size or out_of_range, naming the field.
type Units struct {
	SizeDecimals  int
	QuoteDecimals int
}

// UnitsOf returns a market's units.
func UnitsOf(m MarketInfo) Units {
	return Units{SizeDecimals: m.SizeDecimals, QuoteDecimals: m.QuoteDecimals}
}

func pow10(k int) *big.Rat {
	if k >= 0 {
		return new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil))
	}
	return new(big.Rat).Inv(pow10(-k))
}

// parseScaled parses a non-negative decimal string and returns value·scale, which must be an integer < 2^64;
// belowReason is the reason of a positive value below one unit (below_min_size for sizes, off_step otherwise).
func parseScaled(s string, k int, what, belowReason string) (uint64, error) {
	if v, ok := parseFast(s, k); ok {
		return v, nil
	}
	return parseRat(s, pow10(k), what, belowReason)
}

// parseRat is parseScaled in exact rational arithmetic (every error, every scale).
func parseRat(s string, scale *big.Rat, what, belowReason string) (uint64, error) {
	if !PlainDecimal(s) {
		return 0, Invalidf("bad_decimal", "%s: %q is not a plain non-negative decimal", what, Clip(s))
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, Invalidf("bad_decimal", "%s: %q is not a decimal", what, Clip(s))
	}
	r.Mul(r, scale)
	if !r.IsInt() {
		if r.Sign() > 0 && r.Cmp(big.NewRat(1, 1)) < 0 {
			return 0, Invalidf(belowReason, "%s: %s is below one step (%s)", what, Clip(s),
				new(big.Rat).Inv(scale).FloatString(precision(scale)))
		}
		return 0, Invalidf("off_step", "%s: %s is not a whole number of steps (%s)", what, Clip(s),
			new(big.Rat).Inv(scale).FloatString(precision(scale)))
	}
	n := r.Num()
	if !n.IsUint64() {
		return 0, Invalidf("out_of_range", "%s: %s out of range", what, Clip(s))
	}
	return n.Uint64(), nil
}

func formatScaled(v uint64, k int) string {
	if k >= 0 && k <= 18 {
		return formatFast(v, k)
	}
	return formatRat(v, pow10(k))
}

// pow10u are the powers of ten below 2^64.
var pow10u = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// parseFast is parseScaled for a plain decimal that is a whole number of units at scale 10^k (0 ≤ k ≤ 18) below
// 2^64, in integer arithmetic; ok is false for anything else (parseRat then gives the answer or the error).
func parseFast(s string, k int) (uint64, bool) {
	if k < 0 || k > 18 || !PlainDecimal(s) {
		return 0, false
	}
	ip, fp, _ := strings.Cut(s, ".")
	fp = strings.TrimRight(fp, "0")
	if len(fp) > k {
		return 0, false // not a whole number of units
	}
	iv, err := strconv.ParseUint(ip, 10, 64)
	if err != nil {
		return 0, false
	}
	var fv uint64
	if fp != "" {
		if fv, err = strconv.ParseUint(fp, 10, 64); err != nil {
			return 0, false
		}
		fv *= pow10u[k-len(fp)] // < 10^k ≤ 10^18
	}
	hi, lo := bits.Mul64(iv, pow10u[k])
	if hi != 0 {
		return 0, false
	}
	v, carry := bits.Add64(lo, fv, 0)
	if carry != 0 {
		return 0, false
	}
	return v, true
}

// formatFast is formatScaled for 0 ≤ k ≤ 18 in integer arithmetic.
func formatFast(v uint64, k int) string {
	ip, fv := v/pow10u[k], v%pow10u[k]
	if fv == 0 {
		return strconv.FormatUint(ip, 10)
	}
	f := strconv.FormatUint(fv, 10)
	f = strings.Repeat("0", k-len(f)) + f
	return strconv.FormatUint(ip, 10) + "." + strings.TrimRight(f, "0")
}

// formatRat is formatScaled in rational arithmetic (any scale; 18 decimals at most).
func formatRat(v uint64, scale *big.Rat) string {
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
func (u Units) Size(s string) (uint64, error) { return u.SizeField("size", s) }

// SizeField parses a size-valued field (errors name it).
func (u Units) SizeField(field, s string) (uint64, error) {
	return parseScaled(s, u.SizeDecimals, field, "below_min_size")
}

// Price parses a price in quote per base unit into quantums per step.
func (u Units) Price(s string) (uint64, error) { return u.PriceField("price", s) }

// PriceField parses a price-valued field (errors name it).
func (u Units) PriceField(field, s string) (uint64, error) {
	return parseScaled(s, u.QuoteDecimals-u.SizeDecimals, field, "off_step")
}

// Amount parses a collateral amount into quantums.
func (u Units) Amount(s string) (uint64, error) {
	return parseScaled(s, u.QuoteDecimals, "amount", "off_step")
}

// FmtSize formats steps as a size.
func (u Units) FmtSize(v uint64) string { return formatScaled(v, u.SizeDecimals) }

// FmtPrice formats quantums per step as a price.
func (u Units) FmtPrice(v uint64) string {
	return formatScaled(v, u.QuoteDecimals-u.SizeDecimals)
}

// FmtAmount formats quantums as an amount.
func (u Units) FmtAmount(v uint64) string { return formatScaled(v, u.QuoteDecimals) }

// FmtSigned formats a signed amount in quantums.
func (u Units) FmtSigned(v *big.Int) string {
	r := new(big.Rat).SetInt(v)
	r.Quo(r, pow10(u.QuoteDecimals))
	return trimDecimal(r.FloatString(18))
}

// PlainDecimal reports a plain non-negative decimal: digits with at most one dot inside (no signs, exponents,
// prefixes, separators or spaces), at most 40 characters.
func PlainDecimal(s string) bool {
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

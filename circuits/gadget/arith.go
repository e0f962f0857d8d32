package gadget

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/rangecheck"
)

// PPM is the fixed-point scale of rates (parts per million).
const PPM = 1_000_000

// maxPackedBits bounds the total width of a packing: 2^253 < r, so a packing
// of at most 253 bits recomposes without wrap-around and is unique.
const maxPackedBits = 253

func init() {
	solver.RegisterHint(GetHints()...)
}

// GetHints returns the hints of this package (registered at init, as in gnark's std).
func GetHints() []solver.Hint {
	return []solver.Hint{divModHint, signedHint, isLessHint}
}

// Arith does integer arithmetic over range-checked field elements: range
// checks, comparisons, floor division, packing and signed values. One Arith
// shares one range checker (log-derivative table) across the circuit.
type Arith struct {
	api   frontend.API
	rc    frontend.Rangechecker
	en    frontend.Variable // nil: assertions always hold; else only when en = 1
	rules *Rules            // nil: every rule on (production)
}

// Rules names the rule assertions of a circuit so that tests can switch one
// off: a soundness test shows that a forged witness is rejected with every
// rule on and accepted with exactly the rule under test off, so it fails for
// that rule's reason or not at all. Production circuits carry no Rules (every
// rule on, nothing recorded). A Rules belongs to one circuit instance.
type Rules struct {
	off  map[string]bool
	seen map[string]int
}

// NewRules returns rules with the named ones switched off.
func NewRules(off ...string) *Rules {
	r := &Rules{off: map[string]bool{}, seen: map[string]int{}}
	for _, n := range off {
		r.off[n] = true
	}
	return r
}

// Off returns the names switched off.
func (r *Rules) Off() []string {
	var out []string
	for k := range r.off {
		out = append(out, k)
	}
	return out
}

// Seen returns the names of the rules met while the circuit was defined, and
// how many assertion sites each named.
func (r *Rules) Seen() map[string]int {
	out := make(map[string]int, len(r.seen))
	for k, v := range r.seen {
		out[k] = v
	}
	return out
}

// NewArith returns the arithmetic gadget of api.
func NewArith(api frontend.API) *Arith {
	return &Arith{api: api, rc: rangecheck.New(api)}
}

// WithRules returns the gadget recording its named rules in r (nil: none).
func (a *Arith) WithRules(r *Rules) *Arith {
	b := *a
	b.rules = r
	return &b
}

// Rule names the assertions made through the returned gadget. With the
// gadget's Rules switching name off, the returned gadget asserts nothing.
func (a *Arith) Rule(name string) *Arith {
	if a.rules == nil {
		return a
	}
	a.rules.seen[name]++
	if !a.rules.off[name] {
		return a
	}
	b := *a
	b.en = 0
	return &b
}

// API returns the frontend API the gadget writes to.
func (a *Arith) API() frontend.API { return a.api }

// If returns an Arith whose assertions (range checks, equalities) hold only
// when the boolean en is 1; with en = 0 nothing is asserted and every hinted
// value still has a witness, so a gadget computed for an unselected tx type
// never makes the circuit unsatisfiable. en must be constrained boolean.
func (a *Arith) If(en frontend.Variable) *Arith {
	b := *a
	if a.en != nil {
		en = a.api.Mul(a.en, en)
	}
	b.en = en
	return &b
}

// Enabled returns the condition of the assertions (1 when unconditional).
func (a *Arith) Enabled() frontend.Variable {
	if a.en == nil {
		return 1
	}
	return a.en
}

// AssertEq asserts x = y (under the Arith's condition).
func (a *Arith) AssertEq(x, y frontend.Variable) {
	if a.en == nil {
		a.api.AssertIsEqual(x, y)
		return
	}
	a.api.AssertIsEqual(a.api.Mul(a.en, a.api.Sub(x, y)), 0)
}

// AssertTrue asserts the boolean b is 1 (under the Arith's condition).
func (a *Arith) AssertTrue(b frontend.Variable) { a.AssertEq(b, 1) }

// Check asserts 0 ≤ v < 2^bits (bits = 1: v is boolean), under the Arith's
// condition (then en·v is checked: 0 passes when disabled).
func (a *Arith) Check(v frontend.Variable, bits int) {
	if a.en != nil {
		v = a.api.Mul(a.en, v)
	}
	switch {
	case bits <= 0:
		panic("gadget: Check: no bits") // a circuit-building error, never witness data
	case bits == 1:
		a.api.AssertIsBoolean(v)
	default:
		a.rc.Check(v, bits)
	}
}

// AssertLessEq asserts x ≤ y for x, y known to lie in [0, 2^bits):
// y − x is range-checked to bits bits (a negative difference wraps to ≈ r).
func (a *Arith) AssertLessEq(x, y frontend.Variable, bits int) {
	a.Check(a.api.Sub(y, x), bits)
}

// AssertLess asserts x < y for x, y in [0, 2^bits).
func (a *Arith) AssertLess(x, y frontend.Variable, bits int) {
	a.Check(a.api.Sub(y, x, 1), bits)
}

// IsLess returns 1 if x < y else 0, for x, y in [0, 2^bits). The hinted bit is
// bound by range-checking y−x−1 (bit 1) or x−y (bit 0) to bits bits.
func (a *Arith) IsLess(x, y frontend.Variable, bits int) frontend.Variable {
	if bits >= maxPackedBits {
		panic("gadget: IsLess: bound too large")
	}
	out, err := a.api.Compiler().NewHint(isLessHint, 1, x, y)
	if err != nil {
		panic(err)
	}
	b := out[0] // boolean: api.Select asserts its condition boolean
	a.Rule("gadget.isless.bind").Check(a.api.Select(b, a.api.Sub(y, x, 1), a.api.Sub(x, y)), bits)
	return b
}

// DivMod returns q = floor(n / d), m = n mod d for a constant d ≥ 2 and
// 0 ≤ n < 2^(qBits + bits(d)); q is range-checked to qBits bits and m to [0, d).
func (a *Arith) DivMod(n frontend.Variable, d uint64, qBits int) (q, m frontend.Variable) {
	if d < 2 {
		panic("gadget: DivMod: divisor below 2") // a circuit-building error, never witness data
	}
	dBits := big.NewInt(0).SetUint64(d - 1).BitLen()
	if qBits+dBits+1 >= maxPackedBits {
		panic("gadget: DivMod: quotient bound too large")
	}
	out, err := a.api.Compiler().NewHint(divModHint, 2, n, d)
	if err != nil {
		panic(err)
	}
	q, m = out[0], out[1]
	a.Rule("gadget.divmod.quotient").Check(q, qBits)
	a.Rule("gadget.divmod.remainder").Check(m, dBits)
	a.Rule("gadget.divmod.remainder-below-divisor").AssertLessEq(m, d-1, dBits)
	a.Rule("gadget.divmod.recompose").AssertEq(a.api.Add(a.api.Mul(q, d), m), n)
	return q, m
}

// DivVar returns q = floor(n / d), m = n mod d for a variable divisor
// 0 < d < 2^dBits and 0 ≤ n < 2^(qBits+dBits): q is range-checked to qBits
// bits, m to dBits bits, and m < d is asserted (so d = 0 has no witness when
// enabled). Both range checks of m are needed: d − m − 1 alone admits a
// "negative" remainder m = r − k·d (field wrap) with quotient q + k.
func (a *Arith) DivVar(n, d frontend.Variable, qBits, dBits int) (q, m frontend.Variable) {
	if qBits+dBits+1 >= maxPackedBits {
		panic("gadget: DivVar: bound too large")
	}
	out, err := a.api.Compiler().NewHint(divModHint, 2, n, d)
	if err != nil {
		panic(err)
	}
	q, m = out[0], out[1]
	a.Rule("gadget.divvar.quotient").Check(q, qBits)
	a.Rule("gadget.divvar.remainder").Check(m, dBits)
	a.Rule("gadget.divvar.remainder-below-divisor").AssertLess(m, d, dBits)
	a.Rule("gadget.divvar.recompose").AssertEq(a.api.Add(a.api.Mul(q, d), m), n)
	return q, m
}

// AssertNonZero asserts v ≠ 0.
func (a *Arith) AssertNonZero(v frontend.Variable) {
	a.AssertEq(a.api.IsZero(v), 0)
}

// MulPPM returns floor(x·ppm / 10^6) for x·ppm < 2^(qBits+20).
func (a *Arith) MulPPM(x, ppm frontend.Variable, qBits int) frontend.Variable {
	q, _ := a.DivMod(a.api.Mul(x, ppm), PPM, qBits)
	return q
}

// Field is one little-endian packed field: Value occupies Bits bits.
type Field struct {
	Value frontend.Variable
	Bits  int
}

// Pack range-checks every field and returns Σ Value_i · 2^(offset_i), the
// first field in the lowest bits.
func (a *Arith) Pack(fields ...Field) frontend.Variable {
	total := 0
	var acc frontend.Variable = 0
	for _, f := range fields {
		a.Rule("gadget.pack.range").Check(f.Value, f.Bits)
		acc = a.api.Add(acc, a.api.Mul(f.Value, new(big.Int).Lsh(big.NewInt(1), uint(total))))
		total += f.Bits
	}
	if total > maxPackedBits {
		panic(fmt.Sprintf("gadget: Pack: %d bits exceed %d", total, maxPackedBits))
	}
	return acc
}

// Signed is a signed integer as magnitude and sign bit (1 = negative). A
// well-formed Signed has Neg = 0 when Mag = 0 (canonical zero).
type Signed struct {
	Mag, Neg frontend.Variable
}

// CheckSigned asserts s is well formed with |s| < 2^bits.
func (a *Arith) CheckSigned(s Signed, bits int) {
	a.Rule("gadget.signed.magnitude").Check(s.Mag, bits)
	a.Rule("gadget.signed.sign").Check(s.Neg, 1)
	a.Rule("gadget.signed.canonical-zero").AssertEq(a.api.Mul(s.Neg, a.api.IsZero(s.Mag)), 0)
}

// Value returns s as a field element (Mag or r − Mag).
func (a *Arith) Value(s Signed) frontend.Variable {
	return a.api.Sub(s.Mag, a.api.Mul(2, s.Neg, s.Mag))
}

// ToSigned splits a field element v known to satisfy |v| < 2^bits (as a
// signed integer) into a well-formed Signed. It fails (no witness) if |v| is
// not below 2^bits.
func (a *Arith) ToSigned(v frontend.Variable, bits int) Signed {
	if bits+2 >= maxPackedBits {
		panic("gadget: ToSigned: bound too large")
	}
	out, err := a.api.Compiler().NewHint(signedHint, 2, v)
	if err != nil {
		panic(err)
	}
	s := Signed{Mag: out[0], Neg: out[1]}
	a.CheckSigned(s, bits)
	a.Rule("gadget.tosigned.value").AssertEq(a.Value(s), v)
	return s
}

// SelectSigned returns b ? x : y.
func (a *Arith) SelectSigned(b frontend.Variable, x, y Signed) Signed {
	return Signed{Mag: a.api.Select(b, x.Mag, y.Mag), Neg: a.api.Select(b, x.Neg, y.Neg)}
}

// ---- hints ----

var errHintInputs = errors.New("gadget: wrong number of hint inputs or outputs")

// divModHint: inputs (n, d), outputs (n / d, n mod d) over the integers.
func divModHint(_ *big.Int, in, out []*big.Int) error {
	if len(in) != 2 || len(out) != 2 {
		return errHintInputs
	}
	if in[1].Sign() == 0 { // only reached in a disabled gadget: any output will do
		out[0].SetUint64(0)
		out[1].SetUint64(0)
		return nil
	}
	out[0].DivMod(in[0], in[1], out[1])
	return nil
}

// signedHint: input v, outputs (|v|, v < 0) reading v > r/2 as negative.
func signedHint(field *big.Int, in, out []*big.Int) error {
	if len(in) != 1 || len(out) != 2 {
		return errHintInputs
	}
	half := new(big.Int).Rsh(field, 1)
	if in[0].Cmp(half) > 0 {
		out[0].Sub(field, in[0])
		out[1].SetUint64(1)
	} else {
		out[0].Set(in[0])
		out[1].SetUint64(0)
	}
	return nil
}

// isLessHint: inputs (x, y), output x < y as integers.
func isLessHint(_ *big.Int, in, out []*big.Int) error {
	if len(in) != 2 || len(out) != 1 {
		return errHintInputs
	}
	if in[0].Cmp(in[1]) < 0 {
		out[0].SetUint64(1)
	} else {
		out[0].SetUint64(0)
	}
	return nil
}

// IsNeg returns 1 if the field element v, read as a signed integer with
// |v| < 2^bits, is negative, else 0. The hinted bit is bound by
// range-checking −v−1 (negative) or v (non-negative) to bits bits.
func (a *Arith) IsNeg(v frontend.Variable, bits int) frontend.Variable {
	if bits+2 >= maxPackedBits {
		panic("gadget: IsNeg: bound too large")
	}
	out, err := a.api.Compiler().NewHint(signedHint, 2, v)
	if err != nil {
		panic(err)
	}
	b := out[1] // boolean: api.Select asserts its condition boolean
	a.Rule("gadget.isneg.bind").Check(a.api.Select(b, a.api.Sub(a.api.Neg(v), 1), v), bits)
	return b
}

// Combine returns Σ Value_i · 2^(offset_i) like Pack, without range checks:
// the caller has range-checked every field.
func (a *Arith) Combine(fields ...Field) frontend.Variable {
	total := 0
	var acc frontend.Variable = 0
	for _, f := range fields {
		acc = a.api.Add(acc, a.api.Mul(f.Value, new(big.Int).Lsh(big.NewInt(1), uint(total))))
		total += f.Bits
	}
	if total > maxPackedBits {
		panic(fmt.Sprintf("gadget: Combine: %d bits exceed %d", total, maxPackedBits))
	}
	return acc
}

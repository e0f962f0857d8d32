package blob

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	blsfr "github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	bnfr "github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"
)

// The forgery tests play a malicious prover: they replace one hint output
// (a word's or z's limbs, one block sum u_b, the vanishing inverse v) and keep
// everything else consistent with the forged value (the other hints answer
// for it, the public y is its evaluation), so that exactly one rule is left
// to reject the witness. The test asserts the rejection comes from that rule.

// forge wraps hint h: it answers honestly, then edits the outputs of the
// calls whose inputs satisfy when.
func forge(h solver.Hint, when func(in []*big.Int) bool, edit func(in, out []*big.Int)) test.TestEngineOption {
	return test.WithReplacementHint(solver.GetHintID(h), func(mod *big.Int, in, out []*big.Int) error {
		if err := h(mod, in, out); err != nil {
			return err
		}
		if when(in) {
			edit(in, out)
			for _, o := range out {
				o.Mod(o, mod)
			}
		}
		return nil
	})
}

// answerFor makes hint h answer as if its input number idx were x.
func answerFor(h solver.Hint, idx int, x *big.Int) test.TestEngineOption {
	return test.WithReplacementHint(solver.GetHintID(h), func(mod *big.Int, in, out []*big.Int) error {
		in2 := make([]*big.Int, len(in))
		copy(in2, in)
		in2[idx] = x
		return h(mod, in2, out)
	})
}

func is(x *big.Int) func([]*big.Int) bool {
	return func(in []*big.Int) bool { return in[0].Cmp(x) == 0 }
}

// carry moves 2^64 from limb 1 to limb 0 (same integer, limb 0 too wide).
func carry(_, out []*big.Int) {
	out[0].Add(out[0], pow2(64))
	out[1].Sub(out[1], big.NewInt(1))
}

// carried returns the too-wide limb 0 that carry makes of x's limbs.
func carried(x *big.Int) string {
	l0 := new(big.Int).And(x, new(big.Int).Sub(pow2(64), big.NewInt(1)))
	return "== " + l0.Add(l0, pow2(64)).String()
}

// rangeOf names the failing range check by its value: the range checker's
// recomposition assertion prints the checked value (mod p).
func rangeOf(v *big.Int) string {
	return "== " + new(big.Int).Mod(v, field).String()
}

// rejectedBy asserts err is non-nil and names the rule (substrings of the
// error: the failing check and the gadget function, or for a range check
// the checked value).
func rejectedBy(t *testing.T, name string, err error, rule ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: forged witness accepted", name)
	}
	for _, r := range rule {
		if !strings.Contains(err.Error(), r) {
			t.Fatalf("%s: rejected, but not by %q: %v", name, rule, err)
		}
	}
}

// evalWitness returns the evalCircuit witness for words at z (native
// integer, any size) with public y = yv.
func evalWitness(z *big.Int, yv blsfr.Element, words []frontend.Variable) *evalCircuit {
	hi, lo := yHalves(yv)
	return &evalCircuit{Z: z, YHi: hi, YLo: lo, Words: words}
}

// blsInts evaluates integer words (< r) at integer z (< r) natively.
func blsInts(ds []*big.Int, z *big.Int) blsfr.Element {
	es := make([]blsfr.Element, len(ds))
	for i := range ds {
		es[i].SetBigInt(ds[i])
	}
	var ze blsfr.Element
	ze.SetBigInt(z)
	return evaluateBLS(es, ze)
}

const (
	ruleRange = "rangecheck"
	ruleEval  = "AssertEvalIsZero"
	ruleEqual = "[assertIsEqual]"
)

func TestForgedWordLimbs(t *testing.T) {
	// d + p: the same native value, another integer. At 236 bits the top
	// limb's range check (44 bits) rejects it; at 192 bits the top limb has
	// width 0 and only its "= 0" assertion is left (blob.go's zero-width
	// branch of limbs: every width ≤ 192 has one). Without the rule the blob
	// would be proven to hold d + p.
	for _, tc := range []struct {
		bits int
		rule func(dp *big.Int) []string
	}{
		{236, func(dp *big.Int) []string { return []string{ruleRange, rangeOf(new(big.Int).Rsh(dp, 192))} }},
		{192, func(dp *big.Int) []string {
			return []string{ruleEqual + " " + new(big.Int).Rsh(dp, 192).String() + " == 0", "(*Evaluator).limbs"}
		}},
	} {
		const n = 4
		rng := rand.New(rand.NewPCG(20, uint64(tc.bits)))
		ws := randomWords(rng, n, tc.bits)
		words := vars(ws)
		ints := make([]*big.Int, n)
		for i := range ws {
			ints[i] = bnBig(ws[i])
		}
		z := big.NewInt(12345)
		c := &evalCircuit{Words: make([]frontend.Variable, n), bits: tc.bits}
		honest := blsInts(ints, z)
		if err := test.IsSolved(c, evalWitness(z, honest, words), field); err != nil {
			t.Fatalf("%d bits, honest: %v", tc.bits, err)
		}
		const i = 2
		dp := new(big.Int).Add(ints[i], field)
		ints2 := append([]*big.Int(nil), ints...)
		ints2[i] = dp
		err := test.IsSolved(c, evalWitness(z, blsInts(ints2, z), words), field,
			forge(limbsHint, is(ints[i]), func(_, out []*big.Int) { putLimbs(out, dp) }),
			answerFor(blockHint, 2+i, dp))
		rejectedBy(t, fmt.Sprintf("word + p, %d bits", tc.bits), err, tc.rule(dp)...)
		// the same integer with limb 0 too wide
		err = test.IsSolved(c, evalWitness(z, honest, words), field, forge(limbsHint, is(ints[i]), carry))
		rejectedBy(t, fmt.Sprintf("word limb carry, %d bits", tc.bits), err, ruleRange, carried(ints[i]))
	}
}

// TestForgedWordRecomposition: the prover answers a word's limbs for another
// word d' (limbs in range), the block sums for d', and publishes y = P(z) of
// the words with d' (z the challenge of the true words, which the native
// words still give): everything matches but the limbs' recomposition to the
// word, which rejects it. Without it the opening would prove a blob holding
// d' for words holding d.
func TestForgedWordRecomposition(t *testing.T) {
	for _, bits := range []int{236, 100} { // 100: two zero-width limbs
		const n, i = 5, 3
		fx := newFixture(t, 24, n, bits)
		rng := rand.New(rand.NewPCG(25, uint64(bits)))
		other := randomWords(rng, 1, bits)[0]
		claimed := append([]bnfr.Element(nil), fx.words...)
		claimed[i] = other
		y, err := Evaluate(claimed, fx.z)
		if err != nil {
			t.Fatal(err)
		}
		d, d2 := bnBig(fx.words[i]), bnBig(other)
		w := assignment(fx.blob, fx.z, y, fx.words)
		err = test.IsSolved(shape(n, bits), w, field,
			forge(limbsHint, is(d), func(_, out []*big.Int) { putLimbs(out, d2) }),
			answerFor(blockHint, 2+i, d2))
		rejectedBy(t, fmt.Sprintf("limbs of another word, %d bits", bits), err,
			ruleEqual+" "+d2.String()+" == "+d.String(), "(*Evaluator).limbs")
	}
}

func TestForgedPointLimbs(t *testing.T) {
	const n, bits = 3, 253
	rng := rand.New(rand.NewPCG(21, 0))
	ws := randomWords(rng, n, bits)
	words := vars(ws)
	ints := make([]*big.Int, n)
	for i := range ws {
		ints[i] = bnBig(ws[i])
	}
	c := &evalCircuit{Words: make([]frontend.Variable, n), bits: bits}
	// z + p as the evaluation point (the precompile checks z): each of the
	// comparison's two rules is the only one left.
	for _, tc := range []struct {
		name string
		z    *big.Int
		rule string // the failing range check's value
	}{
		{"z + p, hi = pHi, lo > pLo", big.NewInt(2), rangeOf(big.NewInt(-3))}, // pLo − lo
		{"z + p, hi > pHi", pow2(130), rangeOf(big.NewInt(-4))},               // pHi − hi
	} {
		zp := new(big.Int).Add(tc.z, field)
		err := test.IsSolved(c, evalWitness(tc.z, blsInts(ints, zp), words), field,
			forge(limbsHint, is(tc.z), func(_, out []*big.Int) { putLimbs(out, zp) }),
			answerFor(blockHint, 1, zp), answerFor(vanishInvHint, 0, zp))
		rejectedBy(t, tc.name, err, ruleRange, tc.rule)
	}
	z := pow2(70)
	err := test.IsSolved(c, evalWitness(z, blsInts(ints, z), words), field, forge(limbsHint, is(z), carry))
	rejectedBy(t, "z limb carry", err, ruleRange, carried(z))
}

func TestForgedBlockSums(t *testing.T) {
	const n, bits = 20, 253 // blocks of 8, 8, 4 words
	fx := newFixture(t, 22, n, bits)
	z := bnBig(fx.z)
	for _, i := range []int{0, 2} {
		// u_i + 1, and y moved by (z^N − 1)/N to match: only relation i fails.
		var zb, zn, d blsfr.Element
		zb.SetBigInt(z)
		zn.Exp(zb, big.NewInt(N))
		one := blsfr.One()
		zn.Sub(&zn, &one)
		d.Mul(&zn, &invN)
		y := fx.y
		y.Add(&y, &d)
		w := assignment(fx.blob, fx.z, y, fx.words)
		err := test.IsSolved(shape(n, bits), w, field,
			forge(blockHint, func([]*big.Int) bool { return true }, func(_, out []*big.Int) {
				out[4*i].Add(out[4*i], big.NewInt(1))
			}))
		rejectedBy(t, "u_b + 1", err, ruleEval, "(*Evaluator).Evaluate")
		// the same t_i with limb 0 too wide
		var limb0 string
		err = test.IsSolved(shape(n, bits), assignment(fx.blob, fx.z, fx.y, fx.words), field,
			forge(blockHint, func([]*big.Int) bool { return true }, func(in, out []*big.Int) {
				limb0 = rangeOf(new(big.Int).Add(out[4*i], pow2(64)))
				carry(in, out[4*i:4*i+4])
			}))
		rejectedBy(t, "u_b limb carry", err, ruleRange, limb0)
	}
}

func TestForgedVanishingInverse(t *testing.T) {
	const n, bits = 2, 253
	fx := newFixture(t, 23, n, bits)
	w := assignment(fx.blob, fx.z, fx.y, fx.words)
	all := func([]*big.Int) bool { return true }
	err := test.IsSolved(shape(n, bits), w, field, forge(vanishInvHint, all, func(_, out []*big.Int) {
		out[0].Add(out[0], big.NewInt(1))
	}))
	rejectedBy(t, "v + 1", err, ruleEval, "(*Evaluator).Evaluate")
	var limb0 string
	err = test.IsSolved(shape(n, bits), w, field, forge(vanishInvHint, all, func(in, out []*big.Int) {
		limb0 = rangeOf(new(big.Int).Add(out[0], pow2(64)))
		carry(in, out)
	}))
	rejectedBy(t, "v limb carry", err, ruleRange, limb0)
}

package blob

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc"
	blsfr "github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/math/emulated"
	"github.com/consensys/gnark/std/math/emulated/emparams"
	"github.com/consensys/gnark/std/rangecheck"

	"github.com/zkperp/zkperp/circuits/gadget"
)

// Element is an F_r(BLS12-381) value in the circuit (emulated).
type Element = emulated.Element[emparams.BLS12381Fr]

// Evaluator builds the blob statement's constraints.
type Evaluator struct {
	api      frontend.API
	f        *emulated.Field[emparams.BLS12381Fr]
	rc       frontend.Rangechecker
	h        *gadget.Hasher
	wordBits int
}

// New returns an Evaluator for words below 2^wordBits, 1 ≤ wordBits ≤
// MaxWordBits. The circuit's native field must be BN254's scalar field.
func New(api frontend.API, wordBits int) (*Evaluator, error) {
	if wordBits < 1 || wordBits > MaxWordBits {
		return nil, fmt.Errorf("blob: word width %d outside [1, %d]", wordBits, MaxWordBits)
	}
	if api.Compiler().Field().Cmp(ecc.BN254.ScalarField()) != 0 {
		return nil, fmt.Errorf("blob: native field %s is not BN254's", api.Compiler().Field())
	}
	f, err := emulated.NewField[emparams.BLS12381Fr](api)
	if err != nil {
		return nil, fmt.Errorf("blob: emulated field: %w", err)
	}
	h, err := gadget.NewHasher(api)
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	return &Evaluator{api: api, f: f, rc: rangecheck.New(api), h: h, wordBits: wordBits}, nil
}

// Field returns the emulated F_r(BLS12-381) field the Evaluator works in.
func (e *Evaluator) Field() *emulated.Field[emparams.BLS12381Fr] { return e.f }

// Challenge returns z = Chain(TagChallenge, vhHi, vhLo, words…) (the native
// Challenge). vhHi and vhLo are the 128-bit halves of the versioned hash as
// the verifier supplies them; they are hashed, not range-checked.
func (e *Evaluator) Challenge(vhHi, vhLo frontend.Variable, words []frontend.Variable) frontend.Variable {
	fields := make([]frontend.Variable, 0, 2+len(words))
	fields = append(fields, vhHi, vhLo)
	fields = append(fields, words...)
	return e.h.Chain(TagChallenge, fields...)
}

// pow2 returns 2^k.
func pow2(k int) *big.Int { return new(big.Int).Lsh(big.NewInt(1), uint(k)) }

// limbs returns the hinted 64-bit limbs of x, limb j range-checked to
// widths[j] bits, and asserts Σ limb_j·2^(64j) = x in the native field.
func (e *Evaluator) limbs(x frontend.Variable, widths [nbLimbs]int) ([]frontend.Variable, error) {
	out, err := e.api.Compiler().NewHint(limbsHint, nbLimbs, x)
	if err != nil {
		return nil, fmt.Errorf("blob: limbs hint: %w", err)
	}
	var sum frontend.Variable = 0
	for j, l := range out {
		if widths[j] == 0 {
			e.api.AssertIsEqual(l, 0)
		} else {
			e.rc.Check(l, widths[j])
		}
		sum = e.api.Add(sum, e.api.Mul(l, pow2(limbBits*j)))
	}
	e.api.AssertIsEqual(sum, x)
	return out, nil
}

// word returns d (< 2^wordBits) as an F_r(BLS12-381) element. The limbs
// recompose to an integer below 2^wordBits ≤ 2^253 < p_BN254, so the native
// equation fixes them: the element is the integer d.
func (e *Evaluator) word(d frontend.Variable) (*Element, error) {
	var widths [nbLimbs]int
	for j := range widths {
		widths[j] = min(limbBits, max(0, e.wordBits-limbBits*j))
	}
	ls, err := e.limbs(d, widths)
	if err != nil {
		return nil, err
	}
	return e.f.UnsafeFromLimbs(ls), nil // every limb range-checked to ≤ 64 bits
}

// point returns z (any native value) as the F_r(BLS12-381) element with the
// same integer value: the limbs recompose to z modulo p_BN254 and, as
// integers, to at most p_BN254 − 1 (hi/lo 128-bit comparison), so they are
// z's canonical limbs.
func (e *Evaluator) point(z frontend.Variable) (*Element, error) {
	ls, err := e.limbs(z, [nbLimbs]int{64, 64, 64, 62})
	if err != nil {
		return nil, err
	}
	api := e.api
	pm1 := new(big.Int).Sub(api.Compiler().Field(), big.NewInt(1))
	pHi := new(big.Int).Rsh(pm1, 128)                                        // < 2^126
	pLo := new(big.Int).And(pm1, new(big.Int).Sub(pow2(128), big.NewInt(1))) // < 2^128
	hi := api.Add(ls[2], api.Mul(ls[3], pow2(64)))                           // < 2^126
	lo := api.Add(ls[0], api.Mul(ls[1], pow2(64)))                           // < 2^128
	dHi := api.Sub(pHi, hi)
	e.rc.Check(dHi, 126) // hi ≤ pHi
	eq := api.IsZero(dHi)
	e.rc.Check(api.Mul(eq, api.Sub(pLo, lo)), 128) // hi = pHi ⇒ lo ≤ pLo
	return e.f.UnsafeFromLimbs(ls), nil
}

// hinted returns the emulated outputs of a native hint: 4 limbs per value,
// each range-checked to 64 bits.
func (e *Evaluator) hinted(raw []frontend.Variable) []*Element {
	out := make([]*Element, len(raw)/nbLimbs)
	for i := range out {
		ls := raw[nbLimbs*i : nbLimbs*(i+1)]
		for _, l := range ls {
			e.rc.Check(l, limbBits)
		}
		out[i] = e.f.UnsafeFromLimbs(ls)
	}
	return out
}

// blockSize is the number of words per hinted term (a power of two): the
// first words of a blob lie on the cosets of the subgroup of order
// blockSize (bit-reversed order), so one relation binds a block's sum.
const blockSize = 8

// Evaluate returns y = P(z) for the polynomial P whose evaluations on the
// blob domain are words (each below 2^wordBits) followed by zeros:
//
//	P(z) = (z^N − 1)/N · Σ_b u_b,   u_b = Σ_{i in block b} d_i·ω_i/(z − ω_i).
//
// Block b holds the words bB..bB+B−1 (B = min(8, n rounded up to a power of
// two)); their points are the coset a_b·H_B (a_b = ω_bB, H_B the B-th roots
// of unity), so Π_i (z − ω_i) = z^B − a_b^B and
//
//	u_b·(z^B − a_b^B) = Σ_{m<B} z^(B−1−m) · Σ_i ω_i^(m+1)·d_i.
//
// u_b is hinted and bound by that relation mod r (one deferred emulated check
// per block); z^N ≠ 1 is asserted (a hinted v with v·(z^N − 1) = 1), so no
// z^B − a_b^B is zero and each u_b is the unique solution. An honest prover
// fails only for z on the domain (probability ≤ N/p_BN254 for a hash output).
//
// The result is reduced (limbs of 64 bits) but not necessarily below r; use
// Halves for its canonical public form.
func (e *Evaluator) Evaluate(z frontend.Variable, words []frontend.Variable) (*Element, error) {
	n := len(words)
	if n > N {
		return nil, fmt.Errorf("%w: %d > %d", ErrTooManyWords, n, N)
	}
	f := e.f
	zE, err := e.point(z)
	if err != nil {
		return nil, err
	}
	bs := 1
	for bs < blockSize && bs < n {
		bs *= 2
	}
	// pows[k] = z^k for 1 ≤ k ≤ bs, then z^N by squaring z^bs.
	pows := make([]*Element, bs+1)
	pows[0], pows[1] = f.One(), zE
	for k := 2; k <= bs; k++ {
		pows[k] = f.Mul(pows[k/2], pows[k-k/2])
	}
	zN := pows[bs]
	for k := bs; k < N; k *= 2 {
		zN = f.Mul(zN, zN)
	}
	raw, err := e.api.Compiler().NewHint(vanishInvHint, nbLimbs, z)
	if err != nil {
		return nil, fmt.Errorf("blob: vanishing inverse hint: %w", err)
	}
	v := e.hinted(raw)[0]
	f.AssertEvalIsZero([][]*Element{{v, zN}, {v}, {f.One()}}, []int{1, -1, -1})
	if n == 0 {
		return f.Zero(), nil
	}

	ds := make([]*Element, n)
	for i, w := range words {
		if ds[i], err = e.word(w); err != nil {
			return nil, err
		}
	}
	in := make([]frontend.Variable, 0, 2+n)
	in = append(in, bs, z)
	in = append(in, words...)
	nb := (n + bs - 1) / bs
	raw, err = e.api.Compiler().NewHint(blockHint, nbLimbs*nb, in...)
	if err != nil {
		return nil, fmt.Errorf("blob: block hint: %w", err)
	}
	us := e.hinted(raw)
	for b, u := range us {
		// one constant element per ±ω_i^k (ω_{i+1} = −ω_i for even i):
		// the sign goes to the product's coefficient.
		consts := map[blsfr.Element]*Element{}
		constant := func(x blsfr.Element) (*Element, int) {
			if c, ok := consts[x]; ok {
				return c, 1
			}
			var neg blsfr.Element
			neg.Neg(&x)
			if c, ok := consts[neg]; ok {
				return c, -1
			}
			c := f.NewElement(x.BigInt(new(big.Int)))
			consts[x] = c
			return c, 1
		}
		a := Root(b * bs)
		var aB blsfr.Element
		aB.Exp(a, big.NewInt(int64(bs)))
		cB, sB := constant(aB)
		terms := [][]*Element{{u, pows[bs]}, {u, cB}}
		coefs := []int{1, -sB}
		for i := b * bs; i < min(n, (b+1)*bs); i++ {
			w := Root(i)
			kappa := w // ω_i^(m+1)
			for m := range bs {
				if m > 0 {
					kappa.Mul(&kappa, &w)
				}
				c, sign := constant(kappa)
				if p := bs - 1 - m; p == 0 {
					terms = append(terms, []*Element{c, ds[i]})
				} else {
					terms = append(terms, []*Element{c, ds[i], pows[p]})
				}
				coefs = append(coefs, -sign)
			}
		}
		f.AssertEvalIsZero(terms, coefs)
	}
	sum := f.Sum(us...)
	domainOnce.Do(initDomain)
	cN := f.NewElement(invN.BigInt(new(big.Int)))
	return f.Eval([][]*Element{{cN, zN, sum}, {cN, sum}}, []int{1, -1}), nil
}

// Halves returns y's canonical value (below r) as big-endian 128-bit halves
// (hi, lo): the public-input form of the precompile's 32-byte y.
func (e *Evaluator) Halves(y *Element) (hi, lo frontend.Variable) {
	r := e.f.ReduceStrict(y)
	ls := make([]frontend.Variable, nbLimbs)
	for j := range ls {
		ls[j] = 0
		if j < len(r.Limbs) {
			ls[j] = r.Limbs[j]
		}
	}
	api := e.api
	hi = api.Add(ls[2], api.Mul(ls[3], pow2(64)))
	lo = api.Add(ls[0], api.Mul(ls[1], pow2(64)))
	return hi, lo
}

// AssertOpening asserts the blob statement for public (vhHi, vhLo, z, yHi,
// yLo): z = Challenge(vhHi, vhLo, words) and (yHi, yLo) = Halves(P(z)).
func (e *Evaluator) AssertOpening(vhHi, vhLo, z, yHi, yLo frontend.Variable, words []frontend.Variable) error {
	e.api.AssertIsEqual(e.Challenge(vhHi, vhLo, words), z)
	y, err := e.Evaluate(z, words)
	if err != nil {
		return err
	}
	hi, lo := e.Halves(y)
	e.api.AssertIsEqual(hi, yHi)
	e.api.AssertIsEqual(lo, yLo)
	return nil
}

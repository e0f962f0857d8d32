package blob

import (
	"errors"
	"fmt"
	"math/big"

	blsfr "github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark/constraint/solver"
)

func init() {
	solver.RegisterHint(GetHints()...)
}

// GetHints returns the hints of the package (for solver registration and for
// the tests' hint substitution).
func GetHints() []solver.Hint {
	return []solver.Hint{limbsHint, blockHint, vanishInvHint}
}

const (
	limbBits = 64
	nbLimbs  = 4
)

var limbMask = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), limbBits), big.NewInt(1))

// putLimbs writes the 64-bit limbs of x (little-endian) into out.
func putLimbs(out []*big.Int, x *big.Int) {
	v := new(big.Int).Set(x)
	for j := range out {
		out[j].And(v, limbMask)
		v.Rsh(v, limbBits)
	}
}

// limbsHint: in = x_1..x_k (native), out = the four 64-bit limbs of each x.
// Bound by: limb range checks and Σ limb_j·2^(64j) = x (Evaluator.toBLS).
func limbsHint(_ *big.Int, in, out []*big.Int) error {
	if len(out) != nbLimbs*len(in) {
		return fmt.Errorf("blob: limbs hint: %d outputs for %d inputs", len(out), len(in))
	}
	for i, x := range in {
		putLimbs(out[nbLimbs*i:nbLimbs*(i+1)], x)
	}
	return nil
}

var errNoInverse = errors.New("blob: evaluation point on the blob domain")

// blsOf reads the native value x (< p_BN254 < r) into F_r(BLS12-381).
func blsOf(x *big.Int) blsfr.Element {
	var e blsfr.Element
	e.SetBigInt(x)
	return e
}

// blockHint: in = (B, z, d_0..d_{n−1}), out = limbs of u_b = Σ_{i in block b}
// d_i·ω_i/(z − ω_i) in F_r(BLS12-381), one per block of B consecutive words
// (the last one may be short). Bound by: limb range checks and
// u_b·(z^B − a_b^B) ≡ Σ_{i,m} ω_i^(m+1)·d_i·z^(B−1−m) (mod r)
// (Evaluator.Evaluate), which fixes u_b once z^N ≠ 1.
func blockHint(_ *big.Int, in, out []*big.Int) error {
	if len(in) < 2 || !in[0].IsInt64() || in[0].Int64() < 1 {
		return fmt.Errorf("blob: block hint: bad header (%d inputs)", len(in))
	}
	bs, n := int(in[0].Int64()), len(in)-2
	if n > N {
		return fmt.Errorf("%w: %d > %d", ErrTooManyWords, n, N)
	}
	nb := (n + bs - 1) / bs
	if len(out) != nbLimbs*nb {
		return fmt.Errorf("blob: block hint: %d outputs for %d blocks", len(out), nb)
	}
	domainOnce.Do(initDomain)
	z := blsOf(in[1])
	den := make([]blsfr.Element, n)
	for i := range den {
		den[i].Sub(&z, &domain[i])
		if den[i].IsZero() {
			return fmt.Errorf("%w: z = ω_%d", errNoInverse, i)
		}
	}
	inv := blsfr.BatchInvert(den)
	u := make([]blsfr.Element, nb)
	for i := range n {
		d := blsOf(in[2+i])
		var t blsfr.Element
		t.Mul(&d, &domain[i])
		t.Mul(&t, &inv[i])
		u[i/bs].Add(&u[i/bs], &t)
	}
	var b big.Int
	for k := range u {
		u[k].BigInt(&b)
		putLimbs(out[nbLimbs*k:nbLimbs*(k+1)], &b)
	}
	return nil
}

// vanishInvHint: in = z, out = limbs of v = 1/(z^N − 1) in F_r(BLS12-381).
// Bound by: limb range checks and v·z^N − v − 1 ≡ 0 (mod r).
func vanishInvHint(_ *big.Int, in, out []*big.Int) error {
	if len(in) != 1 || len(out) != nbLimbs {
		return fmt.Errorf("blob: vanishing inverse hint: %d outputs for %d inputs", len(out), len(in))
	}
	z := blsOf(in[0])
	var v blsfr.Element
	v.Exp(z, big.NewInt(N))
	one := blsfr.One()
	v.Sub(&v, &one)
	if v.IsZero() {
		return errNoInverse
	}
	v.Inverse(&v)
	var b big.Int
	v.BigInt(&b)
	putLimbs(out, &b)
	return nil
}

package blob

import (
	"errors"
	"fmt"
	"math/big"
	"math/bits"
	"sync"

	blsfr "github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	bnfr "github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"

	"github.com/zkperp/zkperp/contracts/blobtx"
	"github.com/zkperp/zkperp/state/hash"
)

const (
	// N is the number of field elements of a blob (the order of the domain).
	N = 4096
	// logN is log2(N).
	logN = 12
	// MaxWordBits is the largest word width the circuit accepts: 2^253 <
	// p_BN254, so a word's 64-bit limb decomposition is unique.
	MaxWordBits = 253
	// TagChallenge is the first input of the challenge chain: the ASCII bytes
	// "zkp-blob" (no leaf tag of protocol.md §1 is this large).
	TagChallenge uint64 = 0x7a6b702d626c6f62
	// rootOfUnity32 generates the order-2^32 subgroup of F_r(BLS12-381)
	// (consensus-specs' PRIMITIVE_ROOT_OF_UNITY 7 to the power (r−1)/2^32).
	rootOfUnity32 = "10238227357739495823651030575849232062558860180284477541189508159991286009131"
)

// ErrTooManyWords is returned for more than N words.
var ErrTooManyWords = errors.New("blob: more words than blob field elements")

var (
	domainOnce sync.Once
	domain     [N]blsfr.Element // domain[i] = ω_i = g^bitrev(i)
	invN       blsfr.Element
)

func initDomain() {
	var w blsfr.Element
	if _, err := w.SetString(rootOfUnity32); err != nil {
		panic(fmt.Sprintf("blob: root of unity: %v", err)) // constant input
	}
	var g blsfr.Element
	g.Exp(w, big.NewInt(1<<(32-logN)))
	pow := blsfr.One()
	for k := 0; k < N; k++ {
		domain[bits.Reverse16(uint16(k))>>(16-logN)] = pow
		pow.Mul(&pow, &g)
	}
	invN.SetUint64(N)
	invN.Inverse(&invN)
}

// Root returns ω_i, the evaluation point of blob field element i (the
// bit-reversal permuted roots of unity of EIP-4844). It panics for i outside
// [0, N) (a programming error: indices are compile-time sizes).
func Root(i int) blsfr.Element {
	domainOnce.Do(initDomain)
	return domain[i]
}

// VersionedHash returns the EIP-4844 versioned hash of blob (0x01 ‖
// sha256(commitment)[1:]) and its KZG commitment.
func VersionedHash(b *kzg4844.Blob) ([32]byte, kzg4844.Commitment, error) {
	c, err := kzg4844.BlobToCommitment(b)
	if err != nil {
		return [32]byte{}, kzg4844.Commitment{}, fmt.Errorf("blob: commitment: %w", err)
	}
	return blobtx.VersionedHash(c), c, nil
}

// Halves returns the big-endian 128-bit halves (hi, lo) of a 32-byte value,
// as BN254 elements (the public-input form of a versioned hash or of y).
func Halves(b [32]byte) (hi, lo bnfr.Element) {
	hi.SetBytes(b[:16])
	lo.SetBytes(b[16:])
	return hi, lo
}

// Challenge returns z = Chain(TagChallenge, vhHi, vhLo, words…), the
// Fiat–Shamir evaluation point of the blob with versioned hash vh claimed to
// hold words.
func Challenge(vh [32]byte, words []bnfr.Element) bnfr.Element {
	hi, lo := Halves(vh)
	fields := make([]bnfr.Element, 0, 2+len(words))
	fields = append(fields, hi, lo)
	fields = append(fields, words...)
	return hash.New().Chain(TagChallenge, fields...)
}

// ToBLS maps a BN254 scalar to the same integer in F_r(BLS12-381) (p_BN254 <
// r_BLS12-381, so the map is injective).
func ToBLS(x bnfr.Element) blsfr.Element {
	b := x.Bytes()
	var y blsfr.Element
	y.SetBytes(b[:]) // b < p_BN254 < r: no reduction
	return y
}

// Evaluate returns P(z), P the polynomial whose evaluations on the blob
// domain are the words followed by zeros (the claim y of the point
// evaluation precompile at z for Encode(words)).
func Evaluate(words []bnfr.Element, z bnfr.Element) (blsfr.Element, error) {
	if len(words) > N {
		return blsfr.Element{}, fmt.Errorf("%w: %d > %d", ErrTooManyWords, len(words), N)
	}
	ds := make([]blsfr.Element, len(words))
	for i := range words {
		ds[i] = ToBLS(words[i])
	}
	return evaluateBLS(ds, ToBLS(z)), nil
}

// evaluateBLS returns P(z) for the evaluations ds (then zeros) on the first
// len(ds) ≤ N domain points.
func evaluateBLS(ds []blsfr.Element, z blsfr.Element) blsfr.Element {
	domainOnce.Do(initDomain)
	for i := range ds {
		if z.Equal(&domain[i]) {
			return ds[i]
		}
	}
	// P(z) = (z^N − 1)/N · Σ d_i·ω_i/(z − ω_i), over the words only.
	den := make([]blsfr.Element, len(ds))
	for i := range ds {
		den[i].Sub(&z, &domain[i])
	}
	inv := blsfr.BatchInvert(den)
	var sum blsfr.Element
	for i := range ds {
		var t blsfr.Element
		t.Mul(&ds[i], &domain[i])
		t.Mul(&t, &inv[i])
		sum.Add(&sum, &t)
	}
	var zn blsfr.Element
	zn.Exp(z, big.NewInt(N))
	one := blsfr.One()
	zn.Sub(&zn, &one)
	zn.Mul(&zn, &invN)
	sum.Mul(&sum, &zn)
	return sum
}

// Opening returns the public values of the statement for a blob with
// versioned hash vh claimed to hold words: z = Challenge(vh, words) and
// y = Evaluate(words, z).
func Opening(vh [32]byte, words []bnfr.Element) (z bnfr.Element, y blsfr.Element, err error) {
	z = Challenge(vh, words)
	y, err = Evaluate(words, z)
	if err != nil {
		return bnfr.Element{}, blsfr.Element{}, err
	}
	return z, y, nil
}

package sigbatch

import (
	"math/big"

	tw "github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
)

// order is ℓ, the order of the twisted Edwards curve's prime subgroup.
var order = func() big.Int { c := tw.GetEdwardsCurve(); return c.Order }()

// scalar is a non-negative integer below 2^256, little-endian 64-bit words.
type scalar [4]uint64

func toScalar(x *big.Int) scalar {
	var s scalar
	for i, w := range x.Bits() {
		if i < 4 {
			s[i] = uint64(w)
		}
	}
	return s
}

// window returns the w bits of s starting at bit i (w ≤ 16).
func (s *scalar) window(i, w int) uint64 {
	if i >= 256 {
		return 0
	}
	word, off := i/64, uint(i%64)
	v := s[word] >> off
	if off+uint(w) > 64 && word+1 < 4 {
		v |= s[word+1] << (64 - off)
	}
	return v & (1<<uint(w) - 1)
}

// signedDigits recodes s (below 2^bits) into signed base-2^w digits d_j in [-2^(w-1), 2^(w-1)] with
// s = Σ d_j 2^(wj); it returns ceil(bits/w)+1 digits.
func signedDigits(s *scalar, bits, w int, out []int32) []int32 {
	n := (bits+w-1)/w + 1
	out = out[:0]
	half := int64(1) << uint(w-1)
	carry := int64(0)
	for j := 0; j < n; j++ {
		d := int64(s.window(j*w, w)) + carry
		carry = 0
		if d > half {
			d -= int64(1) << uint(w)
			carry = 1
		}
		out = append(out, int32(d))
	}
	return out
}

package state

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// unpackBig is unpack on big integers: the reference the word-wise unpack is checked against.
func unpackBig(e fr.Element, widths []uint) ([]uint64, error) {
	var b big.Int
	e.BigInt(&b)
	out := make([]uint64, len(widths))
	mask := new(big.Int)
	for i, w := range widths {
		mask.Lsh(big.NewInt(1), w).Sub(mask, big.NewInt(1))
		out[i] = new(big.Int).And(&b, mask).Uint64()
		b.Rsh(&b, w)
	}
	if b.Sign() != 0 {
		return nil, ErrOverflow
	}
	return out, nil
}

// unpack agrees with the big-integer reference on the leaves' layouts and random ones: packed values round trip,
// random field elements (excess bits in any word, or none) are split or refused alike.
func TestUnpackMatchesBigInt(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	layouts := [][]uint{positionWidths, orderWidths, paramsWidths, mstateWidths, fundsWidths, {64, 64, 64, 63}, {1}, {}, {3, 250}, {3, 100, 120}}
	for range 200 {
		n := 1 + rng.IntN(6)
		w := make([]uint, n)
		for i := range w {
			w[i] = uint(1 + rng.IntN(64))
		}
		layouts = append(layouts, w)
	}
	for _, widths := range layouts {
		var total uint
		for _, w := range widths {
			total += w
		}
		for k := range 100 {
			var e fr.Element
			switch k % 3 {
			case 0: // a packed value below the modulus: round trips
				if total > 253 {
					e.MustSetRandom()
					break
				}
				parts := make([]uint64, len(widths))
				for i, w := range widths {
					parts[i] = rng.Uint64() >> (64 - w)
				}
				e = pack(parts, widths)
				got, err := unpack(e, widths)
				if err != nil || !slices.Equal(got, parts) {
					t.Fatalf("widths %v: unpack(pack(%v)) = %v, %v", widths, parts, got, err)
				}
			case 1: // any element
				e.MustSetRandom()
			default: // a few bits past the layout
				if total >= 254 {
					e.MustSetRandom()
					break
				}
				b := new(big.Int).Lsh(big.NewInt(int64(1+rng.IntN(7))), total+uint(rng.IntN(int(254-total))))
				e.SetBigInt(b)
			}
			got, err := unpack(e, widths)
			want, werr := unpackBig(e, widths)
			if (err == nil) != (werr == nil) || err != nil && !errors.Is(err, ErrOverflow) || !slices.Equal(got, want) {
				t.Fatalf("widths %v, %s: unpack = %v, %v; reference %v, %v", widths, e.String(), got, err, want, werr)
			}
		}
	}
}

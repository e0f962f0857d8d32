package sigbatch

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	tw "github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
)

// fixedTable holds, for a point P, the affine multiples k·2^(w·j)·P for k = 1..2^(w-1) and every window j, so
// that [s]P for a scalar below 2^bits costs one mixed addition per non-zero signed digit and no doubling.
type fixedTable struct {
	w    int
	bits int
	t    [][]tw.PointAffine // t[j][k-1] = k·2^(w·j)·P
}

func newFixedTable(p *tw.PointAffine, w, bits int) *fixedTable {
	windows := (bits+w-1)/w + 1
	half := 1 << uint(w-1)
	ext := make([]tw.PointExtended, windows*half)
	var base tw.PointExtended
	base.FromAffine(p)
	for j := 0; j < windows; j++ {
		row := ext[j*half : (j+1)*half]
		row[0].Set(&base)
		for k := 1; k < half; k++ {
			row[k].Add(&row[k-1], &base)
		}
		for range w {
			base.Double(&base)
		}
	}
	// normalise to affine with one inversion
	zs := make([]fr.Element, len(ext))
	for i := range ext {
		zs[i] = ext[i].Z
	}
	inv := fr.BatchInvert(zs)
	t := &fixedTable{w: w, bits: bits, t: make([][]tw.PointAffine, windows)}
	flat := make([]tw.PointAffine, len(ext))
	for i := range ext {
		flat[i].X.Mul(&ext[i].X, &inv[i])
		flat[i].Y.Mul(&ext[i].Y, &inv[i])
	}
	for j := 0; j < windows; j++ {
		t.t[j] = flat[j*half : (j+1)*half]
	}
	return t
}

// addMul adds [s]P to acc (s below 2^bits).
func (t *fixedTable) addMul(acc *tw.PointExtended, s *scalar) {
	var buf [80]int32
	digits := signedDigits(s, t.bits, t.w, buf[:0])
	var q tw.PointAffine
	for j, d := range digits {
		switch {
		case d > 0:
			acc.MixedAdd(acc, &t.t[j][d-1])
		case d < 0:
			q.X.Neg(&t.t[j][-d-1].X)
			q.Y = t.t[j][-d-1].Y
			acc.MixedAdd(acc, &q)
		}
	}
}

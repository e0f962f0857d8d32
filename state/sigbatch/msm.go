package sigbatch

import (
	tw "github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
)

// msm adds Σ [s_i]P_i to acc, for scalars below 2^bits: Straus (interleaved signed windows, shared doublings) for a
// few points, Pippenger (signed-digit buckets) for many.
func msm(acc *tw.PointExtended, ps []tw.PointAffine, ss []scalar, bits int) {
	if len(ps) == 0 {
		return
	}
	c := bestWindow(len(ps), bits)
	if c == 0 {
		straus(acc, ps, ss, bits)
		return
	}
	pippenger(acc, ps, ss, bits, c)
}

// bestWindow picks the Pippenger window minimising its cost in point additions, or 0 when Straus is cheaper.
func bestWindow(n, bits int) int {
	const strausW = 4
	// Straus: bits doublings + per point (2^(w-1) table additions + one addition per window)
	best := bits + n*((1<<(strausW-1))+bits/strausW+1)
	bestC := 0
	for c := 2; c <= 16; c++ {
		windows := (bits+c-1)/c + 1
		cost := windows*(n+2*(1<<uint(c-1))) + windows*c
		if cost < best {
			best, bestC = cost, c
		}
	}
	return bestC
}

func straus(acc *tw.PointExtended, ps []tw.PointAffine, ss []scalar, bits int) {
	const w = 4
	const half = 1 << (w - 1)
	tabs := make([][half]tw.PointExtended, len(ps))
	digits := make([][]int32, len(ps))
	nd := 0
	for i := range ps {
		t := &tabs[i]
		t[0].FromAffine(&ps[i])
		for k := 1; k < half; k++ {
			t[k].Add(&t[k-1], &t[0])
		}
		digits[i] = signedDigits(&ss[i], bits, w, make([]int32, 0, bits/w+2))
		nd = len(digits[i])
	}
	var r, q tw.PointExtended
	r.X.SetZero()
	r.Y.SetOne()
	r.Z.SetOne()
	r.T.SetZero()
	for j := nd - 1; j >= 0; j-- {
		if j != nd-1 {
			for range w {
				r.Double(&r)
			}
		}
		for i := range ps {
			d := digits[i][j]
			switch {
			case d > 0:
				r.Add(&r, &tabs[i][d-1])
			case d < 0:
				q.Neg(&tabs[i][-d-1])
				r.Add(&r, &q)
			}
		}
	}
	acc.Add(acc, &r)
}

func pippenger(acc *tw.PointExtended, ps []tw.PointAffine, ss []scalar, bits, c int) {
	half := 1 << uint(c-1)
	digits := make([][]int32, len(ps))
	for i := range ps {
		digits[i] = signedDigits(&ss[i], bits, c, make([]int32, 0, bits/c+2))
	}
	nd := len(digits[0])
	buckets := make([]tw.PointExtended, half)
	var r, run, sum tw.PointExtended
	setZero(&r)
	var q tw.PointAffine
	for j := nd - 1; j >= 0; j-- {
		if j != nd-1 {
			for range c {
				r.Double(&r)
			}
		}
		for k := range buckets {
			setZero(&buckets[k])
		}
		used := false
		for i := range ps {
			d := digits[i][j]
			switch {
			case d > 0:
				buckets[d-1].MixedAdd(&buckets[d-1], &ps[i])
				used = true
			case d < 0:
				q.X.Neg(&ps[i].X)
				q.Y = ps[i].Y
				buckets[-d-1].MixedAdd(&buckets[-d-1], &q)
				used = true
			}
		}
		if !used {
			continue
		}
		// Σ k·bucket[k-1] by running sums
		setZero(&run)
		setZero(&sum)
		for k := half - 1; k >= 0; k-- {
			run.Add(&run, &buckets[k])
			sum.Add(&sum, &run)
		}
		r.Add(&r, &sum)
	}
	acc.Add(acc, &r)
}

func setZero(p *tw.PointExtended) {
	p.X.SetZero()
	p.Y.SetOne()
	p.Z.SetOne()
	p.T.SetZero()
}

package blob

import (
	"fmt"
	"testing"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/scs"
)

// challengeCircuit is the Fiat–Shamir hash alone.
type challengeCircuit struct {
	VhHi, VhLo, Z frontend.Variable `gnark:",public"`
	Words         []frontend.Variable
}

func (c *challengeCircuit) Define(api frontend.API) error {
	e, err := New(api, MaxWordBits)
	if err != nil {
		return err
	}
	api.AssertIsEqual(e.Challenge(c.VhHi, c.VhLo, c.Words), c.Z)
	return nil
}

// powCircuit is z's canonical limbs and z^4096 alone (12 squarings).
type powCircuit struct {
	Z frontend.Variable `gnark:",public"`
}

func (c *powCircuit) Define(api frontend.API) error {
	e, err := New(api, MaxWordBits)
	if err != nil {
		return err
	}
	zN, err := e.point(c.Z)
	if err != nil {
		return err
	}
	for range logN {
		zN = e.f.Mul(zN, zN)
	}
	e.f.AssertIsEqual(zN, e.f.One())
	return nil
}

func plonkConstraints(tb testing.TB, c frontend.Circuit) int {
	tb.Helper()
	ccs, err := frontend.Compile(field, scs.NewBuilder, c)
	if err != nil {
		tb.Fatal(err)
	}
	return ccs.GetNbConstraints()
}

// BenchmarkBlobConstraints reports the PLONK (scs, BN254) size of the blob
// statement (go test -bench BlobConstraints -run '^$' ./circuits/gadget/blob):
//
//   - opening/n=K: AssertOpening with K words of 236 bits (the batch's widest
//     pubdata word); "constraints" in all, "constraints/word" = (total −
//     fixed)/K, and for K = 64 "marginal/word" = (total(64) − total(16))/48,
//     the cost of one more word once the fixed part is paid, and "fixed" =
//     total(64) − 64·marginal (the affine fit's constant);
//   - opening/n=0: the fixed cost (z's canonical limbs, z^4096, the z^N ≠ 1
//     check, y's canonical halves, the hash of the versioned hash);
//   - zpow4096: z's canonical limbs and z^4096 alone (in every statement);
//   - evaluate/n=K (Evaluate and Halves at a given z) and challenge/n=K (the
//     hash alone): the two parts, figures as above.
//
// Small circuits include the range checker's table, whose size depends on
// the number of checks, and the powers z^2..z^8 are built only from n = 5 on
// (blocks of min(8, n) words): per-word figures are differences of totals.
func BenchmarkBlobConstraints(b *testing.B) {
	const bits = 236
	parts := []struct {
		name string
		c    func(n int) frontend.Circuit
	}{
		{"opening", func(n int) frontend.Circuit { return shape(n, bits) }},
		{"evaluate", func(n int) frontend.Circuit {
			return &evalCircuit{Words: make([]frontend.Variable, n), bits: bits}
		}},
		{"challenge", func(n int) frontend.Circuit { return &challengeCircuit{Words: make([]frontend.Variable, n)} }},
	}
	b.Run("zpow4096", func(b *testing.B) {
		for range b.N {
			b.ReportMetric(float64(plonkConstraints(b, &powCircuit{})), "constraints")
		}
	})
	for _, p := range parts {
		fixed := plonkConstraints(b, p.c(0))
		at16 := plonkConstraints(b, p.c(16))
		for _, n := range []int{0, 1, 16, 64} {
			b.Run(fmt.Sprintf("%s/n=%d", p.name, n), func(b *testing.B) {
				for range b.N {
					total := plonkConstraints(b, p.c(n))
					b.ReportMetric(float64(total), "constraints")
					if n > 0 {
						b.ReportMetric(float64(total-fixed)/float64(n), "constraints/word")
					}
					if n == 64 {
						marginal := float64(total-at16) / 48
						b.ReportMetric(marginal, "marginal/word")
						b.ReportMetric(float64(total)-64*marginal, "fixed")
					}
				}
			})
		}
	}
}

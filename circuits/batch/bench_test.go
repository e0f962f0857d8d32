package batch

import (
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test/unsafekzg"
)

// BenchmarkSlotConstraints reports the PLONK constraints of one slot at the
// default depths (accounts 24, positions 4, orders 10). Every tx type runs in
// the same uniform slot, so this is the cost of a Fill, a Deposit or a NoOp.
func BenchmarkSlotConstraints(b *testing.B) {
	for range b.N {
		one := compile(b, DefaultDepths(1)).GetNbConstraints()
		two := compile(b, DefaultDepths(2)).GetNbConstraints()
		b.ReportMetric(float64(two-one), "constraints/slot")
		b.ReportMetric(float64(2*one-two), "constraints/batch-fixed")
	}
}

// BenchmarkProve reports compile, setup (unsafe KZG) and prove times of a
// one-slot batch at test depths (go test -bench Prove -run ^$ ./circuits/batch).
func BenchmarkProve(b *testing.B) {
	cfg := Config{Slots: 1, AccountDepth: 4, PositionDepth: 2, OrderDepth: 3}
	for range b.N {
		t0 := time.Now()
		ccs := compile(b, cfg)
		tc := time.Since(t0)
		srs, srsL, err := unsafekzg.NewSRS(ccs, unsafekzg.WithToxicSeed(testToxicSeed))
		if err != nil {
			b.Fatal(err)
		}
		pk, _, err := plonk.Setup(ccs, srs, srsL)
		if err != nil {
			b.Fatal(err)
		}
		ts := time.Since(t0) - tc
		full, err := frontend.NewWitness(fillBatch(b, cfg), ecc.BN254.ScalarField())
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := plonk.Prove(ccs, pk, full); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(ccs.GetNbConstraints()), "constraints")
		b.ReportMetric(tc.Seconds(), "compile-s")
		b.ReportMetric(ts.Seconds(), "setup-s")
		b.ReportMetric(time.Since(t1).Seconds(), "prove-s")
	}
}

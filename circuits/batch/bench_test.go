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
// the same uniform slot, so this is the cost of a Fill, a Deposit or a NoOp;
// signatures are verified once per batch in the signature section
// (Config.SigSlots entries). Metrics:
//   - constraints/slot: a slot with one signature entry (SigSlots = Slots:
//     one distinct signature per slot on average, makers reused);
//   - constraints/slot-2sig: SigSlots = 2·Slots (every batch fits);
//   - constraints/slot-nosig and constraints/signature: the two parts;
//   - constraints/batch-fixed: the rest (roots, batch number, tables).
func BenchmarkSlotConstraints(b *testing.B) {
	for range b.N {
		count := func(slots, sigs int) int {
			cfg := DefaultDepths(slots)
			cfg.SigSlots = sigs
			return compile(b, cfg).GetNbConstraints()
		}
		c11, c22, c12, c24 := count(1, 1), count(2, 2), count(1, 2), count(2, 4)
		b.ReportMetric(float64(c22-c11), "constraints/slot")
		b.ReportMetric(float64(c24-c12), "constraints/slot-2sig")
		b.ReportMetric(float64(c12-c11), "constraints/signature")
		b.ReportMetric(float64(c22-c11-(c12-c11)), "constraints/slot-nosig")
		b.ReportMetric(float64(2*c11-c22), "constraints/batch-fixed")
	}
}

// BenchmarkProve reports compile, setup (unsafe KZG) and prove times of a
// one-slot batch at test depths (go test -bench Prove -run ^$ ./circuits/batch).
func BenchmarkProve(b *testing.B) {
	cfg := Config{Slots: 1, AccountDepth: 4, PositionDepth: 2, OrderDepth: 3, SigSlots: 2}
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

package batch

import (
	"fmt"
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

// BenchmarkBlobModeConstraints reports the blob DA mode (Config.Blob) against
// the calldata mode at the same slots and depths: DefaultDepths, or with
// -short the devnet's (accounts 10, positions 2, orders 6); SigSlots = Slots
// and K = 4 l1op inputs. The mode's cost does not depend on the depths (it
// only reads the slots' words and type selectors). Metrics:
//   - constraints/calldata-N, constraints/blob-N: whole circuits of N = 4, 16,
//     64 slots;
//   - constraints/slot-calldata, constraints/slot-blob: per slot (64 vs 16
//     slots);
//   - constraints/blob-word: the mode's cost per slot (its word's opening and
//     L1-op selection), constraints/blob-fixed: its fixed part (the challenge
//     point's limbs and z^4096, y, the tables), from the 16- and 64-slot
//     circuits;
//   - constraints/l1op-input-64: per further l1op input at 64 slots (K = 16
//     vs 4).
func BenchmarkBlobModeConstraints(b *testing.B) {
	depths := DefaultDepths(1)
	if testing.Short() {
		depths = Config{AccountDepth: 10, PositionDepth: 2, OrderDepth: 6}
	}
	count := func(slots, k int) int {
		cfg := depths
		cfg.Slots, cfg.Blob, cfg.L1Slots = slots, k > 0, k
		return compile(b, cfg).GetNbConstraints()
	}
	const k = 4
	for range b.N {
		cd, bl := map[int]int{}, map[int]int{}
		for _, n := range []int{4, 16, 64} {
			cd[n], bl[n] = count(n, 0), count(n, k)
			b.ReportMetric(float64(cd[n]), fmt.Sprintf("constraints/calldata-%d", n))
			b.ReportMetric(float64(bl[n]), fmt.Sprintf("constraints/blob-%d", n))
		}
		perCd, perBl := float64(cd[64]-cd[16])/48, float64(bl[64]-bl[16])/48
		b.ReportMetric(perCd, "constraints/slot-calldata")
		b.ReportMetric(perBl, "constraints/slot-blob")
		b.ReportMetric(perBl-perCd, "constraints/blob-word")
		b.ReportMetric(float64(bl[16]-cd[16])-16*(perBl-perCd), "constraints/blob-fixed")
		b.ReportMetric(float64(count(64, 16)-bl[64])/(16-k), "constraints/l1op-input-64")
	}
}

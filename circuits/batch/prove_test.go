package batch

import (
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/scs"
	"github.com/consensys/gnark/test/unsafekzg"

	"github.com/zkperp/zkperp/state"
)

// UNSAFE: a deterministic toxic seed, for tests only.
var testToxicSeed = []byte("zkperp circuits test seed: UNSAFE")

func compile(tb testing.TB, cfg Config) constraint.ConstraintSystem {
	tb.Helper()
	c, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), scs.NewBuilder, c)
	if err != nil {
		tb.Fatal(err)
	}
	return ccs
}

// fillBatch returns a one-slot batch holding a Fill between funded accounts.
func fillBatch(tb testing.TB, cfg Config) *Circuit {
	e := newEnv(tb, cfg)
	for acc := uint32(1); acc <= 2; acc++ {
		e.apply(e.deposit(acc, 1_000_000))
		e.apply(e.margin(acc, 0, true, 200_000, 0))
	}
	f := state.Fill{Maker: e.order(1, 9, 0, false, 1000, 800), Taker: e.order(2, 3, 0, true, 1010, 500), Price: 1000, Size: 500}
	traces, err := Pad(e.s, cfg, []*state.Trace{e.apply(f)})
	if err != nil {
		tb.Fatal(err)
	}
	w, err := Assign(cfg, 1, testDomain, traces)
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

// TestPlonkProveVerify runs one real PLONK proof (unsafe KZG setup) of a
// one-slot Fill batch at test depths, and checks that a changed public input
// fails verification.
func TestPlonkProveVerify(t *testing.T) {
	if testing.Short() {
		t.Skip("real PLONK proof")
	}
	cfg := Config{Slots: 1, AccountDepth: 4, PositionDepth: 2, OrderDepth: 3, SigSlots: 2}
	t0 := time.Now()
	ccs := compile(t, cfg)
	tCompile := time.Since(t0)
	srs, srsL, err := unsafekzg.NewSRS(ccs, unsafekzg.WithToxicSeed(testToxicSeed))
	if err != nil {
		t.Fatal(err)
	}
	pk, vk, err := plonk.Setup(ccs, srs, srsL)
	if err != nil {
		t.Fatal(err)
	}
	tSetup := time.Since(t0) - tCompile
	w := fillBatch(t, cfg)
	full, err := frontend.NewWitness(w, ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	t1 := time.Now()
	proof, err := plonk.Prove(ccs, pk, full)
	if err != nil {
		t.Fatal(err)
	}
	tProve := time.Since(t1)
	pub, err := full.Public()
	if err != nil {
		t.Fatal(err)
	}
	if err := plonk.Verify(proof, vk, pub); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d constraints: compile %v, setup %v, prove %v", ccs.GetNbConstraints(), tCompile, tSetup, tProve)

	// the same proof against another batch number must fail
	w.BatchNumber = 2
	other, err := frontend.NewWitness(w, ecc.BN254.ScalarField(), frontend.PublicOnly())
	if err != nil {
		t.Fatal(err)
	}
	if err := plonk.Verify(proof, vk, other); err == nil {
		t.Fatal("proof verified against other public inputs")
	}

	// the forged-PnL batch: the prover's division hint answers the closed
	// entry cost with quotient q + k and a wrapped remainder; no proof of it
	// can be made (the solver finds the remainder's range check unsatisfied)
	f := newPnLForgery(t)
	f.w.NewRoot = f.forgedRoot(t) // the root the forged batch ends in
	forged, err := frontend.NewWitness(f.w, ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	_, err = plonk.Prove(ccs, pk, forged, backend.WithSolverOptions(solver.OverrideHint(divModHintID(t), f.hint)))
	if err == nil {
		t.Fatal("a proof of the forged-PnL batch was made")
	}
	t.Logf("forged-PnL batch refused by the prover: %.200v", err)
}

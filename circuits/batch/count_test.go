package batch

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/scs"
)

func compileCount(tb testing.TB, cfg Config) int {
	tb.Helper()
	c, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), scs.NewBuilder, c)
	if err != nil {
		tb.Fatal(err)
	}
	return ccs.GetNbConstraints()
}

// TestSlotConstraints logs the PLONK constraints per slot at default depths
// (the difference between 2 slots and 1 slot removes the fixed part).
func TestSlotConstraints(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles default-depth circuits")
	}
	one := compileCount(t, DefaultDepths(1))
	two := compileCount(t, DefaultDepths(2))
	t.Logf("default depths: 1 slot %d, 2 slots %d, per slot %d", one, two, two-one)
}

package gadget

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/scs"
)

// countConstraints compiles c for PLONK on BN254 and returns its constraint count.
func countConstraints(tb testing.TB, c frontend.Circuit) int {
	tb.Helper()
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), scs.NewBuilder, c)
	if err != nil {
		tb.Fatal(err)
	}
	return ccs.GetNbConstraints()
}

// TestConstraintCounts logs the PLONK size of each gadget (go test -v -run Counts).
func TestConstraintCounts(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    frontend.Circuit
	}{
		{"chain3", &chainCircuit{}},
		{"merkle update depth 5", newMerkleCircuit()},
		{"eddsa verify", &sigCircuit{}},
		{"mulPPM", &divModCircuit{}},
	} {
		t.Logf("%-24s %7d", tc.name, countConstraints(t, tc.c))
	}
}

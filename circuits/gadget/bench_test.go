package gadget

import (
	"testing"

	"github.com/consensys/gnark/frontend"
)

// BenchmarkGadgetConstraints reports the PLONK constraints of each gadget
// (go test -bench GadgetConstraints -run ^$ ./circuits/gadget). Small
// circuits include the range checker's fixed table cost.
func BenchmarkGadgetConstraints(b *testing.B) {
	for _, tc := range []struct {
		name string
		c    func() frontend.Circuit
	}{
		{"chain3", func() frontend.Circuit { return &chainCircuit{} }},
		{"eddsa", func() frontend.Circuit { return &sigCircuit{} }},
		{"merkle-update-depth24", func() frontend.Circuit { return &merkleCircuit{Path: NewMerklePath(24)} }},
		{"merkle-update-depth10", func() frontend.Circuit { return &merkleCircuit{Path: NewMerklePath(10)} }},
		{"margin", func() frontend.Circuit { return &marginCircuit{} }},
		{"order-slot", func() frontend.Circuit { return &slotCircuit{} }},
		{"funding-tick", func() frontend.Circuit { return &fundingCircuit{} }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for range b.N {
				b.ReportMetric(float64(countConstraints(b, tc.c())), "constraints")
			}
		})
	}
}

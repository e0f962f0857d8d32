package prover

import (
	"fmt"
	"os"

	kzgbn254 "github.com/consensys/gnark-crypto/ecc/bn254/kzg"
	"github.com/consensys/gnark-crypto/kzg"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/constraint"
)

// loadCeremonySRS reads a canonical KZG SRS (gnark-crypto kzg.SRS, BN254) from a ceremony file, trims it to the
// circuit's size and derives the Lagrange form. See docs/prover.md for how to obtain one (e.g. converted from the
// Aztec Ignition transcript).
func loadCeremonySRS(path string, ccs constraint.ConstraintSystem) (kzg.SRS, kzg.SRS, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("prover: open SRS: %w", err)
	}
	defer f.Close()
	var srs kzgbn254.SRS
	if _, err := srs.ReadFrom(f); err != nil {
		return nil, nil, fmt.Errorf("prover: read SRS %s: %w", path, err)
	}
	sizeCanonical, sizeLagrange := plonk.SRSSize(ccs)
	if len(srs.Pk.G1) < sizeCanonical {
		return nil, nil, fmt.Errorf("prover: SRS has %d points, circuit needs %d", len(srs.Pk.G1), sizeCanonical)
	}
	srs.Pk.G1 = srs.Pk.G1[:sizeCanonical]
	lagrangeG1, err := kzgbn254.ToLagrangeG1(srs.Pk.G1[:sizeLagrange])
	if err != nil {
		return nil, nil, fmt.Errorf("prover: lagrange SRS: %w", err)
	}
	lag := kzgbn254.SRS{Pk: kzgbn254.ProvingKey{G1: lagrangeG1}, Vk: srs.Vk}
	return &srs, &lag, nil
}

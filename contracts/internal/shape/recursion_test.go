package shape

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/consensys/gnark"
	"github.com/consensys/gnark-crypto/ecc"
	native_plonk "github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/scs"
	"github.com/consensys/gnark/std/algebra"
	"github.com/consensys/gnark/std/algebra/emulated/sw_bn254"
	"github.com/consensys/gnark/std/algebra/native/sw_bls12377"
	"github.com/consensys/gnark/std/math/emulated"
	"github.com/consensys/gnark/std/recursion/plonk"
	"github.com/consensys/gnark/test/unsafekzg"
)

// A shape proof verifies natively and fails for other public inputs.
func TestShapeProve(t *testing.T) {
	k, err := Setup(17)
	if err != nil {
		t.Fatal(err)
	}
	in := make([]*big.Int, 17)
	for i := range in {
		in[i] = big.NewInt(int64(1000 + i))
	}
	if _, err := k.Prove(in); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Prove(in[:16]); err == nil {
		t.Fatal("short inputs accepted")
	}
	src, err := k.Solidity("X")
	if err != nil {
		t.Fatal(err)
	}
	if same, diff := SameCodeModuloVK(src, src); !same || len(diff) != 0 {
		t.Fatal("a source differs from itself")
	}
}

// outer verifies one PLONK proof of the inner circuit (its verifying key a constant, as gnark's examples).
type outer[FR emulated.FieldParams, G1El algebra.G1ElementT, G2El algebra.G2ElementT, GtEl algebra.GtElementT] struct {
	Proof        plonk.Proof[FR, G1El, G2El]
	VerifyingKey plonk.VerifyingKey[FR, G1El, G2El] `gnark:"-"`
	InnerWitness plonk.Witness[FR]                  `gnark:",public"`
}

func (c *outer[FR, G1El, G2El, GtEl]) Define(api frontend.API) error {
	v, err := plonk.NewVerifier[FR, G1El, G2El, GtEl](api)
	if err != nil {
		return err
	}
	return v.AssertProof(c.VerifyingKey, c.Proof, c.InnerWitness)
}

// innerKeys compiles the shape circuit (17 public inputs, one commitment: the devnet batch circuit's verifier
// shape) over `inner` and sets it up with an UNSAFE SRS.
func innerKeys(b *testing.B, inner *big.Int) (constraint.ConstraintSystem, native_plonk.VerifyingKey) {
	ccs, err := frontend.Compile(inner, scs.NewBuilder, &Circuit{Public: make([]frontend.Variable, 17)})
	if err != nil {
		b.Fatal(err)
	}
	srs, lag, err := unsafekzg.NewSRS(ccs)
	if err != nil {
		b.Fatal(err)
	}
	_, vk, err := native_plonk.Setup(ccs, srs, lag)
	if err != nil {
		b.Fatal(err)
	}
	return ccs, vk
}

// BenchmarkRecursionConstraints compiles (no setup, no proof) gnark's std/recursion/plonk verifier of one PLONK
// proof of the shape circuit with 17 public inputs and one BSB22 commitment (the devnet batch circuit's verifier
// shape), verifying key constant:
//
//   - bn254-in-bn254: a BN254 proof verified in a BN254 circuit (emulated field arithmetic and pairing; what
//     aggregating batch proofs for the BN254 L1 verifier would need at every layer);
//   - bls12377-in-bw6761: a BLS12-377 proof verified in a BW6-761 circuit (2-chain, native arithmetic), whose proof
//     would still need a BW6-761 → BN254 wrapper for L1.
//
// Metric: constraints (PLONK, SCS). The BN254 case takes minutes and several GiB to compile.
//
//	go test -run '^$' -bench RecursionConstraints -benchtime 1x -timeout 30m ./contracts/internal/shape
func BenchmarkRecursionConstraints(b *testing.B) {
	b.Logf("gnark %s", gnark.Version)
	b.Run("bls12377-in-bw6761", func(b *testing.B) {
		ccs, vk := innerKeys(b, ecc.BLS12_377.ScalarField())
		cvk, err := plonk.ValueOfVerifyingKey[sw_bls12377.ScalarField, sw_bls12377.G1Affine, sw_bls12377.G2Affine](vk)
		if err != nil {
			b.Fatal(err)
		}
		c := &outer[sw_bls12377.ScalarField, sw_bls12377.G1Affine, sw_bls12377.G2Affine, sw_bls12377.GT]{
			InnerWitness: plonk.PlaceholderWitness[sw_bls12377.ScalarField](ccs),
			Proof:        plonk.PlaceholderProof[sw_bls12377.ScalarField, sw_bls12377.G1Affine, sw_bls12377.G2Affine](ccs),
			VerifyingKey: cvk,
		}
		compile(b, ecc.BW6_761.ScalarField(), c)
	})
	b.Run("bn254-in-bn254", func(b *testing.B) {
		ccs, vk := innerKeys(b, ecc.BN254.ScalarField())
		cvk, err := plonk.ValueOfVerifyingKey[sw_bn254.ScalarField, sw_bn254.G1Affine, sw_bn254.G2Affine](vk)
		if err != nil {
			b.Fatal(err)
		}
		c := &outer[sw_bn254.ScalarField, sw_bn254.G1Affine, sw_bn254.G2Affine, sw_bn254.GTEl]{
			InnerWitness: plonk.PlaceholderWitness[sw_bn254.ScalarField](ccs),
			Proof:        plonk.PlaceholderProof[sw_bn254.ScalarField, sw_bn254.G1Affine, sw_bn254.G2Affine](ccs),
			VerifyingKey: cvk,
		}
		compile(b, ecc.BN254.ScalarField(), c)
	})
}

func compile(b *testing.B, field *big.Int, c frontend.Circuit) {
	var n int
	for range b.N {
		ccs, err := frontend.Compile(field, scs.NewBuilder, c)
		if err != nil {
			b.Fatal(fmt.Errorf("compile: %w", err))
		}
		n = ccs.GetNbConstraints()
	}
	b.ReportMetric(float64(n), "constraints")
}

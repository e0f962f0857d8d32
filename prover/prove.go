package prover

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/plonk"
	plonkbn254 "github.com/consensys/gnark/backend/plonk/bn254"
	"github.com/consensys/gnark/backend/solidity"
	"github.com/consensys/gnark/backend/witness"
	"github.com/consensys/gnark/frontend"

	"github.com/zkperp/zkperp/internal/proverrpc"
)

// Proof is a proof ready for the L1 verifier.
type Proof struct {
	Raw      []byte     // WriteRawTo encoding, what workers send to the node
	Solidity []byte     // MarshalSolidity() of the PLONK proof: the `proof` argument of Verify
	Public   []*big.Int // public inputs in circuit order
	Elapsed  time.Duration
}

// Prover proves witnesses of one circuit.
type Prover struct {
	keys *Keys
	log  *slog.Logger
}

// New returns a prover for keys.
func New(keys *Keys, log *slog.Logger) (*Prover, error) {
	if keys == nil || keys.CCS == nil || keys.PK == nil || keys.VK == nil {
		return nil, errors.New("prover: incomplete keys")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Prover{keys: keys, log: log}, nil
}

// Digest returns the circuit digest the prover is for.
func (p *Prover) Digest() string { return p.keys.Manifest.Digest }

// Keys returns the prover's keys.
func (p *Prover) Keys() *Keys { return p.keys }

// NewWitness builds a full witness from a circuit assignment.
func NewWitness(assignment frontend.Circuit) (witness.Witness, error) {
	w, err := frontend.NewWitness(assignment, ecc.BN254.ScalarField())
	if err != nil {
		return nil, fmt.Errorf("prover: witness: %w", err)
	}
	return w, nil
}

// UnmarshalWitness decodes a full witness in gnark's binary format.
func UnmarshalWitness(b []byte) (witness.Witness, error) {
	w, err := witness.New(ecc.BN254.ScalarField())
	if err != nil {
		return nil, err
	}
	if err := w.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("prover: decode witness: %w", err)
	}
	return w, nil
}

// DecodeWitness decodes a job's binary full witness after checking its size against the circuit, so a corrupt or
// hostile payload cannot make the worker allocate more than the circuit's witness.
func (p *Prover) DecodeWitness(b []byte) (witness.Witness, error) {
	ccs := p.keys.CCS
	if err := proverrpc.CheckWitness(b, ccs.GetNbPublicVariables(), ccs.GetNbSecretVariables()); err != nil {
		return nil, fmt.Errorf("prover: %w", err)
	}
	return UnmarshalWitness(b)
}

// Prove proves a full witness for the Solidity verifier and checks the proof natively before returning it.
func (p *Prover) Prove(ctx context.Context, full witness.Witness) (*Proof, error) {
	start := time.Now()
	estimate := time.Duration(float64(p.keys.Manifest.Constraints)/float64(1<<18)*30) * time.Second
	done := Progress(ctx, p.log, "prove", estimate)
	proof, err := plonk.Prove(p.keys.CCS, p.keys.PK, full, solidity.WithProverTargetSolidityVerifier(backend.PLONK))
	done()
	if err != nil {
		return nil, fmt.Errorf("prover: prove: %w", err)
	}
	pub, err := full.Public()
	if err != nil {
		return nil, fmt.Errorf("prover: public witness: %w", err)
	}
	if err := plonk.Verify(proof, p.keys.VK, pub, solidity.WithVerifierTargetSolidityVerifier(backend.PLONK)); err != nil {
		return nil, fmt.Errorf("prover: proof does not verify natively: %w", err)
	}
	vec, ok := pub.Vector().(fr.Vector)
	if !ok {
		return nil, errors.New("prover: unexpected public witness type")
	}
	out := &Proof{Elapsed: time.Since(start), Public: make([]*big.Int, len(vec))}
	for i := range vec {
		out.Public[i] = vec[i].BigInt(new(big.Int))
	}
	bp, ok := proof.(*plonkbn254.Proof)
	if !ok {
		return nil, errors.New("prover: not a BN254 PLONK proof")
	}
	var raw bytes.Buffer
	if _, err := bp.WriteRawTo(&raw); err != nil {
		return nil, fmt.Errorf("prover: encode proof: %w", err)
	}
	out.Raw, out.Solidity = raw.Bytes(), bp.MarshalSolidity()
	return out, nil
}

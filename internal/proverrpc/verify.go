package proverrpc

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/plonk"
	plonkbn254 "github.com/consensys/gnark/backend/plonk/bn254"
	"github.com/consensys/gnark/backend/solidity"
	"github.com/consensys/gnark/backend/witness"
)

// VerifyRaw checks a raw PLONK proof (WriteRawTo encoding) against vk and the expected public inputs, and returns
// the proof in the Solidity verifier's encoding. The node uses it on every submitted proof, so a worker can neither
// hand in a bad proof nor a proof of other public inputs.
func VerifyRaw(vk plonk.VerifyingKey, raw []byte, public []*big.Int) ([]byte, error) {
	proof := new(plonkbn254.Proof)
	if _, err := proof.ReadFrom(bytes.NewReader(raw)); err != nil {
		return nil, fmt.Errorf("decode proof: %w", err)
	}
	pw, err := witness.New(ecc.BN254.ScalarField())
	if err != nil {
		return nil, err
	}
	vec := make(fr.Vector, len(public))
	for i, p := range public {
		if p == nil || p.Sign() < 0 || p.Cmp(fr.Modulus()) >= 0 {
			return nil, errors.New("public input out of field")
		}
		vec[i].SetBigInt(p)
	}
	ch := make(chan any, len(vec))
	for _, v := range vec {
		ch <- v
	}
	close(ch)
	if err := pw.Fill(len(vec), 0, ch); err != nil {
		return nil, fmt.Errorf("public witness: %w", err)
	}
	if err := plonk.Verify(proof, vk, pw, solidity.WithVerifierTargetSolidityVerifier(backend.PLONK)); err != nil {
		return nil, err
	}
	return proof.MarshalSolidity(), nil
}

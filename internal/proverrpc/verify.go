package proverrpc

import (
	"bytes"
	"encoding/binary"
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

// Raw PLONK BN254 proof layout (gnark's WriteRawTo), with c = the verifying key's BSB22 commitment count:
//
//	LRO[3] ‖ Z ‖ H[3] ‖ BatchedProof.H          8 uncompressed G1 points (64 bytes each)
//	len ‖ BatchedProof.ClaimedValues            uint32 = 6+c, then 6+c field elements (32 bytes each)
//	ZShiftedOpening.H ‖ ClaimedValue            1 G1 point, 1 field element
//	len ‖ Bsb22Commitments                      uint32 = c, then c G1 points
//
// gnark's decoder trusts both length fields (a length of 0xFFFFFFFF allocates hundreds of GiB before reading), and
// it reads compressed points too, which shifts every later offset. checkRawProof pins the whole layout first.
const (
	g1Raw        = 64 // uncompressed G1 point
	frBytes      = fr.Bytes
	lenBytes     = 4
	fixedPoints  = 8 // LRO, Z, H, BatchedProof.H
	fixedClaimed = 6 // linearised polynomial, L, R, O, S1, S2 openings
	pointFlags   = 0b11 << 6
)

// ErrProofShape is returned for a proof whose encoding does not have the verifying key's exact shape.
var ErrProofShape = errors.New("proof encoding does not match the verifying key")

// RawProofSize returns the exact byte length of a raw (WriteRawTo) proof for a verifying key with `commitments`
// BSB22 commitments.
func RawProofSize(commitments int) int {
	return fixedPoints*g1Raw + lenBytes + (fixedClaimed+commitments)*frBytes + g1Raw + frBytes + lenBytes +
		commitments*g1Raw
}

// Commitments returns the number of BSB22 commitments of a BN254 PLONK verifying key.
func Commitments(vk plonk.VerifyingKey) (int, error) {
	k, ok := vk.(*plonkbn254.VerifyingKey)
	if !ok {
		return 0, fmt.Errorf("verifying key %T is not a BN254 PLONK key", vk)
	}
	return len(k.Qcp), nil
}

// checkRawProof checks raw against the layout above: exact length, both length fields, every point uncompressed.
func checkRawProof(raw []byte, commitments int) error {
	if want := RawProofSize(commitments); len(raw) != want {
		return fmt.Errorf("%w: %d bytes, want %d", ErrProofShape, len(raw), want)
	}
	off := 0
	points := func(n int) error {
		for i := 0; i < n; i++ {
			if raw[off]&pointFlags != 0 {
				return fmt.Errorf("%w: compressed or flagged point at byte %d", ErrProofShape, off)
			}
			off += g1Raw
		}
		return nil
	}
	length := func(want int) error {
		got := binary.BigEndian.Uint32(raw[off:])
		off += lenBytes
		if uint64(got) != uint64(want) {
			return fmt.Errorf("%w: length field %d at byte %d, want %d", ErrProofShape, got, off-lenBytes, want)
		}
		return nil
	}
	if err := points(fixedPoints); err != nil {
		return err
	}
	if err := length(fixedClaimed + commitments); err != nil {
		return err
	}
	off += (fixedClaimed + commitments) * frBytes
	if err := points(1); err != nil {
		return err
	}
	off += frBytes
	if err := length(commitments); err != nil {
		return err
	}
	return points(commitments)
}

// DecodeRaw decodes a raw proof of untrusted origin for a verifying key with `commitments` BSB22 commitments. The
// layout is checked before gnark's decoder runs, so no input allocates more than the proof's fixed size.
func DecodeRaw(raw []byte, commitments int) (*plonkbn254.Proof, error) {
	if err := checkRawProof(raw, commitments); err != nil {
		return nil, err
	}
	proof := new(plonkbn254.Proof)
	n, err := proof.ReadFrom(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("decode proof: %w", err)
	}
	if n != int64(len(raw)) {
		return nil, fmt.Errorf("%w: decoded %d of %d bytes", ErrProofShape, n, len(raw))
	}
	return proof, nil
}

// VerifyRaw checks a raw PLONK proof (WriteRawTo encoding) against vk and the expected public inputs, and returns
// the proof in the Solidity verifier's encoding. The node uses it on every submitted proof, so a worker can neither
// hand in a bad proof nor a proof of other public inputs, and no encoding can make the node allocate more than a
// proof's fixed size.
func VerifyRaw(vk plonk.VerifyingKey, raw []byte, public []*big.Int) ([]byte, error) {
	commitments, err := Commitments(vk)
	if err != nil {
		return nil, err
	}
	proof, err := DecodeRaw(raw, commitments)
	if err != nil {
		return nil, err
	}
	pw, err := publicWitness(public)
	if err != nil {
		return nil, err
	}
	if err := plonk.Verify(proof, vk, pw, solidity.WithVerifierTargetSolidityVerifier(backend.PLONK)); err != nil {
		return nil, err
	}
	return proof.MarshalSolidity(), nil
}

func publicWitness(public []*big.Int) (witness.Witness, error) {
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
	return pw, nil
}

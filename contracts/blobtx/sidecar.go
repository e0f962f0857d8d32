package blobtx

import (
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

// MaxBlobsPerTx is the most blobs one transaction may carry (EIP-7594's per-transaction cap, which geth's blob
// pool enforces from Osaka on).
const MaxBlobsPerTx = 6

// PrecompileInputSize is the size of the point-evaluation precompile's input: versioned hash, z, y, commitment,
// proof.
const PrecompileInputSize = 32 + 32 + 32 + 48 + 48

// PointEvaluationPrecompile is the address of the EIP-4844 point-evaluation precompile.
var PointEvaluationPrecompile = common.BytesToAddress([]byte{0x0a})

// ErrKZG wraps the KZG library's errors (commitment, proof or point computation).
var ErrKZG = errors.New("blobtx: kzg")

// Sidecar returns the sidecar of a transaction carrying blobs, with the commitments and the cell proofs (version 1,
// EIP-7594). go-ethereum v1.17.10's blob pool accepts only version-1 sidecars (txpool.validateBlobSidecar, whatever
// the fork); its eth_sendRawTransaction converts a version-0 sidecar to version 1 once Osaka is active, so the
// version-1 form is the one that is accepted everywhere from Osaka on. The versioned hashes are
// sidecar.BlobHashes().
func Sidecar(blobs []kzg4844.Blob) (*types.BlobTxSidecar, error) {
	return SidecarVersion(types.BlobSidecarVersion1, blobs)
}

// SidecarVersion returns the sidecar in the given version: types.BlobSidecarVersion0 (one blob proof per blob,
// the pre-Osaka network form) or types.BlobSidecarVersion1 (kzg4844.CellProofsPerBlob cell proofs per blob).
func SidecarVersion(version byte, blobs []kzg4844.Blob) (*types.BlobTxSidecar, error) {
	if len(blobs) == 0 || len(blobs) > MaxBlobsPerTx {
		return nil, fmt.Errorf("blobtx: %d blobs in a transaction, want 1..%d", len(blobs), MaxBlobsPerTx)
	}
	if version != types.BlobSidecarVersion0 && version != types.BlobSidecarVersion1 {
		return nil, fmt.Errorf("blobtx: unknown sidecar version %d", version)
	}
	commitments := make([]kzg4844.Commitment, len(blobs))
	var proofs []kzg4844.Proof
	for i := range blobs {
		c, err := kzg4844.BlobToCommitment(&blobs[i])
		if err != nil {
			return nil, fmt.Errorf("%w: blob %d commitment: %w", ErrKZG, i, err)
		}
		commitments[i] = c
		if version == types.BlobSidecarVersion0 {
			p, err := kzg4844.ComputeBlobProof(&blobs[i], c)
			if err != nil {
				return nil, fmt.Errorf("%w: blob %d proof: %w", ErrKZG, i, err)
			}
			proofs = append(proofs, p)
			continue
		}
		ps, err := kzg4844.ComputeCellProofs(&blobs[i])
		if err != nil {
			return nil, fmt.Errorf("%w: blob %d cell proofs: %w", ErrKZG, i, err)
		}
		proofs = append(proofs, ps...)
	}
	return types.NewBlobTxSidecar(version, append([]kzg4844.Blob(nil), blobs...), commitments, proofs), nil
}

// BlobProofs returns one blob proof per blob of sc (the proofs of a version-0 sidecar, and of the beacon API's
// blob sidecars), computing them for a version-1 sidecar.
func BlobProofs(sc *types.BlobTxSidecar) ([]kzg4844.Proof, error) {
	if len(sc.Commitments) != len(sc.Blobs) {
		return nil, fmt.Errorf("blobtx: %d commitments for %d blobs", len(sc.Commitments), len(sc.Blobs))
	}
	if sc.Version == types.BlobSidecarVersion0 {
		if len(sc.Proofs) != len(sc.Blobs) {
			return nil, fmt.Errorf("blobtx: %d proofs for %d blobs", len(sc.Proofs), len(sc.Blobs))
		}
		return append([]kzg4844.Proof(nil), sc.Proofs...), nil
	}
	proofs := make([]kzg4844.Proof, len(sc.Blobs))
	for i := range sc.Blobs {
		p, err := kzg4844.ComputeBlobProof(&sc.Blobs[i], sc.Commitments[i])
		if err != nil {
			return nil, fmt.Errorf("%w: blob %d proof: %w", ErrKZG, i, err)
		}
		proofs[i] = p
	}
	return proofs, nil
}

// VersionedHash returns the EIP-4844 versioned hash (version 0x01) of a commitment.
func VersionedHash(c kzg4844.Commitment) common.Hash {
	return kzg4844.CalcBlobHashV1(sha256.New(), &c)
}

// PointProof returns the KZG proof that the polynomial of blob evaluates to y at z (z, y: 32-byte big-endian
// BLS12-381 scalars; z must be canonical, < r_BLS12-381).
func PointProof(blob *kzg4844.Blob, z kzg4844.Point) (kzg4844.Proof, kzg4844.Claim, error) {
	proof, y, err := kzg4844.ComputeProof(blob, z)
	if err != nil {
		return kzg4844.Proof{}, kzg4844.Claim{}, fmt.Errorf("%w: point proof: %w", ErrKZG, err)
	}
	return proof, y, nil
}

// PrecompileInput returns the 192-byte input of the point-evaluation precompile (0x0a): versioned_hash ‖ z ‖ y ‖
// commitment ‖ proof. The precompile succeeds iff vh is the commitment's versioned hash and the proof shows that
// the committed polynomial takes the value y at z; it then returns FIELD_ELEMENTS_PER_BLOB ‖ BLS_MODULUS.
func PrecompileInput(vh common.Hash, z kzg4844.Point, y kzg4844.Claim, commitment kzg4844.Commitment, proof kzg4844.Proof) []byte {
	in := make([]byte, 0, PrecompileInputSize)
	in = append(in, vh[:]...)
	in = append(in, z[:]...)
	in = append(in, y[:]...)
	in = append(in, commitment[:]...)
	in = append(in, proof[:]...)
	return in
}

// Package hash defines the field hashing of zkperp: Poseidon2 2-to-1 compression over the BN254 scalar field,
// leaf chains with domain tags, and the empty-subtree hashes. It matches the circuit's
// std/permutation/poseidon2 Compress bit for bit (see docs/protocol.md §1).
package hash

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
)

// Domain tags of the leaf kinds (docs/protocol.md §1).
const (
	TagAccount  = 1
	TagPosition = 2
	TagOrder    = 3
	TagMarket   = 4
	TagDeposit  = 5
)

// Hasher computes Poseidon2 compressions. The permutation holds only read-only parameters, so a Hasher is safe
// for concurrent use.
type Hasher struct {
	perm *poseidon2.Permutation
}

// New returns a Hasher with gnark-crypto's default BN254 parameters (width 2, 6 full and 50 partial rounds).
func New() *Hasher {
	return &Hasher{perm: poseidon2.NewDefaultPermutation()}
}

// Compress returns H(l, r) = P(l, r)[1] + r.
func (h *Hasher) Compress(l, r fr.Element) fr.Element {
	x := [2]fr.Element{l, r}
	// Width is always 2 here; Permutation fails only on a wrong buffer size.
	_ = h.perm.Permutation(x[:])
	x[1].Add(&x[1], &r)
	return x[1]
}

// Chain returns H(...H(H(tag, f1), f2)..., fn), the hash of a tagged leaf.
func (h *Hasher) Chain(tag uint64, fields ...fr.Element) fr.Element {
	var acc fr.Element
	acc.SetUint64(tag)
	for _, f := range fields {
		acc = h.Compress(acc, f)
	}
	return acc
}

// EmptyHashes returns E_0..E_depth for a tree whose default leaf hashes to leaf: E_{k+1} = H(E_k, E_k).
func (h *Hasher) EmptyHashes(leaf fr.Element, depth int) []fr.Element {
	out := make([]fr.Element, depth+1)
	out[0] = leaf
	for k := 1; k <= depth; k++ {
		out[k] = h.Compress(out[k-1], out[k-1])
	}
	return out
}

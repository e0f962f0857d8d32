package gadget

import (
	"fmt"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/permutation/poseidon2"

	"github.com/zkperp/zkperp/state/hash"
)

// Leaf tags of docs/protocol.md §1: the first input of every leaf chain (the native definitions).
const (
	TagAccount  = hash.TagAccount
	TagPosition = hash.TagPosition
	TagOrder    = hash.TagOrder
	TagMarket   = hash.TagMarket
	TagDeposit  = hash.TagDeposit
)

// Hasher is the protocol hash H(l, r): the Poseidon2 width-2 compression of
// gnark-crypto (permutation, then feed-forward of the right input).
type Hasher struct {
	api  frontend.API
	perm *poseidon2.Permutation
}

// NewHasher returns the protocol hasher for api.
func NewHasher(api frontend.API) (*Hasher, error) {
	p, err := poseidon2.NewPoseidon2(api)
	if err != nil {
		return nil, fmt.Errorf("gadget: poseidon2: %w", err)
	}
	return &Hasher{api: api, perm: p}, nil
}

// Compress returns H(l, r).
func (h *Hasher) Compress(l, r frontend.Variable) frontend.Variable {
	return h.perm.Compress(l, r)
}

// Chain returns Chain(tag, f1, …, fn) = H(…H(H(tag, f1), f2)…, fn).
func (h *Hasher) Chain(tag frontend.Variable, fields ...frontend.Variable) frontend.Variable {
	acc := tag
	for _, f := range fields {
		acc = h.Compress(acc, f)
	}
	return acc
}

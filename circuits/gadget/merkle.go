package gadget

import (
	"github.com/consensys/gnark/frontend"
)

// MerklePath is the witness of one leaf of a fixed-depth sparse Merkle tree:
// the siblings from the leaf level (index 0) up to the level below the root.
type MerklePath struct {
	Siblings []frontend.Variable
}

// NewMerklePath returns a path sized for a tree of the given depth.
func NewMerklePath(depth int) MerklePath {
	return MerklePath{Siblings: make([]frontend.Variable, depth)}
}

// Depth is the number of levels of the path.
func (p MerklePath) Depth() int { return len(p.Siblings) }

// IndexBits decomposes index into Depth() bits, LSB first, constrained to be
// binary and to recompose to index (so index < 2^Depth()).
func (p MerklePath) IndexBits(api frontend.API, index frontend.Variable) []frontend.Variable {
	return api.ToBinary(index, p.Depth())
}

// Root returns the root of the tree holding leaf at the position given by
// bits (LSB first; bit i = 0 puts the running node on the left at level i).
// The bits must already be constrained binary.
func (p MerklePath) Root(api frontend.API, h *Hasher, bits []frontend.Variable, leaf frontend.Variable) frontend.Variable {
	if len(bits) != p.Depth() {
		panic("gadget: merkle path: index bits do not match depth")
	}
	cur := leaf
	for i, sib := range p.Siblings {
		cur = hashLevel(api, h, bits[i], cur, sib)
	}
	return cur
}

// Update moves one leaf from oldLeaf to newLeaf along the path selected by
// bits and returns the roots before and after. Both roots use the same
// siblings, so asserting oldRoot equals the current root proves the rest of
// the tree unchanged in newRoot.
func (p MerklePath) Update(api frontend.API, h *Hasher, bits []frontend.Variable, oldLeaf, newLeaf frontend.Variable) (oldRoot, newRoot frontend.Variable) {
	return p.Root(api, h, bits, oldLeaf), p.Root(api, h, bits, newLeaf)
}

// hashLevel returns H(cur, sib) when bit = 0 and H(sib, cur) when bit = 1.
func hashLevel(api frontend.API, h *Hasher, bit, cur, sib frontend.Variable) frontend.Variable {
	// left = cur + bit·(sib − cur); right = cur + sib − left: one multiplication.
	d := api.Mul(bit, api.Sub(sib, cur))
	left := api.Add(cur, d)
	right := api.Sub(sib, d)
	return h.Compress(left, right)
}

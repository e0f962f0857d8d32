package gadget

import (
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	p2 "github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
)

// Native reference used by the tests, written against gnark-crypto directly.

var nativePerm = p2.NewDefaultPermutation()

func nCompress(l, r fr.Element) fr.Element {
	x := [2]fr.Element{l, r}
	if err := nativePerm.Permutation(x[:]); err != nil {
		panic(err)
	}
	var out fr.Element
	out.Add(&x[1], &r)
	return out
}

func nChain(tag uint64, fs ...fr.Element) fr.Element {
	var acc fr.Element
	acc.SetUint64(tag)
	for _, f := range fs {
		acc = nCompress(acc, f)
	}
	return acc
}

func el(v uint64) fr.Element { var e fr.Element; e.SetUint64(v); return e }

func elBig(b *big.Int) fr.Element { var e fr.Element; e.SetBigInt(b); return e }

// nTree is a sparse Merkle tree with a default leaf hash, as in protocol.md §2.
type nTree struct {
	depth  int
	empty  []fr.Element // empty[k]: root of an empty subtree of height k
	leaves map[uint64]fr.Element
}

func newNTree(depth int, defaultLeaf fr.Element) *nTree {
	t := &nTree{depth: depth, empty: make([]fr.Element, depth+1), leaves: map[uint64]fr.Element{}}
	t.empty[0] = defaultLeaf
	for k := 1; k <= depth; k++ {
		t.empty[k] = nCompress(t.empty[k-1], t.empty[k-1])
	}
	return t
}

func (t *nTree) node(level int, idx uint64) fr.Element {
	if level == 0 {
		if v, ok := t.leaves[idx]; ok {
			return v
		}
		return t.empty[0]
	}
	// an untouched subtree is empty
	lo, hi := idx<<level, (idx+1)<<level
	touched := false
	for k := range t.leaves {
		if k >= lo && k < hi {
			touched = true
			break
		}
	}
	if !touched {
		return t.empty[level]
	}
	return nCompress(t.node(level-1, 2*idx), t.node(level-1, 2*idx+1))
}

func (t *nTree) Root() fr.Element { return t.node(t.depth, 0) }

func (t *nTree) Set(idx uint64, leaf fr.Element) { t.leaves[idx] = leaf }

func (t *nTree) Siblings(idx uint64) []fr.Element {
	s := make([]fr.Element, t.depth)
	for l := 0; l < t.depth; l++ {
		s[l] = t.node(l, (idx>>l)^1)
	}
	return s
}

func frBN254() *big.Int { return fr.Modulus() }

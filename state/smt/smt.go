// Package smt is a sparse Merkle tree of fixed depth over Poseidon2 (docs/protocol.md §2).
//
// Nodes are content-addressed (hash → children) and never overwritten, so every root ever committed stays readable:
// rolling back is choosing an older root. Empty subtrees are not stored: a node equal to the precomputed empty hash of
// its level has empty children. The tree computes; a NodeStore holds nodes; Buffer collects the nodes of several
// updates and writes them in one atomic kv batch: all of them (Flush), or those reachable from the roots that are
// committed (FlushPendingFrom, FlushFrozenFrom), not those of the roots in between.
package smt

import (
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/state/hash"
)

// MaxDepth bounds tree depth (indices are uint64; pubdata carries 32-bit account indices).
const MaxDepth = 32

// Errors.
var (
	ErrIndexRange   = errors.New("smt: index out of range")
	ErrMissingNode  = errors.New("smt: missing node")
	ErrBadDepth     = errors.New("smt: bad depth")
	ErrProofInvalid = errors.New("smt: proof does not match root")
)

// NodeStore reads nodes by hash.
type NodeStore interface {
	// Node returns the children of the inner node h, or ok=false when unknown.
	Node(h fr.Element) (left, right fr.Element, ok bool, err error)
}

// NodeWriter records new inner nodes.
type NodeWriter interface {
	NodeStore
	PutNode(h, left, right fr.Element)
}

// Tree describes one tree shape: depth and default leaf. It holds no root; all methods take the root, so a Tree is
// immutable and shared.
type Tree struct {
	depth int
	empty []fr.Element
	h     *hash.Hasher
}

// New returns a tree of the given depth whose untouched leaves hash to defaultLeaf.
func New(h *hash.Hasher, depth int, defaultLeaf fr.Element) (*Tree, error) {
	if depth < 1 || depth > MaxDepth {
		return nil, fmt.Errorf("%w: %d (1..%d)", ErrBadDepth, depth, MaxDepth)
	}
	return &Tree{depth: depth, empty: h.EmptyHashes(defaultLeaf, depth), h: h}, nil
}

// Depth returns the depth.
func (t *Tree) Depth() int { return t.depth }

// EmptyRoot returns the root of the tree with every leaf at its default.
func (t *Tree) EmptyRoot() fr.Element { return t.empty[t.depth] }

// Empty returns the empty-subtree hash at level k (0 = leaf).
func (t *Tree) Empty(k int) fr.Element { return t.empty[k] }

// Proof is the list of siblings from the leaf level (index 0) up to just below the root.
type Proof struct {
	Index    uint64
	Siblings []fr.Element
}

func (t *Tree) checkIndex(index uint64) error {
	if index>>uint(t.depth) != 0 {
		return fmt.Errorf("%w: %d (depth %d)", ErrIndexRange, index, t.depth)
	}
	return nil
}

// children returns the children of node h at level k (k ≥ 1).
func (t *Tree) children(s NodeStore, h fr.Element, k int) (fr.Element, fr.Element, error) {
	if h.Equal(&t.empty[k]) {
		return t.empty[k-1], t.empty[k-1], nil
	}
	l, r, ok, err := s.Node(h)
	if err != nil {
		return fr.Element{}, fr.Element{}, err
	}
	if !ok {
		return fr.Element{}, fr.Element{}, fmt.Errorf("%w: level %d", ErrMissingNode, k)
	}
	return l, r, nil
}

// Get returns the leaf hash at index and its proof under root.
func (t *Tree) Get(s NodeStore, root fr.Element, index uint64) (fr.Element, Proof, error) {
	if err := t.checkIndex(index); err != nil {
		return fr.Element{}, Proof{}, err
	}
	p := Proof{Index: index, Siblings: make([]fr.Element, t.depth)}
	cur := root
	for k := t.depth; k >= 1; k-- {
		l, r, err := t.children(s, cur, k)
		if err != nil {
			return fr.Element{}, Proof{}, err
		}
		if index>>uint(k-1)&1 == 0 {
			cur, p.Siblings[k-1] = l, r
		} else {
			cur, p.Siblings[k-1] = r, l
		}
	}
	return cur, p, nil
}

// ComputeRoot folds a leaf hash up its proof.
func (t *Tree) ComputeRoot(leaf fr.Element, p Proof) (fr.Element, error) {
	if len(p.Siblings) != t.depth {
		return fr.Element{}, fmt.Errorf("%w: %d siblings for depth %d", ErrProofInvalid, len(p.Siblings), t.depth)
	}
	if err := t.checkIndex(p.Index); err != nil {
		return fr.Element{}, err
	}
	cur := leaf
	for k := 0; k < t.depth; k++ {
		if p.Index>>uint(k)&1 == 0 {
			cur = t.h.Compress(cur, p.Siblings[k])
		} else {
			cur = t.h.Compress(p.Siblings[k], cur)
		}
	}
	return cur, nil
}

// Verify checks that leaf sits at p.Index under root.
func (t *Tree) Verify(root, leaf fr.Element, p Proof) error {
	got, err := t.ComputeRoot(leaf, p)
	if err != nil {
		return err
	}
	if !got.Equal(&root) {
		return ErrProofInvalid
	}
	return nil
}

// Update sets the leaf at index to leaf and returns the new root, the old leaf and the proof (shared by the old and
// the new leaf: an update changes only the path). New inner nodes go to w.
func (t *Tree) Update(w NodeWriter, root fr.Element, index uint64, leaf fr.Element) (newRoot, oldLeaf fr.Element, p Proof, err error) {
	oldLeaf, p, err = t.Get(w, root, index)
	if err != nil {
		return
	}
	cur := leaf
	for k := 0; k < t.depth; k++ {
		var l, r fr.Element
		if index>>uint(k)&1 == 0 {
			l, r = cur, p.Siblings[k]
		} else {
			l, r = p.Siblings[k], cur
		}
		cur = t.h.Compress(l, r)
		if !cur.Equal(&t.empty[k+1]) {
			w.PutNode(cur, l, r)
		}
	}
	return cur, oldLeaf, p, nil
}

// Walk visits the tree under root depth-first: enter is called with every stored inner node (subtrees equal to the
// empty subtree of their level are not stored and not visited) and returns whether to descend into it (false: its
// subtree was visited already, e.g. under another root sharing it); leaf is called with every leaf hash that is not
// the default leaf. A node missing from s is an error (ErrMissingNode), as is any error of enter or leaf.
func (t *Tree) Walk(s NodeStore, root fr.Element, enter func(h fr.Element) (bool, error), leaf func(h fr.Element) error) error {
	return t.walk(s, root, t.depth, enter, leaf)
}

func (t *Tree) walk(s NodeStore, h fr.Element, k int, enter func(fr.Element) (bool, error), leaf func(fr.Element) error) error {
	if h.Equal(&t.empty[k]) {
		return nil
	}
	if k == 0 {
		return leaf(h)
	}
	descend, err := enter(h)
	if err != nil || !descend {
		return err
	}
	l, r, ok, err := s.Node(h)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: %s at level %d", ErrMissingNode, h.String(), k)
	}
	if err := t.walk(s, l, k-1, enter, leaf); err != nil {
		return err
	}
	return t.walk(s, r, k-1, enter, leaf)
}

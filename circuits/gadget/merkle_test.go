package gadget

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"
)

// chainCircuit checks Chain against the native chain.
type chainCircuit struct {
	F   [3]frontend.Variable
	Out frontend.Variable `gnark:",public"`
}

func (c *chainCircuit) Define(api frontend.API) error {
	h, err := NewHasher(api)
	if err != nil {
		return err
	}
	api.AssertIsEqual(h.Chain(TagMarket, c.F[:]...), c.Out)
	return nil
}

func TestChainMatchesNative(t *testing.T) {
	assert := test.NewAssert(t)
	f := [3]fr.Element{el(7), el(1 << 62), elBig(fr.Modulus())} // last one reduces to 0
	f[2].SetUint64(0)
	out := nChain(TagMarket, f[:]...)
	good := &chainCircuit{F: [3]frontend.Variable{f[0], f[1], f[2]}, Out: out}
	bad := &chainCircuit{F: [3]frontend.Variable{f[0], f[1], 1}, Out: out}
	assert.CheckCircuit(&chainCircuit{}, test.WithValidAssignment(good), test.WithInvalidAssignment(bad),
		test.WithCurves(ecc.BN254), test.WithBackends(backend.PLONK), test.NoFuzzing())
}

const testDepth = 5

type merkleCircuit struct {
	Index            frontend.Variable
	OldLeaf, NewLeaf frontend.Variable
	Path             MerklePath
	OldRoot, NewRoot frontend.Variable `gnark:",public"`
}

func (c *merkleCircuit) Define(api frontend.API) error {
	h, err := NewHasher(api)
	if err != nil {
		return err
	}
	bits := c.Path.IndexBits(api, c.Index)
	o, n := c.Path.Update(api, h, bits, c.OldLeaf, c.NewLeaf)
	api.AssertIsEqual(o, c.OldRoot)
	api.AssertIsEqual(n, c.NewRoot)
	return nil
}

func newMerkleCircuit() *merkleCircuit {
	return &merkleCircuit{Path: NewMerklePath(testDepth)}
}

func TestMerkleUpdateMatchesNative(t *testing.T) {
	assert := test.NewAssert(t)
	tree := newNTree(testDepth, nChain(TagOrder, el(0)))
	tree.Set(3, nChain(TagOrder, el(5)))
	tree.Set(17, nChain(TagOrder, el(9)))
	tree.Set(30, nChain(TagOrder, el(11)))

	const idx = 17
	oldLeaf := tree.leaves[idx]
	oldRoot := tree.Root()
	sib := tree.Siblings(idx)
	newLeaf := nChain(TagOrder, el(12345))
	tree.Set(idx, newLeaf)
	newRoot := tree.Root()

	mk := func(mut func(c *merkleCircuit)) *merkleCircuit {
		c := newMerkleCircuit()
		c.Index, c.OldLeaf, c.NewLeaf, c.OldRoot, c.NewRoot = idx, oldLeaf, newLeaf, oldRoot, newRoot
		for i := range sib {
			c.Path.Siblings[i] = sib[i]
		}
		if mut != nil {
			mut(c)
		}
		return c
	}
	opts := []test.TestingOption{test.WithValidAssignment(mk(nil)),
		test.WithCurves(ecc.BN254), test.WithBackends(backend.PLONK), test.NoFuzzing()}
	for name, mut := range map[string]func(c *merkleCircuit){
		"wrong old root":   func(c *merkleCircuit) { c.OldRoot = newRoot },
		"wrong new root":   func(c *merkleCircuit) { c.NewRoot = oldRoot },
		"tampered sibling": func(c *merkleCircuit) { c.Path.Siblings[2] = 1 },
		"wrong index":      func(c *merkleCircuit) { c.Index = idx ^ 4 },
		"index too large":  func(c *merkleCircuit) { c.Index = idx + 1<<testDepth },
		"wrong old leaf":   func(c *merkleCircuit) { c.OldLeaf = newLeaf },
	} {
		_ = name
		opts = append(opts, test.WithInvalidAssignment(mk(mut)))
	}
	assert.CheckCircuit(newMerkleCircuit(), opts...)
}

func TestMerkleEmptyTreeRoot(t *testing.T) {
	// An empty tree's root is E_depth; the circuit computes it from empty siblings.
	assert := test.NewAssert(t)
	def := nChain(TagPosition, el(0))
	tree := newNTree(testDepth, def)
	root := tree.Root()
	c := newMerkleCircuit()
	c.Index, c.OldLeaf, c.NewLeaf, c.OldRoot, c.NewRoot = 0, def, def, root, root
	for i := range c.Path.Siblings {
		c.Path.Siblings[i] = tree.empty[i]
	}
	assert.NoError(test.IsSolved(newMerkleCircuit(), c, ecc.BN254.ScalarField()))
}

package blob

import (
	"errors"
	"fmt"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/scs"
	"github.com/consensys/gnark/test"
	"github.com/consensys/gnark/test/unsafekzg"
)

// TestHintSweep forges every output of every call of the package's hints,
// one at a time (+1), in an honest opening with two blocks: each forgery is
// rejected.
func TestHintSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("one solve per hint output")
	}
	const n, bits = 9, 236
	fx := newFixture(t, 30, n, bits)
	w := assignment(fx.blob, fx.z, fx.y, fx.words)
	c := shape(n, bits)

	// count the calls and outputs of each hint
	type call struct {
		hint solver.Hint
		nth  int // call number of this hint
		outs int
	}
	var calls []call
	var record []test.TestEngineOption
	for _, h := range GetHints() {
		h := h
		nth := 0
		record = append(record, test.WithReplacementHint(solver.GetHintID(h), func(mod *big.Int, in, out []*big.Int) error {
			calls = append(calls, call{hint: h, nth: nth, outs: len(out)})
			nth++
			return h(mod, in, out)
		}))
	}
	if err := test.IsSolved(c, w, field, record...); err != nil {
		t.Fatalf("honest: %v", err)
	}
	if len(calls) != 1+n+2 { // z, each word, the blocks, v
		t.Fatalf("%d hint calls", len(calls))
	}
	for _, cl := range calls {
		for o := range cl.outs {
			nth := 0
			opt := test.WithReplacementHint(solver.GetHintID(cl.hint), func(mod *big.Int, in, out []*big.Int) error {
				if err := cl.hint(mod, in, out); err != nil {
					return err
				}
				if nth == cl.nth {
					out[o].Add(out[o], big.NewInt(1))
				}
				nth++
				return nil
			})
			name := fmt.Sprintf("%s call %d output %d", solver.GetHintName(cl.hint), cl.nth, o)
			if err := test.IsSolved(c, w, field, opt); err == nil {
				t.Fatalf("%s + 1 accepted", name)
			}
		}
	}
}

// TestPlonkProveVerify proves and verifies a small opening with PLONK
// (unsafe test SRS), and checks that the proof fails against another y and
// another z.
func TestPlonkProveVerify(t *testing.T) {
	if testing.Short() {
		t.Skip("PLONK setup and proof")
	}
	const n, bits = 3, 236
	ccs, err := frontend.Compile(field, scs.NewBuilder, shape(n, bits))
	if err != nil {
		t.Fatal(err)
	}
	srs, srsL, err := unsafekzg.NewSRS(ccs, unsafekzg.WithToxicSeed([]byte("zkperp blob test seed: UNSAFE")))
	if err != nil {
		t.Fatal(err)
	}
	pk, vk, err := plonk.Setup(ccs, srs, srsL)
	if err != nil {
		t.Fatal(err)
	}
	fx := newFixture(t, 31, n, bits)
	w := assignment(fx.blob, fx.z, fx.y, fx.words)
	full, err := frontend.NewWitness(w, field)
	if err != nil {
		t.Fatal(err)
	}
	proof, err := plonk.Prove(ccs, pk, full)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := full.Public()
	if err != nil {
		t.Fatal(err)
	}
	if err := plonk.Verify(proof, vk, pub); err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(*openingCircuit){
		"y + 1": func(c *openingCircuit) { c.YLo = new(big.Int).Add(c.YLo.(*big.Int), big.NewInt(1)) },
		"z + 1": func(c *openingCircuit) { c.Z = new(big.Int).Add(c.Z.(*big.Int), big.NewInt(1)) },
	} {
		other := assignment(fx.blob, fx.z, fx.y, fx.words)
		edit(other)
		ow, err := frontend.NewWitness(other, field, frontend.PublicOnly())
		if err != nil {
			t.Fatal(err)
		}
		if err := plonk.Verify(proof, vk, ow); err == nil {
			t.Fatalf("proof verified with %s", name)
		}
	}
	t.Logf("%d constraints", ccs.GetNbConstraints())
}

type wideCircuit struct {
	Words []frontend.Variable
}

func (c *wideCircuit) Define(api frontend.API) error {
	e, err := New(api, MaxWordBits)
	if err != nil {
		return err
	}
	_, err = e.Evaluate(0, c.Words)
	return err
}

type bitsCircuit struct {
	X    frontend.Variable
	bits int
}

func (c *bitsCircuit) Define(api frontend.API) error {
	_, err := New(api, c.bits)
	return err
}

func TestConfigErrors(t *testing.T) {
	for _, b := range []int{0, -1, MaxWordBits + 1} {
		if _, err := frontend.Compile(field, scs.NewBuilder, &bitsCircuit{bits: b}); err == nil {
			t.Fatalf("word width %d accepted", b)
		}
	}
	if _, err := frontend.Compile(ecc.BLS12_381.ScalarField(), scs.NewBuilder, &bitsCircuit{bits: 100}); err == nil {
		t.Fatal("BLS12-381 native field accepted")
	}
	_, err := frontend.Compile(field, scs.NewBuilder, &wideCircuit{Words: make([]frontend.Variable, N+1)})
	if !errors.Is(err, ErrTooManyWords) {
		t.Fatalf("%d words: %v", N+1, err)
	}
}

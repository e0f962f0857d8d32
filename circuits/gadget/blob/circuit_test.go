package blob

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	blsfr "github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	bnfr "github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/scs"
	"github.com/consensys/gnark/test"

	"github.com/zkperp/zkperp/contracts/blobtx"
)

// openingCircuit is the blob statement as the batch circuit will use it.
type openingCircuit struct {
	VhHi, VhLo, Z, YHi, YLo frontend.Variable `gnark:",public"`
	Words                   []frontend.Variable
	bits                    int
}

func (c *openingCircuit) Define(api frontend.API) error {
	e, err := New(api, c.bits)
	if err != nil {
		return err
	}
	return e.AssertOpening(c.VhHi, c.VhLo, c.Z, c.YHi, c.YLo, c.Words)
}

// evalCircuit evaluates at a free point z (no challenge).
type evalCircuit struct {
	Z, YHi, YLo frontend.Variable `gnark:",public"`
	Words       []frontend.Variable
	bits        int
}

func (c *evalCircuit) Define(api frontend.API) error {
	e, err := New(api, c.bits)
	if err != nil {
		return err
	}
	y, err := e.Evaluate(c.Z, c.Words)
	if err != nil {
		return err
	}
	hi, lo := e.Halves(y)
	api.AssertIsEqual(hi, c.YHi)
	api.AssertIsEqual(lo, c.YLo)
	return nil
}

// fixture is an honest blob opening: the blob of words, its versioned hash,
// z = Challenge and y = go-ethereum's claim P_blob(z).
type fixture struct {
	words []bnfr.Element
	blob  [32]byte // versioned hash
	z     bnfr.Element
	y     blsfr.Element
}

func newFixture(t *testing.T, seed uint64, n, bits int) fixture {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, uint64(n)))
	words := randomWords(rng, n, bits)
	b, err := blobtx.Encode(words)
	if err != nil {
		t.Fatal(err)
	}
	vh, _, err := VersionedHash(b)
	if err != nil {
		t.Fatal(err)
	}
	z := Challenge(vh, words)
	return fixture{words: words, blob: vh, z: z, y: kzgClaim(t, b, z)}
}

func vars(ws []bnfr.Element) []frontend.Variable {
	out := make([]frontend.Variable, len(ws))
	for i := range ws {
		out[i] = ws[i].BigInt(new(big.Int))
	}
	return out
}

func bnBig(x bnfr.Element) *big.Int { return x.BigInt(new(big.Int)) }

func yHalves(y blsfr.Element) (hi, lo *big.Int) {
	h, l := Halves(y.Bytes())
	return bnBig(h), bnBig(l)
}

// assignment returns the opening witness for claimed words (z and y as given).
func assignment(vh [32]byte, z bnfr.Element, y blsfr.Element, words []bnfr.Element) *openingCircuit {
	hi, lo := Halves(vh)
	yHi, yLo := yHalves(y)
	return &openingCircuit{VhHi: bnBig(hi), VhLo: bnBig(lo), Z: bnBig(z), YHi: yHi, YLo: yLo, Words: vars(words)}
}

func shape(n, bits int) *openingCircuit {
	return &openingCircuit{Words: make([]frontend.Variable, n), bits: bits}
}

var field = ecc.BN254.ScalarField()

func TestOpeningHonest(t *testing.T) {
	for _, tc := range []struct{ n, bits int }{{1, 253}, {2, 253}, {3, 253}, {5, 253}, {7, 100}, {20, 253}, {64, 236}} {
		fx := newFixture(t, 10, tc.n, tc.bits)
		w := assignment(fx.blob, fx.z, fx.y, fx.words)
		if err := test.IsSolved(shape(tc.n, tc.bits), w, field); err != nil {
			t.Fatalf("n=%d bits=%d: honest opening rejected: %v", tc.n, tc.bits, err)
		}
	}
}

// TestOpeningWrongWord: the claimed words differ from the blob in one word;
// z is the challenge of the claimed words and y the blob's true value there.
func TestOpeningWrongWord(t *testing.T) {
	const n = 20 // blocks of 8, 8, 4 words
	fx := newFixture(t, 11, n, 236)
	for _, i := range []int{0, 7, 8, n - 1} {
		claimed := append([]bnfr.Element(nil), fx.words...)
		var one bnfr.Element
		one.SetOne()
		claimed[i].Add(&claimed[i], &one)
		b, err := blobtx.Encode(fx.words) // the blob still holds the true words
		if err != nil {
			t.Fatal(err)
		}
		z := Challenge(fx.blob, claimed)
		y := kzgClaim(t, b, z)
		if err := test.IsSolved(shape(n, 236), assignment(fx.blob, z, y, claimed), field); err == nil {
			t.Fatalf("word %d changed: accepted", i)
		}
		// the claimed words' own value is what the circuit proves
		yc, err := Evaluate(claimed, z)
		if err != nil {
			t.Fatal(err)
		}
		if err := test.IsSolved(shape(n, 236), assignment(fx.blob, z, yc, claimed), field); err != nil {
			t.Fatalf("word %d changed, y of the claimed words: %v", i, err)
		}
	}
}

// TestOpeningWrongZ: any point other than the challenge is rejected, even
// with the blob's true value there.
func TestOpeningWrongZ(t *testing.T) {
	const n = 4
	fx := newFixture(t, 12, n, 253)
	b, err := blobtx.Encode(fx.words)
	if err != nil {
		t.Fatal(err)
	}
	var one bnfr.Element
	one.SetOne()
	z := fx.z
	z.Add(&z, &one)
	y := kzgClaim(t, b, z)
	if err := test.IsSolved(shape(n, 253), assignment(fx.blob, z, y, fx.words), field); err == nil {
		t.Fatal("z ≠ challenge accepted")
	}
	// another versioned hash (another blob) changes the challenge
	vh := fx.blob
	vh[31] ^= 1
	if err := test.IsSolved(shape(n, 253), assignment(vh, fx.z, fx.y, fx.words), field); err == nil {
		t.Fatal("versioned hash not bound to z")
	}
}

// TestOpeningWrongY: y off by one, y's high half off by one (the low half
// kept) and y + r (the same residue, not canonical: the precompile would
// reject it) are all rejected.
func TestOpeningWrongY(t *testing.T) {
	const n = 3
	fx := newFixture(t, 13, n, 253)
	y := fx.y
	one := blsfr.One()
	y.Add(&y, &one)
	if err := test.IsSolved(shape(n, 253), assignment(fx.blob, fx.z, y, fx.words), field); err == nil {
		t.Fatal("y + 1 accepted")
	}
	// only the high half: AssertOpening's yHi equality is the one rule left
	w := assignment(fx.blob, fx.z, fx.y, fx.words)
	hi := new(big.Int).Add(w.YHi.(*big.Int), big.NewInt(1))
	w.YHi = hi
	err := test.IsSolved(shape(n, 253), w, field)
	rejectedBy(t, "yHi + 1", err, ruleEqual, "== "+hi.String(), "(*Evaluator).AssertOpening")
	w = assignment(fx.blob, fx.z, fx.y, fx.words)
	yb := new(big.Int).Add(fx.y.BigInt(new(big.Int)), blsfr.Modulus())
	w.YHi = new(big.Int).Rsh(yb, 128)
	w.YLo = new(big.Int).And(yb, new(big.Int).Sub(pow2(128), big.NewInt(1)))
	if err := test.IsSolved(shape(n, 253), w, field); err == nil {
		t.Fatal("y + r accepted")
	}
}

// TestEvaluateFreePoint checks Evaluate against the kzg claim at chosen
// points, among them the largest canonical z (p − 1: the comparison's
// equality branch).
func TestEvaluateFreePoint(t *testing.T) {
	const n = 6
	rng := rand.New(rand.NewPCG(14, 0))
	words := randomWords(rng, n, 253)
	b, err := blobtx.Encode(words)
	if err != nil {
		t.Fatal(err)
	}
	pm1 := new(big.Int).Sub(field, big.NewInt(1))
	for _, zi := range []*big.Int{big.NewInt(2), pm1, new(big.Int).Lsh(big.NewInt(1), 200)} {
		var z bnfr.Element
		z.SetBigInt(zi)
		y := kzgClaim(t, b, z)
		hi, lo := yHalves(y)
		w := &evalCircuit{Z: zi, YHi: hi, YLo: lo, Words: vars(words)}
		if err := test.IsSolved(&evalCircuit{Words: make([]frontend.Variable, n), bits: 253}, w, field); err != nil {
			t.Fatalf("z=%s: %v", zi, err)
		}
	}
}

// TestEvaluateOnDomainUnprovable: at z = ω_0 = 1 the statement has no
// witness (z^N = 1), whatever the hint answers.
func TestEvaluateOnDomainUnprovable(t *testing.T) {
	const n = 2
	rng := rand.New(rand.NewPCG(15, 0))
	words := randomWords(rng, n, 253)
	y, err := Evaluate(words, bnfr.One())
	if err != nil {
		t.Fatal(err)
	}
	hi, lo := yHalves(y)
	w := &evalCircuit{Z: 1, YHi: hi, YLo: lo, Words: vars(words)}
	c := &evalCircuit{Words: make([]frontend.Variable, n), bits: 253}
	if err := test.IsSolved(c, w, field); err == nil {
		t.Fatal("z on the domain accepted")
	}
	// a hint answering something instead of failing does not help
	for _, v := range []int64{0, 1, 2} {
		opt := test.WithReplacementHint(solver.GetHintID(vanishInvHint), func(_ *big.Int, _, out []*big.Int) error {
			putLimbs(out, big.NewInt(v))
			return nil
		})
		terms := test.WithReplacementHint(solver.GetHintID(blockHint), func(_ *big.Int, _, out []*big.Int) error {
			for _, o := range out {
				o.SetInt64(0)
			}
			return nil
		})
		if err := test.IsSolved(c, w, field, opt, terms); err == nil {
			t.Fatalf("z on the domain accepted with v = %d", v)
		}
	}
}

// TestPlonkSolve solves the compiled PLONK constraint system (scs), honest
// and with one wrong word.
func TestPlonkSolve(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a PLONK circuit")
	}
	const n, bits = 16, 236
	ccs, err := frontend.Compile(field, scs.NewBuilder, shape(n, bits))
	if err != nil {
		t.Fatal(err)
	}
	fx := newFixture(t, 16, n, bits)
	wit, err := frontend.NewWitness(assignment(fx.blob, fx.z, fx.y, fx.words), field)
	if err != nil {
		t.Fatal(err)
	}
	if err := ccs.IsSolved(wit); err != nil {
		t.Fatalf("honest: %v", err)
	}
	claimed := append([]bnfr.Element(nil), fx.words...)
	claimed[3].SetUint64(12345)
	b, err := blobtx.Encode(fx.words)
	if err != nil {
		t.Fatal(err)
	}
	z := Challenge(fx.blob, claimed)
	wit, err = frontend.NewWitness(assignment(fx.blob, z, kzgClaim(t, b, z), claimed), field)
	if err != nil {
		t.Fatal(err)
	}
	if err := ccs.IsSolved(wit); err == nil {
		t.Fatal("wrong word solved")
	}
}

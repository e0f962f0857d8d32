package gadget

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"
)

func checkOpts(valid frontend.Circuit, invalid ...frontend.Circuit) []test.TestingOption {
	opts := []test.TestingOption{test.WithCurves(ecc.BN254), test.WithBackends(backend.PLONK), test.NoFuzzing()}
	if valid != nil {
		opts = append(opts, test.WithValidAssignment(valid))
	}
	for _, c := range invalid {
		opts = append(opts, test.WithInvalidAssignment(c))
	}
	return opts
}

func pow2(n uint) *big.Int { return new(big.Int).Lsh(big.NewInt(1), n) }

// neg returns r − v.
func neg(v *big.Int) *big.Int {
	return new(big.Int).Sub(ecc.BN254.ScalarField(), v)
}

type divModCircuit struct {
	X, Ppm frontend.Variable
	Q      frontend.Variable
}

func (c *divModCircuit) Define(api frontend.API) error {
	ar := NewArith(api)
	ar.Check(c.X, 64)
	ar.Check(c.Ppm, 20)
	api.AssertIsEqual(ar.MulPPM(c.X, c.Ppm, 64), c.Q)
	return nil
}

func TestMulPPM(t *testing.T) {
	x := new(big.Int).Sub(pow2(64), big.NewInt(1))
	ppm := big.NewInt(999_999)
	q := new(big.Int).Mul(x, ppm)
	q.Div(q, big.NewInt(PPM))
	good := &divModCircuit{X: x, Ppm: ppm, Q: q}
	off := &divModCircuit{X: x, Ppm: ppm, Q: new(big.Int).Add(q, big.NewInt(1))}
	low := &divModCircuit{X: x, Ppm: ppm, Q: new(big.Int).Sub(q, big.NewInt(1))}
	test.NewAssert(t).CheckCircuit(&divModCircuit{}, checkOpts(good, off, low)...)
}

type isLessCircuit struct {
	X, Y, Less frontend.Variable
}

func (c *isLessCircuit) Define(api frontend.API) error {
	ar := NewArith(api)
	ar.Check(c.X, 32)
	ar.Check(c.Y, 32)
	api.AssertIsEqual(ar.IsLess(c.X, c.Y, 32), c.Less)
	return nil
}

func TestIsLess(t *testing.T) {
	m := uint64(1<<32 - 1)
	test.NewAssert(t).CheckCircuit(&isLessCircuit{}, checkOpts(
		&isLessCircuit{X: 3, Y: m, Less: 1},
		&isLessCircuit{X: 3, Y: m, Less: 0},
		&isLessCircuit{X: m, Y: 3, Less: 1},
		&isLessCircuit{X: 5, Y: 5, Less: 1},
	)...)
	for _, v := range []isLessCircuit{{X: 5, Y: 5, Less: 0}, {X: m, Y: 0, Less: 0}, {X: 0, Y: 1, Less: 1}} {
		if err := test.IsSolved(&isLessCircuit{}, &v, ecc.BN254.ScalarField()); err != nil {
			t.Fatal(err)
		}
	}
}

type signedCircuit struct {
	V        frontend.Variable
	Mag, Neg frontend.Variable
}

func (c *signedCircuit) Define(api frontend.API) error {
	ar := NewArith(api)
	s := ar.ToSigned(c.V, 64)
	api.AssertIsEqual(s.Mag, c.Mag)
	api.AssertIsEqual(s.Neg, c.Neg)
	ar.CheckSigned(Signed{Mag: c.Mag, Neg: c.Neg}, 64)
	return nil
}

func TestSigned(t *testing.T) {
	big64 := new(big.Int).Sub(pow2(64), big.NewInt(1))
	test.NewAssert(t).CheckCircuit(&signedCircuit{}, checkOpts(
		&signedCircuit{V: neg(big64), Mag: big64, Neg: 1},
		&signedCircuit{V: neg(pow2(64)), Mag: pow2(64), Neg: 1}, // over range
		&signedCircuit{V: pow2(64), Mag: pow2(64), Neg: 0},      // over range
		&signedCircuit{V: 0, Mag: 0, Neg: 1},                    // negative zero
		&signedCircuit{V: 7, Mag: 7, Neg: 1},                    // wrong sign
	)...)
	for _, v := range []signedCircuit{{V: 0, Mag: 0, Neg: 0}, {V: 7, Mag: 7, Neg: 0}, {V: neg(big.NewInt(1)), Mag: 1, Neg: 1}} {
		if err := test.IsSolved(&signedCircuit{}, &v, ecc.BN254.ScalarField()); err != nil {
			t.Fatal(err)
		}
	}
}

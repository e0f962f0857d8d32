// Package dummy is a DEV-ONLY stand-in for the batch circuit: it has exactly the batch circuit's public inputs
// (docs/protocol.md §7: oldRoot, newRoot, batchNumber, depositHashBefore, depositHashAfter, batchTime, domain,
// pubdata_0..N-1) and
// almost no constraints, so L1 contract tests can run real gnark PLONK proofs against gnark's real exported
// Solidity verifier in milliseconds. It proves NOTHING about state transitions: never deploy it outside tests
// and devnets. Its setup (see Setup) uses a publicly known toxic value and is UNSAFE by construction.
package dummy

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark/frontend"
)

// NbFixedInputs is the number of public inputs before the pubdata.
const NbFixedInputs = 7

// TestSlots is the slot count of the committed dummy verifier (contracts/src/DummyVerifier.sol).
const TestSlots = 8

// Circuit has the batch circuit's public-input shape. Every public input is bound by the single assertion
// Acc = Σ (i+1)·input_i, where Acc is the one private witness.
type Circuit struct {
	OldRoot           frontend.Variable   `gnark:",public"`
	NewRoot           frontend.Variable   `gnark:",public"`
	BatchNumber       frontend.Variable   `gnark:",public"`
	DepositHashBefore frontend.Variable   `gnark:",public"`
	DepositHashAfter  frontend.Variable   `gnark:",public"`
	BatchTime         frontend.Variable   `gnark:",public"`
	Domain            frontend.Variable   `gnark:",public"`
	Pubdata           []frontend.Variable `gnark:",public"`
	Acc               frontend.Variable
}

// New returns an unassigned circuit with `slots` pubdata elements, ready to compile.
func New(slots int) *Circuit {
	return &Circuit{Pubdata: make([]frontend.Variable, slots)}
}

// Define binds all public inputs to the private accumulator.
func (c *Circuit) Define(api frontend.API) error {
	ins := c.inputs()
	sum := frontend.Variable(0)
	for i, v := range ins {
		sum = api.Add(sum, api.Mul(v, i+1))
	}
	api.AssertIsEqual(c.Acc, sum)
	return nil
}

func (c *Circuit) inputs() []frontend.Variable {
	return append([]frontend.Variable{c.OldRoot, c.NewRoot, c.BatchNumber, c.DepositHashBefore, c.DepositHashAfter,
		c.BatchTime, c.Domain}, c.Pubdata...)
}

// Assign builds a full assignment from the public inputs in on-chain order (NbFixedInputs + slots values, each < r).
func Assign(slots int, inputs []*big.Int) (*Circuit, error) {
	if len(inputs) != NbFixedInputs+slots {
		return nil, fmt.Errorf("dummy: %d public inputs, want %d", len(inputs), NbFixedInputs+slots)
	}
	mod := modulus()
	acc := new(big.Int)
	for i, v := range inputs {
		if v == nil || v.Sign() < 0 || v.Cmp(mod) >= 0 {
			return nil, fmt.Errorf("dummy: public input %d is not a canonical field element", i)
		}
		acc.Add(acc, new(big.Int).Mul(v, big.NewInt(int64(i+1))))
	}
	acc.Mod(acc, mod)
	c := &Circuit{
		OldRoot:           inputs[0],
		NewRoot:           inputs[1],
		BatchNumber:       inputs[2],
		DepositHashBefore: inputs[3],
		DepositHashAfter:  inputs[4],
		BatchTime:         inputs[5],
		Domain:            inputs[6],
		Pubdata:           make([]frontend.Variable, slots),
		Acc:               acc,
	}
	for i := range slots {
		c.Pubdata[i] = inputs[NbFixedInputs+i]
	}
	return c, nil
}

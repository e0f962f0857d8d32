package batch

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/test"

	"github.com/zkperp/zkperp/circuits/gadget"
	"github.com/zkperp/zkperp/state"
)

// pnlForgery is the forged-PnL attack on DivVar: a short of 700 buys 1000,
// closing 700; the prover answers the closed entry cost floor(E·700/700) with
// quotient q + k and the wrapped remainder m − k·d, so q·d + m = n still holds
// and the short realizes k more than it made. Without the remainder's range
// check the circuit accepts it and the short withdraws k it never had.
type pnlForgery struct {
	w    *Circuit
	n, d *big.Int // the inputs of the forged division
	k    int64
}

func newPnLForgery(t *testing.T) pnlForgery {
	t.Helper()
	e := setupEnv(t)
	e.apply(state.Fill{Maker: e.order(1, 1, 0, false, 1000, 700), Taker: e.order(2, 1, 0, true, 1000, 700), Price: 1000, Size: 700})
	w := single(t, e, state.Fill{Maker: e.order(3, 1, 0, false, 1030, 1000), Taker: e.order(1, 2, 0, true, 1030, 1000),
		Price: 1030, Size: 1000})
	// the closing side's division, found among the honest hint calls
	run := &hintRun{record: true}
	if o := solveWith(oneSlot, w, run, nil); o.err != nil {
		t.Fatal(o.err)
	}
	f := pnlForgery{w: w, k: 300_000} // below the new entry notional 309,000, which must stay ≥ 0
	for _, c := range run.calls {
		if strings.HasSuffix(c.hint, "divModHint") && strings.Contains(c.site, "perp.go") && c.in[1].Cmp(big.NewInt(700)) == 0 {
			if f.n == nil { // the taker's side (the second is the unselected backstop trade)
				f.n, f.d = c.in[0], c.in[1]
			}
		}
	}
	if f.n == nil || f.n.Cmp(big.NewInt(700_000*700)) != 0 {
		t.Fatalf("closing division not found (n = %v)", f.n)
	}
	return f
}

// hint is the malicious prover's division: honest everywhere but at the
// closing side's entry cost.
func (f pnlForgery) hint(field *big.Int, in, out []*big.Int) error {
	if len(in) != 2 || len(out) != 2 {
		return errors.New("divMod: wrong arity")
	}
	if in[1].Sign() == 0 {
		out[0].SetUint64(0)
		out[1].SetUint64(0)
		return nil
	}
	out[0].DivMod(in[0], in[1], out[1])
	if in[0].Cmp(f.n) == 0 && in[1].Cmp(f.d) == 0 {
		out[0].Add(out[0], big.NewInt(f.k))
		out[1].Sub(out[1], new(big.Int).Mul(big.NewInt(f.k), f.d))
		out[1].Mod(out[1], field)
	}
	return nil
}

// divModHintID returns the id of the project's division hint (shared by
// DivMod and DivVar).
func divModHintID(t *testing.T) solver.HintID {
	t.Helper()
	for _, h := range gadget.GetHints() {
		if strings.HasSuffix(solver.GetHintName(h), "divModHint") {
			return solver.GetHintID(h)
		}
	}
	t.Fatal("divModHint not registered")
	return 0
}

// forgedRoot returns the new root the forged batch ends in (solved with the
// remainder range check off).
func (f pnlForgery) forgedRoot(t *testing.T) *big.Int {
	t.Helper()
	c, _ := New(oneSlot)
	c.skipFinal, c.rules, c.probe = true, gadget.NewRules("gadget.divvar.remainder"), &probe{}
	if err := test.IsSolved(c, f.w, ecc.BN254.ScalarField(), test.WithReplacementHint(divModHintID(t), f.hint)); err != nil {
		t.Fatal(err)
	}
	return c.probe.newRoot
}

// TestForgedPnLRejected forges the hint output of the closed entry cost: the
// circuit rejects it, and accepts it (ending in another state) with exactly
// the remainder range check of DivVar switched off.
func TestForgedPnLRejected(t *testing.T) {
	f := newPnLForgery(t)
	id := divModHintID(t)
	solve := func(rules *gadget.Rules) (error, *big.Int) {
		c, _ := New(oneSlot)
		c.skipFinal, c.rules, c.probe = true, rules, &probe{}
		err := test.IsSolved(c, f.w, ecc.BN254.ScalarField(), test.WithReplacementHint(id, f.hint))
		return err, c.probe.newRoot
	}
	if err, _ := solve(nil); err == nil {
		t.Fatal("forged closed entry cost accepted")
	}
	honest := &probe{}
	c, _ := New(oneSlot)
	c.skipFinal, c.probe = true, honest
	if err := test.IsSolved(c, f.w, ecc.BN254.ScalarField()); err != nil {
		t.Fatal(err)
	}
	err, root := solve(gadget.NewRules("gadget.divvar.remainder"))
	if err != nil {
		t.Fatalf("with the remainder range check off the forgery must pass (the rule alone rejects it): %v", err)
	}
	if root.Cmp(honest.newRoot) == 0 {
		t.Fatal("the forgery did not change the state")
	}
}

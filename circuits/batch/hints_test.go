package batch

import (
	"fmt"
	"math/big"
	"runtime"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/test"

	"github.com/zkperp/zkperp/circuits/gadget"
	"github.com/zkperp/zkperp/state"
)

// The hint-substitution harness plays a malicious prover: it replaces the
// output of one hint call at a time with an alternative (±1, ±d with the
// quotient moved to match, the field wrap-around p − x, a swapped sign, a
// non-canonical zero, …) and solves the circuit with the final root check
// off. The circuit must either reject, or end in exactly the honest state
// (same new root and deposit hash; pubdata are public inputs and asserted
// slot by slot). A hint output that is not fully constrained shows up as an
// accepted forgery with another root.

// hintCall is one call of a hint while solving: which hint, from where, its
// inputs and its honest outputs.
type hintCall struct {
	hint string
	site string
	in   []*big.Int
	out  []*big.Int
}

// forgery replaces the outputs of call number call (counted over every
// project hint in solving order) with out.
type forgery struct {
	call int
	out  []*big.Int
}

// hintRun solves the circuit with every project hint wrapped: it records
// the calls and applies the forgery (nil: honest).
type hintRun struct {
	calls  []hintCall
	forge  *forgery
	record bool
}

func (r *hintRun) options() []test.TestEngineOption {
	var opts []test.TestEngineOption
	for _, h := range gadget.GetHints() {
		h := h
		name := solver.GetHintName(h)
		opts = append(opts, test.WithReplacementHint(solver.GetHintID(h), func(field *big.Int, in, out []*big.Int) error {
			if err := h(field, in, out); err != nil {
				return err
			}
			n := len(r.calls)
			if r.record {
				r.calls = append(r.calls, hintCall{hint: name, site: callSite(), in: clone(in), out: clone(out)})
			} else {
				r.calls = append(r.calls, hintCall{})
			}
			if r.forge != nil && r.forge.call == n {
				for i := range out {
					out[i].Mod(r.forge.out[i], field)
				}
			}
			return nil
		}))
	}
	return opts
}

func clone(xs []*big.Int) []*big.Int {
	out := make([]*big.Int, len(xs))
	for i, x := range xs {
		out[i] = new(big.Int).Set(x)
	}
	return out
}

// callSite names the circuit code that called the hint: the chain of frames
// (function, file:line) in this module's circuits/ packages, innermost first.
func callSite() string {
	pcs := make([]uintptr, 32)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	var parts []string
	for {
		f, more := frames.Next()
		if i := strings.Index(f.File, "/circuits/"); i >= 0 && !strings.HasSuffix(f.File, "_test.go") {
			parts = append(parts, fmt.Sprintf("%s %s:%d", f.Function[strings.LastIndex(f.Function, "/")+1:], f.File[i+len("/circuits/"):], f.Line))
		}
		if !more {
			break
		}
	}
	return strings.Join(parts, " ← ")
}

// outcome is what one solve ended in.
type outcome struct {
	err          error
	root, depose *big.Int
}

// solveWith solves w (with its final checks off) under run and returns the
// computed new root and deposit hash.
func solveWith(cfg Config, w *Circuit, run *hintRun, rules *gadget.Rules) outcome {
	c, _ := New(cfg)
	c.skipFinal = true
	c.rules = rules
	c.probe = &probe{}
	err := test.IsSolved(c, w, ecc.BN254.ScalarField(), run.options()...)
	return outcome{err: err, root: c.probe.newRoot, depose: c.probe.depositAfter}
}

// variants returns the alternative outputs the harness tries for one call.
func variants(field *big.Int, c hintCall) [][]*big.Int {
	add := func(x *big.Int, d int64) *big.Int { return new(big.Int).Add(x, big.NewInt(d)) }
	neg := func(x *big.Int) *big.Int { return new(big.Int).Sub(field, x) }
	with := func(i int, v *big.Int) []*big.Int {
		o := clone(c.out)
		o[i] = v
		return o
	}
	var vs [][]*big.Int
	// generic: every output ±1, wrapped, zero, one
	for i, x := range c.out {
		vs = append(vs, with(i, add(x, 1)), with(i, add(x, -1)), with(i, neg(x)), with(i, big.NewInt(0)), with(i, big.NewInt(1)))
	}
	switch {
	case strings.HasSuffix(c.hint, "divModHint"):
		// the quotient moved by k, the remainder by ∓k·d: q·d + m = n still holds
		q, m, d := c.out[0], c.out[1], c.in[1]
		for _, k := range []int64{1, -1, 2, 1 << 20, -(1 << 20)} {
			kd := new(big.Int).Mul(big.NewInt(k), d)
			vs = append(vs, []*big.Int{add(q, k), new(big.Int).Sub(m, kd)})
		}
		vs = append(vs, []*big.Int{q, new(big.Int).Add(m, d)}, []*big.Int{q, new(big.Int).Sub(m, d)})
		// another remainder with the quotient solved in the field: q' = (n − m')/d mod p
		if d.Sign() != 0 {
			inv := new(big.Int).ModInverse(d, field)
			for _, m2 := range []*big.Int{add(m, 1), add(m, -1), big.NewInt(0)} {
				q2 := new(big.Int).Sub(c.in[0], m2)
				q2.Mul(q2, inv)
				vs = append(vs, []*big.Int{q2.Mod(q2, field), m2})
			}
		}
	case strings.HasSuffix(c.hint, "signedHint"):
		mag, sign := c.out[0], c.out[1]
		flip := big.NewInt(1 - sign.Int64())
		// the same value the other way round, a swapped sign, a non-canonical zero
		vs = append(vs, []*big.Int{neg(mag), flip}, []*big.Int{mag, flip}, []*big.Int{big.NewInt(0), big.NewInt(1)})
	case strings.HasSuffix(c.hint, "isLessHint"):
		vs = append(vs, []*big.Int{big.NewInt(2)}, []*big.Int{neg(big.NewInt(1))})
	}
	// drop the honest output itself
	out := vs[:0]
	for _, v := range vs {
		same := true
		for i := range v {
			if new(big.Int).Mod(v[i], field).Cmp(c.out[i]) != 0 {
				same = false
			}
		}
		if !same {
			out = append(out, v)
		}
	}
	return out
}

// accepted is a forgery the circuit accepted with another end state.
type accepted struct {
	forgery
	desc string
}

// hintReport counts what the harness saw for one batch.
type hintReport struct {
	calls, tried, rejected, harmless int
	sites                            map[string]bool
}

// forgeries runs the harness over a solved witness w: every project hint
// call whose site contains only (all when empty), every variant, under rules
// (nil: all on). It returns the forgeries accepted with another new root or
// deposit hash, stopping after limit of them (0: no limit).
func forgeries(t *testing.T, cfg Config, w *Circuit, rules *gadget.Rules, only string, limit int) (hintReport, []accepted) {
	t.Helper()
	field := ecc.BN254.ScalarField()
	honest := &hintRun{record: true}
	base := solveWith(cfg, w, honest, rules)
	if base.err != nil {
		t.Fatalf("honest witness rejected: %v", base.err)
	}
	rep := hintReport{calls: len(honest.calls), sites: map[string]bool{}}
	var bad []accepted
	for i, c := range honest.calls {
		rep.sites[c.hint+" @ "+c.site] = true
		if !strings.Contains(c.site, only) {
			continue
		}
		for _, v := range variants(field, c) {
			rep.tried++
			o := solveWith(cfg, w, &hintRun{forge: &forgery{call: i, out: v}}, rules)
			switch {
			case o.err != nil:
				rep.rejected++
			case o.root.Cmp(base.root) == 0 && o.depose.Cmp(base.depose) == 0:
				rep.harmless++
			default:
				bad = append(bad, accepted{forgery: forgery{call: i, out: v},
					desc: fmt.Sprintf("forged %s output %v (honest %v) accepted with another state at %s", c.hint, v, c.out, c.site)})
				if limit > 0 && len(bad) >= limit {
					return rep, bad
				}
			}
		}
	}
	return rep, bad
}

// hintBatches returns one-slot batches of every tx type, each with the
// positions and funds that make its rules non-trivial.
func hintBatches(t *testing.T) map[string]*Circuit {
	out := map[string]*Circuit{}
	e := setupEnv(t)
	out["deposit"] = single(t, e, e.deposit(1, 5))
	out["deposit new key"] = single(t, e, e.deposit(5, 7))
	out["forced exit"] = single(t, e, state.Deposit{Account: 3, PubKey: e.key(3).Public(), ForcedExit: true})
	out["withdraw"] = single(t, e, e.withdraw(1, 10, 1))
	out["funding"] = single(t, e, state.FundingTick{Market: 0, Rate: -700})
	// a fill opening a short for 1 and a long for 2
	out["fill open"] = single(t, e, state.Fill{Maker: e.order(1, 1, 0, false, 1000, 1000), Taker: e.order(2, 1, 0, true, 1010, 1000),
		Price: 1000, Size: 700})
	// the short buys more than its size: closes 700 at a remainder-producing entry, opens 300 long
	out["fill flip"] = single(t, e, state.Fill{Maker: e.order(2, 2, 0, false, 1000, 1000), Taker: e.order(1, 2, 0, true, 1030, 1000),
		Price: 1030, Size: 1000})
	out["margin out"] = single(t, e, e.margin(1, 0, false, 1_000, 2))
	out["margin in"] = single(t, e, e.margin(2, 0, true, 1_000, 1))
	out["mark"] = single(t, e, state.MarkPrice{Market: 0, Price: 1900})
	out["liquidate"] = single(t, e, state.Liquidate{Account: 2, Market: 0})
	// account 1's long 300 closed at the mark on its owner's L1 request: equity to free collateral
	out["forced close"] = single(t, e, state.Liquidate{Account: 1, Market: 0, Forced: true})
	out["noop"] = single(t, e, state.NoOp{})
	return out
}

// TestHintSubstitution forges every project hint call of one-slot batches of
// every tx type with every variant.
func TestHintSubstitution(t *testing.T) {
	batches := hintBatches(t)
	names := []string{"fill flip", "liquidate", "margin out", "funding", "forced exit", "withdraw", "deposit", "mark", "noop",
		"fill open", "margin in", "deposit new key", "forced close"}
	if testing.Short() {
		names = names[:2]
	}
	sites := map[string]bool{}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			rep, bad := forgeries(t, oneSlot, batches[name], nil, "", 0)
			for _, b := range bad {
				t.Error(b.desc)
			}
			for s := range rep.sites {
				sites[s] = true
			}
			t.Logf("%d hint calls, %d forgeries: %d rejected, %d harmless (honest end state)", rep.calls, rep.tried,
				rep.rejected, rep.harmless)
		})
	}
	t.Logf("%d hint call sites", len(sites))
}

// hintBindings are the gadget rules that bind a hint's outputs, with the
// gadget function whose calls forge them.
var hintBindings = []struct{ rule, site string }{
	{"gadget.divvar.quotient", "DivVar"},
	{"gadget.divvar.remainder", "DivVar"},
	{"gadget.divvar.remainder-below-divisor", "DivVar"},
	{"gadget.divvar.recompose", "DivVar"},
	{"gadget.divmod.quotient", "DivMod"},
	{"gadget.divmod.remainder", "DivMod"},
	{"gadget.divmod.remainder-below-divisor", "DivMod"},
	{"gadget.divmod.recompose", "DivMod"},
	{"gadget.isless.bind", "IsLess"},
	{"gadget.isneg.bind", "IsNeg"},
	{"gadget.tosigned.value", "ToSigned"},
	{"gadget.signed.magnitude", "ToSigned"},
	{"gadget.signed.sign", "ToSigned"},
	{"gadget.signed.canonical-zero", "ToSigned"},
}

// TestHintBindingsNeeded shows that the loss of any hint-binding rule is
// caught: with that one rule off, some forged hint output of an honest batch
// is accepted with another end state, or a one-rule case (a forged witness
// with a forged hint) shows the rule alone rejects it.
func TestHintBindingsNeeded(t *testing.T) {
	if testing.Short() {
		t.Skip("hint harness over every binding rule")
	}
	batches := hintBatches(t)
	byCase := map[string]string{} // rule → the one-rule case (witness and hint forged together) that shows it
	for _, rc := range ruleCases() {
		for _, r := range rc.rules {
			byCase[r] = rc.name
		}
	}
	order := []string{"fill flip", "liquidate", "funding", "margin out", "fill open", "margin in", "withdraw", "deposit", "forced exit",
		"mark", "noop", "deposit new key"}
	for _, hb := range hintBindings {
		t.Run(hb.rule, func(t *testing.T) {
			if c, ok := byCase[hb.rule]; ok {
				t.Skipf("shown by the one-rule case %q", c)
			}
			for _, name := range order {
				_, bad := forgeries(t, oneSlot, batches[name], gadget.NewRules(hb.rule), hb.site, 1)
				if len(bad) > 0 {
					// the same forgery with every rule on: the rule alone rejects it
					f := bad[0].forgery
					if o := solveWith(oneSlot, batches[name], &hintRun{forge: &f}, nil); o.err == nil {
						t.Fatalf("%s: accepted with every rule on: %s", name, bad[0].desc)
					}
					t.Logf("%s: %s", name, bad[0].desc)
					return
				}
			}
			t.Errorf("no forgery passes with %s off: the rule is redundant or no batch exercises it", hb.rule)
		})
	}
}

package batch

import (
	"math/big"
	"sort"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"

	"github.com/zkperp/zkperp/circuits/gadget"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/hash"
)

// One-rule negative tests play a sequencer that forges a batch: the witness
// is genuine everywhere (leaves and Merkle paths read from the state with
// state.KeepTrace, signatures made by the accounts' own keys, pubdata packed
// in the field exactly as the circuit packs it), except for the one thing the
// rule under test forbids. Each test asserts that the circuit rejects the
// forgery with every rule on and accepts it with exactly that rule off, so it
// fails for the right reason or not at all. The final root is left to the
// prover (as L1 leaves it: the new root is whatever the proof says).

// forge returns the one-slot witness of tx on e's current state, proving the
// leaves at (kept unchanged: the circuit computes the new values itself).
func forge(t *testing.T, e *env, tx state.Tx, at state.Leaves) *Circuit {
	t.Helper()
	tr, err := e.s.KeepTrace(tx, at)
	if err != nil {
		t.Fatal(err)
	}
	w, err := Assign(oneSlot, 7, testDomain, []*state.Trace{tr})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// leaves returns the leaves of a one-account tx (account a, position and
// market m, order slot 0); the second update re-proves the same account.
func leaves(a uint32, m uint8) state.Leaves {
	return state.Leaves{Accounts: [2]state.LeafIndex{{Account: a, Market: m}, {Account: a, Market: m}}, Market: m}
}

// fillLeaves returns the leaves of a Fill between maker and taker orders.
func fillLeaves(maker, taker state.Order) state.Leaves {
	slot := func(id uint32) uint64 { return uint64(id) & (1<<oneSlot.OrderDepth - 1) }
	return state.Leaves{Accounts: [2]state.LeafIndex{
		{Account: maker.Account, Market: maker.Market, Slot: slot(maker.ID)},
		{Account: taker.Account, Market: maker.Market, Slot: slot(taker.ID)}}, Market: maker.Market}
}

// liqLeaves returns the leaves of a Liquidate of account a in market m.
func liqLeaves(a uint32, m uint8) state.Leaves {
	return state.Leaves{Accounts: [2]state.LeafIndex{{Account: a, Market: m}, {Account: state.BackstopAccount, Market: m}}, Market: m}
}

// bigOf reads a witness value as an integer.
func bigOf(v frontend.Variable) *big.Int {
	switch x := v.(type) {
	case *big.Int:
		return new(big.Int).Set(x)
	case fr.Element:
		return x.BigInt(new(big.Int))
	case *fr.Element:
		return x.BigInt(new(big.Int))
	}
	var e fr.Element
	if _, err := e.SetInterface(v); err != nil {
		panic(err)
	}
	return e.BigInt(new(big.Int))
}

// combine packs values of the given widths in the field, little-endian, as
// Arith.Combine does (no range checks: forged values may overflow).
func combine(vals []frontend.Variable, widths []uint) fr.Element {
	acc, off := new(big.Int), uint(0)
	for i, v := range vals {
		acc.Add(acc, new(big.Int).Lsh(bigOf(v), off))
		off += widths[i]
	}
	var e fr.Element
	e.SetBigInt(acc)
	return e
}

// republish sets slot 0's pubdata to the circuit's packing of its tx fields.
func republish(w *Circuit) {
	s := &w.Slots[0]
	tx := s.Tx
	var pd fr.Element
	switch bigOf(s.Type).Int64() {
	case tDeposit:
		pd = combine([]frontend.Variable{tDeposit, tx.AccA, tx.Amount, tx.Flag, tx.Refund}, []uint{3, 32, 64, 1, 1})
	case tWithdraw:
		pd = combine([]frontend.Variable{tWithdraw, tx.AccA, tx.Amount}, []uint{3, 32, 64})
	case tMargin:
		pd = combine([]frontend.Variable{tMargin, tx.AccA, tx.Market, tx.Flag, tx.Amount}, []uint{3, 32, 8, 1, 64})
	case tFill:
		pd = combine([]frontend.Variable{tFill, tx.AccA, tx.AccB, tx.Market, tx.Flag, tx.Price, tx.Size, tx.OrderA, tx.OrderB},
			[]uint{3, 32, 32, 8, 1, 48, 48, 32, 32})
	case tLiquidate:
		pd = combine([]frontend.Variable{tLiquidate, tx.AccA, tx.Market, tx.Flag}, []uint{3, 32, 8, 1})
	case tFunding:
		pd = combine([]frontend.Variable{tFunding, tx.Market, tx.Flag, tx.Amount}, []uint{3, 8, 1, 32})
	case tMark:
		pd = combine([]frontend.Variable{tMark, tx.Market, tx.Price, tx.Amount}, []uint{3, 8, 48, 64})
	}
	w.Pubdata[0] = pd
}

// resignAs signs, with key, the message the circuit builds for slot 0's side
// k from the witness fields, and puts it in that side's signature entry.
func resignAs(t *testing.T, w *Circuit, k int, key *state.PrivateKey) {
	t.Helper()
	s := &w.Slots[0]
	tx := s.Tx
	var msg fr.Element
	switch bigOf(s.Type).Int64() {
	case tWithdraw:
		msg = combine([]frontend.Variable{msgWithdraw, tx.AccA, tx.Amount, s.Accounts[0].Leaf.Nonce}, []uint{4, 32, 64, 32})
	case tMargin:
		msg = combine([]frontend.Variable{msgMargin, tx.AccA, tx.Market, tx.Flag, tx.Amount, s.Accounts[0].Leaf.Nonce},
			[]uint{4, 32, 8, 1, 64, 32})
	case tFill:
		o := s.Orders[k]
		acc, id, buy := tx.AccA, tx.OrderA, new(big.Int).Sub(big.NewInt(1), bigOf(tx.Flag))
		if k == 1 {
			acc, id, buy = tx.AccB, tx.OrderB, bigOf(tx.Flag)
		}
		msg = combine([]frontend.Variable{msgOrder, acc, id, tx.Market, buy, o.Price, o.Size, o.MaxMakerFee, o.MaxTakerFee, o.Expiry},
			[]uint{4, 32, 32, 8, 1, 48, 48, 16, 16, 32})
	default:
		t.Fatalf("slot type %v is unsigned", s.Type)
	}
	sig, err := key.SignMessage(msg)
	if err != nil {
		t.Fatal(err)
	}
	e := entry(w, 0, k)
	e.Msg, e.Sig = msg, mustSig(t, sig)
}

// ruleCase is one one-rule negative test.
type ruleCase struct {
	name string
	// rules: the rule at its call site first, then any gadget rules it is
	// made of (each alone switched off must let the forgery through)
	rules []string
	build func(t *testing.T) (*Circuit, []test.TestEngineOption)
	// keepFinal keeps the final root and deposit-hash checks (the rules of
	// the batch frame); otherwise the new root is the prover's choice
	keepFinal bool
}

// ruleCases lists every one-rule test (the tables of the tx types).
func ruleCases() []ruleCase {
	var all []ruleCase
	for _, cs := range [][]ruleCase{coreCases, fillCases, leafCases, sigCases, timeCases, refundCases} {
		all = append(all, cs...)
	}
	return all
}

// oneRule asserts that w is rejected with every rule on and accepted with
// each of the named rules alone switched off.
func oneRule(t *testing.T, w *Circuit, rules []string, opts ...test.TestEngineOption) {
	t.Helper()
	oneRuleFinal(t, w, rules, false, opts...)
}

func oneRuleFinal(t *testing.T, w *Circuit, rules []string, keepFinal bool, opts ...test.TestEngineOption) {
	t.Helper()
	solve := func(r *gadget.Rules) error {
		c, _ := New(oneSlot)
		c.skipFinal, c.rules = !keepFinal, r
		return test.IsSolved(c, w, ecc.BN254.ScalarField(), opts...)
	}
	if len(rules) > 0 {
		rebase(t, w, gadget.NewRules(rules[0]), opts...)
	}
	if err := solve(gadget.NewRules()); err == nil {
		t.Fatalf("forgery accepted with every rule on (rules %v)", rules)
	}
	for _, r := range rules {
		if err := solve(gadget.NewRules(r)); err != nil {
			t.Errorf("forgery rejected with %s off: it breaks another rule too: %.300v", r, err)
		}
	}
}

func TestOneRule(t *testing.T) {
	for _, c := range ruleCases() {
		t.Run(c.name, func(t *testing.T) {
			w, opts := c.build(t)
			oneRuleFinal(t, w, c.rules, c.keepFinal, opts...)
		})
	}
}

// TestOneRuleCoverage: every named rule of the circuit has a one-rule test,
// or is a hint binding shown necessary by the hint harness.
func TestOneRuleCoverage(t *testing.T) {
	e := setupEnv(t)
	w := single(t, e, e.withdraw(1, 10, 1))
	rules := gadget.NewRules()
	c, _ := New(oneSlot)
	c.rules = rules
	if err := test.IsSolved(c, w, ecc.BN254.ScalarField()); err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, rc := range ruleCases() {
		for _, r := range rc.rules {
			covered[r] = true
		}
	}
	for _, hb := range hintBindings {
		covered[hb.rule] = true
	}
	var missing []string
	for r := range rules.Seen() {
		if !covered[r] {
			missing = append(missing, r)
		}
	}
	sort.Strings(missing)
	for r := range covered {
		if _, ok := rules.Seen()[r]; !ok {
			t.Errorf("test names rule %q that the circuit does not have", r)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d of %d rules without a one-rule test:\n  %s", len(missing), len(rules.Seen()), strings.Join(missing, "\n  "))
	}
}

// forgeHint returns an engine option that passes every call of the project
// hint named by suffix through, except the calls from a site containing
// site, whose honest outputs f rewrites (in, out: the hint's inputs and
// honest outputs; the field modulus first).
func forgeHint(t *testing.T, suffix, site string, f func(field *big.Int, in, out []*big.Int)) test.TestEngineOption {
	t.Helper()
	for _, h := range gadget.GetHints() {
		if !strings.HasSuffix(solver.GetHintName(h), suffix) {
			continue
		}
		return test.WithReplacementHint(solver.GetHintID(h), func(field *big.Int, in, out []*big.Int) error {
			if err := h(field, in, out); err != nil {
				return err
			}
			if strings.Contains(callSite(), site) {
				f(field, in, out)
				for _, o := range out {
					o.Mod(o, field)
				}
			}
			return nil
		})
	}
	t.Fatalf("no hint %s", suffix)
	return nil
}

// rebase points slot 0's second account update at the tree after the first
// one, as the circuit computes it (under rules, which must let the forgery
// through the first update): a forging prover proves the second update
// against the root its first update produced. The same account is re-proven
// at its new leaves with the same siblings; another account gets the
// siblings that changed on the first update's path.
func rebase(t *testing.T, w *Circuit, rules *gadget.Rules, opts ...test.TestEngineOption) {
	t.Helper()
	c, _ := New(oneSlot)
	c.skipFinal, c.rules, c.probe = true, rules, &probe{}
	_ = test.IsSolved(c, w, ecc.BN254.ScalarField(), opts...) // may fail on the second update: the probe has the first
	u := c.probe.update0
	if u == nil {
		t.Fatalf("the forgery does not get through the first account update with %v off", rules.Off())
	}
	s := &w.Slots[0]
	a0, a1 := &s.Accounts[0], &s.Accounts[1]
	if bigOf(a0.Index).Cmp(bigOf(a1.Index)) != 0 {
		resibling(&a1.Path, bigOf(a1.Index), &a0.Path, bigOf(a0.Index), u["leaf"])
		return
	}
	a1.Path.Siblings = append([]frontend.Variable(nil), a0.Path.Siblings...)
	a1.Leaf = gadget.AccountLeaf{PK: gadget.PublicKey{X: u["pkX"], Y: u["pkY"]}, Nonce: u["nonce"], Free: u["free"],
		PositionsRoot: u["posRoot"], OrdersRoot: u["ordRoot"]}
	if bigOf(a0.PosIndex).Cmp(bigOf(a1.PosIndex)) == 0 {
		a1.Pos = gadget.PositionLeaf{Size: gadget.Signed{Mag: u["sizeMag"], Neg: u["sizeNeg"]}, Collateral: u["coll"], Entry: u["entry"],
			Fund: gadget.Signed{Mag: u["fundMag"], Neg: u["fundNeg"]}}
		a1.PosPath.Siblings = append([]frontend.Variable(nil), a0.PosPath.Siblings...)
	} else {
		resibling(&a1.PosPath, bigOf(a1.PosIndex), &a0.PosPath, bigOf(a0.PosIndex), u["posLeaf"])
	}
	if bigOf(a0.OrdIndex).Cmp(bigOf(a1.OrdIndex)) == 0 {
		a1.Ord = gadget.OrderLeaf{ID: u["ordID"], Filled: u["ordFilled"]}
		a1.OrdPath.Siblings = append([]frontend.Variable(nil), a0.OrdPath.Siblings...)
	} else {
		resibling(&a1.OrdPath, bigOf(a1.OrdIndex), &a0.OrdPath, bigOf(a0.OrdIndex), u["ordLeaf"])
	}
}

// resibling updates path (of leaf j) for the tree in which leaf i, proven
// by pathI, became newLeaf: the sibling at the level where j's path meets
// i's is i's new node there.
func resibling(path *gadget.MerklePath, j *big.Int, pathI *gadget.MerklePath, i *big.Int, newLeaf *big.Int) {
	h := hash.New()
	var node fr.Element
	node.SetBigInt(newLeaf)
	for l := range pathI.Siblings {
		if new(big.Int).Rsh(j, uint(l)).Cmp(new(big.Int).Xor(new(big.Int).Rsh(i, uint(l)), big.NewInt(1))) == 0 {
			path.Siblings[l] = node
		}
		var sib fr.Element
		sib.SetBigInt(bigOf(pathI.Siblings[l]))
		if i.Bit(l) == 0 {
			node = h.Compress(node, sib)
		} else {
			node = h.Compress(sib, node)
		}
	}
}

package batch

import (
	"fmt"
	"math/big"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/test"

	"github.com/zkperp/zkperp/circuits/gadget"
	"github.com/zkperp/zkperp/state"
)

// fillCases are the one-rule tests of Fill and Liquidate slots.
//
// Rules of these slots that no forgery can break alone (every witness that
// breaks them breaks another rule too), so they have no case here:
//
//   - fill.price-nonzero: the seller's limit (fill.<side>.limit-price: price −
//     limit in [0, 2^48)) with its limit range-checked (order-price-range) and
//     non-zero (order-price-nonzero) already gives price ≥ limit ≥ 1.
//   - fill.<side>.order-size-nonzero: filled = (1 − isNew)·slot.filled + size
//     is at least the fill size ≥ 1 (fill.size-nonzero; no wrap: both terms
//     are below 2^48, by the old order leaf's packing and tx.range.size), and
//     perp.order.overfill asserts order size − filled in [0, 2^48).
//   - perp.order.filled-range: overfill with the order size below 2^48
//     (order-size-range) and filled ≥ 0 (as above) bounds filled below 2^48;
//     the new order leaf's packing range-checks it again.
//   - fill.<side>.fee-range: each fee is below 2^93 (the DivMod quotient
//     check), so fee pool + maker fee + taker fee does not wrap, and the new
//     market leaf's packing range-checks that sum to 64 bits.
//   - perp.trade.entry-range: every Trade's new entry notional is written to a
//     position leaf (the Fill sides, the backstop of a Liquidate) whose
//     packing range-checks Entry to 64 bits: the same check.
//   - liquidate.size-nonzero: a flat position has entry 0 (a full close
//     leaves E − floor(E·|s|/|s|) = 0) and owes no funding, so its equity is
//     its collateral ≥ 0, which meets maintenance: liquidate.below-mm rejects.
//   - liquidate.not-backstop and liquidate.keyed: the backstop never has a
//     key (genesis has no accounts; deposit.not-backstop), so liquidating it
//     breaks liquidate.keyed too; any other account without a key never had
//     a Deposit, and its positions only change by txs its key signs (no
//     verified signature entry has the key (0, 0)), so they are flat and
//     liquidate.below-mm rejects. Each of the two is implied by the other
//     (with those invariants): one of them can go, not both.
var fillCases = flCases()

// flP is the scalar field of the circuit.
var flP = ecc.BN254.ScalarField()

func flPow2(n uint) *big.Int { return new(big.Int).Lsh(big.NewInt(1), n) }

// flPow2Plus returns 2^n + d.
func flPow2Plus(n uint, d int64) *big.Int { return new(big.Int).Add(flPow2(n), big.NewInt(d)) }

// flFill returns the Fill of account 1's sell order 1 (limit 1000, size 1000)
// and account 2's buy order 5 (limit 1010, size 100) at 1000 for 100.
func flFill(e *env) state.Fill {
	return state.Fill{Maker: e.order(1, 1, 0, false, 1000, 1000), Taker: e.order(2, 5, 0, true, 1010, 100), Price: 1000, Size: 100}
}

// flTakerSells returns the Fill of account 1's buy order 1 (limit 1000) and
// account 2's sell order 5 (limit 990) at 1000 for 100.
func flTakerSells(e *env) state.Fill {
	return state.Fill{Maker: e.order(1, 1, 0, true, 1000, 1000), Taker: e.order(2, 5, 0, false, 990, 100), Price: 1000, Size: 100}
}

// flEdit applies the valid fill f on e, edits its witness, then republishes
// the pubdata and re-signs both orders with their accounts' keys.
func flEdit(t *testing.T, e *env, f state.Fill, edit func(s *Slot)) *Circuit {
	t.Helper()
	w := single(t, e, f)
	edit(&w.Slots[0])
	republish(w)
	resignAs(t, w, 0, e.key(f.Maker.Account))
	resignAs(t, w, 1, e.key(f.Taker.Account))
	return w
}

// flForgeFill returns the witness of f (which the state may refuse) proving
// the genuine leaves of its orders, edited by at (nil: unchanged).
func flForgeFill(t *testing.T, e *env, f state.Fill, at func(l *state.Leaves)) *Circuit {
	t.Helper()
	l := fillLeaves(f.Maker, f.Taker)
	if at != nil {
		at(&l)
	}
	return forge(t, e, f, l)
}

// flShort: account 1 short 1800 at 1000 against account 2's long (healthy
// at mark 1000, below maintenance at 1100).
func flShort(t *testing.T) *env {
	e := setupEnv(t)
	e.apply(state.Fill{Maker: e.order(1, 1, 0, false, 1000, 1800), Taker: e.order(2, 1, 0, true, 1000, 1800), Price: 1000, Size: 1800})
	return e
}

// flUnderwater: flShort with the mark at 1100, account 1 liquidatable.
func flUnderwater(t *testing.T) *env {
	e := flShort(t)
	e.apply(state.MarkPrice{Market: 0, Price: 1100})
	return e
}

// flOwing: account 2 long 1000 at 1000 with 199,500 collateral owes 10^6 of
// funding (mark 10^6, one tick at the maximum rate).
func flOwing(t *testing.T) *env {
	e := setupEnv(t)
	e.apply(state.Fill{Maker: e.order(1, 1, 0, false, 1000, 1000), Taker: e.order(2, 1, 0, true, 1000, 1000), Price: 1000, Size: 1000})
	e.apply(state.MarkPrice{Market: 0, Price: 1_000_000})
	e.apply(state.FundingTick{Market: 0, Rate: 1000})
	return e
}

// flShort700: account 1 short 700 at 1000 (entry notional 700,000).
func flShort700(t *testing.T) *env {
	e := setupEnv(t)
	e.apply(state.Fill{Maker: e.order(1, 1, 0, false, 1000, 700), Taker: e.order(2, 1, 0, true, 1000, 700), Price: 1000, Size: 700})
	return e
}

// ---- forged hint outputs at one call site ----

// flHint forges one hint call of a solve: the nth call (counted from 0 in
// each solve; every call when nth < 0) of the project hint whose name ends
// in hint, made from the line of slot.go that holds marker. mutate rewrites
// the honest outputs.
type flHint struct {
	hint   string
	marker string
	nth    int
	mutate func(in, out []*big.Int)
}

// flLine returns the line of slot.go holding marker, which must be unique.
func flLine(t *testing.T, marker string) int {
	t.Helper()
	src, err := os.ReadFile("slot.go")
	if err != nil {
		t.Fatal(err)
	}
	line := 0
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, marker) {
			if line != 0 {
				t.Fatalf("slot.go: %q on lines %d and %d", marker, line, i+1)
			}
			line = i + 1
		}
	}
	if line == 0 {
		t.Fatalf("slot.go: no line holds %q", marker)
	}
	return line
}

// flFrames returns the chain of circuit frames of the hint call being made
// and the line of slot.go it comes from (0: none).
func flFrames() (string, int) {
	pcs := make([]uintptr, 48)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	var chain strings.Builder
	at := 0
	for {
		f, more := frames.Next()
		if strings.Contains(f.File, "/circuits/") && !strings.HasSuffix(f.File, "_test.go") {
			fmt.Fprintf(&chain, "%s:%d ", f.File, f.Line)
			if at == 0 && strings.HasSuffix(f.File, "/circuits/batch/slot.go") {
				at = f.Line
			}
		}
		if !more {
			break
		}
	}
	return chain.String(), at
}

// options returns the replacement hints. Every project hint runs honestly;
// the call counter restarts whenever the first hint call of a solve comes
// again (oneRule solves the same witness several times), and the test fails
// if no solve ever reached the forged call.
func (f flHint) options(t *testing.T) []test.TestEngineOption {
	t.Helper()
	line := flLine(t, f.marker)
	var first string
	count, hit := 0, false
	t.Cleanup(func() {
		if !hit {
			t.Errorf("forged %s call %d at slot.go:%d (%q) never made", f.hint, f.nth, line, f.marker)
		}
	})
	var opts []test.TestEngineOption
	for _, h := range gadget.GetHints() {
		h := h
		name := solver.GetHintName(h)
		opts = append(opts, test.WithReplacementHint(solver.GetHintID(h), func(field *big.Int, in, out []*big.Int) error {
			if err := h(field, in, out); err != nil {
				return err
			}
			chain, at := flFrames()
			if first == "" {
				first = chain
			} else if chain == first {
				count = 0
			}
			if strings.HasSuffix(name, f.hint) && at == line {
				if count == f.nth || f.nth < 0 {
					f.mutate(in, out)
					for i := range out {
						out[i].Mod(out[i], field)
					}
					hit = true
				}
				count++
			}
			return nil
		}))
	}
	return opts
}

// flSignedValue returns the signed integer a (magnitude, sign) pair stands for.
func flSignedValue(out []*big.Int) *big.Int {
	v := new(big.Int).Set(out[0])
	if out[1].Sign() != 0 {
		v.Neg(v)
	}
	return v
}

// flShift makes a ToSigned answer stand for its honest value + d.
func flShift(d int64) func(in, out []*big.Int) {
	return func(_, out []*big.Int) {
		v := flSignedValue(out)
		v.Add(v, big.NewInt(d))
		out[0].Abs(v)
		out[1].SetInt64(0)
		if v.Sign() < 0 {
			out[1].SetInt64(1)
		}
	}
}

// flInv returns x⁻¹ mod p.
func flInv(x *big.Int) *big.Int { return new(big.Int).ModInverse(x, flP) }

// Markers of the hint call sites in slot.go.
const (
	flTickSite      = "aF.DivVar(tx.Price, mk.Params.Tick"
	flSlotIdxSite   = "aF.DivMod(sd.id, 1<<uint(sd.acc.OrdPath.Depth())"
	flOrderSite     = `pF.Rule(name("order-slot")).FillOrderSlot(`
	flTradeSite     = `pF.Rule(name("trade")).Trade(`
	flFeeSite       = "fee, _ := aF.DivMod(api.Mul(tx.Size, tx.Price, sd.feePpm)"
	flBelowMMSite   = `Rule("liquidate.below-mm").AssertEq(pL.MarginOK(`
	flBackstopSite  = `pL.Rule("liquidate.backstop-trade").Trade(`
	flMarketInsSite = `a.Rule("market.insurance-range").ToSigned(`
)

// ---- the cases ----

func flCases() []ruleCase {
	cs := []ruleCase{
		{name: "fill of size 0", rules: []string{"fill.size-nonzero"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			e := setupEnv(t)
			f := flFill(e)
			f.Size = 0
			return flForgeFill(t, e, f, nil), nil
		}},
		{name: "self-trade", rules: []string{"fill.no-self-trade"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// account 1 sells to itself (oneRule re-proves its leaves for the
			// taker's update as the maker's update leaves them)
			e := setupEnv(t)
			f := state.Fill{Maker: e.order(1, 1, 0, false, 1000, 1000), Taker: e.order(1, 2, 0, true, 1010, 100), Price: 1000, Size: 100}
			return flForgeFill(t, e, f, nil), nil
		}},
		{name: "fill of a negative size", rules: []string{"tx.range.size"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// Size −50 on a market without fees (on another the fee's
			// quotient leaves its range): both orders' filled amounts go
			// back by 50 and both positions shrink by 50 at their entry
			// price, neither side having signed that trade. Trade's IsLess(q,
			// |s|) is answered 1, which its binding accepts (|s| − q − 1 =
			// 149 is in range).
			e := setupEnv(t)
			params := testParams
			params.MakerFee, params.TakerFee = 0, 0
			if err := e.s.InitMarket(2, params, 1000); err != nil {
				t.Fatal(err)
			}
			e.apply(e.margin(1, 2, true, 200_000, 1))
			e.apply(e.margin(2, 2, true, 200_000, 1))
			f := state.Fill{Maker: e.order(1, 1, 2, false, 1000, 1000), Taker: e.order(2, 5, 2, true, 1010, 1000), Price: 1000, Size: 100}
			e.apply(f)
			w := flForgeFill(t, e, f, nil)
			w.Slots[0].Tx.Size = new(big.Int).Sub(flP, big.NewInt(50))
			republish(w)
			return w, flHint{"isLessHint", flTradeSite, -1, func(_, out []*big.Int) { out[0].SetInt64(1) }}.options(t)
		}},
		{name: "price off the tick", rules: []string{"fill.tick"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			e := setupEnv(t)
			f := flFill(e)
			f.Price = 1005
			return flForgeFill(t, e, f, nil), nil
		}},
		{name: "price off the tick, forged zero remainder", rules: []string{"gadget.divvar.quotient"},
			build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
				// remainder 0 and the quotient solved in the field: 1005/10 mod p
				e := setupEnv(t)
				f := flFill(e)
				f.Price = 1005
				w := flForgeFill(t, e, f, nil)
				return w, flHint{"divModHint", flTickSite, 0, func(in, out []*big.Int) {
					out[0].Mul(in[0], flInv(in[1]))
					out[1].SetInt64(0)
				}}.options(t)
			}},
		{name: "taker leaves of another account", rules: []string{"fill.taker-index"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// the fill publishes account 3 as taker, the witness updates
			// account 2 (whose key signs the order)
			e := setupEnv(t)
			return flEdit(t, e, flFill(e), func(s *Slot) { s.Tx.AccB = 3 }), nil
		}},
		{name: "taker position of another market", rules: []string{"position1.index"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			e := setupEnv(t)
			e.apply(e.margin(2, 1, true, 200_000, 1))
			return flForgeFill(t, e, flFill(e), func(l *state.Leaves) { l.Accounts[1].Market = 1 }), nil
		}},
		{name: "taker terms not signed", rules: []string{"sig.b.message"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// the taker signed a limit of 1010; the witness claims 1020
			e := setupEnv(t)
			w := single(t, e, flFill(e))
			w.Slots[0].Orders[1].Price = 1020
			return w, nil
		}},
		{name: "order slot index forged by the remainder", rules: []string{"gadget.divmod.quotient"},
			build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
				// the maker's order 1 in slot 2: remainder 2, quotient (1 − 2)/8 mod p
				e := setupEnv(t)
				w := flForgeFill(t, e, flFill(e), func(l *state.Leaves) { l.Accounts[0].Slot = 2 })
				return w, flHint{"divModHint", flSlotIdxSite, 0, func(in, out []*big.Int) {
					out[1].SetInt64(2)
					out[0].Sub(in[0], out[1])
					out[0].Mul(out[0], flInv(in[1]))
				}}.options(t)
			}},
		{name: "partially filled order restarted by a forged IsLess", rules: []string{"fill.taker.order-slot", "gadget.isless.bind"},
			build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
				// the taker's order 5 (size 100) is filled 60, then 60 again:
				// IsLess(5, 5) answered 1 (a new order) restarts it at 0
				e := setupEnv(t)
				f := state.Fill{Maker: e.order(1, 1, 0, false, 1000, 1000), Taker: e.order(2, 5, 0, true, 1010, 100), Price: 1000, Size: 60}
				e.apply(f)
				w := flForgeFill(t, e, f, nil)
				return w, flHint{"isLessHint", flOrderSite, 1, func(_, out []*big.Int) { out[0].SetInt64(1) }}.options(t)
			}},
		{name: "fee rounded up by a negative remainder", rules: []string{"gadget.divmod.remainder"},
			build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
				// taker fee 91·1010·500 / 10^6: 45 rem 955,000, answered 46 rem −45,000
				// (999,999 − m stays below 2^20 down to m = −48,576)
				e := setupEnv(t)
				f := flFill(e)
				f.Price, f.Size = 1010, 91
				w := single(t, e, f)
				return w, flHint{"divModHint", flFeeSite, 1, func(in, out []*big.Int) {
					if out[1].Cmp(big.NewInt(951_424)) < 0 {
						panic(fmt.Sprintf("fee remainder %v below 951,424", out[1]))
					}
					out[0].Add(out[0], big.NewInt(1))
					out[1].Sub(out[1], big.NewInt(gadget.PPM))
				}}.options(t)
			}},
		{name: "insurance fund stored with a non-boolean sign", rules: []string{"gadget.signed.sign"},
			build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
				// ToSigned(v) answered (|v|+1, (|v|+1 − v)/(2(|v|+1))): the same value
				e := setupEnv(t)
				w := single(t, e, flFill(e))
				return w, flHint{"signedHint", flMarketInsSite, 0, func(_, out []*big.Int) {
					v := flSignedValue(out)
					mag := new(big.Int).Add(new(big.Int).Abs(v), big.NewInt(1))
					neg := new(big.Int).Sub(mag, v)
					neg.Mul(neg, flInv(new(big.Int).Lsh(mag, 1)))
					out[0].Set(mag)
					out[1].Mod(neg, flP)
				}}.options(t)
			}},
		{name: "insurance fund credited out of nothing", rules: []string{"market.insurance-range", "gadget.tosigned.value"},
			build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
				e := setupEnv(t)
				w := single(t, e, flFill(e))
				return w, flHint{"signedHint", flMarketInsSite, 0, flShift(5)}.options(t)
			}},

		// ---- Liquidate ----
		{name: "liquidate a healthy position", rules: []string{"liquidate.below-mm"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			e := flShort(t)
			return forge(t, e, state.Liquidate{Account: 1, Market: 0}, liqLeaves(1, 0)), nil
		}},
		{name: "liquidate a healthy position, forged IsNeg", rules: []string{"gadget.isneg.bind"},
			build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
				// the maintenance difference is ≥ 0; IsNeg answered 1
				e := flShort(t)
				w := forge(t, e, state.Liquidate{Account: 1, Market: 0}, liqLeaves(1, 0))
				return w, flHint{"signedHint", flBelowMMSite, 0, func(_, out []*big.Int) { out[1].SetInt64(1) }}.options(t)
			}},
		{name: "liquidation taken by another account", rules: []string{"liquidate.backstop-index"},
			build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
				e := flUnderwater(t)
				l := liqLeaves(1, 0)
				l.Accounts[1].Account = 3
				return forge(t, e, state.Liquidate{Account: 1, Market: 0}, l), nil
			}},
		{name: "backstop size forged", rules: []string{"liquidate.backstop-trade", "gadget.tosigned.value"},
			build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
				// the backstop takes 1800 short, its new size answered −1799
				e := flUnderwater(t)
				w := single(t, e, state.Liquidate{Account: 1, Market: 0})
				return w, flHint{"signedHint", flBackstopSite, 0, flShift(1)}.options(t)
			}},
	}
	for k, side := range sideNames {
		cs = append(cs, flSideCases(k, side)...)
	}
	return cs
}

// flSideCases are the cases of the rules of one side of a Fill (k = 0:
// maker, 1: taker), named fill.<side>.<rule>.
func flSideCases(k int, side string) []ruleCase {
	rule := func(r string) string { return "fill." + side + "." + r }
	other := 1 - k
	// edit edits side k's order terms of the standard fill
	edit := func(f func(o *OrderTerms)) func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		return func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			e := setupEnv(t)
			return flEdit(t, e, flFill(e), func(s *Slot) { f(&s.Orders[k]) }), nil
		}
	}
	// seller: the standard fill's maker sells; flTakerSells' taker sells
	seller := flFill
	if k == 1 {
		seller = flTakerSells
	}
	// withID returns f with side k's order id set (re-signed)
	withID := func(e *env, f state.Fill, id uint32) state.Fill {
		o := [2]*state.Order{&f.Maker, &f.Taker}[k]
		*o = e.order(o.Account, id, o.Market, o.Buy, o.Price, o.Size)
		return f
	}
	cs := []ruleCase{
		{name: side + " limit above 2^48", rules: []string{rule("order-price-range")}, build: edit(func(o *OrderTerms) {
			if k == 0 {
				o.Price = new(big.Int).Sub(flP, big.NewInt(1)) // sells at "−1": price − limit = 1001
			} else {
				o.Price = flPow2Plus(48, 500) // buys at 2^48 + 500: limit − price = 2^48 − 500
			}
		})},
		{name: side + " order size above 2^48", rules: []string{rule("order-size-range")}, build: edit(func(o *OrderTerms) { o.Size = flPow2Plus(48, 5) })},
		{name: side + " limit crossed", rules: []string{rule("limit-price")}, build: edit(func(o *OrderTerms) {
			if k == 0 {
				o.Price = 1010 // sells at least at 1010, filled at 1000
			} else {
				o.Price = 990 // buys at most at 990, filled at 1000
			}
		})},
		{name: side + " max maker fee above 2^16", rules: []string{rule("max-maker-fee-range")}, build: edit(func(o *OrderTerms) {
			o.MaxMakerFee = flPow2Plus(16, 100) // the maker's bound: 2^16 + 100 − 200 < 2^16
		})},
		{name: side + " max taker fee above 2^16", rules: []string{rule("max-taker-fee-range")}, build: edit(func(o *OrderTerms) {
			o.MaxTakerFee = flPow2Plus(16, 100) // the taker's bound: 2^16 + 100 − 500 < 2^16
		})},
		{name: side + " expiry above 2^32", rules: []string{rule("expiry-range")}, build: edit(func(o *OrderTerms) { o.Expiry = flPow2Plus(32, 1) })},
		{name: side + " fee bound below the market fee", rules: []string{rule("fee-bound"), "perp.fee-bound"}, build: edit(func(o *OrderTerms) {
			if k == 0 {
				o.MaxMakerFee = 199 // market maker fee 200
			} else {
				o.MaxTakerFee = 499 // market taker fee 500
			}
		})},
		{name: side + " order overfilled", rules: []string{rule("order-slot"), "perp.order.overfill"}, build: edit(func(o *OrderTerms) {
			o.Size = 99 // filled 100
		})},
		{name: side + " order id 0", rules: []string{rule("order-id-nonzero")}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// id 0 continues the empty slot 0
			e := setupEnv(t)
			return flForgeFill(t, e, withID(e, flFill(e), 0), nil), nil
		}},
		{name: side + " sells at limit 0", rules: []string{rule("order-price-nonzero")}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			e := setupEnv(t)
			return flEdit(t, e, seller(e), func(s *Slot) { s.Orders[k].Price = 0 }), nil
		}},
		{name: side + " order in another slot", rules: []string{rule("order-slot-index")}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// maker order 1 in slot 2, taker order 5 in slot 6 (both empty)
			e := setupEnv(t)
			return flForgeFill(t, e, flFill(e), func(l *state.Leaves) { l.Accounts[k].Slot = [2]uint64{2, 6}[k] }), nil
		}},
		{name: side + " stale order", rules: []string{rule("order-slot"), "perp.order.stale"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// slot 5 holds order 13 filled 50; order 5 (size 100) fills 50 there
			e := setupEnv(t)
			f := flFill(e)
			if k == 0 {
				f.Maker, f.Taker = e.order(1, 13, 0, false, 1000, 100), e.order(2, 1, 0, true, 1010, 1000)
			} else {
				f.Maker, f.Taker = e.order(1, 1, 0, false, 1000, 1000), e.order(2, 13, 0, true, 1010, 100)
			}
			f.Size = 50
			e.apply(f)
			return flForgeFill(t, e, withID(e, f, 5), nil), nil
		}},
		{name: side + " collateral negative after funding", rules: []string{rule("settle"), "perp.settle.collateral-range"},
			build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
				// account 2 owes 10^6 of funding on 199,500 collateral and sells
				// 500 of its long at 10,000: the realized 4.5·10^6 would cover it
				e := flOwing(t)
				sell, buy := e.order(2, 2, 0, false, 10_000, 500), e.order(3, 1, 0, true, 10_000, 500)
				f := state.Fill{Maker: sell, Taker: buy, Price: 10_000, Size: 500}
				if k == 1 {
					f.Maker, f.Taker = buy, sell
				}
				return flForgeFill(t, e, f, nil), nil
			}},
		{name: side + " closed entry cost forged", rules: []string{rule("trade"), "gadget.divvar.remainder"},
			build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
				// account 1, short 700 at 1000, buys 1000 at 1030: the closed
				// entry cost 700,000·700/700 answered 1,000,000 rem −300,000·700
				e := flShort700(t)
				buy, sell := e.order(1, 2, 0, true, 1030, 1000), e.order(3, 1, 0, false, 1030, 1000)
				f := state.Fill{Maker: buy, Taker: sell, Price: 1030, Size: 1000}
				if k == 1 {
					f.Maker, f.Taker = sell, buy
				}
				w := single(t, e, f)
				return w, flHint{"divModHint", flTradeSite, k, func(in, out []*big.Int) {
					if in[1].Cmp(big.NewInt(700)) != 0 {
						panic(fmt.Sprintf("closing division by %v, want 700", in[1]))
					}
					kk := big.NewInt(300_000)
					out[0].Add(out[0], kk)
					out[1].Sub(out[1], kk.Mul(kk, in[1]))
				}}.options(t)
			}},
		{name: side + " below initial margin", rules: []string{rule("im")}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// 2500 at 1000 needs 250,000 of margin: the other side has 700,000
			e := setupEnv(t)
			f := state.Fill{Maker: e.order(1, 1, 0, false, 1000, 2500), Taker: e.order(2, 5, 0, true, 1000, 2500), Price: 1000, Size: 2500}
			rich := [2]uint32{1, 2}[other]
			e.apply(e.margin(rich, 0, true, 500_000, 1))
			return flForgeFill(t, e, f, nil), nil
		}},
	}
	for i := range cs {
		cs[i].name = "fill " + cs[i].name
	}
	return cs
}

package batch

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"

	"github.com/zkperp/zkperp/circuits/gadget"
	"github.com/zkperp/zkperp/state"
)

// leafCases are the one-rule tests of the leaves' range checks (leaf.*): the
// packings of the position and market leaves are injective only with them.
// Each check runs on the old leaf (a witness may not read a genuine leaf
// hash as other values) and on the new one (a computed value must fit its
// width); a case breaks it at one of the two.
//
// perp.funding.rate-range (CheckSigned of a FundingTick's rate) bites only
// through its canonical-zero part: the magnitude is the published amount,
// already below 2^64 (tx.range.amount), so funding.advance's rate-bound
// (maxFunding − |rate| in [0, 2^32)) bounds it by maxFunding; the sign is
// the published flag, boolean for every type (the fill section selects on
// it unconditionally). Its case is the rate "−0": the same new funding
// index as rate 0, published with the flag of a negative rate.
var leafCases = []ruleCase{
	{name: "leaf: flat position's collateral removed below zero", rules: []string{"leaf.position.collateral"},
		build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// account 1 has 200,000 in a flat position (no margin check
			// applies) and removes 200,001: only the new position leaf's
			// range check sees the collateral −1
			e := setupEnv(t)
			return forge(t, e, e.margin(1, 0, false, 200_001, 1), leaves(1, 0)), nil
		}},
	{name: "leaf: short read as a long above 2^48", rules: []string{"leaf.position.size"},
		build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// account 1 short 1000 at 1000 (collateral 199,800): the old
			// leaf's size read as (2^48 + 1000, long), the same packing; its
			// huge paper profit lets it take 190,000 of margin out, below
			// the 100,000 of initial margin
			e := shortEnv(t)
			w := forge(t, e, e.margin(1, 0, false, 190_000, 1), leaves(1, 0))
			pos := &w.Slots[0].Accounts[0].Pos
			if bigOf(pos.Size.Neg).Int64() != 1 {
				t.Fatal("want a short")
			}
			pos.Size = gadget.Signed{Mag: new(big.Int).Add(bigOf(pos.Size.Mag), flPow2(48)), Neg: 0}
			return w, nil
		}},
	{name: "leaf: position's funding snapshot forged", rules: []string{"leaf.position.fund"},
		build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// account 2 long 1000 (collateral 199,500, snapshot 0, index 0):
			// the old leaf's snapshot read as v > 0 through a non-boolean
			// sign, the same packing; the long is owed 1000·v of funding and
			// removes it with the 99,500 above its initial margin
			e := shortEnv(t)
			mag, neg, v := lfSplit(t, 0, 0, gadget.BitsFunding, 1)
			amount := 99_500 + 1000*v.Uint64()
			w := forge(t, e, e.margin(2, 0, false, amount, 1), leaves(2, 0))
			pos := &w.Slots[0].Accounts[0].Pos
			if bigOf(pos.Fund.Mag).Sign() != 0 || bigOf(pos.Fund.Neg).Sign() != 0 {
				t.Fatal("want a zero funding snapshot")
			}
			pos.Fund = gadget.Signed{Mag: mag, Neg: neg}
			return w, nil
		}},
	{name: "leaf: entry notional above 2^64", rules: []string{"leaf.position.entry"},
		build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// at mark 10^12 accounts 4 and 5 trade 2^25 at 10^12: both
			// entry notionals (3.4·10^19) pass 2^64, and only the new
			// position leaves' range checks see it (packed, the excess
			// would move the funding snapshot)
			e := setupEnv(t)
			for acc := uint32(4); acc <= 5; acc++ {
				e.apply(e.deposit(acc, 10_000_000_000_000_000_000))
				e.apply(e.margin(acc, 0, true, 5_000_000_000_000_000_000, 0))
			}
			const price, size = 1_000_000_000_000, 1 << 25
			e.apply(state.MarkPrice{Market: 0, Price: price})
			f := state.Fill{Maker: e.order(4, 1, 0, false, price, size), Taker: e.order(5, 1, 0, true, price, size), Price: price, Size: size}
			return forge(t, e, f, fillLeaves(f.Maker, f.Taker)), nil
		}},
	{name: "leaf: mark above 2^48", rules: []string{"leaf.market.mark"},
		build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// a MarkPrice of 2^48 + 1200: only the new market leaf's range
			// check bounds the published mark (packed, the excess would
			// move the funding index)
			e := setupEnv(t)
			w := forge(t, e, state.MarkPrice{Market: 0, Price: 1200}, leaves(1, 0))
			w.Slots[0].Tx.Price = flPow2Plus(48, 1200)
			republish(w)
			return w, nil
		}},
	{name: "leaf: market funding index forged", rules: []string{"leaf.market.fund"},
		build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// the old market leaf's funding index 0 read as v through a
			// non-boolean sign, the same packing: a FundingTick moving it
			// by 1 leaves it at v + 1
			e := setupEnv(t)
			w := forge(t, e, state.FundingTick{Market: 0, Rate: 1000}, leaves(1, 0))
			mk := &w.Slots[0].Market.Leaf
			if bigOf(mk.Fund.Mag).Sign() != 0 || bigOf(mk.Fund.Neg).Sign() != 0 {
				t.Fatal("want a zero funding index")
			}
			mag, neg, _ := lfSplit(t, 0, 0, gadget.BitsFunding, 1000)
			mk.Fund = gadget.Signed{Mag: mag, Neg: neg}
			return w, nil
		}},
	{name: "leaf: open interest absorbs a forged mark", rules: []string{"leaf.market.open-interest"},
		build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// the old market leaf read with mark 2000 (not 1000) and the
			// difference moved into the open interest (out of range): at
			// that mark account 2's long 1000 at 1000 takes all its 199,500
			// of collateral out; the new leaf packs to the genuine one
			e := shortEnv(t)
			w := forge(t, e, e.margin(2, 0, false, 199_500, 1), leaves(2, 0))
			mk := &w.Slots[0].Market.Leaf
			lfMoveInto(&mk.OpenInterest, 112, new(big.Int).Sub(bigOf(mk.Mark), big.NewInt(2000)))
			mk.Mark = 2000
			return w, nil
		}},
	{name: "leaf: fee pool absorbs a forged insurance fund", rules: []string{"leaf.market.fee-pool"},
		build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// after a tick account 1's short is owed 1000 of funding, paid
			// by the insurance fund (0 → −1000). The old market leaf is
			// read with insurance 250 and the difference moved into the
			// fee pool (out of range): the new leaf packs insurance −750
			// plus that difference, i.e. −500 and the fee pool less 1, so
			// 500 of insurance comes from nothing
			e := shortEnv(t)
			e.apply(state.FundingTick{Market: 0, Rate: 1000})
			w := forge(t, e, e.margin(1, 0, true, 10, 1), leaves(1, 0))
			mk := &w.Slots[0].Market.Leaf
			if bigOf(mk.Ins.Mag).Sign() != 0 {
				t.Fatal("want an empty insurance fund")
			}
			lfMoveInto(&mk.FeePool, 65, big.NewInt(-250))
			mk.Ins = gadget.Signed{Mag: 250, Neg: 0}
			return w, nil
		}},
	{name: "leaf: insurance fund forged", rules: []string{"leaf.market.insurance"},
		build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// the old market leaf's insurance fund 0 read as v ≥ 10^6
			// through a non-boolean sign, the same packing: a MarkPrice
			// stores it canonically
			e := setupEnv(t)
			w := forge(t, e, state.MarkPrice{Market: 0, Price: 1200}, leaves(1, 0))
			mk := &w.Slots[0].Market.Leaf
			if bigOf(mk.Ins.Mag).Sign() != 0 || bigOf(mk.Ins.Neg).Sign() != 0 {
				t.Fatal("want an empty insurance fund")
			}
			mag, neg, _ := lfSplit(t, 0, 0, 64, 1_000_000)
			mk.Ins = gadget.Signed{Mag: mag, Neg: neg}
			return w, nil
		}},
	{name: "funding rate −0", rules: []string{"funding.advance", "perp.funding.rate-range", "gadget.signed.canonical-zero"},
		build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			e := setupEnv(t)
			w := forge(t, e, state.FundingTick{Market: 0, Rate: 0}, leaves(1, 0))
			w.Slots[0].Tx.Flag = 1
			republish(w)
			return w, nil
		}},
}

// lfSplit returns a signed pair (mag, neg) packing like (m, n) in a
// magnitude of w bits followed by the sign bit (mag + 2^w·neg = m + 2^w·n
// in the field) whose value mag·(1 − 2·neg) is v, the first v ≥ from for
// which the quadratic in t (mag = m − 2^w·t, neg = n + t) has a root.
func lfSplit(t *testing.T, m, n int64, w uint, from int64) (mag, neg, v *big.Int) {
	t.Helper()
	p := flP
	a, b, c := big.NewInt(m), flPow2(w), big.NewInt(1-2*n)
	mod := func(x *big.Int) *big.Int { return x.Mod(x, p) }
	for vv := from; vv < from+1000; vv++ {
		v = big.NewInt(vv)
		// 2b·t² − (2a + b·c)·t + (a·c − v) = 0
		A := new(big.Int).Lsh(b, 1)
		B := mod(new(big.Int).Neg(new(big.Int).Add(new(big.Int).Lsh(a, 1), new(big.Int).Mul(b, c))))
		C := mod(new(big.Int).Sub(new(big.Int).Mul(a, c), v))
		disc := mod(new(big.Int).Sub(new(big.Int).Mul(B, B), new(big.Int).Mul(big.NewInt(4), new(big.Int).Mul(A, C))))
		root := new(big.Int).ModSqrt(disc, p)
		if root == nil {
			continue
		}
		tt := mod(new(big.Int).Mul(new(big.Int).Sub(root, B), flInv(new(big.Int).Lsh(A, 1))))
		mag = mod(new(big.Int).Sub(a, new(big.Int).Mul(b, tt)))
		neg = mod(new(big.Int).Add(big.NewInt(n), tt))
		got := mod(new(big.Int).Mul(mag, mod(new(big.Int).Sub(big.NewInt(1), new(big.Int).Lsh(neg, 1)))))
		if got.Cmp(mod(new(big.Int).Set(v))) != 0 {
			t.Fatalf("split: value %v, want %v", got, v)
		}
		return mag, neg, v
	}
	t.Fatal("no split found")
	return nil, nil, nil
}

// lfMoveInto adds d·2^−off (in the field) to the top field *top of a
// packing at offset off: the packing then absorbs a change of −d in the
// fields below it.
func lfMoveInto(top *frontend.Variable, off uint, d *big.Int) {
	x := new(big.Int).Mul(d, flInv(flPow2(off)))
	x.Add(x, bigOf(*top))
	*top = x.Mod(x, flP)
}

package gadget

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"
)

// sv returns the Signed witness of v.
func sv(v int64) Signed {
	if v < 0 {
		return Signed{Mag: uint64(-v), Neg: 1}
	}
	return Signed{Mag: uint64(v), Neg: 0}
}

// fe returns v as a field element (negative values as r − |v|).
func fe(v *big.Int) *big.Int {
	return new(big.Int).Mod(v, frBN254())
}

type settleCircuit struct {
	En         frontend.Variable
	Pos        PositionLeaf
	Index      Signed
	Collateral frontend.Variable // expected
	Owed       frontend.Variable // expected (field)
}

func (c *settleCircuit) Define(api frontend.API) error {
	p := NewPerp(NewArith(api)).If(c.En)
	out, owed := p.SettleFunding(c.Pos, c.Index)
	p.Arith().AssertEq(out.Collateral, c.Collateral)
	p.Arith().AssertEq(owed, c.Owed)
	return nil
}

func TestSettleFunding(t *testing.T) {
	pos := func(size, coll, fund int64) PositionLeaf {
		return PositionLeaf{Size: sv(size), Collateral: coll, Entry: 1000, Fund: sv(fund)}
	}
	// long 10, index 5 → 8: owes 30
	good := &settleCircuit{En: 1, Pos: pos(10, 100, 5), Index: sv(8), Collateral: 70, Owed: 30}
	// short 10, index 5 → −3: owes 10·(−8)·(−1) = 80? no: size·(F−fund) = −10·(−8) = 80
	short := &settleCircuit{En: 1, Pos: pos(-10, 100, 5), Index: sv(-3), Collateral: 20, Owed: 80}
	// receives: long, index falls
	recv := &settleCircuit{En: 1, Pos: pos(10, 100, 5), Index: sv(-3), Collateral: 180, Owed: fe(big.NewInt(-80))}
	under := &settleCircuit{En: 1, Pos: pos(10, 20, 5), Index: sv(8), Collateral: fe(big.NewInt(-10)), Owed: 30}
	skipped := &settleCircuit{En: 0, Pos: pos(10, 20, 5), Index: sv(8), Collateral: fe(big.NewInt(-10)), Owed: 30}
	test.NewAssert(t).CheckCircuit(&settleCircuit{}, checkOpts(good, under)...)
	for _, c := range []*settleCircuit{short, recv, skipped} {
		if err := test.IsSolved(&settleCircuit{}, c, frBN254()); err != nil {
			t.Fatal(err)
		}
	}
}

type marginCircuit struct {
	Pos        PositionLeaf
	Mark, Frac frontend.Variable
	Index      Signed
	OK         frontend.Variable
}

func (c *marginCircuit) Define(api frontend.API) error {
	p := NewPerp(NewArith(api))
	eq := p.Equity(c.Pos, c.Mark, c.Index)
	api.AssertIsEqual(p.MarginOK(eq, c.Pos.Size.Mag, c.Mark, c.Frac), c.OK)
	return nil
}

// nativeMarginOK is protocol.md §4 over big integers.
func nativeMarginOK(size, coll, entry, fund, mark, index, frac int64) bool {
	s, m := big.NewInt(size), big.NewInt(mark)
	pnl := new(big.Int).Mul(s, m)
	e := big.NewInt(entry)
	if size < 0 {
		e.Neg(e)
	}
	pnl.Sub(pnl, e)
	owed := new(big.Int).Mul(s, new(big.Int).Sub(big.NewInt(index), big.NewInt(fund)))
	eq := new(big.Int).Add(big.NewInt(coll), pnl)
	eq.Sub(eq, owed)
	lhs := eq.Mul(eq, big.NewInt(PPM))
	rhs := new(big.Int).Abs(s)
	rhs.Mul(rhs, m).Mul(rhs, big.NewInt(frac))
	return lhs.Cmp(rhs) >= 0
}

func TestMargin(t *testing.T) {
	cases := [][7]int64{
		// size, coll, entry, fund, mark, index, frac
		{10, 100, 10_000, 0, 1000, 0, 10_000},                                    // equity 100, need 100: ok (boundary)
		{10, 99, 10_000, 0, 1000, 0, 10_000},                                     // 99 < 100
		{10, 100, 10_000, 0, 990, 0, 10_000},                                     // pnl −100: equity 0 < 99
		{-10, 50, 10_000, 0, 990, 0, 50_000},                                     // short gains 100: equity 150 ≥ 495? no
		{-10, 500, 10_000, 0, 990, 0, 50_000},                                    // equity 600 ≥ 495
		{-10, 500, 10_000, 0, 990, 100, 50_000},                                  // short receives funding 1000
		{10, 500, 10_000, 0, 990, 100, 50_000},                                   // long pays 1000: negative equity
		{0, 0, 0, 0, 990, 100, 50_000},                                           // empty position
		{1<<47 - 1, 1<<63 - 1, 1<<63 - 1, -(1 << 62), 1 << 16, 1 << 62, 999_999}, // extremes
	}
	assert := test.NewAssert(t)
	var invalid []frontend.Circuit
	for _, k := range cases {
		ok := nativeMarginOK(k[0], k[1], k[2], k[3], k[4], k[5], k[6])
		b := 0
		if ok {
			b = 1
		}
		c := &marginCircuit{Pos: PositionLeaf{Size: sv(k[0]), Collateral: uint64(k[1]), Entry: uint64(k[2]), Fund: sv(k[3])},
			Mark: k[4], Frac: k[6], Index: sv(k[5]), OK: b}
		assert.NoError(test.IsSolved(&marginCircuit{}, c, frBN254()), "case %v", k)
		w := *c
		w.OK = 1 - b
		invalid = append(invalid, &w)
	}
	assert.CheckCircuit(&marginCircuit{}, checkOpts(nil, invalid...)...)
}

type slotCircuit struct {
	Slot           OrderLeaf
	ID, Size, Fill frontend.Variable
	Filled         frontend.Variable
}

func (c *slotCircuit) Define(api frontend.API) error {
	p := NewPerp(NewArith(api))
	out := p.FillOrderSlot(c.Slot, c.ID, c.Size, c.Fill)
	api.AssertIsEqual(out.ID, c.ID)
	api.AssertIsEqual(out.Filled, c.Filled)
	return nil
}

func TestFillOrderSlot(t *testing.T) {
	assert := test.NewAssert(t)
	for _, c := range []*slotCircuit{
		{Slot: OrderLeaf{ID: 0, Filled: 0}, ID: 8, Size: 10, Fill: 4, Filled: 4},  // fresh slot
		{Slot: OrderLeaf{ID: 8, Filled: 4}, ID: 8, Size: 10, Fill: 6, Filled: 10}, // continue to full
		{Slot: OrderLeaf{ID: 8, Filled: 10}, ID: 16, Size: 3, Fill: 3, Filled: 3}, // newer id restarts
	} {
		assert.NoError(test.IsSolved(&slotCircuit{}, c, frBN254()))
	}
	assert.CheckCircuit(&slotCircuit{}, checkOpts(nil,
		&slotCircuit{Slot: OrderLeaf{ID: 8, Filled: 4}, ID: 8, Size: 10, Fill: 7, Filled: 11},   // overfill
		&slotCircuit{Slot: OrderLeaf{ID: 8, Filled: 10}, ID: 8, Size: 10, Fill: 1, Filled: 11},  // replay of a full order
		&slotCircuit{Slot: OrderLeaf{ID: 16, Filled: 0}, ID: 8, Size: 10, Fill: 1, Filled: 1},   // stale id
		&slotCircuit{Slot: OrderLeaf{ID: 8, Filled: 4}, ID: 8, Size: 10, Fill: 1, Filled: 1},    // pretend restart
		&slotCircuit{Slot: OrderLeaf{ID: 16, Filled: 9}, ID: 24, Size: 10, Fill: 1, Filled: 10}, // keep old fill
	)...)
}

type feeCircuit struct {
	Notional, MarketFee, MaxFee, Fee frontend.Variable
}

func (c *feeCircuit) Define(api frontend.API) error {
	p := NewPerp(NewArith(api))
	p.AssertFeeBound(c.MarketFee, c.MaxFee)
	api.AssertIsEqual(p.Arith().MulPPM(c.Notional, c.MarketFee, BitsAmount), c.Fee)
	return nil
}

func TestFee(t *testing.T) {
	test.NewAssert(t).CheckCircuit(&feeCircuit{}, checkOpts(
		&feeCircuit{Notional: 1_999_999, MarketFee: 500, MaxFee: 500, Fee: 999},
		&feeCircuit{Notional: 1_999_999, MarketFee: 501, MaxFee: 500, Fee: 1000}, // above signed bound
		&feeCircuit{Notional: 1_999_999, MarketFee: 500, MaxFee: 500, Fee: 1000}, // rounded up
	)...)
}

type fundingCircuit struct {
	Index, Rate               Signed
	MaxFunding, Elapsed, Mark frontend.Variable
	Next                      Signed
}

func (c *fundingCircuit) Define(api frontend.API) error {
	p := NewPerp(NewArith(api))
	n := p.AdvanceFunding(c.Index, c.Rate, c.MaxFunding, c.Elapsed, c.Mark)
	api.AssertIsEqual(n.Mag, c.Next.Mag)
	api.AssertIsEqual(n.Neg, c.Next.Neg)
	return nil
}

func TestAdvanceFunding(t *testing.T) {
	assert := test.NewAssert(t)
	// −1234 ppm of 1_000_001: floor(1234·1000001/1e6) = 1234 → 100 − 1234 = −1134
	// maxFunding 2000 ppm per hour: one hour allows 2000, 2234 s allow floor(2000·2234/3600) = 1241
	good := &fundingCircuit{Index: sv(100), Rate: sv(-1234), MaxFunding: 2000, Elapsed: 2234, Mark: 1_000_001, Next: sv(-1134)}
	zero := &fundingCircuit{Index: sv(1234), Rate: sv(-1234), MaxFunding: 2000, Elapsed: 3600, Mark: 1_000_001, Next: sv(0)}
	atBound := &fundingCircuit{Index: sv(0), Rate: sv(2000), MaxFunding: 2000, Elapsed: 3600, Mark: 1_000_000, Next: sv(2000)}
	idle := &fundingCircuit{Index: sv(7), Rate: sv(0), MaxFunding: 2000, Elapsed: 0, Mark: 1_000_000, Next: sv(7)}
	for _, ok := range []*fundingCircuit{zero, atBound, idle} {
		assert.NoError(test.IsSolved(&fundingCircuit{}, ok, frBN254()))
	}
	assert.CheckCircuit(&fundingCircuit{}, checkOpts(good,
		&fundingCircuit{Index: sv(100), Rate: sv(-2001), MaxFunding: 2000, Elapsed: 3600, Mark: 1_000_001, Next: sv(-1901)}, // above bound
		&fundingCircuit{Index: sv(100), Rate: sv(-1242), MaxFunding: 2000, Elapsed: 2234, Mark: 1_000_001, Next: sv(-1142)}, // above bound for the time
		&fundingCircuit{Index: sv(100), Rate: sv(1), MaxFunding: 2000, Elapsed: 0, Mark: 1_000_000, Next: sv(101)},          // no time elapsed
		&fundingCircuit{Index: sv(100), Rate: sv(1), MaxFunding: 2000, Elapsed: -3600, Mark: 1_000_000, Next: sv(101)},      // time went back
		&fundingCircuit{Index: sv(1234), Rate: sv(-1234), MaxFunding: 2000, Elapsed: 3600, Mark: 1_000_001, Next: Signed{Mag: 0, Neg: 1}},
		&fundingCircuit{Index: sv(1<<63 - 100), Rate: sv(1000), MaxFunding: 2000, Elapsed: 3600, Mark: 1_000_000, Next: Signed{Mag: uint64(1<<63 + 900), Neg: 0}}, // index overflow
	)...)
}

package batch

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark/test"

	"github.com/zkperp/zkperp/state"
)

// timeCases are the one-rule tests of the rules the batch time gives
// (docs/protocol.md §8): order expiry, the funding clock's leaf field, the
// mark time of liquidations. The funding clock's bound itself is
// perp.funding.rate-bound (coreCases: a rate above the bound for the time
// elapsed); a batch time before the market's last funding needs no rule of
// its own: it makes maxFunding·elapsed wrap, which rate-bound rejects unless
// both the bound and the rate are 0 (no money moves).
var timeCases = []ruleCase{
	{name: "batch time above 2^32", rules: []string{"batch.time-range"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		// a withdrawal does not read the time: only the range check sees it
		w := withdrawWitness(t)
		w.BatchTime = flPow2Plus(32, 5)
		return w, nil
	}},
	{name: "maker order expired in 1970", rules: []string{"fill.maker.expiry"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		e := setupEnv(t)
		maker, taker := expiring(t, e, 1, 9, false, 1), e.order(2, 3, 0, true, 1000, 100)
		return forge(t, e, state.Fill{Maker: maker, Taker: taker, Price: 1000, Size: 100}, fillLeaves(maker, taker)), nil
	}},
	{name: "taker order expired a second before the batch", rules: []string{"fill.taker.expiry"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		e := setupEnv(t)
		maker, taker := e.order(1, 9, 0, false, 1000, 100), expiring(t, e, 2, 3, true, testBatchTime-1)
		return forge(t, e, state.Fill{Maker: maker, Taker: taker, Price: 1000, Size: 100}, fillLeaves(maker, taker)), nil
	}},
	{name: "liquidation at a mark older than the bound", rules: []string{"liquidate.mark-fresh"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		// account 1's short is under maintenance at the dip's 1190, set an
		// hour and a second before the batch: the oracle may be back since
		e := shortEnv(t)
		e.apply(state.MarkPrice{Market: 0, Price: 1190, Round: 3})
		e.advance(state.MaxMarkAge + 1)
		return forge(t, e, state.Liquidate{Account: 1, Market: 0}, liqLeaves(1, 0)), nil
	}},
	{name: "leaf: market's last funding read 2^32 s earlier", rules: []string{"leaf.market.last-funding"},
		build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// the old market leaf's last funding L read as L − 2^32 and the
			// mark time as one more, the same packing: a tick ten times the
			// hourly bound then fits the time "elapsed"
			e := setupEnv(t)
			w := forge(t, e, state.FundingTick{Market: 0, Rate: 10 * int64(testParams.MaxFunding)}, leaves(1, 0))
			mk := &w.Slots[0].Market.Leaf
			lf := new(big.Int).Sub(bigOf(mk.LastFunding), flPow2(32))
			mk.LastFunding = lf.Mod(lf, flP)
			mk.MarkTime = new(big.Int).Add(bigOf(mk.MarkTime), big.NewInt(1))
			return w, nil
		}},
	{name: "leaf: mark time absorbs a forged mark", rules: []string{"leaf.market.mark-time"},
		build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// the old market leaf read with mark 2000 (not 1000) and the
			// difference moved into the mark time (out of range): at that
			// mark account 2's long 1000 at 1000 takes all its 199,500 of
			// collateral out
			e := shortEnv(t)
			w := forge(t, e, e.margin(2, 0, false, 199_500, 1), leaves(2, 0))
			mk := &w.Slots[0].Market.Leaf
			lfMoveInto(&mk.MarkTime, 208, new(big.Int).Sub(bigOf(mk.Mark), big.NewInt(2000)))
			mk.Mark = 2000
			return w, nil
		}},
}

// expiring returns account acc's signed order id (market 0, price 1000, size
// 100) with the given expiry.
func expiring(t *testing.T, e *env, acc, id uint32, buy bool, expiry uint32) state.Order {
	t.Helper()
	o := state.Order{Account: acc, ID: id, Market: 0, Buy: buy, Price: 1000, Size: 100, MaxMakerFee: 300, MaxTakerFee: 600, Expiry: expiry}
	if err := e.key(acc).SignOrder(&o); err != nil {
		t.Fatal(err)
	}
	return o
}

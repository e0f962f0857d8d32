package batch

import (
	"fmt"
	"math/big"
	"os"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/test"

	"github.com/zkperp/zkperp/state"
)

// coreCases are the one-rule tests of the batch frame and of Deposit,
// Withdraw, PositionMargin, FundingTick and MarkPrice slots.
var coreCases = []ruleCase{
	{name: "batch number above 64 bits", rules: []string{"batch.number-range"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		w := withdrawWitness(t)
		w.BatchNumber = new(big.Int).Lsh(big.NewInt(1), 64)
		return w, nil
	}},
	{name: "old root", rules: []string{"batch.old-root"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		w := withdrawWitness(t)
		w.OldRoot = 7
		return w, nil
	}},
	{name: "new root", rules: []string{"batch.new-root"}, keepFinal: true, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		w := withdrawWitness(t)
		w.NewRoot = 7
		return w, nil
	}},
	{name: "deposit hash after", rules: []string{"batch.deposit-after"}, keepFinal: true, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		w := withdrawWitness(t)
		w.DepositAfter = 7
		return w, nil
	}},
	{name: "pubdata of another amount", rules: []string{"pubdata"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		w := withdrawWitness(t)
		w.Pubdata[0] = state.Pubdata(state.Withdraw{Account: 1, Amount: 11})
		return w, nil
	}},
	{name: "signature of another amount", rules: []string{"sig.a.message"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		w := withdrawWitness(t)
		w.Slots[0].Tx.Amount = 20 // published, not signed
		republish(w)
		return w, nil
	}},
	{name: "mark of another market", rules: []string{"market.index"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		e := setupEnv(t)
		return forge(t, e, state.MarkPrice{Market: 1, Price: 1200}, leaves(1, 0)), nil
	}},
	{name: "uninitialized market", rules: []string{"market.initialized"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		e := setupEnv(t)
		return forge(t, e, state.MarkPrice{Market: 2, Price: 1200}, leaves(1, 2)), nil
	}},
	{name: "withdrawal from another account", rules: []string{"account0.index"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		// account 2 signs a withdrawal published as account 1's, proven on account 2's leaf
		e := setupEnv(t)
		tx := state.Withdraw{Account: 1, Amount: 10, Nonce: 1}
		if err := e.key(2).SignWithdraw(&tx); err != nil {
			t.Fatal(err)
		}
		return forge(t, e, tx, leaves(2, 0)), nil
	}},
	{name: "margin into another position", rules: []string{"position0.index"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		e := setupEnv(t)
		at := state.Leaves{Accounts: [2]state.LeafIndex{{Account: 1, Market: 1}, {Account: 1, Market: 1}}, Market: 0}
		return forge(t, e, e.margin(1, 0, true, 1_000, 1), at), nil
	}},
	{name: "forced exit leaves free collateral", rules: []string{"exit.amount-is-free"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		e := setupEnv(t)
		w := single(t, e, state.Deposit{Account: 1, PubKey: e.key(1).Public(), ForcedExit: true})
		w.Slots[0].Tx.Amount = 799_999
		republish(w)
		return w, nil
	}},
	{name: "deposit to the backstop", rules: []string{"deposit.not-backstop"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		e := setupEnv(t)
		return forge(t, e, state.Deposit{Account: 0, PubKey: e.key(9).Public(), Amount: 5}, leaves(0, 0)), nil
	}},
	{name: "deposit without a key", rules: []string{"deposit.key-nonzero"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		e := setupEnv(t)
		return forge(t, e, state.Deposit{Account: 4, Amount: 5}, leaves(4, 0)), nil
	}},
	{name: "zero withdrawal", rules: []string{"withdraw.amount-nonzero"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		e := setupEnv(t)
		return forge(t, e, e.withdraw(1, 0, 1), leaves(1, 0)), nil
	}},
	{name: "withdrawal above free collateral", rules: []string{"gadget.pack.range"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		// the new free collateral wraps below zero: only the account leaf's packing range-checks it
		e := setupEnv(t)
		return forge(t, e, e.withdraw(1, 800_001, 1), leaves(1, 0)), nil
	}},
	{name: "negative withdrawal", rules: []string{"tx.range.amount"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		// amount p − 5: free grows by 5; the account signs its own forged message
		e := setupEnv(t)
		w := withdrawWitnessOn(t, e)
		w.Slots[0].Tx.Amount = new(big.Int).Sub(ecc.BN254.ScalarField(), big.NewInt(5))
		republish(w)
		resignAs(t, w, 0, e.key(1))
		return w, nil
	}},
	{name: "zero margin", rules: []string{"margin.amount-nonzero"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		e := setupEnv(t)
		return forge(t, e, e.margin(1, 0, true, 0, 1), leaves(1, 0)), nil
	}},
	{name: "margin removal below initial margin", rules: []string{"margin.im"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		e := shortEnv(t)
		return forge(t, e, e.margin(1, 0, false, 150_000, 1), leaves(1, 0)), nil
	}},
	{name: "margin removal below initial margin, forged sign", rules: []string{"gadget.isneg.bind"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		// the prover answers "not negative" for the margin difference
		e := shortEnv(t)
		w := forge(t, e, e.margin(1, 0, false, 150_000, 1), leaves(1, 0))
		return w, []test.TestEngineOption{forgeHint(t, "signedHint", "MarginOK", func(_ *big.Int, _, out []*big.Int) {
			out[1].SetUint64(0)
		})}
	}},
	{name: "margin on a position owing more funding than its collateral", rules: []string{"margin.settle", "perp.settle.collateral-range"},
		build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// the long owes 300·1000 of funding against 199,500 collateral; 150k added makes the leaf positive again
			e := shortEnv(t)
			e.apply(state.MarkPrice{Market: 0, Price: 100_000})
			for range 3 {
				e.advance(3600)
				e.apply(state.FundingTick{Market: 0, Rate: 1_000})
			}
			return forge(t, e, e.margin(2, 0, true, 150_000, 1), leaves(2, 0)), nil
		}},
	{name: "funding rate above the market's bound", rules: []string{"funding.advance", "perp.funding.rate-bound"},
		build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			e := setupEnv(t)
			return forge(t, e, state.FundingTick{Market: 0, Rate: 1_001}, leaves(1, 0)), nil
		}},
	{name: "mark price zero", rules: []string{"mark.nonzero"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		e := setupEnv(t)
		return forge(t, e, state.MarkPrice{Market: 0, Price: 0}, leaves(1, 0)), nil
	}},
	{name: "market path", rules: []string{"market.old-root"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		w := withdrawWitness(t)
		w.Slots[0].Market.Path.Siblings[0] = 7
		return w, nil
	}},
	{name: "orders path", rules: []string{"orders.old-root"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		w := withdrawWitness(t)
		w.Slots[0].Accounts[0].OrdPath.Siblings[0] = 7
		return w, nil
	}},
	{name: "positions path", rules: []string{"positions.old-root"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		w := withdrawWitness(t)
		w.Slots[0].Accounts[0].PosPath.Siblings[0] = 7
		return w, nil
	}},
	{name: "accounts path", rules: []string{"accounts.old-root"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		w := withdrawWitness(t)
		w.Slots[0].Accounts[0].Path.Siblings[0] = 7
		return w, nil
	}},
	{name: "insurance fund, forged split", rules: []string{"market.insurance-range", "gadget.tosigned.value"},
		build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
			// the new insurance fund's (magnitude, sign) answered as (5, 0) for 0
			w := withdrawWitness(t)
			site := siteOf(t, "slot.go", `Rule("market.insurance-range")`)
			return w, []test.TestEngineOption{forgeHint(t, "signedHint", site, func(_ *big.Int, _, out []*big.Int) {
				out[0].SetUint64(5)
			})}
		}},
	{name: "negative fill size", rules: []string{"tx.range.size"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		// In a market without fees the fee division does not bind the size: a
		// fill of −200 between two half-filled orders un-trades 200 of them
		// (the forger also answers "q < |s|" for the trade's comparison).
		e := zeroFeeEnv(t)
		maker, taker := e.order(1, 1, 2, false, 1000, 1000), e.order(2, 1, 2, true, 1000, 1000)
		e.apply(state.Fill{Maker: maker, Taker: taker, Price: 1000, Size: 500})
		w := forge(t, e, state.Fill{Maker: maker, Taker: taker, Price: 1000, Size: 1}, fillLeaves(maker, taker))
		w.Slots[0].Tx.Size = new(big.Int).Sub(ecc.BN254.ScalarField(), big.NewInt(200))
		republish(w)
		return w, []test.TestEngineOption{forgeHint(t, "isLessHint", "Trade", func(_ *big.Int, _, out []*big.Int) { out[0].SetUint64(1) })}
	}},
	{name: "liquidation of the backstop", rules: []string{"liquidate.keyed"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		// the backstop took account 1's short at 1190; at 1300 it is under
		// maintenance, but it has no key and is never liquidated
		e := shortEnv(t)
		e.apply(state.MarkPrice{Market: 0, Price: 1190})
		e.apply(state.Liquidate{Account: 1, Market: 0})
		e.apply(state.MarkPrice{Market: 0, Price: 1300})
		return forge(t, e, state.Liquidate{Account: state.BackstopAccount, Market: 0}, liqLeaves(state.BackstopAccount, 0)), nil
	}},
}

// zeroFeeEnv has a market 2 charging no fees, accounts 1 and 2
// margined in it.
func zeroFeeEnv(t *testing.T) *env {
	e := newEnv(t, oneSlot)
	free := testParams
	free.MakerFee, free.TakerFee = 0, 0
	if err := e.s.InitMarket(2, free, 1000); err != nil {
		t.Fatal(err)
	}
	for acc := uint32(1); acc <= 2; acc++ {
		e.apply(e.deposit(acc, 1_000_000))
		e.apply(e.margin(acc, 2, true, 200_000, 0))
	}
	return e
}

// withdrawWitness is a valid one-slot Withdraw of 10 by account 1.
func withdrawWitness(t *testing.T) *Circuit {
	return withdrawWitnessOn(t, setupEnv(t))
}

func withdrawWitnessOn(t *testing.T, e *env) *Circuit {
	return single(t, e, e.withdraw(1, 10, 1))
}

// shortEnv is setupEnv after a Fill: account 1 short 1000 at 1000, account 2 long.
func shortEnv(t *testing.T) *env {
	e := setupEnv(t)
	e.apply(state.Fill{Maker: e.order(1, 1, 0, false, 1000, 1000), Taker: e.order(2, 1, 0, true, 1000, 1000), Price: 1000, Size: 1000})
	return e
}

// siteOf returns "batch/<file>:<line>" of the first line of the batch
// package's file holding text, to forge the hints called from there.
func siteOf(t *testing.T, file, text string) string {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(src), "\n") {
		if strings.Contains(line, text) {
			return fmt.Sprintf("batch/%s:%d ", file, i+1)
		}
	}
	t.Fatalf("%s: no line holds %s", file, text)
	return ""
}

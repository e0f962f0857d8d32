package batch

import (
	"testing"

	"github.com/consensys/gnark/test"

	"github.com/zkperp/zkperp/state"
)

// refundCases are the one-rule tests of the refunded deposit (a deposit the
// account's free collateral cannot hold consumes its queue entry, credits
// nothing and is returned on L1): the operator may not refund a deposit that
// fits, nor set the refund bit where it is no plain deposit.
var refundCases = []ruleCase{
	{name: "deposit refunded though it fits", rules: []string{"deposit.refund-overflow"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		// the operator turns a deposit away (L1 would hand it back): only
		// an overflowing deposit may be refunded
		e := setupEnv(t)
		d := state.Deposit{Account: 1, PubKey: e.key(1).Public(), Amount: 5, Refunded: true}
		return forge(t, e, d, leaves(1, 0)), nil
	}},
	{name: "refund bit on a withdrawal", rules: []string{"deposit.refund-bit"}, build: func(t *testing.T) (*Circuit, []test.TestEngineOption) {
		// account 4 holds 2^64 − 10 free (so the overflow check passes):
		// the refund bit on its withdrawal of 20 would take 20 more
		e := setupEnv(t)
		e.apply(e.deposit(4, state.MaxAmount-10))
		w := forge(t, e, e.withdraw(4, 20, 0), leaves(4, 0))
		w.Slots[0].Tx.Refund = 1
		return w, nil
	}},
}

// A deposit that overflows free collateral is proven as refunded.
func TestRefundedDepositProves(t *testing.T) {
	e := setupEnv(t)
	e.apply(e.deposit(4, state.MaxAmount-10))
	w := single(t, e, e.deposit(4, 11))
	if bigOf(w.Slots[0].Tx.Refund).Int64() != 1 {
		t.Fatal("the overflowing deposit was not refunded")
	}
}

package batch

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/test"

	"github.com/zkperp/zkperp/circuits/gadget"
	"github.com/zkperp/zkperp/state"
)

// oneSlot holds one tx; two signature entries fit a Fill.
var oneSlot = Config{Slots: 1, AccountDepth: testCfg.AccountDepth, PositionDepth: testCfg.PositionDepth, OrderDepth: testCfg.OrderDepth,
	SigSlots: 2}

// setupEnv funds accounts 1..3 with margin in market 0 (not part of the batch under test).
func setupEnv(t *testing.T) *env {
	e := newEnv(t, oneSlot)
	for acc := uint32(1); acc <= 3; acc++ {
		e.apply(e.deposit(acc, 1_000_000))
		e.apply(e.margin(acc, 0, true, 200_000, 0))
	}
	return e
}

// single assigns a one-slot batch of tx applied on e and checks it solves.
func single(t *testing.T, e *env, tx state.Tx) *Circuit {
	t.Helper()
	w, err := Assign(oneSlot, 7, testDomain, []*state.Trace{e.apply(tx)})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := New(oneSlot)
	if err := test.IsSolved(c, w, ecc.BN254.ScalarField()); err != nil {
		t.Fatalf("valid %T rejected: %v", tx, err)
	}
	return w
}

// rejects asserts the mutated witness fails even without the final root check.
func rejects(t *testing.T, w *Circuit) {
	t.Helper()
	c, _ := New(oneSlot)
	c.skipFinal = true
	if err := test.IsSolved(c, w, ecc.BN254.ScalarField()); err == nil {
		t.Fatal("mutated witness accepted")
	} else {
		t.Logf("rejected: %.120v", err)
	}
}

// rejectsQueue asserts the mutated witness fails on the final deposit-queue
// hash check alone (the hash L1 supplies as a public input).
func rejectsQueue(t *testing.T, w *Circuit) {
	t.Helper()
	c, _ := New(oneSlot)
	c.skipRoot = true
	if err := test.IsSolved(c, w, ecc.BN254.ScalarField()); err == nil {
		t.Fatal("mutated witness accepted")
	} else {
		t.Logf("rejected: %.120v", err)
	}
}

func mustSig(t *testing.T, sig state.Signature) gadget.Signature {
	s, err := sigWitness(sig)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// entry returns the signature entry side k of slot i points at.
func entry(w *Circuit, i, k int) *SigEntry {
	return &w.Sigs[w.Slots[i].SigIndex[k].(int)]
}

// resign puts msg and its signature sig in the entry of slot 0's side k.
func resign(t *testing.T, w *Circuit, k int, msg fr.Element, sig state.Signature) {
	e := entry(w, 0, k)
	e.Msg, e.Sig = msg, mustSig(t, sig)
}

// refill re-signs mutated orders of a Fill witness and republishes its pubdata.
func refill(t *testing.T, e *env, w *Circuit, f state.Fill) {
	for k, o := range []*state.Order{&f.Maker, &f.Taker} {
		if err := e.key(o.Account).SignOrder(o); err != nil {
			t.Fatal(err)
		}
		w.Slots[0].Orders[k] = OrderTerms{Price: o.Price, Size: o.Size, MaxMakerFee: o.MaxMakerFee, MaxTakerFee: o.MaxTakerFee, Expiry: o.Expiry}
		resign(t, w, k, o.Message(), o.Sig)
	}
	w.Slots[0].Tx.Size, w.Slots[0].Tx.OrderB, w.Slots[0].Tx.Price = f.Size, f.Taker.ID, f.Price
	w.Pubdata[0] = state.Pubdata(f)
}

func TestRules(t *testing.T) {
	t.Run("wrong signature", func(t *testing.T) {
		e := setupEnv(t)
		w := single(t, e, e.withdraw(1, 10, 1))
		en := entry(w, 0, 0)
		en.Sig.S = new(big.Int).Add(en.Sig.S.(*big.Int), big.NewInt(1))
		rejects(t, w)
	})
	t.Run("wrong key", func(t *testing.T) {
		e := setupEnv(t)
		w := single(t, e, e.withdraw(1, 10, 1))
		forged := state.Withdraw{Account: 1, Amount: 10, Nonce: 1}
		if err := e.key(2).SignWithdraw(&forged); err != nil {
			t.Fatal(err)
		}
		entry(w, 0, 0).Sig = mustSig(t, forged.Sig)
		rejects(t, w)
	})
	t.Run("entry of another key", func(t *testing.T) {
		// a valid entry for key 2 and account 1's message: verified, but not account 1's key
		e := setupEnv(t)
		w := single(t, e, e.withdraw(1, 10, 1))
		forged := state.Withdraw{Account: 1, Amount: 10, Nonce: 1}
		if err := e.key(2).SignWithdraw(&forged); err != nil {
			t.Fatal(err)
		}
		k := e.key(2).Public()
		en := entry(w, 0, 0)
		en.PK, en.Sig = gadget.PublicKey{X: k.X, Y: k.Y}, mustSig(t, forged.Sig)
		rejects(t, w)
	})
	t.Run("bad nonce", func(t *testing.T) {
		e := setupEnv(t)
		w := single(t, e, e.withdraw(1, 10, 1))
		entry(w, 0, 0).Sig = mustSig(t, e.withdraw(1, 10, 2).(state.Withdraw).Sig)
		rejects(t, w)
	})
	t.Run("entry of another nonce", func(t *testing.T) {
		// a valid entry for the nonce-2 message: verified, but not the tx's message
		e := setupEnv(t)
		w := single(t, e, e.withdraw(1, 10, 1))
		tx := e.withdraw(1, 10, 2).(state.Withdraw)
		resign(t, w, 0, tx.Message(), tx.Sig)
		rejects(t, w)
	})
	t.Run("withdraw above free", func(t *testing.T) {
		e := setupEnv(t)
		w := single(t, e, e.withdraw(1, 10, 1))
		tx := e.withdraw(1, 800_001, 1).(state.Withdraw)
		w.Slots[0].Tx.Amount, w.Pubdata[0] = tx.Amount, state.Pubdata(tx)
		resign(t, w, 0, tx.Message(), tx.Sig)
		rejects(t, w)
	})
	t.Run("under margin", func(t *testing.T) {
		e := setupEnv(t)
		e.apply(state.Fill{Maker: e.order(1, 1, 0, false, 1000, 1000), Taker: e.order(2, 1, 0, true, 1000, 1000), Price: 1000, Size: 1000})
		// IM = 1000·1000·10% = 100k of 200k collateral: removing 50k is fine, 150k is not
		w := single(t, e, e.margin(1, 0, false, 50_000, 1))
		tx := e.margin(1, 0, false, 150_000, 1).(state.PositionMargin)
		w.Slots[0].Tx.Amount, w.Pubdata[0] = tx.Amount, state.Pubdata(tx)
		resign(t, w, 0, tx.Message(), tx.Sig)
		rejects(t, w)
	})
	fill := func(e *env, takerID uint32, takerSize, size uint64) state.Fill {
		return state.Fill{Maker: e.order(1, 1, 0, false, 1000, 1000), Taker: e.order(2, takerID, 0, true, 1010, takerSize), Price: 1000, Size: size}
	}
	t.Run("overfill", func(t *testing.T) {
		e := setupEnv(t)
		w := single(t, e, fill(e, 5, 100, 100))
		refill(t, e, w, fill(e, 5, 99, 100))
		rejects(t, w)
	})
	t.Run("replay of a filled order", func(t *testing.T) {
		e := setupEnv(t)
		e.apply(fill(e, 5, 100, 100)) // taker order 5 fully filled
		// a valid witness for order 5 with a larger size, then the original order again
		w := single(t, e, fill(e, 5, 200, 100))
		refill(t, e, w, fill(e, 5, 100, 100))
		rejects(t, w)
	})
	t.Run("stale order id", func(t *testing.T) {
		e := setupEnv(t)
		e.apply(fill(e, 13, 100, 50)) // slot 13 mod 8 = 5 now holds id 13
		w := single(t, e, fill(e, 21, 100, 50))
		refill(t, e, w, fill(e, 5, 100, 50)) // id 5 < 13 in the same slot
		rejects(t, w)
	})
	t.Run("fee above bound", func(t *testing.T) {
		e := setupEnv(t)
		w := single(t, e, fill(e, 5, 100, 100))
		f := fill(e, 5, 100, 100)
		f.Taker.MaxTakerFee = 499 // market taker fee is 500
		refill(t, e, w, f)
		rejects(t, w)
	})
	t.Run("price beyond taker limit", func(t *testing.T) {
		e := setupEnv(t)
		w := single(t, e, fill(e, 5, 100, 100))
		f := fill(e, 5, 100, 100)
		f.Taker.Price = 990 // buys at most at 990, maker asks 1000
		refill(t, e, w, f)
		rejects(t, w)
	})
	t.Run("funding rate above bound", func(t *testing.T) {
		e := setupEnv(t)
		w := single(t, e, state.FundingTick{Market: 0, Rate: -1000})
		tx := state.FundingTick{Market: 0, Rate: -1001}
		w.Slots[0].Tx.Amount, w.Pubdata[0] = uint64(1001), state.Pubdata(tx)
		rejects(t, w)
	})
	t.Run("deposit key change", func(t *testing.T) {
		e := setupEnv(t)
		w := single(t, e, e.deposit(1, 5))
		k := e.key(9).Public()
		w.Slots[0].DepositKey = gadget.PublicKey{X: k.X, Y: k.Y}
		rejects(t, w)
	})
	t.Run("free above range", func(t *testing.T) {
		e := setupEnv(t)
		w := single(t, e, e.deposit(1, 5))
		tx := state.Deposit{Account: 1, PubKey: e.key(1).Public(), Amount: 1<<64 - 100}
		w.Slots[0].Tx.Amount, w.Pubdata[0] = tx.Amount, state.Pubdata(tx)
		rejects(t, w)
	})
	// forced exits: unsigned, the whole free collateral (1_000_000 − 200_000), nothing less, nothing more
	forcedExit := func(t *testing.T) (*env, *Circuit) {
		e := setupEnv(t)
		w := single(t, e, state.Deposit{Account: 1, PubKey: e.key(1).Public(), ForcedExit: true})
		if w.Slots[0].Tx.Amount != uint64(800_000) || w.Slots[0].Tx.Flag != uint64(1) {
			t.Fatalf("forced exit witness: %+v", w.Slots[0].Tx)
		}
		return e, w
	}
	republish := func(w *Circuit, amount uint64, exit bool) {
		w.Slots[0].Tx.Amount, w.Slots[0].Tx.Flag = amount, b2u(exit)
		w.Pubdata[0] = state.Pubdata(state.Deposit{Account: 1, Amount: amount, ForcedExit: exit})
	}
	t.Run("forced exit leaves free collateral", func(t *testing.T) {
		_, w := forcedExit(t)
		republish(w, 799_999, true) // would leave 1 free
		rejects(t, w)
	})
	t.Run("forced exit above free", func(t *testing.T) {
		_, w := forcedExit(t)
		republish(w, 800_001, true)
		rejects(t, w)
	})
	t.Run("forced exit publishes zero", func(t *testing.T) {
		_, w := forcedExit(t)
		republish(w, 0, true)
		rejects(t, w)
	})
	t.Run("forced exit pubdata amount differs", func(t *testing.T) {
		_, w := forcedExit(t)
		w.Pubdata[0] = state.Pubdata(state.Deposit{Account: 1, Amount: 799_999, ForcedExit: true})
		rejects(t, w)
	})
	t.Run("forced exit pubdata kind bit cleared", func(t *testing.T) {
		_, w := forcedExit(t)
		w.Pubdata[0] = state.Pubdata(state.Deposit{Account: 1, Amount: 800_000})
		rejects(t, w)
	})
	t.Run("forced exit turned into a deposit", func(t *testing.T) {
		// kind bit cleared in the witness and the pubdata: a deposit of 800_000 that the L1 queue never held
		_, w := forcedExit(t)
		republish(w, 800_000, false)
		rejectsQueue(t, w)
	})
	t.Run("deposit turned into a forced exit", func(t *testing.T) {
		// the kind bit set on a deposit of exactly the free collateral (so the
		// amount rule holds): not the L1 queue entry
		e := setupEnv(t)
		w := single(t, e, e.deposit(1, 800_000))
		republish(w, 800_000, true)
		rejectsQueue(t, w)
	})
	t.Run("tampered sibling", func(t *testing.T) {
		e := setupEnv(t)
		w := single(t, e, e.withdraw(1, 10, 1))
		w.Slots[0].Accounts[0].Path.Siblings[1] = 7
		rejects(t, w)
	})
	t.Run("wrong old root", func(t *testing.T) {
		e := setupEnv(t)
		w := single(t, e, e.withdraw(1, 10, 1))
		w.OldRoot = 7
		rejects(t, w)
	})
	t.Run("pubdata mismatch", func(t *testing.T) {
		e := setupEnv(t)
		w := single(t, e, e.withdraw(1, 10, 1))
		w.Pubdata[0] = state.Pubdata(state.Withdraw{Account: 1, Amount: 11})
		rejects(t, w)
	})
	t.Run("liquidate a healthy position", func(t *testing.T) {
		e := setupEnv(t)
		e.apply(fill(e, 5, 100, 100))
		e.apply(state.MarkPrice{Market: 0, Price: 2900}) // maker short 100 @1000: equity 200k − 190k < MM
		w := single(t, e, state.Liquidate{Account: 1, Market: 0})
		// the same position is healthy at a lower mark: replace the market leaf's mark (root check aside)
		w.Slots[0].Market.Leaf.Mark = 1000
		rejects(t, w)
	})
	t.Run("mark price zero", func(t *testing.T) {
		e := setupEnv(t)
		w := single(t, e, state.MarkPrice{Market: 1, Price: 1200})
		w.Slots[0].Tx.Price, w.Pubdata[0] = 0, state.Pubdata(state.MarkPrice{Market: 1, Price: 0})
		rejects(t, w)
	})
}

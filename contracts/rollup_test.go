package contracts

import (
	"math/big"
	"testing"
)

const aliceDeposit = 1_000_000

// aliceAccount is the model state after alice's first deposit (account 1).
func (e *env) aliceAccount(free uint64, nonce uint32) *account {
	pk := e.pks["alice"]
	return &account{pkX: pk[0], pkY: pk[1], free: free, nonce: nonce, positions: map[uint8]position{}}
}

func TestDepositBatchWithdrawClaim(t *testing.T) {
	e := newEnv(t, testConfig())
	r, rc := e.rollup, e.dev.RollupC
	e.fund("alice", 5_000_000)
	e.setPrice(0, 50_000)

	e.must(e.deposit("alice", aliceDeposit))
	if got := call(e, rc, r.PackAccountOf(e.addr("alice")), r.UnpackAccountOf); got != 1 {
		t.Fatalf("alice account %d, want 1", got)
	}
	pk := e.pks["alice"]
	q1 := depositStep(new(big.Int), 1, aliceDeposit, pk[0], pk[1])
	if got := call(e, rc, r.PackDepositHead(), r.UnpackDepositHead); got.Cmp(q1) != 0 {
		t.Fatalf("deposit hash %s, want %s", got, q1)
	}

	// Batch 1: the deposit, a mark price within the band, a withdrawal of 300k.
	e.model.accounts[1] = e.aliceAccount(aliceDeposit-300_000, 1)
	newRoot := e.model.root()
	pd := e.pad(pdDeposit(1, aliceDeposit), e.mark(0, 50_200), pdWithdraw(1, 300_000))
	rec := e.proveAndSubmit(newRoot, pd)
	t.Logf("submitBatch (8 slots, 1 deposit, 1 mark, 1 withdraw): %d gas", rec.GasUsed)
	if e.stateRoot().Cmp(newRoot) != 0 {
		t.Fatal("root did not move")
	}
	if n := call(e, rc, r.PackBatchNumber(), r.UnpackBatchNumber); n != 1 {
		t.Fatalf("batch number %d", n)
	}
	if c := call(e, rc, r.PackDepositCursor(), r.UnpackDepositCursor); c != 1 {
		t.Fatalf("deposit cursor %d", c)
	}
	if got := call(e, rc, r.PackClaimable(e.addr("alice")), r.UnpackClaimable); got.Int64() != 300_000 {
		t.Fatalf("claimable %s", got)
	}
	e.must(e.send("alice", rc, r.PackWithdraw()))
	if got := e.balance("alice").Int64(); got != 5_000_000-aliceDeposit+300_000 {
		t.Fatalf("alice balance %d", got)
	}
	if got := call(e, e.dev.TokenC, e.token.PackBalanceOf(e.dev.Rollup), e.token.UnpackBalanceOf).Int64(); got != aliceDeposit-300_000 {
		t.Fatalf("rollup balance %d", got)
	}
	_, err := e.send("alice", rc, r.PackWithdraw())
	e.expectRevert(err, "NothingToClaim")

	// Second deposit with the same key reuses account 1; another key is refused.
	e.must(e.deposit("alice", 5))
	other := testKey(t, 99)
	_, err = e.send("alice", rc, r.PackDeposit(other[0], other[1], 5))
	e.expectRevert(err, "KeyMismatch")
	_, err = e.send("alice", rc, r.PackDeposit(pk[0], pk[1], 0))
	e.expectRevert(err, "ZeroAmount")
	e.fund("bob", 10)
	e.must(e.deposit("bob", 10))
	if got := call(e, rc, r.PackAccountOf(e.addr("bob")), r.UnpackAccountOf); got != 2 {
		t.Fatalf("bob account %d, want 2", got)
	}
}

func TestSubmitBatchRejections(t *testing.T) {
	e := newEnv(t, testConfig())
	r, rc := e.rollup, e.dev.RollupC
	e.fund("alice", aliceDeposit)
	e.setPrice(0, 50_000)
	e.must(e.deposit("alice", aliceDeposit))
	genesis := e.stateRoot()

	e.model.accounts[1] = e.aliceAccount(aliceDeposit, 0)
	root1 := e.model.root()
	pd1 := e.pad(pdDeposit(1, aliceDeposit))
	in1 := e.batchInputs(root1, pd1)
	proof1 := e.prove(in1)
	t1 := batchTimeOf(in1)

	t.Run("non-sequencer", func(t *testing.T) {
		_, err := e.submit("alice", root1, t1, pd1, proof1)
		e.expectRevert(err, "NotSequencer")
	})
	t.Run("tampered proof", func(t *testing.T) {
		bad := append([]byte(nil), proof1...)
		bad[100] ^= 1
		_, err := e.submit("sequencer", root1, t1, pd1, bad)
		e.expectRevert(err, "InvalidProof")
		_, err = e.submit("sequencer", root1, t1, pd1, proof1[:len(proof1)-32])
		e.expectRevert(err, "InvalidProof")
	})
	t.Run("wrong new root", func(t *testing.T) {
		_, err := e.submit("sequencer", new(big.Int).Add(root1, big.NewInt(1)), t1, pd1, proof1)
		e.expectRevert(err, "InvalidProof")
	})
	t.Run("wrong deposit hash", func(t *testing.T) {
		in := append([]*big.Int(nil), in1...)
		in[4] = depositStep(new(big.Int), 1, aliceDeposit+1, e.pks["alice"][0], e.pks["alice"][1])
		_, err := e.submit("sequencer", root1, t1, pd1, e.prove(in))
		e.expectRevert(err, "InvalidProof")
	})
	t.Run("deposit queue short", func(t *testing.T) {
		pd := e.pad(pdDeposit(1, aliceDeposit), pdDeposit(1, 1))
		_, err := e.submit("sequencer", root1, t1, pd, proof1)
		e.expectRevert(err, "DepositQueueShort")
	})
	t.Run("pubdata length", func(t *testing.T) {
		_, err := e.submit("sequencer", root1, t1, pd1[:len(pd1)-1], proof1)
		e.expectRevert(err, "BadPubdataLength")
	})
	t.Run("mark price out of band", func(t *testing.T) {
		pd := e.pad(pdDeposit(1, aliceDeposit), e.mark(0, 50_501)) // band 1% of 50,000 = 500
		_, err := e.tryBatch(root1, pd)
		e.expectRevert(err, "MarkPriceOutOfBand")
		pd = e.pad(pdDeposit(1, aliceDeposit), e.mark(0, 49_499))
		_, err = e.tryBatch(root1, pd)
		e.expectRevert(err, "MarkPriceOutOfBand")
		pd = e.pad(pdDeposit(1, aliceDeposit), e.mark(1, 1)) // no oracle round for market 1
		_, err = e.tryBatch(root1, pd)
		if err == nil {
			t.Fatal("mark price without oracle accepted")
		}
	})

	// The valid batch goes through once.
	e.must(e.submit("sequencer", root1, t1, pd1, proof1))
	if e.stateRoot().Cmp(root1) != 0 {
		t.Fatal("root did not move")
	}
	t.Run("replayed batch", func(t *testing.T) {
		_, err := e.submit("sequencer", root1, t1, pd1, proof1) // its deposit is consumed already
		e.expectRevert(err, "DepositQueueShort")
		e.model.markets[0] = market{params: big.NewInt(1), mark: 50_000, funds: new(big.Int)}
		root2 := e.model.root()
		pd2 := e.pad(e.mark(0, 50_000))
		in2 := e.batchInputs(root2, pd2)
		proof2 := e.prove(in2)
		e.must(e.submit("sequencer", root2, batchTimeOf(in2), pd2, proof2))
		_, err = e.submit("sequencer", root2, batchTimeOf(in2), pd2, proof2)
		e.expectRevert(err, "InvalidProof")
	})
	t.Run("stale old root", func(t *testing.T) {
		// A proof for batch 3 built on the genesis root instead of the verified root.
		pd := e.pad()
		in := e.batchInputs(root1, pd)
		in[0] = genesis
		in[2] = big.NewInt(1)
		_, err := e.submit("sequencer", root1, batchTimeOf(in), pd, e.prove(in))
		e.expectRevert(err, "InvalidProof")
		in = e.batchInputs(root1, pd)
		in[0] = root1 // the root before the last batch
		_, err = e.submit("sequencer", root1, batchTimeOf(in), pd, e.prove(in))
		e.expectRevert(err, "InvalidProof")
	})
	if n := call(e, rc, r.PackBatchNumber(), r.UnpackBatchNumber); n != 2 {
		t.Fatalf("batch number %d after rejections", n)
	}
}

// A deposit the state could not hold (the account's free collateral full) is consumed by the batch with the refund
// bit: L1 credits it back to its owner, so it never blocks the queue and nothing is lost.
func TestRefundedDepositCreditedBack(t *testing.T) {
	e := newEnv(t, testConfig())
	r, rc := e.rollup, e.dev.RollupC
	e.fund("alice", 5_000_000)
	e.must(e.deposit("alice", 1_000))
	e.must(e.deposit("alice", 2_000))
	// batch 1 applies the first; the second is refunded (the model's state does not change for it)
	e.model.accounts[1] = e.aliceAccount(1_000, 0)
	e.proveAndSubmit(e.model.root(), e.pad(pdDeposit(1, 1_000), pdRefundedDeposit(1, 2_000)))
	if c := call(e, rc, r.PackDepositCursor(), r.UnpackDepositCursor); c != 2 {
		t.Fatalf("deposit cursor %d, want both entries consumed", c)
	}
	if got := call(e, rc, r.PackClaimable(e.addr("alice")), r.UnpackClaimable); got.Int64() != 2_000 {
		t.Fatalf("claimable %s, want the refunded 2000", got)
	}
	if got := e.bigView(r.PackPendingDepositAmount()); got.Sign() != 0 {
		t.Fatalf("pending deposit amount %s after both were consumed", got)
	}
	if got := e.bigView(r.PackTotalClaimable()); got.Int64() != 2_000 {
		t.Fatalf("total claimable %s", got)
	}
	e.must(e.send("alice", rc, r.PackWithdraw()))
	if got := e.balance("alice").Int64(); got != 5_000_000-1_000 {
		t.Fatalf("alice balance %d, want her refunded deposit back", got)
	}
}

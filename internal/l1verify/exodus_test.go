package l1verify

import (
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/state"
)

// The verifier's exit proofs are accepted by Rollup.exit in exodus mode and register exactly the reported claim;
// after the claim window, payout pays each owner the pro-rata share the report announces (Exodus.Payout).
func TestExodusExitWithVerifierProof(t *testing.T) {
	c := newChain(t, chainOpts{})
	c.scenario()
	r, rc := c.rollup, c.dev.RollupC

	// alice's forced withdrawal is ignored past the deadline (5 blocks): exodus.
	pk := c.l2["alice"].Public()
	c.must(c.senders["alice"].Transact(c.ctx, rc, r.PackRequestForcedWithdrawal(toBig(pk.X), toBig(pk.Y))))
	for range 6 {
		c.sim.Commit()
	}
	c.must(c.senders["carol"].Transact(c.ctx, rc, r.PackActivateExodus()))

	v := c.verifier(c.gen, "", nil)
	if _, err := v.Run(c.ctx); err != nil {
		t.Fatal(err)
	}
	users := []string{"alice", "bob", "carol"}
	for _, u := range users {
		rep, err := v.Account(c.acct[u])
		if err != nil {
			t.Fatal(err)
		}
		if u == "bob" {
			// the packed calldata from the report, sent as is
			data, err := hexutil.Decode(rep.ExitCalldata)
			if err != nil {
				t.Fatal(err)
			}
			c.must(c.senders["deployer"].Transact(c.ctx, rc, data))
		} else {
			c.must(c.senders[u].Transact(c.ctx, rc, r.PackExit(rep.Proof())))
		}
		ex, err := v.Exodus(c.ctx, c.acct[u])
		if err != nil {
			t.Fatal(err)
		}
		if !ex.Active || !ex.WindowOpen || !ex.Registered || ex.Claim != rep.ExitPayout || ex.Final {
			t.Fatalf("%s: exodus report %+v, claim in the account report %s", u, ex, rep.ExitPayout)
		}
	}
	// the window passes: payouts, each as the report announced.
	if err := c.sim.AdjustTime(contracts.DefaultClaimWindow * time.Second); err != nil {
		t.Fatal(err)
	}
	c.sim.Commit()
	for _, u := range users {
		ex, err := v.Exodus(c.ctx, c.acct[u])
		if err != nil {
			t.Fatal(err)
		}
		if ex.WindowOpen || !ex.Final || ex.Payout == "" {
			t.Fatalf("%s after the window: %+v", u, ex)
		}
		before := c.balance(u)
		c.must(c.senders["deployer"].Transact(c.ctx, rc, r.PackPayout(c.acct[u])))
		paid := new(big.Int).Sub(c.balance(u), before)
		if paid.String() != ex.Payout {
			t.Fatalf("%s: payout paid %s, report says %s", u, paid, ex.Payout)
		}
		t.Logf("%s: claim %s, paid %s (pool %s, total claims %s)", u, ex.Claim, paid, ex.Pool, ex.TotalClaims)
	}
}

// A second run over the same data dir re-checks the stored batches without fetching calldata.
func TestResumeFromDataDir(t *testing.T) {
	c := newChain(t, chainOpts{})
	c.scenario()
	dir := t.TempDir()
	v, err := New(Config{Rollup: c.dev.Rollup, Genesis: c.gen, DataDir: dir}, c.sim.Client(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Run(c.ctx); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	c.deposit("carol", 5_000)
	c.seal()

	var resumed, fresh int
	v = c.verifier(c.gen, dir, func(r BatchReport) {
		if r.Resumed {
			resumed++
		} else {
			fresh++
		}
	})
	sum, err := v.Run(c.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if resumed != 3 || fresh != 1 || sum.LastBatch != 4 || v.Root() != c.seq.Root() {
		t.Fatalf("resumed %d, fresh %d, %+v", resumed, fresh, sum)
	}
	if _, err := v.Account(c.acct["carol"]); err != nil {
		t.Fatal(err)
	}
}

// A forced exit (an unsigned priority-queue entry) served by a batch is rebuilt from its pubdata: the verifier
// reaches the same root and queue hash, and L1 credits alice's whole free collateral.
func TestForcedExitServed(t *testing.T) {
	c := newChain(t, chainOpts{})
	c.scenario()
	r, rc := c.rollup, c.dev.RollupC
	pk := c.l2["alice"].Public()
	c.must(c.senders["alice"].Transact(c.ctx, rc, r.PackRequestForcedWithdrawal(toBig(pk.X), toBig(pk.Y))))
	a, err := c.seq.Account(c.acct["alice"])
	if err != nil || a.Free == 0 {
		t.Fatalf("alice before: %+v %v", a, err)
	}
	c.deposit("carol", 5_000) // the queue is served in order
	c.apply(state.Deposit{Account: c.acct["alice"], PubKey: pk, ForcedExit: true})
	c.seal()
	if got := callView(c, rc, r.PackClaimable(c.addr("alice")), r.UnpackClaimable); got.Uint64() != 100_000+a.Free {
		t.Fatalf("alice claimable %s, want %d (withdraw) + %d (forced exit)", got, 100_000, a.Free)
	}
	v := c.verifier(c.gen, "", nil)
	sum, err := v.Run(c.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v.Root() != c.seq.Root() || sum.LastBatch != 4 {
		t.Fatalf("verifier: root %v, %+v", v.Root() == c.seq.Root(), sum)
	}
	rep, err := v.Account(c.acct["alice"])
	if err != nil {
		t.Fatal(err)
	}
	if rep.Free != 0 || rep.ExitProof.Free != 0 {
		t.Fatalf("alice free after the forced exit: %d", rep.Free)
	}
}

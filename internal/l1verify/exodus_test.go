package l1verify

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"
)

// The verifier's exit proofs are accepted by Rollup.exit in exodus mode and pay exactly the reported payout.
func TestExodusExitWithVerifierProof(t *testing.T) {
	c := newChain(t, chainOpts{})
	c.scenario()
	r, rc := c.rollup, c.dev.RollupC

	// alice's forced withdrawal is ignored past the deadline (5 blocks): exodus.
	c.must(c.senders["alice"].Transact(c.ctx, rc, r.PackRequestForcedWithdrawal()))
	for range 6 {
		c.sim.Commit()
	}
	c.must(c.senders["carol"].Transact(c.ctx, rc, r.PackActivateExodus(c.acct["alice"])))

	v := c.verifier(c.gen, "", nil)
	if _, err := v.Run(c.ctx); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"alice", "bob", "carol"} {
		rep, err := v.Account(c.acct[u])
		if err != nil {
			t.Fatal(err)
		}
		before := c.balance(u)
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
		paid := new(big.Int).Sub(c.balance(u), before)
		if paid.String() != rep.ExitPayout {
			t.Fatalf("%s: exit paid %s, report says %s", u, paid, rep.ExitPayout)
		}
		t.Logf("%s exit paid %s", u, paid)
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

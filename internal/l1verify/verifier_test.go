package l1verify

import (
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/smt"
)

func TestRebuildMatchesRollup(t *testing.T) {
	c := newChain(t, chainOpts{})
	c.scenario()

	var reports []BatchReport
	v := c.verifier(c.gen, "", func(r BatchReport) { reports = append(reports, r) })
	sum, err := v.Run(c.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.LastBatch != 3 || sum.Batches != 3 || len(reports) != 3 {
		t.Fatalf("summary %+v, %d reports", sum, len(reports))
	}
	onChain, err := toElem(c.stateRoot())
	if err != nil {
		t.Fatal(err)
	}
	if sum.Root != onChain || v.Root() != c.seq.Root() {
		t.Fatalf("rebuilt root %s, rollup %s", hexElem(sum.Root), hexElem(onChain))
	}
	if sum.Accounts != 3 || sum.Deposits != 4 || sum.DepositCursor != 3 {
		t.Fatalf("summary %+v", sum)
	}
	want := map[string]int{"deposit": 3, "position_margin": 4, "fill": 1, "funding_tick": 1, "mark_price": 1,
		"withdraw": 1, "noop": 3*8 - 11}
	for k, n := range want {
		if sum.Txs[k] != n {
			t.Fatalf("tx counts %v, want %v", sum.Txs, want)
		}
	}
	if reports[2].Txs["noop"] != 8 {
		t.Fatalf("batch 3 %+v", reports[2])
	}

	// Every account equals the sequencer's, and its exit proof verifies against the root.
	accTree, _, _, _ := v.State().Trees()
	for _, u := range []string{"alice", "bob", "carol"} {
		idx := c.acct[u]
		rep, err := v.Account(idx)
		if err != nil {
			t.Fatal(err)
		}
		seqAcc, err := c.seq.Account(idx)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Free != seqAcc.Free || rep.Nonce != seqAcc.Nonce || rep.PubKeyX != hexElem(c.l2[u].Public().X) ||
			rep.Owner == nil || *rep.Owner != c.addr(u) {
			t.Fatalf("%s: report %+v, sequencer %+v", u, rep, seqAcc)
		}
		p := rep.Proof()
		if _, err := VerifyExitProof(c.gen.Config, onChain, p); err != nil {
			t.Fatal(err)
		}
		// The account leaf with the proof's siblings against the accounts root (state/smt).
		sib, err := accountProof(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := accTree.Verify(v.State().Head().AccountsRoot, seqAcc.Hash(v.State().Hasher()), sib); err != nil {
			t.Fatalf("%s: smt proof: %v", u, err)
		}
		// A tampered proof fails.
		p.Free++
		if _, err := VerifyExitProof(c.gen.Config, onChain, p); !errors.Is(err, ErrExitProof) {
			t.Fatalf("tampered proof: %v", err)
		}
		if data, _ := hexutil.Decode(rep.ExitCalldata); len(data) < 4 || [4]byte(data[:4]) != [4]byte(c.rollup.GetABI().Methods["exit"].ID) {
			t.Fatal("exit calldata")
		}
	}

	// alice sold 30 (short), bob bought 30; positions and liquidation prices agree with the margin rule.
	alice, _ := v.Account(c.acct["alice"])
	bob, _ := v.Account(c.acct["bob"])
	if len(alice.Positions) != 1 || alice.Positions[0].Size != -30 || len(bob.Positions) != 2 || bob.Positions[0].Size != 30 {
		t.Fatalf("positions alice %+v bob %+v", alice.Positions, bob.Positions)
	}
	for _, pr := range []PositionReport{alice.Positions[0], bob.Positions[0]} {
		checkLiqPrice(t, v, pr)
	}
	if bob.Positions[1].LiquidationPrice != nil {
		t.Fatalf("flat position with a liquidation price: %+v", bob.Positions[1])
	}

	// Catch up incrementally.
	c.setPrice(1, 1990) // a round the batch marks exists at its time (fixed by its first tx)
	c.deposit("carol", 5_000)
	c.apply(c.mark(1, 1990))
	c.seal()
	sum, err = v.Run(c.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Batches != 1 || sum.LastBatch != 4 || v.Root() != c.seq.Root() || sum.DepositCursor != 4 {
		t.Fatalf("catch-up summary %+v", sum)
	}
	// The batch time came from the submitBatch calldata: the mark's time in the rebuilt market is the batch's.
	if m, err := v.State().Market(1); err != nil || v.State().CommittedHead().Time != c.bt || m.MarkTime != c.bt {
		t.Fatalf("rebuilt batch time %d, market 1 mark time %d (%v), want %d", v.State().CommittedHead().Time,
			m.MarkTime, err, c.bt)
	}
}

// accountProof converts the exit proof's account path to an smt proof.
func accountProof(p bindings.RollupExitProof) (smt.Proof, error) {
	sp := smt.Proof{Index: uint64(p.Account)}
	for _, s := range p.AccountSiblings {
		e, err := toElem(s)
		if err != nil {
			return sp, err
		}
		sp.Siblings = append(sp.Siblings, e)
	}
	return sp, nil
}

func checkLiqPrice(t *testing.T, v *Verifier, pr PositionReport) {
	t.Helper()
	if pr.LiquidationPrice == nil {
		t.Fatalf("no liquidation price for %+v", pr)
	}
	lp := *pr.LiquidationPrice
	m, err := v.State().Market(pr.Market)
	if err != nil {
		t.Fatal(err)
	}
	pos := state.Position{Size: pr.Size, Collateral: pr.Collateral, EntryNotional: pr.EntryNotional, FundingIndex: pr.FundingIndex}
	at := func(mark uint64) bool { m.Mark = mark; return state.MeetsMaintenance(pos, m) }
	inside, outside := lp+1, lp-1 // long: liquidatable at ≤ lp
	if pr.Size < 0 {
		inside, outside = lp-1, lp+1
	}
	if at(lp) || at(outside) || !at(inside) {
		t.Fatalf("liquidation price %d of %+v: maint at lp %v, at %d %v, at %d %v", lp, pr, at(lp), inside, at(inside),
			outside, at(outside))
	}
}

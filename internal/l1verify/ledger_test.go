package l1verify

import (
	"bytes"
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
)

// The verifier checks the conserved ledger at the last verified root: the rebuilt state's L equals the rollup's
// token balance less totalClaimable (alice's withdrawal) and pendingDepositAmount (carol's queued deposit). Tokens
// sent straight to the rollup make a surplus: a *MismatchError of kind ErrLedgerMismatch, with the summary.
func TestLedgerCheck(t *testing.T) {
	c := newChain(t, chainOpts{})
	c.scenario()
	v := c.verifier(c.gen, "", nil)
	sum, err := v.Run(c.ctx)
	if err != nil {
		t.Fatal(err)
	}
	lc := sum.Ledger
	if lc == nil || !lc.OK() || lc.Difference == nil || lc.State.Cmp(big.NewInt(3_200_000)) != 0 ||
		lc.L1.Balance.Cmp(big.NewInt(3_305_000)) != 0 || lc.L1.Claimable.Cmp(big.NewInt(100_000)) != 0 ||
		lc.L1.Pending.Cmp(big.NewInt(5_000)) != 0 || lc.L1.Batch != 3 {
		t.Fatalf("ledger check %+v (%v)", lc, lc)
	}

	// 7 quantums sent to the rollup outside deposit(): the rollup holds more than the state accounts for.
	c.must(c.senders["deployer"].Transact(c.ctx, c.dev.TokenC, c.token.PackMint(c.dev.Rollup, big.NewInt(7))))
	sum, err = v.Run(c.ctx)
	var mm *MismatchError
	if !errors.Is(err, ErrLedgerMismatch) || !errors.As(err, &mm) || sum == nil || sum.Ledger.Kind() != "surplus" ||
		sum.Ledger.Difference.Cmp(big.NewInt(7)) != 0 {
		t.Fatalf("after a transfer to the rollup: %v, %+v", err, sum)
	}
	// The roots still match: a later run continues (and still reports the surplus).
	c.seal()
	if sum, err = v.Run(c.ctx); !errors.Is(err, ErrLedgerMismatch) || sum.LastBatch != 4 {
		t.Fatalf("next run: %v %+v", err, sum)
	}

	// zkperp verify prints the ledger line and fails.
	var out bytes.Buffer
	err = Command(c.ctx, []string{"--l1", "sim", "--rollup", c.dev.Rollup.Hex(), "--genesis", writeGenesis(t, c.gen),
		"--quiet"}, &out, nil, func(_ context.Context, _ string) (Client, func(), error) { return c.sim.Client(), nil, nil })
	if !errors.Is(err, ErrLedgerMismatch) || !strings.Contains(out.String(), "ledger SURPLUS") ||
		!strings.Contains(out.String(), "FAILED") {
		t.Fatalf("command: %v\n%s", err, out.String())
	}
}

// CompareLedger: exact difference, deficit and surplus, and no comparison once exodus payouts started.
func TestCompareLedger(t *testing.T) {
	l := &L1Ledger{Balance: big.NewInt(100), Claimable: big.NewInt(10), Pending: big.NewInt(5)}
	if c := CompareLedger(l, big.NewInt(85)); !c.OK() || c.Kind() != "" || c.Difference.Sign() != 0 {
		t.Fatalf("balanced: %v", c)
	}
	if c := CompareLedger(l, big.NewInt(86)); c.OK() || c.Kind() != "deficit" || c.Difference.Int64() != -1 {
		t.Fatalf("deficit: %v", c)
	}
	if c := CompareLedger(l, big.NewInt(84)); c.OK() || c.Kind() != "surplus" {
		t.Fatalf("surplus: %v", c)
	}
	l.Exodus, l.PoolFixed = true, true
	if c := CompareLedger(l, big.NewInt(1)); !c.OK() || c.Skipped == "" {
		t.Fatalf("exodus payouts: %v", c)
	}
}

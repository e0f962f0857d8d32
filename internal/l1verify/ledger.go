package l1verify

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"

	"github.com/zkperp/zkperp/contracts/bindings"
)

// ErrLedgerMismatch: the conserved ledger of the rebuilt state (state.(*State).Ledger: Σ free + Σ position collateral
// − Σ signed entry notional + Σ insurance + Σ fee pools) differs from what the rollup holds for it on L1
// (token.balanceOf(rollup) − totalClaimable − pendingDepositAmount) at the verified root.
var ErrLedgerMismatch = errors.New("conserved ledger differs from the rollup's token balance")

// Caller reads contracts at a block (ethclient, the simulated backend and bind.Backend all have it).
type Caller interface {
	CallContract(ctx context.Context, call ethereum.CallMsg, blockNumber *big.Int) ([]byte, error)
}

// L1Ledger is the L1 side of the conserved ledger at one block.
type L1Ledger struct {
	Block     uint64         `json:"l1Block"`
	Batch     uint64         `json:"batch"` // Rollup.batchNumber(): the verified root the ledger is compared at
	Token     common.Address `json:"token"`
	Balance   *big.Int       `json:"balance"`         // token.balanceOf(rollup)
	Claimable *big.Int       `json:"totalClaimable"`  // credited withdrawals (and refunds) not yet claimed
	Pending   *big.Int       `json:"pendingDeposits"` // queued deposits no verified batch consumed yet
	Exodus    bool           `json:"exodus"`
	PoolFixed bool           `json:"poolFixed"` // exodus payouts started: the balance no longer backs the state
}

// Holds is what the rollup holds for the state: balance − totalClaimable − pendingDepositAmount.
func (l *L1Ledger) Holds() *big.Int {
	h := new(big.Int).Sub(l.Balance, l.Claimable)
	return h.Sub(h, l.Pending)
}

// Comparable reports whether the equality must hold: not once exodus payouts started (each payout lowers the
// balance by a share of the pool that the frozen state does not see).
func (l *L1Ledger) Comparable() bool { return !l.PoolFixed }

// ReadL1Ledger reads the rollup's batch number, totalClaimable, pendingDepositAmount, exodus flags and its token
// balance, all at one block.
func ReadL1Ledger(ctx context.Context, c Caller, rollup common.Address, block uint64) (*L1Ledger, error) {
	r := bindings.NewRollup()
	at := new(big.Int).SetUint64(block)
	call := func(to common.Address, data []byte) ([]byte, error) {
		out, err := c.CallContract(ctx, ethereum.CallMsg{To: &to, Data: data}, at)
		if err != nil {
			return nil, fmt.Errorf("l1 ledger: call at block %d: %w", block, err)
		}
		return out, nil
	}
	l := &L1Ledger{Block: block}
	out, err := call(rollup, r.PackBatchNumber())
	if err == nil {
		l.Batch, err = r.UnpackBatchNumber(out)
	}
	if err == nil {
		if out, err = call(rollup, r.PackToken()); err == nil {
			l.Token, err = r.UnpackToken(out)
		}
	}
	if err == nil {
		if out, err = call(rollup, r.PackTotalClaimable()); err == nil {
			l.Claimable, err = r.UnpackTotalClaimable(out)
		}
	}
	if err == nil {
		if out, err = call(rollup, r.PackPendingDepositAmount()); err == nil {
			l.Pending, err = r.UnpackPendingDepositAmount(out)
		}
	}
	if err == nil {
		if out, err = call(rollup, r.PackExodus()); err == nil {
			l.Exodus, err = r.UnpackExodus(out)
		}
	}
	if err == nil {
		if out, err = call(rollup, r.PackPoolFixed()); err == nil {
			l.PoolFixed, err = r.UnpackPoolFixed(out)
		}
	}
	if err == nil {
		tok := bindings.NewTestToken() // any ERC-20's balanceOf
		if out, err = call(l.Token, tok.PackBalanceOf(rollup)); err == nil {
			l.Balance, err = tok.UnpackBalanceOf(out)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("l1 ledger: %w", err)
	}
	return l, nil
}

// LedgerCheck is one comparison of the conserved ledger at a verified root.
type LedgerCheck struct {
	L1 *L1Ledger `json:"l1"`
	// State is L of the state at batch L1.Batch.
	State *big.Int `json:"state"`
	// Difference is L1.Holds() − State: 0 when the ledger balances; negative (a deficit) when the state owes more
	// than the rollup holds; positive (a surplus) when the rollup holds more (e.g. tokens sent straight to it).
	Difference *big.Int `json:"difference"`
	// Skipped says why no comparison applies (exodus payouts started); Difference is then nil.
	Skipped string `json:"skipped,omitempty"`
}

// OK reports a balanced (or skipped) check.
func (c *LedgerCheck) OK() bool { return c.Difference == nil || c.Difference.Sign() == 0 }

// Kind is "deficit", "surplus" or "" (balanced or skipped).
func (c *LedgerCheck) Kind() string {
	switch {
	case c.Difference == nil || c.Difference.Sign() == 0:
		return ""
	case c.Difference.Sign() < 0:
		return "deficit"
	}
	return "surplus"
}

func (c *LedgerCheck) String() string {
	if c.Skipped != "" {
		return fmt.Sprintf("ledger check at batch %d (block %d) skipped: %s", c.L1.Batch, c.L1.Block, c.Skipped)
	}
	return fmt.Sprintf("batch %d (block %d): state ledger %s, L1 holds %s (balance %s − claimable %s − pending "+
		"deposits %s), difference %s", c.L1.Batch, c.L1.Block, c.State, c.L1.Holds(), c.L1.Balance, c.L1.Claimable,
		c.L1.Pending, c.Difference)
}

// CompareLedger compares L of the state (at batch l.Batch) with what L1 holds.
func CompareLedger(l *L1Ledger, stateLedger *big.Int) *LedgerCheck {
	c := &LedgerCheck{L1: l, State: stateLedger}
	if !l.Comparable() {
		c.Skipped = "exodus payouts started (poolFixed): the balance no longer backs the frozen state"
		return c
	}
	c.Difference = new(big.Int).Sub(l.Holds(), stateLedger)
	return c
}

// checkLedger compares the rebuilt state's ledger with L1 at block (after checkHead: the rebuilt state is at the
// rollup's batch number there).
func (v *Verifier) checkLedger(ctx context.Context, block uint64) (*LedgerCheck, error) {
	l, err := ReadL1Ledger(ctx, v.client, v.cfg.Rollup, block)
	if err != nil {
		return nil, fmt.Errorf("l1verify: %w", err)
	}
	if l.Batch != v.batch {
		return nil, fmt.Errorf("l1verify: ledger: rollup has %d batches at block %d, rebuilt %d", l.Batch, block, v.batch)
	}
	h := v.st.CommittedHead()
	var sl *big.Int
	if v.ledgerL != nil {
		d, err := v.st.LedgerDelta(v.ledgerHead, h)
		if err != nil {
			return nil, fmt.Errorf("l1verify: %w", err)
		}
		sl = d.Add(d, v.ledgerL)
	} else if sl, err = v.st.Ledger(h); err != nil {
		return nil, fmt.Errorf("l1verify: %w", err)
	}
	v.ledgerHead, v.ledgerL = h, sl
	c := CompareLedger(l, sl)
	if !c.OK() {
		return c, &MismatchError{Kind: ErrLedgerMismatch, Batch: v.batch, Slot: -1, Detail: c.Kind() + ": " + c.String()}
	}
	return c, nil
}

package state

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/state/smt"
)

// VerifyTrace checks a trace the way the circuit does, natively: every leaf update is proven under the root it
// claims, the updates chain from Before to After, and the pubdata matches the tx. It does not re-check the tx
// rules (Apply does); it checks that the witness is consistent, which is what the circuit's Merkle gadgets enforce.
func (s *State) VerifyTrace(tr *Trace) error {
	root := tr.Before.AccountsRoot
	for i := range tr.Accounts {
		a := &tr.Accounts[i]
		if err := s.verifyLeaf(s.ordTree, a.Account.Before.OrdersRoot, a.Account.After.OrdersRoot,
			a.Order.Before.Hash(s.h), a.Order.After.Hash(s.h), a.Order.Proof); err != nil {
			return fmt.Errorf("account update %d order slot: %w", i, err)
		}
		if err := s.verifyLeaf(s.posTree, a.Account.Before.PositionsRoot, a.Account.After.PositionsRoot,
			a.Position.Before.Hash(s.h), a.Position.After.Hash(s.h), a.Position.Proof); err != nil {
			return fmt.Errorf("account update %d position: %w", i, err)
		}
		next, err := s.accTree.ComputeRoot(a.Account.After.Hash(s.h), a.Account.Proof)
		if err != nil {
			return err
		}
		if err := s.verifyLeaf(s.accTree, root, next, a.Account.Before.Hash(s.h), a.Account.After.Hash(s.h), a.Account.Proof); err != nil {
			return fmt.Errorf("account update %d: %w", i, err)
		}
		root = next
	}
	if !root.Equal(&tr.After.AccountsRoot) {
		return fmt.Errorf("%w: accounts root after updates", smt.ErrProofInvalid)
	}
	if err := s.verifyLeaf(s.mktTree, tr.Before.MarketsRoot, tr.After.MarketsRoot, tr.Market.Before.Hash(s.h),
		tr.Market.After.Hash(s.h), tr.Market.Proof); err != nil {
		return fmt.Errorf("market: %w", err)
	}
	if pd := Pubdata(tr.Tx); !pd.Equal(&tr.Pubdata) {
		return fmt.Errorf("%w: pubdata", ErrInvalidTx)
	}
	return nil
}

func (s *State) verifyLeaf(t *smt.Tree, before, after, leafBefore, leafAfter fr.Element, p smt.Proof) error {
	if err := t.Verify(before, leafBefore, p); err != nil {
		return fmt.Errorf("old leaf: %w", err)
	}
	if err := t.Verify(after, leafAfter, p); err != nil {
		return fmt.Errorf("new leaf: %w", err)
	}
	return nil
}

package state

import "fmt"

// Leaves names the leaves a trace proves: for each of the two account
// updates the account, its position (by market) and its order fill slot, then
// the market.
type Leaves struct {
	Accounts [2]LeafIndex
	Market   uint8
}

// LeafIndex is one account update's leaves.
type LeafIndex struct {
	Account uint32
	Market  uint8
	Slot    uint64
}

// KeepTrace returns a trace of tx that proves the current leaves at the given
// indices and keeps every one of them unchanged (After = Before), without
// checking tx against any rule and without changing the state. It is the
// witness an adversarial prover starts from: the leaves and Merkle paths are
// genuine, the tx is whatever it claims. Soundness tests feed it to the
// circuit to show that one rule alone rejects a forged tx; the sequencer never
// uses it.
func (s *State) KeepTrace(tx Tx, at Leaves) (*Trace, error) {
	tr := &Trace{Tx: tx, Pubdata: Pubdata(tx), Before: s.head, After: s.head}
	var err error
	for k, l := range at.Accounts {
		if err := s.checkAccountIndex(l.Account); err != nil {
			return nil, err
		}
		if uint64(l.Market)>>uint(s.cfg.PositionDepth) != 0 || l.Slot>>uint(s.cfg.OrderDepth) != 0 {
			return nil, fmt.Errorf("%w: leaf index beyond depth", ErrInvalidTx)
		}
		ch := accChange{index: l.Account, keep: true, market: l.Market, slot: l.Slot}
		if _, tr.Accounts[k], err = s.writeAccount(s.head.AccountsRoot, ch); err != nil {
			return nil, err
		}
	}
	if uint64(at.Market)>>uint(s.cfg.PositionDepth) != 0 {
		return nil, fmt.Errorf("%w: market %d beyond depth", ErrUnknownMarket, at.Market)
	}
	if _, tr.Market, err = s.writeMarket(s.head.MarketsRoot, mktChange{id: at.Market, keep: true}); err != nil {
		return nil, err
	}
	return tr, nil
}

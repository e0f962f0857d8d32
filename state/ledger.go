package state

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/state/kv"
	"github.com/zkperp/zkperp/state/smt"
)

// The conserved ledger (docs/protocol.md §4 "Accounting identity", docs/node.md "The conserved ledger").
//
//	L = Σ free + Σ position collateral − Σ signed entry notional + Σ insurance + Σ fee pool
//
// (the signed entry notional has the sign of the position's size). Every transaction but a deposit (+amount, unless
// refunded), a Withdraw (−amount) and a forced exit (−amount) leaves L unchanged, exactly: realized PnL, fees,
// funding, penalties, bad debt and the backstop's trades only move quantums between these terms (unrealized PnL is
// carried by the entry notionals, and Σ size = 0 per market). So at every L1-verified root,
//
//	L = token.balanceOf(rollup) − Rollup.totalClaimable − Rollup.pendingDepositAmount.

// Ledger returns L at head h through the writer's view (uncommitted nodes and leaves included): call it only where
// the state's writer runs (it reads the writer's buffers).
func (s *State) Ledger(h Head) (*big.Int, error) { return s.LedgerDelta(s.emptyHead(), h) }

// LedgerDelta returns L(to) − L(from) through the writer's view, walking only the subtrees in which the two heads
// differ: its cost grows with the leaves changed between them, not with the size of the state.
func (s *State) LedgerDelta(from, to Head) (*big.Int, error) {
	return (&ledgerWalk{s: s, nodes: s.buf, pre: s.preimage}).delta(from, to)
}

// StoredLedger returns L at a committed head (a batch head, BatchHead) reading the store only: it is safe to call
// from any goroutine while the writer applies and commits (committed nodes and leaf preimages never change).
func (s *State) StoredLedger(h Head) (*big.Int, error) { return s.StoredLedgerDelta(s.emptyHead(), h) }

// StoredLedgerDelta is LedgerDelta over committed heads, reading the store only (safe from any goroutine).
func (s *State) StoredLedgerDelta(from, to Head) (*big.Int, error) {
	pre := func(h fr.Element) ([]byte, error) {
		v, err := s.db.Get(leafKey(h))
		if errors.Is(err, kv.ErrNotFound) {
			return nil, errNoPreimag
		}
		return v, err
	}
	return (&ledgerWalk{s: s, nodes: smt.NewBuffer(s.db), pre: pre}).delta(from, to)
}

// emptyHead is the head of the all-default state (L = 0).
func (s *State) emptyHead() Head {
	return Head{AccountsRoot: s.accTree.EmptyRoot(), MarketsRoot: s.mktTree.EmptyRoot()}
}

// PositionLedger is a position's term of L: collateral − signed entry notional.
func PositionLedger(p Position) *big.Int { return new(big.Int).Sub(u(p.Collateral), signedEntry(p)) }

// MarketLedger is a market's term of L: insurance + fee pool.
func MarketLedger(m Market) *big.Int { return new(big.Int).Add(bi(m.Insurance), u(m.FeePool)) }

type ledgerWalk struct {
	s     *State
	nodes smt.NodeStore
	pre   func(fr.Element) ([]byte, error)
	acc   *big.Int
}

func (w *ledgerWalk) delta(from, to Head) (*big.Int, error) {
	w.acc = new(big.Int)
	s := w.s
	if err := w.diff(s.accTree, from.AccountsRoot, to.AccountsRoot, s.cfg.AccountDepth, w.account); err != nil {
		return nil, fmt.Errorf("state: ledger: accounts: %w", err)
	}
	if err := w.diff(s.mktTree, from.MarketsRoot, to.MarketsRoot, s.cfg.PositionDepth, w.market); err != nil {
		return nil, fmt.Errorf("state: ledger: markets: %w", err)
	}
	return w.acc, nil
}

// diff calls leaf(a, b) for every leaf whose hash differs between the subtrees a and b of level k; equal subtrees
// (untouched, or both empty) are skipped without reading them.
func (w *ledgerWalk) diff(t *smt.Tree, a, b fr.Element, k int, leaf func(a, b fr.Element) error) error {
	if a.Equal(&b) {
		return nil
	}
	if k == 0 {
		return leaf(a, b)
	}
	al, ar, err := w.children(t, a, k)
	if err != nil {
		return err
	}
	bl, br, err := w.children(t, b, k)
	if err != nil {
		return err
	}
	if err := w.diff(t, al, bl, k-1, leaf); err != nil {
		return err
	}
	return w.diff(t, ar, br, k-1, leaf)
}

func (w *ledgerWalk) children(t *smt.Tree, h fr.Element, k int) (fr.Element, fr.Element, error) {
	if e := t.Empty(k); h.Equal(&e) {
		return t.Empty(k - 1), t.Empty(k - 1), nil
	}
	l, r, ok, err := w.nodes.Node(h)
	if err != nil {
		return l, r, err
	}
	if !ok {
		return l, r, fmt.Errorf("%w: level %d", smt.ErrMissingNode, k)
	}
	return l, r, nil
}

// leafValue reads a leaf preimage; ok=false for the tree's default leaf.
func (w *ledgerWalk) leafValue(t *smt.Tree, h fr.Element) ([]byte, bool, error) {
	if e := t.Empty(0); h.Equal(&e) {
		return nil, false, nil
	}
	v, err := w.pre(h)
	if err != nil {
		return nil, false, err
	}
	return v, true, nil
}

func (w *ledgerWalk) readAccount(h fr.Element) (Account, error) {
	v, ok, err := w.leafValue(w.s.accTree, h)
	if err != nil || !ok {
		return w.s.defAccount, err
	}
	return decodeAccount(v)
}

// account adds the change of one account's terms: its free collateral and its positions (their trees diffed).
func (w *ledgerWalk) account(a, b fr.Element) error {
	old, err := w.readAccount(a)
	if err != nil {
		return err
	}
	cur, err := w.readAccount(b)
	if err != nil {
		return err
	}
	w.acc.Add(w.acc, u(cur.Free))
	w.acc.Sub(w.acc, u(old.Free))
	return w.diff(w.s.posTree, old.PositionsRoot, cur.PositionsRoot, w.s.cfg.PositionDepth, w.position)
}

func (w *ledgerWalk) position(a, b fr.Element) error {
	for i, h := range []fr.Element{a, b} {
		v, ok, err := w.leafValue(w.s.posTree, h)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		p, err := decodePosition(v)
		if err != nil {
			return err
		}
		if i == 0 {
			w.acc.Sub(w.acc, PositionLedger(p))
		} else {
			w.acc.Add(w.acc, PositionLedger(p))
		}
	}
	return nil
}

func (w *ledgerWalk) market(a, b fr.Element) error {
	for i, h := range []fr.Element{a, b} {
		v, ok, err := w.leafValue(w.s.mktTree, h)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		m, err := decodeMarket(v)
		if err != nil {
			return err
		}
		if i == 0 {
			w.acc.Sub(w.acc, MarketLedger(m))
		} else {
			w.acc.Add(w.acc, MarketLedger(m))
		}
	}
	return nil
}

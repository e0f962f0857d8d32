package state

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// BackstopAccount takes over liquidated positions; it holds no key and never trades.
const BackstopAccount = 0

// accChange is the new value of one account's touched leaves. With keep set, the leaves are re-proven unchanged.
type accChange struct {
	index  uint32
	keep   bool
	acc    Account // pk, nonce, free (roots are derived)
	market uint8
	pos    Position
	slot   uint64
	order  OrderSlot
}

type mktChange struct {
	id   uint8
	keep bool
	m    Market
}

// Apply executes tx on the working state and returns its trace. A rejected tx returns a typed error (match with
// errors.Is) and changes nothing.
func (s *State) Apply(tx Tx) (*Trace, error) {
	var (
		chA, chB accChange
		chM      mktChange
		err      error
	)
	switch t := tx.(type) {
	case Deposit:
		// a forced exit's trace and pubdata carry the amount withdrawn
		chA, t, err = s.deposit(t)
		tx = t
		chB, chM = accChange{index: t.Account, keep: true}, mktChange{keep: true}
	case Withdraw:
		chA, err = s.withdraw(t)
		chB, chM = accChange{index: t.Account, keep: true}, mktChange{keep: true}
	case PositionMargin:
		chA, chM, err = s.positionMargin(t)
		chB = accChange{index: t.Account, keep: true}
	case Fill:
		chA, chB, chM, err = s.fill(t)
	case Liquidate:
		chA, chB, chM, err = s.liquidate(t)
	case FundingTick:
		chM, err = s.fundingTick(t)
		chA, chB = accChange{keep: true}, accChange{keep: true}
	case MarkPrice:
		chM, err = s.markPrice(t)
		chA, chB = accChange{keep: true}, accChange{keep: true}
	case NoOp:
		chA, chB, chM = accChange{keep: true}, accChange{keep: true}, mktChange{keep: true}
	default:
		return nil, fmt.Errorf("%w: unknown type %T", ErrInvalidTx, tx)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tx.Type(), err)
	}
	tr := &Trace{Tx: tx, Pubdata: Pubdata(tx), Before: s.head}
	after := s.head
	switch t := tx.(type) {
	case Deposit:
		after.DepositHash = s.DepositHashStep(after.DepositHash, t)
		after.DepositCount++
	case Liquidate:
		if t.Forced {
			after.DepositHash = s.QueueStep(after.DepositHash, t.Account, uint64(t.Market), QueueForcedClose, chA.acc.PubKey)
			after.DepositCount++
		}
	}
	// From here on only proven-correct values are written; a storage error leaves s.head untouched.
	if after.AccountsRoot, tr.Accounts[0], err = s.writeAccount(after.AccountsRoot, chA); err != nil {
		return nil, err
	}
	if after.AccountsRoot, tr.Accounts[1], err = s.writeAccount(after.AccountsRoot, chB); err != nil {
		return nil, err
	}
	if after.MarketsRoot, tr.Market, err = s.writeMarket(after.MarketsRoot, chM); err != nil {
		return nil, err
	}
	tr.After = after
	s.head = after
	return tr, nil
}

// NoOpTrace returns the trace of a NoOp at head h (an earlier working head), without changing the state: padding
// for a batch that ends before the working head.
func (s *State) NoOpTrace(h Head) (*Trace, error) {
	saved := s.head
	s.head = h
	defer func() { s.head = saved }()
	return s.Apply(NoOp{})
}

// DepositHashStep returns the next priority-queue hash after deposit or forced exit d: QueueStep with its queue
// amount and kind QueueForcedExit (queue amount 0) or QueueDeposit.
func (s *State) DepositHashStep(q fr.Element, d Deposit) fr.Element {
	return s.QueueStep(q, d.Account, d.QueueAmount(), b2u(d.ForcedExit), d.PubKey)
}

// QueueStep returns the next priority-queue hash H(H(H(q, account + 2^32·amount + 2^96·kind), pkX), pkY)
// (docs/protocol.md §6); a forced close's amount field holds its market id.
func (s *State) QueueStep(q fr.Element, account uint32, amount, kind uint64, pk PublicKey) fr.Element {
	packed := pack([]uint64{uint64(account), amount, kind}, []uint{32, 64, 2})
	return s.h.Compress(s.h.Compress(s.h.Compress(q, packed), pk.X), pk.Y)
}

func (s *State) writeAccount(root fr.Element, ch accChange) (fr.Element, AccountUpdate, error) {
	var up AccountUpdate
	before, ap0, err := s.accountAt(root, ch.index)
	if err != nil {
		return root, up, err
	}
	posBefore, pp0, err := s.positionAt(before.PositionsRoot, ch.market)
	if err != nil {
		return root, up, err
	}
	ordBefore, op0, err := s.orderAt(before.OrdersRoot, ch.slot)
	if err != nil {
		return root, up, err
	}
	if ch.keep {
		// Nothing changes: the read proofs are the update's witness and no path needs rehashing.
		up.Order = LeafUpdate[OrderSlot]{Index: ch.slot, Before: ordBefore, After: ordBefore, Proof: op0}
		up.Position = LeafUpdate[Position]{Index: uint64(ch.market), Before: posBefore, After: posBefore, Proof: pp0}
		up.Account = LeafUpdate[Account]{Index: uint64(ch.index), Before: before, After: before, Proof: ap0}
		return root, up, nil
	}
	ordLeaf := ch.order.Hash(s.h)
	ordRoot, _, op, err := s.ordTree.Update(s.buf, before.OrdersRoot, ch.slot, ordLeaf)
	if err != nil {
		return root, up, err
	}
	posLeaf := ch.pos.Hash(s.h)
	posRoot, _, pp, err := s.posTree.Update(s.buf, before.PositionsRoot, uint64(ch.market), posLeaf)
	if err != nil {
		return root, up, err
	}
	after := ch.acc
	after.PositionsRoot, after.OrdersRoot = posRoot, ordRoot
	accLeaf := after.Hash(s.h)
	newRoot, _, ap, err := s.accTree.Update(s.buf, root, uint64(ch.index), accLeaf)
	if err != nil {
		return root, up, err
	}
	s.putLeaf(ordLeaf, []fr.Element{ch.order.Packed()})
	s.putLeaf(posLeaf, []fr.Element{ch.pos.Packed()})
	s.putLeaf(accLeaf, after.fields())
	s.rc.accountWritten(root, newRoot, ch.index, ch.market, ch.slot)
	up.Order = LeafUpdate[OrderSlot]{Index: ch.slot, Before: ordBefore, After: ch.order, Proof: op}
	up.Position = LeafUpdate[Position]{Index: uint64(ch.market), Before: posBefore, After: ch.pos, Proof: pp}
	up.Account = LeafUpdate[Account]{Index: uint64(ch.index), Before: before, After: after, Proof: ap}
	return newRoot, up, nil
}

func (s *State) writeMarket(root fr.Element, ch mktChange) (fr.Element, LeafUpdate[Market], error) {
	before, p0, err := s.marketAt(root, ch.id)
	if err != nil {
		return root, LeafUpdate[Market]{}, err
	}
	if ch.keep {
		return root, LeafUpdate[Market]{Index: uint64(ch.id), Before: before, After: before, Proof: p0}, nil
	}
	leaf := ch.m.Hash(s.h)
	newRoot, _, p, err := s.mktTree.Update(s.buf, root, uint64(ch.id), leaf)
	if err != nil {
		return root, LeafUpdate[Market]{}, err
	}
	s.putLeaf(leaf, ch.m.fields())
	s.rc.marketWritten(root, newRoot, ch.id)
	return newRoot, LeafUpdate[Market]{Index: uint64(ch.id), Before: before, After: ch.m, Proof: p}, nil
}

// ---- per-type rules (pure given the reads) ----

func (s *State) activeMarket(id uint8) (Market, error) {
	if uint64(id)>>uint(s.cfg.PositionDepth) != 0 {
		return Market{}, fmt.Errorf("%w: %d", ErrUnknownMarket, id)
	}
	m, err := s.Market(id)
	if err != nil {
		return m, err
	}
	if !m.Active() {
		return m, fmt.Errorf("%w: %d not initialized", ErrUnknownMarket, id)
	}
	return m, nil
}

func (s *State) checkAccountIndex(i uint32) error {
	if uint64(i)>>uint(s.cfg.AccountDepth) != 0 {
		return fmt.Errorf("%w: index %d beyond depth %d", ErrUnknownAccount, i, s.cfg.AccountDepth)
	}
	return nil
}

// keyedAccount returns an account that has a key (has deposited).
func (s *State) keyedAccount(i uint32) (Account, error) {
	if err := s.checkAccountIndex(i); err != nil {
		return Account{}, err
	}
	a, err := s.Account(i)
	if err != nil {
		return a, err
	}
	if a.PubKey.IsZero() {
		return a, fmt.Errorf("%w: %d has no key", ErrUnknownAccount, i)
	}
	return a, nil
}

// deposit applies a priority-queue entry and returns the executed tx: for a forced exit, Amount is the free
// collateral withdrawn.
func (s *State) deposit(t Deposit) (accChange, Deposit, error) {
	if err := s.checkAccountIndex(t.Account); err != nil {
		return accChange{}, t, err
	}
	if t.Account == BackstopAccount {
		return accChange{}, t, fmt.Errorf("%w: deposit to the backstop account", ErrInvalidTx)
	}
	if t.PubKey.IsZero() {
		return accChange{}, t, fmt.Errorf("%w: deposit without key", ErrInvalidTx)
	}
	a, err := s.Account(t.Account)
	if err != nil {
		return accChange{}, t, err
	}
	if !a.PubKey.IsZero() && (!a.PubKey.X.Equal(&t.PubKey.X) || !a.PubKey.Y.Equal(&t.PubKey.Y)) {
		return accChange{}, t, ErrKeyMismatch
	}
	a.PubKey = t.PubKey
	if t.ForcedExit && t.Refunded {
		return accChange{}, t, fmt.Errorf("%w: a forced exit is not a refundable deposit", ErrInvalidTx)
	}
	if t.ForcedExit {
		// Withdraw all free collateral, unsigned: the L1 owner asked for it through the priority queue.
		if t.Amount != 0 && t.Amount != a.Free {
			return accChange{}, t, fmt.Errorf("%w: forced exit of %d, free collateral is %d", ErrInvalidTx, t.Amount, a.Free)
		}
		t.Amount, a.Free = a.Free, 0
	} else {
		overflows := a.Free > MaxAmount-t.Amount
		switch {
		case overflows:
			// free collateral cannot hold it: refunded on L1, the queue moves on
			t.Refunded = true
		case t.Refunded:
			return accChange{}, t, fmt.Errorf("%w: deposit refunded though free collateral holds it", ErrInvalidTx)
		default:
			a.Free += t.Amount
		}
	}
	ch, err := s.unchangedLeaves(t.Account, a, 0)
	return ch, t, err
}

// unchangedLeaves builds an account change that touches only the account fields (position of market and slot 0
// re-proven unchanged).
func (s *State) unchangedLeaves(i uint32, a Account, market uint8) (accChange, error) {
	pos, _, err := s.positionAt(a.PositionsRoot, market)
	if err != nil {
		return accChange{}, err
	}
	ord, _, err := s.orderAt(a.OrdersRoot, 0)
	if err != nil {
		return accChange{}, err
	}
	return accChange{index: i, acc: a, market: market, pos: pos, order: ord}, nil
}

func (s *State) signedAccount(i, nonce uint32, msg fr.Element, sig Signature) (Account, error) {
	a, err := s.keyedAccount(i)
	if err != nil {
		return a, err
	}
	if nonce != a.Nonce {
		return a, fmt.Errorf("%w: got %d, want %d", ErrBadNonce, nonce, a.Nonce)
	}
	if a.Nonce == MaxNonce {
		return a, fmt.Errorf("%w: nonce", ErrOverflow)
	}
	if err := s.checkSig(a.PubKey, msg, sig); err != nil {
		return a, err
	}
	return a, nil
}

func (s *State) withdraw(t Withdraw) (accChange, error) {
	if t.Amount == 0 {
		return accChange{}, fmt.Errorf("%w: zero amount", ErrInvalidTx)
	}
	a, err := s.signedAccount(t.Account, t.Nonce, t.Message(), t.Sig)
	if err != nil {
		return accChange{}, err
	}
	if t.Amount > a.Free {
		return accChange{}, fmt.Errorf("%w: have %d, want %d", ErrInsufficientFunds, a.Free, t.Amount)
	}
	a.Free -= t.Amount
	a.Nonce++
	return s.unchangedLeaves(t.Account, a, 0)
}

func (s *State) positionMargin(t PositionMargin) (accChange, mktChange, error) {
	if t.Amount == 0 {
		return accChange{}, mktChange{}, fmt.Errorf("%w: zero amount", ErrInvalidTx)
	}
	m, err := s.activeMarket(t.Market)
	if err != nil {
		return accChange{}, mktChange{}, err
	}
	a, err := s.signedAccount(t.Account, t.Nonce, t.Message(), t.Sig)
	if err != nil {
		return accChange{}, mktChange{}, err
	}
	ch, err := s.unchangedLeaves(t.Account, a, t.Market)
	if err != nil {
		return accChange{}, mktChange{}, err
	}
	pos, m, err := settle(ch.pos, m)
	if err != nil {
		return accChange{}, mktChange{}, err
	}
	if t.ToPosition {
		if t.Amount > a.Free {
			return accChange{}, mktChange{}, fmt.Errorf("%w: have %d, want %d", ErrInsufficientFunds, a.Free, t.Amount)
		}
		if pos.Collateral > MaxAmount-t.Amount {
			return accChange{}, mktChange{}, fmt.Errorf("%w: position collateral", ErrOverflow)
		}
		a.Free -= t.Amount
		pos.Collateral += t.Amount
	} else {
		if t.Amount > pos.Collateral {
			return accChange{}, mktChange{}, fmt.Errorf("%w: position has %d", ErrInsufficientMargin, pos.Collateral)
		}
		if a.Free > MaxAmount-t.Amount {
			return accChange{}, mktChange{}, fmt.Errorf("%w: free collateral", ErrOverflow)
		}
		pos.Collateral -= t.Amount
		a.Free += t.Amount
		if pos.Size != 0 && !MeetsInitial(pos, m) {
			return accChange{}, mktChange{}, fmt.Errorf("%w: below initial margin after removing collateral", ErrInsufficientMargin)
		}
	}
	a.Nonce++
	ch.acc, ch.pos = a, pos
	return ch, mktChange{id: t.Market, m: m}, nil
}

// checkOrder validates one order's static fields and signature.
func (s *State) checkOrder(o *Order) (Account, error) {
	if o.ID == 0 {
		return Account{}, fmt.Errorf("%w: order id 0", ErrInvalidTx)
	}
	if o.Size == 0 || o.Size > MaxSize || o.Price == 0 || o.Price > MaxSize {
		return Account{}, fmt.Errorf("%w: order size/price out of range", ErrOverflow)
	}
	a, err := s.keyedAccount(o.Account)
	if err != nil {
		return a, err
	}
	if err := s.checkSig(a.PubKey, o.Message(), o.Sig); err != nil {
		return a, fmt.Errorf("order %d/%d: %w", o.Account, o.ID, err)
	}
	return a, nil
}

// slotFill advances an order fill slot by q.
func (s *State) slotFill(a Account, o *Order, q uint64) (uint64, OrderSlot, error) {
	slot := s.slotOf(o.ID)
	cur, _, err := s.orderAt(a.OrdersRoot, slot)
	if err != nil {
		return 0, cur, err
	}
	if cur.OrderID > o.ID {
		return 0, cur, fmt.Errorf("%w: slot %d holds order %d > %d", ErrStaleOrder, slot, cur.OrderID, o.ID)
	}
	filled := uint64(0)
	if cur.OrderID == o.ID {
		filled = cur.Filled
	}
	if filled+q > o.Size {
		return 0, cur, fmt.Errorf("%w: order %d/%d filled %d + %d > %d", ErrOverfill, o.Account, o.ID, filled, q, o.Size)
	}
	return slot, OrderSlot{OrderID: o.ID, Filled: filled + q}, nil
}

func (s *State) fill(t Fill) (accChange, accChange, mktChange, error) {
	var none accChange
	mk, tk := &t.Maker, &t.Taker
	if mk.Market != tk.Market {
		return none, none, mktChange{}, ErrMarketMismatch
	}
	if mk.Buy == tk.Buy {
		return none, none, mktChange{}, ErrSideMismatch
	}
	if mk.Account == tk.Account {
		return none, none, mktChange{}, ErrSelfTrade
	}
	if t.Size == 0 || t.Size > MaxSize {
		return none, none, mktChange{}, fmt.Errorf("%w: fill size %d", ErrOverflow, t.Size)
	}
	m, err := s.activeMarket(mk.Market)
	if err != nil {
		return none, none, mktChange{}, err
	}
	price := t.Price
	if price == 0 || price > MaxSize {
		return none, none, mktChange{}, fmt.Errorf("%w: fill price %d", ErrOverflow, price)
	}
	if price%m.Params.Tick != 0 {
		return none, none, mktChange{}, fmt.Errorf("%w: %d not a multiple of %d", ErrPriceNotOnTick, price, m.Params.Tick)
	}
	for _, o := range []*Order{mk, tk} {
		if (o.Buy && price > o.Price) || (!o.Buy && price < o.Price) {
			return none, none, mktChange{}, fmt.Errorf("%w: fill price %d, order %d/%d limit %d", ErrPriceLimit, price,
				o.Account, o.ID, o.Price)
		}
	}
	if m.Params.MakerFee > mk.MaxMakerFee || m.Params.TakerFee > tk.MaxTakerFee {
		return none, none, mktChange{}, ErrFeeAboveBound
	}
	for _, o := range []*Order{mk, tk} {
		if o.Expiry != 0 && o.Expiry < s.head.Time {
			return none, none, mktChange{}, fmt.Errorf("%w: order %d/%d expiry %d, batch time %d", ErrOrderExpired,
				o.Account, o.ID, o.Expiry, s.head.Time)
		}
	}
	sides := [2]*Order{mk, tk}
	fees := [2]uint16{m.Params.MakerFee, m.Params.TakerFee}
	var ch [2]accChange
	var before, after [2]Position
	var feeSum uint64
	for i, o := range sides {
		a, err := s.checkOrder(o)
		if err != nil {
			return none, none, mktChange{}, err
		}
		slot, os, err := s.slotFill(a, o, t.Size)
		if err != nil {
			return none, none, mktChange{}, err
		}
		pos, _, err := s.positionAt(a.PositionsRoot, o.Market)
		if err != nil {
			return none, none, mktChange{}, err
		}
		before[i] = pos
		settled, m2, err := settle(pos, m)
		if err != nil {
			return none, none, mktChange{}, fmt.Errorf("account %d: %w", o.Account, err)
		}
		m = m2
		np, fee, err := fillSide(settled, m, o.Buy, t.Size, price, fees[i])
		if err != nil {
			return none, none, mktChange{}, fmt.Errorf("account %d: %w", o.Account, err)
		}
		after[i] = np
		feeSum += fee
		ch[i] = accChange{index: o.Account, acc: a, market: o.Market, pos: np, slot: slot, order: os}
	}
	if m.FeePool > MaxAmount-feeSum {
		return none, none, mktChange{}, fmt.Errorf("%w: fee pool", ErrOverflow)
	}
	m.FeePool += feeSum
	if m.OpenInterest, err = openInterest(m.OpenInterest, before[:], after[:]); err != nil {
		return none, none, mktChange{}, err
	}
	return ch[0], ch[1], mktChange{id: mk.Market, m: m}, nil
}

func (s *State) liquidate(t Liquidate) (accChange, accChange, mktChange, error) {
	var none accChange
	if t.Account == BackstopAccount {
		return none, none, mktChange{}, fmt.Errorf("%w: cannot liquidate the backstop", ErrInvalidTx)
	}
	m, err := s.activeMarket(t.Market)
	if t.Forced && errors.Is(err, ErrUnknownMarket) && uint64(t.Market)>>uint(s.cfg.PositionDepth) == 0 {
		// a forced close of a market that was never initialized still consumes its queue entry: the position is
		// flat (nothing can open one there) and nothing moves
		m, err = s.Market(t.Market)
	}
	if err != nil {
		return none, none, mktChange{}, err
	}
	a, err := s.keyedAccount(t.Account)
	if err != nil {
		return none, none, mktChange{}, err
	}
	chA, err := s.unchangedLeaves(t.Account, a, t.Market)
	if err != nil {
		return none, none, mktChange{}, err
	}
	pos := chA.pos
	if !t.Forced && (pos.Size == 0 || MeetsMaintenance(pos, m)) {
		return none, none, mktChange{}, ErrNotLiquidatable
	}
	// a position is closed only at a fresh mark (a flat one trades nothing)
	if pos.Size != 0 && uint64(s.head.Time) > uint64(m.MarkTime)+MaxMarkAge {
		return none, none, mktChange{}, fmt.Errorf("%w: mark set at %d, batch time %d", ErrStaleMark, m.MarkTime, s.head.Time)
	}
	equity := Equity(pos, m)
	owed := FundingOwed(pos, m.FundingIndex)
	penalty := new(big.Int).Mul(u(abs64(pos.Size)), u(m.Mark))
	penalty.Mul(penalty, u(uint64(m.Params.LiqFee))).Quo(penalty, bigPpm)
	if equity.Sign() <= 0 || t.Forced {
		penalty.SetInt64(0)
	} else if penalty.Cmp(equity) > 0 {
		penalty.Set(equity)
	}
	remaining := new(big.Int).Sub(equity, penalty) // ≥ 0 unless bankrupt
	insDelta := new(big.Int).Add(owed, penalty)
	if remaining.Sign() < 0 {
		insDelta.Add(insDelta, remaining) // the fund pays the deficit
		remaining.SetInt64(0)
	}
	coll, err := toAmount(remaining, "collateral after liquidation")
	if err != nil {
		return none, none, mktChange{}, err
	}
	newPos := Position{Collateral: coll, FundingIndex: m.FundingIndex}
	if t.Forced { // the remaining equity goes to free collateral
		if chA.acc.Free > MaxAmount-coll {
			return none, none, mktChange{}, fmt.Errorf("%w: free collateral", ErrOverflow)
		}
		chA.acc.Free += coll
		newPos.Collateral = 0
	}

	// The backstop takes the position at mark; its realized PnL and funding flow through the insurance fund.
	b, err := s.Account(BackstopAccount)
	if err != nil {
		return none, none, mktChange{}, err
	}
	chB, err := s.unchangedLeaves(BackstopAccount, b, t.Market)
	if err != nil {
		return none, none, mktChange{}, err
	}
	bpos := chB.pos
	bpos.FundingIndex = m.FundingIndex // the backstop's funding would be paid by the fund to itself: nothing moves
	tr, err := trade(bpos, pos.Size > 0, abs64(pos.Size), m.Mark)
	if err != nil {
		return none, none, mktChange{}, err
	}
	insDelta.Add(insDelta, tr.realized)
	ins, err := toSigned63(insDelta.Add(insDelta, bi(m.Insurance)), "insurance fund")
	if err != nil {
		return none, none, mktChange{}, err
	}
	m.Insurance = ins
	if m.OpenInterest, err = openInterest(m.OpenInterest, []Position{pos, chB.pos}, []Position{newPos, tr.pos}); err != nil {
		return none, none, mktChange{}, err
	}
	chA.pos, chB.pos = newPos, tr.pos
	return chA, chB, mktChange{id: t.Market, m: m}, nil
}

func (s *State) fundingTick(t FundingTick) (mktChange, error) {
	m, err := s.activeMarket(t.Market)
	if err != nil {
		return mktChange{}, err
	}
	if s.head.Time < m.LastFunding {
		return mktChange{}, fmt.Errorf("%w: batch time %d before the last funding %d", ErrTimeBackwards, s.head.Time, m.LastFunding)
	}
	if abs64(t.Rate) >= 1<<BitsFundRate {
		return mktChange{}, fmt.Errorf("%w: |%d| ≥ 2^%d ppm", ErrFundingRate, t.Rate, BitsFundRate)
	}
	if bound := FundingBound(m, s.head.Time); abs64(t.Rate) > bound {
		return mktChange{}, fmt.Errorf("%w: |%d| > %d ppm (%d ppm/h for %d s)", ErrFundingRate, t.Rate, bound,
			m.Params.MaxFunding, s.head.Time-m.LastFunding)
	}
	m.LastFunding = s.head.Time
	f := new(big.Int).Add(bi(m.FundingIndex), fundingDelta(t.Rate, m.Mark))
	if m.FundingIndex, err = toSigned63(f, "funding index"); err != nil {
		return mktChange{}, err
	}
	return mktChange{id: t.Market, m: m}, nil
}

func (s *State) markPrice(t MarkPrice) (mktChange, error) {
	m, err := s.activeMarket(t.Market)
	if err != nil {
		return mktChange{}, err
	}
	if t.Price == 0 || t.Price > MaxSize {
		return mktChange{}, fmt.Errorf("%w: mark price %d", ErrOverflow, t.Price)
	}
	m.Mark, m.MarkTime = t.Price, s.head.Time
	return mktChange{id: t.Market, m: m}, nil
}

// FundingBound returns the largest |rate| (ppm) a FundingTick of market m may carry at batch time now:
// floor(maxFunding·(now − lastFunding)/FundingPeriod), 0 when now is before the last funding.
func FundingBound(m Market, now uint32) uint64 {
	if now < m.LastFunding {
		return 0
	}
	return uint64(m.Params.MaxFunding) * uint64(now-m.LastFunding) / FundingPeriod
}

func (s *State) checkSig(pk PublicKey, msg fr.Element, sig Signature) error {
	if s.proven {
		return nil
	}
	return s.sigs.Verify(s.cfg.Domain, pk, msg, sig)
}

package engine

import (
	"fmt"
	"maps"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/sequencer/book"
	"github.com/zkperp/zkperp/state"
)

func (e *Engine) bookOf(m uint8) (*book.Book, error) {
	b, ok := e.books[m]
	if !ok {
		return nil, fmt.Errorf("%w: %d", ErrUnknownMarket, m)
	}
	return b, nil
}

func side(buy bool) book.Side {
	if buy {
		return book.Buy
	}
	return book.Sell
}

// deferrable reports whether an order with these flags may defer its signature check: it can only trade as a maker.
func deferrable(f OrderFlags) bool {
	return f.PostOnly && f.Type == book.Limit && f.Trigger == book.TriggerNone
}

var errNotDeferrable = fmt.Errorf("%w: only a post-only limit order may defer its signature check", ErrBadInput)

// CheckPlace runs the checks of a place that do not depend on the book: signature, order id, slot. The node runs it
// at ingress (in parallel) before logging; the engine runs it again (the signature from the cache).
func CheckPlace(st *state.State, sigs *state.SigCache, p *Place) error {
	o := &p.Order
	if o.ID == 0 {
		return ErrOrderID
	}
	a, err := st.Account(o.Account)
	if err != nil {
		return err
	}
	if a.PubKey.IsZero() {
		return fmt.Errorf("%w: %d has no key", state.ErrUnknownAccount, o.Account)
	}
	if p.Deferred {
		if !deferrable(p.Flags) {
			return errNotDeferrable
		}
	} else if err := sigs.Verify(st.Config().Domain, a.PubKey, o.Message(), o.Sig); err != nil {
		return err
	}
	slot, err := st.OrderSlot(o.Account, o.ID)
	if err != nil {
		return err
	}
	if slot.OrderID > o.ID || (slot.OrderID == o.ID && slot.Filled >= o.Size) {
		return fmt.Errorf("%w: slot holds %d (filled %d)", ErrStaleOrderID, slot.OrderID, slot.Filled)
	}
	return nil
}

func (e *Engine) place(p *Place) error {
	o := p.Order
	b, err := e.bookOf(o.Market)
	if err != nil {
		return err
	}
	k := orderKey{o.Account, o.ID}
	if _, live := e.orders[k]; live {
		return ErrDuplicateOrder
	}
	if o.ID <= e.lastID[o.Account] {
		return fmt.Errorf("%w: %d not above the account's last id %d", ErrStaleOrderID, o.ID, e.lastID[o.Account])
	}
	if p.Deferred && !deferrable(p.Flags) {
		return errNotDeferrable
	}
	if p.Deferred && e.forged[o.Account] { // its checks are no longer deferred: checked now, as at admission
		q := *p
		q.Deferred = false
		p = &q
	}
	if err := CheckPlace(e.st, e.cfg.Sigs, p); err != nil {
		return err
	}
	if bt := e.st.Time(); o.Expiry != 0 && o.Expiry < bt {
		return fmt.Errorf("%w: expiry %d is before the batch time %d", ErrOrderExpired, o.Expiry, bt)
	}
	tif := p.Flags.TIF
	if o.Expiry != 0 && tif == book.GTC {
		tif = book.GTT // a resting order with a signed expiry leaves the book when it expires (the state refuses it after)
	}
	req := book.Order{Account: o.Account, ID: uint64(o.ID), Side: side(o.Buy), Type: p.Flags.Type, TIF: tif,
		Price: o.Price, Size: o.Size, PostOnly: p.Flags.PostOnly, ReduceOnly: p.Flags.ReduceOnly,
		DisplaySize: p.Flags.DisplaySize, Trigger: p.Flags.Trigger, TriggerPrice: p.Flags.TriggerPrice,
		Peg: p.Flags.Peg, PegOffset: p.Flags.PegOffset, STP: p.Flags.STP,
		MaxMakerFeePpm: uint32(o.MaxMakerFee), MaxTakerFeePpm: uint32(o.MaxTakerFee), Unverified: p.Deferred}
	if tif == book.GTT {
		req.ExpiresAt = uint64(o.Expiry) * 1000
	}
	e.orders[k] = o
	e.lastID[o.Account] = o.ID // even if the book refuses it: a signed id is used once
	err = b.Place(e.now, req)
	e.repair(o.Market)
	if err != nil {
		delete(e.orders, k)
		return err
	}
	return nil
}

func (e *Engine) cancel(c *Cancel) error {
	b, err := e.bookOf(c.Market)
	if err != nil {
		return err
	}
	if !c.Admitted {
		if err := e.verify(c.Account, c.Message(), c.Sig); err != nil {
			return err
		}
	}
	err = b.Cancel(e.now, c.Account, uint64(c.OrderID))
	e.repair(c.Market)
	return err
}

func (e *Engine) cancelAll(c *CancelAll) error {
	b, err := e.bookOf(c.Market)
	if err != nil {
		return err
	}
	if last := e.cancelNonce[c.Account]; c.Nonce <= last {
		return fmt.Errorf("%w: nonce %d, last %d", ErrStaleNonce, c.Nonce, last)
	}
	if !c.Admitted {
		if err := e.verify(c.Account, c.Message(), c.Sig); err != nil {
			return err
		}
	}
	e.cancelNonce[c.Account] = c.Nonce
	for _, oi := range b.AccountOrders(c.Account, nil) {
		if oi.ID <= uint64(c.UpTo) {
			_ = b.Cancel(e.now, c.Account, oi.ID)
		}
	}
	e.repair(c.Market)
	return nil
}

func (e *Engine) verify(account uint32, msg fr.Element, sig state.Signature) error {
	a, err := e.st.Account(account)
	if err != nil {
		return err
	}
	return e.cfg.Sigs.Verify(e.st.Config().Domain, a.PubKey, msg, sig)
}

func (e *Engine) amend(a *Amend) error {
	o := a.Order
	b, err := e.bookOf(o.Market)
	if err != nil {
		return err
	}
	k := orderKey{o.Account, o.ID}
	old, live := e.orders[k]
	if !live {
		return book.ReasonUnknownOrder
	}
	if old.Market != o.Market || old.Buy != o.Buy || old.MaxMakerFee != o.MaxMakerFee ||
		old.MaxTakerFee != o.MaxTakerFee || old.Expiry != o.Expiry {
		return fmt.Errorf("%w: an amend may change only price and size", ErrBadInput)
	}
	if o.Price >= 1<<48 || o.Size >= 1<<48 {
		return fmt.Errorf("%w: amend price and size must be below 2^48", ErrBadInput)
	}
	if cur := e.versions[k]; a.Version <= cur {
		return fmt.Errorf("%w: version %d, current %d", ErrStaleVersion, a.Version, cur)
	}
	info, _ := b.Lookup(o.Account, uint64(o.ID))
	quote := info.PostOnly && info.Type == book.Limit && info.Trigger == book.TriggerNone // it can only be a maker
	deferred := a.Deferred && !e.forged[o.Account]                                        // a forged account's order signature is checked now
	switch {
	case a.Deferred && (!quote || !a.Admitted):
		return fmt.Errorf("%w: only a session's amend of a post-only limit order may defer its signature check", ErrBadInput)
	case a.Deferred && !deferred:
		if err := e.verify(o.Account, o.Message(), o.Sig); err != nil {
			return fmt.Errorf("order signature: %w", err)
		}
	case !a.Admitted:
		if err := e.verifyAmend(a); err != nil {
			return err
		}
	}
	e.versions[k] = a.Version // a signed amend is used once, even if the book refuses it
	e.orders[k] = o
	err = b.Amend(e.now, o.Account, uint64(o.ID), o.Price, o.Size)
	e.repair(o.Market)
	if err != nil {
		if _, still := e.orders[k]; still {
			e.orders[k] = old
		}
		return err
	}
	if quote { // a post-only amend never trades: the new signature's state applies from now on (it stays live)
		if err := b.MarkUnverified(o.Account, uint64(o.ID), deferred); err != nil {
			return fmt.Errorf("engine: amended order %d/%d: %w", o.Account, o.ID, err)
		}
	}
	return nil
}

// CheckSignature checks the signature of a live order whose check was deferred (Place.Deferred, Amend.Deferred):
// the book asks when the order is first about to trade (book.SignatureChecker). Deterministic: the order, the
// account's key and the signature are in the state and the WAL.
//
// Once one of an account's checks fails, the account is forged: its other unverified orders are refused without a
// check (and removed after the book operation, repair), so one taker reaching many forged quotes costs the core one
// check per account, not one per quote.
func (e *Engine) CheckSignature(account uint32, id uint64) error {
	if e.forged[account] {
		return ErrForged
	}
	o, ok := e.orders[orderKey{account, uint32(id)}]
	if !ok {
		return book.ReasonUnknownOrder
	}
	e.deferredChecks++
	if err := e.verify(account, o.Message(), o.Sig); err != nil {
		e.forged[account] = true
		e.purge = append(e.purge, account)
		return err
	}
	return nil
}

// Forged reports whether one of the account's deferred signature checks failed (its checks are no longer deferred).
func (e *Engine) Forged(account uint32) bool { return e.forged[account] }

// verifyAmend checks the amend's own signature and the new order's. The node verifies them at admission instead
// (Amend.Admitted: node.precheckAmend, in an admission batch); the core then checks only what it alone knows (the
// order is live, its fields, the version).
func (e *Engine) verifyAmend(a *Amend) error {
	acc, err := e.st.Account(a.Order.Account)
	if err != nil {
		return err
	}
	d := e.st.Config().Domain
	if err := e.cfg.Sigs.Verify(d, acc.PubKey, a.Message(), a.Sig); err != nil {
		return fmt.Errorf("amend signature: %w", err)
	}
	if err := e.cfg.Sigs.Verify(d, acc.PubKey, a.Order.Message(), a.Order.Sig); err != nil {
		return fmt.Errorf("order signature: %w", err)
	}
	return nil
}

func (e *Engine) deposit(d *Deposit) error {
	h := e.st.Head()
	if d.Index != h.DepositCount {
		return fmt.Errorf("%w: got %d, next is %d", ErrDepositOrder, d.Index, h.DepositCount)
	}
	if d.QueueHash != nil {
		if got := e.st.DepositHashStep(h.DepositHash, d.Deposit); got != *d.QueueHash {
			return fmt.Errorf("%w: entry %d: ours %s, L1 %s", ErrQueueHash, d.Index, got.String(), d.QueueHash.String())
		}
	}
	return e.stateTx(d.Deposit)
}

// forcedClose applies an L1 forced close in queue order: it checks the queue position and hash (with the account's
// key in the state, the one L1 checked), cancels the account's resting orders in the market (as a liquidation
// does), then applies the forced Liquidate. A refusal (e.g. state.ErrStaleMark) changes nothing in the state; the
// node must apply the entry again (the queue is FIFO: no later entry can be applied before it).
func (e *Engine) forcedClose(f *ForcedClose) error {
	h := e.st.Head()
	if f.Index != h.DepositCount {
		return fmt.Errorf("%w: got %d, next is %d", ErrDepositOrder, f.Index, h.DepositCount)
	}
	if f.QueueHash != nil {
		a, err := e.st.Account(f.Account)
		if err != nil {
			return err
		}
		got := e.st.QueueStep(h.DepositHash, f.Account, uint64(f.Market), state.QueueForcedClose, a.PubKey)
		if got != *f.QueueHash {
			return fmt.Errorf("%w: entry %d: ours %s, L1 %s", ErrQueueHash, f.Index, got.String(), f.QueueHash.String())
		}
	}
	// A stale mark refuses the Liquidate of an open position (a flat one, or one in a market never initialized,
	// needs none): check it first so that a refused entry cancels nothing.
	if mk, err := e.st.Market(f.Market); err == nil && mk.Active() {
		p, err := e.st.Position(f.Account, f.Market)
		if bt := e.st.Time(); err == nil && p.Size != 0 && uint64(bt) > uint64(mk.MarkTime)+state.MaxMarkAge {
			return fmt.Errorf("%w: market %d mark set at %d, batch time %d", state.ErrStaleMark, f.Market, mk.MarkTime, bt)
		}
	}
	b, hasBook := e.books[f.Market]
	if hasBook {
		for _, oi := range b.AccountOrders(f.Account, nil) {
			_ = b.Cancel(e.now, f.Account, oi.ID)
		}
		e.repair(f.Market)
	}
	tr, err := e.st.Apply(state.Liquidate{Account: f.Account, Market: f.Market, Forced: true})
	if err != nil {
		return err
	}
	e.record(tr)
	if hasBook {
		e.trackOpen(f.Market, f.Account)
		e.trackOpen(f.Market, state.BackstopAccount)
	}
	e.log.Info("forced close", "index", f.Index, "account", f.Account, "market", f.Market)
	return nil
}

func (e *Engine) stateTx(tx state.Tx) error {
	tr, err := e.st.Apply(tx)
	if err != nil {
		return err
	}
	e.record(tr)
	if m, ok := tx.(state.PositionMargin); ok {
		e.trackOpen(m.Market, m.Account)
	}
	return nil
}

func (e *Engine) mark(m *Mark) error {
	b, err := e.bookOf(m.Market)
	if err != nil {
		return err
	}
	// L1 takes at most one MarkPrice per market per batch (DuplicateMark) and never a round before the market's
	// last one (MarkRoundBackwards). A seal cuts the pending txs into batches that could hold both marks, so a
	// second mark of a market waits for the seal: it is refused and the oracle poller sends it again.
	if e.marked[m.Market] {
		return fmt.Errorf("%w: market %d", ErrMarkPending, m.Market)
	}
	if last, ok := e.rounds[m.Market]; ok && m.Round < last {
		return fmt.Errorf("%w: market %d round %d, last %d", ErrMarkRoundBackwards, m.Market, m.Round, last)
	}
	// The round must exist at the batch time (L1: updatedAt ≤ batchTime, MarkRoundFuture). A mark that starts a
	// batch moves the batch time up to the round's updatedAt (an L1 block time, so never in L1's future: the L1
	// clock may run ahead of the node's); in a batch already started it waits for the seal.
	if len(e.pending) == 0 && m.UpdatedAt > uint64(e.st.Time()) && m.UpdatedAt < 1<<state.BitsTime {
		if err := e.st.SetTime(uint32(m.UpdatedAt)); err != nil {
			return err
		}
	}
	if bt := e.st.Time(); m.UpdatedAt > uint64(bt) {
		return fmt.Errorf("%w: market %d round %d updated at %d, batch time %d", ErrMarkRoundFuture, m.Market,
			m.Round, m.UpdatedAt, bt)
	}
	if bt := e.st.Time(); m.ReadAt > 0 && m.ReadAt < uint64(bt) {
		return fmt.Errorf("%w: market %d round %d read at L1 time %d, batch time %d", ErrMarkReadEarly, m.Market,
			m.Round, m.ReadAt, bt)
	}
	if err := e.stateTx(state.MarkPrice{Market: m.Market, Price: m.Price, Round: m.Round}); err != nil {
		return err
	}
	e.pendingRead[len(e.pendingRead)-1] = m.ReadAt
	e.marked[m.Market] = true
	e.rounds[m.Market] = m.Round
	_ = b.SetMark(e.now, m.Price)
	e.repair(m.Market)
	e.liquidations(m.Market)
	return nil
}

// FundingRate derives the rate (ppm) from the book's mid against the mark: an eighth of the premium, within the
// market's bound at batch time now (state.FundingBound: maxFunding per hour since the last tick). No two-sided
// book: 0.
func FundingRate(b *book.Book, mk state.Market, now uint32) int64 {
	bid, ok1 := b.BestBid()
	ask, ok2 := b.BestAsk()
	if !ok1 || !ok2 || mk.Mark == 0 {
		return 0
	}
	mid := int64((bid.Price + ask.Price) / 2)
	premium := (mid - int64(mk.Mark)) * state.Ppm / int64(mk.Mark)
	rate := premium / 8
	bound := int64(min(state.FundingBound(mk, now), 1<<state.BitsFundRate-1))
	return max(-bound, min(bound, rate))
}

func (e *Engine) funding(f *Funding) error {
	b, err := e.bookOf(f.Market)
	if err != nil {
		return err
	}
	mk, err := e.st.Market(f.Market)
	if err != nil {
		return err
	}
	if err := e.stateTx(state.FundingTick{Market: f.Market, Rate: FundingRate(b, mk, e.st.Time())}); err != nil {
		return err
	}
	e.liquidations(f.Market)
	return nil
}

// liquidations liquidates every position of the market below maintenance margin (accounts in ascending order),
// cancelling the account's orders in that market first.
func (e *Engine) liquidations(m uint8) {
	mk, err := e.st.Market(m)
	if err != nil {
		return
	}
	if bt := e.st.Time(); uint64(bt) > uint64(mk.MarkTime)+state.MaxMarkAge {
		// A Liquidate needs a mark at most MaxMarkAge old at the batch time: wait for the next MarkPrice.
		e.log.Warn("liquidations wait for a fresh mark", "market", m, "mark_time", mk.MarkTime, "batch_time", bt)
		return
	}
	b := e.books[m]
	for _, a := range slices.Sorted(maps.Keys(e.open[m])) {
		if a == state.BackstopAccount {
			continue
		}
		p, err := e.st.Position(a, m)
		if err != nil || p.Size == 0 || state.MeetsMaintenance(p, mk) {
			continue
		}
		for _, oi := range b.AccountOrders(a, nil) {
			_ = b.Cancel(e.now, a, oi.ID)
		}
		tr, err := e.st.Apply(state.Liquidate{Account: a, Market: m})
		if err != nil {
			e.log.Error("liquidation refused", "account", a, "market", m, "err", err)
			continue
		}
		e.record(tr)
		e.trackOpen(m, a)
		e.trackOpen(m, state.BackstopAccount)
		e.log.Info("liquidated", "account", a, "market", m, "size", p.Size, "mark", mk.Mark)
		mk, _ = e.st.Market(m)
	}
	e.repair(m)
}

// seal cuts every pending tx into batches — in order, as many as fit Slots and Config.Fits, each padded with NoOps
// at its own end head — and commits them, with their extra data and the engine checkpoint, in one atomic state
// write.
func (e *Engine) seal() error {
	if len(e.pending) == 0 {
		return nil
	}
	next := e.st.CommittedHead().Batch + 1
	groups, err := e.cut(e.pending, e.pendingIdx)
	if err != nil {
		return err
	}
	// A re-seal's floor that starts inside this seal (an earlier seal ended below it and this one crosses it): the
	// batches below the floor are the ones L1 verified and must come out as they were; the txs of the later ones
	// are applied again at the floor's time (reseal.go).
	if f, ok := e.floorIn(next, next+uint64(len(groups))-1); ok {
		if groups, err = e.splitAtFloor(next, groups, f); err != nil {
			return err
		}
	}
	var batches []Sealed
	var heads []state.Head
	for i, g := range groups {
		trs, idx := g.trs, g.idx
		end := trs[len(trs)-1].After
		for len(trs) < e.cfg.Slots {
			tr, err := e.st.NoOpTrace(end)
			if err != nil {
				return fmt.Errorf("engine: pad batch: %w", err)
			}
			trs, idx = append(trs, tr), append(idx, 0)
		}
		sb := Sealed{Number: next + uint64(i), Before: trs[0].Before, After: end, Traces: trs, TxIdx: idx}
		sb.Before.Batch, sb.After.Batch = sb.Number-1, sb.Number
		batches = append(batches, sb)
		heads = append(heads, sb.After)
	}
	encodeExtra, err := e.sealer.SealExtra(batches)
	if err != nil {
		return fmt.Errorf("engine: seal extra: %w", err)
	}
	last := batches[len(batches)-1].Number
	prev := e.sealEnd
	e.sealEnd = last
	cp, err := e.checkpoint(prev)
	if err != nil {
		e.sealEnd = prev
		return err
	}
	// The extras and the checkpoint are encoded from what the seal captured: on the deferred commit's writer when
	// there is one, so the encoding is off the engine's goroutine.
	encode := func() (map[string][]byte, error) {
		var extra map[string][]byte
		if encodeExtra != nil {
			var err error
			if extra, err = encodeExtra(); err != nil {
				return nil, fmt.Errorf("engine: seal extra: %w", err)
			}
		}
		if extra == nil {
			extra = map[string][]byte{}
		}
		raw, err := cp.marshal()
		if err != nil {
			return nil, err
		}
		extra[checkpointKey], extra[checkpointAt(last)] = raw, raw
		return extra, nil
	}
	if d, ok := e.sealer.(CommitDeferrer); ok && e.out != nil && d.DeferCommit() {
		pc, err := e.st.PrepareCommit(heads, encode)
		if err != nil {
			e.sealEnd = prev
			return fmt.Errorf("engine: prepare commit: %w", err)
		}
		e.out.Commit = pc
		e.pending, e.pendingIdx, e.pendingRead = nil, nil, nil
		clear(e.marked)
		e.out.Sealed = batches
		return nil
	}
	extra, err := encode() // inline: before the gate, so the encoding overlaps the fsync it waits for
	if err != nil {
		e.sealEnd = prev
		return err
	}
	if g, ok := e.sealer.(CommitGate); ok {
		if err := g.BeforeCommit(); err != nil {
			e.sealEnd = prev
			return fmt.Errorf("engine: before commit: %w", err)
		}
	}
	if err := e.st.CommitBatches(heads, extra); err != nil {
		e.sealEnd = prev
		return fmt.Errorf("engine: commit batches: %w", err)
	}
	e.pending, e.pendingIdx, e.pendingRead = nil, nil, nil
	clear(e.marked)
	if e.out != nil {
		e.out.Sealed = batches
	}
	return nil
}

// group is one batch's txs (before padding) and their global indexes.
type group struct {
	trs []*state.Trace
	idx []uint64
}

// cut splits txs into batches: at most Slots txs each, and what Config.Fits accepts.
func (e *Engine) cut(txs []*state.Trace, idx []uint64) ([]group, error) {
	var out []group
	var cur group
	for i, tr := range txs {
		cand := append(cur.trs[:len(cur.trs):len(cur.trs)], tr)
		if len(cand) > e.cfg.Slots || (e.cfg.Fits != nil && !e.cfg.Fits(cand)) {
			if len(cur.trs) == 0 {
				return nil, fmt.Errorf("engine: tx %d alone does not fit a batch", idx[i])
			}
			out = append(out, cur)
			cur = group{trs: []*state.Trace{tr}, idx: []uint64{idx[i]}}
			continue
		}
		cur.trs, cur.idx = cand, append(cur.idx[:len(cur.idx):len(cur.idx)], idx[i])
	}
	return append(out, cur), nil
}

// checkpoint captures the engine's state for a seal's checkpoint: every map and slice in it is a copy, so it may be
// encoded on another goroutine while the engine goes on.
func (e *Engine) checkpoint(prev uint64) (*checkpoint, error) {
	cp := &checkpoint{Seq: e.seq, Now: e.now, Txs: e.txs, Books: map[uint8][]byte{}, Open: map[uint8][]uint32{},
		LastID: maps.Clone(e.lastID), CancelNonce: maps.Clone(e.cancelNonce), Rounds: maps.Clone(e.rounds),
		Batch: e.sealEnd, Prev: prev, Floors: slices.Clone(e.floors), Forged: e.ForgedAccounts()}
	for id, b := range e.books {
		raw, err := b.Snapshot().MarshalBinary()
		if err != nil {
			return nil, fmt.Errorf("engine: snapshot book %d: %w", id, err)
		}
		cp.Books[id] = raw
	}
	for _, k := range slices.SortedFunc(maps.Keys(e.orders), func(a, b orderKey) int {
		if a.account != b.account {
			return int(a.account) - int(b.account)
		}
		return int(a.id) - int(b.id)
	}) {
		cp.Orders = append(cp.Orders, e.orders[k])
		if v := e.versions[k]; v > 0 {
			cp.Versions = append(cp.Versions, orderVersion{Account: k.account, ID: k.id, Version: v})
		}
	}
	for m, accs := range e.open {
		cp.Open[m] = slices.Sorted(maps.Keys(accs))
	}
	return cp, nil
}

// DeferredChecks returns how many deferred signature checks the engine has made since it started.
func (e *Engine) DeferredChecks() uint64 { return e.deferredChecks }

// ForgedAccounts returns the accounts one of whose deferred signature checks failed, in order.
func (e *Engine) ForgedAccounts() []uint32 { return slices.Sorted(maps.Keys(e.forged)) }

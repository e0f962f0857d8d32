package node

import (
	"context"
	"fmt"
	"sync"

	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
)

// keys caches account keys (they never change once set) so ingress can verify signatures off the core goroutine.
type keys struct {
	mu sync.RWMutex
	m  map[uint32]state.PublicKey
}

func (n *Node) keyOf(ctx context.Context, account uint32) (state.PublicKey, error) {
	n.keys.mu.RLock()
	k, ok := n.keys.m[account]
	n.keys.mu.RUnlock()
	if ok {
		return k, nil
	}
	if wouldWait(ctx) { // a handoff: the request's own goroutine looks the key up
		return state.PublicKey{}, errWouldWait
	}
	var qerr error
	if err := n.Query(ctx, func(e *engine.Engine) {
		a, err := e.State().Account(account)
		if err != nil {
			qerr = err
			return
		}
		k = a.PubKey
	}); err != nil {
		// not k: a query whose caller gave up may still run on the core and write it
		return state.PublicKey{}, err
	}
	if qerr != nil {
		return k, qerr
	}
	if k.IsZero() {
		return k, state.ErrUnknownAccount
	}
	n.keys.mu.Lock()
	n.keys.m[account] = k
	n.keys.mu.Unlock()
	return k, nil
}

// precheck verifies an order's signature before the single-writer core, in an admission batch with the inputs
// arriving with it (admission.go), filling the signature cache so the core does not verify it again.
func (n *Node) precheck(ctx context.Context, p *engine.Place) error {
	if p.Order.ID == 0 {
		return engine.ErrOrderID
	}
	k, err := n.keyOf(ctx, p.Order.Account)
	if err != nil {
		return err
	}
	if p.Deferred {
		n.m.deferred.WithLabelValues("admitted").Inc()
		return nil
	}
	return n.verifySig(ctx, state.SigInput{Key: k, Msg: p.Order.Message(), Sig: p.Order.Sig})
}

// precheckCancel verifies a cancel's signature at admission (batched as orders are) and marks it admitted: the
// core then checks only the order's ownership (the book), not the signature. Nothing reaches the WAL unverified.
func (n *Node) precheckCancel(ctx context.Context, c *engine.Cancel) error {
	k, err := n.keyOf(ctx, c.Account)
	if err != nil {
		return err
	}
	if err := n.verifySig(ctx, state.SigInput{Key: k, Msg: c.Message(), Sig: c.Sig}); err != nil {
		return err
	}
	c.Admitted = true
	return nil
}

// precheckCancelAll is precheckCancel for a cancel-all (the core still checks its nonce).
func (n *Node) precheckCancelAll(ctx context.Context, c *engine.CancelAll) error {
	k, err := n.keyOf(ctx, c.Account)
	if err != nil {
		return err
	}
	if err := n.verifySig(ctx, state.SigInput{Key: k, Msg: c.Message(), Sig: c.Sig}); err != nil {
		return err
	}
	c.Admitted = true
	return nil
}

// precheckAmend verifies both of an amend's signatures (the amend's and the new order's, in the same admission
// batch; the order's is then in the signature cache for its fills) and marks it admitted: the core checks only the
// live order, its fields and the version. Errors as the core's (engine.verifyAmend).
//
// In a session (the account logged on to the connection the amend came on) the amend has no signature of its own:
// only the new order's is checked.
func (n *Node) precheckAmend(ctx context.Context, a *engine.Amend, session bool) error {
	if a.Order.ID == 0 {
		return engine.ErrOrderID
	}
	k, err := n.keyOf(ctx, a.Order.Account)
	if err != nil {
		return err
	}
	order := state.SigInput{Key: k, Msg: a.Order.Message(), Sig: a.Order.Sig}
	if session && a.Deferred {
		n.m.deferred.WithLabelValues("admitted").Inc()
		a.Admitted = true // no amend signature: the session vouches for the sender; the order's is deferred
		return nil
	}
	a.Deferred = false // only a session's amend defers
	if session {
		if err := n.verifySig(ctx, order); err != nil {
			return fmt.Errorf("order signature: %w", err)
		}
		a.Admitted = true
		return nil
	}
	errs := n.verifySigs(ctx, state.SigInput{Key: k, Msg: a.Message(), Sig: a.Sig}, order)
	if errs[0] != nil {
		return fmt.Errorf("amend signature: %w", errs[0])
	}
	if errs[1] != nil {
		return fmt.Errorf("order signature: %w", errs[1])
	}
	a.Admitted = true
	return nil
}

func (n *Node) collateralUnits() units {
	return units{quoteDec: n.cfg.Markets[0].QuoteDecimals}
}

// trades keeps the recent trades per market.
type trades struct {
	mu  sync.Mutex
	cap int
	m   map[uint8][]EventView
}

func (t *trades) add(v EventView) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := append(t.m[v.Market], v)
	if len(s) > t.cap {
		s = s[len(s)-t.cap:]
	}
	t.m[v.Market] = s
}

func (t *trades) recent(m uint8, limit int) []EventView {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.m[m]
	if limit <= 0 || limit > len(s) {
		limit = len(s)
	}
	return append([]EventView{}, s[len(s)-limit:]...)
}

// depositLog keeps the deposits seen since start, per account.
type depositLog struct {
	mu sync.Mutex
	m  map[uint32][]DepositView
}

func (d *depositLog) add(v DepositView) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m == nil {
		d.m = map[uint32][]DepositView{}
	}
	for i, w := range d.m[v.Account] {
		if w.Index == v.Index { // a refused deposit tried again: its latest outcome
			d.m[v.Account][i] = v
			return
		}
	}
	d.m[v.Account] = append(d.m[v.Account], v)
}

func (d *depositLog) of(a uint32) []DepositView {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]DepositView{}, d.m[a]...)
}

// forged reports whether one of the account's deferred signature checks failed: its checks are no longer deferred.
func (n *Node) forged(account uint32) bool {
	_, ok := n.forgedAccounts.Load(account)
	return ok
}

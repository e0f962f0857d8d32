package batch

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"

	"github.com/zkperp/zkperp/circuits/gadget"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/hash"
)

// ErrTraces reports traces that cannot form a batch witness.
var ErrTraces = errors.New("batch: bad traces")

// ErrTooManySignatures reports a batch that needs more distinct signatures
// than the circuit's signature section holds (Config.SigSlots); cut batches
// with SignaturesNeeded.
var ErrTooManySignatures = errors.New("batch: too many signatures for the signature section")

// sigKey identifies one signature entry: the signer's key and the message.
type sigKey struct {
	pk  state.PublicKey
	msg fr.Element
}

// sigUse is one signed part of a tx: side 0 (Withdraw, PositionMargin,
// Fill maker) or 1 (Fill taker).
type sigUse struct {
	side int
	key  sigKey
	sig  state.Signature
}

// signedUses lists the signatures a trace needs: the key is the signer's
// account key before the tx (a signed tx never changes it).
func signedUses(tr *state.Trace) []sigUse {
	pk := func(k int) state.PublicKey { return tr.Accounts[k].Account.Before.PubKey }
	switch t := tr.Tx.(type) {
	case state.Withdraw:
		return []sigUse{{0, sigKey{pk(0), t.Message()}, t.Sig}}
	case state.PositionMargin:
		return []sigUse{{0, sigKey{pk(0), t.Message()}, t.Sig}}
	case state.Fill:
		return []sigUse{{0, sigKey{pk(0), t.Maker.Message()}, t.Maker.Sig}, {1, sigKey{pk(1), t.Taker.Message()}, t.Taker.Sig}}
	}
	return nil
}

// SignaturesNeeded returns the number of signature entries the traces need:
// the distinct (signer key, message) pairs of their Withdraw, PositionMargin
// and Fill txs (an order filled in several slots counts once). A batch fits
// a circuit when this is at most Config.Signatures().
func SignaturesNeeded(traces []*state.Trace) int {
	seen := map[sigKey]struct{}{}
	for _, tr := range traces {
		for _, u := range signedUses(tr) {
			seen[u.key] = struct{}{}
		}
	}
	return len(seen)
}

// Pad applies NoOp transactions to s until traces has cfg.Slots entries, so
// the padding slots carry real (unchanged-leaf) witnesses.
func Pad(s *state.State, cfg Config, traces []*state.Trace) ([]*state.Trace, error) {
	if len(traces) > cfg.Slots {
		return nil, fmt.Errorf("%w: %d traces for %d slots", ErrTraces, len(traces), cfg.Slots)
	}
	for len(traces) < cfg.Slots {
		tr, err := s.Apply(state.NoOp{})
		if err != nil {
			return nil, fmt.Errorf("batch: pad: %w", err)
		}
		traces = append(traces, tr)
	}
	return traces, nil
}

// Assign builds the full witness of batch number batch from the traces of its
// txs, one per slot, in order (pad with Pad). The witness holds only the
// leaves before each update and the Merkle siblings: the circuit computes
// every new value itself. In blob mode it also builds the blob and its
// opening (Circuit.BlobPublic) and fails with ErrTooManyL1Ops when the batch
// has more than cfg.L1Ops() L1 ops.
func Assign(cfg Config, batch uint64, domain state.Domain, traces []*state.Trace) (*Circuit, error) {
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	if len(traces) != cfg.Slots {
		return nil, fmt.Errorf("%w: %d traces for %d slots", ErrTraces, len(traces), cfg.Slots)
	}
	h := hash.New()
	first, last := traces[0], traces[len(traces)-1]
	c.OldRoot = h.Compress(first.Before.AccountsRoot, first.Before.MarketsRoot)
	c.NewRoot = h.Compress(last.After.AccountsRoot, last.After.MarketsRoot)
	c.BatchNumber = batch
	c.BatchTime, c.Domain = first.Before.Time, domain.Element()
	c.DepositBefore, c.DepositAfter = first.Before.DepositHash, last.After.DepositHash
	c.AccountsRoot, c.MarketsRoot = first.Before.AccountsRoot, first.Before.MarketsRoot
	if n := SignaturesNeeded(traces); n > len(c.Sigs) {
		return nil, fmt.Errorf("%w: %d distinct signatures, %d entries", ErrTooManySignatures, n, len(c.Sigs))
	}
	entry := map[sigKey]int{} // first use order
	for i := range c.Sigs {
		c.Sigs[i] = SigEntry{Enabled: 0, PK: gadget.PublicKey{X: 0, Y: 0}, Msg: 0, Sig: gadget.Signature{RX: 0, RY: 0, S: 0}}
	}
	for i, tr := range traces {
		if i > 0 && !sameHead(traces[i-1].After, tr.Before) {
			return nil, fmt.Errorf("%w: trace %d does not start where trace %d ends", ErrTraces, i, i-1)
		}
		if tr.Before.Time != first.Before.Time || tr.After.Time != first.Before.Time {
			return nil, fmt.Errorf("%w: trace %d applied at time %d, the batch's is %d", ErrTraces, i, tr.Before.Time, first.Before.Time)
		}
		if !cfg.Blob {
			c.Pubdata[i] = tr.Pubdata
		}
		if err := assignSlot(cfg, &c.Slots[i], tr); err != nil {
			return nil, fmt.Errorf("batch: slot %d: %w", i, err)
		}
		for _, u := range signedUses(tr) {
			idx, ok := entry[u.key]
			if !ok {
				idx = len(entry)
				entry[u.key] = idx
				sig, err := sigWitness(u.sig)
				if err != nil {
					return nil, fmt.Errorf("batch: slot %d: %w", i, err)
				}
				c.Sigs[idx] = SigEntry{Enabled: 1, PK: gadget.PublicKey{X: u.key.pk.X, Y: u.key.pk.Y}, Msg: u.key.msg, Sig: sig}
			}
			c.Slots[i].SigIndex[u.side] = idx
		}
	}
	if cfg.Blob {
		p, err := BlobPublicOf(cfg, traces)
		if err != nil {
			return nil, err
		}
		c.setBlob(p)
	}
	return c, nil
}

func sameHead(a, b state.Head) bool {
	return a.AccountsRoot.Equal(&b.AccountsRoot) && a.MarketsRoot.Equal(&b.MarketsRoot) && a.DepositHash.Equal(&b.DepositHash)
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func signed(v int64) gadget.Signed {
	if v < 0 {
		return gadget.Signed{Mag: uint64(-v), Neg: 1}
	}
	return gadget.Signed{Mag: uint64(v), Neg: 0}
}

func siblings(p []fr.Element, depth int) ([]frontend.Variable, error) {
	if len(p) != depth {
		return nil, fmt.Errorf("%w: proof of %d siblings for depth %d", ErrTraces, len(p), depth)
	}
	out := make([]frontend.Variable, depth)
	for i := range p {
		out[i] = p[i]
	}
	return out, nil
}

func sigWitness(sig state.Signature) (gadget.Signature, error) {
	rx, ry, s, err := state.SigComponents(sig)
	if err != nil {
		return gadget.Signature{}, err
	}
	return gadget.Signature{RX: rx, RY: ry, S: new(big.Int).SetBytes(s)}, nil
}

func positionWitness(p state.Position) gadget.PositionLeaf {
	return gadget.PositionLeaf{Size: signed(p.Size), Collateral: p.Collateral, Entry: p.EntryNotional, Fund: signed(p.FundingIndex)}
}

func marketWitness(m state.Market) gadget.MarketLeaf {
	p := m.Params
	return gadget.MarketLeaf{
		Params: gadget.MarketParams{Tick: p.Tick, IMF: p.IMF, MMF: p.MMF, MaxFunding: p.MaxFunding, MakerFee: p.MakerFee,
			TakerFee: p.TakerFee, LiqFee: p.LiqFee},
		Mark: m.Mark, Fund: signed(m.FundingIndex), OpenInterest: m.OpenInterest, Ins: signed(m.Insurance), FeePool: m.FeePool,
		LastFunding: m.LastFunding, MarkTime: m.MarkTime,
	}
}

func assignSlot(cfg Config, s *Slot, tr *state.Trace) error {
	s.Type = uint64(tr.Tx.Type())
	s.Tx = TxFields{AccA: 0, AccB: 0, Market: 0, Flag: 0, Amount: 0, Price: 0, Size: 0, OrderA: 0, OrderB: 0, Refund: 0}
	s.DepositKey = gadget.PublicKey{X: 0, Y: 0}
	s.Orders = [2]OrderTerms{{0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}}
	s.SigIndex = [2]frontend.Variable{0, 0}
	var err error
	switch t := tr.Tx.(type) {
	case state.NoOp:
	case state.Deposit:
		s.Tx.AccA, s.Tx.Amount, s.Tx.Flag, s.Tx.Refund = t.Account, t.Amount, b2u(t.ForcedExit), b2u(t.Refunded)
		s.DepositKey = gadget.PublicKey{X: t.PubKey.X, Y: t.PubKey.Y}
	case state.Withdraw:
		s.Tx.AccA, s.Tx.Amount = t.Account, t.Amount
	case state.PositionMargin:
		s.Tx.AccA, s.Tx.Market, s.Tx.Flag, s.Tx.Amount = t.Account, t.Market, b2u(t.ToPosition), t.Amount
	case state.Fill:
		mk, tk := t.Maker, t.Taker
		s.Tx = TxFields{AccA: mk.Account, AccB: tk.Account, Market: mk.Market, Flag: b2u(tk.Buy), Amount: 0,
			Price: t.Price, Size: t.Size, OrderA: mk.ID, OrderB: tk.ID, Refund: 0}
		for k, o := range []state.Order{mk, tk} {
			s.Orders[k] = OrderTerms{Price: o.Price, Size: o.Size, MaxMakerFee: o.MaxMakerFee, MaxTakerFee: o.MaxTakerFee, Expiry: o.Expiry}
		}
	case state.Liquidate:
		s.Tx.AccA, s.Tx.Market, s.Tx.Flag = t.Account, t.Market, b2u(t.Forced)
	case state.FundingTick:
		r := signed(t.Rate)
		s.Tx.Market, s.Tx.Flag, s.Tx.Amount = t.Market, r.Neg, r.Mag
	case state.MarkPrice:
		s.Tx.Market, s.Tx.Price, s.Tx.Amount = t.Market, t.Price, t.Round
	default:
		return fmt.Errorf("%w: unknown tx %T", ErrTraces, tr.Tx)
	}
	for k := range s.Accounts {
		u := &tr.Accounts[k]
		w := &s.Accounts[k]
		b := u.Account.Before
		w.Index = u.Account.Index
		w.Leaf = gadget.AccountLeaf{PK: gadget.PublicKey{X: b.PubKey.X, Y: b.PubKey.Y}, Nonce: b.Nonce, Free: b.Free,
			PositionsRoot: b.PositionsRoot, OrdersRoot: b.OrdersRoot}
		if w.Path.Siblings, err = siblings(u.Account.Proof.Siblings, cfg.AccountDepth); err != nil {
			return err
		}
		w.PosIndex = u.Position.Index
		w.Pos = positionWitness(u.Position.Before)
		if w.PosPath.Siblings, err = siblings(u.Position.Proof.Siblings, cfg.PositionDepth); err != nil {
			return err
		}
		w.OrdIndex = u.Order.Index
		w.Ord = gadget.OrderLeaf{ID: u.Order.Before.OrderID, Filled: u.Order.Before.Filled}
		if w.OrdPath.Siblings, err = siblings(u.Order.Proof.Siblings, cfg.OrderDepth); err != nil {
			return err
		}
	}
	s.Market.Index = tr.Market.Index
	s.Market.Leaf = marketWitness(tr.Market.Before)
	if s.Market.Path.Siblings, err = siblings(tr.Market.Proof.Siblings, cfg.PositionDepth); err != nil {
		return err
	}
	return nil
}

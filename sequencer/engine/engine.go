package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/sequencer/book"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/kv"
)

// Errors of inputs the engine refuses (besides book reasons and state errors, which it wraps).
var (
	ErrUnknownMarket  = errors.New("engine: unknown market")
	ErrDuplicateOrder = errors.New("engine: order id already live")
	ErrStaleOrderID   = errors.New("engine: order id not above the account's used ids for its slot")
	ErrOrderID        = errors.New("engine: order id must be 1..2^32-1")
	ErrDepositOrder   = errors.New("engine: deposit out of queue order")
	// ErrQueueHash refuses a priority-queue entry whose queue hash after it is not L1's (the node's queue diverged
	// from L1's: the entry must not be applied).
	ErrQueueHash = errors.New("engine: priority-queue hash differs from L1's")
	ErrNotOwner  = errors.New("engine: order belongs to another account")
	// ErrStaleNonce refuses a cancel-all whose nonce is not above the account's last accepted one (a replay).
	ErrStaleNonce = errors.New("engine: cancel-all nonce not above the account's last")
	// ErrStaleVersion refuses an amend whose version is not above the order's current one (a replay or a revert).
	ErrStaleVersion = errors.New("engine: amend version not above the order's current version")
	// ErrOrderExpired refuses an order whose signed expiry is before the batch time it would be applied at.
	ErrOrderExpired = errors.New("engine: order expired")
	// ErrMarkPending refuses a second mark of a market in the same pending batch (L1: DuplicateMark); the oracle
	// feed sends it again after the seal.
	ErrMarkPending = errors.New("engine: the pending batch already has a mark for this market")
	// ErrMarkRoundBackwards refuses a mark of an oracle round before the market's last marked round (L1:
	// MarkRoundBackwards).
	ErrMarkRoundBackwards = errors.New("engine: oracle round before the market's last mark round")
	// ErrMarkRoundFuture refuses a mark whose round was updated after the pending batch's time (L1: MarkRoundFuture);
	// the feed sends it again after the seal.
	ErrMarkRoundFuture = errors.New("engine: oracle round newer than the batch time")
	// ErrMarkReadEarly refuses a mark whose oracle read (Mark.ReadAt) is older than the batch time: a round dated
	// between the read and the batch time may exist (L1: MarkRoundNotLatest). The feed reads again.
	ErrMarkReadEarly = errors.New("engine: oracle round read before the batch time")
	// ErrReseal is wrapped by the errors of Reseal.
	ErrReseal = errors.New("engine: re-seal")
)

// Floor dates every batch numbered From or later no earlier than Time (unix seconds): set by a re-seal (Reseal)
// and kept in the checkpoints, so a replay after a crash dates the re-sealed batches the same way.
type Floor struct {
	From uint64 `json:"from"`
	Time uint32 `json:"time"`
}

// MarketConfig configures one market's book (tick and fees come from the market leaf in the state).
type MarketConfig struct {
	ID             uint8  `toml:"id"`
	Name           string `toml:"name"`
	SizeDecimals   int    `toml:"size_decimals"`  // a step is 10^-SizeDecimals base units (API decimals)
	QuoteDecimals  int    `toml:"quote_decimals"` // collateral token decimals (USDC: 6)
	LotSize        uint64 `toml:"lot_size"`
	MinSize        uint64 `toml:"min_size"`
	MaxOrders      int    `toml:"max_orders"`
	ExpectedOrders int    `toml:"expected_orders"`
}

// Config configures the engine.
type Config struct {
	Markets []MarketConfig
	Slots   int // tx slots per batch (the circuit's)
	// Sigs caches verified signatures (shared with ingress and the state); nil verifies every time.
	Sigs *state.SigCache
	// Fits reports whether txs (at most Slots) fit one batch of the circuit (e.g. its signature section); nil: any.
	Fits func(txs []*state.Trace) bool
}

// Sealed is one batch cut by a seal: Slots traces, the last ones NoOp padding when the batch was not full.
type Sealed struct {
	Number uint64
	Before state.Head
	After  state.Head
	Traces []*state.Trace
	TxIdx  []uint64 // global tx index of each trace (0: padding)
}

// Sealer adds what must be stored atomically with sealed batches (their traces and metadata). SealExtra runs on the
// engine's goroutine and reads what it needs there; the encoder it returns builds the values and may run later, on
// another goroutine (a deferred commit's write: CommitDeferrer), so it reads only what SealExtra captured and the
// batches, which do not change once sealed.
type Sealer interface {
	SealExtra(batches []Sealed) (encode func() (map[string][]byte, error), err error)
}

// CommitGate is an optional Sealer method: a seal calls BeforeCommit once it has built its batches, their extras
// and its checkpoint, right before it commits them to the state, and fails without committing when BeforeCommit
// fails. (The node waits there for the WAL records the commit covers to become durable, so that the seal's work
// overlaps their fsync.)
type CommitGate interface {
	BeforeCommit() error
}

// CommitDeferrer is an optional Sealer method: when DeferCommit reports true, a seal prepares its state commit
// (state.PrepareCommit) and leaves the write to the caller (Output.Commit) instead of committing at once; the
// batches are committed in memory either way. (The node writes it on its syncer after the fsync that covers the
// seal, so the core does not wait for the store.)
type CommitDeferrer interface {
	DeferCommit() bool
}

// TxResult is a state transaction an input produced.
type TxResult struct {
	Index   uint64 // position in the global tx stream
	Type    state.TxType
	Tx      state.Tx
	Pubdata fr.Element
	Err     error // a fill the state refused (both orders are then cancelled)
}

// Output is what one input did.
type Output struct {
	Seq    uint64
	Time   uint64
	Err    error // the input itself was refused
	Events []book.Event
	Txs    []TxResult
	Sealed []Sealed
	// Commit, with Sealed when the sealer deferred the state write (CommitDeferrer): the caller writes it (once what
	// it covers is durable) and then calls State().Landed on the engine's goroutine.
	Commit *state.PendingCommit
}

type orderKey struct {
	account uint32
	id      uint32
}

// Engine is the deterministic core. Not safe for concurrent use: one goroutine drives it.
type Engine struct {
	cfg    Config
	log    *slog.Logger
	st     *state.State
	sealer Sealer
	books  map[uint8]*book.Book
	orders map[orderKey]state.Order
	open   map[uint8]map[uint32]struct{} // accounts with a non-zero position, per market
	lastID map[uint32]uint32             // highest order id placed per account: ids must increase (no replays)
	// cancelNonce is the last accepted cancel-all nonce per account; versions the amend version of live orders.
	// Both are rebuilt by replaying the WAL and kept in the checkpoint, so a restart reopens no replay window.
	cancelNonce map[uint32]uint64
	versions    map[orderKey]uint64
	// deferredChecks counts the deferred signature checks made (CheckSignature)
	deferredChecks uint64
	// forged holds the accounts one of whose deferred checks failed: none of their checks is deferred again (a
	// deferred input of theirs is verified when applied), and purge the ones whose unverified orders are still to
	// be removed (repair). Kept in the checkpoint: replay must decide alike.
	forged map[uint32]bool
	purge  []uint32
	// rounds is the last marked oracle round per market (kept in the checkpoint); marked the markets with a mark in
	// the pending txs.
	rounds map[uint8]uint64
	marked map[uint8]bool
	seq    uint64 // WAL seq of the last applied input
	txs    uint64 // tx counter
	now    uint64
	l1Time uint64 // Input.L1Time of the last input (s; 0 unknown)
	// floors date re-sealed batches (Floor); sealEnd is the last batch of the last seal (its checkpoint's key).
	floors  []Floor
	sealEnd uint64

	pending    []*state.Trace
	pendingIdx []uint64
	// pendingRead is Mark.ReadAt of each pending MarkPrice tx (0 for other txs), for a re-seal's split (seal).
	pendingRead []uint64
	out         *Output
	broken      []book.OrderRef
}

const checkpointKey = "engine/checkpoint"

type checkpoint struct {
	Seq   uint64           `json:"seq"`
	Now   uint64           `json:"now"`
	Txs   uint64           `json:"txs"`
	Books map[uint8][]byte `json:"books"`
	// Orders are stored in OrdersBin (state.AppendOrders: a tenth of their JSON, which every seal writes);
	// checkpoints of earlier versions have them in JSON.
	Orders    []state.Order      `json:"orders,omitempty"`
	OrdersBin []byte             `json:"ordersBin,omitempty"`
	Open      map[uint8][]uint32 `json:"open"`
	LastID    map[uint32]uint32  `json:"lastId"`
	// CancelNonce and Versions: see Engine.cancelNonce and Engine.versions.
	CancelNonce map[uint32]uint64 `json:"cancelNonce,omitempty"`
	// Forged: see Engine.forged.
	Forged   []uint32         `json:"forged,omitempty"`
	Versions []orderVersion   `json:"versions,omitempty"`
	Rounds   map[uint8]uint64 `json:"rounds,omitempty"`
	// Batch is the last batch of the seal that wrote the checkpoint (also stored under checkpointAt(Batch) while
	// its batch may still be re-sealed); Prev the previous seal's; Floors the re-seal floors (Floor).
	Batch  uint64  `json:"batch,omitempty"`
	Prev   uint64  `json:"prev,omitempty"`
	Floors []Floor `json:"floors,omitempty"`
}

// marshal encodes the checkpoint as stored.
func (cp *checkpoint) marshal() ([]byte, error) {
	c := *cp
	c.OrdersBin, c.Orders = state.AppendOrders(nil, cp.Orders), nil
	raw, err := json.Marshal(&c)
	if err != nil {
		return nil, fmt.Errorf("engine: encode checkpoint: %w", err)
	}
	return raw, nil
}

// unmarshalCheckpoint decodes a stored checkpoint.
func unmarshalCheckpoint(raw []byte) (*checkpoint, error) {
	var cp checkpoint
	if err := json.Unmarshal(raw, &cp); err != nil {
		return nil, fmt.Errorf("engine: decode checkpoint: %w", err)
	}
	if cp.OrdersBin != nil {
		orders, err := state.DecodeOrders(cp.OrdersBin)
		if err != nil {
			return nil, fmt.Errorf("engine: decode checkpoint: %w", err)
		}
		cp.Orders, cp.OrdersBin = orders, nil
	}
	return &cp, nil
}

// checkpointAt is the key of the checkpoint written by the seal that ended at batch n.
func checkpointAt(n uint64) string { return fmt.Sprintf("%s/%d", checkpointKey, n) }

type orderVersion struct {
	Account uint32 `json:"account"`
	ID      uint32 `json:"id"`
	Version uint64 `json:"version"`
}

// New returns an engine over st, restored from the checkpoint stored with the last sealed batch when there is one.
// The caller then replays the WAL from NextSeq().
func New(cfg Config, st *state.State, sealer Sealer, log *slog.Logger) (*Engine, error) {
	if st == nil || sealer == nil {
		return nil, errors.New("engine: needs a state and a sealer")
	}
	if cfg.Slots < 1 {
		return nil, errors.New("engine: slots must be ≥ 1")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e := &Engine{cfg: cfg, log: log, st: st, sealer: sealer}
	cp := &checkpoint{}
	raw, err := st.Extra(checkpointKey)
	switch {
	case errors.Is(err, kv.ErrNotFound):
		cp.Seq = ^uint64(0) // nothing applied: replay from 0
	case err != nil:
		return nil, fmt.Errorf("engine: read checkpoint: %w", err)
	default:
		if cp, err = unmarshalCheckpoint(raw); err != nil {
			return nil, err
		}
	}
	if err := e.load(cp); err != nil {
		return nil, err
	}
	return e, nil
}

// load resets the engine to a checkpoint (the books, orders and counters at the end of a seal) over the state,
// which must be at that seal's last batch.
func (e *Engine) load(cp *checkpoint) error {
	e.books, e.orders, e.open, e.lastID = map[uint8]*book.Book{}, map[orderKey]state.Order{}, map[uint8]map[uint32]struct{}{}, map[uint32]uint32{}
	e.cancelNonce, e.versions, e.rounds, e.marked = map[uint32]uint64{}, map[orderKey]uint64{}, map[uint8]uint64{}, map[uint8]bool{}
	e.pending, e.pendingIdx, e.pendingRead, e.broken = nil, nil, nil, nil
	e.forged, e.purge = map[uint32]bool{}, nil
	cfg, st, log := e.cfg, e.st, e.log
	for _, mc := range cfg.Markets {
		m, err := st.Market(mc.ID)
		if err != nil {
			return err
		}
		if !m.Active() {
			return fmt.Errorf("%w: %d is not initialized in the state", ErrUnknownMarket, mc.ID)
		}
		bc := book.Config{Market: mc.ID, TickSize: m.Params.Tick, LotSize: mc.LotSize, MinSize: mc.MinSize,
			MakerFeePpm: uint32(m.Params.MakerFee), TakerFeePpm: uint32(m.Params.TakerFee), MaxOrders: mc.MaxOrders,
			ExpectedOrders: mc.ExpectedOrders, Risk: e, Signatures: e, Sink: e}
		var b *book.Book
		if snap, ok := cp.Books[mc.ID]; ok {
			var s book.Snapshot
			if err := s.UnmarshalBinary(snap); err != nil {
				return fmt.Errorf("engine: book %d snapshot: %w", mc.ID, err)
			}
			b, err = book.Restore(bc, &s, log)
		} else if b, err = book.New(bc, log); err == nil {
			err = b.SetMark(0, m.Mark) // a fresh book starts at the genesis mark (deterministic: no input yet)
		}
		if err != nil {
			return fmt.Errorf("engine: book %d: %w", mc.ID, err)
		}
		e.books[mc.ID] = b
		e.open[mc.ID] = map[uint32]struct{}{}
	}
	for _, o := range cp.Orders {
		e.orders[orderKey{o.Account, o.ID}] = o
	}
	for m, accs := range cp.Open {
		for _, a := range accs {
			e.open[m][a] = struct{}{}
		}
	}
	for a, id := range cp.LastID {
		e.lastID[a] = id
	}
	for a, n := range cp.CancelNonce {
		e.cancelNonce[a] = n
	}
	for _, a := range cp.Forged {
		e.forged[a] = true
	}
	for m, r := range cp.Rounds {
		e.rounds[m] = r
	}
	for _, v := range cp.Versions {
		e.versions[orderKey{v.Account, v.ID}] = v.Version
	}
	e.seq, e.now, e.txs = cp.Seq, cp.Now, cp.Txs
	e.floors, e.sealEnd = slices.Clone(cp.Floors), cp.Batch
	return nil
}

// NextSeq is the WAL sequence number of the next input to apply.
func (e *Engine) NextSeq() uint64 { return e.seq + 1 }

// State returns the state (read it only from the engine's goroutine).
func (e *Engine) State() *state.State { return e.st }

// Book returns a market's book (read it only from the engine's goroutine).
func (e *Engine) Book(m uint8) (*book.Book, bool) {
	b, ok := e.books[m]
	return b, ok
}

// Markets returns the configured market ids in order.
func (e *Engine) Markets() []uint8 {
	ids := make([]uint8, 0, len(e.books))
	for id := range e.books {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// SignedOrder returns the signed order of a live order.
func (e *Engine) SignedOrder(account, id uint32) (state.Order, bool) {
	o, ok := e.orders[orderKey{account, id}]
	return o, ok
}

// PendingTxs returns the number of applied txs not yet in a sealed batch.
func (e *Engine) PendingTxs() int { return len(e.pending) }

// Apply applies the input logged at WAL sequence seq. Inputs must come in WAL order; an input at or below the
// last applied sequence is ignored (replay overlap). The returned error is fatal (storage); the input's own
// refusal is Output.Err.
func (e *Engine) Apply(seq uint64, in *Input) (*Output, error) {
	if e.seq != ^uint64(0) && seq <= e.seq {
		return &Output{Seq: seq, Err: fmt.Errorf("%w: seq %d already applied", ErrBadInput, seq)}, nil
	}
	e.seq = seq
	if in.Time > e.now {
		e.now = in.Time
	}
	if in.L1Time > e.l1Time {
		e.l1Time = in.L1Time
	}
	out := &Output{Seq: seq, Time: e.now}
	e.out = out
	defer func() { e.out = nil }()
	var err error
	if in.Kind != KindSeal {
		if err := e.fixBatchTime(); err != nil {
			return nil, err
		}
	}
	switch in.Kind {
	case KindPlace:
		out.Err = e.place(in.Place)
	case KindCancel:
		out.Err = e.cancel(in.Cancel)
	case KindCancelAll:
		out.Err = e.cancelAll(in.CancelAll)
	case KindAmend:
		out.Err = e.amend(in.Amend)
	case KindDeposit:
		out.Err = e.deposit(in.Deposit)
	case KindForcedClose:
		out.Err = e.forcedClose(in.ForcedClose)
	case KindWithdraw:
		out.Err = e.stateTx(*in.Withdraw)
	case KindMargin:
		out.Err = e.stateTx(*in.Margin)
	case KindMark:
		out.Err = e.mark(in.Mark)
	case KindFunding:
		out.Err = e.funding(in.Funding)
	case KindTick:
		for _, id := range e.Markets() {
			_ = e.books[id].Advance(e.now)
			e.repair(id)
		}
	case KindSeal:
		err = e.seal()
	default:
		out.Err = fmt.Errorf("%w: kind %q", ErrBadInput, in.Kind)
	}
	return out, err
}

// fixBatchTime fixes the pending batch's time before its first tx: the engine clock in seconds, but no later than
// the latest L1 block time the node had seen (Input.L1Time), no earlier than the previous batch's, and no earlier
// than a re-seal's floor for the batch's number. Every tx until the next seal is applied at that time (a seal's
// batches share it).
func (e *Engine) fixBatchTime() error {
	if len(e.pending) > 0 {
		return nil
	}
	if err := e.st.SetTime(e.nextTime()); err != nil {
		return fmt.Errorf("engine: batch time: %w", err)
	}
	return nil
}

func (e *Engine) nextTime() uint32 {
	t := min(e.now/1000, 1<<state.BitsTime-1)
	if e.l1Time > 0 && e.l1Time < t {
		t = e.l1Time
	}
	next := e.st.CommittedHead().Batch + 1
	for _, f := range e.floors {
		if next >= f.From && uint64(f.Time) > t {
			t = uint64(f.Time)
		}
	}
	return max(uint32(t), e.st.Time())
}

// BatchTime returns the time the next tx is applied at: the pending batch's, or the clock's when nothing is pending.
func (e *Engine) BatchTime() uint32 {
	if len(e.pending) > 0 {
		return e.st.Time()
	}
	return e.nextTime()
}

// Floors returns the re-seal floors in force (Floor).
func (e *Engine) Floors() []Floor { return slices.Clone(e.floors) }

// ---- book.Sink and book.RiskChecker ----

// OnEvent receives the books' events; fills are applied to the state at once (the risk checker then sees them).
func (e *Engine) OnEvent(ev *book.Event) {
	if e.out != nil {
		e.out.Events = append(e.out.Events, *ev)
	}
	switch ev.Kind {
	case book.EventFill:
		e.applyFill(ev)
		if ev.MakerRemaining == 0 {
			e.forget(ev.Maker)
		}
		if ev.Remaining == 0 {
			e.forget(ev.Order)
		}
	case book.EventCancelled, book.EventExpired:
		e.forget(ev.Order)
	}
}

func (e *Engine) forget(r book.OrderRef) {
	k := orderKey{r.Account, uint32(r.ID)}
	delete(e.orders, k)
	delete(e.versions, k)
}

// OrderVersion returns the amend version of a live order (0: never amended).
func (e *Engine) OrderVersion(account, id uint32) uint64 { return e.versions[orderKey{account, id}] }

// CancelAllNonce returns the account's last accepted cancel-all nonce (0: none).
func (e *Engine) CancelAllNonce(account uint32) uint64 { return e.cancelNonce[account] }

// CheckOrder is the pre-trade isolated-margin check: the order's whole open size at its price must keep the
// position at or above initial margin (orders that only reduce pass).
func (e *Engine) CheckOrder(c book.RiskCheck) error {
	m, err := e.st.Market(c.Market)
	if err != nil {
		return err
	}
	p, err := e.st.Position(c.Account, c.Market)
	if err != nil {
		return err
	}
	fee := m.Params.TakerFee
	if c.PostOnly {
		fee = m.Params.MakerFee
	}
	_, err = state.PreviewFill(p, m, c.Side == book.Buy, c.Size, c.Price, fee)
	return err
}

// Position returns the signed position size from the state.
func (e *Engine) Position(account uint32, market uint8) int64 {
	p, err := e.st.Position(account, market)
	if err != nil {
		return 0
	}
	return p.Size
}

func (e *Engine) record(tr *state.Trace) {
	e.pending = append(e.pending, tr)
	e.txs++
	e.pendingIdx = append(e.pendingIdx, e.txs)
	e.pendingRead = append(e.pendingRead, 0)
	if e.out != nil {
		e.out.Txs = append(e.out.Txs, TxResult{Index: e.txs, Type: tr.Tx.Type(), Tx: tr.Tx, Pubdata: tr.Pubdata})
	}
}

func (e *Engine) applyFill(ev *book.Event) {
	mk, ok1 := e.orders[orderKey{ev.Maker.Account, uint32(ev.Maker.ID)}]
	tk, ok2 := e.orders[orderKey{ev.Order.Account, uint32(ev.Order.ID)}]
	var err error
	if !ok1 || !ok2 {
		err = fmt.Errorf("engine: fill of an order without signature (maker %v, taker %v)", ok1, ok2)
	} else {
		var tr *state.Trace
		tr, err = e.st.Apply(state.Fill{Maker: mk, Taker: tk, Price: ev.Price, Size: ev.Size})
		if err == nil {
			e.record(tr)
			e.trackOpen(ev.Market, ev.Maker.Account)
			e.trackOpen(ev.Market, ev.Order.Account)
			return
		}
	}
	// The book matched what the state refuses (e.g. the maker's margin moved since it rested): the fill is void and
	// both orders are cancelled once the book operation is over.
	e.log.Warn("fill refused by the state; cancelling both orders", "market", ev.Market, "maker", ev.Maker,
		"taker", ev.Order, "err", err)
	e.broken = append(e.broken, ev.Maker, ev.Order)
	if e.out != nil {
		e.out.Txs = append(e.out.Txs, TxResult{Type: state.TxFill, Err: err})
	}
}

func (e *Engine) trackOpen(m uint8, a uint32) {
	p, err := e.st.Position(a, m)
	if err != nil {
		return
	}
	if p.Size != 0 {
		e.open[m][a] = struct{}{}
	} else {
		delete(e.open[m], a)
	}
}

// repair cancels the orders of refused fills.
func (e *Engine) repair(m uint8) {
	for len(e.broken) > 0 {
		r := e.broken[0]
		e.broken = e.broken[1:]
		_ = e.books[m].Cancel(e.now, r.Account, r.ID)
	}
	// an account whose deferred check failed loses every unverified order, in every market: each would cost the
	// core a check when reached, and none can be trusted to trade
	for len(e.purge) > 0 {
		a := e.purge[0]
		e.purge = e.purge[1:]
		for _, id := range e.Markets() {
			_, _ = e.books[id].DropUnverified(e.now, a)
		}
	}
}

package node

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"

	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/contracts/blobtx"
	"github.com/zkperp/zkperp/internal/crashpoint"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
)

// L1Client is what the node needs of an Ethereum node (go-ethereum's ethclient and the simulated backend's client
// both satisfy it).
type L1Client interface {
	bind.Backend
	BlockNumber(ctx context.Context) (uint64, error)
}

// Signer signs the sequencer's L1 transactions.
type Signer = *bind.TransactOpts

// l1 bundles the bound contracts.
type l1 struct {
	n            *Node
	rollup       *bindings.Rollup
	rollupC      *bind.BoundContract
	oracle       *bindings.PriceOracle
	oracleC      *bind.BoundContract
	scanned      uint64
	lastMark     map[uint8]uint64
	lastRound    map[uint8]uint64
	markAt       map[uint8]time.Time
	oracleMaxAge uint64 // Rollup.oracleMaxAge (s); 0 unknown
	// blobs sends blob-mode batches (nil in calldata mode).
	blobs *blobtx.Sender
	// blobPrepared is the last blob batch's sidecar and opening (KZG cell proofs take about a second): a resubmission
	// of the same batch reuses them.
	blobPrepMu   sync.Mutex
	blobPrepared *blobPrep
	// entryBlock is the L1 block of each recently applied priority-queue entry, by queue index: a re-seal that
	// leaves an entry unapplied (refused at the new batch time) rescans from its block.
	entryBlock            map[uint64]uint64
	evDeposit, evVerified common.Hash
	evExodus              common.Hash
}

func newL1(n *Node) *l1 {
	r, o := bindings.NewRollup(), bindings.NewPriceOracle()
	a := r.GetABI()
	x := &l1{n: n, rollup: r, rollupC: r.Instance(n.deps.L1, n.cfg.L1.Rollup), oracle: o, lastMark: map[uint8]uint64{}, markAt: map[uint8]time.Time{},
		lastRound: map[uint8]uint64{}, entryBlock: map[uint64]uint64{},
		evDeposit: a.Events[bindings.RollupDepositQueuedEventName].ID, evVerified: a.Events[bindings.RollupBatchVerifiedEventName].ID,
		evExodus: a.Events[bindings.RollupExodusActivatedEventName].ID}
	if n.cfg.L1.Oracle != (common.Address{}) {
		x.oracleC = o.Instance(n.deps.L1, n.cfg.L1.Oracle)
	}
	if n.cfg.L1.StartBlock > 0 {
		x.scanned = n.cfg.L1.StartBlock - 1
	}
	return x
}

func (x *l1) call(ctx context.Context, data []byte) ([]byte, error) {
	return x.rollupC.CallRaw(&bind.CallOpts{Context: ctx}, data)
}

// verifiedBatch returns the rollup's last verified batch number.
func (x *l1) verifiedBatch(ctx context.Context) (uint64, error) {
	raw, err := x.call(ctx, x.rollup.PackBatchNumber())
	if err != nil {
		return 0, fmt.Errorf("l1: batchNumber: %w", err)
	}
	return x.rollup.UnpackBatchNumber(raw)
}

// checkDomain checks that the rollup's domain() is the one the node signs for (l1.chain_id and l1.rollup), and
// reads the oracle bound and the last mark rounds the oracle feed must respect.
func (x *l1) checkDomain(ctx context.Context) error {
	raw, err := x.call(ctx, x.rollup.PackDomain())
	if err != nil {
		return fmt.Errorf("l1: domain: %w", err)
	}
	got, err := x.rollup.UnpackDomain(raw)
	if err != nil {
		return fmt.Errorf("l1: domain: %w", err)
	}
	want := x.n.cfg.Domain().Element()
	if got.Cmp(want.BigInt(new(big.Int))) != 0 {
		return fmt.Errorf("l1: the rollup's domain %s is not H(chain %d, %s) = %s: wrong l1.chain_id or l1.rollup",
			got, x.n.cfg.L1.ChainID, x.n.cfg.L1.Rollup.Hex(), want.String())
	}
	if raw, err := x.call(ctx, x.rollup.PackBlobMode()); err == nil {
		if v, err := x.rollup.UnpackBlobMode(raw); err == nil && v != x.n.cfg.Blob {
			return fmt.Errorf("l1: the rollup's blob mode is %v, the node's (blob) %v", v, x.n.cfg.Blob)
		}
	}
	if x.n.cfg.Blob {
		be, ok := x.n.deps.L1.(blobtx.Backend)
		if !ok {
			return errors.New("l1: blob mode needs an L1 client that sends blob transactions (blobtx.Backend)")
		}
		s, err := blobtx.NewSender(x.n.log, blobtx.SenderConfig{Recorder: x.n.deps.BlobRecorder,
			PollInterval: max(x.n.cfg.L1.Poll/4, 10*time.Millisecond)}, be, x.n.deps.Signer)
		if err != nil {
			return fmt.Errorf("l1: blob sender: %w", err)
		}
		x.blobs = s
	}
	if raw, err := x.call(ctx, x.rollup.PackOracleMaxAge()); err == nil {
		if v, err := x.rollup.UnpackOracleMaxAge(raw); err == nil {
			x.oracleMaxAge = uint64(v)
		}
	}
	for _, m := range x.n.cfg.Markets {
		if raw, err := x.call(ctx, x.rollup.PackLastMarkRound(m.ID)); err == nil {
			if v, err := x.rollup.UnpackLastMarkRound(raw); err == nil {
				x.lastRound[m.ID] = v
			}
		}
	}
	return nil
}

// checkExodus reads Rollup.exodus() and enters exodus mode if it is set.
func (x *l1) checkExodus(ctx context.Context) error {
	raw, err := x.call(ctx, x.rollup.PackExodus())
	if err != nil {
		return fmt.Errorf("l1: exodus: %w", err)
	}
	on, err := x.rollup.UnpackExodus(raw)
	if err != nil {
		return fmt.Errorf("l1: exodus: %w", err)
	}
	if on {
		x.n.enterExodus("Rollup.exodus() is set")
	}
	return nil
}

// enterExodus stops sealing and batch submission for good (exodus on L1 is irreversible) and says so in the
// status, the metrics and the log.
func (n *Node) enterExodus(why string, args ...any) {
	if !n.exodus.CompareAndSwap(false, true) {
		return
	}
	n.m.exodus.Set(1)
	n.log.Error("the rollup is in exodus on L1: sealing and batch submission stopped; users exit on L1 from the last "+
		"verified root (zkperp verify --account N prints the exit proof)", append([]any{"detected", why,
		"verified_batch", n.verifiedNum()}, args...)...)
}

// scan reads confirmed rollup logs: deposits become inputs, verified batches advance finality.
func (x *l1) scan(ctx context.Context) error {
	head, err := x.n.deps.L1.BlockNumber(ctx)
	if err != nil {
		return fmt.Errorf("l1: block number: %w", err)
	}
	if h, err := x.n.deps.L1.HeaderByNumber(ctx, new(big.Int).SetUint64(head)); err == nil && h != nil {
		if t := int64(h.Time) * 1000; t > x.n.l1Time.Load() {
			x.n.l1Time.Store(t)
		}
	}
	conf := max(x.n.cfg.L1.Confirmations, 1)
	if head+1 < conf {
		return nil
	}
	safe := head + 1 - conf
	if safe <= x.scanned && x.scanned != 0 {
		return nil
	}
	from := x.scanned + 1
	if x.scanned == 0 {
		from = 0
	}
	for from <= safe {
		to := min(safe, from+2000)
		logs, err := x.n.deps.L1.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: new(big.Int).SetUint64(from),
			ToBlock: new(big.Int).SetUint64(to), Addresses: []common.Address{x.n.cfg.L1.Rollup}})
		if err != nil {
			return fmt.Errorf("l1: logs %d..%d: %w", from, to, err)
		}
		for i := range logs {
			if err := x.handle(ctx, &logs[i]); err != nil {
				return err
			}
		}
		x.scanned = to
		from = to + 1
	}
	return nil
}

func (x *l1) handle(ctx context.Context, lg *types.Log) error {
	if len(lg.Topics) == 0 || lg.Removed {
		return nil
	}
	switch lg.Topics[0] {
	case x.evDeposit:
		d, err := x.rollup.UnpackDepositQueuedEvent(lg)
		if err != nil {
			return fmt.Errorf("l1: deposit log: %w", err)
		}
		return x.queueEntry(ctx, lg, d)
	case x.evVerified:
		v, err := x.rollup.UnpackBatchVerifiedEvent(lg)
		if err != nil {
			return fmt.Errorf("l1: batch log: %w", err)
		}
		x.n.verified(v.BatchNumber)
	case x.evExodus:
		v, err := x.rollup.UnpackExodusActivatedEvent(lg)
		if err != nil {
			return fmt.Errorf("l1: exodus log: %w", err)
		}
		x.n.enterExodus("ExodusActivated event", "queue_index", v.QueueIndex, "batch", v.BatchNumber,
			"l1_block", lg.BlockNumber, "l1_tx", lg.TxHash.Hex())
	}
	return nil
}

// Priority-queue entry kinds of DepositQueued (docs/protocol.md §6).
const (
	queueDeposit     = state.QueueDeposit
	queueForcedExit  = state.QueueForcedExit
	queueForcedClose = state.QueueForcedClose
)

func queueKindName(kind uint8) string {
	switch kind {
	case queueDeposit:
		return "deposit"
	case queueForcedExit:
		return "forced_exit"
	case queueForcedClose:
		return "forced_close"
	}
	return "unknown"
}

// queueEntry turns a DepositQueued log into the engine input of its kind — a deposit (0), a forced exit (1) or a
// forced close (2) — carrying L1's queue hash after the entry, which the engine checks against its own chain.
//
// The queue is FIFO and the circuit proves its order, so an entry is never skipped: an entry the engine refuses is
// logged as an error, counted in zkperp_l1_queue_refusals_total{kind,reason}, and the error stops this scan so the
// same entry is tried again at the next poll (and nothing after it is applied before it). A forced close whose market
// has a stale mark (older than state.MaxMarkAge at the batch time: the engine would refuse it with
// state.ErrStaleMark) first gets a fresh mark from the oracle; if the engine still refuses it for that reason, the
// node marks again and retries at once.
func (x *l1) queueEntry(ctx context.Context, lg *types.Log, d *bindings.RollupDepositQueued) error {
	kind := d.Kind
	var q fr.Element
	if d.QueueHash == nil || d.QueueHash.Cmp(fr.Modulus()) >= 0 {
		return fmt.Errorf("l1: priority-queue entry %d: queue hash %v is not a field element", d.QueueIndex, d.QueueHash)
	}
	q.SetBigInt(d.QueueHash)
	var pk state.PublicKey
	pk.X.SetBigInt(d.PkX)
	pk.Y.SetBigInt(d.PkY)
	var (
		next      uint64
		market    = -1
		staleMark bool
	)
	if err := x.n.Query(ctx, func(e *engine.Engine) {
		st := e.State()
		h := st.Head()
		next = h.DepositCount
		if kind != queueForcedClose || d.QueueIndex != next {
			return
		}
		// The entry's 64-bit amount field holds the market id: find the one that gives L1's queue hash. This also
		// checks the chain (no market matches if the node's queue differs from L1's) and needs no other log.
		for m := uint64(0); m < 1<<st.Config().PositionDepth && m < 256; m++ {
			if st.QueueStep(h.DepositHash, d.Account, m, queueForcedClose, pk) == q {
				market = int(m)
				mk, err1 := st.Market(uint8(m))
				p, err2 := st.Position(d.Account, uint8(m))
				if err1 == nil && err2 == nil && mk.Active() && p.Size != 0 { // a flat position needs no mark
					staleMark = uint64(e.BatchTime()) > uint64(mk.MarkTime)+state.MaxMarkAge
				}
				return
			}
		}
	}); err != nil {
		return err
	}
	if d.QueueIndex < next {
		return nil // applied already
	}
	var in *engine.Input
	switch kind {
	case queueDeposit, queueForcedExit:
		// kind 1: a forced exit queued by the account's owner (amount 0 in the queue; the state withdraws all free
		// collateral)
		in = &engine.Input{Kind: engine.KindDeposit, Deposit: &engine.Deposit{Index: d.QueueIndex, QueueHash: &q,
			Deposit: state.Deposit{Account: d.Account, PubKey: pk, Amount: d.Amount, ForcedExit: kind == queueForcedExit}}}
	case queueForcedClose:
		if d.QueueIndex != next {
			return x.refused(kind, d, "order", fmt.Errorf("%w: got %d, next is %d", engine.ErrDepositOrder, d.QueueIndex, next))
		}
		if market < 0 {
			return x.refused(kind, d, "queue_hash", fmt.Errorf("%w: entry %d: no market gives L1's hash %s",
				engine.ErrQueueHash, d.QueueIndex, q.String()))
		}
		in = &engine.Input{Kind: engine.KindForcedClose, ForcedClose: &engine.ForcedClose{Index: d.QueueIndex,
			Account: d.Account, Market: uint8(market), QueueHash: &q}}
	default:
		// Not a queue entry this node knows: stop rather than diverge from L1.
		return x.refused(kind, d, "unknown_kind", fmt.Errorf("l1: priority-queue entry %d of unknown kind %d", d.QueueIndex, kind))
	}
	if staleMark { // publish a fresh mark first (the feed normally keeps every mark fresh)
		if err := x.n.markMarket(ctx, uint8(market), true); err != nil {
			x.n.log.Warn("forced close: the market's mark is stale and no fresh mark could be published", "market",
				market, "err", err)
		}
	}
	out, err := x.n.Submit(ctx, in)
	if err != nil {
		return err
	}
	if out.Err != nil && kind == queueForcedClose && errors.Is(out.Err, state.ErrStaleMark) {
		x.n.log.Warn("forced close waits for a fresh mark: marking the market now", "index", d.QueueIndex,
			"account", d.Account, "market", market, "err", out.Err)
		if merr := x.n.markMarket(ctx, uint8(market), true); merr != nil {
			x.n.log.Error("no fresh mark for a forced close", "market", market, "err", merr)
		} else if out, err = x.n.Submit(ctx, in); err != nil {
			return err
		}
	}
	if kind == queueDeposit { // perp_deposits lists deposits only
		x.n.deposits.add(DepositView{Index: d.QueueIndex, Account: d.Account, Owner: d.Owner.Hex(), Amount: d.Amount,
			L1Block: lg.BlockNumber, L1Tx: lg.TxHash.Hex(), Applied: out.Err == nil})
	}
	if out.Err != nil {
		return x.refused(kind, d, refusalReason(out.Err), out.Err)
	}
	x.entryBlock[d.QueueIndex] = lg.BlockNumber
	if len(x.entryBlock) > 1<<12 {
		for i := range x.entryBlock {
			if i+1024 < d.QueueIndex {
				delete(x.entryBlock, i)
			}
		}
	}
	switch kind {
	case queueForcedExit:
		x.n.log.Info("forced exit", "index", d.QueueIndex, "account", d.Account)
	case queueForcedClose:
		x.n.log.Info("forced close", "index", d.QueueIndex, "account", d.Account, "market", market)
	default:
		x.n.log.Info("deposit", "index", d.QueueIndex, "account", d.Account, "amount", d.Amount)
	}
	return nil
}

// refused logs and counts a priority-queue entry the node cannot apply now and returns the error that stops the
// scan (the entry is tried again at the next poll). In exodus nothing is sealed any more: the entry is skipped.
func (x *l1) refused(kind uint8, d *bindings.RollupDepositQueued, reason string, err error) error {
	x.n.m.l1QueueRefusals.WithLabelValues(queueKindName(kind), reason).Inc()
	if x.n.exodus.Load() {
		x.n.log.Warn("L1 priority-queue entry not applied (exodus)", "index", d.QueueIndex, "kind", queueKindName(kind),
			"account", d.Account, "err", err)
		return nil
	}
	x.n.log.Error("L1 priority-queue entry refused: the queue is FIFO, nothing after it can be served; retrying "+
		"(the rollup goes to exodus if the entry is not in a verified batch by its deadline)", "index", d.QueueIndex,
		"kind", queueKindName(kind), "account", d.Account, "reason", reason, "err", err)
	return fmt.Errorf("l1: priority-queue entry %d (%s) refused: %w", d.QueueIndex, queueKindName(kind), err)
}

// refusalReason is the metric label of an engine refusal of a queue entry.
func refusalReason(err error) string {
	switch {
	case errors.Is(err, state.ErrStaleMark):
		return "stale_mark"
	case errors.Is(err, engine.ErrQueueHash):
		return "queue_hash"
	case errors.Is(err, engine.ErrDepositOrder):
		return "order"
	case errors.Is(err, state.ErrOverflow):
		return "overflow"
	case errors.Is(err, state.ErrUnknownMarket):
		return "unknown_market"
	}
	return "other"
}

// pollOracle reads each market's latest oracle round and feeds it as a Mark input (price, round id, updatedAt)
// when the price moved at least MarkMinMoveBps since the last accepted mark, or MarkMaxAge passed since it: then the
// same round is marked again (L1 accepts a round as long as it is the latest at the batch time), refreshing the
// mark time a liquidation needs (state.MaxMarkAge). A mark the engine refuses (one already pending for the market,
// or a round newer than the pending batch's time) is sent again at the next poll.
func (n *Node) pollOracle(ctx context.Context) {
	if n.l1 == nil || n.l1.oracleC == nil || n.exodus.Load() {
		return
	}
	for _, m := range n.cfg.Markets {
		_ = n.markMarket(ctx, m.ID, false)
	}
}

// markMarket reads a market's latest oracle round and submits it as a Mark input when it moved or the last mark is
// old (pollOracle), or whatever the move when force is set (a forced close refused for a stale mark).
func (n *Node) markMarket(ctx context.Context, id uint8, force bool) error {
	x := n.l1
	if x == nil || x.oracleC == nil {
		return errors.New("node: no oracle configured (l1.oracle)")
	}
	if n.exodus.Load() {
		return ErrExodus
	}
	// The read is at a block no older than this head: every round dated at or before its time is visible to it
	// (Mark.ReadAt; the engine refuses a mark read before the batch time).
	head, err := n.deps.L1.HeaderByNumber(ctx, nil)
	if err != nil || head == nil {
		return fmt.Errorf("oracle read: L1 head: %w", err)
	}
	if t := int64(head.Time) * 1000; t > n.l1Time.Load() {
		n.l1Time.Store(t)
	}
	raw, err := x.oracleC.CallRaw(&bind.CallOpts{Context: ctx}, x.oracle.PackLatestRoundData(id))
	if err != nil {
		if ctx.Err() == nil {
			n.log.Warn("oracle read failed", "market", id, "err", err)
		}
		return fmt.Errorf("oracle read: %w", err)
	}
	rd, err := x.oracle.UnpackLatestRoundData(raw)
	if err != nil || rd.Answer == nil || rd.Answer.Sign() <= 0 || !rd.Answer.IsUint64() || rd.RoundId == nil ||
		!rd.RoundId.IsUint64() || rd.UpdatedAt == nil || !rd.UpdatedAt.IsUint64() {
		return fmt.Errorf("oracle: no valid round for market %d (%v)", id, err)
	}
	p, round, at := rd.Answer.Uint64(), rd.RoundId.Uint64(), rd.UpdatedAt.Uint64()
	last := x.lastMark[id]
	moved := last == 0 || absDiff(p, last)*10_000 >= last*n.cfg.MarkMinMoveBps
	stale := time.Since(x.markAt[id]) >= n.cfg.MarkMaxAge
	if p > state.MaxSize || round < x.lastRound[id] {
		return fmt.Errorf("oracle: round %d of market %d unusable (price %d, last round %d)", round, id, p, x.lastRound[id])
	}
	if !moved && !stale && !force {
		return nil
	}
	if age := x.oracleMaxAge; age > 0 && n.clock()/1000 > at+age {
		n.log.Warn("oracle round too old for L1 (OracleStale): not marking; liquidations stop once the mark is "+
			"older than the bound", "market", id, "round", round, "updated_at", at, "oracle_max_age_s", age)
		return fmt.Errorf("oracle: round %d of market %d too old for L1", round, id)
	}
	out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindMark, Mark: &engine.Mark{Market: id, Price: p,
		Round: round, UpdatedAt: at, ReadAt: head.Time}})
	switch {
	case err != nil:
		if ctx.Err() == nil {
			n.log.Warn("mark input failed", "market", id, "err", err)
		}
		return err
	case out.Err != nil:
		n.log.Debug("mark deferred", "market", id, "round", round, "err", out.Err)
		return out.Err
	}
	x.lastMark[id], x.lastRound[id], x.markAt[id] = p, round, time.Now()
	return nil
}

// ErrBatchRejected is returned when L1 refuses a batch for a reason resubmitting cannot fix.
var ErrBatchRejected = errors.New("node: L1 rejected the batch")

// Rejection is a refusal of a batch by L1 that resubmitting cannot fix: the contract's error and its fields.
type Rejection struct {
	Batch  uint64 `json:"batch"`
	Reason string `json:"reason"` // the Rollup error's name, e.g. BatchTooOld
	Detail string `json:"detail"`
	At     int64  `json:"at"` // unix ms
}

func (r *Rejection) Error() string {
	return fmt.Sprintf("%v: batch %d: %s %s", ErrBatchRejected, r.Batch, r.Reason, r.Detail)
}

func (r *Rejection) Unwrap() error { return ErrBatchRejected }

// permanentRejection classifies a Rollup error of submitBatch: the ones that depend only on the batch (its time,
// its marks, its proof) and L1 state that never goes back are permanent; the rest (BatchTimeInFuture: the L1 clock
// is behind, NotSequencer, ...) may pass.
func permanentRejection(e any) (string, bool) {
	name := strings.TrimPrefix(fmt.Sprintf("%T", e), "*bindings.Rollup")
	switch e.(type) {
	case *bindings.RollupBatchTooOld, *bindings.RollupBatchTimeBeforePrevious, *bindings.RollupMarkRoundNotLatest,
		*bindings.RollupMarkRoundBackwards, *bindings.RollupMarkRoundFuture, *bindings.RollupDuplicateMark,
		*bindings.RollupOracleStale, *bindings.RollupMarkPriceOutOfBand, *bindings.RollupInvalidProof,
		*bindings.RollupRootMismatch, *bindings.RollupBadPubdataLength, *bindings.RollupBlobOpeningInvalid,
		*bindings.RollupBadBlobOpening, *bindings.RollupNoBlob:
		return name, true
	}
	return name, false
}

// rejection turns a Rollup revert of submitBatch into a *Rejection when it is permanent, or an error.
func rejection(m *BatchMeta, err error) error {
	if e, ok := contracts.RollupError(err); ok {
		if name, perm := permanentRejection(e); perm {
			return &Rejection{Batch: m.Number, Reason: name, Detail: fmt.Sprintf("%+v", e), At: time.Now().UnixMilli()}
		}
		return fmt.Errorf("l1: batch %d refused for now: %T %+v", m.Number, e, e)
	}
	return nil
}

// submitBlob sends a blob-mode batch: its words in the blob of a type-3 transaction (blobtx.Sender prices it and
// replaces it by the blob pool's rules), the L1 ops and the opening in calldata.
func (x *l1) submitBlob(ctx context.Context, m *BatchMeta, proof []byte) (*types.Receipt, error) {
	if x.blobs == nil {
		return nil, errors.New("l1: blob mode without a blob sender")
	}
	p, err := x.prepareBlob(m)
	if err != nil {
		return nil, err
	}
	sc, opening := p.sc, p.opening
	data := x.rollup.PackSubmitBatch(m.NewRoot, uint64(m.BatchTime), m.Blob.L1Ops, proof, opening)
	r, err := x.blobs.Send(ctx, x.n.cfg.L1.Rollup, data, sc)
	if err != nil {
		if rej := rejection(m, err); rej != nil {
			return nil, rej
		}
		return nil, fmt.Errorf("l1: send blob batch %d: %w", m.Number, err)
	}
	x.n.log.Info("blob batch submitted to L1", "batch", m.Number, "tx", r.Tx.Hash().Hex(), "versions", len(r.Sent),
		"gas", r.Receipt.GasUsed, "blob_gas", r.Receipt.BlobGasUsed)
	return r.Receipt, nil
}

// blobPrep is a blob batch's sidecar and opening (z ‖ y ‖ commitment ‖ point proof), checked against its metadata.
type blobPrep struct {
	batch   uint64
	vh      common.Hash
	sc      *types.BlobTxSidecar
	opening []byte
}

// prepareBlob builds (or reuses, for the batch prepared last) the sidecar and opening of a blob batch, checking that
// the blob's versioned hash and its value at z are the proven ones.
func (x *l1) prepareBlob(m *BatchMeta) (*blobPrep, error) {
	x.blobPrepMu.Lock()
	defer x.blobPrepMu.Unlock()
	if p := x.blobPrepared; p != nil && p.batch == m.Number && p.vh == m.Blob.VersionedHash {
		return p, nil
	}
	words := make([]fr.Element, len(m.Pubdata))
	for i, w := range m.Pubdata {
		words[i].SetBigInt(w)
	}
	b, err := blobtx.Encode(words)
	if err != nil {
		return nil, fmt.Errorf("l1: batch %d blob: %w", m.Number, err)
	}
	sc, err := blobtx.Sidecar([]kzg4844.Blob{*b})
	if err != nil {
		return nil, fmt.Errorf("l1: batch %d sidecar: %w", m.Number, err)
	}
	if sc.BlobHashes()[0] != m.Blob.VersionedHash {
		return nil, fmt.Errorf("l1: batch %d: the blob's versioned hash %s is not the proven %s", m.Number,
			sc.BlobHashes()[0].Hex(), m.Blob.VersionedHash.Hex())
	}
	kp, y, err := blobtx.PointProof(b, kzg4844.Point(m.Blob.Z))
	if err != nil {
		return nil, fmt.Errorf("l1: batch %d point proof: %w", m.Number, err)
	}
	if common.Hash(y) != m.Blob.Y {
		return nil, fmt.Errorf("l1: batch %d: the blob opens to %x at z, the proof says %s", m.Number, y, m.Blob.Y.Hex())
	}
	opening := make([]byte, 0, 160)
	opening = append(append(append(append(opening, m.Blob.Z[:]...), m.Blob.Y[:]...), sc.Commitments[0][:]...), kp[:]...)
	x.blobPrepared = &blobPrep{batch: m.Number, vh: m.Blob.VersionedHash, sc: sc, opening: opening}
	return x.blobPrepared, nil
}

// submit sends submitBatch for a proven batch and waits for its receipt, resending with a higher tip when it is
// not mined in time. A permanent refusal is a *Rejection.
func (x *l1) submit(ctx context.Context, m *BatchMeta, proof []byte) (*types.Receipt, error) {
	if err := x.n.blobMeta(m); err != nil {
		return nil, err
	}
	if m.Blob != nil {
		return x.submitBlob(ctx, m, proof)
	}
	data := x.rollup.PackSubmitBatch(m.NewRoot, uint64(m.BatchTime), m.Pubdata, proof, nil)
	opts := *x.n.deps.Signer
	opts.Context = ctx
	for attempt := 0; attempt < 5; attempt++ {
		tx, err := x.rollupC.RawTransact(&opts, data)
		if err != nil {
			if rej := rejection(m, err); rej != nil {
				return nil, rej
			}
			return nil, fmt.Errorf("l1: send batch %d: %w", m.Number, err)
		}
		x.n.log.Info("batch submitted to L1", "batch", m.Number, "tx", tx.Hash().Hex(), "attempt", attempt+1)
		x.n.deps.Crash.Hit(crashpoint.L1Submit)
		r, err := x.waitReceipt(ctx, tx.Hash())
		if err == nil {
			if r.Status != types.ReceiptStatusSuccessful {
				return r, fmt.Errorf("%w: tx %s reverted", ErrBatchRejected, tx.Hash().Hex())
			}
			return r, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		// Not mined in time: replace it (same nonce) with a 25% higher tip and fee cap.
		opts.Nonce = new(big.Int).SetUint64(tx.Nonce())
		opts.GasTipCap = bump(tx.GasTipCap())
		opts.GasFeeCap = bump(tx.GasFeeCap())
		x.n.log.Warn("batch tx not mined in time, bumping gas", "batch", m.Number, "tip", opts.GasTipCap)
	}
	return nil, fmt.Errorf("l1: batch %d not mined after 5 attempts", m.Number)
}

func bump(v *big.Int) *big.Int {
	if v == nil || v.Sign() == 0 {
		return big.NewInt(1_000_000_000)
	}
	return new(big.Int).Div(new(big.Int).Mul(v, big.NewInt(125)), big.NewInt(100))
}

func (x *l1) waitReceipt(ctx context.Context, h common.Hash) (*types.Receipt, error) {
	ctx, cancel := context.WithTimeout(ctx, x.n.cfg.L1.SubmitTimeout)
	defer cancel()
	t := time.NewTicker(x.n.cfg.L1.Poll / 4)
	defer t.Stop()
	for {
		r, err := x.n.deps.L1.TransactionReceipt(ctx, h)
		if err == nil && r != nil {
			head, err := x.n.deps.L1.BlockNumber(ctx)
			if err == nil && head+1 >= r.BlockNumber.Uint64()+max(x.n.cfg.L1.Confirmations, 1) {
				return r, nil
			}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

func absDiff(a, b uint64) uint64 {
	if a > b {
		return a - b
	}
	return b - a
}

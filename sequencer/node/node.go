package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/consensys/gnark/backend/plonk"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/zkperp/zkperp/circuits/batch"
	"github.com/zkperp/zkperp/contracts/blobtx"
	"github.com/zkperp/zkperp/internal/crashpoint"
	"github.com/zkperp/zkperp/internal/proverrpc"
	"github.com/zkperp/zkperp/sequencer/book"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/sequencer/wal"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/kv"
)

// ErrStopped is returned by requests to a node that is shutting down.
var ErrStopped = errors.New("node: stopped")

// inputLog is the node's use of the input log (*wal.WAL).
type inputLog interface {
	Write(payloads [][]byte) (uint64, error)
	Sync() (uint64, error)
	Replay(from uint64, fn func(seq uint64, payload []byte) error) error
	Truncatable(seq uint64) bool
	TruncateBefore(seq uint64) (int, int64, error)
	First() uint64
	Next() uint64
	Size() int64
	Segments() int
	Close() error
}

// ErrStorage answers the inputs in flight when the WAL or the state store fails: each may or may not have been
// logged, so its outcome is known only after the node restarts (and replays what the WAL holds).
var ErrStorage = errors.New("node: storage failure, the input's outcome is known after the node restarts")

// ErrExodus is returned for every input but an L1 priority-queue entry once the rollup is in exodus on L1: no
// batch can be verified any more, so nothing the node would acknowledge could ever settle.
var ErrExodus = errors.New("node: the rollup is in exodus on L1")

// Deps are the node's external parts, passed in by the caller (cmd wires them).
type Deps struct {
	L1 L1Client
	// Signer sends L1 transactions as the sequencer.
	Signer Signer
	// VerifyingKey checks proofs handed in by workers; CircuitDigest is what workers must be set up for.
	VerifyingKey  plonk.VerifyingKey
	CircuitDigest string
	// BlobRecorder, in blob mode, keeps each sidecar the node sends (a devnet's beacon store: internal/beacon).
	BlobRecorder blobtx.SidecarRecorder
	Metrics      *Metrics           // nil: a private registry
	Crash        *crashpoint.Points // chaos tests: kill the process at a chosen point (nil: never)
}

// Node is a running sequencer.
type Node struct {
	cfg  Config
	log  *slog.Logger
	deps Deps

	db  *kv.LevelDB
	wal inputLog
	// writeCommit writes a seal's prepared state commit to the store (the syncer's committer; a test may hold it)
	writeCommit func(*state.PendingCommit) error
	eng         *engine.Engine
	sigs        *state.SigCache
	admit       admitter // batches the signature checks of inputs that arrive together (admission.go)
	queue       *proverrpc.Queue
	rpcSrv      *rpc.Server // public: perp_ only
	op          *operator   // authenticated: prover_
	bus         *bus
	track       *tracker
	m           *Metrics

	keys      keys
	conns     wsConns // open WebSocket connections and their sessions (session.go)
	limits    *limiter
	trades    *trades
	deposits  depositLog
	l1        *l1
	proofs    *proofs
	vmu       sync.Mutex
	wmu       sync.RWMutex // witness builds and proof checks (read) against a re-seal (write): Node.witness
	verifiedN uint64
	exodus    atomic.Bool  // L1 is in exodus: no sealing, no submission
	l1Time    atomic.Int64 // the latest L1 head's timestamp seen, unix ms
	// rejected is set when L1 refused a batch for good (a *Rejection): batch submission stops (Status says why).
	rejected atomic.Pointer[Rejection]
	// resealFrom and resealTries count the re-seals of one batch number (submitter goroutine only).
	resealFrom, resealTries uint64
	// ledger checks the conserved ledger after each batch verified on L1 (ledger.go).
	ledger *ledgerCheck

	// walCover is one past the WAL seq of the last durable engine checkpoint (records below it are never replayed
	// again); walTrunc wakes the WAL truncator (walTruncator) when a whole segment lies below it.
	walCover atomic.Uint64
	walTrunc chan struct{}

	reqs   chan *request
	sealed chan []engine.Sealed
	clock  func() uint64
	lastT  uint64
	// deferredChecks is the engine's deferred signature checks already counted in the metrics (core goroutine)
	deferredChecks uint64
	// forgedAccounts holds the accounts one of whose deferred signature checks failed (engine.Engine.Forged): the
	// node no longer defers their checks but verifies them at admission
	forgedAccounts sync.Map
	// deferCommit is set while a pipelined group is applied (sealer.DeferCommit); commitInFlight while a seal's
	// store write, handed to the syncer, has not landed (landed gets a token when it has). Core goroutine.
	deferCommit, commitInFlight bool
	landed                      chan struct{}
	pendingSince                time.Time // when the first tx still pending was applied, as the core saw it (sealDue)
	inflightFirst               uint64    // the first batch of the commit in flight
	// durable, while an inline group's records are being synced, is the syncer's barrier for them (core
	// goroutine; awaitDurable)
	durable chan struct{}

	stop    context.CancelFunc
	wg      sync.WaitGroup
	stopped chan struct{}
	// syncq hands written, applied inputs to the syncer (commit.go); syncFailed is closed when a WAL sync fails.
	syncq      chan syncItem
	syncFailed chan struct{}
	syncErr    error // set before syncFailed is closed
}

type request struct {
	in    *engine.Input
	query func(*engine.Engine)
	// ctl, instead of query, may change the engine (a re-seal); its error is fatal: the core stops, and a restart
	// recovers from the store and the WAL.
	ctl   func(*engine.Engine) error
	reply chan reply
	// done, instead of reply (submitAsync), is called with the reply on the core's or the syncer's goroutine: it
	// must not block. answered makes sure it is called once (the core's failure path may see an answered request).
	done     func(reply)
	answered atomic.Bool
}

// respond gives r its reply; a request already answered keeps its first reply.
func (r *request) respond(rep reply) {
	if r.done != nil {
		if r.answered.CompareAndSwap(false, true) {
			r.done(rep)
		}
		return
	}
	select {
	case r.reply <- rep:
	default: // answered before (the reply channel holds one)
	}
}

type reply struct {
	out *engine.Output
	err error
}

// New opens (or creates) the node's data directory, recovers the state and books from the last checkpoint and the
// WAL, and prepares the APIs. Start runs it.
func New(cfg Config, deps Deps, log *slog.Logger) (*Node, error) {
	if err := cfg.Check(); err != nil {
		return nil, fmt.Errorf("node: config: %w", err)
	}
	if deps.L1 == nil || deps.Signer == nil || deps.VerifyingKey == nil || deps.CircuitDigest == "" {
		return nil, errors.New("node: needs an L1 client, a signer, a verifying key and a circuit digest")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("node: data dir: %w", err)
	}
	n := &Node{cfg: cfg, log: log, deps: deps, reqs: make(chan *request, 1024), sealed: make(chan []engine.Sealed, 64),
		writeCommit: (*state.PendingCommit).Write, stopped: make(chan struct{}), syncFailed: make(chan struct{}), landed: make(chan struct{}, 1), walTrunc: make(chan struct{}, 1), bus: newBus(), m: deps.Metrics, keys: keys{m: map[uint32]state.PublicKey{}},
		limits: newLimiter(cfg), trades: &trades{cap: 1000, m: map[uint8][]EventView{}}}
	if n.m == nil {
		n.m = NewMetrics()
	}
	// The node clock (input times: the engine's clock, hence batch times) never runs behind the last L1 head seen:
	// L1 refuses a batch time more than maxBatchAge before its block, and a dev chain's clock may run ahead.
	n.clock = func() uint64 { return uint64(max(time.Now().UnixMilli(), n.l1Time.Load())) }
	var err error
	if n.db, err = kv.OpenLevelDB(kv.LevelDBConfig{Path: filepath.Join(cfg.DataDir, "state")}); err != nil {
		return nil, err
	}
	fail := func(err error) (*Node, error) {
		n.close()
		return nil, err
	}
	// Signatures are checked for this deployment only (the domain is not stored: it is the L1 config's).
	n.cfg.Genesis.Config.Domain = cfg.Domain()
	st, err := n.cfg.Genesis.Build(n.db, log)
	if err != nil {
		return fail(err)
	}
	n.sigs = state.NewSigCache(1 << 16)
	st.SetSigCache(n.sigs)
	n.track = newTracker()
	sigSlots := cfg.circuit().Signatures()
	l1Ops := cfg.circuit().L1Ops()
	fits := func(trs []*state.Trace) bool {
		return batch.SignaturesNeeded(trs) <= sigSlots && (!cfg.Blob || batch.L1OpsNeeded(trs) <= l1Ops)
	}
	if n.eng, err = engine.New(engine.Config{Markets: cfg.Markets, Slots: cfg.Slots, Sigs: n.sigs, Fits: fits}, st,
		&sealer{n: n}, log); err != nil {
		return fail(err)
	}
	w, err := wal.Open(wal.Config{Dir: filepath.Join(cfg.DataDir, "wal"),
		Legacy: filepath.Join(cfg.DataDir, "inputs.wal"), SegmentBytes: cfg.WALSegmentBytes, NoSync: cfg.WALNoSync},
		log)
	if err != nil {
		return fail(err)
	}
	n.wal = w
	if err := n.replay(nil); err != nil {
		return fail(err)
	}
	if n.queue, err = proverrpc.NewQueue(proverrpc.QueueConfig{Digest: deps.CircuitDigest, Lease: cfg.ProverLease,
		MaxLease: cfg.ProverLeaseMax, MaxPerWorker: cfg.ProverMaxLeases, Check: n.checkProof, Witness: n.witness}, log); err != nil {
		return fail(err)
	}
	if n.op, err = newOperator(cfg.Operator, n.queue, log); err != nil {
		return fail(err)
	}
	n.rpcSrv = rpc.NewServer()
	n.rpcSrv.SetHTTPBodyLimit(cfg.MaxRequestBytes)
	n.rpcSrv.SetWebsocketReadLimit(int64(cfg.MaxRequestBytes))
	n.rpcSrv.SetBatchLimits(100, 4<<20)
	if err := n.rpcSrv.RegisterName("perp", &API{n: n}); err != nil {
		return fail(err)
	}
	return n, nil
}

// replay applies the WAL records after the engine's checkpoint; onSealed, when set, gets the batches it seals.
func (n *Node) replay(onSealed func([]engine.Sealed)) error {
	from := n.eng.NextSeq()
	count := 0
	err := n.wal.Replay(from, func(seq uint64, payload []byte) error {
		in, err := engine.DecodeInput(payload)
		if err != nil {
			return fmt.Errorf("node: WAL record %d: %w", seq, err)
		}
		out, err := n.eng.Apply(seq, in)
		if err != nil {
			return fmt.Errorf("node: replay %d: %w", seq, err)
		}
		if len(out.Sealed) > 0 && onSealed != nil {
			onSealed(out.Sealed)
		}
		n.lastT = max(n.lastT, in.Time)
		count++
		return nil
	})
	if err != nil {
		return err
	}
	for _, a := range n.eng.ForgedAccounts() {
		n.forgedAccounts.Store(a, struct{}{})
	}
	h := n.eng.State().CommittedHead()
	root := n.eng.State().RootOf(h)
	n.log.Info("node recovered", "batch", h.Batch, "root", root.String(), "replayed", count,
		"pending_txs", n.eng.PendingTxs())
	return nil
}

// RPC returns the public JSON-RPC server: the perp_ namespace only (serve it over HTTP/WS). The prover_ namespace
// is on the operator endpoint (ServeOperator, OperatorRPC).
func (n *Node) RPC() *rpc.Server { return n.rpcSrv }

// Metrics returns the node's metrics.
func (n *Node) Metrics() *Metrics { return n.m }

// Start runs the node's goroutines until ctx ends or Stop is called.
func (n *Node) Start(ctx context.Context) error {
	ctx, n.stop = context.WithCancel(ctx)
	n.wg.Add(1)
	go func() { defer n.wg.Done(); n.core(ctx) }()
	if err := n.startPipeline(ctx); err != nil {
		n.stop()
		return err
	}
	n.wg.Add(1)
	go func() { defer n.wg.Done(); n.timers(ctx) }()
	n.wg.Add(1)
	go func() { defer n.wg.Done(); n.walTruncator(ctx) }()
	return nil
}

// coverVerified records that L1 verified batch v: a re-seal never goes below it, so the WAL records the checkpoint
// of the last seal at or below v covers are never replayed again (walCover), and the per-seal checkpoints below that
// one are pruned. When a whole WAL segment lies below the cover, the truncator is woken (off the ack path).
func (n *Node) coverVerified(v uint64) {
	st := n.eng.State()
	seq, err := engine.CheckpointSeq(st, v)
	if err != nil {
		n.log.Error("wal: checkpoint of the verified batch", "batch", v, "err", err)
		return
	}
	cover := seq + 1 // ^0 (no seal yet) + 1 = 0: nothing covered
	if cover > n.walCover.Load() {
		n.walCover.Store(cover)
	}
	if _, err := engine.PruneCheckpoints(st, v); err != nil {
		n.log.Warn("prune checkpoints", "batch", v, "err", err)
	}
	if n.wal.Truncatable(n.walCover.Load()) {
		select {
		case n.walTrunc <- struct{}{}:
		default: // a wake-up is pending; it reads the latest cover
		}
	}
}

// walTruncator deletes WAL segments the last durable checkpoint covers, off the core goroutine.
func (n *Node) walTruncator(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-n.walTrunc:
			n.truncateWAL()
		}
	}
}

func (n *Node) truncateWAL() {
	cover := n.walCover.Load()
	segs, bytes, err := n.wal.TruncateBefore(cover)
	if err != nil {
		// Not fatal: the segments are kept and retried after the next seal.
		n.log.Error("wal: truncate", "before", cover, "err", err)
		return
	}
	if segs > 0 {
		n.log.Debug("wal: truncated", "before", cover, "segments", segs, "bytes", bytes, "size", n.wal.Size())
	}
}

// Stop stops the goroutines and closes the stores. Everything acknowledged is already in the WAL.
func (n *Node) Stop() {
	if n.stop != nil {
		n.stop()
	}
	n.wg.Wait()
	n.rpcSrv.Stop()
	n.op.stop()
	n.close()
}

func (n *Node) close() {
	if n.wal != nil {
		n.wal.Close()
	}
	if n.db != nil {
		n.db.Close()
	}
}

// Submit logs an input and applies it; it returns once the input is durable and applied (the ack).
func (n *Node) Submit(ctx context.Context, in *engine.Input) (*engine.Output, error) {
	// In exodus only the L1 queue (deposits, forced exits, forced closes) is followed (its entries were queued before
	// exodus; the state keeps matching L1):
	// orders, cancels, withdrawals, margin moves, funding, marks and seals are refused, so nothing piles up unsealed.
	if in != nil && n.refusedInExodus(in) {
		return nil, ErrExodus
	}
	rep, err := n.do(ctx, &request{in: in, reply: make(chan reply, 1)})
	if err != nil {
		return nil, err
	}
	return rep.out, rep.err
}

// refusedInExodus reports whether the node refuses in because it is in exodus (Submit).
func (n *Node) refusedInExodus(in *engine.Input) bool {
	return in.Kind != engine.KindDeposit && in.Kind != engine.KindForcedClose && n.exodus.Load()
}

// submitAsync is Submit without the wait: it hands in to the core (waiting only while the core's queue is full)
// and returns; done gets the input's output or error once it is durable and applied, as Submit returns them, on
// the core's or the syncer's goroutine (so it must not block). When submitAsync returns an error, done is never
// called; nor is it when the node stops before the core takes the input (a caller that waits for done also waits
// for Node.stopped).
func (n *Node) submitAsync(ctx context.Context, in *engine.Input, done func(*engine.Output, error)) error {
	if n.refusedInExodus(in) {
		return ErrExodus
	}
	r := &request{in: in, done: func(rep reply) { done(rep.out, rep.err) }}
	select {
	case n.reqs <- r:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-n.stopped:
		return ErrStopped
	}
}

// Query runs f on the engine's goroutine (reads only) and waits for it.
func (n *Node) Query(ctx context.Context, f func(*engine.Engine)) error {
	rep, err := n.do(ctx, &request{query: f, reply: make(chan reply, 1)})
	if err != nil {
		return err
	}
	return rep.err
}

// do hands r to the core and waits for its reply.
func (n *Node) do(ctx context.Context, r *request) (reply, error) {
	select {
	case n.reqs <- r:
	case <-ctx.Done():
		return reply{}, ctx.Err()
	case <-n.stopped:
		return reply{}, ErrStopped
	}
	select {
	case rep := <-r.reply:
		return rep, nil
	case <-ctx.Done():
		return reply{}, ctx.Err()
	case <-n.stopped:
		select {
		case rep := <-r.reply: // processed just before the core stopped
			return rep, nil
		default:
			return reply{}, ErrStopped
		}
	}
}

// core is the single writer: it logs inputs to the WAL, applies them and publishes the outputs. Group commit is
// pipelined (commit.go): the core writes a group's records, applies them and hands their replies to
// the syncer, which makes them durable with one fsync and only then acknowledges and publishes them; meanwhile the
// core goes on with the next group. Seals and control requests wait until everything before them is durable.
func (n *Node) core(ctx context.Context) {
	syncq, synced := make(chan syncItem, 256), make(chan struct{})
	go n.syncer(syncq, synced)
	n.syncq = syncq
	defer func() {
		close(syncq)
		<-synced // every reply the core handed over is given before the node counts as stopped
		close(n.stopped)
	}()
	group := make([]*request, 0, 128)
	for {
		group = group[:0]
		select {
		case <-ctx.Done():
			return
		case <-n.syncFailed:
			return
		case r := <-n.reqs:
			group = append(group, r)
		}
	drain:
		for len(group) < cap(group) {
			select {
			case r := <-n.reqs:
				group = append(group, r)
			default:
				break drain
			}
		}
		if err := n.process(group); err != nil {
			n.log.Error("core stopped: storage failure; restart recovers from the WAL", "err", err)
			for _, r := range group {
				if r == nil {
					continue
				}
				r.respond(reply{err: fmt.Errorf("%w: %w", ErrStorage, err)}) // unless answered before the failure
			}
			return
		}
		if n.sealDue() && !n.exodus.Load() {
			if err := n.process([]*request{{in: &engine.Input{Kind: engine.KindSeal}, reply: make(chan reply, 1)}}); err != nil {
				n.log.Error("core stopped: seal failed", "err", err)
				return
			}
		}
	}
}

// sealDue reports whether the pending txs are to be sealed now: SealBatches full batches of them, or at least one
// full batch whose first tx has waited SealWait (checked after every group; the periodic ticks bound the wait when
// no input comes). Core goroutine.
func (n *Node) sealDue() bool {
	p := n.eng.PendingTxs()
	if p == 0 {
		n.pendingSince = time.Time{}
		return false
	}
	if n.pendingSince.IsZero() {
		n.pendingSince = time.Now()
	}
	return p >= n.cfg.Slots*max(n.cfg.SealBatches, 1) || p >= n.cfg.Slots && time.Since(n.pendingSince) >= n.cfg.SealWait
}

func (n *Node) now() uint64 {
	t := n.clock()
	if t <= n.lastT {
		t = n.lastT
	}
	n.lastT = t
	return t
}

// process logs the group's inputs, then applies inputs and runs queries in arrival order. Groups are written and
// applied at once and their replies go to the syncer (pipelined); a seal among them commits the state in memory and
// leaves the store write to the syncer, after the fsync that covers the seal (commit.go). A group with a control
// request (request.ctl) first drains the syncer and lets a commit in flight land, then runs synchronously
// (syncGroup: the state written on the core, once the group's records are durable, sealer.BeforeCommit).
func (n *Node) process(group []*request) error {
	n.landIfDone()
	for i, r := range group {
		if r.ctl != nil {
			start := time.Now()
			defer func() { n.m.seal.Observe(time.Since(start).Seconds()) }()
			if err := n.drainSyncer(); err != nil {
				return err
			}
			if err := n.awaitLanded(); err != nil {
				return err
			}
			return n.syncGroup(group)
		}
		if r.in != nil && r.in.Kind == engine.KindSeal {
			// one commit in flight at a time: a seal waits for the last one to land, so a group is cut after each
			// seal (the next seal's wait must not hold this seal's answer back from the syncer)
			if i+1 < len(group) && slices.ContainsFunc(group[i+1:], isSeal) {
				if err := n.process(group[:i+1]); err != nil {
					return err
				}
				return n.process(group[i+1:])
			}
			start := time.Now()
			defer func() { n.m.seal.Observe(time.Since(start).Seconds()) }()
			if err := n.awaitLanded(); err != nil {
				return err
			}
		}
	}
	return n.processInputs(group, false)
}

func isSeal(r *request) bool { return r.in != nil && r.in.Kind == engine.KindSeal }

// syncGroup processes a group with its WAL sync inline. A control request runs on its own, after the inputs before
// it and before those after it are logged: it may replay the WAL, which must not yet hold inputs it would apply
// ahead of their turn.
func (n *Node) syncGroup(group []*request) error {
	for i, r := range group {
		if r.ctl == nil {
			continue
		}
		if err := n.processInputs(group[:i], true); err != nil {
			return err
		}
		if err := r.ctl(n.eng); err != nil {
			return err
		}
		r.respond(reply{})
		return n.syncGroup(group[i+1:])
	}
	return n.processInputs(group, true)
}

// processInputs logs the group's inputs and applies them. inline: the syncer is asked at once to make the records
// durable (syncBarrier); a seal commits the state only once they are (the state commit must never cover a WAL
// record that is not durable), and the replies are given here once they are; otherwise the records are only written
// and the syncer syncs them and gives the replies.
func (n *Node) processInputs(group []*request, inline bool) error {
	var payloads [][]byte
	for i, r := range group {
		if r.in == nil {
			continue
		}
		r.in.Time = n.now()
		r.in.L1Time = uint64(n.l1Time.Load() / 1000)
		p, err := r.in.Encode()
		if err != nil {
			r.respond(reply{err: fmt.Errorf("%w: %v", engine.ErrBadInput, err)})
			group[i] = nil
			continue
		}
		payloads = append(payloads, p)
	}
	var first uint64
	if len(payloads) > 0 {
		var err error
		select {
		case <-n.syncFailed: // nothing more goes to a WAL that failed to sync
			return n.syncErr
		default:
		}
		if first, err = n.wal.Write(payloads); err != nil {
			return err
		}
		if inline { // one fsync (the syncer's) for the groups in flight and these records, while a seal works
			n.durable = n.syncBarrier()
		}
	}
	var item syncItem
	var answered []int // inline: the group indexes of item.ds
	k := 0
	for i, r := range group {
		if r == nil {
			continue
		}
		if r.in == nil {
			r.query(n.eng)
			r.respond(reply{})
			continue
		}
		seq := first + uint64(k)
		k++
		n.deferCommit = !inline // a pipelined seal leaves its store write to the syncer (sealer.DeferCommit)
		out, err := n.eng.Apply(seq, r.in)
		n.deferCommit = false
		if out != nil && out.Commit != nil {
			n.commitInFlight, n.inflightFirst = true, out.Sealed[0].Number
		}
		if err != nil {
			if !inline && len(item.ds) > 0 {
				n.syncq <- item // applied and written: the syncer answers them
			}
			return err
		}
		if c := n.eng.DeferredChecks(); c != n.deferredChecks {
			n.m.deferred.WithLabelValues("checked").Add(float64(c - n.deferredChecks))
			n.deferredChecks = c
		}
		item.ds = append(item.ds, delivery{r: r, out: out})
		if inline {
			answered = append(answered, i) // below, once durable
			continue
		}
		group[i] = nil // answered by the syncer, never by the core's failure path
	}
	if !inline {
		if len(item.ds) > 0 {
			n.syncq <- item
		}
		return nil
	}
	// inline: nothing is answered or published before it is durable (a seal already waited, in BeforeCommit);
	// on a failure the core's failure path answers the group
	if err := n.awaitDurable(); err != nil {
		return err
	}
	for j, d := range item.ds {
		group[answered[j]] = nil
		n.deps.Crash.HitIf(len(d.out.Sealed) > 0, crashpoint.SealCommit)
		n.observe(d.r.in, d.out)
		d.r.respond(reply{out: d.out})
	}
	return nil
}

// observe updates metrics and trackers and publishes an output to subscribers and the pipeline.
func (n *Node) observe(in *engine.Input, out *engine.Output) {
	n.note(in, out)
	n.publish(out)
}

// note records an applied input where the API reads it (metrics, tx tracker, recent trades) and acts on a failed
// deferred signature check: everything of observe that must hold by the time the input is acknowledged.
func (n *Node) note(in *engine.Input, out *engine.Output) {
	n.m.input(in.Kind, out.Err)
	for _, tx := range out.Txs {
		if tx.Err == nil {
			n.m.tx(tx.Type)
			n.track.tx(tx, out.Time)
		}
	}
	api := API{n: n}
	for i := range out.Events {
		switch ev := &out.Events[i]; {
		case ev.Kind == book.EventFill:
			n.trades.add(api.view(ev))
		case ev.Kind == book.EventExpired && ev.Reason == book.ReasonBadSignature:
			// a session vouched for an order whose signature proved bad: the account's sessions end, so its
			// next orders are checked at admission until it logs on again (which costs a signature check)
			n.m.deferred.WithLabelValues("bad").Inc()
			n.forgedAccounts.Store(ev.Order.Account, struct{}{})
			n.conns.endSessions(ev.Order.Account)
			n.log.Warn("deferred signature check failed: sessions ended", "account", ev.Order.Account,
				"order", ev.Order.ID)
		}
	}
}

// publish hands an output's sealed batches to the prover pipeline and the output to subscribers: what reads the
// store, or must see outputs in WAL order, after a seal's store write has landed (commit.go).
func (n *Node) publish(out *engine.Output) {
	if len(out.Sealed) > 0 {
		n.track.sealed(out.Sealed)
		n.m.batchesSealed.Add(float64(len(out.Sealed)))
		n.sealed <- out.Sealed
	}
	n.bus.publish(out)
}

func outcome(err error) string {
	if err != nil {
		return "refused"
	}
	return "ok"
}

// timers feeds the periodic inputs: seals, funding ticks, book clock ticks and mark prices.
func (n *Node) timers(ctx context.Context) {
	seal := time.NewTicker(n.cfg.SealInterval)
	funding := time.NewTicker(n.cfg.FundingInterval)
	tick := time.NewTicker(n.cfg.TickInterval)
	mark := time.NewTicker(n.cfg.MarkInterval)
	defer seal.Stop()
	defer funding.Stop()
	defer tick.Stop()
	defer mark.Stop()
	submit := func(in *engine.Input) {
		if n.exodus.Load() {
			return // Submit refuses everything periodic in exodus
		}
		if _, err := n.Submit(ctx, in); err != nil && ctx.Err() == nil {
			n.log.Warn("periodic input failed", "kind", in.Kind, "err", err)
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-seal.C:
			// Seal by time only when the provers have caught up: a partial batch costs a whole proof, so while
			// proofs are queued it is better to let txs fill the next batch (full batches seal at once anyway).
			if n.queue.Pending() == 0 {
				submit(&engine.Input{Kind: engine.KindSeal})
			}
		case <-funding.C:
			for _, m := range n.cfg.Markets {
				submit(&engine.Input{Kind: engine.KindFunding, Funding: &engine.Funding{Market: m.ID}})
			}
		case <-tick.C:
			submit(&engine.Input{Kind: engine.KindTick})
		case <-mark.C:
			n.pollOracle(ctx)
		}
	}
}

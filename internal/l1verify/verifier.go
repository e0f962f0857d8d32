// Package l1verify is zkperp's L1 verifier: it rebuilds the whole rollup state from L1 data alone (the rollup's
// events and the calldata of its submitBatch transactions) and a genesis file, and checks that every verified
// batch's new root equals the rebuilt root. It trusts nothing from the sequencer. See docs/verifier.md.
package l1verify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/kv"
)

// Client is the part of an Ethereum client the verifier reads with. *ethclient.Client and the simulated backend's
// client satisfy it.
type Client interface {
	BlockNumber(ctx context.Context) (uint64, error)
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
	TransactionByHash(ctx context.Context, hash common.Hash) (tx *types.Transaction, isPending bool, err error)
	CallContract(ctx context.Context, call ethereum.CallMsg, blockNumber *big.Int) ([]byte, error)
}

// Config configures a Verifier.
type Config struct {
	// Rollup is the address of the Rollup contract.
	Rollup common.Address
	// Genesis is the genesis state (tree depths and markets) the rollup was deployed with.
	Genesis state.Genesis
	// FromBlock is the first block scanned: at most the rollup's deployment block (0 scans from the start).
	FromBlock uint64
	// ToBlock is the last block scanned; 0: the latest block minus Confirmations.
	ToBlock uint64
	// Confirmations keeps this many of the newest blocks out of the scan (reorg safety on a live chain).
	Confirmations uint64
	// ChunkBlocks is the block range of one eth_getLogs query (default 2000); a failing query is retried on
	// halves of its range, for providers that cap results.
	ChunkBlocks uint64
	// DataDir, if set, stores the rebuilt state in goleveldb there, so a later run only re-checks the batches it
	// already has (their roots are compared, their calldata is not fetched again); empty: in memory.
	DataDir string
	// Progress, if set, is called after each verified batch.
	Progress func(BatchReport)
	// Blobs fetches a blob-mode batch's blobs (e.g. internal/beacon's Client, from a beacon node's sidecar API);
	// required for a rollup in blob DA mode.
	Blobs BlobSource
}

// BatchReport describes one verified batch.
type BatchReport struct {
	Number        uint64
	Block         uint64
	TxHash        common.Hash
	OldRoot       fr.Element
	NewRoot       fr.Element
	DepositCursor uint64
	Txs           map[string]int // applied transactions by type (state.TxType names), NoOps included
	Resumed       bool           // already in DataDir: roots compared, calldata not fetched
}

// Summary is the result of Run.
type Summary struct {
	FromBlock, ToBlock uint64
	GenesisRoot        fr.Element
	Batches            uint64 // batches verified by this run
	LastBatch          uint64 // the last verified batch (0: none)
	Root               fr.Element
	Accounts           int            // accounts registered on L1
	Deposits           uint64         // deposits queued on L1
	DepositCursor      uint64         // deposits consumed by verified batches
	Txs                map[string]int // transactions applied by this run, by type
	Elapsed            time.Duration
	// Ledger is the conserved-ledger check at the last verified root (docs/verifier.md "The conserved ledger"):
	// the rebuilt state's L against token.balanceOf(rollup) − totalClaimable − pendingDepositAmount at ToBlock.
	Ledger *LedgerCheck
}

// Verifier rebuilds and checks the rollup's state. It is not safe for concurrent use; Run may be called again
// to catch up with newer blocks.
type Verifier struct {
	cfg    Config
	client Client
	log    *slog.Logger
	db     kv.Store
	st     *state.State
	rollup *bindings.Rollup
	abi    abi.ABI

	topicRegistered, topicDeposit, topicBatch common.Hash

	genesisRoot fr.Element
	slots       uint32
	blobMode    bool
	keys        map[uint32]state.PublicKey
	owners      map[uint32]common.Address
	queue       map[uint64]fr.Element // deposit-queue hash after i deposits (i ≥ 1)
	deposits    uint64
	cursor      uint64
	batch       uint64 // last batch verified (from the events)
	nextBlock   uint64
	checked     bool // config and genesis checked against L1
	domain      state.Domain
	lastTx      common.Hash
	txOrdinal   int // BatchVerified events of lastTx seen so far
	failed      error
	// ledgerHead and ledgerL are the last head whose conserved ledger was computed and its value: the next check
	// walks only the subtrees changed since (state.LedgerDelta).
	ledgerHead state.Head
	ledgerL    *big.Int
}

// New opens the local state (memory, or goleveldb in cfg.DataDir) built from the genesis.
func New(cfg Config, client Client, log *slog.Logger) (*Verifier, error) {
	if client == nil {
		return nil, errors.New("l1verify: nil client")
	}
	if cfg.Rollup == (common.Address{}) {
		return nil, errors.New("l1verify: rollup address missing")
	}
	if cfg.ChunkBlocks == 0 {
		cfg.ChunkBlocks = 2000
	}
	if cfg.ToBlock != 0 && cfg.ToBlock < cfg.FromBlock {
		return nil, fmt.Errorf("l1verify: to-block %d before from-block %d", cfg.ToBlock, cfg.FromBlock)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	groot, err := cfg.Genesis.Root()
	if err != nil {
		return nil, fmt.Errorf("l1verify: genesis: %w", err)
	}
	var db kv.Store
	if cfg.DataDir != "" {
		if db, err = kv.OpenLevelDB(kv.LevelDBConfig{Path: cfg.DataDir}); err != nil {
			return nil, fmt.Errorf("l1verify: %w", err)
		}
	} else {
		db = kv.NewMemory()
	}
	st, err := cfg.Genesis.Build(db, log)
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("l1verify: build genesis: %w", err)
	}
	r := bindings.NewRollup()
	a := r.GetABI()
	v := &Verifier{cfg: cfg, client: client, log: log, db: db, st: st, rollup: r, abi: a,
		topicRegistered: a.Events[bindings.RollupAccountRegisteredEventName].ID,
		topicDeposit:    a.Events[bindings.RollupDepositQueuedEventName].ID,
		topicBatch:      a.Events[bindings.RollupBatchVerifiedEventName].ID,
		genesisRoot:     groot,
		keys:            map[uint32]state.PublicKey{}, owners: map[uint32]common.Address{},
		queue: map[uint64]fr.Element{}, nextBlock: cfg.FromBlock,
	}
	return v, nil
}

// Close closes the local store.
func (v *Verifier) Close() error { return v.db.Close() }

// State returns the rebuilt state (at the last verified batch). Read-only for callers, and from one goroutine at a time (State caches its reads).
func (v *Verifier) State() *state.State { return v.st }

// Root returns the rebuilt root.
func (v *Verifier) Root() fr.Element { return v.st.Root() }

// LastBatch returns the last verified batch number (0: none yet).
func (v *Verifier) LastBatch() uint64 { return v.batch }

// GenesisRoot returns the root of the configured genesis.
func (v *Verifier) GenesisRoot() fr.Element { return v.genesisRoot }

// Owner returns the L1 owner that registered account (from AccountRegistered).
func (v *Verifier) Owner(account uint32) (common.Address, bool) {
	o, ok := v.owners[account]
	return o, ok
}

// Run scans the rollup's events up to the target block, applies every verified batch's pubdata and checks its
// roots. It returns the first disagreement as a *MismatchError (after which the Verifier refuses to continue);
// other errors (RPC, decoding) may be retried by calling Run again.
func (v *Verifier) Run(ctx context.Context) (*Summary, error) {
	if v.failed != nil {
		return nil, fmt.Errorf("l1verify: earlier mismatch: %w", v.failed)
	}
	start := time.Now()
	head, err := v.client.BlockNumber(ctx)
	if err != nil {
		return nil, fmt.Errorf("l1verify: block number: %w", err)
	}
	to := uint64(0)
	if head >= v.cfg.Confirmations {
		to = head - v.cfg.Confirmations
	}
	if v.cfg.ToBlock != 0 && v.cfg.ToBlock < to {
		to = v.cfg.ToBlock
	}
	if !v.checked && to < v.cfg.FromBlock {
		return nil, fmt.Errorf("l1verify: from-block %d is beyond the last block to scan %d", v.cfg.FromBlock, to)
	}
	if v.nextBlock > 0 && to < v.nextBlock-1 {
		to = v.nextBlock - 1 // never check the head at a block older than what was already scanned
	}
	sum := &Summary{FromBlock: v.nextBlock, ToBlock: to, GenesisRoot: v.genesisRoot, Txs: map[string]int{}}
	if !v.checked {
		if err := v.checkConfig(ctx, to); err != nil {
			return nil, err
		}
		v.checked = true
	}
	first := v.batch
	for from := v.nextBlock; from <= to; {
		end := to
		if to-from >= v.cfg.ChunkBlocks {
			end = from + v.cfg.ChunkBlocks - 1
		}
		logs, err := v.filterLogs(ctx, from, end)
		if err != nil {
			return nil, err
		}
		for i := range logs {
			if err := v.handleLog(ctx, &logs[i], sum); err != nil {
				var mm *MismatchError
				if errors.As(err, &mm) {
					v.failed = err
				}
				return nil, err
			}
		}
		v.nextBlock = end + 1
		if end == to {
			break
		}
		from = end + 1
	}
	if err := v.checkHead(ctx, to); err != nil {
		var mm *MismatchError
		if errors.As(err, &mm) {
			v.failed = err
		}
		return nil, err
	}
	sum.Batches = v.batch - first
	sum.LastBatch = v.batch
	sum.Root = v.st.Root()
	sum.Accounts = len(v.owners)
	sum.Deposits = v.deposits
	sum.DepositCursor = v.cursor
	// The roots match; now the money: a ledger mismatch is returned with the summary (the rebuilt state is
	// consistent with L1's roots, so a later Run may continue).
	lc, err := v.checkLedger(ctx, to)
	sum.Ledger = lc
	sum.Elapsed = time.Since(start)
	if err != nil {
		if lc != nil {
			return sum, err
		}
		return nil, err
	}
	return sum, nil
}

// filterLogs returns the rollup's AccountRegistered, DepositQueued and BatchVerified logs of [from, to] in chain
// order, halving the range when the node refuses it.
func (v *Verifier) filterLogs(ctx context.Context, from, to uint64) ([]types.Log, error) {
	q := ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(from), ToBlock: new(big.Int).SetUint64(to),
		Addresses: []common.Address{v.cfg.Rollup},
		Topics:    [][]common.Hash{{v.topicRegistered, v.topicDeposit, v.topicBatch}},
	}
	logs, err := v.client.FilterLogs(ctx, q)
	if err == nil {
		return logs, nil
	}
	if ctx.Err() != nil || from == to {
		return nil, fmt.Errorf("l1verify: logs of blocks %d..%d: %w", from, to, err)
	}
	mid := from + (to-from)/2
	v.log.Debug("log query failed, splitting", "from", from, "to", to, "err", err)
	a, err := v.filterLogs(ctx, from, mid)
	if err != nil {
		return nil, err
	}
	b, err := v.filterLogs(ctx, mid+1, to)
	if err != nil {
		return nil, err
	}
	return append(a, b...), nil
}

func (v *Verifier) call(ctx context.Context, block uint64, data []byte) ([]byte, error) {
	out, err := v.client.CallContract(ctx, ethereum.CallMsg{To: &v.cfg.Rollup, Data: data}, new(big.Int).SetUint64(block))
	if err != nil {
		return nil, fmt.Errorf("l1verify: call rollup: %w", err)
	}
	return out, nil
}

// checkConfig compares the rollup's tree depths with the genesis config and reads the slot count.
func (v *Verifier) checkConfig(ctx context.Context, block uint64) error {
	r := v.rollup
	out, err := v.call(ctx, block, r.PackAccountDepth())
	if err != nil {
		return err
	}
	ad, err := r.UnpackAccountDepth(out)
	if err != nil {
		return fmt.Errorf("l1verify: accountDepth at block %d (is %s the rollup, deployed by then?): %w", block, v.cfg.Rollup, err)
	}
	if out, err = v.call(ctx, block, r.PackPositionDepth()); err != nil {
		return err
	}
	pd, err := r.UnpackPositionDepth(out)
	if err != nil {
		return fmt.Errorf("l1verify: positionDepth: %w", err)
	}
	if out, err = v.call(ctx, block, r.PackSlots()); err != nil {
		return err
	}
	if v.slots, err = r.UnpackSlots(out); err != nil {
		return fmt.Errorf("l1verify: slots: %w", err)
	}
	c := v.cfg.Genesis.Config
	if int(ad) != c.AccountDepth || int(pd) != c.PositionDepth {
		return fmt.Errorf("%w: rollup depths accounts %d, positions %d; genesis %d, %d", ErrConfigMismatch,
			ad, pd, c.AccountDepth, c.PositionDepth)
	}
	if v.slots == 0 || v.slots > 1<<16 {
		return fmt.Errorf("%w: rollup has %d slots", ErrConfigMismatch, v.slots)
	}
	if out, err = v.call(ctx, block, r.PackBlobMode()); err != nil {
		return err
	}
	if v.blobMode, err = r.UnpackBlobMode(out); err != nil {
		return fmt.Errorf("l1verify: blobMode: %w", err)
	}
	if v.blobMode && v.cfg.Blobs == nil {
		return fmt.Errorf("%w: the rollup is in blob DA mode: its batches' words are in blobs, give a beacon API "+
			"(--beacon)", ErrConfigMismatch)
	}
	// The domain (H(chainId, rollup)) is a public input of every batch proof: when the client knows its chain,
	// check that the rollup's domain() is this deployment's.
	if cid, ok := v.client.(interface {
		ChainID(context.Context) (*big.Int, error)
	}); ok {
		id, err := cid.ChainID(ctx)
		if err != nil {
			return fmt.Errorf("l1verify: chain id: %w", err)
		}
		if out, err = v.call(ctx, block, r.PackDomain()); err != nil {
			return err
		}
		got, err := r.UnpackDomain(out)
		if err != nil {
			return fmt.Errorf("l1verify: domain: %w", err)
		}
		v.domain = state.Domain{ChainID: id.Uint64(), Rollup: v.cfg.Rollup}
		if want := v.domain.Element(); got.Cmp(toBig(want)) != 0 {
			return fmt.Errorf("%w: rollup domain %s, H(chain %d, %s) = %s", ErrConfigMismatch, got, id,
				v.cfg.Rollup.Hex(), want.String())
		}
	}
	return nil
}

// Domain returns the deployment (chain id and rollup) checked against the rollup's domain(); zero when the client
// does not report its chain id.
func (v *Verifier) Domain() state.Domain { return v.domain }

// checkHead compares the rollup's batch number and root at block `to` with the rebuilt state. With no batch yet,
// this is the genesis check.
func (v *Verifier) checkHead(ctx context.Context, block uint64) error {
	if stored := v.st.CommittedHead().Batch; stored > v.batch {
		// The data dir holds batches L1 no longer has at this block (a reorg, or fewer confirmations before).
		v.log.Warn("stored state ahead of L1, rolling back", "stored", stored, "l1", v.batch)
		if err := v.st.Rollback(v.batch); err != nil {
			return fmt.Errorf("l1verify: roll back to batch %d: %w", v.batch, err)
		}
	}
	r := v.rollup
	out, err := v.call(ctx, block, r.PackBatchNumber())
	if err != nil {
		return err
	}
	n, err := r.UnpackBatchNumber(out)
	if err != nil {
		return fmt.Errorf("l1verify: batchNumber: %w", err)
	}
	if out, err = v.call(ctx, block, r.PackStateRoot()); err != nil {
		return err
	}
	root, err := r.UnpackStateRoot(out)
	if err != nil {
		return fmt.Errorf("l1verify: stateRoot: %w", err)
	}
	want, err := toElem(root)
	if err != nil {
		return fmt.Errorf("%w: stateRoot: %w", ErrBadEvent, err)
	}
	got := v.st.Root()
	if n != v.batch {
		return &MismatchError{Kind: ErrHeadMismatch, Batch: v.batch, Slot: -1, Want: want, Got: got,
			Detail: fmt.Sprintf("rollup has %d batches at block %d, events gave %d", n, block, v.batch)}
	}
	if !want.Equal(&got) {
		kind := ErrHeadMismatch
		if n == 0 {
			kind = ErrGenesisMismatch
		}
		return &MismatchError{Kind: kind, Batch: v.batch, Slot: -1, Want: want, Got: got}
	}
	return nil
}

func (v *Verifier) handleLog(ctx context.Context, l *types.Log, sum *Summary) error {
	if l.Removed || len(l.Topics) == 0 {
		return nil
	}
	switch l.Topics[0] {
	case v.topicRegistered:
		ev, err := v.rollup.UnpackAccountRegisteredEvent(l)
		if err != nil {
			return fmt.Errorf("%w: AccountRegistered in tx %s: %w", ErrBadEvent, l.TxHash, err)
		}
		var pk state.PublicKey
		if pk.X, err = toElem(ev.PkX); err == nil {
			pk.Y, err = toElem(ev.PkY)
		}
		if err != nil {
			return fmt.Errorf("%w: AccountRegistered key of account %d: %w", ErrBadEvent, ev.Account, err)
		}
		v.keys[ev.Account] = pk
		v.owners[ev.Account] = ev.Owner
		v.log.Debug("account registered", "account", ev.Account, "owner", ev.Owner)
	case v.topicDeposit:
		ev, err := v.rollup.UnpackDepositQueuedEvent(l)
		if err != nil {
			return fmt.Errorf("%w: DepositQueued in tx %s: %w", ErrBadEvent, l.TxHash, err)
		}
		q, err := toElem(ev.QueueHash)
		if err != nil {
			return fmt.Errorf("%w: DepositQueued hash: %w", ErrBadEvent, err)
		}
		v.queue[ev.QueueIndex+1] = q
		v.deposits = max(v.deposits, ev.QueueIndex+1)
	case v.topicBatch:
		ev, err := v.rollup.UnpackBatchVerifiedEvent(l)
		if err != nil {
			return fmt.Errorf("%w: BatchVerified in tx %s: %w", ErrBadEvent, l.TxHash, err)
		}
		return v.verifyBatch(ctx, ev, l, sum)
	}
	return nil
}

// verifyBatch checks one BatchVerified event against the rebuilt state, applying its pubdata.
func (v *Verifier) verifyBatch(ctx context.Context, ev *bindings.RollupBatchVerified, l *types.Log, sum *Summary) error {
	if ev.BatchNumber <= v.batch && ev.BatchNumber > 0 {
		// A chunk scanned again after an error (RPC, storage) was retried: this batch is already verified.
		o, err1 := toElem(ev.OldRoot)
		nr, err2 := toElem(ev.NewRoot)
		if err := errors.Join(err1, err2); err != nil {
			return fmt.Errorf("%w: batch %d roots: %w", ErrBadEvent, ev.BatchNumber, err)
		}
		return v.checkStored(ev.BatchNumber, o, nr, ev.DepositCursor, l.TxHash)
	}
	if ev.BatchNumber != v.batch+1 {
		return fmt.Errorf("%w: batch %d follows batch %d (scan from the rollup's deployment block)", ErrMissingHistory,
			ev.BatchNumber, v.batch)
	}
	n := ev.BatchNumber
	if v.lastTx != l.TxHash {
		v.lastTx, v.txOrdinal = l.TxHash, 0
	}
	ordinal := v.txOrdinal
	v.txOrdinal++
	oldRoot, err := toElem(ev.OldRoot)
	if err != nil {
		return fmt.Errorf("%w: batch %d old root: %w", ErrBadEvent, n, err)
	}
	newRoot, err := toElem(ev.NewRoot)
	if err != nil {
		return fmt.Errorf("%w: batch %d new root: %w", ErrBadEvent, n, err)
	}
	rep := BatchReport{Number: n, Block: l.BlockNumber, TxHash: l.TxHash, OldRoot: oldRoot, NewRoot: newRoot,
		DepositCursor: ev.DepositCursor, Txs: map[string]int{}}

	if n <= v.st.CommittedHead().Batch {
		// Already rebuilt in DataDir by an earlier run: compare the stored roots only.
		if err := v.checkStored(n, oldRoot, newRoot, ev.DepositCursor, l.TxHash); err != nil {
			return err
		}
		rep.Resumed = true
		v.batch, v.cursor = n, ev.DepositCursor
		v.progress(rep)
		return nil
	}

	before := v.st.Root()
	if !oldRoot.Equal(&before) {
		kind := ErrOldRootMismatch
		if n == 1 {
			kind = ErrGenesisMismatch
		}
		return &MismatchError{Kind: kind, Batch: n, Slot: -1, TxHash: l.TxHash, Want: oldRoot, Got: before}
	}
	batchTime, pubdata, err := v.batchPubdata(ctx, n, l.TxHash, ev.NewRoot, ordinal)
	if err != nil {
		return err
	}
	// Every tx of the batch is applied at its batch time (order expiry, the funding clock, mark times).
	if batchTime >= 1<<state.BitsTime {
		return fmt.Errorf("%w: batch %d: batch time %d beyond 32 bits", ErrBadCalldata, n, batchTime)
	}
	if err := v.st.SetTime(uint32(batchTime)); err != nil {
		return &MismatchError{Kind: ErrPubdataRejected, Batch: n, Slot: -1, TxHash: l.TxHash, Cause: err,
			Detail: fmt.Sprintf("batch time %d", batchTime)}
	}
	lookup := func(a uint32) (state.PublicKey, bool) {
		pk, ok := v.keys[a]
		return pk, ok
	}
	for i, pd := range pubdata {
		var b [32]byte
		pd.FillBytes(b[:])
		tr, err := v.st.ApplyProven(b, lookup)
		if err != nil {
			v.st.Discard()
			return &MismatchError{Kind: ErrPubdataRejected, Batch: n, Slot: i, TxHash: l.TxHash, Cause: err,
				Detail: fmt.Sprintf("pubdata 0x%x", b)}
		}
		rep.Txs[tr.Tx.Type().String()]++
	}
	h := v.st.Head()
	if h.DepositCount != ev.DepositCursor {
		v.st.Discard()
		return &MismatchError{Kind: ErrDepositMismatch, Batch: n, Slot: -1, TxHash: l.TxHash,
			Detail: fmt.Sprintf("L1 deposit cursor %d, rebuilt %d deposits", ev.DepositCursor, h.DepositCount)}
	}
	if h.DepositCount > 0 {
		want, ok := v.queue[h.DepositCount]
		if !ok {
			v.st.Discard()
			return fmt.Errorf("%w: deposit %d was queued before the scanned blocks", ErrMissingHistory, h.DepositCount-1)
		}
		if !want.Equal(&h.DepositHash) {
			v.st.Discard()
			return &MismatchError{Kind: ErrDepositMismatch, Batch: n, Slot: -1, TxHash: l.TxHash, Want: want, Got: h.DepositHash}
		}
	}
	after := v.st.Root()
	if !after.Equal(&newRoot) {
		v.st.Discard()
		return &MismatchError{Kind: ErrRootMismatch, Batch: n, Slot: -1, TxHash: l.TxHash, Want: newRoot, Got: after}
	}
	if err := v.st.Commit(n); err != nil {
		v.st.Discard()
		return fmt.Errorf("l1verify: store batch %d: %w", n, err)
	}
	v.batch, v.cursor = n, ev.DepositCursor
	for k, c := range rep.Txs {
		sum.Txs[k] += c
	}
	v.log.Info("batch verified", "batch", n, "block", l.BlockNumber, "root", hexElem(newRoot))
	v.progress(rep)
	return nil
}

func (v *Verifier) progress(rep BatchReport) {
	if v.cfg.Progress != nil {
		v.cfg.Progress(rep)
	}
}

// checkStored compares a batch already in the local store with its event.
func (v *Verifier) checkStored(n uint64, oldRoot, newRoot fr.Element, cursor uint64, tx common.Hash) error {
	hPrev, err := v.st.BatchHead(n - 1)
	if err != nil {
		return fmt.Errorf("l1verify: stored batch %d: %w", n-1, err)
	}
	h, err := v.st.BatchHead(n)
	if err != nil {
		return fmt.Errorf("l1verify: stored batch %d: %w", n, err)
	}
	if got := v.st.RootOf(hPrev); !got.Equal(&oldRoot) {
		return &MismatchError{Kind: ErrOldRootMismatch, Batch: n, Slot: -1, TxHash: tx, Want: oldRoot, Got: got,
			Detail: "stored state differs from L1 (delete the data dir to rebuild)"}
	}
	if got := v.st.RootOf(h); !got.Equal(&newRoot) || h.DepositCount != cursor {
		return &MismatchError{Kind: ErrRootMismatch, Batch: n, Slot: -1, TxHash: tx, Want: newRoot, Got: got,
			Detail: "stored state differs from L1 (delete the data dir to rebuild)"}
	}
	return nil
}

// batchPubdata fetches the transaction that emitted BatchVerified and decodes its submitBatch pubdata: from the
// calldata of a direct call, or else from the node's call trace (debug_traceTransaction, when the client exposes
// raw RPC) of a call made through another contract. ordinal is the event's position among the tx's BatchVerified
// events.
func (v *Verifier) batchPubdata(ctx context.Context, n uint64, hash common.Hash, eventRoot *big.Int, ordinal int) (uint64, []*big.Int, error) {
	tx, pending, err := v.client.TransactionByHash(ctx, hash)
	if err != nil {
		return 0, nil, fmt.Errorf("l1verify: batch %d: fetch tx %s: %w", n, hash, err)
	}
	if pending {
		return 0, nil, fmt.Errorf("l1verify: batch %d: tx %s still pending", n, hash)
	}
	data := tx.Data()
	if tx.To() != nil && *tx.To() == v.cfg.Rollup {
		t, ops, err := v.decodeSubmit(n, hash, data, eventRoot)
		if err != nil || !v.blobMode {
			return t, ops, err
		}
		words, err := v.blobWords(ctx, n, hash, ops)
		return t, words, err
	}
	to := "contract creation"
	if tx.To() != nil {
		to = tx.To().Hex()
	}
	indirect := fmt.Errorf("%w: batch %d tx %s calls %s (selector %x), not %s.submitBatch", ErrIndirectSubmission,
		n, hash, to, data[:min(4, len(data))], v.cfg.Rollup)
	raw, ok := v.client.(interface{ Client() *rpc.Client })
	if !ok {
		return 0, nil, fmt.Errorf("%w (the client offers no call traces)", indirect)
	}
	inputs, err := v.traceSubmits(ctx, raw.Client(), hash)
	if err != nil {
		return 0, nil, fmt.Errorf("%w; trace: %w", indirect, err)
	}
	if ordinal >= len(inputs) {
		return 0, nil, fmt.Errorf("%w; trace has %d successful submitBatch calls, event #%d", indirect, len(inputs), ordinal)
	}
	v.log.Debug("batch decoded from call trace", "batch", n, "tx", hash)
	t, ops, err := v.decodeSubmit(n, hash, inputs[ordinal], eventRoot)
	if err != nil || !v.blobMode {
		return t, ops, err
	}
	words, err := v.blobWords(ctx, n, hash, ops)
	return t, words, err
}

// callFrame is one frame of go-ethereum's callTracer output.
type callFrame struct {
	Type  string          `json:"type"`
	To    *common.Address `json:"to"`
	Input hexutil.Bytes   `json:"input"`
	Error string          `json:"error"`
	Calls []callFrame     `json:"calls"`
}

// traceSubmits returns the inputs of the successful CALLs to the rollup's submitBatch in tx, in execution order.
func (v *Verifier) traceSubmits(ctx context.Context, c *rpc.Client, hash common.Hash) ([][]byte, error) {
	var root callFrame
	if err := c.CallContext(ctx, &root, "debug_traceTransaction", hash, map[string]any{"tracer": "callTracer"}); err != nil {
		return nil, err
	}
	sel := v.abi.Methods["submitBatch"].ID
	var out [][]byte
	var walk func(f *callFrame)
	walk = func(f *callFrame) {
		if f.Error != "" { // reverted: nothing below it took effect
			return
		}
		if f.Type == "CALL" && f.To != nil && *f.To == v.cfg.Rollup && len(f.Input) >= 4 && [4]byte(f.Input[:4]) == [4]byte(sel) {
			out = append(out, f.Input)
		}
		for i := range f.Calls {
			walk(&f.Calls[i])
		}
	}
	walk(&root)
	return out, nil
}

// decodeSubmit decodes submitBatch(newRoot, batchTime, pubdata, proof, blob) calldata (calldata DA mode: blob is
// empty) and checks it against its event.
func (v *Verifier) decodeSubmit(n uint64, hash common.Hash, data []byte, eventRoot *big.Int) (uint64, []*big.Int, error) {
	m := v.abi.Methods["submitBatch"]
	if len(data) < 4 || [4]byte(data[:4]) != [4]byte(m.ID) {
		return 0, nil, fmt.Errorf("%w: batch %d tx %s: selector %x is not submitBatch", ErrBadCalldata, n, hash,
			data[:min(4, len(data))])
	}
	args, err := m.Inputs.Unpack(data[4:])
	if err != nil {
		return 0, nil, fmt.Errorf("%w: batch %d tx %s: %w", ErrBadCalldata, n, hash, err)
	}
	if len(args) != 5 {
		return 0, nil, fmt.Errorf("%w: batch %d: %d arguments", ErrBadCalldata, n, len(args))
	}
	newRoot, ok1 := args[0].(*big.Int)
	batchTime, ok3 := args[1].(uint64)
	pubdata, ok2 := args[2].([]*big.Int)
	if !ok1 || !ok2 || !ok3 || newRoot == nil {
		return 0, nil, fmt.Errorf("%w: batch %d: unexpected argument types %T, %T, %T", ErrBadCalldata, n, args[0],
			args[1], args[2])
	}
	if b, ok := args[4].([]byte); !ok || (len(b) != 0) != v.blobMode {
		return 0, nil, fmt.Errorf("%w: batch %d: a blob opening of %d bytes in %s mode", ErrBadCalldata, n, len(b),
			map[bool]string{false: "calldata", true: "blob"}[v.blobMode])
	}
	if newRoot.Cmp(eventRoot) != 0 {
		return 0, nil, fmt.Errorf("%w: batch %d: calldata new root %s, event %s", ErrBadCalldata, n, newRoot, eventRoot)
	}
	if len(pubdata) != int(v.slots) {
		return 0, nil, fmt.Errorf("%w: batch %d: %d pubdata slots, rollup has %d", ErrBadCalldata, n, len(pubdata), v.slots)
	}
	for i, p := range pubdata {
		if p == nil || p.Sign() < 0 || p.BitLen() > 256 {
			return 0, nil, fmt.Errorf("%w: batch %d slot %d", ErrBadCalldata, n, i)
		}
	}
	return batchTime, pubdata, nil
}

// toElem converts a uint256 to a canonical field element.
func toElem(x *big.Int) (fr.Element, error) {
	var e fr.Element
	if x == nil || x.Sign() < 0 || x.BitLen() > 256 {
		return e, fmt.Errorf("value out of range")
	}
	var b [32]byte
	x.FillBytes(b[:])
	if err := e.SetBytesCanonical(b[:]); err != nil {
		return e, err
	}
	return e, nil
}

func toBig(e fr.Element) *big.Int {
	var b big.Int
	return e.BigInt(&b)
}

package state

import (
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/state/hash"
	"github.com/zkperp/zkperp/state/kv"
	"github.com/zkperp/zkperp/state/smt"
)

// Config sets the tree depths.
type Config struct {
	AccountDepth  int // accounts tree (default 24)
	PositionDepth int // positions subtree and markets tree (default 4)
	OrderDepth    int // order fill slots subtree (default 10)
	// Domain is the deployment whose signatures Apply accepts (not stored: the genesis root does not depend on it).
	Domain Domain `json:"-" toml:"-"`
}

// DefaultConfig returns the production depths.
func DefaultConfig() Config { return Config{AccountDepth: 24, PositionDepth: 4, OrderDepth: 10} }

// Validate checks the depths.
func (c Config) Validate() error {
	if c.AccountDepth < 1 || c.AccountDepth > 32 || c.PositionDepth < 1 || c.PositionDepth > 8 ||
		c.OrderDepth < 1 || c.OrderDepth > 32 {
		return fmt.Errorf("state: depths out of range (accounts 1..32, positions 1..8, orders 1..32): %+v", c)
	}
	return nil
}

// Head is the state at one point: the two tree roots, the deposit-queue position and the batch time.
type Head struct {
	Batch        uint64
	AccountsRoot fr.Element
	MarketsRoot  fr.Element
	DepositHash  fr.Element // rolling hash of the deposits applied so far (docs/protocol.md §6)
	DepositCount uint64
	// Time is the batch time (unix seconds) the transactions after this point are checked against (SetTime); a
	// batch's time is its heads' Time.
	Time uint32
}

func (h Head) encode() []byte {
	a, m, d := h.AccountsRoot.Bytes(), h.MarketsRoot.Bytes(), h.DepositHash.Bytes()
	out := binary.BigEndian.AppendUint64(nil, h.Batch)
	out = append(out, a[:]...)
	out = append(out, m[:]...)
	out = append(out, d[:]...)
	out = binary.BigEndian.AppendUint64(out, h.DepositCount)
	return binary.BigEndian.AppendUint32(out, h.Time)
}

func decodeHead(b []byte) (Head, error) {
	if len(b) != 8+96+8+4 {
		return Head{}, fmt.Errorf("state: corrupt head record of %d bytes", len(b))
	}
	var h Head
	h.Batch = binary.BigEndian.Uint64(b)
	for i, e := range []*fr.Element{&h.AccountsRoot, &h.MarketsRoot, &h.DepositHash} {
		if err := e.SetBytesCanonical(b[8+32*i : 40+32*i]); err != nil {
			return Head{}, fmt.Errorf("state: corrupt head: %w", err)
		}
	}
	h.DepositCount = binary.BigEndian.Uint64(b[104:])
	h.Time = binary.BigEndian.Uint32(b[112:])
	return h, nil
}

// Keys of the kv layout (besides smt's 'n' nodes).
var (
	keyHead      = []byte("head")
	keyConfig    = []byte("config")
	prefixBatch  = []byte("b") // b || batch (8 bytes) → head record
	prefixLeaf   = []byte("l") // l || leaf hash → leaf preimage
	errNoPreimag = errors.New("state: missing leaf preimage")
)

func batchKey(n uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte(nil), prefixBatch...), n)
}

func leafKey(h fr.Element) []byte {
	b := h.Bytes()
	return append(append([]byte(nil), prefixLeaf...), b[:]...)
}

// State is the working state over a kv store. It is single-writer: one goroutine applies transactions, and reads
// (which fill its read cache, readcache.go) come from that goroutine too.
type State struct {
	cfg Config
	log *slog.Logger
	h   *hash.Hasher
	db  kv.Store

	accTree, posTree, ordTree, mktTree *smt.Tree
	defAccount                         Account

	buf    *smt.Buffer
	leaves map[fr.Element][]byte // preimages not yet committed
	// frozenLeaves are the preimages of a prepared commit that has not landed (PrepareCommit, Landed)
	frozenLeaves map[fr.Element][]byte
	// spare is a written commit batch kept for the next commit (its buffer grown already: a commit's batch holds
	// megabytes of nodes and traces)
	spare kv.Batch
	// frozen is the prepared commit that has not landed (PrepareCommit, Landed)
	frozen *PendingCommit

	sigs *SigCache
	// proven skips signature checks while ApplyProven replays a verified batch.
	proven bool

	head      Head // working head (includes applied, uncommitted txs)
	committed Head

	// rc caches the leaves read through the working head, keyed by its roots (readcache.go)
	rc readCache

	// Pruning (prune.go). pmu orders the writer's store writes against a prune's start and its delete batches;
	// written (under pmu) collects what commits write while a prune runs; floor is the prune floor.
	pmu      sync.Mutex
	written  *pruneWritten
	floor    atomic.Uint64
	pruneSem chan struct{} // one prune at a time
	// pruneHook, when set (tests), runs between a prune's mark and its sweep.
	pruneHook func()
}

// Open opens the state stored in db (empty on a new store). The depths are stored on first use and must match later.
func Open(cfg Config, db kv.Store, log *slog.Logger) (*State, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if db == nil {
		return nil, errors.New("state: nil store")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := hash.New()
	s := &State{cfg: cfg, log: log, h: h, db: db, buf: smt.NewBuffer(db), leaves: map[fr.Element][]byte{},
		pruneSem: make(chan struct{}, 1)}
	var err error
	if s.posTree, err = smt.New(h, cfg.PositionDepth, Position{}.Hash(h)); err != nil {
		return nil, err
	}
	if s.ordTree, err = smt.New(h, cfg.OrderDepth, OrderSlot{}.Hash(h)); err != nil {
		return nil, err
	}
	if s.mktTree, err = smt.New(h, cfg.PositionDepth, Market{}.Hash(h)); err != nil {
		return nil, err
	}
	s.defAccount = Account{PositionsRoot: s.posTree.EmptyRoot(), OrdersRoot: s.ordTree.EmptyRoot()}
	if s.accTree, err = smt.New(h, cfg.AccountDepth, s.defAccount.Hash(h)); err != nil {
		return nil, err
	}
	cfgRec := []byte{byte(cfg.AccountDepth), byte(cfg.PositionDepth), byte(cfg.OrderDepth)}
	stored, err := db.Get(keyConfig)
	switch {
	case errors.Is(err, kv.ErrNotFound):
		s.head = Head{AccountsRoot: s.accTree.EmptyRoot(), MarketsRoot: s.mktTree.EmptyRoot()}
		b := db.NewBatch()
		b.Put(keyConfig, cfgRec)
		b.Put(keyHead, s.head.encode())
		b.Put(batchKey(0), s.head.encode())
		if err := b.Write(); err != nil {
			return nil, fmt.Errorf("state: init store: %w", err)
		}
	case err != nil:
		return nil, fmt.Errorf("state: read config: %w", err)
	default:
		if string(stored) != string(cfgRec) {
			return nil, fmt.Errorf("state: store has depths %v, config asks %v", stored, cfgRec)
		}
		hb, err := db.Get(keyHead)
		if err != nil {
			return nil, fmt.Errorf("state: read head: %w", err)
		}
		if s.head, err = decodeHead(hb); err != nil {
			return nil, err
		}
		if err := s.loadFloor(); err != nil {
			return nil, err
		}
	}
	s.committed = s.head
	return s, nil
}

// SetTime sets the batch time (unix seconds) the next transactions are checked against: order expiry, the funding
// clock and the mark age of liquidations. Every transaction of a batch must be applied under one time, which never
// goes back (the L1 contract refuses a batch time before the previous batch's).
func (s *State) SetTime(t uint32) error {
	if t < s.head.Time {
		return fmt.Errorf("%w: %d < %d", ErrTimeBackwards, t, s.head.Time)
	}
	s.head.Time = t
	return nil
}

// Time returns the working head's batch time.
func (s *State) Time() uint32 { return s.head.Time }

// Config returns the depths.
func (s *State) Config() Config { return s.cfg }

// Hasher returns the shared Poseidon2 hasher.
func (s *State) Hasher() *hash.Hasher { return s.h }

// Head returns the working head.
func (s *State) Head() Head { return s.head }

// CommittedHead returns the last committed head.
func (s *State) CommittedHead() Head { return s.committed }

// Root returns the working global root H(accountsRoot, marketsRoot).
func (s *State) Root() fr.Element { return s.RootOf(s.head) }

// RootOf returns the global root of a head.
func (s *State) RootOf(h Head) fr.Element { return s.h.Compress(h.AccountsRoot, h.MarketsRoot) }

// Trees returns the tree shapes (accounts, positions, orders, markets) for proofs.
func (s *State) Trees() (accounts, positions, orders, markets *smt.Tree) {
	return s.accTree, s.posTree, s.ordTree, s.mktTree
}

// Nodes returns the node store (pending nodes over the database) for proofs.
func (s *State) Nodes() smt.NodeStore { return s.buf }

// Commit seals the working state as batch n (which must be the committed batch + 1) in one atomic write. On failure
// the committed state is unchanged and the working state stays as it was, so the caller may retry.
func (s *State) Commit(n uint64) error {
	h := s.head
	h.Batch = n
	return s.CommitBatches([]Head{h}, nil)
}

// CommitGenesis stores the working state (markets initialized, nothing else) as batch 0, the root the L1 contract
// is deployed with. Only before any batch is committed.
func (s *State) CommitGenesis() error {
	if s.committed.Batch != 0 {
		return fmt.Errorf("state: genesis after batch %d", s.committed.Batch)
	}
	h := s.head
	b := s.db.NewBatch()
	s.buf.Flush(b)
	for lh, v := range s.leaves {
		b.Put(leafKey(lh), v)
	}
	b.Put(batchKey(0), h.encode())
	b.Put(keyHead, h.encode())
	if err := s.write(b, nil, nil); err != nil {
		return fmt.Errorf("state: commit genesis: %w", err)
	}
	s.buf.Committed(nil)
	clear(s.leaves)
	s.committed = h
	return nil
}

// CommitBatches seals several consecutive batches in one atomic write, with extra key-values (e.g. the sequencer's
// checkpoint and the batches' witnesses) written in the same batch. heads[i] is the state after batch
// committed+1+i; heads are intermediate working heads (Trace.After of each batch's last tx), and the last one must be
// the working head. Extra keys must not start with the state's own prefixes (they are stored under "x").
func (s *State) CommitBatches(heads []Head, extra map[string][]byte) error {
	b, last, err := s.commitBatch(heads, extra)
	if err != nil {
		return err
	}
	nodes, preimages := s.putReachable(b, heads, s.buf.FlushPendingFrom, s.leaves)
	if err := s.write(b, nodes, preimages); err != nil {
		return fmt.Errorf("state: commit batches %d..%d: %w", heads[0].Batch, last.Batch, err)
	}
	s.spare = b
	s.buf.Committed(nodes)
	clear(s.leaves)
	s.head, s.committed = last, last
	s.log.Debug("state committed", "first", heads[0].Batch, "last", last.Batch)
	return nil
}

// commitBatch checks a commit of heads and builds its store batch.
func (s *State) commitBatch(heads []Head, extra map[string][]byte) (kv.Batch, Head, error) {
	if len(heads) == 0 {
		return nil, Head{}, errors.New("state: no batch to commit")
	}
	if s.frozenLeaves != nil {
		return nil, Head{}, ErrCommitInFlight
	}
	for i, h := range heads {
		if h.Batch != s.committed.Batch+1+uint64(i) {
			return nil, Head{}, fmt.Errorf("state: commit batch %d after %d", h.Batch, s.committed.Batch+uint64(i))
		}
	}
	last := heads[len(heads)-1]
	if last.AccountsRoot != s.head.AccountsRoot || last.MarketsRoot != s.head.MarketsRoot ||
		last.DepositHash != s.head.DepositHash || last.DepositCount != s.head.DepositCount {
		return nil, Head{}, errors.New("state: the last committed batch must end at the working head")
	}
	b := s.spare
	if b != nil {
		s.spare = nil
		b.Reset()
	} else {
		b = s.db.NewBatch()
	}
	for _, h := range heads {
		b.Put(batchKey(h.Batch), h.encode())
	}
	b.Put(keyHead, last.encode())
	for k, v := range extra {
		b.Put(extraKey(k), v)
	}
	return b, last, nil
}

// putReachable adds to a commit's store batch the tree nodes (flush: the buffer's pending or frozen ones,
// smt.Buffer.FlushPendingFrom) and leaf preimages reachable from its heads: the accounts and markets trees, and the
// positions and orders trees of every account leaf reached. The rest of the commit's nodes and preimages are those
// of the intermediate heads between its transactions, which nothing reads again (a read starts from a committed
// head or the working one, a rollback goes to a committed head, a witness is built from its batch's traces): they
// are not written (about a third of the nodes a busy batch makes). It returns the hashes of the nodes and preimages
// it added.
func (s *State) putReachable(b kv.Batch, heads []Head,
	flush func(kv.Batch, fr.Element, int, map[fr.Element]struct{}, func(fr.Element)), leaves map[fr.Element][]byte,
) (nodes, preimages map[fr.Element]struct{}) {
	seen := make(map[fr.Element]struct{}, 8*len(leaves))
	added := make(map[fr.Element]struct{}, len(leaves))
	preimage := func(h fr.Element) []byte {
		v, ok := leaves[h]
		if !ok { // stored already
			return nil
		}
		if _, ok := added[h]; !ok {
			added[h] = struct{}{}
			b.Put(leafKey(h), v)
		}
		return v
	}
	leaf := func(h fr.Element) { preimage(h) }
	account := func(h fr.Element) {
		v := preimage(h)
		if len(v) != 5*fr.Bytes { // stored already, with its trees
			return
		}
		var positions, orders fr.Element
		positions.SetBytes(v[3*fr.Bytes : 4*fr.Bytes])
		orders.SetBytes(v[4*fr.Bytes:])
		flush(b, positions, s.cfg.PositionDepth, seen, leaf)
		flush(b, orders, s.cfg.OrderDepth, seen, leaf)
	}
	for _, h := range heads {
		flush(b, h.AccountsRoot, s.cfg.AccountDepth, seen, account)
		flush(b, h.MarketsRoot, s.cfg.PositionDepth, seen, leaf)
	}
	return seen, added
}

// ErrCommitInFlight refuses a commit, rollback or prepared commit while a prepared commit has not landed.
var ErrCommitInFlight = errors.New("state: a prepared commit has not landed")

// PendingCommit is a commit prepared on the writer's goroutine (PrepareCommit) and written later, on any goroutine
// (Write); the writer calls Landed once Write has succeeded.
type PendingCommit struct {
	s     *State
	b     kv.Batch
	extra func() (map[string][]byte, error)
	// nodes and preimages are the hashes of the frozen nodes and preimages Write added to b (nil before)
	nodes, preimages map[fr.Element]struct{}
	records          int    // b's records once written
	bytes            int    // b's size once written
	heads            []Head // the committed heads, in batch order
}

// batches names the commit's batches in errors.
func (p *PendingCommit) batches() string {
	return fmt.Sprintf("%d..%d", p.heads[0].Batch, p.heads[len(p.heads)-1].Batch)
}

// PrepareCommit is CommitBatches without the store write: the batches are committed in memory at once (the working
// state goes on from them; their nodes and preimages are read from memory until the commit has landed), and the
// returned commit writes them to the store. Until it has landed (Landed) no other commit or rollback is taken.
// Durability is the caller's: it writes the commit when what the commit covers may be on disk, and a crash before
// the write leaves the store at the previous commit. extra returns the values stored with the batches
// (CommitBatches' extra): Write calls it, on its own goroutine, before it writes, so a seal encodes them off its
// writer's goroutine; it must read only what does not change once PrepareCommit is called (nil: none).
func (s *State) PrepareCommit(heads []Head, extra func() (map[string][]byte, error)) (*PendingCommit, error) {
	b, last, err := s.commitBatch(heads, nil)
	if err != nil {
		return nil, err
	}
	s.buf.Freeze()
	s.frozenLeaves, s.leaves = s.leaves, make(map[fr.Element][]byte, len(s.leaves))
	s.head, s.committed = last, last
	s.frozen = &PendingCommit{s: s, b: b, extra: extra, heads: slices.Clone(heads)}
	return s.frozen, nil
}

// Write writes a prepared commit to the store (with fsync), as CommitBatches does, after encoding its extra values;
// any goroutine, once.
func (p *PendingCommit) Write() error {
	if p.b == nil {
		return fmt.Errorf("state: commit batches %s: written already", p.batches())
	}
	if p.extra != nil {
		extra, err := p.extra()
		if err != nil {
			return fmt.Errorf("state: commit batches %s: extra: %w", p.batches(), err)
		}
		for k, v := range extra {
			p.b.Put(extraKey(k), v)
		}
		p.extra = nil
	}
	s := p.s
	if p.nodes == nil { // the frozen nodes and preimages do not change until Landed: encoded here, off the writer's goroutine
		p.nodes, p.preimages = s.putReachable(p.b, p.heads, s.buf.FlushFrozenFrom, s.frozenLeaves)
	}
	s.pmu.Lock()
	defer s.pmu.Unlock()
	s.noteWrites(p.nodes, p.preimages) // a prune running must not delete what this writes
	if err := p.b.Write(); err != nil {
		return fmt.Errorf("state: commit batches %s: %w", p.batches(), err)
	}
	p.records, p.bytes = p.b.Len(), p.b.Size()
	return nil
}

// Records returns the number of records the commit wrote to the store (0 before it has).
func (p *PendingCommit) Records() int { return p.records }

// Bytes returns the size of what the commit wrote to the store (kv.Batch.Size; 0 before it has).
func (p *PendingCommit) Bytes() int { return p.bytes }

// Landed ends a prepared commit after its Write succeeded (writer's goroutine): its nodes go to the read cache and its
// preimages are read from the store.
func (s *State) Landed() {
	p := s.frozen
	if p == nil {
		return
	}
	s.buf.Thaw(p.nodes)
	s.frozenLeaves, s.frozen = nil, nil
	s.spare, p.b = p.b, nil // written: reused by the next commit
	s.log.Debug("state committed", "batch", s.committed.Batch)
}

// write writes a commit's batch: under pmu, after recording its nodes and preimages for a running prune (nil:
// everything pending).
func (s *State) write(b kv.Batch, nodes, preimages map[fr.Element]struct{}) error {
	s.pmu.Lock()
	defer s.pmu.Unlock()
	s.noteWrites(nodes, preimages)
	return b.Write()
}

func extraKey(k string) []byte { return append([]byte("x"), k...) }

// Extra returns a value written with CommitBatches (kv.ErrNotFound when absent).
func (s *State) Extra(key string) ([]byte, error) { return s.db.Get(extraKey(key)) }

// PutExtra writes one extra value on its own (outside a batch commit).
func (s *State) PutExtra(key string, value []byte) error { return s.db.Put(extraKey(key), value) }

// Discard drops every applied but uncommitted transaction.
func (s *State) Discard() {
	s.buf.Discard()
	clear(s.leaves)
	s.head = s.committed
}

// BatchHead returns the head sealed as batch n; ErrPruned below the prune floor (Prune).
func (s *State) BatchHead(n uint64) (Head, error) {
	if f := s.floor.Load(); n < f {
		return Head{}, fmt.Errorf("state: batch %d: %w (kept from batch %d)", n, ErrPruned, f)
	}
	return s.storedHead(n)
}

// storedHead reads the head record of batch n whatever the prune floor (the genesis record is never pruned).
func (s *State) storedHead(n uint64) (Head, error) {
	b, err := s.db.Get(batchKey(n))
	if err != nil {
		return Head{}, fmt.Errorf("state: batch %d: %w", n, err)
	}
	return decodeHead(b)
}

// Rollback makes batch n (≤ the committed batch) the head again, dropping later batches, e.g. to return to the
// last L1-verified root. Nodes are content-addressed, so nothing has to be recomputed. A batch below the prune floor
// is refused (ErrPruned).
func (s *State) Rollback(n uint64) error { return s.RollbackExtra(n, nil, nil) }

// RollbackExtra is Rollback that also writes put and deletes del (extra keys, as PutExtra) in the same atomic write.
func (s *State) RollbackExtra(n uint64, put map[string][]byte, del []string) error {
	if s.frozenLeaves != nil {
		return ErrCommitInFlight
	}
	if n > s.committed.Batch {
		return fmt.Errorf("state: rollback to %d beyond committed %d", n, s.committed.Batch)
	}
	s.pmu.Lock() // the floor cannot rise between the check and the write
	defer s.pmu.Unlock()
	h, err := s.BatchHead(n)
	if err != nil {
		return err
	}
	b := s.db.NewBatch()
	for i := n + 1; i <= s.committed.Batch; i++ {
		b.Delete(batchKey(i))
	}
	b.Put(keyHead, h.encode())
	for _, k := range del {
		b.Delete(extraKey(k))
	}
	for k, v := range put {
		b.Put(extraKey(k), v)
	}
	if err := b.Write(); err != nil {
		return fmt.Errorf("state: rollback: %w", err)
	}
	s.Discard()
	s.head, s.committed = h, h
	return nil
}

// DeleteExtra deletes extra keys (absent keys are ignored).
func (s *State) DeleteExtra(keys ...string) error {
	b := s.db.NewBatch()
	for _, k := range keys {
		b.Delete(extraKey(k))
	}
	if err := b.Write(); err != nil {
		return fmt.Errorf("state: delete extra: %w", err)
	}
	return nil
}

// ---- leaf reads ----

func (s *State) putLeaf(h fr.Element, fields []fr.Element) { s.leaves[h] = encodeFields(fields) }

func (s *State) preimage(h fr.Element) ([]byte, error) {
	if v, ok := s.leaves[h]; ok {
		return v, nil
	}
	if v, ok := s.frozenLeaves[h]; ok {
		return v, nil
	}
	if v, ok := s.rc.preimages[h]; ok {
		return v, nil
	}
	v, err := s.db.Get(leafKey(h))
	if errors.Is(err, kv.ErrNotFound) {
		return nil, errNoPreimag
	}
	if err == nil {
		s.rc.putPreimage(h, v)
	}
	return v, err
}

// Account returns the account leaf at index in the working state.
func (s *State) Account(index uint32) (Account, error) {
	s.rc.accountsAt(s.head.AccountsRoot)
	if a, ok := s.rc.accounts[index]; ok {
		return a, nil
	}
	a, _, err := s.accountAt(s.head.AccountsRoot, index)
	if err == nil {
		put(s.rc.accounts, index, a)
	}
	return a, err
}

func (s *State) accountAt(root fr.Element, index uint32) (Account, smt.Proof, error) {
	lh, p, err := s.accTree.Get(s.buf, root, uint64(index))
	if err != nil {
		return Account{}, p, fmt.Errorf("%w: %d: %w", ErrUnknownAccount, index, err)
	}
	if e := s.accTree.Empty(0); lh.Equal(&e) {
		return s.defAccount, p, nil
	}
	v, err := s.preimage(lh)
	if err != nil {
		return Account{}, p, fmt.Errorf("state: account %d: %w", index, err)
	}
	a, err := decodeAccount(v)
	return a, p, err
}

// Position returns the isolated position of (account, market).
func (s *State) Position(account uint32, market uint8) (Position, error) {
	s.rc.accountsAt(s.head.AccountsRoot)
	k := posKey{account, market}
	if p, ok := s.rc.positions[k]; ok {
		return p, nil
	}
	a, err := s.Account(account)
	if err != nil {
		return Position{}, err
	}
	pos, _, err := s.positionAt(a.PositionsRoot, market)
	if err == nil {
		put(s.rc.positions, k, pos)
	}
	return pos, err
}

func (s *State) positionAt(root fr.Element, market uint8) (Position, smt.Proof, error) {
	lh, p, err := s.posTree.Get(s.buf, root, uint64(market))
	if err != nil {
		return Position{}, p, fmt.Errorf("%w: %d: %w", ErrUnknownMarket, market, err)
	}
	if e := s.posTree.Empty(0); lh.Equal(&e) {
		return Position{}, p, nil
	}
	v, err := s.preimage(lh)
	if err != nil {
		return Position{}, p, fmt.Errorf("state: position: %w", err)
	}
	pos, err := decodePosition(v)
	return pos, p, err
}

// OrderSlot returns the fill slot that order id maps to for account.
func (s *State) OrderSlot(account uint32, orderID uint32) (OrderSlot, error) {
	s.rc.accountsAt(s.head.AccountsRoot)
	k := slotKey{account, s.slotOf(orderID)}
	if o, ok := s.rc.slots[k]; ok {
		return o, nil
	}
	a, err := s.Account(account)
	if err != nil {
		return OrderSlot{}, err
	}
	o, _, err := s.orderAt(a.OrdersRoot, k.slot)
	if err == nil {
		put(s.rc.slots, k, o)
	}
	return o, err
}

func (s *State) slotOf(orderID uint32) uint64 {
	return uint64(orderID) & (1<<uint(s.cfg.OrderDepth) - 1)
}

func (s *State) orderAt(root fr.Element, slot uint64) (OrderSlot, smt.Proof, error) {
	lh, p, err := s.ordTree.Get(s.buf, root, slot)
	if err != nil {
		return OrderSlot{}, p, fmt.Errorf("state: order slot %d: %w", slot, err)
	}
	if e := s.ordTree.Empty(0); lh.Equal(&e) {
		return OrderSlot{}, p, nil
	}
	v, err := s.preimage(lh)
	if err != nil {
		return OrderSlot{}, p, fmt.Errorf("state: order slot: %w", err)
	}
	o, err := decodeOrder(v)
	return o, p, err
}

// Market returns the market leaf.
func (s *State) Market(id uint8) (Market, error) {
	s.rc.marketsAt(s.head.MarketsRoot)
	if m, ok := s.rc.markets[id]; ok {
		return m, nil
	}
	m, _, err := s.marketAt(s.head.MarketsRoot, id)
	if err == nil {
		put(s.rc.markets, id, m)
	}
	return m, err
}

func (s *State) marketAt(root fr.Element, id uint8) (Market, smt.Proof, error) {
	lh, p, err := s.mktTree.Get(s.buf, root, uint64(id))
	if err != nil {
		return Market{}, p, fmt.Errorf("%w: %d: %w", ErrUnknownMarket, id, err)
	}
	if e := s.mktTree.Empty(0); lh.Equal(&e) {
		return Market{}, p, nil
	}
	v, err := s.preimage(lh)
	if err != nil {
		return Market{}, p, fmt.Errorf("state: market: %w", err)
	}
	m, err := decodeMarket(v)
	return m, p, err
}

// InitMarket creates market id with params and an initial mark price (a genesis operation, not a transaction:
// commit it as part of the genesis state). Its funding clock and mark time start at the working head's time
// (SetTime; the genesis time).
func (s *State) InitMarket(id uint8, params MarketParams, mark uint64) error {
	if uint64(id)>>uint(s.cfg.PositionDepth) != 0 {
		return fmt.Errorf("%w: %d beyond %d markets", ErrUnknownMarket, id, 1<<s.cfg.PositionDepth)
	}
	if err := params.Validate(); err != nil {
		return err
	}
	if mark == 0 || mark > MaxSize {
		return fmt.Errorf("%w: mark price %d", ErrOverflow, mark)
	}
	m, err := s.Market(id)
	if err != nil {
		return err
	}
	if m.Active() {
		return fmt.Errorf("%w: %d", ErrMarketExists, id)
	}
	nm := Market{Params: params, Mark: mark, LastFunding: s.head.Time, MarkTime: s.head.Time}
	lh := nm.Hash(s.h)
	root, _, _, err := s.mktTree.Update(s.buf, s.head.MarketsRoot, uint64(id), lh)
	if err != nil {
		return err
	}
	s.putLeaf(lh, nm.fields())
	s.head.MarketsRoot = root
	return nil
}

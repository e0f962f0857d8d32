package node

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/rpc"

	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
)

// failingLog fails every Sync once armed (a disk that stops syncing).
type failingLog struct {
	inputLog
	armed atomic.Bool
}

var errDiskGone = errors.New("test: fsync failed")

func (f *failingLog) Sync() (uint64, error) {
	if f.armed.Load() {
		return 0, errDiskGone
	}
	return f.inputLog.Sync()
}

// A WAL sync that fails (pipelined group commit, commit.go): the input waiting for it is answered 1011
// storage_failure — not acknowledged, not "rejected" — nothing of it is published, the core stops and later inputs
// are refused as stopped; after a restart the WAL decides the input's fate (written before the failed sync, it is
// replayed), and every input acknowledged before the failure is there.
func TestWALSyncFailureStopsNode(t *testing.T) {
	f := newFixture(t)
	n := f.build(f.config(), nil)
	fl := &failingLog{inputLog: n.wal}
	n.wal = fl
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := n.Start(ctx); err != nil {
		t.Fatal(err)
	}
	f.waitDeposits(n)
	f.margin(n, 1, 3_000_000)
	if out := f.order(n, 1, 10, true, 900, 5); out.Err != nil {
		t.Fatal(out.Err)
	}
	events, cancelSub := n.bus.subscribe(64)
	defer cancelSub()

	before := fl.Next()
	fl.armed.Store(true)
	o := state.Order{Account: 1, ID: 11, Market: 0, Buy: true, Price: 910, Size: 5, MaxMakerFee: 1000, MaxTakerFee: 1000}
	if err := f.l2[0].SignOrder(&o); err != nil {
		t.Fatal(err)
	}
	_, err := n.Submit(ctx, &engine.Input{Kind: engine.KindPlace, Place: &engine.Place{Order: o}})
	assertStoppedByStorage(t, ctx, n, err, "input in flight at the failed sync")
	select {
	case out := <-events:
		t.Fatalf("an output was published after the failed sync: %+v", out)
	default:
	}
	written := fl.Next() > before // the order reached the file before the failed sync (the usual order of events)
	n2, ctx2 := f.restart(n, cancel)
	if err := n2.Query(ctx2, func(e *engine.Engine) {
		if _, ok := e.SignedOrder(1, 10); !ok {
			t.Error("the order acknowledged before the failure is gone")
		}
		if _, ok := e.SignedOrder(1, 11); ok != written {
			t.Errorf("the order in flight at the failed sync: live after restart %v, written to the WAL %v", ok, written)
		}
	}); err != nil {
		t.Fatal(err)
	}
}

// sealAsync submits a seal without waiting: its answer (an error when it failed or sealed nothing) comes on the
// channel.
func sealAsync(ctx context.Context, n *Node) <-chan error {
	sealed := make(chan error, 1)
	go func() {
		out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindSeal})
		if err == nil && len(out.Sealed) == 0 {
			err = errors.New("the seal sealed nothing")
		}
		sealed <- err
	}()
	return sealed
}

// assertStoppedByStorage checks that err, the answer to what, is 1011 storage_failure (not acknowledged, not
// "rejected"), that the core stops, and that a later input is refused as stopped.
func assertStoppedByStorage(t *testing.T, ctx context.Context, n *Node, err error, what string) {
	t.Helper()
	var ae *APIError
	if !errors.As(toAPIError(err), &ae) || ae.Code != CodeUnavailable || ae.Reason != "storage_failure" {
		t.Fatalf("%s: %v, want 1011 storage_failure", what, err)
	}
	select {
	case <-n.stopped:
	case <-time.After(5 * time.Second):
		t.Fatalf("the core did not stop (%s)", what)
	}
	if _, err := n.Submit(ctx, &engine.Input{Kind: engine.KindTick}); !errors.Is(err, ErrStopped) {
		t.Fatalf("input after the failure: %v, want ErrStopped", err)
	}
}

// heldWrites stands in for a node's store write of seals (Node.writeCommit): once armed (seal), a write signals
// and waits for release, then writes, or fails with fail when set.
type heldWrites struct {
	armed         atomic.Bool
	writing, hold chan struct{}
	released      sync.Once
	fail          error
}

func holdWrites(n *Node, fail error) *heldWrites {
	h := &heldWrites{writing: make(chan struct{}, 1), hold: make(chan struct{}), fail: fail}
	n.writeCommit = func(c *state.PendingCommit) error {
		if h.armed.Load() {
			h.writing <- struct{}{}
			<-h.hold
			if h.fail != nil {
				return h.fail
			}
		}
		return c.Write()
	}
	return h
}

// seal arms the hold, submits a seal and waits until its store write has started; the seal's answer comes on the
// channel (sealAsync).
func (h *heldWrites) seal(t *testing.T, ctx context.Context, n *Node) <-chan error {
	t.Helper()
	h.armed.Store(true)
	sealed := sealAsync(ctx, n)
	select {
	case <-h.writing:
	case <-time.After(5 * time.Second):
		t.Fatal("no store write started")
	}
	return sealed
}

func (h *heldWrites) release() { h.released.Do(func() { close(h.hold) }) }

// gatedLog holds every Sync while held (a slow disk), signalling each one that starts.
type gatedLog struct {
	inputLog
	held    atomic.Bool
	release chan struct{}
	syncing chan struct{}
}

func (g *gatedLog) Sync() (uint64, error) {
	if g.held.Load() {
		select {
		case g.syncing <- struct{}{}:
		default:
		}
		<-g.release
	}
	return g.inputLog.Sync()
}

// A seal commits its batches in memory and leaves the store write to the syncer, after the fsync that covers the seal:
// while the fsync is held, the new batch is not in the store and the seal is not answered, but the core goes on (a
// query runs and sees the batch committed in memory); once the fsync completes, the batch is in the store and the
// seal answered.
func TestSealCommitsAfterItsRecordsAreDurable(t *testing.T) {
	f := newFixture(t)
	n := f.build(f.config(), nil)
	gl := &gatedLog{inputLog: n.wal, release: make(chan struct{}), syncing: make(chan struct{}, 1)}
	n.wal = gl
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := n.Start(ctx); err != nil {
		t.Fatal(err)
	}
	var released sync.Once
	release := func() { gl.held.Store(false); released.Do(func() { close(gl.release) }) }
	defer n.Stop()
	defer release() // before Stop, also when the test fails with a sync held
	f.waitDeposits(n)
	f.margin(n, 1, 3_000_000)
	if out := f.order(n, 1, 10, true, 900, 5); out.Err != nil {
		t.Fatal(out.Err)
	}
	var next uint64
	if err := n.Query(ctx, func(e *engine.Engine) { next = e.State().CommittedHead().Batch + 1 }); err != nil {
		t.Fatal(err)
	}
	st := n.eng.State() // BatchHead reads the store only: safe beside the core
	gl.held.Store(true)
	sealed := sealAsync(ctx, n)
	select {
	case <-gl.syncing:
	case <-time.After(5 * time.Second):
		t.Fatal("no sync started")
	}
	time.Sleep(200 * time.Millisecond) // the seal has long built its batches by now
	qctx, qcancel := context.WithTimeout(ctx, 2*time.Second)
	defer qcancel()
	var inMemory uint64
	if err := n.Query(qctx, func(e *engine.Engine) { inMemory = e.State().CommittedHead().Batch }); err != nil {
		t.Fatalf("the core waited for the store: %v", err)
	}
	if inMemory != next {
		t.Fatalf("committed head in memory %d, want %d", inMemory, next)
	}
	if _, err := st.BatchHead(next); err == nil {
		t.Fatalf("batch %d was committed while its WAL records were not durable", next)
	}
	select {
	case err := <-sealed:
		t.Fatalf("the seal was answered before its records were durable (%v)", err)
	default:
	}
	release()
	if err := <-sealed; err != nil {
		t.Fatal(err)
	}
	if _, err := st.BatchHead(next); err != nil {
		t.Fatalf("batch %d after the sync: %v", next, err)
	}
}

// Signed calls of one source in flight together take the source's tokens as they are admitted: a burst of forged
// orders sent at once (order entry carries hundreds in a frame) costs at most the source's burst in signature checks,
// and the rest are refused as rate limited before any check.
func TestConcurrentForgeriesTakeSourceTokens(t *testing.T) {
	f := newFixture(t)
	cfg := f.config()
	cfg.RateLimit, cfg.RateBurst = 0.1, 5
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := f.startConfig(ctx, cfg)
	defer n.Stop()
	f.waitDeposits(n)
	pctx := withPeer(ctx, rpc.PeerInfo{Transport: "ws", RemoteAddr: "192.0.2.7:4000#1"})
	api := &API{n: n}
	const calls = 100
	start := make(chan struct{})
	var wg sync.WaitGroup
	var checked, limited atomic.Int32
	for i := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r := OrderRequest{Account: 1, Market: 0, Side: "buy", Price: "0.0005", Size: "1", ID: uint32(100 + i),
				Sig: make([]byte, 64)}
			r.Sig[0] = byte(i)
			_, err := api.PlaceOrder(pctx, r)
			var ae *APIError
			switch {
			case errors.As(err, &ae) && ae.Reason == "rate_limited":
				limited.Add(1)
			case err != nil:
				checked.Add(1)
			default:
				t.Error("a forged order was accepted")
			}
		}()
	}
	close(start)
	wg.Wait()
	if c := checked.Load(); c > 6 || c+limited.Load() != calls {
		t.Fatalf("%d of %d concurrent forged calls went past the limits (burst 5), %d limited", c, calls, limited.Load())
	}
}

// Two seals in one group, each with txs to commit: the second waits for the first's commit to land, which the syncer
// writes only once the first's answer has been handed to it; the group is cut after each seal, so neither deadlocks
// nor fails (uncut, the second seal's commit would find the first in flight and stop the core).
func TestTwoSealsInOneGroup(t *testing.T) {
	f := newFixture(t)
	n := f.start(context.Background())
	defer n.Stop()
	f.waitDeposits(n)
	f.margin(n, 1, 3_000_000)
	var next uint64
	if err := n.Query(context.Background(), func(e *engine.Engine) { next = e.State().CommittedHead().Batch + 1 }); err != nil {
		t.Fatal(err)
	}
	seal := func() *request { return &request{in: &engine.Input{Kind: engine.KindSeal}, reply: make(chan reply, 1)} }
	margin := func(amount uint64) *request {
		a, _ := f.account(n, 1)
		pm := state.PositionMargin{Account: 1, Market: 0, ToPosition: true, Amount: amount, Nonce: a.Nonce}
		_ = f.l2[0].SignPositionMargin(&pm)
		return &request{in: &engine.Input{Kind: engine.KindMargin, Margin: &pm}, reply: make(chan reply, 1)}
	}
	m1 := margin(1_000)
	m2 := margin(2_000)
	m2.in.Margin.Nonce++ // after m1's
	_ = f.l2[0].SignPositionMargin(m2.in.Margin)
	group := []*request{m1, seal(), m2, seal()}
	// hold the core in a query while the group is queued, so that it takes all of it at once
	running, release := make(chan struct{}), make(chan struct{})
	go func() { _ = n.Query(context.Background(), func(*engine.Engine) { close(running); <-release }) }()
	<-running
	for _, r := range group {
		n.reqs <- r
	}
	close(release)
	for i, r := range group {
		select {
		case rp := <-r.reply:
			if rp.err != nil {
				t.Fatalf("request %d: %v", i, rp.err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("request %d not answered", i)
		}
	}
	for b := next; b <= next+1; b++ {
		if _, err := n.eng.State().BatchHead(b); err != nil {
			t.Fatalf("batch %d: %v", b, err)
		}
	}
}

// A seal's store write runs beside the syncer: while it is held, inputs after the seal are acknowledged (durable in
// the WAL and applied; what the API reads of them, such as the tx tracker, already there) but not yet published, the
// seal is neither answered nor published, and the core goes on; once the write lands, the seal and then the inputs
// are published, in WAL order, and the batch is in the store.
func TestAcksDoNotWaitForTheSealsStoreWrite(t *testing.T) {
	f := newFixture(t)
	n := f.build(f.config(), nil)
	h := holdWrites(n, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := n.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer n.Stop()
	defer h.release() // before Stop, also when the test fails with the write held
	f.waitDeposits(n)
	f.margin(n, 1, 3_000_000)
	var next uint64
	if err := n.Query(ctx, func(e *engine.Engine) { next = e.State().CommittedHead().Batch + 1 }); err != nil {
		t.Fatal(err)
	}
	events, cancelSub := n.bus.subscribe(64)
	defer cancelSub()
	sealed := h.seal(t, ctx, n)
	actx, acancel := context.WithTimeout(ctx, 2*time.Second)
	defer acancel()
	o := state.Order{Account: 1, ID: 20, Market: 0, Buy: true, Price: 900, Size: 5, MaxMakerFee: 1000, MaxTakerFee: 1000}
	if err := f.l2[0].SignOrder(&o); err != nil {
		t.Fatal(err)
	}
	out, err := n.Submit(actx, &engine.Input{Kind: engine.KindPlace, Place: &engine.Place{Order: o}})
	if err != nil || out.Err != nil {
		t.Fatalf("an input after the seal waited for the seal's store write: %v %v", err, out)
	}
	// what the API reads of an acknowledged tx is there at its ack (the tracker), before any publication
	a, _ := f.account(n, 1)
	pm := state.PositionMargin{Account: 1, Market: 0, ToPosition: true, Amount: 1_000, Nonce: a.Nonce}
	_ = f.l2[0].SignPositionMargin(&pm)
	mout, err := n.Submit(actx, &engine.Input{Kind: engine.KindMargin, Margin: &pm})
	if err != nil || mout.Err != nil || len(mout.Txs) != 1 {
		t.Fatalf("margin move after the seal: %v %+v", err, mout)
	}
	if _, err := (&API{n: n}).TxStatus(ctx, mout.Txs[0].Index); err != nil {
		t.Fatalf("acknowledged tx %d not tracked while the seal's write is held: %v", mout.Txs[0].Index, err)
	}
	select {
	case err := <-sealed:
		t.Fatalf("the seal was answered before its store write landed (%v)", err)
	case ev := <-events:
		t.Fatalf("an output was published before the seal's store write landed: %+v", ev)
	default:
	}
	if _, err := n.eng.State().BatchHead(next); err == nil {
		t.Fatalf("batch %d in the store while its write is held", next)
	}
	h.release()
	if err := <-sealed; err != nil {
		t.Fatal(err)
	}
	if _, err := n.eng.State().BatchHead(next); err != nil {
		t.Fatalf("batch %d after the write: %v", next, err)
	}
	for i, want := range []string{"seal", "place", "place"} {
		select {
		case ev := <-events:
			if got := map[bool]string{true: "seal", false: "place"}[len(ev.Sealed) > 0]; got != want { // place: the order, then the margin move
				t.Fatalf("publication %d is the %s, want the %s", i, got, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("publication %d (%s) missing", i, want)
		}
	}
}

// Under load a seal waits for SealBatches full batches (one checkpoint, one store write, at most one padded batch
// for all of them); one full batch is sealed on its own once its first tx has waited SealWait, at the next group
// (an input, a query, or the periodic tick).
func TestSealWaitsForSeveralBatches(t *testing.T) {
	f := newFixture(t)
	heads := func(n *Node) (committed uint64, pending int) {
		t.Helper()
		if err := n.Query(context.Background(), func(e *engine.Engine) {
			committed, pending = e.State().CommittedHead().Batch, e.PendingTxs()
		}); err != nil {
			t.Fatal(err)
		}
		return
	}
	run := func(wait time.Duration, body func(n *Node, start uint64)) {
		cfg := f.config()
		cfg.SealBatches, cfg.SealWait = 2, wait
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		n := f.startConfig(ctx, cfg)
		defer n.Stop()
		f.waitDeposits(n)
		if err := n.Query(ctx, func(*engine.Engine) {}); err != nil { // the deposits' group sealed what it could
			t.Fatal(err)
		}
		start, pending := heads(n)
		for i := pending; i < cfg.Slots; i++ { // one full batch pending
			f.margin(n, 1, 1_000)
		}
		body(n, start)
	}
	run(time.Hour, func(n *Node, start uint64) {
		if c, p := heads(n); c != start || p != 8 {
			t.Fatalf("one full batch: committed %d (from %d), %d pending; want it to wait for a second", c, start, p)
		}
		for range 8 {
			f.margin(n, 1, 1_000)
		}
		if c, p := heads(n); c != start+2 || p != 0 {
			t.Fatalf("two full batches: committed %d (from %d), %d pending; want both sealed together", c, start, p)
		}
	})
	run(50*time.Millisecond, func(n *Node, start uint64) {
		time.Sleep(60 * time.Millisecond)
		heads(n) // a group after the wait
		if c, p := heads(n); c != start+1 || p != 0 {
			t.Fatalf("one full batch after the wait: committed %d (from %d), %d pending", c, start, p)
		}
	})
}

// A seal's store write that fails (the store refuses the batch): the seal is answered 1011 storage_failure, the
// core stops, and later inputs are refused as stopped; an input acknowledged while the write was in flight was
// durable in the WAL, so the restart (at the store's previous commit) replays it, and the seal with it.
func TestFailedStateWriteStopsNode(t *testing.T) {
	f := newFixture(t)
	n := f.build(f.config(), nil)
	h := holdWrites(n, errors.New("test: store write failed"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := n.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer h.release()
	f.waitDeposits(n)
	f.margin(n, 1, 3_000_000)
	var before uint64
	if err := n.Query(ctx, func(e *engine.Engine) { before = e.State().CommittedHead().Batch }); err != nil {
		t.Fatal(err)
	}
	sealed := h.seal(t, ctx, n)
	if out := f.order(n, 1, 30, true, 900, 5); out.Err != nil { // acknowledged while the write is in flight
		t.Fatal(out.Err)
	}
	h.release()
	assertStoppedByStorage(t, ctx, n, <-sealed, "seal whose store write failed")
	if _, err := n.eng.State().BatchHead(before + 1); err == nil {
		t.Fatalf("batch %d in the store although its write failed", before+1)
	}
	n2, ctx2 := f.restart(n, cancel)
	if err := n2.Query(ctx2, func(e *engine.Engine) {
		if _, ok := e.SignedOrder(1, 30); !ok {
			t.Error("the order acknowledged while the failed write was in flight is gone after the restart")
		}
		if c := e.State().CommittedHead().Batch; c != before+1 {
			t.Errorf("after the restart the committed batch is %d, want the replayed seal's %d", c, before+1)
		}
	}); err != nil {
		t.Fatal(err)
	}
}

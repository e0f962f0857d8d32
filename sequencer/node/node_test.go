package node

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/zkperp/zkperp/circuits/dummy"
	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/contracts/blobtx"
	"github.com/zkperp/zkperp/sequencer/book"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
)

var testGenesis = state.Genesis{Config: state.Config{AccountDepth: 5, PositionDepth: 2, OrderDepth: 3},
	Markets: []state.GenesisMarket{{ID: 0, Name: "T-USD", Mark: 1000, Params: state.MarketParams{Tick: 10, IMF: 100_000,
		MMF: 50_000, MaxFunding: 1000, MakerFee: 200, TakerFee: 500, LiqFee: 10_000}}}}

type fixture struct {
	t      testing.TB
	sim    *simulated.Backend
	chain  *contracts.Devnet
	seq    *ecdsa.PrivateKey
	users  []*ecdsa.PrivateKey
	l2     []*state.PrivateKey
	domain state.Domain
	keys   *dummy.Keys
	dir    string
	// recorder is the nodes' Deps.BlobRecorder (blob mode)
	recorder blobtx.SidecarRecorder
}

func newFixture(t testing.TB, edits ...func(*contracts.DevnetConfig)) *fixture {
	f := &fixture{t: t, dir: t.TempDir(), seq: key(1)}
	alloc := types.GenesisAlloc{crypto.PubkeyToAddress(f.seq.PublicKey): {Balance: new(big.Int).Lsh(big.NewInt(1), 90)}}
	for i := 0; i < 2; i++ {
		u := key(byte(10 + i))
		f.users = append(f.users, u)
		alloc[crypto.PubkeyToAddress(u.PublicKey)] = types.Account{Balance: new(big.Int).Lsh(big.NewInt(1), 80)}
	}
	f.sim = contracts.NewSimulated(alloc)
	t.Cleanup(func() { _ = f.sim.Close() })
	ctx := context.Background()
	deployer := &contracts.Sender{Backend: f.sim.Client(), Opts: bind.NewKeyedTransactor(f.seq, big.NewInt(1337)), Mine: func() { f.sim.Commit() }}
	root, _ := testGenesis.Root()
	var err error
	dc := contracts.DevnetConfig{Sequencer: crypto.PubkeyToAddress(f.seq.PublicKey),
		GenesisRoot: root.BigInt(new(big.Int)), AccountDepth: 5, PositionDepth: 2, Slots: 8}
	for _, e := range edits {
		e(&dc)
	}
	f.chain, err = contracts.DeployDevnet(ctx, deployer, dc)
	if err != nil {
		t.Fatal(err)
	}
	// L2 keys are derived for this deployment (chain, rollup).
	f.domain = state.Domain{ChainID: 1337, Rollup: f.chain.Rollup}
	for _, u := range f.users {
		k, _ := state.DeriveL2Key(u, f.domain)
		f.l2 = append(f.l2, k)
	}
	if f.keys, err = dummy.Setup(8); err != nil {
		t.Fatal(err)
	}
	// Deposits on L1 for both users.
	tok, roll := bindings.NewTestToken(), bindings.NewRollup()
	for i, u := range f.users {
		s := &contracts.Sender{Backend: f.sim.Client(), Opts: bind.NewKeyedTransactor(u, big.NewInt(1337)), Mine: func() { f.sim.Commit() }}
		me := crypto.PubkeyToAddress(u.PublicKey)
		amt := big.NewInt(10_000_000)
		pk := f.l2[i].Public()
		for _, data := range [][]byte{tok.PackMint(me, amt), tok.PackApprove(f.chain.Rollup, amt)} {
			if _, err := s.Transact(ctx, f.chain.TokenC, data); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Transact(ctx, f.chain.RollupC, roll.PackDeposit(pk.X.BigInt(new(big.Int)), pk.Y.BigInt(new(big.Int)), amt.Uint64())); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func key(b byte) *ecdsa.PrivateKey {
	k, _ := crypto.ToECDSA(append(make([]byte, 31), b))
	return k
}

func (f *fixture) start(ctx context.Context) *Node { return f.startConf(ctx, 1) }

// restart stops n (cancelling its context) and starts a node on the same data dir, stopped at the test's end; it
// returns the new node and its context.
func (f *fixture) restart(n *Node, cancel context.CancelFunc) (*Node, context.Context) {
	cancel()
	n.Stop()
	ctx, cancel2 := context.WithCancel(context.Background())
	n2 := f.start(ctx)
	f.t.Cleanup(func() { n2.Stop(); cancel2() })
	return n2, ctx
}

// config is the fixture's node configuration: one market, timers off (an hour), the fixture's L1 (one confirmation).
func (f *fixture) config() Config {
	cfg := DefaultConfig()
	cfg.DataDir = filepath.Join(f.dir, "node")
	cfg.Genesis, cfg.Slots = testGenesis, 8
	cfg.Markets = []engine.MarketConfig{{ID: 0, Name: "T-USD", SizeDecimals: 0, QuoteDecimals: 6}}
	cfg.SealInterval, cfg.TickInterval, cfg.MarkInterval, cfg.FundingInterval = time.Hour, time.Hour, time.Hour, time.Hour
	cfg.L1 = L1Config{ChainID: 1337, Rollup: f.chain.Rollup, Confirmations: 1, Poll: 50 * time.Millisecond, SubmitTimeout: time.Second}
	return cfg
}

// build creates (does not start) a node of cfg on the fixture's L1 with the dummy circuit's key; recorder, when
// set, records blob sidecars.
func (f *fixture) build(cfg Config, recorder blobtx.SidecarRecorder) *Node {
	f.t.Helper()
	n, err := New(cfg, Deps{L1: f.sim.Client(), Signer: bind.NewKeyedTransactor(f.seq, big.NewInt(1337)),
		VerifyingKey: f.keys.VK, CircuitDigest: "dummy", BlobRecorder: recorder}, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

func (f *fixture) startConf(ctx context.Context, confirmations uint64) *Node {
	cfg := f.config()
	cfg.L1.Confirmations = confirmations
	n := f.startConfig(ctx, cfg)
	f.t.Cleanup(func() { assertLedgerClean(f.t, n) })
	return n
}

// startConfig builds and starts a node of cfg (the caller stops it).
func (f *fixture) startConfig(ctx context.Context, cfg Config) *Node {
	f.t.Helper()
	n := f.build(cfg, nil)
	if err := n.Start(ctx); err != nil {
		f.t.Fatal(err)
	}
	return n
}

func (f *fixture) order(n *Node, acct uint32, id uint32, buy bool, price, size uint64) *engine.Output {
	o := state.Order{Account: acct, ID: id, Market: 0, Buy: buy, Price: price, Size: size, MaxMakerFee: 1000, MaxTakerFee: 1000}
	_ = f.l2[acct-1].SignOrder(&o)
	out, err := n.Submit(context.Background(), &engine.Input{Kind: engine.KindPlace, Place: &engine.Place{Order: o}})
	if err != nil {
		f.t.Fatal(err)
	}
	return out
}

func (f *fixture) margin(n *Node, acct uint32, amount uint64) {
	a, _ := f.account(n, acct)
	pm := state.PositionMargin{Account: acct, Market: 0, ToPosition: true, Amount: amount, Nonce: a.Nonce}
	_ = f.l2[acct-1].SignPositionMargin(&pm)
	out, err := n.Submit(context.Background(), &engine.Input{Kind: engine.KindMargin, Margin: &pm})
	if err != nil || out.Err != nil {
		f.t.Fatalf("margin: %v %v", err, out.Err)
	}
}

func (f *fixture) account(n *Node, acct uint32) (state.Account, error) {
	var a state.Account
	var qerr error
	err := n.Query(context.Background(), func(e *engine.Engine) { a, qerr = e.State().Account(acct) })
	if err == nil {
		err = qerr
	}
	return a, err
}

type snapshot struct {
	root   string
	sealed uint64
	book   string
	orders int
}

func snap(t *testing.T, n *Node) snapshot {
	var s snapshot
	_ = n.Query(context.Background(), func(e *engine.Engine) {
		r := e.State().Root()
		s.root, s.sealed = r.String(), e.State().CommittedHead().Batch
		b, _ := e.Book(0)
		s.orders = b.Len()
		s.book = bookString(b)
	})
	return s
}

func bookString(b *book.Book) string {
	var out string
	for _, l := range b.Depth(book.Buy, 100, nil) {
		out += "b" + big.NewInt(int64(l.Price)).String() + ":" + big.NewInt(int64(l.Size)).String() + " "
	}
	for _, l := range b.Depth(book.Sell, 100, nil) {
		out += "a" + big.NewInt(int64(l.Price)).String() + ":" + big.NewInt(int64(l.Size)).String() + " "
	}
	return out
}

// Every acknowledged order, fill and seal survives a stop at any point: the restarted node has the same root,
// batches and book, re-queues unproven batches, and carries on.
func TestRestartKeepsEverythingAcknowledged(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	n := f.start(ctx)
	// Wait for the L1 watcher to apply both deposits.
	deadline := time.Now().Add(20 * time.Second)
	for {
		f.sim.Commit()
		a, _ := f.account(n, 2)
		if a.Free > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("deposits not picked up from L1")
		}
		time.Sleep(50 * time.Millisecond)
	}
	f.margin(n, 1, 3_000_000)
	f.margin(n, 2, 3_000_000)
	f.order(n, 1, 1, false, 1000, 50)
	f.order(n, 1, 2, false, 1010, 50)
	f.order(n, 1, 3, true, 900, 20)
	if out := f.order(n, 2, 1, true, 1010, 60); len(out.Txs) != 2 {
		t.Fatalf("taker fills: %+v", out.Txs)
	}
	// Seal: 2 deposits + 2 margins + 2 fills = 6 txs → one batch (8 slots, padded).
	out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindSeal})
	if err != nil || len(out.Sealed) != 1 {
		t.Fatalf("seal: %v %+v", err, out)
	}
	f.order(n, 2, 2, true, 950, 5) // acknowledged after the seal, not in any batch yet
	before := snap(t, n)
	for deadline := time.Now().Add(5 * time.Second); n.queue.Pending() != 1; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) { // the intake goroutine queues sealed batches asynchronously
			t.Fatal("sealed batch not queued for proving")
		}
	}
	n2, _ := f.restart(n, cancel)
	after := snap(t, n2)
	if after != before {
		t.Fatalf("state after restart differs:\n before %+v\n after  %+v", before, after)
	}
	if n2.queue.Pending() != 1 {
		t.Fatal("unproven batch not re-queued after restart")
	}
	// The order acknowledged last is live and still matches.
	if out := f.order(n2, 1, 4, false, 950, 5); len(out.Txs) != 1 || out.Txs[0].Err != nil {
		t.Fatalf("order after restart did not match the recovered resting order: %+v", out.Txs)
	}
	// Replaying the same signed order id is refused (stale/duplicate), nothing changes.
	r := snap(t, n2)
	if out := f.order(n2, 1, 4, false, 950, 5); out.Err == nil {
		t.Fatal("replayed order accepted")
	}
	if snap(t, n2) != r {
		t.Fatal("refused order changed the state")
	}
}

// A deposit whose block is reorged away before it is confirmed is applied once, from the block that finally holds
// it (the L1 watcher applies only logs `confirmations` deep, and queue indexes make re-delivery idempotent).
func TestDepositSurvivesReorg(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := f.startConf(ctx, 3)
	defer n.Stop()
	credited := func(acct uint32) uint64 {
		a, _ := f.account(n, acct)
		return a.Free
	}
	deadline := time.Now().Add(20 * time.Second)
	for credited(2) == 0 {
		f.sim.Commit()
		if time.Now().After(deadline) {
			t.Fatal("setup deposits not applied")
		}
		time.Sleep(50 * time.Millisecond)
	}
	before := credited(1)
	// A second deposit of user 1, mined in block B; then a reorg from B's parent, longer than the old chain.
	u := f.users[0]
	s := &contracts.Sender{Backend: f.sim.Client(), Opts: bind.NewKeyedTransactor(u, big.NewInt(1337)), Mine: func() { f.sim.Commit() }}
	tok, roll := bindings.NewTestToken(), bindings.NewRollup()
	me := crypto.PubkeyToAddress(u.PublicKey)
	amt := big.NewInt(777)
	for _, data := range [][]byte{tok.PackMint(me, amt), tok.PackApprove(f.chain.Rollup, amt)} {
		if _, err := s.Transact(ctx, f.chain.TokenC, data); err != nil {
			t.Fatal(err)
		}
	}
	pk := f.l2[0].Public()
	r, err := s.Transact(ctx, f.chain.RollupC, roll.PackDeposit(pk.X.BigInt(new(big.Int)), pk.Y.BigInt(new(big.Int)), 777))
	if err != nil {
		t.Fatal(err)
	}
	blk, err := f.sim.Client().HeaderByNumber(ctx, r.BlockNumber)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.sim.Fork(blk.ParentHash); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 6; i++ { // the new branch outgrows the old one; the deposit tx is mined again on it
		f.sim.Commit()
		time.Sleep(60 * time.Millisecond)
	}
	if h, err := f.sim.Client().HeaderByNumber(ctx, r.BlockNumber); err != nil || h.Hash() == r.BlockHash {
		t.Fatalf("no reorg happened (%v)", err)
	}
	deadline = time.Now().Add(20 * time.Second)
	for credited(1) == before {
		f.sim.Commit()
		if time.Now().After(deadline) {
			t.Fatal("re-mined deposit not applied")
		}
		time.Sleep(60 * time.Millisecond)
	}
	for i := 0; i < 10; i++ {
		f.sim.Commit()
		time.Sleep(60 * time.Millisecond)
	}
	if got := credited(1); got != before+777 {
		t.Fatalf("free %d, want %d: the deposit was applied %v times", got, before+777, float64(got-before)/777)
	}
}

// A forced exit queued on L1 (no L2 signature) is applied by the node in queue order: the account's whole free
// collateral is withdrawn, and the tx is a Deposit-type priority operation in the next batch.
func TestForcedExitFromL1(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := f.start(ctx)
	defer n.Stop()
	deadline := time.Now().Add(20 * time.Second)
	for {
		f.sim.Commit()
		if a, _ := f.account(n, 2); a.Free > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("deposits not applied")
		}
		time.Sleep(50 * time.Millisecond)
	}
	f.margin(n, 1, 1_000_000) // 9,000,000 stay free
	ch, unsub := n.Subscribe(64)
	defer unsub()
	u := f.users[0]
	s := &contracts.Sender{Backend: f.sim.Client(), Opts: bind.NewKeyedTransactor(u, big.NewInt(1337)), Mine: func() { f.sim.Commit() }}
	pk := f.l2[0].Public()
	if _, err := s.Transact(ctx, f.chain.RollupC, bindings.NewRollup().PackRequestForcedWithdrawal(pk.X.BigInt(new(big.Int)), pk.Y.BigInt(new(big.Int)))); err != nil {
		t.Fatal(err)
	}
	deadline = time.Now().Add(20 * time.Second)
	for {
		f.sim.Commit()
		select {
		case out := <-ch:
			for _, tx := range out.Txs {
				if d, ok := tx.Tx.(state.Deposit); ok && d.ForcedExit {
					if d.Account != 1 || d.Amount != 9_000_000 { // the trace carries the amount withdrawn
						t.Fatalf("forced exit input %+v", d)
					}
					a, _ := f.account(n, 1)
					p, _ := func() (state.Position, error) {
						var p state.Position
						var err error
						_ = n.Query(ctx, func(e *engine.Engine) { p, err = e.State().Position(1, 0) })
						return p, err
					}()
					if a.Free != 0 || p.Collateral != 1_000_000 {
						t.Fatalf("after forced exit: free %d, position collateral %d", a.Free, p.Collateral)
					}
					return
				}
			}
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("forced exit not applied")
		}
	}
}

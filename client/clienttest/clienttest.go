// Package clienttest runs a real sequencer node for tests of the client and the CLI: a simulated L1 with the
// rollup deployed (DEV-ONLY dummy verifier, 8 slots), a node (sequencer/node) started on it, and its RPC server
// served over HTTP and WebSocket on a loopback listener. No prover runs: batches are sealed but never proven.
package clienttest

import (
	"cmp"
	"context"
	"crypto/ecdsa"
	"fmt"
	"log/slog"
	"math/big"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/zkperp/zkperp/circuits/dummy"
	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/client/l1"
	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/sequencer/node"
	"github.com/zkperp/zkperp/state"
)

// Config configures an Env. Zero fields take the defaults noted.
type Config struct {
	RateLimit float64 // requests/s per source address; default 1e6 (effectively off)
	RateBurst int     // default 1e6
	// Limits are the node's other limits; zero fields: per-account rates 1e6 and 1024 WebSocket connections per
	// address (the tests' clients all come from loopback), the rest the node's defaults.
	Limits          node.Limits
	MaxRequestBytes int  // default node.DefaultConfig's (64 KiB)
	WALSync         bool // fsync the WAL (default off: tests only)
	Users           int  // funded L1 keys; default 8
	AccountDepth    int  // account tree depth; default Genesis's (5: 32 accounts)
	// L1Poll is how often the node polls the simulated L1; default 50 ms (tests wait on it). The node's own
	// default is 1 s: benchmarks set that, so the node's process does not spend on polling what it would not.
	L1Poll time.Duration
	Log    *slog.Logger
}

// Genesis is the test genesis: BTC-USD (id 0: step 0.0001 BTC, tick $0.1, mark $60,000) and ETH-USD (id 1: step
// 0.001 ETH, tick $0.01, mark $3,000), 5% initial / 2.5% maintenance margin, fees 100/400 ppm; 32 accounts, 8 order
// slots per account.
func Genesis() state.Genesis {
	p := state.MarketParams{Tick: 10, IMF: 50_000, MMF: 25_000, MaxFunding: 1_000, MakerFee: 100, TakerFee: 400, LiqFee: 10_000}
	return state.Genesis{Config: state.Config{AccountDepth: 5, PositionDepth: 2, OrderDepth: 3},
		Markets: []state.GenesisMarket{
			{ID: 0, Name: "BTC-USD", Params: p, Mark: 60_000 * 100},
			{ID: 1, Name: "ETH-USD", Params: p, Mark: 3_000 * 1_000},
		}}
}

// Markets are the books of Genesis with their API decimals.
func Markets() []engine.MarketConfig {
	return []engine.MarketConfig{
		{ID: 0, Name: "BTC-USD", SizeDecimals: 4, QuoteDecimals: 6, LotSize: 1, ExpectedOrders: 1 << 16},
		{ID: 1, Name: "ETH-USD", SizeDecimals: 3, QuoteDecimals: 6, LotSize: 1, ExpectedOrders: 1 << 16},
	}
}

// Env is a running node on a simulated L1.
type Env struct {
	Node    *node.Node
	NodeCfg node.Config
	Sim     *simulated.Backend
	Dev     *contracts.Devnet
	ChainID *big.Int
	Server  *httptest.Server
	HTTPURL string
	WSURL   string
	// Keys are funded L1 keys (ETH for gas); Keys[0] deploys and is the sequencer.
	Keys []*ecdsa.PrivateKey

	mineMu       sync.Mutex
	mineInterval atomic.Int64 // SetMineInterval
	stop         func()
}

var dummyKeys = sync.OnceValues(func() (*dummy.Keys, error) { return dummy.Setup(dummy.TestSlots) })

// DefaultMineInterval is how often the simulated L1 commits a block unless SetMineInterval says otherwise.
const DefaultMineInterval = 50 * time.Millisecond

// SetMineInterval sets how often the simulated L1 commits a block (0: DefaultMineInterval). Benchmarks of the node
// alone slow it down once funded: a block costs the node's process CPU that a real L1 would not.
func (e *Env) SetMineInterval(d time.Duration) { e.mineInterval.Store(int64(d)) }

func (e *Env) mineEvery() time.Duration {
	if d := time.Duration(e.mineInterval.Load()); d > 0 {
		return d
	}
	return DefaultMineInterval
}

// Mine commits a block (serialized: the simulated backend's Commit is not safe for concurrent use).
func (e *Env) Mine() {
	e.mineMu.Lock()
	defer e.mineMu.Unlock()
	e.Sim.Commit()
}

// Start deploys the rollup on a fresh simulated chain, starts a node on it and serves its RPC. Everything is torn
// down by tb.Cleanup.
func Start(tb testing.TB, cfg Config) *Env {
	tb.Helper()
	if cfg.RateLimit == 0 {
		cfg.RateLimit = 1e6
	}
	if cfg.RateBurst == 0 {
		cfg.RateBurst = 1e6
	}
	if cfg.Users == 0 {
		cfg.Users = 8
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	ctx := context.Background()
	keys, err := dummyKeys()
	if err != nil {
		tb.Fatal(err)
	}
	e := &Env{}
	alloc := types.GenesisAlloc{}
	for i := 0; i < cfg.Users+1; i++ {
		k, err := crypto.ToECDSA(common.LeftPadBytes(big.NewInt(int64(7000+i)).Bytes(), 32))
		if err != nil {
			tb.Fatal(err)
		}
		e.Keys = append(e.Keys, k)
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: new(big.Int).Lsh(big.NewInt(1), 100)}
	}
	e.Sim = contracts.NewSimulated(alloc)
	tb.Cleanup(func() { _ = e.Sim.Close() })
	e.ChainID = contracts.OsakaChainConfig().ChainID
	seq := &contracts.Sender{Backend: e.Sim.Client(), Opts: bind.NewKeyedTransactor(e.Keys[0], e.ChainID), Mine: e.Mine}
	g := Genesis()
	if cfg.AccountDepth > 0 {
		g.Config.AccountDepth = cfg.AccountDepth
	}
	root, err := g.Root()
	if err != nil {
		tb.Fatal(err)
	}
	e.Dev, err = contracts.DeployDevnet(ctx, seq, contracts.DevnetConfig{Sequencer: seq.Opts.From,
		GenesisRoot: root.BigInt(new(big.Int)), AccountDepth: uint8(g.Config.AccountDepth),
		PositionDepth: uint8(g.Config.PositionDepth), Slots: dummy.TestSlots})
	if err != nil {
		tb.Fatal(err)
	}

	nc := node.DefaultConfig()
	nc.DataDir = tb.TempDir()
	nc.Genesis, nc.Markets, nc.Slots = g, Markets(), dummy.TestSlots
	nc.SealInterval, nc.FundingInterval, nc.MarkInterval, nc.TickInterval = 2*time.Second, time.Hour, time.Hour, time.Second
	// The oracle is polled only every MarkInterval (an hour: never in a test), but a forced close at a stale mark
	// makes the node mark the market from it at once (SetOraclePrice sets a round).
	nc.L1 = node.L1Config{ChainID: e.ChainID.Uint64(), Rollup: e.Dev.Rollup, Oracle: e.Dev.Oracle, Confirmations: 1,
		Poll: cmp.Or(cfg.L1Poll, 50*time.Millisecond), SubmitTimeout: 10 * time.Second}
	nc.RateLimit, nc.RateBurst, nc.WALNoSync = cfg.RateLimit, cfg.RateBurst, !cfg.WALSync
	nc.Limits = testLimits(cfg.Limits)
	if cfg.MaxRequestBytes > 0 {
		nc.MaxRequestBytes = cfg.MaxRequestBytes
	}
	e.NodeCfg = nc
	e.Node, err = node.New(nc, node.Deps{L1: e.Sim.Client(), Signer: seq.Opts, VerifyingKey: keys.VK,
		CircuitDigest: "clienttest-dummy"}, cfg.Log)
	if err != nil {
		tb.Fatal(err)
	}
	nctx, cancel := context.WithCancel(ctx)
	if err := e.Node.Start(nctx); err != nil {
		cancel()
		e.Node.Stop()
		tb.Fatal(err)
	}
	e.Server = httptest.NewServer(e.Node.Handler())
	e.HTTPURL = e.Server.URL
	e.WSURL = "ws" + strings.TrimPrefix(e.Server.URL, "http")

	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			case <-time.After(e.mineEvery()):
				e.Mine()
			}
		}
	}()
	e.stop = func() {
		close(done)
		wg.Wait()
		e.Server.CloseClientConnections()
		e.Server.Close()
		cancel()
		e.Node.Stop()
	}
	tb.Cleanup(e.stop)
	return e
}

func testLimits(l node.Limits) node.Limits {
	if l.AccountRate == 0 {
		l.AccountRate, l.AccountBurst = 1e6, 1e6
	}
	if l.WSConnsPerSource == 0 {
		l.WSConnsPerSource = 1024
	}
	return l
}

// SetOraclePrice sets the devnet oracle's price of a market (a new round), as its owner Keys[0].
func (e *Env) SetOraclePrice(tb testing.TB, market uint8, price uint64) {
	tb.Helper()
	s := &contracts.Sender{Backend: e.Sim.Client(), Opts: bind.NewKeyedTransactor(e.Keys[0], e.ChainID), Mine: e.Mine}
	if _, err := s.Transact(context.Background(), e.Dev.OracleC, bindings.NewPriceOracle().PackSetPrice(market,
		new(big.Int).SetUint64(price))); err != nil {
		tb.Fatal(err)
	}
}

// L1 returns the L1 client of user i (Keys[i]).
func (e *Env) L1(tb testing.TB, i int) *l1.L1 {
	tb.Helper()
	x, err := l1.NewL1(context.Background(), l1.L1Config{Backend: e.Sim.Client(), Key: e.Keys[i],
		ChainID: e.ChainID, Rollup: e.Dev.Rollup, Mine: e.Mine})
	if err != nil {
		tb.Fatal(err)
	}
	return x
}

// Dial connects a client to the node (ws: true for WebSocket, else HTTP).
func (e *Env) Dial(tb testing.TB, ws bool) *client.Client {
	tb.Helper()
	url := e.HTTPURL
	if ws {
		url = e.WSURL
	}
	c, err := client.Dial(context.Background(), url)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(c.Close)
	return c
}

// Fund mints and deposits amount (decimal tUSD) for user i on L1, waits until the node has credited it and
// returns a Trader for the account over c.
func (e *Env) Fund(tb testing.TB, c *client.Client, i int, amount string) *client.Trader {
	tb.Helper()
	ctx := context.Background()
	x := e.L1(tb, i)
	q, err := x.ParseAmount(ctx, amount)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := x.Mint(ctx, q); err != nil {
		tb.Fatal(err)
	}
	if _, err := x.DepositUnits(ctx, q); err != nil {
		tb.Fatal(err)
	}
	acct, err := x.Account(ctx)
	if err != nil || acct == 0 {
		tb.Fatalf("account after deposit: %d, %v", acct, err)
	}
	if err := WaitFor(10*time.Second, func() (bool, error) {
		a, err := c.Account(ctx, acct)
		if err != nil {
			return false, err
		}
		return a.PubKeyX != "0", nil
	}); err != nil {
		tb.Fatalf("deposit of user %d not credited: %v", i, err)
	}
	tr, err := client.NewTrader(ctx, c, client.TraderConfig{Key: x.L2Key(), Account: acct})
	if err != nil {
		tb.Fatal(err)
	}
	return tr
}

// WaitFor polls cond every 20 ms until it holds or the timeout passes.
func WaitFor(timeout time.Duration, cond func() (bool, error)) error {
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		ok, err := cond()
		if ok {
			return nil
		}
		last = err
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("timed out after %v (last error: %v)", timeout, last)
}

package batch

import (
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/kv"
)

// testCfg uses the small depths of the tests (docs/protocol.md §2).
var testCfg = Config{Slots: 12, AccountDepth: 4, PositionDepth: 2, OrderDepth: 3}

var testParams = state.MarketParams{Tick: 10, IMF: 100_000, MMF: 50_000, MaxFunding: 1_000, MakerFee: 200, TakerFee: 500, LiqFee: 10_000}

// testDomain is the deployment the test states and keys sign for.
var testDomain = state.Domain{ChainID: 1337, Rollup: common.HexToAddress("0x00000000000000000000000000000000000a11ce")}

// Test clock: the genesis time, and the batch time of the test batches (an hour later, so a FundingTick may carry
// the market's hourly bound).
const (
	testGenesisTime = 1_700_000_000
	testBatchTime   = testGenesisTime + 3600
)

type env struct {
	t    testing.TB
	s    *state.State
	keys map[uint32]*state.PrivateKey
}

func newEnv(t testing.TB, cfg Config) *env {
	t.Helper()
	s, err := state.Open(state.Config{AccountDepth: cfg.AccountDepth, PositionDepth: cfg.PositionDepth, OrderDepth: cfg.OrderDepth,
		Domain: testDomain}, kv.NewMemory(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetTime(testGenesisTime); err != nil {
		t.Fatal(err)
	}
	for id := uint8(0); id < 2; id++ {
		if err := s.InitMarket(id, testParams, 1000); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit(1); err != nil {
		t.Fatal(err)
	}
	if err := s.SetTime(testBatchTime); err != nil {
		t.Fatal(err)
	}
	return &env{t: t, s: s, keys: map[uint32]*state.PrivateKey{}}
}

func (e *env) key(acc uint32) *state.PrivateKey {
	if k, ok := e.keys[acc]; ok {
		return k
	}
	var seed [32]byte
	seed[0], seed[1] = byte(acc), 0xbb
	k, err := state.NewPrivateKey(seed)
	if err != nil {
		e.t.Fatal(err)
	}
	k = k.For(testDomain)
	e.keys[acc] = k
	return k
}

// advance moves the batch time sec seconds forward (the next txs are of a later batch).
func (e *env) advance(sec uint32) {
	e.t.Helper()
	if err := e.s.SetTime(e.s.Time() + sec); err != nil {
		e.t.Fatal(err)
	}
}

// apply applies tx and fails the test if the state rejects it.
func (e *env) apply(tx state.Tx) *state.Trace {
	e.t.Helper()
	tr, err := e.s.Apply(tx)
	if err != nil {
		e.t.Fatalf("apply %T: %v", tx, err)
	}
	return tr
}

func (e *env) deposit(acc uint32, amount uint64) state.Tx {
	return state.Deposit{Account: acc, PubKey: e.key(acc).Public(), Amount: amount}
}

func (e *env) withdraw(acc uint32, amount uint64, nonce uint32) state.Tx {
	w := state.Withdraw{Account: acc, Amount: amount, Nonce: nonce}
	if err := e.key(acc).SignWithdraw(&w); err != nil {
		e.t.Fatal(err)
	}
	return w
}

func (e *env) margin(acc uint32, market uint8, toPos bool, amount uint64, nonce uint32) state.Tx {
	m := state.PositionMargin{Account: acc, Market: market, ToPosition: toPos, Amount: amount, Nonce: nonce}
	if err := e.key(acc).SignPositionMargin(&m); err != nil {
		e.t.Fatal(err)
	}
	return m
}

func (e *env) order(acc, id uint32, market uint8, buy bool, price, size uint64) state.Order {
	o := state.Order{Account: acc, ID: id, Market: market, Buy: buy, Price: price, Size: size, MaxMakerFee: 300, MaxTakerFee: 600}
	if err := e.key(acc).SignOrder(&o); err != nil {
		e.t.Fatal(err)
	}
	return o
}

// scenario is one batch touching every tx type: deposits, margin, a fill,
// funding, a mark move that puts the maker under maintenance, its
// liquidation, a withdrawal, a forced close of the taker's position, a
// forced exit, and NoOp padding.
func (e *env) scenario() []*state.Trace {
	txs := []state.Tx{
		e.deposit(1, 1_000_000),
		e.deposit(2, 1_000_000),
		e.margin(1, 0, true, 100_000, 0),
		e.margin(2, 0, true, 100_000, 0),
		state.Fill{Maker: e.order(1, 9, 0, false, 1000, 800), Taker: e.order(2, 3, 0, true, 1010, 500), Price: 1000, Size: 500},
		state.FundingTick{Market: 0, Rate: 1000},
		state.MarkPrice{Market: 0, Price: 1150, Round: 42},
		state.Liquidate{Account: 1, Market: 0},
		e.withdraw(2, 1000, 1),
		state.Liquidate{Account: 2, Market: 0, Forced: true},
		state.Deposit{Account: 2, PubKey: e.key(2).Public(), ForcedExit: true},
	}
	var out []*state.Trace
	for _, tx := range txs {
		out = append(out, e.apply(tx))
	}
	return out
}

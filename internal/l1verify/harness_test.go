package l1verify

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"

	"github.com/zkperp/zkperp/circuits/dummy"
	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/kv"
)

var testParams = state.MarketParams{Tick: 10, IMF: 100_000, MMF: 50_000, MaxFunding: 1_000, MakerFee: 200,
	TakerFee: 500, LiqFee: 10_000}

func testGenesis() state.Genesis {
	return state.Genesis{
		Config: state.Config{AccountDepth: 5, PositionDepth: 2, OrderDepth: 3},
		Markets: []state.GenesisMarket{
			{ID: 0, Name: "BTC-PERP", Params: testParams, Mark: 1000},
			{ID: 1, Name: "ETH-PERP", Params: testParams, Mark: 2000},
		},
	}
}

var users = []string{"deployer", "sequencer", "alice", "bob", "carol"}

// chain is a simulated L1 with the rollup deployed, plus a native "sequencer" state that builds batches with
// signed transactions and submits them with real dummy-circuit PLONK proofs of the exact public inputs.
type chain struct {
	t       *testing.T
	ctx     context.Context
	sim     *simulated.Backend
	senders map[string]*contracts.Sender
	eth     map[string]*ecdsa.PrivateKey
	l2      map[string]*state.PrivateKey
	domain  state.Domain
	bt      uint32 // the time of the batch being built
	acct    map[string]uint32
	dev     *contracts.Devnet
	keys    *dummy.Keys
	rollup  *bindings.Rollup
	token   *bindings.TestToken
	oracle  *bindings.PriceOracle
	gen     state.Genesis
	seq     *state.State
	pending []*big.Int // pubdata of the batch being built
	batches uint64
	// forwarder, if set, is the sequencer contract submitBatch goes through.
	forwarder common.Address
}

type chainOpts struct {
	viaForwarder bool
	httpPort     int // serve the chain's JSON-RPC (eth namespace) on 127.0.0.1:port
}

func newChain(t *testing.T, o chainOpts) *chain {
	t.Helper()
	ctx := context.Background()
	alloc := types.GenesisAlloc{}
	c := &chain{t: t, ctx: ctx, senders: map[string]*contracts.Sender{}, eth: map[string]*ecdsa.PrivateKey{},
		l2: map[string]*state.PrivateKey{}, acct: map[string]uint32{}, rollup: bindings.NewRollup(),
		token: bindings.NewTestToken(), oracle: bindings.NewPriceOracle(), gen: testGenesis()}
	for i, u := range users {
		k, err := crypto.ToECDSA(common.LeftPadBytes(big.NewInt(int64(2000+i)).Bytes(), 32))
		if err != nil {
			t.Fatal(err)
		}
		c.eth[u] = k
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: new(big.Int).Lsh(big.NewInt(1), 100)}
	}
	opts := []func(*node.Config, *ethconfig.Config){contracts.WithOsaka(), simulated.WithBlockGasLimit(60_000_000)}
	if o.httpPort != 0 {
		opts = append(opts, func(nc *node.Config, _ *ethconfig.Config) {
			nc.HTTPHost, nc.HTTPPort, nc.HTTPModules = "127.0.0.1", o.httpPort, []string{"eth"}
		})
	}
	c.sim = simulated.NewBackend(alloc, opts...)
	t.Cleanup(func() { _ = c.sim.Close() })
	chainID := contracts.OsakaChainConfig().ChainID
	for _, u := range users {
		c.senders[u] = &contracts.Sender{Backend: c.sim.Client(), Opts: bind.NewKeyedTransactor(c.eth[u], chainID),
			Mine: func() { c.sim.Commit() }}
	}
	var err error
	if c.keys, err = dummy.Setup(dummy.TestSlots); err != nil {
		t.Fatal(err)
	}
	root, err := c.gen.Root()
	if err != nil {
		t.Fatal(err)
	}
	seqAddr := c.addr("sequencer")
	if o.viaForwarder {
		c.forwarder = c.deployForwarder()
		seqAddr = c.forwarder
	}
	g := c.gen.Config
	c.dev, err = contracts.DeployDevnet(ctx, c.senders["deployer"], contracts.DevnetConfig{
		Sequencer: seqAddr, GenesisRoot: toBig(root), AccountDepth: uint8(g.AccountDepth),
		PositionDepth: uint8(g.PositionDepth), Slots: dummy.TestSlots, OracleBandBps: 100, ForcedDelay: 5,
		DelayInBlocks: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	// Keys and signatures are bound to this deployment (chain id, rollup address).
	c.domain = state.Domain{ChainID: chainID.Uint64(), Rollup: c.dev.Rollup}
	for _, u := range users {
		if c.l2[u], err = state.DeriveL2Key(c.eth[u], c.domain); err != nil {
			t.Fatal(err)
		}
	}
	sg := c.gen
	sg.Config.Domain = c.domain
	if c.seq, err = sg.Build(kv.NewMemory(), nil); err != nil {
		t.Fatal(err)
	}
	return c
}

// l1Time returns the latest L1 block's timestamp: a batch time L1 accepts (not in its future).
func (c *chain) l1Time() uint32 {
	c.t.Helper()
	h, err := c.sim.Client().HeaderByNumber(c.ctx, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return uint32(h.Time)
}

// latestRound returns the oracle's latest round id of a market.
func (c *chain) latestRound(market uint8) uint64 {
	c.t.Helper()
	rd := callView(c, c.dev.OracleC, c.oracle.PackLatestRoundData(market), c.oracle.UnpackLatestRoundData)
	return rd.RoundId.Uint64()
}

// mark is a MarkPrice of the market's latest oracle round.
func (c *chain) mark(market uint8, price uint64) state.MarkPrice {
	return state.MarkPrice{Market: market, Price: price, Round: c.latestRound(market)}
}

// forwarderCode is a minimal EVM forwarder: calldata = target address (20 bytes) || call data; it CALLs target
// with the rest and bubbles up a revert. Initcode (9 bytes) + runtime (33 bytes).
func forwarderBin() string {
	runtime := "6014360380" + "60145f37" + "5f5f825f5f" + "5f3560601c" + "5af1" + "601f57" + "3d5f5f3e3d5ffd" + "5b00"
	init := "6021" + "80" + "6009" + "5f" + "39" + "5f" + "f3"
	return "0x" + init + runtime
}

func (c *chain) deployForwarder() common.Address {
	c.t.Helper()
	addr, _, err := c.senders["deployer"].Deploy(c.ctx, &bind.MetaData{Bin: forwarderBin()}, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return addr
}

func (c *chain) addr(u string) common.Address { return c.senders[u].Opts.From }

func (c *chain) must(r *types.Receipt, err error) *types.Receipt {
	c.t.Helper()
	if err != nil {
		if v, ok := contracts.RollupError(err); ok {
			c.t.Fatalf("unexpected revert %T %+v", v, v)
		}
		c.t.Fatal(err)
	}
	return r
}

func callView[T any](c *chain, bc *bind.BoundContract, data []byte, unpack func([]byte) (T, error)) T {
	c.t.Helper()
	v, err := bind.Call(bc, &bind.CallOpts{Context: c.ctx}, data, unpack)
	if err != nil {
		c.t.Fatal(err)
	}
	return v
}

func (c *chain) stateRoot() *big.Int {
	return callView(c, c.dev.RollupC, c.rollup.PackStateRoot(), c.rollup.UnpackStateRoot)
}

func (c *chain) balance(u string) *big.Int {
	return callView(c, c.dev.TokenC, c.token.PackBalanceOf(c.addr(u)), c.token.UnpackBalanceOf)
}

// l1Deposit mints, approves and deposits on L1 and returns u's account index.
func (c *chain) l1Deposit(u string, amount uint64) uint32 {
	c.t.Helper()
	s := c.senders[u]
	c.must(s.Transact(c.ctx, c.dev.TokenC, c.token.PackMint(c.addr(u), new(big.Int).SetUint64(amount))))
	c.must(s.Transact(c.ctx, c.dev.TokenC, c.token.PackApprove(c.dev.Rollup, new(big.Int).Lsh(big.NewInt(1), 200))))
	pk := c.l2[u].Public()
	c.must(s.Transact(c.ctx, c.dev.RollupC, c.rollup.PackDeposit(toBig(pk.X), toBig(pk.Y), amount)))
	a := callView(c, c.dev.RollupC, c.rollup.PackAccountOf(c.addr(u)), c.rollup.UnpackAccountOf)
	c.acct[u] = a
	return a
}

func (c *chain) setPrice(market uint8, price int64) {
	c.must(c.senders["deployer"].Transact(c.ctx, c.dev.OracleC, c.oracle.PackSetPrice(market, big.NewInt(price))))
}

// apply applies a signed tx to the sequencer state and queues its pubdata.
func (c *chain) apply(tx state.Tx) {
	c.t.Helper()
	if len(c.pending) == 0 { // a batch's first tx fixes its time
		c.bt = max(c.l1Time(), c.seq.Time())
		if err := c.seq.SetTime(c.bt); err != nil {
			c.t.Fatal(err)
		}
	}
	tr, err := c.seq.Apply(tx)
	if err != nil {
		c.t.Fatalf("sequencer %T: %v", tx, err)
	}
	c.pending = append(c.pending, toBig(tr.Pubdata))
}

func (c *chain) deposit(u string, amount uint64) {
	c.apply(state.Deposit{Account: c.acct[u], PubKey: c.l2[u].Public(), Amount: amount})
}

func (c *chain) nonce(u string) uint32 {
	a, err := c.seq.Account(c.acct[u])
	if err != nil {
		c.t.Fatal(err)
	}
	return a.Nonce
}

func (c *chain) margin(u string, market uint8, to bool, amount uint64) {
	m := state.PositionMargin{Account: c.acct[u], Market: market, ToPosition: to, Amount: amount, Nonce: c.nonce(u)}
	if err := c.l2[u].SignPositionMargin(&m); err != nil {
		c.t.Fatal(err)
	}
	c.apply(m)
}

func (c *chain) withdraw(u string, amount uint64) {
	w := state.Withdraw{Account: c.acct[u], Amount: amount, Nonce: c.nonce(u)}
	if err := c.l2[u].SignWithdraw(&w); err != nil {
		c.t.Fatal(err)
	}
	c.apply(w)
}

func (c *chain) order(u string, id uint32, market uint8, buy bool, price, size uint64) state.Order {
	o := state.Order{Account: c.acct[u], ID: id, Market: market, Buy: buy, Price: price, Size: size,
		MaxMakerFee: 1000, MaxTakerFee: 1000}
	if err := c.l2[u].SignOrder(&o); err != nil {
		c.t.Fatal(err)
	}
	return o
}

func (c *chain) fill(maker, taker state.Order, size uint64) {
	c.apply(state.Fill{Maker: maker, Taker: taker, Price: maker.Price, Size: size})
}

// seal pads the pending pubdata with NoOps, proves and submits the batch with the sequencer's root.
func (c *chain) seal() *types.Receipt {
	c.t.Helper()
	pd := c.pending
	c.pending = nil
	c.batches++
	if err := c.seq.Commit(c.batches); err != nil {
		c.t.Fatal(err)
	}
	return c.submit(toBig(c.seq.Root()), pd)
}

// submit proves (newRoot, pubdata) against the contract's current state and submits it as the sequencer.
func (c *chain) submit(newRoot *big.Int, pd []*big.Int) *types.Receipt {
	c.t.Helper()
	for len(pd) < dummy.TestSlots {
		pd = append(pd, new(big.Int))
	}
	r, rc := c.rollup, c.dev.RollupC
	n := callView(c, rc, r.PackBatchNumber(), r.UnpackBatchNumber)
	cur := callView(c, rc, r.PackDepositCursor(), r.UnpackDepositCursor)
	deps := uint64(0)
	for _, p := range pd {
		if p.Uint64()&7 == 1 {
			deps++
		}
	}
	before := callView(c, rc, r.PackDepositHashAt(cur), r.UnpackDepositHashAt)
	after := callView(c, rc, r.PackDepositHashAt(cur+deps), r.UnpackDepositHashAt)
	bt := uint64(max(c.bt, c.seq.Time()))
	dom := c.domain.Element()
	inputs := append([]*big.Int{c.stateRoot(), newRoot, new(big.Int).SetUint64(n + 1), before, after,
		new(big.Int).SetUint64(bt), toBig(dom)}, pd...)
	proof, err := c.keys.Prove(inputs)
	if err != nil {
		c.t.Fatal(err)
	}
	data := r.PackSubmitBatch(newRoot, bt, pd, proof, nil)
	if c.forwarder != (common.Address{}) {
		fc := bind.NewBoundContract(c.forwarder, abi.ABI{}, c.sim.Client(), c.sim.Client(), c.sim.Client())
		return c.must(c.senders["sequencer"].Transact(c.ctx, fc, append(c.dev.Rollup.Bytes(), data...)))
	}
	return c.must(c.senders["sequencer"].Transact(c.ctx, rc, data))
}

// verifier returns a verifier of the chain's rollup with the given genesis (small chunks to exercise paging).
func (c *chain) verifier(g state.Genesis, dataDir string, progress func(BatchReport)) *Verifier {
	c.t.Helper()
	v, err := New(Config{Rollup: c.dev.Rollup, Genesis: g, ChunkBlocks: 4, DataDir: dataDir, Progress: progress},
		c.sim.Client(), nil)
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { _ = v.Close() })
	return v
}

// scenario builds three batches: deposits and margin; a fill, funding, mark price, a withdrawal and a new
// deposit; and an all-NoOp batch. carol's second deposit stays queued.
func (c *chain) scenario() {
	c.t.Helper()
	c.l1Deposit("alice", 1_000_000)
	c.l1Deposit("bob", 2_000_000)
	c.deposit("alice", 1_000_000)
	c.deposit("bob", 2_000_000)
	c.margin("alice", 0, true, 5_000)
	c.margin("bob", 0, true, 4_000)
	c.margin("bob", 1, true, 10_000)
	c.seal()

	c.l1Deposit("carol", 300_000)
	c.setPrice(0, 1010)
	c.fill(c.order("alice", 1, 0, false, 1000, 40), c.order("bob", 5, 0, true, 1000, 40), 30)
	c.apply(state.FundingTick{Market: 0, Rate: 1000})
	c.apply(c.mark(0, 1010))
	c.withdraw("alice", 100_000)
	c.deposit("carol", 300_000)
	c.margin("bob", 1, false, 4_000)
	c.seal()

	c.seal() // all NoOps
	c.l1Deposit("carol", 5_000)
}

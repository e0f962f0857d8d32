// Package drill builds rollup batches for the exodus drills in tests: a native state plays the sequencer, each
// batch is proven with the DEV-ONLY dummy circuit and submitted to a Rollup deployed with the dummy verifier
// (contracts.DeployDevnet with Slots == dummy.TestSlots), on any L1 (the simulated backend or geth --dev).
// Its Trade scenario leaves winning, losing and bankrupt positions, free collateral, a credited withdrawal and a
// fee pool: what TestExodusDrill (cmd/zkperp) and TestGethExodusDrill (e2e) pay out.
package drill

import (
	"context"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/zkperp/zkperp/circuits/dummy"
	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/kv"
)

// Backend is what the batcher needs of L1.
type Backend interface {
	contracts.Backend
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
}

// Batcher is the sequencer of a drill: it applies transactions to a native state and seals them into batches.
type Batcher struct {
	TB      testing.TB
	Ctx     context.Context
	L1      Backend
	Seq     *contracts.Sender // the rollup's sequencer (and the oracle's owner)
	Dev     *contracts.Devnet
	Domain  state.Domain
	St      *state.State
	rollup  *bindings.Rollup
	pending []*big.Int
	bt      uint32 // the time of the batch being built
	keys    *dummy.Keys
}

// New builds the genesis state of gen for the deployment (chain id, dev.Rollup).
func New(tb testing.TB, ctx context.Context, l1 Backend, seq *contracts.Sender, dev *contracts.Devnet,
	gen state.Genesis, chainID uint64) *Batcher {
	b := &Batcher{TB: tb, Ctx: ctx, L1: l1, Seq: seq, Dev: dev, rollup: bindings.NewRollup(),
		Domain: state.Domain{ChainID: chainID, Rollup: dev.Rollup}}
	sg := gen
	sg.Config.Domain = b.Domain
	var err error
	if b.St, err = sg.Build(kv.NewMemory(), nil); err != nil {
		tb.Fatal(err)
	}
	if b.keys, err = dummy.Setup(dummy.TestSlots); err != nil {
		tb.Fatal(err)
	}
	return b
}

// Apply applies tx to the state as part of the batch being built.
func (b *Batcher) Apply(tx state.Tx) {
	b.TB.Helper()
	if len(b.pending) == 0 { // a batch's first tx fixes its time: the L1 head's (never in L1's future)
		h, err := b.L1.HeaderByNumber(b.Ctx, nil)
		if err != nil {
			b.TB.Fatal(err)
		}
		b.bt = max(uint32(h.Time), b.St.Time())
		if err := b.St.SetTime(b.bt); err != nil {
			b.TB.Fatal(err)
		}
	}
	tr, err := b.St.Apply(tx)
	if err != nil {
		b.TB.Fatalf("apply %T: %v", tx, err)
	}
	b.pending = append(b.pending, tr.Pubdata.BigInt(new(big.Int)))
}

// Seal commits the pending transactions as the next batch (consuming `deposits` queue entries), proves it with
// the dummy circuit and submits it.
func (b *Batcher) Seal(deposits uint64) {
	b.TB.Helper()
	n := Call(b.TB, b.Ctx, b.Dev.RollupC, b.rollup.PackBatchNumber(), b.rollup.UnpackBatchNumber)
	cur := Call(b.TB, b.Ctx, b.Dev.RollupC, b.rollup.PackDepositCursor(), b.rollup.UnpackDepositCursor)
	if err := b.St.Commit(n + 1); err != nil {
		b.TB.Fatal(err)
	}
	pd := b.pending
	b.pending = nil
	for len(pd) < dummy.TestSlots {
		pd = append(pd, new(big.Int))
	}
	newRoot := elemBig(b.St.Root())
	bt := uint64(max(b.bt, b.St.Time()))
	inputs := append([]*big.Int{Call(b.TB, b.Ctx, b.Dev.RollupC, b.rollup.PackStateRoot(), b.rollup.UnpackStateRoot),
		newRoot, new(big.Int).SetUint64(n + 1),
		Call(b.TB, b.Ctx, b.Dev.RollupC, b.rollup.PackDepositHashAt(cur), b.rollup.UnpackDepositHashAt),
		Call(b.TB, b.Ctx, b.Dev.RollupC, b.rollup.PackDepositHashAt(cur+deposits), b.rollup.UnpackDepositHashAt),
		new(big.Int).SetUint64(bt), elemBig(b.Domain.Element())}, pd...)
	proof, err := b.keys.Prove(inputs)
	if err != nil {
		b.TB.Fatal(err)
	}
	if _, err := b.Seq.Transact(b.Ctx, b.Dev.RollupC, b.rollup.PackSubmitBatch(newRoot, bt, pd, proof, nil)); err != nil {
		b.TB.Fatalf("submit batch %d: %v", n+1, err)
	}
}

// Mark posts price to the oracle for market 0 and applies it as the market's mark.
func (b *Batcher) Mark(price uint64) {
	b.TB.Helper()
	oracle := bindings.NewPriceOracle()
	if _, err := b.Seq.Transact(b.Ctx, b.Dev.OracleC, oracle.PackSetPrice(0, new(big.Int).SetUint64(price))); err != nil {
		b.TB.Fatal(err)
	}
	rd := Call(b.TB, b.Ctx, b.Dev.OracleC, oracle.PackLatestRoundData(0), oracle.UnpackLatestRoundData)
	b.Apply(state.MarkPrice{Market: 0, Price: price, Round: rd.RoundId.Uint64()})
}

// Call is a view call that fails the test on an error.
func Call[T any](tb testing.TB, ctx context.Context, c *bind.BoundContract, data []byte, unpack func([]byte) (T, error)) T {
	tb.Helper()
	v, err := bind.Call(c, &bind.CallOpts{Context: ctx}, data, unpack)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func elemBig(x fr.Element) *big.Int { return x.BigInt(new(big.Int)) }

// Traders are the drill's traders in deposit order, and the amounts (token units) they deposit.
var Traders = [][2]string{{"alice", "2"}, {"bob", "1"}, {"carol", "1"}, {"dave", "2"}, {"erin", "1"}}

// Marks of the drill: the fills happen at P0; the mark then moves to P1, which makes bob bankrupt.
const P0, P1 = 6_000_000, 6_500_000

// Trade runs the drill's three batches. acct and q are the Traders' accounts and deposited quantums (their
// deposits queued on L1 in Traders' order); l2 is a trader's L2 key. Batch 1: a mark at P0 and the deposits;
// batch 2: position margins, alice (long, winning) against bob (short) and carol (long, winning) against dave
// (short, losing but solvent) at P0, erin's withdrawal of 100,000 (credited, claimable on L1); batch 3: the mark
// moves to P1: bob's short is bankrupt (equity < 0) beyond the empty insurance fund. It returns bob's equity.
func (b *Batcher) Trade(acct map[string]uint32, q map[string]uint64, l2 func(string) *state.PrivateKey) *big.Int {
	tb := b.TB
	tb.Helper()
	nonce := map[string]uint32{}
	margin := func(u string, amount uint64) {
		m := state.PositionMargin{Account: acct[u], Market: 0, ToPosition: true, Amount: amount, Nonce: nonce[u]}
		if err := l2(u).SignPositionMargin(&m); err != nil {
			tb.Fatal(err)
		}
		nonce[u]++
		b.Apply(m)
	}
	order := func(u string, id uint32, buy bool, price uint64) state.Order {
		o := state.Order{Account: acct[u], ID: id, Market: 0, Buy: buy, Price: price, Size: 1, MaxMakerFee: 1000,
			MaxTakerFee: 1000}
		if err := l2(u).SignOrder(&o); err != nil {
			tb.Fatal(err)
		}
		return o
	}
	b.Mark(P0)
	for _, d := range Traders {
		u := d[0]
		b.Apply(state.Deposit{Account: acct[u], PubKey: l2(u).Public(), Amount: q[u]})
	}
	b.Seal(uint64(len(Traders)))
	margin("alice", 1_000_000)
	margin("bob", 320_000)
	margin("carol", 400_000)
	margin("dave", 1_000_000)
	b.Apply(state.Fill{Maker: order("bob", 1, false, P0), Taker: order("alice", 1, true, P0), Price: P0, Size: 1})
	b.Apply(state.Fill{Maker: order("dave", 1, false, P0), Taker: order("carol", 1, true, P0), Price: P0, Size: 1})
	w := state.Withdraw{Account: acct["erin"], Amount: 100_000, Nonce: nonce["erin"]}
	if err := l2("erin").SignWithdraw(&w); err != nil {
		tb.Fatal(err)
	}
	b.Apply(w)
	b.Seal(0)
	b.Mark(P1)
	b.Seal(0)
	bobPos, err := b.St.Position(acct["bob"], 0)
	if err != nil {
		tb.Fatal(err)
	}
	m0, err := b.St.Market(0)
	if err != nil {
		tb.Fatal(err)
	}
	debt := state.Equity(bobPos, m0)
	tb.Logf("bob's equity at the mark %d: %s; market 0 funds %+v", P1, debt, m0)
	if debt.Sign() >= 0 || big.NewInt(int64(m0.Insurance)).Cmp(new(big.Int).Neg(debt)) >= 0 {
		tb.Fatalf("bob is not bankrupt beyond the insurance fund: equity %s, insurance %d", debt, m0.Insurance)
	}
	return debt
}

package contracts

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/zkperp/zkperp/circuits/dummy"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/state"
)

type envConfig struct {
	accountDepth, positionDepth, orderDepth int
	slots                                   int
	delay                                   uint64
	oracleMaxAge                            uint32 // 0: DeployDevnet's default
	minDeposit                              uint64 // 0: DeployDevnet's default
	forcedFee                               *big.Int
	maxPending, interval                    uint32 // 0: DeployDevnet's defaults
	maxBatchAge                             uint32 // 0: DeployDevnet's default (1 hour)
	genesisTime                             uint32
	extraUsers                              int            // users u0, u1, … besides `users`
	blobMode                                bool           // blob DA mode: slots is the number of L1-op words
	verifier                                *bind.MetaData // deploy this verifier (no dummy keys: e.prove is unusable)
}

func testConfig() envConfig {
	return envConfig{accountDepth: 4, positionDepth: 2, orderDepth: 3, slots: dummy.TestSlots, delay: 10}
}

type env struct {
	t       testing.TB
	ctx     context.Context
	sim     *simulated.Backend
	senders map[string]*Sender
	dev     *Devnet
	model   *model
	keys    *dummy.Keys
	slots   int
	rollup  *bindings.Rollup
	token   *bindings.TestToken
	oracle  *bindings.PriceOracle
	pks     map[string][2]*big.Int
}

var users = []string{"deployer", "sequencer", "alice", "bob", "carol"}

// extraUser is the name of the i-th extra user (envConfig.extraUsers).
func extraUser(i int) string { return fmt.Sprintf("u%d", i) }

func newEnv(t testing.TB, cfg envConfig) *env {
	t.Helper()
	ctx := context.Background()
	alloc := types.GenesisAlloc{}
	privs := map[string]*ecdsa.PrivateKey{}
	all := append([]string(nil), users...)
	for i := range cfg.extraUsers {
		all = append(all, extraUser(i))
	}
	for i, u := range all {
		k, err := crypto.ToECDSA(common.LeftPadBytes(big.NewInt(int64(1000+i)).Bytes(), 32))
		if err != nil {
			t.Fatal(err)
		}
		privs[u] = k
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: new(big.Int).Lsh(big.NewInt(1), 100)}
	}
	sim := NewSimulated(alloc)
	t.Cleanup(func() { _ = sim.Close() })
	chainID := OsakaChainConfig().ChainID
	e := &env{t: t, ctx: ctx, sim: sim, senders: map[string]*Sender{}, pks: map[string][2]*big.Int{},
		model:  newModel(cfg.accountDepth, cfg.positionDepth, cfg.orderDepth),
		rollup: bindings.NewRollup(), token: bindings.NewTestToken(), oracle: bindings.NewPriceOracle()}
	for i, u := range all {
		e.senders[u] = &Sender{Backend: sim.Client(), Opts: bind.NewKeyedTransactor(privs[u], chainID), Mine: func() { sim.Commit() }}
		// L2 keys on the curve (L1 checks them)
		e.pks[u] = testKey(t, byte(i))
	}
	dslots := int(publicInputs(uint32(cfg.slots), cfg.blobMode)) - 7 // the dummy circuit's pubdata inputs
	e.slots = cfg.slots
	var verifier common.Address
	var err error
	if cfg.verifier != nil {
		if verifier, _, err = e.senders["deployer"].Deploy(ctx, cfg.verifier, nil); err != nil {
			t.Fatal(err)
		}
	} else if e.keys, err = dummySetup(dslots); err != nil {
		t.Fatal(err)
	}
	if cfg.verifier == nil && dslots != DummyVerifierSlots {
		meta := &bindings.DummyPlonkVerifier64MetaData
		if dslots != 64 {
			t.Fatalf("no committed dummy verifier for %d slots", cfg.slots)
		}
		if verifier, _, err = e.senders["deployer"].Deploy(ctx, meta, nil); err != nil {
			t.Fatal(err)
		}
	}
	e.dev, err = DeployDevnet(ctx, e.senders["deployer"], DevnetConfig{
		Sequencer: e.addr("sequencer"), Verifier: verifier, GenesisRoot: e.model.root(),
		AccountDepth: uint8(cfg.accountDepth), PositionDepth: uint8(cfg.positionDepth), Slots: uint32(cfg.slots),
		OracleBandBps: 100, ForcedDelay: cfg.delay, DelayInBlocks: true, OracleMaxAge: cfg.oracleMaxAge,
		MinDeposit: cfg.minDeposit, ForcedFee: cfg.forcedFee, MaxPending: cfg.maxPending, PriorityInterval: cfg.interval,
		MaxBatchAge: cfg.maxBatchAge, GenesisTime: cfg.genesisTime, BlobMode: cfg.blobMode,
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) addr(u string) common.Address { return e.senders[u].Opts.From }

// adjustTime moves the chain clock forward by d, in a new empty block.
//
// The simulated backend's AdjustTime refuses ("could not adjust time on non-empty block") while its txpool lists a
// transaction as pending, and it looks at the pool without syncing it. The pool drops the transactions a Commit
// mined on a background goroutine (its reset on the new head), not within Commit, so right after a send the
// transaction just mined can still be listed: AdjustTime after Sender.Transact failed about 1 time in 100, more
// often on a loaded machine. Rollback first runs TxPool.Sync, which waits for that reset (Commit and Fork do the same
// before they touch the pool), and then clears the pool; it discards nothing, because every send through a Sender
// waits for its receipt, so nothing is really pending here. Tests call this, never e.sim.AdjustTime.
func (e *env) adjustTime(d time.Duration) {
	e.t.Helper()
	e.sim.Rollback()
	if err := e.sim.AdjustTime(d); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) send(u string, c *bind.BoundContract, data []byte) (*types.Receipt, error) {
	return e.senders[u].Transact(e.ctx, c, data)
}

func (e *env) must(r *types.Receipt, err error) *types.Receipt {
	e.t.Helper()
	if err != nil {
		if v, ok := RollupError(err); ok {
			e.t.Fatalf("unexpected revert %T %+v", v, v)
		}
		e.t.Fatal(err)
	}
	return r
}

// expectRevert asserts that err is the Rollup custom error `name`.
func (e *env) expectRevert(err error, name string) {
	e.t.Helper()
	if err == nil {
		e.t.Fatalf("expected revert %s, got success", name)
	}
	sel, ok := RevertSelector(err)
	if !ok {
		e.t.Fatalf("expected revert %s, got %v", name, err)
	}
	want := e.rollup.GetABI().Errors[name].ID
	if !ok || sel != [4]byte(want[:4]) {
		v, _ := RollupError(err)
		e.t.Fatalf("expected revert %s, got %T %+v (%v)", name, v, v, err)
	}
}

func call[T any](e *env, c *bind.BoundContract, data []byte, unpack func([]byte) (T, error)) T {
	e.t.Helper()
	v, err := bind.Call(c, &bind.CallOpts{Context: e.ctx}, data, unpack)
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

func (e *env) balance(u string) *big.Int {
	return call(e, e.dev.TokenC, e.token.PackBalanceOf(e.addr(u)), e.token.UnpackBalanceOf)
}

func (e *env) stateRoot() *big.Int {
	return call(e, e.dev.RollupC, e.rollup.PackStateRoot(), e.rollup.UnpackStateRoot)
}

// fund mints and approves `amount` for u.
func (e *env) fund(u string, amount int64) {
	e.must(e.send(u, e.dev.TokenC, e.token.PackMint(e.addr(u), big.NewInt(amount))))
	e.must(e.send(u, e.dev.TokenC, e.token.PackApprove(e.dev.Rollup, new(big.Int).Lsh(big.NewInt(1), 200))))
}

func (e *env) deposit(u string, amount uint64) (*types.Receipt, error) {
	pk := e.pks[u]
	return e.send(u, e.dev.RollupC, e.rollup.PackDeposit(pk[0], pk[1], amount))
}

// requestForced queues a forced exit of u's account (with u's registered key).
func (e *env) requestForced(u string) (*types.Receipt, error) {
	pk := e.pks[u]
	return e.send(u, e.dev.RollupC, e.rollup.PackRequestForcedWithdrawal(pk[0], pk[1]))
}

func (e *env) setPrice(mkt uint8, price int64) {
	e.must(e.send("deployer", e.dev.OracleC, e.oracle.PackSetPrice(mkt, big.NewInt(price))))
}

// dummySetup returns dummy keys for `slots` slots, checking that the dummy circuit has Rollup's fixed public inputs.
func dummySetup(slots int) (*dummy.Keys, error) {
	if dummy.NbFixedInputs != NbFixedInputs {
		return nil, fmt.Errorf("circuits/dummy has %d fixed public inputs, Rollup passes %d", dummy.NbFixedInputs, NbFixedInputs)
	}
	return dummy.Setup(slots)
}

// now is the time of the chain's head block: a batch time that the next block accepts.
func (e *env) now() uint64 {
	e.t.Helper()
	h, err := e.sim.Client().HeaderByNumber(e.ctx, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return h.Time
}

// domain is the rollup's domain() (a public input of every batch).
func (e *env) domain() *big.Int {
	return call(e, e.dev.RollupC, e.rollup.PackDomain(), e.rollup.UnpackDomain)
}

// batchInputs returns the public inputs Rollup.submitBatch will build for (newRoot, pubdata) at the head's time
// (inputs[5]: pass batchTimeOf(inputs) to submit).
func (e *env) batchInputs(newRoot *big.Int, pubdata []*big.Int) []*big.Int {
	return e.batchInputsAt(newRoot, e.now(), pubdata)
}

// batchTimeOf returns the batch time of public inputs from batchInputs.
func batchTimeOf(inputs []*big.Int) uint64 { return inputs[5].Uint64() }

// batchInputsAt returns the public inputs Rollup.submitBatch will build for (newRoot, batchTime, pubdata) now.
func (e *env) batchInputsAt(newRoot *big.Int, batchTime uint64, pubdata []*big.Int) []*big.Int {
	r, c := e.rollup, e.dev.RollupC
	n := call(e, c, r.PackBatchNumber(), r.UnpackBatchNumber)
	cur := call(e, c, r.PackDepositCursor(), r.UnpackDepositCursor)
	deps := uint64(0)
	for _, p := range pubdata {
		// Deposit-type slots (type 1) and forced Liquidate slots (type 5, bit 43) consume priority-queue entries
		if typ := p.Uint64() & 7; typ == 1 || (typ == 5 && p.Bit(43) == 1) {
			deps++
		}
	}
	before := call(e, c, r.PackDepositHashAt(cur), r.UnpackDepositHashAt)
	after := call(e, c, r.PackDepositHashAt(cur+deps), r.UnpackDepositHashAt)
	return append([]*big.Int{e.stateRoot(), newRoot, new(big.Int).SetUint64(n + 1), before, after,
		new(big.Int).SetUint64(batchTime), e.domain()}, pubdata...)
}

func (e *env) prove(inputs []*big.Int) []byte {
	e.t.Helper()
	proof, err := e.keys.Prove(inputs)
	if err != nil {
		e.t.Fatal(err)
	}
	return proof
}

// pad fills pubdata up to the slot count with NoOps.
func (e *env) pad(pd ...*big.Int) []*big.Int {
	for len(pd) < e.slots {
		pd = append(pd, new(big.Int))
	}
	return pd
}

func (e *env) submit(u string, newRoot *big.Int, batchTime uint64, pubdata []*big.Int, proof []byte) (*types.Receipt, error) {
	return e.send(u, e.dev.RollupC, e.rollup.PackSubmitBatch(newRoot, batchTime, pubdata, proof, nil))
}

// tryBatchAt proves the batch at batchTime against the current contract state and submits it as the sequencer.
func (e *env) tryBatchAt(newRoot *big.Int, batchTime uint64, pubdata []*big.Int) (*types.Receipt, error) {
	e.t.Helper()
	return e.submit("sequencer", newRoot, batchTime, pubdata, e.prove(e.batchInputsAt(newRoot, batchTime, pubdata)))
}

// tryBatch is tryBatchAt at the head's time.
func (e *env) tryBatch(newRoot *big.Int, pubdata []*big.Int) (*types.Receipt, error) {
	e.t.Helper()
	return e.tryBatchAt(newRoot, e.now(), pubdata)
}

// proveAndSubmit proves the batch (at the head's time) against the current contract state and submits it as the
// sequencer; it must pass.
func (e *env) proveAndSubmit(newRoot *big.Int, pubdata []*big.Int) *types.Receipt {
	e.t.Helper()
	return e.must(e.tryBatch(newRoot, pubdata))
}

// latestRound is the oracle's latest round id of market mkt.
func (e *env) latestRound(mkt uint8) uint64 {
	e.t.Helper()
	return call(e, e.dev.OracleC, e.oracle.PackLatestRound(mkt), e.oracle.UnpackLatestRound).Uint64()
}

// mark is the pubdata of a MarkPrice of mkt at price, taken from the oracle's latest round.
func (e *env) mark(mkt uint8, price uint64) *big.Int {
	e.t.Helper()
	return pdMark(mkt, price, e.latestRound(mkt))
}

// testKey returns the coordinates of a deterministic L2 key.
func testKey(t testing.TB, seed byte) [2]*big.Int {
	t.Helper()
	var b [32]byte
	b[0], b[1] = seed, 0x5e
	k, err := state.NewPrivateKey(b)
	if err != nil {
		t.Fatal(err)
	}
	pk := k.Public()
	return [2]*big.Int{pk.X.BigInt(new(big.Int)), pk.Y.BigInt(new(big.Int))}
}

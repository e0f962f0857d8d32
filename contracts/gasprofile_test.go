package contracts

import (
	"fmt"
	"math/big"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/core/vm/runtime"

	"github.com/zkperp/zkperp/contracts/bindings"
)

// opProfile attributes every executed opcode's gas (the frame's gas drop until its next opcode, so a CALL includes
// its callee) to (contract, opcode), and every call frame's total to its callee.
type opProfile struct {
	names  map[common.Address]string
	ops    map[string]uint64 // "contract OP" -> gas
	frames map[string]uint64 // callee -> gas used (precompiles included)
	last   map[int]struct {
		key string
		gas uint64
	}
	stack []string
}

func newOpProfile(names map[common.Address]string) *opProfile {
	return &opProfile{names: names, ops: map[string]uint64{}, frames: map[string]uint64{}, last: map[int]struct {
		key string
		gas uint64
	}{}}
}

func (p *opProfile) name(a common.Address) string {
	if n, ok := p.names[a]; ok {
		return n
	}
	if a.Big().Cmp(big.NewInt(0x100)) < 0 {
		return fmt.Sprintf("precompile 0x%x", a.Big())
	}
	return a.Hex()
}

func (p *opProfile) hooks() *tracing.Hooks {
	return &tracing.Hooks{
		OnEnter: func(depth int, typ byte, from, to common.Address, input []byte, gas uint64, value *big.Int) {
			p.stack = append(p.stack, p.name(to))
		},
		OnExit: func(depth int, output []byte, gasUsed uint64, err error, reverted bool) {
			n := p.stack[len(p.stack)-1]
			p.stack = p.stack[:len(p.stack)-1]
			p.frames[n] += gasUsed
			delete(p.last, depth)
		},
		OnOpcode: func(pc uint64, op byte, gas, cost uint64, scope tracing.OpContext, rData []byte, depth int, err error) {
			if l, ok := p.last[depth]; ok {
				p.ops[l.key] += l.gas - gas
			}
			key := p.name(scope.Address()) + " " + vm.OpCode(op).String()
			switch vm.OpCode(op) {
			case vm.RETURN, vm.STOP, vm.REVERT:
				p.ops[key] += cost
				delete(p.last, depth)
				return
			}
			p.last[depth] = struct {
				key string
				gas uint64
			}{key, gas}
		},
	}
}

func (p *opProfile) report(contract string) string {
	type kv struct {
		k string
		v uint64
	}
	var rows []kv
	var total uint64
	for k, v := range p.ops {
		if strings.HasPrefix(k, contract+" ") {
			rows = append(rows, kv{strings.TrimPrefix(k, contract+" "), v})
			total += v
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].v > rows[j].v })
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d gas in its own frames (calls include callees)\n", contract, total)
	for i, r := range rows {
		if i == 24 {
			break
		}
		fmt.Fprintf(&b, "  %-14s %7d\n", r.k, r.v)
	}
	return b.String()
}

// TestGasProfile runs a 64-fill submitBatch in a bare EVM (Osaka rules) with an opcode tracer and prints where the
// execution gas goes: per opcode of Rollup and of the verifier, and per callee. Set ZKPERP_GAS_PROFILE=1.
func TestGasProfile(t *testing.T) {
	if os.Getenv("ZKPERP_GAS_PROFILE") == "" {
		t.Skip("set ZKPERP_GAS_PROFILE=1")
	}
	const slots = 64
	db := state.NewDatabaseForTesting()
	st, _ := state.New(types.EmptyRootHash, db)
	seq := common.HexToAddress("0x5e9")
	cfg := &runtime.Config{ChainConfig: OsakaChainConfig(), Origin: seq, State: st, BlockNumber: big.NewInt(100),
		Time: 1_800_000_000, GasLimit: 30_000_000}
	deploy := func(bin string, args []byte) common.Address {
		_, addr, _, err := runtime.Create(append(common.FromHex(bin), args...), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return addr
	}
	verifier := deploy(bindings.DummyPlonkVerifier64MetaData.Bin, nil)
	token := deploy(bindings.TestTokenMetaData.Bin, bindings.NewTestToken().PackConstructor("t", "t"))
	oracle := deploy(bindings.PriceOracleMetaData.Bin, bindings.NewPriceOracle().PackConstructor(seq))
	m := newModel(4, 2, 3)
	genesis := m.root()
	rollup := deploy(bindings.RollupMetaData.Bin, bindings.NewRollup().PackConstructor(bindings.RollupConfig{
		Verifier: verifier, Token: token, Oracle: oracle, Sequencer: seq, GenesisRoot: genesis, AccountDepth: 4,
		PositionDepth: 2, Slots: slots, OracleBandBps: 100, OracleMaxAge: 3600, ForcedWithdrawalDelay: 10,
		ForcedDelayInBlocks: true, MinDeposit: 1, ForcedRequestFee: new(big.Int), MaxPendingPriority: 4096, PriorityInterval: 1,
		MaxBatchAge: DefaultMaxBatchAge}))

	keys, err := dummySetup(slots)
	if err != nil {
		t.Fatal(err)
	}
	newRoot := big.NewInt(11)
	pd := fills(slots)
	batchTime := cfg.Time
	inputs := append([]*big.Int{genesis, newRoot, big.NewInt(1), new(big.Int), new(big.Int),
		new(big.Int).SetUint64(batchTime), domainOf(cfg.ChainConfig.ChainID, rollup)}, pd...)
	proof, err := keys.Prove(inputs)
	if err != nil {
		t.Fatal(err)
	}
	// commit the deployments so that storage writes are priced against a clean original value
	cc := cfg.ChainConfig
	root, err := st.Commit(cc.Rules(cfg.BlockNumber, true, cfg.Time), cfg.BlockNumber.Uint64())
	if err != nil {
		t.Fatal(err)
	}
	if st, err = state.New(root, db); err != nil {
		t.Fatal(err)
	}
	cfg.State = st
	names := map[common.Address]string{verifier: "Verifier", rollup: "Rollup", token: "Token", oracle: "Oracle"}

	run := func(to common.Address, data []byte) (*opProfile, uint64) {
		snap := st.Snapshot()
		defer st.RevertToSnapshot(snap)
		p := newOpProfile(names)
		cfg.EVMConfig.Tracer = p.hooks()
		defer func() { cfg.EVMConfig.Tracer = nil }()
		_, left, err := runtime.Call(to, data, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return p, cfg.GasLimit - left
	}
	vp, vgas := run(verifier, bindings.NewDummyPlonkVerifier64().PackVerify(proof, inputs))
	rp, rgas := run(rollup, bindings.NewRollup().PackSubmitBatch(newRoot, batchTime, pd, proof, nil))
	var frames []string
	for k, v := range rp.frames {
		frames = append(frames, fmt.Sprintf("  %-20s %7d", k, v))
	}
	sort.Strings(frames)
	t.Logf("verifier called directly: %d execution gas\n%s", vgas, vp.report("Verifier"))
	t.Logf("submitBatch: %d execution gas; frames (gas used, nested included):\n%s\n%s", rgas,
		strings.Join(frames, "\n"), rp.report("Rollup"))
}

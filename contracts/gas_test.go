package contracts

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/zkperp/zkperp/contracts/bindings"
)

// TestGasReport measures the gas figures of docs/contracts.md (run with -v to see the table).
func TestGasReport(t *testing.T) {
	var rows []string
	row := func(what string, gas uint64, note string) {
		rows = append(rows, fmt.Sprintf("| %s | %d | %s |", what, gas, note))
	}

	// 8 slots, test depths.
	e := newEnv(t, testConfig())
	for _, name := range []string{"Rollup", "DummyPlonkVerifier", "TestToken", "PriceOracle"} {
		row("deploy "+name, e.dev.GasUsed[name], "")
	}
	addr, rec, err := e.senders["deployer"].Deploy(e.ctx, &bindings.Poseidon2HarnessMetaData, nil)
	if err != nil {
		t.Fatal(err)
	}
	row("Poseidon2 compress (marginal)", compressGas(t, e.ctx, e, addr), "Yul, unrolled; gnark-crypto constants")
	_ = rec
	e.fund("alice", 10*aliceDeposit)
	e.fund("bob", aliceDeposit)
	row("deposit (first: registers account)", e.must(e.deposit("alice", aliceDeposit)).GasUsed, "3 Poseidon2 + queue storage")
	row("deposit (later)", e.must(e.deposit("alice", aliceDeposit)).GasUsed, "")
	e.must(e.deposit("bob", aliceDeposit))
	b8 := submitBreakdown(e, 8)
	g8 := b8.total
	row("submitBatch, 8 slots (8 fills)", g8, fmt.Sprintf("%d public inputs", NbFixedInputs+8))
	pd := e.pad(pdDeposit(1, aliceDeposit), pdWithdraw(1, 1000))
	row("submitBatch, 8 slots (1 deposit, 1 withdraw, 6 no-ops)", e.proveAndSubmit(big.NewInt(12), pd).GasUsed, "")
	row("withdraw (claim)", e.must(e.send("alice", e.dev.RollupC, e.rollup.PackWithdraw())).GasUsed, "")
	row("requestForcedWithdrawal", e.must(e.requestForced("alice")).GasUsed, "3 Poseidon2 + queue storage")

	// 64 slots.
	cfg64 := testConfig()
	cfg64.slots = 64
	e64 := newEnv(t, cfg64)
	b64 := submitBreakdown(e64, 64)
	g64 := b64.total
	row("submitBatch, 64 slots (64 fills)", g64, fmt.Sprintf("%d public inputs", NbFixedInputs+64))
	perInput := (g64 - g8) / (64 - 8)
	fixed := g8 - (NbFixedInputs+8)*perInput
	row("submitBatch fixed part", fixed, "from the 8- and 64-slot batches")
	row("submitBatch per public input (pubdata slot)", perInput, "verifier + calldata + parsing")
	// the same two-point split of each component (execution of the verifier alone, rollup around it, calldata)
	split := func(what string, v8, v64 uint64) {
		per := (v64 - v8) / (64 - 8)
		row(what+": fixed / per input", v8-(NbFixedInputs+8)*per, fmt.Sprintf("%d per input; 8 slots %d, 64 slots %d", per, v8, v64))
	}
	row("→ transaction base", 21000, "")
	split("→ calldata", b8.calldata, b64.calldata)
	split("→ verifier execution (called directly)", b8.verifier, b64.verifier)
	split("→ rollup execution around the verifier", b8.rollup, b64.rollup)
	for _, n := range []uint64{4, 5} {
		row(fmt.Sprintf("gas per fill, %d slots (amortized, model)", n), (fixed+(NbFixedInputs+n)*perInput)/n, "fixed + (7 + N) × per input")
	}
	row("gas per fill, 8 slots (amortized)", g8/8, "")
	row("gas per fill, 64 slots (amortized)", g64/64, "")
	row("gas per fill, 128 slots (amortized, model)", (fixed+(NbFixedInputs+128)*perInput)/128, "fixed + (7 + N) × per input")

	row("requestForcedClose", e.must(e.sendValue("alice", e.dev.RollupC,
		e.rollup.PackRequestForcedClose(e.pks["alice"][0], e.pks["alice"][1], 1), nil)).GasUsed, "3 Poseidon2 + queue storage")
	row("submitBatch, 8 slots (1 forced exit, 1 forced close, 6 no-ops)",
		e.proveAndSubmit(big.NewInt(13), e.pad(pdForcedExit(1, 0), pdLiquidate(1, 1, true))).GasUsed, "")
	row("submitBatch, 8 slots (1 liquidation, 7 fills)",
		e.proveAndSubmit(big.NewInt(14), append(fills(7), pdLiquidate(1, 1, false))).GasUsed, "the second pass runs")

	// Exodus at default depths (accounts 24, positions/markets 4, orders 10).
	ed := newEnv(t, envConfig{accountDepth: 24, positionDepth: 4, orderDepth: 10, slots: 8, delay: 10})
	exodusSetup(t, ed)
	ed.must(ed.requestForced("alice"))
	for range 11 {
		ed.sim.Commit()
	}
	rc := ed.dev.RollupC
	row("activateExodus", ed.must(ed.send("bob", rc, ed.rollup.PackActivateExodus())).GasUsed, "")
	row("exit (registration), default depths (24/4), first", ed.must(ed.send("alice", rc, ed.rollup.PackExit(ed.model.exitProof(1)))).GasUsed,
		"16 positions + 16 markets + 24-level path")
	row("exit (registration), later", ed.must(ed.send("bob", rc, ed.rollup.PackExit(ed.model.exitProof(2)))).GasUsed, "")
	ar, mks := ed.model.feeClaimArgs()
	row("registerFeeClaim, 16 markets", ed.must(ed.send("bob", rc, ed.rollup.PackRegisterFeeClaim(ar, mks))).GasUsed, "16 market leaves + 1")
	row("refundDeposit (exodus)", ed.must(ed.send("bob", rc, ed.rollup.PackRefundDeposit(2))).GasUsed, "")
	ed.afterClaimWindow()
	row("payout, first (fixes the pool)", ed.must(ed.send("bob", rc, ed.rollup.PackPayout(1))).GasUsed, "balanceOf + pool slots + transfer")
	row("payout, later", ed.must(ed.send("bob", rc, ed.rollup.PackPayout(2))).GasUsed, "")

	t.Log("gas (go-ethereum simulated backend, Osaka rules):\n| operation | gas | note |\n|---|---|---|\n" +
		strings.Join(rows, "\n"))
}

type batchGas struct {
	total, calldata, verifier, rollup uint64
}

// submitBreakdown submits a batch of `slots` fills and splits its gas: 21000 + calldata + execution, where the
// execution is the verifier's own (the same Verify call sent directly, less its tx base and calldata) plus what the
// rollup adds around it.
func submitBreakdown(e *env, slots int) batchGas {
	e.t.Helper()
	// steady state: a batch before it (the first batch writes lastBatchTime from zero, 20,000 gas more, once)
	e.proveAndSubmit(big.NewInt(10), e.pad())
	newRoot := big.NewInt(11)
	pd := fills(slots)
	inputs := e.batchInputs(newRoot, pd)
	proof := e.prove(inputs)
	vdata := bindings.NewDummyPlonkVerifier().PackVerify(proof, inputs)
	vrec := e.must(e.send("alice", e.dev.VerifierC, vdata))
	sdata := e.rollup.PackSubmitBatch(newRoot, batchTimeOf(inputs), pd, proof, nil)
	srec := e.must(e.send("sequencer", e.dev.RollupC, sdata))
	b := batchGas{total: srec.GasUsed, calldata: calldataGas(sdata), verifier: vrec.GasUsed - 21000 - calldataGas(vdata)}
	b.rollup = b.total - 21000 - b.calldata - b.verifier
	return b
}

// calldataGas is the EIP-2028 calldata cost: 16 per non-zero byte, 4 per zero byte (the EIP-7623 floor is far below
// these transactions' execution gas).
func calldataGas(data []byte) (gas uint64) {
	for _, c := range data {
		if c == 0 {
			gas += 4
		} else {
			gas += 16
		}
	}
	return gas
}

func fills(n int) []*big.Int {
	out := make([]*big.Int, n)
	for i := range out {
		// a realistic-size Fill element: ~250 bits of non-zero calldata
		v := new(big.Int).Lsh(big.NewInt(int64(0x5a5a5a5a+i)), 220)
		v.Add(v, pdFill(i))
		out[i] = v
	}
	return out
}

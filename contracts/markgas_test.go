package contracts

import (
	"math/big"
	"testing"
)

// TestMarkCheckGas measures what a MarkPrice slot costs submitBatch when the oracle's latest round matches it (the
// common path) and the oracle update itself (run with -v; docs/contracts.md).
func TestMarkCheckGas(t *testing.T) {
	e := newEnv(t, testConfig())
	e.setPrice(0, 50_000)
	first := e.must(e.send("deployer", e.dev.OracleC, e.oracle.PackSetPrice(0, big.NewInt(50_050)))).GasUsed
	next := e.must(e.send("deployer", e.dev.OracleC, e.oracle.PackSetPrice(0, big.NewInt(50_000)))).GasUsed
	noMark := e.proveAndSubmit(big.NewInt(12), e.pad()).GasUsed
	oneMark := e.proveAndSubmit(big.NewInt(13), e.pad(e.mark(0, 50_100))).GasUsed
	twoMarks := e.proveAndSubmit(big.NewInt(14), e.pad(e.mark(0, 50_100), e.mark(0, 49_900))).GasUsed
	t.Logf("setPrice (later rounds): %d, %d gas", first, next)
	t.Logf("submitBatch 8 slots: no mark %d, 1 mark (latest round in band) %d (+%d), 2 marks %d (+%d)", noMark, oneMark,
		oneMark-noMark, twoMarks, twoMarks-oneMark)
}

package contracts

import (
	"math/big"
	"testing"
)

// TestMarkCheckGas measures what a MarkPrice slot costs submitBatch (two getRoundData calls: the mark's round and
// the next one, which does not exist; lastMarkRound written) and the oracle update itself (run with -v;
// docs/contracts.md).
func TestMarkCheckGas(t *testing.T) {
	e := newEnv(t, testConfig())
	e.setPrice(0, 50_000)
	e.setPrice(1, 7_000)
	first := e.must(e.send("deployer", e.dev.OracleC, e.oracle.PackSetPrice(0, big.NewInt(50_050)))).GasUsed
	next := e.must(e.send("deployer", e.dev.OracleC, e.oracle.PackSetPrice(0, big.NewInt(50_000)))).GasUsed
	e.proveAndSubmit(big.NewInt(11), e.pad()) // the first batch also writes lastBatchTime from zero
	noMark := e.proveAndSubmit(big.NewInt(12), e.pad()).GasUsed
	oneMark := e.proveAndSubmit(big.NewInt(13), e.pad(e.mark(0, 50_100))).GasUsed
	oneMarkAgain := e.proveAndSubmit(big.NewInt(14), e.pad(e.mark(0, 50_100))).GasUsed
	twoMarks := e.proveAndSubmit(big.NewInt(15), e.pad(e.mark(0, 50_100), e.mark(1, 7_010))).GasUsed
	t.Logf("setPrice (later rounds): %d, %d gas", first, next)
	t.Logf("submitBatch 8 slots: no mark %d, 1 mark (first of its market) %d (+%d), 1 mark (same round as the last) %d (%+d), 2 marks (market 0 again, market 1 first) %d (+%d)",
		noMark, oneMark, oneMark-noMark, oneMarkAgain, int64(oneMarkAgain)-int64(noMark), twoMarks, twoMarks-noMark)
}

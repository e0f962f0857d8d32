package contracts

import (
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
)

// A batch's MarkPrice is checked against the oracle's latest round, or else against the rounds before it that were
// current within the mark window (Rollup.MARK_ROUNDS of them): a batch proven after the oracle moved beyond the band
// is still accepted, a mark that matched no recent round is not.
func TestMarkPriceOracleHistory(t *testing.T) {
	cfg := testConfig()
	cfg.oracleMaxAge = 2 * 24 * 3600 // older than the mark window, so that the window alone decides below
	e := newEnv(t, cfg)
	r, rc := e.rollup, e.dev.RollupC
	e.setPrice(0, 50_000)
	root := big.NewInt(12)

	// Sealed when the oracle said 50,000; the oracle moves 8% before the batch reaches L1.
	sealed := e.pad(pdMark(0, 50_200))
	inputs := e.batchInputs(root, sealed)
	e.setPrice(0, 54_000)
	rec := e.must(e.submit("sequencer", root, sealed, e.prove(inputs)))
	t.Logf("submitBatch, 1 mark matching the round before the latest: %d gas", rec.GasUsed)

	// Outside the band of every recent round (1%: 50,000 ± 500 and 54,000 ± 540).
	for _, m := range []uint64{52_000, 50_501, 53_459, 54_541} {
		pd := e.pad(pdMark(0, m))
		_, err := e.submit("sequencer", root, pd, e.prove(e.batchInputs(root, pd)))
		e.expectRevert(err, "MarkPriceOutOfBand")
	}
	// Both rounds' bands pass, in one batch.
	e.proveAndSubmit(root, e.pad(pdMark(0, 49_500), pdMark(0, 54_540)))

	// At most MARK_ROUNDS rounds back: a mark matching round k passes with 32 rounds after it, not with 33.
	if n := call(e, rc, r.PackMARKROUNDS(), r.UnpackMARKROUNDS); n.Int64() != 32 {
		t.Fatalf("MARK_ROUNDS %s", n)
	}
	e.setPrice(0, 60_000)
	for i := range 32 {
		e.setPrice(0, int64(70_000+10*i))
	}
	pd := e.pad(pdMark(0, 60_000))
	rec = e.must(e.submit("sequencer", root, pd, e.prove(e.batchInputs(root, pd))))
	t.Logf("submitBatch, 1 mark matching the 32nd round before the latest: %d gas", rec.GasUsed)
	e.setPrice(0, 71_000)
	_, err := e.submit("sequencer", root, pd, e.prove(e.batchInputs(root, pd)))
	e.expectRevert(err, "MarkPriceOutOfBand")

	// Within the window only: a round counts while its successor was published less than markWindow (1 h) ago.
	if w := call(e, rc, r.PackMarkWindow(), r.UnpackMarkWindow); w != 3600 {
		t.Fatalf("mark window %d", w)
	}
	e.setPrice(0, 80_000)
	e.setPrice(0, 90_000) // 80,000 stops being the latest now
	pd = e.pad(pdMark(0, 80_000))
	e.adjustTime(3500 * time.Second)
	e.proveAndSubmit(root, pd)
	e.adjustTime(200 * time.Second)
	_, err = e.submit("sequencer", root, pd, e.prove(e.batchInputs(root, pd)))
	e.expectRevert(err, "MarkPriceOutOfBand")
	e.proveAndSubmit(root, e.pad(pdMark(0, 90_000))) // the latest round has no window (oracleMaxAge governs it)
}

// adjustTime right after a send: the simulated backend's AdjustTime alone failed here about 1 time in 100 (the pool
// still listed the transaction just mined, see env.adjustTime).
func TestAdjustTimeAfterSend(t *testing.T) {
	e := newEnv(t, testConfig())
	n := 200
	if testing.Short() {
		n = 20
	}
	for i := range n {
		before, err := e.sim.Client().HeaderByNumber(e.ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		e.setPrice(0, int64(50_000+i))
		e.adjustTime(10 * time.Second)
		after, err := e.sim.Client().HeaderByNumber(e.ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if after.Number.Uint64() != before.Number.Uint64()+2 || after.Time < before.Time+10 {
			t.Fatalf("round %d: head %d at %d after %d at %d", i, after.Number, after.Time, before.Number, before.Time)
		}
	}
}

func TestPriceOracleRounds(t *testing.T) {
	e := newEnv(t, testConfig())
	o, oc := e.oracle, e.dev.OracleC
	for i, p := range []int64{100, 200, 300} {
		e.setPrice(3, p)
		if id := call(e, oc, o.PackLatestRound(3), o.UnpackLatestRound); id.Int64() != int64(i+1) {
			t.Fatalf("latest round %s", id)
		}
	}
	for id, p := range []int64{100, 200, 300} {
		rd := call(e, oc, o.PackGetRoundData(3, big.NewInt(int64(id+1))), o.UnpackGetRoundData)
		if rd.Arg0.Int64() != int64(id+1) || rd.Answer.Int64() != p || rd.UpdatedAt.Sign() == 0 || rd.AnsweredInRound.Int64() != int64(id+1) {
			t.Fatalf("round %d: %+v", id+1, rd)
		}
	}
	latest := call(e, oc, o.PackLatestRoundData(3), o.UnpackLatestRoundData)
	if latest.RoundId.Int64() != 3 || latest.Answer.Int64() != 300 {
		t.Fatalf("latest: %+v", latest)
	}
	for _, id := range []int64{0, 4} {
		msg := ethereum.CallMsg{To: &e.dev.Oracle, Data: o.PackGetRoundData(3, big.NewInt(id))}
		if _, err := e.sim.Client().CallContract(e.ctx, msg, nil); err == nil {
			t.Fatalf("round %d of market 3 returned", id)
		}
	}
	_, err := e.send("deployer", oc, o.PackSetPrice(3, new(big.Int).Lsh(big.NewInt(1), 191)))
	if err == nil {
		t.Fatal("price beyond int192 accepted")
	}
}

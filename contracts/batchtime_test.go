package contracts

import (
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/state"
)

// domainOf is what Rollup.domain() must be: state.Domain's element, H(chainId, uint160(rollup)), computed in Go.
func domainOf(chainID *big.Int, rollup common.Address) *big.Int {
	e := state.Domain{ChainID: chainID.Uint64(), Rollup: rollup}.Element()
	return e.BigInt(new(big.Int))
}

func (e *env) lastBatchTime() uint64 {
	e.t.Helper()
	return call(e, e.dev.RollupC, e.rollup.PackLastBatchTime(), e.rollup.UnpackLastBatchTime)
}

// A batch's time is bounded by the L1 clock: not after the block that verifies it (BatchTimeInFuture), not before the
// last batch's (BatchTimeBeforePrevious), at most maxBatchAge before the block (BatchTooOld). The proof commits to it:
// a proof made for one time does not verify at another.
func TestBatchTimeBounds(t *testing.T) {
	cfg := testConfig()
	cfg.maxBatchAge = 3600
	e := newEnv(t, cfg)
	r, rc := e.rollup, e.dev.RollupC
	if a := call(e, rc, r.PackMaxBatchAge(), r.UnpackMaxBatchAge); a != 3600 {
		t.Fatalf("maxBatchAge %d", a)
	}
	if e.lastBatchTime() != 0 {
		t.Fatal("lastBatchTime before the first batch")
	}
	root := big.NewInt(7)
	now := e.now()

	_, err := e.tryBatchAt(root, now+3600, e.pad())
	e.expectRevert(err, "BatchTimeInFuture")
	_, err = e.tryBatchAt(root, 1<<63, e.pad())
	e.expectRevert(err, "BatchTimeInFuture")
	_, err = e.tryBatchAt(root, now-3700, e.pad())
	e.expectRevert(err, "BatchTooOld")
	_, err = e.tryBatchAt(root, 0, e.pad())
	e.expectRevert(err, "BatchTooOld")

	// A proof for one time, submitted with another: the public input differs.
	in := e.batchInputsAt(root, now-100, e.pad())
	proof := e.prove(in)
	_, err = e.submit("sequencer", root, now-101, e.pad(), proof)
	e.expectRevert(err, "InvalidProof")
	e.must(e.submit("sequencer", root, now-100, e.pad(), proof))
	if got := e.lastBatchTime(); got != now-100 {
		t.Fatalf("lastBatchTime %d, want %d", got, now-100)
	}

	// Not before the last batch; the same time again is fine.
	_, err = e.tryBatchAt(root, now-101, e.pad())
	e.expectRevert(err, "BatchTimeBeforePrevious")
	e.must(e.tryBatchAt(root, now-100, e.pad()))
	e.must(e.tryBatch(root, e.pad()))

	// An hour later the last batch's time is too old to repeat; now is fine.
	e.adjustTime(time.Hour)
	_, err = e.tryBatchAt(root, e.lastBatchTime(), e.pad())
	e.expectRevert(err, "BatchTooOld")
	e.proveAndSubmit(root, e.pad())
	if n := call(e, rc, r.PackBatchNumber(), r.UnpackBatchNumber); n != 4 {
		t.Fatalf("batch number %d", n)
	}
}

// Two rollups on one chain have different domains, each Poseidon2(chainid, address) as Go computes it, and a proof
// made for one is not valid on the other (same verifier, same genesis, same batch number and deposit queue: only
// the domain tells them apart).
func TestDomainPerDeployment(t *testing.T) {
	e := newEnv(t, testConfig())
	chainID := OsakaChainConfig().ChainID
	a := e.dev
	b, err := DeployDevnet(e.ctx, e.senders["deployer"], DevnetConfig{Sequencer: e.addr("sequencer"),
		Verifier: a.Verifier, Token: a.Token, GenesisRoot: e.model.root(), AccountDepth: 4, PositionDepth: 2,
		Slots: DummyVerifierSlots, ForcedDelay: 10, DelayInBlocks: true})
	if err != nil {
		t.Fatal(err)
	}
	r := bindings.NewRollup()
	da := call(e, a.RollupC, r.PackDomain(), r.UnpackDomain)
	db := call(e, b.RollupC, r.PackDomain(), r.UnpackDomain)
	if da.Cmp(db) == 0 {
		t.Fatal("two rollups share a domain")
	}
	for _, d := range []struct {
		got  *big.Int
		addr common.Address
	}{{da, a.Rollup}, {db, b.Rollup}} {
		if want := domainOf(chainID, d.addr); d.got.Cmp(want) != 0 {
			t.Fatalf("domain of %s: %s, want %s", d.addr, d.got, want)
		}
	}

	// A's batch 1, replayed on B.
	root := big.NewInt(9)
	in := e.batchInputs(root, e.pad())
	proof := e.prove(in)
	_, err = e.senders["sequencer"].Transact(e.ctx, b.RollupC, r.PackSubmitBatch(root, batchTimeOf(in), e.pad(), proof, nil))
	e.expectRevert(err, "InvalidProof")
	e.must(e.submit("sequencer", root, batchTimeOf(in), e.pad(), proof))
}

// The genesis state's time starts the markets' clocks: no batch is dated before it.
func TestBatchTimeNotBeforeGenesis(t *testing.T) {
	cfg := testConfig()
	cfg.genesisTime = uint32(time.Now().Unix()) - 60
	e := newEnv(t, cfg)
	if got := e.lastBatchTime(); got != uint64(cfg.genesisTime) {
		t.Fatalf("lastBatchTime %d, want the genesis time %d", got, cfg.genesisTime)
	}
	root := big.NewInt(7)
	_, err := e.tryBatchAt(root, uint64(cfg.genesisTime)-1, e.pad())
	e.expectRevert(err, "BatchTimeBeforePrevious")
	e.must(e.tryBatchAt(root, uint64(cfg.genesisTime), e.pad()))
}

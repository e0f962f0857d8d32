package contracts

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
)

// stubInitCode wraps runtime bytecode in init code that deploys it as is.
func stubInitCode(runtime []byte) []byte {
	n := byte(len(runtime))
	// PUSH1 n PUSH1 10 PUSH0 CODECOPY PUSH1 n PUSH0 RETURN <runtime>
	return append([]byte{0x60, n, 0x60, 0x0a, 0x5f, 0x39, 0x60, n, 0x5f, 0xf3}, runtime...)
}

// TestVerifierResult checks that submitBatch accepts a batch only when the verifier returns exactly true: false, any
// other word, a short return, a revert or no code at all are InvalidProof. Stub verifiers in raw bytecode stand in for
// gnark's; the accepting stub also checks that the packed per-batch slot update leaves its neighbours alone.
func TestVerifierResult(t *testing.T) {
	e := newEnv(t, testConfig())
	stubs := []struct {
		name    string
		runtime []byte
		ok      bool
	}{
		{"returns false", []byte{0x60, 0x20, 0x5f, 0xf3}, false},                             // RETURN 32 zero bytes
		{"returns 2", []byte{0x60, 0x02, 0x5f, 0x52, 0x60, 0x20, 0x5f, 0xf3}, false},         // MSTORE 2, RETURN 32
		{"returns 1 byte", []byte{0x60, 0x01, 0x5f, 0x53, 0x60, 0x01, 0x5f, 0xf3}, false},    // MSTORE8 1, RETURN 1 byte
		{"reverts with true", []byte{0x60, 0x01, 0x5f, 0x52, 0x60, 0x20, 0x5f, 0xfd}, false}, // MSTORE 1, REVERT 32
		{"no code", nil, false},
		{"returns true", []byte{0x60, 0x01, 0x5f, 0x52, 0x60, 0x20, 0x5f, 0xf3}, true}, // MSTORE 1, RETURN 32
	}
	for _, s := range stubs {
		t.Run(s.name, func(t *testing.T) {
			verifier := common.HexToAddress("0x00000000000000000000000000000000000000e0") // no code
			if s.runtime != nil {
				var err error
				meta := &bind.MetaData{ABI: "[]", Bin: common.Bytes2Hex(stubInitCode(s.runtime))}
				if verifier, _, err = e.senders["deployer"].Deploy(e.ctx, meta, nil); err != nil {
					t.Fatal(err)
				}
			}
			dev, err := DeployDevnet(e.ctx, e.senders["deployer"], DevnetConfig{Sequencer: e.addr("sequencer"),
				Verifier: verifier, GenesisRoot: e.model.root(), AccountDepth: 4, PositionDepth: 2, Slots: 8, ForcedDelay: 10, DelayInBlocks: true})
			if err != nil {
				t.Fatal(err)
			}
			e.dev = dev
			e.fund("alice", 3*aliceDeposit)
			e.must(e.deposit("alice", aliceDeposit))
			e.must(e.deposit("alice", aliceDeposit))
			r, rc := e.rollup, e.dev.RollupC
			pd := e.pad(pdFill(0), pdDeposit(1, aliceDeposit), pdFill(1))
			_, err = e.submit("sequencer", big.NewInt(42), e.now(), pd, make([]byte, 0x300))
			if !s.ok {
				e.expectRevert(err, "InvalidProof")
				if n := call(e, rc, r.PackBatchNumber(), r.UnpackBatchNumber); n != 0 {
					t.Fatalf("batch number %d", n)
				}
				return
			}
			e.must(nil, err)
			if got := e.stateRoot().Int64(); got != 42 {
				t.Fatalf("state root %d", got)
			}
			if n := call(e, rc, r.PackBatchNumber(), r.UnpackBatchNumber); n != 1 {
				t.Fatalf("batch number %d", n)
			}
			if c := call(e, rc, r.PackDepositCursor(), r.UnpackDepositCursor); c != 1 {
				t.Fatalf("deposit cursor %d", c)
			}
			if c := call(e, rc, r.PackDepositCount(), r.UnpackDepositCount); c != 2 {
				t.Fatalf("deposit count %d", c)
			}
			if a := call(e, rc, r.PackNextAccount(), r.UnpackNextAccount); a != 2 {
				t.Fatalf("next account %d", a)
			}
			if call(e, rc, r.PackExodus(), r.UnpackExodus) {
				t.Fatal("exodus set")
			}
			// The next batch's public inputs move on: batch 2, cursor 1 → 2.
			e.must(e.submit("sequencer", big.NewInt(43), e.now(), pd, make([]byte, 0x300)))
			if c := call(e, rc, r.PackDepositCursor(), r.UnpackDepositCursor); c != 2 {
				t.Fatalf("deposit cursor %d", c)
			}
			if n := call(e, rc, r.PackBatchNumber(), r.UnpackBatchNumber); n != 2 {
				t.Fatalf("batch number %d", n)
			}
			_, err = e.submit("sequencer", big.NewInt(44), e.now(), pd, make([]byte, 0x300))
			e.expectRevert(err, "DepositQueueShort")
		})
	}
}

package blobtx

import (
	"encoding/binary"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

// CheckerRuntime is the runtime code of a minimal contract that checks its transaction's first blob at one
// point; tests and benchmarks send blob transactions to it (the batch contract does the same check). Its
// calldata is z ‖ y ‖ commitment ‖ proof (160 bytes, CheckerCalldata); it calls the point-evaluation precompile
// with BLOBHASH(0) ‖ calldata, reverts (empty reason) if the precompile fails and otherwise returns the
// precompile's 64-byte output. Hand-assembled:
//
//	00 5f       PUSH0
//	01 49       BLOBHASH            blobhash(0)
//	02 5f       PUSH0
//	03 52       MSTORE              mem[0:32] = versioned hash
//	04 60a0     PUSH1 160
//	06 5f       PUSH0
//	07 6020     PUSH1 32
//	09 37       CALLDATACOPY        mem[32:192] = calldata[0:160]
//	0a 6040     PUSH1 64            retSize
//	0c 5f       PUSH0               retOffset
//	0d 60c0     PUSH1 192           argsSize
//	0f 5f       PUSH0               argsOffset
//	10 600a     PUSH1 0x0a          point evaluation
//	12 5a       GAS
//	13 fa       STATICCALL
//	14 601a     PUSH1 0x1a
//	16 57       JUMPI               success → 1a
//	17 5f5ffd   REVERT(0, 0)
//	1a 5b       JUMPDEST
//	1b 60405ff3 RETURN(0, 64)
var CheckerRuntime = common.FromHex("5f495f5260a05f60203760405f60c05f600a5afa601a575f5ffd5b60405ff3")

// CheckerInitCode returns the creation code deploying CheckerRuntime (copy the runtime that follows the 9-byte
// prefix to memory and return it).
func CheckerInitCode() []byte {
	rt := CheckerRuntime
	// PUSH1 len, DUP1, PUSH1 9, PUSH0, CODECOPY, PUSH0, RETURN
	code := []byte{0x60, byte(len(rt)), 0x80, 0x60, 0x09, 0x5f, 0x39, 0x5f, 0xf3}
	return append(code, rt...)
}

// CheckerCalldata is the checker's calldata: z ‖ y ‖ commitment ‖ proof.
func CheckerCalldata(z kzg4844.Point, y kzg4844.Claim, commitment kzg4844.Commitment, proof kzg4844.Proof) []byte {
	return PrecompileInput(common.Hash{}, z, y, commitment, proof)[32:]
}

// PointAt returns the evaluation point with the given small value (big-endian), for tests and benchmarks.
func PointAt(v uint64) kzg4844.Point {
	var z kzg4844.Point
	binary.BigEndian.PutUint64(z[24:], v)
	return z
}

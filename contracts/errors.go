package contracts

import (
	"errors"
	"strings"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/zkperp/zkperp/contracts/bindings"
)

// RevertData extracts the revert payload carried by an RPC error (eth_call / eth_estimateGas), if any.
func RevertData(err error) ([]byte, bool) {
	var de interface{ ErrorData() any }
	if !errors.As(err, &de) {
		return nil, false
	}
	switch v := de.ErrorData().(type) {
	case string:
		if !strings.HasPrefix(v, "0x") {
			return nil, false
		}
		b, derr := hexutil.Decode(v)
		return b, derr == nil
	case []byte:
		return v, true
	case hexutil.Bytes:
		return v, true
	}
	return nil, false
}

// RollupError decodes a Rollup custom error (e.g. *bindings.RollupInvalidProof) from a revert, if it is one.
func RollupError(err error) (any, bool) {
	data, ok := RevertData(err)
	if !ok || len(data) < 4 {
		return nil, false
	}
	v, derr := bindings.NewRollup().UnpackError(data)
	if derr != nil {
		return nil, false
	}
	return v, true
}

// RevertSelector returns the 4-byte selector of a revert, if the error carries one.
func RevertSelector(err error) ([4]byte, bool) {
	var sel [4]byte
	data, ok := RevertData(err)
	if !ok || len(data) < 4 {
		return sel, false
	}
	copy(sel[:], data[:4])
	return sel, true
}

// ErrorSelector returns the selector of a custom error signature such as "InvalidProof()".
func ErrorSelector(signature string) [4]byte {
	var sel [4]byte
	copy(sel[:], crypto.Keccak256([]byte(signature))[:4])
	return sel
}

package l1verify

import (
	"errors"
	"fmt"
	"strings"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum/common"
)

// Errors. Match them with errors.Is; a disagreement between L1 and the rebuilt state is a *MismatchError that
// unwraps to one of the Err*Mismatch / ErrPubdataRejected sentinels (and to the state's own error, if any).
var (
	// ErrGenesisMismatch: the genesis file's root is not the root the rollup started from.
	ErrGenesisMismatch = errors.New("genesis root differs from the rollup's")
	// ErrConfigMismatch: the genesis file's tree depths differ from the rollup's, or its slot count is unusable.
	ErrConfigMismatch = errors.New("genesis config differs from the rollup's")
	// ErrOldRootMismatch: a batch started from a root other than the rebuilt one.
	ErrOldRootMismatch = errors.New("batch old root differs from the rebuilt root")
	// ErrRootMismatch: after applying a batch's pubdata the rebuilt root differs from the batch's new root.
	ErrRootMismatch = errors.New("batch new root differs from the rebuilt root")
	// ErrPubdataRejected: a pubdata slot of a verified batch does not apply to the rebuilt state.
	ErrPubdataRejected = errors.New("batch pubdata does not apply")
	// ErrDepositMismatch: the deposits a batch consumed differ from the L1 queue (count or rolling hash).
	ErrDepositMismatch = errors.New("batch deposits differ from the L1 queue")
	// ErrHeadMismatch: after the last batch, the rollup's stored root or batch number differs from the rebuilt one.
	ErrHeadMismatch = errors.New("rollup head differs from the rebuilt state")

	// ErrIndirectSubmission: the transaction that emitted BatchVerified is not a direct submitBatch call to the
	// rollup (e.g. it went through a multisig or another contract), so its pubdata cannot be read from calldata.
	ErrIndirectSubmission = errors.New("batch not submitted by a direct submitBatch call")
	// ErrBadCalldata: a submitBatch call's calldata does not decode or disagrees with its event.
	ErrBadCalldata = errors.New("undecodable submitBatch calldata")
	// ErrBadEvent: a rollup event does not decode or carries an out-of-range value.
	ErrBadEvent = errors.New("undecodable rollup event")
	// ErrMissingHistory: events needed to rebuild were not found (a batch number gap, a deposit queued before
	// --from-block, ...): start from the rollup's deployment block.
	ErrMissingHistory = errors.New("rollup history incomplete")
	// ErrUnknownAccount: the account has no L1 owner (never registered by a deposit) or is out of range.
	ErrUnknownAccount = errors.New("unknown account")
	// ErrExitProof: an exit proof does not hash to the expected root or is malformed.
	ErrExitProof = errors.New("invalid exit proof")
)

// MismatchError is the first disagreement between the rollup on L1 and the state rebuilt from its data.
type MismatchError struct {
	Kind   error       // one of the Err*Mismatch sentinels or ErrPubdataRejected
	Batch  uint64      // batch number (0: genesis)
	Slot   int         // pubdata slot, or -1 when the mismatch is not about one slot
	TxHash common.Hash // the submitBatch transaction, when known
	Want   fr.Element  // what L1 says (root, deposit hash)
	Got    fr.Element  // what the rebuilt state says
	Detail string      // extra context
	Cause  error       // the state's rejection, for ErrPubdataRejected
}

func (e *MismatchError) Error() string {
	var b strings.Builder
	if e.Batch == 0 {
		b.WriteString("genesis: ")
	} else {
		fmt.Fprintf(&b, "batch %d: ", e.Batch)
	}
	b.WriteString(e.Kind.Error())
	if e.Slot >= 0 {
		fmt.Fprintf(&b, " (slot %d)", e.Slot)
	}
	if e.Cause != nil {
		fmt.Fprintf(&b, ": %v", e.Cause)
	} else if e.Detail == "" {
		fmt.Fprintf(&b, ": L1 %s, rebuilt %s", hexElem(e.Want), hexElem(e.Got))
	}
	if e.Detail != "" {
		fmt.Fprintf(&b, ": %s", e.Detail)
	}
	if e.TxHash != (common.Hash{}) {
		fmt.Fprintf(&b, " [tx %s]", e.TxHash.Hex())
	}
	return b.String()
}

// Unwrap exposes the kind and the cause to errors.Is / errors.As.
func (e *MismatchError) Unwrap() []error {
	if e.Cause != nil {
		return []error{e.Kind, e.Cause}
	}
	return []error{e.Kind}
}

func hexElem(e fr.Element) string {
	b := e.Bytes()
	return "0x" + common.Bytes2Hex(b[:])
}

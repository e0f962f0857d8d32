package state

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/state/smt"
)

// LeafUpdate is one leaf change in one tree: the value before and after and the siblings of its path (the same
// siblings prove Before under the old root and After under the new root). A no-change update has Before == After.
type LeafUpdate[T any] struct {
	Index         uint64
	Before, After T
	Proof         smt.Proof
}

// AccountUpdate changes one account leaf and, inside it, one position leaf and one order slot. The circuit applies
// them in this order: order slot (orders subtree), position (positions subtree), account leaf (accounts tree).
type AccountUpdate struct {
	Account  LeafUpdate[Account]
	Position LeafUpdate[Position]
	Order    LeafUpdate[OrderSlot]
}

// Trace is everything the circuit needs to prove one applied transaction. Every trace has the same shape whatever
// the tx type: two account updates (applied in order), then one market update. Global root = H(accounts, markets).
type Trace struct {
	Tx       Tx
	Pubdata  fr.Element
	Before   Head
	After    Head
	Accounts [2]AccountUpdate
	Market   LeafUpdate[Market]
}

// Package gadget holds the small in-circuit building blocks of the zkperp batch
// circuit: Poseidon2 hashing and leaf chains, sparse-Merkle path updates, field
// packing with range checks, signed fixed-point arithmetic, EdDSA verification
// and the perpetual-futures rules of docs/protocol.md §4–§5.
//
// Every gadget is a small noun built once per circuit from the frontend API;
// its verb methods add constraints. No hint output is left unconstrained:
// every hinted value is range-checked and recomposed, or bound by an equation.
package gadget

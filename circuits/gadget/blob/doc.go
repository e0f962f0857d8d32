// Package blob proves in-circuit that an EIP-4844 blob holds exactly a given
// list of pubdata words.
//
// Encoding: word i (a BN254 scalar, below 2^WordBits ≤ 2^253 < p_BN254 <
// r_BLS12-381) is blob field element i, 32 bytes big-endian; the elements
// after the last word are zero. The blob is the evaluation form of a
// polynomial P over the EIP-4844 domain ω_i = g^bitrev12(i), g of order 4096.
//
// Statement: for the versioned hash vh = (vhHi, vhLo) and the words d_0..d_{n−1}
//
//	z = Chain(TagChallenge, vhHi, vhLo, d_0, …, d_{n−1})   (Poseidon2, BN254)
//	y = P_d(z) in F_r(BLS12-381)                             (barycentric form)
//
// where P_d interpolates the words (and zeros). The L1 contract passes
// (vh, z, y) to the point-evaluation precompile, which checks P_blob(z) = y
// for the blob committed by vh; Schwartz–Zippel then gives P_blob = P_d, i.e.
// the blob holds exactly the words, except with probability ≤ 4095/p_BN254
// per hash query (docs/circuits.md, "Blob evaluation").
//
// The package has the in-circuit gadget (Evaluator) and its native
// counterpart (Encode, Challenge, Evaluate, Opening), checked against
// go-ethereum's crypto/kzg4844.
package blob

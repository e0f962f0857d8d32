package state

import (
	"crypto/ecdsa"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards/eddsa"

	"github.com/zkperp/zkperp/state/hash"
	"github.com/zkperp/zkperp/state/sigbatch"
	"github.com/zkperp/zkperp/state/sign"
)

// KeyDerivationMessage is the message a trader's Ethereum key signs (EIP-191 personal_sign) to derive its L2 key for
// the deployment d (sign.KeyDerivationMessage).
func KeyDerivationMessage(d Domain) string { return sign.KeyDerivationMessage(d) }

// PrivateKey is a trader's L2 signing key, bound to the deployment (Domain) it signs for (sign.PrivateKey: the
// client, the browser signer and the state sign with the same code).
type PrivateKey = sign.PrivateKey

// NewPrivateKey derives a key from a 32-byte seed, deterministically (sign.NewPrivateKey). It signs for the zero
// Domain until For binds it to a deployment.
func NewPrivateKey(seed [32]byte) (*PrivateKey, error) { return sign.NewPrivateKey(seed) }

// DeriveL2Key derives the L2 key of deployment d from an Ethereum key (sign.DeriveL2Key): seed =
// sha256(personal_sign(KeyDerivationMessage(d))); the key signs for d.
func DeriveL2Key(eth *ecdsa.PrivateKey, d Domain) (*PrivateKey, error) {
	return sign.DeriveL2Key(eth, d)
}

// VerifySignature checks that sig is pk's signature of msg in deployment d (over H(domain, msg)). It never panics on
// malformed input.
func VerifySignature(d Domain, pk PublicKey, msg fr.Element, sig Signature) error {
	return verifySignature(nil, hash.New(), d.Element(), pk, msg, sig)
}

// verifySignature is VerifySignature through v's key cache (nil: none), with the domain's element de (Element)
// and a hasher to wrap the message.
func verifySignature(v *sigbatch.Verifier, h *hash.Hasher, de fr.Element, pk PublicKey, msg fr.Element, sig Signature) error {
	if pk.IsZero() {
		return fmt.Errorf("%w: account has no key", ErrBadSignature)
	}
	var pub eddsa.PublicKey
	pub.A.X, pub.A.Y = pk.X, pk.Y
	if !pub.A.IsOnCurve() {
		return fmt.Errorf("%w: key not on curve", ErrBadSignature)
	}
	wrapped := h.Compress(de, msg)
	mb := wrapped.Bytes()
	// sigbatch.Verify accepts exactly what pub.Verify(sig, mb, POSEIDON2_BN254) accepts, with the same errors
	ok, err := v.Verify(&pub.A, mb[:], sig[:])
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	if !ok {
		return ErrBadSignature
	}
	return nil
}

// SigComponents returns the signature as the circuit takes it: R = (x, y) and S (a scalar < the subgroup order).
func SigComponents(sig Signature) (rx, ry fr.Element, s []byte, err error) {
	var es eddsa.Signature
	if _, err = es.SetBytes(sig[:]); err != nil {
		return rx, ry, nil, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	return es.R.X, es.R.Y, es.S[:], nil
}

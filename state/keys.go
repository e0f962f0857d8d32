package state

import (
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards/eddsa"
	gcHash "github.com/consensys/gnark-crypto/hash"
	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/zkperp/zkperp/state/hash"

	"github.com/zkperp/zkperp/state/sigbatch"
)

// KeyDerivationMessage is the message a trader's Ethereum key signs (EIP-191 personal_sign) to derive its L2 key for
// the deployment d: it names the chain and the rollup contract, so every deployment gives another L2 key. Changing
// it changes every trader's L2 key.
func KeyDerivationMessage(d Domain) string {
	return fmt.Sprintf("zkperp: derive my L2 trading key.\nOnly sign this on a zkperp client.\nchain: %d\nrollup: %s\nversion: 2",
		d.ChainID, d.Rollup.Hex())
}

// PrivateKey is a trader's L2 signing key, bound to the deployment (Domain) it signs for.
type PrivateKey struct {
	k      *eddsa.PrivateKey
	domain Domain
}

// NewPrivateKey derives a key from a 32-byte seed, deterministically. It signs for the zero Domain until For binds
// it to a deployment.
func NewPrivateKey(seed [32]byte) (*PrivateKey, error) {
	k, err := eddsa.GenerateKey(&seedReader{seed: seed})
	if err != nil {
		return nil, fmt.Errorf("state: generate key: %w", err)
	}
	return &PrivateKey{k: k}, nil
}

// For returns the same key signing for deployment d.
func (k *PrivateKey) For(d Domain) *PrivateKey { return &PrivateKey{k: k.k, domain: d} }

// Domain returns the deployment the key signs for.
func (k *PrivateKey) Domain() Domain { return k.domain }

// DeriveL2Key derives the L2 key of deployment d from an Ethereum key: seed = sha256(personal_sign(
// KeyDerivationMessage(d))); the key signs for d. go-ethereum signs with RFC 6979 deterministic nonces, so the same
// Ethereum key always gives the same L2 key for a deployment.
func DeriveL2Key(eth *ecdsa.PrivateKey, d Domain) (*PrivateKey, error) {
	if eth == nil {
		return nil, errors.New("state: nil ethereum key")
	}
	sig, err := crypto.Sign(accounts.TextHash([]byte(KeyDerivationMessage(d))), eth)
	if err != nil {
		return nil, fmt.Errorf("state: sign key derivation message: %w", err)
	}
	k, err := NewPrivateKey(sha256.Sum256(sig))
	if err != nil {
		return nil, err
	}
	return k.For(d), nil
}

// seedReader expands a seed into a deterministic byte stream (SHA-256 in counter mode).
type seedReader struct {
	seed [32]byte
	ctr  uint64
	buf  []byte
}

func (r *seedReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(r.buf) == 0 {
			var in [40]byte
			copy(in[:], r.seed[:])
			binary.BigEndian.PutUint64(in[32:], r.ctr)
			r.ctr++
			s := sha256.Sum256(in[:])
			r.buf = s[:]
		}
		c := copy(p[n:], r.buf)
		r.buf = r.buf[c:]
		n += c
	}
	return n, nil
}

// Public returns the public key.
func (k *PrivateKey) Public() PublicKey {
	return PublicKey{X: k.k.PublicKey.A.X, Y: k.k.PublicKey.A.Y}
}

// SignMessage signs a message field element for the key's deployment: the signature is over H(domain, msg).
func (k *PrivateKey) SignMessage(msg fr.Element) (Signature, error) {
	wrapped := k.domain.Wrap(msg)
	mb := wrapped.Bytes()
	sig, err := k.k.Sign(mb[:], gcHash.POSEIDON2_BN254.New())
	if err != nil {
		return Signature{}, fmt.Errorf("state: sign: %w", err)
	}
	var s Signature
	copy(s[:], sig)
	return s, nil
}

// SignOrder fills o.Sig.
func (k *PrivateKey) SignOrder(o *Order) error {
	s, err := k.SignMessage(o.Message())
	o.Sig = s
	return err
}

// SignWithdraw fills w.Sig.
func (k *PrivateKey) SignWithdraw(w *Withdraw) error {
	s, err := k.SignMessage(w.Message())
	w.Sig = s
	return err
}

// SignPositionMargin fills m.Sig.
func (k *PrivateKey) SignPositionMargin(m *PositionMargin) error {
	s, err := k.SignMessage(m.Message())
	m.Sig = s
	return err
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

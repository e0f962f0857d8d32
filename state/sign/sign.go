// Package sign is what a trader needs to sign for zkperp, and nothing more: the deployment (Domain), the L2 key
// (EdDSA on BN254's twisted Edwards curve with the Poseidon2 hasher, gnark-crypto) derived from an Ethereum key or
// from a wallet's signature of the key-derivation message, and the packed messages of every signed request
// (orders, withdrawals, margin transfers, cancels, cancel-alls, amends; docs/protocol.md §3).
//
// It is the one implementation: package state re-exports its types (state.Domain, state.PrivateKey,
// state.PublicKey, state.Signature, state.Order are aliases) and the node verifies what it signs; the Go client and
// the browser signer (web/signer, WebAssembly) sign with it. It imports gnark-crypto and go-ethereum's crypto, not
// the state tree, the circuits or the node.
package sign

import (
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards/eddsa"
	gcHash "github.com/consensys/gnark-crypto/hash"
	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/zkperp/zkperp/state/hash"
)

// Signature is an EdDSA signature (R compressed || S), 64 bytes.
type Signature [64]byte

// PublicKey is an EdDSA public key on BN254's twisted Edwards curve, as affine coordinates.
type PublicKey struct{ X, Y fr.Element }

// IsZero reports the unset key (0, 0) of an account before its first deposit.
func (k PublicKey) IsZero() bool { return k.X.IsZero() && k.Y.IsZero() }

// Domain names one deployment: the L1 chain and the rollup contract (docs/protocol.md §5 "Domain separation").
// Every signature is over H(domain, message), so a signature made for one deployment is invalid on every other,
// and the L2 key derivation names both (DeriveL2Key).
type Domain struct {
	ChainID uint64
	Rollup  common.Address
}

// Element returns H(chainId, uint160(rollup)), the batch proof's public input `domain` (the L1 contract computes
// the same value from block.chainid and address(this)).
func (d Domain) Element() fr.Element {
	var c, a fr.Element
	c.SetUint64(d.ChainID)
	a.SetBytes(d.Rollup[:])
	return hash.New().Compress(c, a)
}

// Wrap returns H(domain, msg): what a key signs for msg in this deployment. Callers wrapping many messages take the
// element once (Element) and compress with it.
func (d Domain) Wrap(msg fr.Element) fr.Element {
	return hash.New().Compress(d.Element(), msg)
}

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
		return nil, fmt.Errorf("sign: generate key: %w", err)
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
		return nil, errors.New("sign: nil ethereum key")
	}
	sig, err := crypto.Sign(accounts.TextHash([]byte(KeyDerivationMessage(d))), eth)
	if err != nil {
		return nil, fmt.Errorf("sign: sign key derivation message: %w", err)
	}
	return DeriveL2KeyFromSignature(sig, d)
}

// ErrBadDerivationSignature is a key-derivation signature that is not 65 bytes r || s || v.
var ErrBadDerivationSignature = errors.New("sign: key derivation signature must be 65 bytes (r, s, v)")

// DeriveL2KeyFromSignature derives the L2 key of deployment d from the 65-byte personal_sign signature of
// KeyDerivationMessage(d) made by a wallet (eth_sign / personal_sign in a browser wallet): the same key DeriveL2Key
// gives for the wallet's Ethereum key. Wallets write v as 27 or 28, go-ethereum as 0 or 1: v is normalized to 0/1
// before hashing. The signature is not checked against an address: a wrong one gives another key, which the node
// refuses as not the account's.
func DeriveL2KeyFromSignature(sig []byte, d Domain) (*PrivateKey, error) {
	if len(sig) != crypto.SignatureLength {
		return nil, fmt.Errorf("%w: got %d bytes", ErrBadDerivationSignature, len(sig))
	}
	s := append([]byte(nil), sig...)
	switch v := s[64]; {
	case v == 27 || v == 28:
		s[64] = v - 27
	case v > 1:
		return nil, fmt.Errorf("%w: v = %d", ErrBadDerivationSignature, v)
	}
	k, err := NewPrivateKey(sha256.Sum256(s))
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
		return Signature{}, fmt.Errorf("sign: sign: %w", err)
	}
	var s Signature
	copy(s[:], sig)
	return s, nil
}

// Signable is a signed request with the place of its signature: Order, Withdraw, PositionMargin (and the state's
// transactions built on them).
type Signable interface {
	Message() fr.Element
	SetSig(Signature)
}

// Sign signs m's message and stores the signature in m.
func (k *PrivateKey) Sign(m Signable) error {
	s, err := k.SignMessage(m.Message())
	if err != nil {
		return err
	}
	m.SetSig(s)
	return nil
}

// SignOrder fills o.Sig.
func (k *PrivateKey) SignOrder(o *Order) error { return k.Sign(o) }

// SignWithdraw fills the withdrawal's signature.
func (k *PrivateKey) SignWithdraw(w Signable) error { return k.Sign(w) }

// SignPositionMargin fills the margin transfer's signature.
func (k *PrivateKey) SignPositionMargin(m Signable) error { return k.Sign(m) }

// Message tags (low 4 bits of every signed message): the state's transactions use 1–3, the book-only messages
// (cancel, cancel-all, amend) 4–6.
const (
	TagOrder          = 1
	TagWithdraw       = 2
	TagPositionMargin = 3
	TagCancel         = 4
	TagCancelAll      = 5
	TagAmend          = 6
	TagLogon          = 7
)

// MaxSize is the largest price or size an order message holds (48 bits, docs/protocol.md §2).
const MaxSize = 1<<48 - 1

// Order is a signed order as the circuit sees it. Book-only flags (IOC, post-only, ...) are not part of it.
type Order struct {
	Account     uint32
	ID          uint32
	Market      uint8
	Buy         bool
	Price       uint64 // limit price, quantums per step
	Size        uint64 // steps
	MaxMakerFee uint16 // ppm
	MaxTakerFee uint16 // ppm
	Expiry      uint32 // unix seconds, 0 = none; a fill needs Expiry ≥ the batch time
	Sig         Signature
}

// Message returns the signed field element of an order.
func (o *Order) Message() fr.Element {
	return Pack([]uint64{TagOrder, uint64(o.Account), uint64(o.ID), uint64(o.Market), b2u(o.Buy), o.Price, o.Size,
		uint64(o.MaxMakerFee), uint64(o.MaxTakerFee), uint64(o.Expiry)},
		[]uint{4, 32, 32, 8, 1, 48, 48, 16, 16, 32})
}

// SetSig sets the order's signature.
func (o *Order) SetSig(s Signature) { o.Sig = s }

// Withdraw moves free collateral to the account's L1 owner. Signed.
type Withdraw struct {
	Account uint32
	Amount  uint64
	Nonce   uint32
	Sig     Signature
}

// Message returns the signed field element of a withdrawal.
func (w *Withdraw) Message() fr.Element {
	return Pack([]uint64{TagWithdraw, uint64(w.Account), w.Amount, uint64(w.Nonce)}, []uint{4, 32, 64, 32})
}

// SetSig sets the withdrawal's signature.
func (w *Withdraw) SetSig(s Signature) { w.Sig = s }

// PositionMargin moves collateral between free and one isolated position. Signed.
type PositionMargin struct {
	Account    uint32
	Market     uint8
	ToPosition bool // true: free → position; false: position → free
	Amount     uint64
	Nonce      uint32
	Sig        Signature
}

// Message returns the signed field element of a margin transfer.
func (m *PositionMargin) Message() fr.Element {
	return Pack([]uint64{TagPositionMargin, uint64(m.Account), uint64(m.Market), b2u(m.ToPosition), m.Amount,
		uint64(m.Nonce)}, []uint{4, 32, 8, 1, 64, 32})
}

// SetSig sets the margin transfer's signature.
func (m *PositionMargin) SetSig(s Signature) { m.Sig = s }

// CancelMessage is the signed element of a cancel: 4 + 16·(account + 2^32·market + 2^40·orderID).
func CancelMessage(account uint32, market uint8, orderID uint32) fr.Element {
	return packSum([]uint64{TagCancel, uint64(account), uint64(market), uint64(orderID)}, []uint{4, 32, 8, 32})
}

// CancelAllMessage is the signed element of a cancel-all: 5 + 16·(account + 2^32·market + 2^40·upTo +
// 2^72·nonce).
func CancelAllMessage(account uint32, market uint8, upTo uint32, nonce uint64) fr.Element {
	return packSum([]uint64{TagCancelAll, uint64(account), uint64(market), uint64(upTo), nonce}, []uint{4, 32, 8, 32, 64})
}

// AmendMessage is the signed element of an amend: 6 + 16·(account + 2^32·id + 2^64·version + 2^128·price +
// 2^176·size), price and size those of the new order o.
func AmendMessage(o *Order, version uint64) fr.Element {
	return packSum([]uint64{TagAmend, uint64(o.Account), uint64(o.ID), version, o.Price, o.Size},
		[]uint{4, 32, 32, 64, 48, 48})
}

// LogonMessage is the signed element of a session logon: 7 + 16·(account + 2^32·challenge), the challenge (128
// bits, big-endian) drawn by the node for one WebSocket connection (docs/api.md §2 "Sessions").
func LogonMessage(account uint32, challenge [16]byte) fr.Element {
	return packSum([]uint64{TagLogon, uint64(account), binary.BigEndian.Uint64(challenge[8:]),
		binary.BigEndian.Uint64(challenge[:8])}, []uint{4, 32, 64, 64})
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// Pack returns Σ parts[i]·2^offset_i as a field element; widths give the bit width of each part (the parts are not
// masked: a part wider than its width overlaps the next, which the bounds of the signed fields rule out).
func Pack(parts []uint64, widths []uint) fr.Element {
	var w [5]uint64 // the sum's 64-bit words, least significant first: room for a 64-bit part at any offset ≤ 256
	off := uint(0)
	for i, p := range parts {
		if off > 256 {
			return packBig(parts, widths)
		}
		q, r := off/64, off%64
		w[q] |= p << r
		if r > 0 && q < 4 {
			w[q+1] |= p >> (64 - r)
		}
		off += widths[i]
	}
	var b [40]byte // big-endian
	for i, x := range w {
		binary.BigEndian.PutUint64(b[32-8*i:], x)
	}
	var e fr.Element
	if w[4] == 0 {
		e.SetBytes(b[8:]) // reduced mod r, as SetBigInt does
	} else {
		e.SetBytes(b[:])
	}
	return e
}

// packBig is Pack on big integers, for offsets past 256 bits.
func packBig(parts []uint64, widths []uint) fr.Element {
	acc := new(big.Int)
	off := uint(0)
	for i, p := range parts {
		acc.Or(acc, new(big.Int).Lsh(new(big.Int).SetUint64(p), off))
		off += widths[i]
	}
	var e fr.Element
	e.SetBigInt(acc)
	return e
}

// packSum returns Σ parts[i]·2^offset_i computed in the field (the book-only messages: cancel, cancel-all, amend).
// It equals Pack when every part fits its width; an amend's price or size above 48 bits (which the book refuses)
// adds instead of overlapping.
func packSum(parts []uint64, widths []uint) fr.Element {
	var acc, tmp, shift, two fr.Element
	shift.SetOne()
	two.SetUint64(2)
	for i, p := range parts {
		tmp.SetUint64(p)
		tmp.Mul(&tmp, &shift)
		acc.Add(&acc, &tmp)
		for range widths[i] {
			shift.Mul(&shift, &two)
		}
	}
	return acc
}

// Package sigbatch verifies the L2's EdDSA signatures (BN254's twisted Edwards curve, Poseidon2 challenge, as
// gnark-crypto's ecc/bn254/twistededwards/eddsa signs them) faster than gnark-crypto's Verify, singly and in batches.
//
// Verify accepts exactly what (*eddsa.PublicKey).Verify with hash.POSEIDON2_BN254 accepts: the key must be a
// non-identity point of the prime-order subgroup, the signature must decode with eddsa.Signature.SetBytes (R
// canonical, non-zero, on the curve and in the subgroup; 0 < S < ℓ), and [8][S]G = [8](R + [h]A) with
// h = Poseidon2(R, A, msg). It is faster because [S]G comes from a large fixed-base table, [h]A from a per-key
// table once a key has been seen before (or a signed-window Straus otherwise), no point is normalised to affine, and
// a key's subgroup check is remembered.
//
// VerifyBatch checks n signatures with one random linear combination of their equations,
// [8]([Σ z_i S_i]G − Σ [z_i]R_i − Σ [z_i h_i]A_i) = O, with 128-bit z_i drawn from crypto/rand for every batch; the
// terms of one key are merged, and the R terms go through one multi-scalar multiplication (Straus for a few,
// Pippenger for many). When the combination fails, every signature is verified alone, so the result names exactly
// the bad ones; a batch never accepts a signature that Verify rejects.
package sigbatch

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"math/big"
	"sync"
	"sync/atomic"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	_ "github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2" // registers POSEIDON2_BN254
	tw "github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards/eddsa"
	gcHash "github.com/consensys/gnark-crypto/hash"
)

// ErrMismatch is the answer for a well-formed signature whose equation does not hold (eddsa's Verify: false, nil).
var ErrMismatch = errors.New("sigbatch: signature does not verify")

// The errors eddsa's Verify gives for a key it refuses (same text).
var (
	errIdentity      = errors.New("identity point")
	errNotInSubgroup = errors.New("point not in subgroup")
)

// Item is one signature to check: key A, the signed message bytes (as eddsa's Verify takes them) and the 64-byte
// signature.
type Item struct {
	Key tw.PointAffine
	Msg []byte
	Sig []byte
}

const scalarBits = 252 // ℓ < 2^252

// gWindow is the signed window of the base point's table: 2^(gWindow-1) points per window.
const gWindow = 7

// keyWindow is the signed window of a key's table (about 33 KiB a key).
const keyWindow = 4

var (
	gTableOnce sync.Once
	gTable     *fixedTable
)

func baseTable() *fixedTable {
	gTableOnce.Do(func() {
		c := tw.GetEdwardsCurve()
		gTable = newFixedTable(&c.Base, gWindow, scalarBits)
	})
	return gTable
}

// key cache: validated keys, with a table once a key is used again.
const (
	maxKeys    = 1 << 14
	maxTables  = 1 << 10
	tableAfter = 2 // uses before a key gets its table
)

type keyEntry struct {
	a     tw.PointAffine
	uses  atomic.Int32
	table atomic.Pointer[fixedTable]
}

// Verifier verifies signatures like Verify and VerifyBatch, remembering validated keys (at most maxKeys) and building
// a table for a key used again (at most maxTables). Safe for concurrent use. A nil *Verifier remembers nothing.
type Verifier struct {
	mu        sync.RWMutex
	m         map[[2]fr.Element]*keyEntry
	tables    atomic.Int32
	keyTables bool
}

// New returns a Verifier with per-key tables.
func New() *Verifier { return &Verifier{keyTables: true} }

// keyOf validates A as eddsa's Verify does (non-identity, in the subgroup), remembering valid keys.
func (v *Verifier) keyOf(a *tw.PointAffine) (*keyEntry, error) {
	id := [2]fr.Element{a.X, a.Y}
	var e *keyEntry
	if v != nil {
		v.mu.RLock()
		e = v.m[id]
		v.mu.RUnlock()
	}
	if e == nil {
		if a.IsZero() {
			return nil, errIdentity
		}
		if !a.IsInSubGroup() {
			return nil, errNotInSubgroup
		}
		e = &keyEntry{a: *a}
		if v == nil {
			return e, nil
		}
		v.mu.Lock()
		if v.m == nil || len(v.m) >= maxKeys {
			v.m = make(map[[2]fr.Element]*keyEntry)
			v.tables.Store(0)
		}
		if old := v.m[id]; old != nil {
			e = old
		} else {
			v.m[id] = e
		}
		v.mu.Unlock()
	}
	if e.uses.Add(1) == tableAfter && v.keyTables && e.table.Load() == nil && v.tables.Add(1) <= maxTables {
		e.table.Store(newFixedTable(&e.a, keyWindow, scalarBits))
	}
	return e, nil
}

// prepared is a decoded signature with its challenge h mod ℓ.
type prepared struct {
	key *keyEntry
	r   tw.PointAffine
	s   big.Int
	h   big.Int
}

func (v *Verifier) prepare(it *Item, p *prepared) error {
	k, err := v.keyOf(&it.Key)
	if err != nil {
		return err
	}
	var sig eddsa.Signature
	if _, err := sig.SetBytes(it.Sig); err != nil {
		return err
	}
	hf := gcHash.POSEIDON2_BN254.New()
	rx, ry := sig.R.X.Bytes(), sig.R.Y.Bytes()
	ax, ay := k.a.X.Bytes(), k.a.Y.Bytes()
	for _, b := range [][]byte{rx[:], ry[:], ax[:], ay[:], it.Msg} {
		if _, err := hf.Write(b); err != nil {
			return err
		}
	}
	p.key, p.r = k, sig.R
	p.s.SetBytes(sig.S[:])
	p.h.SetBytes(hf.Sum(nil))
	p.h.Mod(&p.h, &order)
	return nil
}

// negMod returns ℓ − x mod ℓ for 0 ≤ x < ℓ as a scalar.
func negMod(x *big.Int) scalar {
	if x.Sign() == 0 {
		return scalar{}
	}
	var t big.Int
	t.Sub(&order, x)
	return toScalar(&t)
}

// isIdentityTimes8 reports whether [8]p = O.
func isIdentityTimes8(p *tw.PointExtended) bool {
	p.Double(p)
	p.Double(p)
	p.Double(p)
	return p.X.IsZero() && p.Y.Equal(&p.Z)
}

func (p *prepared) check() bool {
	var acc tw.PointExtended
	setZero(&acc)
	s := toScalar(&p.s)
	baseTable().addMul(&acc, &s)
	nh := negMod(&p.h)
	if t := p.key.table.Load(); t != nil {
		t.addMul(&acc, &nh)
	} else {
		msm(&acc, []tw.PointAffine{p.key.a}, []scalar{nh}, scalarBits)
	}
	var nr tw.PointAffine
	nr.Neg(&p.r)
	acc.MixedAdd(&acc, &nr)
	return isIdentityTimes8(&acc)
}

// Verify checks one signature: (true, nil) when it holds, (false, nil) when a well-formed signature does not hold,
// (false, err) with eddsa's error when the key or signature is malformed — exactly as (*eddsa.PublicKey).Verify
// with hash.POSEIDON2_BN254.
func Verify(key *tw.PointAffine, msg, sig []byte) (bool, error) {
	return (*Verifier)(nil).Verify(key, msg, sig)
}

// Verify is the package's Verify with v's key cache.
func (v *Verifier) Verify(key *tw.PointAffine, msg, sig []byte) (bool, error) {
	var p prepared
	if err := v.prepare(&Item{Key: *key, Msg: msg, Sig: sig}, &p); err != nil {
		return false, err
	}
	return p.check(), nil
}

// VerifyBatch checks the items together. It returns nil when every signature holds; otherwise one entry per item:
// nil for a good signature, ErrMismatch for a well-formed signature that does not hold, or eddsa's decoding error.
func VerifyBatch(items []Item) []error {
	return (*Verifier)(nil).VerifyBatch(items)
}

// VerifyBatch is the package's VerifyBatch with v's key cache.
func (v *Verifier) VerifyBatch(items []Item) []error {
	if len(items) == 0 {
		return nil
	}
	ps := make([]prepared, len(items))
	var errs []error
	good := make([]int, 0, len(items))
	for i := range items {
		if err := v.prepare(&items[i], &ps[i]); err != nil {
			if errs == nil {
				errs = make([]error, len(items))
			}
			errs[i] = err
			continue
		}
		good = append(good, i)
	}
	if len(good) == 1 {
		if !ps[good[0]].check() {
			if errs == nil {
				errs = make([]error, len(items))
			}
			errs[good[0]] = ErrMismatch
		}
		return errs
	}
	if len(good) > 0 && !combined(ps, good) {
		if errs == nil {
			errs = make([]error, len(items))
		}
		for _, i := range good {
			if !ps[i].check() {
				errs[i] = ErrMismatch
			}
		}
	}
	return errs
}

// combined checks [8]([Σ z_i S_i]G − Σ [z_i]R_i − Σ [z_i h_i]A_i) = O over the items idx.
func combined(ps []prepared, idx []int) bool {
	zb := make([]byte, 16*len(idx))
	if _, err := rand.Read(zb); err != nil {
		panic("sigbatch: crypto/rand: " + err.Error())
	}
	var sum, z, t big.Int
	rs := make([]tw.PointAffine, len(idx))
	rz := make([]scalar, len(idx))
	perKey := make(map[*keyEntry]*big.Int, 4)
	var keyOrder []*keyEntry
	for j, i := range idx {
		p := &ps[i]
		lo := binary.LittleEndian.Uint64(zb[16*j:])
		hi := binary.LittleEndian.Uint64(zb[16*j+8:])
		rz[j] = scalar{lo, hi}
		z.SetUint64(hi).Lsh(&z, 64).Or(&z, t.SetUint64(lo))
		t.Mul(&z, &p.s)
		sum.Add(&sum, &t)
		rs[j].Neg(&p.r)
		c := perKey[p.key]
		if c == nil {
			c = new(big.Int)
			perKey[p.key] = c
			keyOrder = append(keyOrder, p.key)
		}
		t.Mul(&z, &p.h)
		c.Add(c, &t)
	}
	sum.Mod(&sum, &order)
	var acc tw.PointExtended
	setZero(&acc)
	s := toScalar(&sum)
	baseTable().addMul(&acc, &s)
	var aPts []tw.PointAffine
	var aSc []scalar
	for _, k := range keyOrder {
		c := perKey[k]
		c.Mod(c, &order)
		nc := negMod(c)
		if tab := k.table.Load(); tab != nil {
			tab.addMul(&acc, &nc)
		} else {
			aPts = append(aPts, k.a)
			aSc = append(aSc, nc)
		}
	}
	msm(&acc, aPts, aSc, scalarBits)
	msm(&acc, rs, rz, 128)
	return isIdentityTimes8(&acc)
}

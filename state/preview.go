package state

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"

	"github.com/zkperp/zkperp/state/hash"
	"github.com/zkperp/zkperp/state/sigbatch"
)

// PreviewFill returns the position after a fill of q steps at price on the given side, with funding settled and the
// fee charged, or the error the Fill transition would return for this side (insufficient margin, overflow). The
// sequencer's pre-trade risk check uses it; it changes nothing.
func PreviewFill(p Position, m Market, buy bool, q, price uint64, feePpm uint16) (Position, error) {
	if !m.Active() {
		return p, ErrUnknownMarket
	}
	if q == 0 || q > MaxSize || price == 0 || price > MaxSize {
		return p, fmt.Errorf("%w: size/price", ErrOverflow)
	}
	settled, _, err := settle(p, m)
	if err != nil {
		return p, err
	}
	np, _, err := fillSide(settled, m, buy, q, price, feePpm)
	return np, err
}

// SigCache remembers verified (key, message, signature) triples so that a signature checked at ingress (in
// parallel, before the single-writer core) is not checked again when its order fills. Safe for concurrent use;
// bounded (it is cleared when full).
type SigCache struct {
	mu  sync.Mutex
	max int
	ok  map[[32]byte]struct{}
	v   *sigbatch.Verifier // validated keys and their tables
	// the element of the last domain verified for (a node verifies for one): computed once, not per signature
	dom     Domain
	domElem fr.Element
	domSet  bool
}

// element returns d.Element(), computed once per domain.
func (c *SigCache) element(d Domain) fr.Element {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.domSet || c.dom != d {
		c.dom, c.domElem, c.domSet = d, d.Element(), true
	}
	return c.domElem
}

// NewSigCache returns a cache of at most max entries.
func NewSigCache(max int) *SigCache {
	return &SigCache{max: max, ok: make(map[[32]byte]struct{}, max), v: sigbatch.New()}
}

func sigKey(d Domain, pk PublicKey, msg fr.Element, sig Signature) [32]byte {
	h := sha256.New()
	x, y, m := pk.X.Bytes(), pk.Y.Bytes(), msg.Bytes()
	var c [8]byte
	binary.BigEndian.PutUint64(c[:], d.ChainID)
	h.Write(c[:])
	h.Write(d.Rollup[:])
	h.Write(x[:])
	h.Write(y[:])
	h.Write(m[:])
	h.Write(sig[:])
	var k [32]byte
	copy(k[:], h.Sum(nil))
	return k
}

// Verify checks the signature of msg in deployment d, answering from the cache when it was verified before.
func (c *SigCache) Verify(d Domain, pk PublicKey, msg fr.Element, sig Signature) error {
	if c == nil {
		return VerifySignature(d, pk, msg, sig)
	}
	k := sigKey(d, pk, msg, sig)
	c.mu.Lock()
	_, hit := c.ok[k]
	c.mu.Unlock()
	if hit {
		return nil
	}
	if err := verifySignature(c.v, hash.New(), c.element(d), pk, msg, sig); err != nil {
		return err
	}
	c.mu.Lock()
	if len(c.ok) >= c.max {
		clear(c.ok)
	}
	c.ok[k] = struct{}{}
	c.mu.Unlock()
	return nil
}

// SetSigCache makes Apply use c for signature checks (nil: verify every time).
func (s *State) SetSigCache(c *SigCache) { s.sigs = c }

// SigInput is one signature to check: key, message (before the domain wrap) and signature.
type SigInput struct {
	Key PublicKey
	Msg fr.Element
	Sig Signature
}

// VerifySignatures checks the inputs together (one random linear combination of their equations, see
// state/sigbatch) and returns one error per input, each what VerifySignature returns for it: when the batch fails,
// every input is verified alone, so one bad signature names itself and rejects no other.
func VerifySignatures(d Domain, in []SigInput) []error {
	return verifySignatures(nil, d, d.Element(), in)
}

// verifySignatures is VerifySignatures through v's key cache (nil: none), with the domain's element de.
func verifySignatures(v *sigbatch.Verifier, d Domain, de fr.Element, in []SigInput) []error {
	h := hash.New()
	errs := make([]error, len(in))
	items := make([]sigbatch.Item, 0, len(in))
	idx := make([]int, 0, len(in))
	for i := range in {
		k := in[i].Key
		if pt := (twistededwards.PointAffine{X: k.X, Y: k.Y}); k.IsZero() || !pt.IsOnCurve() {
			errs[i] = VerifySignature(d, k, in[i].Msg, in[i].Sig) // no key, or off the curve: its error
			continue
		}
		wrapped := h.Compress(de, in[i].Msg)
		mb := wrapped.Bytes()
		items = append(items, sigbatch.Item{Key: twistededwards.PointAffine{X: k.X, Y: k.Y}, Msg: mb[:], Sig: in[i].Sig[:]})
		idx = append(idx, i)
	}
	bad := v.VerifyBatch(items)
	for j, i := range idx {
		if bad != nil && bad[j] != nil {
			// the batch names it: give exactly VerifySignature's error
			errs[i] = verifySignature(v, h, de, in[i].Key, in[i].Msg, in[i].Sig)
		}
	}
	return errs
}

// VerifyBatch is VerifySignatures through the cache: inputs verified before are not checked again, and the good
// ones are remembered.
func (c *SigCache) VerifyBatch(d Domain, in []SigInput) []error {
	if c == nil {
		return VerifySignatures(d, in)
	}
	errs := make([]error, len(in))
	keys := make([][32]byte, len(in))
	var todo []SigInput
	var at []int
	c.mu.Lock()
	for i := range in {
		keys[i] = sigKey(d, in[i].Key, in[i].Msg, in[i].Sig)
		if _, hit := c.ok[keys[i]]; !hit {
			todo = append(todo, in[i])
			at = append(at, i)
		}
	}
	c.mu.Unlock()
	if len(todo) == 0 {
		return errs
	}
	res := verifySignatures(c.v, d, c.element(d), todo)
	c.mu.Lock()
	for j, i := range at {
		errs[i] = res[j]
		if res[j] == nil {
			if len(c.ok) >= c.max {
				clear(c.ok)
			}
			c.ok[keys[i]] = struct{}{}
		}
	}
	c.mu.Unlock()
	return errs
}

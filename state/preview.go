package state

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
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
}

// NewSigCache returns a cache of at most max entries.
func NewSigCache(max int) *SigCache {
	return &SigCache{max: max, ok: make(map[[32]byte]struct{}, max)}
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
	if err := VerifySignature(d, pk, msg, sig); err != nil {
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

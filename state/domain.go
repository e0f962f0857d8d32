package state

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum/common"

	"github.com/zkperp/zkperp/state/hash"
)

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

package state

import "github.com/zkperp/zkperp/state/sign"

// Domain names one deployment: the L1 chain and the rollup contract (docs/protocol.md §5 "Domain separation").
// Every signature is over H(domain, message) (Domain.Wrap), so a signature made for one deployment is invalid on
// every other, and the L2 key derivation names both (DeriveL2Key). It is sign.Domain: the signer and the state
// share one implementation.
type Domain = sign.Domain

package state

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"log/slog"

	"github.com/zkperp/zkperp/state/kv"
)

// GenesisMarket is one market of the genesis state.
type GenesisMarket struct {
	ID     uint8        `json:"id" toml:"id"`
	Name   string       `json:"name" toml:"name"`
	Params MarketParams `json:"params" toml:"params"`
	Mark   uint64       `json:"mark" toml:"mark"`
}

// Genesis is everything needed to build batch 0: the tree depths and the markets. Its root is what the L1
// contract is deployed with; an L1 verifier rebuilds the state from the same genesis.
type Genesis struct {
	Config Config `json:"config" toml:"config"`
	// Time is the genesis time (unix seconds): the markets' funding clocks and mark times start there, and the
	// first batch's time is not before it.
	Time    uint32          `json:"time" toml:"time"`
	Markets []GenesisMarket `json:"markets" toml:"markets"`
}

// Build opens db and, when it is new, initializes the genesis markets and commits them as batch 0. On an existing
// store it checks that the stored genesis has the same root.
func (g Genesis) Build(db kv.Store, log *slog.Logger) (*State, error) {
	s, err := Open(g.Config, db, log)
	if err != nil {
		return nil, err
	}
	want, err := g.Root()
	if err != nil {
		return nil, err
	}
	h0, err := s.storedHead(0) // kept when batch 0 is pruned
	if err != nil {
		return nil, err
	}
	if empty := s.mktTree.EmptyRoot(); s.CommittedHead().Batch > 0 || !h0.MarketsRoot.Equal(&empty) {
		if got := s.RootOf(h0); got != want {
			return nil, fmt.Errorf("state: stored genesis root %s differs from the configured genesis %s", got.String(), want.String())
		}
		return s, nil
	}
	if err := s.SetTime(g.Time); err != nil {
		return nil, err
	}
	for _, m := range g.Markets {
		if err := s.InitMarket(m.ID, m.Params, m.Mark); err != nil {
			return nil, fmt.Errorf("state: genesis market %d: %w", m.ID, err)
		}
	}
	if err := s.CommitGenesis(); err != nil {
		return nil, err
	}
	return s, nil
}

// Root computes the genesis root without storing anything.
func (g Genesis) Root() (root fr.Element, err error) {
	s, err := Open(g.Config, kv.NewMemory(), nil)
	if err != nil {
		return root, err
	}
	if err := s.SetTime(g.Time); err != nil {
		return root, err
	}
	for _, m := range g.Markets {
		if err := s.InitMarket(m.ID, m.Params, m.Mark); err != nil {
			return root, fmt.Errorf("state: genesis market %d: %w", m.ID, err)
		}
	}
	return s.Root(), nil
}

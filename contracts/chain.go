package contracts

import (
	"context"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
)

// Backend is what the helpers need from a chain client: *ethclient.Client and simulated.Client both satisfy it.
type Backend interface {
	bind.ContractBackend
	bind.DeployBackend
}

// OsakaChainConfig returns the dev chain config with every fork up to Osaka active at genesis and nothing later,
// so gas figures match Ethereum mainnet rules (go-ethereum v1.17.10's simulated backend defaults to post-Osaka
// "Bogota" rules).
func OsakaChainConfig() *params.ChainConfig {
	cfg := *params.AllDevChainProtocolChanges
	cfg.BogotaTime = nil
	return &cfg
}

// WithOsaka is a simulated.NewBackend option that applies OsakaChainConfig.
func WithOsaka() func(*node.Config, *ethconfig.Config) {
	return func(_ *node.Config, ethConf *ethconfig.Config) {
		ethConf.Genesis.Config = OsakaChainConfig()
	}
}

// NewSimulated starts an in-process chain with Osaka rules and the given balances.
func NewSimulated(alloc types.GenesisAlloc) *simulated.Backend {
	return simulated.NewBackend(alloc, WithOsaka(), simulated.WithBlockGasLimit(60_000_000))
}

// Sender sends transactions from one key and waits for their receipts.
type Sender struct {
	Backend Backend
	Opts    *bind.TransactOpts
	// Mine, if set, is called after each send (simulated chains: the backend's Commit).
	Mine func()
}

// ErrReverted is wrapped by Wait when a mined transaction failed.
var ErrReverted = errors.New("transaction reverted")

// Wait mines (if Mine is set) and returns the successful receipt of tx.
func (s *Sender) Wait(ctx context.Context, tx *types.Transaction) (*types.Receipt, error) {
	if s.Mine != nil {
		s.Mine()
	}
	r, err := bind.WaitMined(ctx, s.Backend, tx.Hash())
	if err != nil {
		return nil, fmt.Errorf("wait for %s: %w", tx.Hash(), err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return r, fmt.Errorf("tx %s: %w", tx.Hash(), ErrReverted)
	}
	return r, nil
}

// Transact sends calldata (from a binding's Pack method) to a contract and waits for the receipt. A call that
// reverts during gas estimation returns the revert error (decode it with RollupError).
func (s *Sender) Transact(ctx context.Context, c *bind.BoundContract, calldata []byte) (*types.Receipt, error) {
	opts := *s.Opts
	opts.Context = ctx
	tx, err := c.RawTransact(&opts, calldata)
	if err != nil {
		return nil, fmt.Errorf("send to %s: %w", c.Address(), err)
	}
	return s.Wait(ctx, tx)
}

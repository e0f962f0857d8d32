// Package node is the zkperp sequencer node: ingress → WAL → engine (books, state) → batches → prover jobs →
// L1 submitter → finality, with an L1 watcher for deposits and verified batches, a mark-price feed, and the
// trader (perp_) and prover (prover_) JSON-RPC APIs.
package node

import (
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/zkperp/zkperp/circuits/batch"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
)

// Config configures a node. Zero durations take the defaults of DefaultConfig.
type Config struct {
	DataDir string        `toml:"data_dir"`
	Genesis state.Genesis `toml:"genesis"`
	// Markets configure the books (lot and min sizes); their ids must be genesis markets.
	Markets []engine.MarketConfig `toml:"markets"`
	Slots   int                   `toml:"slots"`
	// SigSlots is the circuit's signature section: distinct signed orders/txs per batch (0: Slots).
	SigSlots int `toml:"sig_slots"`

	SealInterval    time.Duration `toml:"seal_interval"`    // seal a non-empty batch at least this often
	FundingInterval time.Duration `toml:"funding_interval"` // funding ticks
	MarkInterval    time.Duration `toml:"mark_interval"`    // oracle polls
	// A polled oracle price becomes a MarkPrice tx when it moved at least MarkMinMoveBps since the last one, or
	// MarkMaxAge passed: every MarkPrice costs a proof slot.
	MarkMinMoveBps uint64        `toml:"mark_min_move_bps"`
	MarkMaxAge     time.Duration `toml:"mark_max_age"`
	TickInterval   time.Duration `toml:"tick_interval"` // book clock advances (GTT expiry)
	ProverLease    time.Duration `toml:"prover_lease"`

	L1 L1Config `toml:"l1"`

	// Limits of the trader API.
	MaxRequestBytes int     `toml:"max_request_bytes"`
	RateLimit       float64 `toml:"rate_limit"` // requests per second per source address (limits.go)
	RateBurst       int     `toml:"rate_burst"`
	Limits          Limits  `toml:"limits"`      // per-account, connection, Origin and subscription limits
	WALNoSync       bool    `toml:"wal_no_sync"` // tests only
}

// L1Config is the rollup on L1.
type L1Config struct {
	ChainID       uint64         `toml:"chain_id"`
	Rollup        common.Address `toml:"rollup"`
	Oracle        common.Address `toml:"oracle"`
	Confirmations uint64         `toml:"confirmations"`
	Poll          time.Duration  `toml:"poll"`
	StartBlock    uint64         `toml:"start_block"` // first block to scan for rollup events
	SubmitTimeout time.Duration  `toml:"submit_timeout"`
}

// DefaultConfig returns a config with the devnet's timings and no markets.
func DefaultConfig() Config {
	return Config{
		Slots: 8, SealInterval: 10 * time.Second, FundingInterval: time.Minute, MarkInterval: 2 * time.Second,
		MarkMinMoveBps: 20, MarkMaxAge: time.Minute,
		TickInterval: time.Second, ProverLease: 2 * time.Minute, MaxRequestBytes: 64 << 10, RateLimit: 500,
		RateBurst: 1000, L1: L1Config{Confirmations: 1, Poll: time.Second, SubmitTimeout: time.Minute},
	}
}

// Check validates the config.
func (c *Config) Check() error {
	var errs []error
	if c.DataDir == "" {
		errs = append(errs, errors.New("data_dir is required"))
	}
	if err := c.Genesis.Config.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := c.circuit().Validate(); err != nil {
		errs = append(errs, err)
	}
	if len(c.Markets) == 0 {
		errs = append(errs, errors.New("no markets"))
	}
	genesis := map[uint8]bool{}
	for _, m := range c.Genesis.Markets {
		genesis[m.ID] = true
	}
	for _, m := range c.Markets {
		if !genesis[m.ID] {
			errs = append(errs, fmt.Errorf("market %d is not in the genesis", m.ID))
		}
	}
	for name, d := range map[string]time.Duration{"seal_interval": c.SealInterval, "funding_interval": c.FundingInterval,
		"mark_interval": c.MarkInterval, "tick_interval": c.TickInterval, "prover_lease": c.ProverLease,
		"l1.poll": c.L1.Poll, "l1.submit_timeout": c.L1.SubmitTimeout} {
		if d <= 0 {
			errs = append(errs, fmt.Errorf("%s must be positive", name))
		}
	}
	if c.L1.Rollup == (common.Address{}) {
		errs = append(errs, errors.New("l1.rollup is required"))
	}
	return errors.Join(errs...)
}

// circuit returns the batch circuit shape the node's batches are proven with.
func (c *Config) circuit() batch.Config {
	g := c.Genesis.Config
	return batch.Config{Slots: c.Slots, SigSlots: c.SigSlots, AccountDepth: g.AccountDepth, PositionDepth: g.PositionDepth,
		OrderDepth: g.OrderDepth}
}

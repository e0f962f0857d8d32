// Package node is the zkperp sequencer node: ingress → WAL → engine (books, state) → batches → prover jobs →
// L1 submitter → finality, with an L1 watcher for deposits and verified batches, a mark-price feed, and the
// public trader JSON-RPC API (perp_) and the JWT-authenticated operator API (prover_) on its own endpoint.
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
	// Blob selects the blob DA mode (docs/contracts.md "Blob DA mode"; the rollup's blobMode() must agree): batches go
	// to L1 in blob transactions, with only the L1 ops (at most L1Slots per batch, 0: Slots) in calldata.
	Blob    bool `toml:"blob"`
	L1Slots int  `toml:"l1_slots"`

	SealInterval time.Duration `toml:"seal_interval"` // seal a non-empty batch at least this often
	// Under load a seal waits until it can cut SealBatches full batches (0: 1), or until SealWait has passed since
	// the first tx still pending: one seal then costs one checkpoint, one store write and at most one padded batch
	// for all of them, not one each.
	SealBatches     int           `toml:"seal_batches"`
	SealWait        time.Duration `toml:"seal_wait"`
	FundingInterval time.Duration `toml:"funding_interval"` // funding ticks
	MarkInterval    time.Duration `toml:"mark_interval"`    // oracle polls
	// A polled oracle price becomes a MarkPrice tx when it moved at least MarkMinMoveBps since the last one, or
	// MarkMaxAge passed (then the same round is marked again, refreshing the mark time liquidations need: below
	// state.MaxMarkAge): every MarkPrice costs a proof slot.
	MarkMinMoveBps uint64        `toml:"mark_min_move_bps"`
	MarkMaxAge     time.Duration `toml:"mark_max_age"`
	TickInterval   time.Duration `toml:"tick_interval"` // book clock advances (GTT expiry)
	ProverLease    time.Duration `toml:"prover_lease"`
	// ProverLeaseMax caps one worker's hold on one job however often it heartbeats (a generous multiple of the
	// expected prove time); ProverMaxLeases bounds the live leases of one worker name.
	ProverLeaseMax  time.Duration `toml:"prover_lease_max"`
	ProverMaxLeases int           `toml:"prover_max_leases"`

	// Operator is the authenticated operator endpoint (the prover_ namespace), apart from the public trader API.
	Operator OperatorConfig `toml:"operator"`

	L1 L1Config `toml:"l1"`

	// Limits of the trader API.
	MaxRequestBytes int     `toml:"max_request_bytes"`
	RateLimit       float64 `toml:"rate_limit"` // requests per second per source address (limits.go)
	RateBurst       int     `toml:"rate_burst"`
	Limits          Limits  `toml:"limits"`      // per-account, connection, Origin and subscription limits
	WALNoSync       bool    `toml:"wal_no_sync"` // tests only
	// WALSegmentBytes is the WAL segment size (0: wal.DefaultSegmentBytes, 4 MiB): segments wholly covered by the
	// last durable checkpoint are deleted, so the WAL holds about one segment plus the inputs since the last seal.
	WALSegmentBytes int64 `toml:"wal_segment_bytes"`
	// PruneKeepBatches keeps the state (tree nodes and batch heads) of this many batches below the last one L1
	// verified, and from the batch a re-seal would restart at, deleting older state in the background
	// (docs/state.md "Pruning"); 0: never prune (every batch's state stays readable, an archive). PruneEvery is the
	// period in verified batches (0: 64).
	PruneKeepBatches uint64 `toml:"prune_keep_batches"`
	PruneEvery       uint64 `toml:"prune_every"`
}

// OperatorConfig configures the operator endpoint. Every request needs a JWT signed with JWTSecret (HS256, iat
// within 60 s), as Ethereum clients authenticate their engine API.
type OperatorConfig struct {
	HTTP string `toml:"http"` // listen address of ServeOperator (HTTP and WebSocket); default loopback
	// JWTSecret is the 32-byte shared secret (cmd reads it from a hex file). Empty: the node makes a random one,
	// so the endpoint is never open; only in-process callers (OperatorRPC) can then reach it.
	JWTSecret []byte `toml:"-"`
}

// DefaultOperatorHTTP is the operator endpoint's default listen address: loopback only.
const DefaultOperatorHTTP = "127.0.0.1:8648"

// L1Config is the rollup on L1.
type L1Config struct {
	ChainID       uint64         `toml:"chain_id"`
	Rollup        common.Address `toml:"rollup"`
	Oracle        common.Address `toml:"oracle"`
	Confirmations uint64         `toml:"confirmations"`
	Poll          time.Duration  `toml:"poll"`
	StartBlock    uint64         `toml:"start_block"` // first block to scan for rollup events
	SubmitTimeout time.Duration  `toml:"submit_timeout"`
	// NoReseal stops batch submission on a permanent L1 rejection instead of re-sealing the unverified batches
	// with a later time (docs/node.md "Rejected batches").
	NoReseal bool `toml:"no_reseal"`
}

// DefaultConfig returns a config with the devnet's timings and no markets.
func DefaultConfig() Config {
	return Config{
		Slots: 8, SealInterval: 10 * time.Second, SealBatches: 4, SealWait: 100 * time.Millisecond, FundingInterval: time.Minute, MarkInterval: 2 * time.Second,
		MarkMinMoveBps: 20, MarkMaxAge: time.Minute,
		TickInterval: time.Second, ProverLease: 2 * time.Minute, ProverLeaseMax: 10 * time.Minute, ProverMaxLeases: 2,
		Operator: OperatorConfig{HTTP: DefaultOperatorHTTP}, MaxRequestBytes: 64 << 10, RateLimit: 500,
		RateBurst: 1000, L1: L1Config{Confirmations: 1, Poll: time.Second, SubmitTimeout: time.Minute},
		PruneKeepBatches: 64, PruneEvery: defaultPruneEvery,
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
	if n := len(c.Operator.JWTSecret); n != 0 && n != 32 {
		errs = append(errs, fmt.Errorf("operator jwt secret is %d bytes, want 32", n))
	}
	if c.L1.Rollup == (common.Address{}) {
		errs = append(errs, errors.New("l1.rollup is required"))
	}
	if c.L1.ChainID == 0 {
		errs = append(errs, errors.New("l1.chain_id is required (signatures are bound to the chain and the rollup)"))
	}
	// A liquidation needs a mark set at most state.MaxMarkAge before its batch time: refresh well within it.
	if limit := state.MaxMarkAge * time.Second / 2; c.MarkMaxAge <= 0 || c.MarkMaxAge > limit {
		errs = append(errs, fmt.Errorf("mark_max_age %v must be in (0, %v] (liquidations need a mark younger than %d s)",
			c.MarkMaxAge, limit, state.MaxMarkAge))
	}
	return errors.Join(errs...)
}

// Domain returns the deployment the node's signatures are bound to: its L1 chain and rollup contract.
func (c *Config) Domain() state.Domain {
	return state.Domain{ChainID: c.L1.ChainID, Rollup: c.L1.Rollup}
}

// circuit returns the batch circuit shape the node's batches are proven with.
func (c *Config) circuit() batch.Config {
	g := c.Genesis.Config
	return batch.Config{Slots: c.Slots, SigSlots: c.SigSlots, AccountDepth: g.AccountDepth, PositionDepth: g.PositionDepth,
		OrderDepth: g.OrderDepth, Blob: c.Blob, L1Slots: c.L1Slots}
}

package contracts

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/zkperp/zkperp/contracts/bindings"
)

// Deploy deploys a contract from its binding metadata and constructor input, waiting for the receipt.
func (s *Sender) Deploy(ctx context.Context, meta *bind.MetaData, constructorInput []byte) (common.Address, *types.Receipt, error) {
	opts := *s.Opts
	opts.Context = ctx
	addr, tx, err := bind.DeployContract(&opts, common.FromHex(meta.Bin), s.Backend, constructorInput)
	if err != nil {
		return common.Address{}, nil, fmt.Errorf("deploy: %w", err)
	}
	r, err := s.Wait(ctx, tx)
	if err != nil {
		return common.Address{}, r, fmt.Errorf("deploy: %w", err)
	}
	return addr, r, nil
}

// DevnetConfig configures DeployDevnet. Zero values of the optional fields get devnet defaults.
type DevnetConfig struct {
	Sequencer     common.Address
	OracleOwner   common.Address // defaults to the deployer
	Verifier      common.Address // zero: deploy the DEV-ONLY dummy verifier (requires Slots == dummy.TestSlots)
	Token         common.Address // zero: deploy a TestToken (Devnet.TokenC binds any token with TestToken's ABI)
	GenesisRoot   *big.Int
	GenesisTime   uint32 // state.Genesis.Time: the first batch's time is not before it (0: no bound)
	AccountDepth  uint8
	PositionDepth uint8
	Slots         uint32
	OracleBandBps uint16 // default 100 (1%)
	OracleMaxAge  uint32 // seconds; default 3600 (the staleness bound, at the batch's time, is always on)
	ForcedDelay   uint64 // default 600 (seconds) or 50 (blocks, with DelayInBlocks)
	DelayInBlocks bool
	// MaxBatchAge bounds how far a batch's time may lag the L1 block that verifies it, in seconds; default 3600
	// (1 hour: a devnet proof takes under a minute; the bound is how far back an operator may date a batch). Rollup accepts [MIN_BATCH_AGE, MAX_BATCH_AGE] = [600, 604800].
	MaxBatchAge uint32
	MinDeposit  uint64 // quantums; default 1
	// ForcedFee is the wei a forced-exit request escrows (default 0: free requests).
	ForcedFee *big.Int
	// MaxPending caps the unconsumed priority-queue entries; default 4096.
	MaxPending uint32
	// PriorityInterval is the queue's minimum service rate: blocks or seconds per entry ahead; default 1 block or
	// 12 seconds (never above the delay).
	PriorityInterval uint32
	// ClaimWindow is the exodus claim window in seconds (exits are registered during it, paid pro rata after it);
	// default DefaultClaimWindow (1 day). Rollup accepts [MIN_CLAIM_WINDOW, MAX_CLAIM_WINDOW] = [60 s, 60 days].
	ClaimWindow uint32
	// BlobMode deploys the rollup in blob DA mode (docs/contracts.md "Blob DA mode"): Slots is then the number of
	// L1-op words a batch carries in calldata (the proof has 12 + Slots public inputs).
	BlobMode bool
}

// Devnet is a deployed set of contracts with their bound instances.
type Devnet struct {
	Token, Oracle, Verifier, Rollup     common.Address
	TokenC, OracleC, VerifierC, RollupC *bind.BoundContract
	// GasUsed of each deployment, by contract name.
	GasUsed map[string]uint64
}

// DefaultMaxBatchAge is DeployDevnet's default DevnetConfig.MaxBatchAge: 1 hour.
const DefaultMaxBatchAge = 3600

// DefaultClaimWindow is DeployDevnet's default DevnetConfig.ClaimWindow: 1 day.
const DefaultClaimWindow = 86400

// DummyVerifierSlots is the slot count of the committed DummyPlonkVerifier (= circuits/dummy.TestSlots).
const DummyVerifierSlots = 8

// BlobInputs is the number of public inputs blob DA mode adds after the domain: the versioned hash's halves, z and
// y's halves.
const BlobInputs = 5

// publicInputs is the proof's public-input count of a rollup with slots (calldata mode) or L1-op words (blob mode).
func publicInputs(slots uint32, blob bool) uint32 {
	if blob {
		return 7 + BlobInputs + slots
	}
	return 7 + slots
}

// DeployDevnet deploys TestToken, PriceOracle, (optionally) the DEV-ONLY dummy verifier and Rollup.
func DeployDevnet(ctx context.Context, s *Sender, cfg DevnetConfig) (*Devnet, error) {
	if cfg.GenesisRoot == nil {
		return nil, fmt.Errorf("deploy devnet: genesis root missing")
	}
	if cfg.OracleOwner == (common.Address{}) {
		cfg.OracleOwner = s.Opts.From
	}
	if cfg.OracleBandBps == 0 {
		cfg.OracleBandBps = 100
	}
	if cfg.OracleMaxAge == 0 {
		cfg.OracleMaxAge = 3600
	}
	if cfg.MaxBatchAge == 0 {
		cfg.MaxBatchAge = DefaultMaxBatchAge
	}
	if cfg.ForcedDelay == 0 {
		cfg.ForcedDelay = 600
		if cfg.DelayInBlocks {
			cfg.ForcedDelay = 50
		}
	}
	if cfg.MinDeposit == 0 {
		cfg.MinDeposit = 1
	}
	if cfg.ForcedFee == nil {
		cfg.ForcedFee = new(big.Int)
	}
	if cfg.MaxPending == 0 {
		cfg.MaxPending = 4096
	}
	if cfg.PriorityInterval == 0 {
		cfg.PriorityInterval = 12
		if cfg.DelayInBlocks {
			cfg.PriorityInterval = 1
		}
		cfg.PriorityInterval = uint32(min(uint64(cfg.PriorityInterval), cfg.ForcedDelay))
	}
	if cfg.ClaimWindow == 0 {
		cfg.ClaimWindow = DefaultClaimWindow
	}
	d := &Devnet{GasUsed: map[string]uint64{}}
	var err error
	var r *types.Receipt
	d.Token = cfg.Token
	if d.Token == (common.Address{}) {
		if d.Token, r, err = s.Deploy(ctx, &bindings.TestTokenMetaData, bindings.NewTestToken().PackConstructor("zkperp test USD", "tUSD")); err != nil {
			return nil, fmt.Errorf("token: %w", err)
		}
		d.GasUsed["TestToken"] = r.GasUsed
	}
	if d.Oracle, r, err = s.Deploy(ctx, &bindings.PriceOracleMetaData, bindings.NewPriceOracle().PackConstructor(cfg.OracleOwner)); err != nil {
		return nil, fmt.Errorf("oracle: %w", err)
	}
	d.GasUsed["PriceOracle"] = r.GasUsed
	d.Verifier = cfg.Verifier
	if d.Verifier == (common.Address{}) {
		if inputs := publicInputs(cfg.Slots, cfg.BlobMode); inputs != 7+DummyVerifierSlots {
			return nil, fmt.Errorf("deploy devnet: dummy verifier takes %d public inputs, the config's batches have %d",
				7+DummyVerifierSlots, inputs)
		}
		if d.Verifier, r, err = s.Deploy(ctx, &bindings.DummyPlonkVerifierMetaData, nil); err != nil {
			return nil, fmt.Errorf("dummy verifier: %w", err)
		}
		d.GasUsed["DummyPlonkVerifier"] = r.GasUsed
	}
	rc := bindings.RollupConfig{
		Verifier: d.Verifier, Token: d.Token, Oracle: d.Oracle, Sequencer: cfg.Sequencer,
		GenesisRoot: cfg.GenesisRoot, GenesisTime: cfg.GenesisTime, AccountDepth: cfg.AccountDepth, PositionDepth: cfg.PositionDepth,
		Slots: cfg.Slots, OracleBandBps: cfg.OracleBandBps, OracleMaxAge: cfg.OracleMaxAge,
		ForcedWithdrawalDelay: cfg.ForcedDelay, ForcedDelayInBlocks: cfg.DelayInBlocks, MaxBatchAge: cfg.MaxBatchAge,
		MinDeposit: cfg.MinDeposit, ForcedRequestFee: cfg.ForcedFee, MaxPendingPriority: cfg.MaxPending,
		PriorityInterval: cfg.PriorityInterval, ExodusClaimWindow: cfg.ClaimWindow, BlobMode: cfg.BlobMode,
	}
	if d.Rollup, r, err = s.Deploy(ctx, &bindings.RollupMetaData, bindings.NewRollup().PackConstructor(rc)); err != nil {
		return nil, fmt.Errorf("rollup: %w", err)
	}
	d.GasUsed["Rollup"] = r.GasUsed
	d.TokenC = bindings.NewTestToken().Instance(s.Backend, d.Token)
	d.OracleC = bindings.NewPriceOracle().Instance(s.Backend, d.Oracle)
	d.VerifierC = bindings.NewDummyPlonkVerifier().Instance(s.Backend, d.Verifier)
	d.RollupC = bindings.NewRollup().Instance(s.Backend, d.Rollup)
	return d, nil
}

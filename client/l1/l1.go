// Package l1 is the L1 side of the Go SDK: deposits, claims, forced closes and forced exits on the Rollup contract
// (abigen v2 bindings), for one Ethereum key. It is apart from package client so that a trader who only trades on
// L2 does not compile the contract bindings.
package l1

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/wire"
)

// L1Config configures an L1 client of the Rollup contract.
type L1Config struct {
	// Backend is the L1 node (ethclient.Client, or a simulated backend's client). Required.
	Backend contracts.Backend
	// Key is the owner's Ethereum key: it pays for the transactions, owns the L2 account and derives its L2 key.
	Key *ecdsa.PrivateKey
	// ChainID of L1; nil asks the backend (eth_chainId).
	ChainID *big.Int
	Rollup  common.Address // required
	Token   common.Address // zero: the rollup's token()
	// Mine, if set, is called after each transaction (simulated chains: the backend's Commit).
	Mine func()
	Log  *slog.Logger
}

// L1 sends deposits and claims to the Rollup contract for one Ethereum key.
type L1 struct {
	cfg     L1Config
	sender  *contracts.Sender
	rollup  *bindings.Rollup
	token   *bindings.TestToken
	rollupC *bind.BoundContract
	tokenC  *bind.BoundContract
	l2      *state.PrivateKey
	log     *slog.Logger
}

// ErrNothingToClaim is returned by Claim when nothing is claimable.
var ErrNothingToClaim = errors.New("client: nothing to claim on L1")

// NewL1 binds the Rollup (and its token) for cfg.Key.
func NewL1(ctx context.Context, cfg L1Config) (*L1, error) {
	if cfg.Backend == nil || cfg.Key == nil || cfg.Rollup == (common.Address{}) {
		return nil, errors.New("client: L1 needs a backend, a key and the rollup address")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.ChainID == nil {
		cid, ok := cfg.Backend.(interface {
			ChainID(context.Context) (*big.Int, error)
		})
		if !ok {
			return nil, errors.New("client: L1 backend cannot report its chain id; set L1Config.ChainID")
		}
		id, err := cid.ChainID(ctx)
		if err != nil {
			return nil, fmt.Errorf("client: L1 chain id: %w", err)
		}
		cfg.ChainID = id
	}
	l2, err := state.DeriveL2Key(cfg.Key, state.Domain{ChainID: cfg.ChainID.Uint64(), Rollup: cfg.Rollup})
	if err != nil {
		return nil, err
	}
	x := &L1{cfg: cfg, rollup: bindings.NewRollup(), token: bindings.NewTestToken(), l2: l2, log: cfg.Log}
	x.sender = &contracts.Sender{Backend: cfg.Backend, Opts: bind.NewKeyedTransactor(cfg.Key, cfg.ChainID), Mine: cfg.Mine}
	x.rollupC = x.rollup.Instance(cfg.Backend, cfg.Rollup)
	if x.cfg.Token == (common.Address{}) {
		if x.cfg.Token, err = bind.Call(x.rollupC, &bind.CallOpts{Context: ctx}, x.rollup.PackToken(), x.rollup.UnpackToken); err != nil {
			return nil, fmt.Errorf("client: rollup token: %w", err)
		}
	}
	x.tokenC = x.token.Instance(cfg.Backend, x.cfg.Token)
	return x, nil
}

// Address is the owner's L1 address.
func (x *L1) Address() common.Address { return crypto.PubkeyToAddress(x.cfg.Key.PublicKey) }

// Token is the collateral token's address.
func (x *L1) Token() common.Address { return x.cfg.Token }

// L2Key is the L2 key derived from the owner's key for this deployment (chain and rollup): the one deposits bind
// to the account; it signs for that deployment.
func (x *L1) L2Key() *state.PrivateKey { return x.l2 }

func (x *L1) opts(ctx context.Context) *bind.CallOpts { return &bind.CallOpts{Context: ctx} }

// Account returns the owner's account index, 0 before its first deposit.
func (x *L1) Account(ctx context.Context) (uint32, error) {
	a, err := bind.Call(x.rollupC, x.opts(ctx), x.rollup.PackAccountOf(x.Address()), x.rollup.UnpackAccountOf)
	if err != nil {
		return 0, fmt.Errorf("client: accountOf: %w", err)
	}
	return a, nil
}

// Decimals returns the collateral token's decimals.
func (x *L1) Decimals(ctx context.Context) (uint8, error) {
	d, err := bind.Call(x.tokenC, x.opts(ctx), x.token.PackDecimals(), x.token.UnpackDecimals)
	if err != nil {
		return 0, fmt.Errorf("client: token decimals: %w", err)
	}
	return d, nil
}

// Balance returns the owner's token balance in quantums.
func (x *L1) Balance(ctx context.Context) (*big.Int, error) {
	b, err := bind.Call(x.tokenC, x.opts(ctx), x.token.PackBalanceOf(x.Address()), x.token.UnpackBalanceOf)
	if err != nil {
		return nil, fmt.Errorf("client: token balance: %w", err)
	}
	return b, nil
}

// Claimable returns what the owner can claim (verified withdrawals), in quantums.
func (x *L1) Claimable(ctx context.Context) (*big.Int, error) {
	c, err := bind.Call(x.rollupC, x.opts(ctx), x.rollup.PackClaimable(x.Address()), x.rollup.UnpackClaimable)
	if err != nil {
		return nil, fmt.Errorf("client: claimable: %w", err)
	}
	return c, nil
}

// ParseAmount converts a decimal token amount ("100.5") into quantums with the token's decimals.
func (x *L1) ParseAmount(ctx context.Context, amount string) (uint64, error) {
	d, err := x.Decimals(ctx)
	if err != nil {
		return 0, err
	}
	return wire.Units{QuoteDecimals: int(d)}.Amount(amount)
}

func (x *L1) transact(ctx context.Context, what string, c *bind.BoundContract, data []byte) (*types.Receipt, error) {
	return x.transactValue(ctx, what, c, data, nil)
}

// transactValue is transact sending value wei with the call (nil: none).
func (x *L1) transactValue(ctx context.Context, what string, c *bind.BoundContract, data []byte, value *big.Int) (*types.Receipt, error) {
	s := x.sender
	if value != nil {
		withValue := *x.sender
		opts := *withValue.Opts
		opts.Value = value
		withValue.Opts = &opts
		s = &withValue
	}
	r, err := s.Transact(ctx, c, data)
	if err != nil {
		if v, ok := contracts.RollupError(err); ok {
			return r, fmt.Errorf("client: %s reverted: %T %+v: %w", what, v, v, err)
		}
		return r, fmt.Errorf("client: %s: %w", what, err)
	}
	return r, nil
}

// Mint mints test tokens to the owner (the devnet's TestToken lets anyone mint; real tokens refuse).
func (x *L1) Mint(ctx context.Context, quantums uint64) (*types.Receipt, error) {
	return x.transact(ctx, "mint", x.tokenC, x.token.PackMint(x.Address(), new(big.Int).SetUint64(quantums)))
}

// Deposit deposits a decimal token amount ("100.5"): see DepositUnits.
func (x *L1) Deposit(ctx context.Context, amount string) (*types.Receipt, error) {
	q, err := x.ParseAmount(ctx, amount)
	if err != nil {
		return nil, err
	}
	return x.DepositUnits(ctx, q)
}

// DepositUnits approves the rollup for the amount (when the allowance is short) and calls
// Rollup.deposit(pkX, pkY, amount) with the derived L2 key. The first deposit of the address creates its account
// (L1.Account reads the index); the sequencer credits it once the deposit is confirmed on L1.
func (x *L1) DepositUnits(ctx context.Context, quantums uint64) (*types.Receipt, error) {
	amt := new(big.Int).SetUint64(quantums)
	allowed, err := bind.Call(x.tokenC, x.opts(ctx), x.token.PackAllowance(x.Address(), x.cfg.Rollup), x.token.UnpackAllowance)
	if err != nil {
		return nil, fmt.Errorf("client: allowance: %w", err)
	}
	if allowed.Cmp(amt) < 0 {
		if _, err := x.transact(ctx, "approve", x.tokenC, x.token.PackApprove(x.cfg.Rollup, amt)); err != nil {
			return nil, err
		}
	}
	pk := x.l2.Public()
	r, err := x.transact(ctx, "deposit", x.rollupC, x.rollup.PackDeposit(pk.X.BigInt(new(big.Int)), pk.Y.BigInt(new(big.Int)), quantums))
	if err != nil {
		return r, err
	}
	x.log.Info("deposited on L1", "owner", x.Address(), "quantums", quantums, "tx", r.TxHash.Hex())
	return r, nil
}

// RequestForcedExit queues a forced exit in the rollup's L1 priority queue: the sequencer must process it (the
// account's whole free collateral becomes claimable on L1) before the entry's deadline, or anyone may activate
// exodus. It needs no L2 signature; L1 checks the derived key against the account's. It sends the rollup's
// forcedRequestFee (wei, escrowed: paid to the sequencer when served, refundable in exodus).
func (x *L1) RequestForcedExit(ctx context.Context) (*types.Receipt, error) {
	fee, err := bind.Call(x.rollupC, x.opts(ctx), x.rollup.PackForcedRequestFee(), x.rollup.UnpackForcedRequestFee)
	if err != nil {
		return nil, fmt.Errorf("client: forced request fee: %w", err)
	}
	pk := x.l2.Public()
	return x.transactValue(ctx, "forced exit", x.rollupC,
		x.rollup.PackRequestForcedWithdrawal(pk.X.BigInt(new(big.Int)), pk.Y.BigInt(new(big.Int))), fee)
}

// RequestForcedClose queues a forced close of the owner's position in market in the rollup's L1 priority queue
// (Rollup.requestForcedClose, queue kind 2): the sequencer must serve it before the entry's deadline, or anyone may
// activate exodus. The batch that serves it cancels the account's resting orders in the market, closes the position
// at the market's mark against the backstop account (whatever its margin, no penalty) and credits the remaining
// equity to the account's free collateral; a RequestForcedExit sent after it then takes everything out to L1. One
// request per (account, market) may be pending (Rollup error ForcedClosePending). It needs no L2 signature; it
// sends the rollup's forcedRequestFee (wei, escrowed: paid to the sequencer when served, refundable in exodus).
func (x *L1) RequestForcedClose(ctx context.Context, market uint8) (*types.Receipt, error) {
	fee, err := bind.Call(x.rollupC, x.opts(ctx), x.rollup.PackForcedRequestFee(), x.rollup.UnpackForcedRequestFee)
	if err != nil {
		return nil, fmt.Errorf("client: forced request fee: %w", err)
	}
	pk := x.l2.Public()
	r, err := x.transactValue(ctx, "forced close", x.rollupC,
		x.rollup.PackRequestForcedClose(pk.X.BigInt(new(big.Int)), pk.Y.BigInt(new(big.Int)), market), fee)
	if err != nil {
		return r, err
	}
	x.log.Info("forced close requested on L1", "owner", x.Address(), "market", market, "tx", r.TxHash.Hex())
	return r, nil
}

// ForcedClosePending returns the deadline of the owner's pending forced close in market (0: none pending).
func (x *L1) ForcedClosePending(ctx context.Context, market uint8) (uint64, error) {
	acct, err := x.Account(ctx)
	if err != nil || acct == 0 {
		return 0, err
	}
	d, err := bind.Call(x.rollupC, x.opts(ctx), x.rollup.PackForcedCloseDeadline(acct, market), x.rollup.UnpackForcedCloseDeadline)
	if err != nil {
		return 0, fmt.Errorf("client: forcedCloseDeadline: %w", err)
	}
	return d, nil
}

// Claim calls Rollup.withdraw(), paying out everything claimable (withdrawals of verified batches) to the owner.
// It returns the receipt and the amount claimed.
func (x *L1) Claim(ctx context.Context) (*types.Receipt, *big.Int, error) {
	amt, err := x.Claimable(ctx)
	if err != nil {
		return nil, nil, err
	}
	if amt.Sign() == 0 {
		return nil, amt, ErrNothingToClaim
	}
	r, err := x.transact(ctx, "claim", x.rollupC, x.rollup.PackWithdraw())
	if err != nil {
		return r, nil, err
	}
	x.log.Info("claimed on L1", "owner", x.Address(), "quantums", amt, "tx", r.TxHash.Hex())
	return r, amt, nil
}

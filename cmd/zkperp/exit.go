package main

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/internal/l1verify"
	"github.com/zkperp/zkperp/state"
)

// Errors of `zkperp exit`. Match them with errors.Is.
var (
	// ErrNotInExodus: the rollup is running normally; exits open once someone activates exodus.
	ErrNotInExodus = errors.New("the rollup is not in exodus")
	// ErrAlreadyExited: the account's exodus exit was already paid (once per account).
	ErrAlreadyExited = errors.New("the account already exited")
	// ErrNotOwner: the Ethereum key is not the L1 owner of the account (the rollup pays the owner only).
	ErrNotOwner = errors.New("the Ethereum key is not the account's L1 owner")
	// ErrNoAccount: the key has no account on the rollup, or the account was never registered.
	ErrNoAccount = errors.New("no such account on the rollup")
	// ErrExitBackend: the L1 connection cannot read the logs and transactions the rebuild needs.
	ErrExitBackend = errors.New("the L1 connection cannot rebuild the state")
)

// exitBackend is what `zkperp exit` needs of an L1 node: sending transactions and reading the rollup's history.
type exitBackend interface {
	cliL1Backend
	l1verify.Client
}

// exitOpts are the flags of `zkperp exit`.
type exitOpts struct {
	ethKey, l1, rollup, genesis, dataDir string
	account, fromBlock, chunk            uint64
	json                                 bool
}

// exitResult is what `zkperp exit` reports.
type exitResult struct {
	Account  uint32 `json:"account"`
	Owner    string `json:"owner"`
	Batch    uint64 `json:"batch"`
	Root     string `json:"root"`
	Expected string `json:"expected"` // free + Σ max(0, equity) from the rebuilt state
	Paid     string `json:"paid"`     // the amount of the Exited event, in quantums
	Tx       string `json:"tx"`
	Block    uint64 `json:"block"`
	GasUsed  uint64 `json:"gasUsed"`
}

// exit is `zkperp exit --eth-key K --l1 URL --rollup ADDR --genesis FILE [--account N]`: in exodus, it rebuilds the
// state from L1 alone (as `zkperp verify`), builds the account's exit proof, sends Rollup.exit and prints what the
// rollup paid to the owner.
func (d cliDeps) exit(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	o, err := d.parseExit(args, out)
	if err != nil {
		return err
	}
	key, err := parseEthKey(o.ethKey)
	if err != nil {
		return err
	}
	gen, err := l1verify.ReadGenesis(o.genesis)
	if err != nil {
		return fmt.Errorf("exit: %w", err)
	}
	b, closeFn, err := d.dialExit(ctx, o.l1)
	if err != nil {
		return err
	}
	defer closeFn()
	x, err := client.NewL1(ctx, client.L1Config{Backend: b, Key: key, Rollup: common.HexToAddress(o.rollup),
		Mine: d.mine, Log: log})
	if err != nil {
		return fmt.Errorf("exit: %w", err)
	}
	acct, err := exitAccount(ctx, x, o.account)
	if err != nil {
		return err
	}
	rv := newRollupView(b, common.HexToAddress(o.rollup), x.Address())
	if err := rv.checkExitable(ctx, acct); err != nil {
		return err
	}
	rep, err := rebuildAccount(ctx, b, o, gen, acct, log)
	if err != nil {
		return err
	}
	if rep.Owner == nil || *rep.Owner != rv.owner {
		return fmt.Errorf("exit: account %d: %w", acct, ErrNotOwner)
	}
	res, err := rv.send(ctx, key, d.mine, rep)
	if err != nil {
		return err
	}
	return printExit(out, o.json, res)
}

func (d cliDeps) parseExit(args []string, out io.Writer) (exitOpts, error) {
	fs := newFlagSet("exit", out)
	var o exitOpts
	fs.StringVar(&o.ethKey, "eth-key", "", "Ethereum private key (hex) of the account's L1 owner")
	fs.StringVar(&o.l1, "l1", "", "L1 RPC URL (needs eth_getLogs and eth_getTransactionByHash)")
	fs.StringVar(&o.rollup, "rollup", "", "Rollup contract address")
	fs.StringVar(&o.genesis, "genesis", "", "genesis file the rollup was deployed with (as for zkperp verify)")
	fs.Uint64Var(&o.account, "account", 0, "account index (default: the key's account, looked up on L1)")
	fs.Uint64Var(&o.fromBlock, "from-block", 0, "first block to scan (at most the rollup's deployment block)")
	fs.Uint64Var(&o.chunk, "chunk", 2000, "blocks per eth_getLogs query")
	fs.StringVar(&o.dataDir, "datadir", "", "keep the rebuilt state here (as zkperp verify --datadir); empty: memory")
	fs.BoolVar(&o.json, "json", false, "print JSON")
	if err := d.parse(fs, args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() != 0:
		return o, fmt.Errorf("exit: unexpected arguments %q", fs.Args())
	case o.l1 == "" || o.genesis == "":
		return o, errors.New("exit: --l1 and --genesis are required")
	case !common.IsHexAddress(o.rollup):
		return o, fmt.Errorf("exit: --rollup %q is not an address", o.rollup)
	case o.account > 1<<32-1:
		return o, fmt.Errorf("exit: --account %d out of range", o.account)
	}
	return o, nil
}

// dialExit connects to L1 with the CLI's dialer and checks the connection can also rebuild the state.
func (d cliDeps) dialExit(ctx context.Context, url string) (exitBackend, func(), error) {
	b, closeFn, err := d.dialL1(ctx, url)
	if err != nil {
		return nil, nil, err
	}
	eb, ok := b.(exitBackend)
	if !ok {
		closeFn()
		return nil, nil, fmt.Errorf("exit: %T: %w", b, ErrExitBackend)
	}
	return eb, closeFn, nil
}

// exitAccount is --account, else the key's account on L1.
func exitAccount(ctx context.Context, x *client.L1, flagAccount uint64) (uint32, error) {
	if flagAccount != 0 {
		return uint32(flagAccount), nil
	}
	acct, err := x.Account(ctx)
	if err != nil {
		return 0, fmt.Errorf("exit: %w", err)
	}
	if acct == 0 {
		return 0, fmt.Errorf("exit: %s: %w", x.Address().Hex(), ErrNoAccount)
	}
	return acct, nil
}

// rollupView reads and calls the Rollup for exit.
type rollupView struct {
	b      exitBackend
	owner  common.Address // the key's address
	rollup *bindings.Rollup
	c      *bind.BoundContract
}

func newRollupView(b exitBackend, rollup, owner common.Address) *rollupView {
	r := bindings.NewRollup()
	return &rollupView{b: b, owner: owner, rollup: r, c: r.Instance(b, rollup)}
}

// checkExitable refuses early, before the rebuild, what Rollup.exit would refuse for the caller.
func (rv *rollupView) checkExitable(ctx context.Context, acct uint32) error {
	opts := &bind.CallOpts{Context: ctx}
	exodus, err := bind.Call(rv.c, opts, rv.rollup.PackExodus(), rv.rollup.UnpackExodus)
	if err != nil {
		return fmt.Errorf("exit: read exodus: %w", err)
	}
	if !exodus {
		return fmt.Errorf("exit: %w (it can be activated once the oldest unserved priority entry is past its deadline)",
			ErrNotInExodus)
	}
	owner, err := bind.Call(rv.c, opts, rv.rollup.PackOwnerOf(acct), rv.rollup.UnpackOwnerOf)
	if err != nil {
		return fmt.Errorf("exit: read owner: %w", err)
	}
	if owner == (common.Address{}) {
		return fmt.Errorf("exit: account %d: %w", acct, ErrNoAccount)
	}
	if owner != rv.owner {
		return fmt.Errorf("exit: account %d is owned by %s, not %s: %w", acct, owner.Hex(), rv.owner.Hex(),
			ErrNotOwner)
	}
	done, err := bind.Call(rv.c, opts, rv.rollup.PackExited(acct), rv.rollup.UnpackExited)
	if err != nil {
		return fmt.Errorf("exit: read exited: %w", err)
	}
	if done {
		return fmt.Errorf("exit: account %d: %w", acct, ErrAlreadyExited)
	}
	return nil
}

// rebuildAccount replays the rollup from L1 (checking every batch root, as zkperp verify) and reports the account
// with its exit proof against the last verified root.
func rebuildAccount(ctx context.Context, b exitBackend, o exitOpts, gen state.Genesis, acct uint32,
	log *slog.Logger) (*l1verify.AccountReport, error) {
	v, err := l1verify.New(l1verify.Config{Rollup: common.HexToAddress(o.rollup), Genesis: gen,
		FromBlock: o.fromBlock, ChunkBlocks: o.chunk, DataDir: o.dataDir}, b, log)
	if err != nil {
		return nil, fmt.Errorf("exit: %w", err)
	}
	defer v.Close()
	if _, err := v.Run(ctx); err != nil {
		return nil, fmt.Errorf("exit: rebuild from L1: %w", err)
	}
	rep, err := v.Account(acct)
	if err != nil {
		return nil, fmt.Errorf("exit: account %d: %w", acct, err)
	}
	return rep, nil
}

// send calls Rollup.exit with the proof, waits for the receipt and reads the Exited event.
func (rv *rollupView) send(ctx context.Context, key *ecdsa.PrivateKey, mine func(),
	rep *l1verify.AccountReport) (*exitResult, error) {
	chainID, err := rv.b.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("exit: L1 chain id: %w", err)
	}
	s := &contracts.Sender{Backend: rv.b, Opts: bind.NewKeyedTransactor(key, chainID), Mine: mine}
	r, err := s.Transact(ctx, rv.c, rv.rollup.PackExit(rep.Proof()))
	if err != nil {
		return nil, exitRevert(rep.Index, err)
	}
	paid, err := exitedAmount(rv.rollup, r, rep.Index)
	if err != nil {
		return nil, err
	}
	return &exitResult{Account: rep.Index, Owner: rv.owner.Hex(), Batch: rep.Batch, Root: rep.Root,
		Expected: rep.ExitPayout, Paid: paid.String(), Tx: r.TxHash.Hex(), Block: r.BlockNumber.Uint64(),
		GasUsed: r.GasUsed}, nil
}

// exitRevert maps a revert of Rollup.exit to the command's errors (another exit may land between the checks and
// the transaction).
func exitRevert(acct uint32, err error) error {
	v, ok := contracts.RollupError(err)
	if !ok {
		return fmt.Errorf("exit: send: %w", err)
	}
	switch v.(type) {
	case *bindings.RollupNotInExodus:
		return fmt.Errorf("exit: %w: %w", ErrNotInExodus, err)
	case *bindings.RollupAlreadyExited:
		return fmt.Errorf("exit: account %d: %w: %w", acct, ErrAlreadyExited, err)
	case *bindings.RollupUnknownAccount:
		return fmt.Errorf("exit: account %d: %w: %w", acct, ErrNoAccount, err)
	}
	return fmt.Errorf("exit: reverted: %T %+v: %w", v, v, err)
}

// exitedAmount is the amount of the receipt's Exited event for acct.
func exitedAmount(r *bindings.Rollup, rc *types.Receipt, acct uint32) (*big.Int, error) {
	for _, l := range rc.Logs {
		e, err := r.UnpackExitedEvent(l)
		if err != nil || e.Account != acct {
			continue
		}
		return e.Amount, nil
	}
	return nil, fmt.Errorf("exit: tx %s: no Exited event for account %d", rc.TxHash.Hex(), acct)
}

func printExit(out io.Writer, asJSON bool, res *exitResult) error {
	if asJSON {
		return printJSON(out, res)
	}
	_, err := fmt.Fprintf(out, "account %d exited against batch %d (root %s)\npaid %s quantums to %s in tx %s "+
		"(block %d, gas %d)\n", res.Account, res.Batch, res.Root, res.Paid, res.Owner, res.Tx, res.Block, res.GasUsed)
	return err
}

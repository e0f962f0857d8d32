package main

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/zkperp/zkperp/client/l1"
	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/internal/beacon"
	"github.com/zkperp/zkperp/internal/l1verify"
)

// Errors of `zkperp exit`. Match them with errors.Is.
var (
	// ErrNotInExodus: the rollup is running normally; exits open once someone activates exodus.
	ErrNotInExodus = errors.New("the rollup is not in exodus")
	// ErrAlreadyExited: the account's exodus claim is already registered (once per account).
	ErrAlreadyExited = errors.New("the account already registered its exodus claim")
	// ErrNotOwner: the Ethereum key is not the L1 owner of the account (the rollup pays the owner only).
	ErrNotOwner = errors.New("the Ethereum key is not the account's L1 owner")
	// ErrNoAccount: the key has no account on the rollup, or the account was never registered.
	ErrNoAccount = errors.New("no such account on the rollup")
	// ErrExitBackend: the L1 connection cannot read the logs and transactions the rebuild needs.
	ErrExitBackend = errors.New("the L1 connection cannot rebuild the state")
	// ErrClaimWindowOpen: payouts wait until the exodus claim window ends (the error says when).
	ErrClaimWindowOpen = errors.New("the exodus claim window is still open")
	// ErrClaimWindowClosed: registration is possible only inside the claim window, which has ended.
	ErrClaimWindowClosed = errors.New("the exodus claim window has closed")
	// ErrNotRegistered: payout of an account whose claim was never registered (zkperp exit, in the window).
	ErrNotRegistered = errors.New("the account's exodus claim is not registered")
	// ErrNothingToPay: the claim (or the fee claim) was already paid, or it is 0.
	ErrNothingToPay = errors.New("nothing to pay: the claim was already paid or is 0")
	// ErrFeesRegistered: the sequencer's fee claim is already registered (once).
	ErrFeesRegistered = errors.New("the fee claim is already registered")
	// ErrNothingToRefund: the key owns no queued deposit or forced request that could be refunded.
	ErrNothingToRefund = errors.New("nothing to refund")
)

// exitBackend is what `zkperp exit` needs of an L1 node: sending transactions and reading the rollup's history.
type exitBackend interface {
	cliL1Backend
	l1verify.Client
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
}

// exitOpts are the flags of `zkperp exit`.
type exitOpts struct {
	ethKey, l1, rollup, genesis, dataDir string
	beacon                               string // beacon API for a blob-mode rollup's batches
	account, fromBlock, chunk            uint64
	json, payout, fees, refund           bool
}

// exitResult is what `zkperp exit` reports, for each of its actions (register, payout, register-fees,
// payout-fees, refund).
type exitResult struct {
	Action  string `json:"action"`
	Account uint32 `json:"account,omitempty"`
	Owner   string `json:"owner"` // who the rollup pays (the account's L1 owner; the sequencer for fees)
	// register: the verified state the claim was proven against.
	Batch uint64 `json:"batch,omitempty"`
	Root  string `json:"root,omitempty"`
	// Claim: the registered claim in quantums (free + Σ max(0, equity); Σ fee pools for the fee claim).
	Claim string `json:"claim"`
	// ClaimWindowEnd: unix seconds; payouts after it.
	ClaimWindowEnd uint64 `json:"claimWindowEnd"`
	// payout: what was paid, and the pool and total of claims it was shared pro rata from.
	Paid        string `json:"paid,omitempty"`
	Pool        string `json:"pool,omitempty"`
	TotalClaims string `json:"totalClaims,omitempty"`
	// refund: the queue indices refunded.
	Refunded []uint64 `json:"refunded,omitempty"`
	Tx       string   `json:"tx"`
	Block    uint64   `json:"block"`
	GasUsed  uint64   `json:"gasUsed"`
}

// exit is `zkperp exit --eth-key K --l1 URL --rollup ADDR --genesis FILE [--account N] [--fees] [--payout]
// [--refund]`, the exodus drill (docs/verifier.md "Exodus: getting your money out"):
//   - default: in the claim window, rebuilds the state from L1 alone (as `zkperp verify`), builds the account's exit
//     proof and registers its claim (Rollup.exit);
//   - --payout: after the window, pays the account's share to its L1 owner (Rollup.payout; anyone may send it, no
//     rebuild, no --genesis); while the window is open it says until when;
//   - --fees: the same for the sequencer's fee claim instead of an account (registerFeeClaim / payoutFees);
//   - --refund: returns the key's queued deposits and forced-request fees that no batch consumed (refundDeposit).
func (d cliDeps) exit(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	o, err := d.parseExit(args, out)
	if err != nil {
		return err
	}
	key, err := parseEthKey(o.ethKey)
	if err != nil {
		return err
	}
	b, closeFn, err := d.dialExit(ctx, o.l1)
	if err != nil {
		return err
	}
	defer closeFn()
	x, err := l1.NewL1(ctx, l1.L1Config{Backend: b, Key: key, Rollup: common.HexToAddress(o.rollup),
		Mine: d.mine, Log: log})
	if err != nil {
		return fmt.Errorf("exit: %w", err)
	}
	rv := newRollupView(b, common.HexToAddress(o.rollup), x.Address())
	if rv.send, err = newExitSender(ctx, b, key, d.mine); err != nil {
		return err
	}
	if err := rv.checkExodus(ctx); err != nil {
		return err
	}
	var res *exitResult
	switch {
	case o.refund:
		res, err = rv.refund(ctx)
	case o.payout && o.fees:
		res, err = rv.payoutFees(ctx)
	case o.payout:
		acct, err2 := exitAccount(ctx, x, o.account)
		if err2 != nil {
			return err2
		}
		res, err = rv.payout(ctx, acct)
	case o.fees:
		res, err = rv.registerFees(ctx, o, log)
	default:
		acct, err2 := exitAccount(ctx, x, o.account)
		if err2 != nil {
			return err2
		}
		res, err = rv.register(ctx, o, acct, log)
	}
	if err != nil {
		return err
	}
	dec, err := x.Decimals(ctx)
	if err != nil {
		return fmt.Errorf("exit: %w", err)
	}
	return printExit(out, o.json, res, dec)
}

// register checks the account can register, rebuilds the state, proves the account and sends Rollup.exit.
func (rv *rollupView) register(ctx context.Context, o exitOpts, acct uint32, log *slog.Logger) (*exitResult, error) {
	if err := rv.checkRegister(ctx, acct); err != nil {
		return nil, err
	}
	v, err := rebuild(ctx, rv.b, o, log)
	if err != nil {
		return nil, err
	}
	defer v.Close()
	rep, err := v.Account(acct)
	if err != nil {
		return nil, fmt.Errorf("exit: account %d: %w", acct, err)
	}
	if rep.Owner == nil || *rep.Owner != rv.owner {
		return nil, fmt.Errorf("exit: account %d: %w", acct, ErrNotOwner)
	}
	r, err := rv.send(ctx, rv.c, rv.rollup.PackExit(rep.Proof()))
	if err != nil {
		return nil, exitRevert(acct, err)
	}
	claim, err := eventField(r, func(l *types.Log) (*big.Int, bool) {
		e, err := rv.rollup.UnpackExitedEvent(l)
		return evAmount(err == nil && e.Account == acct, e, func(e *bindings.RollupExited) *big.Int { return e.Amount })
	})
	if err != nil {
		return nil, err
	}
	return &exitResult{Action: "register", Account: acct, Owner: rv.owner.Hex(), Batch: rep.Batch, Root: rep.Root,
		Claim: claim.String(), ClaimWindowEnd: rv.windowEnd, Tx: r.TxHash.Hex(), Block: r.BlockNumber.Uint64(),
		GasUsed: r.GasUsed}, nil
}

// registerFees rebuilds the state and registers the sequencer's fee claim (Σ feePool) with Rollup.registerFeeClaim.
func (rv *rollupView) registerFees(ctx context.Context, o exitOpts, log *slog.Logger) (*exitResult, error) {
	if err := rv.checkWindow(ctx, true); err != nil {
		return nil, err
	}
	if done := viewCall(ctx, rv, rv.rollup.PackFeeClaimRegistered(), rv.rollup.UnpackFeeClaimRegistered); done.err != nil {
		return nil, done.err
	} else if done.v {
		return nil, fmt.Errorf("exit: %w", ErrFeesRegistered)
	}
	v, err := rebuild(ctx, rv.b, o, log)
	if err != nil {
		return nil, err
	}
	defer v.Close()
	aRoot, markets, _, err := v.FeeClaim()
	if err != nil {
		return nil, fmt.Errorf("exit: %w", err)
	}
	r, err := rv.send(ctx, rv.c, rv.rollup.PackRegisterFeeClaim(aRoot, markets))
	if err != nil {
		return nil, exitRevert(0, err)
	}
	var to common.Address
	claim, err := eventField(r, func(l *types.Log) (*big.Int, bool) {
		e, err := rv.rollup.UnpackFeeClaimRegisteredEvent(l)
		if err != nil {
			return nil, false
		}
		to = e.To
		return e.Amount, true
	})
	if err != nil {
		return nil, err
	}
	return &exitResult{Action: "register-fees", Owner: to.Hex(), Batch: v.LastBatch(), Root: hexRoot(v),
		Claim: claim.String(), ClaimWindowEnd: rv.windowEnd, Tx: r.TxHash.Hex(), Block: r.BlockNumber.Uint64(),
		GasUsed: r.GasUsed}, nil
}

// payout pays the account's registered claim after the window (Rollup.payout).
func (rv *rollupView) payout(ctx context.Context, acct uint32) (*exitResult, error) {
	if err := rv.checkWindow(ctx, false); err != nil {
		return nil, err
	}
	reg := viewCall(ctx, rv, rv.rollup.PackExited(acct), rv.rollup.UnpackExited)
	if reg.err != nil {
		return nil, reg.err
	}
	if !reg.v {
		return nil, fmt.Errorf("exit: account %d: %w", acct, ErrNotRegistered)
	}
	claim := viewCall(ctx, rv, rv.rollup.PackExitClaim(acct), rv.rollup.UnpackExitClaim)
	if claim.err != nil {
		return nil, claim.err
	}
	if claim.v.Sign() == 0 {
		return nil, fmt.Errorf("exit: account %d: %w", acct, ErrNothingToPay)
	}
	r, err := rv.send(ctx, rv.c, rv.rollup.PackPayout(acct))
	if err != nil {
		return nil, exitRevert(acct, err)
	}
	var owner common.Address
	paid, err := eventField(r, func(l *types.Log) (*big.Int, bool) {
		e, err := rv.rollup.UnpackExitPaidEvent(l)
		if err != nil || e.Account != acct {
			return nil, false
		}
		owner = e.Owner
		return e.Amount, true
	})
	if err != nil {
		return nil, err
	}
	res := &exitResult{Action: "payout", Account: acct, Owner: owner.Hex(), Claim: claim.v.String(),
		ClaimWindowEnd: rv.windowEnd, Paid: paid.String(), Tx: r.TxHash.Hex(), Block: r.BlockNumber.Uint64(),
		GasUsed: r.GasUsed}
	return res, rv.poolFigures(ctx, res)
}

// payoutFees pays the sequencer's fee claim after the window (Rollup.payoutFees).
func (rv *rollupView) payoutFees(ctx context.Context) (*exitResult, error) {
	if err := rv.checkWindow(ctx, false); err != nil {
		return nil, err
	}
	claim := viewCall(ctx, rv, rv.rollup.PackFeeClaim(), rv.rollup.UnpackFeeClaim)
	if claim.err != nil {
		return nil, claim.err
	}
	if claim.v.Sign() == 0 {
		return nil, fmt.Errorf("exit: fee claim: %w", ErrNothingToPay)
	}
	r, err := rv.send(ctx, rv.c, rv.rollup.PackPayoutFees())
	if err != nil {
		return nil, exitRevert(0, err)
	}
	var to common.Address
	paid, err := eventField(r, func(l *types.Log) (*big.Int, bool) {
		e, err := rv.rollup.UnpackFeeClaimPaidEvent(l)
		if err != nil {
			return nil, false
		}
		to = e.To
		return e.Amount, true
	})
	if err != nil {
		return nil, err
	}
	res := &exitResult{Action: "payout-fees", Owner: to.Hex(), Claim: claim.v.String(), ClaimWindowEnd: rv.windowEnd,
		Paid: paid.String(), Tx: r.TxHash.Hex(), Block: r.BlockNumber.Uint64(), GasUsed: r.GasUsed}
	return res, rv.poolFigures(ctx, res)
}

// refund sends Rollup.refundDeposit for every queue entry the key owns that no verified batch consumed.
func (rv *rollupView) refund(ctx context.Context) (*exitResult, error) {
	cur := viewCall(ctx, rv, rv.rollup.PackDepositCursor(), rv.rollup.UnpackDepositCursor)
	n := viewCall(ctx, rv, rv.rollup.PackDepositCount(), rv.rollup.UnpackDepositCount)
	fee := viewCall(ctx, rv, rv.rollup.PackForcedRequestFee(), rv.rollup.UnpackForcedRequestFee)
	if err := errors.Join(cur.err, n.err, fee.err); err != nil {
		return nil, err
	}
	res := &exitResult{Action: "refund", Owner: rv.owner.Hex(), Claim: "0", ClaimWindowEnd: rv.windowEnd}
	total := new(big.Int)
	for i := cur.v; i < n.v; i++ {
		d := viewCall(ctx, rv, rv.rollup.PackPendingDeposits(i), rv.rollup.UnpackPendingDeposits)
		if d.err != nil {
			return nil, d.err
		}
		if d.v.Owner != rv.owner || (d.v.Amount == 0 && fee.v.Sign() == 0) {
			continue
		}
		r, err := rv.send(ctx, rv.c, rv.rollup.PackRefundDeposit(i))
		if err != nil {
			return nil, exitRevert(0, err)
		}
		total.Add(total, new(big.Int).SetUint64(d.v.Amount))
		res.Refunded = append(res.Refunded, i)
		res.Tx, res.Block, res.GasUsed = r.TxHash.Hex(), r.BlockNumber.Uint64(), res.GasUsed+r.GasUsed
	}
	if len(res.Refunded) == 0 {
		return nil, fmt.Errorf("exit: %s: %w", rv.owner.Hex(), ErrNothingToRefund)
	}
	res.Paid = total.String()
	return res, nil
}

// poolFigures fills in the pool and the total of claims a payout was shared from.
func (rv *rollupView) poolFigures(ctx context.Context, res *exitResult) error {
	pool := viewCall(ctx, rv, rv.rollup.PackExodusPool(), rv.rollup.UnpackExodusPool)
	total := viewCall(ctx, rv, rv.rollup.PackTotalClaims(), rv.rollup.UnpackTotalClaims)
	if err := errors.Join(pool.err, total.err); err != nil {
		return err
	}
	res.Pool, res.TotalClaims = pool.v.String(), total.v.String()
	return nil
}

type viewResult[T any] struct {
	v   T
	err error
}

func viewCall[T any](ctx context.Context, rv *rollupView, data []byte, unpack func([]byte) (T, error)) viewResult[T] {
	v, err := bind.Call(rv.c, &bind.CallOpts{Context: ctx}, data, unpack)
	if err != nil {
		err = fmt.Errorf("exit: read rollup: %w", err)
	}
	return viewResult[T]{v, err}
}

func evAmount[E any](ok bool, e E, f func(E) *big.Int) (*big.Int, bool) {
	if !ok {
		return nil, false
	}
	return f(e), true
}

// eventField is the first value f finds among the receipt's logs.
func eventField(r *types.Receipt, f func(*types.Log) (*big.Int, bool)) (*big.Int, error) {
	for _, l := range r.Logs {
		if v, ok := f(l); ok {
			return v, nil
		}
	}
	return nil, fmt.Errorf("exit: tx %s: the expected event is missing", r.TxHash.Hex())
}

func hexRoot(v *l1verify.Verifier) string {
	r := v.Root()
	return "0x" + common.Bytes2Hex(common.LeftPadBytes(r.Marshal(), 32))
}

func (d cliDeps) parseExit(args []string, out io.Writer) (exitOpts, error) {
	fs := newFlagSet("exit", out)
	var o exitOpts
	fs.StringVar(&o.ethKey, "eth-key", "", "Ethereum private key (hex): the account's L1 owner to register; any key to pay out")
	fs.StringVar(&o.l1, "l1", "", "L1 RPC URL (needs eth_getLogs and eth_getTransactionByHash)")
	fs.StringVar(&o.rollup, "rollup", "", "Rollup contract address")
	fs.StringVar(&o.genesis, "genesis", "", "genesis file the rollup was deployed with (as for zkperp verify); registration only")
	fs.Uint64Var(&o.account, "account", 0, "account index (default: the key's account, looked up on L1)")
	fs.BoolVar(&o.payout, "payout", false, "after the claim window: pay the registered claim's pro-rata share to the owner")
	fs.BoolVar(&o.fees, "fees", false, "the sequencer's fee claim instead of an account (register; with --payout: pay)")
	fs.BoolVar(&o.refund, "refund", false, "refund the key's queued deposits and forced-request fees no batch consumed")
	fs.Uint64Var(&o.fromBlock, "from-block", 0, "first block to scan (at most the rollup's deployment block)")
	fs.Uint64Var(&o.chunk, "chunk", 2000, "blocks per eth_getLogs query")
	fs.StringVar(&o.dataDir, "datadir", "", "keep the rebuilt state here (as zkperp verify --datadir); empty: memory")
	fs.StringVar(&o.beacon, "beacon", "", "beacon API URL serving blob sidecars (a rollup in blob DA mode; as zkperp verify --beacon)")
	fs.BoolVar(&o.json, "json", false, "print JSON")
	if err := d.parse(fs, args); err != nil {
		return o, err
	}
	rebuilds := !o.payout && !o.refund
	switch {
	case fs.NArg() != 0:
		return o, fmt.Errorf("exit: unexpected arguments %q", fs.Args())
	case o.l1 == "":
		return o, errors.New("exit: --l1 is required")
	case rebuilds && o.genesis == "":
		return o, errors.New("exit: --genesis is required to register a claim")
	case !common.IsHexAddress(o.rollup):
		return o, fmt.Errorf("exit: --rollup %q is not an address", o.rollup)
	case o.account > 1<<32-1:
		return o, fmt.Errorf("exit: --account %d out of range", o.account)
	case o.refund && (o.payout || o.fees || o.account != 0):
		return o, errors.New("exit: --refund takes no --payout, --fees or --account")
	case o.fees && o.account != 0:
		return o, errors.New("exit: --fees takes no --account")
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
func exitAccount(ctx context.Context, x *l1.L1, flagAccount uint64) (uint32, error) {
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
	b         exitBackend
	owner     common.Address // the key's address
	rollup    *bindings.Rollup
	c         *bind.BoundContract
	send      func(ctx context.Context, c *bind.BoundContract, data []byte) (*types.Receipt, error)
	windowEnd uint64 // claimWindowEnd, read by checkExodus
}

func newRollupView(b exitBackend, rollup, owner common.Address) *rollupView {
	r := bindings.NewRollup()
	return &rollupView{b: b, owner: owner, rollup: r, c: r.Instance(b, rollup)}
}

func newExitSender(ctx context.Context, b exitBackend, key *ecdsa.PrivateKey,
	mine func()) (func(context.Context, *bind.BoundContract, []byte) (*types.Receipt, error), error) {
	chainID, err := b.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("exit: L1 chain id: %w", err)
	}
	s := &contracts.Sender{Backend: b, Opts: bind.NewKeyedTransactor(key, chainID), Mine: mine}
	return s.Transact, nil
}

// checkExodus refuses when the rollup is not in exodus and reads the claim window's end.
func (rv *rollupView) checkExodus(ctx context.Context) error {
	ex := viewCall(ctx, rv, rv.rollup.PackExodus(), rv.rollup.UnpackExodus)
	if ex.err != nil {
		return ex.err
	}
	if !ex.v {
		return fmt.Errorf("exit: %w (it can be activated once the oldest unserved priority entry is past its deadline)",
			ErrNotInExodus)
	}
	end := viewCall(ctx, rv, rv.rollup.PackClaimWindowEnd(), rv.rollup.UnpackClaimWindowEnd)
	rv.windowEnd = end.v
	return end.err
}

// checkWindow refuses registration after the claim window (register) and payouts inside it (!register), saying
// when it ends, judged by the latest block's time as the rollup judges it.
func (rv *rollupView) checkWindow(ctx context.Context, register bool) error {
	h, err := rv.b.HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("exit: latest L1 header: %w", err)
	}
	open := h.Time <= rv.windowEnd
	switch {
	case register && !open:
		return fmt.Errorf("exit: %w at %s: registration is over; claims registered in it are paid with --payout",
			ErrClaimWindowClosed, windowTime(rv.windowEnd))
	case !register && open:
		return fmt.Errorf("exit: %w until %s (%s from the latest block): register in it, pay out after it",
			ErrClaimWindowOpen, windowTime(rv.windowEnd), time.Duration(rv.windowEnd-h.Time+1)*time.Second)
	}
	return nil
}

func windowTime(unix uint64) string {
	return fmt.Sprintf("%s (unix %d)", time.Unix(int64(unix), 0).UTC().Format(time.RFC3339), unix)
}

// checkRegister refuses early, before the rebuild, what Rollup.exit would refuse for the caller.
func (rv *rollupView) checkRegister(ctx context.Context, acct uint32) error {
	if err := rv.checkWindow(ctx, true); err != nil {
		return err
	}
	owner := viewCall(ctx, rv, rv.rollup.PackOwnerOf(acct), rv.rollup.UnpackOwnerOf)
	if owner.err != nil {
		return owner.err
	}
	if owner.v == (common.Address{}) {
		return fmt.Errorf("exit: account %d: %w", acct, ErrNoAccount)
	}
	if owner.v != rv.owner {
		return fmt.Errorf("exit: account %d is owned by %s, not %s: %w", acct, owner.v.Hex(), rv.owner.Hex(),
			ErrNotOwner)
	}
	done := viewCall(ctx, rv, rv.rollup.PackExited(acct), rv.rollup.UnpackExited)
	if done.err != nil {
		return done.err
	}
	if done.v {
		return fmt.Errorf("exit: account %d: %w (pay it out with --payout after the window)", acct, ErrAlreadyExited)
	}
	return nil
}

// rebuild replays the rollup from L1 (checking every batch root, as zkperp verify); the caller closes it.
func rebuild(ctx context.Context, b exitBackend, o exitOpts, log *slog.Logger) (*l1verify.Verifier, error) {
	gen, err := l1verify.ReadGenesis(o.genesis)
	if err != nil {
		return nil, fmt.Errorf("exit: %w", err)
	}
	cfg := l1verify.Config{Rollup: common.HexToAddress(o.rollup), Genesis: gen, FromBlock: o.fromBlock,
		ChunkBlocks: o.chunk, DataDir: o.dataDir}
	if o.beacon != "" {
		lg := log
		if lg == nil {
			lg = slog.New(slog.DiscardHandler)
		}
		bc, err := beacon.NewClient(lg, beacon.ClientConfig{URL: o.beacon})
		if err != nil {
			return nil, fmt.Errorf("exit: --beacon: %w", err)
		}
		cfg.Blobs = bc
	}
	v, err := l1verify.New(cfg, b, log)
	if err != nil {
		return nil, fmt.Errorf("exit: %w", err)
	}
	if _, err := v.Run(ctx); err != nil {
		v.Close()
		return nil, fmt.Errorf("exit: rebuild from L1: %w", err)
	}
	return v, nil
}

// exitRevert maps a revert of the exodus calls to the command's errors (another call may land between the checks
// and the transaction).
func exitRevert(acct uint32, err error) error {
	v, ok := contracts.RollupError(err)
	if !ok {
		return fmt.Errorf("exit: send: %w", err)
	}
	switch e := v.(type) {
	case *bindings.RollupNotInExodus:
		return fmt.Errorf("exit: %w: %w", ErrNotInExodus, err)
	case *bindings.RollupAlreadyExited:
		return fmt.Errorf("exit: account %d: %w: %w", acct, ErrAlreadyExited, err)
	case *bindings.RollupUnknownAccount:
		return fmt.Errorf("exit: account %d: %w: %w", acct, ErrNoAccount, err)
	case *bindings.RollupClaimWindowOpen:
		return fmt.Errorf("exit: %w until %s: %w", ErrClaimWindowOpen, windowTime(e.Until), err)
	case *bindings.RollupClaimWindowClosed:
		return fmt.Errorf("exit: %w at %s: %w", ErrClaimWindowClosed, windowTime(e.Until), err)
	case *bindings.RollupNothingToClaim:
		return fmt.Errorf("exit: %w: %w", ErrNothingToPay, err)
	case *bindings.RollupFeesAlreadyRegistered:
		return fmt.Errorf("exit: %w: %w", ErrFeesRegistered, err)
	}
	return fmt.Errorf("exit: reverted: %T %+v: %w", v, v, err)
}

// printExit prints what exit did; amounts in token units (decimals: the collateral token's), quantums in parentheses.
func printExit(out io.Writer, asJSON bool, res *exitResult, decimals uint8) error {
	if asJSON {
		return printJSON(out, res)
	}
	who := fmt.Sprintf("account %d", res.Account)
	if res.Action == "register-fees" || res.Action == "payout-fees" {
		who = "the fee claim"
	}
	var err error
	switch res.Action {
	case "register", "register-fees":
		_, err = fmt.Fprintf(out, "%s registered a claim of %s against batch %d (root %s)\n"+
			"in tx %s (block %d, gas %d)\nthe claim window ends at %s; then pay it out with `zkperp exit --payout`: "+
			"claim · pool / total claims, to %s\n", who, tokensAndQuantums(res.Claim, decimals), res.Batch, res.Root, res.Tx, res.Block, res.GasUsed,
			windowTime(res.ClaimWindowEnd), res.Owner)
	case "payout", "payout-fees":
		_, err = fmt.Fprintf(out, "%s: paid %s to %s (claim %s · pool %s / total claims %s, in quantums) in tx %s "+
			"(block %d, gas %d)\n", who, tokensAndQuantums(res.Paid, decimals), res.Owner, res.Claim, res.Pool,
			res.TotalClaims, res.Tx, res.Block, res.GasUsed)
	case "refund":
		_, err = fmt.Fprintf(out, "refunded queue entries %v: %s (and any forced-request fees) to %s; "+
			"last tx %s (gas %d in all)\n", res.Refunded, tokensAndQuantums(res.Paid, decimals), res.Owner, res.Tx, res.GasUsed)
	}
	return err
}

// tokensAndQuantums formats a decimal quantum amount as "token units (N quantums)".
func tokensAndQuantums(q string, decimals uint8) string {
	v, ok := new(big.Int).SetString(q, 10)
	if !ok {
		return q + " quantums"
	}
	return fmt.Sprintf("%s (%s quantums)", fmtTokens(v, decimals), q)
}

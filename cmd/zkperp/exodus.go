package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/zkperp/zkperp/client/l1"
	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
)

// Errors of `zkperp exodus activate`, `zkperp forced-exit` and `zkperp forced-close`. Match them with errors.Is.
var (
	// ErrDeadlineNotReached: the oldest unserved priority-queue entry is not past its deadline yet (the error says
	// which entry, its deadline and where the chain is).
	ErrDeadlineNotReached = errors.New("the oldest unserved priority-queue entry is not past its deadline yet")
	// ErrNoPendingPriorityOp: every priority-queue entry was served by a verified batch: nothing forces exodus.
	ErrNoPendingPriorityOp = errors.New("no unserved priority-queue entry: the sequencer has served every deposit and forced request")
	// ErrExodusActive: the rollup is already in exodus (activation is once; requests are closed).
	ErrExodusActive = errors.New("the rollup is already in exodus")
	// ErrForcedPending: the account already has a pending forced request of that kind (for a forced close: in
	// that market).
	ErrForcedPending = errors.New("a forced request of this kind is already pending")
)

// exodus is `zkperp exodus activate --eth-key K --l1 URL --rollup ADDR [--json]`: Rollup.activateExodus(), once
// the oldest priority-queue entry no verified batch consumed is past its deadline (anyone may send it).
func (d cliDeps) exodus(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	if len(args) == 0 || args[0] != "activate" {
		return errors.New("exodus: want `zkperp exodus activate --eth-key K --l1 URL --rollup ADDR [--json]`")
	}
	fs := newFlagSet("exodus activate", out)
	var o cliOpts
	fs.StringVar(&o.ethKey, "eth-key", "", "Ethereum private key (hex): any funded key may activate")
	fs.StringVar(&o.l1, "l1", "", "L1 RPC URL")
	fs.StringVar(&o.rollup, "rollup", "", "Rollup contract address")
	fs.BoolVar(&o.json, "json", false, "print JSON")
	if err := d.parse(fs, args[1:]); err != nil {
		return err
	}
	switch {
	case fs.NArg() != 0:
		return fmt.Errorf("exodus activate: unexpected arguments %q", fs.Args())
	case o.l1 == "":
		return errors.New("exodus activate: --l1 is required")
	case !common.IsHexAddress(o.rollup):
		return fmt.Errorf("exodus activate: --rollup %q is not an address", o.rollup)
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
	rv := newRollupView(b, common.HexToAddress(o.rollup), common.Address{})
	if rv.send, err = newExitSender(ctx, b, key, d.mine); err != nil {
		return err
	}
	q, err := rv.queueHead(ctx)
	if err != nil {
		return err
	}
	switch {
	case q.exodus:
		return fmt.Errorf("exodus activate: %w (register claims with `zkperp exit`)", ErrExodusActive)
	case q.cursor == q.count:
		return fmt.Errorf("exodus activate: %w", ErrNoPendingPriorityOp)
	case q.now+1 <= q.deadline: // the transaction lands in a later block: the next one at the earliest
		return fmt.Errorf("exodus activate: %w: %s", ErrDeadlineNotReached, q.describe())
	}
	r, err := rv.send(ctx, rv.c, rv.rollup.PackActivateExodus())
	if err != nil {
		return activateRevert(err)
	}
	var ev *bindings.RollupExodusActivated
	for _, l := range r.Logs {
		if e, err := rv.rollup.UnpackExodusActivatedEvent(l); err == nil {
			ev = e
		}
	}
	if ev == nil {
		return fmt.Errorf("exodus activate: tx %s: no ExodusActivated event", r.TxHash.Hex())
	}
	end := viewCall(ctx, rv, rv.rollup.PackClaimWindowEnd(), rv.rollup.UnpackClaimWindowEnd)
	if end.err != nil {
		return end.err
	}
	res := map[string]any{"action": "activate", "queueIndex": ev.QueueIndex, "batch": ev.BatchNumber,
		"root": "0x" + common.Bytes2Hex(common.LeftPadBytes(ev.StateRoot.Bytes(), 32)), "claimWindowEnd": end.v,
		"tx": r.TxHash.Hex(), "block": r.BlockNumber.Uint64(), "gasUsed": r.GasUsed}
	if o.json {
		return printJSON(out, res)
	}
	_, err = fmt.Fprintf(out, "exodus activated in tx %s (block %d, gas %d): queue entry %d was past its deadline\n"+
		"the state is frozen at batch %d (root %s); register every claim with `zkperp exit` before %s,\n"+
		"then pay them out with `zkperp exit --payout`\n", r.TxHash.Hex(), r.BlockNumber.Uint64(), r.GasUsed,
		ev.QueueIndex, ev.BatchNumber, res["root"], windowTime(end.v))
	return err
}

// queueHead is where the priority queue and the exodus clock stand.
type queueHead struct {
	exodus                  bool
	cursor, count           uint64
	deadline, now           uint64 // blocks or unix seconds (inBlocks)
	inBlocks                bool
	headOwner               common.Address
	headAmount, headBlockTS uint64
	decimals                uint8 // the collateral token's (headAmount in token units)
}

func (rv *rollupView) queueHead(ctx context.Context) (queueHead, error) {
	var q queueHead
	ex := viewCall(ctx, rv, rv.rollup.PackExodus(), rv.rollup.UnpackExodus)
	cur := viewCall(ctx, rv, rv.rollup.PackDepositCursor(), rv.rollup.UnpackDepositCursor)
	n := viewCall(ctx, rv, rv.rollup.PackDepositCount(), rv.rollup.UnpackDepositCount)
	blocks := viewCall(ctx, rv, rv.rollup.PackForcedDelayInBlocks(), rv.rollup.UnpackForcedDelayInBlocks)
	if err := errors.Join(ex.err, cur.err, n.err, blocks.err); err != nil {
		return q, err
	}
	q.exodus, q.cursor, q.count, q.inBlocks = ex.v, cur.v, n.v, blocks.v
	if q.exodus || q.cursor == q.count {
		return q, nil
	}
	head := viewCall(ctx, rv, rv.rollup.PackPendingDeposits(q.cursor), rv.rollup.UnpackPendingDeposits)
	if head.err != nil {
		return q, head.err
	}
	q.deadline, q.headOwner, q.headAmount = uint64(head.v.Deadline), head.v.Owner, head.v.Amount
	if q.headAmount != 0 {
		tok := viewCall(ctx, rv, rv.rollup.PackToken(), rv.rollup.UnpackToken)
		if tok.err != nil {
			return q, tok.err
		}
		tt := bindings.NewTestToken()
		dec, err := bind.Call(tt.Instance(rv.b, tok.v), &bind.CallOpts{Context: ctx}, tt.PackDecimals(), tt.UnpackDecimals)
		if err != nil {
			return q, fmt.Errorf("exodus: token decimals: %w", err)
		}
		q.decimals = dec
	}
	h, err := rv.b.HeaderByNumber(ctx, nil)
	if err != nil {
		return q, fmt.Errorf("exodus: latest L1 header: %w", err)
	}
	q.headBlockTS = h.Time
	q.now = h.Time
	if q.inBlocks {
		q.now = h.Number.Uint64()
	}
	return q, nil
}

// describe says which entry blocks activation and how far away its deadline is (the contract wants the activating
// block's number, or time, > deadline).
func (q queueHead) describe() string {
	what := "a forced request"
	if q.headAmount != 0 {
		what = "a deposit of " + tokensAndQuantums(fmt.Sprint(q.headAmount), q.decimals)
	}
	if q.inBlocks {
		return fmt.Sprintf("the oldest unserved entry, queue index %d (%s by %s), has deadline block %d; the chain is "+
			"at block %d: a transaction mined in block %d or later activates exodus (%d more blocks)", q.cursor, what,
			q.headOwner.Hex(), q.deadline, q.now, q.deadline+1, q.deadline+1-q.now)
	}
	return fmt.Sprintf("the oldest unserved entry, queue index %d (%s by %s), has deadline %s; the latest block is at "+
		"unix %d: a transaction mined in a block after the deadline activates exodus (%d s more)", q.cursor, what, q.headOwner.Hex(),
		windowTime(q.deadline), q.now, q.deadline+1-q.now)
}

// activateRevert maps a revert of activateExodus (the chain may move between the checks and the transaction).
func activateRevert(err error) error {
	v, ok := contracts.RollupError(err)
	if !ok {
		return fmt.Errorf("exodus activate: send: %w", err)
	}
	switch e := v.(type) {
	case *bindings.RollupDeadlineNotReached:
		return fmt.Errorf("exodus activate: %w: queue index %d has deadline %d: %w", ErrDeadlineNotReached,
			e.QueueIndex, e.Deadline, err)
	case *bindings.RollupNoPendingPriorityOp:
		return fmt.Errorf("exodus activate: %w: %w", ErrNoPendingPriorityOp, err)
	case *bindings.RollupExodusActive:
		return fmt.Errorf("exodus activate: %w: %w", ErrExodusActive, err)
	}
	return fmt.Errorf("exodus activate: reverted: %T %+v: %w", v, v, err)
}

// forcedResult is what `zkperp forced-exit` and `zkperp forced-close` report.
type forcedResult struct {
	Action   string `json:"action"` // forced-exit, forced-close
	Account  uint32 `json:"account"`
	Market   *uint8 `json:"market,omitempty"`
	Fee      string `json:"fee"`      // wei escrowed (forcedRequestFee)
	Deadline uint64 `json:"deadline"` // block number or unix seconds (inBlocks)
	InBlocks bool   `json:"deadlineInBlocks"`
	Tx       string `json:"tx"`
	Block    uint64 `json:"block"`
	GasUsed  uint64 `json:"gasUsed"`
}

func (d cliDeps) forcedExit(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	x, o, closeFn, err := d.l1Command(ctx, "forced-exit", args, out, log, nil)
	if err != nil {
		return err
	}
	defer closeFn()
	r, err := x.RequestForcedExit(ctx)
	if err != nil {
		return forcedRevert("forced-exit", err)
	}
	return d.printForced(ctx, out, o, x, "forced-exit", nil, r)
}

// forcedClose is `zkperp forced-close --market M`: Rollup.requestForcedClose for the key's position in market M,
// sending the forcedRequestFee.
func (d cliDeps) forcedClose(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	var market string
	x, o, closeFn, err := d.l1Command(ctx, "forced-close", args, out, log, func(fs *flag.FlagSet) {
		fs.StringVar(&market, "market", "", "market id (0, 1, ...: the position tree index; names need a node)")
	})
	if err != nil {
		return err
	}
	defer closeFn()
	m, err := strconv.ParseUint(market, 10, 8)
	if err != nil {
		return fmt.Errorf("forced-close: --market %q: want a market id (0, 1, ...)", market)
	}
	mk := uint8(m)
	r, err := x.RequestForcedClose(ctx, mk)
	if err != nil {
		return forcedRevert("forced-close", err)
	}
	return d.printForced(ctx, out, o, x, "forced-close", &mk, r)
}

func (d cliDeps) printForced(ctx context.Context, out io.Writer, o cliOpts, x *l1.L1, action string, market *uint8,
	r *types.Receipt) error {
	rollup := bindings.NewRollup()
	res := forcedResult{Action: action, Market: market, Tx: r.TxHash.Hex(), Block: r.BlockNumber.Uint64(),
		GasUsed: r.GasUsed, Fee: "0"}
	for _, l := range r.Logs {
		if e, err := rollup.UnpackForcedWithdrawalRequestedEvent(l); err == nil {
			res.Account, res.Deadline = e.Account, e.Deadline
		}
		if e, err := rollup.UnpackForcedCloseRequestedEvent(l); err == nil {
			res.Account, res.Deadline = e.Account, e.Deadline
		}
	}
	b, closeFn, err := d.dialL1(ctx, o.l1)
	if err != nil {
		return err
	}
	defer closeFn()
	c := rollup.Instance(b, common.HexToAddress(o.rollup))
	rv := &rollupView{rollup: rollup, c: c}
	fee := viewCall(ctx, rv, rollup.PackForcedRequestFee(), rollup.UnpackForcedRequestFee)
	blocks := viewCall(ctx, rv, rollup.PackForcedDelayInBlocks(), rollup.UnpackForcedDelayInBlocks)
	if err := errors.Join(fee.err, blocks.err); err != nil {
		return err
	}
	res.Fee, res.InBlocks = fee.v.String(), blocks.v
	if o.json {
		return printJSON(out, res)
	}
	what := "forced exit (all free collateral to L1)"
	if market != nil {
		what = fmt.Sprintf("forced close of the position in market %d", *market)
	}
	dl := windowTime(res.Deadline)
	if res.InBlocks {
		dl = fmt.Sprintf("block %d", res.Deadline)
	}
	_, err = fmt.Fprintf(out, "%s queued for account %d in tx %s (block %d, gas %d), fee %s wei escrowed\n"+
		"a batch must serve it by %s; if none does, anyone may then run `zkperp exodus activate`\n", what, res.Account,
		res.Tx, res.Block, res.GasUsed, res.Fee, dl)
	if err == nil && market != nil {
		_, err = fmt.Fprintln(out, "once it is served, `zkperp forced-exit` takes the freed collateral out")
	} else if err == nil {
		_, err = fmt.Fprintln(out, "once it is served, claim it with `zkperp claim`")
	}
	return err
}

// forcedRevert maps the reverts of the forced requests to clear errors.
func forcedRevert(cmd string, err error) error {
	v, ok := contracts.RollupError(err)
	if !ok {
		return fmt.Errorf("%s: %w", cmd, err)
	}
	switch e := v.(type) {
	case *bindings.RollupExodusActive:
		return fmt.Errorf("%s: %w: requests are closed; register your claim with `zkperp exit`: %w", cmd,
			ErrExodusActive, err)
	case *bindings.RollupForcedWithdrawalPending:
		return fmt.Errorf("%s: account %d: %w (deadline %d): %w", cmd, e.Account, ErrForcedPending, e.Deadline, err)
	case *bindings.RollupForcedClosePending:
		return fmt.Errorf("%s: account %d, market %d: %w (deadline %d): %w", cmd, e.Account, e.Market,
			ErrForcedPending, e.Deadline, err)
	case *bindings.RollupUnknownAccount:
		return fmt.Errorf("%s: %w (deposit first): %w", cmd, ErrNoAccount, err)
	case *bindings.RollupBadMarket:
		return fmt.Errorf("%s: market %d does not exist on this rollup: %w", cmd, e.Market, err)
	case *bindings.RollupWrongForcedFee:
		return fmt.Errorf("%s: sent %s wei, the fee is %s wei: %w", cmd, e.Sent, e.Fee, err)
	}
	return fmt.Errorf("%s: %w", cmd, err)
}

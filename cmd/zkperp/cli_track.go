package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/internal/devnet"
	"github.com/zkperp/zkperp/sequencer/node"
)

// The CLI's own errors (the node's come through as *client.Error).
var (
	// ErrNoL1 is a command that needs L1 (deposits, claims, the account lookup) run without --l1.
	ErrNoL1 = errors.New("--l1 is required (the L1 JSON-RPC URL, or ZKPERP_L1; the devnet's is http://127.0.0.1:8545)")
	// ErrNoGas is an L1 transaction from an address without ether for gas.
	ErrNoGas = errors.New("no ether for gas")
	// ErrNoTokens is a deposit larger than the address's collateral token balance.
	ErrNoTokens = errors.New("not enough collateral tokens")
	// ErrOrderNotLive is an amend of an order that is not resting in the book.
	ErrOrderNotLive = errors.New("order not live")
	// ErrUsage is a command line the command cannot run.
	ErrUsage = errors.New("usage")
	// ErrFaucet is a refusal by the devnet faucet.
	ErrFaucet = errors.New("faucet")
)

// resolveRollup fills --rollup from the node's perp_status when it was not given, like the trading commands do.
func (o *cliOpts) resolveRollup(ctx context.Context) error {
	if o.rollup != "" {
		return nil
	}
	if o.node == "" {
		return errors.New("--rollup is required without --node (the node's perp_status names its rollup)")
	}
	c, err := o.dialNode(ctx)
	if err != nil {
		return fmt.Errorf("no --rollup, and the node %s: %w", o.node, err)
	}
	defer c.Close()
	st, err := c.Status(ctx)
	if err != nil {
		return fmt.Errorf("no --rollup, and asking the node %s for its rollup: %w", o.node, err)
	}
	o.rollup = st.Rollup
	return nil
}

// checkGas refuses an L1 transaction from an address without ether, saying where to get some.
func (d cliDeps) checkGas(ctx context.Context, url string, addr common.Address) error {
	b, closeFn, err := d.dialL1(ctx, url)
	if err != nil {
		return err
	}
	defer closeFn()
	bal, err := b.BalanceAt(ctx, addr, nil)
	if err != nil || bal.Sign() > 0 {
		return nil // the transaction itself reports what is wrong
	}
	return fmt.Errorf("%w: %s has no ETH on L1 to pay for the transaction; on the devnet run `zkperp faucet --to %s` "+
		"(10 ETH and test tokens) or use one of the funded dev accounts the devnet prints at start", ErrNoGas,
		addr.Hex(), addr.Hex())
}

// fmtTokens formats quantums as token units with decimals.
func fmtTokens(q *big.Int, decimals uint8) string {
	if q == nil {
		return "0"
	}
	r := new(big.Rat).SetFrac(q, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil))
	s := r.FloatString(int(decimals))
	if strings.Contains(s, ".") {
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// hexRoot prints a state root (a field element, decimal in perp_status) as 0x-hex of 32 bytes, as zkperp verify
// and the rollup contract do; a root that is not a decimal is returned as is.
func hexRootDec(dec string) string {
	v, ok := new(big.Int).SetString(dec, 10)
	if !ok || v.Sign() < 0 || v.BitLen() > 256 {
		return dec
	}
	return fmt.Sprintf("0x%064x", v)
}

// marginHint adds what to do to an order refused for margin: every position has isolated margin, funded from the
// account's free collateral before trading.
func marginHint(err error, market string) error {
	if client.Code(err) != client.CodeInsufficientMargin {
		return err
	}
	return fmt.Errorf("%w\nhint: every position has its own, isolated margin: move free collateral into the %s "+
		"position first (`zkperp margin --market %s --amount 100 --to-position`), or add `--margin 100` to the order; "+
		"`zkperp positions` shows the free collateral", err, market, market)
}

// ---------------------------------------------------------------- tx

var stageRank = map[node.Stage]int{node.StageMatched: 0, node.StageSealed: 1, node.StageProven: 2,
	node.StageSubmitted: 3, node.StageVerified: 4}

// tx shows a tx's stage and batch; --follow polls until its batch is verified on L1.
func (d cliDeps) tx(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := newFlagSet("tx", out)
	var o cliOpts
	o.nodeFlags(fs)
	var follow bool
	fs.BoolVar(&follow, "follow", false, "print each stage until the tx's batch is verified on L1 (up to --timeout, 10m by default with --follow)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: zkperp tx <index> [--follow]   (the index is printed by order, margin, withdraw: \"tx 35 fill\")")
		fs.PrintDefaults()
	}
	idxArg, rest := splitPositional(args)
	if err := d.parse(fs, rest); err != nil {
		return err
	}
	if idxArg == "" && fs.NArg() > 0 {
		idxArg = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return fmt.Errorf("tx: %w: unexpected arguments %q", ErrUsage, fs.Args())
	}
	if idxArg == "" {
		return fmt.Errorf("tx: %w: zkperp tx <index> [--follow] (the index an order, margin or withdraw printed)", ErrUsage)
	}
	idx, err := strconv.ParseUint(idxArg, 10, 64)
	if err != nil {
		return fmt.Errorf("tx: %w: %q is not a tx index", ErrUsage, idxArg)
	}
	if follow && !flagSet(fs, "timeout") {
		o.timeout = 10 * time.Minute
	}
	ctx, c, done, err := o.session(ctx)
	if err != nil {
		return err
	}
	defer done()
	last := ""
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		st, err := c.TxStatus(ctx, idx)
		if err != nil {
			if ctx.Err() != nil && last != "" {
				return fmt.Errorf("tx %d: still %s: %w", idx, last, ctx.Err())
			}
			return err
		}
		var b *node.BatchStatus
		if st.Batch > 0 {
			if b, err = c.BatchStatus(ctx, st.Batch); err != nil {
				return err
			}
		}
		key := string(st.Stage)
		if b != nil {
			key += "/" + string(b.Stage)
		}
		if key != last {
			last = key
			if err := printTx(out, o.json, st, b); err != nil {
				return err
			}
		}
		if !follow || st.Stage == node.StageVerified {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("tx %d: still %s after --timeout %s: %w", idx, st.Stage, o.timeout, ctx.Err())
		case <-tick.C:
		}
	}
}

func printTx(out io.Writer, asJSON bool, st *node.TxStatus, b *node.BatchStatus) error {
	if asJSON {
		enc := json.NewEncoder(out)
		return enc.Encode(struct {
			Tx    *node.TxStatus    `json:"tx"`
			Batch *node.BatchStatus `json:"batch,omitempty"`
		}{st, b})
	}
	ts := time.Now().Format("15:04:05")
	if b == nil {
		_, err := fmt.Fprintf(out, "%s tx %d %s: %s, not in a batch yet (the next seal takes it)\n", ts, st.Index, st.Type, st.Stage)
		return err
	}
	line := fmt.Sprintf("%s tx %d %s: %s in batch %d (%d txs, %d fills)", ts, st.Index, st.Type, st.Stage, b.Number, b.Txs, b.Fills)
	if b.TxHash != "" {
		line += " L1 tx " + b.TxHash
	}
	switch st.Stage {
	case node.StageVerified:
		line += ": final on L1"
	case node.StageSealed:
		line += ": waiting for a prover"
	case node.StageProven:
		line += ": proof ready, submitting to L1"
	case node.StageSubmitted:
		line += ": waiting for the L1 transaction"
	}
	_, err := fmt.Fprintln(out, line)
	return err
}

// splitPositional takes a leading positional argument (zkperp tx 35 --follow) off args.
func splitPositional(args []string) (string, []string) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	return "", args
}

// flagSet reports whether the flag was given on the command line or in the environment.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// ---------------------------------------------------------------- amend

// amend re-signs a live order with a new price and/or size (perp_amendOrder).
func (d cliDeps) amend(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := newFlagSet("amend", out)
	var o cliOpts
	o.nodeFlags(fs)
	o.keyFlags(fs)
	var market, price, size string
	var id, expiry, makerFee, takerFee uint
	fs.StringVar(&market, "market", "", "market name or id")
	fs.UintVar(&id, "id", 0, "the live order's id (zkperp orders)")
	fs.StringVar(&price, "price", "", "new price (default: unchanged)")
	fs.StringVar(&size, "size", "", "new total size, above the filled part (default: unchanged); a smaller size at the same price keeps the time priority")
	fs.UintVar(&expiry, "expiry", 0, "the order's signed expiry, as placed (unix s; 0: none)")
	fs.UintVar(&makerFee, "max-maker-fee", 0, "the order's signed maker fee cap, as placed (default: the market's fee)")
	fs.UintVar(&takerFee, "max-taker-fee", 0, "the order's signed taker fee cap, as placed (default: the market's fee)")
	if err := d.parse(fs, args); err != nil {
		return err
	}
	if market == "" || id == 0 || id > 0xffffffff || (price == "" && size == "") {
		return fmt.Errorf("amend: %w: --market, --id and at least one of --price or --size are required", ErrUsage)
	}
	if expiry > 0xffffffff || makerFee > 0xffff || takerFee > 0xffff {
		return fmt.Errorf("amend: %w: --expiry, --max-maker-fee or --max-taker-fee out of range", ErrUsage)
	}
	ctx, c, done, err := o.session(ctx)
	if err != nil {
		return err
	}
	defer done()
	t, err := d.trader(ctx, &o, c, log)
	if err != nil {
		return err
	}
	m, err := t.Market(market)
	if err != nil {
		return err
	}
	st, err := t.OrderStatus(ctx, m.ID, uint32(id))
	if err != nil {
		return err
	}
	if !st.Live || st.Order == nil {
		return fmt.Errorf("amend: order %d in %s: %w (filled, cancelled or expired; zkperp orders lists the live ones)",
			id, m.Name, ErrOrderNotLive)
	}
	v := st.Order
	prev := node.OrderRequest{Market: m.ID, ID: uint32(id), Side: v.Side, Type: v.Type, TIF: v.TIF, Price: v.Price,
		Size: v.Size, Expiry: uint32(expiry), MaxMakerFee: uint16(makerFee), MaxTakerFee: uint16(takerFee)}
	p, err := t.Amend(ctx, prev, price, size)
	if err != nil {
		return marginHint(err, m.Name)
	}
	return printAck(out, o.json, "amended", p.ID, p.Ack)
}

// ---------------------------------------------------------------- faucet

// faucet asks the devnet's faucet for test ETH and tokens.
func (d cliDeps) faucet(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := newFlagSet("faucet", out)
	var o cliOpts
	var url, to string
	fs.StringVar(&url, "faucet", "http://127.0.0.1:8649", "the devnet faucet's URL (zkperp devnet --faucet)")
	fs.StringVar(&to, "to", "", "the address to fund (default: the address of --eth-key)")
	fs.StringVar(&o.ethKey, "eth-key", "", "Ethereum private key (hex): fund its address")
	fs.BoolVar(&o.json, "json", false, "print JSON")
	fs.DurationVar(&o.timeout, "timeout", time.Minute, "request timeout")
	if err := d.parse(fs, args); err != nil {
		return err
	}
	if to == "" {
		if o.ethKey == "" {
			return fmt.Errorf("faucet: %w: --to ADDRESS (or --eth-key / ZKPERP_ETH_KEY) is required", ErrUsage)
		}
		k, err := parseEthKey(o.ethKey)
		if err != nil {
			return err
		}
		to = crypto.PubkeyToAddress(k.PublicKey).Hex()
	}
	if !common.IsHexAddress(to) {
		return fmt.Errorf("faucet: --to: %q is not an address", to)
	}
	body, err := json.Marshal(devnet.FaucetRequest{Address: to})
	if err != nil {
		return err
	}
	ctx, cancel := withTimeout(ctx, o.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(url, "/")+devnet.FaucetPath, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("faucet: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	hc := d.http
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("faucet %s (is `zkperp devnet` running?): %w", url, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err != nil {
		return fmt.Errorf("faucet: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		var fe devnet.FaucetError
		if json.Unmarshal(raw, &fe) != nil || fe.Error == "" {
			fe.Error = strings.TrimSpace(string(raw))
		}
		return fmt.Errorf("%w: HTTP %d: %s", ErrFaucet, resp.StatusCode, fe.Error)
	}
	var res devnet.FaucetResponse
	if err := json.Unmarshal(raw, &res); err != nil {
		return fmt.Errorf("faucet: bad answer: %w", err)
	}
	if o.json {
		return printJSON(out, res)
	}
	fmt.Fprintf(out, "sent %s ETH (tx %s) and minted %s test tokens (tx %s) to %s\n"+
		"next: zkperp deposit --amount 1000 (the key in ZKPERP_ETH_KEY or --eth-key)\n", res.ETH, res.ETHTx, res.Tokens,
		res.TokenTx, res.Address)
	return nil
}

// ---------------------------------------------------------------- watch: batches in order

// batchOrderer turns the node's batchFeed (every changed batch each second, in no particular order; all known
// batches on the first tick) into an ordered stream: each burst is sorted by batch number and stage, a batch is
// shown only when it moves to a later stage, and batches already verified when the watch started are skipped.
type batchOrderer struct {
	seen map[uint64]int
}

func newBatchOrderer(verifiedAtStart uint64) *batchOrderer {
	b := &batchOrderer{seen: map[uint64]int{}}
	for n := uint64(1); n <= verifiedAtStart; n++ {
		b.seen[n] = stageRank[node.StageVerified]
	}
	return b
}

// order returns the burst's new stages, in batch order.
func (b *batchOrderer) order(burst []node.BatchStatus) []node.BatchStatus {
	sort.SliceStable(burst, func(i, j int) bool {
		if burst[i].Number != burst[j].Number {
			return burst[i].Number < burst[j].Number
		}
		return stageRank[burst[i].Stage] < stageRank[burst[j].Stage]
	})
	var out []node.BatchStatus
	for _, s := range burst {
		r, ok := stageRank[s.Stage]
		if prev, seen := b.seen[s.Number]; seen && r <= prev || !ok {
			continue
		}
		b.seen[s.Number] = r
		out = append(out, s)
	}
	return out
}

// orderBatches sends the initial batches (the backlog, read with perp_batchStatus) ordered to emit, then reads
// batch notifications from in, groups those that arrive together (within quiet of each other; the node sends a
// tick's changes back to back, ticks a second apart), and sends their new stages ordered to emit until in closes
// or ctx ends.
func orderBatches(ctx context.Context, in <-chan node.BatchStatus, o *batchOrderer, quiet time.Duration,
	initial []node.BatchStatus, emit func(node.BatchStatus) bool) {
	for _, s := range o.order(initial) {
		if !emit(s) {
			return
		}
	}
	for {
		var burst []node.BatchStatus
		select {
		case <-ctx.Done():
			return
		case v, ok := <-in:
			if !ok {
				return
			}
			burst = append(burst, v)
		}
		timer := time.NewTimer(quiet)
	collect:
		for {
			select {
			case v, ok := <-in:
				if !ok {
					break collect
				}
				burst = append(burst, v)
			case <-timer.C:
				break collect
			case <-ctx.Done():
				timer.Stop()
				return
			}
		}
		timer.Stop()
		for _, s := range o.order(burst) {
			if !emit(s) {
				return
			}
		}
	}
}

// ---------------------------------------------------------------- L1 refusals in words

// ErrL1Refused is an L1 transaction the rollup refused (the revert is decoded; the original error is wrapped).
var ErrL1Refused = errors.New("refused on L1")

// l1Refusal is a decoded revert: its message in words and token units, the original error (with the raw revert)
// wrapped for errors.Is/As.
type l1Refusal struct {
	msg string
	err error
}

func (e *l1Refusal) Error() string { return e.msg }

func (e *l1Refusal) Unwrap() []error { return []error{ErrL1Refused, e.err} }

// describeRevert turns a Rollup revert of an L1 call (what: "deposit", "claim", ...) into a message in words and
// token units; other errors pass through.
func describeRevert(err error, what string, decimals uint8) error {
	v, ok := contracts.RollupError(err)
	if !ok {
		return err
	}
	tok := func(q *big.Int) string { return fmtTokens(q, decimals) }
	var msg string
	switch e := v.(type) {
	case *bindings.RollupDepositTooSmall:
		msg = fmt.Sprintf("%s %s is below the rollup's minimum deposit of %s", what, tok(e.Received),
			tok(new(big.Int).SetUint64(e.Minimum)))
	case *bindings.RollupDepositCapExceeded:
		msg = fmt.Sprintf("%s of %s would take account %d (%s deposited) over the rollup's deposit cap", what,
			tok(e.Amount), e.Account, tok(new(big.Int).SetUint64(e.Deposited)))
	case *bindings.RollupKeyMismatch:
		msg = fmt.Sprintf("%s: account %d of this address is bound to another L2 key (another deployment's, or "+
			"another Ethereum key's)", what, e.Account)
	case *bindings.RollupZeroAmount:
		msg = fmt.Sprintf("%s: the amount is zero", what)
	case *bindings.RollupExodusActive:
		msg = fmt.Sprintf("%s: the rollup is in exodus; get funds out with `zkperp exit`", what)
	default:
		name := strings.TrimPrefix(fmt.Sprintf("%T", v), "*bindings.Rollup")
		msg = fmt.Sprintf("%s: the rollup reverted with %s", what, name)
	}
	return &l1Refusal{msg: fmt.Sprintf("%s: %s", ErrL1Refused, msg), err: err}
}

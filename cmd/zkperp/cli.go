package main

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/client/l1"
	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/sequencer/node"
	"github.com/zkperp/zkperp/state"
)

// cliL1Backend is what the trader CLI needs of an L1 node.
type cliL1Backend interface {
	contracts.Backend
	ChainID(ctx context.Context) (*big.Int, error)
	BalanceAt(ctx context.Context, account common.Address, block *big.Int) (*big.Int, error)
}

// cliDeps are the CLI's external connections (tests swap the L1 dialer for a simulated chain).
type cliDeps struct {
	dialL1 func(ctx context.Context, url string) (cliL1Backend, func(), error)
	mine   func() // after each L1 transaction (simulated chains)
	getenv func(string) (string, bool)
	http   *http.Client // the devnet faucet (nil: http.DefaultClient)
}

func defaultCLIDeps() cliDeps {
	return cliDeps{
		dialL1: func(ctx context.Context, url string) (cliL1Backend, func(), error) {
			c, err := ethclient.DialContext(ctx, url)
			if err != nil {
				return nil, nil, fmt.Errorf("dial L1 %s: %w", url, err)
			}
			return c, c.Close, nil
		},
		getenv: os.LookupEnv,
	}
}

// cliCommands returns the trader CLI's subcommands (append them to main's commands).
func cliCommands() []command { return defaultCLIDeps().commands() }

func (d cliDeps) commands() []command {
	return []command{
		{"keys", "derive the L2 key and account of an Ethereum key (keys new: create a key)", d.keys},
		{"deposit", "deposit collateral on L1 (approve + Rollup.deposit)", d.deposit},
		{"claim", "claim verified withdrawals on L1 (Rollup.withdraw)", d.claim},
		{"forced-exit", "queue a forced exit on L1, paying the forced-request fee (no sequencer needed; claim once served)", d.forcedExit},
		{"forced-close", "queue a forced close of a position (--market ID) on L1, paying the forced-request fee", d.forcedClose},
		{"exodus", "exodus activate: freeze the rollup once an unserved priority entry is past its deadline", d.exodus},
		{"exit", "in exodus: register the account's claim (rebuilt from L1); --payout after the window, --fees, --refund", d.exit},
		{"faucet", "devnet only: get test ETH and tokens for an address from the devnet's faucet", d.faucet},
		{"order", "place a signed order", d.order},
		{"amend", "amend a resting order's price and/or size (keeps its place when only the size shrinks)", d.amend},
		{"cancel", "cancel an order (--id) or all orders of a market (--all)", d.cancel},
		{"book", "show a market's order book", d.book},
		{"orders", "list open orders", d.orders},
		{"positions", "show an account's collateral and positions", d.positions},
		{"withdraw", "withdraw free collateral (claim it on L1 once its batch is verified)", d.withdraw},
		{"margin", "move collateral into (--to-position) or out of (--from-position) a position", d.margin},
		{"markets", "list the markets", d.markets},
		{"status", "show the node's status", d.status},
		{"tx", "show a tx's stage and batch (--follow: until its batch is verified on L1)", d.tx},
		{"watch", "stream book deltas, trades, account events and batches", d.watch},
	}
}

// cliEnvName is the environment variable of a flag: ZKPERP_ETH_KEY for --eth-key.
func cliEnvName(flagName string) string {
	return "ZKPERP_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parse applies ZKPERP_<NAME> environment variables, then the command line (which wins).
func (d cliDeps) parse(fs *flag.FlagSet, args []string) error {
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if v, ok := d.getenv(cliEnvName(f.Name)); ok {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", cliEnvName(f.Name), err))
			}
		}
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return fs.Parse(args)
}

// cliOpts are the flags shared by the commands.
type cliOpts struct {
	node, ethKey, l1, rollup string
	account                  uint
	json                     bool
	timeout                  time.Duration
}

func newFlagSet(name string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	return fs
}

// defaultNode is the node the CLI talks to without --node: the devnet's public JSON-RPC.
const defaultNode = "http://127.0.0.1:8645"

func (o *cliOpts) nodeFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.node, "node", defaultNode, "node JSON-RPC URL (the node's api.http, or its ws:// endpoint)")
	fs.BoolVar(&o.json, "json", false, "print JSON")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Second, "request timeout")
}

func (o *cliOpts) keyFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.ethKey, "eth-key", "", "Ethereum private key (hex); the L2 key is derived from it")
	fs.UintVar(&o.account, "account", 0, "account index (default: looked up on L1 with --l1)")
	fs.StringVar(&o.l1, "l1", "", "L1 RPC URL (to look up the account index; the devnet's: http://127.0.0.1:8545)")
	fs.StringVar(&o.rollup, "rollup", "", "Rollup contract address (default: the node's)")
}

func parseEthKey(s string) (*ecdsa.PrivateKey, error) {
	if s == "" {
		return nil, errors.New("an Ethereum key is required (--eth-key or ZKPERP_ETH_KEY)")
	}
	k, err := crypto.HexToECDSA(strings.TrimPrefix(strings.TrimSpace(s), "0x"))
	if err != nil {
		return nil, fmt.Errorf("eth key: %w", err)
	}
	return k, nil
}

func printJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func table(out io.Writer, header string, rows [][]string) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

// dialNode connects to the node.
func (o *cliOpts) dialNode(ctx context.Context) (*client.Client, error) {
	if o.node == "" {
		return nil, errors.New("--node is required")
	}
	return client.Dial(ctx, o.node)
}

// session bounds ctx by --timeout and dials the node; done closes the client and releases the context.
func (o *cliOpts) session(ctx context.Context) (context.Context, *client.Client, func(), error) {
	ctx, cancel := withTimeout(ctx, o.timeout)
	c, err := o.dialNode(ctx)
	if err != nil {
		cancel()
		return ctx, nil, nil, err
	}
	return ctx, c, func() { c.Close(); cancel() }, nil
}

// l1 binds the Rollup for the Ethereum key; the rollup address defaults to the node's (when c is not nil).
func (d cliDeps) l1(ctx context.Context, url, rollup, token string, key *ecdsa.PrivateKey, c *client.Client,
	log *slog.Logger) (*l1.L1, func(), error) {
	if url == "" {
		return nil, nil, ErrNoL1
	}
	if rollup == "" && c != nil {
		st, err := c.Status(ctx)
		if err != nil {
			return nil, nil, err
		}
		rollup = st.Rollup
	}
	if !common.IsHexAddress(rollup) {
		return nil, nil, fmt.Errorf("--rollup: %q is not an address", rollup)
	}
	if token != "" && !common.IsHexAddress(token) {
		return nil, nil, fmt.Errorf("--token: %q is not an address", token)
	}
	b, closeFn, err := d.dialL1(ctx, url)
	if err != nil {
		return nil, nil, err
	}
	cfg := l1.L1Config{Backend: b, Key: key, Rollup: common.HexToAddress(rollup), Mine: d.mine, Log: log}
	if token != "" {
		cfg.Token = common.HexToAddress(token)
	}
	x, err := l1.NewL1(ctx, cfg)
	if err != nil {
		closeFn()
		return nil, nil, err
	}
	return x, closeFn, nil
}

// trader builds a Trader for --eth-key, with the account from --account or from L1.
func (d cliDeps) trader(ctx context.Context, o *cliOpts, c *client.Client, log *slog.Logger) (*client.Trader, error) {
	k, err := parseEthKey(o.ethKey)
	if err != nil {
		return nil, err
	}
	dom, err := c.Domain(ctx) // the L2 key is the one for the node's deployment (chain, rollup)
	if err != nil {
		return nil, err
	}
	l2, err := state.DeriveL2Key(k, dom)
	if err != nil {
		return nil, err
	}
	acct := uint32(o.account)
	if o.account > 0xffffffff {
		return nil, fmt.Errorf("--account %d out of range", o.account)
	}
	if acct == 0 {
		x, closeFn, err := d.l1(ctx, o.l1, o.rollup, "", k, c, log)
		if err != nil {
			return nil, fmt.Errorf("account lookup (pass --account or --l1): %w", err)
		}
		defer closeFn()
		if acct, err = x.Account(ctx); err != nil {
			return nil, err
		}
		if acct == 0 {
			return nil, fmt.Errorf("%s has no account yet: deposit first", x.Address().Hex())
		}
	}
	return client.NewTrader(ctx, c, client.TraderConfig{Key: l2, Account: acct, Log: log})
}

// accountOnly resolves an account for read-only commands: --account, else the key's account.
func (d cliDeps) accountOnly(ctx context.Context, o *cliOpts, c *client.Client, log *slog.Logger) (uint32, error) {
	if o.account > 0xffffffff {
		return 0, fmt.Errorf("--account %d out of range", o.account)
	}
	if o.account > 0 {
		return uint32(o.account), nil
	}
	t, err := d.trader(ctx, o, c, log)
	if err != nil {
		return 0, err
	}
	return t.Index(), nil
}

func withTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}

// ---------------------------------------------------------------- keys

type keysOut struct {
	EthKey  string `json:"ethKey,omitempty"`
	Address string `json:"address"`
	L2PubX  string `json:"l2PubKeyX,omitempty"`
	L2PubY  string `json:"l2PubKeyY,omitempty"`
	Account uint32 `json:"account,omitempty"`
}

func (d cliDeps) keys(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := newFlagSet("keys", out)
	var o cliOpts
	fs.StringVar(&o.ethKey, "eth-key", "", "Ethereum private key (hex)")
	fs.StringVar(&o.l1, "l1", "", "L1 RPC URL (with --rollup: look up the account index)")
	fs.StringVar(&o.rollup, "rollup", "", "Rollup contract address (with --l1: look up the account index)")
	fs.StringVar(&o.node, "node", "", "node JSON-RPC URL: the deployment the L2 key is for, without --l1 and --rollup")
	fs.BoolVar(&o.json, "json", false, "print JSON")
	isNew := len(args) > 0 && args[0] == "new"
	if isNew {
		args = args[1:]
	}
	if err := d.parse(fs, args); err != nil {
		return err
	}
	if o.l1 != "" && o.rollup == "" && o.node != "" {
		if err := o.resolveRollup(ctx); err != nil { // the account lookup needs the node's rollup
			return err
		}
	}
	if o.rollup != "" && o.l1 == "" {
		// The account index lives on L1 (Rollup.accountOf): without --l1 it could not be looked up.
		return fmt.Errorf("keys --rollup: %w (the account index is looked up on L1: Rollup.accountOf); or drop "+
			"--rollup and pass --node for the L2 key alone", ErrNoL1)
	}
	var k *ecdsa.PrivateKey
	var res keysOut
	switch rest := fs.Args(); {
	case isNew && len(rest) == 0:
		var err error
		if k, err = crypto.GenerateKey(); err != nil {
			return fmt.Errorf("generate key: %w", err)
		}
		res.EthKey = "0x" + hex.EncodeToString(crypto.FromECDSA(k))
	case len(rest) == 0:
		var err error
		if k, err = parseEthKey(o.ethKey); err != nil {
			return err
		}
	default:
		return fmt.Errorf("keys: unexpected arguments %q (want nothing or \"new\")", rest)
	}
	res.Address = crypto.PubkeyToAddress(k.PublicKey).Hex()
	// keys new alone creates a key: its L2 key is for a deployment, shown once one is named.
	if dom, err := d.keyDomain(ctx, &o, log); err == nil {
		l2, err := state.DeriveL2Key(k, dom)
		if err != nil {
			return err
		}
		pk := l2.Public()
		res.L2PubX, res.L2PubY = pk.X.String(), pk.Y.String()
	} else if !isNew || o.l1 != "" || o.node != "" {
		return err
	}
	lookup := o.l1 != "" && o.rollup != "" && res.EthKey == ""
	if lookup {
		x, closeFn, err := d.l1(ctx, o.l1, o.rollup, "", k, nil, log)
		if err != nil {
			return err
		}
		defer closeFn()
		if res.Account, err = x.Account(ctx); err != nil {
			return err
		}
	}
	if o.json {
		return printJSON(out, res)
	}
	if res.EthKey != "" {
		fmt.Fprintf(out, "eth key     %s   (keep it secret; export ZKPERP_ETH_KEY=...)\n", res.EthKey)
	}
	fmt.Fprintf(out, "address     %s\n", res.Address)
	if res.L2PubX != "" {
		fmt.Fprintf(out, "l2 pubkey x %s\nl2 pubkey y %s\n", res.L2PubX, res.L2PubY)
	} else {
		fmt.Fprintln(out, "l2 key      depends on the deployment: zkperp keys --node URL (or --l1 URL --rollup ADDR)")
	}
	if lookup {
		if res.Account == 0 {
			fmt.Fprintln(out, "account     none yet (deposit to create it)")
		} else {
			fmt.Fprintf(out, "account     %d\n", res.Account)
		}
	}
	if res.EthKey != "" {
		fmt.Fprintf(out, "next        the key has no ETH for gas yet: on the devnet, zkperp faucet --to %s\n"+
			"            (or use a funded dev account printed by zkperp devnet), then zkperp deposit --amount 1000\n", res.Address)
	}
	return nil
}

// keyDomain returns the deployment an L2 key is derived for (state.KeyDerivationMessage names the chain and the
// rollup): --l1's chain id and --rollup, or else the node's (--node).
func (d cliDeps) keyDomain(ctx context.Context, o *cliOpts, log *slog.Logger) (state.Domain, error) {
	switch {
	case o.l1 != "" && o.rollup != "":
		if !common.IsHexAddress(o.rollup) {
			return state.Domain{}, fmt.Errorf("--rollup: %q is not an address", o.rollup)
		}
		b, closeFn, err := d.dialL1(ctx, o.l1)
		if err != nil {
			return state.Domain{}, err
		}
		defer closeFn()
		id, err := b.ChainID(ctx)
		if err != nil {
			return state.Domain{}, fmt.Errorf("L1 chain id: %w", err)
		}
		return state.Domain{ChainID: id.Uint64(), Rollup: common.HexToAddress(o.rollup)}, nil
	case o.node != "":
		c, err := o.dialNode(ctx)
		if err != nil {
			return state.Domain{}, err
		}
		defer c.Close()
		return c.Domain(ctx)
	}
	return state.Domain{}, errors.New("the L2 key depends on the deployment: pass --l1 and --rollup, or --node")
}

// ---------------------------------------------------------------- L1: deposit, claim

func (d cliDeps) deposit(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := newFlagSet("deposit", out)
	var o cliOpts
	var token, amount string
	var mint bool
	fs.StringVar(&o.ethKey, "eth-key", "", "Ethereum private key (hex)")
	fs.StringVar(&o.l1, "l1", "", "L1 RPC URL (the devnet's: http://127.0.0.1:8545)")
	fs.StringVar(&o.rollup, "rollup", "", "Rollup contract address (default: the node's, from perp_status)")
	fs.StringVar(&o.node, "node", defaultNode, "node JSON-RPC URL, asked for the rollup address when --rollup is not given")
	fs.StringVar(&token, "token", "", "collateral token address (default: the rollup's)")
	fs.StringVar(&amount, "amount", "", "amount in token units, e.g. 100.5")
	fs.BoolVar(&mint, "mint", false, "mint the amount first (devnet TestToken only)")
	fs.BoolVar(&o.json, "json", false, "print JSON")
	if err := d.parse(fs, args); err != nil {
		return err
	}
	k, err := parseEthKey(o.ethKey)
	if err != nil {
		return err
	}
	if amount == "" {
		return errors.New("--amount is required")
	}
	if err := o.resolveRollup(ctx); err != nil {
		return err
	}
	x, closeFn, err := d.l1(ctx, o.l1, o.rollup, token, k, nil, log)
	if err != nil {
		return err
	}
	defer closeFn()
	q, err := x.ParseAmount(ctx, amount)
	if err != nil {
		return fmt.Errorf("--amount: %w", err)
	}
	if err := d.checkGas(ctx, o.l1, x.Address()); err != nil {
		return err
	}
	if mint {
		if _, err := x.Mint(ctx, q); err != nil {
			return fmt.Errorf("--mint (only the devnet's TestToken lets anyone mint): %w", err)
		}
	} else if bal, err := x.Balance(ctx); err == nil && bal.Cmp(new(big.Int).SetUint64(q)) < 0 {
		dec, _ := x.Decimals(ctx)
		return fmt.Errorf("%w: %s holds %s of the collateral token %s, the deposit needs %s; on the devnet add --mint "+
			"(the test token mints to anyone) or get tokens from `zkperp faucet`", ErrNoTokens, x.Address().Hex(),
			fmtTokens(bal, dec), x.Token().Hex(), amount)
	}
	r, err := x.DepositUnits(ctx, q)
	if err != nil {
		dec, _ := x.Decimals(ctx)
		return describeRevert(err, "deposit", dec)
	}
	acct, err := x.Account(ctx)
	if err != nil {
		return err
	}
	res := map[string]any{"tx": r.TxHash.Hex(), "block": r.BlockNumber.Uint64(), "account": acct, "quantums": q,
		"address": x.Address().Hex()}
	if o.json {
		return printJSON(out, res)
	}
	fmt.Fprintf(out, "deposited %s (%d quantums) to account %d in tx %s (block %d)\n"+
		"the sequencer credits it once the block is confirmed (zkperp positions --account %d)\n", amount, q, acct,
		r.TxHash.Hex(), r.BlockNumber.Uint64(), acct)
	return nil
}

// l1Command parses the flags shared by the L1-only commands (claim, forced-exit, forced-close) and connects;
// extra adds command-specific flags (nil: none).
func (d cliDeps) l1Command(ctx context.Context, name string, args []string, out io.Writer, log *slog.Logger,
	extra func(*flag.FlagSet)) (*l1.L1, cliOpts, func(), error) {
	fs := newFlagSet(name, out)
	var o cliOpts
	fs.StringVar(&o.ethKey, "eth-key", "", "Ethereum private key (hex)")
	fs.StringVar(&o.l1, "l1", "", "L1 RPC URL (the devnet's: http://127.0.0.1:8545)")
	fs.StringVar(&o.rollup, "rollup", "", "Rollup contract address (default: the node's, from perp_status)")
	fs.StringVar(&o.node, "node", defaultNode, "node JSON-RPC URL, asked for the rollup address when --rollup is not given")
	fs.BoolVar(&o.json, "json", false, "print JSON")
	if extra != nil {
		extra(fs)
	}
	if err := d.parse(fs, args); err != nil {
		return nil, o, nil, err
	}
	if fs.NArg() != 0 {
		return nil, o, nil, fmt.Errorf("%s: unexpected arguments %q", name, fs.Args())
	}
	k, err := parseEthKey(o.ethKey)
	if err != nil {
		return nil, o, nil, err
	}
	if err := o.resolveRollup(ctx); err != nil {
		return nil, o, nil, err
	}
	x, closeFn, err := d.l1(ctx, o.l1, o.rollup, "", k, nil, log)
	return x, o, closeFn, err
}

func (d cliDeps) claim(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	x, o, closeFn, err := d.l1Command(ctx, "claim", args, out, log, nil)
	if err != nil {
		return err
	}
	defer closeFn()
	r, amt, err := x.Claim(ctx)
	if errors.Is(err, l1.ErrNothingToClaim) && !o.json {
		fmt.Fprintln(out, "nothing to claim yet (a withdrawal is claimable once its batch is verified on L1)")
		return nil
	}
	if err != nil {
		if errors.Is(err, l1.ErrNothingToClaim) {
			return err
		}
		dec, _ := x.Decimals(ctx)
		return describeRevert(err, "claim", dec)
	}
	dec, err := x.Decimals(ctx)
	if err != nil {
		return err
	}
	if o.json {
		return printJSON(out, map[string]any{"tx": r.TxHash.Hex(), "amount": fmtTokens(amt, dec), "quantums": amt.String()})
	}
	fmt.Fprintf(out, "claimed %s (%s quantums) in tx %s\n", fmtTokens(amt, dec), amt, r.TxHash.Hex())
	return nil
}

// ---------------------------------------------------------------- orders

func printAck(out io.Writer, asJSON bool, what string, id uint32, ack *node.Ack) error {
	if asJSON {
		return printJSON(out, struct {
			ID uint32 `json:"id,omitempty"`
			*node.Ack
		}{id, ack})
	}
	if id != 0 {
		fmt.Fprintf(out, "%s: order %d, seq %d\n", what, id, ack.Seq)
	} else {
		fmt.Fprintf(out, "%s: seq %d\n", what, ack.Seq)
	}
	rows := [][]string{}
	for _, e := range ack.Events {
		rows = append(rows, []string{e.Kind, e.Side, fmt.Sprint(e.OrderID), e.Price, e.Size, e.Remaining, e.Reason})
	}
	if len(rows) > 0 {
		if err := table(out, "EVENT\tSIDE\tORDER\tPRICE\tSIZE\tREMAINING\tREASON", rows); err != nil {
			return err
		}
	}
	if len(ack.Txs) == 0 && id != 0 {
		for _, e := range ack.Events {
			if e.Kind == "posted" && e.OrderID == uint64(id) {
				fmt.Fprintln(out, "the order rests in the book: no L2 tx until it fills (zkperp orders; zkperp watch --events)")
				break
			}
		}
	}
	for _, t := range ack.Txs {
		if t.Error != "" {
			fmt.Fprintf(out, "tx %s refused: %s\n", t.Type, t.Error)
		} else {
			fmt.Fprintf(out, "tx %d %s (follow it to L1: zkperp tx %d --follow)\n", t.Index, t.Type, t.Index)
		}
	}
	return nil
}

func (d cliDeps) order(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := newFlagSet("order", out)
	var o cliOpts
	o.nodeFlags(fs)
	o.keyFlags(fs)
	var market, margin string
	var id, expiry uint
	var makerFee, takerFee uint
	var r node.OrderRequest
	fs.StringVar(&market, "market", "", "market name or id (BTC-USD or 0)")
	fs.StringVar(&r.Side, "side", "", "buy or sell")
	fs.StringVar(&r.Price, "price", "", "limit price (quote per base unit); market orders: the worst price (default mark ±5%)")
	fs.StringVar(&r.Size, "size", "", "size in base units")
	fs.StringVar(&r.Type, "type", "limit", "limit | market | pegged")
	fs.StringVar(&r.TIF, "tif", "", "GTC (default) | GTT | IOC | FOK")
	fs.BoolVar(&r.PostOnly, "post-only", false, "reject if it would take liquidity")
	fs.BoolVar(&r.ReduceOnly, "reduce-only", false, "only reduce the position")
	fs.UintVar(&expiry, "expiry", 0, "expiry, unix seconds (GTT)")
	fs.StringVar(&r.Display, "display", "", "iceberg: visible size")
	fs.StringVar(&r.Trigger, "trigger", "", "stop_loss | take_profit")
	fs.StringVar(&r.TriggerAt, "trigger-price", "", "trigger price")
	fs.StringVar(&r.Peg, "peg", "", "pegged orders: best_bid | best_ask | mark")
	fs.StringVar(&r.PegOffset, "peg-offset", "", "pegged orders: signed price offset")
	fs.StringVar(&r.STP, "stp", "", "self-trade prevention: expire_taker (default) | expire_maker | expire_both")
	fs.UintVar(&id, "id", 0, "order id (default: the next free id, from the clock)")
	fs.UintVar(&makerFee, "max-maker-fee", 0, "signed maker fee cap, ppm (default: the market's fee)")
	fs.UintVar(&takerFee, "max-taker-fee", 0, "signed taker fee cap, ppm (default: the market's fee)")
	fs.StringVar(&margin, "margin", "", "first move this much free collateral into the market's position")
	if err := d.parse(fs, args); err != nil {
		return err
	}
	if id > 0xffffffff || expiry > 0xffffffff || makerFee > 0xffff || takerFee > 0xffff {
		return errors.New("--id, --expiry, --max-maker-fee or --max-taker-fee out of range")
	}
	if market == "" || r.Side == "" || r.Size == "" {
		return errors.New("--market, --side and --size are required")
	}
	if r.Price == "" && !strings.EqualFold(r.Type, "market") {
		return errors.New("--price is required (except for --type market)")
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
	r.Market, r.ID, r.Expiry = m.ID, uint32(id), uint32(expiry)
	r.MaxMakerFee, r.MaxTakerFee = uint16(makerFee), uint16(takerFee)
	if margin != "" {
		if _, err := t.PositionMargin(ctx, m.ID, true, margin); err != nil {
			return fmt.Errorf("--margin: %w", err)
		}
	}
	var p *client.Placed
	if strings.EqualFold(r.Type, "market") && r.Price == "" {
		p, err = t.PlaceMarket(ctx, m.ID, r.Side, r.Size, "")
	} else {
		p, err = t.PlaceOrder(ctx, r)
	}
	if err != nil {
		return marginHint(err, m.Name)
	}
	return printAck(out, o.json, "placed", p.ID, p.Ack)
}

func (d cliDeps) cancel(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := newFlagSet("cancel", out)
	var o cliOpts
	o.nodeFlags(fs)
	o.keyFlags(fs)
	var market string
	var id uint
	var all bool
	fs.StringVar(&market, "market", "", "market name or id")
	fs.UintVar(&id, "id", 0, "order id")
	fs.BoolVar(&all, "all", false, "cancel all the account's orders in the market")
	if err := d.parse(fs, args); err != nil {
		return err
	}
	if market == "" || (id == 0) == !all || id > 0xffffffff {
		return errors.New("--market and exactly one of --id or --all are required")
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
	var ack *node.Ack
	if all {
		ack, err = t.CancelAll(ctx, m.ID)
	} else {
		ack, err = t.Cancel(ctx, m.ID, uint32(id))
	}
	if err != nil {
		return err
	}
	return printAck(out, o.json, "cancelled", uint32(id), ack)
}

// ---------------------------------------------------------------- queries

func (d cliDeps) book(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := newFlagSet("book", out)
	var o cliOpts
	o.nodeFlags(fs)
	var market string
	var depth int
	fs.StringVar(&market, "market", "", "market name or id")
	fs.IntVar(&depth, "depth", 10, "levels per side (max 500)")
	if err := d.parse(fs, args); err != nil {
		return err
	}
	ctx, c, done, err := o.session(ctx)
	if err != nil {
		return err
	}
	defer done()
	ms, err := c.Markets(ctx)
	if err != nil {
		return err
	}
	m, err := client.FindMarket(ms, market)
	if err != nil {
		return err
	}
	b, err := c.Book(ctx, m.ID, depth)
	if err != nil {
		return err
	}
	if o.json {
		return printJSON(out, b)
	}
	fmt.Fprintf(out, "%s  mark %s  seq %d\n", m.Name, b.Mark, b.Seq)
	rows := [][]string{}
	for i := len(b.Asks) - 1; i >= 0; i-- {
		rows = append(rows, []string{"ask", b.Asks[i].Price, b.Asks[i].Size, fmt.Sprint(b.Asks[i].Orders)})
	}
	for _, l := range b.Bids {
		rows = append(rows, []string{"bid", l.Price, l.Size, fmt.Sprint(l.Orders)})
	}
	return table(out, "SIDE\tPRICE\tSIZE\tORDERS", rows)
}

func (d cliDeps) markets(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := newFlagSet("markets", out)
	var o cliOpts
	o.nodeFlags(fs)
	if err := d.parse(fs, args); err != nil {
		return err
	}
	ctx, c, done, err := o.session(ctx)
	if err != nil {
		return err
	}
	defer done()
	ms, err := c.Markets(ctx)
	if err != nil {
		return err
	}
	if o.json {
		return printJSON(out, ms)
	}
	rows := [][]string{}
	for _, m := range ms {
		rows = append(rows, []string{fmt.Sprint(m.ID), m.Name, m.Mark, m.Tick, m.MinSize,
			fmt.Sprintf("%d/%d", m.IMF, m.MMF), fmt.Sprintf("%d/%d", m.MakerFee, m.TakerFee), m.OpenInterest})
	}
	return table(out, "ID\tNAME\tMARK\tTICK\tMIN SIZE\tIMF/MMF PPM\tMAKER/TAKER PPM\tOPEN INTEREST", rows)
}

func (d cliDeps) status(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := newFlagSet("status", out)
	var o cliOpts
	o.nodeFlags(fs)
	if err := d.parse(fs, args); err != nil {
		return err
	}
	ctx, c, done, err := o.session(ctx)
	if err != nil {
		return err
	}
	defer done()
	st, err := c.Status(ctx)
	if err != nil {
		return err
	}
	st.Root = hexRootDec(st.Root)
	if o.json {
		return printJSON(out, st)
	}
	fmt.Fprintf(out, "chain %d  rollup %s\nroot %s\nsealed batch %d  verified batch %d  pending txs %d  prover queue %d  deposits %d  slots %d\n",
		st.ChainID, st.Rollup, st.Root, st.SealedBatch, st.VerifiedBatch, st.PendingTxs, st.ProverQueue, st.Deposits, st.Slots)
	return nil
}

func (d cliDeps) orders(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := newFlagSet("orders", out)
	var o cliOpts
	o.nodeFlags(fs)
	o.keyFlags(fs)
	var market string
	fs.StringVar(&market, "market", "", "market name or id (default: all)")
	if err := d.parse(fs, args); err != nil {
		return err
	}
	ctx, c, done, err := o.session(ctx)
	if err != nil {
		return err
	}
	defer done()
	acct, err := d.accountOnly(ctx, &o, c, log)
	if err != nil {
		return err
	}
	ms, err := c.Markets(ctx)
	if err != nil {
		return err
	}
	if market != "" {
		m, err := client.FindMarket(ms, market)
		if err != nil {
			return err
		}
		ms = []node.MarketInfo{m}
	}
	all := []node.OrderView{}
	for _, m := range ms {
		os, err := c.OpenOrders(ctx, acct, m.ID)
		if err != nil {
			return err
		}
		all = append(all, os...)
	}
	if o.json {
		return printJSON(out, all)
	}
	rows := [][]string{}
	for _, v := range all {
		rows = append(rows, []string{fmt.Sprint(v.ID), marketName(ms, v.Market), v.Side, v.Type, v.TIF, v.Price, v.Size,
			v.Filled, fmt.Sprint(v.Pending)})
	}
	return table(out, "ID\tMARKET\tSIDE\tTYPE\tTIF\tPRICE\tSIZE\tFILLED\tPENDING", rows)
}

func marketName(ms []node.MarketInfo, id uint8) string {
	for _, m := range ms {
		if m.ID == id {
			return m.Name
		}
	}
	return fmt.Sprint(id)
}

func (d cliDeps) positions(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := newFlagSet("positions", out)
	var o cliOpts
	o.nodeFlags(fs)
	o.keyFlags(fs)
	if err := d.parse(fs, args); err != nil {
		return err
	}
	ctx, c, done, err := o.session(ctx)
	if err != nil {
		return err
	}
	defer done()
	acct, err := d.accountOnly(ctx, &o, c, log)
	if err != nil {
		return err
	}
	a, err := c.Account(ctx, acct)
	if err != nil {
		return err
	}
	if o.json {
		return printJSON(out, a)
	}
	ms, err := c.Markets(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "account %d  free %s  nonce %d\n", a.Index, a.Free, a.Nonce)
	rows := [][]string{}
	for _, p := range a.Positions {
		rows = append(rows, []string{marketName(ms, p.Market), p.Size, p.EntryPrice, p.Collateral, p.UnrealizedPnl,
			p.FundingOwed, p.Equity, p.LiqPrice, fmt.Sprint(p.Liquidatable)})
	}
	return table(out, "MARKET\tSIZE\tENTRY\tCOLLATERAL\tUPNL\tFUNDING OWED\tEQUITY\tLIQ PRICE\tLIQUIDATABLE", rows)
}

// ---------------------------------------------------------------- withdraw, margin

func (d cliDeps) withdraw(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := newFlagSet("withdraw", out)
	var o cliOpts
	o.nodeFlags(fs)
	o.keyFlags(fs)
	var amount string
	var wait bool
	fs.StringVar(&amount, "amount", "", "amount of free collateral, e.g. 100.5")
	fs.BoolVar(&wait, "wait", false, "wait until the withdrawal's batch is verified on L1 (bounded by --timeout, 10m by default with --wait)")
	if err := d.parse(fs, args); err != nil {
		return err
	}
	if amount == "" {
		return errors.New("--amount is required")
	}
	if wait && !flagSet(fs, "timeout") {
		o.timeout = 10 * time.Minute // proving and verifying a batch takes a minute or more
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
	ack, err := t.Withdraw(ctx, amount)
	if err != nil {
		return err
	}
	if err := printAck(out, o.json, "withdrawal queued", 0, ack); err != nil {
		return err
	}
	if !o.json {
		fmt.Fprintln(out, "claim it on L1 with `zkperp claim` once its batch is verified")
	}
	if !wait || len(ack.Txs) == 0 {
		return nil
	}
	idx := ack.Txs[0].Index
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		st, err := c.TxStatus(ctx, idx)
		if err == nil && st.Stage == node.StageVerified {
			fmt.Fprintf(out, "tx %d verified in batch %d: claimable\n", idx, st.Batch)
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for tx %d: %w", idx, ctx.Err())
		case <-tick.C:
		}
	}
}

func (d cliDeps) margin(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := newFlagSet("margin", out)
	var o cliOpts
	o.nodeFlags(fs)
	o.keyFlags(fs)
	var market, amount string
	var to, from bool
	fs.StringVar(&market, "market", "", "market name or id")
	fs.StringVar(&amount, "amount", "", "amount of collateral")
	fs.BoolVar(&to, "to-position", false, "move free collateral into the position")
	fs.BoolVar(&from, "from-position", false, "move collateral out of the position to free")
	if err := d.parse(fs, args); err != nil {
		return err
	}
	if market == "" || amount == "" || to == from {
		return errors.New("--market, --amount and exactly one of --to-position or --from-position are required")
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
	ack, err := t.PositionMargin(ctx, m.ID, to, amount)
	if err != nil {
		return err
	}
	return printAck(out, o.json, "margin moved", 0, ack)
}

// ---------------------------------------------------------------- watch

func (d cliDeps) watch(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := newFlagSet("watch", out)
	var o cliOpts
	fs.StringVar(&o.node, "ws", "ws://127.0.0.1:8646", "node WebSocket URL (the node's api.ws)")
	fs.BoolVar(&o.json, "json", false, "print one JSON object per line")
	o.keyFlags(fs)
	var market string
	var book, trades, events, batches, marks bool
	var count int
	var txIdx uint64
	fs.StringVar(&market, "market", "0", "market name or id (book deltas and trades)")
	fs.Uint64Var(&txIdx, "tx", 0, "mark the batch that holds this tx (the index order, margin and withdraw print)")
	fs.BoolVar(&book, "book", true, "book deltas")
	fs.BoolVar(&trades, "trades", true, "trades")
	fs.BoolVar(&events, "events", true, "the account's order events (needs --account or --eth-key with --l1)")
	fs.BoolVar(&batches, "batches", true, "batch progress (in batch order; batches verified before the watch are skipped)")
	fs.BoolVar(&marks, "marks", false, "mark prices and funding ticks")
	fs.IntVar(&count, "count", 0, "stop after this many messages (0: run until interrupted)")
	if err := d.parse(fs, args); err != nil {
		return err
	}
	if !strings.HasPrefix(o.node, "ws://") && !strings.HasPrefix(o.node, "wss://") {
		return fmt.Errorf("--ws %q: subscriptions need the node's WebSocket endpoint (ws://...)", o.node)
	}
	c, err := o.dialNode(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	ms, err := c.Markets(ctx)
	if err != nil {
		return err
	}
	m, err := client.FindMarket(ms, market)
	if err != nil {
		return err
	}
	type msg struct {
		kind string
		v    any
	}
	ch := make(chan msg, 1024)
	errc := make(chan error, 8)
	type unsub interface {
		Err() <-chan error
		Unsubscribe()
	}
	var subs []unsub
	defer func() {
		for _, s := range subs {
			s.Unsubscribe()
		}
	}()
	pump := func(kind string, sub unsub, recv func() (any, bool)) {
		subs = append(subs, sub)
		go func() {
			for {
				v, ok := recv()
				if !ok {
					return
				}
				select {
				case ch <- msg{kind, v}:
				case <-ctx.Done():
					return
				}
			}
		}()
		go func() {
			if err, ok := <-sub.Err(); ok && err != nil {
				errc <- fmt.Errorf("%s subscription: %w", kind, err)
			}
		}()
	}
	if book {
		s, err := c.SubscribeBookDeltas(ctx, m.ID)
		if err != nil {
			return err
		}
		pump("book", s, func() (any, bool) { v, ok := <-s.C; return v, ok })
	}
	if trades {
		s, err := c.SubscribeTrades(ctx, m.ID)
		if err != nil {
			return err
		}
		pump("trade", s, func() (any, bool) { v, ok := <-s.C; return v, ok })
	}
	if events && (o.account > 0 || o.ethKey != "") {
		acct, err := d.accountOnly(ctx, &o, c, log)
		if err != nil {
			return err
		}
		s, err := c.SubscribeAccountEvents(ctx, acct)
		if err != nil {
			return err
		}
		pump("account", s, func() (any, bool) { v, ok := <-s.C; return v, ok })
	}
	if batches {
		st, err := c.Status(ctx)
		if err != nil {
			return err
		}
		s, err := c.SubscribeBatches(ctx)
		if err != nil {
			return err
		}
		// The batches not yet verified, in order, from perp_batchStatus; then the feed's changes.
		var backlog []node.BatchStatus
		for n := st.VerifiedBatch + 1; n <= st.SealedBatch; n++ {
			b, err := c.BatchStatus(ctx, n)
			if err != nil {
				return err
			}
			backlog = append(backlog, *b)
		}
		ordered := make(chan node.BatchStatus)
		go func() {
			defer close(ordered)
			orderBatches(ctx, s.C, newBatchOrderer(st.VerifiedBatch), 400*time.Millisecond, backlog, func(b node.BatchStatus) bool {
				select {
				case ordered <- b:
					return true
				case <-ctx.Done():
					return false
				}
			})
		}()
		pump("batch", s, func() (any, bool) { v, ok := <-ordered; return v, ok })
	}
	if marks {
		s, err := c.SubscribeMarks(ctx)
		if err != nil {
			return err
		}
		pump("mark", s, func() (any, bool) { v, ok := <-s.C; return v, ok })
	}
	if len(subs) == 0 {
		return errors.New("nothing to watch")
	}
	enc := json.NewEncoder(out)
	txBatch := uint64(0) // the batch holding --tx, once sealed
	for n := 0; count == 0 || n < count; n++ {
		select {
		case <-ctx.Done():
			return nil
		case err := <-errc:
			return err
		case x := <-ch:
			note := ""
			if b, ok := x.v.(node.BatchStatus); ok && txIdx != 0 {
				if txBatch == 0 {
					if ts, err := c.TxStatus(ctx, txIdx); err == nil {
						txBatch = ts.Batch
					}
				}
				if txBatch == b.Number {
					note = fmt.Sprintf("  <- holds tx %d", txIdx)
				}
			}
			if o.json {
				m := map[string]any{"kind": x.kind, "data": x.v}
				if note != "" {
					m["tx"] = txIdx
				}
				if err := enc.Encode(m); err != nil {
					return err
				}
				continue
			}
			fmt.Fprintln(out, formatWatch(x.kind, x.v)+note)
		}
	}
	return nil
}

func formatWatch(kind string, v any) string {
	ts := time.Now().Format("15:04:05.000")
	switch e := v.(type) {
	case node.BookDelta:
		return fmt.Sprintf("%s %-7s seq=%d %s %s acct=%d order=%d price=%s size=%s remaining=%s %s", ts, kind, e.Seq, e.Kind,
			e.Side, e.Account, e.OrderID, e.Price, e.Size, e.Remaining, e.Reason)
	case node.EventView:
		if e.Kind == "fill" {
			return fmt.Sprintf("%s %-7s fill %s@%s taker=%d/%d (%s) maker=%d/%d fees %s/%s", ts, kind, e.Size, e.Price,
				e.Account, e.OrderID, e.Side, e.Maker, e.MakerID, e.MakerFee, e.TakerFee)
		}
		return fmt.Sprintf("%s %-7s %s %s order=%d price=%s size=%s remaining=%s %s", ts, kind, e.Kind, e.Side, e.OrderID,
			e.Price, e.Size, e.Remaining, e.Reason)
	case node.BatchStatus:
		return fmt.Sprintf("%s %-7s batch %d %s txs=%d fills=%d %s", ts, kind, e.Number, e.Stage, e.Txs, e.Fills, e.TxHash)
	case node.MarkUpdate:
		if e.Kind == "funding_tick" {
			return fmt.Sprintf("%s %-7s market %d funding %d ppm", ts, kind, e.Market, e.FundingRate)
		}
		return fmt.Sprintf("%s %-7s market %d mark %s", ts, kind, e.Market, e.Mark)
	}
	return fmt.Sprintf("%s %-7s %+v", ts, kind, v)
}

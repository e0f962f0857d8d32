package l1verify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/zkperp/zkperp/internal/beacon"
	"github.com/zkperp/zkperp/state"
)

// Dialer connects to an L1 node (cmd/zkperp passes ethclient.DialContext); close releases the connection.
type Dialer func(ctx context.Context, url string) (c Client, close func(), err error)

// Command is `zkperp verify` without the process around it: it parses args, dials the L1 node, rebuilds and
// checks every batch with progress lines and a summary on out, and with --account prints that account and its
// exit proof as JSON. A mismatch is returned as an error wrapping *MismatchError.
func Command(ctx context.Context, args []string, out io.Writer, log *slog.Logger, dial Dialer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(out)
	l1 := fs.String("l1", "", "L1 JSON-RPC endpoint (http(s)://, ws(s):// or an IPC path)")
	rollup := fs.String("rollup", "", "Rollup contract address")
	genesisFile := fs.String("genesis", "", "genesis file: JSON of state.Genesis (tree depths and markets)")
	account := fs.Int64("account", -1, "print this account, its positions, its exodus exit proof and its exodus claim and payout as JSON")
	fromBlock := fs.Uint64("from-block", 0, "first block to scan (at most the rollup's deployment block)")
	toBlock := fs.Uint64("to-block", 0, "last block to scan (0: latest minus --confirmations)")
	confirmations := fs.Uint64("confirmations", 0, "leave out this many of the newest blocks")
	chunk := fs.Uint64("chunk", 2000, "blocks per eth_getLogs query (halved automatically when the node refuses)")
	dataDir := fs.String("datadir", "", "keep the rebuilt state in goleveldb here (a rerun re-checks stored batches cheaply); empty: memory")
	quiet := fs.Bool("quiet", false, "no per-batch progress lines")
	beaconURL := fs.String("beacon", "", "beacon API URL serving blob sidecars (required for a rollup in blob DA mode; "+
		"the devnet serves one)")
	fs.Usage = func() {
		fmt.Fprintln(out, "usage: zkperp verify --l1 URL --rollup ADDR --genesis FILE [--account N] [--from-block B] [flags]")
		fmt.Fprintln(out, "\nRebuilds the rollup state from L1 events and submitBatch calldata alone and checks every batch root.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("verify: %w", err)
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("verify: unexpected arguments %q", fs.Args())
	}
	if *l1 == "" || *rollup == "" || *genesisFile == "" {
		fs.Usage()
		return errors.New("verify: --l1, --rollup and --genesis are required")
	}
	if !common.IsHexAddress(*rollup) {
		return fmt.Errorf("verify: --rollup %q is not an address", *rollup)
	}
	if *account < -1 || *account > 1<<32-1 {
		return fmt.Errorf("verify: --account %d out of range", *account)
	}
	gen, err := ReadGenesis(*genesisFile)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	client, closeClient, err := dial(ctx, *l1)
	if err != nil {
		return fmt.Errorf("verify: dial %s: %w", *l1, err)
	}
	if closeClient != nil {
		defer closeClient()
	}

	cfg := Config{
		Rollup: common.HexToAddress(*rollup), Genesis: gen, FromBlock: *fromBlock, ToBlock: *toBlock,
		Confirmations: *confirmations, ChunkBlocks: *chunk, DataDir: *dataDir,
	}
	if !*quiet {
		cfg.Progress = func(r BatchReport) { WriteBatch(out, r) }
	}
	if *beaconURL != "" {
		lg := log
		if lg == nil {
			lg = slog.New(slog.DiscardHandler)
		}
		bc, err := beacon.NewClient(lg, beacon.ClientConfig{URL: *beaconURL})
		if err != nil {
			return fmt.Errorf("verify: --beacon: %w", err)
		}
		cfg.Blobs = bc
	}
	v, err := New(cfg, client, log)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	defer v.Close()
	fmt.Fprintf(out, "rollup %s, genesis root %s\n", cfg.Rollup.Hex(), hexElem(v.GenesisRoot()))
	sum, err := v.Run(ctx)
	if err != nil && sum != nil { // the roots match but the conserved ledger does not
		WriteSummary(out, sum)
		fmt.Fprintf(out, "FAILED: %v\n", err)
		return fmt.Errorf("verify: %w", err)
	}
	if err != nil {
		fmt.Fprintf(out, "FAILED after batch %d (rebuilt root %s): %v\n", v.LastBatch(), hexElem(v.Root()), err)
		return fmt.Errorf("verify: %w", err)
	}
	WriteSummary(out, sum)
	if *account >= 0 {
		rep, err := v.Account(uint32(*account))
		if err != nil {
			return fmt.Errorf("verify: account %d: %w", *account, err)
		}
		if rep.Exodus, err = v.Exodus(ctx, uint32(*account)); err != nil {
			return fmt.Errorf("verify: account %d: %w", *account, err)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return fmt.Errorf("verify: encode account: %w", err)
		}
		if _, err := out.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("verify: %w", err)
		}
	}
	return nil
}

// ReadGenesis reads a genesis file: the JSON of state.Genesis. Unknown fields are rejected, so a typo cannot
// silently change the root.
func ReadGenesis(path string) (state.Genesis, error) {
	var g state.Genesis
	b, err := os.ReadFile(path)
	if err != nil {
		return g, fmt.Errorf("genesis: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		return g, fmt.Errorf("genesis %s: %w", path, err)
	}
	if dec.More() {
		return g, fmt.Errorf("genesis %s: trailing data", path)
	}
	if err := g.Config.Validate(); err != nil {
		return g, fmt.Errorf("genesis %s: %w", path, err)
	}
	return g, nil
}

// WriteBatch prints one progress line.
func WriteBatch(out io.Writer, r BatchReport) {
	note := ""
	if r.Resumed {
		note = " (stored)"
	}
	fmt.Fprintf(out, "batch %d verified%s  block %d  root %s  deposits %d  txs %s\n", r.Number, note, r.Block,
		hexElem(r.NewRoot), r.DepositCursor, txCounts(r.Txs))
}

// WriteSummary prints the result of a successful Run.
func WriteSummary(out io.Writer, s *Summary) {
	fmt.Fprintf(out, "OK: batches 1..%d match the rollup (%d applied now; blocks %d..%d; %s)\n", s.LastBatch,
		s.Batches, s.FromBlock, s.ToBlock, s.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(out, "root %s\n", hexElem(s.Root))
	fmt.Fprintf(out, "accounts %d, deposits queued %d, consumed %d; txs %s\n", s.Accounts, s.Deposits,
		s.DepositCursor, txCounts(s.Txs))
	if c := s.Ledger; c != nil {
		switch {
		case c.Skipped != "":
			fmt.Fprintf(out, "ledger: %s\n", c)
		case c.OK():
			fmt.Fprintf(out, "ledger OK: state %s = balance %s − claimable %s − pending deposits %s (block %d)\n",
				c.State, c.L1.Balance, c.L1.Claimable, c.L1.Pending, c.L1.Block)
		default:
			fmt.Fprintf(out, "ledger %s: %s\n", strings.ToUpper(c.Kind()), c)
		}
	}
}

func txCounts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s=%d", k, m[k]))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, " ")
}

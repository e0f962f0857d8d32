package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/zkperp/zkperp/internal/devnet"
)

func runDevnet(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := flag.NewFlagSet("devnet", flag.ContinueOnError)
	var o devnet.Options
	var duration time.Duration
	fs.StringVar(&o.DataDir, "datadir", envOr("ZKPERP_DATADIR", ".devnet"), "data directory (prover keys are cached in <datadir>/keys)")
	fs.StringVar(&o.HTTP, "http", envOr("ZKPERP_HTTP", "127.0.0.1:8645"), "trader JSON-RPC (perp_) over HTTP ('' disables)")
	fs.StringVar(&o.Operator, "operator-http", envOr("ZKPERP_OPERATOR_HTTP", "127.0.0.1:8648"),
		"operator JSON-RPC (prover_, JWT <datadir>/jwtsecret) over HTTP and WebSocket")
	fs.StringVar(&o.WS, "ws", envOr("ZKPERP_WS", "127.0.0.1:8646"), "JSON-RPC over WebSocket ('' disables)")
	fs.StringVar(&o.Metrics, "metrics", envOr("ZKPERP_METRICS", "127.0.0.1:8647"), "Prometheus /metrics ('' disables)")
	fs.StringVar(&o.Beacon, "beacon", envOr("ZKPERP_BEACON", "127.0.0.1:5052"), "beacon API serving the batches' blob "+
		"sidecars, for zkperp verify --beacon ('' disables)")
	fs.StringVar(&o.L1URL, "l1", envOr("ZKPERP_L1", ""), "external L1 JSON-RPC URL (e.g. geth --dev); default: in-process L1")
	fs.StringVar(&o.L1HTTP, "l1-http", envOr("ZKPERP_L1_HTTP", "127.0.0.1:8545"), "serve the in-process L1's JSON-RPC here ('' disables)")
	fs.DurationVar(&o.BlockTime, "block-time", time.Second, "in-process L1 block interval")
	fs.BoolVar(&o.Traders, "traders", true, "run the demo traders")
	fs.BoolVar(&o.Web, "web", true, "serve the web exchange page on --http (docs/web.md)")
	fs.DurationVar(&o.Seal, "seal", 5*time.Second, "seal a batch at least this often (once the provers caught up)")
	fs.DurationVar(&duration, "duration", 0, "stop after this long (0: until interrupted)")
	fs.StringVar(&o.Faucet, "faucet", envOr("ZKPERP_FAUCET", "127.0.0.1:8649"), "DEV-ONLY faucet (test ETH and tokens: zkperp faucet --to ADDR) ('' disables)")
	fs.IntVar(&o.DevAccounts, "dev-accounts", 5, "funded dev accounts to create and print (keys are public)")
	var verbose bool
	fs.BoolVar(&verbose, "verbose", false, "the full log on the console too (it always goes to <datadir>/devnet.log)")
	fs.SetOutput(out)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if o.DevAccounts < 0 || o.DevAccounts > 100 {
		return fmt.Errorf("--dev-accounts %d: want 0..100", o.DevAccounts)
	}
	// The console shows the URLs, the status line and the notable events; the full log goes to <datadir>/devnet.log
	// (and to the console with --verbose; warnings and errors always).
	if err := os.MkdirAll(o.DataDir, 0o755); err != nil {
		return fmt.Errorf("devnet: %w", err)
	}
	logPath := filepath.Join(o.DataDir, "devnet.log")
	lf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("devnet: log file: %w", err)
	}
	defer lf.Close()
	console := log.Handler()
	if !verbose {
		console = warnOnly{console}
	}
	log = slog.New(slog.NewMultiHandler(slog.NewTextHandler(lf, &slog.HandlerOptions{Level: slog.LevelInfo}), console))
	fmt.Fprintf(out, "log: %s (--verbose: on the console too)\n", logPath)
	if duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, duration)
		defer cancel()
	}
	d, err := devnet.Start(ctx, o, out, log)
	if err != nil {
		return err
	}
	defer d.Stop()
	<-ctx.Done()
	fmt.Fprintln(out, "devnet: stopping")
	d.PrintSummary(out)
	return nil
}

// warnOnly passes warnings and errors only.
type warnOnly struct{ slog.Handler }

func (h warnOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && h.Handler.Enabled(ctx, l)
}

func (h warnOnly) WithAttrs(as []slog.Attr) slog.Handler { return warnOnly{h.Handler.WithAttrs(as)} }

func (h warnOnly) WithGroup(name string) slog.Handler { return warnOnly{h.Handler.WithGroup(name)} }

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

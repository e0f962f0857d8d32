package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
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
	fs.StringVar(&o.L1URL, "l1", envOr("ZKPERP_L1", ""), "external L1 JSON-RPC URL (e.g. geth --dev); default: in-process L1")
	fs.StringVar(&o.L1HTTP, "l1-http", envOr("ZKPERP_L1_HTTP", "127.0.0.1:8545"), "serve the in-process L1's JSON-RPC here ('' disables)")
	fs.DurationVar(&o.BlockTime, "block-time", time.Second, "in-process L1 block interval")
	fs.BoolVar(&o.Traders, "traders", true, "run the demo traders")
	fs.DurationVar(&o.Seal, "seal", 5*time.Second, "seal a batch at least this often (once the provers caught up)")
	fs.DurationVar(&duration, "duration", 0, "stop after this long (0: until interrupted)")
	fs.SetOutput(out)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
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

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

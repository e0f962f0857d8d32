// Command zkperp is the single binary of the zkperp rollup: devnet, node, prover worker, L1 verifier and the
// trader CLI, as subcommands.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/consensys/gnark/logger"
)

func main() {
	logger.Disable() // gnark's own logger: progress is reported through slog
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "zkperp:", err)
		os.Exit(1)
	}
}

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error
}

func commands() []command {
	return append([]command{
		{"devnet", "run a local devnet: in-process L1, contracts, sequencer, prover, demo traders", runDevnet},
		{"verify", "rebuild the state from L1 data and check every batch root", runVerify},
		{"node", "run a sequencer node from a TOML config (see docs/node.md)", runNode},
		{"prover", "run a prover worker that pulls batches from a node", runProver},
	}, cliCommands()...)
}

func run(ctx context.Context, args []string, out, errOut io.Writer) error {
	log := slog.New(slog.NewTextHandler(errOut, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(out)
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], out, log)
		}
	}
	usage(errOut)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: zkperp <command> [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.summary)
	}
}

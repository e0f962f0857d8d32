// Command zkperp is the single binary of the zkperp rollup: devnet, node, prover worker, L1 verifier and the
// trader CLI, as subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/consensys/gnark/logger"

	"github.com/zkperp/zkperp/internal/crashpoint"
)

func main() {
	logger.Disable() // gnark's own logger: progress is reported through slog
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Chaos tests only: ZKPERP_CRASH=point:n kills the process at the n-th hit of a crash point (internal/crashpoint),
	// read once here and handed to the node through its Deps.
	crash, err := crashpoint.Parse(os.Getenv(crashpoint.EnvVar))
	if err != nil {
		fmt.Fprintln(os.Stderr, "zkperp:", err)
		os.Exit(2)
	}
	if crash != nil {
		fmt.Fprintf(os.Stderr, "zkperp: %s=%q: this process will SIGKILL itself at that point\n", crashpoint.EnvVar, os.Getenv(crashpoint.EnvVar))
		ctx = crashpoint.WithContext(ctx, crash)
	}
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

// run runs one command. The servers (devnet, node, prover, verify) log at info to errOut; the trader commands only
// print their result to out and log warnings and errors to errOut, everything with -v (anywhere in the arguments).
// -h on any command prints its usage to out and succeeds.
func run(ctx context.Context, args []string, out, errOut io.Writer) error {
	args, verbose := stripVerbose(args)
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(out)
		return nil
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], out, commandLogger(c.name, verbose, errOut))
		if errors.Is(err, flag.ErrHelp) {
			return nil // the flag set printed the usage
		}
		return err
	}
	usage(errOut)
	return fmt.Errorf("unknown command %q", args[0])
}

// commandLogger is the logger of a command: debug with -v; else info for the servers (devnet, node, prover,
// verify: their log is their output) and warnings and errors only for the trader commands (their output is the
// result they print to stdout).
func commandLogger(name string, verbose bool, w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	for _, c := range cliCommands() {
		if c.name == name {
			level = slog.LevelWarn
		}
	}
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// stripVerbose removes -v (or --v) from args: it is the binary's flag, not a command's.
func stripVerbose(args []string) ([]string, bool) {
	out, verbose := make([]string, 0, len(args)), false
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...), verbose
		}
		if a == "-v" || a == "--v" {
			verbose = true
			continue
		}
		out = append(out, a)
	}
	return out, verbose
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: zkperp [-v] <command> [flags]   (zkperp <command> -h: the command's flags; -v: debug logs on stderr)\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.summary)
	}
}

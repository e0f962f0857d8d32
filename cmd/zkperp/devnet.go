package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
)

// runDevnet will assemble L1, contracts, node, prover and demo traders; until the node lands it says so.
func runDevnet(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	return errors.New("devnet: not yet available (the sequencer node is still being built; see README 'Status')")
}

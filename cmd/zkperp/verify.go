package main

import (
	"context"
	"io"
	"log/slog"

	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/zkperp/zkperp/internal/l1verify"
)

// runVerify is `zkperp verify --l1 URL --rollup ADDR --genesis FILE [--account N] [--from-block B]`: it rebuilds
// the whole state from L1 data alone (rollup events and submitBatch calldata) and checks every batch root; with
// --account it prints the account and its exodus exit proof as JSON. Flags, output and checks live in
// internal/l1verify (Command), where they are tested against a simulated chain; this file only dials L1.
func runVerify(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	return l1verify.Command(ctx, args, out, log, dialL1)
}

func dialL1(ctx context.Context, url string) (l1verify.Client, func(), error) {
	c, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, nil, err
	}
	return c, c.Close, nil
}

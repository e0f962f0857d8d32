package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/zkperp/zkperp/circuits/batch"
	"github.com/zkperp/zkperp/internal/devnet"
	"github.com/zkperp/zkperp/internal/proverrpc"
	"github.com/zkperp/zkperp/prover"
)

// runProver is a prover worker: it pulls batches from a node's operator endpoint (prover_ namespace, authenticated
// with the node's JWT secret), proves them and submits the proofs; run several, on any machines, to prove batches
// in parallel.
func runProver(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := flag.NewFlagSet("prover", flag.ContinueOnError)
	fs.SetOutput(out)
	nodeURL := fs.String("node", envOr("ZKPERP_NODE", "http://127.0.0.1:8648"), "node operator endpoint URL (http:// or ws://)")
	jwtFile := fs.String("jwt-secret", envOr("ZKPERP_JWT_SECRET", ".devnet/jwtsecret"), "the node's operator JWT secret file (hex, 32 bytes)")
	name := fs.String("name", envOr("ZKPERP_WORKER", hostname()), "worker name reported to the node")
	keys := fs.String("keys", envOr("ZKPERP_KEYS", ".devnet/keys"), "setup cache directory")
	devSeed := fs.String("dev-seed", envOr("ZKPERP_DEV_SEED", ""), "UNSAFE dev SRS seed (dev chains only); default: the devnet's")
	srsFile := fs.String("srs", envOr("ZKPERP_SRS", ""), "ceremony SRS file (gnark-crypto kzg.SRS); overrides the dev seed")
	chainID := fs.Uint64("chain-id", devnet.ChainID, "L1 chain id the proofs are for")
	slots := fs.Int("slots", devnet.Slots, "circuit tx slots")
	sigSlots := fs.Int("sig-slots", devnet.SigSlots, "circuit signature section size (0: slots)")
	accounts := fs.Int("account-depth", devnet.StateConfig.AccountDepth, "accounts tree depth")
	positions := fs.Int("position-depth", devnet.StateConfig.PositionDepth, "positions tree depth")
	orders := fs.Int("order-depth", devnet.StateConfig.OrderDepth, "order slots tree depth")
	blobMode := fs.Bool("blob", devnet.Blob, "blob DA mode circuit (the rollup's blobMode())")
	l1Slots := fs.Int("l1-slots", devnet.L1Slots, "blob mode: L1-op inputs per batch (0: slots)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	secret, err := proverrpc.ReadJWTSecret(*jwtFile)
	if err != nil {
		return fmt.Errorf("prover: --jwt-secret %s: %w", *jwtFile, err)
	}
	srs := prover.SRSConfig{File: *srsFile}
	if *srsFile == "" {
		srs.DevToxicSeed = devnet.DevSeed
		if *devSeed != "" {
			srs.DevToxicSeed = []byte(*devSeed)
		}
	}
	cc := batch.Config{Slots: *slots, SigSlots: *sigSlots, AccountDepth: *accounts, PositionDepth: *positions,
		OrderDepth: *orders, Blob: *blobMode}
	if *blobMode {
		cc.L1Slots = *l1Slots
	}
	circuit, err := batch.New(cc)
	if err != nil {
		return err
	}
	k, err := prover.Setup(ctx, prover.SetupConfig{Dir: *keys, Name: "batch", ChainID: *chainID, SRS: srs}, circuit, log)
	if err != nil {
		return err
	}
	p, err := prover.New(k, log)
	if err != nil {
		return err
	}
	client, err := prover.Dial(ctx, *nodeURL, secret)
	if err != nil {
		return fmt.Errorf("prover: %w", err)
	}
	defer client.Close()
	w, err := prover.NewWorker(prover.WorkerConfig{Name: *name}, client, p, log)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "prover %s: circuit %s…, node %s\n", *name, k.Manifest.Digest[:12], *nodeURL)
	return w.Run(ctx)
}

func hostname() string {
	h, err := os.Hostname()
	if err != nil {
		return "worker"
	}
	return h
}

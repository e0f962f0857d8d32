// Command gen-devnet-verifier writes contracts/src/DevnetPlonkVerifier.sol: gnark's exported PLONK verifier of the
// devnet batch circuit (internal/devnet) with its UNSAFE deterministic setup. The setup is cached in -keys, the
// same cache `zkperp devnet` uses, so a devnet started after `go generate` reuses the keys.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"

	"github.com/zkperp/zkperp/circuits/batch"
	"github.com/zkperp/zkperp/internal/devnet"
	"github.com/zkperp/zkperp/prover"
)

func main() {
	out := flag.String("out", "src/DevnetPlonkVerifier.sol", "output file")
	keys := flag.String("keys", os.TempDir()+"/zkperp-devnet-keys", "setup cache directory")
	flag.Parse()
	if err := run(*out, *keys); err != nil {
		fmt.Fprintln(os.Stderr, "gen-devnet-verifier:", err)
		os.Exit(1)
	}
}

func run(out, dir string) error {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	circuit, err := batch.New(devnet.Circuit())
	if err != nil {
		return err
	}
	k, err := prover.Setup(context.Background(), prover.SetupConfig{Dir: dir, Name: "devnet-batch", ChainID: devnet.ChainID,
		SRS: prover.SRSConfig{DevToxicSeed: devnet.DevSeed}}, circuit, log)
	if err != nil {
		return err
	}
	src, err := os.ReadFile(k.VerifierPath())
	if err != nil {
		return err
	}
	rendered, err := devnet.RenderVerifier(string(src))
	if err != nil {
		return err
	}
	return os.WriteFile(out, []byte(rendered), 0o644)
}

// Command bigbatch measures what one machine proves: the batch circuit at default depths (batch.DefaultDepths) for
// a given number of slots, compiled, set up with the UNSAFE dev SRS (prover.Setup, cached in -dir) and proved for
// an all-NoOp batch (the constraint count and the prover's work do not depend on the transactions). It prints one
// line per phase with the elapsed time and the process's peak RSS (getrusage ru_maxrss: the peak so far).
//
// Run the setup and the proof as two processes to get the prover's own peak (the second run is a cache hit):
//
//	go run ./prover/cmd/bigbatch -slots 8 -prove=false   # compile + setup (peak = setup)
//	go run ./prover/cmd/bigbatch -slots 8                # compile + load keys + prove (peak = prover)
//
// DEV-ONLY: the setup's toxic waste is derived from a public seed.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/zkperp/zkperp/circuits/batch"
	"github.com/zkperp/zkperp/prover"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/kv"
)

func main() {
	slots := flag.Int("slots", 4, "tx slots per batch")
	blob := flag.Bool("blob", true, "blob DA mode (false: calldata mode)")
	l1 := flag.Int("l1", 8, "blob mode: l1op public inputs (capped at -slots)")
	sigs := flag.Int("sigs", 0, "signature entries (0: slots)")
	dir := flag.String("dir", os.TempDir()+"/zkperp-bigbatch-keys", "setup cache directory")
	prove := flag.Bool("prove", true, "prove after the setup")
	verbose := flag.Bool("v", false, "prover logs")
	flag.Parse()
	if err := run(*slots, *blob, *l1, *sigs, *dir, *prove, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "bigbatch:", err)
		os.Exit(1)
	}
}

// peakRSS is the process's peak resident set so far, in MiB.
func peakRSS() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return float64(ru.Maxrss) / 1024 // Linux: KiB
}

func run(slots int, blob bool, l1, sigs int, dir string, doProve, verbose bool) error {
	cfg := batch.DefaultDepths(slots)
	cfg.SigSlots = sigs
	if blob {
		cfg.Blob, cfg.L1Slots = true, min(l1, slots)
	}
	mode := "calldata"
	if blob {
		mode = fmt.Sprintf("blob K=%d", cfg.L1Slots)
	}
	fmt.Printf("bigbatch: slots=%d sigs=%d depths=%d/%d/%d mode=%s GOMAXPROCS=%d\n", slots, cfg.Signatures(),
		cfg.AccountDepth, cfg.PositionDepth, cfg.OrderDepth, mode, runtime.GOMAXPROCS(0))
	phase := func(name string, start time.Time, extra string) {
		fmt.Printf("phase=%s elapsed=%.1fs peakRSS=%.0fMiB %s\n", name, time.Since(start).Seconds(), peakRSS(), extra)
	}

	// An all-NoOp batch at default depths.
	start := time.Now()
	domain := state.Domain{ChainID: 1337, Rollup: common.HexToAddress("0x00000000000000000000000000000000000b16ba")}
	s, err := state.Open(state.Config{AccountDepth: cfg.AccountDepth, PositionDepth: cfg.PositionDepth,
		OrderDepth: cfg.OrderDepth, Domain: domain}, kv.NewMemory(), nil)
	if err != nil {
		return err
	}
	if err := s.SetTime(1_700_000_000); err != nil {
		return err
	}
	traces, err := batch.Pad(s, cfg, nil)
	if err != nil {
		return err
	}
	assignment, err := batch.Assign(cfg, 1, domain, traces)
	if err != nil {
		return err
	}
	phase("witness", start, "")

	circuit, err := batch.New(cfg)
	if err != nil {
		return err
	}
	var log *slog.Logger
	if verbose {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	start = time.Now()
	keys, err := prover.Setup(context.Background(), prover.SetupConfig{Dir: dir, Name: fmt.Sprintf("bigbatch-%d", slots),
		ChainID: 1337, SRS: prover.SRSConfig{DevToxicSeed: []byte("zkperp-bigbatch")}}, circuit, log)
	if err != nil {
		return err
	}
	n := keys.CCS.GetNbConstraints()
	domainSize := 1
	for domainSize < n+keys.CCS.GetNbPublicVariables() {
		domainSize <<= 1
	}
	phase("setup", start, fmt.Sprintf("constraints=%d public=%d domain=2^%d setupSeconds(manifest)=%.1f", n,
		keys.CCS.GetNbPublicVariables(), log2(domainSize), keys.Manifest.SetupSeconds))
	if !doProve {
		return nil
	}
	p, err := prover.New(keys, log)
	if err != nil {
		return err
	}
	full, err := prover.NewWitness(assignment)
	if err != nil {
		return err
	}
	start = time.Now()
	proof, err := p.Prove(context.Background(), full)
	if err != nil {
		return err
	}
	phase("prove", start, fmt.Sprintf("constraints=%d prove=%.1fs (incl. native verify) proofBytes=%d", n,
		proof.Elapsed.Seconds(), len(proof.Solidity)))
	return nil
}

func log2(n int) int {
	k := 0
	for 1<<k < n {
		k++
	}
	return k
}

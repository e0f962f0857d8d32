package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/zkperp/zkperp/circuits/batch"
	"github.com/zkperp/zkperp/circuits/dummy"
	"github.com/zkperp/zkperp/internal/crashpoint"
	"github.com/zkperp/zkperp/internal/l1verify"
	"github.com/zkperp/zkperp/internal/proverrpc"
	"github.com/zkperp/zkperp/prover"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/sequencer/node"
)

// nodeFile is the node's TOML config file. Unknown keys are rejected.
type nodeFile struct {
	DataDir     string `toml:"data_dir"`
	GenesisFile string `toml:"genesis_file"`
	Slots       int    `toml:"slots"`
	SigSlots    int    `toml:"sig_slots"`
	Blob        bool   `toml:"blob"`     // blob DA mode (the rollup's blobMode() must agree)
	L1Slots     int    `toml:"l1_slots"` // blob mode: L1-op inputs per batch (0: slots)
	// PruneKeepBatches (0: never prune) and PruneEvery: the state kept below the last L1-verified batch
	// (docs/state.md "Pruning"); unset: the node's defaults.
	PruneKeepBatches *uint64  `toml:"prune_keep_batches"`
	PruneEvery       uint64   `toml:"prune_every"`
	SealInterval     duration `toml:"seal_interval"`
	SealBatches      int      `toml:"seal_batches"` // full batches one seal waits for under load (0: 4)
	SealWait         duration `toml:"seal_wait"`    // or until the first pending tx waited this long
	// GoMaxProcs sets the Go scheduler's Ps (0: ProcsPerCore per core, unless the GOMAXPROCS env var is set).
	GoMaxProcs      int                   `toml:"gomaxprocs"`
	FundingInterval duration              `toml:"funding_interval"`
	MarkInterval    duration              `toml:"mark_interval"`
	Markets         []engine.MarketConfig `toml:"markets"`
	L1              struct {
		URL           string   `toml:"url"`
		ChainID       uint64   `toml:"chain_id"`
		Rollup        string   `toml:"rollup"`
		Oracle        string   `toml:"oracle"`
		Confirmations uint64   `toml:"confirmations"`
		StartBlock    uint64   `toml:"start_block"`
		Poll          duration `toml:"poll"`
		SequencerKey  string   `toml:"sequencer_key_env"` // name of the env var holding the hex key
		NoReseal      bool     `toml:"no_reseal"`         // stop on a permanent L1 rejection instead of re-sealing
	} `toml:"l1"`
	API struct {
		HTTP            string  `toml:"http"`
		WS              string  `toml:"ws"`
		Metrics         string  `toml:"metrics"`
		MaxRequestBytes int     `toml:"max_request_bytes"`
		RateLimit       float64 `toml:"rate_limit"`
		RateBurst       int     `toml:"rate_burst"`
		// Limits: per-account rates, WebSocket connection caps and Origins, subscription buffer ([api.limits]).
		Limits node.Limits `toml:"limits"`
	} `toml:"api"`
	Prover struct {
		KeysDir   string   `toml:"keys_dir"`
		DevSeed   string   `toml:"dev_seed"` // UNSAFE, dev chains only
		SRSFile   string   `toml:"srs_file"`
		Lease     duration `toml:"lease"`
		LeaseMax  duration `toml:"lease_max"`
		MaxLeases int      `toml:"max_leases"`
		// Dummy (DEV-ONLY, dev chains 1337/31337): workers prove the dummy circuit (circuits/dummy, no constraint
		// on the state transition) and the rollup must use its verifier; for chaos and CLI tests.
		Dummy bool `toml:"dummy"`
	} `toml:"prover"`
	Operator struct {
		HTTP      string `toml:"http"`       // listen address (default 127.0.0.1:8648)
		JWTSecret string `toml:"jwt_secret"` // hex secret file (default <data_dir>/jwtsecret, created if missing)
	} `toml:"operator"`
}

type duration struct{ time.Duration }

func (d *duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	d.Duration = v
	return err
}

func loadNodeFile(path string) (*nodeFile, error) {
	var f nodeFile
	md, err := toml.DecodeFile(path, &f)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		keys := make([]string, len(u))
		for i, k := range u {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("config %s: unknown keys: %s", path, strings.Join(keys, ", "))
	}
	return &f, nil
}

// ProcsPerCore is the node command's default of Go scheduler Ps (GOMAXPROCS) per core. More Ps than cores let a
// goroutine that comes back from a blocking system call (the syncer after its fsync, which gates every ack) run at
// once on an idle P, the OS sharing the cores, instead of waiting in the scheduler's global run queue behind the
// work of busy Ps. Not many more: the garbage collector marks with a quarter of the Ps, so at 4 per core it takes
// every core while it marks, at 2 per core half of them. docs/node.md "Admission throughput" has the measurements.
const ProcsPerCore = 2

// setProcs applies the config's gomaxprocs (0: ProcsPerCore per core, unless the GOMAXPROCS environment variable
// sets it) and returns the value in force.
func setProcs(configured int) int {
	switch {
	case configured > 0:
		runtime.GOMAXPROCS(configured)
	case os.Getenv("GOMAXPROCS") == "":
		runtime.GOMAXPROCS(ProcsPerCore * runtime.NumCPU())
	}
	return runtime.GOMAXPROCS(0)
}

// runNode runs a sequencer node against an external L1.
func runNode(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := flag.NewFlagSet("node", flag.ContinueOnError)
	fs.SetOutput(out)
	cfgPath := fs.String("config", envOr("ZKPERP_CONFIG", "zkperp.toml"), "TOML config file")
	dataDir := fs.String("datadir", envOr("ZKPERP_DATADIR", ""), "overrides data_dir")
	l1URL := fs.String("l1", envOr("ZKPERP_L1", ""), "overrides l1.url")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	f, err := loadNodeFile(*cfgPath)
	if err != nil {
		return err
	}
	if *dataDir != "" {
		f.DataDir = *dataDir
	}
	if *l1URL != "" {
		f.L1.URL = *l1URL
	}
	if f.GoMaxProcs < 0 {
		return fmt.Errorf("gomaxprocs %d: want 0 (%d per core) or more", f.GoMaxProcs, ProcsPerCore)
	}
	g, err := l1verify.ReadGenesis(f.GenesisFile)
	if err != nil {
		return err
	}
	log.Info("scheduler", "gomaxprocs", setProcs(f.GoMaxProcs), "cores", runtime.NumCPU())
	cfg := node.DefaultConfig()
	cfg.DataDir, cfg.Genesis, cfg.Markets = f.DataDir, g, f.Markets
	if f.Slots > 0 {
		cfg.Slots = f.Slots
	}
	cfg.SigSlots, cfg.Blob, cfg.L1Slots, cfg.L1.NoReseal = f.SigSlots, f.Blob, f.L1Slots, f.L1.NoReseal
	if f.PruneKeepBatches != nil {
		cfg.PruneKeepBatches = *f.PruneKeepBatches
	}
	if f.PruneEvery > 0 {
		cfg.PruneEvery = f.PruneEvery
	}
	if f.SealBatches > 0 {
		cfg.SealBatches = f.SealBatches
	}
	for _, p := range []struct {
		dst *time.Duration
		v   duration
	}{{&cfg.SealInterval, f.SealInterval}, {&cfg.SealWait, f.SealWait}, {&cfg.FundingInterval, f.FundingInterval}, {&cfg.MarkInterval, f.MarkInterval},
		{&cfg.L1.Poll, f.L1.Poll}, {&cfg.ProverLease, f.Prover.Lease}, {&cfg.ProverLeaseMax, f.Prover.LeaseMax}} {
		if p.v.Duration > 0 {
			*p.dst = p.v.Duration
		}
	}
	if err := operatorConfig(f, &cfg, log); err != nil {
		return err
	}
	if f.API.MaxRequestBytes > 0 {
		cfg.MaxRequestBytes = f.API.MaxRequestBytes
	}
	if f.API.RateLimit > 0 {
		cfg.RateLimit, cfg.RateBurst = f.API.RateLimit, max(f.API.RateBurst, 1)
	}
	cfg.Limits = f.API.Limits
	cfg.L1.ChainID, cfg.L1.Confirmations, cfg.L1.StartBlock = f.L1.ChainID, f.L1.Confirmations, f.L1.StartBlock
	if err := parseAddr(f.L1.Rollup, &cfg.L1.Rollup); err != nil {
		return fmt.Errorf("l1.rollup: %w", err)
	}
	if f.L1.Oracle != "" {
		if err := parseAddr(f.L1.Oracle, &cfg.L1.Oracle); err != nil {
			return fmt.Errorf("l1.oracle: %w", err)
		}
	}
	keyHex := os.Getenv(f.L1.SequencerKey)
	if f.L1.SequencerKey == "" || keyHex == "" {
		return fmt.Errorf("l1.sequencer_key_env must name an env var holding the sequencer's hex key")
	}
	seqKey, err := crypto.HexToECDSA(strings.TrimPrefix(keyHex, "0x"))
	if err != nil {
		return fmt.Errorf("sequencer key: %w", err)
	}
	l1, err := ethclient.DialContext(ctx, f.L1.URL)
	if err != nil {
		return fmt.Errorf("dial L1: %w", err)
	}
	defer l1.Close()
	// Signatures are bound to (chain id, rollup): the chain id is L1's (l1.chain_id, if set, must agree).
	id, err := l1.ChainID(ctx)
	if err != nil {
		return fmt.Errorf("L1 chain id: %w", err)
	}
	switch {
	case cfg.L1.ChainID == 0:
		cfg.L1.ChainID = id.Uint64()
	case id.Cmp(new(big.Int).SetUint64(cfg.L1.ChainID)) != 0:
		return fmt.Errorf("l1.chain_id %d, but the L1 node at %s is chain %s", cfg.L1.ChainID, f.L1.URL, id)
	}
	srs := prover.SRSConfig{File: f.Prover.SRSFile}
	if f.Prover.SRSFile == "" {
		srs.DevToxicSeed = []byte(f.Prover.DevSeed)
	}
	circuit, err := batch.New(batch.Config{Slots: cfg.Slots, SigSlots: cfg.SigSlots, AccountDepth: g.Config.AccountDepth,
		PositionDepth: g.Config.PositionDepth, OrderDepth: g.Config.OrderDepth, Blob: cfg.Blob, L1Slots: cfg.L1Slots})
	if err != nil {
		return err
	}
	var vk plonk.VerifyingKey
	var digest string
	if f.Prover.Dummy {
		if cfg.L1.ChainID != 1337 && cfg.L1.ChainID != 31337 {
			return fmt.Errorf("prover.dummy: dev chains (1337, 31337) only, L1 is chain %d", cfg.L1.ChainID)
		}
		log.Warn("prover.dummy: batches are proven with the DEV-ONLY dummy circuit, which proves nothing")
		dk, err := dummy.Setup(cfg.Slots)
		if err != nil {
			return err
		}
		vk, digest = dk.VK, DummyDigest(cfg.Slots)
	} else {
		keys, err := prover.Setup(ctx, prover.SetupConfig{Dir: f.Prover.KeysDir, Name: "batch", ChainID: cfg.L1.ChainID, SRS: srs}, circuit, log)
		if err != nil {
			return err
		}
		vk, digest = keys.VK, keys.Manifest.Digest
	}
	n, err := node.New(cfg, node.Deps{L1: l1, Signer: bind.NewKeyedTransactor(seqKey, new(big.Int).SetUint64(cfg.L1.ChainID)),
		VerifyingKey: vk, CircuitDigest: digest, Crash: crashpoint.FromContext(ctx)}, log)
	if err != nil {
		return err
	}
	if err := n.Start(ctx); err != nil {
		n.Stop()
		return err
	}
	defer n.Stop()
	var closers []func()
	defer func() {
		for _, c := range closers {
			c()
		}
	}()
	serve := func(addr string, h http.Handler, what string) error {
		if addr == "" {
			return nil
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		hs := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
		go func() { _ = hs.Serve(ln) }()
		closers = append(closers, func() { _ = hs.Close() })
		fmt.Fprintf(out, "%s on %s\n", what, ln.Addr())
		return nil
	}
	if err := serve(f.API.HTTP, n.HTTPHandler(), "JSON-RPC http"); err != nil {
		return err
	}
	if err := serve(f.API.WS, n.WSHandler(), "JSON-RPC ws"); err != nil {
		return err
	}
	addr, err := n.ServeOperator()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "operator JSON-RPC (prover_, JWT) on %s\n", addr)
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(n.Metrics().Registry, promhttp.HandlerOpts{}))
	if err := serve(f.API.Metrics, mux, "metrics"); err != nil {
		return err
	}
	<-ctx.Done()
	return nil
}

// operatorConfig applies the [operator] section and the prover lease limits: the endpoint's address and its JWT
// secret, read from its file or created there.
func operatorConfig(f *nodeFile, cfg *node.Config, log *slog.Logger) error {
	if f.Operator.HTTP != "" {
		cfg.Operator.HTTP = f.Operator.HTTP
	}
	if f.Prover.MaxLeases > 0 {
		cfg.ProverMaxLeases = f.Prover.MaxLeases
	}
	path := f.Operator.JWTSecret
	if path == "" {
		if f.DataDir == "" {
			return errors.New("operator.jwt_secret: no file and no data_dir to create it in")
		}
		path = filepath.Join(f.DataDir, "jwtsecret")
	}
	secret, err := proverrpc.LoadOrCreateJWTSecret(path, log)
	if err != nil {
		return fmt.Errorf("operator.jwt_secret: %w", err)
	}
	cfg.Operator.JWTSecret = secret
	return nil
}

// DummyDigest is the circuit digest a node with prover.dummy hands jobs out under (workers of the dummy circuit
// ask for it).
func DummyDigest(slots int) string { return fmt.Sprintf("dummy-%d", slots) }

func parseAddr(s string, dst *common.Address) error {
	if !common.IsHexAddress(s) {
		return fmt.Errorf("%q is not a hex address", s)
	}
	*dst = common.HexToAddress(s)
	return nil
}

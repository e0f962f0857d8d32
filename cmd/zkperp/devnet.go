package main

import (
	"context"
	"crypto/ecdsa"
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
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/zkperp/zkperp/circuits/batch"
	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/internal/devnet"
	"github.com/zkperp/zkperp/prover"
	"github.com/zkperp/zkperp/sequencer/node"
)

// devKey derives a devnet Ethereum key from a name (deterministic, public: devnet only).
func devKey(name string) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte("zkperp devnet key " + name)))
	if err != nil {
		panic(err) // a keccak output is a valid key with overwhelming probability; never external input
	}
	return k
}

type devnetFlags struct {
	dataDir   string
	http, ws  string
	metrics   string
	l1URL     string
	blockTime time.Duration
	traders   bool
	duration  time.Duration
	seal      time.Duration
}

func runDevnet(ctx context.Context, args []string, out io.Writer, log *slog.Logger) error {
	fs := flag.NewFlagSet("devnet", flag.ContinueOnError)
	var f devnetFlags
	fs.StringVar(&f.dataDir, "datadir", envOr("ZKPERP_DATADIR", ".devnet"), "data directory (keys are cached in <datadir>/keys)")
	fs.StringVar(&f.http, "http", envOr("ZKPERP_HTTP", "127.0.0.1:8645"), "trader and prover JSON-RPC over HTTP ('' disables)")
	fs.StringVar(&f.ws, "ws", envOr("ZKPERP_WS", "127.0.0.1:8646"), "JSON-RPC over WebSocket ('' disables)")
	fs.StringVar(&f.metrics, "metrics", envOr("ZKPERP_METRICS", "127.0.0.1:8647"), "Prometheus /metrics ('' disables)")
	fs.StringVar(&f.l1URL, "l1", envOr("ZKPERP_L1", ""), "external L1 JSON-RPC URL (e.g. geth --dev); default: in-process L1")
	fs.DurationVar(&f.blockTime, "block-time", time.Second, "in-process L1 block interval")
	fs.BoolVar(&f.traders, "traders", true, "run the demo traders")
	fs.DurationVar(&f.duration, "duration", 0, "stop after this long (0: until interrupted)")
	fs.DurationVar(&f.seal, "seal", 5*time.Second, "seal a batch at least this often")
	fs.SetOutput(out)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if f.duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, f.duration)
		defer cancel()
	}
	d, err := startDevnet(ctx, f, out, log)
	if err != nil {
		return err
	}
	defer d.stop()
	<-ctx.Done()
	fmt.Fprintln(out, "devnet: stopping")
	d.printSummary(out)
	return nil
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// devnetRun is a running devnet.
type devnetRun struct {
	log      *slog.Logger
	node     *node.Node
	l1       node.L1Client
	sim      interface{ Commit() common.Hash }
	chain    *contracts.Devnet
	deployer *contracts.Sender
	stops    []func()
	stats    *devnetStats
	start    time.Time
}

func (d *devnetRun) stop() {
	for i := len(d.stops) - 1; i >= 0; i-- {
		d.stops[i]()
	}
}

func startDevnet(ctx context.Context, f devnetFlags, out io.Writer, log *slog.Logger) (*devnetRun, error) {
	d := &devnetRun{log: log, stats: newStats(), start: time.Now()}
	fmt.Fprintf(out, "zkperp devnet — data in %s\n", f.dataDir)

	// 1. Prover keys: compile and set up once (UNSAFE dev SRS), reused on later starts.
	circuit, err := batch.New(devnet.Circuit())
	if err != nil {
		return nil, err
	}
	keys, err := prover.Setup(ctx, prover.SetupConfig{Dir: filepath.Join(f.dataDir, "keys"), Name: "devnet-batch",
		ChainID: devnet.ChainID, SRS: prover.SRSConfig{DevToxicSeed: devnet.DevSeed}}, circuit, log)
	if err != nil {
		return nil, err
	}
	exported, err := os.ReadFile(keys.VerifierPath())
	if err != nil {
		return nil, err
	}
	rendered, err := devnet.RenderVerifier(string(exported))
	if err != nil {
		return nil, err
	}
	if rendered != contracts.DevnetVerifierSource {
		return nil, errors.New("devnet: the committed DevnetPlonkVerifier does not match this circuit's keys; " +
			"run `go generate ./contracts/...` and rebuild")
	}
	fmt.Fprintf(out, "circuit: %d slots, %d constraints, digest %s…\n", devnet.Slots, keys.Manifest.Constraints, keys.Manifest.Digest[:12])

	// 2. L1: in-process (Osaka rules, blocks on a timer) or an external node.
	seqKey, traderKeys := devKey("sequencer"), map[string]*ecdsa.PrivateKey{}
	for _, n := range traderNames {
		traderKeys[n] = devKey(n)
	}
	chainID := big.NewInt(devnet.ChainID)
	if f.l1URL == "" {
		alloc := types.GenesisAlloc{crypto.PubkeyToAddress(seqKey.PublicKey): {Balance: ether(1_000_000)}}
		for _, k := range traderKeys {
			alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: ether(1_000)}
		}
		sim := contracts.NewSimulated(alloc)
		d.sim, d.l1 = sim, sim.Client()
		d.stops = append(d.stops, func() { sim.Close() })
		mineCtx, stopMining := context.WithCancel(context.Background())
		go func() {
			t := time.NewTicker(f.blockTime)
			defer t.Stop()
			for {
				select {
				case <-mineCtx.Done():
					return
				case <-t.C:
					sim.Commit()
				}
			}
		}()
		d.stops = append(d.stops, stopMining)
		// The node's state belongs to this (ephemeral) L1: start it fresh; the prover keys stay.
		if err := os.RemoveAll(filepath.Join(f.dataDir, "node")); err != nil {
			return nil, err
		}
	} else {
		c, err := ethclient.DialContext(ctx, f.l1URL)
		if err != nil {
			return nil, fmt.Errorf("devnet: dial L1: %w", err)
		}
		d.l1 = c
		if id, err := c.ChainID(ctx); err != nil || id.Cmp(chainID) != 0 {
			return nil, fmt.Errorf("devnet: L1 chain id %v, want dev chain %d (%v)", id, devnet.ChainID, err)
		}
		if err := fundFromDevAccount(ctx, c, append([]*ecdsa.PrivateKey{seqKey}, values(traderKeys)...)); err != nil {
			return nil, err
		}
		if err := os.RemoveAll(filepath.Join(f.dataDir, "node")); err != nil {
			return nil, err
		}
	}
	d.deployer = &contracts.Sender{Backend: d.l1, Opts: bind.NewKeyedTransactor(seqKey, chainID)}

	// 3. Contracts: token, oracle, the devnet verifier (committed bytecode) and the rollup at the genesis root.
	g := devnet.Genesis()
	root, err := g.Root()
	if err != nil {
		return nil, err
	}
	vaddr, _, err := d.deployer.Deploy(ctx, &bindings.DevnetPlonkVerifierMetaData, nil)
	if err != nil {
		return nil, fmt.Errorf("devnet: deploy verifier: %w", err)
	}
	seqAddr := crypto.PubkeyToAddress(seqKey.PublicKey)
	d.chain, err = contracts.DeployDevnet(ctx, d.deployer, contracts.DevnetConfig{Sequencer: seqAddr, Verifier: vaddr,
		GenesisRoot: root.BigInt(new(big.Int)), AccountDepth: uint8(g.Config.AccountDepth),
		PositionDepth: uint8(g.Config.PositionDepth), Slots: devnet.Slots, OracleBandBps: 500, ForcedDelay: 600})
	if err != nil {
		return nil, fmt.Errorf("devnet: deploy: %w", err)
	}
	for _, m := range g.Markets {
		if _, err := d.deployer.Transact(ctx, d.chain.OracleC, bindings.NewPriceOracle().PackSetPrice(m.ID, new(big.Int).SetUint64(m.Mark))); err != nil {
			return nil, fmt.Errorf("devnet: oracle: %w", err)
		}
	}
	fmt.Fprintf(out, "L1: rollup %s, verifier %s, token %s, oracle %s\n", d.chain.Rollup.Hex(), vaddr.Hex(),
		d.chain.Token.Hex(), d.chain.Oracle.Hex())

	// 4. The node.
	cfg := node.DefaultConfig()
	cfg.DataDir = filepath.Join(f.dataDir, "node")
	cfg.Genesis, cfg.Markets, cfg.Slots = g, devnet.Markets(), devnet.Slots
	cfg.SealInterval, cfg.FundingInterval, cfg.MarkInterval = f.seal, 30*time.Second, time.Second
	cfg.L1 = node.L1Config{ChainID: devnet.ChainID, Rollup: d.chain.Rollup, Oracle: d.chain.Oracle, Confirmations: 1,
		Poll: 500 * time.Millisecond, SubmitTimeout: time.Minute}
	d.node, err = node.New(cfg, node.Deps{L1: d.l1, Signer: bind.NewKeyedTransactor(seqKey, chainID),
		VerifyingKey: keys.VK, CircuitDigest: keys.Manifest.Digest}, log)
	if err != nil {
		return nil, err
	}
	d.stops = append(d.stops, d.node.Stop)
	if err := d.node.Start(ctx); err != nil {
		return nil, err
	}
	if err := d.serve(f, out); err != nil {
		return nil, err
	}

	// 5. An in-process prover worker (more can join over --http with `zkperp prover --node URL`).
	p, err := prover.New(keys, log)
	if err != nil {
		return nil, err
	}
	w, err := prover.NewWorker(prover.WorkerConfig{Name: "devnet-worker-1"}, rpc.DialInProc(d.node.RPC()), p, log)
	if err != nil {
		return nil, err
	}
	go func() { _ = w.Run(ctx) }()

	// 6. Demo traders and the oracle driver; a live summary.
	if f.traders {
		go d.runTraders(ctx, traderKeys)
	}
	go d.summaryLoop(ctx, out)
	return d, nil
}

func (d *devnetRun) serve(f devnetFlags, out io.Writer) error {
	srv := d.node.RPC()
	srv.SetHTTPBodyLimit(64 << 10)
	listen := func(addr string, h http.Handler, what string) error {
		if addr == "" {
			return nil
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return fmt.Errorf("devnet: %s listen %s: %w", what, addr, err)
		}
		hs := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
		go func() { _ = hs.Serve(ln) }()
		d.stops = append(d.stops, func() { _ = hs.Close() })
		fmt.Fprintf(out, "%s: %s\n", what, ln.Addr())
		return nil
	}
	if err := listen(f.http, srv, "JSON-RPC http"); err != nil {
		return err
	}
	if err := listen(f.ws, srv.WebsocketHandler([]string{"*"}), "JSON-RPC ws"); err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(d.node.Metrics().Registry, promhttp.HandlerOpts{}))
	return listen(f.metrics, mux, "metrics")
}

func ether(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

func values[K comparable, V any](m map[K]V) []V {
	out := make([]V, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// fundFromDevAccount sends ether from an external dev node's unlocked account (geth --dev) to the devnet keys.
func fundFromDevAccount(ctx context.Context, c *ethclient.Client, keys []*ecdsa.PrivateKey) error {
	var accts []common.Address
	if err := c.Client().CallContext(ctx, &accts, "eth_accounts"); err != nil || len(accts) == 0 {
		return fmt.Errorf("devnet: the L1 node has no unlocked dev account to fund from (%v)", err)
	}
	for _, k := range keys {
		to := crypto.PubkeyToAddress(k.PublicKey)
		bal, err := c.BalanceAt(ctx, to, nil)
		if err == nil && bal.Cmp(ether(100)) >= 0 {
			continue
		}
		var h common.Hash
		tx := map[string]any{"from": accts[0], "to": to, "value": "0x" + ether(10_000).Text(16)}
		if err := c.Client().CallContext(ctx, &h, "eth_sendTransaction", tx); err != nil {
			return fmt.Errorf("devnet: fund %s: %w", to.Hex(), err)
		}
		if _, err := bind.WaitMined(ctx, c, h); err != nil {
			return fmt.Errorf("devnet: fund %s: %w", to.Hex(), err)
		}
	}
	return nil
}

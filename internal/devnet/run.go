package devnet

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	gethnode "github.com/ethereum/go-ethereum/node"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/zkperp/zkperp/circuits/batch"
	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/internal/beacon"
	"github.com/zkperp/zkperp/internal/proverrpc"
	"github.com/zkperp/zkperp/prover"
	"github.com/zkperp/zkperp/sequencer/node"
	"github.com/zkperp/zkperp/state"
)

// devKey derives a devnet Ethereum key from a name (deterministic, public: devnet only).
func devKey(name string) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(crypto.Keccak256([]byte("zkperp devnet key " + name)))
	if err != nil {
		panic(err) // a keccak output is a valid key with overwhelming probability; never external input
	}
	return k
}

// Options configure a devnet.
type Options struct {
	DataDir  string // keys are cached in <DataDir>/keys; the node's data in <DataDir>/node
	HTTP, WS string // public JSON-RPC listen addresses ("" disables)
	// Operator is the operator endpoint's listen address (prover_, authenticated with the JWT secret in
	// <DataDir>/jwtsecret); "" is a free loopback port. The in-process prover worker uses it too.
	Operator  string
	Metrics   string        // Prometheus listen address ("" disables)
	L1URL     string        // external L1 (e.g. geth --dev); "" runs an in-process simulated L1
	L1HTTP    string        // in-process L1 only: serve its JSON-RPC here ("" disables), for the CLI and verifiers
	BlockTime time.Duration // in-process L1 block interval
	Traders   bool          // run the demo traders
	Seal      time.Duration // seal a batch at least this often (when the provers have caught up)
	KeysDir   string        // prover key cache; "" is <DataDir>/keys
	// Funding is the funding-tick interval and MarkMaxAge the longest time between mark prices (0: one minute).
	// Each costs proof slots; tests that count batches raise them.
	Funding, MarkMaxAge time.Duration
	// Faucet is the DEV-ONLY faucet's listen address (POST FaucetPath: test ETH and tokens for an address;
	// `zkperp faucet`); "" disables it.
	Faucet string
	// DevAccounts is how many deterministic dev accounts (DevAccountKey) are funded with ETH and test tokens and
	// printed at start, like a local Ethereum dev chain's; 0 funds none.
	DevAccounts int
	// PruneKeep, if set, overrides the node's prune_keep_batches (and prune_every: PruneKeep/2, at least 1): the
	// state kept below the last L1-verified batch (docs/state.md "Pruning"). The soak test keeps a few.
	PruneKeep uint64
	// WALSegmentBytes, if set, overrides the node's WAL segment size (wal_segment_bytes, default 4 MiB): the WAL is
	// truncated a whole segment at a time, so the soak uses small ones to show it staying bounded.
	WALSegmentBytes int64
	// Beacon is the listen address of the beacon API serving the blob sidecars of the devnet's batches
	// (GET /eth/v1/beacon/blob_sidecars/{block}, internal/beacon), which `zkperp verify --beacon` reads; "" disables
	// it (the sidecars are still kept in <DataDir>/blobs).
	Beacon string
	// Web serves the exchange's web page (package web, docs/web.md) on the HTTP address, which then takes the
	// WebSocket API too (the page's connection); the signer is built into <DataDir>/web unless the binary embeds
	// it (go generate ./web).
	Web bool
}

// Dev account funding: ether at genesis (or from the external dev node's account), tokens minted at start.
const (
	DevAccountETH    = 1_000     // ether
	DevAccountTokens = 1_000_000 // tUSD
)

// DevAccountKey returns the i-th dev account's key: public and deterministic (keccak of "zkperp devnet key
// dev-<i>"), funded on every devnet. Never use it anywhere else.
func DevAccountKey(i int) *ecdsa.PrivateKey { return devKey(fmt.Sprintf("dev-%d", i)) }

// FaucetKey is the key that pays the faucet's grants (public, devnet only).
func FaucetKey() *ecdsa.PrivateKey { return devKey("faucet") }

// Run is a running devnet.
type Run struct {
	log      *slog.Logger
	out      io.Writer // the console: URLs, the status line and the notable events
	node     *node.Node
	l1       node.L1Client
	sim      interface{ Commit() common.Hash }
	chain    *contracts.Devnet
	genesis  state.Genesis
	deployer *contracts.Sender
	stops    []func()
	stats    *devnetStats
	start    time.Time
	addrs    map[string]string
	page     http.Handler  // the web page (Options.Web), nil without
	blobs    *beacon.Store // the sidecars the node sent (blob DA mode)
}

// Stop stops everything the devnet started.
func (d *Run) Stop() {
	for i := len(d.stops) - 1; i >= 0; i-- {
		d.stops[i]()
	}
}

// Start assembles and starts a devnet: prover keys (set up once, UNSAFE dev SRS), L1, contracts, node, an
// in-process prover worker and, optionally, the demo traders, printing progress to out.
func Start(ctx context.Context, f Options, out io.Writer, log *slog.Logger) (*Run, error) {
	d := &Run{log: log, out: out, stats: newStats(), start: time.Now(), addrs: map[string]string{}}
	fmt.Fprintf(out, "zkperp devnet — data in %s\n", f.DataDir)
	fmt.Fprintln(out, "prover keys: compiling the circuit and setting up (30–90 s the first time, cached after)…")

	// 1. Prover keys: compile and set up once (UNSAFE dev SRS), reused on later starts.
	circuit, err := batch.New(Circuit())
	if err != nil {
		return nil, err
	}
	keysDir := f.KeysDir
	if keysDir == "" {
		keysDir = filepath.Join(f.DataDir, "keys")
	}
	keys, err := prover.Setup(ctx, prover.SetupConfig{Dir: keysDir, Name: "devnet-batch",
		ChainID: ChainID, SRS: prover.SRSConfig{DevToxicSeed: DevSeed}}, circuit, log)
	if err != nil {
		return nil, err
	}
	exported, err := os.ReadFile(keys.VerifierPath())
	if err != nil {
		return nil, err
	}
	rendered, err := RenderVerifier(string(exported))
	if err != nil {
		return nil, err
	}
	if rendered != contracts.DevnetVerifierSource {
		return nil, errors.New("devnet: the committed DevnetPlonkVerifier does not match this circuit's keys; " +
			"run `go generate ./contracts/...` and rebuild")
	}
	fmt.Fprintf(out, "circuit: %d slots, %d constraints, digest %s…\n", Slots, keys.Manifest.Constraints, keys.Manifest.Digest[:12])

	// 2. L1: in-process (Osaka rules, blocks on a timer) or an external node.
	seqKey, traderKeys := devKey("sequencer"), map[string]*ecdsa.PrivateKey{}
	for _, n := range traderNames {
		traderKeys[n] = devKey(n)
	}
	var devKeys []*ecdsa.PrivateKey
	for i := range f.DevAccounts {
		devKeys = append(devKeys, DevAccountKey(i))
	}
	chainID := big.NewInt(ChainID)
	if f.L1URL == "" {
		alloc := types.GenesisAlloc{crypto.PubkeyToAddress(seqKey.PublicKey): {Balance: ether(1_000_000)},
			crypto.PubkeyToAddress(FaucetKey().PublicKey): {Balance: ether(1_000_000)}}
		for _, k := range traderKeys {
			alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: ether(1_000)}
		}
		for _, k := range devKeys {
			alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: ether(DevAccountETH)}
		}
		opts := []func(*gethnode.Config, *ethconfig.Config){contracts.WithOsaka(), simulated.WithBlockGasLimit(60_000_000)}
		if f.L1HTTP != "" {
			host, port, err := freeAddr(f.L1HTTP)
			if err != nil {
				return nil, fmt.Errorf("devnet: L1 JSON-RPC on %s: %w", f.L1HTTP, err)
			}
			opts = append(opts, func(nc *gethnode.Config, _ *ethconfig.Config) {
				nc.HTTPHost, nc.HTTPPort, nc.HTTPModules = host, port, []string{"eth", "net", "web3"}
			})
			d.addrs["L1"] = net.JoinHostPort(host, strconv.Itoa(port))
			fmt.Fprintf(out, "L1 JSON-RPC (in-process chain, id %d): http://%s\n", ChainID, d.addrs["L1"])
		}
		sim := simulated.NewBackend(alloc, opts...)
		d.sim, d.l1 = sim, sim.Client()
		d.stops = append(d.stops, func() { sim.Close() })
		mineCtx, stopMining := context.WithCancel(context.Background())
		go func() {
			t := time.NewTicker(f.BlockTime)
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
		if err := os.RemoveAll(filepath.Join(f.DataDir, "node")); err != nil {
			return nil, err
		}
	} else {
		c, err := ethclient.DialContext(ctx, f.L1URL)
		if err != nil {
			return nil, fmt.Errorf("devnet: dial L1: %w", err)
		}
		d.l1 = c
		if id, err := c.ChainID(ctx); err != nil || id.Cmp(chainID) != 0 {
			return nil, fmt.Errorf("devnet: L1 chain id %v, want dev chain %d (%v)", id, ChainID, err)
		}
		fund := append([]*ecdsa.PrivateKey{seqKey, FaucetKey()}, values(traderKeys)...)
		if err := fundFromDevAccount(ctx, c, append(fund, devKeys...)); err != nil {
			return nil, err
		}
		if err := os.RemoveAll(filepath.Join(f.DataDir, "node")); err != nil {
			return nil, err
		}
	}
	d.deployer = &contracts.Sender{Backend: d.l1, Opts: bind.NewKeyedTransactor(seqKey, chainID)}

	// 3. Contracts: token, oracle, the devnet verifier (committed bytecode) and the rollup at the genesis root. The
	// genesis time is the later of the L1 head's and the clock's (the markets' funding clocks and mark times start
	// there; every batch time is at or after it and at or before the L1 block that verifies it); genesis.json keeps
	// it for verifiers.
	g := Genesis()
	head, err := d.l1.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("devnet: L1 head: %w", err)
	}
	g.Time = uint32(max(head.Time, uint64(time.Now().Unix()))) // a fresh chain's head may be its genesis block
	d.genesis = g
	if err := writeGenesis(filepath.Join(f.DataDir, "genesis.json"), g); err != nil {
		return nil, err
	}
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
		GenesisRoot: root.BigInt(new(big.Int)), GenesisTime: g.Time, AccountDepth: uint8(g.Config.AccountDepth),
		PositionDepth: uint8(g.Config.PositionDepth), Slots: l1Slots(), BlobMode: Blob, OracleBandBps: 500, OracleMaxAge: 3600,
		ForcedDelay: 600, PriorityInterval: 30, MaxPending: 4096, MinDeposit: 1_000_000, ForcedFee: big.NewInt(1e15)})
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
	fmt.Fprintf(out, "genesis for L1 verifiers: %s\n", filepath.Join(f.DataDir, "genesis.json"))

	// 4. The node.
	cfg := node.DefaultConfig()
	cfg.DataDir = filepath.Join(f.DataDir, "node")
	cfg.Genesis, cfg.Markets, cfg.Slots, cfg.SigSlots = g, Markets(), Slots, SigSlots
	cfg.Blob, cfg.L1Slots = Blob, L1Slots
	if f.WALSegmentBytes > 0 {
		cfg.WALSegmentBytes = f.WALSegmentBytes
	}
	if f.PruneKeep > 0 {
		cfg.PruneKeepBatches, cfg.PruneEvery = f.PruneKeep, max(f.PruneKeep/2, 1)
	}
	if d.blobs, err = beacon.OpenStore(log, beacon.StoreConfig{Dir: filepath.Join(f.DataDir, "blobs")}); err != nil {
		return nil, fmt.Errorf("devnet: blob store: %w", err)
	}
	cfg.SealInterval, cfg.FundingInterval, cfg.MarkInterval = f.Seal, time.Minute, time.Second
	if f.Funding > 0 {
		cfg.FundingInterval = f.Funding
	}
	if f.MarkMaxAge > 0 {
		// A liquidation needs a mark younger than state.MaxMarkAge: the node refreshes at most every half of it.
		cfg.MarkMaxAge = min(f.MarkMaxAge, state.MaxMarkAge*time.Second/2)
	}
	cfg.MarkMinMoveBps = 50 // every MarkPrice costs a proof slot: on 2 cores, push only real moves
	cfg.L1 = node.L1Config{ChainID: ChainID, Rollup: d.chain.Rollup, Oracle: d.chain.Oracle, Confirmations: 1,
		Poll: 500 * time.Millisecond, SubmitTimeout: time.Minute}
	secret, err := proverrpc.LoadOrCreateJWTSecret(JWTSecretPath(f.DataDir), log)
	if err != nil {
		return nil, fmt.Errorf("devnet: %w", err)
	}
	cfg.Operator = node.OperatorConfig{HTTP: f.Operator, JWTSecret: secret}
	if cfg.Operator.HTTP == "" {
		cfg.Operator.HTTP = "127.0.0.1:0"
	}
	d.node, err = node.New(cfg, node.Deps{L1: d.l1, Signer: bind.NewKeyedTransactor(seqKey, chainID),
		VerifyingKey: keys.VK, CircuitDigest: keys.Manifest.Digest, BlobRecorder: d.blobs}, log)
	if err != nil {
		return nil, err
	}
	d.stops = append(d.stops, d.node.Stop)
	if err := d.node.Start(ctx); err != nil {
		return nil, err
	}
	if f.Web && f.HTTP != "" {
		if d.page, err = page(ctx, f.DataDir); err != nil {
			// A binary run away from the source (go install, then zkperp devnet elsewhere) cannot build the page's
			// signer unless it embeds one (go generate ./web): the devnet runs without the page rather than not at all.
			log.Warn("web page disabled", "err", err)
			fmt.Fprintf(out, "web page: disabled (%v); run from the repository, or build the binary after go generate ./web\n", err)
			d.page = nil
		}
	}
	if err := d.serve(f, out); err != nil {
		return nil, err
	}
	if err := d.serveFaucet(f, out); err != nil {
		return nil, err
	}
	opAddr, err := d.node.ServeOperator()
	if err != nil {
		return nil, err
	}
	d.addrs["operator"] = opAddr.String()
	fmt.Fprintf(out, "operator JSON-RPC (prover_, JWT secret %s): http://%s\n", JWTSecretPath(f.DataDir), opAddr)

	// 5. An in-process prover worker on the operator endpoint (more can join with
	// `zkperp prover --node http://<operator> --jwt-secret <datadir>/jwtsecret`).
	if err := d.startWorker(ctx, keys, secret, log); err != nil {
		return nil, err
	}

	// 6. Dev accounts (tokens minted at once: one L1 block), demo traders and the oracle driver; a live
	// summary.
	d.printDevAccounts(ctx, devKeys, out)
	if f.Traders {
		go d.runTraders(ctx, traderKeys)
	} else {
		go d.keepOracleFresh(ctx, 15*time.Minute) // the demo's oracle driver moves the prices every 10 s
	}
	go d.summaryLoop(ctx, out)
	return d, nil
}

// startWorker runs a prover worker against the operator endpoint, authenticated like any external worker.
func (d *Run) startWorker(ctx context.Context, keys *prover.Keys, secret []byte, log *slog.Logger) error {
	p, err := prover.New(keys, log)
	if err != nil {
		return err
	}
	client, err := prover.Dial(ctx, "http://"+d.OperatorAddr(), secret)
	if err != nil {
		return fmt.Errorf("devnet: %w", err)
	}
	d.stops = append(d.stops, client.Close)
	w, err := prover.NewWorker(prover.WorkerConfig{Name: "devnet-worker-1"}, client, p, log)
	if err != nil {
		return err
	}
	go func() { _ = w.Run(ctx) }()
	return nil
}

func (d *Run) serve(f Options, out io.Writer) error {
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
		d.addrs[what] = ln.Addr().String()
		return nil
	}
	api := d.node.HTTPHandler()
	if d.page != nil {
		api = node.WithPage(d.node.Handler(), d.page) // the page, and the WebSocket API it connects to
	}
	if err := listen(f.HTTP, api, "JSON-RPC http"); err != nil {
		return err
	}
	if d.page != nil {
		fmt.Fprintf(out, "web exchange: http://%s/ (docs/web.md)\n", d.addrs["JSON-RPC http"])
	}
	if err := listen(f.WS, d.node.WSHandler(), "JSON-RPC ws"); err != nil {
		return err
	}
	if f.Beacon != "" {
		chain, ok := d.l1.(beacon.Chain)
		if !ok {
			return errors.New("devnet: the L1 client cannot serve the beacon API")
		}
		srv, err := beacon.NewServer(d.log, beacon.ServerConfig{}, chain, d.blobs)
		if err != nil {
			return fmt.Errorf("devnet: beacon API: %w", err)
		}
		if err := listen(f.Beacon, srv, "beacon API"); err != nil {
			return err
		}
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(d.node.Metrics().Registry, promhttp.HandlerOpts{}))
	return listen(f.Metrics, mux, "metrics")
}

// l1Slots is the rollup's slots parameter: the batch's words in calldata mode, its L1-op words in blob mode.
func l1Slots() uint32 {
	if Blob {
		return L1Slots
	}
	return Slots
}

// BeaconURL is the devnet's beacon API URL ("" without Options.Beacon).
func (d *Run) BeaconURL() string {
	if a := d.addrs["beacon API"]; a != "" {
		return "http://" + a
	}
	return ""
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

// HTTPAddr and WSAddr return the JSON-RPC listen addresses.
func (d *Run) HTTPAddr() string { return d.addrs["JSON-RPC http"] }

// WSAddr returns the WebSocket listen address.
func (d *Run) WSAddr() string { return d.addrs["JSON-RPC ws"] }

// TraderKey returns the Ethereum key of a funded devnet trader ("maker-1", "maker-2", "taker-1", "taker-2", "degen").
func TraderKey(name string) *ecdsa.PrivateKey { return devKey(name) }

// Node returns the devnet's node.
func (d *Run) Node() *node.Node { return d.node }

// Genesis returns the genesis the rollup was deployed with (devnet.Genesis at the deploy time; genesis.json).
func (d *Run) Genesis() state.Genesis { return d.genesis }

// Domain returns the deployment signatures are bound to (chain id, rollup).
func (d *Run) Domain() state.Domain { return state.Domain{ChainID: ChainID, Rollup: d.chain.Rollup} }

// Chain returns the deployed contracts.
func (d *Run) Chain() *contracts.Devnet { return d.chain }

// L1 returns the L1 client.
func (d *Run) L1() node.L1Client { return d.l1 }

// writeGenesis stores the genesis for L1 verifiers (`zkperp verify --genesis <datadir>/genesis.json`).
func writeGenesis(path string, g state.Genesis) error {
	b, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// freeAddr checks that addr can be listened on and returns its host and (resolved) port.
func freeAddr(addr string) (string, int, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", 0, err
	}
	a := ln.Addr().(*net.TCPAddr)
	if err := ln.Close(); err != nil {
		return "", 0, err
	}
	return a.IP.String(), a.Port, nil
}

// OperatorAddr returns the operator endpoint's listen address (prover_, JWT-authenticated).
func (d *Run) OperatorAddr() string { return d.addrs["operator"] }

// JWTSecretPath returns the operator JWT secret file of a devnet data directory.
func JWTSecretPath(dataDir string) string { return filepath.Join(dataDir, "jwtsecret") }

// L1Addr returns the in-process L1's JSON-RPC address ("" when not served).
func (d *Run) L1Addr() string { return d.addrs["L1"] }

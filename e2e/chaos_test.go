//go:build unix

package e2e

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/plonk"
	plonkbn254 "github.com/consensys/gnark/backend/plonk/bn254"
	"github.com/consensys/gnark/backend/solidity"
	"github.com/consensys/gnark/backend/witness"
	"github.com/consensys/gnark/frontend"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/zkperp/zkperp/circuits/dummy"
	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/client/l1"
	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/internal/crashpoint"
	"github.com/zkperp/zkperp/internal/devnet"
	"github.com/zkperp/zkperp/internal/proverrpc"
	"github.com/zkperp/zkperp/prover"
	"github.com/zkperp/zkperp/wire"
)

// Chaos tests (docs/node.md "Chaos tests"): a `zkperp node` subprocess against `geth --dev`, proven with the
// DEV-ONLY dummy circuit by in-test workers, under a seeded load of orders, amends, cancels, IOC fills, withdrawals
// and L1 deposits, killed with SIGKILL at crash points (ZKPERP_CRASH, internal/crashpoint) and restarted. After each
// restart every acknowledged input must be there; at the end every batch is verified on L1 with L1's root equal to
// the node's, every deposit applied, and a further kill and restart gives the same root and books.
//
// CHAOS_SEED=n reproduces a run (the seed picks the crash hit counts and the load); CHAOS_LONG=1 runs more rounds.

const chaosSlots = dummy.TestSlots // the committed dummy verifier's slots

// chaosBudget is the time a chaos test wants left of the package's -timeout: its own minute or two and room for the
// end-to-end tests after it, so `go test ./...` (10 minutes a package) runs those and skips these (CI runs all).
const chaosBudget = 15 * time.Minute

func chaosSeed(t *testing.T) uint64 {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("CHAOS_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("CHAOS_SEED=%q: %v", s, err)
		}
		seed = v
	}
	t.Logf("chaos seed %d (CHAOS_SEED=%d reproduces)", seed, seed)
	return seed
}

func chaosRounds(short, long int) int {
	if os.Getenv("CHAOS_LONG") != "" {
		return long
	}
	return short
}

// TestChaosWALAppend kills the node right after a group of inputs is fsynced to the WAL, before any is applied
// or acknowledged.
func TestChaosWALAppend(t *testing.T) { runChaosPoints(t, crashpoint.WALAppend, 5, 60) }

// TestChaosSealCommit kills the node right after a seal committed its batches and checkpoint, before the ack.
func TestChaosSealCommit(t *testing.T) { runChaosPoints(t, crashpoint.SealCommit, 1, 4) }

// TestChaosWitnessBuild kills the node after a leased batch's witness is built, before the worker has it. Witnesses
// are built at the rate the worker leases jobs (one per proof), so the kill comes at the first or second lease.
func TestChaosWitnessBuild(t *testing.T) { runChaosPoints(t, crashpoint.WitnessBuild, 1, 2) }

// TestChaosL1Submit kills the node right after a batch's submitBatch tx is sent, before its receipt.
func TestChaosL1Submit(t *testing.T) { runChaosPoints(t, crashpoint.L1Submit, 1, 3) }

func runChaosPoints(t *testing.T, point string, lo, hi int) {
	if testing.Short() {
		t.Skip("chaos: geth --dev and node subprocesses, skipped in -short")
	}
	needTime(t, chaosBudget)
	e := newChaosEnv(t, 5*time.Minute)
	e.startNode("")
	e.startWorker("chaos-worker-1")
	e.startLoad()
	e.waitVerified(2, 90*time.Second)
	for round := range chaosRounds(1, 3) {
		n := lo + e.rng.IntN(hi-lo+1)
		spec := fmt.Sprintf("%s:%d", point, n)
		time.Sleep(time.Duration(3+e.rng.IntN(3)) * time.Second) // load before the kill
		e.restartWith(spec)                                      // a clean kill first: the crash run counts hits from its own start
		died := e.waitDeath(60 * time.Second)
		if !died {
			t.Fatalf("round %d: %s not reached in 60 s", round, spec)
		}
		t.Logf("round %d: killed at %s", round, spec)
		rec := e.startNode("")
		t.Logf("round %d: restart to perp_status answering in %s", round, rec.Round(time.Millisecond))
		e.checkAcked()
		e.waitVerifiedMore(90 * time.Second)
		time.Sleep(time.Duration(2+e.rng.IntN(3)) * time.Second) // load after the restart
	}
	e.finish()
}

// TestChaosProverKilled: a worker leases a job and dies mid-proof (no heartbeat, no proof); its lease (2 s)
// expires and a second worker proves the batch, which is verified on L1.
func TestChaosProverKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("chaos: skipped in -short")
	}
	needTime(t, chaosBudget)
	e := newChaosEnv(t, 4*time.Minute)
	e.startNode("")
	e.startLoad()
	for round := range chaosRounds(1, 3) {
		// The victim leases the next job and vanishes.
		var job *proverrpc.Job
		e.poll("a job to lease", 60*time.Second, func() bool {
			c, err := e.operator()
			if err != nil {
				return false
			}
			defer c.Close()
			return c.CallContext(e.ctx, &job, "prover_getJob", "chaos-victim", dummyDigest) == nil && job != nil
		})
		killed := time.Now()
		t.Logf("round %d: victim leased batch %d and died (lease until +%d ms)", round, job.ID,
			job.LeaseUntil-killed.UnixMilli())
		stop := e.startWorker(fmt.Sprintf("chaos-rescuer-%d", round))
		e.poll(fmt.Sprintf("batch %d verified", job.ID), 90*time.Second, func() bool {
			st, err := e.status()
			return err == nil && st.VerifiedBatch >= job.ID
		})
		t.Logf("round %d: batch %d verified %s after the victim died", round, job.ID, time.Since(killed).Round(time.Millisecond))
		stop()
	}
	e.startWorker("chaos-worker-final")
	e.finish()
}

// TestChaosL1Restart stops geth --dev (SIGTERM) under the running node and load, restarts it on the same data
// directory and port, and checks that the node keeps sealing and batches keep being verified.
func TestChaosL1Restart(t *testing.T) {
	if testing.Short() {
		t.Skip("chaos: skipped in -short")
	}
	needTime(t, chaosBudget)
	e := newChaosEnv(t, 4*time.Minute)
	e.startNode("")
	e.startWorker("chaos-worker-1")
	e.startLoad()
	e.waitVerified(2, 90*time.Second)
	for round := range chaosRounds(1, 3) {
		down := time.Duration(2+e.rng.IntN(4)) * time.Second
		e.geth.stop()
		t.Logf("round %d: L1 down for %s", round, down)
		time.Sleep(down)
		e.geth.start(e.ctx)
		back := time.Now()
		e.waitVerifiedMore(120 * time.Second)
		t.Logf("round %d: a new batch verified %s after L1 came back", round, time.Since(back).Round(time.Millisecond))
	}
	e.finish()
}

const dummyDigest = "dummy-8" // cmd/zkperp DummyDigest(chaosSlots)

// chaosEnv is one chaos run: geth, contracts, a node subprocess, workers, load and the record of acks.
type chaosEnv struct {
	t      *testing.T
	ctx    context.Context
	rng    *rand.Rand
	seed   uint64
	geth   *gethProc
	ec     *ethclient.Client
	chain  *contracts.Devnet
	zkperp string
	dir    string
	cfg    string
	seqKey string
	http   string
	opAddr string
	secret []byte
	node   *exec.Cmd
	exited chan struct{}
	logf   *os.File
	keys   *dummy.Keys

	traders  []*chaosTrader
	stopLoad context.CancelFunc
	pause    sync.RWMutex // the load's inputs hold it shared; checkAcked exclusively
	loadDone sync.WaitGroup
	deposits atomic.Int64 // L1 deposits mined
	lastVer  uint64
	restarts []time.Duration
}

// chaosTrader is one account of the load with the record of what the node acknowledged.
type chaosTrader struct {
	name string
	l1   *l1.L1
	tr   *client.Trader
	acct uint32

	mu     sync.Mutex
	orders map[uint32]*ackedOrder
	txs    map[uint64]string // acknowledged state txs (fills, withdrawals): index → type
	nWd    int               // acknowledged withdrawals
	unWd   int               // withdrawals without an answer (the node may have logged them)
	net    [2]big.Rat        // taker: signed size of the acknowledged fills, per market
	unNet  [2]big.Rat        // taker: size of the IOC orders without an answer, per market
}

type ackedOrder struct {
	req       wire.OrderRequest
	cancelled bool // a cancel of it was acknowledged
	uncertain bool // a cancel or amend of it got no answer (the node may have logged it)
	filled    bool // an acknowledged fill involved it
	maybeHit  bool // an unanswered taker order may have hit it: resolved by the next check
}

func newChaosEnv(t *testing.T, limit time.Duration) *chaosEnv {
	seed := chaosSeed(t)
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	t.Cleanup(cancel)
	e := &chaosEnv{t: t, ctx: ctx, seed: seed, rng: rand.New(rand.NewPCG(seed, 0xc4a05)), dir: t.TempDir()}
	gethBin := findGeth(t, ctx)
	e.zkperp = buildZkperp(t, ctx)
	e.geth = newGethProc(t, gethBin)
	e.geth.start(ctx)
	var err error
	if e.ec, err = ethclient.DialContext(ctx, e.geth.url); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.ec.Close)
	if e.keys, err = dummy.Setup(chaosSlots); err != nil {
		t.Fatal(err)
	}

	// Keys: the sequencer and four traders, all derived from the seed.
	keyOf := func(name string) *ecdsa.PrivateKey {
		k, err := crypto.ToECDSA(crypto.Keccak256([]byte(fmt.Sprintf("chaos %d %s", seed, name))))
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	names := []string{"maker-a", "maker-b", "taker", "withdrawer"}
	keys := map[string]*ecdsa.PrivateKey{"sequencer": keyOf("sequencer")}
	for _, n := range names {
		keys[n] = keyOf(n)
	}
	fundFromDev(t, ctx, e.ec, keys)
	e.seqKey = hex.EncodeToString(crypto.FromECDSA(keys["sequencer"]))

	// Contracts: the devnet's, with the dummy verifier (8 slots) and the devnet's state shape and markets.
	g := devnet.Genesis()
	head, err := e.ec.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	g.Time = uint32(max(head.Time, uint64(time.Now().Unix())))
	root, err := g.Root()
	if err != nil {
		t.Fatal(err)
	}
	chainID := big.NewInt(devnet.ChainID)
	seq := &contracts.Sender{Backend: e.ec, Opts: bind.NewKeyedTransactor(keys["sequencer"], chainID)}
	e.chain, err = contracts.DeployDevnet(ctx, seq, contracts.DevnetConfig{
		Sequencer: crypto.PubkeyToAddress(keys["sequencer"].PublicKey), GenesisRoot: root.BigInt(new(big.Int)),
		GenesisTime: g.Time, AccountDepth: uint8(g.Config.AccountDepth), PositionDepth: uint8(g.Config.PositionDepth),
		Slots: chaosSlots, OracleBandBps: 500, OracleMaxAge: 3600, ForcedDelay: 600, PriorityInterval: 30,
		MaxPending: 4096, MinDeposit: 1_000_000, ForcedFee: big.NewInt(1e15)})
	if err != nil {
		t.Fatalf("deploy on geth: %v", err)
	}
	gj, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	genFile := filepath.Join(e.dir, "genesis.json")
	if err := os.WriteFile(genFile, gj, 0o644); err != nil {
		t.Fatal(err)
	}

	// The node's config: fixed ports (the load's clients reconnect to them after each restart).
	ports := make([]int, 2)
	for i := range ports {
		if ports[i], err = freePort(); err != nil {
			t.Fatal(err)
		}
	}
	e.http, e.opAddr = fmt.Sprintf("127.0.0.1:%d", ports[0]), fmt.Sprintf("127.0.0.1:%d", ports[1])
	var markets strings.Builder
	for _, m := range devnet.Markets() {
		fmt.Fprintf(&markets, "[[markets]]\nid = %d\nname = %q\nsize_decimals = %d\nquote_decimals = %d\nlot_size = %d\nexpected_orders = %d\n\n",
			m.ID, m.Name, m.SizeDecimals, m.QuoteDecimals, m.LotSize, m.ExpectedOrders)
	}
	conf := fmt.Sprintf(`data_dir = %q
genesis_file = %q
slots = %d
seal_interval = "1s"
funding_interval = "1h"
mark_interval = "1h"

%s[l1]
url = %q
chain_id = %d
rollup = %q
confirmations = 1
poll = "250ms"
sequencer_key_env = "CHAOS_SEQUENCER_KEY"

[api]
http = %q
metrics = ""
rate_limit = 100000
rate_burst = 100000

[api.limits]
account_rate = 100000
account_burst = 100000

[prover]
dummy = true
lease = "2s"
lease_max = "30s"

[operator]
http = %q
jwt_secret = %q
`, filepath.Join(e.dir, "node"), genFile, chaosSlots, markets.String(), e.geth.url, devnet.ChainID,
		e.chain.Rollup.Hex(), e.http, e.opAddr, filepath.Join(e.dir, "jwtsecret"))
	e.cfg = filepath.Join(e.dir, "node.toml")
	if err := os.WriteFile(e.cfg, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	if e.secret, err = proverrpc.LoadOrCreateJWTSecret(filepath.Join(e.dir, "jwtsecret"), nil); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		c, err := l1.NewL1(ctx, l1.L1Config{Backend: e.ec, Key: keys[n], ChainID: chainID, Rollup: e.chain.Rollup,
			Token: e.chain.Token})
		if err != nil {
			t.Fatal(err)
		}
		e.traders = append(e.traders, &chaosTrader{name: n, l1: c, orders: map[uint32]*ackedOrder{}, txs: map[uint64]string{}})
	}
	t.Cleanup(func() {
		if e.stopLoad != nil {
			e.stopLoad()
			e.loadDone.Wait()
		}
		e.killNode()
		if t.Failed() && e.logf != nil {
			t.Logf("node log %s (tail):\n%s", e.logf.Name(), tailFile(e.logf.Name(), 80))
		}
	})
	return e
}

// startNode starts `zkperp node` with ZKPERP_CRASH=crash ("" none) and, when crash is "", waits until it answers
// perp_status, returning the time from process start to that answer (restart and WAL replay included).
func (e *chaosEnv) startNode(crash string) time.Duration {
	e.t.Helper()
	if e.logf == nil {
		f, err := os.Create(filepath.Join(e.dir, "node.log"))
		if err != nil {
			e.t.Fatal(err)
		}
		e.logf = f
	}
	fmt.Fprintf(e.logf, "\n=== chaos: start node, ZKPERP_CRASH=%q ===\n", crash)
	cmd := exec.Command(e.zkperp, "node", "--config", e.cfg)
	cmd.Env = append(os.Environ(), "CHAOS_SEQUENCER_KEY="+e.seqKey, crashpoint.EnvVar+"="+crash)
	cmd.Stdout, cmd.Stderr = e.logf, e.logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	e.node, e.exited = cmd, exited
	if crash != "" {
		return 0
	}
	e.poll("node answers perp_status", 60*time.Second, func() bool {
		select {
		case <-exited:
			e.t.Fatalf("node exited at start; log:\n%s", tailFile(e.logf.Name(), 40))
		default:
		}
		_, err := e.status()
		return err == nil
	})
	d := time.Since(start)
	e.restarts = append(e.restarts, d)
	return d
}

// killNode SIGKILLs the node (if running) and waits for it.
func (e *chaosEnv) killNode() {
	if e.node == nil {
		return
	}
	_ = syscall.Kill(-e.node.Process.Pid, syscall.SIGKILL)
	<-e.exited
	e.node = nil
}

// restartWith kills the node and starts it armed with a crash spec.
func (e *chaosEnv) restartWith(spec string) {
	e.killNode()
	e.startNode(spec)
}

// waitDeath waits for the armed node to kill itself; false (after killing it) when it did not in time.
func (e *chaosEnv) waitDeath(limit time.Duration) bool {
	select {
	case <-e.exited:
		st := e.node.ProcessState
		e.node = nil
		ws, ok := st.Sys().(syscall.WaitStatus)
		if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			e.t.Fatalf("node exited with %v, want killed by SIGKILL at its crash point; log:\n%s", st,
				tailFile(e.logf.Name(), 40))
		}
		return true
	case <-time.After(limit):
		e.killNode()
		return false
	}
}

func (e *chaosEnv) client() (*client.Client, error) { return client.Dial(e.ctx, "http://"+e.http) }

func (e *chaosEnv) status() (*wire.NodeStatus, error) {
	c, err := e.client()
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.Status(e.ctx)
}

func (e *chaosEnv) operator() (*rpc.Client, error) {
	return prover.Dial(e.ctx, "http://"+e.opAddr, e.secret)
}

// poll waits for cond, failing the test after limit.
func (e *chaosEnv) poll(what string, limit time.Duration, cond func() bool) {
	e.t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) || e.ctx.Err() != nil {
			st, err := e.status()
			e.t.Fatalf("timed out (%s) waiting for %s; status %+v %v", limit, what, st, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (e *chaosEnv) waitVerified(n uint64, limit time.Duration) {
	e.t.Helper()
	e.poll(fmt.Sprintf("%d batches verified", n), limit, func() bool {
		st, err := e.status()
		if err == nil {
			e.lastVer = st.VerifiedBatch
		}
		return err == nil && st.VerifiedBatch >= n
	})
}

// waitVerifiedMore waits until L1 verified a batch beyond the last seen: proving and submission resumed.
func (e *chaosEnv) waitVerifiedMore(limit time.Duration) {
	e.t.Helper()
	e.waitVerified(e.lastVer+1, limit)
}

// startWorker runs a dummy-circuit prover worker on the operator endpoint; the returned func stops it.
func (e *chaosEnv) startWorker(name string) func() {
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			if !e.proveOnce(ctx, name) {
				select {
				case <-ctx.Done():
				case <-time.After(100 * time.Millisecond):
				}
			}
		}
	}()
	stop := func() { cancel(); <-done }
	e.t.Cleanup(stop)
	return stop
}

func (e *chaosEnv) proveOnce(ctx context.Context, name string) bool {
	c, err := e.operator()
	if err != nil {
		return false
	}
	defer c.Close()
	var job *proverrpc.Job
	if err := c.CallContext(ctx, &job, "prover_getJob", name, dummyDigest); err != nil || job == nil {
		return false
	}
	public, raw, err := dummyProve(e.keys, job.Witness)
	if err != nil {
		e.t.Errorf("dummy prove of batch %d: %v", job.ID, err)
		return false
	}
	res := proverrpc.Result{JobID: job.ID, Worker: name, Proof: raw}
	for _, p := range public {
		res.Public = append(res.Public, (*hexutil.Big)(p))
	}
	return c.CallContext(ctx, nil, "prover_submitProof", res) == nil
}

// dummyProve proves a batch job with the dummy circuit from the public part of its witness.
func dummyProve(keys *dummy.Keys, wit []byte) ([]*big.Int, []byte, error) {
	w, err := witness.New(ecc.BN254.ScalarField())
	if err != nil {
		return nil, nil, err
	}
	if err := w.UnmarshalBinary(wit); err != nil {
		return nil, nil, err
	}
	pw, err := w.Public()
	if err != nil {
		return nil, nil, err
	}
	var public []*big.Int
	for _, v := range pw.Vector().(fr.Vector) {
		public = append(public, v.BigInt(new(big.Int)))
	}
	assignment, err := dummy.Assign(keys.Slots, public)
	if err != nil {
		return nil, nil, err
	}
	full, err := frontend.NewWitness(assignment, ecc.BN254.ScalarField())
	if err != nil {
		return nil, nil, err
	}
	proof, err := plonk.Prove(keys.CCS, keys.PK, full, solidity.WithProverTargetSolidityVerifier(backend.PLONK))
	if err != nil {
		return nil, nil, err
	}
	var raw bytes.Buffer
	if _, err := proof.(*plonkbn254.Proof).WriteRawTo(&raw); err != nil {
		return nil, nil, err
	}
	return public, raw.Bytes(), nil
}

// startLoad funds the traders (L1 deposits, margin) and runs the seeded load until finish.
func (e *chaosEnv) startLoad() {
	e.t.Helper()
	for _, tr := range e.traders {
		e.deposit(tr, 200_000)
	}
	for _, tr := range e.traders {
		var err error
		if tr.acct, err = tr.l1.Account(e.ctx); err != nil {
			e.t.Fatal(err)
		}
		e.poll(tr.name+" credited", 60*time.Second, func() bool {
			c, err := e.client()
			if err != nil {
				return false
			}
			defer c.Close()
			a, err := c.Account(e.ctx, tr.acct)
			return err == nil && a.Free != "0"
		})
		c, err := e.client()
		if err != nil {
			e.t.Fatal(err)
		}
		e.t.Cleanup(c.Close)
		if tr.tr, err = client.NewTrader(e.ctx, c, client.TraderConfig{Key: tr.l1.L2Key(), Account: tr.acct, FirstOrderID: 1}); err != nil {
			e.t.Fatal(err)
		}
		for m := range uint8(2) {
			if _, err := tr.tr.PositionMargin(e.ctx, m, true, "50000"); err != nil {
				e.t.Fatal(err)
			}
		}
	}
	ctx, cancel := context.WithCancel(e.ctx)
	e.stopLoad = cancel
	for i, tr := range e.traders {
		r := rand.New(rand.NewPCG(e.seed, uint64(i+1)))
		e.loadDone.Add(1)
		go func() { defer e.loadDone.Done(); e.trade(ctx, tr, r) }()
	}
	e.loadDone.Add(1)
	go func() { // an L1 deposit every few seconds, from a trader the seed picks
		defer e.loadDone.Done()
		r := rand.New(rand.NewPCG(e.seed, 99))
		for ctx.Err() == nil {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Duration(1+r.IntN(3)) * time.Second):
			}
			tr := e.traders[r.IntN(len(e.traders))]
			began := time.Now()
			_, err := tr.l1.Mint(ctx, 10_000_000)
			if err == nil {
				_, err = tr.l1.DepositUnits(ctx, 10_000_000)
			}
			switch {
			case err == nil:
				e.t.Logf("load: L1 deposit %d (%s) mined in %s", e.deposits.Add(1), tr.name, time.Since(began).Round(time.Millisecond))
			case ctx.Err() == nil:
				e.t.Logf("load: L1 deposit of %s: %v (retried later)", tr.name, err) // L1 down (TestChaosL1Restart)
			default:
				e.t.Logf("load: L1 deposit of %s still in flight after %s when the load stopped: %v", tr.name,
					time.Since(began).Round(time.Millisecond), err)
			}
		}
	}()
}

func (e *chaosEnv) deposit(tr *chaosTrader, usd uint64) {
	e.t.Helper()
	q := usd * 1_000_000
	if _, err := tr.l1.Mint(e.ctx, q); err != nil {
		e.t.Fatal(err)
	}
	if _, err := tr.l1.DepositUnits(e.ctx, q); err != nil {
		e.t.Fatal(err)
	}
	e.deposits.Add(1)
}

// trade is one trader's seeded load: makers rest post-only orders away from the mark and amend and cancel them;
// the taker sends IOC orders that cross the best maker level; the withdrawer withdraws. Every answer is recorded:
// an acknowledgement as what must survive, an error without an answer (the node down) as uncertain.
func (e *chaosEnv) trade(ctx context.Context, tr *chaosTrader, r *rand.Rand) {
	for ctx.Err() == nil {
		time.Sleep(time.Duration(50+r.IntN(150)) * time.Millisecond)
		e.pause.RLock() // a check sees no input in flight
		e.tradeOnce(ctx, tr, r)
		e.pause.RUnlock()
	}
}

func (e *chaosEnv) tradeOnce(ctx context.Context, tr *chaosTrader, r *rand.Rand) {
	mids := map[uint8]float64{0: 60_000, 1: 3_000}
	m := uint8(r.IntN(2))
	mid := mids[m]
	switch tr.name {
	case "maker-a", "maker-b":
		live := tr.liveIDs()
		switch op := r.IntN(10); {
		case op < 5 || len(live) < 4:
			side, px := "buy", mid*(1-0.001*float64(1+r.IntN(20)))
			if r.IntN(2) == 0 {
				side, px = "sell", mid*(1+0.001*float64(1+r.IntN(20)))
			}
			req := wire.OrderRequest{Market: m, Side: side, Price: priceStr(m, px), Size: sizeStr(m, r), PostOnly: true}
			p, err := tr.tr.PlaceOrder(ctx, req)
			if err == nil && !refusedAck(p.Ack) {
				tr.mu.Lock()
				tr.orders[p.ID] = &ackedOrder{req: p.Request}
				tr.mu.Unlock()
			}
		case op < 8:
			id := live[r.IntN(len(live))]
			tr.mu.Lock()
			prev := tr.orders[id].req
			tr.mu.Unlock()
			p, err := tr.tr.Amend(ctx, prev, prev.Price, sizeStr(prev.Market, r))
			tr.mu.Lock()
			switch {
			case err == nil && !refusedAck(p.Ack):
				tr.orders[id].req = p.Request
			case client.Code(err) == 0 && err != nil:
				tr.orders[id].uncertain = true
			}
			tr.mu.Unlock()
		default:
			id := live[r.IntN(len(live))]
			tr.mu.Lock()
			mk := tr.orders[id].req.Market
			tr.mu.Unlock()
			ack, err := tr.tr.Cancel(ctx, mk, id)
			tr.mu.Lock()
			switch {
			case err == nil && !refusedAck(ack):
				tr.orders[id].cancelled = true
			case client.Code(err) == 0 && err != nil:
				tr.orders[id].uncertain = true
			}
			tr.mu.Unlock()
		}
	case "taker":
		// Paced so that the fills (8 txs a batch) seal about as fast as L1 verifies batches one by one.
		time.Sleep(time.Duration(200+r.IntN(300)) * time.Millisecond)
		side := "buy"
		px := mid * 1.05
		if r.IntN(2) == 0 {
			side, px = "sell", mid*0.95
		}
		req := wire.OrderRequest{Market: m, Side: side, Price: priceStr(m, px), Size: sizeStr(m, r), TIF: "IOC"}
		p, err := tr.tr.PlaceOrder(ctx, req)
		switch {
		case err == nil:
			tr.recordTxs(p.Ack)
			e.markFilled(p.Ack)
			tr.mu.Lock()
			for _, ev := range p.Events {
				if ev.Kind == "fill" && ev.Tx != 0 && ev.Account == tr.acct {
					sz, _ := new(big.Rat).SetString(ev.Size)
					if side == "sell" {
						sz.Neg(sz)
					}
					tr.net[m].Add(&tr.net[m], sz)
				}
			}
			tr.mu.Unlock()
		case client.Code(err) == 0:
			sz, _ := new(big.Rat).SetString(req.Size)
			tr.mu.Lock()
			tr.unNet[m].Add(&tr.unNet[m], sz)
			tr.mu.Unlock()
			e.markUncertain(m, side)
		}
	case "withdrawer":
		if r.IntN(8) == 0 {
			ack, err := tr.tr.Withdraw(ctx, "1")
			tr.mu.Lock()
			switch {
			case err == nil && !refusedAck(ack):
				tr.mu.Unlock()
				tr.recordTxs(ack)
				tr.mu.Lock()
				tr.nWd++
			case err != nil && client.Code(err) == 0:
				tr.unWd++
			}
			tr.mu.Unlock()
		}
	}
}

// markFilled marks the makers' orders an acknowledged taker input touched: filled (they may be gone from the
// book; a fill the state refused cancels both orders, docs/node.md), or cancelled or expired by the engine.
func (e *chaosEnv) markFilled(ack *wire.Ack) {
	for _, ev := range ack.Events {
		acct, id := ev.Maker, ev.MakerID
		switch ev.Kind {
		case "fill":
		case "cancelled", "expired":
			acct, id = ev.Account, ev.OrderID
		default:
			continue
		}
		for _, tr := range e.traders {
			if tr.acct == acct && tr.acct != 0 {
				tr.mu.Lock()
				if o := tr.orders[uint32(id)]; o != nil {
					o.filled = true
				}
				tr.mu.Unlock()
			}
		}
	}
}

// markUncertain marks every maker order of a market on the side an unanswered taker order would hit as uncertain:
// the node may have logged and matched it before it died.
func (e *chaosEnv) markUncertain(m uint8, takerSide string) {
	for _, tr := range e.traders {
		tr.mu.Lock()
		for _, o := range tr.orders {
			if o.req.Market == m && o.req.Side != takerSide {
				o.maybeHit = true
			}
		}
		tr.mu.Unlock()
	}
}

func (tr *chaosTrader) recordTxs(ack *wire.Ack) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	for _, tx := range ack.Txs {
		if tx.Error == "" {
			tr.txs[tx.Index] = tx.Type
		}
	}
}

func (tr *chaosTrader) liveIDs() []uint32 {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	var ids []uint32
	for id, o := range tr.orders {
		if !o.cancelled && !o.uncertain && !o.filled && !o.maybeHit {
			ids = append(ids, id)
		}
	}
	slicesSort(ids)
	return ids
}

func slicesSort(ids []uint32) {
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && ids[j] < ids[j-1]; j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
}

// refusedAck reports whether every tx of an ack was refused (the input was taken but changed nothing).
func refusedAck(a *wire.Ack) bool {
	if a == nil {
		return true
	}
	for _, tx := range a.Txs {
		if tx.Error != "" {
			return true
		}
	}
	return false
}

func priceStr(m uint8, px float64) string {
	if m == 0 {
		return strconv.FormatFloat(float64(int64(px*10))/10, 'f', 1, 64) // tick $0.1
	}
	return strconv.FormatFloat(float64(int64(px*100))/100, 'f', 2, 64) // tick $0.01
}

func sizeStr(m uint8, r *rand.Rand) string {
	if m == 0 {
		return fmt.Sprintf("0.%04d", 1+r.IntN(50)) // ≤ 0.005 BTC
	}
	return fmt.Sprintf("0.%03d", 1+r.IntN(90)) // ≤ 0.09 ETH
}

// checkAcked checks, after a restart, that every acknowledged input survived: a resting order acknowledged and
// neither cancelled nor filled is live with its last acknowledged size; an order whose cancel was acknowledged is
// not live; every acknowledged fill and withdrawal tx is known to the node with its type.
func (e *chaosEnv) checkAcked() {
	e.t.Helper()
	e.pause.Lock() // the load waits: an input acknowledged during the check would race with it
	defer e.pause.Unlock()
	c, err := e.client()
	if err != nil {
		e.t.Fatal(err)
	}
	defer c.Close()
	var orders, txs int
	for _, tr := range e.traders {
		tr.mu.Lock()
		snapshot := map[uint32]ackedOrder{}
		for id, o := range tr.orders {
			snapshot[id] = *o
		}
		txSnap := map[uint64]string{}
		for i, ty := range tr.txs {
			txSnap[i] = ty
		}
		tr.mu.Unlock()
		for id, o := range snapshot {
			if o.uncertain {
				continue
			}
			st, err := c.OrderStatus(e.ctx, tr.acct, o.req.Market, id)
			if err != nil {
				e.t.Fatalf("%s order %d: %v", tr.name, id, err)
			}
			if o.maybeHit { // what the restarted node shows is the new baseline
				tr.mu.Lock()
				if cur := tr.orders[id]; cur != nil {
					cur.maybeHit = false
					cur.filled = cur.filled || !st.Live || (st.Order != nil && !sameDecimal(st.Order.Filled, "0"))
				}
				tr.mu.Unlock()
				continue
			}
			orders++
			switch {
			case o.cancelled && st.Live:
				e.t.Fatalf("%s order %d: cancel acknowledged, but live after restart: %+v", tr.name, id, st.Order)
			case !o.cancelled && !st.Live && !o.filled && (st.Filled == "" || st.Filled == "0"):
				e.t.Fatalf("%s order %d acknowledged (market %d %s %s @ %s), neither cancelled nor filled, lost after restart (status %+v)",
					tr.name, id, o.req.Market, o.req.Side, o.req.Size, o.req.Price, st)
			case st.Live && !o.filled && !sameDecimal(st.Order.Size, o.req.Size):
				e.t.Fatalf("%s order %d: size %s after restart, last acknowledged %s", tr.name, id, st.Order.Size, o.req.Size)
			}
		}
		for idx, ty := range txSnap {
			// After a restart the tracker knows the txs of the batches restored at start and sealed since, with
			// their types; a tx in a batch L1 had verified before the restart is answered verified without its type
			// (its batch's metadata may be pruned). Either way an acknowledged tx is never unknown.
			ts, err := c.TxStatus(e.ctx, idx)
			if err != nil && client.Reason(err) != "not_found" {
				e.t.Fatalf("%s: acknowledged %s tx %d: %v", tr.name, ty, idx, err)
			}
			if err == nil && ts.Type == "" && ts.Stage != wire.StageVerified {
				e.t.Fatalf("%s: acknowledged %s tx %d has no type after restart, stage %s", tr.name, ty, idx, ts.Stage)
			}
			if err == nil && ts.Type != "" && ts.Type != ty {
				e.t.Fatalf("%s: acknowledged tx %d was a %s, after restart it is a %s", tr.name, idx, ty, ts.Type)
			}
			txs++
		}
		tr.mu.Lock()
		nWd, unWd, net, unNet := tr.nWd, tr.unWd, tr.net, tr.unNet
		tr.mu.Unlock()
		switch tr.name {
		case "withdrawer": // 2 margin moves, then one nonce per withdrawal
			a, err := c.Account(e.ctx, tr.acct)
			if err != nil {
				e.t.Fatal(err)
			}
			if a.Nonce < uint32(2+nWd) || a.Nonce > uint32(2+nWd+unWd) {
				e.t.Fatalf("withdrawer nonce %d after restart: %d withdrawals acknowledged, %d unanswered", a.Nonce, nWd, unWd)
			}
		case "taker": // the position is the acknowledged fills, give or take the unanswered IOC orders
			ps, err := c.Positions(e.ctx, tr.acct)
			if err != nil {
				e.t.Fatal(err)
			}
			for m := range 2 {
				got := new(big.Rat)
				for _, p := range ps {
					if int(p.Market) == m {
						got.SetString(p.Size)
					}
				}
				diff := new(big.Rat).Sub(got, &net[m])
				if diff.Abs(diff).Cmp(&unNet[m]) > 0 {
					e.t.Fatalf("taker position in market %d is %s after restart; acknowledged fills sum to %s (unanswered IOC size %s)",
						m, got.FloatString(4), net[m].FloatString(4), unNet[m].FloatString(4))
				}
			}
		}
	}
	e.t.Logf("after restart: %d acknowledged orders and %d acknowledged txs checked", orders, txs)
}

func sameDecimal(a, b string) bool {
	x, ok1 := new(big.Rat).SetString(a)
	y, ok2 := new(big.Rat).SetString(b)
	return ok1 && ok2 && x.Cmp(y) == 0
}

// finish stops the load and checks the end state: every batch verified with L1's root equal to the node's, every
// L1 deposit applied, the acknowledged inputs there, and a kill and restart giving the same root and books.
func (e *chaosEnv) finish() {
	e.t.Helper()
	e.stopLoad()
	e.loadDone.Wait()
	e.stopLoad = nil
	roll := bindings.NewRollup()
	// L1's queue is the reference (a deposit sent while L1 went down, or as the load stopped, may be mined without
	// the load knowing): every deposit in it is applied.
	deposits := uint64(e.deposits.Load())
	var st *wire.NodeStatus
	var onL1 uint64
	var pending *big.Int
	e.poll("all deposits applied and every batch verified", 120*time.Second, func() bool {
		var err error
		if onL1, err = bind.Call(e.chain.RollupC, &bind.CallOpts{Context: e.ctx}, roll.PackDepositCount(), roll.UnpackDepositCount); err != nil {
			return false
		}
		st, err = e.status()
		if err != nil || st.Deposits != onL1 || st.PendingTxs != 0 || st.SealedBatch == 0 || st.VerifiedBatch != st.SealedBatch {
			return false
		}
		// read after the status: a deposit mined after onL1 was read (sent as the load stopped) is still to be
		// applied and verified, and the poll goes on
		pending, err = bind.Call(e.chain.RollupC, &bind.CallOpts{Context: e.ctx}, roll.PackPendingDepositAmount(),
			roll.UnpackPendingDepositAmount)
		return err == nil && pending.Sign() == 0
	})
	if onL1 < deposits {
		e.t.Fatalf("L1 queue holds %d deposits, the load had %d mined", onL1, deposits)
	}
	if pending == nil || pending.Sign() != 0 {
		e.t.Fatalf("L1 pendingDepositAmount %v after every batch verified", pending)
	}
	raw, err := e.chain.RollupC.CallRaw(&bind.CallOpts{Context: e.ctx}, roll.PackStateRoot())
	if err != nil {
		e.t.Fatal(err)
	}
	onchain, err := roll.UnpackStateRoot(raw)
	if err != nil {
		e.t.Fatal(err)
	}
	if !strings.EqualFold(onchain.String(), mustRoot(e.t, st.Root)) {
		e.t.Fatalf("L1 root %s, node root %s", onchain, st.Root)
	}
	if st.Ledger != nil && st.Ledger.Difference != "" && st.Ledger.Difference != "0" {
		e.t.Fatalf("conserved ledger difference %s at batch %d", st.Ledger.Difference, st.Ledger.Batch)
	}
	e.checkAcked()
	var wds int
	for _, tr := range e.traders {
		wds += tr.nWd
	}
	books := e.books()
	before := time.Now()
	e.killNode()
	rec := e.startNode("")
	st2, err := e.status()
	if err != nil {
		e.t.Fatal(err)
	}
	if st2.Root != st.Root || st2.SealedBatch != st.SealedBatch {
		e.t.Fatalf("after a clean kill and restart: root %s batch %d, before %s batch %d", st2.Root, st2.SealedBatch,
			st.Root, st.SealedBatch)
	}
	if b2 := e.books(); b2 != books {
		e.t.Fatalf("books differ after a kill and restart:\nbefore %s\nafter  %s", books, b2)
	}
	e.checkAcked()
	e.t.Logf("end: %d batches verified on L1 (root %s…), %d deposits applied, %d withdrawals; kill+restart in %s (restart %s); "+
		"restarts to perp_status: %v", st.VerifiedBatch, st.Root[:12], onL1, wds,
		time.Since(before).Round(time.Millisecond), rec.Round(time.Millisecond), roundAll(e.restarts))
}

func roundAll(ds []time.Duration) []time.Duration {
	out := make([]time.Duration, len(ds))
	for i, d := range ds {
		out[i] = d.Round(time.Millisecond)
	}
	return out
}

// books returns both markets' books (every level) as text.
func (e *chaosEnv) books() string {
	e.t.Helper()
	c, err := e.client()
	if err != nil {
		e.t.Fatal(err)
	}
	defer c.Close()
	var out strings.Builder
	for m := range uint8(2) {
		b, err := c.Book(e.ctx, m, wire.MaxBookDepth)
		if err != nil {
			e.t.Fatal(err)
		}
		fmt.Fprintf(&out, "m%d bids %v asks %v; ", m, b.Bids, b.Asks)
	}
	return out.String()
}

// gethProc is a `geth --dev` process on a fixed port and data directory, restartable.
type gethProc struct {
	t       *testing.T
	bin     string
	datadir string
	port    int
	url     string
	cmd     *exec.Cmd
	exited  chan struct{}
	logf    *os.File
}

func newGethProc(t *testing.T, bin string) *gethProc {
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	g := &gethProc{t: t, bin: bin, datadir: t.TempDir(), port: port, url: fmt.Sprintf("http://127.0.0.1:%d", port)}
	if g.logf, err = os.CreateTemp("", "zkperp-chaos-geth-*.log"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		g.stop()
		if t.Failed() {
			t.Logf("geth log %s (tail):\n%s", g.logf.Name(), tailFile(g.logf.Name(), 40))
		} else {
			_ = os.Remove(g.logf.Name())
		}
		g.logf.Close()
	})
	return g
}

func (g *gethProc) start(ctx context.Context) {
	g.t.Helper()
	cmd := exec.Command(g.bin, "--dev", "--dev.period", "1", "--dev.gaslimit", "60000000", "--miner.gaslimit", "60000000",
		"--http", "--http.addr", "127.0.0.1", "--http.port", fmt.Sprint(g.port), "--http.api", "eth,net,web3",
		"--datadir", g.datadir, "--port", "0", "--authrpc.port", "0", "--nodiscover", "--maxpeers", "0",
		"--ipcdisable", "--cache", "256", "--verbosity", "3")
	cmd.Stdout, cmd.Stderr = g.logf, g.logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		g.t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	g.cmd, g.exited = cmd, exited
	if err := waitGeth(ctx, g.url, exited); err != nil {
		g.t.Fatalf("geth --dev (datadir %s): %v\n%s", g.datadir, err, tailFile(g.logf.Name(), 30))
	}
}

// stop stops geth cleanly (SIGTERM: it persists its chain), SIGKILL after 20 s.
func (g *gethProc) stop() {
	if g.cmd == nil {
		return
	}
	_ = syscall.Kill(-g.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-g.exited:
	case <-time.After(20 * time.Second):
		_ = syscall.Kill(-g.cmd.Process.Pid, syscall.SIGKILL)
		<-g.exited
	}
	g.cmd = nil
}

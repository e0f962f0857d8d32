//go:build unix

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/internal/beacon"
	"github.com/zkperp/zkperp/internal/devnet"
	"github.com/zkperp/zkperp/internal/l1verify"
	"github.com/zkperp/zkperp/sequencer/node"
)

// gethVersion is the go-ethereum version pinned in go.mod, which scripts/install-geth.sh builds.
const gethVersion = "1.17.10"

// TestGethDev runs the devnet against a real `geth --dev` process instead of the in-process simulated L1: the
// contracts are deployed over JSON-RPC, deposits are mined by geth, orders go over the node's HTTP JSON-RPC, a
// fill is sealed into batches that are proven with real PLONK and verified by the contract on geth, and the
// Rollup's state root ends equal to the node's.
//
// geth is bin/geth (scripts/install-geth.sh builds it), else geth on PATH; when neither exists the test runs
// scripts/install-geth.sh (several minutes) and skips if geth still cannot be built. ZKPERP_GETH overrides.
func TestGethDev(t *testing.T) {
	if testing.Short() {
		t.Skip("geth --dev and real PLONK proving: skipped in -short")
	}
	needTime(t, 6*time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 12*time.Minute)
	defer cancel()
	gethBin := findGeth(t, ctx)
	url := startGeth(t, ctx, gethBin)

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("ZKPERP_E2E_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	var out lockedBuffer // the devnet's progress output, printed on failure
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("devnet output:\n%s", out.String())
		}
	})
	start := time.Now()
	d, err := devnet.Start(ctx, devnet.Options{DataDir: t.TempDir(), HTTP: "127.0.0.1:0", WS: "127.0.0.1:0",
		Beacon: "127.0.0.1:0", L1URL: url, Seal: time.Second, Funding: time.Hour, MarkMaxAge: time.Hour, KeysDir: filepath.Join(os.TempDir(), "zkperp-devnet-keys")}, &out, log)
	if err != nil {
		t.Fatalf("devnet against geth --dev: %v", err)
	}
	defer d.Stop()
	t.Logf("devnet up on geth in %s: rollup %s", time.Since(start).Round(time.Millisecond), d.Chain().Rollup.Hex())
	httpc, err := rpc.DialContext(ctx, "http://"+d.HTTPAddr())
	if err != nil {
		t.Fatal(err)
	}
	defer httpc.Close()

	// Deposits on L1 (mined by geth), credited by the node after its confirmation depth.
	maker, taker := newTrader(t, d, "maker-1", httpc), newTrader(t, d, "taker-1", httpc)
	maker.deposit(ctx, d, 100_000_000_000) // 100k tUSD
	taker.deposit(ctx, d, 50_000_000_000)
	waitFor(t, ctx, "deposits credited", func() bool {
		var a, b node.AccountView
		return httpc.CallContext(ctx, &a, "perp_account", maker.account) == nil && a.Free == "100000" &&
			httpc.CallContext(ctx, &b, "perp_account", taker.account) == nil && b.Free == "50000"
	})
	maker.margin(ctx, 0, 20_000)
	taker.margin(ctx, 0, 10_000)

	// A resting maker order and a crossing taker order, both over HTTP.
	if _, err := maker.order(ctx, httpc, 0, "sell", "60000", "0.5", ""); err != nil {
		t.Fatal(err)
	}
	ack, err := taker.order(ctx, httpc, 0, "buy", "60100", "0.2", "IOC")
	if err != nil {
		t.Fatal(err)
	}
	var fillIdx uint64
	for _, tx := range ack.Txs {
		if tx.Type == "fill" && tx.Error == "" {
			fillIdx = tx.Index
		}
	}
	if fillIdx == 0 {
		t.Fatalf("no fill in the ack: %+v", ack)
	}
	pos := taker.view(ctx).Positions
	if len(pos) != 1 || pos[0].Size != "0.2" || pos[0].EntryPrice != "60000" {
		t.Fatalf("taker positions %+v", pos)
	}

	// Every sealed batch is proven (real PLONK) and verified by the contract on geth.
	vctx, vcancel := context.WithTimeout(ctx, 6*time.Minute)
	defer vcancel()
	var st node.NodeStatus
	var last string
	waitFor(t, vctx, "batches verified on geth", func() bool {
		if err := httpc.CallContext(vctx, &st, "perp_status"); err != nil {
			return false
		}
		if s := fmt.Sprintf("sealed %d, verified %d, pending %d", st.SealedBatch, st.VerifiedBatch, st.PendingTxs); s != last {
			t.Logf("%s: %s", time.Since(start).Round(time.Second), s)
			last = s
		}
		return st.PendingTxs == 0 && st.SealedBatch >= 2 && st.VerifiedBatch == st.SealedBatch
	})
	var fs node.TxStatus
	if err := httpc.CallContext(ctx, &fs, "perp_txStatus", fillIdx); err != nil || fs.Stage != node.StageVerified {
		t.Fatalf("fill finality %+v %v", fs, err)
	}
	roll := bindings.NewRollup()
	raw, err := d.Chain().RollupC.CallRaw(&bind.CallOpts{Context: ctx}, roll.PackStateRoot())
	if err != nil {
		t.Fatal(err)
	}
	onchain, err := roll.UnpackStateRoot(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.EqualFold(onchain.String(), mustRoot(t, st.Root)) {
		t.Fatalf("geth root %s, node root %s", onchain, st.Root)
	}
	t.Logf("%d batches verified on geth --dev in %s", st.VerifiedBatch, time.Since(start).Round(time.Second))

	// An L1 verifier rebuilds the state from geth and the blob sidecars on the devnet's beacon API alone, as
	// `zkperp verify --l1 URL --beacon URL` does.
	ec, err := ethclient.DialContext(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer ec.Close()
	bc, err := beacon.NewClient(log, beacon.ClientConfig{URL: d.BeaconURL()})
	if err != nil {
		t.Fatal(err)
	}
	v, err := l1verify.New(l1verify.Config{Rollup: d.Chain().Rollup, Genesis: d.Genesis(), Blobs: bc}, ec, log)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	sum, err := v.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if vr := v.Root(); sum.LastBatch != st.VerifiedBatch || vr.String() != st.Root {
		t.Fatalf("verifier from geth + beacon API: batch %d root %s; node at %d root %s", sum.LastBatch, vr.String(),
			st.VerifiedBatch, st.Root)
	}
	t.Logf("verifier rebuilt %d batches from geth --dev and the beacon API", sum.LastBatch)
}

// repoRoot is the module root (the directory holding go.mod above this package).
func repoRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			t.Fatalf("no go.mod above %s", dir)
		}
	}
}

// findGeth returns the geth binary: $ZKPERP_GETH, bin/geth, geth on PATH, or one built by scripts/install-geth.sh;
// it skips the test when none can be had.
func findGeth(t *testing.T, ctx context.Context) string {
	if p := os.Getenv("ZKPERP_GETH"); p != "" {
		return checkGeth(t, p)
	}
	root := repoRoot(t)
	local := filepath.Join(root, "bin", "geth")
	if _, err := os.Stat(local); err == nil {
		return checkGeth(t, local)
	}
	if p, err := exec.LookPath("geth"); err == nil {
		return checkGeth(t, p)
	}
	// Build it (minutes); leave the test itself enough of the go test deadline.
	ictx := ctx
	if dl, ok := t.Deadline(); ok {
		var c context.CancelFunc
		ictx, c = context.WithDeadline(ctx, dl.Add(-8*time.Minute))
		defer c()
	}
	t.Logf("geth not found in %s or on PATH: running scripts/install-geth.sh", local)
	cmd := exec.CommandContext(ictx, filepath.Join(root, "scripts", "install-geth.sh"))
	cmd.Dir = root
	outb, err := cmd.CombinedOutput()
	if err != nil {
		t.Skipf("geth is not available and scripts/install-geth.sh failed (%v); run it by hand, or put geth %s "+
			"on PATH, or set ZKPERP_GETH:\n%s", err, gethVersion, tail(string(outb), 20))
	}
	if _, err := os.Stat(local); err != nil {
		t.Skipf("scripts/install-geth.sh did not produce %s: %v", local, err)
	}
	return checkGeth(t, local)
}

// checkGeth logs the binary's version, warning when it is not the pinned one.
func checkGeth(t *testing.T, p string) string {
	outb, err := exec.Command(p, "version").Output()
	if err != nil {
		t.Skipf("%s does not run (%v); rebuild it with scripts/install-geth.sh", p, err)
	}
	v := "unknown"
	for _, l := range strings.Split(string(outb), "\n") {
		if s, ok := strings.CutPrefix(l, "Version: "); ok {
			v = strings.TrimSpace(s)
		}
	}
	if !strings.HasPrefix(v, gethVersion) {
		t.Logf("warning: %s is geth %s, not the pinned %s (scripts/install-geth.sh builds it)", p, v, gethVersion)
	} else {
		t.Logf("geth %s: %s", v, p)
	}
	return p
}

// startGeth runs `geth --dev` on a free loopback port with an ephemeral data dir, waits for its JSON-RPC and
// returns its URL. The process (group) is killed when the test ends; its log tail is printed on failure.
func startGeth(t *testing.T, ctx context.Context, bin string) string {
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ { // a free port can be taken between probing and geth's bind
		url, err := tryStartGeth(t, ctx, bin)
		if err == nil {
			return url
		}
		lastErr = err
		t.Logf("geth start attempt %d: %v", attempt+1, err)
	}
	t.Fatalf("geth --dev did not start: %v", lastErr)
	return ""
}

func tryStartGeth(t *testing.T, ctx context.Context, bin string) (string, error) {
	port, err := freePort()
	if err != nil {
		return "", err
	}
	logf, err := os.CreateTemp("", "zkperp-geth-*.log")
	if err != nil {
		return "", err
	}
	datadir := t.TempDir()
	if os.Getenv("ZKPERP_GETH_OSAKA") != "" {
		if err := initOsakaGenesis(bin, datadir, logf); err != nil {
			logf.Close()
			return "", err
		}
	}
	args := []string{
		"--dev", "--dev.period", "1",
		// The dev genesis defaults to an 11.5M gas limit; deploying the PLONK verifier and submitting batches
		// wants more (the in-process L1 uses 60M). Per-transaction gas stays capped at 2^24 (EIP-7825).
		"--dev.gaslimit", "60000000", "--miner.gaslimit", "60000000",
		"--http", "--http.addr", "127.0.0.1", "--http.port", fmt.Sprint(port), "--http.api", "eth,net,web3",
		"--datadir", datadir,
		"--port", "0", "--authrpc.port", "0", "--nodiscover", "--maxpeers", "0", "--ipcdisable",
		"--cache", "256", "--verbosity", "3",
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return "", fmt.Errorf("start %s: %w", bin, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	stop := func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		logf.Close()
	}
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	if err := waitGeth(ctx, url, exited); err != nil {
		stop()
		err = fmt.Errorf("%w; geth log %s:\n%s", err, logf.Name(), tailFile(logf.Name(), 30))
		_ = os.Remove(logf.Name())
		return "", err
	}
	t.Logf("geth --dev at %s (pid %d), log %s", url, cmd.Process.Pid, logf.Name())
	t.Cleanup(func() {
		stop()
		if t.Failed() {
			t.Logf("geth log %s (tail):\n%s", logf.Name(), tailFile(logf.Name(), 60))
			return
		}
		_ = os.Remove(logf.Name())
	})
	return url, nil
}

// initOsakaGenesis initialises datadir with geth --dev's genesis minus the post-Osaka Bogota fork (which
// v1.17.10's --dev enables at genesis), i.e. the in-process L1's rules (contracts.OsakaChainConfig), for
// ZKPERP_GETH_OSAKA=1. `geth --dev --datadir` then reuses that chain; its dev account is the fixed developer key,
// funded here.
func initOsakaGenesis(bin, datadir string, logw io.Writer) error {
	dev := common.HexToAddress(gethDevAccount)
	g := core.DeveloperGenesisBlock(60_000_000, &dev)
	g.Config = contracts.OsakaChainConfig()
	js, err := json.Marshal(g)
	if err != nil {
		return err
	}
	path := filepath.Join(datadir, "osaka-genesis.json")
	if err := os.WriteFile(path, js, 0o644); err != nil {
		return err
	}
	cmd := exec.Command(bin, "init", "--datadir", datadir, path)
	cmd.Stdout, cmd.Stderr = logw, logw
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("geth init (Osaka genesis): %w", err)
	}
	return nil
}

// gethDevAccount is the address of geth's fixed --dev developer key (cmd/utils.DeveloperKey).
const gethDevAccount = "0x71562b71999873DB5b286dF957af199Ec94617F7"

// waitGeth waits until geth answers eth_chainId and has mined a block.
func waitGeth(ctx context.Context, url string, exited <-chan struct{}) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var lastErr error
	for {
		select {
		case <-exited:
			return errors.New("geth exited")
		case <-ctx.Done():
			return fmt.Errorf("geth RPC at %s not ready: %v", url, lastErr)
		case <-time.After(200 * time.Millisecond):
		}
		c, err := rpc.DialContext(ctx, url)
		if err != nil {
			lastErr = err
			continue
		}
		var n string
		err = c.CallContext(ctx, &n, "eth_blockNumber")
		c.Close()
		if err != nil {
			lastErr = err
			continue
		}
		if n != "0x0" {
			return nil
		}
		lastErr = errors.New("no block mined yet")
	}
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// tailFile returns the last n lines of a geth log, leaving out the per-block lines geth --dev prints every period.
func tailFile(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	var keep []string
	for _, l := range strings.Split(string(b), "\n") {
		routine := false
		for _, r := range routineGethLines {
			if strings.Contains(l, r) {
				routine = true
				break
			}
		}
		if !routine {
			keep = append(keep, l)
		}
	}
	return tail(strings.Join(keep, "\n"), n)
}

var routineGethLines = []string{"Starting work on payload", "Updated payload", "Stopping work on payload",
	"Imported new potential chain segment", "Chain head was updated"}

func tail(s string, n int) string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return strings.Join(lines, "\n")
}

// lockedBuffer is an io.Writer safe for the devnet's background summary loop.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

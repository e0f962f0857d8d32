package e2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math/big"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/internal/devnet"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/sequencer/node"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/wire"
)

// Soak (docs/node.md "Soak"): the devnet (in-process L1, real PLONK prover, blob DA mode, state pruning keeping 4
// batches) under a steady market-maker load — quotes placed, amended and cancelled, a crossing order every few
// seconds, a withdrawal now and then — for SOAK_DURATION (default 40 s; `make soak DURATION=10m`). Every interval it
// records throughput, ack latency percentiles, trade → L1 latency, heap and goroutines, disk use of the node's
// state, WAL and blobs, and the conserved-ledger check the node runs after every verified batch; the report goes to
// the test log and, with SOAK_REPORT=file, to a markdown file. It fails on a ledger violation, an ack error other
// than a (rare, expected) refused fill, or, in runs of 5 minutes or more, disk growth in the last half of the run.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("soak: skipped with -short")
	}
	dur := 40 * time.Second
	if s := os.Getenv("SOAK_DURATION"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatalf("SOAK_DURATION=%q: %v", s, err)
		}
		dur = d
	}
	rate := 60 // offered inputs per second, all makers together
	if s := os.Getenv("SOAK_RATE"); s != "" {
		if _, err := fmt.Sscan(s, &rate); err != nil || rate < 1 {
			t.Fatalf("SOAK_RATE=%q", s)
		}
	}
	needTime(t, dur+8*time.Minute)
	interval := max(dur/8, 5*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), dur+15*time.Minute)
	defer cancel()
	dir := t.TempDir()
	d, err := devnet.Start(ctx, devnet.Options{DataDir: dir, HTTP: "127.0.0.1:0", WS: "127.0.0.1:0", BlockTime: 500 * time.Millisecond,
		Seal: 2 * time.Second, Funding: time.Hour, MarkMaxAge: time.Hour, PruneKeep: soakPruneKeep, DevAccounts: 5,
		WALSegmentBytes: 256 << 10,
		KeysDir:         filepath.Join(os.TempDir(), "zkperp-devnet-keys")}, io.Discard, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Stop()
	httpc, err := rpc.DialContext(ctx, "http://"+d.HTTPAddr())
	if err != nil {
		t.Fatal(err)
	}
	defer httpc.Close()

	// Four makers and a taker, funded on L1.
	const makers = 4
	var traders []*trader
	for i := range makers + 1 {
		tr := newDevTrader(t, d, i, httpc)  // the devnet's funded dev accounts
		tr.deposit(ctx, d, 500_000_000_000) // 500k tUSD
		traders = append(traders, tr)
	}
	waitFor(t, ctx, "soak deposits credited", func() bool {
		for _, tr := range traders {
			var a wire.AccountView
			if httpc.CallContext(ctx, &a, "perp_account", tr.account) != nil || a.Free == "0" || a.Free == "" {
				return false
			}
		}
		return true
	})
	var clients []*client.Trader
	for _, tr := range traders {
		tr.margin(ctx, 0, 200_000)
		c, err := client.Dial(ctx, "ws://"+d.WSAddr())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		ct, err := client.NewTrader(ctx, c, client.TraderConfig{Key: tr.key, Account: tr.account})
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, ct)
	}

	var (
		mu        sync.Mutex
		lat       []time.Duration // ack latencies of the current interval
		acks      atomic.Int64
		refused   atomic.Int64 // inputs the node refused (a fill against a moved quote, ...)
		fatal     atomic.Value // first unexpected error
		fills     = map[uint64]time.Time{}
		finality  []time.Duration // trade → verified on L1, of the interval
		withdrawn atomic.Int64
		transport atomic.Int64 // calls lost with their connection
	)
	var loadCtx context.Context
	var stopLoad context.CancelFunc
	record := func(start time.Time, ack *wire.Ack, err error) {
		if err != nil {
			switch {
			case loadCtx.Err() != nil: // the load stopped mid-call
			case client.Code(err) != 0: // the node refused it (a fill against a moved quote, ...): counted
				refused.Add(1)
			case isTransport(err): // the connection dropped (redialled by the client): counted, bounded below
				transport.Add(1)
			default:
				fatal.CompareAndSwap(nil, err)
			}
			return
		}
		acks.Add(1)
		mu.Lock()
		lat = append(lat, time.Since(start))
		if ack != nil {
			for _, tx := range ack.Txs {
				if tx.Type == "fill" && tx.Error == "" {
					fills[tx.Index] = start
				}
			}
		}
		mu.Unlock()
	}
	loadCtx, stopLoad = context.WithTimeout(ctx, dur)
	defer stopLoad()
	var wg sync.WaitGroup
	for i := range makers {
		wg.Add(1)
		go func(i int, tr *client.Trader) { // a market maker: two quotes around 60,000, amended and replaced
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			tick := time.NewTicker(time.Second * time.Duration(makers) / time.Duration(rate))
			defer tick.Stop()
			var quotes []wire.OrderRequest
			for loadCtx.Err() == nil {
				<-tick.C
				start := time.Now()
				switch {
				case len(quotes) < 2:
					side, px := "buy", 59_990-rng.IntN(50)*10
					if len(quotes) == 1 {
						side, px = "sell", 60_010+rng.IntN(50)*10
					}
					p, err := tr.PlaceLimit(loadCtx, 0, side, fmt.Sprint(px/10)+"."+fmt.Sprint(px%10), "0.01")
					var ack *wire.Ack
					if err == nil {
						ack = p.Ack
						quotes = append(quotes, p.Request)
					}
					record(start, ack, err)
				case rng.IntN(10) == 0: // replace a quote
					q := quotes[0]
					ack, err := tr.Cancel(loadCtx, 0, q.ID)
					record(start, ack, err)
					quotes = quotes[1:]
				default: // amend one quote's price by a tick or two
					k := rng.IntN(len(quotes))
					q := quotes[k]
					px := 59_990 - rng.IntN(50)*10
					if q.Side == "sell" {
						px = 60_010 + rng.IntN(50)*10
					}
					p, err := tr.Amend(loadCtx, q, fmt.Sprint(px/10)+"."+fmt.Sprint(px%10), q.Size)
					var ack *wire.Ack
					if err == nil {
						ack = p.Ack
						quotes[k] = p.Request
					} else {
						quotes = slices.Delete(quotes, k, k+1) // filled or gone: replaced at the next tick
					}
					record(start, ack, err)
				}
			}
		}(i, clients[i])
	}
	wg.Add(1)
	go func(tr *client.Trader) { // the taker: a small market order every 10 s (fills within the one prover's pace), a withdrawal every minute
		defer wg.Done()
		tick := time.NewTicker(10 * time.Second)
		defer tick.Stop()
		n := 0
		for loadCtx.Err() == nil {
			select {
			case <-loadCtx.Done():
				return
			case <-tick.C:
			}
			n++
			side := "buy"
			if n%2 == 0 {
				side = "sell"
			}
			start := time.Now()
			p, err := tr.PlaceMarket(loadCtx, 0, side, "0.01", "")
			var ack *wire.Ack
			if err == nil {
				ack = p.Ack
			}
			record(start, ack, err)
			if n%6 == 0 {
				start = time.Now()
				ack, err := tr.Withdraw(loadCtx, "1")
				record(start, ack, err)
				if err == nil {
					withdrawn.Add(1)
				}
			}
		}
	}(clients[makers])

	// Sampling.
	var report []string
	report = append(report, "| t | inputs/s | ack p50 | ack p99 | trade→L1 p50 | sealed/verified | heap MB | goroutines | state MB (journal) | batch extras KB (batches) | WAL KB | blobs MB | ledger |",
		"|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	var samples []diskSample
	start, lastAcks := time.Now(), int64(0)
	var st wire.NodeStatus
	sample := func() {
		mu.Lock()
		l := lat
		lat = nil
		for idx, at := range fills {
			var ts wire.TxStatus
			if httpc.CallContext(ctx, &ts, "perp_txStatus", idx) == nil && ts.Stage == wire.StageVerified {
				finality = append(finality, time.Since(at))
				delete(fills, idx)
			}
		}
		fin := finality
		finality = nil
		mu.Unlock()
		a := acks.Load()
		if err := httpc.CallContext(ctx, &st, "perp_status"); err != nil {
			t.Fatal(err)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		stateDir := filepath.Join(dir, "node", "state")
		stateB, walB := dirSize(stateDir), dirSize(filepath.Join(dir, "node", "wal"))
		blobB := dirSize(filepath.Join(dir, "blobs"))
		ds := diskSample{state: stateB, journal: journalSize(stateDir), wal: walB, verified: st.VerifiedBatch,
			sealed: st.SealedBatch}
		ds.extras, ds.extraBatches = batchExtras(t, ctx, d.Node(), st.SealedBatch)
		samples = append(samples, ds)
		ledger := "–"
		if st.Ledger != nil {
			ledger = fmt.Sprintf("batch %d diff %s", st.Ledger.Batch, st.Ledger.Difference)
			if st.Ledger.Violations > 0 {
				t.Errorf("conserved ledger violated: %+v", st.Ledger)
			}
		}
		report = append(report, fmt.Sprintf("| %s | %.0f | %s | %s | %s | %d/%d | %.0f | %d | %.1f (%.1f) | %.0f (%d) | %.0f | %.1f | %s |",
			time.Since(start).Round(time.Second), float64(a-lastAcks)/interval.Seconds(), pct(l, 50), pct(l, 99), pct(fin, 50),
			st.SealedBatch, st.VerifiedBatch, float64(ms.HeapAlloc)/1e6, runtime.NumGoroutine(), float64(stateB)/1e6,
			float64(ds.journal)/1e6, float64(ds.extras)/1e3, ds.extraBatches, float64(walB)/1e3, float64(blobB)/1e6, ledger))
		lastAcks = a
	}
	for time.Since(start) < dur {
		time.Sleep(interval)
		sample()
	}
	stopLoad()
	wg.Wait()
	if err, _ := fatal.Load().(error); err != nil {
		t.Errorf("unexpected error under load: %v", err)
	}
	// Drain: everything sealed gets verified, the ledger checked at the last root.
	waitFor(t, ctx, "the backlog verified on L1", func() bool {
		return httpc.CallContext(ctx, &st, "perp_status") == nil && st.PendingTxs == 0 && st.VerifiedBatch == st.SealedBatch &&
			st.Ledger != nil && st.Ledger.Batch == st.VerifiedBatch
	})
	sample()
	total := acks.Load()
	summary := fmt.Sprintf("soak %s at %d inputs/s offered: %d acked (%.0f/s), %d refused, %d lost with their "+
		"connection, %d withdrawals, %d batches verified, ledger violations %d", dur, rate, total,
		float64(total)/dur.Seconds(), refused.Load(), transport.Load(), withdrawn.Load(), st.VerifiedBatch,
		st.Ledger.Violations)
	report = append(report, "", summary)
	out := strings.Join(report, "\n")
	t.Log("\n" + out)
	if f := os.Getenv("SOAK_REPORT"); f != "" {
		if err := os.WriteFile(f, []byte(out+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if st.Ledger.Violations != 0 {
		t.Fatalf("conserved ledger: %d violations", st.Ledger.Violations)
	}
	if lost := transport.Load(); lost*100 > total+100 {
		t.Fatalf("%d calls lost with their connection (of %d acked)", lost, total)
	}
	if total == 0 || st.VerifiedBatch < 2 {
		t.Fatalf("no load got through: %d acks, %d batches", total, st.VerifiedBatch)
	}
	checkFlatDisk(t, samples, dur)
}

// The devnet's pruning in the soak: state (and batch extras) kept from 4 batches below the last verified one,
// pruned every 2 verified batches (devnet.Options.PruneKeep sets prune_every to half of it).
const (
	soakPruneKeep  = 4
	soakPruneEvery = soakPruneKeep / 2
)

// checkFlatDisk fails the soak if the state DB grows with the run (docs/node.md "Soak").
//
// The batch extras (batch/N/* in the state DB) are the live data that grew with every batch (about 35 KB each in
// blob mode: traces, witness, proof, blob opening, metadata). Once prunes run (verified ≥ keep + 2 × every), the
// batches holding them are those from the prune floor on: the floor moves every batches at a time to v − keep, so
// keep + 1 to keep + every verified batches, one more while a prune is in flight, plus the sealed batches not yet
// verified; the check allows keep + 2 × every + the backlog at every sample. In runs of 5 minutes or more, their
// bytes in the last sample (after the drain) stay within every × a batch's extras of the largest sample of the
// first half after the first prune: a batch's extras are about constant (the fixed-size circuit's witness
// dominates; 35.4–35.8 KB a batch in a 10-minute run), and the first half's largest sample may fall right after a
// prune (keep + 1 batches) and the last one right before the next (keep + every). Without the extras' deletion they
// grow by a batch's extras for every batch sealed (a 10-minute soak seals about 35: 1.2 MB against a bound of
// about 0.3 MB).
//
// On disk, goleveldb appends every write (deletes too) to its journal until the memtable reaches the write buffer
// (4 MiB by default), then flushes the memtable to a level-0 table; what was deleted leaves the disk when four such
// tables are compacted into level 1. So the state DB on disk grows with the journal, about 50 KB a batch in the
// soak, for the first ~80 batches (a 10-minute soak seals about 35: its state DB is all journal), and then saw-tooths
// below journal + 4 level-0 tables without a trend once its live data stops growing. Checked: the journal stays
// within the write buffer (+ 1 MiB: one write past it), and the rest (tables, manifest, info log) does not grow in
// the second half by more than 256 KiB (the manifest and info log) unless a flush happened (the journal shrank);
// then by at most the four level-0 tables before their compaction.
func checkFlatDisk(t *testing.T, samples []diskSample, dur time.Duration) {
	t.Helper()
	const writeBuffer = 4 << 20
	perBatch, firstMax := int64(0), int64(-1)
	half := len(samples) / 2
	for i, s := range samples {
		if s.journal > writeBuffer+1<<20 {
			t.Errorf("sample %d: state DB journal %d bytes, past the write buffer", i, s.journal)
		}
		if s.verified < soakPruneKeep+2*soakPruneEvery { // prunes start at verified keep + every
			continue
		}
		if held := uint64(s.extraBatches); held > soakPruneKeep+2*soakPruneEvery+(s.sealed-s.verified) {
			t.Errorf("sample %d: %d batches hold their stored extras (verified %d, sealed %d): the batches below the "+
				"prune floor keep theirs", i, held, s.verified, s.sealed)
		}
		if i < half {
			firstMax = max(firstMax, s.extras)
			perBatch = max(perBatch, s.extras/int64(max(s.extraBatches, 1)))
		}
	}
	if dur < 5*time.Minute || len(samples) < 4 || firstMax < 0 {
		return
	}
	if last := samples[len(samples)-1]; last.extras > firstMax+soakPruneEvery*perBatch {
		t.Errorf("batch extras grew: %d bytes in %d batches at the end, at most %d in the first half", last.extras,
			last.extraBatches, firstMax)
	}
	tablesMax, walMax, flushed := int64(0), int64(0), false
	for i, s := range samples {
		tables := s.state - s.journal
		if i < half {
			tablesMax, walMax = max(tablesMax, tables), max(walMax, s.wal)
			continue
		}
		if s.wal > walMax+1<<20 { // truncated a 256 KiB segment at a time after each verified batch
			t.Errorf("WAL grew in the second half: %d bytes at sample %d, first half at most %d", s.wal, i, walMax)
		}
		flushed = flushed || s.journal < samples[i-1].journal
		if bound := tablesMax + map[bool]int64{false: 256 << 10, true: 4 * writeBuffer}[flushed]; tables > bound {
			t.Errorf("state DB tables grew in the second half: %d bytes at sample %d, first half at most %d", tables, i,
				tablesMax)
		}
	}
}

// newDevTrader is a trader of the devnet's i-th dev account (funded with ETH and test tokens at start).
func newDevTrader(t testing.TB, d *devnet.Run, i int, http *rpc.Client) *trader {
	eth := devnet.DevAccountKey(i)
	k, err := state.DeriveL2Key(eth, d.Domain())
	if err != nil {
		t.Fatal(err)
	}
	return &trader{t: t, eth: eth, key: k, http: http,
		l1: &contracts.Sender{Backend: d.L1(), Opts: bind.NewKeyedTransactor(eth, big.NewInt(devnet.ChainID))}}
}

// isTransport reports an error of the connection rather than of the call (the client redials on the next call).
func isTransport(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, rpc.ErrClientQuit) ||
		strings.Contains(err.Error(), "connection reset") || strings.Contains(err.Error(), "broken pipe")
}

func pct(v []time.Duration, p int) string {
	if len(v) == 0 {
		return "–"
	}
	s := slices.Clone(v)
	slices.Sort(s)
	d := s[min(len(s)-1, len(s)*p/100)]
	if d >= time.Second {
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(10 * time.Microsecond).String()
}

func dirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			if fi, err := e.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// diskSample is the soak's record of the node's storage at one sample.
type diskSample struct {
	state, journal, wal int64 // bytes on disk: the state DB (its goleveldb journal included), the journal, the WAL
	extras              int64 // bytes of the batches' stored extras (batch/N/*) in the state DB
	extraBatches        int   // batches with stored extras
	verified, sealed    uint64
}

// batchExtraNames are the stored extras of a sealed batch (sequencer/node/sealer.go: batch/N/<name>).
var batchExtraNames = []string{"meta", "traces", "witness", "proof", "blob"}

// batchExtras sums the batches' stored extras (batch/N/*, N = 1..sealed) in the node's state DB: the live data that
// grows with every batch unless the batches below the prune floor lose theirs.
func batchExtras(t *testing.T, ctx context.Context, n *node.Node, sealed uint64) (bytes int64, batches int) {
	t.Helper()
	err := n.Query(ctx, func(e *engine.Engine) {
		st := e.State()
		for b := uint64(1); b <= sealed; b++ {
			held := false
			for _, name := range batchExtraNames {
				if v, err := st.Extra(fmt.Sprintf("batch/%d/%s", b, name)); err == nil {
					bytes += int64(len(v))
					held = true
				}
			}
			if held {
				batches++
			}
		}
	})
	if err != nil {
		t.Fatalf("read the batch extras: %v", err)
	}
	return bytes, batches
}

// journalSize is the size of a goleveldb store's journal (NNNNNN.log): every write since the memtable was last
// flushed to a table, deletes included, kept until the memtable reaches the write buffer (goleveldb's default 4 MiB).
func journalSize(dir string) int64 {
	var n int64
	logs, _ := filepath.Glob(filepath.Join(dir, "*.log"))
	for _, f := range logs {
		if fi, err := os.Stat(f); err == nil {
			n += fi.Size()
		}
	}
	return n
}

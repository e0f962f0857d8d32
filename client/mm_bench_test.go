package client_test

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/client/clienttest"
	"github.com/zkperp/zkperp/internal/cputime"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/sequencer/node"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/wire"
	"github.com/zkperp/zkperp/wire/oe"
)

// mmStep is one pre-signed market-maker input: a new order, an amend or a cancel.
type mmStep struct {
	Place  *node.OrderRequest  `json:"place,omitempty"`
	Amend  *node.AmendRequest  `json:"amend,omitempty"`
	Cancel *node.CancelRequest `json:"cancel,omitempty"`
}

func (s mmStep) send(ctx context.Context, c *client.Client) error {
	var err error
	switch {
	case s.Place != nil:
		_, err = c.PlaceOrder(ctx, *s.Place)
	case s.Amend != nil:
		_, err = c.AmendOrder(ctx, *s.Amend)
	default:
		_, err = c.CancelOrder(ctx, *s.Cancel)
	}
	return err
}

// mmScript pre-signs (before the timed part, on one goroutine per account) cycles of one account's quoting: a
// resting quote, three amends of it, its cancel; every fourth cycle also a crossing IOC order (it fills against
// the other side's quotes). Per 4 cycles: 16 amends and cancels, 5 new orders (24%), 1 crossing. In a session
// (Trader.Logon) the cancels are unsigned and each amend carries only the re-signed order's signature.
//
// phase places the account's crossing order: in which of the 4 cycles (phase mod 4) and after how many of the
// cycle's 5 quoting steps (phase/4 mod 6). Accounts with different phases cross at different steps of their
// scripts, as independent market makers do; with one phase for all, the paced accounts (which send step k of their
// scripts together) would send all 96 crossing orders within one pacing interval every 21 steps, a burst of fills
// rather than the mix's steady rate. mmRun gives account i phase i/2 (a buyer and a seller per phase).
func mmScript(b *testing.B, t *client.Trader, key *state.PrivateKey, buy, session bool, cycles, phase int) []mmStep {
	var steps []mmStep
	// a seller quotes asks from 70,000 up and crosses with a buy IOC at 71,000 (it hits the asks); a buyer quotes bids
	// from 50,000 down and crosses with a sell IOC at 49,000 (it hits the bids)
	side, px, crossPx := client.Sell, 70000, "71000"
	if buy {
		side, px, crossPx = client.Buy, 50000, "49000"
	}
	crossCycle, crossAt := phase%4, phase/4%6
	for k := 0; k < cycles; k++ {
		crosses := k%4 == crossCycle
		at := len(steps) + crossAt // the crossing order goes in after crossAt of this cycle's 5 steps
		price := func(d int) string {
			if buy {
				return fmt.Sprint(px - (k*7+d)%900)
			}
			return fmt.Sprint(px + (k*7+d)%900)
		}
		o := node.OrderRequest{Market: 0, Side: side, Price: price(0), Size: "0.01", PostOnly: true}
		if err := t.SignOrder(&o); err != nil {
			b.Fatal(err)
		}
		steps = append(steps, mmStep{Place: &o})
		for v := 1; v <= 3; v++ {
			r := o
			r.Price = price(v)
			sign := t.SignAmend
			if session {
				sign = t.SessionAmend
			}
			a, err := sign(&r, uint64(v))
			if err != nil {
				b.Fatal(err)
			}
			steps = append(steps, mmStep{Amend: a})
		}
		c := &node.CancelRequest{Account: t.Index(), Market: 0, OrderID: o.ID}
		if !session {
			sig, err := key.SignMessage((&engine.Cancel{Account: t.Index(), Market: 0, OrderID: o.ID}).Message())
			if err != nil {
				b.Fatal(err)
			}
			c.Sig = sig[:]
		}
		steps = append(steps, mmStep{Cancel: c})
		if crosses { // between the quote's steps, which keep their order
			x := node.OrderRequest{Market: 0, Side: map[bool]string{true: client.Sell, false: client.Buy}[buy],
				Price: crossPx, Size: "0.001", TIF: "IOC"}
			if err := t.SignOrder(&x); err != nil {
				b.Fatal(err)
			}
			steps = slices.Insert(steps, at, mmStep{Place: &x})
		}
	}
	return steps
}

// BenchmarkMarketMakerAdmission: signed-input admission over WebSocket in a market-maker mix (~76% amends and
// cancels, ~24% new orders, 1 in 21 crossing, the accounts crossing at different steps: mmScript), 96 accounts on
// 8 connections (12 accounts per connection, one input in flight per account), WAL fsync on, the node on a
// simulated L1. Every input is signed before the timed
// part (mmScript).
//
// loadgen=child: the inputs are sent by a load-generator process (this test binary re-run as TestMMLoadChild), so
// node-cpu-µs/input is the node's alone (with the simulated L1 in its process) and loadgen-cpu-µs/input the
// generator's (its whole life: connecting and logging on too); both share the machine's cores. loadgen=in: this
// process sends (cpu-µs/input counts both). session=true: every account is logged on to its connection
// (perp_logon): cancels are unsigned, an amend carries only the re-signed order's signature (docs/api.md §2
// "Sessions"); session=false: every input carries its own signatures (an amend two). proto=json: the inputs go as
// perp_ JSON-RPC calls over WebSocket; proto=oe: as binary order-entry messages over /oe (wire/oe, client.OEConn),
// encoded before the timed part (the sessions are logged on over /oe). rate=N offers N inputs/s (each
// account paced; an account that falls behind sends at once); rate=max is a closed loop. Reports the achieved
// inputs/s, p50/p99 ack latency (send → ack: verified, durable, applied), the signatures the inputs carry
// (sigs-carried/input) and those the node checked (sigs-checked/input: at admission, and the deferred checks of
// quotes on the core), the signatures per admission batch, and (proto=oe) the share of inputs admitted on their
// connection's reader without a goroutine or a wait (on-reader/input). Run with -benchtime=Nx. ZKPERP_BENCH_CPUPROFILE=file writes CPU profiles of the timed parts (file,
// file.2, …: one per sub-benchmark run); ZKPERP_BENCH_LOADGEN_CPUPROFILE=file the load generator's (loadgen=child:
// its sending, the last sub-benchmark's).
func BenchmarkMarketMakerAdmission(b *testing.B) {
	const conns, accounts = 8, 96
	// the node polls the L1 at its own default (1 s), not the tests' 50 ms
	env := clienttest.Start(b, clienttest.Config{WALSync: true, Users: accounts, AccountDepth: 7, L1Poll: time.Second})
	cs := make([]*client.Client, conns)
	for i := range cs {
		cs[i] = env.Dial(b, true)
	}
	ts := make([]*client.Trader, accounts)
	keys := make([]*state.PrivateKey, accounts)
	for i := range ts {
		keys[i] = env.L1(b, i+1).L2Key()
		ts[i] = env.Fund(b, cs[i%conns], i+1, "10000")
		if _, err := ts[i].PositionMargin(context.Background(), 0, true, "5000"); err != nil {
			b.Fatal(err)
		}
	}
	// funded: from now on one simulated L1 block every 12 s, Ethereum's slot time (every 50 ms during the funding).
	// The simulated L1 runs in the node's process: each of its blocks costs this process what a real L1 node would
	// spend on another machine, so more blocks than Ethereum makes would charge the node for the L1's own work
	env.SetMineInterval(12 * time.Second)
	var prof *timedProfile
	if path := os.Getenv("ZKPERP_BENCH_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		prof = &timedProfile{f: f}
		defer prof.close(b)
	}
	type run struct {
		proto          string
		session, child bool
		rate           int
	}
	var runs []run
	for _, proto := range []string{"json", "oe"} {
		for _, rate := range []int{2000, 4000, 6000, 10000, 20000, 0} {
			runs = append(runs, run{proto, true, true, rate})
		}
	}
	runs = append(runs, run{"json", true, false, 0}, run{"json", false, true, 0})
	for _, r := range runs {
		// the traders in this process send only with loadgen=in; their session state must match the scripts
		for _, t := range ts {
			var err error
			if r.session {
				err = t.Logon(context.Background())
			} else {
				err = t.Logoff(context.Background())
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		rate := fmt.Sprint(r.rate)
		if r.rate == 0 {
			rate = "max"
		}
		gen := map[bool]string{true: "child", false: "in"}[r.child]
		b.Run(fmt.Sprintf("proto=%s/session=%v/loadgen=%s/rate=%s", r.proto, r.session, gen, rate), func(b *testing.B) {
			n0, s0 := histogram(b, env, "zkperp_admission_sig_batch")
			w0, ws0 := histogram(b, env, "zkperp_wal_sync_seconds")
			c0, cs0 := histogram(b, env, "zkperp_core_seal_seconds")
			sw0, sws0 := histogram(b, env, "zkperp_state_write_seconds")
			d0 := counter(b, env, "zkperp_deferred_signatures_total", "outcome", "checked")
			r0 := counter(b, env, "zkperp_oe_requests_total", "path", "reader")
			st0 := counter(b, env, "zkperp_state_records_written_total", "", "")
			sb0 := counter(b, env, "zkperp_state_bytes_written_total", "", "")
			inputs := float64(mmRun(b, env, ts, keys, cs, r.proto, r.session, r.child, r.rate, prof))
			n1, s1 := histogram(b, env, "zkperp_admission_sig_batch")
			w1, ws1 := histogram(b, env, "zkperp_wal_sync_seconds")
			c1, cs1 := histogram(b, env, "zkperp_core_seal_seconds")
			sw1, sws1 := histogram(b, env, "zkperp_state_write_seconds")
			d1 := counter(b, env, "zkperp_deferred_signatures_total", "outcome", "checked")
			r1 := counter(b, env, "zkperp_oe_requests_total", "path", "reader")
			st1 := counter(b, env, "zkperp_state_records_written_total", "", "")
			sb1 := counter(b, env, "zkperp_state_bytes_written_total", "", "")
			b.ReportMetric((s1-s0+d1-d0)/inputs, "sigs-checked/input")
			if r.proto == "oe" { // admitted on the connection's reader, without a goroutine or a wait
				b.ReportMetric((r1-r0)/inputs, "on-reader/input")
			}
			if n1 > n0 {
				b.ReportMetric((s1-s0)/float64(n1-n0), "sigs/batch")
			}
			if c1 > c0 { // seals (and control requests) on the core, every ack behind them
				b.ReportMetric(1000*(cs1-cs0)/float64(c1-c0), "seal-ms")
				b.ReportMetric(1000*float64(c1-c0)/inputs, "seals/1k-inputs")
			}
			if sw1 > sw0 { // seals' state writes, beside the syncer (no ack waits for them)
				b.ReportMetric(1000*(sws1-sws0)/float64(sw1-sw0), "state-write-ms")
				b.ReportMetric((st1-st0)/inputs, "store-records/input") // what the store's compactions work through
				b.ReportMetric((sb1-sb0)/inputs, "store-B/input")
			}
			if w1 > w0 {
				b.ReportMetric(inputs/float64(w1-w0), "inputs/fsync")
				b.ReportMetric(1000*(ws1-ws0)/float64(w1-w0), "fsync-ms")
			}
		})
	}
}

// mmRun runs one sub-benchmark: pre-signed scripts for every account, sent by this process (child=false) or by a
// load-generator process (child=true: a re-run of this test binary, TestMMLoadChild), so that the CPU per input
// measured here is the node's alone (with the simulated L1 beside it). proto=oe (child only): the scripts are
// encoded as order-entry messages here, before the timed part. Returns the number of inputs sent (the scripts'
// length: about b.N), by which the per-input metrics are divided.
func mmRun(b *testing.B, env *clienttest.Env, ts []*client.Trader, keys []*state.PrivateKey, cs []*client.Client,
	proto string, session, child bool, rate int, profile *timedProfile) int {
	accounts := len(ts)
	cycles := max(1, (b.N/accounts+20)/21*4) // 21 inputs per 4 cycles
	scripts := make([][]mmStep, accounts)
	var wg sync.WaitGroup
	for i := range ts {
		wg.Add(1)
		go func() { defer wg.Done(); scripts[i] = mmScript(b, ts[i], keys[i], i%2 == 0, session, cycles, i/2) }()
	}
	wg.Wait()
	sigs, inputs := 0, 0
	for _, sc := range scripts {
		for _, s := range sc {
			inputs++
			switch {
			case s.Place != nil:
				sigs++
			case s.Amend != nil:
				sigs += 1 + len(s.Amend.AmendSig)/len(s.Amend.Sig)
			case len(s.Cancel.Sig) > 0:
				sigs++
			}
		}
	}
	runtime.GC()
	var res mmResult
	var cpu, childCPU time.Duration
	if child {
		plan := mmPlan{URL: env.WSURL, Conns: len(cs), Rate: rate, Session: session, Scripts: scripts}
		if proto == "oe" {
			plan.Scripts, plan.OE = nil, mmEncode(b, ts, scripts)
		}
		for i, t := range ts {
			plan.Accounts = append(plan.Accounts, mmAccount{Index: t.Index(),
				EthKey: hex.EncodeToString(crypto.FromECDSA(env.Keys[i+1]))})
		}
		res, cpu, childCPU = runChild(b, plan, profile)
	} else {
		if proto != "json" {
			b.Fatalf("proto=%s runs with loadgen=child only", proto)
		}
		b.ResetTimer()
		profile.start(b)
		cpu0 := cputime.Process()
		res = drive(cs, scripts, rate)
		cpu = cputime.Process() - cpu0
		profile.stop()
		b.StopTimer()
	}
	if res.Err != "" {
		b.Fatal(res.Err)
	}
	if path := os.Getenv("ZKPERP_BENCH_LATENCIES"); path != "" {
		writeLatencies(b, path, scripts, res)
	}
	all := slices.Clone(res.LatUS)
	slices.Sort(all)
	pct := func(p float64) float64 { return float64(all[min(len(all)-1, int(p*float64(len(all))))]) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.90), "p90-ms") // the tail's shape: a plateau (p90 near p99) or rare stalls (p99.9 far above)
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(pct(0.999), "p999-ms")
	b.ReportMetric(float64(len(all))/res.Elapsed.Seconds(), "inputs/s")
	b.ReportMetric(float64(sigs)/float64(inputs), "sigs-carried/input")
	if child {
		b.ReportMetric(float64(cpu.Microseconds())/float64(len(all)), "node-cpu-µs/input")
		b.ReportMetric(float64(childCPU.Microseconds())/float64(len(all)), "loadgen-cpu-µs/input")
	} else {
		b.ReportMetric(float64(cpu.Microseconds())/float64(len(all)), "cpu-µs/input")
	}
	b.ReportMetric(0, "ns/op")
	return inputs
}

// mmResult is what drive measured: every input's send → ack latency (µs), the elapsed time, the first error.
type mmResult struct {
	LatUS   []int64       `json:"latUs"`
	SentUS  []int64       `json:"sentUs"`  // every input's send time, µs after the start (in LatUS's order)
	StartUS int64         `json:"startUs"` // the start, µs since the Unix epoch
	Elapsed time.Duration `json:"elapsed"`
	Err     string        `json:"err,omitempty"`
}

// drive sends every account's script in order over JSON-RPC (account i on connection i mod len(cs)), paced (pace).
func drive(cs []*client.Client, scripts [][]mmStep, rate int) mmResult {
	ctx := context.Background()
	steps := make([]int, len(scripts))
	for i := range scripts {
		steps[i] = len(scripts[i])
	}
	return pace(steps, rate, func(i, k int) error { return scripts[i][k].send(ctx, cs[i%len(cs)]) })
}

// driveOE sends every account's pre-encoded order-entry messages in order (account i on connection i mod
// len(cs)), paced (pace). A refusal is an ack; a failed connection ends the run.
func driveOE(cs []*client.OEConn, msgs [][][]byte, rate int) mmResult {
	steps := make([]int, len(msgs))
	done := make([]chan *client.OEAnswer, len(msgs))
	for i := range msgs {
		steps[i], done[i] = len(msgs[i]), make(chan *client.OEAnswer, 1)
	}
	return pace(steps, rate, func(i, k int) error {
		m := msgs[i][k]
		if err := cs[i%len(cs)].Send(binary.BigEndian.Uint64(m[oe.HeaderLen:]), m, done[i]); err != nil {
			return err
		}
		return (<-done[i]).Err
	})
}

// mmEncode encodes the scripts as order-entry messages, request id account<<32 | step (unique on every
// connection).
func mmEncode(b *testing.B, ts []*client.Trader, scripts [][]mmStep) [][][]byte {
	m, err := ts[0].Market("0")
	if err != nil {
		b.Fatal(err)
	}
	out := make([][][]byte, len(scripts))
	for i, sc := range scripts {
		for k, s := range sc {
			msg, err := mmMessage(m, uint64(i)<<32|uint64(k), s)
			if err != nil {
				b.Fatal(err)
			}
			out[i] = append(out[i], msg)
		}
	}
	return out
}

func mmMessage(m wire.MarketInfo, id uint64, s mmStep) ([]byte, error) {
	switch {
	case s.Place != nil:
		p, err := client.OEPlace(m, s.Place)
		p.ReqID = id
		return oe.AppendPlace(nil, &p), err
	case s.Amend != nil:
		a, err := client.OEAmend(m, s.Amend)
		a.ReqID = id
		return oe.AppendAmend(nil, &a), err
	default:
		c, err := client.OECancel(s.Cancel)
		c.ReqID = id
		return oe.AppendCancel(nil, &c), err
	}
}

// pace runs send(i, k) for every step k of every account i in order (one input in flight per account), each
// account paced to rate/len(steps) inputs/s (rate 0: closed loop; an account that falls behind sends at once),
// and measures every send's latency. An error with an API code is a refusal (e.g. an amend of a filled quote): an
// ack; any other ends the account's run.
func pace(steps []int, rate int, send func(i, k int) error) mmResult {
	accounts := len(steps)
	var every time.Duration
	if rate > 0 {
		every = time.Duration(float64(time.Second) * float64(accounts) / float64(rate))
	}
	lat, sent := make([][]int64, accounts), make([][]int64, accounts)
	errs := make(chan error, accounts)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range steps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// accounts start spread over one interval
			next := start.Add(every * time.Duration(i) / time.Duration(accounts))
			for k := range steps[i] {
				if every > 0 {
					if d := time.Until(next); d > 0 {
						time.Sleep(d)
					}
					next = next.Add(every)
				}
				t0 := time.Now()
				err := send(i, k)
				lat[i] = append(lat[i], time.Since(t0).Microseconds())
				sent[i] = append(sent[i], t0.Sub(start).Microseconds())
				if err != nil && client.Code(err) == 0 { // refusals (e.g. an amend of a filled quote) are acks
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	res := mmResult{LatUS: slices.Concat(lat...), SentUS: slices.Concat(sent...), StartUS: start.UnixMicro(),
		Elapsed: time.Since(start)}
	close(errs)
	for err := range errs {
		res.Err = err.Error()
	}
	return res
}

// mmPlan is the load generator's work: where to connect, how to pace, the accounts (L1 keys, to derive the L2 key
// for perp_logon) and their pre-signed scripts.
type mmPlan struct {
	URL      string      `json:"url"`
	Conns    int         `json:"conns"`
	Rate     int         `json:"rate"`
	Session  bool        `json:"session"`
	Accounts []mmAccount `json:"accounts"`
	Scripts  [][]mmStep  `json:"scripts,omitempty"`
	// OE: the scripts as order-entry messages (proto=oe: sent over /oe instead)
	OE [][][]byte `json:"oe,omitempty"`
}

type mmAccount struct {
	Index  uint32 `json:"index"`
	EthKey string `json:"ethKey"`
}

// runChild runs the plan in a load-generator process: it connects (and logs on), says ready, sends on "go", and
// answers its mmResult. Returns that, this process's CPU over the sending, and the child's CPU over its lifetime.
func runChild(b *testing.B, plan mmPlan, profile *timedProfile) (mmResult, time.Duration, time.Duration) {
	f, err := os.CreateTemp(b.TempDir(), "plan-*.json")
	if err != nil {
		b.Fatal(err)
	}
	if err := json.NewEncoder(f).Encode(plan); err != nil {
		b.Fatal(err)
	}
	_ = f.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestMMLoadChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "ZKPERP_MM_PLAN="+f.Name())
	// one P: the generator's goroutines hand off on one thread, without waking (and spinning) a second one, which
	// costs the shared cores ~20% less per input (ZKPERP_BENCH_LOADGEN_PROCS sets another count)
	procs := "1"
	if p := os.Getenv("ZKPERP_BENCH_LOADGEN_PROCS"); p != "" {
		procs = p
	}
	cmd.Env = append(cmd.Env, "GOMAXPROCS="+procs)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	outPipe, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	out := bufio.NewReader(outPipe)
	line := func() string {
		for {
			l, err := out.ReadString('\n')
			if err != nil {
				b.Fatalf("load generator: %v", err)
			}
			if strings.HasPrefix(l, "mm:") { // the test binary prints its own lines too
				return strings.TrimSpace(strings.TrimPrefix(l, "mm:"))
			}
		}
	}
	if l := line(); l != "ready" {
		b.Fatalf("load generator: %s", l)
	}
	b.ResetTimer()
	profile.start(b)
	cpu0 := cputime.Process()
	writeAllocs(b, ".before")
	var m0 runtime.MemStats
	runtime.ReadMemStats(&m0)
	if _, err := in.Write([]byte("go\n")); err != nil {
		b.Fatal(err)
	}
	var res mmResult
	if err := json.Unmarshal([]byte(line()), &res); err != nil {
		b.Fatal(err)
	}
	cpu := cputime.Process() - cpu0
	var m1 runtime.MemStats
	runtime.ReadMemStats(&m1)
	profile.stop()
	b.StopTimer()
	if n := len(res.LatUS); n > 0 {
		b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/float64(n), "node-alloc-B/input")
		b.ReportMetric(float64(m1.NumGC-m0.NumGC)/res.Elapsed.Seconds(), "node-gc/s")
	}
	writeAllocs(b, "")
	_ = in.Close()
	_, _ = io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil {
		b.Fatalf("load generator: %v", err)
	}
	return res, cpu, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

// TestMMLoadChild is the load generator of BenchmarkMarketMakerAdmission (run by it, in its own process); it skips
// otherwise.
func TestMMLoadChild(t *testing.T) {
	path := os.Getenv("ZKPERP_MM_PLAN")
	if path == "" {
		t.Skip("the market-maker benchmark's load generator (run by BenchmarkMarketMakerAdmission)")
	}
	say := func(s string) { fmt.Printf("mm:%s\n", s) }
	fail := func(err error) {
		say(err.Error())
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		fail(err)
	}
	var plan mmPlan
	if err := json.Unmarshal(raw, &plan); err != nil {
		fail(err)
	}
	ctx := context.Background()
	jsonConns := plan.Conns
	if plan.OE != nil {
		jsonConns = 1 // for the deployment (Domain) only
	}
	cs := make([]*client.Client, jsonConns)
	for i := range cs {
		if cs[i], err = client.Dial(ctx, plan.URL); err != nil {
			fail(err)
		}
		defer cs[i].Close()
	}
	var ocs []*client.OEConn
	for range plan.Conns * min(len(plan.OE), 1) {
		oc, err := client.DialOE(ctx, plan.URL)
		if err != nil {
			fail(err)
		}
		defer oc.Close()
		ocs = append(ocs, oc)
	}
	if plan.Session {
		dom, err := cs[0].Domain(ctx)
		if err != nil {
			fail(err)
		}
		for i, a := range plan.Accounts {
			if err := mmLogon(ctx, dom, a, cs, ocs, i); err != nil {
				fail(err)
			}
		}
	}
	say("ready")
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	if path := os.Getenv("ZKPERP_BENCH_LOADGEN_CPUPROFILE"); path != "" { // the generator's own sending
		f, err := os.Create(path)
		if err != nil {
			fail(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	var res mmResult
	if plan.OE != nil {
		res = driveOE(ocs, plan.OE, plan.Rate)
	} else {
		res = drive(cs, plan.Scripts, plan.Rate)
	}
	j, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	say(string(j))
}

// mmLogon logs account i on to its connection: its order-entry connection when there are (ocs), else its JSON-RPC
// one.
func mmLogon(ctx context.Context, dom state.Domain, a mmAccount, cs []*client.Client, ocs []*client.OEConn, i int) error {
	ek, err := crypto.HexToECDSA(a.EthKey)
	if err != nil {
		return err
	}
	k, err := state.DeriveL2Key(ek, dom)
	if err != nil {
		return err
	}
	if len(ocs) > 0 {
		return ocs[i%len(ocs)].Logon(ctx, k, a.Index)
	}
	tr, err := client.NewTrader(ctx, cs[i%len(cs)], client.TraderConfig{Key: k, Account: a.Index, FirstOrderID: 1})
	if err != nil {
		return err
	}
	return tr.Logon(ctx)
}

// histogram reads one of the node's histograms: its count and sum.
func histogram(b *testing.B, env *clienttest.Env, name string) (uint64, float64) {
	mfs, err := env.Node.Metrics().Registry.Gather()
	if err != nil {
		b.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name {
			h := mf.GetMetric()[0].GetHistogram()
			return h.GetSampleCount(), h.GetSampleSum()
		}
	}
	return 0, 0
}

// counter returns the value of the counter name{label=value} of the node's metrics (label "": the counter name
// without labels; 0 when absent).
func counter(b *testing.B, env *clienttest.Env, name, label, value string) float64 {
	mfs, err := env.Node.Metrics().Registry.Gather()
	if err != nil {
		b.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			if label == "" { // a counter without labels
				return m.GetCounter().GetValue()
			}
			for _, l := range m.GetLabel() {
				if l.GetName() == label && l.GetValue() == value {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}

// timedProfile collects one CPU profile over the timed parts of several sub-benchmarks (pprof profiles one span at
// a time, so each span is written to its own file: path, path.2, ...).
type timedProfile struct {
	f    *os.File
	n    int
	open *os.File
}

func (p *timedProfile) start(b *testing.B) {
	if p == nil {
		return
	}
	f := p.f
	if p.n > 0 {
		var err error
		if f, err = os.Create(fmt.Sprintf("%s.%d", p.f.Name(), p.n+1)); err != nil {
			b.Fatal(err)
		}
	}
	p.n++
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	p.open = f
}

func (p *timedProfile) stop() {
	if p == nil || p.open == nil {
		return
	}
	pprof.StopCPUProfile()
	if p.open != p.f {
		_ = p.open.Close()
	}
	p.open = nil
}

func (p *timedProfile) close(b *testing.B) {
	if err := p.f.Close(); err != nil {
		b.Error(err)
	}
}

// writeAllocs writes the process's allocation profile to $ZKPERP_BENCH_MEMPROFILE+suffix when that is set: the
// benchmark writes one before (".before") and one after its timed part, for `go tool pprof -base`.
func writeAllocs(b *testing.B, suffix string) {
	path := os.Getenv("ZKPERP_BENCH_MEMPROFILE")
	if path == "" {
		return
	}
	f, err := os.Create(path + suffix)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		b.Fatal(err)
	}
}

// writeLatencies writes every input's latency to path (ZKPERP_BENCH_LATENCIES), one line each: account, step,
// kind (place, amend, cancel), send time (after the start, given in the first line) and latency in µs; the last
// sub-benchmark run's only.
func writeLatencies(b *testing.B, path string, scripts [][]mmStep, res mmResult) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "# start %d (µs since the Unix epoch)\n", res.StartUS)
	j := 0
	for i, sc := range scripts {
		for k, s := range sc {
			if j >= len(res.LatUS) {
				break
			}
			kind := "cancel"
			switch {
			case s.Place != nil:
				kind = "place"
			case s.Amend != nil:
				kind = "amend"
			}
			fmt.Fprintf(w, "%d %d %s %d %d\n", i, k, kind, res.SentUS[j], res.LatUS[j])
			j++
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
}

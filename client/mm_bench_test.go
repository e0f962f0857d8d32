package client_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/client/clienttest"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/sequencer/node"
	"github.com/zkperp/zkperp/state"
)

// mmStep is one pre-signed market-maker input: a new order, an amend or a cancel.
type mmStep struct {
	place  *node.OrderRequest
	amend  *node.AmendRequest
	cancel *node.CancelRequest
}

func (s mmStep) send(ctx context.Context, c *client.Client) error {
	var err error
	switch {
	case s.place != nil:
		_, err = c.PlaceOrder(ctx, *s.place)
	case s.amend != nil:
		_, err = c.AmendOrder(ctx, *s.amend)
	default:
		_, err = c.CancelOrder(ctx, *s.cancel)
	}
	return err
}

// mmScript pre-signs (before the timed part, on one goroutine per account) cycles of one account's quoting: a
// resting quote, three amends of it, its cancel; every fourth cycle also a crossing IOC order (it fills against
// the other side's quotes). Per 4 cycles: 16 amends and cancels, 5 new orders (24%), 1 crossing. In a session
// (Trader.Logon) the cancels are unsigned and each amend carries only the re-signed order's signature.
func mmScript(b *testing.B, t *client.Trader, key *state.PrivateKey, buy, session bool, cycles int) []mmStep {
	var steps []mmStep
	side, px, cross := client.Sell, 70000, "49000"
	if buy {
		side, px, cross = client.Buy, 50000, "71000"
	}
	for k := 0; k < cycles; k++ {
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
		steps = append(steps, mmStep{place: &o})
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
			steps = append(steps, mmStep{amend: a})
		}
		c := &node.CancelRequest{Account: t.Index(), Market: 0, OrderID: o.ID}
		if !session {
			sig, err := key.SignMessage((&engine.Cancel{Account: t.Index(), Market: 0, OrderID: o.ID}).Message())
			if err != nil {
				b.Fatal(err)
			}
			c.Sig = sig[:]
		}
		steps = append(steps, mmStep{cancel: c})
		if k%4 == 3 {
			x := node.OrderRequest{Market: 0, Side: map[bool]string{true: client.Sell, false: client.Buy}[buy],
				Price: cross, Size: "0.001", TIF: "IOC"}
			if err := t.SignOrder(&x); err != nil {
				b.Fatal(err)
			}
			steps = append(steps, mmStep{place: &x})
		}
	}
	return steps
}

// BenchmarkMarketMakerAdmission: signed-input admission over WebSocket in a market-maker mix (~76% amends and
// cancels, ~24% new orders, 1 in 22 crossing), 96 accounts on 8 connections (12 accounts per connection, one
// input in flight per account), WAL fsync on. Every input is signed before the timed part (mmScript), so the rate
// is the node's (the client's JSON-RPC and WebSocket work runs in the same process, on the same 2 cores).
//
// session=true: every account is logged on to its connection (perp_logon): cancels are unsigned, an amend carries
// only the re-signed order's signature (docs/api.md §2 "Sessions"); session=false: every input carries its own
// signatures (an amend two). Sub-benchmarks offer a fixed rate (each account paced; an account that falls behind
// sends at once) or rate=max (closed loop). Reports the achieved inputs/s, p50/p99 ack latency (send → ack:
// verified, durable, applied), the signatures verified per input and the process CPU per input (node and client
// together). Run with -benchtime=Nx. ZKPERP_BENCH_CPUPROFILE=file writes a CPU profile of the timed parts only.
func BenchmarkMarketMakerAdmission(b *testing.B) {
	const conns, accounts = 8, 96
	env := clienttest.Start(b, clienttest.Config{WALSync: true, Users: accounts, AccountDepth: 7})
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
	var prof *timedProfile
	if path := os.Getenv("ZKPERP_BENCH_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		prof = &timedProfile{f: f}
		defer prof.close(b)
	}
	for _, session := range []bool{true, false} {
		if session {
			for _, t := range ts {
				if err := t.Logon(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		} else {
			for _, t := range ts {
				if err := t.Logoff(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		}
		rates := []int{2000, 5000, 10000, 20000, 0}
		if !session {
			rates = []int{0}
		}
		for _, rate := range rates {
			name := fmt.Sprintf("session=%v/rate=%d", session, rate)
			if rate == 0 {
				name = fmt.Sprintf("session=%v/rate=max", session)
			}
			b.Run(name, func(b *testing.B) {
				n0, s0 := sigBatches(b, env)
				mmRun(b, ts, keys, cs, session, rate, prof)
				n1, s1 := sigBatches(b, env)
				if n1 > n0 {
					b.ReportMetric((s1-s0)/float64(n1-n0), "sigs/batch")
				}
			})
		}
	}
}

func mmRun(b *testing.B, ts []*client.Trader, keys []*state.PrivateKey, cs []*client.Client, session bool, rate int,
	profile *timedProfile) {
	accounts := len(ts)
	cycles := max(1, (b.N/accounts+21)/22*4) // 22 inputs per 4 cycles
	scripts := make([][]mmStep, accounts)
	var wg sync.WaitGroup
	for i := range ts {
		wg.Add(1)
		go func() { defer wg.Done(); scripts[i] = mmScript(b, ts[i], keys[i], i%2 == 0, session, cycles) }()
	}
	wg.Wait()
	sigs := 0
	for _, sc := range scripts {
		for _, s := range sc {
			switch {
			case s.place != nil:
				sigs++
			case s.amend != nil:
				sigs += 1 + len(s.amend.AmendSig)/len(s.amend.Sig)
			case len(s.cancel.Sig) > 0:
				sigs++
			}
		}
	}
	lat := make([][]time.Duration, accounts)
	errs := make(chan error, accounts)
	var every time.Duration
	if rate > 0 {
		every = time.Duration(float64(time.Second) * float64(accounts) / float64(rate))
	}
	runtime.GC()
	b.ResetTimer()
	profile.start(b)
	cpu0 := cpuTime()
	start := time.Now()
	for i := range ts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			c := cs[i%len(cs)]
			// accounts start spread over one interval
			next := start.Add(every * time.Duration(i) / time.Duration(accounts))
			for _, s := range scripts[i] {
				if every > 0 {
					if d := time.Until(next); d > 0 {
						time.Sleep(d)
					}
					next = next.Add(every)
				}
				t0 := time.Now()
				err := s.send(ctx, c)
				lat[i] = append(lat[i], time.Since(t0))
				if err != nil && client.Code(err) == 0 { // refusals (e.g. an amend of a filled quote) are acks
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	profile.stop()
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	pct := func(p float64) float64 {
		return float64(all[min(len(all)-1, int(p*float64(len(all))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "inputs/s")
	b.ReportMetric(float64(sigs)/float64(len(all)), "sigs/input")
	b.ReportMetric(float64(cpu.Microseconds())/float64(len(all)), "cpu-µs/input")
	b.ReportMetric(0, "ns/op")
}

// sigBatches reads the node's admission batch histogram (zkperp_admission_sig_batch): batches and signatures.
func sigBatches(b *testing.B, env *clienttest.Env) (uint64, float64) {
	mfs, err := env.Node.Metrics().Registry.Gather()
	if err != nil {
		b.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == "zkperp_admission_sig_batch" {
			h := mf.GetMetric()[0].GetHistogram()
			return h.GetSampleCount(), h.GetSampleSum()
		}
	}
	return 0, 0
}

// cpuTime is the process's user + system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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

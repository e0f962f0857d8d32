package client_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
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
// the other side's quotes). Per 4 cycles: 16 amends and cancels, 5 new orders (24%), 1 crossing.
func mmScript(b *testing.B, t *client.Trader, key *state.PrivateKey, buy bool, cycles int) []mmStep {
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
			a, err := t.SignAmend(&r, uint64(v))
			if err != nil {
				b.Fatal(err)
			}
			steps = append(steps, mmStep{amend: a})
		}
		c := engine.Cancel{Account: t.Index(), Market: 0, OrderID: o.ID}
		sig, err := key.SignMessage(c.Message())
		if err != nil {
			b.Fatal(err)
		}
		steps = append(steps, mmStep{cancel: &node.CancelRequest{Account: c.Account, Market: 0, OrderID: o.ID, Sig: sig[:]}})
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
// cancels, ~24% new orders, 1 in 22 crossing), 24 accounts on 8 connections (3 accounts per connection, one
// input in flight per account), WAL fsync on. Every input is signed before the timed part (mmScript), so the rate
// is the node's (the client's JSON-RPC and WebSocket work runs in the same process). Sub-benchmarks offer a fixed
// rate (each account paced; an account that falls behind sends at once) or rate=max (closed loop). Reports the
// achieved inputs/s and p50/p99 ack latency (send → ack: verified, durable, applied). Run with -benchtime=Nx.
func BenchmarkMarketMakerAdmission(b *testing.B) {
	const conns, accounts = 8, 24
	env := clienttest.Start(b, clienttest.Config{WALSync: true, Users: accounts})
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
	for _, rate := range []int{2000, 5000, 10000, 0} {
		name := fmt.Sprintf("rate=%d", rate)
		if rate == 0 {
			name = "rate=max"
		}
		b.Run(name, func(b *testing.B) {
			cycles := max(1, (b.N/accounts+21)/22*4) // 22 inputs per 4 cycles
			scripts := make([][]mmStep, accounts)
			var wg sync.WaitGroup
			for i := range ts {
				wg.Add(1)
				go func() { defer wg.Done(); scripts[i] = mmScript(b, ts[i], keys[i], i%2 == 0, cycles) }()
			}
			wg.Wait()
			lat := make([][]time.Duration, accounts)
			errs := make(chan error, accounts)
			var every time.Duration
			if rate > 0 {
				every = time.Duration(float64(time.Second) * accounts / float64(rate))
			}
			b.ResetTimer()
			start := time.Now()
			for i := range ts {
				wg.Add(1)
				go func() {
					defer wg.Done()
					ctx := context.Background()
					c := cs[i%conns]
					// accounts start spread over one interval
					next := start.Add(every * time.Duration(i) / accounts)
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
			b.ReportMetric(0, "ns/op")
		})
	}
}

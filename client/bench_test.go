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
	"github.com/zkperp/zkperp/sequencer/node"
)

// benchTraders funds n accounts, each with its own WebSocket connection and 5,000 tUSD of collateral in BTC-USD.
func benchTraders(b *testing.B, env *clienttest.Env, n int) []*client.Trader {
	b.Helper()
	ctx := context.Background()
	ts := make([]*client.Trader, n)
	for i := range ts {
		ts[i] = env.Fund(b, env.Dial(b, true), i+1, "10000")
		if _, err := ts[i].PositionMargin(ctx, 0, true, "5000"); err != nil {
			b.Fatal(err)
		}
	}
	return ts
}

// runOrders sends the pre-signed orders of each trader from its own goroutine (one connection each, one order in
// flight per connection) and reports ack latency percentiles and throughput.
func runOrders(b *testing.B, ts []*client.Trader, orders [][]node.OrderRequest) {
	b.Helper()
	lat := make([][]time.Duration, len(ts))
	var wg sync.WaitGroup
	errs := make(chan error, len(ts))
	b.ResetTimer()
	start := time.Now()
	for g := range ts {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			c := ts[g].Client()
			ctx := context.Background()
			for _, r := range orders[g] {
				t0 := time.Now()
				_, err := c.PlaceOrder(ctx, r)
				lat[g] = append(lat[g], time.Since(t0))
				// Refusals by the book (STP, post-only would cross) are acks too; transport errors are not.
				if err != nil && client.Code(err) == 0 {
					errs <- err
					return
				}
			}
		}(g)
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
	if len(all) == 0 {
		return
	}
	pct := func(p float64) float64 {
		return float64(all[min(len(all)-1, int(p*float64(len(all))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "orders/s")
}

func presign(b *testing.B, ts []*client.Trader, total int, gen func(g, i int) node.OrderRequest) [][]node.OrderRequest {
	b.Helper()
	orders := make([][]node.OrderRequest, len(ts))
	for g, t := range ts {
		for i := g; i < total; i += len(ts) {
			r := gen(g, i)
			if err := t.SignOrder(&r); err != nil {
				b.Fatal(err)
			}
			orders[g] = append(orders[g], r)
		}
	}
	return orders
}

// BenchmarkOrderAck: signed orders over loopback WebSocket, sustained, from 1 or 8 connections (one order in
// flight per connection); half of them cross (fills → state txs → 8-slot batches sealed with their witnesses on
// the core). Latency is send → ack (durable in the WAL, matched). wal=sync fsyncs every group commit, as a node
// does by default.
func BenchmarkOrderAck(b *testing.B) {
	for _, tc := range []struct {
		conns int
		sync  bool
	}{{1, true}, {8, true}, {8, false}} {
		name := fmt.Sprintf("conns=%d/wal=%s", tc.conns, map[bool]string{true: "sync", false: "nosync"}[tc.sync])
		b.Run(name, func(b *testing.B) {
			env := clienttest.Start(b, clienttest.Config{WALSync: tc.sync, Users: 8})
			ts := benchTraders(b, env, max(tc.conns, 2))
			orders := presign(b, ts, b.N, func(g, i int) node.OrderRequest {
				side := client.Sell
				if (i/len(ts))%2 == 1 {
					side = client.Buy
				}
				return node.OrderRequest{Market: 0, Side: side, Price: "60000", Size: "0.001"}
			})
			if tc.conns == 1 {
				// One connection: the two accounts' orders interleaved on the first trader's connection.
				var one []node.OrderRequest
				for i := 0; i < len(orders[0]) || i < len(orders[1]); i++ {
					for g := 0; g < 2; g++ {
						if i < len(orders[g]) {
							one = append(one, orders[g][i])
						}
					}
				}
				ts, orders = ts[:1], [][]node.OrderRequest{one}
			}
			runOrders(b, ts, orders)
		})
	}
}

// BenchmarkOrderAdmission: the rate at which the node admits signed resting orders (signature verified at ingress,
// logged with fsync, placed in the book, no fills) from 8 WebSocket connections.
func BenchmarkOrderAdmission(b *testing.B) {
	env := clienttest.Start(b, clienttest.Config{WALSync: true, Users: 8})
	ts := benchTraders(b, env, 8)
	orders := presign(b, ts, b.N, func(g, i int) node.OrderRequest {
		// Bids from 50,000 down and asks from 70,000 up never cross; the distinct levels keep the book realistic.
		if g%2 == 0 {
			return node.OrderRequest{Market: 0, Side: client.Buy, Price: fmt.Sprintf("%d.%d", 50000-i%5000, g), Size: "0.001", PostOnly: true}
		}
		return node.OrderRequest{Market: 0, Side: client.Sell, Price: fmt.Sprintf("%d.%d", 70000+i%5000, g), Size: "0.001", PostOnly: true}
	})
	runOrders(b, ts, orders)
}

// BenchmarkSignOrder: client-side cost of filling and signing one order (EdDSA over Poseidon2).
func BenchmarkSignOrder(b *testing.B) {
	env := clienttest.Start(b, clienttest.Config{Users: 1})
	t := env.Fund(b, env.Dial(b, true), 1, "100")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := node.OrderRequest{Market: 0, Side: client.Buy, Price: "60000", Size: "0.001"}
		if err := t.SignOrder(&r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sigs/s")
}

package state

import (
	"path/filepath"
	"testing"

	"github.com/zkperp/zkperp/state/kv"
)

// BenchmarkFill measures Fill transitions per second including both signature checks and every tree update, at the
// default depths (accounts 24, positions 4, orders 10).
func BenchmarkFill(b *testing.B) {
	for _, backend := range []string{"memory", "leveldb"} {
		b.Run(backend, func(b *testing.B) {
			var db kv.Store = kv.NewMemory()
			if backend == "leveldb" {
				l, err := kv.OpenLevelDB(kv.LevelDBConfig{Path: filepath.Join(b.TempDir(), "db")})
				if err != nil {
					b.Fatal(err)
				}
				defer l.Close()
				db = l
			}
			s, err := Open(DefaultConfig(), db, nil)
			if err != nil {
				b.Fatal(err)
			}
			e := &env{t: b, s: s, keys: map[uint32]*PrivateKey{}}
			e.deposited, e.withdrawn = bi(0), bi(0)
			_ = s.InitMarket(0, testParams, 1000)
			for _, a := range []uint32{1, 2} {
				e.deposit(a, 1<<40)
				e.must(e.margin(a, 0, true, 1<<39))
			}
			// Pre-sign: the benchmark measures the transition, not signing.
			n := b.N
			makers, takers := make([]Order, n), make([]Order, n)
			for i := range n {
				buy := i%2 == 0
				makers[i] = e.order(1, uint32(i+1), 0, buy, 1000, 5)
				takers[i] = e.order(2, uint32(i+1), 0, !buy, 1000, 5)
			}
			b.ResetTimer()
			for i := range n {
				if _, err := s.Apply(Fill{Maker: makers[i], Taker: takers[i], Price: makers[i].Price, Size: 5}); err != nil {
					b.Fatal(err)
				}
				if i%64 == 63 {
					if err := s.Commit(s.CommittedHead().Batch + 1); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "fills/s")
		})
	}
}

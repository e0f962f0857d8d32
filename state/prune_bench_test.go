package state

import (
	"context"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/zkperp/zkperp/state/kv"
)

// churn is a state at the default depths on goleveldb with many funded accounts, driven by batches of deposits to
// random accounts and signed margin moves into and out of positions (the account, position and markets trees
// change in every batch).
type churn struct {
	b   testing.TB
	s   *State
	db  *kv.LevelDB
	dir string
	key *PrivateKey
	pk  PublicKey
	r   *rand.Rand
	n   uint32 // accounts
}

func newChurn(b testing.TB, accounts uint32) *churn {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "db")
	db, err := kv.OpenLevelDB(kv.LevelDBConfig{Path: dir})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = db.Close() })
	s, err := Open(DefaultConfig(), db, nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.SetTime(testGenesisTime); err != nil {
		b.Fatal(err)
	}
	for id := uint8(0); id < 2; id++ {
		if err := s.InitMarket(id, testParams, 1000); err != nil {
			b.Fatal(err)
		}
	}
	if err := s.CommitGenesis(); err != nil {
		b.Fatal(err)
	}
	var seed [32]byte
	seed[0] = 0x5e
	key, err := NewPrivateKey(seed)
	if err != nil {
		b.Fatal(err)
	}
	c := &churn{b: b, s: s, db: db, dir: dir, key: key, pk: key.Public(), r: rand.New(rand.NewPCG(7, 7)), n: accounts}
	for a := uint32(1); a <= accounts; a++ {
		c.apply(Deposit{Account: a, PubKey: c.pk, Amount: 1<<30 + uint64(a)}) // distinct leaves: nothing shared by chance
		if a%1000 == 0 {
			c.commit()
		}
	}
	c.commit()
	return c
}

func (c *churn) apply(tx Tx) {
	if _, err := c.s.Apply(tx); err != nil {
		c.b.Fatalf("%T: %v", tx, err)
	}
}

func (c *churn) commit() {
	if err := c.s.Commit(c.s.CommittedHead().Batch + 1); err != nil {
		c.b.Fatal(err)
	}
}

// batches commits n batches of deposits deposits and margins margin moves each.
func (c *churn) batches(n, deposits, margins int) {
	for range n {
		for range deposits {
			c.apply(Deposit{Account: 1 + uint32(c.r.IntN(int(c.n))), PubKey: c.pk, Amount: 1 + uint64(c.r.IntN(1000))})
		}
		for range margins {
			a, mkt := 1+uint32(c.r.IntN(int(c.n))), uint8(c.r.IntN(2))
			acc, _ := c.s.Account(a)
			p, _ := c.s.Position(a, mkt)
			m := PositionMargin{Account: a, Market: mkt, ToPosition: true, Amount: 1 + uint64(c.r.IntN(1000)), Nonce: acc.Nonce}
			if p.Collateral > 0 && c.r.IntN(2) == 0 {
				m.ToPosition, m.Amount = false, 1+uint64(c.r.IntN(int(min(p.Collateral, 1000))))
			}
			if err := c.key.SignPositionMargin(&m); err != nil {
				c.b.Fatal(err)
			}
			c.apply(m)
		}
		c.commit()
	}
}

// size returns the bytes of the database's files.
func (c *churn) size() int64 {
	var n int64
	_ = filepath.WalkDir(c.dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

const (
	benchAccounts = 10_000
	benchDeposits = 200 // per batch
	benchMargins  = 20  // per batch
	benchKeep     = 16  // batches kept below the head
)

// BenchmarkPrune prunes a state of 10k accounts after 100 batches of churn (200 deposits and 20 margin moves each),
// keeping 16 batches: each iteration adds 100 more batches (not timed) and prunes them. Reported: live nodes
// marked per second, nodes deleted per second, MB freed and the prune's wall time.
func BenchmarkPrune(b *testing.B) {
	c := newChurn(b, benchAccounts)
	var marked, deleted, leaves int
	var freed int64
	var markSec, sweepSec float64
	for b.Loop() {
		b.StopTimer()
		c.batches(100, benchDeposits, benchMargins)
		b.StartTimer()
		st, err := c.s.Prune(context.Background(), c.s.CommittedHead().Batch-benchKeep)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%+v", st)
		marked += st.LiveNodes
		deleted += st.NodesDeleted
		leaves += st.LeavesDeleted
		freed += st.BytesFreed
		markSec += st.Mark.Seconds()
		sweepSec += st.Sweep.Seconds()
	}
	b.ReportMetric(float64(marked)/markSec, "marked-nodes/s")
	b.ReportMetric(float64(deleted+leaves)/sweepSec, "deleted-keys/s")
	b.ReportMetric(float64(freed)/float64(b.N)/(1<<20), "MB-freed/op")
	b.ReportMetric(float64(deleted)/float64(b.N), "nodes-deleted/op")
}

// BenchmarkPruneDisk runs rounds of 25 churn batches followed by a prune keeping 16 batches and logs the size of the
// goleveldb files after each round (with "noprune", the same churn never pruned, for comparison); reported: the
// final size and the growth of the last half of the rounds.
func BenchmarkPruneDisk(b *testing.B) {
	for _, prune := range []bool{true, false} {
		name := "prune"
		if !prune {
			name = "noprune"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				c := newChurn(b, benchAccounts)
				const rounds = 12
				var sizes []int64
				for range rounds {
					c.batches(25, benchDeposits, benchMargins)
					if prune {
						if _, err := c.s.Prune(context.Background(), c.s.CommittedHead().Batch-benchKeep); err != nil {
							b.Fatal(err)
						}
					}
					sizes = append(sizes, c.size())
				}
				mb := make([]float64, len(sizes))
				for i, s := range sizes {
					mb[i] = float64(s) / (1 << 20)
				}
				b.Logf("%s: DB MB after each round of 25 batches: %.1f", name, mb)
				b.ReportMetric(mb[len(mb)-1], "final-MB")
				b.ReportMetric(mb[len(mb)-1]/mb[len(mb)/2-1], "growth-last-half")
			}
		})
	}
}

package state

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

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

// commitLoop applies 50 deposits and commits, until stop is closed or after n commits (n > 0), and returns each
// commit's latency.
func (c *churn) commitLoop(stop <-chan struct{}, n int) []time.Duration {
	var lat []time.Duration
	for n <= 0 || len(lat) < n {
		select {
		case <-stop:
			return lat
		default:
		}
		for range 50 {
			c.apply(Deposit{Account: 1 + uint32(c.r.IntN(int(c.n))), PubKey: c.pk, Amount: 1})
		}
		t0 := time.Now()
		c.commit()
		lat = append(lat, time.Since(t0))
	}
	return lat
}

func quantileMs(lat []time.Duration, q float64) float64 {
	if len(lat) == 0 {
		return 0
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	return float64(s[min(len(s)-1, int(q*float64(len(s))))].Microseconds()) / 1000
}

// BenchmarkPrune prunes a state of 10k accounts after 100 batches of churn (200 deposits and 20 margin moves each),
// keeping 16 batches: each iteration adds 100 more batches (not timed) and prunes them while a writer goroutine goes
// on committing batches of 50 deposits. Reported: live keys marked per second, keys deleted per second, MB freed,
// and the writer's commit latency (median, max) during the prunes and, for comparison, over 30 commits just before
// each (no prune).
func BenchmarkPrune(b *testing.B) {
	c := newChurn(b, benchAccounts)
	var marked, deleted, leaves int
	var freed int64
	var markSec, sweepSec float64
	var during, idle []time.Duration
	for b.Loop() {
		b.StopTimer()
		c.batches(100, benchDeposits, benchMargins)
		idle = append(idle, c.commitLoop(nil, 30)...)
		from := c.s.CommittedHead().Batch - benchKeep
		b.StartTimer()
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // the writer keeps committing while the prune runs
			defer wg.Done()
			during = append(during, c.commitLoop(done, 0)...)
		}()
		st, err := c.s.Prune(context.Background(), from)
		close(done)
		wg.Wait()
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%+v", st)
		marked += st.LiveNodes + st.LiveLeaves
		deleted += st.NodesDeleted
		leaves += st.LeavesDeleted
		freed += st.BytesFreed
		markSec += st.Mark.Seconds()
		sweepSec += st.Sweep.Seconds()
	}
	b.ReportMetric(float64(marked)/markSec, "marked-keys/s")
	b.ReportMetric(float64(deleted+leaves)/sweepSec, "deleted-keys/s")
	b.ReportMetric(float64(freed)/float64(b.N)/(1<<20), "MB-freed/op")
	b.ReportMetric(float64(deleted)/float64(b.N), "nodes-deleted/op")
	b.ReportMetric(quantileMs(during, 0.5), "commit-p50-ms-pruning")
	b.ReportMetric(quantileMs(during, 1), "commit-max-ms-pruning")
	b.ReportMetric(quantileMs(idle, 0.5), "commit-p50-ms-idle")
	b.ReportMetric(quantileMs(idle, 1), "commit-max-ms-idle")
	b.Logf("commits during the prunes: %d; before them: %d", len(during), len(idle))
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
				var live []int
				for range rounds {
					c.batches(25, benchDeposits, benchMargins)
					if prune {
						st, err := c.s.Prune(context.Background(), c.s.CommittedHead().Batch-benchKeep)
						if err != nil {
							b.Fatal(err)
						}
						live = append(live, st.LiveNodes+st.LiveLeaves)
					}
					sizes = append(sizes, c.size())
				}
				if prune {
					b.Logf("live nodes and preimages after each prune: %v", live)
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

// dumpAccounts reads accounts 0..n, their positions in markets 0 and 1 and order slot 0, and every market at h
// through a fresh State (no cache), verifying every proof.
func dumpAccounts(t testing.TB, db kv.Store, h Head, n uint32) map[string]string {
	t.Helper()
	s, err := Open(DefaultConfig(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for i := uint32(0); i <= n; i++ {
		a, p, err := s.accountAt(h.AccountsRoot, i)
		if err == nil {
			err = s.accTree.Verify(h.AccountsRoot, a.Hash(s.h), p)
		}
		if err != nil {
			t.Fatalf("batch %d account %d: %v", h.Batch, i, err)
		}
		out[fmt.Sprint("a", i)] = fmt.Sprint(a)
		for m := uint8(0); m < 2; m++ {
			pos, p, err := s.positionAt(a.PositionsRoot, m)
			if err == nil {
				err = s.posTree.Verify(a.PositionsRoot, pos.Hash(s.h), p)
			}
			if err != nil {
				t.Fatalf("batch %d position %d/%d: %v", h.Batch, i, m, err)
			}
			out[fmt.Sprint("p", i, "/", m)] = fmt.Sprint(pos)
		}
		o, p, err := s.orderAt(a.OrdersRoot, 0)
		if err == nil {
			err = s.ordTree.Verify(a.OrdersRoot, o.Hash(s.h), p)
		}
		if err != nil {
			t.Fatalf("batch %d order slot %d: %v", h.Batch, i, err)
		}
	}
	for m := uint8(0); m < 1<<DefaultConfig().PositionDepth; m++ {
		mk, p, err := s.marketAt(h.MarketsRoot, m)
		if err == nil {
			err = s.mktTree.Verify(h.MarketsRoot, mk.Hash(s.h), p)
		}
		if err != nil {
			t.Fatalf("batch %d market %d: %v", h.Batch, m, err)
		}
		out[fmt.Sprint("m", m)] = fmt.Sprint(mk)
	}
	return out
}

// At the default depths on goleveldb, with a writer committing throughout the prune (the benchmark's setting), every
// retained head reads the same afterwards, with verifying proofs.
func TestPruneChurnDefaultDepths(t *testing.T) {
	if testing.Short() {
		t.Skip("about ten seconds")
	}
	const accounts = 500
	c := newChurn(t, accounts)
	c.batches(20, 60, 10)
	c.commitLoop(nil, 5)
	from := c.s.CommittedHead().Batch - 8
	before := map[uint64]map[string]string{}
	for _, h := range retained(t, c.s, from) {
		before[h.Batch] = dumpAccounts(t, c.db, h, accounts)
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); c.commitLoop(done, 0) }()
	st, err := c.s.Prune(context.Background(), from)
	close(done)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", st)
	for _, h := range retained(t, c.s, from) {
		got := dumpAccounts(t, c.db, h, accounts)
		if b, ok := before[h.Batch]; ok && fmt.Sprint(b) != fmt.Sprint(got) {
			t.Fatalf("batch %d reads differently after the prune", h.Batch)
		}
	}
}

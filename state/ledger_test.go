package state

import (
	"math/big"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/zkperp/zkperp/state/kv"
)

// ledgerStats counts what a ledger run exercised, so the test can insist the hard cases happened.
type ledgerStats struct {
	accepted        map[TxType]int
	badDebt         int // liquidations with rem < 0 (the insurance fund pays the deficit)
	penalties       int // liquidations that charged a penalty
	forcedCloses    int
	forcedExits     int
	roundedCloses   int // partial closes whose closed cost basis was floored (E·closeQty mod |s| ≠ 0)
	fundingPaid     int // fills/margin moves that settled a non-zero funding payment
	backstopRealize int // liquidations in which the backstop closed against its own position
	commits         int
}

// ledgerRun drives a state with aggressive random traffic (high leverage, large mark moves, funding, liquidations,
// forced closes and exits, withdrawals, deposits) and checks after every transaction, exactly:
//
//   - Ledger(head) = Σ deposits − Σ withdrawals − Σ forced exits (refunded deposits count nothing);
//   - LedgerDelta(before, after) = the tx's own amount (its deposit, −withdrawal, −forced exit, else 0);
//   - the brute-force sum over every account and market (checkInvariants) agrees;
//
// and at every commit that StoredLedger of the batch head equals the working Ledger and that the incremental
// StoredLedgerDelta from the previous batch adds up to it.
func ledgerRun(t *testing.T, db kv.Store, seed uint64, steps int) ledgerStats {
	t.Helper()
	e := newEnv(t, db)
	r := rand.New(rand.NewPCG(seed, seed*0x9e3779b97f4a7c15))
	const traders = 6
	st := ledgerStats{accepted: map[TxType]int{}}
	ledger := func(h Head) *big.Int {
		t.Helper()
		l, err := e.s.Ledger(h)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	expect := func() *big.Int { return new(big.Int).Sub(e.deposited, e.withdrawn) }
	for a := uint32(1); a <= traders; a++ {
		e.deposit(a, 50_000+uint64(r.IntN(50_000)))
		for mk := uint8(0); mk < 2; mk++ {
			e.must(e.margin(a, mk, true, 2_000+uint64(r.IntN(3_000))))
		}
	}
	if got := ledger(e.s.Head()); got.Cmp(expect()) != 0 {
		t.Fatalf("after funding: ledger %s, want %s", got, expect())
	}
	nextID := map[uint32]uint32{}
	lastBatch := e.s.CommittedHead()
	lastL, err := e.s.StoredLedger(lastBatch)
	if err != nil {
		t.Fatal(err)
	}
	commit := func() {
		t.Helper()
		if err := e.s.Commit(e.s.CommittedHead().Batch + 1); err != nil {
			t.Fatal(err)
		}
		st.commits++
		h := e.s.CommittedHead()
		full, err := e.s.StoredLedger(h)
		if err != nil {
			t.Fatal(err)
		}
		if w := ledger(e.s.Head()); full.Cmp(w) != 0 {
			t.Fatalf("batch %d: stored ledger %s, working %s", h.Batch, full, w)
		}
		d, err := e.s.StoredLedgerDelta(lastBatch, h)
		if err != nil {
			t.Fatal(err)
		}
		if inc := new(big.Int).Add(lastL, d); inc.Cmp(full) != 0 {
			t.Fatalf("batch %d: incremental ledger %s, full walk %s", h.Batch, inc, full)
		}
		if full.Cmp(expect()) != 0 {
			t.Fatalf("batch %d: ledger %s, deposits − withdrawals %s", h.Batch, full, expect())
		}
		lastBatch, lastL = h, full
	}
	for step := 0; step < steps; step++ {
		var tx Tx
		switch k := r.IntN(100); {
		case k < 45: // a fill near the mark, often large enough to need high leverage
			mkt := uint8(r.IntN(2))
			m, _ := e.s.Market(mkt)
			tick := m.Params.Tick
			price := max(int64(m.Mark/tick)+int64(r.IntN(41))-20, 1) * int64(tick)
			a, b := uint32(1+r.IntN(traders)), uint32(1+r.IntN(traders))
			nextID[a] += 1 + uint32(r.IntN(3))
			nextID[b] += 1 + uint32(r.IntN(3))
			buy := r.IntN(2) == 0
			mk := e.order(a, nextID[a], mkt, buy, uint64(price), uint64(10+r.IntN(30)))
			tk := e.order(b, nextID[b], mkt, !buy, uint64(price), uint64(10+r.IntN(30)))
			tx = Fill{Maker: mk, Taker: tk, Price: uint64(price), Size: uint64(1 + r.IntN(12))}
		case k < 53: // mostly into positions (liquidations leave them empty)
			a, mkt := uint32(1+r.IntN(traders)), uint8(r.IntN(2))
			tx = e.margin(a, mkt, r.IntN(3) != 0, uint64(1+r.IntN(4_000)))
		case k < 58:
			tx = e.withdraw(uint32(1+r.IntN(traders)), uint64(1+r.IntN(20_000)))
		case k < 64:
			a := uint32(1 + r.IntN(traders))
			d := Deposit{Account: a, PubKey: e.key(a).Public(), Amount: uint64(1 + r.IntN(20_000))}
			if r.IntN(6) == 0 {
				d.Amount, d.ForcedExit = 0, true
			}
			tx = d
		case k < 70:
			mkt := uint8(r.IntN(2))
			m, _ := e.s.Market(mkt)
			b := int(FundingBound(m, e.s.Time()))
			tx = FundingTick{Market: mkt, Rate: int64(r.IntN(2*b+1) - b)}
		case k < 84: // large mark moves (up to ±20%), pulled back toward 1000
			mkt := uint8(r.IntN(2))
			m, _ := e.s.Market(mkt)
			p := int64(m.Mark) + (1000-int64(m.Mark))/4 + int64(r.IntN(401)) - 200
			tx = MarkPrice{Market: mkt, Price: uint64(max(p, 50))}
		default: // a liquidation of an underwater position if there is one, else a random one; some forced closes
			a, mkt := uint32(1+r.IntN(traders)), uint8(r.IntN(2))
			if r.IntN(3) != 0 {
			scan:
				for i := uint32(1); i <= traders; i++ {
					for mk := uint8(0); mk < 2; mk++ {
						p, _ := e.s.Position(i, mk)
						m, _ := e.s.Market(mk)
						if p.Size != 0 && !MeetsMaintenance(p, m) {
							a, mkt = i, mk
							break scan
						}
					}
				}
			}
			tx = Liquidate{Account: a, Market: mkt, Forced: r.IntN(5) == 0}
		}
		if r.IntN(3) == 0 {
			e.advance(uint32(r.IntN(1200)))
		}
		// Classify the hard cases before applying.
		var (
			badDebt, penalty, rounded, funded, backstopClose bool
		)
		switch x := tx.(type) {
		case Liquidate:
			p, _ := e.s.Position(x.Account, x.Market)
			m, _ := e.s.Market(x.Market)
			b, _ := e.s.Position(BackstopAccount, x.Market)
			eq := Equity(p, m)
			badDebt = p.Size != 0 && eq.Sign() < 0
			penalty = !x.Forced && eq.Sign() > 0
			backstopClose = b.Size != 0 && (b.Size > 0) != (p.Size > 0)
		case Fill:
			m, _ := e.s.Market(x.Maker.Market)
			for _, o := range []Order{x.Maker, x.Taker} {
				p, _ := e.s.Position(o.Account, o.Market)
				if FundingOwed(p, m.FundingIndex).Sign() != 0 {
					funded = true
				}
				if p.Size != 0 && (p.Size > 0) != o.Buy && x.Size < abs64(p.Size) &&
					new(big.Int).Mod(new(big.Int).Mul(u(p.EntryNotional), u(x.Size)), u(abs64(p.Size))).Sign() != 0 {
					rounded = true
				}
			}
		}
		before := e.s.Head()
		lBefore := ledger(before)
		depBefore, wdBefore := new(big.Int).Set(e.deposited), new(big.Int).Set(e.withdrawn)
		tr, err := e.apply(tx)
		if err != nil {
			if !isRuleError(err) {
				t.Fatalf("step %d: unexpected error class: %v", step, err)
			}
		} else {
			st.accepted[tx.Type()]++
			switch x := tr.Tx.(type) {
			case Liquidate:
				if badDebt {
					st.badDebt++
				}
				if penalty {
					st.penalties++
				}
				if x.Forced {
					st.forcedCloses++
				}
				if backstopClose {
					st.backstopRealize++
				}
			case Deposit:
				if x.ForcedExit {
					st.forcedExits++
				}
			case Fill:
				if rounded {
					st.roundedCloses++
				}
				if funded {
					st.fundingPaid++
				}
			}
		}
		// The tx's own amount: deposit − withdrawal − forced exit (0 for everything else and for a rejected tx).
		want := new(big.Int).Sub(e.deposited, depBefore)
		want.Sub(want, new(big.Int).Sub(e.withdrawn, wdBefore))
		d, err := e.s.LedgerDelta(before, e.s.Head())
		if err != nil {
			t.Fatal(err)
		}
		if d.Cmp(want) != 0 {
			t.Fatalf("step %d (%T %+v): ledger moved by %s, want %s", step, tx, tx, d, want)
		}
		l := ledger(e.s.Head())
		if new(big.Int).Sub(l, lBefore).Cmp(d) != 0 {
			t.Fatalf("step %d: full walks differ by %s, delta walk says %s", step, new(big.Int).Sub(l, lBefore), d)
		}
		if l.Cmp(expect()) != 0 {
			t.Fatalf("step %d: ledger %s, deposits − withdrawals %s", step, l, expect())
		}
		e.checkInvariants(traders + 1)
		if r.IntN(40) == 0 {
			commit()
		}
	}
	commit()
	return st
}

// TestLedgerConserved: thousands of random transactions of every type, each checked exactly (no tolerance): the
// conserved ledger moves by exactly the deposits, withdrawals and forced exits.
func TestLedgerConserved(t *testing.T) {
	steps, seeds := 1500, uint64(3)
	first := uint64(1)
	if testing.Short() {
		// one seed whose shorter run still reaches every case counted below (seed 1 has no penalty in 400 steps)
		steps, first = 600, 3
	}
	total := ledgerStats{accepted: map[TxType]int{}}
	for seed := first; seed <= seeds; seed++ {
		s := ledgerRun(t, nil, seed, steps)
		t.Logf("seed %d: accepted %v; bad debt %d, penalties %d, forced closes %d, forced exits %d, rounded partial "+
			"closes %d, funding settled %d, backstop closes %d, commits %d", seed, s.accepted, s.badDebt, s.penalties,
			s.forcedCloses, s.forcedExits, s.roundedCloses, s.fundingPaid, s.backstopRealize, s.commits)
		for k, v := range s.accepted {
			total.accepted[k] += v
		}
		total.badDebt += s.badDebt
		total.penalties += s.penalties
		total.forcedCloses += s.forcedCloses
		total.forcedExits += s.forcedExits
		total.roundedCloses += s.roundedCloses
		total.fundingPaid += s.fundingPaid
		total.backstopRealize += s.backstopRealize
	}
	for _, ty := range []TxType{TxDeposit, TxWithdraw, TxPositionMargin, TxFill, TxLiquidate, TxFundingTick, TxMarkPrice} {
		if total.accepted[ty] == 0 {
			t.Errorf("no %v accepted: the run does not exercise it", ty)
		}
	}
	for name, n := range map[string]int{"bad-debt liquidations": total.badDebt, "penalties": total.penalties,
		"forced closes": total.forcedCloses, "forced exits": total.forcedExits,
		"rounded partial closes": total.roundedCloses, "funding settlements": total.fundingPaid,
		"backstop closes": total.backstopRealize} {
		if n == 0 {
			t.Errorf("no %s: the run does not exercise them", name)
		}
	}
}

// TestLedgerLevelDB runs the ledger checks over goleveldb (the node's store): StoredLedger reads committed nodes
// and preimages from the database only.
func TestLedgerLevelDB(t *testing.T) {
	db, err := kv.OpenLevelDB(kv.LevelDBConfig{Path: filepath.Join(t.TempDir(), "db")})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ledgerRun(t, db, 11, 200)
}

// A refunded deposit (free collateral cannot hold it) credits nothing: the ledger does not move (L1 credits the
// amount to claimable, so balance − claimable − pending does not move either).
func TestLedgerRefundedDeposit(t *testing.T) {
	e := newEnv(t, nil)
	e.deposit(1, MaxAmount-5)
	l0, err := e.s.Ledger(e.s.Head())
	if err != nil {
		t.Fatal(err)
	}
	tr := e.must(Deposit{Account: 1, PubKey: e.key(1).Public(), Amount: 10})
	if d := tr.Tx.(Deposit); !d.Refunded {
		t.Fatal("deposit not refunded")
	}
	l1, err := e.s.Ledger(e.s.Head())
	if err != nil {
		t.Fatal(err)
	}
	if l1.Cmp(l0) != 0 || l1.Cmp(u(MaxAmount-5)) != 0 {
		t.Fatalf("ledger %s → %s after a refunded deposit", l0, l1)
	}
}

// The genesis state (markets only) has L = 0, and a head's delta to itself is 0.
func TestLedgerGenesisAndEmpty(t *testing.T) {
	e := newEnv(t, nil)
	if l, err := e.s.StoredLedger(e.s.CommittedHead()); err != nil || l.Sign() != 0 {
		t.Fatalf("genesis ledger %v, %v", l, err)
	}
	if d, err := e.s.LedgerDelta(e.s.Head(), e.s.Head()); err != nil || d.Sign() != 0 {
		t.Fatalf("delta of a head to itself %v, %v", d, err)
	}
}

// BenchmarkLedger measures the full walk (StoredLedger) and the incremental walk over one batch (StoredLedgerDelta)
// at the production depths, for states of 1k and 10k accounts each holding two positions.
func BenchmarkLedger(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		db, err := kv.OpenLevelDB(kv.LevelDBConfig{Path: filepath.Join(b.TempDir(), "db")})
		if err != nil {
			b.Fatal(err)
		}
		s, err := Open(DefaultConfig(), db, nil)
		if err != nil {
			b.Fatal(err)
		}
		e := &env{t: b, s: s, keys: map[uint32]*PrivateKey{}, deposited: bi(0), withdrawn: bi(0)}
		_ = s.SetTime(testGenesisTime)
		for id := uint8(0); id < 2; id++ {
			_ = s.InitMarket(id, testParams, 1000)
		}
		if err := s.CommitGenesis(); err != nil {
			b.Fatal(err)
		}
		// n accounts with a key, free collateral and collateral in two positions (written directly: the benchmark
		// measures the walk, not signing).
		for a := uint32(1); a <= uint32(n); a++ {
			k := e.key(a % 200)
			ch := accChange{index: a, acc: Account{PubKey: k.Public(), Free: uint64(a)}, market: 0,
				pos: Position{Size: 1, Collateral: 100, EntryNotional: 1000}}
			if err := s.writeBenchAccount(ch); err != nil {
				b.Fatal(err)
			}
			ch.market, ch.pos = 1, Position{Size: -1, Collateral: 50, EntryNotional: 990}
			if err := s.writeBenchAccount(ch); err != nil {
				b.Fatal(err)
			}
			if a%1000 == 0 {
				if err := s.Commit(s.CommittedHead().Batch + 1); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := s.Commit(s.CommittedHead().Batch + 1); err != nil {
			b.Fatal(err)
		}
		h0 := s.CommittedHead()
		// One more batch of 64 fills' worth of changes (128 positions touched).
		for i := range 128 {
			a := uint32(1 + (i*7919)%n)
			ch := accChange{index: a, acc: Account{PubKey: e.key(a % 200).Public(), Free: uint64(a)}, market: uint8(i % 2),
				pos: Position{Size: 2, Collateral: 90, EntryNotional: 2010}}
			if err := s.writeBenchAccount(ch); err != nil {
				b.Fatal(err)
			}
		}
		if err := s.Commit(s.CommittedHead().Batch + 1); err != nil {
			b.Fatal(err)
		}
		h1 := s.CommittedHead()
		b.Run("full/accounts="+itoa(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := s.StoredLedger(h1); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/check")
		})
		b.Run("delta128/accounts="+itoa(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := s.StoredLedgerDelta(h0, h1); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/check")
		})
		_ = db.Close()
	}
}

// writeBenchAccount writes one account change at the working head, without a transaction (benchmark setup).
func (s *State) writeBenchAccount(ch accChange) error {
	root, _, err := s.writeAccount(s.head.AccountsRoot, ch)
	if err != nil {
		return err
	}
	s.head.AccountsRoot = root
	return nil
}

func itoa(n int) string { return big.NewInt(int64(n)).String() }

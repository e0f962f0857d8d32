package contracts

import (
	"math/big"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/zkperp/zkperp/contracts/bindings"
)

// Solvent exodus (issue 11): exits register claims during a claim window, then every claim is paid its pro-rata
// share of what the rollup holds for the L2 state, so the exodus never owes more than it has.

// share is floor(claim · pool / total), the payout of a claim.
func share(claim, pool, total *big.Int) *big.Int {
	v := new(big.Int).Mul(claim, pool)
	return v.Quo(v, total)
}

// claimOf is what exit registers for account a of model m: free + Σ max(equity, 0) at each market's mark.
func (m *model) claimOf(a *account) *big.Int {
	c := new(big.Int).SetUint64(a.free)
	for id, p := range a.positions {
		if eq := m.equity(p, id); eq.Sign() > 0 {
			c.Add(c, eq)
		}
	}
	return c
}

// equity is C + s·M − signedEntry − s·(F − fund) (docs/protocol.md §4).
func (m *model) equity(p position, id uint8) *big.Int {
	mk := m.markets[id]
	s := big.NewInt(p.size)
	e := new(big.Int).SetUint64(p.collateral)
	e.Add(e, new(big.Int).Mul(s, new(big.Int).SetUint64(mk.mark)))
	entry := new(big.Int).SetUint64(p.entry)
	if p.size < 0 {
		entry.Neg(entry)
	}
	e.Sub(e, entry)
	return e.Sub(e, new(big.Int).Mul(s, big.NewInt(mk.fund-p.fund)))
}

// backing is what the L2 state holds in tokens (docs/protocol.md §4, the accounting identity): Σfree + Σcollateral +
// Σinsurance + Σfees − Σ signedEntry.
func (m *model) backing() *big.Int {
	s := new(big.Int)
	for _, a := range m.accounts {
		s.Add(s, new(big.Int).SetUint64(a.free))
		for _, p := range a.positions {
			s.Add(s, new(big.Int).SetUint64(p.collateral))
			entry := new(big.Int).SetUint64(p.entry)
			if p.size < 0 {
				s.Add(s, entry)
			} else {
				s.Sub(s, entry)
			}
		}
	}
	for _, mk := range m.markets {
		ins, fees := fundsOf(mk.funds)
		s.Add(s, ins).Add(s, fees)
	}
	return s
}

// funds packs a market's insurance fund (signed) and fee pool: insMag + 2^64·insNeg + 2^65·feePool.
func funds(ins int64, feePool uint64) *big.Int {
	mag, neg := abs(ins)
	v := new(big.Int).Lsh(new(big.Int).SetUint64(feePool), 65)
	v.Or(v, new(big.Int).Lsh(new(big.Int).SetUint64(neg), 64))
	return v.Or(v, new(big.Int).SetUint64(mag))
}

func fundsOf(f *big.Int) (ins, fees *big.Int) {
	ins = new(big.Int).And(f, new(big.Int).SetUint64(^uint64(0)))
	if f.Bit(64) == 1 {
		ins.Neg(ins)
	}
	return ins, new(big.Int).Rsh(f, 65)
}

// feeClaimArgs are registerFeeClaim's arguments for the model's state: the accounts root and all market leaves.
func (m *model) feeClaimArgs() (*big.Int, []bindings.LeavesMarket) {
	var mks []bindings.LeavesMarket
	for id := range 1 << m.positionDepth {
		mk, ok := m.markets[uint8(id)]
		if !ok {
			mk = zeroMarket()
		}
		mks = append(mks, mk.binding())
	}
	return big_(m.accountsTree().root()), mks
}

func (e *env) rollupBalance() *big.Int {
	return call(e, e.dev.TokenC, e.token.PackBalanceOf(e.dev.Rollup), e.token.UnpackBalanceOf)
}

func (e *env) bigView(data []byte) *big.Int {
	return call(e, e.dev.RollupC, data, func(b []byte) (*big.Int, error) {
		return new(big.Int).SetBytes(b), nil
	})
}

func (e *env) activateExodusNow() {
	e.t.Helper()
	for range 11 {
		e.sim.Commit()
	}
	e.must(e.send("deployer", e.dev.RollupC, e.rollup.PackActivateExodus()))
}

// The issue: after a 20% mark move the exits owed 3,049,500 against the 3,000,000 the rollup held for the state (a
// short's bad debt of 50,000 less the 500 of fees that nobody claimed), so the last to exit — carol, who never traded —
// could not be paid. Now every account registers its claim, the fee pool registers as the sequencer's claim, and
// after the window everyone gets claim · 3,000,000 / 3,050,000: nobody's payout reverts and 2 quanta of dust remain.
// Credited withdrawals (alice's 1,000) and a deposit no batch consumed (bob's 777) are outside the pool and paid in
// full.
func TestExodusInsolvencyProRata(t *testing.T) {
	e := newEnv(t, testConfig())
	r, rc := e.rollup, e.dev.RollupC
	e.fund("alice", 1_001_000)
	e.fund("bob", 1_000_777)
	e.fund("carol", 1_000_000)
	e.must(e.deposit("alice", 1_001_000))
	e.must(e.deposit("bob", 1_000_000))
	e.must(e.deposit("carol", 1_000_000))
	if got := e.bigView(r.PackPendingDepositAmount()); got.Int64() != 3_001_000 {
		t.Fatalf("pending deposit amount %s", got)
	}

	// alice long 10 and bob short 10 at 50,000 (250 of fee each), the mark 20% up at 60,000: bob's position owes
	// 100,000 with 50,000 of collateral, a bad debt of 50,000; carol holds 1,000,000 and never traded.
	e.model.markets[1] = market{params: new(big.Int).Add(new(big.Int).Lsh(big.NewInt(100_000), 48), big.NewInt(1)),
		mark: 60_000, oi: 10, funds: funds(0, 500)}
	alice := e.aliceAccount(800_000, 0)
	alice.positions[1] = position{size: 10, collateral: 199_750, entry: 500_000}
	pb, pc := e.pks["bob"], e.pks["carol"]
	bob := &account{pkX: pb[0], pkY: pb[1], free: 949_750, positions: map[uint8]position{
		1: {size: -10, collateral: 50_000, entry: 500_000},
	}}
	carol := &account{pkX: pc[0], pkY: pc[1], free: 1_000_000}
	e.model.accounts[1], e.model.accounts[2], e.model.accounts[3] = alice, bob, carol
	if got := e.model.backing(); got.Int64() != 3_000_000 {
		t.Fatalf("model backing %s", got)
	}
	e.proveAndSubmit(e.model.root(), e.pad(pdDeposit(1, 1_001_000), pdDeposit(2, 1_000_000), pdDeposit(3, 1_000_000),
		pdWithdraw(1, 1_000)))
	e.must(e.deposit("bob", 777)) // queued, never batched: exodus
	if got := e.bigView(r.PackPendingDepositAmount()); got.Int64() != 777 {
		t.Fatalf("pending deposit amount %s", got)
	}
	if got := e.bigView(r.PackTotalClaimable()); got.Int64() != 1_000 {
		t.Fatalf("total claimable %s", got)
	}
	e.activateExodusNow()

	// The old exits would owe more than the state's 3,000,000.
	old := new(big.Int)
	for i := uint32(1); i <= 3; i++ {
		old.Add(old, e.model.claimOf(e.model.accounts[i]))
	}
	if old.Int64() != 3_049_500 {
		t.Fatalf("claims %s", old)
	}

	// Everyone registers (anyone may send it), the fee pools too.
	for i := uint32(1); i <= 3; i++ {
		e.must(e.send("deployer", rc, r.PackExit(e.model.exitProof(i))))
	}
	ar, mks := e.model.feeClaimArgs()
	rec := e.must(e.send("deployer", rc, r.PackRegisterFeeClaim(ar, mks)))
	if !hasLog(rec, r.GetABI().Events["FeeClaimRegistered"].ID) {
		t.Fatal("no FeeClaimRegistered event")
	}
	if got := e.bigView(r.PackFeeClaim()); got.Int64() != 500 {
		t.Fatalf("fee claim %s", got)
	}
	_, err := e.send("deployer", rc, r.PackRegisterFeeClaim(ar, mks))
	e.expectRevert(err, "FeesAlreadyRegistered")
	total := e.bigView(r.PackTotalClaims())
	if total.Int64() != 3_050_000 {
		t.Fatalf("total claims %s", total)
	}
	_, err = e.send("carol", rc, r.PackPayout(3))
	e.expectRevert(err, "ClaimWindowOpen")
	_, err = e.send("carol", rc, r.PackPayoutFees())
	e.expectRevert(err, "ClaimWindowOpen")

	e.afterClaimWindow()
	// carol, who never traded, first: paid, and so is everyone after her.
	pool := big.NewInt(3_000_000)
	before := map[string]*big.Int{}
	for _, u := range []string{"alice", "bob", "carol", "sequencer"} {
		before[u] = e.balance(u)
	}
	rec = e.must(e.send("carol", rc, r.PackPayout(3)))
	var fixed *bindings.RollupExodusPoolFixed
	for _, l := range rec.Logs {
		if ev, err := r.UnpackExodusPoolFixedEvent(l); err == nil {
			fixed = ev
		}
	}
	if fixed == nil || fixed.Pool.Cmp(pool) != 0 || fixed.TotalClaims.Cmp(total) != 0 {
		t.Fatalf("ExodusPoolFixed %+v", fixed)
	}
	e.must(e.send("alice", rc, r.PackWithdraw())) // credited before exodus: outside the pool, paid in full
	e.must(e.send("bob", rc, r.PackPayout(2)))
	e.must(e.send("bob", rc, r.PackRefundDeposit(3)))
	e.must(e.send("bob", rc, r.PackPayout(1)))
	e.must(e.send("bob", rc, r.PackPayoutFees()))
	_, err = e.send("bob", rc, r.PackPayoutFees())
	e.expectRevert(err, "NothingToClaim")

	paid := new(big.Int)
	for _, c := range []struct {
		u     string
		claim int64
		extra int64
	}{{"alice", 1_099_750, 1_000}, {"bob", 949_750, 777}, {"carol", 1_000_000, 0}, {"sequencer", 500, 0}} {
		want := share(big.NewInt(c.claim), pool, total)
		got := new(big.Int).Sub(e.balance(c.u), before[c.u])
		if got.Cmp(new(big.Int).Add(want, big.NewInt(c.extra))) != 0 {
			t.Fatalf("%s got %s, want %s + %d", c.u, got, want, c.extra)
		}
		paid.Add(paid, want)
	}
	// 1,081,721 + 934,180 + 983,606 + 491 = 2,999,998: 2 quanta of dust, fewer than the 4 claims.
	if paid.Int64() != 2_999_998 {
		t.Fatalf("paid %s", paid)
	}
	if got := e.rollupBalance(); got.Int64() != 2 {
		t.Fatalf("rollup keeps %s", got)
	}
}

// The claim window's rules: registration and the fee claim only in exodus and inside the window (NotInExodus,
// ClaimWindowClosed), payouts only after it (ClaimWindowOpen), each claim registered once (AlreadyExited,
// FeesAlreadyRegistered) and paid once (NothingToClaim); a fee claim against another root fails (RootMismatch).
func TestExodusClaimWindow(t *testing.T) {
	e := newEnv(t, testConfig())
	r, rc := e.rollup, e.dev.RollupC
	exodusSetup(t, e)
	ar, mks := e.model.feeClaimArgs()
	_, err := e.send("bob", rc, r.PackRegisterFeeClaim(ar, mks))
	e.expectRevert(err, "NotInExodus")
	_, err = e.send("bob", rc, r.PackPayout(1))
	e.expectRevert(err, "NotInExodus")
	_, err = e.send("bob", rc, r.PackPayoutFees())
	e.expectRevert(err, "NotInExodus")

	e.activateExodusNow()
	h, err := e.sim.Client().HeaderByNumber(e.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if end := call(e, rc, r.PackClaimWindowEnd(), r.UnpackClaimWindowEnd); end != h.Time+DefaultClaimWindow {
		t.Fatalf("claim window ends at %d, exodus at %d", end, h.Time)
	}
	_, err = e.send("bob", rc, r.PackRegisterFeeClaim(big.NewInt(5), mks))
	e.expectRevert(err, "RootMismatch")
	e.must(e.send("bob", rc, r.PackRegisterFeeClaim(ar, mks)))
	_, err = e.send("bob", rc, r.PackRegisterFeeClaim(ar, mks))
	e.expectRevert(err, "FeesAlreadyRegistered")
	e.must(e.send("bob", rc, r.PackExit(e.model.exitProof(1))))
	_, err = e.send("alice", rc, r.PackExit(e.model.exitProof(1)))
	e.expectRevert(err, "AlreadyExited")
	_, err = e.send("alice", rc, r.PackPayout(1))
	e.expectRevert(err, "ClaimWindowOpen")

	// After the window: bob, who did not register, cannot any more; his share goes to the registered claims.
	e.afterClaimWindow()
	_, err = e.send("bob", rc, r.PackExit(e.model.exitProof(2)))
	e.expectRevert(err, "ClaimWindowClosed")
	_, err = e.send("bob", rc, r.PackRegisterFeeClaim(ar, mks))
	e.expectRevert(err, "ClaimWindowClosed")
	_, err = e.send("bob", rc, r.PackPayout(2))
	e.expectRevert(err, "NothingToClaim")
	_, err = e.send("bob", rc, r.PackPayoutFees()) // the fee pools were empty: a zero claim
	e.expectRevert(err, "NothingToClaim")
	aliceBefore := e.balance("alice")
	rec := e.must(e.send("bob", rc, r.PackPayout(1)))
	if !hasLog(rec, r.GetABI().Events["ExitPaid"].ID) {
		t.Fatal("no ExitPaid event")
	}
	// pool = 2,000,777 held − 777 of bob's unconsumed deposit; alice's claim is the only one
	if got := new(big.Int).Sub(e.balance("alice"), aliceBefore); got.Int64() != 2_000_000 {
		t.Fatalf("alice paid %s", got)
	}
	_, err = e.send("bob", rc, r.PackPayout(1))
	e.expectRevert(err, "NothingToClaim")
	e.must(e.send("bob", rc, r.PackRefundDeposit(2)))
	if got := e.rollupBalance(); got.Sign() != 0 {
		t.Fatalf("rollup keeps %s", got)
	}
}

// exodusFuzzStates is the number of random states TestExodusPayoutInvariant checks (ZKPERP_EXODUS_STATES overrides).
func exodusFuzzStates(t *testing.T) int {
	if v := os.Getenv("ZKPERP_EXODUS_STATES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if testing.Short() {
		return 4
	}
	return 30
}

// randomExodusState fills e.model with a random verified state of n user accounts (1..n) and the backstop (0):
// free collateral, long and short positions at random entries in up to 4 markets, marks moved up to ±40% from the
// entries (some positions bankrupt), funding indexes, insurance funds of either sign and fee pools. The backing
// (the tokens the state holds, docs/protocol.md §4's identity) is kept ≥ 0 through the first market's insurance.
func randomExodusState(rng *rand.Rand, m *model, pks map[string][2]*big.Int, n int) {
	nm := 1 + rng.IntN(4)
	for id := range nm {
		m.markets[uint8(id)] = market{params: new(big.Int).Add(new(big.Int).Lsh(big.NewInt(100_000), 48), big.NewInt(1)),
			mark: 1_000 + rng.Uint64N(100_000), fund: rng.Int64N(2_001) - 1_000,
			funds: funds(rng.Int64N(2_000_001)-1_000_000, rng.Uint64N(100_000))}
	}
	m.accounts[0] = m.defaultAccount()
	m.accounts[0].positions = map[uint8]position{}
	for i := 1; i <= n; i++ {
		pk := pks[extraUser(i-1)]
		a := &account{pkX: pk[0], pkY: pk[1], nonce: uint32(rng.IntN(5)), free: rng.Uint64N(2_000_000),
			positions: map[uint8]position{}}
		if rng.IntN(5) == 0 {
			a.free = 0
		}
		m.accounts[uint32(i)] = a
	}
	for id := range nm {
		mk := m.markets[uint8(id)]
		sum := int64(0)
		for i := 1; i <= n; i++ {
			if rng.IntN(3) == 0 {
				continue
			}
			size := rng.Int64N(41) - 20
			sum += size
			m.accounts[uint32(i)].positions[uint8(id)] = randomPosition(rng, size, mk)
		}
		if sum != 0 { // the backstop holds the other side: sizes sum to 0
			p := randomPosition(rng, -sum, mk)
			p.collateral = 0
			m.accounts[0].positions[uint8(id)] = p
		}
	}
	if b := m.backing(); b.Sign() < 0 {
		mk := m.markets[0]
		ins, fees := fundsOf(mk.funds)
		ins.Sub(ins, b) // cover the deficit, and a random surplus on top
		ins.Add(ins, big.NewInt(rng.Int64N(1_000_000)))
		mk.funds = funds(ins.Int64(), fees.Uint64())
		m.markets[0] = mk
	}
}

// randomPosition is a position of `size` steps entered within ±40% of the market's mark, with random collateral
// (from nothing: bankrupt if the mark moved against it, to 40% of its notional) and a funding index near the market's.
func randomPosition(rng *rand.Rand, size int64, mk market) position {
	mag, _ := abs(size)
	entryPrice := mk.mark * uint64(60+rng.IntN(81)) / 100
	return position{size: size, entry: mag * entryPrice, collateral: rng.Uint64N(mag*mk.mark*2/5 + 2),
		fund: mk.fund + rng.Int64N(201) - 100}
}

// The solvency invariant on random states: every account registers (and the fee pools with probability 4/5), then
// every non-zero claim is paid floor(claim · pool / totalClaims), in random order interleaved with the withdrawal of a
// credited amount and the refund of an unconsumed deposit; no call reverts, pool = the state's backing exactly,
// Σ payouts ≤ pool, pool − Σ payouts < number of claims, and the rollup ends holding exactly that dust.
func TestExodusPayoutInvariant(t *testing.T) {
	const maxAccounts = 7 // one 8-slot batch: 7 deposits and a withdrawal
	for seed := range uint64(exodusFuzzStates(t)) {
		rng := rand.New(rand.NewPCG(seed, 11))
		cfg := testConfig()
		cfg.extraUsers = maxAccounts
		e := newEnv(t, cfg)
		r, rc := e.rollup, e.dev.RollupC
		n := 1 + rng.IntN(maxAccounts)

		// L1: accounts 1..n registered by one-quantum deposits, consumed by a batch that also credits a withdrawal
		// to account 1's owner; then another deposit of u0 that no batch consumes.
		var pd []*big.Int
		for i := range n {
			e.fund(extraUser(i), 1_000_000)
			e.must(e.deposit(extraUser(i), 1))
			pd = append(pd, pdDeposit(uint32(i+1), 1))
		}
		withdrawn := uint64(n) + rng.Uint64N(100_000)
		pending := 1 + rng.Uint64N(100_000)
		randomExodusState(rng, e.model, e.pks, n)
		e.proveAndSubmit(e.model.root(), e.pad(append(pd, pdWithdraw(1, withdrawn))...))
		e.must(e.deposit(extraUser(0), pending))
		// The rollup holds the state's backing plus the credited withdrawal and the queued deposit.
		backing := e.model.backing()
		held := new(big.Int).Add(backing, new(big.Int).SetUint64(withdrawn+pending))
		mint := new(big.Int).Sub(held, e.rollupBalance())
		if mint.Sign() < 0 {
			t.Fatalf("seed %d: negative mint %s", seed, mint)
		}
		e.must(e.send("deployer", e.dev.TokenC, e.token.PackMint(e.dev.Rollup, mint)))
		e.activateExodusNow()

		// Registration, in random order.
		total := new(big.Int)
		claims := map[uint32]*big.Int{}
		for _, i := range rng.Perm(n) {
			acct := uint32(i + 1)
			e.must(e.send(extraUser(rng.IntN(n)), rc, r.PackExit(e.model.exitProof(acct))))
			c := e.model.claimOf(e.model.accounts[acct])
			if got := e.bigView(r.PackExitClaim(acct)); got.Cmp(c) != 0 {
				t.Fatalf("seed %d: account %d claim %s, model %s", seed, acct, got, c)
			}
			claims[acct] = c
			total.Add(total, c)
		}
		feeClaim := new(big.Int)
		if rng.IntN(5) != 0 {
			ar, mks := e.model.feeClaimArgs()
			e.must(e.send("deployer", rc, r.PackRegisterFeeClaim(ar, mks)))
			for _, mk := range e.model.markets {
				_, f := fundsOf(mk.funds)
				feeClaim.Add(feeClaim, f)
			}
			total.Add(total, feeClaim)
		}
		if got := e.bigView(r.PackTotalClaims()); got.Cmp(total) != 0 {
			t.Fatalf("seed %d: total claims %s, want %s", seed, got, total)
		}

		// Payouts after the window, in random order, with the withdrawal and the refund among them.
		e.afterClaimWindow()
		type step struct {
			who  string
			data []byte
			to   common.Address
			want *big.Int // nil: not a payout
		}
		var steps []step
		nclaims := 0
		for acct, c := range claims {
			if c.Sign() == 0 {
				_, err := e.send("deployer", rc, r.PackPayout(acct))
				e.expectRevert(err, "NothingToClaim")
				continue
			}
			nclaims++
			steps = append(steps, step{"deployer", r.PackPayout(acct), e.addr(extraUser(int(acct) - 1)),
				share(c, backing, total)})
		}
		if feeClaim.Sign() != 0 {
			nclaims++
			steps = append(steps, step{"deployer", r.PackPayoutFees(), e.addr("sequencer"), share(feeClaim, backing, total)})
		}
		steps = append(steps, step{who: extraUser(0), data: r.PackWithdraw()},
			step{who: "deployer", data: r.PackRefundDeposit(uint64(n))})
		rng.Shuffle(len(steps), func(i, j int) { steps[i], steps[j] = steps[j], steps[i] })
		paid := new(big.Int)
		for _, s := range steps {
			var before *big.Int
			if s.want != nil {
				before = call(e, e.dev.TokenC, e.token.PackBalanceOf(s.to), e.token.UnpackBalanceOf)
			}
			e.must(e.send(s.who, rc, s.data))
			if s.want != nil {
				got := new(big.Int).Sub(call(e, e.dev.TokenC, e.token.PackBalanceOf(s.to), e.token.UnpackBalanceOf), before)
				if got.Cmp(s.want) != 0 {
					t.Fatalf("seed %d: payout %s, want %s", seed, got, s.want)
				}
				paid.Add(paid, got)
			}
		}
		if got := e.bigView(r.PackExodusPool()); got.Cmp(backing) != 0 {
			t.Fatalf("seed %d: pool %s, backing %s", seed, got, backing)
		}
		dust := new(big.Int).Sub(backing, paid)
		if dust.Sign() < 0 || dust.Cmp(big.NewInt(int64(max(nclaims, 1)))) >= 0 {
			t.Fatalf("seed %d: pool %s, paid %s: dust %s with %d claims", seed, backing, paid, dust, nclaims)
		}
		if got := e.rollupBalance(); got.Cmp(dust) != 0 {
			t.Fatalf("seed %d: rollup keeps %s, dust %s", seed, got, dust)
		}
		t.Logf("seed %d: %d accounts, %d markets, pool %s, claims %s (fees %s), dust %s", seed, n,
			len(e.model.markets), backing, total, feeClaim, dust)
	}
}

// Payouts never overflow: with a pool of 2^200 quanta (tokens sent to the rollup) and a claim of 2^64 − 1 the product
// claim · pool exceeds 2^256; the payout is still floor(claim · pool / totalClaims), exactly.
func TestExodusPayoutHugePool(t *testing.T) {
	e := newEnv(t, testConfig())
	r, rc := e.rollup, e.dev.RollupC
	e.fund("alice", 10)
	e.fund("bob", 10)
	e.must(e.deposit("alice", 1))
	e.must(e.deposit("bob", 1))
	e.model.accounts[1] = e.aliceAccount(^uint64(0), 0)
	pb := e.pks["bob"]
	e.model.accounts[2] = &account{pkX: pb[0], pkY: pb[1], free: 12_345}
	e.proveAndSubmit(e.model.root(), e.pad(pdDeposit(1, 1), pdDeposit(2, 1)))
	e.must(e.deposit("bob", 1))
	pool := new(big.Int).Lsh(big.NewInt(1), 200)
	pool.Add(pool, big.NewInt(12_345_678))
	e.must(e.send("deployer", e.dev.TokenC, e.token.PackMint(e.dev.Rollup, new(big.Int).Sub(pool, big.NewInt(2)))))
	e.activateExodusNow()
	e.must(e.send("bob", rc, r.PackExit(e.model.exitProof(1))))
	e.must(e.send("bob", rc, r.PackExit(e.model.exitProof(2))))
	e.afterClaimWindow()
	total := new(big.Int).SetUint64(^uint64(0))
	total.Add(total, big.NewInt(12_345))
	for _, c := range []struct {
		u     string
		acct  uint32
		claim *big.Int
	}{{"alice", 1, new(big.Int).SetUint64(^uint64(0))}, {"bob", 2, big.NewInt(12_345)}} {
		before := e.balance(c.u)
		e.must(e.send("deployer", rc, r.PackPayout(c.acct)))
		if got, want := new(big.Int).Sub(e.balance(c.u), before), share(c.claim, pool, total); got.Cmp(want) != 0 {
			t.Fatalf("%s paid %s, want %s", c.u, got, want)
		}
	}
	if got := e.rollupBalance(); got.Cmp(big.NewInt(3)) >= 0 { // 2 claims: dust ≤ 1, + bob's unconsumed deposit
		t.Fatalf("rollup keeps %s", got)
	}
}

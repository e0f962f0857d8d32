package state

import (
	"errors"
	"math/big"
	"testing"

	"github.com/zkperp/zkperp/state/kv"
)

var testCfg = Config{AccountDepth: 5, PositionDepth: 2, OrderDepth: 3}

var testParams = MarketParams{Tick: 10, IMF: 100_000, MMF: 50_000, MaxFunding: 1_000, MakerFee: 200, TakerFee: 500, LiqFee: 10_000}

// env is a state with two markets and funded traders.
type env struct {
	t    testing.TB
	s    *State
	keys map[uint32]*PrivateKey
	// ledger for the conservation invariant
	deposited, withdrawn *big.Int
	pubdata              [][32]byte // of every accepted tx, for replica tests
	times                []uint32   // the batch time each was applied at
}

func newEnv(t testing.TB, db kv.Store) *env {
	t.Helper()
	if db == nil {
		db = kv.NewMemory()
	}
	s, err := Open(testCfg, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, s: s, keys: map[uint32]*PrivateKey{}, deposited: new(big.Int), withdrawn: new(big.Int)}
	if m, _ := s.Market(0); !m.Active() {
		if err := s.SetTime(testGenesisTime); err != nil {
			t.Fatal(err)
		}
		for id := uint8(0); id < 2; id++ {
			if err := s.InitMarket(id, testParams, 1000); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.CommitGenesis(); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// testGenesisTime is the genesis time of the test states (unix seconds).
const testGenesisTime = 1_700_000_000

// advance moves the batch time sec seconds forward.
func (e *env) advance(sec uint32) {
	e.t.Helper()
	if err := e.s.SetTime(e.s.Time() + sec); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) key(acc uint32) *PrivateKey {
	if k, ok := e.keys[acc]; ok {
		return k
	}
	var seed [32]byte
	seed[0], seed[1] = byte(acc), 0xaa
	k, err := NewPrivateKey(seed)
	if err != nil {
		e.t.Fatal(err)
	}
	e.keys[acc] = k
	return k
}

func (e *env) must(tx Tx) *Trace {
	e.t.Helper()
	tr, err := e.apply(tx)
	if err != nil {
		e.t.Fatalf("%T: %v", tx, err)
	}
	return tr
}

// apply applies tx, checks that a rejection changed nothing and that an accepted trace verifies, and keeps the ledger.
func (e *env) apply(tx Tx) (*Trace, error) {
	e.t.Helper()
	before := e.s.Head()
	tr, err := e.s.Apply(tx)
	if err != nil {
		if e.s.Head() != before {
			e.t.Fatalf("rejected %T changed the state", tx)
		}
		return nil, err
	}
	if err := e.s.VerifyTrace(tr); err != nil {
		e.t.Fatalf("trace of %T does not verify: %v", tx, err)
	}
	if tr.Before != before || tr.After != e.s.Head() {
		e.t.Fatal("trace heads do not match the state")
	}
	e.pubdata = append(e.pubdata, tr.Pubdata.Bytes())
	e.times = append(e.times, tr.Before.Time)
	switch t := tr.Tx.(type) {
	case Deposit:
		switch {
		case t.ForcedExit:
			e.withdrawn.Add(e.withdrawn, u(t.Amount))
		case !t.Refunded: // a refunded deposit goes back to its owner on L1: it never entered the state
			e.deposited.Add(e.deposited, u(t.Amount))
		}
	case Withdraw:
		e.withdrawn.Add(e.withdrawn, u(t.Amount))
	}
	return tr, nil
}

func (e *env) deposit(acc uint32, amount uint64) {
	e.must(Deposit{Account: acc, PubKey: e.key(acc).Public(), Amount: amount})
}

func (e *env) nonce(acc uint32) uint32 {
	a, err := e.s.Account(acc)
	if err != nil {
		e.t.Fatal(err)
	}
	return a.Nonce
}

func (e *env) margin(acc uint32, market uint8, to bool, amount uint64) PositionMargin {
	m := PositionMargin{Account: acc, Market: market, ToPosition: to, Amount: amount, Nonce: e.nonce(acc)}
	if err := e.key(acc).SignPositionMargin(&m); err != nil {
		e.t.Fatal(err)
	}
	return m
}

func (e *env) withdraw(acc uint32, amount uint64) Withdraw {
	w := Withdraw{Account: acc, Amount: amount, Nonce: e.nonce(acc)}
	if err := e.key(acc).SignWithdraw(&w); err != nil {
		e.t.Fatal(err)
	}
	return w
}

func (e *env) order(acc, id uint32, market uint8, buy bool, price, size uint64) Order {
	o := Order{Account: acc, ID: id, Market: market, Buy: buy, Price: price, Size: size, MaxMakerFee: 1000, MaxTakerFee: 1000}
	if err := e.key(acc).SignOrder(&o); err != nil {
		e.t.Fatal(err)
	}
	return o
}

// checkInvariants checks conservation, bounds and open interest over accounts 0..n-1 and both markets.
func (e *env) checkInvariants(n uint32) {
	e.t.Helper()
	total := new(big.Int)
	var oi [2]uint64
	var sizeSum [2]int64
	for i := uint32(0); i < n; i++ {
		a, err := e.s.Account(i)
		if err != nil {
			e.t.Fatal(err)
		}
		total.Add(total, u(a.Free))
		for mk := uint8(0); mk < 2; mk++ {
			p, err := e.s.Position(i, mk)
			if err != nil {
				e.t.Fatal(err)
			}
			if abs64(p.Size) > MaxSize || (p.Size == 0 && p.EntryNotional != 0) {
				e.t.Fatalf("bad position %+v", p)
			}
			total.Add(total, u(p.Collateral))
			total.Sub(total, signedEntry(p))
			oi[mk] += longSize(p.Size)
			sizeSum[mk] += p.Size
		}
	}
	for mk := uint8(0); mk < 2; mk++ {
		m, err := e.s.Market(mk)
		if err != nil {
			e.t.Fatal(err)
		}
		total.Add(total, bi(m.Insurance))
		total.Add(total, u(m.FeePool))
		if m.OpenInterest != oi[mk] {
			e.t.Fatalf("market %d open interest %d, positions say %d", mk, m.OpenInterest, oi[mk])
		}
		if sizeSum[mk] != 0 {
			e.t.Fatalf("market %d sizes sum to %d", mk, sizeSum[mk])
		}
	}
	want := new(big.Int).Sub(e.deposited, e.withdrawn)
	if total.Cmp(want) != 0 {
		e.t.Fatalf("conservation: ledger %s, state %s", want, total)
	}
}

func wantErr(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("want %v, got %v", target, err)
	}
}

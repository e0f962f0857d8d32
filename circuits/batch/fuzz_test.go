package batch

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"

	"github.com/zkperp/zkperp/state"
)

// randomTx draws one transaction; the native state decides whether it is valid.
func (e *env) randomTx(r *rand.Rand) state.Tx {
	acc := uint32(1 + r.IntN(5))
	mkt := uint8(r.IntN(2))
	nonce := uint32(0)
	if a, err := e.s.Account(acc); err == nil {
		nonce = a.Nonce
	}
	switch r.IntN(10) {
	case 0, 1:
		return e.deposit(acc, 1+r.Uint64N(1_000_000))
	case 2:
		return e.withdraw(acc, 1+r.Uint64N(300_000), nonce)
	case 3, 4:
		return e.margin(acc, mkt, r.IntN(3) != 0, 1+r.Uint64N(200_000), nonce)
	case 5, 6, 7:
		taker := uint32(1 + r.IntN(5))
		buy := r.IntN(2) == 0
		price := 10 * (90 + r.Uint64N(21)) // around the mark
		size := 1 + r.Uint64N(300)
		mk := e.order(acc, uint32(1+r.IntN(40)), mkt, !buy, price-10*r.Uint64N(2)*b2uBool(!buy), size+r.Uint64N(100))
		tk := e.order(taker, uint32(1+r.IntN(40)), mkt, buy, price+10*r.Uint64N(3)*b2uBool(buy), size+r.Uint64N(50))
		return state.Fill{Maker: mk, Taker: tk, Price: price, Size: size}
	case 8:
		if r.IntN(2) == 0 {
			return state.FundingTick{Market: mkt, Rate: int64(r.IntN(2001)) - 1000}
		}
		return state.MarkPrice{Market: mkt, Price: 10 * (80 + r.Uint64N(41)), Round: r.Uint64()}
	default:
		return state.Liquidate{Account: acc, Market: mkt, Forced: r.IntN(3) == 0} // a third are forced closes
	}
}

func b2uBool(b bool) uint64 { return b2u(b) }

// randomBatch applies random txs until cfg.Slots of them were accepted (or
// tries run out), then pads with NoOps.
func randomBatch(t testing.TB, seed uint64, cfg Config) (*Circuit, int) {
	r := rand.New(rand.NewPCG(seed, 0x7a6b))
	e := newEnv(t, cfg)
	// a funded genesis so that most txs pass
	for acc := uint32(1); acc <= 5; acc++ {
		e.apply(e.deposit(acc, 2_000_000))
		e.apply(e.margin(acc, 0, true, 300_000, 0))
		e.apply(e.margin(acc, 1, true, 300_000, 1))
	}
	var traces []*state.Trace
	for tries := 0; len(traces) < cfg.Slots-1 && tries < 50*cfg.Slots; tries++ {
		if tr, err := e.s.Apply(e.randomTx(r)); err == nil {
			traces = append(traces, tr)
		}
	}
	n := len(traces)
	traces, err := Pad(e.s, cfg, traces)
	if err != nil {
		t.Fatal(err)
	}
	w, err := Assign(cfg, 3, testDomain, traces)
	if err != nil {
		t.Fatal(err)
	}
	return w, n
}

// mutationTargets are the public inputs and the private witness values that the
// state binds in every slot (leaf values by their hashes, siblings by the
// roots). Leaf indices are left out: an unchanged leaf may be proven at a
// mirrored index of an empty subtree, which is another witness for the same
// statement, not a different outcome.
func mutationTargets(w *Circuit) []*frontend.Variable {
	var out []*frontend.Variable
	out = append(out, &w.OldRoot, &w.NewRoot, &w.DepositBefore, &w.DepositAfter)
	for i := range w.Sigs {
		// a disabled entry's witness is irrelevant (the dummy is verified)
		if e := &w.Sigs[i]; e.Enabled == 1 {
			out = append(out, &e.PK.X, &e.PK.Y, &e.Msg, &e.Sig.RX, &e.Sig.S)
		}
	}
	for i := range w.Slots {
		s := &w.Slots[i]
		out = append(out, &w.Pubdata[i], &s.Type, &s.Market.Leaf.Mark, &s.Market.Leaf.OpenInterest, &s.Market.Leaf.FeePool,
			&s.Market.Leaf.Params.Tick)
		out = append(out, &s.Market.Path.Siblings[0])
		for k := range s.Accounts {
			a := &s.Accounts[k]
			out = append(out, &a.Leaf.Nonce, &a.Leaf.Free, &a.Leaf.PositionsRoot, &a.Leaf.OrdersRoot,
				&a.Pos.Collateral, &a.Pos.Entry, &a.Pos.Size.Mag, &a.Ord.Filled, &a.Ord.ID,
				&a.Path.Siblings[len(a.Path.Siblings)-1], &a.PosPath.Siblings[0], &a.OrdPath.Siblings[0])
		}
	}
	return out
}

func addOne(v frontend.Variable) frontend.Variable {
	var b big.Int
	switch x := v.(type) {
	case *big.Int:
		b.Set(x)
	case fr.Element:
		x.BigInt(&b)
	case uint64:
		b.SetUint64(x)
	case uint32:
		b.SetUint64(uint64(x))
	case uint16:
		b.SetUint64(uint64(x))
	case uint8:
		b.SetUint64(uint64(x))
	case int:
		b.SetInt64(int64(x))
	default:
		panic(fmt.Sprintf("unexpected witness type %T", v))
	}
	return b.Add(&b, big.NewInt(1))
}

// differential runs one seed: the native batch must satisfy the circuit and
// nMut random single mutations must not.
func differential(t *testing.T, seed uint64, nMut int) {
	// 5 txs and a NoOp: at most 10 signatures
	cfg := Config{Slots: 6, AccountDepth: 4, PositionDepth: 2, OrderDepth: 3, SigSlots: 10}
	w, n := randomBatch(t, seed, cfg)
	c, _ := New(cfg)
	if err := test.IsSolved(c, w, ecc.BN254.ScalarField()); err != nil {
		t.Fatalf("seed %d: native batch of %d txs rejected: %v", seed, n, err)
	}
	types := make([]frontend.Variable, len(w.Slots))
	for i := range w.Slots {
		types[i] = w.Slots[i].Type
	}
	t.Logf("seed %d: slot types %v", seed, types)
	r := rand.New(rand.NewPCG(seed, 0x1234))
	targets := mutationTargets(w)
	for m := 0; m < nMut; m++ {
		idx := r.IntN(len(targets))
		p := targets[idx]
		old := *p
		*p = addOne(old)
		if err := test.IsSolved(c, w, ecc.BN254.ScalarField()); err == nil {
			t.Fatalf("seed %d: mutation %d (target %d of %d, %v -> %v) accepted; %d txs", seed, m, idx, len(targets), old, *p, n)
		}
		*p = old
	}
}

func TestDifferential(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		differential(t, seed, 8)
	}
}

func FuzzDifferential(f *testing.F) {
	f.Add(uint64(11))
	f.Fuzz(func(t *testing.T, seed uint64) { differential(t, seed, 3) })
}

package batch

import (
	"errors"
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/test"

	"github.com/zkperp/zkperp/state"
)

// assignSolves assigns traces under cfg and checks the witness solves.
func assignSolves(t *testing.T, cfg Config, traces []*state.Trace) *Circuit {
	t.Helper()
	w, err := Assign(cfg, 7, testDomain, traces)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := New(cfg)
	if err := test.IsSolved(c, w, ecc.BN254.ScalarField()); err != nil {
		t.Fatalf("valid batch rejected: %v", err)
	}
	return w
}

func TestSignatureSection(t *testing.T) {
	fill := func(e *env, makerID, takerID uint32) state.Fill {
		return state.Fill{Maker: e.order(1, makerID, 0, false, 1000, 1000), Taker: e.order(2, takerID, 0, true, 1010, 100),
			Price: 1000, Size: 100}
	}
	t.Run("order not in the table", func(t *testing.T) {
		// the maker's entry holds another (validly signed) order of the maker
		e := setupEnv(t)
		w := single(t, e, fill(e, 1, 5))
		other := e.order(1, 2, 0, false, 1000, 1000)
		resign(t, w, 0, other.Message(), other.Sig)
		rejects(t, w)
	})
	t.Run("bad signature in the table", func(t *testing.T) {
		e := setupEnv(t)
		w := single(t, e, fill(e, 1, 5))
		en := entry(w, 0, 1)
		en.Sig.S = new(big.Int).Add(en.Sig.S.(*big.Int), big.NewInt(1))
		rejects(t, w)
	})
	t.Run("index at another order's entry", func(t *testing.T) {
		e := setupEnv(t)
		w := single(t, e, fill(e, 1, 5))
		w.Slots[0].SigIndex[0] = w.Slots[0].SigIndex[1]
		rejects(t, w)
	})
	t.Run("disabled entry", func(t *testing.T) {
		// a disabled entry verifies the dummy: it matches no order
		e := setupEnv(t)
		w := single(t, e, fill(e, 1, 5))
		entry(w, 0, 0).Enabled = 0
		rejects(t, w)
	})
	t.Run("enabled not boolean", func(t *testing.T) {
		e := setupEnv(t)
		w := single(t, e, fill(e, 1, 5))
		entry(w, 0, 0).Enabled = 2
		rejects(t, w)
	})
	t.Run("unsigned slots ignore the index", func(t *testing.T) {
		e := setupEnv(t)
		w := single(t, e, state.MarkPrice{Market: 0, Price: 1100})
		w.Slots[0].SigIndex[0], w.Slots[0].SigIndex[1] = 1, 1
		c, _ := New(oneSlot)
		if err := test.IsSolved(c, w, ecc.BN254.ScalarField()); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("resting maker uses one entry", func(t *testing.T) {
		// one maker order filled by three taker orders: 4 signatures for 3 slots
		cfg := Config{Slots: 3, AccountDepth: oneSlot.AccountDepth, PositionDepth: oneSlot.PositionDepth, OrderDepth: oneSlot.OrderDepth,
			SigSlots: 4}
		e := setupEnv(t)
		maker := e.order(1, 1, 0, false, 1000, 1000)
		var traces []*state.Trace
		for id := uint32(5); id < 8; id++ {
			tk := e.order(2+id%2, id, 0, true, 1010, 100)
			traces = append(traces, e.apply(state.Fill{Maker: maker, Taker: tk, Price: 1000, Size: 100}))
		}
		if n := SignaturesNeeded(traces); n != 4 {
			t.Fatalf("SignaturesNeeded = %d, want 4", n)
		}
		w := assignSolves(t, cfg, traces)
		for i := range w.Slots {
			if w.Slots[i].SigIndex[0] != 0 {
				t.Fatalf("slot %d: maker entry %v, want 0", i, w.Slots[i].SigIndex[0])
			}
		}
		// the same batch does not fit 3 entries
		cfg.SigSlots = 3
		if _, err := Assign(cfg, 7, testDomain, traces); !errors.Is(err, ErrTooManySignatures) {
			t.Fatalf("Assign with 3 entries: %v, want ErrTooManySignatures", err)
		}
	})
	t.Run("more distinct orders than entries", func(t *testing.T) {
		cfg := Config{Slots: 2, AccountDepth: oneSlot.AccountDepth, PositionDepth: oneSlot.PositionDepth, OrderDepth: oneSlot.OrderDepth}
		e := setupEnv(t)
		traces := []*state.Trace{e.apply(fill(e, 1, 5)), e.apply(fill(e, 2, 6))}
		if n := SignaturesNeeded(traces); n != 4 {
			t.Fatalf("SignaturesNeeded = %d, want 4", n)
		}
		if _, err := Assign(cfg, 7, testDomain, traces); !errors.Is(err, ErrTooManySignatures) {
			t.Fatalf("Assign: %v, want ErrTooManySignatures", err)
		}
		cfg.SigSlots = 4
		assignSolves(t, cfg, traces)
	})
	t.Run("withdrawals of one account are distinct", func(t *testing.T) {
		cfg := Config{Slots: 2, AccountDepth: oneSlot.AccountDepth, PositionDepth: oneSlot.PositionDepth, OrderDepth: oneSlot.OrderDepth}
		e := setupEnv(t)
		traces := []*state.Trace{e.apply(e.withdraw(1, 10, 1)), e.apply(e.withdraw(1, 10, 2))}
		if n := SignaturesNeeded(traces); n != 2 {
			t.Fatalf("SignaturesNeeded = %d, want 2", n)
		}
		assignSolves(t, cfg, traces)
	})
}

// A batch signed for one deployment does not prove on another: the same
// witness with another domain public input fails the signature section, for
// orders, withdrawals and margin moves alike.
func TestSignaturesBoundToDomain(t *testing.T) {
	e := setupEnv(t)
	other := state.Domain{ChainID: testDomain.ChainID + 1, Rollup: testDomain.Rollup}
	for name, tx := range map[string]state.Tx{
		"withdraw": e.withdraw(1, 10, 1),
		"margin":   e.margin(2, 0, true, 10, 1),
		"fill":     state.Fill{Maker: e.order(1, 9, 0, false, 1000, 100), Taker: e.order(3, 3, 0, true, 1010, 100), Price: 1000, Size: 100},
	} {
		w := single(t, e, tx)
		w.Domain = other.Element()
		c, _ := New(oneSlot)
		if err := test.IsSolved(c, w, ecc.BN254.ScalarField()); err == nil {
			t.Errorf("%s signed for %+v proven for %+v", name, testDomain, other)
		}
	}
}

// A forced close of a flat position proves whatever the mark's age, also in a
// market that was never initialized: the queue entry is always servable.
func TestForcedCloseOfFlatPositionProves(t *testing.T) {
	e := setupEnv(t)
	e.advance(2 * state.MaxMarkAge) // every mark is stale
	single(t, e, state.Liquidate{Account: 1, Market: 0, Forced: true})
	single(t, e, state.Liquidate{Account: 1, Market: 3, Forced: true})
}

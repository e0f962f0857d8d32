package engine

import (
	"errors"
	"fmt"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/sequencer/book"
	"github.com/zkperp/zkperp/state"
)

// forcedClose logs a forced close of (a, m) at the next queue index with the queue hash L1 would compute.
func (h *harness) forcedClose(a uint32, m uint8) *Output {
	h.t.Helper()
	st := h.e.State()
	hd := st.Head()
	q := st.QueueStep(hd.DepositHash, a, uint64(m), state.QueueForcedClose, h.key(a).Public())
	return h.do(&Input{Kind: KindForcedClose, ForcedClose: &ForcedClose{Index: hd.DepositCount, Account: a, Market: m, QueueHash: &q}})
}

// A forced close from L1 is applied in queue order: out-of-order entries and a wrong queue hash are refused and
// change nothing; a stale mark refuses it (nothing cancelled) until a mark; then the account's resting orders in the
// market are cancelled, the position closes at the mark against the backstop and its equity goes to free
// collateral; the queue advances by one.
func TestForcedClose(t *testing.T) {
	h := newHarness(t)
	for a := uint32(1); a <= 2; a++ {
		h.deposit(a, 1_000_000)
		h.margin(a, 0, 50_000)
	}
	h.place(1, 0, false, 1000, 10, OrderFlags{})
	if out, _ := h.place(2, 0, true, 1000, 10, OrderFlags{}); fills(out) != 1 {
		t.Fatal("no fill")
	}
	_, resting := h.place(2, 0, true, 900, 3, OrderFlags{})
	h.margin(2, 1, 10_000)
	out, other := h.place(2, 1, true, 900, 3, OrderFlags{}) // another market: stays
	if out.Err != nil {
		t.Fatal(out.Err)
	}
	st := h.e.State()
	root := st.Root()
	hd := st.Head()
	good := st.QueueStep(hd.DepositHash, 2, 0, state.QueueForcedClose, h.key(2).Public())
	var bad fr.Element
	bad.SetUint64(7)
	for _, c := range []struct {
		fc   ForcedClose
		want error
	}{
		{ForcedClose{Index: hd.DepositCount + 1, Account: 2, Market: 0, QueueHash: &good}, ErrDepositOrder},
		{ForcedClose{Index: hd.DepositCount - 1, Account: 2, Market: 0, QueueHash: &good}, ErrDepositOrder},
		{ForcedClose{Index: hd.DepositCount, Account: 2, Market: 0, QueueHash: &bad}, ErrQueueHash},
		{ForcedClose{Index: hd.DepositCount, Account: 2, Market: 1, QueueHash: &good}, ErrQueueHash}, // the market is in the hash
	} {
		if out := h.do(&Input{Kind: KindForcedClose, ForcedClose: &c.fc}); !errors.Is(out.Err, c.want) || len(out.Txs) != 0 {
			t.Fatalf("%+v: %v (want %v), txs %d", c.fc, out.Err, c.want, len(out.Txs))
		}
	}
	if st.Root() != root {
		t.Fatal("a refused forced close changed the state")
	}
	// Stale mark: refused before anything is cancelled.
	h.do(&Input{Kind: KindSeal})
	h.now += (state.MaxMarkAge + 10) * 1000
	if out := h.forcedClose(2, 0); !errors.Is(out.Err, state.ErrStaleMark) || len(out.Events) != 0 {
		t.Fatalf("forced close at a stale mark: %v, events %d", out.Err, len(out.Events))
	}
	if _, live := h.e.SignedOrder(2, resting); !live {
		t.Fatal("a refused forced close cancelled an order")
	}
	h.do(&Input{Kind: KindMark, Mark: &Mark{Market: 0, Price: 1100}}) // the long gains 1000
	acc, _ := st.Account(2)
	p, _ := st.Position(2, 0)
	mk, _ := st.Market(0)
	eq := state.Equity(p, mk).Int64()
	hd = st.Head()
	out = h.forcedClose(2, 0)
	if out.Err != nil || len(out.Txs) != 1 || out.Txs[0].Type != state.TxLiquidate || !out.Txs[0].Tx.(state.Liquidate).Forced {
		t.Fatalf("forced close: %v %+v", out.Err, out.Txs)
	}
	if _, live := h.e.SignedOrder(2, resting); live {
		t.Fatal("resting order in the market not cancelled")
	}
	if _, live := h.e.SignedOrder(2, other); !live {
		t.Fatal("order in another market cancelled")
	}
	after, _ := st.Account(2)
	if int64(after.Free-acc.Free) != eq || eq <= 50_000 {
		t.Fatalf("free %d → %d, equity %d", acc.Free, after.Free, eq)
	}
	if p, _ := st.Position(2, 0); p.Size != 0 || p.Collateral != 0 {
		t.Fatalf("position after forced close %+v", p)
	}
	if b, _ := st.Position(state.BackstopAccount, 0); b.Size != 10 {
		t.Fatalf("backstop %+v", b)
	}
	if st.Head().DepositCount != hd.DepositCount+1 {
		t.Fatal("queue not advanced")
	}
	// A flat position, even at a stale mark, and a market never initialized: the entry is still consumed.
	h.do(&Input{Kind: KindSeal})
	h.now += (state.MaxMarkAge + 10) * 1000
	for _, m := range []uint8{0, 3} {
		if out := h.forcedClose(2, m); out.Err != nil || len(out.Txs) != 1 {
			t.Fatalf("forced close of a flat position in market %d: %v", m, out.Err)
		}
	}
	// The engine no longer tracks account 2 in market 0; the backstop it does.
	if _, ok := h.e.open[0][2]; ok {
		t.Fatal("closed account still tracked as open")
	}
	if _, ok := h.e.open[0][state.BackstopAccount]; !ok {
		t.Fatal("backstop not tracked as open")
	}
}

// The WAL with forced closes (applied and refused) replays to the same root and books, from genesis and from a
// checkpoint.
func TestForcedCloseReplay(t *testing.T) {
	h := newHarness(t)
	for a := uint32(1); a <= 2; a++ {
		h.deposit(a, 1_000_000)
		h.margin(a, 0, 50_000)
	}
	h.place(1, 0, false, 1000, 10, OrderFlags{})
	h.place(2, 0, true, 1000, 10, OrderFlags{})
	h.place(1, 0, false, 1200, 2, OrderFlags{})
	h.do(&Input{Kind: KindSeal})
	h.now += (state.MaxMarkAge + 10) * 1000
	if out := h.forcedClose(1, 0); !errors.Is(out.Err, state.ErrStaleMark) {
		t.Fatalf("stale: %v", out.Err)
	}
	h.do(&Input{Kind: KindMark, Mark: &Mark{Market: 0, Price: 950}})
	if out := h.forcedClose(1, 0); out.Err != nil {
		t.Fatal(out.Err)
	}
	h.deposit(1, 5)
	want := h.e.State().Root()
	b0, _ := h.e.Book(0)
	wantBook := bookSnap(b0)

	for _, seal := range []bool{false, true} {
		if seal {
			h.do(&Input{Kind: KindSeal})
			want = h.e.State().Root()
		}
		h.restart()
		if got := h.e.State().Root(); got != want {
			t.Fatalf("seal %v: root after replay differs", seal)
		}
		b, _ := h.e.Book(0)
		if bookSnap(b) != wantBook {
			t.Fatalf("seal %v: book after replay differs", seal)
		}
	}
	// Replaying from genesis (a fresh store) gives the same root too.
	h2 := newHarness(t)
	for seq, in := range h.log {
		if _, err := h2.e.Apply(uint64(seq), in); err != nil {
			t.Fatal(err)
		}
	}
	if h2.e.State().Root() != h.e.State().Root() {
		t.Fatal("root from a full replay differs")
	}
}

func bookSnap(b *book.Book) string { return fmt.Sprint(b.Snapshot()) }

// WAL records from before forced closes and queue hashes still decode.
func TestOldWALRecordsDecode(t *testing.T) {
	in, err := DecodeInput([]byte(`{"k":"deposit","t":5,"deposit":{"index":3,"deposit":{"Account":1,"Amount":7}}}`))
	if err != nil || in.Deposit == nil || in.Deposit.QueueHash != nil || in.Deposit.Index != 3 || in.ForcedClose != nil {
		t.Fatalf("old deposit record: %+v %v", in, err)
	}
	var q fr.Element
	q.SetUint64(42)
	raw, _ := (&Input{Kind: KindForcedClose, Time: 9, ForcedClose: &ForcedClose{Index: 4, Account: 2, Market: 1, QueueHash: &q}}).Encode()
	in, err = DecodeInput(raw)
	if err != nil || in.ForcedClose == nil || *in.ForcedClose.QueueHash != q || in.ForcedClose.Market != 1 {
		t.Fatalf("forced close record %s: %+v %v", raw, in, err)
	}
	if _, err := DecodeInput([]byte(`{"k":"forcedClose","t":1}`)); !errors.Is(err, ErrBadInput) {
		t.Fatalf("forced close without payload: %v", err)
	}
}

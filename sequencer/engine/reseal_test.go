package engine

import (
	"errors"
	"testing"

	"github.com/zkperp/zkperp/state"
)

// reseal re-seals from batch from with the floor and replays the log, as the node does (or, crash set, reopens the
// engine from the store right after the rollback and replays there, as a node restarted mid-re-seal does).
func (h *harness) reseal(from uint64, floor uint32, crash bool) {
	h.t.Helper()
	if err := h.e.Reseal(from, floor, nil); err != nil {
		h.t.Fatal(err)
	}
	if crash {
		h.restart()
		return
	}
	for seq := h.e.NextSeq(); seq < uint64(len(h.log)); seq++ {
		if _, err := h.e.Apply(seq, h.log[seq]); err != nil {
			h.t.Fatal(err)
		}
	}
}

func (h *harness) heads() []state.Head {
	h.t.Helper()
	st := h.e.State()
	var out []state.Head
	for b := uint64(1); b <= st.CommittedHead().Batch; b++ {
		hd, err := st.BatchHead(b)
		if err != nil {
			h.t.Fatal(err)
		}
		out = append(out, hd)
	}
	return out
}

func sameRoots(a, b state.Head) bool {
	return a.AccountsRoot == b.AccountsRoot && a.MarketsRoot == b.MarketsRoot && a.DepositHash == b.DepositHash &&
		a.DepositCount == b.DepositCount
}

// A re-seal rebuilds the batches after the verified one from the WAL: the verified batches come out exactly as they
// were (roots and times), every later one is dated at or after the floor, and the txs (none refused here) give the
// same roots. Two cases: the last seal below the floor ends at the verified batch (replay from its checkpoint), and a
// seal that holds both the verified batch and the first refused one (split). A restart right after the rollback
// replays to the same result, floors included.
func TestResealKeepsVerifiedBatches(t *testing.T) {
	for _, crash := range []bool{false, true} {
		h := newHarness(t)
		for a := uint32(1); a <= 3; a++ { // 6 txs: one seal, batches 1 and 2
			h.deposit(a, 1_000_000)
			h.margin(a, 0, 50_000)
		}
		h.place(1, 0, false, 1000, 10, OrderFlags{})
		h.do(&Input{Kind: KindSeal})
		if out, _ := h.place(2, 0, true, 1000, 3, OrderFlags{}); fills(out) != 1 {
			t.Fatal("no fill")
		}
		h.do(&Input{Kind: KindSeal}) // batch 3
		h.place(3, 0, true, 1000, 2, OrderFlags{})
		// A mark read at L1 time 2 s: fine live, refused once batch 4 is dated at the floor.
		if out := h.do(&Input{Kind: KindMark, Mark: &Mark{Market: 0, Price: 1001, Round: 1, UpdatedAt: 1, ReadAt: 2}}); out.Err != nil {
			t.Fatal(out.Err)
		}
		h.do(&Input{Kind: KindSeal}) // batch 4
		orig := h.heads()
		if len(orig) != 4 {
			t.Fatalf("%d batches", len(orig))
		}
		mk, _ := h.e.State().Market(0)
		if mk.Mark != 1001 {
			t.Fatalf("mark %d", mk.Mark)
		}

		// Batch 3 verified, 4 refused: replay from the checkpoint of the seal that ended at 3.
		h.reseal(4, 5000, crash)
		got := h.heads()
		if len(got) != 4 {
			t.Fatalf("crash %v: %d batches after the re-seal", crash, len(got))
		}
		for i := 0; i < 3; i++ {
			if got[i] != orig[i] {
				t.Fatalf("crash %v: verified batch %d changed", crash, i+1)
			}
		}
		if got[3].Time != 5000 {
			t.Fatalf("crash %v: re-sealed batch 4 dated %d", crash, got[3].Time)
		}
		if mk, _ := h.e.State().Market(0); mk.Mark != 1000 {
			t.Fatalf("crash %v: the mark read before the new batch time was applied (%d)", crash, mk.Mark)
		}

		// Batch 1 verified, 2 refused: batches 1 and 2 were one seal, replayed from genesis and split.
		h.reseal(2, 6000, crash)
		got = h.heads()
		if len(got) != 4 || got[0] != orig[0] {
			t.Fatalf("crash %v: batch 1 changed or %d batches", crash, len(got))
		}
		for i := 1; i < 4; i++ {
			if got[i].Time != 6000 {
				t.Fatalf("crash %v: batch %d dated %d", crash, i+1, got[i].Time)
			}
		}
		for i := 1; i < 3; i++ {
			if !sameRoots(got[i], orig[i]) {
				t.Fatalf("crash %v: batch %d root changed", crash, i+1)
			}
		}
		if fl := h.e.Floors(); len(fl) != 2 {
			t.Fatalf("crash %v: floors %+v", crash, fl)
		}
		// A later restart (the floors are in the checkpoint) replays nothing new and keeps everything.
		h.restart()
		if again := h.heads(); len(again) != 4 || again[3] != got[3] {
			t.Fatalf("crash %v: after restart %+v", crash, again)
		}
	}
}

// A fill of an order whose signed expiry is before the floor is refused when its batch is rebuilt (split case): both
// orders are cancelled in the book and the state holds no trade.
func TestResealRefusesExpiredFill(t *testing.T) {
	h := newHarness(t)
	h.deposit(1, 1_000_000)
	h.deposit(2, 1_000_000)
	h.margin(1, 0, 50_000)
	h.margin(2, 0, 50_000) // batch 1: 4 txs
	h.ids[1]++
	o := state.Order{Account: 1, ID: h.ids[1], Market: 0, Price: 1000, Size: 10, MaxMakerFee: 1000, MaxTakerFee: 1000, Expiry: 3000}
	_ = h.key(1).SignOrder(&o)
	if out := h.do(&Input{Kind: KindPlace, Place: &Place{Order: o}}); out.Err != nil {
		t.Fatal(out.Err)
	}
	out, taker := h.place(2, 0, true, 1000, 4, OrderFlags{})
	if fills(out) != 1 {
		t.Fatal("no fill")
	}
	h.do(&Input{Kind: KindSeal}) // batches 1 and 2
	if len(h.heads()) != 2 {
		t.Fatalf("%d batches", len(h.heads()))
	}
	orig := h.heads()
	h.reseal(2, 5000, false)
	got := h.heads()
	if len(got) != 1 || got[0] != orig[0] {
		t.Fatalf("after re-seal: %d batches", len(got))
	}
	if p, _ := h.e.State().Position(2, 0); p.Size != 0 {
		t.Fatalf("expired fill settled: position %d", p.Size)
	}
	if _, live := h.e.SignedOrder(1, o.ID); live {
		t.Fatal("the expired maker order still rests")
	}
	if _, live := h.e.SignedOrder(2, taker); live {
		t.Fatal("the taker order of the refused fill still rests")
	}
	// New inputs go on at the floor's time at least.
	h.deposit(3, 1_000)
	h.do(&Input{Kind: KindSeal})
	if got := h.heads(); len(got) != 2 || got[1].Time < 5000 {
		t.Fatalf("next batch %+v", got)
	}
}

// A mark read (Mark.ReadAt) before the pending batch's time is refused live, not only at a re-seal.
func TestMarkReadBeforeBatchTimeRefused(t *testing.T) {
	h := newHarness(t)
	h.now = 10_000_000 // batch time 10,000 s
	h.deposit(1, 1_000)
	out := h.do(&Input{Kind: KindMark, Mark: &Mark{Market: 0, Price: 1001, Round: 1, UpdatedAt: 5, ReadAt: 9_999}})
	if !errors.Is(out.Err, ErrMarkReadEarly) {
		t.Fatalf("mark read before the batch time: %v", out.Err)
	}
	out = h.do(&Input{Kind: KindMark, Mark: &Mark{Market: 0, Price: 1001, Round: 1, UpdatedAt: 5, ReadAt: 10_000}})
	if out.Err != nil {
		t.Fatalf("mark read at the batch time: %v", out.Err)
	}
}

// The batch time is capped by the L1 time the node had seen (Input.L1Time), never below the previous batch's.
func TestBatchTimeCappedByL1Time(t *testing.T) {
	h := newHarness(t)
	h.now = 10_000_000
	in := &Input{Kind: KindDeposit, L1Time: 9_000, Deposit: &Deposit{Index: 0, Deposit: state.Deposit{Account: 1, PubKey: h.key(1).Public(), Amount: 5}}}
	if out := h.do(in); out.Err != nil {
		t.Fatal(out.Err)
	}
	if bt := h.e.State().Time(); bt != 9_000 {
		t.Fatalf("batch time %d, want the L1 time 9000", bt)
	}
	h.do(&Input{Kind: KindSeal})
	in = &Input{Kind: KindDeposit, L1Time: 8_000, Deposit: &Deposit{Index: 1, Deposit: state.Deposit{Account: 2, PubKey: h.key(2).Public(), Amount: 5}}}
	if out := h.do(in); out.Err != nil {
		t.Fatal(out.Err)
	}
	if bt := h.e.State().Time(); bt != 9_000 {
		t.Fatalf("batch time went back to %d", bt)
	}
}

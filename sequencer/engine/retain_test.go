package engine

import (
	"context"
	"errors"
	"testing"

	"github.com/zkperp/zkperp/state"
)

// ResealBase is the batch a re-seal rolls back to: the end of the last seal at or below the verified batch (0 when
// the first seal spans it). A state pruned from there still re-seals, and a floor above it would refuse the
// rollback.
func TestResealBaseAfterPrune(t *testing.T) {
	h := newHarness(t)
	for a := uint32(1); a <= 3; a++ { // 6 txs: one seal, batches 1 and 2
		h.deposit(a, 1_000_000)
		h.margin(a, 0, 50_000)
	}
	h.do(&Input{Kind: KindSeal})
	h.deposit(1, 5)
	h.do(&Input{Kind: KindSeal}) // batch 3
	h.deposit(2, 5)
	h.do(&Input{Kind: KindSeal}) // batch 4
	st := h.e.State()
	for n, want := range map[uint64]uint64{0: 0, 1: 0, 2: 2, 3: 3, 4: 4} {
		if got, err := ResealBase(st, n); err != nil || got != want {
			t.Fatalf("ResealBase(%d) = %d, %v; want %d", n, got, err, want)
		}
	}
	orig := h.heads()
	// Batch 3 verified with nothing kept below it: the floor is the re-seal base, 3.
	base, _ := ResealBase(st, 3)
	if _, err := st.Prune(context.Background(), base); err != nil {
		t.Fatal(err)
	}
	if _, err := st.BatchHead(2); !errors.Is(err, state.ErrPruned) {
		t.Fatalf("batch 2 after the prune: %v", err)
	}
	h.reseal(4, orig[3].Time, false)
	if got, err := st.BatchHead(4); err != nil || !sameRoots(got, orig[3]) {
		t.Fatalf("re-sealed batch 4: %+v %v", got, err)
	}
	// A floor past the base would have cut the re-seal's rollback target.
	if _, err := st.Prune(context.Background(), 4); err != nil {
		t.Fatal(err)
	}
	if err := h.e.Reseal(4, orig[3].Time, nil); !errors.Is(err, state.ErrPruned) {
		t.Fatalf("re-seal below the floor: %v", err)
	}
}

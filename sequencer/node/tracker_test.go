package node

import "testing"

// The batch feed (perp_subscribe "batchFeed") sends the tracker's batches in batch order, whatever the map's.
func TestTrackerBatchesInOrder(t *testing.T) {
	tr := newTracker()
	for _, n := range []uint64{8, 11, 12, 1, 2, 5, 3} {
		tr.advance(n, StageSealed, nil)
	}
	for i := 0; i < 20; i++ { // map iteration order varies between calls
		all := tr.all()
		for j := 1; j < len(all); j++ {
			if all[j-1].Number >= all[j].Number {
				t.Fatalf("batches out of order: %d before %d", all[j-1].Number, all[j].Number)
			}
		}
	}
	tr.dropFrom(5)
	if all := tr.all(); len(all) != 3 || all[2].Number != 3 {
		t.Fatalf("after dropFrom(5): %+v", all)
	}
}

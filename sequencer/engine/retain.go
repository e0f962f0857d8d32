package engine

import "github.com/zkperp/zkperp/state"

// ResealBase returns the batch a re-seal after batch n rolls the state back to: the last seal that ended at or
// below n (0 when none did). While n is the last batch verified on L1, the state must keep that batch's head
// readable (a prune's floor must not pass it). Safe to call off the engine's goroutine (it reads the store only).
func ResealBase(st *state.State, n uint64) (uint64, error) {
	cp, err := checkpointFor(st, n)
	if err != nil {
		return 0, err
	}
	return cp.Batch, nil
}

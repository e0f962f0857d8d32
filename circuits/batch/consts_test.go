package batch

import (
	"testing"

	"github.com/zkperp/zkperp/circuits/gadget"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/hash"
)

// TestConstantsMatchState keeps the circuit's widths and tags equal to the native ones.
func TestConstantsMatchState(t *testing.T) {
	for _, c := range []struct {
		name        string
		circ, state int
	}{
		{"size", gadget.BitsSize, state.BitsSize},
		{"amount", gadget.BitsAmount, state.BitsAmount},
		{"nonce", gadget.BitsNonce, state.BitsNonce},
		{"order id", gadget.BitsOrderID, state.BitsOrderID},
		{"funding", gadget.BitsFunding, state.BitsFunding},
		{"insurance", gadget.BitsIns, state.BitsFunding},
		{"rate ppm", gadget.BitsRatePpm, state.BitsRatePpm},
		{"fee ppm", gadget.BitsFeePpm, state.BitsFeePpm},
		{"funding rate", gadget.BitsFundRate, state.BitsFundRate},
		{"ppm", gadget.PPM, state.Ppm},
		{"tag account", gadget.TagAccount, hash.TagAccount},
		{"tag position", gadget.TagPosition, hash.TagPosition},
		{"tag order", gadget.TagOrder, hash.TagOrder},
		{"tag market", gadget.TagMarket, hash.TagMarket},
		{"tag deposit", gadget.TagDeposit, hash.TagDeposit},
		{"type fill", tFill, int(state.TxFill)},
		{"type mark", tMark, int(state.TxMarkPrice)},
	} {
		if c.circ != c.state {
			t.Errorf("%s: circuit %d, state %d", c.name, c.circ, c.state)
		}
	}
}
